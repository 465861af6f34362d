/** Builders of the cw20 hook of Vesting (the `msg` of a cw20 Send to it), generated from schema/vesting/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { VestingHook, VestingPlan, Timestamp, Uint64, GrantRequest } from "./Vesting.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class VestingHookBuilder {
  static createGrant = ({
    beneficiary,
    plan,
    start
  }: CamelCasedProperties<Extract<VestingHook, {
    create_grant: unknown;
  }>["create_grant"]>): VestingHook => {
    return {
      create_grant: ({
        beneficiary,
        plan,
        start
      } as const)
    };
  };
}
