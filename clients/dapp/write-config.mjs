#!/usr/bin/env node
// Writes the dApp's config.json from a deployment: the chain's endpoints, Keplr's chain info (keplrChainInfo of
// clients/contracts/lib/keplr.ts, the same as keplr-chain-info.mjs prints: MESH registered as a cw20 currency) and
// the suite's contract addresses.
// usage: node write-config.mjs <deployments/CHAIN.json> <rpc url> <rest url> [--out dist/config.json]
//          [--gateway-service /api/gateway-consent] [--gas-price 0ustake] [--gas-adjustment 1.4]
//   --gateway-service: the URL of a gateway's consent service (serve/dapp-server.mjs has one for the localnet's
//   gateway key); without it the person pastes a gateway's address and its signed consent.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;

/** keplrChainInfo from the TypeScript source, compiled on the fly (no build of clients/contracts needed). */
async function loadKeplrChainInfo() {
  const out = await build({
    entryPoints: [join(here, "../contracts/lib/keplr.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "error",
  });
  const code = out.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return mod.keplrChainInfo;
}

/**
 * The config object for a deployment record (deploy.sh's deployments/<chain-id>.json).
 * @param {{ deployment: any, chainId?: string, rpc: string, rest: string, gatewayService?: string | null,
 *           gasPrice?: string, gasAdjustment?: number, denom?: string }} o
 */
export async function makeConfig(o) {
  const keplrChainInfo = await loadKeplrChainInfo();
  const contracts = o.deployment.contracts ?? {};
  if (!contracts.token) throw new Error("the deployment has no token contract");
  const chainId = o.chainId ?? o.deployment.chain_id;
  if (!chainId) throw new Error("no chain id: pass the deployment file named <chain-id>.json");
  const denom = o.denom ?? "ustake";
  const token = { symbol: "MESH", decimals: 6 };
  return {
    chainId,
    rpc: o.rpc,
    rest: o.rest,
    chainInfo: keplrChainInfo({ chainId, rpc: o.rpc, rest: o.rest, denom, token: { address: contracts.token, ...token } }),
    contracts,
    gasPrice: o.gasPrice ?? `0${denom}`,
    gasAdjustment: o.gasAdjustment ?? 1.4,
    token,
    gatewayService: o.gatewayService ?? null,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const out = resolve(flag("--out", join(here, "dist/config.json")));
  const gatewayService = flag("--gateway-service", null);
  const gasPrice = flag("--gas-price", undefined);
  const gasAdjustment = Number(flag("--gas-adjustment", "1.4"));
  const [file, rpc, rest] = args;
  if (!file || !rpc || !rest) {
    console.error("usage: node write-config.mjs <deployments/CHAIN.json> <rpc url> <rest url> [--out FILE] [--gateway-service URL] [--gas-price 0ustake]");
    process.exit(2);
  }
  const deployment = JSON.parse(readFileSync(file, "utf8"));
  const chainId = deployment.chain_id ?? file.replace(/^.*\//, "").replace(/\.json$/, "");
  const config = await makeConfig({ deployment, chainId, rpc, rest, gatewayService, gasPrice, gasAdjustment });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(config, null, 2) + "\n");
  console.log(out);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  await main();
}
