//! Bill escrow attacks and bad inputs, each reproduced on the full suite: sybil validators with
//! no or too little stake deciding disputes, deadlines too short to serve counted as timeouts,
//! a `Receive` from another cw20, unknown, jailed, low-reputation or under-tiered providers, self-dealing through
//! the provider or gateway, bad deadlines, amounts and units, actions in the wrong bill state, and
//! native funds. Every rejection is its exact typed error and leaves the escrow's storage and
//! totals unchanged.

use cosmwasm_std::{coins, Addr, Binary, StdError, Uint128};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::PaymentError;
use infermesh_bill_escrow::BillEscrowError;
use infermesh_kit::ReceiveError;
use infermesh_testing::{Executor, Suite};
use infermesh_types::bill_escrow::{BillStatus, ExecuteMsg, SLA_MIN_DEADLINE_SECONDS};
use infermesh_types::reputation::Outcome;
use infermesh_types::staking::{OperatorError, Role};

use crate::fixtures::{escrow_err, evidence, fund_native, rejects, world, DAY, NATIVE, UNIT};

/// A Silver provider, a Bronze gateway, a consumer with 100,000 tokens and a completed bill.
fn completed_bill(suite: &mut Suite) -> (Addr, Addr, u64) {
    let provider = suite.addr("provider");
    let gateway = suite.addr("gateway");
    suite.ready_operator(&provider, Role::Provider, 50_000 * UNIT);
    suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
    let consumer = suite.addr("consumer");
    suite.staking_fund(&consumer, 100_000 * UNIT).unwrap();
    let args = suite.bill_args(&provider, &gateway);
    let amount = suite.escrow_required(&args);
    let id = suite.open_bill(&consumer, amount, &args).unwrap();
    suite.complete_bill(&provider, id, 100, 100).unwrap();
    (consumer, provider, id)
}

/// Registering as a validator is free, so validators with no stake at all must not decide a
/// dispute: otherwise a consumer registers `vote_quorum` throw-away validators, disputes an honest
/// completion and votes itself a full refund, its bond back and the provider slashed (or a
/// provider votes itself the consumer's bond).
#[test]
fn unbonded_sybil_validators_cannot_decide_a_dispute() {
    let mut suite = Suite::new();
    let (consumer, provider, id) = completed_bill(&mut suite);
    let sybils: Vec<Addr> = (0..3)
        .map(|i| {
            let sybil = suite.addr(&format!("sybil{i}"));
            suite.register_operator(&sybil, Role::Validator).unwrap();
            sybil
        })
        .collect();
    suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();

    for sybil in &sybils {
        rejects(
            &mut suite,
            BillEscrowError::ValidatorNotBonded {
                validator: sybil.clone(),
                self_bond: Uint128::zero(),
            },
            |s| s.resolve_vote(sybil, id, true),
        );
    }
    assert_eq!(suite.bill(id).status, BillStatus::Disputed);
    assert_eq!(evidence(&suite, &format!("bill-{id}")), None);
    assert_eq!(suite.balance(&provider), 0);
}

/// A validator below the lowest tier (a self-bond of one token short of Bronze) cannot vote
/// either; one at Bronze can.
#[test]
fn a_validator_needs_a_tier_to_vote() {
    let mut suite = Suite::new();
    let (consumer, _provider, id) = completed_bill(&mut suite);
    suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    let small = suite.addr("small");
    suite.ready_operator(&small, Role::Validator, 10_000 * UNIT - 1);
    rejects(
        &mut suite,
        BillEscrowError::ValidatorNotBonded {
            validator: small.clone(),
            self_bond: Uint128::new(10_000 * UNIT - 1),
        },
        |s| s.resolve_vote(&small, id, false),
    );
    let bronze = suite.addr("bronze");
    suite.ready_operator(&bronze, Role::Validator, 10_000 * UNIT);
    suite.resolve_vote(&bronze, id, false).unwrap();
}

