//! Staking's messages and query responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

#[cfg(doc)]
use super::voting_multiplier;
use super::{Operator, OperatorMetadata, Params, Role, SlashClass, Tier, UnbondingEntry};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// The only cw20 whose `Send` bonds, delegates or pays rewards.
    pub token: String,
    /// May slash (bill-escrow, the DAO).
    pub slashers: Vec<String>,
    /// May jail but not slash (e.g. reputation).
    pub jailers: Vec<String>,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

/// A slasher's request ([`ExecuteMsg::Slash`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct SlashRequest {
    pub operator: String,
    pub class: SlashClass,
    pub fraction: Decimal,
    /// Each evidence id slashes once.
    pub evidence_id: String,
    /// When the misbehaviour happened; unbonding started at or after it (to the day) is
    /// slashed too. `None`: only the bonded pool. Must not lie in the future. A time older
    /// than the unbonding period is clamped to the earliest slashable time
    /// (`now − unbonding_period_seconds`): the bonded pool and every unbonding pool not yet
    /// matured are slashed, so a late verdict still slashes.
    pub infraction_time: Option<Timestamp>,
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// The sender becomes an operator of `role`. Not while paused.
    RegisterOperator {
        role: Role,
        metadata: OperatorMetadata,
        /// Defaults to `params.default_commission_rate`.
        commission_rate: Option<Decimal>,
    },
    /// Operator only: replaces its metadata.
    UpdateOperator { metadata: OperatorMetadata },
    /// Operator only: at most `max_commission_change` per update, one update per day.
    UpdateCommission { rate: Decimal },
    /// Starts unbonding `amount` tokens of the sender's stake with `operator` (self-bond when the
    /// sender is the operator). Works while paused.
    Unbond { operator: String, amount: Uint128 },
    /// Pays out every matured unbonding entry of the sender. Works while paused.
    Withdraw {},
    /// Pays the sender's rewards from its delegation to `operator`, plus the commission when the
    /// sender is that operator.
    ClaimRewards { operator: String },
    /// Locks all the sender's bonded stake until `now + duration_seconds` (≤ 1 year) for a higher
    /// voting multiplier; a lock may be extended, never shortened.
    Lock { duration_seconds: u64 },
    /// Slashers only.
    Slash(SlashRequest),
    /// Jailers, slashers or the owner: blocks new jobs and delegations for `duration_seconds`
    /// (default `params.jail_period_seconds`).
    Jail {
        operator: String,
        reason: String,
        duration_seconds: Option<u64>,
    },
    /// Operator only, after its jail has passed. A banned operator never unjails.
    Unjail {},
    /// Anyone: recomputes the stored tier of `operator` (after a change of the tier table).
    RefreshTier { operator: String },
    /// Guardian or owner: stops new bonds, delegations and registrations.
    Pause {},
    /// Owner only.
    Unpause {},
    /// Owner only, within the parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateParams { params: Params },
    /// Owner only: an emergency parameter adjustment, outside the parameter guard's 20 % a
    /// quarter (infermesh_kit::guard); the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams { params: Params },
    /// Owner only. Each field replaces the stored value when given.
    UpdateConfig {
        slashers: Option<Vec<String>>,
        jailers: Option<Vec<String>>,
        guardian: Option<String>,
        /// The reward distributor told of every change of an operator's earning stake.
        distributor: Option<String>,
    },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// Self-bond: the cw20 sender must be a registered, unbanned operator.
    SelfBond {},
    /// Delegate to `operator` (registered, not jailed, not banned). Delegating to oneself is a
    /// self-bond.
    Delegate { operator: String },
    /// Staking rewards for `operator`'s delegators: commission to the operator, the rest by shares.
    DistributeRewards { operator: String },
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(TotalsResponse)]
    Totals {},
    #[returns(OperatorResponse)]
    Operator { operator: String },
    /// Everything another contract needs about an operator, in one call.
    #[returns(super::OperatorStatusResponse)]
    OperatorStatus { operator: String },
    /// Operators by address; filtered by role, by tier (stored tier) or both.
    #[returns(OperatorsResponse)]
    Operators {
        role: Option<Role>,
        tier: Option<Tier>,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(DelegationResponse)]
    Delegation { delegator: String, operator: String },
    /// Delegations of one address, by operator.
    #[returns(DelegationsResponse)]
    Delegations {
        delegator: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Delegators of one operator, by delegator.
    #[returns(DelegationsResponse)]
    Delegators {
        operator: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The unbonding queue of an address (at most `max_unbonding_entries` long).
    #[returns(UnbondingEntriesResponse)]
    UnbondingEntries { address: String },
    /// Bonded stake of `address` summed over its delegations, as at the start of block `height`
    /// (default: now). Reflects every slash up to that height exactly.
    #[returns(StakeAtHeightResponse)]
    StakeAtHeight {
        address: String,
        height: Option<u64>,
    },
    /// Total bonded stake as at the start of block `height` (default: now): of every operator,
    /// or of the operators of `role` only.
    #[returns(TotalStakeAtHeightResponse)]
    TotalStakeAtHeight {
        height: Option<u64>,
        role: Option<Role>,
    },
    /// An operator's bonded pool (self-bond and delegations) and its role's total, as at the start
    /// of block `height` (default: now); what the delegations of `counterparties` (at most
    /// [`MAX_COUNTERPARTIES`]) to it were worth then, and the first of them it delegated to. What a
    /// decision weighted by stake fixed at its opening needs, in one call (docs/staking.md §10).
    #[returns(OperatorStakeAtHeightResponse)]
    OperatorStakeAtHeight {
        operator: String,
        height: Option<u64>,
        counterparties: Vec<String>,
    },
    /// The address's lock and its voting multiplier now.
    #[returns(StakeLockResponse)]
    StakeLock { address: String },
    #[returns(Option<super::SlashRecord>)]
    Evidence { evidence_id: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub slashers: Vec<Addr>,
    pub jailers: Vec<Addr>,
    pub guardian: Option<Addr>,
    pub distributor: Option<Addr>,
    pub paused: bool,
}

#[cw_serde]
pub struct TotalsResponse {
    pub bonded: Uint128,
    pub unbonding: Uint128,
    /// Rewards paid in and not yet claimed (commission included; includes rounding dust).
    pub rewards_outstanding: Uint128,
    /// Slashed and burned, ever.
    pub burned: Uint128,
}

#[cw_serde]
pub struct OperatorResponse {
    pub operator: Operator,
    pub self_bond: Uint128,
    pub total_bonded: Uint128,
    pub total_shares: Uint128,
    pub commission_unclaimed: Uint128,
}

#[cw_serde]
pub struct OperatorsResponse {
    pub operators: Vec<Operator>,
}

#[cw_serde]
pub struct DelegationResponse {
    pub delegator: Addr,
    pub operator: Addr,
    pub shares: Uint128,
    /// Token value of the shares now (rounded down).
    pub stake: Uint128,
    pub pending_rewards: Uint128,
}

#[cw_serde]
pub struct DelegationsResponse {
    pub delegations: Vec<DelegationResponse>,
}

#[cw_serde]
pub struct UnbondingEntryResponse {
    pub entry: UnbondingEntry,
    /// What the entry pays now, after slashes (rounded down).
    pub tokens: Uint128,
    pub matured: bool,
}

#[cw_serde]
pub struct UnbondingEntriesResponse {
    pub entries: Vec<UnbondingEntryResponse>,
}

#[cw_serde]
pub struct StakeAtHeightResponse {
    pub address: Addr,
    pub height: u64,
    pub stake: Uint128,
    /// The address's lock as at that height; evaluate with [`voting_multiplier`] at the time
    /// that matters to the caller (e.g. a proposal's start).
    pub locked_until: Option<Timestamp>,
}

#[cw_serde]
pub struct TotalStakeAtHeightResponse {
    pub height: u64,
    pub role: Option<Role>,
    pub total: Uint128,
}

/// Most counterparties one [`QueryMsg::OperatorStakeAtHeight`] checks.
pub const MAX_COUNTERPARTIES: usize = 8;

#[cw_serde]
pub struct OperatorStakeAtHeightResponse {
    pub operator: Addr,
    pub role: Role,
    pub height: u64,
    /// The operator's bonded pool tokens (self-bond and delegations; zero if not yet bonded).
    pub stake: Uint128,
    /// Bonded stake of all operators of the operator's role.
    pub role_total: Uint128,
    /// The value, at that height, of the counterparties' delegations to the operator (part of
    /// `stake`).
    pub counterparty_stake: Uint128,
    /// The first counterparty whose pool the operator held shares of at that height.
    pub delegates_to: Option<Addr>,
}

#[cw_serde]
pub struct StakeLockResponse {
    pub address: Addr,
    pub locked_until: Option<Timestamp>,
    /// Voting multiplier now: 1.5x, up to 2x with a year or more of lock remaining.
    pub multiplier: Decimal,
}
