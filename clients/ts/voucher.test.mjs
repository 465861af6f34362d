// Run with `npm test` (compiles voucher.ts, then `node --test`).
// The fixture below is shared with the Rust test `keplr_sign_arbitrary_voucher_is_accepted` in
// contracts/bill-escrow/src/tests: same key, same chain, same contract (cosmwasm's mock_env).
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeSecp256k1Pubkey, pubkeyToAddress } from "@cosmjs/amino";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, toBase64, toUtf8 } from "@cosmjs/encoding";
import { redeemMsg, signVoucher, signVoucherWithKeplr, voucherSignBytes, voucherText } from "./dist/voucher.js";

const privkey = sha256(toUtf8("infermesh-keplr-fixture"));
const voucher = {
  chainId: "cosmos-testnet-14002",
  contract: "cosmwasm1jpev2csrppg792t22rn8z8uew8h3sjcpglcd0qv9g8gj8ky922tscp8avs",
  channelId: 1,
  cumulativeAmount: "1000000",
  nonce: 1,
};
const FIXTURE = {
  pubkey: "A3RZ1vy3rtSd4VD5/vAe3ZR4FkRmgfABnF0oLmt3CzZ+",
  address: "cosmwasm17s2q8cg29gs68c5xnukrpsjj27zz8c75pl39nf",
  adr036: "LzPIAS/J6UI5T67JPvdCg5RErqZQwJl6lRUHuoEzbJsFAAmgNX400fbn5/hDrucJukG4tf9eQHMaPGjOmDWmSw==",
  plain: "Kfsju88BSxGnNjnNkVcMFx44/s9V/XMcKwLlaNiC5iQMxkuj7k6g+2bOZNstkbP2DzGNcGl/BXIN2M4L6W9FTg==",
};

test("voucher text is canonical JSON with sorted keys", () => {
  assert.equal(
    voucherText(voucher),
    '{"chain_id":"cosmos-testnet-14002","channel_id":"1","contract":"cosmwasm1jpev2csrppg792t22rn8z8uew8h3sjcpglcd0qv9g8gj8ky922tscp8avs","cumulative_amount":"1000000","nonce":"1"}',
  );
});

test("the key derives the fixture address", async () => {
  const { pubkey } = await Secp256k1.makeKeypair(privkey);
  const compressed = Secp256k1.compressPubkey(pubkey);
  assert.equal(toBase64(compressed), FIXTURE.pubkey);
  assert.equal(pubkeyToAddress(encodeSecp256k1Pubkey(compressed), "cosmwasm"), FIXTURE.address);
});

test("plain and ADR-036 signatures match the fixture and verify", async () => {
  for (const mode of ["plain", "adr036"]) {
    const signature = await signVoucher(voucher, mode, FIXTURE.address, privkey);
    assert.equal(signature, FIXTURE[mode]);
    const digest = sha256(voucherSignBytes(voucher, mode, FIXTURE.address));
    const ok = await Secp256k1.verifySignature(
      Secp256k1Signature.fromFixedLength(fromBase64(signature)),
      digest,
      fromBase64(FIXTURE.pubkey),
    );
    assert.ok(ok);
  }
});

test("a Keplr-like signArbitrary produces the ADR-036 signature", async () => {
  // What Keplr does: base64 the UTF-8 data into an ADR-036 amino sign doc, sign sha256 of it.
  const keplr = {
    async signArbitrary(chainId, signer, data) {
      assert.equal(chainId, voucher.chainId);
      const bytes = voucherSignBytes(voucher, "adr036", signer);
      assert.ok(new TextDecoder().decode(bytes).includes(toBase64(toUtf8(data))));
      const sig = await Secp256k1.createSignature(sha256(bytes), privkey);
      return {
        signature: toBase64(sig.toFixedLength().slice(0, 64)),
        pub_key: { type: "tendermint/PubKeySecp256k1", value: FIXTURE.pubkey },
      };
    },
  };
  const signature = await signVoucherWithKeplr(keplr, voucher, FIXTURE.address);
  assert.equal(signature, FIXTURE.adr036);
  assert.deepEqual(redeemMsg(voucher, signature, "adr036"), {
    redeem: {
      channel_id: 1,
      cumulative_amount: "1000000",
      nonce: 1,
      signature: FIXTURE.adr036,
      sign_mode: "adr036",
    },
  });
});
