// Keplr's chain info for an InferMesh chain (the localnet by default): what a dApp passes to
// `window.keplr.experimentalSuggestChain` before `enable`, with the MESH token registered as a
// cw20 currency so the wallet shows its balance.

export interface ChainEndpoints {
  chainId: string;
  chainName?: string;
  rpc: string;
  rest: string;
  /** The chain's staking and fee denom (the localnet's `ustake`). */
  denom?: string;
  /** The suite's token, once deployed. */
  token?: { address: string; symbol: string; decimals: number };
}

export const BECH32_PREFIX = "wasm";
/** Cosmos' coin type: the same mnemonic gives the same address in wasmd's keyring, CosmJS and Keplr. */
export const COIN_TYPE = 118;

export function keplrChainInfo(chain: ChainEndpoints) {
  const denom = chain.denom ?? "ustake";
  const stake = {
    coinDenom: denom.replace(/^u/, "").toUpperCase(),
    coinMinimalDenom: denom,
    coinDecimals: 6,
  };
  const p = BECH32_PREFIX;
  const currencies: object[] = [stake];
  if (chain.token) {
    currencies.push({
      type: "cw20",
      contractAddress: chain.token.address,
      coinDenom: chain.token.symbol,
      coinMinimalDenom: `cw20:${chain.token.address}:${chain.token.symbol}`,
      coinDecimals: chain.token.decimals,
    });
  }
  return {
    chainId: chain.chainId,
    chainName: chain.chainName ?? `InferMesh ${chain.chainId}`,
    rpc: chain.rpc,
    rest: chain.rest,
    bip44: { coinType: COIN_TYPE },
    bech32Config: {
      bech32PrefixAccAddr: p,
      bech32PrefixAccPub: `${p}pub`,
      bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`,
      bech32PrefixConsAddr: `${p}valcons`,
      bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies,
    // The localnet takes zero fees (localnet.sh); a public chain sets its own prices here.
    feeCurrencies: [{ ...stake, gasPriceStep: { low: 0, average: 0, high: 0 } }],
    stakeCurrency: stake,
    features: ["cosmwasm"],
  };
}
