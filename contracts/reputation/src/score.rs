//! The score arithmetic: pure functions of an operator record, the params and the time.
//!
//! Every component is on the 0–1000 scale and missing evidence counts as the prior, so an
//! operator with only successful jobs measures at least the prior and one with only failures
//! at most the prior, whatever the weights.

use cosmwasm_std::{Decimal, Timestamp, Uint128};
use infermesh_types::reputation::{
    Attestation, Params, ScoreComponents, BUCKET_SECONDS, MAX_SCORE, RATE_BUCKETS, WINDOW_BUCKETS,
};
use infermesh_types::staking::TOKEN_UNIT;

use crate::state::{Bucket, OperatorRecord};

const SCALE: u64 = MAX_SCORE as u64;
/// A successful job at or under its advertised latency scores 1000; the score falls linearly to
/// this floor at twice the advertised latency (a late answer is still better than none, so a
/// success never scores below a failure).
pub const LATE_SUCCESS_FLOOR: u64 = 500;

pub fn epoch(now: Timestamp) -> u64 {
    now.seconds() / BUCKET_SECONDS
}

/// The bucket for `now`, reset first if its ring slot still holds an older epoch. Constant work.
pub fn current_bucket(record: &mut OperatorRecord, now: Timestamp) -> &mut Bucket {
    let epoch = epoch(now);
    if record.buckets.len() != WINDOW_BUCKETS as usize {
        record
            .buckets
            .resize(WINDOW_BUCKETS as usize, Bucket::default());
    }
    // `epoch % WINDOW_BUCKETS` < buckets.len() by the resize above.
    let slot = (epoch % WINDOW_BUCKETS) as usize;
    let bucket = &mut record.buckets[slot];
    if bucket.epoch != epoch {
        *bucket = Bucket {
            epoch,
            ..Bucket::default()
        };
    }
    bucket
}

/// Latency score (0–1000) and measured / advertised ratio (permille) of a successful job.
pub fn latency_job_score(measured_ms: u64, advertised_ms: u32) -> (u64, u64) {
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

/// `log2(x)` in fixed point with 16 fractional bits; `x ≥ 1`. Bounded work (16 squarings).
fn log2_fixed(x: u128) -> u64 {
    let x = x.max(1);
    let int = 127 - x.leading_zeros();
    // y = x / 2^int in [1, 2), with 32 fractional bits.
    let mut y: u128 = if int >= 32 {
        x >> (int - 32)
    } else {
        x << (32 - int)
    };
    let mut result = u64::from(int) << 16;
    for bit in (0..16).rev() {
        y = (y * y) >> 32;
        if y >= 2 << 32 {
            y >>= 1;
            result |= 1 << bit;
        }
    }
    result
}

/// Stake component: `1000 × log2(1 + tokens) / log2(1 + reference tokens)`, capped at 1000.
pub fn stake_component(self_bond: Uint128, reference: Uint128) -> u16 {
    let tokens = self_bond.u128() / TOKEN_UNIT;
    let reference = (reference.u128() / TOKEN_UNIT).max(1);
    let num = u128::from(log2_fixed(tokens.saturating_add(1)));
    let den = u128::from(log2_fixed(reference.saturating_add(1))).max(1);
    (num * u128::from(SCALE) / den).min(u128::from(SCALE)) as u16
}

/// Sums of the buckets inside a window.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct WindowSums {
    pub successes: u32,
    pub failures: u32,
    pub timeouts: u32,
    pub latency_score_sum: u64,
    pub latency_ms_sum: u64,
    pub latency_ratio_sum: u64,
    pub compute_units: Uint128,
    pub ratings: u32,
    pub stars_sum: u32,
    pub attestations: u32,
}

impl WindowSums {
    pub fn jobs(&self) -> u32 {
        self.successes
            .saturating_add(self.failures)
            .saturating_add(self.timeouts)
    }

