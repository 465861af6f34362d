//! Outcome reports from the escrow, a provider's jobs summed in one batch: the score and its
//! confidence, the 90-day window, the jail on a fall below the threshold; a batch fills the
//! bucket exactly as its jobs reported one by one, at O(1) cost per report whatever its job count;
//! reports not from the escrow, empty or about unknown operators.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_types::reputation::{
    ExecuteMsg, JobOutcome, Outcome, OutcomeBatch, ScoreResponse, BUCKET_SECONDS,
};
use infermesh_types::staking::Role;
use proptest::prelude::*;

use super::helpers::*;
use crate::error::ReputationError;
use crate::state::Bucket;

const TOKEN: u128 = infermesh_types::staking::TOKEN_UNIT;

#[test]
fn successes_raise_and_failures_lower_the_score_with_confidence() {
    let mut ctx = Ctx::new();
    let good = ctx.register("good", Role::Provider, 10_000);
    let bad = ctx.register("bad", Role::Provider, 10_000);
    let consumer = addr("consumer");
    let mut previous = ctx.score(&good).score;
    for i in 0..50u64 {
        ctx.report(2 * i, &good, &consumer, Outcome::Success, 50)
            .unwrap();
        ctx.report(2 * i + 1, &bad, &consumer, Outcome::Failure, 50)
            .unwrap();
        let now = ctx.score(&good).score;
        assert!(now >= previous);
        previous = now;
    }
    let good_score = ctx.score(&good);
    let bad_score = ctx.score(&bad);
    assert_eq!(good_score.confidence, Decimal::one());
    assert_eq!(good_score.success_rate_30d, Some(Decimal::one()));
    assert_eq!(good_score.avg_latency_ms_30d, Some(50));
    assert_eq!(good_score.latency_ratio_30d, Some(Decimal::percent(25)));
    assert_eq!(bad_score.success_rate_30d, Some(Decimal::zero()));
    assert_eq!(good_score.jobs_30d, 50);
    assert_eq!(good_score.compute_units_30d, Uint128::new(5_000));
    assert!(good_score.score > 700, "{good_score:?}");
    assert!(bad_score.score < 400, "{bad_score:?}");
}

/// Outcomes, latency and ratings weigh by value, and confidence grows with value, not with a
/// count of bills: a hundred 1-base-unit failures weigh nothing against one paid success.
#[test]
fn outcomes_weigh_by_value_and_confidence_grows_with_it() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    for bill in 0..100 {
        ctx.report_value(bill, &provider, &consumer, Outcome::Failure, 0, 1)
            .unwrap();
    }
    let score = ctx.score(&provider);
    assert_eq!(score.jobs_30d, 100);
    assert_eq!(score.value_90d, Uint128::new(100));
    assert_eq!(score.confidence, Decimal::zero());
    ctx.report_value(
        100,
        &provider,
        &consumer,
        Outcome::Success,
        50,
        10_000 * TOKEN,
    )
    .unwrap();
    ctx.rate(&consumer, 100, 5).unwrap();
    ctx.rate(&consumer, 0, 1).unwrap();
    let score = ctx.score(&provider);
    // 10,000 tokens of 20,000: half the confidence.
    assert_eq!(score.confidence, Decimal::percent(50));
    assert_eq!(score.value_30d, Uint128::new(10_000 * TOKEN + 100));
    assert_eq!(score.components.success_rate, 999);
    assert_eq!(score.components.latency, 999);
    assert_eq!(score.components.rating, 999);
    assert_eq!(score.avg_latency_ms_30d, Some(50));
    assert_eq!(
        score.success_rate_30d,
        Some(Decimal::from_ratio(10_000 * TOKEN, 10_000 * TOKEN + 100))
    );
}

#[test]
fn the_window_rolls_after_90_days_and_rates_after_30() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    for i in 0..10 {
        ctx.report(i, &provider, &consumer, Outcome::Failure, 100)
            .unwrap();
    }
    ctx.advance(31 * DAY);
    let score = ctx.score(&provider);
    assert_eq!(score.jobs_30d, 0);
    assert_eq!(score.jobs_90d, 10);
    // Idle for 30 days: the rates fall back to the 90-day window.
    assert_eq!(score.components.success_rate, 0);
    ctx.advance(60 * DAY);
    let score = ctx.score(&provider);
    assert_eq!(score.jobs_90d, 0);
    assert_eq!(score.confidence, Decimal::zero());
    // The slot reused by a new event is reset, not added to.
    ctx.report(100, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    let score = ctx.score(&provider);
    assert_eq!(score.jobs_90d, 1);
    assert_eq!(score.successes_30d, 1);
}