/// Bills are opened unilaterally, so a griefer can open bills no provider can serve (deadline
/// seconds away) and let them time out. Counted as timeouts, 20 of them got any provider a
/// success-rate slash (burning its and its delegators' stake) and jailed it; without the slash,
/// 46 one-unit bills (0.05 token of fees) still jailed it through its reputation. A timeout
/// counts, for the SLA and for reputation, only when the bill's deadline gave the provider at
/// least `SLA_MIN_DEADLINE_SECONDS`.
#[test]
fn unservable_deadlines_do_not_count_as_timeouts() {
    let mut suite = Suite::new();
    let provider = suite.addr("provider");
    let gateway = suite.addr("gateway");
    suite.ready_operator(&provider, Role::Provider, 50_000 * UNIT);
    suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
    let griefer = suite.addr("griefer");
    suite.staking_fund(&griefer, 100_000 * UNIT).unwrap();
    let burned = suite.staking_totals().burned;
    let day = suite.now().seconds() / 86_400;
    for _ in 0..60 {
        let mut args = suite.bill_args(&provider, &gateway);
        args.max_units = 1;
        args.deadline = suite.now().plus_seconds(SLA_MIN_DEADLINE_SECONDS - 1);
        let amount = suite.escrow_required(&args);
        let id = suite.open_bill(&griefer, amount, &args).unwrap();
        suite.advance_time(SLA_MIN_DEADLINE_SECONDS);
        suite.refund_timeout(&griefer, id).unwrap();
        assert_eq!(suite.bill(id).status, BillStatus::TimedOut);
        assert_eq!(suite.reputation_bill(id), None);
    }
    assert_eq!(suite.sla_window(&provider).jobs, 0);
    assert_eq!(
        evidence(&suite, &format!("sla-success-{provider}-{day}")),
        None
    );
    assert_eq!(suite.staking_totals().burned, burned);

    // A bill that left the provider the minimum time does count.
    let mut args = suite.bill_args(&provider, &gateway);
    args.deadline = suite.now().plus_seconds(SLA_MIN_DEADLINE_SECONDS);
    let amount = suite.escrow_required(&args);
    let id = suite.open_bill(&griefer, amount, &args).unwrap();
    suite.advance_time(SLA_MIN_DEADLINE_SECONDS + 1);
    suite.refund_timeout(&griefer, id).unwrap();
    let window = suite.sla_window(&provider);
    assert_eq!((window.successes, window.jobs), (0, 1));
    assert_eq!(
        suite.reputation_bill(id).expect("reported").outcome,
        Outcome::Timeout
    );
}

/// Economic security: a consumer who misspells `min_reputation` must get an error naming the
/// field, not a bill opened without the reputation floor it asked for.
#[test]
fn a_misspelled_min_reputation_is_rejected_not_ignored() {
    let mut w = world();
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let mut hook = cosmwasm_std::to_json_vec(&args.msg()).unwrap();
    let text = String::from_utf8(hook.clone()).unwrap();
    assert!(text.contains("\"min_reputation\":null"), "{text}");
    hook = text
        .replace("\"min_reputation\":null", "\"min_reputaton\":900")
        .into_bytes();
    let escrow = w.suite.bill_escrow.addr().clone();
    let consumer = w.consumer.clone();
    let (before, totals) = (w.suite.escrow_storage(), w.suite.escrow_totals());
    let balance = w.suite.balance(&consumer);
    let err = escrow_err(w.suite.token_execute(
        &consumer,
        &Cw20ExecuteMsg::Send {
            contract: escrow.to_string(),
            amount: Uint128::new(amount),
            msg: Binary::from(hook),
        },
    ));
    assert!(
        matches!(&err, BillEscrowError::Receive(ReceiveError::Std(StdError::ParseErr { msg, .. }))
            if msg.contains("unknown field `min_reputaton`")),
        "{err:?}"
    );
    assert_eq!(w.suite.escrow_storage(), before);
    assert_eq!(w.suite.escrow_totals(), totals);
    assert_eq!(w.suite.balance(&consumer), balance);
}

#[test]
fn receive_from_another_cw20_is_rejected() {
    let mut w = world();
    let fake = w.suite.addr("fake-token");
    let escrow = w.suite.bill_escrow.addr().clone();
    let args = w.args();
    let msg = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: w.consumer.to_string(),
        amount: Uint128::new(10 * UNIT),
        msg: cosmwasm_std::to_json_binary(&args.msg()).unwrap(),
    });
    let token = w.suite.token.addr().clone();
    rejects(
        &mut w.suite,
        BillEscrowError::Receive(ReceiveError::WrongToken {
            received: fake.clone(),
            expected: token,
        }),
        |s| s.execute(&fake, &escrow, &msg),
    );
}

