//! Consumer ratings: the windowed average; who may rate which bill, the star range, self-ratings
//! of self-dealt bills, native funds.

use cosmwasm_std::{coins, Decimal};
use cw_utils::PaymentError;
use infermesh_types::reputation::{ExecuteMsg, Outcome, QueryMsg};
use infermesh_types::staking::Role;

use super::helpers::*;
use crate::error::ReputationError;

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
fn rating_guards() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    for stars in [0u8, 6, 255] {
        rejects(
            &mut ctx,
            ReputationError::StarsOutOfRange { stars },
            |ctx| ctx.rate(&consumer, 1, stars),
        );
    }
    rejects(
        &mut ctx,
        ReputationError::BillNotFound { bill_id: 7 },
        |ctx| ctx.rate(&consumer, 7, 5),
    );
    rejects(
        &mut ctx,
        ReputationError::BillNotSettled { bill_id: 2 },
        |ctx| ctx.rate(&consumer, 2, 5),
    );
    let other = addr("other");
    rejects(
        &mut ctx,
        ReputationError::NotBillConsumer {
            sender: other.clone(),
            bill_id: 1,
        },
        |ctx| ctx.rate(&other, 1, 5),
    );
    rejects(
        &mut ctx,
        ReputationError::SelfRating {
            sender: provider.clone(),
        },
        |ctx| ctx.rate(&provider, 1, 5),
    );
    ctx.rate(&consumer, 1, 4).unwrap();
    rejects(
        &mut ctx,
        ReputationError::AlreadyRated {
            bill_id: 1,
            stars: 4,
        },
        |ctx| ctx.rate(&consumer, 1, 5),
    );
}

#[test]
fn self_rating_of_a_self_dealt_bill() {
    let World {
        mut ctx, provider, ..
    } = world();
    ctx.report(3, &provider, &provider, Outcome::Success, 1)
        .unwrap();
    rejects(
        &mut ctx,
        ReputationError::SelfRating {
            sender: provider.clone(),
        },
        |ctx| ctx.rate(&provider, 3, 5),
    );
}

#[test]
fn native_funds_are_refused() {
    let World {
        mut ctx, consumer, ..
    } = world();
    rejects(
        &mut ctx,
        ReputationError::Payment(PaymentError::NonPayable {}),
        |ctx| {
            ctx.exec_funds(
                &consumer,
                &coins(1, "ustake"),
                ExecuteMsg::Rate {
                    bill_id: 1,
                    stars: 5,
                },
            )
        },
    );
}
