//! Staking attacks and bad inputs, through real cw20 Sends: delegating to an unknown or jailed
//! operator, a `Receive` forged by a contract that is not the token, native funds, a jailer that
//! tries to slash, and unjailing early. Each is a typed error and moves no tokens. Rows of the
//! adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{coins, Addr, Binary, Decimal, Reply, SubMsgResult, Uint128};
use cw_ownable::OwnershipError;
use infermesh_kit::{PauseError, ReceiveError, ValidationError};
use infermesh_staking::contract::CONTRACT_NAME;
use infermesh_staking::StakingError;
use infermesh_testing::{staking_contract, Executor, Suite};
use infermesh_token::TokenError;
use infermesh_types::staking::{
    DelegationsResponse, ExecuteMsg, InstantiateMsg, OperatorsResponse, Params, QueryMsg,
    ReceiveMsg, Role, SlashClass, TotalsResponse, MAX_JAIL_SECONDS, MAX_LOCK_SECONDS,
};

use crate::fixtures::{contract_err, fund_native, operator, staking_err, DAY, NATIVE, UNIT};
use crate::rows::{
    refused, x10_migration_only_from_an_older_version, x14_no_panics_in_the_contract_source,
    x15_only_the_dao_is_wasm_admin, x2_ownership_is_two_step, x3_bad_addresses_are_refused,
};

#[test]
fn x7_errors_surface_through_cw20_send_and_change_nothing() {
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
fn s5_banned_operators_refuse_reward_distributions() {
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

/// Runs `f`, expects `expected` and checks staking's storage did not change.
fn staking_refuses(
    suite: &mut Suite,
    expected: StakingError,
    f: impl FnOnce(&mut Suite) -> crate::fixtures::Res,
) {
    let staking = suite.staking.addr().clone();
    refused(suite, &staking, expected, f);
}

fn totals(suite: &Suite) -> TotalsResponse {
    suite.staking_query(&QueryMsg::Totals {})
}

#[test]
fn x1_strangers_cannot_govern_slash_or_jail() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let stranger = suite.addr("stranger");
    for msg in [
        ExecuteMsg::UpdateParams {
            params: Params::default(),
        },
        ExecuteMsg::EmergencyUpdateParams {
            params: Params::default(),
        },
        ExecuteMsg::UpdateConfig {
            slashers: Some(vec![stranger.to_string()]),
            jailers: None,
            guardian: None,
            distributor: None,
        },
    ] {
        staking_refuses(
            &mut suite,
            StakingError::Ownership(OwnershipError::NotOwner),
            |suite| suite.staking_execute(&stranger, &msg),
        );
    }
    staking_refuses(
        &mut suite,
        StakingError::Pause(PauseError::NotGuardian {
            sender: stranger.clone(),
        }),
        |suite| suite.pause_staking(&stranger),
    );
    let owner = suite.owner.clone();
    suite.pause_staking(&owner).unwrap();
    staking_refuses(
        &mut suite,
        StakingError::Pause(PauseError::NotOwner {
            sender: stranger.clone(),
        }),
        |suite| suite.unpause_staking(&stranger),
    );
    suite.unpause_staking(&owner).unwrap();
    staking_refuses(
        &mut suite,
        StakingError::NotASlasher {
            sender: stranger.clone(),
        },
        |suite| {
            suite.slash(
                &stranger,
                &op,
                SlashClass::Minor,
                Decimal::percent(1),
                "x1",
                None,
            )
        },
    );
    staking_refuses(
        &mut suite,
        StakingError::NotAJailer {
            sender: stranger.clone(),
        },
        |suite| suite.jail(&stranger, &op, Some(DAY)),
    );
    // Operator-only messages from a stranger find no operator record.
    staking_refuses(
        &mut suite,
        StakingError::OperatorNotFound {
            operator: stranger.clone(),
        },
        |suite| {
            suite.staking_execute(
                &stranger,
                &ExecuteMsg::UpdateCommission {
                    rate: Decimal::percent(5),
                },
            )
        },
    );
}

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut suite = Suite::new();
    let staking = suite.staking.addr().clone();
    x2_ownership_is_two_step::<StakingError>(&mut suite, &staking);
}

#[test]
fn x3_operators_and_authorised_addresses_must_be_valid() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    let (staking, owner) = (suite.staking.addr().clone(), suite.owner.clone());
    x3_bad_addresses_are_refused(
        &mut suite,
        &staking,
        &alice,
        |bad| ExecuteMsg::Unbond {
            operator: bad.to_string(),
            amount: Uint128::new(UNIT),
        },
        StakingError::Std,
    );
    x3_bad_addresses_are_refused(
        &mut suite,
        &staking,
        &owner,
        |bad| ExecuteMsg::UpdateConfig {
            slashers: Some(vec![bad.to_string()]),
            jailers: None,
            guardian: None,
            distributor: None,
        },
        |err| StakingError::Validation(ValidationError::Std(err)),
    );
}

