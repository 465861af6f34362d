/** Builders of the cw20 hook of Distributor (the `msg` of a cw20 Send to it), generated from schema/distributor/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { DistributorHook } from "./Distributor.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class DistributorHookBuilder {
  static fund = (): DistributorHook => {
    return {
      fund: ({} as const)
    };
  };
}
