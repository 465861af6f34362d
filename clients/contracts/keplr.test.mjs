// Keplr chain info: what the dApp suggests to Keplr passes Keplr's own validator, and the
// validator refuses the mistakes that would make Keplr reject or mis-show the chain.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import test from "node:test";
import { validateBasicChainInfoType } from "@keplr-wallet/chain-validator";

const require = createRequire(import.meta.url);
const { keplrChainInfo } = require("./dist/lib/keplr.js");
// A real bech32 contract address (the localnet's token of a fresh deployment).
const token = "wasm1r2knujqxuamwm6szf6xyhcsjgsk49mhcj940zhsacw5jnlyqqyeq498v8v";
const localnet = {
  chainId: "infermesh-1",
  rpc: "http://127.0.0.1:26657",
  rest: "http://127.0.0.1:1317",
  token: { address: token, symbol: "MESH", decimals: 6 },
};

test("the localnet's chain info passes Keplr's validator, MESH as a cw20 currency", async () => {
  const info = keplrChainInfo(localnet);
  const valid = await validateBasicChainInfoType(info);
  assert.equal(valid.chainId, "infermesh-1");
  assert.equal(valid.bech32Config.bech32PrefixAccAddr, "wasm");
  assert.equal(valid.bip44.coinType, 118);
  const mesh = valid.currencies.find((c) => c.type === "cw20");
  assert.equal(mesh.contractAddress, token);
  assert.equal(mesh.coinMinimalDenom, `cw20:${token}:MESH`);
  assert.deepEqual(valid.feeCurrencies[0].gasPriceStep, { low: 0, average: 0, high: 0 });
  assert.ok(valid.features.includes("cosmwasm"));
});

test("the validator refuses a chain info Keplr could not use", async () => {
  const bad = [
    { ...keplrChainInfo(localnet), rpc: "not a url" },
    { ...keplrChainInfo(localnet), bip44: {} },
    { ...keplrChainInfo(localnet), currencies: [{ type: "cw20", coinDenom: "MESH", coinMinimalDenom: "cw20:x:MESH", coinDecimals: 6 }] },
    { ...keplrChainInfo(localnet), stakeCurrency: { coinDenom: "STAKE", coinMinimalDenom: "ustake", coinDecimals: 19 } },
  ];
  for (const info of bad) {
    await assert.rejects(validateBasicChainInfoType(info), undefined, JSON.stringify(info).slice(0, 80));
  }
});

// CosmJS 0.39 passes `Infinity` as bech32's length limit; @scure/base ≥ 2.3 refuses it ("limit: expected safe
// integer"), so every address decode failed. package.json pins @scure/base 2.2.0 by npm overrides until CosmJS
// changes; this fails if the pin goes.
test("CosmJS decodes a bech32 address (the @scure/base pin holds)", () => {
  const { fromBech32 } = require("@cosmjs/encoding");
  assert.equal(fromBech32(token).prefix, "wasm");
  assert.equal(fromBech32(token).data.length, 32);
});
