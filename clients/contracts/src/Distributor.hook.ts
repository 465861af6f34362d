/** The cw20 hook of Distributor (the `msg` of a cw20 Send to it), generated from schema/distributor/raw/receive.json by codegen.mjs. */

export type DistributorHook = {
  fund: {};
};
