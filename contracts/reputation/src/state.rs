//! Every storage key of the contract, in one place.
//!
//! Per operator, one [`OperatorRecord`] holds the bucket of its latest event; each older bucket of
//! the 90-day window sits in `HISTORY` under its ring slot (`epoch % WINDOW_BUCKETS`, so at
//! most `WINDOW_BUCKETS` entries per operator). An event writes the record alone — plus, on its
//! operator's first event of a new bucket, the bucket it replaces — and reads the record and the
//! history, so its cost is bounded whatever the history. Both are packed (`codec`), not
//! JSON: use [`load_record`], [`save_record`], [`load_history`] and [`save_history`]. The
//! attester set lives apart ([`ATTESTATIONS`], at most `MAX_ATTESTERS_CAP` entries) so job
//! reports never load it. Job reports store nothing per bill; [`RATINGS`] holds one byte per
//! rated bill. [`SCORE_INDEX`] keys `(score, operator)` for the listing by score;
//! [`SCORES`] snapshots every score change for `ScoreAtHeight`.

use cosmwasm_std::{Addr, Order, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map, SnapshotMap, Strategy};
use infermesh_types::reputation::{Attestation, Params, WINDOW_BUCKETS};
use serde::{Deserialize, Serialize};

use crate::score::prior_accuracy;
use infermesh_kit::codec::{
    Reader, Writer, MAX_U128_BYTES, MAX_U16_BYTES, MAX_U32_BYTES, MAX_U64_BYTES, MAX_U8_BYTES,
};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub staking: Addr,
    pub escrow: Addr,
}

/// Evidence collected during one `BUCKET_SECONDS` span. `epoch` is `time / BUCKET_SECONDS`; in
/// the history, a bucket is replaced by the one 18 epochs later when its ring slot comes round.
///
/// Outcomes, latency and ratings are summed weighted by each job's value (base units: charged
/// for a success, escrowed for a failure or timeout), so a 1-unit bill weighs what it paid, not
/// what a large one does; the counts are kept for the queries only.
#[derive(Clone, Debug, PartialEq, Default)]
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

/// Largest packed [`Bucket`]: its epoch, five `u32` counts and eight `u128` sums.
pub const MAX_BUCKET_BYTES: usize = MAX_U64_BYTES + 5 * MAX_U32_BYTES + 8 * MAX_U128_BYTES;

impl Bucket {
    pub fn jobs(&self) -> u32 {
        self.successes
            .saturating_add(self.failures)
            .saturating_add(self.timeouts)
    }

    /// Whether nothing was counted in it (whatever its epoch).
    pub fn is_empty(&self) -> bool {
        *self
            == Bucket {
                epoch: self.epoch,
                ..Bucket::default()
            }
    }

