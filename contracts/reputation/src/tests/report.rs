//! Outcome reports from the escrow: the score and its confidence, the 90-day window, the jail on
//! a fall below the threshold, O(1) cost per report; reports not from the escrow, about unknown
//! operators or twice for one bill.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_types::reputation::{ExecuteMsg, Outcome, BUCKET_SECONDS};
use infermesh_types::staking::Role;

use super::helpers::*;

const TOKEN: u128 = infermesh_types::staking::TOKEN_UNIT;
use crate::error::ReputationError;
use infermesh_types::reputation::OutcomeReport;

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

#[test]
fn outcome_only_from_the_escrow() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    let intruder = addr("intruder");
    for sender in [intruder.clone(), provider.clone(), consumer.clone()] {
        rejects(
            &mut ctx,
            ReputationError::NotEscrow {
                sender: sender.clone(),
                escrow: escrow(),
            },
            |ctx| {
                ctx.exec(
                    &sender,
                    ExecuteMsg::ReportOutcome(OutcomeReport {
                        bill_id: 9,
                        operator: provider.to_string(),
                        consumer: consumer.to_string(),
                        outcome: Outcome::Success,
                        latency_ms: 1,
                        compute_units: Uint128::one(),
                        value: Uint128::one(),
                    }),
                )
            },
        );
    }
}

#[test]
fn outcome_for_unknown_operator_or_twice() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    let stranger = addr("stranger");
    rejects(
        &mut ctx,
        ReputationError::UnknownOperator {
            operator: stranger.to_string(),
        },
        |ctx| ctx.report(9, &stranger, &consumer, Outcome::Success, 1),
    );
    rejects(
        &mut ctx,
        ReputationError::BillAlreadyReported { bill_id: 1 },
        |ctx| ctx.report(1, &provider, &consumer, Outcome::Failure, 1),
    );
}