#[test]
fn x4_a_slasher_listed_twice_is_refused() {
    let mut suite = Suite::new();
    let (owner, escrow) = (suite.owner.clone(), suite.addr("escrow"));
    staking_refuses(
        &mut suite,
        StakingError::Validation(ValidationError::DuplicateAddress {
            field: "slashers".to_string(),
            address: escrow.clone(),
        }),
        |suite| {
            suite.staking_execute(
                &owner,
                &ExecuteMsg::UpdateConfig {
                    slashers: Some(vec![escrow.to_string(), escrow.to_string()]),
                    jailers: None,
                    guardian: None,
                    distributor: None,
                },
            )
        },
    );
}

/// Zero stake moved, locked or jailed for is an error; a zero bond never leaves the token, which
/// refuses a zero send (docs/token.md).
#[test]
fn x5_zero_amounts_and_durations_are_refused() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let owner = suite.owner.clone();
    staking_refuses(&mut suite, StakingError::ZeroAmount {}, |suite| {
        suite.unbond(&op, &op, 0)
    });
    staking_refuses(
        &mut suite,
        StakingError::InvalidLockDuration {
            duration_seconds: 0,
            max: MAX_LOCK_SECONDS,
        },
        |suite| suite.lock_stake(&op, 0),
    );
    staking_refuses(
        &mut suite,
        StakingError::InvalidJailDuration {
            duration_seconds: 0,
            max: MAX_JAIL_SECONDS,
        },
        |suite| suite.jail(&owner, &op, Some(0)),
    );
    let before = totals(&suite);
    assert_eq!(
        contract_err::<TokenError, _>(suite.bond(&op, 0)),
        TokenError::ZeroAmount {}
    );
    assert_eq!(totals(&suite), before);
}

#[test]
fn x6_maximal_amounts_and_durations_are_refused() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let owner = suite.owner.clone();
    staking_refuses(
        &mut suite,
        StakingError::InsufficientStake {
            requested: Uint128::MAX,
            available: Uint128::new(10_000 * UNIT),
        },
        |suite| suite.unbond(&op, &op, u128::MAX),
    );
    staking_refuses(
        &mut suite,
        StakingError::InvalidLockDuration {
            duration_seconds: u64::MAX,
            max: MAX_LOCK_SECONDS,
        },
        |suite| suite.lock_stake(&op, u64::MAX),
    );
    staking_refuses(
        &mut suite,
        StakingError::InvalidJailDuration {
            duration_seconds: u64::MAX,
            max: MAX_JAIL_SECONDS,
        },
        |suite| suite.jail(&owner, &op, Some(u64::MAX)),
    );
}

/// An address delegates to at most 20 operators; the unbonding queue is row S2.
#[test]
fn x8_an_address_delegates_to_at_most_20_operators() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    let operators: Vec<Addr> = (0..21)
        .map(|i| operator(&mut suite, &format!("gateway{i}"), Role::Gateway, 0))
        .collect();
    for op in &operators[..20] {
        suite.delegate(&alice, op, UNIT).unwrap();
    }
    let before = (suite.balance(&alice), totals(&suite));
    assert_eq!(
        staking_err(suite.delegate(&alice, &operators[20], UNIT)),
        StakingError::TooManyDelegations { max: 20 }
    );
    assert_eq!((suite.balance(&alice), totals(&suite)), before);
}

/// Only the stake hook's reply id is known; the hook failing leaves the stake standing
/// (s6_a_bond_stands_when_the_stake_hook_target_always_fails).
#[test]
fn x9_an_unknown_reply_id_is_refused() {
    let mut deps = mock_dependencies();
    #[allow(deprecated)]
    let reply = Reply {
        id: 99,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Err("x".to_string()),
    };
    assert_eq!(
        infermesh_staking::contract::reply(deps.as_mut(), mock_env(), reply),
        Err(StakingError::UnknownReply { id: 99 })
    );
}

#[test]
fn x10_migration_only_from_an_older_staking() {
    let mut suite = Suite::new();
    let staking = suite.staking.addr().clone();
    x10_migration_only_from_an_older_version::<StakingError>(&mut suite, &staking, CONTRACT_NAME);
}

