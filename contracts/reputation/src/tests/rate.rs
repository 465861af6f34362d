//! Consumer ratings of the escrow's bills: the windowed average weighted by the bill's value as
//! the escrow shows it; which bills may be rated (settled, refunded at fault) and by whom, the
//! star range, self-ratings of self-dealt bills, ratings before the job's report, a replaced
//! escrow, native funds.

use cosmwasm_std::{coins, Decimal, StdError, Uint128};
use cw_utils::PaymentError;
use infermesh_types::bill_escrow::BillStatus;
use infermesh_types::reputation::{ExecuteMsg, Outcome, QueryMsg, RatingResponse};
use infermesh_types::staking::{Role, TOKEN_UNIT};

use super::helpers::*;
use crate::error::ReputationError;

/// A settled bill weighs what was charged (not the twice as much escrowed), a bill refunded at
/// the provider's fault what was escrowed: equal values here, so 5 and 2 stars average 3.5.
#[test]
fn ratings_average_over_the_window() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    ctx.report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    ctx.report(2, &provider, &consumer, Outcome::Failure, 100)
        .unwrap();
    assert_eq!(ctx.rating(1), None);
    ctx.rate(&consumer, 1, 5).unwrap();
    ctx.rate(&consumer, 2, 2).unwrap();
    let score = ctx.score(&provider);
    assert_eq!(score.ratings_90d, 2);
    assert_eq!(score.rating_average, Some(Decimal::permille(3_500)));
    assert_eq!(score.components.rating, 625);
    assert_eq!(
        ctx.query::<RatingResponse>(QueryMsg::Rating { bill_id: 1 }),
        RatingResponse {
            bill_id: 1,
            stars: Some(5)
        }
    );
    assert_eq!((ctx.rating(2), ctx.rating(3)), (Some(2), None));
    let bucket = ctx.current_bucket(&provider);
    assert_eq!(bucket.rated_value, Uint128::new(2 * BILL_VALUE));
    assert_eq!(bucket.stars_value, Uint128::new(7 * BILL_VALUE));
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
    // Timed out (bill 2), or not closed yet.
    rejects(
        &mut ctx,
        ReputationError::BillNotSettled { bill_id: 2 },
        |ctx| ctx.rate(&consumer, 2, 5),
    );
    for (bill_id, status) in [
        (10, BillStatus::Open),
        (11, BillStatus::Completed),
        (12, BillStatus::Disputed),
    ] {
        let mut bill = EscrowBill::closed(&consumer, &provider, Outcome::Failure, BILL_VALUE);
        bill.status = status;
        ctx.set_bill(&escrow(), bill_id, bill);
        rejects(
            &mut ctx,
            ReputationError::BillNotSettled { bill_id },
            |ctx| ctx.rate(&consumer, bill_id, 5),
        );
    }
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

/// The escrow may report a success some time after it settled the bill: its consumer may rate
/// it before. The provider's first event then reads its stake from staking (one query), so its
/// score and listing start from its real stake; a known operator's rating asks staking nothing.
#[test]
fn a_rating_before_the_jobs_report() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let consumer = addr("consumer");
    let bill = EscrowBill::closed(&consumer, &provider, Outcome::Success, BILL_VALUE);
    ctx.set_bill(&escrow(), 1, bill.clone());
    ctx.set_bill(&escrow(), 2, bill);
    ctx.staking_queries.set(0);
    ctx.rate(&consumer, 1, 5).unwrap();
    assert_eq!(ctx.staking_queries.get(), 1);
    let score = ctx.score(&provider);
    assert_eq!(score.self_bond, Uint128::new(10_000 * TOKEN_UNIT));
    assert_eq!(score.stored_score, score.score);
    assert_eq!((score.ratings_90d, score.jobs_90d), (1, 0));
    ctx.rate(&consumer, 2, 4).unwrap();
    assert_eq!(ctx.staking_queries.get(), 1);
}

/// A bill whose provider staking does not know, and reputation has never seen, is refused.
#[test]
fn a_rating_of_an_unknown_operator_is_refused() {
    let mut ctx = Ctx::new();
    let consumer = addr("consumer");
    let stranger = addr("stranger");
    let bill = EscrowBill::closed(&consumer, &stranger, Outcome::Success, BILL_VALUE);
    ctx.set_bill(&escrow(), 1, bill);
    rejects(
        &mut ctx,
        ReputationError::UnknownOperator {
            operator: stranger.to_string(),
        },
        |ctx| ctx.rate(&consumer, 1, 5),
    );
}

/// Ratings are kept per escrow: bill ids restart in a new escrow, and its bill 1 is not refused
/// as already rated for the old escrow's. Rating and the `Rating` query read the current
/// escrow's bills.
#[test]
fn a_second_escrows_bills_are_rated_on_their_own() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    ctx.rate(&consumer, 1, 2).unwrap();
    let bill = EscrowBill::closed(&consumer, &provider, Outcome::Success, BILL_VALUE);
    ctx.set_bill(&second_escrow(), 1, bill);
    let config = |escrow: &cosmwasm_std::Addr| ExecuteMsg::UpdateConfig {
        staking: None,
        escrow: Some(escrow.to_string()),
        params: None,
    };
    ctx.exec(&owner(), config(&second_escrow())).unwrap();
    assert_eq!(ctx.rating(1), None);
    // The first escrow's bill 2 is unknown to the second.
    rejects(
        &mut ctx,
        ReputationError::BillNotFound { bill_id: 2 },
        |ctx| ctx.rate(&consumer, 2, 5),
    );
    ctx.rate(&consumer, 1, 5).unwrap();
    assert_eq!(ctx.rating(1), Some(5));
    assert_eq!(ctx.score(&provider).ratings_90d, 2);
    ctx.exec(&owner(), config(&escrow())).unwrap();
    assert_eq!(ctx.rating(1), Some(2));
}

/// An escrow's answer that is no bill is an error of its own, not an unknown bill.
#[test]
fn an_answer_that_is_no_bill_is_not_taken_for_an_unknown_bill() {
    let World {
        mut ctx, consumer, ..
    } = world();
    ctx.exec(
        &owner(),
        ExecuteMsg::UpdateConfig {
            staking: None,
            escrow: Some(odd_contract().to_string()),
            params: None,
        },
    )
    .unwrap();
    let before = ctx.dump();
    let error = ctx.rate(&consumer, 1, 5).unwrap_err();
    assert!(
        matches!(&error, ReputationError::Std(StdError::ParseErr { target_type, .. }) if target_type.ends_with("BillForRating")),
        "{error:?}"
    );
    assert_eq!(ctx.dump(), before);
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
