/** Builders of the cw20 hook of BillEscrow (the `msg` of a cw20 Send to it), generated from schema/bill-escrow/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { BillEscrowHook, Timestamp, Uint64, Binary, SignMode, LatencyClass, Uint128, ModelClass, OpenBill, Signed } from "./BillEscrow.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class BillEscrowHookBuilder {
  static openBill = ({
    deadline,
    gateway,
    gatewayConsent,
    latencyClass,
    maxUnits,
    minReputation,
    modelClass,
    provider
  }: CamelCasedProperties<Extract<BillEscrowHook, {
    open_bill: unknown;
  }>["open_bill"]>): BillEscrowHook => {
    return {
      open_bill: ({
        deadline,
        gateway,
        gateway_consent: gatewayConsent,
        latency_class: latencyClass,
        max_units: maxUnits,
        min_reputation: minReputation,
        model_class: modelClass,
        provider
      } as const)
    };
  };
  static dispute = ({
    billId
  }: CamelCasedProperties<Extract<BillEscrowHook, {
    dispute: unknown;
  }>["dispute"]>): BillEscrowHook => {
    return {
      dispute: ({
        bill_id: billId
      } as const)
    };
  };
  static deposit = (): BillEscrowHook => {
    return {
      deposit: ({} as const)
    };
  };
}
