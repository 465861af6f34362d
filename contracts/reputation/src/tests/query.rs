//! Queries: operators listed by score, score history by height, the reward multiplier.

use cosmwasm_std::Decimal;
use infermesh_types::reputation::{
    MultiplierResponse, OperatorsResponse, Outcome, QueryMsg, ScoreAtHeightResponse,
};
use infermesh_types::staking::Role;

use super::helpers::*;

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
