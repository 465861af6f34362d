// The chain side of the dApp: a Keplr-signed session whose every contract call goes through the clients generated from
// schema/ (clients/contracts/src), and the cw20 Send hooks typed by their generated hook types.
import { CosmWasmClient, SigningCosmWasmClient, type ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import { Uint53 } from "@cosmjs/math";
import { GasPrice } from "@cosmjs/stargate";
import type { ICosmWasmClient, ISigningCosmWasmClient } from "../../contracts/src/baseClient";
import {
  BillEscrow,
  Bridge,
  Dao,
  Distributor,
  PaymentChannels,
  Reputation,
  Staking,
  Token,
  Vesting,
  type BillEscrowHook,
  type BridgeHook,
  type DaoHook,
  type PaymentChannelsHook,
  type StakingHook,
} from "../../contracts/src/index";
import { InsufficientBalance } from "./errors";
import { tokens } from "./format";
import type { Config, Keplr, KeplrKey } from "./types";

export type SignMode = "direct" | "amino";
export type Progress = (stage: string) => void;

/** What a page shows of a committed transaction. */
export interface TxOutcome {
  hash: string;
  height: number;
  gasUsed: bigint;
  gasWanted: bigint;
  events: ExecuteResult["events"];
  signMode: SignMode;
}

/** The first value of `key` in a `wasm` event (e.g. `bill_id`, `channel_id`, `proposal_id`). */
export function wasmAttribute(outcome: TxOutcome, key: string): string | undefined {
  for (const e of outcome.events) {
    if (e.type !== "wasm") continue;
    const a = e.attributes.find((x) => x.key === key);
    if (a) return a.value;
  }
  return undefined;
}

/** The base64 `msg` of a cw20 Send: the receiving contract's hook as JSON. */
export const encodeHook = <H>(hook: H): string => toBase64(toUtf8(JSON.stringify(hook)));

/** Read-only clients of every deployed contract (no wallet needed). */
export class Queries {
  readonly token: Token.TokenQueryClient;
  readonly vesting?: Vesting.VestingQueryClient;
  readonly staking?: Staking.StakingQueryClient;
  readonly reputation?: Reputation.ReputationQueryClient;
  readonly escrow?: BillEscrow.BillEscrowQueryClient;
  readonly channels?: PaymentChannels.PaymentChannelsQueryClient;
  readonly distributor?: Distributor.DistributorQueryClient;
  readonly dao?: Dao.DaoQueryClient;
  readonly bridge?: Bridge.BridgeQueryClient;

  constructor(
    readonly cosmwasm: CosmWasmClient,
    readonly config: Config,
  ) {
    const q: ICosmWasmClient = cosmwasm;
    const c = config.contracts;
    this.token = new Token.TokenQueryClient(q, c.token);
    if (c.vesting) this.vesting = new Vesting.VestingQueryClient(q, c.vesting);
    if (c.staking) this.staking = new Staking.StakingQueryClient(q, c.staking);
    if (c.reputation) this.reputation = new Reputation.ReputationQueryClient(q, c.reputation);
    if (c.bill_escrow) this.escrow = new BillEscrow.BillEscrowQueryClient(q, c.bill_escrow);
    if (c.payment_channels) this.channels = new PaymentChannels.PaymentChannelsQueryClient(q, c.payment_channels);
    if (c.distributor) this.distributor = new Distributor.DistributorQueryClient(q, c.distributor);
    if (c.dao) this.dao = new Dao.DaoQueryClient(q, c.dao);
    if (c.bridge) this.bridge = new Bridge.BridgeQueryClient(q, c.bridge);
  }

  static async connect(config: Config): Promise<Queries> {
    return new Queries(await CosmWasmClient.connect(config.rpc), config);
  }
}

/**
 * The generated clients' signing interface over CosmJS: simulates each message for its gas (times the configured
 * adjustment), pays the configured gas price (none on the localnet: a fee without coins), signs through the wallet's
 * signer (direct or Amino JSON, as Keplr's getOfflineSignerAuto chose) and waits for the block.
 */
class KeplrSigning implements ISigningCosmWasmClient {
  progress: Progress = () => {};
  last?: TxOutcome;

  constructor(
    readonly client: SigningCosmWasmClient,
    readonly config: Config,
    readonly signMode: SignMode,
  ) {}

  queryContractSmart(address: string, query: unknown) {
    return this.client.queryContractSmart(address, query as Record<string, unknown>);
  }

  execute: ISigningCosmWasmClient["execute"] = async (sender, contract, msg, fee, memo, funds) => {
    let stdFee;
    if (fee && typeof fee === "object") {
      stdFee = fee;
    } else {
      this.progress("Estimating gas…");
      const message = {
        typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
        value: { sender, contract, msg: toUtf8(JSON.stringify(msg)), funds: funds ?? [] },
      };
      const simulated = await this.client.simulate(sender, [message], memo);
      const gas = Math.ceil(simulated * this.config.gasAdjustment) + 10_000;
      const price = GasPrice.fromString(this.config.gasPrice);
      const amount = price.amount.multiply(new Uint53(gas)).ceil().toString();
      stdFee = { amount: amount === "0" ? [] : [{ denom: price.denom, amount }], gas: String(gas) };
    }
    this.progress(
      this.signMode === "amino"
        ? "Waiting for your signature in Keplr (Amino JSON), then for the block…"
        : "Waiting for your signature in Keplr, then for the block…",
    );
    const result = await this.client.execute(sender, contract, msg as Record<string, unknown>, stdFee, memo, funds);
    this.last = {
      hash: result.transactionHash,
      height: result.height,
      gasUsed: result.gasUsed,
      gasWanted: result.gasWanted,
      events: result.events,
      signMode: this.signMode,
    };
    return result;
  };
}

/** A connected wallet: its address, its key, and a signing client of each contract. */
export class Session {
  readonly token: Token.TokenClient;
  readonly vesting?: Vesting.VestingClient;
  readonly staking?: Staking.StakingClient;
  readonly reputation?: Reputation.ReputationClient;
  readonly escrow?: BillEscrow.BillEscrowClient;
  readonly channels?: PaymentChannels.PaymentChannelsClient;
  readonly distributor?: Distributor.DistributorClient;
  readonly dao?: Dao.DaoClient;
  readonly bridge?: Bridge.BridgeClient;

  private constructor(
    readonly config: Config,
    readonly keplr: Keplr,
    readonly key: KeplrKey,
    readonly address: string,
    private readonly signing: KeplrSigning,
  ) {
    const c = config.contracts;
    const s: ISigningCosmWasmClient = signing;
    this.token = new Token.TokenClient(s, address, c.token);
    if (c.vesting) this.vesting = new Vesting.VestingClient(s, address, c.vesting);
    if (c.staking) this.staking = new Staking.StakingClient(s, address, c.staking);
    if (c.reputation) this.reputation = new Reputation.ReputationClient(s, address, c.reputation);
    if (c.bill_escrow) this.escrow = new BillEscrow.BillEscrowClient(s, address, c.bill_escrow);
    if (c.payment_channels) this.channels = new PaymentChannels.PaymentChannelsClient(s, address, c.payment_channels);
    if (c.distributor) this.distributor = new Distributor.DistributorClient(s, address, c.distributor);
    if (c.dao) this.dao = new Dao.DaoClient(s, address, c.dao);
    if (c.bridge) this.bridge = new Bridge.BridgeClient(s, address, c.bridge);
  }

  get signMode(): SignMode {
    return this.signing.signMode;
  }

  get cosmwasm(): SigningCosmWasmClient {
    return this.signing.client;
  }

  /**
   * Keplr's connection dance: suggest the chain (Keplr adds it, MESH as a cw20 currency), enable it (the person
   * approves), then the signer Keplr picks for the key: direct (protobuf) signing, or Amino JSON only for a Ledger.
   */
  static async connect(config: Config, keplr: Keplr): Promise<Session> {
    await keplr.experimentalSuggestChain(config.chainInfo);
    await keplr.enable(config.chainId);
    const signer = await keplr.getOfflineSignerAuto(config.chainId);
    const key = await keplr.getKey(config.chainId);
    const [account] = await signer.getAccounts();
    if (!account) throw new Error("Keplr returned no account for this chain");
    const signMode: SignMode = "signDirect" in signer ? "direct" : "amino";
    const client = await SigningCosmWasmClient.connectWithSigner(config.rpc, signer, {
      broadcastPollIntervalMs: 250,
      broadcastTimeoutMs: 30_000,
    });
    // Before anything is signed: a node of another chain would reject every tx late and confusingly, and a token whose
    // decimals differ from the config would make every amount typed wrong by powers of ten.
    const nodeChainId = await client.getChainId();
    if (nodeChainId !== config.chainId) {
      throw new Error(`the node at ${config.rpc} runs chain ${nodeChainId}, not ${config.chainId} as this page was built for`);
    }
    const { decimals } = await client.queryContractSmart(config.contracts.token, { token_info: {} });
    if (decimals !== config.token.decimals) {
      throw new Error(
        `the token ${config.contracts.token} has ${decimals} decimals, this page was built for ${config.token.decimals}: amounts would be wrong`,
      );
    }
    return new Session(config, keplr, key, account.address, new KeplrSigning(client, config, signMode));
  }

  /**
   * Runs `call` (one generated client's execute) and returns what the page shows of its transaction; `progress`
   * hears each stage while it is pending.
   */
  async tx(progress: Progress, call: () => Promise<unknown>): Promise<TxOutcome> {
    this.signing.progress = progress;
    this.signing.last = undefined;
    try {
      await call();
    } finally {
      this.signing.progress = () => {};
    }
    if (!this.signing.last) throw new Error("the transaction returned no result");
    return this.signing.last;
  }

  /** cw20 Send of `amount` base units to `contract` with its hook; a balance too small is said plainly. */
  async send(progress: Progress, contract: string, amount: string, msg: string): Promise<TxOutcome> {
    try {
      return await this.tx(progress, () => this.token.send({ contract, amount, msg }));
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      if (/Cannot Sub with|Overflow/i.test(text)) {
        // Only a balance below the amount is a shortfall; an overflow in the receiving contract is its own error.
        const { balance } = await this.token.balance({ address: this.address });
        if (BigInt(balance) < BigInt(amount)) {
          const d = this.config.token.decimals;
          throw new InsufficientBalance(tokens(balance, d), tokens(amount, d), this.config.token.symbol);
        }
      }
      throw e;
    }
  }

  sendToStaking(progress: Progress, amount: string, hook: StakingHook) {
    return this.send(progress, this.need(this.config.contracts.staking, "staking"), amount, encodeHook(hook));
  }

  sendToEscrow(progress: Progress, amount: string, hook: BillEscrowHook) {
    return this.send(progress, this.need(this.config.contracts.bill_escrow, "bill escrow"), amount, encodeHook(hook));
  }

  sendToChannels(progress: Progress, amount: string, hook: PaymentChannelsHook) {
    const channels = this.need(this.config.contracts.payment_channels, "payment channels");
    return this.send(progress, channels, amount, encodeHook(hook));
  }

  sendToDao(progress: Progress, amount: string, hook: DaoHook) {
    return this.send(progress, this.need(this.config.contracts.dao, "DAO"), amount, encodeHook(hook));
  }

  sendToBridge(progress: Progress, amount: string, hook: BridgeHook) {
    return this.send(progress, this.need(this.config.contracts.bridge, "bridge"), amount, encodeHook(hook));
  }

  private need(address: string | undefined, what: string): string {
    if (!address) throw new Error(`this deployment has no ${what} contract`);
    return address;
  }
}
