//! Pause: new stake stops, exits go on.

use infermesh_kit::PauseError;
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role};

use super::helpers::*;
use crate::StakingError;

#[test]
fn paused_blocks_new_stake_but_not_exits() {
    let (mut ctx, op) = with_operator();
    let alice = addr("alice");
    ctx.delegate(&alice, &op, tokens(10));
    ctx.assert_rejected(
        &alice,
        ExecuteMsg::Pause {},
        StakingError::Pause(PauseError::NotGuardian {
            sender: alice.clone(),
        }),
    );
    ctx.exec(&addr("guardian"), ExecuteMsg::Pause {}).unwrap();
    ctx.assert_receive_rejected(
        &addr("token"),
        &alice,
        tokens(1),
        &ReceiveMsg::Delegate {
            operator: op.to_string(),
        },
        StakingError::Pause(PauseError::Paused {}),
    );
    ctx.assert_receive_rejected(
        &addr("token"),
        &op,
        tokens(1),
        &ReceiveMsg::SelfBond {},
        StakingError::Pause(PauseError::Paused {}),
    );
    ctx.assert_rejected(
        &addr("gateway"),
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: None,
        },
        StakingError::Pause(PauseError::Paused {}),
    );
    // Exits keep working.
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(10),
        },
    )
    .unwrap();
    ctx.advance(21 * DAY);
    ctx.exec(&alice, ExecuteMsg::Withdraw {}).unwrap();
    // Only the owner unpauses.
    ctx.assert_rejected(
        &addr("guardian"),
        ExecuteMsg::Unpause {},
        StakingError::Pause(PauseError::NotOwner {
            sender: addr("guardian"),
        }),
    );
    ctx.exec(&addr("dao"), ExecuteMsg::Unpause {}).unwrap();
    ctx.delegate(&alice, &op, tokens(1));
}