#[test]
fn x11_instantiation_refuses_bad_params_and_addresses() {
    let mut suite = Suite::new();
    let code = suite.app.store_code(staking_contract());
    let owner = suite.owner.clone();
    let base = InstantiateMsg {
        owner: owner.to_string(),
        token: suite.token.addr().to_string(),
        slashers: vec![],
        jailers: vec![],
        guardian: None,
        params: None,
    };
    let instantiate = |suite: &mut Suite, msg: InstantiateMsg| {
        suite
            .app
            .instantiate_contract(code, owner.clone(), &msg, &[], "staking", None)
            .map_err(|e| e.downcast::<StakingError>().unwrap())
    };
    let params = Params {
        unbonding_period_seconds: 0,
        ..Params::default()
    };
    assert_eq!(
        instantiate(
            &mut suite,
            InstantiateMsg {
                params: Some(params),
                ..base.clone()
            }
        ),
        Err(StakingError::Validation(ValidationError::OutOfRange {
            field: "unbonding_period_seconds".to_string(),
            value: "0".to_string(),
            min: "1".to_string(),
            max: (60 * DAY).to_string(),
        }))
    );
    let bad = suite.addr("token").to_string().to_uppercase();
    let api = *suite.app.api();
    assert_eq!(
        instantiate(
            &mut suite,
            InstantiateMsg {
                token: bad.clone(),
                ..base.clone()
            }
        ),
        Err(StakingError::Std(
            cosmwasm_std::Api::addr_validate(&api, &bad).unwrap_err()
        ))
    );
    let escrow = suite.addr("escrow").to_string();
    assert!(matches!(
        instantiate(
            &mut suite,
            InstantiateMsg {
                jailers: vec![escrow.clone(), escrow],
                ..base
            }
        ),
        Err(StakingError::Validation(
            ValidationError::DuplicateAddress { .. }
        ))
    ));
}

#[test]
fn x13_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut suite = Suite::new();
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    let operators: Vec<Addr> = (0..32)
        .map(|i| operator(&mut suite, &format!("gateway{i}"), Role::Gateway, 0))
        .collect();
    let listed: OperatorsResponse = suite.staking_query(&QueryMsg::Operators {
        role: None,
        tier: None,
        start_after: None,
        limit: Some(u32::MAX),
    });
    assert_eq!(listed.operators.len(), 30);
    // A start that is no operator pages on from the next address after it; a start that is no
    // address is a query error, not a panic.
    let nobody = suite.addr("nobody");
    let mut after: Vec<Addr> = operators
        .iter()
        .filter(|op| **op > nobody)
        .cloned()
        .collect();
    after.sort();
    let listed: OperatorsResponse = suite.staking_query(&QueryMsg::Operators {
        role: None,
        tier: None,
        start_after: Some(nobody.to_string()),
        limit: Some(u32::MAX),
    });
    let addresses: Vec<Addr> = listed.operators.iter().map(|o| o.address.clone()).collect();
    assert_eq!(addresses, after.into_iter().take(30).collect::<Vec<_>>());
    let malformed = suite
        .app
        .wrap()
        .query_wasm_smart::<OperatorsResponse>(
            suite.staking.addr(),
            &QueryMsg::Operators {
                role: None,
                tier: None,
                start_after: Some("NOT AN ADDRESS".to_string()),
                limit: None,
            },
        )
        .unwrap_err();
    assert!(
        malformed.to_string().contains("Querier contract error"),
        "{malformed}"
    );
    for op in &operators[..3] {
        suite.delegate(&alice, op, UNIT).unwrap();
    }
    let page: DelegationsResponse = suite.staking_query(&QueryMsg::Delegations {
        delegator: alice.to_string(),
        start_after: Some(suite.addr("nobody").to_string()),
        limit: Some(u32::MAX),
    });
    assert!(page.delegations.len() <= 3);
}

#[test]
fn x14_no_panics_in_staking() {
    x14_no_panics_in_the_contract_source("staking");
}

#[test]
fn x15_only_the_dao_migrates_staking() {
    let mut suite = Suite::new();
    let staking = suite.staking.addr().clone();
    x15_only_the_dao_is_wasm_admin(&mut suite, &staking);
}

/// A thousand one-unit delegations into a pool whose share price rose never buy more than they
/// paid, and the pool keeps what rounding left.
#[test]
fn x16_a_thousand_tiny_delegations_buy_no_more_than_they_pay() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let funder = suite.addr("funder");
    suite.staking_fund(&funder, 10_000 * UNIT).unwrap();
    suite
        .distribute_staking_rewards(&funder, &op, 3_333 * UNIT)
        .unwrap();
    suite.advance_time(30 * DAY);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 1_000).unwrap();
    for _ in 0..1_000 {
        // A unit too small to buy a share is refused; what is bought is worth at most its price.
        let _ = suite.delegate(&alice, &op, 1);
    }
    let paid = 1_000 - suite.balance(&alice);
    let held = suite.delegation(&alice, &op).stake.u128();
    assert!(held <= paid, "{held} > {paid}");
}

