//! Staking on the full suite: real cw20 Sends, burns and transfers through the token. Attacks and
//! bad inputs are in `staking_adversarial`.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_kit::PauseError;
use infermesh_staking::StakingError;
use infermesh_testing::Suite;
use infermesh_types::staking::{DelegationsResponse, QueryMsg, Role, SlashClass, Tier};
use infermesh_types::token::AllocationCategory;

use crate::fixtures::{operator, staking_err, DAY, UNIT};

#[test]
fn bond_delegate_slash_burns_through_the_token() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 250_000 * UNIT);
    assert_eq!(suite.operator_status(&op).tier, Some(Tier::Gold));
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 1_000 * UNIT).unwrap();
    suite.delegate(&alice, &op, 1_000 * UNIT).unwrap();
    let staking = suite.staking.addr().clone();
    assert_eq!(suite.balance(&staking), 251_000 * UNIT);
    let supply = suite.token_info().total_supply;

    let owner = suite.owner.clone();
    suite
        .slash(
            &owner,
            &op,
            SlashClass::Major,
            Decimal::percent(10),
            "bill-1",
            None,
        )
        .unwrap();
    assert_eq!(suite.balance(&staking), 225_900 * UNIT);
    assert_eq!(
        suite.token_info().total_supply,
        supply - Uint128::new(25_100 * UNIT)
    );
    assert_eq!(
        suite.delegation(&alice, &op).stake,
        Uint128::new(900 * UNIT)
    );
    let status = suite.operator_status(&op);
    assert_eq!(status.tier, Some(Tier::Silver));
    assert!(status.jailed);

    // Unbond, wait, withdraw.
    suite.unbond(&alice, &op, 900 * UNIT).unwrap();
    suite.advance_time(21 * DAY);
    suite.withdraw(&alice).unwrap();
    assert_eq!(suite.balance(&alice), 900 * UNIT);
    assert!(suite.unbonding_entries(&alice).entries.is_empty());
}

#[test]
fn pause_blocks_entries_but_not_exits() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "gateway", Role::Gateway, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 100 * UNIT).unwrap();
    suite.delegate(&alice, &op, 50 * UNIT).unwrap();
    let owner = suite.owner.clone();
    suite.pause_staking(&owner).unwrap();
    assert_eq!(
        staking_err(suite.delegate(&alice, &op, UNIT)),
        StakingError::Pause(PauseError::Paused {})
    );
    assert_eq!(
        staking_err(suite.register_operator(&suite.addr("late"), Role::Validator)),
        StakingError::Pause(PauseError::Paused {})
    );
    suite.unbond(&alice, &op, 50 * UNIT).unwrap();
    suite.advance_time(21 * DAY);
    suite.withdraw(&alice).unwrap();
    assert_eq!(suite.balance(&alice), 100 * UNIT);
    suite.unpause_staking(&owner).unwrap();
    suite.delegate(&alice, &op, UNIT).unwrap();
}

#[test]
fn rewards_and_commission_paid_in_tokens() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 30_000 * UNIT).unwrap();
    suite.delegate(&alice, &op, 30_000 * UNIT).unwrap();
    let rewards = suite.holder(AllocationCategory::Liquidity);
    suite
        .distribute_staking_rewards(&rewards, &op, 1_000 * UNIT)
        .unwrap();
    // The 950 for the shares stream over `reward_stream_seconds` (a week by default).
    let stream = suite.staking_params().reward_stream_seconds;
    suite.advance_time(stream);
    suite.claim_staking_rewards(&alice, &op).unwrap();
    // Alice holds 3/4 of the shares; the stream's rate rounds down by at most a base unit.
    let alice_paid = suite.balance(&alice);
    assert!(
        (712_499_999..=712_500_000).contains(&alice_paid),
        "{alice_paid}"
    );
    suite.claim_staking_rewards(&op, &op).unwrap();
    let op_paid = suite.balance(&op) - 50 * UNIT;
    assert!((237_499_999..=237_500_000).contains(&op_paid), "{op_paid}");
    // What rounding left stays counted as outstanding: at most a unit or two.
    assert!(suite.staking_totals().rewards_outstanding <= Uint128::new(2));
}

