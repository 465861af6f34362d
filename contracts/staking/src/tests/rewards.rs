//! Rewards: the split by shares after commission; nothing to withdraw or claim, rewards for an
//! unknown operator.

use cosmwasm_std::Uint128;
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role};

use super::helpers::*;
use crate::StakingError;

#[test]
fn rewards_split_by_shares_after_commission() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, bob) = (addr("alice"), addr("bob"));
    ctx.register(&op, Role::Validator);
    ctx.self_bond(&op, tokens(100));
    ctx.delegate(&alice, &op, tokens(300));
    ctx.receive(
        &addr("distributor"),
        tokens(1_000),
        &ReceiveMsg::DistributeRewards {
            operator: op.to_string(),
        },
    )
    .unwrap();
    // Bob joins after the rewards: he gets none of them.
    ctx.delegate(&bob, &op, tokens(400));
    let r = ctx
        .exec(
            &alice,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&r, "amount"), Uint128::new(712_500_000).to_string());
    let r = ctx
        .exec(
            &op,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    // 50 commission + 950 / 4.
    assert_eq!(attr(&r, "commission"), tokens(50).to_string());
    assert_eq!(attr(&r, "rewards"), Uint128::new(237_500_000).to_string());
    let err = ctx
        .exec(
            &bob,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap_err();
    assert_eq!(err, StakingError::NothingToClaim {});
    // Unbonding everything keeps the rewards claimable.
    ctx.receive(
        &addr("distributor"),
        tokens(800),
        &ReceiveMsg::DistributeRewards {
            operator: op.to_string(),
        },
    )
    .unwrap();
    ctx.exec(
        &bob,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(400),
        },
    )
    .unwrap();
    let r = ctx
        .exec(
            &bob,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&r, "amount"), tokens(380).to_string());
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
