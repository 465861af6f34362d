//! Staking: the operator registry (provider / gateway / validator), self-bond and delegation,
//! tiers, unbonding, slashing, jail and ban, rewards, locks and stake snapshots (docs/staking.md).
//!
//! Stake enters only by a cw20 `Send` from the configured token with a [`ReceiveMsg`] hook.
//! Delegations are *shares* of an operator's bonded pool (Cosmos SDK x/staking), so a slash
//! touches one pool record whatever the number of delegators. Unbonding stake is grouped into
//! per-operator, per-day epoch pools (each with tokens and shares) so a slash for an infraction
//! at time `t` also reaches every unbonding that started at or after `t` in at most
//! `unbonding_period / UNBONDING_EPOCH_SECONDS + 2` pool writes.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, CosmosMsg, Decimal, QuerierWrapper, StdResult, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::token::TokenClient;

const DAY: u64 = crate::common::DAY_SECONDS;
pub use crate::common::YEAR_SECONDS;

/// One whole token in base units (6 decimals).
pub const TOKEN_UNIT: u128 = 1_000_000;

/// Width of an unbonding epoch pool: every unbonding started in the same day (block time
/// `floor(t / DAY) * DAY`) for the same operator shares one pool. Fixed, because pool keys are
/// epoch start times.
pub const UNBONDING_EPOCH_SECONDS: u64 = DAY;
/// Default unbonding period: 21 days.
pub const DEFAULT_UNBONDING_PERIOD_SECONDS: u64 = 21 * DAY;
/// The unbonding period may not exceed 60 days, which bounds a slash to at most 62 pool writes.
pub const MAX_UNBONDING_PERIOD_SECONDS: u64 = 60 * DAY;
/// Default size of one address's unbonding queue.
pub const DEFAULT_MAX_UNBONDING_ENTRIES: u32 = 7;
/// Largest queue size the owner may set; also bounds `Withdraw {}`.
pub const MAX_UNBONDING_ENTRIES_CAP: u32 = 32;
/// Default jail after a slash: 7 days.
pub const DEFAULT_JAIL_PERIOD_SECONDS: u64 = 7 * DAY;
/// Longest jail the owner may configure or a jailer may impose: one year.
pub const MAX_JAIL_SECONDS: u64 = YEAR_SECONDS;
/// Window in which repeated minor infractions escalate: 30 days.
pub const DEFAULT_MINOR_WINDOW_SECONDS: u64 = 30 * DAY;
/// The 3rd minor infraction inside the window is slashed as major.
pub const DEFAULT_MINOR_ESCALATION_COUNT: u32 = 3;
/// Largest escalation count (bounds the per-operator list of recent minor infractions).
pub const MAX_MINOR_ESCALATION_COUNT: u32 = 10;
/// Longest lock term: one year.
pub const MAX_LOCK_SECONDS: u64 = YEAR_SECONDS;
/// How many operators one address may delegate to at once (bounds the at-height stake query).
pub const MAX_DELEGATIONS_PER_ADDRESS: usize = 20;
/// Largest number of slasher or jailer addresses the config holds.
pub const MAX_AUTHORISED: usize = 16;
/// Metadata bounds.
pub const MAX_MODELS: usize = 32;
pub const MAX_MODEL_NAME_LEN: usize = 64;
pub const MAX_ENDPOINT_LEN: usize = 256;
pub const MAX_EVIDENCE_ID_LEN: usize = 128;
pub const MAX_JAIL_REASON_LEN: usize = 256;

/// Voting multiplier of bonded stake (QUIVer §6.1).
pub const STAKED_MULTIPLIER: Decimal = Decimal::permille(1_500);
/// Voting multiplier of stake locked for a year or more.
pub const MAX_LOCKED_MULTIPLIER: Decimal = Decimal::permille(2_000);

