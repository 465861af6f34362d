//! Every bad input of the issue: the exact typed error, and storage unchanged.

use cosmwasm_std::{coins, Decimal, Uint128};
use cw_utils::PaymentError;
use infermesh_kit::{PauseError, ReceiveError, ValidationError};
use infermesh_types::staking::{ExecuteMsg, ReceiveMsg, Role, SlashClass};

use super::helpers::*;
use crate::StakingError;

fn with_operator() -> (Ctx, cosmwasm_std::Addr) {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(50_000));
    (ctx, op)
}

fn slash_msg(
    op: &cosmwasm_std::Addr,
    class: SlashClass,
    fraction: Decimal,
    id: &str,
) -> ExecuteMsg {
    ExecuteMsg::Slash {
        operator: op.to_string(),
        class,
        fraction,
        evidence_id: id.to_string(),
        infraction_time: None,
    }
}

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

#[test]
fn slash_by_a_non_slasher_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &addr("mallory"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
        StakingError::NotASlasher {
            sender: addr("mallory"),
        },
    );
    // A jailer may jail but not slash.
    ctx.assert_rejected(
        &addr("reputation"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
        StakingError::NotASlasher {
            sender: addr("reputation"),
        },
    );
    ctx.assert_rejected(
        &addr("mallory"),
        ExecuteMsg::Jail {
            operator: op.to_string(),
            reason: "grudge".to_string(),
            duration_seconds: None,
        },
        StakingError::NotAJailer {
            sender: addr("mallory"),
        },
    );
}

#[test]
fn slash_twice_with_one_evidence_id_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.exec(
        &addr("escrow"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
    )
    .unwrap();
    ctx.assert_rejected(
        &addr("dao"),
        slash_msg(&op, SlashClass::Major, pct(10), "ev-1"),
        StakingError::EvidenceAlreadyUsed {
            evidence_id: "ev-1".to_string(),
        },
    );
}

#[test]
fn fraction_outside_its_class_is_rejected() {
    let (mut ctx, op) = with_operator();
    for (class, fraction, min, max) in [
        (SlashClass::Minor, pct(6), pct(1), pct(5)),
        (SlashClass::Minor, Decimal::permille(9), pct(1), pct(5)),
        (SlashClass::Major, pct(4), pct(5), pct(15)),
        (SlashClass::Major, pct(16), pct(5), pct(15)),
        (SlashClass::Severe, pct(14), pct(15), pct(20)),
        (SlashClass::Severe, pct(21), pct(15), pct(20)),
    ] {
        ctx.assert_rejected(
            &addr("dao"),
            slash_msg(&op, class, fraction, "ev"),
            StakingError::FractionOutOfRange {
                class,
                fraction,
                min,
                max,
            },
        );
    }
}

#[test]
fn slash_with_future_infraction_time_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.advance(30 * DAY);
    let now = ctx.env.block.time;
    let msg = |t| ExecuteMsg::Slash {
        operator: op.to_string(),
        class: SlashClass::Minor,
        fraction: pct(2),
        evidence_id: "ev".to_string(),
        infraction_time: Some(t),
    };
    ctx.assert_rejected(
        &addr("dao"),
        msg(now.plus_seconds(1)),
        StakingError::InfractionInFuture {
            infraction_time: now.plus_seconds(1),
            now,
        },
    );
    // An infraction older than the unbonding period is not rejected but clamped (see
    // `an_infraction_older_than_the_unbonding_period_is_clamped`).
    let earliest = now.minus_seconds(21 * DAY);
    ctx.exec(&addr("dao"), msg(earliest.minus_seconds(1)))
        .unwrap();
}

#[test]
fn commission_above_max_is_rejected() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.assert_rejected(
        &op,
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: Some(pct(21)),
        },
        StakingError::CommissionAboveMax {
            rate: pct(21),
            max: pct(20),
        },
    );
    ctx.register(&op, Role::Gateway);
    ctx.advance(DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(25) },
        StakingError::CommissionAboveMax {
            rate: pct(25),
            max: pct(20),
        },
    );
}

