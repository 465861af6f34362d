//! Reputation's messages and query responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use super::{Attestation, OperatorScore, Outcome, Params, ScoreComponents};

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

/// The escrow's report of a provider's jobs since its previous report, summed
/// ([`ExecuteMsg::ReportOutcomes`]). Each sum weighs by the job's value: what was charged for a
/// success, what was escrowed for a failure or a timeout (docs/reputation.md §2-3). Built with
/// [`OutcomeBatch::add`], so the escrow and reputation weigh a job the same way.
#[cw_serde]
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBatch {
    pub operator: String,
    pub successes: u32,
    pub failures: u32,
    pub timeouts: u32,
    /// Value of the successful jobs.
    pub success_value: Uint128,
    /// Value of the failed and timed-out jobs.
    pub failed_value: Uint128,
    /// Σ latency score (0–1000) × value of the successful jobs.
    pub latency_score_value: Uint128,
    /// Σ measured latency (ms) × value of the successful jobs.
    pub latency_ms_value: Uint128,
    /// Σ measured / advertised latency (permille) × value of the successful jobs.
    pub latency_ratio_value: Uint128,
    pub compute_units: Uint128,
}

/// One job's outcome, as [`OutcomeBatch::add`] counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobOutcome {
    pub outcome: Outcome,
    /// Measured latency in milliseconds (successes).
    pub latency_ms: u64,
    /// The provider's advertised latency when the bill opened.
    pub advertised_latency_ms: u32,
    pub compute_units: Uint128,
    /// Charged for a success, escrowed for a failure or a timeout.
    pub value: Uint128,
}

impl OutcomeBatch {
    /// Counts one job, weighted by its value (saturating: the sums only rank).
    pub fn add(&mut self, job: &JobOutcome) {
        let value = job.value.u128();
        let weigh = |sum: &mut Uint128, x: u64| {
            *sum = sum.saturating_add(Uint128::new(u128::from(x).saturating_mul(value)))
        };
        match job.outcome {
            Outcome::Success => {
                let (score, ratio) = latency_job_score(job.latency_ms, job.advertised_latency_ms);
                self.successes = self.successes.saturating_add(1);
                weigh(&mut self.success_value, 1);
                weigh(&mut self.latency_score_value, score);
                weigh(&mut self.latency_ms_value, job.latency_ms);
                weigh(&mut self.latency_ratio_value, ratio);
            }
            Outcome::Failure => {
                self.failures = self.failures.saturating_add(1);
                weigh(&mut self.failed_value, 1);
            }
            Outcome::Timeout => {
                self.timeouts = self.timeouts.saturating_add(1);
                weigh(&mut self.failed_value, 1);
            }
        }
        self.compute_units = self.compute_units.saturating_add(job.compute_units);
    }

    /// Adds `other`'s counts and sums (saturating), keeping this batch's operator.
    pub fn merge(&mut self, other: &OutcomeBatch) {
        self.successes = self.successes.saturating_add(other.successes);
        self.failures = self.failures.saturating_add(other.failures);
        self.timeouts = self.timeouts.saturating_add(other.timeouts);
        let sums = [
            (&mut self.success_value, other.success_value),
            (&mut self.failed_value, other.failed_value),
            (&mut self.latency_score_value, other.latency_score_value),
            (&mut self.latency_ms_value, other.latency_ms_value),
            (&mut self.latency_ratio_value, other.latency_ratio_value),
            (&mut self.compute_units, other.compute_units),
        ];
        for (sum, more) in sums {
            *sum = sum.saturating_add(more);
        }
    }

    /// Jobs counted.
    pub fn jobs(&self) -> u32 {
        self.successes
            .saturating_add(self.failures)
            .saturating_add(self.timeouts)
    }
}

/// A successful job at or under its advertised latency scores 1000; the score falls linearly to
/// this floor at twice the advertised latency (a late answer is still better than none, so a
/// success never scores below a failure).
pub const LATE_SUCCESS_FLOOR: u64 = 500;

