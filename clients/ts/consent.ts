/**
 * The statements the parties of a bill sign for the bill escrow (docs/bill-escrow.md §4, §8):
 *
 * - a gateway's consent to route a bill (`gateway_consent` of `OpenBill`): its share is paid only
 *   to a bonded gateway that signed the bill's route terms;
 * - a provider's receipt of a bill (`receipt` of `RefundTimeout`): a timeout counts against the
 *   provider only with it;
 * - a consumer's acceptance of a completion (`acceptance` of `Complete`): the bill settles at once.
 *
 * Canonical JSON (keys sorted, no whitespace, numbers as strings), signed as is (`plain`) or
 * inside Keplr's `signArbitrary` ADR-036 sign doc (`adr036`), like vouchers. The bytes equal
 * `infermesh_types::bill_escrow::consent` in Rust.
 */
import { SignMode, signText } from "./voucher.js";

export interface RouteTerms {
  chainId: string;
  /** The bill-escrow contract address. */
  contract: string;
  consumer: string;
  provider: string;
  modelClass: "small" | "medium" | "large" | "exclusive";
  latencyClass: "standard" | "fast" | "realtime";
  maxUnits: number | bigint | string;
  /** The bill's deadline, seconds since the epoch. */
  deadline: number | bigint | string;
}

/** The gateway's route terms text. */
export function routeText(t: RouteTerms): string {
  return JSON.stringify({
    chain_id: t.chainId,
    consumer: t.consumer,
    contract: t.contract,
    deadline: BigInt(t.deadline).toString(),
    kind: "route_bill",
    latency_class: t.latencyClass,
    max_units: BigInt(t.maxUnits).toString(),
    model_class: t.modelClass,
    provider: t.provider,
  });
}

export interface ReceiptTerms {
  chainId: string;
  /** The bill-escrow contract address. */
  contract: string;
  billId: number | bigint | string;
  /** The bill's consumer, as the escrow's `Bill` query shows it. */
  consumer: string;
  /** The bill's deadline, seconds since the epoch: sign only a bill that can be served by then. */
  deadline: number | bigint | string;
}

/** The provider's receipt text of a bill. */
export function receiptText(t: ReceiptTerms): string {
  return JSON.stringify({
    bill_id: BigInt(t.billId).toString(),
    chain_id: t.chainId,
    consumer: t.consumer,
    contract: t.contract,
    deadline: BigInt(t.deadline).toString(),
    kind: "bill_receipt",
  });
}

export interface AcceptanceTerms {
  chainId: string;
  /** The bill-escrow contract address. */
  contract: string;
  billId: number | bigint | string;
  /** The completion the provider will claim, as received off-chain. */
  units: number | bigint | string;
  latencyMs: number | bigint | string;
  resultHash: string;
}

/**
 * The consumer's acceptance of a completion: the provider's `Complete` carries it (`acceptance`)
 * and the bill settles at once, a job in two transactions.
 */
export function acceptanceText(t: AcceptanceTerms): string {
  return JSON.stringify({
    bill_id: BigInt(t.billId).toString(),
    chain_id: t.chainId,
    contract: t.contract,
    kind: "accept_bill",
    latency_ms: BigInt(t.latencyMs).toString(),
    result_hash: t.resultHash,
    units: BigInt(t.units).toString(),
  });
}

/** A signed statement as the escrow takes it (`Signed`). */
export interface Signed {
  pubkey: string;
  signature: string;
  sign_mode: SignMode;
}

/** Signs `text` with a raw private key; `pubkey` is the signer's 33-byte compressed key, base64. */
export async function signStatement(
  text: string,
  mode: SignMode,
  signer: string,
  privkey: Uint8Array,
  pubkey: string,
): Promise<Signed> {
  return { pubkey, signature: await signText(text, mode, signer, privkey), sign_mode: mode };
}
