/** The cw20 hook of Vesting (the `msg` of a cw20 Send to it), generated from schema/vesting/raw/receive.json by codegen.mjs. */

export type VestingHook = {
  create_grant: GrantRequest;
};
/**
 * The four release plans of docs/vesting.md §1 (QUIVer §2.2).
 */
export type VestingPlan = "team_and_advisors" | "early_investors" | "public_sale" | "ecosystem_development";
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
 * A funder's grant of the tokens it sends ([`ReceiveMsg::CreateGrant`]).
 */
export interface GrantRequest {
  beneficiary: string;
  plan: VestingPlan;
  /**
   * Defaults to the block time; never before the contract's instantiation.
   */
  start?: Timestamp | null;
}
