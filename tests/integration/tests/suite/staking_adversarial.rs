//! Staking attacks and bad inputs, through real cw20 Sends: delegating to an unknown or jailed
//! operator, a `Receive` forged by a contract that is not the token, native funds, a jailer that
//! tries to slash, and unjailing early. Each is a typed error and moves no tokens.

use cosmwasm_std::{coins, Decimal, Uint128};
use infermesh_kit::ReceiveError;
use infermesh_staking::StakingError;
use infermesh_testing::{Executor, Suite};
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role, SlashClass};

use crate::fixtures::{fund_native, operator, staking_err, DAY, NATIVE, UNIT};

#[test]
fn errors_surface_through_cw20_send_and_change_nothing() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    let staking = suite.staking.addr().clone();

    let e = staking_err(suite.delegate(&alice, &suite.addr("nobody"), UNIT));
    assert_eq!(
        e,
        StakingError::OperatorNotFound {
            operator: suite.addr("nobody")
        }
    );
    assert_eq!(suite.balance(&alice), 100 * UNIT);

    // A Receive from a contract other than the token.
    let receiver = suite.receiver.clone();
    let e = staking_err(
        suite.app.execute_contract(
            receiver.clone(),
            staking.clone(),
            &ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
                sender: alice.to_string(),
                amount: Uint128::new(UNIT),
                msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Delegate {
                    operator: op.to_string(),
                })
                .unwrap(),
            }),
            &[],
        ),
    );
    assert_eq!(
        e,
        StakingError::Receive(ReceiveError::WrongToken {
            received: receiver,
            expected: suite.token.addr().clone()
        })
    );

    // Native funds.
    let funded = suite.addr("funded");
    fund_native(&mut suite, &funded, 10);
    let e = staking_err(suite.app.execute_contract(
        funded,
        staking.clone(),
        &ExecuteMsg::Withdraw {},
        &coins(10, NATIVE),
    ));
    assert_eq!(
        e,
        StakingError::Payment(cw_utils::PaymentError::NonPayable {})
    );

    // A jailer that is not a slasher.
    let owner = suite.owner.clone();
    let reputation = suite.addr("reputation");
    suite
        .staking_execute(
            &owner,
            &ExecuteMsg::UpdateConfig {
                slashers: None,
                jailers: Some(vec![reputation.to_string()]),
                guardian: None,
                distributor: None,
            },
        )
        .unwrap();
    suite.jail(&reputation, &op, Some(DAY)).unwrap();
    let e = staking_err(suite.slash(
        &reputation,
        &op,
        SlashClass::Minor,
        Decimal::percent(1),
        "x",
        None,
    ));
    assert_eq!(
        e,
        StakingError::NotASlasher {
            sender: reputation.clone()
        }
    );
    let e = staking_err(suite.delegate(&alice, &op, UNIT));
    assert!(matches!(e, StakingError::OperatorJailed { .. }));
    assert_eq!(suite.balance(&alice), 100 * UNIT);
    let e = staking_err(suite.unjail(&op));
    assert!(matches!(e, StakingError::StillJailed { .. }));
    suite.advance_time(DAY);
    suite.unjail(&op).unwrap();
    suite.delegate(&alice, &op, UNIT).unwrap();
}

/// Economic security: a banned operator (and its delegators) must not keep collecting reward
/// distributions after a severe slash.
#[test]
fn banned_operators_refuse_reward_distributions() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let funder = suite.addr("funder");
    suite.staking_fund(&funder, 100 * UNIT).unwrap();
    suite
        .distribute_staking_rewards(&funder, &op, UNIT)
        .unwrap();
    let owner = suite.owner.clone();
    suite
        .slash(
            &owner,
            &op,
            SlashClass::Severe,
            Decimal::percent(20),
            "severe-1",
            None,
        )
        .unwrap();
    let staking = suite.staking.addr().clone();
    let (funder_before, staking_before) = (suite.balance(&funder), suite.balance(&staking));
    let e = staking_err(suite.distribute_staking_rewards(&funder, &op, UNIT));
    assert_eq!(e, StakingError::OperatorBanned { operator: op });
    assert_eq!(suite.balance(&funder), funder_before);
    assert_eq!(suite.balance(&staking), staking_before);
}