/// Default operator commission on staking rewards (QUIVer §7.1).
pub const DEFAULT_COMMISSION_RATE: Decimal = Decimal::percent(5);
pub const DEFAULT_MAX_COMMISSION_RATE: Decimal = Decimal::percent(20);
/// Largest change of a commission rate in one update, at most one update per day.
pub const DEFAULT_MAX_COMMISSION_CHANGE: Decimal = Decimal::percent(1);
/// Minimum time between two commission changes of one operator.
pub const COMMISSION_CHANGE_INTERVAL_SECONDS: u64 = DAY;

/// The tier table of QUIVer §4.1, the single source of the defaults.
pub const DEFAULT_TIERS: [TierParams; 4] = [
    TierParams {
        tier: Tier::Bronze,
        min_self_bond: Uint128::new(10_000 * TOKEN_UNIT),
        max_slash: Decimal::percent(5),
        fee_discount: Decimal::percent(0),
        exclusive_models: false,
    },
    TierParams {
        tier: Tier::Silver,
        min_self_bond: Uint128::new(50_000 * TOKEN_UNIT),
        max_slash: Decimal::percent(10),
        fee_discount: Decimal::percent(10),
        exclusive_models: false,
    },
    TierParams {
        tier: Tier::Gold,
        min_self_bond: Uint128::new(250_000 * TOKEN_UNIT),
        max_slash: Decimal::percent(15),
        fee_discount: Decimal::percent(20),
        exclusive_models: false,
    },
    TierParams {
        tier: Tier::Platinum,
        min_self_bond: Uint128::new(1_000_000 * TOKEN_UNIT),
        max_slash: Decimal::percent(20),
        fee_discount: Decimal::percent(30),
        exclusive_models: true,
    },
];

#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Provider,
    Gateway,
    Validator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Provider, Role::Gateway, Role::Validator];

    /// Stable byte used in storage index keys.
    pub const fn index_key(self) -> u8 {
        match self {
            Role::Provider => 1,
            Role::Gateway => 2,
            Role::Validator => 3,
        }
    }
}

#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    Bronze,
    Silver,
    Gold,
    Platinum,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Bronze, Tier::Silver, Tier::Gold, Tier::Platinum];

    /// Stable byte used in storage index keys; 0 means "no tier".
    pub const fn index_key(self) -> u8 {
        match self {
            Tier::Bronze => 1,
            Tier::Silver => 2,
            Tier::Gold => 3,
            Tier::Platinum => 4,
        }
    }
}

/// Storage index byte of an optional tier (0 = below Bronze).
pub fn tier_index_key(tier: Option<Tier>) -> u8 {
    tier.map(Tier::index_key).unwrap_or(0)
}

#[cw_serde]
pub struct TierParams {
    pub tier: Tier,
    /// Self-bond (base units) from which an operator holds this tier.
    pub min_self_bond: Uint128,
    /// Largest fraction of stake one slash may take from an operator of this tier.
    pub max_slash: Decimal,
    /// Discount on the protocol's fee cut (read by bill-escrow).
    pub fee_discount: Decimal,
    /// Whether this tier may serve exclusive models.
    pub exclusive_models: bool,
}

/// The slash classes of QUIVer §4.3.
#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum SlashClass {
    /// 1–5%.
    Minor,
    /// 5–15%.
    Major,
    /// 15–20% and a permanent ban.
    Severe,
}

impl SlashClass {
    /// Inclusive fraction range of the class.
    pub const fn range(self) -> (Decimal, Decimal) {
        match self {
            SlashClass::Minor => (Decimal::percent(1), Decimal::percent(5)),
            SlashClass::Major => (Decimal::percent(5), Decimal::percent(15)),
            SlashClass::Severe => (Decimal::percent(15), Decimal::percent(20)),
        }
    }
}

/// The largest fraction any slash may take; also the cap for operators below Bronze.
pub const MAX_SLASH_FRACTION: Decimal = Decimal::percent(20);

