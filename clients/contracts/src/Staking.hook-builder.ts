/** Builders of the cw20 hook of Staking (the `msg` of a cw20 Send to it), generated from schema/staking/raw/receive.json by codegen.mjs
 * with @cosmwasm/ts-codegen's message builder: camelCase fields in, the schema's snake_case keys out. */
import type { StakingHook } from "./Staking.hook";
import type { CamelCasedProperties } from "type-fest";
export abstract class StakingHookBuilder {
  static selfBond = (): StakingHook => {
    return {
      self_bond: ({} as const)
    };
  };
  static delegate = ({
    operator
  }: CamelCasedProperties<Extract<StakingHook, {
    delegate: unknown;
  }>["delegate"]>): StakingHook => {
    return {
      delegate: ({
        operator
      } as const)
    };
  };
  static distributeRewards = ({
    operator
  }: CamelCasedProperties<Extract<StakingHook, {
    distribute_rewards: unknown;
  }>["distribute_rewards"]>): StakingHook => {
    return {
      distribute_rewards: ({
        operator
      } as const)
    };
  };
}
