//! Scoring, windows, jail, listing, history, multiplier, attester set, and O(1) reports.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_types::reputation::{
    AttestationsResponse, ExecuteMsg, MultiplierResponse, OperatorsResponse, Outcome, Params,
    QueryMsg, ScoreAtHeightResponse, BUCKET_SECONDS,
};
use infermesh_types::staking::Role;

use super::helpers::*;
use crate::error::ReputationError;

#[test]
fn a_new_operator_starts_at_the_prior_with_no_confidence() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 0);
    let score = ctx.score(&provider);
    assert_eq!(score.confidence, Decimal::zero());
    assert_eq!(score.updated_at, None);
    // Performance at the prior (500), stake 0 with weight 10%: 450.
    assert_eq!(score.score, 450);
    ctx.exec(
        &addr("anyone"),
        ExecuteMsg::Refresh {
            operator: provider.to_string(),
        },
    )
    .unwrap();
    assert_eq!(ctx.score(&provider).stored_score, 450);
}

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

#[test]
fn ratings_average_over_the_window() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    ctx.report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    ctx.report(2, &provider, &consumer, Outcome::Failure, 100)
        .unwrap();
    ctx.rate(&consumer, 1, 5).unwrap();
    ctx.rate(&consumer, 2, 2).unwrap();
    let score = ctx.score(&provider);
    assert_eq!(score.ratings_90d, 2);
    assert_eq!(score.rating_average, Some(Decimal::permille(3_500)));
    assert_eq!(score.components.rating, 625);
    assert_eq!(
        ctx.query::<Option<infermesh_types::reputation::BillRecord>>(QueryMsg::Bill { bill_id: 1 })
            .and_then(|b| b.stars),
        Some(5)
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

#[test]
fn operators_are_listed_by_score() {
    let mut ctx = Ctx::new();
    let consumer = addr("consumer");
    let mut bill = 0;
    let names = ["a", "b", "c", "d", "e"];
    for (n, name) in names.iter().enumerate() {
        let op = ctx.register(name, Role::Provider, 10_000);
        for k in 0..10 {
            let outcome = if k < 2 * n {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            ctx.report(bill, &op, &consumer, outcome, 100).unwrap();
            bill += 1;
        }
    }
    let page1: OperatorsResponse = ctx.query(QueryMsg::Operators {
        start_after: None,
        limit: Some(2),
    });
    let page2: OperatorsResponse = ctx.query(QueryMsg::Operators {
        start_after: Some(page1.operators[1].operator.to_string()),
        limit: Some(10),
    });
    let all: Vec<_> = page1.operators.iter().chain(&page2.operators).collect();
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
    let order: Vec<_> = all.iter().map(|o| o.operator.clone()).collect();
    assert_eq!(order, names.map(addr).to_vec());
}

#[test]
fn score_history_by_height() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    let h0 = ctx.env.block.height;
    ctx.report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    let first = ctx.score(&provider).stored_score;
    ctx.advance(5);
    let h1 = ctx.env.block.height;
    ctx.report(2, &provider, &consumer, Outcome::Failure, 100)
        .unwrap();
    let second = ctx.score(&provider).stored_score;
    ctx.advance(5);
    let at = |ctx: &Ctx, height| {
        ctx.query::<ScoreAtHeightResponse>(QueryMsg::ScoreAtHeight {
            operator: provider.to_string(),
            height,
        })
        .score
    };
    assert_eq!(at(&ctx, h0), None);
    assert_eq!(at(&ctx, h0 + 1), Some(first));
    assert_eq!(at(&ctx, h1), Some(first));
    assert_eq!(at(&ctx, h1 + 1), Some(second));
    assert_ne!(first, second);
}

#[test]
fn multiplier_rewards_speed_and_quality() {
    let mut ctx = Ctx::new();
    let fast = ctx.register("fast", Role::Provider, 10_000);
    let slow = ctx.register("slow", Role::Provider, 10_000);
    let consumer = addr("consumer");
    for i in 0..50 {
        ctx.report(2 * i, &fast, &consumer, Outcome::Success, 80)
            .unwrap();
        ctx.report(2 * i + 1, &slow, &consumer, Outcome::Success, 150)
            .unwrap();
    }
    let m = |ctx: &Ctx, op: &cosmwasm_std::Addr| {
        ctx.query::<MultiplierResponse>(QueryMsg::Multiplier {
            operator: op.to_string(),
        })
    };
    let fast_m = m(&ctx, &fast);
    let slow_m = m(&ctx, &slow);
    assert_eq!(fast_m.speed, Decimal::permille(1_200));
    assert_eq!(slow_m.speed, Decimal::one());
    assert_eq!(
        fast_m.quality,
        Decimal::permille(500 + u64::from(fast_m.score))
    );
    assert_eq!(fast_m.multiplier, fast_m.speed * fast_m.quality);
    assert!(fast_m.multiplier > slow_m.multiplier);
    // Unknown operator: prior quality, no speed bonus.
    let unknown = m(&ctx, &addr("nobody"));
    assert_eq!(unknown.speed, Decimal::one());
}

#[test]
fn one_attestation_moves_accuracy_at_most_the_clip_bound() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let validators: Vec<_> = (0..5)
        .map(|i| ctx.register(&format!("validator{i}"), Role::Validator, 50_000))
        .collect();
    for v in &validators {
        ctx.attest(v, &provider, 90).unwrap();
    }
    // 50 → 55 → 60 → ... → 75 after five honest attestations.
    assert_eq!(ctx.score(&provider).accuracy, 75);
    // A liar at 0 (after its cooldown) moves it by at most 5 — here not at all toward 0: the
    // median is still 90.
    ctx.advance(DAY);
    let response = ctx.attest(&validators[0], &provider, 0).unwrap();
    assert_eq!(attr(&response, "aggregated_accuracy"), Some("80"));
    let set: AttestationsResponse = ctx.query(QueryMsg::Attestations {
        operator: provider.to_string(),
    });
    assert_eq!(set.attestations.len(), 5);
    assert_eq!(ctx.score(&provider).attestation_count, 5);
}