#[test]
fn unknown_jailed_or_low_reputation_providers_are_rejected() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let stranger = w.suite.addr("stranger");
    let args = w.suite.bill_args(&stranger, &w.gateway);
    rejects(
        &mut w.suite,
        BillEscrowError::Operator(OperatorError::NotRegistered {
            operator: stranger.to_string(),
        }),
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    // The gateway is not a provider.
    let args = w.suite.bill_args(&w.gateway, &w.gateway);
    rejects(
        &mut w.suite,
        BillEscrowError::Operator(OperatorError::WrongRole {
            operator: w.gateway.clone(),
            expected: Role::Provider,
            actual: Role::Gateway,
        }),
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    // Reputation below the consumer's minimum.
    let score = w.suite.reputation_score(&w.provider).score;
    let mut args = w.args();
    args.min_reputation = Some(score + 1);
    rejects(
        &mut w.suite,
        BillEscrowError::ReputationTooLow {
            provider: w.provider.clone(),
            score,
            minimum: score + 1,
        },
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    args.min_reputation = Some(score);
    w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();
    // Jailed.
    let owner = w.suite.owner.clone();
    let provider = w.provider.clone();
    w.suite.jail(&owner, &provider, None).unwrap();
    let args = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::Operator(OperatorError::Jailed {
            operator: provider.clone(),
        }),
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
}

/// A consumer may not pay itself as the provider or the gateway, nor name the provider as its
/// own gateway, to take back a share of the charge.
#[test]
fn self_dealing_through_the_provider_or_gateway_is_rejected() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let provider = w.provider.clone();
    // The consumer registers a gateway of its own and names it.
    w.suite.register_operator(&consumer, Role::Gateway).unwrap();
    let args = w.suite.bill_args(&provider, &consumer);
    rejects(
        &mut w.suite,
        BillEscrowError::SelfDealing {
            address: consumer.clone(),
        },
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    // The provider as the gateway.
    let args = w.suite.bill_args(&provider, &provider);
    rejects(
        &mut w.suite,
        BillEscrowError::SelfDealing {
            address: provider.clone(),
        },
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    // The provider as the consumer.
    w.suite.staking_fund(&provider, 10 * UNIT).unwrap();
    let args = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::SelfDealing {
            address: provider.clone(),
        },
        |s| s.open_bill(&provider, 10 * UNIT, &args),
    );
    // With a third-party gateway the same consumer may open the bill.
    let args = w.args();
    w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();
}

#[test]
fn bad_deadlines_amounts_and_units_are_rejected() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let mut args = w.args();
    args.deadline = w.suite.now();
    let now = w.suite.now();
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlineInPast { deadline: now, now },
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    let args = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::InsufficientEscrow {
            sent: Uint128::new(5_102_040),
            required: Uint128::new(5_102_041),
        },
        |s| s.open_bill(&consumer, 5_102_040, &args),
    );
    let id = w.open();
    let provider = w.provider.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::UnitsAboveMax {
            units: Uint128::new(101),
            max_units: Uint128::new(100),
        },
        |s| s.complete_bill(&provider, id, 101, 100),
    );
    let gateway = w.gateway.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::NotProvider {
            sender: gateway.clone(),
            bill_id: id,
        },
        |s| s.complete_bill(&gateway, id, 10, 100),
    );
    let anyone = w.suite.addr("anyone");
    let deadline = w.suite.bill(id).terms.deadline;
    let now = w.suite.now();
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlineNotReached {
            bill_id: id,
            deadline,
            now,
        },
        |s| s.refund_timeout(&anyone, id),
    );
}

#[test]
fn finalize_accept_and_dispute_in_the_wrong_state_are_rejected() {
    let mut w = world();
    let id = w.open_completed(50, 100);
    let consumer = w.consumer.clone();
    let anyone = w.suite.addr("anyone");
    let ends_at = w.suite.bill(id).completion.unwrap().challenge_ends_at;
    rejects(
        &mut w.suite,
        BillEscrowError::ChallengeWindowOpen {
            bill_id: id,
            ends_at,
        },
        |s| s.finalize_bill(&anyone, id),
    );
    // Dispute without a sufficient bond.
    rejects(
        &mut w.suite,
        BillEscrowError::BondTooSmall {
            bond: Uint128::new(99 * UNIT),
            minimum: Uint128::new(100 * UNIT),
        },
        |s| s.dispute_bill(&consumer, id, 99 * UNIT),
    );
    // Accept after a dispute.
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::WrongStatus {
            bill_id: id,
            status: BillStatus::Disputed,
            action: "accept".to_string(),
        },
        |s| s.accept_bill(&consumer, id),
    );

    // Dispute after the window; double finalize.
    let id = w.open_completed(50, 100);
    w.suite.advance_time(DAY);
    rejects(
        &mut w.suite,
        BillEscrowError::ChallengeWindowClosed {
            bill_id: id,
            ended_at: ends_at,
        },
        |s| s.dispute_bill(&consumer, id, 100 * UNIT),
    );
    w.suite.finalize_bill(&anyone, id).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::WrongStatus {
            bill_id: id,
            status: BillStatus::Settled,
            action: "finalize".to_string(),
        },
        |s| s.finalize_bill(&anyone, id),
    );
}

#[test]
fn native_funds_are_refused() {
    let mut w = world();
    let id = w.open_completed(50, 100);
    let funded = w.consumer.clone();
    fund_native(&mut w.suite, &funded, 10);
    let escrow = w.suite.bill_escrow.addr().clone();
    rejects(
        &mut w.suite,
        BillEscrowError::Payment(PaymentError::NonPayable {}),
        |s| {
            s.app.execute_contract(
                funded.clone(),
                escrow.clone(),
                &ExecuteMsg::Accept { bill_id: id },
                &coins(10, NATIVE),
            )
        },
    );
}
