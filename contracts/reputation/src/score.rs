//! The score arithmetic: pure functions of an operator record, the params and the time.
//!
//! Every component is on the 0–1000 scale and missing evidence counts as the prior, so an
//! operator with only successful jobs measures at least the prior and one with only failures
//! at most the prior, whatever the weights. A job's latency score is computed where the job is
//! counted, in the escrow's `OutcomeBatch::add` (`infermesh_types::reputation::latency_job_score`,
//! the one definition); reputation reads only the batches' sums.

use cosmwasm_std::{Decimal, Timestamp, Uint128};
use infermesh_types::reputation::{
    Attestation, Params, ScoreComponents, ATTESTER_SHARE_DIVISOR, BUCKET_SECONDS, MAX_SCORE,
    RATE_BUCKETS, WINDOW_BUCKETS,
};
use infermesh_types::staking::TOKEN_UNIT;

use crate::state::{Bucket, OperatorRecord};

const SCALE: u64 = MAX_SCORE as u64;

pub fn epoch(now: Timestamp) -> u64 {
    now.seconds() / BUCKET_SECONDS
}

/// The bucket for `now`: the record's current bucket, which first moves to
/// [`OperatorRecord::retired`] (for the history) if it holds an older epoch still inside the
/// window with something counted in it. Constant work.
pub fn current_bucket(record: &mut OperatorRecord, now: Timestamp) -> &mut Bucket {
    let epoch = epoch(now);
    if record.current.epoch != epoch {
        let fresh = Bucket {
            epoch,
            ..Bucket::default()
        };
        let old = std::mem::replace(&mut record.current, fresh);
        if !old.is_empty() && epoch.saturating_sub(old.epoch) < WINDOW_BUCKETS {
            record.retired = Some(old);
        }
    }
    &mut record.current
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

/// Sums of the buckets inside a window (values in base units).
#[derive(Default, Debug, Clone, PartialEq)]
pub struct WindowSums {
    pub successes: u32,
    pub failures: u32,
    pub timeouts: u32,
    pub success_value: u128,
    pub failed_value: u128,
    pub latency_score_value: u128,
    pub latency_ms_value: u128,
    pub latency_ratio_value: u128,
    pub compute_units: Uint128,
    pub ratings: u32,
    pub stars_value: u128,
    pub rated_value: u128,
    pub attestations: u32,
}

impl WindowSums {
    pub fn jobs(&self) -> u32 {
        self.successes
            .saturating_add(self.failures)
            .saturating_add(self.timeouts)
    }

    /// Value of all jobs: charged for successes, escrowed for failures and timeouts.
    pub fn value(&self) -> u128 {
        self.success_value.saturating_add(self.failed_value)
    }

    fn add(&mut self, b: &Bucket) {
        let add = |sum: &mut u128, x: Uint128| *sum = sum.saturating_add(x.u128());
        self.successes = self.successes.saturating_add(b.successes);
        self.failures = self.failures.saturating_add(b.failures);
        self.timeouts = self.timeouts.saturating_add(b.timeouts);
        add(&mut self.success_value, b.success_value);
        add(&mut self.failed_value, b.failed_value);
        add(&mut self.latency_score_value, b.latency_score_value);
        add(&mut self.latency_ms_value, b.latency_ms_value);
        add(&mut self.latency_ratio_value, b.latency_ratio_value);
        self.compute_units = self.compute_units.saturating_add(b.compute_units);
        self.ratings = self.ratings.saturating_add(b.ratings);
        add(&mut self.stars_value, b.stars_value);
        add(&mut self.rated_value, b.rated_value);
        self.attestations = self.attestations.saturating_add(b.attestations);
    }
}

/// (30-day, 90-day) sums at `now`: the record's current bucket and its `history` (the older
/// buckets), those whose epoch lies in the window. Constant work: at most `WINDOW_BUCKETS` + 1.
pub fn windows(
    record: &OperatorRecord,
    history: &[Bucket],
    now: Timestamp,
) -> (WindowSums, WindowSums) {
    let now_epoch = epoch(now);
    let mut rate = WindowSums::default();
    let mut window = WindowSums::default();
    for bucket in std::iter::once(&record.current).chain(history) {
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

/// `num × scale / den` on the 0–1000 scale (capped), 0 when `den` is 0.
fn scaled(num: u128, scale: u64, den: u128) -> u64 {
    num.saturating_mul(u128::from(scale))
        .checked_div(den)
        .unwrap_or(0)
        .min(u128::from(SCALE)) as u64
}

/// The accuracy (0–100) an operator has without a qualified attester set: the prior / 10.
pub fn prior_accuracy(params: &Params) -> u8 {
    (params.prior_score.min(MAX_SCORE) / 10) as u8
}

/// Evaluates the record with its `history` (the older buckets) at `now`. Outcomes, latency and
/// ratings weigh by value, and confidence grows with the value of the jobs in the window
/// (docs/reputation.md §4).
pub fn evaluate(
    record: &OperatorRecord,
    history: &[Bucket],
    params: &Params,
    now: Timestamp,
) -> Evaluation {
    let prior = u64::from(params.prior_score.min(MAX_SCORE));
    let (rate, window) = windows(record, history, now);
    // Job rates over 30 days; an operator idle for 30 days falls back to the 90-day window.
    let jobs_basis = if rate.value() > 0 { &rate } else { &window };
    let value = jobs_basis.value();
    let (success_rate, latency) = if value == 0 {
        (prior, prior)
    } else {
        (
            scaled(jobs_basis.success_value, SCALE, value),
            scaled(jobs_basis.latency_score_value, 1, value),
        )
    };
    let rating = if window.rated_value == 0 {
        prior
    } else {
        // (average stars − 1) / 4 on the 0–1000 scale, weighted by the rated bills' values.
        scaled(
            window.stars_value.saturating_sub(window.rated_value),
            250,
            window.rated_value,
        )
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
    let confidence = scaled(window.value(), SCALE, params.confidence_value.u128());
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

/// Whether an attestation made at `time` is inside the 90-day window at `now`.
pub fn is_live(time: Timestamp, now: Timestamp) -> bool {
    time.seconds()
        >= now
            .seconds()
            .saturating_sub(WINDOW_BUCKETS * BUCKET_SECONDS)
}

/// Caps the weights so that none exceeds `1 / ATTESTER_SHARE_DIVISOR` of the capped total
/// (water-filling: the `k` heaviest are cut to the cap `c = rest / (divisor − k)`, where `rest`
/// is the sum of the others). With fewer entries than the divisor every entry weighs the same.
/// Bounded work: one sort of at most `MAX_ATTESTERS_CAP` entries.
pub fn cap_shares(entries: &mut [(u8, u128)]) {
    let mut sorted: Vec<u128> = entries.iter().map(|(_, w)| *w).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let mut rest = sorted.iter().fold(0u128, |acc, w| acc.saturating_add(*w));
    for (k, heaviest) in sorted
        .iter()
        .enumerate()
        .take(ATTESTER_SHARE_DIVISOR as usize)
    {
        let cap = rest / (ATTESTER_SHARE_DIVISOR - k as u128);
        if *heaviest <= cap {
            entries.iter_mut().for_each(|(_, w)| *w = (*w).min(cap));
            return;
        }
        rest -= heaviest;
    }
    entries.iter_mut().for_each(|(_, w)| *w = 1);
}

/// The (lower) weighted median of `(accuracy, weight)` entries; `None` when there are none.
pub fn weighted_median(entries: &mut [(u8, u128)]) -> Option<u8> {
    entries.sort_unstable();
    let total = entries
        .iter()
        .fold(0u128, |acc, (_, w)| acc.saturating_add(*w));
    let mut cumulative = 0u128;
    for (accuracy, weight) in entries.iter() {
        cumulative = cumulative.saturating_add(*weight);
        if cumulative.saturating_mul(2) >= total {
            return Some(*accuracy);
        }
    }
    entries.last().map(|(accuracy, _)| *accuracy)
}

/// Where the aggregate accuracy heads (docs/reputation.md §5): the weighted median of the live
/// attestations (inside 90 days, weight > 0), each weight capped at a third of the set, when at
/// least `min_attesters` of them hold, together, at least `min_attester_stake_share` of all
/// bonded validator stake `validator_stake`; `None` otherwise (accuracy stays at the prior).
/// `weighed` pairs each attestation with its weight, the lesser of its stake then and now.
pub fn qualified_median(
    weighed: &[(Attestation, u128)],
    params: &Params,
    validator_stake: Uint128,
    now: Timestamp,
) -> Option<u8> {
    let mut live: Vec<(u8, u128)> = weighed
        .iter()
        .filter(|(a, w)| *w > 0 && is_live(a.time, now))
        .map(|(a, w)| (a.accuracy, *w))
        .collect();
    let weight = live
        .iter()
        .fold(0u128, |acc, (_, w)| acc.saturating_add(*w));
    let needed = validator_stake.mul_ceil(params.min_attester_stake_share);
    if live.len() < params.min_attesters as usize || weight < needed.u128() {
        return None;
    }
    cap_shares(&mut live);
    weighted_median(&mut live)
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

    fn att(accuracy: u8, stake: u128) -> (Attestation, u128) {
        let attestation = Attestation {
            validator: MockApi::default().addr_make("v"),
            accuracy,
            stake: Uint128::new(stake),
            time: Timestamp::from_seconds(100 * BUCKET_SECONDS),
        };
        (attestation, stake)
    }

    fn median(entries: &[(u8, u128)]) -> Option<u8> {
        let mut entries = entries.to_vec();
        cap_shares(&mut entries);
        weighted_median(&mut entries)
    }

    #[test]
    fn median_is_weighted_and_no_one_weighs_more_than_a_third() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(10, 1), (90, 1), (50, 1)]), Some(50));
        // Uncapped, 90 would decide; capped at a third, the three weigh the same.
        assert_eq!(median(&[(10, 1), (90, 10), (50, 1)]), Some(50));
        // A heavy liar at 0 is cut to the cap (7 of 22): the median stays an honest value (80),
        // inside the others' range; a light one does not move it from 90.
        assert_eq!(median(&[(0, 1_000), (80, 5), (90, 5), (95, 5)]), Some(80));
        assert_eq!(median(&[(0, 1), (80, 5), (90, 5), (95, 5)]), Some(90));
    }

    #[test]
    fn capped_shares_sum_to_at_most_three_times_the_cap() {
        let mut entries = vec![(0u8, 100u128), (0, 100), (0, 1), (0, 1)];
        cap_shares(&mut entries);
        let total: u128 = entries.iter().map(|(_, w)| w).sum();
        assert!(entries.iter().all(|(_, w)| 3 * w <= total), "{entries:?}");
        let mut two = vec![(10u8, 7u128), (20, 1)];
        cap_shares(&mut two);
        assert_eq!(two, vec![(10, 1), (20, 1)]);
    }

    #[test]
    fn a_median_needs_enough_attesters_and_stake() {
        let now = Timestamp::from_seconds(100 * BUCKET_SECONDS);
        let params = Params::default();
        let three = [att(90, 10), att(90, 10), att(80, 10)];
        // 30 of 300 is 10 %: qualified; of 301 it is not.
        assert_eq!(
            qualified_median(&three, &params, Uint128::new(300), now),
            Some(90)
        );
        assert_eq!(
            qualified_median(&three, &params, Uint128::new(301), now),
            None
        );
        // Two attesters, or a third with no weight left, do not qualify.
        assert_eq!(
            qualified_median(&three[..2], &params, Uint128::new(20), now),
            None
        );
        let mut gone = three.to_vec();
        gone[2].1 = 0;
        assert_eq!(
            qualified_median(&gone, &params, Uint128::new(20), now),
            None
        );
        // Stale attestations drop out.
        let later = now.plus_seconds(WINDOW_BUCKETS * BUCKET_SECONDS + 1);
        assert_eq!(
            qualified_median(&three, &params, Uint128::new(30), later),
            None
        );
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
