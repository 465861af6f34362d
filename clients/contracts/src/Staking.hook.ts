/** The cw20 hook of Staking (the `msg` of a cw20 Send to it), generated from schema/staking/raw/receive.json by codegen.mjs. */

export type StakingHook =
  | {
      self_bond: {};
    }
  | {
      delegate: {
        operator: string;
      };
    }
  | {
      distribute_rewards: {
        operator: string;
      };
    };