#[test]
fn the_attester_set_is_bounded_and_keeps_the_heaviest() {
    let mut ctx = Ctx::with_params(Some(Params {
        max_attesters: 3,
        ..Params::default()
    }));
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let v: Vec<_> = [20_000u128, 30_000, 40_000, 10_000, 25_000]
        .iter()
        .enumerate()
        .map(|(i, bond)| ctx.register(&format!("v{i}"), Role::Validator, *bond))
        .collect();
    for validator in &v[..3] {
        ctx.attest(validator, &provider, 80).unwrap();
    }
    let before = ctx.dump();
    assert_eq!(
        ctx.attest(&v[3], &provider, 80).unwrap_err(),
        ReputationError::AttesterSetFull {
            operator: provider.clone(),
            stake: Uint128::new(10_000_000_000),
            min_stake: Uint128::new(20_000_000_000),
        }
    );
    assert_eq!(ctx.dump(), before);
    // Heavier than the lightest (20,000): replaces it.
    ctx.attest(&v[4], &provider, 80).unwrap();
    let set: AttestationsResponse = ctx.query(QueryMsg::Attestations {
        operator: provider.to_string(),
    });
    let members: Vec<_> = set
        .attestations
        .iter()
        .map(|a| a.validator.clone())
        .collect();
    assert_eq!(members.len(), 3);
    assert!(!members.contains(&v[0]));
    assert!(members.contains(&v[4]));
    // After 90 days the stale entries give way to anyone.
    ctx.advance(18 * BUCKET_SECONDS + 1);
    ctx.attest(&v[3], &provider, 80).unwrap();
}

/// docs/reputation.md §2: updated in O(1) per event. The storage reads and writes of one report are
/// the same after 10 and after 10,000 earlier events of the same operator.
#[test]
fn a_report_costs_the_same_after_10_and_10000_events() {
    fn cost_after(earlier: u64) -> (u64, u64, u64) {
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
        ctx.advance(5);
        ctx.deps.storage.reset();
        ctx.staking_queries.set(0);
        ctx.report(earlier, &provider, &consumer, Outcome::Success, 120)
            .unwrap();
        (
            ctx.deps.storage.reads.get(),
            ctx.deps.storage.writes,
            ctx.staking_queries.get(),
        )
    }
    let small = cost_after(10);
    let large = cost_after(10_000);
    assert_eq!(small, large);
    assert_eq!(small.2, 1, "one staking query per report");
}
