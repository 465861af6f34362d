//! Every storage key of the contract, in one place.
//!
//! # Stake snapshots and slashing
//!
//! Voting power must be readable at any past height *and* reflect slashes, while a slash must
//! stay O(1) in the number of delegators. So nothing per delegator is snapshotted in tokens:
//!
//! * [`DELEGATION_SHARES`] snapshots each (delegator, operator) share count — it changes only
//!   when that delegator bonds or unbonds;
//! * [`BONDED_POOLS`] snapshots each operator's (tokens, shares) — a slash rewrites this one
//!   record, which changes the token value of every delegator's shares at once;
//! * [`DELEGATED_OPERATORS`] snapshots which operators an address holds shares of (at most
//!   `MAX_DELEGATIONS_PER_ADDRESS`), so the set is known at any past height.
//!
//! The stake of an address at height `h` is `Σ shares_h × tokens_h / pool_shares_h` over its
//! operators at `h` (each term rounded down): exact after any slash, at most
//! `MAX_DELEGATIONS_PER_ADDRESS` × 2 reads. [`TOTAL_BONDED`] snapshots the sum of all bonded
//! pools. Heights read the state as at the *start* of the block (cw-storage-plus semantics).

use cosmwasm_std::{Addr, Decimal256, Empty, StdResult, Timestamp, Uint128, Uint256};
use cw_storage_plus::{
    Index, IndexList, IndexedMap, Item, Map, MultiIndex, SnapshotItem, SnapshotMap, Strategy,
};
use infermesh_kit::codec::{Packed, PackedItem, PackedMap, Reader, Writer};
use infermesh_types::staking::{
    tier_index_key, Operator, Params, Role, SlashRecord, UnbondingEntry, MAX_AUTHORISED,
};
use serde::{Deserialize, Serialize};

/// Packed (infermesh_kit::codec): read by nearly every message, and its JSON decoder cost
/// 3 KB of wasm.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub token: Addr,
    pub slashers: Vec<Addr>,
    pub jailers: Vec<Addr>,
    pub guardian: Option<Addr>,
    /// Told of every change of an operator's earning stake (`hook`).
    pub distributor: Option<Addr>,
}

impl Packed for Config {
    const WHAT: &'static str = "config";

    fn pack(&self, w: &mut Writer) {
        w.put_str(self.token.as_str());
        for list in [&self.slashers, &self.jailers] {
            w.put(list.len() as u128);
            for address in list {
                w.put_str(address.as_str());
            }
        }
        for address in [&self.guardian, &self.distributor] {
            w.put_str(address.as_ref().map_or("", Addr::as_str));
        }
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let token = r.get_addr();
        let mut lists = [vec![], vec![]];
        for list in &mut lists {
            let len: usize = r.get();
            if len > MAX_AUTHORISED {
                r.fail();
            }
            for _ in 0..len.min(MAX_AUTHORISED) {
                list.push(r.get_addr());
            }
        }
        let mut optional = || Some(r.get_addr()).filter(|address| !address.as_str().is_empty());
        let guardian = optional();
        let distributor = optional();
        let [slashers, jailers] = lists;
        Ok(Config {
            token,
            slashers,
            jailers,
            guardian,
            distributor,
        })
    }
}

/// Running totals kept so queries and invariants need no iteration. Bonded stake lives in
/// [`TOTAL_BONDED`]. Packed (infermesh_kit::codec).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Totals {
    pub unbonding: Uint128,
    pub rewards_outstanding: Uint128,
    pub burned: Uint128,
}

impl Packed for Totals {
    const WHAT: &'static str = "totals";

    fn pack(&self, w: &mut Writer) {
        w.put(self.unbonding.u128());
        w.put(self.rewards_outstanding.u128());
        w.put(self.burned.u128());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(Totals {
            unbonding: Uint128::new(r.get()),
            rewards_outstanding: Uint128::new(r.get()),
            burned: Uint128::new(r.get()),
        })
    }
}

/// Tokens and the shares that claim them. Used for bonded pools and unbonding epoch pools.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
pub struct Pool {
    pub tokens: Uint128,
    pub shares: Uint128,
}

/// The unbonding started for one operator in one epoch (day).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
pub struct UnbondingPool {
    pub pool: Pool,
    /// Latest completion of any entry put into the pool; once passed, the pool is not slashed.
    pub completes_at: Timestamp,
}

/// Reward accounting of one operator: a reward-per-share accumulator fed by a stream. Packed
/// (`infermesh_kit::codec`): every bond, unbond and claim reads and writes it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RewardPool {
    pub reward_per_share: Decimal256,
    pub commission_unclaimed: Uint128,
    /// Rewards paid in stream to the shares at this many tokens a second until `stream_end`,
    /// released into `reward_per_share` up to `streamed_until` (docs/staking.md §8).
    pub stream_rate: Decimal256,
    pub stream_end: Timestamp,
    pub streamed_until: Timestamp,
}

