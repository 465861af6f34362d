//! Bill escrow attacks found in review, each reproduced on the full suite.

use cosmwasm_std::{Addr, Uint128};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_testing::Suite;
use infermesh_types::bill_escrow::{BillStatus, SLA_MIN_DEADLINE_SECONDS};
use infermesh_types::reputation::Outcome;
use infermesh_types::staking::{self, Role, SlashRecord};

const UNIT: u128 = 1_000_000;

type Res<T> = Result<T, cw_multi_test::error::AnyError>;

fn escrow_err<T: std::fmt::Debug>(result: Res<T>) -> BillEscrowError {
    match result {
        Ok(response) => panic!("expected an error, got {response:?}"),
        Err(e) => e.downcast::<BillEscrowError>().expect("a BillEscrowError"),
    }
}

/// Runs `f`, expects `expected`, and checks the escrow's storage did not change.
fn rejects<T: std::fmt::Debug>(
    suite: &mut Suite,
    expected: BillEscrowError,
    f: impl FnOnce(&mut Suite) -> Res<T>,
) {
    let before = suite.escrow_storage();
    assert_eq!(escrow_err(f(suite)), expected);
    assert_eq!(suite.escrow_storage(), before);
}

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
    let slashed: Option<SlashRecord> = suite.staking_query(&staking::QueryMsg::Evidence {
        evidence_id: format!("bill-{id}"),
    });
    assert_eq!(slashed, None);
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
    let slashed: Option<SlashRecord> = suite.staking_query(&staking::QueryMsg::Evidence {
        evidence_id: format!("sla-success-{provider}-{day}"),
    });
    assert_eq!(slashed, None);
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
