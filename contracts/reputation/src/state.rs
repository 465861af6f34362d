//! Every storage key of the contract, in one place.
//!
//! Per operator, one [`OperatorRecord`] holds the whole 90-day history as a fixed ring of
//! `WINDOW_BUCKETS` buckets, so an event reads and writes one record whatever the history. The
//! attester set lives apart ([`ATTESTATIONS`], at most `MAX_ATTESTERS_CAP` entries) so job
//! reports never load it. [`SCORE_INDEX`] keys `(score, operator)` for the listing by score;
//! [`SCORES`] snapshots every score change for `ScoreAtHeight`.

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map, SnapshotMap, Strategy};
use infermesh_types::reputation::{Attestation, BillRecord, Params, WINDOW_BUCKETS};
use serde::{Deserialize, Serialize};

use crate::score::prior_accuracy;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub staking: Addr,
    pub escrow: Addr,
}

/// Evidence collected during one `BUCKET_SECONDS` span. `epoch` is `time / BUCKET_SECONDS`; a
/// bucket whose epoch is not the current one when its ring slot comes round is reset.
///
/// Outcomes, latency and ratings are summed weighted by each job's value (base units: charged
/// for a success, escrowed for a failure or timeout), so a 1-unit bill weighs what it paid, not
/// what a large one does; the counts are kept for the queries only.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct Bucket {
    pub epoch: u64,
    pub successes: u32,
    pub failures: u32,
    pub timeouts: u32,
    /// Value of the successful jobs.
    pub success_value: Uint128,
    /// Value of the failed and timed-out jobs.
    pub failed_value: Uint128,
    /// Σ latency score (0–1000) × value over all jobs (failures and timeouts score 0).
    pub latency_score_value: Uint128,
    /// Σ measured latency (ms) × value of successful jobs.
    pub latency_ms_value: Uint128,
    /// Σ measured / advertised latency (permille) × value of successful jobs.
    pub latency_ratio_value: Uint128,
    pub compute_units: Uint128,
    pub ratings: u32,
    /// Σ stars × value of the rated bills.
    pub stars_value: Uint128,
    /// Value of the rated bills.
    pub rated_value: Uint128,
    pub attestations: u32,
}

impl Bucket {
    pub fn jobs(&self) -> u32 {
        self.successes
            .saturating_add(self.failures)
            .saturating_add(self.timeouts)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OperatorRecord {
    /// Always `WINDOW_BUCKETS` long; slot `epoch % WINDOW_BUCKETS`.
    pub buckets: Vec<Bucket>,
    /// Aggregated accuracy 0–100: the prior / 10 until the attester set qualifies
    /// (docs/reputation.md §5).
    pub accuracy: u8,
    /// Validators in the attester set.
    pub attesters: u32,
    /// From staking, at the last event that read it.
    pub self_bond: Uint128,
    pub advertised_latency_ms: u32,
    /// The score stored at the last event (also in [`SCORES`] and [`SCORE_INDEX`]).
    pub score: u16,
    /// Set when the score fell below the jail threshold (and the jail was sent); cleared when it
    /// climbs back, so each fall jails once.
    pub below_threshold: bool,
    pub updated_at: Timestamp,
}

impl OperatorRecord {
    pub fn new(params: &Params, now: Timestamp) -> Self {
        OperatorRecord {
            buckets: vec![Bucket::default(); WINDOW_BUCKETS as usize],
            accuracy: prior_accuracy(params),
            attesters: 0,
            self_bond: Uint128::zero(),
            advertised_latency_ms: 0,
            score: params.prior_score,
            below_threshold: false,
            updated_at: now,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
pub const OPERATORS: Map<&Addr, OperatorRecord> = Map::new("operators");
/// operator → bounded attester set (latest attestation per validator).
pub const ATTESTATIONS: Map<&Addr, Vec<Attestation>> = Map::new("attestations");
/// (operator, validator) → time of the validator's last attestation of the operator, for the
/// cooldown (kept even when the validator leaves the attester set).
pub const LAST_ATTESTED: Map<(&Addr, &Addr), Timestamp> = Map::new("last_attested");
/// (reporting escrow, bill id) → the escrow's report (and the consumer's rating). Keyed by the
/// escrow too: bill ids restart in a new escrow, and its reports must not collide with (and be
/// refused for) the old one's.
pub const BILLS: Map<(&Addr, u64), BillRecord> = Map::new("escrow_bills");
/// (score, operator): the listing by score.
pub const SCORE_INDEX: Map<(u16, &Addr), ()> = Map::new("score_index");
/// operator → stored score, at every height.
pub const SCORES: SnapshotMap<&Addr, u16> = SnapshotMap::new(
    "scores",
    "scores__checkpoints",
    "scores__changelog",
    Strategy::EveryBlock,
);
