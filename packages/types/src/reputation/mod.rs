//! Reputation: one trust score 0–1000 per operator (docs/reputation.md, QUIVer §4.2).
//!
//! Inputs, each an O(1) execute:
//! - job outcomes, reported only by the bill escrow ([`ExecuteMsg::ReportOutcome`]), which also
//!   records the bill so its consumer may rate it once ([`ExecuteMsg::Rate`], 1–5 stars);
//! - accuracy attestations 0–100 by active validators registered in staking
//!   ([`ExecuteMsg::Attest`]), aggregated by a clipped, stake-weighted median over a bounded set;
//! - the operator's self-bond in staking, log-scaled against `params.stake_reference`.
//!
//! History is a ring of [`WINDOW_BUCKETS`] buckets of [`BUCKET_SECONDS`] each (90 days) inside
//! the operator's record; the newest [`RATE_BUCKETS`] make the 30-day rates. A bucket is reset
//! lazily when its slot is reused, so no execute loops over history, operators or reporters.
//!
//! Score (every component is 0–1000, missing evidence counts as the prior):
//! ```text
//! measured   = Σ w_i × component_i / Σ w_i      over success rate, latency, rating, accuracy
//! blended    = prior × (1 − confidence) + measured × confidence
//! score      = (blended × (100 − w_stake) + stake × w_stake) / 100
//! confidence = min(1, events in 90 days / params.confidence_events)
//! ```
//! Stake is a known fact, not evidence, so it is not blended with the prior.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, CosmosMsg, Decimal, QuerierWrapper, StdResult, Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::staking::TOKEN_UNIT;

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
    /// Events (jobs, ratings, attestations) in the 90-day window that give full confidence.
    pub confidence_events: u32,
    /// A score strictly below this jails the operator in staking, once per fall (0 disables).
    pub jail_threshold: u16,
    /// Length of that jail; `None`: staking's default jail period.
    pub jail_duration_seconds: Option<u64>,
    /// Most the aggregated accuracy (0–100) may move on one attestation (1–100 points).
    pub max_accuracy_step: u8,
    /// Validators whose latest attestation is kept per operator (1..=[`MAX_ATTESTERS_CAP`]).
    pub max_attesters: u32,
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
            confidence_events: 50,
            jail_threshold: 300,
            jail_duration_seconds: None,
            max_accuracy_step: 5,
            max_attesters: 16,
            stake_reference: Uint128::new(1_000_000 * TOKEN_UNIT),
            attestation_cooldown_seconds: DEFAULT_ATTESTATION_COOLDOWN_SECONDS,
        }
    }
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum Outcome {
    Success,
    Failure,
    /// No completion before the deadline: the consumer was refunded, the bill cannot be rated.
    Timeout,
}

