//! Unbond: more than owned, and the cap on unbonding entries.

use cosmwasm_std::Uint128;
use infermesh_types::staking::ExecuteMsg;

use super::helpers::*;
use crate::StakingError;

#[test]
fn unbond_more_than_owned_is_rejected() {
    let (mut ctx, op) = with_operator();
    let alice = addr("alice");
    ctx.delegate(&alice, &op, tokens(100));
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(100) + Uint128::one(),
        },
        StakingError::InsufficientStake {
            requested: tokens(100) + Uint128::one(),
            available: tokens(100),
        },
    );
    ctx.assert_rejected(
        &addr("bob"),
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1),
        },
        StakingError::NoDelegation {
            delegator: addr("bob"),
            operator: op.clone(),
        },
    );
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: Uint128::zero(),
        },
        StakingError::ZeroAmount {},
    );
}

#[test]
fn too_many_unbonding_entries_is_rejected() {
    let (mut ctx, op) = with_operator();
    let alice = addr("alice");
    ctx.delegate(&alice, &op, tokens(100));
    for _ in 0..7 {
        ctx.exec(
            &alice,
            ExecuteMsg::Unbond {
                operator: op.to_string(),
                amount: tokens(1),
            },
        )
        .unwrap();
        // A second unbond on the same day joins the same entry.
        ctx.exec(
            &alice,
            ExecuteMsg::Unbond {
                operator: op.to_string(),
                amount: tokens(1),
            },
        )
        .unwrap();
        ctx.advance(DAY);
    }
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1),
        },
        StakingError::TooManyUnbondingEntries { max: 7 },
    );
}
