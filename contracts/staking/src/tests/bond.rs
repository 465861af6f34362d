//! Bond and delegate (through the token's `Receive`): zero amounts, a foreign cw20, unknown,
//! jailed and banned operators.

use cosmwasm_std::Uint128;
use infermesh_kit::ReceiveError;
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, SlashClass};

use super::helpers::*;
use crate::StakingError;

#[test]
fn bond_zero_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_receive_rejected(
        &addr("token"),
        &op,
        Uint128::zero(),
        &ReceiveMsg::SelfBond {},
        StakingError::ZeroAmount {},
    );
}

#[test]
fn delegate_zero_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_receive_rejected(
        &addr("token"),
        &addr("alice"),
        Uint128::zero(),
        &ReceiveMsg::Delegate {
            operator: op.to_string(),
        },
        StakingError::ZeroAmount {},
    );
}

#[test]
fn receive_from_another_cw20_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_receive_rejected(
        &addr("fake-token"),
        &addr("alice"),
        tokens(1),
        &ReceiveMsg::Delegate {
            operator: op.to_string(),
        },
        StakingError::Receive(ReceiveError::WrongToken {
            received: addr("fake-token"),
            expected: addr("token"),
        }),
    );
}

#[test]
fn delegate_to_unknown_operator_is_rejected() {
    let (mut ctx, _) = with_operator();
    ctx.assert_receive_rejected(
        &addr("token"),
        &addr("alice"),
        tokens(1),
        &ReceiveMsg::Delegate {
            operator: addr("nobody").to_string(),
        },
        StakingError::OperatorNotFound {
            operator: addr("nobody"),
        },
    );
}

#[test]
fn delegate_to_jailed_operator_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.exec(
        &addr("reputation"),
        ExecuteMsg::Jail {
            operator: op.to_string(),
            reason: "sla".to_string(),
            duration_seconds: Some(DAY),
        },
    )
    .unwrap();
    let until = ctx.env.block.time.plus_seconds(DAY);
    ctx.assert_receive_rejected(
        &addr("token"),
        &addr("alice"),
        tokens(1),
        &ReceiveMsg::Delegate {
            operator: op.to_string(),
        },
        StakingError::OperatorJailed {
            operator: op.clone(),
            until,
        },
    );
}

#[test]
fn delegate_to_banned_operator_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.exec(
        &addr("dao"),
        slash_msg(&op, SlashClass::Severe, pct(15), "ev-severe"),
    )
    .unwrap();
    ctx.assert_receive_rejected(
        &addr("token"),
        &addr("alice"),
        tokens(1),
        &ReceiveMsg::Delegate {
            operator: op.to_string(),
        },
        StakingError::OperatorBanned {
            operator: op.clone(),
        },
    );
    // Not even the operator itself may bond again.
    ctx.assert_receive_rejected(
        &addr("token"),
        &op,
        tokens(1),
        &ReceiveMsg::SelfBond {},
        StakingError::OperatorBanned {
            operator: op.clone(),
        },
    );
}
