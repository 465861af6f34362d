//! Locks and voting power: stake at past heights (slashes included), the lock multiplier and
//! snapshot, locks that cannot be shortened and block unbonding.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_types::staking::{
    ExecuteMsg, QueryMsg, Role, SlashClass, StakeAtHeightResponse, StakeLockResponse,
    TotalStakeAtHeightResponse,
};

use super::helpers::*;
use crate::StakingError;

#[test]
fn stake_is_readable_at_past_heights_including_slashes() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let alice = addr("alice");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000));
    ctx.advance(5);
    let h1 = ctx.env.block.height;
    ctx.delegate(&alice, &op, tokens(1_000));
    ctx.advance(5);
    let h2 = ctx.env.block.height;
    slash(&mut ctx, &op, SlashClass::Major, pct(10), "ev", None);
    ctx.advance(5);
    let h3 = ctx.env.block.height;
    let at = |ctx: &Ctx, h: Option<u64>| -> Uint128 {
        let r: StakeAtHeightResponse = ctx.query(QueryMsg::StakeAtHeight {
            address: alice.to_string(),
            height: h,
        });
        r.stake
    };
    assert_eq!(
        at(&ctx, Some(h1)),
        Uint128::zero(),
        "state at the start of h1"
    );
    assert_eq!(at(&ctx, Some(h2)), tokens(1_000));
    assert_eq!(at(&ctx, Some(h3)), tokens(900));
    assert_eq!(at(&ctx, None), tokens(900));
    let total = |ctx: &Ctx, h: Option<u64>| -> Uint128 {
        let r: TotalStakeAtHeightResponse = ctx.query(QueryMsg::TotalStakeAtHeight {
            height: h,
            role: None,
        });
        r.total
    };
    assert_eq!(total(&ctx, Some(h1)), tokens(1_000_000));
    assert_eq!(total(&ctx, Some(h2)), tokens(1_001_000));
    assert_eq!(total(&ctx, Some(h3)), tokens(900_900));
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(900),
        },
    )
    .unwrap();
    ctx.advance(5);
    assert_eq!(at(&ctx, None), Uint128::zero());
    assert_eq!(at(&ctx, Some(h3)), tokens(900));
}

#[test]
fn lock_multiplier_and_snapshot() {
    let mut ctx = Ctx::new();
    let alice = addr("alice");
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(1_500));
    ctx.exec(
        &alice,
        ExecuteMsg::Lock {
            duration_seconds: 365 * DAY,
        },
    )
    .unwrap();
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(2_000));
    ctx.advance(365 * DAY / 2);
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(1_750));
    let at: StakeAtHeightResponse = ctx.query(QueryMsg::StakeAtHeight {
        address: alice.to_string(),
        height: Some(ctx.env.block.height),
    });
    assert_eq!(at.locked_until, r.locked_until);
}

#[test]
fn locks_cannot_be_shortened_and_block_unbonding() {
    let (mut ctx, op) = with_operator();
    let alice = addr("alice");
    ctx.delegate(&alice, &op, tokens(10));
    ctx.exec(
        &alice,
        ExecuteMsg::Lock {
            duration_seconds: 100 * DAY,
        },
    )
    .unwrap();
    let until = ctx.env.block.time.plus_seconds(100 * DAY);
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Lock {
            duration_seconds: 50 * DAY,
        },
        StakingError::LockCannotBeShortened {
            current: until,
            requested: ctx.env.block.time.plus_seconds(50 * DAY),
        },
    );
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Lock {
            duration_seconds: 366 * DAY,
        },
        StakingError::InvalidLockDuration {
            duration_seconds: 366 * DAY,
            max: 365 * DAY,
        },
    );
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1),
        },
        StakingError::StakeLocked { until },
    );
    ctx.advance(100 * DAY);
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1),
        },
    )
    .unwrap();
}