/// Voting multiplier of stake whose lock ends at `locked_until`, evaluated at `at`: 1.5x for
/// bonded stake, rising linearly with the *remaining* lock time to 2x at one year or more.
pub fn voting_multiplier(locked_until: Option<Timestamp>, at: Timestamp) -> Decimal {
    let remaining = match locked_until {
        Some(until) if until > at => until.seconds() - at.seconds(),
        _ => return STAKED_MULTIPLIER,
    };
    let bonus = MAX_LOCKED_MULTIPLIER - STAKED_MULTIPLIER;
    STAKED_MULTIPLIER + bonus * Decimal::from_ratio(remaining.min(YEAR_SECONDS), YEAR_SECONDS)
}

/// Parameters the owner (the DAO) may change; the DAO's parameter guard limits how fast.
#[cw_serde]
pub struct Params {
    pub unbonding_period_seconds: u64,
    /// Size of one address's unbonding queue (1..=`MAX_UNBONDING_ENTRIES_CAP`).
    pub max_unbonding_entries: u32,
    /// Jail imposed by every slash.
    pub jail_period_seconds: u64,
    pub minor_window_seconds: u64,
    /// The n-th minor infraction inside the window is slashed as major (2..=10).
    pub minor_escalation_count: u32,
    /// Commission of a newly registered operator that names none.
    pub default_commission_rate: Decimal,
    pub max_commission_rate: Decimal,
    /// Largest change of one operator's rate per update; one update per day.
    pub max_commission_change: Decimal,
    /// Exactly one entry per tier, Bronze to Platinum, with strictly increasing minimum self-bond.
    pub tiers: Vec<TierParams>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            unbonding_period_seconds: DEFAULT_UNBONDING_PERIOD_SECONDS,
            max_unbonding_entries: DEFAULT_MAX_UNBONDING_ENTRIES,
            jail_period_seconds: DEFAULT_JAIL_PERIOD_SECONDS,
            minor_window_seconds: DEFAULT_MINOR_WINDOW_SECONDS,
            minor_escalation_count: DEFAULT_MINOR_ESCALATION_COUNT,
            default_commission_rate: DEFAULT_COMMISSION_RATE,
            max_commission_rate: DEFAULT_MAX_COMMISSION_RATE,
            max_commission_change: DEFAULT_MAX_COMMISSION_CHANGE,
            tiers: DEFAULT_TIERS.to_vec(),
        }
    }
}

impl Params {
    /// The highest tier whose minimum `self_bond` reaches, if any.
    pub fn tier_for(&self, self_bond: Uint128) -> Option<&TierParams> {
        self.tiers
            .iter()
            .rev()
            .find(|tier| self_bond >= tier.min_self_bond)
    }
}

#[cw_serde]
pub struct OperatorMetadata {
    /// Model identifiers the operator serves.
    pub models: Vec<String>,
    /// Advertised latency in milliseconds (bill-escrow and reputation compare against it).
    pub latency_ms: u32,
    pub endpoint: String,
}

#[cw_serde]
pub struct Commission {
    pub rate: Decimal,
    /// Last change of the rate (registration counts as one).
    pub updated_at: Timestamp,
}

#[cw_serde]
pub struct Operator {
    pub address: Addr,
    pub role: Role,
    pub metadata: OperatorMetadata,
    pub commission: Commission,
    /// Tier as of the last change of the operator's self-bond or of the tier table seen by it
    /// (`RefreshTier`). `OperatorStatus` always computes the tier live.
    pub tier: Option<Tier>,
    /// Set by a jail or slash; stays set until the operator unjails after it passes.
    pub jailed_until: Option<Timestamp>,
    /// Permanent, after a severe slash.
    pub banned: bool,
    pub registered_at: Timestamp,
    /// Times of the most recent minor infractions still inside the escalation window.
    pub recent_minors: Vec<Timestamp>,
}

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
    /// Owner only.
    UpdateParams { params: Params },
    /// Owner only. Each field replaces the stored value when given.
    UpdateConfig {
        slashers: Option<Vec<String>>,
        jailers: Option<Vec<String>>,
        guardian: Option<String>,
    },
}

