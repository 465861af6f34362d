/**
 * Signing helper for InferMesh bill-escrow payment-channel vouchers.
 *
 * A voucher authorises the channel's provider to redeem `cumulativeAmount` base units in total
 * (not a delta). It is bound to the chain id, the escrow contract, the channel and a strictly
 * increasing nonce. The contract accepts two signing modes (`sign_mode` in `Redeem`):
 *
 * - `plain`: secp256k1 over sha256 of the canonical voucher text;
 * - `adr036`: what Keplr's `signArbitrary(chainId, signer, voucherText)` signs: the amino
 *   ADR-036 sign doc of the voucher text, serialized with sorted keys.
 *
 * The bytes are the same as `infermesh_types::bill_escrow::voucher::sign_bytes` in Rust and as
 * the contract's `voucher_sign_bytes` query.
 */
import { makeSignDoc, serializeSignDoc, StdSignDoc } from "@cosmjs/amino";
import { Secp256k1, sha256 } from "@cosmjs/crypto";
import { toBase64, toUtf8 } from "@cosmjs/encoding";

export type SignMode = "plain" | "adr036";

export interface Voucher {
  chainId: string;
  /** The bill-escrow contract address. */
  contract: string;
  channelId: number | bigint | string;
  /** Cumulative amount in base units. */
  cumulativeAmount: number | bigint | string;
  nonce: number | bigint | string;
}

/** The Keplr subset used here (window.keplr). */
export interface ArbitrarySigner {
  signArbitrary(
    chainId: string,
    signer: string,
    data: string | Uint8Array,
  ): Promise<{ signature: string; pub_key: { type: string; value: string } }>;
}

const uint = (value: number | bigint | string, name: string): string => {
  const text = BigInt(value).toString();
  if (BigInt(text) < 0n) throw new Error(`${name} must not be negative`);
  return text;
};

/** Canonical JSON: keys sorted, no whitespace, every number a decimal string. */
export function voucherText(v: Voucher): string {
  return JSON.stringify({
    chain_id: v.chainId,
    channel_id: uint(v.channelId, "channelId"),
    contract: v.contract,
    cumulative_amount: uint(v.cumulativeAmount, "cumulativeAmount"),
    nonce: uint(v.nonce, "nonce"),
  });
}

/** The ADR-036 sign doc Keplr's signArbitrary builds for `data` signed by `signer`. */
export function makeAdr36SignDoc(signer: string, data: Uint8Array): StdSignDoc {
  return makeSignDoc(
    [{ type: "sign/MsgSignData", value: { signer, data: toBase64(data) } }],
    { gas: "0", amount: [] },
    "",
    "",
    0,
    0,
  );
}

/** The message whose sha256 the consumer signs. `signer` is the consumer's bech32 address. */
export function voucherSignBytes(v: Voucher, mode: SignMode, signer: string): Uint8Array {
  return textSignBytes(voucherText(v), mode, signer);
}

/** The message whose sha256 `signer` signs for a statement `text` in `mode`. */
export function textSignBytes(text: string, mode: SignMode, signer: string): Uint8Array {
  const bytes = toUtf8(text);
  return mode === "plain" ? bytes : serializeSignDoc(makeAdr36SignDoc(signer, bytes));
}

/** Signs a statement with a raw 32-byte private key; returns the 64-byte signature, base64. */
export async function signText(
  text: string,
  mode: SignMode,
  signer: string,
  privkey: Uint8Array,
): Promise<string> {
  const digest = sha256(textSignBytes(text, mode, signer));
  const signature = await Secp256k1.createSignature(digest, privkey);
  return toBase64(signature.toFixedLength().slice(0, 64));
}

/** Signs with a raw 32-byte private key; returns the 64-byte signature, base64. */
export async function signVoucher(
  v: Voucher,
  mode: SignMode,
  signer: string,
  privkey: Uint8Array,
): Promise<string> {
  return signText(voucherText(v), mode, signer, privkey);
}

/** Signs from the browser with Keplr (ADR-036); use `sign_mode: "adr036"` when redeeming. */
export async function signVoucherWithKeplr(
  keplr: ArbitrarySigner,
  v: Voucher,
  signer: string,
): Promise<string> {
  const { signature } = await keplr.signArbitrary(v.chainId, signer, voucherText(v));
  return signature;
}

/** The provider's `Redeem` execute message. */
export function redeemMsg(v: Voucher, signature: string, mode: SignMode) {
  return {
    redeem: {
      channel_id: Number(v.channelId),
      cumulative_amount: uint(v.cumulativeAmount, "cumulativeAmount"),
      nonce: Number(v.nonce),
      signature,
      sign_mode: mode,
    },
  };
}
