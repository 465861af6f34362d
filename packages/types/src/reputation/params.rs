//! Reputation's parameters: the history window, the score scale and the bounds of every
//! configurable value, the component weights and the defaults (docs/reputation.md).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128};

use infermesh_kit::validate::in_range;
use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

use crate::staking::{MAX_JAIL_SECONDS, TOKEN_UNIT};

const DAY: u64 = crate::common::DAY_SECONDS;
/// Width of one history bucket: 5 days.
pub const BUCKET_SECONDS: u64 = 5 * DAY;
/// Buckets in the rolling window: 18 × 5 days = 90 days.
pub const WINDOW_BUCKETS: u64 = 18;
/// The newest buckets that make the 30-day rates: 6 × 5 days.
pub const RATE_BUCKETS: u64 = 6;
/// The score scale.
pub const MAX_SCORE: u16 = 1_000;
/// Largest attestation accuracy.
pub const MAX_ACCURACY: u8 = 100;
pub const MIN_STARS: u8 = 1;
pub const MAX_STARS: u8 = 5;
/// Largest attester set the owner may configure per operator.
pub const MAX_ATTESTERS_CAP: u32 = 32;
/// Fewest distinct attesters the owner may require before accuracy leaves the prior: with at
/// least three, the cap of one third per attester ([`ATTESTER_SHARE_DIVISOR`]) can always hold.
pub const MIN_ATTESTERS_FLOOR: u32 = 3;
/// No attester weighs more than `1 / ATTESTER_SHARE_DIVISOR` of the set in the median, so no
/// single attester decides it: the median is always another attester's value or lies between
/// them (docs/reputation.md §5).
pub const ATTESTER_SHARE_DIVISOR: u128 = 3;
/// Default value paid or escrowed in 90 days for full confidence: 20,000 tokens, so a self-dealt
/// pump to 900 costs at least ~1,400 tokens of fees and protocol shares (docs/reputation.md §4).
pub const DEFAULT_CONFIDENCE_VALUE: Uint128 = Uint128::new(20_000 * TOKEN_UNIT);
/// Default time one validator waits between two attestations of the same operator: 1 day.
pub const DEFAULT_ATTESTATION_COOLDOWN_SECONDS: u64 = DAY;
/// Longest cooldown the owner may set: the 90-day window.
pub const MAX_ATTESTATION_COOLDOWN_SECONDS: u64 = WINDOW_BUCKETS * BUCKET_SECONDS;
/// Average latency below which an operator earns the speed bonus (QUIVer §3.1).
pub const SPEED_BONUS_LATENCY_MS: u64 = 100;
/// Speed bonus: 1.2x.
pub const SPEED_BONUS: Decimal = Decimal::permille(1_200);
/// The reason reputation gives staking when it jails an operator.
pub const JAIL_REASON: &str = "reputation score below threshold";

/// Percent weight of each score component; the five must sum to exactly 100.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Weights {
    /// Successful jobs / all jobs, over 30 days.
    pub success_rate: u16,
    /// Latency against the advertised latency, over 30 days (failures and timeouts score 0).
    pub latency: u16,
    /// Average consumer rating over 90 days.
    pub rating: u16,
    /// Aggregated validator accuracy attestations.
    pub accuracy: u16,
    /// Self-bond in staking, log-scaled ("reputation staking").
    pub stake: u16,
}

impl Weights {
    pub fn sum(&self) -> u32 {
        [
            self.success_rate,
            self.latency,
            self.rating,
            self.accuracy,
            self.stake,
        ]
        .iter()
        .map(|w| u32::from(*w))
        .sum()
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            success_rate: 30,
            latency: 20,
            rating: 20,
            accuracy: 20,
            stake: 10,
        }
    }
}