#[cw_serde]
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
    #[returns(OperatorStatusResponse)]
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
    /// Total bonded stake as at the start of block `height` (default: now).
    #[returns(TotalStakeAtHeightResponse)]
    TotalStakeAtHeight { height: Option<u64> },
    /// The address's lock and its voting multiplier now.
    #[returns(StakeLockResponse)]
    StakeLock { address: String },
    #[returns(Option<SlashRecord>)]
    Evidence { evidence_id: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub slashers: Vec<Addr>,
    pub jailers: Vec<Addr>,
    pub guardian: Option<Addr>,
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
pub struct OperatorStatusResponse {
    pub operator: Addr,
    pub role: Role,
    /// Live tier from the current self-bond under the current tier table.
    pub tier: Option<Tier>,
    /// Cap on one slash: the tier's, or [`MAX_SLASH_FRACTION`] below Bronze.
    pub max_slash: Decimal,
    pub fee_discount: Decimal,
    pub exclusive_models: bool,
    pub jailed: bool,
    pub jailed_until: Option<Timestamp>,
    pub banned: bool,
    /// May take new jobs and delegations: registered, not jailed, not banned.
    pub active: bool,
    pub self_bond: Uint128,
    /// Bonded by others.
    pub delegated: Uint128,
    pub total_bonded: Uint128,
    pub advertised_latency_ms: u32,
    pub commission_rate: Decimal,
}

impl OperatorStatusResponse {
    /// Whether the operator may serve a job needing at least `min_tier`.
    pub fn may_serve(&self, min_tier: Option<Tier>) -> bool {
        if !self.active {
            return false;
        }
        match min_tier {
            None => true,
            Some(min) => self.tier.is_some_and(|tier| tier >= min),
        }
    }
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
pub struct UnbondingEntry {
    pub operator: Addr,
    /// Key of the epoch pool the entry holds shares of.
    pub epoch_start: Timestamp,
    pub shares: Uint128,
    /// Tokens put into unbonding (before any later slash).
    pub initial_tokens: Uint128,
    pub completes_at: Timestamp,
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
    pub total: Uint128,
}

#[cw_serde]
pub struct StakeLockResponse {
    pub address: Addr,
    pub locked_until: Option<Timestamp>,
    /// Voting multiplier now: 1.5x, up to 2x with a year or more of lock remaining.
    pub multiplier: Decimal,
}

#[cw_serde]
pub struct SlashRecord {
    pub evidence_id: String,
    pub operator: Addr,
    pub slasher: Addr,
    pub requested_class: SlashClass,
    /// `Major` when repeated minors escalated.
    pub applied_class: SlashClass,
    pub requested_fraction: Decimal,
    pub applied_fraction: Decimal,
    pub infraction_time: Option<Timestamp>,
    pub time: Timestamp,
    pub burned: Uint128,
}

/// Typed client for the staking contract.
#[cw_serde]
pub struct StakingClient(pub Addr);

/// Why an operator may not take new work ([`StakingClient::active_operator`]).
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum OperatorError {
    #[error("{operator} is not a registered operator")]
    NotRegistered { operator: String },

    #[error("{operator} is registered as {actual:?}, not {expected:?}")]
    WrongRole {
        operator: Addr,
        expected: Role,
        actual: Role,
    },

    #[error("operator {operator} is jailed")]
    Jailed { operator: Addr },

    #[error("operator {operator} is banned")]
    Banned { operator: Addr },
}

impl StakingClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The operator's self-bond: a cw20 Send of `amount` from `token`.
    pub fn self_bond_msg(&self, token: &TokenClient, amount: Uint128) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, &ReceiveMsg::SelfBond {})
    }

    pub fn delegate_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        operator: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            amount,
            &ReceiveMsg::Delegate {
                operator: operator.into(),
            },
        )
    }

    /// Pays staking rewards to `operator`'s delegators (the distributor's message).
    pub fn distribute_rewards_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        operator: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            amount,
            &ReceiveMsg::DistributeRewards {
                operator: operator.into(),
            },
        )
    }

    pub fn register_operator_msg(
        &self,
        role: Role,
        metadata: OperatorMetadata,
        commission_rate: Option<Decimal>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::RegisterOperator {
            role,
            metadata,
            commission_rate,
        })
    }

    pub fn unbond_msg(&self, operator: impl Into<String>, amount: Uint128) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Unbond {
            operator: operator.into(),
            amount,
        })
    }

    pub fn withdraw_msg(&self) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Withdraw {})
    }

    pub fn claim_rewards_msg(&self, operator: impl Into<String>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ClaimRewards {
            operator: operator.into(),
        })
    }

    /// The slasher's message (bill-escrow verdicts, DAO proposals).
    pub fn slash_msg(
        &self,
        operator: impl Into<String>,
        class: SlashClass,
        fraction: Decimal,
        evidence_id: impl Into<String>,
        infraction_time: Option<Timestamp>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Slash(SlashRequest {
            operator: operator.into(),
            class,
            fraction,
            evidence_id: evidence_id.into(),
            infraction_time,
        }))
    }

    /// The jailer's message (e.g. reputation on an SLA breach).
    pub fn jail_msg(
        &self,
        operator: impl Into<String>,
        reason: impl Into<String>,
        duration_seconds: Option<u64>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Jail {
            operator: operator.into(),
            reason: reason.into(),
            duration_seconds,
        })
    }

    /// The operator's status, when it is registered with `role`, neither banned nor jailed, and
    /// active (bonded at least at the lowest tier): the check every contract makes before an
    /// operator may take new work.
    pub fn active_operator(
        &self,
        querier: &QuerierWrapper,
        operator: &str,
        role: Role,
    ) -> Result<OperatorStatusResponse, OperatorError> {
        let status =
            self.operator_status(querier, operator)
                .map_err(|_| OperatorError::NotRegistered {
                    operator: operator.to_string(),
                })?;
        if status.role != role {
            return Err(OperatorError::WrongRole {
                operator: status.operator,
                expected: role,
                actual: status.role,
            });
        }
        if status.banned {
            return Err(OperatorError::Banned {
                operator: status.operator,
            });
        }
        if status.jailed || !status.active {
            return Err(OperatorError::Jailed {
                operator: status.operator,
            });
        }
        Ok(status)
    }

    pub fn operator_status(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<OperatorStatusResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::OperatorStatus {
                operator: operator.into(),
            },
        )
    }

    pub fn stake_at_height(
        &self,
        querier: &QuerierWrapper,
        address: impl Into<String>,
        height: Option<u64>,
    ) -> StdResult<StakeAtHeightResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::StakeAtHeight {
                address: address.into(),
                height,
            },
        )
    }

    pub fn total_stake_at_height(
        &self,
        querier: &QuerierWrapper,
        height: Option<u64>,
    ) -> StdResult<TotalStakeAtHeightResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::TotalStakeAtHeight { height })
    }

    pub fn stake_lock(
        &self,
        querier: &QuerierWrapper,
        address: impl Into<String>,
    ) -> StdResult<StakeLockResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::StakeLock {
                address: address.into(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tiers_follow_quiver() {
        let params = Params::default();
        assert_eq!(params.tier_for(Uint128::new(9_999_999_999)), None);
        assert_eq!(
            params
                .tier_for(Uint128::new(10_000_000_000))
                .map(|t| t.tier),
            Some(Tier::Bronze)
        );
        assert_eq!(
            params
                .tier_for(Uint128::new(1_000_000_000_000))
                .map(|t| t.tier),
            Some(Tier::Platinum)
        );
        assert!(DEFAULT_TIERS[3].exclusive_models);
    }

    #[test]
    fn multiplier_rises_with_remaining_lock() {
        let now = Timestamp::from_seconds(1_000);
        assert_eq!(voting_multiplier(None, now), STAKED_MULTIPLIER);
        assert_eq!(
            voting_multiplier(Some(now.plus_seconds(YEAR_SECONDS)), now),
            MAX_LOCKED_MULTIPLIER
        );
        assert_eq!(
            voting_multiplier(Some(now.plus_seconds(YEAR_SECONDS / 2)), now),
            Decimal::permille(1_750)
        );
        assert_eq!(voting_multiplier(Some(now), now), STAKED_MULTIPLIER);
    }
}
