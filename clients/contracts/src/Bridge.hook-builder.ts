/** Builders of the cw20 hook of Bridge (the `msg` of a cw20 Send to it), generated from schema/bridge/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { BridgeHook, TransferMsg } from "./Bridge.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class BridgeHookBuilder {
  static transfer = ({
    channelId,
    memo,
    receiver,
    timeoutSeconds
  }: CamelCasedProperties<Extract<BridgeHook, {
    transfer: unknown;
  }>["transfer"]>): BridgeHook => {
    return {
      transfer: ({
        channel_id: channelId,
        memo,
        receiver,
        timeout_seconds: timeoutSeconds
      } as const)
    };
  };
}
