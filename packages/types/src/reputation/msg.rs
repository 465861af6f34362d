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

/// The escrow's report of one bill ([`ExecuteMsg::ReportOutcome`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct OutcomeReport {
    pub bill_id: u64,
    pub operator: String,
    pub consumer: String,
    pub outcome: Outcome,
    /// Measured latency of the job in milliseconds.
    pub latency_ms: u64,
    pub compute_units: Uint128,
    /// The job's value in base units: the amount charged for a success, the amount escrowed for
    /// a failure or a timeout. Outcomes, latency, ratings and confidence weigh by it.
    pub value: Uint128,
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
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
    #[returns(Option<super::BillRecord>)]
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