#[test]
fn commission_changed_too_fast_or_too_soon_is_rejected() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Validator);
    let registered = ctx.env.block.time;
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(6) },
        StakingError::CommissionChangeTooSoon {
            next_allowed: registered.plus_seconds(DAY),
        },
    );
    ctx.advance(DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(7) },
        StakingError::CommissionChangeTooFast {
            current: pct(5),
            requested: pct(7),
            max_change: pct(1),
        },
    );
    ctx.exec(&op, ExecuteMsg::UpdateCommission { rate: pct(6) })
        .unwrap();
    ctx.advance(DAY - 1);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(5) },
        StakingError::CommissionChangeTooSoon {
            next_allowed: ctx.env.block.time.plus_seconds(1),
        },
    );
}

#[test]
fn register_twice_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &op,
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: None,
        },
        StakingError::AlreadyRegistered {
            operator: op.clone(),
        },
    );
}

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

#[test]
fn unjail_rules() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::NotJailed {
            operator: op.clone(),
        },
    );
    ctx.exec(
        &addr("escrow"),
        slash_msg(&op, SlashClass::Minor, pct(1), "ev-1"),
    )
    .unwrap();
    let until = ctx.env.block.time.plus_seconds(7 * DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::StillJailed {
            operator: op.clone(),
            until,
        },
    );
    ctx.advance(7 * DAY);
    ctx.exec(&op, ExecuteMsg::Unjail {}).unwrap();
    assert!(ctx.status(&op).active);
    ctx.exec(
        &addr("dao"),
        slash_msg(&op, SlashClass::Severe, pct(20), "ev-2"),
    )
    .unwrap();
    ctx.advance(400 * DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::OperatorBanned {
            operator: op.clone(),
        },
    );
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

/// An operator that expects a slash cannot lower its tier's cap by unbonding its self-bond after
/// the infraction: the cap follows the self-bond it had then (still slashable while unbonding).
#[test]
fn unbonding_after_the_infraction_does_not_lower_the_slash_cap() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000)); // Platinum: max 20%
    let infraction_time = ctx.env.block.time;
    ctx.advance(3_600);
    ctx.exec(
        &op,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(990_000),
        },
    )
    .unwrap();
    assert_eq!(ctx.status(&op).self_bond, tokens(10_000)); // Bronze now: max 5%
    let response = ctx
        .exec(
            &addr("escrow"),
            ExecuteMsg::Slash {
                operator: op.to_string(),
                class: SlashClass::Severe,
                fraction: pct(20),
                evidence_id: "ev-late".to_string(),
                infraction_time: Some(infraction_time),
            },
        )
        .unwrap();
    assert_eq!(attr(&response, "applied_fraction"), "0.2");
    assert_eq!(attr(&response, "bonded_burned"), tokens(2_000).to_string());
    assert_eq!(
        attr(&response, "unbonding_burned"),
        tokens(198_000).to_string()
    );
    assert_eq!(attr(&response, "burned"), tokens(200_000).to_string());
}

#[test]
fn update_config_refuses_duplicate_and_too_many_authorised_addresses() {
    let mut ctx = Ctx::new();
    let escrow = addr("escrow");
    ctx.assert_rejected(
        &addr("dao"),
        ExecuteMsg::UpdateConfig {
            slashers: Some(vec![escrow.to_string(), escrow.to_string()]),
            jailers: None,
            guardian: None,
        },
        StakingError::Validation(ValidationError::DuplicateAddress {
            field: "slashers".to_string(),
            address: escrow,
        }),
    );
    let many: Vec<String> = (0..=infermesh_types::staking::MAX_AUTHORISED)
        .map(|i| addr(&format!("jailer{i}")).to_string())
        .collect();
    ctx.assert_rejected(
        &addr("dao"),
        ExecuteMsg::UpdateConfig {
            slashers: None,
            jailers: Some(many),
            guardian: None,
        },
        StakingError::Validation(ValidationError::TooMany {
            field: "jailers".to_string(),
            count: infermesh_types::staking::MAX_AUTHORISED + 1,
            max: infermesh_types::staking::MAX_AUTHORISED,
        }),
    );
}