/// Reward position of one delegation: its accumulator checkpoint and settled rewards. Packed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RewardDebt {
    pub index: Decimal256,
    pub pending: Uint128,
}

/// A decimal's atomics (10^-18) as two varints, the high and the low 128 bits: the high half
/// of a reward per share or a stream rate is zero for this token's supply (one byte), and
/// nothing is lost if it is not.
fn put_decimal(w: &mut Writer, value: Decimal256) {
    let bytes = value.atomics().to_be_bytes();
    let half = |range: std::ops::Range<usize>| {
        let mut part = [0u8; 16];
        part.copy_from_slice(&bytes[range]);
        u128::from_be_bytes(part)
    };
    w.put(half(0..16));
    w.put(half(16..32));
}

fn get_decimal(r: &mut Reader) -> Decimal256 {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&r.get::<u128>().to_be_bytes());
    bytes[16..].copy_from_slice(&r.get::<u128>().to_be_bytes());
    Decimal256::new(Uint256::from_be_bytes(bytes))
}

impl Packed for RewardPool {
    const WHAT: &'static str = "reward pool";

    fn pack(&self, w: &mut Writer) {
        put_decimal(w, self.reward_per_share);
        w.put(self.commission_unclaimed.u128());
        put_decimal(w, self.stream_rate);
        w.put(self.stream_end.nanos());
        w.put(self.streamed_until.nanos());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(RewardPool {
            reward_per_share: get_decimal(r),
            commission_unclaimed: Uint128::new(r.get()),
            stream_rate: get_decimal(r),
            stream_end: Timestamp::from_nanos(r.get()),
            streamed_until: Timestamp::from_nanos(r.get()),
        })
    }
}

impl Packed for RewardDebt {
    const WHAT: &'static str = "reward debt";

    fn pack(&self, w: &mut Writer) {
        put_decimal(w, self.index);
        w.put(self.pending.u128());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(RewardDebt {
            index: get_decimal(r),
            pending: Uint128::new(r.get()),
        })
    }
}

pub const CONFIG: PackedItem<Config> = PackedItem::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
pub const TOTALS: PackedItem<Totals> = PackedItem::new("totals");

pub const TOTAL_BONDED: SnapshotItem<Uint128> = SnapshotItem::new(
    "total_bonded",
    "total_bonded__checkpoints",
    "total_bonded__changelog",
    Strategy::EveryBlock,
);

/// Bonded stake of all operators of one role, snapshotted like [`TOTAL_BONDED`], so a decision
/// weighted by one role's stake knows the whole at its opening height (docs/staking.md §10).
/// One item per role rather than a map keyed by role: the item's code is already in the wasm.
pub const fn role_bonded(role: Role) -> SnapshotItem<Uint128> {
    match role {
        Role::Provider => SnapshotItem::new(
            "provider_bonded",
            "provider_bonded__checkpoints",
            "provider_bonded__changelog",
            Strategy::EveryBlock,
        ),
        Role::Gateway => SnapshotItem::new(
            "gateway_bonded",
            "gateway_bonded__checkpoints",
            "gateway_bonded__changelog",
            Strategy::EveryBlock,
        ),
        Role::Validator => SnapshotItem::new(
            "validator_bonded",
            "validator_bonded__checkpoints",
            "validator_bonded__changelog",
            Strategy::EveryBlock,
        ),
    }
}

/// Bonded pool of each operator.
pub const BONDED_POOLS: SnapshotMap<&Addr, Pool> = SnapshotMap::new(
    "bonded_pools",
    "bonded_pools__checkpoints",
    "bonded_pools__changelog",
    Strategy::EveryBlock,
);

/// (delegator, operator) → shares of the operator's bonded pool. Self-bond is the entry
/// (operator, operator). Removed when the shares reach zero.
pub const DELEGATION_SHARES: SnapshotMap<(&Addr, &Addr), Uint128> = SnapshotMap::new(
    "delegation_shares",
    "delegation_shares__checkpoints",
    "delegation_shares__changelog",
    Strategy::EveryBlock,
);

/// delegator → operators it holds shares of.
pub const DELEGATED_OPERATORS: SnapshotMap<&Addr, Vec<Addr>> = SnapshotMap::new(
    "delegated_operators",
    "delegated_operators__checkpoints",
    "delegated_operators__changelog",
    Strategy::EveryBlock,
);

/// address → lock end, snapshotted for voting at past heights.
pub const LOCKS: SnapshotMap<&Addr, Timestamp> = SnapshotMap::new(
    "locks",
    "locks__checkpoints",
    "locks__changelog",
    Strategy::EveryBlock,
);

