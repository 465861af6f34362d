/** The cw20 hook of BillEscrow (the `msg` of a cw20 Send to it), generated from schema/bill-escrow/raw/receive.json by codegen.mjs. */

export type BillEscrowHook =
  | {
      open_bill: OpenBill;
    }
  | {
      dispute: {
        bill_id: number;
      };
    }
  | {
      deposit: {};
    };
/**
 * A point in time in nanosecond precision.
 *
 * This type can represent times from 1970-01-01T00:00:00Z to 2554-07-21T23:34:33Z.
 *
 * ## Examples
 *
 * ``` # use cosmwasm_std::Timestamp; let ts = Timestamp::from_nanos(1_000_000_202); assert_eq!(ts.nanos(), 1_000_000_202); assert_eq!(ts.seconds(), 1); assert_eq!(ts.subsec_nanos(), 202);
 *
 * let ts = ts.plus_seconds(2); assert_eq!(ts.nanos(), 3_000_000_202); assert_eq!(ts.seconds(), 3); assert_eq!(ts.subsec_nanos(), 202); ```
 */
export type Timestamp = Uint64;
/**
 * A thin wrapper around u64 that is using strings for JSON encoding/decoding, such that the full u64 range can be used for clients that convert JSON numbers to floats, like JavaScript and jq.
 *
 * # Examples
 *
 * Use `from` to create instances of this and `u64` to get the value out:
 *
 * ``` # use cosmwasm_std::Uint64; let a = Uint64::from(42u64); assert_eq!(a.u64(), 42);
 *
 * let b = Uint64::from(70u32); assert_eq!(b.u64(), 70); ```
 */
export type Uint64 = string;
/**
 * Binary is a wrapper around Vec<u8> to add base64 de/serialization with serde. It also adds some helper methods to help encode inline.
 *
 * This is only needed as serde-json-{core,wasm} has a horrible encoding for Vec<u8>. See also <https://github.com/CosmWasm/cosmwasm/blob/main/docs/MESSAGE_TYPES.md>.
 */
export type Binary = string;
/**
 * How a statement's signature was made.
 */
export type SignMode = "plain" | "adr036";
export type LatencyClass = "standard" | "fast" | "realtime";
/**
 * A thin wrapper around u128 that is using strings for JSON encoding/decoding, such that the full u128 range can be used for clients that convert JSON numbers to floats, like JavaScript and jq.
 *
 * # Examples
 *
 * Use `from` to create instances of this and `u128` to get the value out:
 *
 * ``` # use cosmwasm_std::Uint128; let a = Uint128::from(123u128); assert_eq!(a.u128(), 123);
 *
 * let b = Uint128::from(42u64); assert_eq!(b.u128(), 42);
 *
 * let c = Uint128::from(70u32); assert_eq!(c.u128(), 70); ```
 */
export type Uint128 = string;
/**
 * Model classes with their price multiplier and minimum provider tier.
 */
export type ModelClass = ("small" | "medium" | "large") | "exclusive";

/**
 * What a consumer opens a bill for ([`ReceiveMsg::OpenBill`]).
 */
export interface OpenBill {
  deadline: Timestamp;
  /**
   * A bonded gateway (with a tier) other than the consumer and the provider.
   */
  gateway: string;
  /**
   * The gateway's signature of the bill's route terms ([`super::consent::RouteTerms`]): its share is paid only to a gateway that agreed to route this bill.
   */
  gateway_consent: Signed;
  latency_class: LatencyClass;
  max_units: Uint128;
  /**
   * Lowest reputation score (0–1000) the consumer accepts.
   */
  min_reputation?: number | null;
  model_class: ModelClass;
  /**
   * Not the consumer itself.
   */
  provider: string;
}
/**
 * A signed statement as submitted: the signer's 33-byte compressed secp256k1 key (its address must be the party that consents), the 64-byte compact signature, and how it was made.
 */
export interface Signed {
  pubkey: Binary;
  sign_mode: SignMode;
  signature: Binary;
}
