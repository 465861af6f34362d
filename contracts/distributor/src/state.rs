//! Every storage key of the contract, in one place.

use cosmwasm_std::{Addr, Timestamp, Uint128, Uint256};
use cw_storage_plus::{Item, Map};
use infermesh_types::distributor::{Params, RewardRole, Schedule};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub token: Addr,
    /// Where providers' reputation multiplier is read.
    pub reputation: Option<Addr>,
    /// Reports operators' stake (the stake roles) and receives their pools' rewards.
    #[serde(default)]
    pub staking: Option<Addr>,
    pub guardian: Option<Addr>,
    pub reporters: Vec<(RewardRole, Addr)>,
    /// Emission starts here; epochs count from here.
    pub start: Timestamp,
    pub epoch_seconds: u64,
}

impl Config {
    /// The work epoch of `time` (0 before the start).
    pub fn epoch(&self, time: Timestamp) -> u64 {
        time.seconds().saturating_sub(self.start.seconds()) / self.epoch_seconds
    }

    pub fn epoch_start(&self, epoch: u64) -> Timestamp {
        self.start.plus_seconds(epoch * self.epoch_seconds)
    }
}

/// The pool's books. `funded = undistributed + allocated`, and `allocated = claimed + burned +
/// what members may claim + what open epochs hold + rounding dust` (docs/distributor.md §5).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Pool {
    pub funded: Uint128,
    /// Emission assigned to roles and members, less what was released back (an epoch without
    /// work, the part of a reward above its fee cap).
    pub allocated: Uint128,
    pub claimed: Uint128,
    pub burned: Uint128,
    /// Emission is accounted up to this time.
    pub clock: Timestamp,
}

impl Pool {
    pub fn undistributed(&self) -> Uint128 {
        self.funded.saturating_sub(self.allocated)
    }
}

/// One role's running state. A work role uses the open epoch's fields; a points role the
/// reward per point.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct RoleState {
    /// The open epoch (work roles).
    pub epoch: u64,
    /// Emission assigned to the open epoch.
    pub emission: Uint128,
    /// Work weight reported in the open epoch.
    pub weight: Uint128,
    /// Reward per point, scaled by `POINT_SCALE` (points roles).
    pub per_point: Uint256,
    pub points: Uint128,
}

/// `per_point` is scaled by 10^18 before flooring a member's share: scale, then floor.
pub const POINT_SCALE: u128 = 1_000_000_000_000_000_000;

/// A closed epoch of a work role: its emission and the work it is shared by.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct ClosedEpoch {
    pub emission: Uint128,
    pub weight: Uint128,
}

/// A member of one role.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Member {
    /// Work role: the epoch of `weight` and `fees` (settled once it closes).
    pub epoch: u64,
    pub weight: Uint128,
    pub fees: Uint128,
    /// Points role: its points and the reward per point it was last paid up to.
    pub points: Uint128,
    pub per_point: Uint256,
    /// Earned, not yet claimed.
    pub pending: Uint128,
    /// When the oldest unclaimed reward in `pending` was earned.
    pub pending_since: Option<Timestamp>,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
pub const SCHEDULE: Item<Schedule> = Item::new("schedule");
pub const POOL: Item<Pool> = Item::new("pool");
/// The nine roles, in `RewardRole::ALL` order.
pub const ROLES: Item<Vec<RoleState>> = Item::new("roles");
/// (role index, epoch) → the closed epoch, for work roles' epochs that had work.
pub const CLOSED: Map<(u8, u64), ClosedEpoch> = Map::new("closed");
/// (role index, member) → its record.
pub const MEMBERS: Map<(u8, &Addr), Member> = Map::new("members");
/// Funding by source ("genesis" or the cw20 sender).
pub const FUNDING: Map<&str, Uint128> = Map::new("funding");