#[test]
fn voting_power_reads_past_heights() {
    let mut suite = Suite::new();
    let op = operator(&mut suite, "provider", Role::Provider, 1_000_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 1_000 * UNIT).unwrap();
    suite.delegate(&alice, &op, 1_000 * UNIT).unwrap();
    suite.lock_stake(&alice, 365 * DAY).unwrap();
    assert_eq!(
        suite.stake_lock(&alice).multiplier,
        Decimal::permille(2_000)
    );
    suite.advance_blocks(1);
    let proposal_height = suite.app.block_info().height;
    // Moving stake after the snapshot does not change the power at the snapshot.
    let bob = suite.addr("bob");
    suite.staking_fund(&bob, 5_000 * UNIT).unwrap();
    suite.delegate(&bob, &op, 5_000 * UNIT).unwrap();
    let e = staking_err(suite.unbond(&alice, &op, UNIT));
    assert!(matches!(e, StakingError::StakeLocked { .. }));
    suite.advance_blocks(1);
    assert_eq!(
        suite.stake_at_height(&alice, Some(proposal_height)).stake,
        Uint128::new(1_000 * UNIT)
    );
    assert_eq!(
        suite.stake_at_height(&bob, Some(proposal_height)).stake,
        Uint128::zero()
    );
    assert_eq!(
        suite.total_stake_at_height(Some(proposal_height)).total,
        Uint128::new(1_001_000 * UNIT)
    );
    assert_eq!(
        suite.total_stake_at_height(None).total,
        Uint128::new(1_006_000 * UNIT)
    );
}

/// A slash with 1,000 delegators is one pool write: every delegator's stake drops by exactly
/// the fraction without the slash touching them (the response reports the pools it wrote, and
/// the event is identical to the one-delegator case).
#[test]
fn slash_cost_does_not_depend_on_delegators() {
    fn run(delegators: usize) -> (Vec<(String, String)>, Suite) {
        let mut suite = Suite::new();
        let op = operator(&mut suite, "provider", Role::Provider, 1_000_000 * UNIT);
        for i in 0..delegators {
            let d = suite.addr(&format!("d{i}"));
            suite.staking_fund(&d, 1_000 * UNIT).unwrap();
            suite.delegate(&d, &op, 1_000 * UNIT).unwrap();
        }
        let owner = suite.owner.clone();
        let response = suite
            .slash(
                &owner,
                &op,
                SlashClass::Major,
                Decimal::percent(10),
                "ev",
                None,
            )
            .unwrap();
        let wasm = response
            .events
            .iter()
            .find(|e| e.ty == "wasm" && e.attributes.iter().any(|a| a.value == "slash"))
            .unwrap();
        let attrs = wasm
            .attributes
            .iter()
            .filter(|a| {
                a.key != "_contract_address" && !a.key.ends_with("burned") && a.key != "burned"
            })
            .map(|a| (a.key.clone(), a.value.clone()))
            .collect();
        (attrs, suite)
    }
    let (one, _) = run(1);
    let (many, suite) = run(1_000);
    assert_eq!(one, many);
    let op = suite.addr("provider");
    for i in [0usize, 499, 999] {
        let d = suite.addr(&format!("d{i}"));
        assert_eq!(suite.delegation(&d, &op).stake, Uint128::new(900 * UNIT));
    }
    let page: DelegationsResponse = suite.staking_query(&QueryMsg::Delegators {
        operator: op.to_string(),
        start_after: None,
        limit: Some(30),
    });
    assert_eq!(page.delegations.len(), 30);
    assert_eq!(
        suite.operator_status(&op).total_bonded,
        Uint128::new(2_000_000 * UNIT * 9 / 10)
    );
}

