// Run with `npm test`. The expected texts are the Rust test `statements_are_canonical` in
// packages/types/src/bill_escrow/consent.rs: both sides must produce the same bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, toBase64, toUtf8 } from "@cosmjs/encoding";
import { acceptanceText, receiptText, routeText, signStatement } from "./dist/consent.js";
import { textSignBytes } from "./dist/voucher.js";

test("route terms and receipts are the Rust canonical texts", () => {
  assert.equal(
    routeText({
      chainId: "chain-1",
      contract: "wasm1escrow",
      consumer: "wasm1consumer",
      provider: "wasm1provider",
      modelClass: "small",
      latencyClass: "fast",
      maxUnits: 10,
      deadline: 1700000000,
    }),
    '{"chain_id":"chain-1","consumer":"wasm1consumer","contract":"wasm1escrow","deadline":"1700000000","kind":"route_bill","latency_class":"fast","max_units":"10","model_class":"small","provider":"wasm1provider"}',
  );
  assert.equal(
    receiptText({ chainId: "chain-1", contract: "wasm1escrow", billId: 7, consumer: "wasm1consumer", deadline: 1700000000 }),
    '{"bill_id":"7","chain_id":"chain-1","consumer":"wasm1consumer","contract":"wasm1escrow","deadline":"1700000000","kind":"bill_receipt"}',
  );
});

test("acceptances are the Rust canonical text", () => {
  assert.equal(
    acceptanceText({ chainId: "chain-1", contract: "wasm1escrow", billId: 7, units: 80, latencyMs: 120, resultHash: "ab12" }),
    '{"bill_id":"7","chain_id":"chain-1","contract":"wasm1escrow","kind":"accept_bill","latency_ms":"120","result_hash":"ab12","units":"80"}',
  );
});

test("a signed statement verifies against the signer's key in both modes", async () => {
  const privkey = sha256(toUtf8("infermesh-statement-fixture"));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  const text = receiptText({ chainId: "chain-1", contract: "wasm1escrow", billId: 7, consumer: "wasm1c", deadline: 9 });
  for (const mode of ["plain", "adr036"]) {
    const signed = await signStatement(text, mode, "wasm1provider", privkey, toBase64(pubkey));
    assert.equal(signed.sign_mode, mode);
    const digest = sha256(textSignBytes(text, mode, "wasm1provider"));
    const signature = Secp256k1Signature.fromFixedLength(fromBase64(signed.signature));
    assert.ok(await Secp256k1.verifySignature(signature, digest, pubkey));
  }
});