#[test]
fn s1_unbonding_zero_too_much_or_with_nothing_staked_is_refused() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    staking_refuses(
        &mut suite,
        StakingError::NoDelegation {
            delegator: alice.clone(),
            operator: op.clone(),
        },
        |suite| suite.unbond(&alice, &op, UNIT),
    );
    suite.delegate(&alice, &op, 100 * UNIT).unwrap();
    staking_refuses(&mut suite, StakingError::ZeroAmount {}, |suite| {
        suite.unbond(&alice, &op, 0)
    });
    staking_refuses(
        &mut suite,
        StakingError::InsufficientStake {
            requested: Uint128::new(100 * UNIT + 1),
            available: Uint128::new(100 * UNIT),
        },
        |suite| suite.unbond(&alice, &op, 100 * UNIT + 1),
    );
}

#[test]
fn s2_the_unbonding_queue_holds_at_most_7_entries() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    suite.delegate(&alice, &op, 100 * UNIT).unwrap();
    // Unbondings of one day share an entry: each of these starts on a new day.
    for _ in 0..7 {
        suite.unbond(&alice, &op, UNIT).unwrap();
        suite.advance_time(DAY);
    }
    assert_eq!(suite.unbonding_entries(&alice).entries.len(), 7);
    staking_refuses(
        &mut suite,
        StakingError::TooManyUnbondingEntries { max: 7 },
        |suite| suite.unbond(&alice, &op, UNIT),
    );
}

/// Stake bonded in a block counts from the next one: a vote or a dispute weighing stake at the
/// start of its block cannot be swung by a bond in the same transaction.
#[test]
fn s3_stake_bonded_in_a_block_counts_from_the_next() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    suite.advance_blocks(1);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    let height = suite.app.block_info().height;
    suite.delegate(&alice, &op, 100 * UNIT).unwrap();
    assert_eq!(
        suite.stake_at_height(&alice, Some(height)).stake,
        Uint128::zero()
    );
    assert_eq!(
        suite.total_stake_at_height(Some(height)).total,
        Uint128::new(10_000 * UNIT)
    );
    suite.advance_blocks(1);
    assert_eq!(
        suite.stake_at_height(&alice, None).stake,
        Uint128::new(100 * UNIT)
    );
}

/// Tokens transferred straight to staking are no stake and no reward: the pool counts what was
/// bonded through `Receive`, so the next delegator's share price is unmoved.
#[test]
fn s4_a_donation_moves_no_share_price() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let staking = suite.staking.addr().clone();
    let donor = suite.addr("donor");
    suite.staking_fund(&donor, 1_000_000 * UNIT).unwrap();
    let before = totals(&suite);
    suite.transfer(&donor, &staking, 1_000_000 * UNIT).unwrap();
    assert_eq!(totals(&suite), before);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, UNIT).unwrap();
    suite.delegate(&alice, &op, 1).unwrap();
    let delegation = suite.delegation(&alice, &op);
    assert_eq!(
        (delegation.shares, delegation.stake),
        (Uint128::one(), Uint128::one())
    );
}

/// A slash above the tier's cap is cut to it, a second slash on the same evidence is refused,
/// a non-slasher is refused, and stake already unbonding pays its part of a slash for an
/// infraction before it left.
#[test]
fn s5_slashes_are_capped_replay_proof_and_reach_unbonding_stake() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 10_000 * UNIT).unwrap();
    suite.delegate(&alice, &op, 10_000 * UNIT).unwrap();
    let infraction = suite.now();
    suite.advance_time(DAY);
    suite.unbond(&alice, &op, 5_000 * UNIT).unwrap();
    let owner = suite.owner.clone();
    let before = totals(&suite);
    // Bronze caps a slash at 5 %: 15 % asked, 5 % of the 15,000 bonded and of the 5,000
    // unbonding burned.
    suite
        .slash(
            &owner,
            &op,
            SlashClass::Major,
            Decimal::percent(15),
            "ev-1",
            Some(infraction),
        )
        .unwrap();
    let after = totals(&suite);
    assert_eq!(after.burned - before.burned, Uint128::new(1_000 * UNIT));
    assert_eq!(
        suite.unbonding_entries(&alice).entries[0].tokens,
        Uint128::new(4_750 * UNIT)
    );
    staking_refuses(
        &mut suite,
        StakingError::EvidenceAlreadyUsed {
            evidence_id: "ev-1".to_string(),
        },
        |suite| {
            suite.slash(
                &owner,
                &op,
                SlashClass::Major,
                Decimal::percent(5),
                "ev-1",
                None,
            )
        },
    );
}