#[test]
fn a_fall_below_the_threshold_jails_once() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 0);
    let consumer = addr("consumer");
    let mut jailed_at = vec![];
    for i in 0..40 {
        let response = ctx
            .report(i, &provider, &consumer, Outcome::Failure, 100)
            .unwrap();
        if jails(&response) > 0 {
            assert_eq!(attr(&response, "jailed"), Some("true"));
            jailed_at.push(i);
        }
    }
    assert_eq!(jailed_at.len(), 1, "{jailed_at:?}");
    assert!(ctx.score(&provider).below_threshold);
    // Climb back above, then fall again: a second jail.
    let mut bill = 100;
    while ctx.score(&provider).score < 300 {
        let response = ctx
            .report(bill, &provider, &consumer, Outcome::Success, 100)
            .unwrap();
        assert_eq!(jails(&response), 0);
        bill += 1;
    }
    assert!(!ctx.score(&provider).below_threshold);
    let mut second = 0;
    for _ in 0..100 {
        let response = ctx
            .report(bill, &provider, &consumer, Outcome::Failure, 100)
            .unwrap();
        second += jails(&response);
        bill += 1;
    }
    assert_eq!(second, 1);
}

/// docs/reputation.md §2: updated in O(1) per event. The storage reads and writes of one report are
/// the same after 10 and after 10,000 earlier events of the same operator, both for its first
/// report in a new bucket (which moves the previous bucket into the history) and for a later one
/// in the same bucket; so are the bytes written, but for the digits of the retired bucket's sums.
#[test]
fn a_report_costs_the_same_after_10_and_10000_events() {
    /// (reads, writes, staking queries, bytes written) of a report opening a new bucket, then of
    /// one in the same bucket.
    fn cost_after(earlier: u64) -> [(u64, u64, u64, u64); 2] {
        let mut ctx = Ctx::new();
        let provider = ctx.register("provider", Role::Provider, 10_000);
        let consumer = addr("consumer");
        for i in 0..earlier {
            let outcome = if i % 3 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            ctx.report(i, &provider, &consumer, outcome, 100 + i % 50)
                .unwrap();
            if i % 7 == 0 {
                ctx.rate(&consumer, i, 4).ok();
            }
            // Spread the history over the whole 90-day ring.
            ctx.advance(90 * DAY / earlier.max(1));
        }
        // To the next bucket's first second.
        let seconds = ctx.env.block.time.seconds();
        ctx.advance(BUCKET_SECONDS - seconds % BUCKET_SECONDS);
        [earlier, earlier + 1].map(|bill| {
            ctx.deps.storage.reset();
            ctx.staking_queries.set(0);
            ctx.report(bill, &provider, &consumer, Outcome::Success, 120)
                .unwrap();
            ctx.advance(5);
            let storage = &ctx.deps.storage;
            (
                storage.reads.get(),
                storage.writes,
                ctx.staking_queries.get(),
                storage.written_bytes,
            )
        })
    }
    let small = cost_after(10);
    let large = cost_after(10_000);
    for (small, large) in small.iter().zip(&large) {
        assert_eq!((small.0, small.1, small.2), (large.0, large.1, large.2));
        assert_eq!(small.2, 1, "one staking query per report");
        // Sums of 10,000 events take a few more bytes each (measured: 38 more for a new
        // bucket, 3 for the same one; the whole record was 4.7-5.8 KB before it was packed).
        assert!(large.3 <= small.3 + 64, "{small:?} {large:?}");
    }
    // The new bucket's report writes one more entry, the retired bucket, than the next one.
    assert_eq!(small[0].1, small[1].1 + 1);
}

/// A batch of one job counts it in the operator's current bucket, each sum weighted by the
/// job's value (a success within its advertised 200 ms: latency score 1000).
#[test]
fn a_batch_of_one_job_fills_the_bucket_with_its_value() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    let response = ctx
        .report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    assert_eq!(attr(&response, "action"), Some("report_outcomes"));
    assert_eq!(attr(&response, "jobs"), Some("1"));
    assert_eq!(
        attr(&response, "value"),
        Some(BILL_VALUE.to_string().as_str())
    );
    let bucket = ctx.current_bucket(&provider);
    let value = Uint128::new(BILL_VALUE);
    assert_eq!(
        bucket,
        Bucket {
            epoch: bucket.epoch,
            successes: 1,
            success_value: value,
            latency_score_value: value * Uint128::new(1_000),
            latency_ms_value: value * Uint128::new(100),
            latency_ratio_value: value * Uint128::new(500),
            compute_units: Uint128::new(JOB_UNITS),
            ..Bucket::default()
        }
    );
    let score = ctx.score(&provider);
    assert_eq!((score.jobs_30d, score.successes_30d), (1, 1));
    assert_eq!(score.value_30d, value);
}