/// Parameters the owner (the DAO) may change.
#[cw_serde]
pub struct Params {
    pub weights: Weights,
    /// Score of an operator without evidence (0–1000).
    pub prior_score: u16,
    /// Value (base units) of the jobs in the 90-day window that gives full confidence: what was
    /// charged for successes, what was escrowed for failures and timeouts. Confidence grows with
    /// value paid, not with a count of bills (> 0; default [`DEFAULT_CONFIDENCE_VALUE`]).
    pub confidence_value: Uint128,
    /// A score strictly below this jails the operator in staking, once per fall (0 disables).
    pub jail_threshold: u16,
    /// Length of that jail; `None`: staking's default jail period.
    pub jail_duration_seconds: Option<u64>,
    /// Most the aggregated accuracy (0–100) may move on one attestation (1–100 points).
    pub max_accuracy_step: u8,
    /// Validators whose latest attestation is kept per operator
    /// (`min_attesters`..=[`MAX_ATTESTERS_CAP`]).
    pub max_attesters: u32,
    /// Distinct attesters with weight that accuracy needs to leave the prior
    /// ([`MIN_ATTESTERS_FLOOR`]..=[`MAX_ATTESTERS_CAP`]; default 3).
    pub min_attesters: u32,
    /// Share of all bonded validator stake (now) that those attesters' weights must sum to for
    /// accuracy to leave the prior (1 % ..= 100 %; default 10 %). An attestation weighs the lesser
    /// of its validator's stake when it attested and now.
    pub min_attester_stake_share: Decimal,
    /// Self-bond (base units) that earns the full stake component (default: Platinum).
    pub stake_reference: Uint128,
    /// Least time between two attestations of one operator by one validator, so repeating an
    /// attestation cannot walk the clipped aggregate (1 second ..= 90 days; default 1 day).
    pub attestation_cooldown_seconds: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            weights: Weights::default(),
            prior_score: 500,
            confidence_value: DEFAULT_CONFIDENCE_VALUE,
            jail_threshold: 300,
            jail_duration_seconds: None,
            max_accuracy_step: 5,
            max_attesters: 16,
            min_attesters: MIN_ATTESTERS_FLOOR,
            min_attester_stake_share: Decimal::percent(10),
            stake_reference: Uint128::new(1_000_000 * TOKEN_UNIT),
            attestation_cooldown_seconds: DEFAULT_ATTESTATION_COOLDOWN_SECONDS,
        }
    }
}

impl Params {
    /// Checks every bound above (docs/reputation.md §1).
    pub fn validate(&self) -> Result<(), ValidationError> {
        let sum = self.weights.sum();
        if sum != 100 {
            return Err(ValidationError::InvalidParams {
                reason: format!("weights sum to {sum}; they must sum to 100"),
            });
        }
        in_range("prior_score", self.prior_score, 0, MAX_SCORE)?;
        in_range("jail_threshold", self.jail_threshold, 0, MAX_SCORE)?;
        in_range(
            "confidence_value",
            self.confidence_value,
            Uint128::one(),
            Uint128::MAX,
        )?;
        in_range("max_accuracy_step", self.max_accuracy_step, 1, 100)?;
        in_range(
            "min_attesters",
            self.min_attesters,
            MIN_ATTESTERS_FLOOR,
            MAX_ATTESTERS_CAP,
        )?;
        in_range(
            "max_attesters",
            self.max_attesters,
            self.min_attesters,
            MAX_ATTESTERS_CAP,
        )?;
        in_range(
            "min_attester_stake_share",
            self.min_attester_stake_share,
            Decimal::percent(1),
            Decimal::one(),
        )?;
        in_range(
            "attestation_cooldown_seconds",
            self.attestation_cooldown_seconds,
            1,
            MAX_ATTESTATION_COOLDOWN_SECONDS,
        )?;
        in_range(
            "stake_reference",
            self.stake_reference,
            Uint128::one(),
            Uint128::MAX,
        )?;
        if let Some(duration) = self.jail_duration_seconds {
            in_range("jail_duration_seconds", duration, 1, MAX_JAIL_SECONDS)?;
        }
        Ok(())
    }
}

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        out.num("weights.success_rate", self.weights.success_rate);
        out.num("weights.latency", self.weights.latency);
        out.num("weights.rating", self.weights.rating);
        out.num("weights.accuracy", self.weights.accuracy);
        out.num("weights.stake", self.weights.stake);
        out.num("prior_score", self.prior_score);
        out.num("confidence_value", self.confidence_value);
        out.num("jail_threshold", self.jail_threshold);
        out.optional("jail_duration_seconds", self.jail_duration_seconds);
        out.num("max_accuracy_step", self.max_accuracy_step);
        out.num("max_attesters", self.max_attesters);
        out.num("min_attesters", self.min_attesters);
        out.decimal("min_attester_stake_share", self.min_attester_stake_share);
        out.num("stake_reference", self.stake_reference);
        out.num(
            "attestation_cooldown_seconds",
            self.attestation_cooldown_seconds,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_weights_sum_to_100() {
        assert_eq!(Weights::default().sum(), 100);
        assert_eq!(WINDOW_BUCKETS * BUCKET_SECONDS, 90 * DAY);
        assert_eq!(RATE_BUCKETS * BUCKET_SECONDS, 30 * DAY);
    }
}
