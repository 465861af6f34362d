/** Builders of the cw20 hook of Dao (the `msg` of a cw20 Send to it), generated from schema/dao/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { DaoHook, ProposalKind, CosmosMsgFor_Empty, BankMsg, Uint128, WasmMsg, Binary, Coin, Empty } from "./Dao.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class DaoHookBuilder {
  static lock = (): DaoHook => {
    return {
      lock: ({} as const)
    };
  };
  static fund = (): DaoHook => {
    return {
      fund: ({} as const)
    };
  };
  static propose = ({
    description,
    kind,
    msgs,
    title
  }: CamelCasedProperties<Extract<DaoHook, {
    propose: unknown;
  }>["propose"]>): DaoHook => {
    return {
      propose: ({
        description,
        kind,
        msgs,
        title
      } as const)
    };
  };
}