impl Outcome {
    /// Whether a bill with this outcome was settled (and may be rated by its consumer).
    pub const fn settled(self) -> bool {
        !matches!(self, Outcome::Timeout)
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// Staking contract: operator registry, validator role, self-bond; reputation jails there.
    pub staking: String,
    /// The bill escrow, the only reporter of job outcomes.
    pub escrow: String,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

/// The escrow's report of one bill ([`ExecuteMsg::ReportOutcome`]).
#[cw_serde]
pub struct OutcomeReport {
    pub bill_id: u64,
    pub operator: String,
    pub consumer: String,
    pub outcome: Outcome,
    /// Measured latency of the job in milliseconds.
    pub latency_ms: u64,
    pub compute_units: Uint128,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Escrow only: the outcome of bill `bill_id` (each bill reports once). A settled bill
    /// (success or failure) may then be rated once by `consumer`.
    ReportOutcome(OutcomeReport),
    /// The consumer of a settled bill, once: 1–5 stars for the bill's operator.
    Rate { bill_id: u64, stars: u8 },
    /// Active validators registered in staking with a tier (self-bond at least Bronze):
    /// accuracy 0–100 of `operator`. Replaces the sender's earlier attestation of that
    /// operator; one validator attests one operator at most once per
    /// `params.attestation_cooldown_seconds`.
    Attest { operator: String, accuracy: u8 },
    /// Anyone: re-evaluates `operator` now (expired buckets, current self-bond, jail check).
    Refresh { operator: String },
    /// Owner only. Each field replaces the stored value when given.
    UpdateConfig {
        staking: Option<String>,
        escrow: Option<String>,
        params: Option<Params>,
    },
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// The operator's score and its components, evaluated now. An operator never seen scores
    /// the prior with zero confidence.
    #[returns(ScoreResponse)]
    Score { operator: String },
    /// The score stored for `operator` as at the start of block `height`; `None` before the
    /// operator's first event.
    #[returns(ScoreAtHeightResponse)]
    ScoreAtHeight { operator: String, height: u64 },
    /// The reward multiplier of the operator now.
    #[returns(MultiplierResponse)]
    Multiplier { operator: String },
    /// Operators by stored score, highest first (ties by address); `start_after` is the last
    /// operator of the previous page.
    #[returns(OperatorsResponse)]
    Operators {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(Option<BillRecord>)]
    Bill { bill_id: u64 },
    /// The bounded attester set of an operator, by validator.
    #[returns(AttestationsResponse)]
    Attestations { operator: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub staking: Addr,
    pub escrow: Addr,
    pub params: Params,
}

#[cw_serde]
pub struct BillRecord {
    pub bill_id: u64,
    pub operator: Addr,
    pub consumer: Addr,
    pub outcome: Outcome,
    pub reported_at: Timestamp,
    pub stars: Option<u8>,
}

#[cw_serde]
pub struct Attestation {
    pub validator: Addr,
    pub accuracy: u8,
    /// The validator's total bonded stake when it attested: its weight in the median.
    pub stake: Uint128,
    pub time: Timestamp,
}

#[cw_serde]
pub struct AttestationsResponse {
    pub operator: Addr,
    /// Aggregated accuracy 0–100.
    pub accuracy: u8,
    pub attestations: Vec<Attestation>,
}

/// Each component on the 0–1000 scale; a component without evidence shows the prior.
#[cw_serde]
pub struct ScoreComponents {
    pub success_rate: u16,
    pub latency: u16,
    pub rating: u16,
    pub accuracy: u16,
    pub stake: u16,
}

#[cw_serde]
pub struct ScoreResponse {
    pub operator: Addr,
    /// 0–1000, evaluated at the query's block time.
    pub score: u16,
    /// The score as last stored (at `updated_at`), which orders the `Operators` listing.
    pub stored_score: u16,
    /// The evidence-only score before blending with the prior (stake excluded).
    pub measured: u16,
    pub prior: u16,
    /// 0–1 (0–100%).
    pub confidence: Decimal,
    pub components: ScoreComponents,
    pub jobs_30d: u32,
    pub successes_30d: u32,
    pub failures_30d: u32,
    pub timeouts_30d: u32,
    pub compute_units_30d: Uint128,
    /// Successes / jobs over 30 days; `None` without jobs.
    pub success_rate_30d: Option<Decimal>,
    /// Average measured latency of successful jobs over 30 days.
    pub avg_latency_ms_30d: Option<u64>,
    /// Average measured / advertised latency of successful jobs over 30 days.
    pub latency_ratio_30d: Option<Decimal>,
    pub jobs_90d: u32,
    pub ratings_90d: u32,
    /// Average stars 1–5 over 90 days.
    pub rating_average: Option<Decimal>,
    /// Aggregated validator accuracy 0–100.
    pub accuracy: u8,
    /// Validators in the operator's attester set.
    pub attestation_count: u32,
    pub attestations_90d: u32,
    /// Self-bond seen at the last event.
    pub self_bond: Uint128,
    /// Below the jail threshold at the last event (jailed once on the way down).
    pub below_threshold: bool,
    pub updated_at: Option<Timestamp>,
}

#[cw_serde]
pub struct ScoreAtHeightResponse {
    pub operator: Addr,
    pub height: u64,
    pub score: Option<u16>,
}

/// `multiplier = speed × quality`: speed is 1.2 when the 30-day average latency of successful
/// jobs is under 100 ms (else 1.0); quality is `0.5 + score / 1000` (0.5x at 0, 1.0x at 500,
/// 1.5x at 1000).
#[cw_serde]
pub struct MultiplierResponse {
    pub operator: Addr,
    pub score: u16,
    pub speed: Decimal,
    pub quality: Decimal,
    pub multiplier: Decimal,
}

#[cw_serde]
pub struct OperatorScore {
    pub operator: Addr,
    pub score: u16,
}

#[cw_serde]
pub struct OperatorsResponse {
    pub operators: Vec<OperatorScore>,
}

/// Typed client for the reputation contract.
#[cw_serde]
pub struct ReputationClient(pub Addr);

impl ReputationClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The escrow's report of a bill's outcome.
    pub fn report_outcome_msg(
        &self,
        bill_id: u64,
        operator: impl Into<String>,
        consumer: impl Into<String>,
        outcome: Outcome,
        latency_ms: u64,
        compute_units: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ReportOutcome(OutcomeReport {
            bill_id,
            operator: operator.into(),
            consumer: consumer.into(),
            outcome,
            latency_ms,
            compute_units,
        }))
    }

    /// The consumer's rating of a settled bill.
    pub fn rate_msg(&self, bill_id: u64, stars: u8) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Rate { bill_id, stars })
    }

    pub fn attest_msg(&self, operator: impl Into<String>, accuracy: u8) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Attest {
            operator: operator.into(),
            accuracy,
        })
    }

    pub fn refresh_msg(&self, operator: impl Into<String>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Refresh {
            operator: operator.into(),
        })
    }

    pub fn score(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<ScoreResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Score {
                operator: operator.into(),
            },
        )
    }

    pub fn multiplier(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<MultiplierResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Multiplier {
                operator: operator.into(),
            },
        )
    }

    pub fn score_at_height(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
        height: u64,
    ) -> StdResult<ScoreAtHeightResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::ScoreAtHeight {
                operator: operator.into(),
                height,
            },
        )
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

    #[test]
    fn only_timeouts_are_unsettled() {
        assert!(Outcome::Success.settled());
        assert!(Outcome::Failure.settled());
        assert!(!Outcome::Timeout.settled());
    }
}
