//! What staking stores and reports: roles, tiers, slash classes, operators, unbonding entries and
//! slash records.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};

#[cfg(doc)]
use super::MAX_SLASH_FRACTION;

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

#[cw_serde]
#[serde(deny_unknown_fields)]
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
        may_serve(self.active, self.tier, min_tier)
    }
}

/// An operator `active` at `tier` may serve a job needing at least `min_tier`.
pub(crate) fn may_serve(active: bool, tier: Option<Tier>, min_tier: Option<Tier>) -> bool {
    if !active {
        return false;
    }
    match min_tier {
        None => true,
        Some(min) => tier.is_some_and(|tier| tier >= min),
    }
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
