// The dApp's configuration (config.json beside index.html, written by write-config.mjs from a deployment) and the
// subset of Keplr's provider API (window.keplr) the dApp uses.
import type { AminoSignResponse, OfflineAminoSigner, StdSignDoc, StdSignature } from "@cosmjs/amino";
import type { DirectSignResponse, OfflineDirectSigner, OfflineSigner } from "@cosmjs/proto-signing";
import type { keplrChainInfo } from "../../contracts/lib/keplr";

export type ChainInfo = ReturnType<typeof keplrChainInfo>;

/** The suite's contract addresses, as deploy.sh records them in deployments/<chain-id>.json. */
export interface Contracts {
  token: string;
  vesting?: string;
  staking?: string;
  reputation?: string;
  bill_escrow?: string;
  payment_channels?: string;
  distributor?: string;
  dao?: string;
  bridge?: string;
  council?: string;
}

export interface Config {
  chainId: string;
  rpc: string;
  rest: string;
  /** What Keplr's experimentalSuggestChain takes (clients/contracts/lib/keplr.ts). */
  chainInfo: ChainInfo;
  contracts: Contracts;
  /** Gas price, e.g. "0ustake" on the localnet (a fee with no coins then). */
  gasPrice: string;
  /** Simulated gas is multiplied by this (first storage writes are underestimated). */
  gasAdjustment: number;
  /** The token's symbol and decimals. */
  token: { symbol: string; decimals: number };
  /**
   * A gateway's consent service (GET: its address; POST route terms: its signed consent), or null: the person then
   * pastes the gateway's address and its signed consent.
   */
  gatewayService: string | null;
}

/** A key as Keplr's getKey returns it. */
export interface KeplrKey {
  name: string;
  algo: string;
  pubKey: Uint8Array;
  address: Uint8Array;
  bech32Address: string;
  isNanoLedger: boolean;
  isKeystone?: boolean;
}

/** Keplr's provider API (@keplr-wallet/types `Keplr`), the part this dApp calls. */
export interface Keplr {
  version?: string;
  experimentalSuggestChain(chainInfo: ChainInfo): Promise<void>;
  enable(chainIds: string | string[]): Promise<void>;
  getKey(chainId: string): Promise<KeplrKey>;
  getOfflineSigner(chainId: string): OfflineSigner & OfflineDirectSigner;
  getOfflineSignerOnlyAmino(chainId: string): OfflineAminoSigner;
  getOfflineSignerAuto(chainId: string): Promise<OfflineSigner | OfflineDirectSigner>;
  signAmino(chainId: string, signer: string, signDoc: StdSignDoc): Promise<AminoSignResponse>;
  signDirect(chainId: string, signer: string, signDoc: unknown): Promise<DirectSignResponse>;
  signArbitrary(chainId: string, signer: string, data: string | Uint8Array): Promise<StdSignature>;
  verifyArbitrary(chainId: string, signer: string, data: string | Uint8Array, signature: StdSignature): Promise<boolean>;
}

declare global {
  interface Window {
    keplr?: Keplr;
  }
}