/// Latency score (0–1000) and measured / advertised ratio (permille) of a successful job.
pub fn latency_job_score(measured_ms: u64, advertised_ms: u32) -> (u64, u64) {
    const SCALE: u64 = super::MAX_SCORE as u64;
    let advertised = u64::from(advertised_ms.max(1));
    let ratio = measured_ms.saturating_mul(1_000) / advertised;
    let score = if ratio <= 1_000 {
        SCALE
    } else {
        let late = (ratio - 1_000).min(1_000);
        SCALE - late * (SCALE - LATE_SUCCESS_FLOOR) / 1_000
    };
    (score, ratio)
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Escrow only: a provider's jobs since the escrow's previous report of it, summed, counted
    /// in the operator's current bucket (at least one job). The escrow reports each job once:
    /// failures and timeouts at once, successes once the oldest waiting one is
    /// `report_interval_seconds` old (checked when the provider's next bill closes) or when anyone
    /// asks the escrow (docs/bill-escrow.md §9).
    ReportOutcomes(OutcomeBatch),
    /// The consumer of a bill the escrow settled (a success) or refunded with the provider at
    /// fault (a failure), once: 1–5 stars for the bill's provider, weighted by what was charged
    /// (settled) or escrowed (refunded). Reputation reads the bill from the escrow's `Bill`
    /// query.
    Rate { bill_id: u64, stars: u8 },
    /// Active validators registered in staking with a tier (self-bond at least Bronze):
    /// accuracy 0–100 of `operator`. Replaces the sender's earlier attestation of that
    /// operator; one validator attests one operator at most once per
    /// `params.attestation_cooldown_seconds`.
    Attest { operator: String, accuracy: u8 },
    /// Anyone: re-evaluates `operator` now (expired buckets, current self-bond, jail check).
    Refresh { operator: String },
    /// Owner only. Each field replaces the stored value when given; `params` within the
    /// parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateConfig {
        staking: Option<String>,
        escrow: Option<String>,
        params: Option<Params>,
    },
    /// Owner only: an emergency parameter adjustment, outside the parameter guard's 20 % a
    /// quarter (infermesh_kit::guard); the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams { params: Params },
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
    /// The stars the consumer gave bill `bill_id` of the current escrow, if rated.
    #[returns(RatingResponse)]
    Rating { bill_id: u64 },
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
pub struct RatingResponse {
    pub bill_id: u64,
    /// 1–5; `None` while the bill is not rated.
    pub stars: Option<u8>,
}

#[cw_serde]
pub struct AttestationsResponse {
    pub operator: Addr,
    /// Aggregated accuracy 0–100.
    pub accuracy: u8,
    pub attestations: Vec<Attestation>,
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
    /// Value of the jobs over 30 days (charged for successes, escrowed for failures and
    /// timeouts), in base units.
    pub value_30d: Uint128,
    /// Success value / job value over 30 days; `None` without value.
    pub success_rate_30d: Option<Decimal>,
    /// Value-weighted average measured latency of successful jobs over 30 days.
    pub avg_latency_ms_30d: Option<u64>,
    /// Value-weighted average measured / advertised latency of successful jobs over 30 days.
    pub latency_ratio_30d: Option<Decimal>,
    pub jobs_90d: u32,
    /// Value of the jobs over 90 days: what the confidence grows with.
    pub value_90d: Uint128,
    pub ratings_90d: u32,
    /// Average stars 1–5 over 90 days, weighted by the rated bills' values.
    pub rating_average: Option<Decimal>,
    /// Aggregated validator accuracy 0–100 (the prior / 10 until enough attesters with enough
    /// stake agree).
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
pub struct OperatorsResponse {
    pub operators: Vec<OperatorScore>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_scores() {
        assert_eq!(latency_job_score(50, 100), (1000, 500));
        assert_eq!(latency_job_score(100, 100), (1000, 1000));
        assert_eq!(latency_job_score(150, 100), (750, 1500));
        assert_eq!(latency_job_score(1_000, 100), (LATE_SUCCESS_FLOOR, 10_000));
        // No advertised latency counts as 1 ms.
        assert_eq!(latency_job_score(5, 0), (LATE_SUCCESS_FLOOR, 5_000));
    }

    /// Each job adds its value-weighted sums; failures and timeouts only their value.
    #[test]
    fn a_batch_sums_its_jobs_weighted_by_value() {
        let mut batch = OutcomeBatch::default();
        assert_eq!(batch.jobs(), 0);
        let job = |outcome, latency_ms, value: u128| JobOutcome {
            outcome,
            latency_ms,
            advertised_latency_ms: 100,
            compute_units: Uint128::new(10),
            value: Uint128::new(value),
        };
        batch.add(&job(Outcome::Success, 50, 3));
        batch.add(&job(Outcome::Success, 150, 2));
        batch.add(&job(Outcome::Failure, 70, 5));
        batch.add(&job(Outcome::Timeout, 0, 7));
        assert_eq!(
            batch,
            OutcomeBatch {
                operator: String::new(),
                successes: 2,
                failures: 1,
                timeouts: 1,
                success_value: Uint128::new(5),
                failed_value: Uint128::new(12),
                latency_score_value: Uint128::new(1000 * 3 + 750 * 2),
                latency_ms_value: Uint128::new(50 * 3 + 150 * 2),
                latency_ratio_value: Uint128::new(500 * 3 + 1500 * 2),
                compute_units: Uint128::new(40),
            }
        );
        assert_eq!(batch.jobs(), 4);
    }
}
