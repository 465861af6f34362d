//! Rewards: the split by shares after commission; nothing to withdraw or claim, rewards for an
//! unknown operator.

use cosmwasm_std::{Addr, Response, Uint128};
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role};

use super::helpers::*;
use crate::StakingError;

const WEEK: u64 = 7 * 86_400;

fn distribute(ctx: &mut Ctx, op: &Addr, amount: Uint128) {
    ctx.receive(
        &addr("distributor"),
        amount,
        &ReceiveMsg::DistributeRewards {
            operator: op.to_string(),
        },
    )
    .unwrap();
}

fn claim(ctx: &mut Ctx, who: &Addr, op: &Addr) -> Result<Response, StakingError> {
    ctx.exec(
        who,
        ExecuteMsg::ClaimRewards {
            operator: op.to_string(),
        },
    )
}

/// `amount` of a claim is `expected` rounded down: the stream's rate and each settlement round
/// down, never up (by at most a base unit each).
fn assert_paid(response: &Response, key: &str, expected: u128) {
    let paid: u128 = attr(response, key).parse().unwrap();
    assert!(
        paid <= expected && paid + 2 >= expected,
        "{key} {paid}, expected {expected} rounded down"
    );
}

#[test]
fn rewards_stream_to_the_shares_bonded_while_they_stream() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, bob) = (addr("alice"), addr("bob"));
    ctx.register(&op, Role::Validator);
    ctx.self_bond(&op, tokens(100));
    ctx.delegate(&alice, &op, tokens(300));
    distribute(&mut ctx, &op, tokens(1_000));
    // The 5 % commission is the operator's at once; the 950 stream over the week (the default
    // `reward_stream_seconds`): nothing has streamed in the block of the payment.
    let err = claim(&mut ctx, &alice, &op).unwrap_err();
    assert_eq!(err, StakingError::NothingToClaim {});
    ctx.advance(WEEK / 2);
    let r = claim(&mut ctx, &alice, &op).unwrap();
    assert_paid(&r, "amount", 356_250_000);
    // Bob joins half-way: he shares the second half only, by shares.
    ctx.delegate(&bob, &op, tokens(400));
    ctx.advance(WEEK);
    let r = claim(&mut ctx, &alice, &op).unwrap();
    assert_paid(&r, "amount", 178_125_000);
    let r = claim(&mut ctx, &bob, &op).unwrap();
    assert_paid(&r, "amount", 237_500_000);
    let r = claim(&mut ctx, &op, &op).unwrap();
    assert_eq!(attr(&r, "commission"), tokens(50).to_string());
    assert_paid(&r, "rewards", 178_125_000);
    // Unbonding everything keeps what was earned claimable.
    distribute(&mut ctx, &op, tokens(800));
    ctx.advance(WEEK);
    ctx.exec(
        &bob,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(400),
        },
    )
    .unwrap();
    let r = claim(&mut ctx, &bob, &op).unwrap();
    assert_paid(&r, "amount", 380_000_000);
}

/// The review's reproduction on the lump `distribute_rewards`: a delegation made just before a
/// payment and unbonded just after took its share of the whole payment. Streamed, it takes its
/// share of what streamed while it was bonded.
#[test]
fn a_just_in_time_delegation_takes_only_what_streamed_while_it_was_bonded() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, sniper) = (addr("alice"), addr("sniper"));
    ctx.register(&op, Role::Validator);
    ctx.self_bond(&op, tokens(100));
    ctx.delegate(&alice, &op, tokens(300));
    ctx.advance(WEEK);
    ctx.delegate(&sniper, &op, tokens(400));
    distribute(&mut ctx, &op, tokens(1_000));
    ctx.advance(5);
    ctx.exec(
        &sniper,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(400),
        },
    )
    .unwrap();
    let r = claim(&mut ctx, &sniper, &op).unwrap();
    let taken: u128 = attr(&r, "amount").parse().unwrap();
    // Half the shares for 5 s of a week: 950 × 1/2 × 5 / 604,800 ≈ 0.0039 tokens, where the
    // lump paid it 475.
    let fair = 950 * 1_000_000 / 2 * 5 / u128::from(WEEK);
    assert!(taken <= fair, "took {taken}, fair {fair}");
    assert!(taken + 1 >= fair);
    // The rest streams to those who stay.
    ctx.advance(WEEK);
    let alice_got: u128 = attr(&claim(&mut ctx, &alice, &op).unwrap(), "amount")
        .parse()
        .unwrap();
    assert!(alice_got > 712_000_000, "alice got {alice_got}");
}

#[test]
fn nothing_to_withdraw_or_claim_is_rejected() {
    let (mut ctx, op) = with_operator();
    let alice = addr("alice");
    ctx.delegate(&alice, &op, tokens(10));
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(5),
        },
    )
    .unwrap();
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Withdraw {},
        StakingError::NothingToWithdraw {},
    );
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::ClaimRewards {
            operator: op.to_string(),
        },
        StakingError::NothingToClaim {},
    );
    ctx.assert_receive_rejected(
        &addr("token"),
        &addr("distributor"),
        tokens(5),
        &ReceiveMsg::DistributeRewards {
            operator: addr("gateway").to_string(),
        },
        StakingError::OperatorNotFound {
            operator: addr("gateway"),
        },
    );
}