/// Jobs of every outcome, value and latency.
fn mixed_jobs(ctx: &Ctx, provider: &cosmwasm_std::Addr) -> Vec<JobOutcome> {
    (0..30u64)
        .map(|i| {
            let outcome = match i % 5 {
                0 => Outcome::Failure,
                1 => Outcome::Timeout,
                _ => Outcome::Success,
            };
            let value = (1 + u128::from(i) * 37) * TOKEN;
            ctx.job(provider, outcome, 50 + i * 23, value)
        })
        .collect()
}

/// The stored state and score after `jobs` are reported as `batches` (slices of `jobs`, in
/// order), all in one block.
fn reported(
    jobs: &[JobOutcome],
    split: &[usize],
) -> (Bucket, ScoreResponse, Vec<cosmwasm_std::Record>) {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let mut start = 0;
    for end in split.iter().copied().chain([jobs.len()]) {
        if end > start {
            let batch = ctx.batch(&provider, &jobs[start..end]);
            ctx.report_batch(batch).unwrap();
        }
        start = end;
    }
    (
        ctx.current_bucket(&provider),
        ctx.score(&provider),
        ctx.dump(),
    )
}

/// Thirty jobs in one batch leave exactly the bucket, score and storage of the same jobs reported
/// one batch each (the escrow's former report per bill), or in two batches.
#[test]
fn a_batch_of_many_jobs_equals_its_jobs_reported_one_by_one() {
    let ctx = Ctx::new();
    let jobs = mixed_jobs(&ctx, &addr("provider"));
    let one_by_one: Vec<usize> = (1..jobs.len()).collect();
    let all = reported(&jobs, &[]);
    assert_eq!(all, reported(&jobs, &one_by_one));
    assert_eq!(all, reported(&jobs, &[11]));
    let (bucket, score, _) = all;
    assert_eq!(
        (bucket.successes, bucket.failures, bucket.timeouts),
        (18, 6, 6)
    );
    assert_eq!(score.jobs_30d, 30);
    assert_eq!(score.compute_units_30d, Uint128::new(30 * JOB_UNITS));
}

/// Failures and timeouts weigh what was escrowed against the success rate and score 0 latency.
#[test]
fn failures_and_timeouts_count_their_value_as_failed() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let jobs = [
        ctx.job(&provider, Outcome::Failure, 80, 3_000 * TOKEN),
        ctx.job(&provider, Outcome::Timeout, 0, 1_000 * TOKEN),
        ctx.job(&provider, Outcome::Timeout, 0, 1_000 * TOKEN),
        ctx.job(&provider, Outcome::Success, 100, 5_000 * TOKEN),
    ];
    let batch = ctx.batch(&provider, &jobs);
    ctx.report_batch(batch).unwrap();
    let score = ctx.score(&provider);
    assert_eq!(
        (score.successes_30d, score.failures_30d, score.timeouts_30d),
        (1, 1, 2)
    );
    assert_eq!(score.value_90d, Uint128::new(10_000 * TOKEN));
    assert_eq!(score.success_rate_30d, Some(Decimal::percent(50)));
    // Half the value succeeded within its latency: 1000 × 5,000 / 10,000.
    assert_eq!(score.components.latency, 500);
    assert_eq!(score.components.success_rate, 500);
    assert_eq!(score.confidence, Decimal::percent(50));
    let bucket = ctx.current_bucket(&provider);
    assert_eq!(bucket.failed_value, Uint128::new(5_000 * TOKEN));
    assert_eq!(bucket.latency_ms_value, Uint128::new(100 * 5_000 * TOKEN));
}

