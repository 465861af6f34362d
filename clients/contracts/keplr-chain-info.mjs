// Prints Keplr's chain info for a deployment and checks it with @keplr-wallet/chain-validator.
// usage: node keplr-chain-info.mjs <deployments/CHAIN.json> <rpc url> <rest url> [--online]
//   --online also checks that the RPC and REST endpoints answer for that chain id.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  checkRestConnectivity,
  checkRPCConnectivity,
  validateBasicChainInfoType,
} from "@keplr-wallet/chain-validator";

const require = createRequire(import.meta.url);
const { keplrChainInfo } = require("./dist/lib/keplr.js");
const [file, rpc, rest] = process.argv.slice(2);
if (!file || !rpc || !rest) {
  console.error("usage: node keplr-chain-info.mjs <deployments/CHAIN.json> <rpc url> <rest url> [--online]");
  process.exit(2);
}
const deployment = JSON.parse(readFileSync(file, "utf8"));
const chainId = deployment.chain_id ?? file.replace(/^.*\//, "").replace(/\.json$/, "");
const token = deployment.contracts?.token;
const info = keplrChainInfo({
  chainId,
  rpc,
  rest,
  token: token ? { address: token, symbol: "MESH", decimals: 6 } : undefined,
});
await validateBasicChainInfoType(info);
if (process.argv.includes("--online")) {
  await checkRPCConnectivity(chainId, rpc);
  await checkRestConnectivity(chainId, rest);
}
console.log(JSON.stringify(info, null, 2));