/// (operator, delegator) reverse index of [`DELEGATION_SHARES`], for listing delegators.
pub const OPERATOR_DELEGATORS: Map<(&Addr, &Addr), Empty> = Map::new("operator_delegators");

pub const REWARD_POOLS: PackedMap<&Addr, RewardPool> = PackedMap::new("reward_pools");
/// (delegator, operator) → reward position. Outlives the shares until its rewards are claimed.
pub const REWARD_DEBTS: PackedMap<(&Addr, &Addr), RewardDebt> = PackedMap::new("reward_debts");

/// (operator, epoch start seconds) → unbonding epoch pool.
pub const UNBONDING_POOLS: Map<(&Addr, u64), UnbondingPool> = Map::new("unbonding_pools");
/// (address, operator, epoch start seconds) → the address's entry in that pool.
pub const UNBONDING_ENTRIES: Map<(&Addr, &Addr, u64), UnbondingEntry> =
    Map::new("unbonding_entries");
/// address → number of its unbonding entries.
pub const UNBONDING_COUNTS: Map<&Addr, u32> = Map::new("unbonding_counts");

/// Each evidence id slashes once.
pub const EVIDENCE: Map<&str, SlashRecord> = Map::new("evidence");

pub struct OperatorIndexes<'a> {
    pub role: MultiIndex<'a, u8, Operator, Addr>,
    pub tier: MultiIndex<'a, u8, Operator, Addr>,
    pub role_tier: MultiIndex<'a, (u8, u8), Operator, Addr>,
}

impl IndexList<Operator> for OperatorIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Operator>> + '_> {
        let v: Vec<&dyn Index<Operator>> = vec![&self.role, &self.tier, &self.role_tier];
        Box::new(v.into_iter())
    }
}

pub fn operators<'a>() -> IndexedMap<&'a Addr, Operator, OperatorIndexes<'a>> {
    IndexedMap::new(
        "operators",
        OperatorIndexes {
            role: MultiIndex::new(|_pk, o| o.role.index_key(), "operators", "operators__role"),
            tier: MultiIndex::new(
                |_pk, o| tier_index_key(o.tier),
                "operators",
                "operators__tier",
            ),
            role_tier: MultiIndex::new(
                |_pk, o| (o.role.index_key(), tier_index_key(o.tier)),
                "operators",
                "operators__role_tier",
            ),
        },
    )
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use cosmwasm_std::Order;
    use infermesh_kit::storage_keys::{kit, snapshot_item, snapshot_map, KeySpace};
    let mut spaces = vec![
        KeySpace::packed_item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::packed_item("TOTALS", &TOTALS),
        KeySpace::map("OPERATOR_DELEGATORS", &OPERATOR_DELEGATORS),
        KeySpace::packed_map("REWARD_POOLS", &REWARD_POOLS),
        KeySpace::packed_map("REWARD_DEBTS", &REWARD_DEBTS),
        KeySpace::map("UNBONDING_POOLS", &UNBONDING_POOLS),
        KeySpace::map("UNBONDING_ENTRIES", &UNBONDING_ENTRIES),
        KeySpace::map("UNBONDING_COUNTS", &UNBONDING_COUNTS),
        KeySpace::map("EVIDENCE", &EVIDENCE),
        KeySpace::scanned_map("operators", |s| {
            let _ = operators().keys_raw(s, None, None, Order::Ascending);
        }),
        KeySpace::scanned_map("operators by role", |s| {
            let _ = operators()
                .idx
                .role
                .keys_raw(s, None, None, Order::Ascending);
        }),
        KeySpace::scanned_map("operators by tier", |s| {
            let _ = operators()
                .idx
                .tier
                .keys_raw(s, None, None, Order::Ascending);
        }),
        KeySpace::scanned_map("operators by role and tier", |s| {
            let _ = operators()
                .idx
                .role_tier
                .keys_raw(s, None, None, Order::Ascending);
        }),
        kit::contract_version(),
        kit::ownership(),
        kit::paused(),
        kit::param_history(),
    ];
    spaces.extend(snapshot_item("TOTAL_BONDED", &TOTAL_BONDED));
    for role in Role::ALL {
        spaces.extend(snapshot_item(
            &format!("role_bonded({role:?})"),
            &role_bonded(role),
        ));
    }
    spaces.extend(snapshot_map("BONDED_POOLS", &BONDED_POOLS));
    spaces.extend(snapshot_map("DELEGATION_SHARES", &DELEGATION_SHARES));
    spaces.extend(snapshot_map("DELEGATED_OPERATORS", &DELEGATED_OPERATORS));
    spaces.extend(snapshot_map("LOCKS", &LOCKS));
    spaces
}