    fn add(&mut self, b: &Bucket) {
        self.successes = self.successes.saturating_add(b.successes);
        self.failures = self.failures.saturating_add(b.failures);
        self.timeouts = self.timeouts.saturating_add(b.timeouts);
        self.latency_score_sum = self.latency_score_sum.saturating_add(b.latency_score_sum);
        self.latency_ms_sum = self.latency_ms_sum.saturating_add(b.latency_ms_sum);
        self.latency_ratio_sum = self.latency_ratio_sum.saturating_add(b.latency_ratio_sum);
        self.compute_units = self.compute_units.saturating_add(b.compute_units);
        self.ratings = self.ratings.saturating_add(b.ratings);
        self.stars_sum = self.stars_sum.saturating_add(b.stars_sum);
        self.attestations = self.attestations.saturating_add(b.attestations);
    }
}

/// (30-day, 90-day) sums at `now`: buckets whose epoch lies in the window. Constant work.
pub fn windows(record: &OperatorRecord, now: Timestamp) -> (WindowSums, WindowSums) {
    let now_epoch = epoch(now);
    let mut rate = WindowSums::default();
    let mut window = WindowSums::default();
    for bucket in &record.buckets {
        if bucket.epoch > now_epoch {
            continue;
        }
        let age = now_epoch - bucket.epoch;
        if age < WINDOW_BUCKETS {
            window.add(bucket);
            if age < RATE_BUCKETS {
                rate.add(bucket);
            }
        }
    }
    (rate, window)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub score: u16,
    pub measured: u16,
    /// 0–1000.
    pub confidence: u16,
    pub components: ScoreComponents,
    pub rate: WindowSums,
    pub window: WindowSums,
}

/// `num / den`, 0 when `den` is 0.
fn ratio(num: u64, den: u64) -> u64 {
    num.checked_div(den).unwrap_or(0)
}

/// Evaluates the record at `now`.
pub fn evaluate(record: &OperatorRecord, params: &Params, now: Timestamp) -> Evaluation {
    let prior = u64::from(params.prior_score.min(MAX_SCORE));
    let (rate, window) = windows(record, now);
    // Job rates over 30 days; an operator idle for 30 days falls back to the 90-day window.
    let jobs_basis = if rate.jobs() > 0 { &rate } else { &window };
    let jobs = u64::from(jobs_basis.jobs());
    let (success_rate, latency) = if jobs == 0 {
        (prior, prior)
    } else {
        (
            ratio(u64::from(jobs_basis.successes) * SCALE, jobs),
            ratio(jobs_basis.latency_score_sum, jobs).min(SCALE),
        )
    };
    let rating = if window.ratings == 0 {
        prior
    } else {
        // (average stars − 1) / 4 on the 0–1000 scale.
        ratio(
            u64::from(window.stars_sum.saturating_sub(window.ratings)) * 250,
            u64::from(window.ratings),
        )
        .min(SCALE)
    };
    let accuracy = (u64::from(record.accuracy) * 10).min(SCALE);
    let stake = u64::from(stake_component(record.self_bond, params.stake_reference));

    let w = &params.weights;
    let evidence_weight = u64::from(w.success_rate)
        + u64::from(w.latency)
        + u64::from(w.rating)
        + u64::from(w.accuracy);
    let measured = ratio(
        u64::from(w.success_rate) * success_rate
            + u64::from(w.latency) * latency
            + u64::from(w.rating) * rating
            + u64::from(w.accuracy) * accuracy,
        evidence_weight,
    )
    .min(SCALE);
    let events =
        u64::from(window.jobs()) + u64::from(window.ratings) + u64::from(window.attestations);
    let confidence = ratio(events * SCALE, u64::from(params.confidence_events.max(1))).min(SCALE);
    let blended = (prior * (SCALE - confidence) + measured * confidence) / SCALE;
    let total_weight = evidence_weight + u64::from(w.stake);
    let score = ratio(
        blended * evidence_weight + stake * u64::from(w.stake),
        total_weight,
    )
    .min(SCALE);
    Evaluation {
        score: score as u16,
        measured: measured as u16,
        confidence: confidence as u16,
        components: ScoreComponents {
            success_rate: success_rate as u16,
            latency: latency as u16,
            rating: rating as u16,
            accuracy: accuracy as u16,
            stake: stake as u16,
        },
        rate,
        window,
    }
}

