/** The cw20 hook of Bridge (the `msg` of a cw20 Send to it), generated from schema/bridge/raw/receive.json by codegen.mjs. */

export type BridgeHook = {
  transfer: TransferMsg;
};

export interface TransferMsg {
  channel_id: string;
  memo?: string | null;
  receiver: string;
  /**
   * Seconds from now; [`Params::default_timeout_seconds`] when absent.
   */
  timeout_seconds?: number | null;
}
