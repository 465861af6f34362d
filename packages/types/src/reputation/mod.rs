//! Reputation: one trust score 0–1000 per operator (docs/reputation.md, QUIVer §4.2).
//!
//! Inputs, each an O(1) execute:
//! - job outcomes with their value (charged, or escrowed for a failure or timeout), reported only
//!   by the bill escrow, a provider's jobs summed in one [`OutcomeBatch`]
//!   ([`ExecuteMsg::ReportOutcomes`], built with [`OutcomeBatch::add`] so the escrow weighs a job
//!   as reputation would): failures and timeouts at once, successes once the oldest waiting one
//!   is the escrow's `report_interval_seconds` old or when anyone asks the escrow; a batch costs
//!   the same whatever its job count;
//! - consumer ratings ([`ExecuteMsg::Rate`], 1–5 stars, once per bill), of a bill the escrow's
//!   `Bill` query shows settled (weighted by what was charged) or refunded with the provider at
//!   fault (weighted by what was escrowed);
//! - accuracy attestations 0–100 by active validators registered in staking
//!   ([`ExecuteMsg::Attest`]), aggregated by a clipped, stake-weighted median over a bounded set,
//!   each weighing the lesser of its validator's stake then and now, no attester more than a
//!   third; accuracy leaves the prior only with `params.min_attesters` attesters holding
//!   `params.min_attester_stake_share` of all validator stake;
//! - the operator's self-bond in staking, log-scaled against `params.stake_reference`.
//!
//! History is a ring of [`WINDOW_BUCKETS`] buckets of [`BUCKET_SECONDS`] each (90 days): the
//! newest in the operator's record, the older ones one storage entry per ring slot; the newest
//! [`RATE_BUCKETS`] make the 30-day rates. A slot is overwritten when its turn comes round, so no
//! execute loops over more than one ring, operators or reporters.
//!
//! Score (every component is 0–1000, missing evidence counts as the prior):
//! ```text
//! measured   = Σ w_i × component_i / Σ w_i      over success rate, latency, rating, accuracy
//! blended    = prior × (1 − confidence) + measured × confidence
//! score      = (blended × (100 − w_stake) + stake × w_stake) / 100
//! confidence = min(1, job value in 90 days / params.confidence_value)
//! ```
//! Stake is a known fact, not evidence, so it is not blended with the prior.

mod client;
mod model;
mod msg;
mod params;

pub use client::*;
pub use model::*;
pub use msg::*;
pub use params::*;