/// Stake-weighted (lower) median of the accuracies attested inside the 90-day window. Stake 0
/// everywhere counts every validator equally. `None` when no attestation is in the window.
pub fn weighted_median(set: &[Attestation], now: Timestamp) -> Option<u8> {
    let oldest = now
        .seconds()
        .saturating_sub(WINDOW_BUCKETS * BUCKET_SECONDS);
    let mut live: Vec<(u8, u128)> = set
        .iter()
        .filter(|a| a.time.seconds() >= oldest)
        .map(|a| (a.accuracy, a.stake.u128()))
        .collect();
    if live.is_empty() {
        return None;
    }
    if live.iter().all(|(_, stake)| *stake == 0) {
        live.iter_mut().for_each(|(_, stake)| *stake = 1);
    }
    live.sort_unstable();
    let total: u128 = live
        .iter()
        .fold(0u128, |acc, (_, s)| acc.saturating_add(*s));
    let mut cumulative = 0u128;
    for (accuracy, stake) in &live {
        cumulative = cumulative.saturating_add(*stake);
        if cumulative.saturating_mul(2) >= total {
            return Some(*accuracy);
        }
    }
    live.last().map(|(accuracy, _)| *accuracy)
}

/// `target`, but no further than `step` from `current`.
pub fn clip(current: u8, target: u8, step: u8) -> u8 {
    if target > current {
        current.saturating_add(step).min(target)
    } else {
        current.saturating_sub(step).max(target)
    }
}

/// A fraction 0–1 from a permille.
pub fn permille(value: u64) -> Decimal {
    Decimal::from_ratio(value, 1_000u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;
    use proptest::prelude::*;

    #[test]
    fn log_scaled_stake() {
        let reference = Uint128::new(1_000_000 * TOKEN_UNIT);
        assert_eq!(stake_component(Uint128::zero(), reference), 0);
        assert_eq!(stake_component(reference, reference), 1000);
        assert_eq!(
            stake_component(reference * Uint128::new(10), reference),
            1000
        );
        // Bronze (10,000 tokens): log2(10,001) / log2(1,000,001) ≈ 0.6667.
        let bronze = stake_component(Uint128::new(10_000 * TOKEN_UNIT), reference);
        assert!((665..=668).contains(&bronze), "{bronze}");
    }

    #[test]
    fn latency_scores() {
        assert_eq!(latency_job_score(50, 100), (1000, 500));
        assert_eq!(latency_job_score(100, 100), (1000, 1000));
        assert_eq!(latency_job_score(150, 100), (750, 1500));
        assert_eq!(latency_job_score(1_000, 100), (500, 10_000));
        assert_eq!(latency_job_score(5, 0), (500, 5_000));
    }

    fn att(accuracy: u8, stake: u128) -> Attestation {
        Attestation {
            validator: MockApi::default().addr_make("v"),
            accuracy,
            stake: Uint128::new(stake),
            time: Timestamp::from_seconds(100 * BUCKET_SECONDS),
        }
    }

    #[test]
    fn median_is_stake_weighted() {
        let now = Timestamp::from_seconds(100 * BUCKET_SECONDS);
        assert_eq!(weighted_median(&[], now), None);
        assert_eq!(
            weighted_median(&[att(10, 1), att(90, 1), att(50, 1)], now),
            Some(50)
        );
        assert_eq!(
            weighted_median(&[att(10, 1), att(90, 10), att(50, 1)], now),
            Some(90)
        );
        assert_eq!(weighted_median(&[att(10, 0), att(90, 0)], now), Some(10));
        // Stale attestations drop out.
        let later = now.plus_seconds(WINDOW_BUCKETS * BUCKET_SECONDS + 1);
        assert_eq!(weighted_median(&[att(10, 1)], later), None);
    }

    #[test]
    fn clipping() {
        assert_eq!(clip(50, 100, 5), 55);
        assert_eq!(clip(50, 52, 5), 52);
        assert_eq!(clip(50, 0, 5), 45);
        assert_eq!(clip(2, 0, 5), 0);
        assert_eq!(clip(98, 100, 5), 100);
    }

    proptest! {
        #[test]
        fn log2_is_monotone(a in 1u128..u128::MAX / 2, b in 1u128..1_000_000u128) {
            prop_assert!(log2_fixed(a) <= log2_fixed(a.saturating_add(b)));
        }
    }
}
