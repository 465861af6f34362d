//! Staking's parameters: the bound of every configurable value, the defaults, and the tier table
//! of QUIVer §4.1 (docs/staking.md).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128};

use infermesh_kit::validate::in_range;
use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

use super::Tier;

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

/// Rewards paid to an operator's stakers stream to them over this long by default: 7 days.
pub const DEFAULT_REWARD_STREAM_SECONDS: u64 = 7 * DAY;
fn default_reward_stream_seconds() -> u64 {
    DEFAULT_REWARD_STREAM_SECONDS
}

/// The longest a reward stream may be set to: 90 days.
pub const MAX_REWARD_STREAM_SECONDS: u64 = 90 * DAY;

/// The largest fraction any slash may take; also the cap for operators below Bronze.
pub const MAX_SLASH_FRACTION: Decimal = Decimal::percent(20);

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
    /// Rewards paid in are released to the shares evenly over this long (60 s ..= 90 days), so a
    /// delegation made just before a payment earns only for the time it stays bonded. Stored
    /// params from before it read as the default.
    #[serde(default = "default_reward_stream_seconds")]
    pub reward_stream_seconds: u64,
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
            reward_stream_seconds: DEFAULT_REWARD_STREAM_SECONDS,
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

impl Params {
    /// Checks every bound above (docs/staking.md §1).
    pub fn validate(&self) -> Result<(), ValidationError> {
        let params = self;
        in_range(
            "unbonding_period_seconds",
            params.unbonding_period_seconds,
            1,
            MAX_UNBONDING_PERIOD_SECONDS,
        )?;
        in_range(
            "max_unbonding_entries",
            params.max_unbonding_entries,
            1,
            MAX_UNBONDING_ENTRIES_CAP,
        )?;
        in_range(
            "jail_period_seconds",
            params.jail_period_seconds,
            1,
            MAX_JAIL_SECONDS,
        )?;
        in_range(
            "minor_window_seconds",
            params.minor_window_seconds,
            1,
            u64::MAX,
        )?;
        in_range(
            "reward_stream_seconds",
            params.reward_stream_seconds,
            60,
            MAX_REWARD_STREAM_SECONDS,
        )?;
        in_range(
            "minor_escalation_count",
            params.minor_escalation_count,
            2,
            MAX_MINOR_ESCALATION_COUNT,
        )?;
        if params.max_commission_rate > Decimal::one()
            || params.default_commission_rate > params.max_commission_rate
            || params.max_commission_change > Decimal::one()
        {
            return Err(invalid(
                "commission rates must satisfy default <= max <= 1 and max_change <= 1",
            ));
        }
        if params.tiers.len() != Tier::ALL.len() {
            return Err(invalid("tiers must list Bronze, Silver, Gold, Platinum"));
        }
        let mut previous_min = None;
        for (expected, tier) in Tier::ALL.iter().zip(&params.tiers) {
            if tier.tier != *expected {
                return Err(invalid("tiers must list Bronze, Silver, Gold, Platinum"));
            }
            if tier.min_self_bond.is_zero()
                || previous_min.is_some_and(|min| tier.min_self_bond <= min)
            {
                return Err(invalid(
                    "tier minimum self-bonds must be positive and strictly increasing",
                ));
            }
            previous_min = Some(tier.min_self_bond);
            if tier.max_slash > MAX_SLASH_FRACTION || tier.fee_discount > Decimal::one() {
                return Err(invalid(format!(
                    "tier max_slash must be <= {MAX_SLASH_FRACTION} and fee_discount <= 1"
                )));
            }
        }
        Ok(())
    }
}

fn invalid(reason: impl Into<String>) -> ValidationError {
    ValidationError::InvalidParams {
        reason: reason.into(),
    }
}

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        out.num("unbonding_period_seconds", self.unbonding_period_seconds);
        out.num("max_unbonding_entries", self.max_unbonding_entries);
        out.num("jail_period_seconds", self.jail_period_seconds);
        out.num("minor_window_seconds", self.minor_window_seconds);
        out.num("minor_escalation_count", self.minor_escalation_count);
        out.decimal("default_commission_rate", self.default_commission_rate);
        out.decimal("max_commission_rate", self.max_commission_rate);
        out.decimal("max_commission_change", self.max_commission_change);
        out.exact("tiers", self.tiers.len() as u128);
        for tier in &self.tiers {
            out.exact("tiers.tier", tier.tier.index_key());
            out.num("tiers.min_self_bond", tier.min_self_bond);
            out.decimal("tiers.max_slash", tier.max_slash);
            out.decimal("tiers.fee_discount", tier.fee_discount);
            out.exact("tiers.exclusive_models", tier.exclusive_models);
        }
        out.num("reward_stream_seconds", self.reward_stream_seconds);
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
}