    fn pack(&self, w: &mut Writer) {
        w.put(self.epoch);
        w.put(self.successes);
        w.put(self.failures);
        w.put(self.timeouts);
        w.put(self.success_value);
        w.put(self.failed_value);
        w.put(self.latency_score_value);
        w.put(self.latency_ms_value);
        w.put(self.latency_ratio_value);
        w.put(self.compute_units);
        w.put(self.ratings);
        w.put(self.stars_value);
        w.put(self.rated_value);
        w.put(self.attestations);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(Bucket {
            epoch: r.take()?,
            successes: r.take()?,
            failures: r.take()?,
            timeouts: r.take()?,
            success_value: Uint128::new(r.take()?),
            failed_value: Uint128::new(r.take()?),
            latency_score_value: Uint128::new(r.take()?),
            latency_ms_value: Uint128::new(r.take()?),
            latency_ratio_value: Uint128::new(r.take()?),
            compute_units: Uint128::new(r.take()?),
            ratings: r.take()?,
            stars_value: Uint128::new(r.take()?),
            rated_value: Uint128::new(r.take()?),
            attestations: r.take()?,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.pack(&mut w);
        w.into_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, "reputation history bucket");
        let bucket = Bucket::unpack(&mut r)?;
        r.finish()?;
        Ok(bucket)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperatorRecord {
    /// The bucket of the operator's latest report, rating or attestation (an empty one at epoch 0
    /// before any); the older ones are in `HISTORY`.
    pub current: Bucket,
    /// Not stored: the non-empty bucket [`crate::score::current_bucket`] replaced with a newer
    /// one, for `ledger::commit` to move into `HISTORY`.
    pub retired: Option<Bucket>,
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

/// Largest packed [`OperatorRecord`]: its scalar fields and its current bucket.
pub const MAX_RECORD_BYTES: usize = MAX_U8_BYTES
    + MAX_U32_BYTES
    + MAX_U128_BYTES
    + MAX_U32_BYTES
    + MAX_U16_BYTES
    + 1
    + MAX_U64_BYTES
    + MAX_BUCKET_BYTES;

impl OperatorRecord {
    pub fn new(params: &Params, now: Timestamp) -> Self {
        OperatorRecord {
            current: Bucket::default(),
            retired: None,
            accuracy: prior_accuracy(params),
            attesters: 0,
            self_bond: Uint128::zero(),
            advertised_latency_ms: 0,
            score: params.prior_score,
            below_threshold: false,
            updated_at: now,
        }
    }

    /// The stored form; [`Self::retired`] is not part of it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.put(self.accuracy);
        w.put(self.attesters);
        w.put(self.self_bond);
        w.put(self.advertised_latency_ms);
        w.put(self.score);
        w.put(self.below_threshold);
        w.put(self.updated_at.nanos());
        self.current.pack(&mut w);
        w.into_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, "reputation operator record");
        let record = OperatorRecord {
            accuracy: r.take()?,
            attesters: r.take()?,
            self_bond: Uint128::new(r.take()?),
            advertised_latency_ms: r.take()?,
            score: r.take()?,
            below_threshold: r.take_bool()?,
            updated_at: Timestamp::from_nanos(r.take()?),
            current: Bucket::unpack(&mut r)?,
            retired: None,
        };
        r.finish()?;
        Ok(record)
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
/// operator → its packed [`OperatorRecord`]. The key layout only: the value is not JSON, so read
/// and write it with [`load_record`] and [`save_record`].
pub(crate) const OPERATORS: Map<&Addr, ()> = Map::new("operators");
/// (operator, ring slot) → a packed older [`Bucket`] of the operator. The key layout only: read
/// and write it with [`load_history`] and [`save_history`].
pub(crate) const HISTORY: Map<(&Addr, u8), ()> = Map::new("history");
/// operator → bounded attester set (latest attestation per validator).
pub const ATTESTATIONS: Map<&Addr, Vec<Attestation>> = Map::new("attestations");
/// (operator, validator) → time of the validator's last attestation of the operator, for the
/// cooldown (kept even when the validator leaves the attester set).
pub const LAST_ATTESTED: Map<(&Addr, &Addr), Timestamp> = Map::new("last_attested");
/// (escrow, bill id) → the stars its consumer gave the bill: each bill is rated once. Keyed by
/// the escrow too: bill ids restart in a new escrow, and its bills must not be refused as rated
/// for the old one's.
pub const RATINGS: Map<(&Addr, u64), u8> = Map::new("ratings");
/// (score, operator): the listing by score.
pub const SCORE_INDEX: Map<(u16, &Addr), ()> = Map::new("score_index");
/// operator → stored score, at every height.
pub const SCORES: SnapshotMap<&Addr, u16> = SnapshotMap::new(
    "scores",
    "scores__checkpoints",
    "scores__changelog",
    Strategy::EveryBlock,
);

pub fn load_record(storage: &dyn Storage, operator: &Addr) -> StdResult<Option<OperatorRecord>> {
    storage
        .get(&OPERATORS.key(operator))
        .map(|bytes| OperatorRecord::from_bytes(&bytes))
        .transpose()
}

/// Stores `record` (without its retired bucket, see [`save_history`]).
pub fn save_record(storage: &mut dyn Storage, operator: &Addr, record: &OperatorRecord) {
    storage.set(&OPERATORS.key(operator), &record.to_bytes());
}

/// The operator's older buckets, at most `WINDOW_BUCKETS`, including ones that have left the
/// window (their slot not reused yet). One range read.
pub fn load_history(storage: &dyn Storage, operator: &Addr) -> StdResult<Vec<Bucket>> {
    let start = HISTORY.key((operator, 0));
    let end = HISTORY.key((operator, WINDOW_BUCKETS as u8));
    storage
        .range(Some(&start), Some(&end), Order::Ascending)
        .map(|(_, bytes)| Bucket::from_bytes(&bytes))
        .collect()
}

/// Stores `bucket` in its ring slot, replacing the one of `WINDOW_BUCKETS` buckets earlier.
pub fn save_history(storage: &mut dyn Storage, operator: &Addr, bucket: &Bucket) {
    let slot = (bucket.epoch % WINDOW_BUCKETS) as u8;
    storage.set(&HISTORY.key((operator, slot)), &bucket.to_bytes());
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, snapshot_map, KeySpace};
    let mut spaces = vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::map("OPERATORS", &OPERATORS),
        KeySpace::map("HISTORY", &HISTORY),
        KeySpace::map("ATTESTATIONS", &ATTESTATIONS),
        KeySpace::map("LAST_ATTESTED", &LAST_ATTESTED),
        KeySpace::map("RATINGS", &RATINGS),
        KeySpace::map("SCORE_INDEX", &SCORE_INDEX),
        kit::contract_version(),
        kit::ownership(),
        kit::param_history(),
    ];
    spaces.extend(snapshot_map("SCORES", &SCORES));
    spaces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bucket(n: [u128; 14]) -> Bucket {
        Bucket {
            epoch: n[0] as u64,
            successes: n[1] as u32,
            failures: n[2] as u32,
            timeouts: n[3] as u32,
            success_value: Uint128::new(n[4]),
            failed_value: Uint128::new(n[5]),
            latency_score_value: Uint128::new(n[6]),
            latency_ms_value: Uint128::new(n[7]),
            latency_ratio_value: Uint128::new(n[8]),
            compute_units: Uint128::new(n[9]),
            ratings: n[10] as u32,
            stars_value: Uint128::new(n[11]),
            rated_value: Uint128::new(n[12]),
            attestations: n[13] as u32,
        }
    }

    fn record(current: Bucket, n: [u128; 7]) -> OperatorRecord {
        OperatorRecord {
            current,
            retired: None,
            accuracy: n[0] as u8,
            attesters: n[1] as u32,
            self_bond: Uint128::new(n[2]),
            advertised_latency_ms: n[3] as u32,
            score: n[4] as u16,
            below_threshold: n[5] % 2 == 1,
            updated_at: Timestamp::from_nanos(n[6] as u64),
        }
    }

    #[test]
    fn the_largest_values_take_the_stated_bounds() {
        let largest = record(bucket([u128::MAX; 14]), [u128::MAX; 7]);
        assert_eq!(largest.current.to_bytes().len(), MAX_BUCKET_BYTES);
        assert_eq!(largest.to_bytes().len(), MAX_RECORD_BYTES);
        assert_eq!(MAX_RECORD_BYTES, 232);
        let empty = OperatorRecord::new(&Params::default(), Timestamp::from_seconds(0));
        // One byte a field, but the score (500): two.
        assert_eq!(empty.to_bytes().len(), 7 + 14 + 1);
        assert!(empty.current.is_empty());
    }

    #[test]
    fn the_retired_bucket_is_not_stored() {
        let mut stored = record(bucket([7; 14]), [1; 7]);
        stored.retired = Some(bucket([3; 14]));
        let loaded = OperatorRecord::from_bytes(&stored.to_bytes()).unwrap();
        assert_eq!(loaded.retired, None);
        assert_eq!(loaded.current, stored.current);
    }

    proptest! {
        #[test]
        fn records_and_buckets_round_trip(
            b in proptest::array::uniform14(any::<u128>()),
            r in proptest::array::uniform7(any::<u128>()),
        ) {
            let record = record(bucket(b), r);
            let bytes = record.to_bytes();
            prop_assert!(bytes.len() <= MAX_RECORD_BYTES);
            prop_assert_eq!(OperatorRecord::from_bytes(&bytes).unwrap(), record.clone());
            let bytes = record.current.to_bytes();
            prop_assert!(bytes.len() <= MAX_BUCKET_BYTES);
            prop_assert_eq!(Bucket::from_bytes(&bytes).unwrap(), record.current);
        }

        /// Any bytes decode to a record or an error, never a panic; a record's bytes cut short
        /// or extended are refused.
        #[test]
        fn corrupt_bytes_are_refused(
            noise in proptest::collection::vec(any::<u8>(), 0..300),
            r in proptest::array::uniform7(any::<u128>()),
            cut in 1usize..20,
        ) {
            let _ = OperatorRecord::from_bytes(&noise);
            let _ = Bucket::from_bytes(&noise);
            let bytes = record(Bucket::default(), r).to_bytes();
            let short = &bytes[..bytes.len().saturating_sub(cut)];
            prop_assert!(OperatorRecord::from_bytes(short).is_err());
            let mut longer = bytes.clone();
            longer.push(0);
            prop_assert!(OperatorRecord::from_bytes(&longer).is_err());
        }
    }
}