/// Each role's bonded total is snapshotted apart, moved by bonds, unbonds and slashes of that
/// role only; an operator's pool and its links to counterparties read at a past height.
#[test]
fn role_totals_and_operator_stake_read_past_heights() {
    let mut suite = Suite::new();
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let provider = operator(&mut suite, "provider", Role::Provider, 20_000 * UNIT);
    let consumer = suite.addr("consumer");
    suite.advance_blocks(1);
    let opening = suite.app.block_info().height;
    assert_eq!(
        suite.role_stake_at_height(Role::Validator, None),
        Uint128::new(10_000 * UNIT)
    );
    assert_eq!(
        suite.role_stake_at_height(Role::Provider, None),
        Uint128::new(20_000 * UNIT)
    );
    assert_eq!(
        suite.role_stake_at_height(Role::Gateway, None),
        Uint128::zero()
    );

    // After the opening height: a delegation from the consumer, a second validator, a slash.
    suite.staking_fund(&consumer, 5_000 * UNIT).unwrap();
    suite.delegate(&consumer, &validator, 5_000 * UNIT).unwrap();
    operator(&mut suite, "late-validator", Role::Validator, 30_000 * UNIT);
    let owner = suite.owner.clone();
    suite
        .slash(
            &owner,
            &provider,
            SlashClass::Major,
            Decimal::percent(5),
            "e-1",
            None,
        )
        .unwrap();
    suite.unbond(&validator, &validator, 1_000 * UNIT).unwrap();
    suite.advance_blocks(1);

    assert_eq!(
        suite.role_stake_at_height(Role::Validator, Some(opening)),
        Uint128::new(10_000 * UNIT)
    );
    assert_eq!(
        suite.role_stake_at_height(Role::Validator, None),
        Uint128::new(44_000 * UNIT)
    );
    assert_eq!(
        suite.role_stake_at_height(Role::Provider, None),
        Uint128::new(19_000 * UNIT)
    );
    let total: Uint128 = Role::ALL
        .iter()
        .map(|role| suite.role_stake_at_height(*role, None))
        .sum();
    assert_eq!(total, suite.total_stake_at_height(None).total);

    let then = suite
        .operator_stake_at_height(&validator, Some(opening), &[&consumer, &provider])
        .unwrap();
    assert_eq!(
        (
            then.stake,
            then.role_total,
            then.counterparty_stake,
            then.delegates_to
        ),
        (
            Uint128::new(10_000 * UNIT),
            Uint128::new(10_000 * UNIT),
            Uint128::zero(),
            None
        )
    );
    let now = suite
        .operator_stake_at_height(&validator, None, &[&provider, &consumer])
        .unwrap();
    assert_eq!(
        (
            now.stake,
            now.role_total,
            now.counterparty_stake,
            now.delegates_to
        ),
        (
            Uint128::new(14_000 * UNIT),
            Uint128::new(44_000 * UNIT),
            Uint128::new(5_000 * UNIT),
            None
        )
    );
    // The validator delegates to another provider: it is linked to it.
    let other = operator(&mut suite, "other-provider", Role::Provider, 10_000 * UNIT);
    suite.staking_fund(&validator, 100 * UNIT).unwrap();
    suite.delegate(&validator, &other, 100 * UNIT).unwrap();
    let linked = suite
        .operator_stake_at_height(&validator, None, &[&consumer, &other])
        .unwrap();
    assert_eq!(linked.delegates_to, Some(other));
    let too_many = vec![&consumer; infermesh_types::staking::MAX_COUNTERPARTIES + 1];
    let e = suite
        .operator_stake_at_height(&validator, None, &too_many)
        .unwrap_err();
    assert!(
        e.to_string().contains("at most 8 counterparties, got 9"),
        "{e}"
    );
}