/// docs/reputation.md §2: a batch costs the same whatever its job count: the same storage reads
/// and writes and one staking query for one job and for 10,000.
#[test]
fn a_batch_costs_the_same_whatever_its_job_count() {
    fn cost(jobs: u64) -> (u64, u64, u64, u64) {
        let mut ctx = Ctx::new();
        let provider = ctx.register("provider", Role::Provider, 10_000);
        let consumer = addr("consumer");
        ctx.report(0, &provider, &consumer, Outcome::Success, 100)
            .unwrap();
        let jobs: Vec<_> = (0..jobs)
            .map(|i| ctx.job(&provider, Outcome::Success, 80 + i % 100, BILL_VALUE))
            .collect();
        let batch = ctx.batch(&provider, &jobs);
        ctx.deps.storage.reset();
        ctx.staking_queries.set(0);
        ctx.report_batch(batch).unwrap();
        let storage = &ctx.deps.storage;
        (
            storage.reads.get(),
            storage.writes,
            ctx.staking_queries.get(),
            storage.written_bytes,
        )
    }
    let one = cost(1);
    let many = cost(10_000);
    assert_eq!((one.0, one.1, one.2), (many.0, many.1, many.2));
    assert_eq!(one.2, 1, "one staking query per batch");
    // Only the digits of the larger sums.
    assert!(many.3 <= one.3 + 32, "{one:?} {many:?}");
}

#[test]
fn outcomes_only_from_the_escrow() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    let batch = ctx.batch(
        &provider,
        &[ctx.job(&provider, Outcome::Success, 1, BILL_VALUE)],
    );
    for sender in [
        addr("intruder"),
        provider.clone(),
        consumer,
        second_escrow(),
    ] {
        rejects(
            &mut ctx,
            ReputationError::NotEscrow {
                sender: sender.clone(),
                escrow: escrow(),
            },
            |ctx| ctx.exec(&sender, ExecuteMsg::ReportOutcomes(batch.clone())),
        );
    }
}

/// A batch counting no job is refused, whatever its sums, before staking is asked.
#[test]
fn an_empty_batch_is_refused() {
    let World {
        mut ctx, provider, ..
    } = world();
    let empty = OutcomeBatch {
        operator: provider.to_string(),
        ..OutcomeBatch::default()
    };
    let stray = OutcomeBatch {
        success_value: Uint128::new(BILL_VALUE),
        compute_units: Uint128::new(5),
        ..empty.clone()
    };
    for batch in [empty, stray] {
        ctx.staking_queries.set(0);
        rejects(
            &mut ctx,
            ReputationError::EmptyBatch {
                operator: provider.to_string(),
            },
            |ctx| ctx.report_batch(batch),
        );
        assert_eq!(ctx.staking_queries.get(), 0);
    }
}

#[test]
fn outcomes_of_an_unknown_operator_are_refused() {
    let World {
        mut ctx, consumer, ..
    } = world();
    let stranger = addr("stranger");
    rejects(
        &mut ctx,
        ReputationError::UnknownOperator {
            operator: stranger.to_string(),
        },
        |ctx| ctx.report(9, &stranger, &consumer, Outcome::Success, 1),
    );
}

/// A job: outcome code, latency, value in base units (a few tokens at most, or up to the
/// largest values the escrow could see).
fn job_strategy() -> impl Strategy<Value = (u8, u64, u128)> {
    (
        0u8..3,
        0u64..5_000,
        prop_oneof![1u128..10_000 * TOKEN, 0u128..=u128::from(u64::MAX)],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Batch additivity: adding jobs one by one into a batch and reporting it once fills the
    /// bucket exactly as the former report per job, and report(b1) + report(b2) as
    /// report(b1 ∪ b2), with the same score and stored state, whatever the split.
    #[test]
    fn batches_add_up(
        raw in prop::collection::vec(job_strategy(), 1..40),
        cut in any::<prop::sample::Index>(),
    ) {
        let ctx = Ctx::new();
        let jobs: Vec<JobOutcome> = raw
            .iter()
            .map(|&(code, latency_ms, value)| {
                let outcome = match code {
                    0 => Outcome::Success,
                    1 => Outcome::Failure,
                    _ => Outcome::Timeout,
                };
                ctx.job(&addr("provider"), outcome, latency_ms, value)
            })
            .collect();
        let one_by_one: Vec<usize> = (1..jobs.len()).collect();
        let cut = cut.index(jobs.len() + 1);
        let once = reported(&jobs, &[]);
        prop_assert_eq!(&once, &reported(&jobs, &one_by_one));
        prop_assert_eq!(&once, &reported(&jobs, &[cut]));
        prop_assert_eq!(once.0.jobs() as usize, jobs.len());
    }
}
