/** Builders of the cw20 hook of PaymentChannels (the `msg` of a cw20 Send to it), generated from schema/payment-channels/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { PaymentChannelsHook, Timestamp, Uint64, Binary, OpenChannel } from "./PaymentChannels.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class PaymentChannelsHookBuilder {
  static openChannel = ({
    expiresAt,
    provider,
    pubkey
  }: CamelCasedProperties<Extract<PaymentChannelsHook, {
    open_channel: unknown;
  }>["open_channel"]>): PaymentChannelsHook => {
    return {
      open_channel: ({
        expires_at: expiresAt,
        provider,
        pubkey
      } as const)
    };
  };
  static topUp = ({
    channelId
  }: CamelCasedProperties<Extract<PaymentChannelsHook, {
    top_up: unknown;
  }>["top_up"]>): PaymentChannelsHook => {
    return {
      top_up: ({
        channel_id: channelId
      } as const)
    };
  };
}
