//! Every storage key of the contract, in one place.

use cosmwasm_std::{Addr, StdResult, Timestamp, Uint128, Uint256};
use cw_storage_plus::{Item, Map};
use infermesh_kit::codec::{Packed, PackedItem, PackedMap, Reader, Writer};
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
/// Packed, like the roles and the members: every report, stake change and claim writes them.
#[derive(Clone, Debug, PartialEq, Default)]
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

/// One role's running state. A work role uses the open epoch's fields; a points or stake role
/// the reward per point.
#[derive(Clone, Debug, PartialEq, Default)]
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
    /// The least weight the open epoch's emission is divided by (the largest eligible weight
    /// reported: the voters' role, the DAO's total power).
    pub floor: Uint128,
}

/// `per_point` is scaled by 10^18 before flooring a member's share: scale, then floor.
pub const POINT_SCALE: u128 = 1_000_000_000_000_000_000;

/// A closed epoch of a work role: its emission and the work it is shared by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClosedEpoch {
    pub emission: Uint128,
    pub weight: Uint128,
}

/// A member of one role.
#[derive(Clone, Debug, PartialEq, Default)]
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
pub const POOL: PackedItem<Pool> = PackedItem::new("pool");
/// The nine roles, in `RewardRole::ALL` order.
pub const ROLES: PackedItem<RoleStates> = PackedItem::new("roles");
/// (role index, epoch) → the closed epoch, for work roles' epochs that had work.
pub const CLOSED: PackedMap<(u8, u64), ClosedEpoch> = PackedMap::new("closed");
/// (role index, member) → its record.
pub const MEMBERS: PackedMap<(u8, &Addr), Member> = PackedMap::new("members");
/// Funding by source ("genesis" or the cw20 sender).
pub const FUNDING: Map<&str, Uint128> = Map::new("funding");

/// The roles' states, packed in one record in `RewardRole::ALL` order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RoleStates(pub Vec<RoleState>);

fn put_time(w: &mut Writer, time: Timestamp) {
    w.put(time.nanos());
}

fn get_time(r: &mut Reader) -> Timestamp {
    Timestamp::from_nanos(r.get())
}

impl Packed for Pool {
    const WHAT: &'static str = "pool";

    fn pack(&self, w: &mut Writer) {
        w.put(self.funded.u128());
        w.put(self.allocated.u128());
        w.put(self.claimed.u128());
        w.put(self.burned.u128());
        put_time(w, self.clock);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(Pool {
            funded: Uint128::new(r.get()),
            allocated: Uint128::new(r.get()),
            claimed: Uint128::new(r.get()),
            burned: Uint128::new(r.get()),
            clock: get_time(r),
        })
    }
}

impl Packed for RoleStates {
    const WHAT: &'static str = "roles";

    fn pack(&self, w: &mut Writer) {
        for role in &self.0 {
            w.put(role.epoch);
            w.put(role.emission.u128());
            w.put(role.weight.u128());
            w.put_u256(role.per_point);
            w.put(role.points.u128());
            w.put(role.floor.u128());
        }
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let mut roles = Vec::with_capacity(RewardRole::ALL.len());
        while !r.is_empty() {
            roles.push(RoleState {
                epoch: r.get(),
                emission: Uint128::new(r.get()),
                weight: Uint128::new(r.get()),
                per_point: r.get_u256(),
                points: Uint128::new(r.get()),
                floor: Uint128::new(r.get()),
            });
        }
        Ok(RoleStates(roles))
    }
}

impl Packed for ClosedEpoch {
    const WHAT: &'static str = "closed epoch";

    fn pack(&self, w: &mut Writer) {
        w.put(self.emission.u128());
        w.put(self.weight.u128());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(ClosedEpoch {
            emission: Uint128::new(r.get()),
            weight: Uint128::new(r.get()),
        })
    }
}

impl Packed for Member {
    const WHAT: &'static str = "member";

    fn pack(&self, w: &mut Writer) {
        w.put(self.epoch);
        w.put(self.weight.u128());
        w.put(self.fees.u128());
        w.put(self.points.u128());
        w.put_u256(self.per_point);
        w.put(self.pending.u128());
        w.put_bool(self.pending_since.is_some());
        put_time(w, self.pending_since.unwrap_or_default());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let mut member = Member {
            epoch: r.get(),
            weight: Uint128::new(r.get()),
            fees: Uint128::new(r.get()),
            points: Uint128::new(r.get()),
            per_point: r.get_u256(),
            pending: Uint128::new(r.get()),
            pending_since: None,
        };
        let since = r.get_bool();
        let time = get_time(r);
        member.pending_since = since.then_some(time);
        Ok(member)
    }
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, KeySpace};
    vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::item("SCHEDULE", &SCHEDULE),
        KeySpace::packed_item("POOL", &POOL),
        KeySpace::packed_item("ROLES", &ROLES),
        KeySpace::packed_map("CLOSED", &CLOSED),
        KeySpace::packed_map("MEMBERS", &MEMBERS),
        KeySpace::map("FUNDING", &FUNDING),
        kit::contract_version(),
        kit::ownership(),
        kit::paused(),
        kit::param_history(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_records_read_back_as_written() {
        let pool = Pool {
            funded: Uint128::new(350_000_000_000_000),
            allocated: Uint128::new(7),
            claimed: Uint128::MAX,
            burned: Uint128::zero(),
            clock: Timestamp::from_nanos(1_700_000_000_123_456_789),
        };
        assert_eq!(Pool::from_bytes(&pool.to_bytes()).unwrap(), pool);
        let role = RoleState {
            epoch: 3,
            emission: Uint128::new(5),
            weight: Uint128::new(9),
            per_point: Uint256::MAX,
            points: Uint128::new(11),
            floor: Uint128::new(13),
        };
        let roles = RoleStates(vec![role.clone(), RoleState::default(), role]);
        assert_eq!(RoleStates::from_bytes(&roles.to_bytes()).unwrap(), roles);
        for pending_since in [
            None,
            Some(Timestamp::from_seconds(1)),
            Some(Timestamp::default()),
        ] {
            let member = Member {
                epoch: 1,
                weight: Uint128::new(2),
                fees: Uint128::new(3),
                points: Uint128::new(4),
                per_point: Uint256::from(5u8),
                pending: Uint128::new(6),
                pending_since,
            };
            assert_eq!(Member::from_bytes(&member.to_bytes()).unwrap(), member);
        }
        let closed = ClosedEpoch {
            emission: Uint128::new(1),
            weight: Uint128::new(2),
        };
        assert_eq!(ClosedEpoch::from_bytes(&closed.to_bytes()).unwrap(), closed);
        // A truncated record is refused, not read as another.
        assert!(Member::from_bytes(&pool.to_bytes()[..3]).is_err());
    }
}
