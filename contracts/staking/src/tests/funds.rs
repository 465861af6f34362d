//! Native funds: every message refuses them.

use cosmwasm_std::coins;
use cw_utils::PaymentError;
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role, SlashClass};

use super::helpers::*;
use crate::StakingError;

#[test]
fn native_funds_are_rejected_everywhere() {
    let (mut ctx, op) = with_operator();
    let funds = coins(5, "ustake");
    let msgs = vec![
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: None,
        },
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1),
        },
        ExecuteMsg::Withdraw {},
        ExecuteMsg::ClaimRewards {
            operator: op.to_string(),
        },
        ExecuteMsg::Lock {
            duration_seconds: DAY,
        },
        slash_msg(&op, SlashClass::Minor, pct(2), "ev"),
        ExecuteMsg::Unjail {},
        ExecuteMsg::Pause {},
        ExecuteMsg::Unpause {},
    ];
    for msg in msgs {
        let before = ctx.dump();
        let err = ctx.exec_funds(&addr("dao"), &funds, msg).unwrap_err();
        assert_eq!(err, StakingError::Payment(PaymentError::NonPayable {}));
        assert_eq!(ctx.dump(), before);
    }
    let before = ctx.dump();
    let err = ctx
        .exec_funds(
            &addr("token"),
            &funds,
            ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
                sender: op.to_string(),
                amount: tokens(1),
                msg: cosmwasm_std::to_json_binary(&ReceiveMsg::SelfBond {}).unwrap(),
            }),
        )
        .unwrap_err();
    assert_eq!(err, StakingError::Payment(PaymentError::NonPayable {}));
    assert_eq!(ctx.dump(), before);
}
