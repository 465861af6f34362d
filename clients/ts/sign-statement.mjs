#!/usr/bin/env node
// Signs a bill-escrow statement off-chain with a key, as a gateway's or a provider's agent would.
// usage: STATEMENT_MNEMONIC="..." node sign-statement.mjs route <chain-id> <escrow> <consumer> <provider> <model> <latency> <max-units> <deadline> [plain|adr036] [prefix]
//        STATEMENT_MNEMONIC="..." node sign-statement.mjs receipt <chain-id> <escrow> <bill-id> <consumer> <deadline> [plain|adr036] [prefix]
//        STATEMENT_MNEMONIC="..." node sign-statement.mjs accept <chain-id> <escrow> <bill-id> <units> <latency-ms> <result-hash> [plain|adr036] [prefix]
// Prints the signer's address and the `Signed` value ({pubkey, signature, sign_mode}) as JSON.
import { makeCosmoshubPath, pubkeyToAddress, encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve } from "@cosmjs/crypto";
import { toBase64 } from "@cosmjs/encoding";
import { acceptanceText, receiptText, routeText, signStatement } from "./dist/consent.js";

const [kind, ...args] = process.argv.slice(2);
const mnemonic = process.env.STATEMENT_MNEMONIC;
const usage = () => {
  console.error("usage: STATEMENT_MNEMONIC=... node sign-statement.mjs route|receipt ... (see the header)");
  process.exit(2);
};
if (!mnemonic) usage();
let text, mode, prefix;
if (kind === "route" && args.length >= 8) {
  const [chainId, contract, consumer, provider, modelClass, latencyClass, maxUnits, deadline] = args;
  [mode = "adr036", prefix = "wasm"] = args.slice(8);
  text = routeText({ chainId, contract, consumer, provider, modelClass, latencyClass, maxUnits, deadline });
} else if (kind === "receipt" && args.length >= 5) {
  const [chainId, contract, billId, consumer, deadline] = args;
  [mode = "adr036", prefix = "wasm"] = args.slice(5);
  text = receiptText({ chainId, contract, billId, consumer, deadline });
} else if (kind === "accept" && args.length >= 6) {
  const [chainId, contract, billId, units, latencyMs, resultHash] = args;
  [mode = "adr036", prefix = "wasm"] = args.slice(6);
  text = acceptanceText({ chainId, contract, billId, units, latencyMs, resultHash });
} else {
  usage();
}
const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, makeCosmoshubPath(0));
const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
const address = pubkeyToAddress(encodeSecp256k1Pubkey(pubkey), prefix);
const signed = await signStatement(text, mode, address, privkey, toBase64(pubkey));
console.log(JSON.stringify({ address, text, signed }));
