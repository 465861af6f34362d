#!/usr/bin/env node
// A static server for the dApp's build (dist/: index.html, app.js, config.json) on 127.0.0.1 only, with the localnet
// gateway's consent service when a gateway key is given.
//
// A bill is opened only with its gateway's signed consent to route it (docs/bill-escrow.md §4). On a real network the
// gateway's own service signs it; on the localnet this server plays that gateway, as scripts/demo.sh does with
// clients/ts/sign-statement.mjs: POST /api/gateway-consent with the route terms {consumer, provider, model_class,
// latency_class, max_units, deadline (seconds)} answers {gateway, signed}, signed (ADR-036, as Keplr's signArbitrary)
// for this chain id and this deployment's escrow only.
//
// usage: node serve/dapp-server.mjs [--root DIR] [--port N] [--config FILE]
//   env: INFERMESH_DAPP_PORT (default 8080), INFERMESH_DAPP_GATEWAY_MNEMONIC (enables the consent service)
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
const HOST = "127.0.0.1"; // loopback only
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
};
const MODEL_CLASSES = ["small", "medium", "large", "exclusive"];
const LATENCY_CLASSES = ["standard", "fast", "realtime"];

/** A gateway's signer from its mnemonic (m/44'/118'/0'/0/0, as wasmd's keyring and Keplr derive it). */
async function gatewaySigner(mnemonic, prefix = "wasm") {
  const { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve } = await import("@cosmjs/crypto");
  const { makeCosmoshubPath, pubkeyToAddress, encodeSecp256k1Pubkey } = await import("@cosmjs/amino");
  const { toBase64 } = await import("@cosmjs/encoding");
  // The statement's bytes and signing are clients/ts's (consent.ts), the same the chain tests and demo.sh use.
  const consent = await import(pathToFileURL(join(here, "../../ts/dist/consent.js")).href);
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, makeCosmoshubPath(0));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  const address = pubkeyToAddress(encodeSecp256k1Pubkey(pubkey), prefix);
  return {
    address,
    async consent(config, terms) {
      const text = consent.routeText({
        chainId: config.chainId,
        contract: config.contracts.bill_escrow,
        consumer: terms.consumer,
        provider: terms.provider,
        modelClass: terms.model_class,
        latencyClass: terms.latency_class,
        maxUnits: terms.max_units,
        deadline: terms.deadline,
      });
      return consent.signStatement(text, "adr036", address, privkey, toBase64(pubkey));
    },
  };
}

// The localnet gateway's policy: it consents only to bills due within a day (a consent has no nonce and opens any
// number of bills with the same terms until its deadline, bill-escrow.md).
const MAX_CONSENT_SECONDS = 86_400;

function checkTerms(t) {
  const bech32 = /^wasm1[02-9ac-hj-np-z]{38,58}$/;
  if (!t || typeof t !== "object") return "the body must be the route terms as JSON";
  if (!bech32.test(String(t.consumer))) return "consumer: not a wasm1 address";
  if (!bech32.test(String(t.provider))) return "provider: not a wasm1 address";
  if (!MODEL_CLASSES.includes(t.model_class)) return `model_class: one of ${MODEL_CLASSES.join(", ")}`;
  if (!LATENCY_CLASSES.includes(t.latency_class)) return `latency_class: one of ${LATENCY_CLASSES.join(", ")}`;
  if (!/^[1-9]\d{0,18}$/.test(String(t.max_units))) return "max_units: a positive whole number";
  const now = Date.now() / 1000;
  if (!Number.isSafeInteger(t.deadline) || t.deadline <= now) return "deadline: seconds since the epoch, in the future";
  if (t.deadline > now + MAX_CONSENT_SECONDS) return `deadline: this gateway consents to bills due within ${MAX_CONSENT_SECONDS} s`;
  return null;
}

/**
 * Starts the server; resolves to { url, port, close() }. `port` 0 takes any free port (tests).
 * @param {{ root?: string, port?: number, config?: string, gatewayMnemonic?: string, quiet?: boolean }} o
 */
export async function startServer(o = {}) {
  const root = resolve(o.root ?? join(here, "../dist"));
  const configFile = o.config ? resolve(o.config) : join(root, "config.json");
  const gateway = o.gatewayMnemonic ? await gatewaySigner(o.gatewayMnemonic) : null;
  const log = o.quiet ? () => {} : (...a) => console.log(new Date().toISOString(), ...a);

  const send = (res, status, type, body, extra = {}) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...extra });
    res.end(body);
  };
  const json = (res, status, value) => send(res, status, TYPES[".json"], JSON.stringify(value));

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      // Only this server's own names: a website that rebinds its DNS name to 127.0.0.1 gets nothing.
      const port = server.address()?.port;
      const host = String(req.headers.host ?? "");
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, "text/plain", "unknown host");
      if (url.pathname === "/api/gateway-consent") {
        if (!gateway) return json(res, 404, { error: "no gateway consent service on this server" });
        if (req.method === "GET") return json(res, 200, { gateway: gateway.address });
        if (req.method !== "POST") return json(res, 405, { error: "POST the route terms" });
        // A JSON body needs a CORS preflight, which this server never grants: another site's page cannot post here.
        if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
          return json(res, 415, { error: "POST the route terms as application/json" });
        }
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://${host}`) return json(res, 403, { error: "only the dApp's own page" });
        let body = "";
        for await (const chunk of req) {
          body += chunk;
          if (body.length > 4096) return json(res, 413, { error: "route terms too long" });
        }
        let terms;
        try {
          terms = JSON.parse(body);
        } catch {
          return json(res, 400, { error: "the body is not JSON" });
        }
        const problem = checkTerms(terms);
        if (problem) return json(res, 400, { error: problem });
        const config = JSON.parse(readFileSync(configFile, "utf8"));
        if (!config.contracts?.bill_escrow) return json(res, 404, { error: "this deployment has no bill escrow" });
        const signed = await gateway.consent(config, terms);
        log(`gateway consent: ${terms.consumer} -> ${terms.provider}, ${terms.max_units} units`);
        return json(res, 200, { gateway: gateway.address, signed });
      }
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "GET only");
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = path === "/config.json" ? configFile : normalize(join(root, path));
      if (file !== configFile && !file.startsWith(root + sep)) return send(res, 403, "text/plain", "outside the dApp");
      let data;
      try {
        if (!statSync(file).isFile()) throw new Error("not a file");
        data = readFileSync(file);
      } catch {
        return send(res, 404, "text/plain; charset=utf-8", `not found: ${path}`);
      }
      send(res, 200, TYPES[extname(file)] ?? "application/octet-stream", req.method === "HEAD" ? undefined : data);
    } catch (e) {
      log("error", e);
      if (!res.headersSent) json(res, 500, { error: String(e?.message ?? e) });
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(o.port ?? 8080, HOST, ok);
  });
  const port = server.address().port;
  const url = `http://${HOST}:${port}/`;
  log(`serving ${root} at ${url}${gateway ? ` (gateway consent service for ${gateway.address})` : ""}`);
  return { url, port, gateway: gateway?.address ?? null, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const port = Number(flag("--port") ?? process.env.INFERMESH_DAPP_PORT ?? 8080);
  const { close } = await startServer({
    root: flag("--root"),
    config: flag("--config"),
    port,
    gatewayMnemonic: process.env.INFERMESH_DAPP_GATEWAY_MNEMONIC || undefined,
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => close().then(() => process.exit(0)));
}
