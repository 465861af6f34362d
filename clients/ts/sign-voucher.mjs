#!/usr/bin/env node
// Signs payment-channel vouchers off-chain for a consumer key, as a wallet or an agent would.
// usage: VOUCHER_MNEMONIC="..." node sign-voucher.mjs <chain-id> <contract> <channel-id> <step> <count> [plain|adr036] [prefix]
// Signs `count` cumulative vouchers (amounts step, 2*step, ..., nonces 1..count) and prints the consumer's address and
// public key and the last voucher with its signature as JSON: the provider redeems only the latest one.
import { makeCosmoshubPath, pubkeyToAddress, encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve } from "@cosmjs/crypto";
import { toBase64 } from "@cosmjs/encoding";
import { redeemMsg, signVoucher } from "./dist/voucher.js";

const [chainId, contract, channelId, step, count, mode = "adr036", prefix = "wasm"] = process.argv.slice(2);
const mnemonic = process.env.VOUCHER_MNEMONIC;
if (!chainId || !contract || !channelId || !step || !count || !mnemonic) {
  console.error("usage: VOUCHER_MNEMONIC=... node sign-voucher.mjs <chain-id> <contract> <channel-id> <step> <count> [plain|adr036] [prefix]");
  process.exit(2);
}
const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, makeCosmoshubPath(0));
const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
const address = pubkeyToAddress(encodeSecp256k1Pubkey(pubkey), prefix);

const started = Date.now();
let last;
for (let nonce = 1n; nonce <= BigInt(count); nonce++) {
  const voucher = { chainId, contract, channelId, cumulativeAmount: BigInt(step) * nonce, nonce };
  last = { voucher, signature: await signVoucher(voucher, mode, address, privkey) };
}
console.log(
  JSON.stringify({
    address,
    pubkey: toBase64(pubkey),
    signed: Number(count),
    signing_ms: Date.now() - started,
    redeem: redeemMsg(last.voucher, last.signature, mode),
  }),
);
