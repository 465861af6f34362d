//! Bill escrow attacks and bad inputs, each reproduced on the full suite: disputes bought with
//! cheap validators or decided at once, the gateway share taken back by the consumer, withheld
//! jobs counted as timeouts, a provider unbonding before its bills are judged,
//! a `Receive` from another cw20, unknown, jailed, low-reputation or under-tiered providers, self-dealing through
//! the provider or gateway, bad deadlines, amounts and units, actions in the wrong bill state, and
//! native funds. Every rejection is its exact typed error and leaves the escrow's storage and
//! totals unchanged.
//!
//! Rows of the adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::{
    coins, Addr, Binary, CheckedMultiplyFractionError, OverflowError, OverflowOperation, Timestamp,
    Uint128,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_utils::PaymentError;
use infermesh_bill_escrow::BillEscrowError;
use infermesh_kit::ReceiveError;
use infermesh_kit::SignatureError;
use infermesh_testing::{Executor, Suite};
use infermesh_types::bill_escrow::{
    BillFilter, BillStatus, BillsResponse, ConfigUpdate, ExecuteMsg, ModelClass, QueryMsg,
    QuoteResponse, Verdict,
};
use infermesh_types::signing::{SignMode, Signed};
use infermesh_types::staking::{OperatorError, Role, Tier};

use crate::fixtures::{
    escrow_err, evidence, fund_native, rejects, world, DAY, NATIVE, UNIT, VOTING,
};

/// Registers `name` as a validator self-bonding `self_bond`.
fn validator(suite: &mut Suite, name: &str, self_bond: u128) -> Addr {
    let v = suite.addr(name);
    suite.ready_operator(&v, Role::Validator, self_bond);
    v
}

/// Finding 1: disputes were decided by a head count of three Bronze validators, at once, by
/// whoever held a tier when voting. Now the stake that may vote is fixed at the opening height,
/// and a verdict needs a third of all bonded validator stake then. Here the consumer owns three
/// Bronze validators bonded before the dispute (30,000 of 160,000 validator tokens) plus ten
/// registered after it: nothing it casts decides, the provider keeps its pay and its bond, and
/// the dispute goes to the arbiter.
#[test]
fn disputes_bought_with_three_bronze_validators_fail() {
    let mut w = world();
    let honest = validator(&mut w.suite, "honest-validator", 100_000 * UNIT);
    let bought: Vec<Addr> = (0..3)
        .map(|i| validator(&mut w.suite, &format!("bought{i}"), 10_000 * UNIT))
        .collect();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.advance_blocks(1);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    let opening = w.suite.app.block_info().height;
    let dispute = w.suite.bill(id).dispute.expect("dispute");
    assert_eq!(dispute.opened_height, opening);
    assert_eq!(dispute.validator_stake, Uint128::new(160_000 * UNIT));

    // Registered after the opening: no stake at the opening height, no vote.
    for i in 0..10 {
        let late = validator(&mut w.suite, &format!("late{i}"), 10_000 * UNIT);
        rejects(
            &mut w.suite,
            BillEscrowError::NoStakeAtOpening {
                validator: late.clone(),
                bill_id: id,
                height: opening,
            },
            |s| s.resolve_vote(&late, id, true),
        );
    }
    for v in &bought {
        w.suite.resolve_vote(v, id, true).unwrap();
    }
    let anyone = w.suite.addr("anyone");
    w.suite.advance_time(VOTING);
    let until = dispute.opened_at.plus_seconds(14 * DAY);
    rejects(
        &mut w.suite,
        BillEscrowError::DisputeUnresolved { bill_id: id, until },
        |s| s.finalize_bill(&anyone, id),
    );
    assert_eq!(w.suite.bill(id).status, BillStatus::Disputed);
    assert_eq!(evidence(&w.suite, &format!("bill-{id}")), None);
    assert_eq!(
        w.suite.operator_status(&w.provider).self_bond,
        Uint128::new(50_000 * UNIT)
    );

    // The honest side with a quorum: 100,000 + 30,000 of 160,000 (81%) say the completion
    // stands; the provider is paid and takes the bond.
    let mut w = world();
    let honest2 = validator(&mut w.suite, "honest-validator", 100_000 * UNIT);
    assert_eq!(honest2, honest);
    let bought: Vec<Addr> = (0..3)
        .map(|i| validator(&mut w.suite, &format!("bought{i}"), 10_000 * UNIT))
        .collect();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.advance_blocks(1);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    for v in &bought {
        w.suite.resolve_vote(v, id, true).unwrap();
    }
    w.suite.resolve_vote(&honest, id, false).unwrap();
    for v in w.validators.clone() {
        w.suite.resolve_vote(&v, id, false).unwrap();
    }
    w.suite.advance_time(VOTING);
    let anyone = w.suite.addr("anyone");
    w.suite.finalize_bill(&anyone, id).unwrap();
    let bill = w.suite.bill(id);
    assert_eq!(bill.status, BillStatus::Settled);
    assert_eq!(bill.verdict, Some(Verdict::ConsumerWrong {}));
    assert_eq!(evidence(&w.suite, &format!("bill-{id}")), None);
}

/// The stake a verdict needs at default parameters: a third of all bonded validator stake at the
/// opening height, rounded up. One base unit less decides nothing, however many addresses cast it.
#[test]
fn a_verdict_needs_a_third_of_validator_stake_at_the_opening_height() {
    let mut w = world();
    // 30,000 (the world's three) + 60,000 = 90,000 tokens of validator stake: the quorum is
    // exactly 30,000 tokens.
    let big = validator(&mut w.suite, "big", 60_000 * UNIT);
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.advance_blocks(1);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    let quorum = w.suite.escrow_params().dispute_quorum;
    assert_eq!(
        Uint128::new(90_000 * UNIT).mul_ceil(quorum),
        Uint128::new(30_000 * UNIT)
    );
    // 20,000 tokens (two of the three) vote: below the quorum.
    let vs = w.validators.clone();
    w.suite.resolve_vote(&vs[0], id, true).unwrap();
    w.suite.resolve_vote(&vs[1], id, true).unwrap();
    w.suite.advance_time(VOTING);
    let anyone = w.suite.addr("anyone");
    let until = w
        .suite
        .bill(id)
        .dispute
        .unwrap()
        .opened_at
        .plus_seconds(14 * DAY);
    rejects(
        &mut w.suite,
        BillEscrowError::DisputeUnresolved { bill_id: id, until },
        |s| s.finalize_bill(&anyone, id),
    );
    let _ = big;

    // 30,000 tokens, exactly the quorum, decide.
    let id = w.open_completed(100, 100);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    for v in &vs {
        w.suite.resolve_vote(v, id, true).unwrap();
    }
    w.suite.advance_time(VOTING);
    w.suite.finalize_bill(&anyone, id).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Refunded);
}

/// One transaction carried a dispute and all its votes. Now no verdict comes before the voting
/// period ends; parties of the bill cannot vote, nor a validator that delegated to one; and a
/// party's delegation to a validator is taken out of that validator's weight (a party's own
/// stake does not vote) without disqualifying it, so dust delegations cannot switch validators
/// off.
#[test]
fn parties_and_validators_linked_to_them_cannot_vote_and_no_verdict_comes_at_once() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let provider = w.provider.clone();
    let vs = w.validators.clone();
    // Before the dispute: the consumer delegates 1,000 tokens to validator 0 and validator 1
    // delegates 1,000 tokens to the provider.
    w.suite.delegate(&consumer, &vs[0], 1_000 * UNIT).unwrap();
    w.suite.staking_fund(&vs[1], 1_000 * UNIT).unwrap();
    w.suite.delegate(&vs[1], &provider, 1_000 * UNIT).unwrap();
    let id = w.open_completed(100, 100);
    w.suite.advance_blocks(1);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::LinkedToParty {
            validator: vs[1].clone(),
            party: provider.clone(),
            bill_id: id,
        },
        |s| s.resolve_vote(&vs[1], id, false),
    );
    let gateway = w.gateway.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::PartyCannotVote {
            validator: gateway.clone(),
            bill_id: id,
        },
        |s| s.resolve_vote(&gateway, id, true),
    );
    let r = w.suite.resolve_vote(&vs[0], id, true).unwrap();
    assert_eq!(
        infermesh_testing::attribute(&r, "weight"),
        Some((10_000 * UNIT).to_string()),
        "11,000 in the pool, less the consumer's 1,000"
    );
    w.suite.resolve_vote(&vs[2], id, true).unwrap();
    let ends_at = w.suite.bill(id).dispute.unwrap().voting_ends_at;
    rejects(
        &mut w.suite,
        BillEscrowError::VotingOpen {
            bill_id: id,
            ends_at,
        },
        |s| s.finalize_bill(&consumer, id),
    );
    assert_eq!(evidence(&w.suite, &format!("bill-{id}")), None);
}

/// Finding 5: consumers took back the gateway's 10 % by naming a second address of their own,
/// registered as a gateway with no stake. The gateway must now hold a tier and sign its consent
/// to route the bill; a consent signed by another key, for other terms or malformed is refused,
/// and nothing moves.
#[test]
fn a_consumer_cannot_take_back_the_gateway_share() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let own = w.suite.key_account("consumers-own-gateway").address;
    w.suite.staking_fund(&own, 1).unwrap();
    w.suite.register_operator(&own, Role::Gateway).unwrap();
    let mut args = w.args();
    args.gateway = own.clone();
    let amount = w.suite.escrow_required(&args);
    rejects(
        &mut w.suite,
        BillEscrowError::GatewayNotBonded {
            gateway: own.clone(),
            self_bond: Uint128::zero(),
        },
        |s| s.open_bill(&consumer, amount, &args).map(|_| ()),
    );

    // A bonded gateway that did not sign: the consumer signs for it with its own key.
    let args = w.args();
    let forger = w.suite.key_account("forger");
    let mut forged = args.clone();
    forged.gateway_consent = Some(w.suite.gateway_consent(&consumer, &args));
    let mut by_forger = forged.gateway_consent.clone().unwrap();
    by_forger.pubkey = forger.pubkey.clone();
    forged.gateway_consent = Some(by_forger);
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::WrongSigner {
            expected: w.gateway.clone(),
            derived: forger.address.clone(),
        }),
        |s| s.open_bill(&consumer, amount, &forged).map(|_| ()),
    );
    // The gateway's consent to other terms (10 units) does not open a bill of 100.
    let mut other = args.clone();
    other.max_units = 10;
    let mut reused = args.clone();
    reused.gateway_consent = Some(w.suite.gateway_consent(&consumer, &other));
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::InvalidSignature {
            signer: w.gateway.clone(),
        }),
        |s| s.open_bill(&consumer, amount, &reused).map(|_| ()),
    );
    let mut empty = args.clone();
    empty.gateway_consent = Some(Signed {
        pubkey: Binary::default(),
        signature: Binary::default(),
        sign_mode: SignMode::Plain,
    });
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::InvalidPubkey { expected: 33 }),
        |s| s.open_bill(&consumer, amount, &empty).map(|_| ()),
    );
    // With the gateway's own consent (as Keplr signs it, ADR-036, or plain) the bill opens.
    w.suite.open_bill(&consumer, amount, &args).unwrap();
}

/// Finding 6: withheld jobs forced timeouts that slashed and jailed any provider (46 one-unit
/// bills burned 1 % of a 150,000-token pool). The chain cannot tell a withheld job from an
/// unserved one, so a timeout counts against the provider only with its signed receipt of the
/// bill: 60 bills refunded without one leave its SLA window, reputation and stake untouched.
#[test]
fn withheld_jobs_do_not_count_as_timeouts() {
    let mut w = world();
    let provider = w.provider.clone();
    let griefer = w.suite.addr("griefer");
    w.suite.staking_fund(&griefer, 100_000 * UNIT).unwrap();
    let burned = w.suite.staking_totals().burned;
    let day = w.suite.now().seconds() / DAY;
    for _ in 0..60 {
        let mut args = w.args();
        args.max_units = 1;
        args.deadline = w.suite.now().plus_seconds(1);
        let amount = w.suite.escrow_required(&args);
        let id = w.suite.open_bill(&griefer, amount, &args).unwrap();
        w.suite.advance_time(2);
        let r = w.suite.refund_timeout(&griefer, id).unwrap();
        assert_eq!(
            infermesh_testing::attribute(&r, "acknowledged").as_deref(),
            Some("false")
        );
        assert_eq!(w.suite.bill(id).status, BillStatus::TimedOut);
        assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    }
    assert_eq!(w.suite.reputation_score(&provider).jobs_30d, 0);
    assert_eq!(w.suite.sla_window(&provider).jobs, 0);
    assert_eq!(
        evidence(&w.suite, &format!("sla-success-{provider}-{day}")),
        None
    );
    assert_eq!(w.suite.staking_totals().burned, burned);
    assert!(!w.suite.operator_status(&provider).jailed);

    // A receipt signed by someone else is refused; the provider's own counts the timeout. Only
    // the consumer refunds without a receipt, so the provider cannot close its own timeout
    // unacknowledged first.
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let id = w.suite.open_bill(&griefer, amount, &args).unwrap();
    w.suite.advance_time(DAY + 1);
    rejects(
        &mut w.suite,
        BillEscrowError::NotConsumer {
            sender: provider.clone(),
            bill_id: id,
        },
        |s| s.refund_timeout(&provider, id),
    );
    let gateway = w.gateway.clone();
    let mut wrong = w.suite.provider_receipt(&gateway, id);
    wrong.signature = w.suite.provider_receipt(&provider, id).signature;
    let forged = ExecuteMsg::RefundTimeout {
        bill_id: id,
        receipt: Some(wrong),
    };
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::WrongSigner {
            expected: provider.clone(),
            derived: gateway,
        }),
        |s| s.escrow_execute(&griefer, &forged),
    );
    w.suite.refund_timeout_with_receipt(&griefer, id).unwrap();
    let window = w.suite.sla_window(&provider);
    assert_eq!((window.successes, window.jobs), (0, 1));
    let score = w.suite.reputation_score(&provider);
    assert_eq!((score.timeouts_30d, score.jobs_30d), (1, 1));
}

/// A signed acceptance settles only the completion it names, signed by the bill's consumer: one
/// for other units, or signed by the provider itself, is refused and nothing changes; the
/// unaccepted completion path stays open.
#[test]
fn an_acceptance_settles_only_the_completion_its_consumer_signed() {
    let mut w = world();
    let payer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&payer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let id = w.suite.open_bill(&payer, 5_102_041, &args).unwrap();
    let provider = w.provider.clone();
    let for_fewer_units = w.suite.consumer_acceptance(&payer, id, 10, 120);
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::InvalidSignature {
            signer: payer.clone(),
        }),
        |s| s.complete_accepted_bill(&provider, id, 100, 120, for_fewer_units),
    );
    let self_signed = w.suite.consumer_acceptance(&provider, id, 100, 120);
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::WrongSigner {
            expected: payer.clone(),
            derived: provider.clone(),
        }),
        |s| s.complete_accepted_bill(&provider, id, 100, 120, self_signed),
    );
    w.suite.complete_bill(&provider, id, 100, 120).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Completed);
}

/// Finding 7: a provider unbonded first so a bill's slash landed on its delegators. The slash's
/// infraction time is now the bill's opening, and a bill's exposure (deadline, challenge window,
/// dispute timeout) fits inside the unbonding period, so the self-bond that left after opening
/// is slashed in its unbonding queue; and a completion without the consumer's acceptance is
/// refused to a provider below the bill's tier (or jailed, or banned), since the consumer would
/// otherwise have to dispute it. (With an acceptance the consumer already agreed to pay.)
#[test]
fn a_provider_that_unbonds_first_is_still_slashed_for_its_bills() {
    let mut w = world();
    let provider = w.provider.clone();
    let consumer = w.consumer.clone();
    let large = {
        let mut args = w.args();
        args.model_class = ModelClass::Large;
        let amount = w.suite.escrow_required(&args);
        w.suite.open_bill(&consumer, amount, &args).unwrap()
    };
    let id = w.open_completed(100, 100);
    w.suite.advance_time(60);
    // The Silver provider unbonds its whole 50,000-token self-bond.
    w.suite.unbond(&provider, &provider, 50_000 * UNIT).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::TierTooLow {
            provider: provider.clone(),
            model_class: ModelClass::Large,
            tier: None,
            required: Some(Tier::Silver),
        },
        |s| s.complete_bill(&provider, large, 10, 100),
    );
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    for v in w.validators.clone() {
        w.suite.resolve_vote(&v, id, true).unwrap();
    }
    w.suite.advance_time(VOTING);
    let queued_before: Uint128 = w
        .suite
        .unbonding_entries(&provider)
        .entries
        .iter()
        .map(|e| e.tokens)
        .sum();
    assert_eq!(queued_before, Uint128::new(50_000 * UNIT));
    w.suite.finalize_bill(&consumer, id).unwrap();
    let record = evidence(&w.suite, &format!("bill-{id}")).expect("slashed");
    assert_eq!(record.infraction_time, Some(w.suite.bill(id).opened_at));
    let queued_after: Uint128 = w
        .suite
        .unbonding_entries(&provider)
        .entries
        .iter()
        .map(|e| e.tokens)
        .sum();
    // The dispute's 5 % Major slash reached the unbonding self-bond.
    assert_eq!(queued_after, Uint128::new(47_500 * UNIT));
}

/// The exposure bound: parameters under which a bill could outlive staking's unbonding period
/// are refused (21 days by default; 30 + 1 + 14 days here).
#[test]
fn x11_parameters_letting_a_bill_outlive_unbonding_are_refused() {
    let mut suite = Suite::new();
    let mut params = suite.escrow_params();
    params.max_deadline_seconds = 30 * DAY;
    rejects(
        &mut suite,
        BillEscrowError::ExposureOutlivesUnbonding {
            exposure_seconds: 45 * DAY,
            unbonding_period_seconds: 21 * DAY,
        },
        |s| s.update_escrow_params(params.clone()),
    );
}

/// Economic security: a consumer who misspells `min_reputation` must get an error naming the
/// field, not a bill opened without the reputation floor it asked for.
#[test]
fn a_misspelled_min_reputation_is_rejected_not_ignored() {
    let mut w = world();
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let mut hook =
        cosmwasm_std::to_json_vec(&args.msg(w.suite.gateway_consent(&w.consumer, &args))).unwrap();
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
        matches!(&err, BillEscrowError::Receive(ReceiveError::InvalidHook { reason })
            if reason.contains("unknown field `min_reputaton`")),
        "{err:?}"
    );
    assert_eq!(w.suite.escrow_storage(), before);
    assert_eq!(w.suite.escrow_totals(), totals);
    assert_eq!(w.suite.balance(&consumer), balance);
}

#[test]
fn e1_receive_from_another_cw20_is_rejected() {
    let mut w = world();
    let fake = w.suite.addr("fake-token");
    let escrow = w.suite.bill_escrow.addr().clone();
    let args = w.args();
    let msg = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: w.consumer.to_string(),
        amount: Uint128::new(10 * UNIT),
        msg: cosmwasm_std::to_json_binary(&args.msg(w.suite.gateway_consent(&w.consumer, &args)))
            .unwrap(),
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
fn x5_bad_deadlines_amounts_and_units_are_rejected() {
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
fn e2_finalize_accept_and_dispute_in_the_wrong_state_are_rejected() {
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
fn x7_native_funds_are_refused() {
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

/// A batch is the provider's own bills only, 1 to `MAX_COMPLETIONS` of them, and all or nothing:
/// another provider's bill or a forged acceptance anywhere in it refuses the whole batch.
#[test]
fn x8_batches_are_bounded_and_all_or_nothing() {
    let mut w = world();
    let provider = w.provider.clone();
    let consumer = w.consumer.clone();
    rejects(&mut w.suite, BillEscrowError::EmptyBatch {}, |s| {
        s.complete_batch(&provider, &consumer, &[])
    });
    let too_many: Vec<_> = (1..=51).map(|id| (id, 1, 100, false)).collect();
    rejects(
        &mut w.suite,
        BillEscrowError::BatchTooLarge { len: 51, max: 50 },
        |s| s.complete_batch(&provider, &consumer, &too_many),
    );
    // The consumer signs acceptances, so it holds a key.
    let consumer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&consumer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let mine = w.suite.open_bill(&consumer, amount, &args).unwrap();
    let other = w.suite.key_account("other-provider").address;
    w.suite
        .ready_operator(&other, Role::Provider, 50_000 * UNIT);
    let args = w.suite.bill_args(&other, &w.gateway);
    let amount = w.suite.escrow_required(&args);
    let theirs = w.suite.open_bill(&consumer, amount, &args).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::NotProvider {
            sender: provider.clone(),
            bill_id: theirs,
        },
        |s| {
            s.complete_batch(
                &provider,
                &consumer,
                &[(mine, 10, 100, false), (theirs, 10, 100, false)],
            )
        },
    );
    // The same bill twice: the second sees it completed.
    rejects(
        &mut w.suite,
        BillEscrowError::WrongStatus {
            bill_id: mine,
            status: BillStatus::Settled,
            action: "complete".to_string(),
        },
        |s| {
            s.complete_batch(
                &provider,
                &consumer,
                &[(mine, 10, 100, true), (mine, 10, 100, true)],
            )
        },
    );
    // An acceptance signed by someone else than the bill's consumer.
    let signer = w.suite.key_account("not-the-consumer").address;
    let args = w.args();
    let second = w.suite.open_bill(&consumer, amount, &args).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::Signature(SignatureError::WrongSigner {
            expected: consumer.clone(),
            derived: signer.clone(),
        }),
        |s| s.complete_batch(&provider, &signer, &[(second, 10, 100, true)]),
    );
    assert_eq!(w.suite.bill(mine).status, BillStatus::Open);
    assert_eq!(w.suite.bill(second).status, BillStatus::Open);
}

/// Reporting is anyone's call but only sends what waits: nothing waiting is refused, and an
/// invalid address is refused before anything is read.
#[test]
fn reports_send_only_what_waits() {
    let mut w = world();
    let provider = w.provider.clone();
    let anyone = w.suite.addr("anyone");
    rejects(
        &mut w.suite,
        BillEscrowError::NothingToReport {
            provider: provider.clone(),
        },
        |s| s.report_escrow_outcomes(&anyone, &provider),
    );
    let bad = ExecuteMsg::ReportOutcomes {
        provider: "not-an-address".to_string(),
    };
    assert!(w.suite.escrow_execute(&anyone, &bad).is_err());
}

/// A bill opened from credit takes no more than the credit holds, and nobody's but the
/// sender's; deposits, like bills, stop while paused.
#[test]
fn bills_from_credit_spend_only_the_senders_credit() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let args = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::Credit(infermesh_kit::CreditError::InsufficientCredit {
            payee: consumer.clone(),
            credit: Uint128::zero(),
            amount: Uint128::new(5_102_041),
        }),
        |s| s.open_bill_from_credit(&consumer, 5_102_041, &args),
    );
    w.suite.escrow_deposit(&consumer, 5 * UNIT).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::Credit(infermesh_kit::CreditError::InsufficientCredit {
            payee: consumer.clone(),
            credit: Uint128::new(5 * UNIT),
            amount: Uint128::new(5_102_041),
        }),
        |s| s.open_bill_from_credit(&consumer, 5_102_041, &args),
    );
    // A stranger cannot spend the consumer's credit: it spends its own (none).
    let stranger = w.suite.addr("stranger");
    let args_for_stranger = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::Credit(infermesh_kit::CreditError::InsufficientCredit {
            payee: stranger.clone(),
            credit: Uint128::zero(),
            amount: Uint128::new(UNIT),
        }),
        |s| s.open_bill_from_credit(&stranger, UNIT, &args_for_stranger),
    );
    // Too little for the quote is refused as for a Send, and the credit stays.
    w.suite.escrow_deposit(&consumer, 5 * UNIT).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::InsufficientEscrow {
            sent: Uint128::new(UNIT),
            required: Uint128::new(5_102_041),
        },
        |s| s.open_bill_from_credit(&consumer, UNIT, &args),
    );
    assert_eq!(w.suite.escrow_credit(&consumer), 10 * UNIT);
    let owner = w.suite.owner.clone();
    w.suite
        .escrow_execute(&owner, &ExecuteMsg::Pause {})
        .unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::Pause(infermesh_kit::PauseError::Paused {}),
        |s| s.escrow_deposit(&consumer, UNIT),
    );
    rejects(
        &mut w.suite,
        BillEscrowError::Pause(infermesh_kit::PauseError::Paused {}),
        |s| s.open_bill_from_credit(&consumer, 5_102_041, &args),
    );
}

/// Finding of the gas review: a jailed provider could complete its open bills with junk results
/// and leave each consumer to dispute. Without the consumer's acceptance it is refused; with it
/// (the consumer has the result and agreed to pay) the bill settles.
#[test]
fn a_jailed_provider_completes_only_what_its_consumers_accepted() {
    let mut w = world();
    let provider = w.provider.clone();
    let payer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&payer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let (junk, accepted) = (
        w.suite.open_bill(&payer, amount, &args).unwrap(),
        w.suite.open_bill(&payer, amount, &args).unwrap(),
    );
    let owner = w.suite.owner.clone();
    w.suite
        .staking_execute(
            &owner,
            &infermesh_types::staking::ExecuteMsg::Jail {
                operator: provider.to_string(),
                reason: "test".to_string(),
                duration_seconds: Some(DAY),
            },
        )
        .unwrap();
    let refused = w.suite.complete_bill(&provider, junk, 10, 100).unwrap_err();
    assert!(
        refused.root_cause().to_string().contains("jailed"),
        "{refused:?}"
    );
    w.suite
        .complete_batch(&provider, &payer, &[(accepted, 10, 100, true)])
        .unwrap();
    assert_eq!(w.suite.bill(accepted).status, BillStatus::Settled);
    assert_eq!(w.suite.bill(junk).status, BillStatus::Open);
}

/// Finding of the gas review: a batch reputation refused was lost, failures included. It now
/// waits again in the provider's record and goes with the next report.
#[test]
fn a_refused_report_waits_for_the_next_one() {
    let mut w = world();
    let provider = w.provider.clone();
    let consumer = w.consumer.clone();
    let owner = w.suite.owner.clone();
    let set_escrow = |escrow: &Addr| infermesh_types::reputation::ExecuteMsg::UpdateConfig {
        staking: None,
        escrow: Some(escrow.to_string()),
        params: None,
    };
    // Reputation names another escrow for a while: it refuses this escrow's reports.
    let elsewhere = w.suite.addr("elsewhere");
    w.suite
        .reputation_execute(&owner, &set_escrow(&elsewhere))
        .unwrap();
    // An at-fault refund reports its failure at once; reputation refuses it.
    let id = w.open_completed(100, 100);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    for v in w.validators.clone() {
        w.suite.resolve_vote(&v, id, true).unwrap();
    }
    w.suite.advance_time(VOTING);
    let r = w.suite.finalize_bill(&consumer, id).unwrap();
    assert_eq!(
        infermesh_testing::attribute(&r, "hook").as_deref(),
        Some("reputation")
    );
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 1);
    // Back to this escrow: anyone sends the batch, the failure is counted.
    let escrow = w.suite.bill_escrow.addr().clone();
    w.suite
        .reputation_execute(&owner, &set_escrow(&escrow))
        .unwrap();
    let anyone = w.suite.addr("anyone");
    w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    assert_eq!(w.suite.reputation_score(&provider).failures_30d, 1);
}

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut suite = Suite::new();
    let contract = suite.bill_escrow.addr().clone();
    crate::rows::x2_ownership_is_two_step::<BillEscrowError>(&mut suite, &contract);
}

#[test]
fn x10_migration_only_from_an_older_bill_escrow() {
    let mut suite = Suite::new();
    let contract = suite.bill_escrow.addr().clone();
    crate::rows::x10_migration_only_from_an_older_version::<BillEscrowError>(
        &mut suite,
        &contract,
        infermesh_bill_escrow::contract::CONTRACT_NAME,
    );
}

#[test]
fn x14_no_panics_in_bill_escrow() {
    crate::rows::x14_no_panics_in_the_contract_source("bill-escrow");
}

#[test]
fn x15_only_the_dao_migrates_bill_escrow() {
    let mut suite = Suite::new();
    let contract = suite.bill_escrow.addr().clone();
    crate::rows::x15_only_the_dao_is_wasm_admin(&mut suite, &contract);
}

/// Sets the block time to `time`, one block on.
fn at(suite: &mut Suite, time: Timestamp) {
    suite.app.update_block(|block| {
        block.time = time;
        block.height += 1;
    });
}

/// The error the chain's API gives for `bad` (a `StdError` is not `Clone`: one per use).
fn api_err(suite: &Suite, bad: &str) -> cosmwasm_std::StdError {
    use cosmwasm_std::Api;
    suite.app.api().addr_validate(bad).unwrap_err()
}

/// X3: the escrow's address inputs refuse every spelling `addr_validate` refuses: a provider
/// (staking, which the escrow asks, knows no such operator), a gateway, the operator of a report
/// and the owner's config addresses; the queries that take an address answer with an error.
#[test]
fn x3_bad_provider_gateway_operator_and_config_addresses_are_refused() {
    let mut w = world();
    let consumer = w.consumer.clone();
    w.suite.escrow_deposit(&consumer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let consent = w.suite.gateway_consent(&consumer, &args);
    let amount = Uint128::new(w.suite.escrow_required(&args));
    let owner = w.suite.owner.clone();
    let anyone = w.suite.addr("anyone");
    let escrow = w.suite.bill_escrow.addr().clone();
    for (bad, _) in crate::rows::bad_addresses(&w.suite) {
        let mut bill = args.open_bill(consent.clone());
        bill.provider = bad.clone();
        rejects(
            &mut w.suite,
            BillEscrowError::Operator(OperatorError::NotRegistered {
                operator: bad.clone(),
            }),
            |s| s.escrow_execute(&consumer, &ExecuteMsg::OpenBill { amount, bill }),
        );
        let mut bill = args.open_bill(consent.clone());
        bill.gateway = bad.clone();
        let refusal = BillEscrowError::Std(api_err(&w.suite, &bad));
        rejects(&mut w.suite, refusal, |s| {
            s.escrow_execute(&consumer, &ExecuteMsg::OpenBill { amount, bill })
        });
        let refusal = BillEscrowError::Std(api_err(&w.suite, &bad));
        rejects(&mut w.suite, refusal, |s| {
            s.escrow_execute(
                &anyone,
                &ExecuteMsg::ReportOutcomes {
                    provider: bad.clone(),
                },
            )
        });
        let update = ConfigUpdate {
            staking: None,
            reputation: None,
            treasury: Some(bad.clone()),
            distributor: None,
            arbiter: None,
            guardian: None,
        };
        let refusal = BillEscrowError::Std(api_err(&w.suite, &bad));
        rejects(&mut w.suite, refusal, |s| {
            s.escrow_execute(&owner, &ExecuteMsg::UpdateConfig(update))
        });
        for query in [
            QueryMsg::Credit {
                address: bad.clone(),
            },
            QueryMsg::SlaWindow {
                provider: bad.clone(),
            },
            QueryMsg::Bills {
                filter: Some(BillFilter::Provider(bad.clone())),
                start_after: None,
                limit: None,
            },
            QueryMsg::Bills {
                filter: Some(BillFilter::Consumer(bad.clone())),
                start_after: None,
                limit: None,
            },
        ] {
            let err = w
                .suite
                .app
                .wrap()
                .query_wasm_smart::<cosmwasm_std::Empty>(&escrow, &query)
                .unwrap_err();
            assert!(err.to_string().contains("Querier contract error"), "{err}");
        }
    }
    w.suite
        .open_bill_from_credit(&consumer, amount.u128(), &args)
        .unwrap();
}

/// X4: a batch naming one bill twice is refused whole, whether the first completion leaves it
/// completed or settles it: the second sees the state the first left, and nothing of the first
/// stays. The model classes, the only list among the parameters, refuse a repeated class.
#[test]
fn x4_a_batch_naming_a_bill_twice_is_refused_whole() {
    let mut w = world();
    let provider = w.provider.clone();
    let consumer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&consumer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let amount = w.suite.escrow_required(&args);
    let id = w.suite.open_bill(&consumer, amount, &args).unwrap();
    let other = w.suite.open_bill(&consumer, amount, &args).unwrap();
    for (accepted, status) in [(false, BillStatus::Completed), (true, BillStatus::Settled)] {
        rejects(
            &mut w.suite,
            BillEscrowError::WrongStatus {
                bill_id: id,
                status,
                action: "complete".to_string(),
            },
            |s| {
                s.complete_batch(
                    &provider,
                    &consumer,
                    &[
                        (id, 10, 100, accepted),
                        (other, 10, 100, false),
                        (id, 20, 100, accepted),
                    ],
                )
            },
        );
    }
    assert_eq!(w.suite.bill(id).status, BillStatus::Open);
    assert_eq!(w.suite.bill(other).status, BillStatus::Open);
    w.suite
        .complete_batch(
            &provider,
            &consumer,
            &[(id, 10, 100, false), (other, 10, 100, false)],
        )
        .unwrap();

    let mut params = w.suite.escrow_params();
    params.model_classes[1] = params.model_classes[0].clone();
    let owner = w.suite.owner.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::Validation(infermesh_kit::ValidationError::InvalidParams {
            reason: "model_classes must list small, medium, large, exclusive once, in that order"
                .to_string(),
        }),
        |s| s.escrow_execute(&owner, &ExecuteMsg::EmergencyUpdateParams { params }),
    );
}

/// X6: the largest amounts, unit counts and times are refused by name, never wrapped: a bill of
/// `Uint128::MAX` units (its price does not fit), a credit spend of `Uint128::MAX`, a deadline
/// at the largest time, a completion of `Uint128::MAX` units or of `u64::MAX` milliseconds.
#[test]
fn x6_maximal_units_amounts_deadlines_and_latencies_are_refused() {
    let mut w = world();
    let consumer = w.consumer.clone();
    w.suite.escrow_deposit(&consumer, 1_000 * UNIT).unwrap();
    let credit = Uint128::new(w.suite.escrow_credit(&consumer));

    let mut args = w.args();
    args.max_units = u128::MAX;
    let quote = w.suite.escrow_query::<QuoteResponse>(&QueryMsg::Quote {
        model_class: args.model_class,
        latency_class: args.latency_class,
        units: Uint128::MAX,
    });
    assert!(quote.is_err(), "{quote:?}");
    rejects(
        &mut w.suite,
        BillEscrowError::MultiplyFraction(CheckedMultiplyFractionError::Overflow(
            OverflowError::new(OverflowOperation::Mul),
        )),
        |s| s.open_bill_from_credit(&consumer, credit.u128(), &args),
    );

    let args = w.args();
    rejects(
        &mut w.suite,
        BillEscrowError::Credit(infermesh_kit::CreditError::InsufficientCredit {
            payee: consumer.clone(),
            credit,
            amount: Uint128::MAX,
        }),
        |s| s.open_bill_from_credit(&consumer, u128::MAX, &args),
    );

    let mut args = w.args();
    args.deadline = Timestamp::from_nanos(u64::MAX);
    let latest = w
        .suite
        .now()
        .plus_seconds(w.suite.escrow_params().max_deadline_seconds);
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlineTooFar {
            deadline: args.deadline,
            latest,
        },
        |s| s.open_bill_from_credit(&consumer, 10 * UNIT, &args),
    );

    let id = w.open();
    let provider = w.provider.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::UnitsAboveMax {
            units: Uint128::MAX,
            max_units: Uint128::new(100),
        },
        |s| s.complete_bill(&provider, id, u128::MAX, 100),
    );
    // The slowest answer there is only loses the latency premium.
    w.suite.complete_bill(&provider, id, 100, u64::MAX).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Completed);
}

/// X13: bill pages stop at 30 whatever the limit asked; a start after the last bill, or after
/// an id that was never used, pages on without an error.
#[test]
fn x13_bill_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut w = world();
    let ids: Vec<u64> = (0..31).map(|_| w.open()).collect();
    let page = |s: &Suite, filter: Option<BillFilter>, start_after: Option<u64>| -> Vec<u64> {
        let response: BillsResponse = s
            .escrow_query(&QueryMsg::Bills {
                filter,
                start_after,
                limit: Some(u32::MAX),
            })
            .unwrap();
        response.bills.iter().map(|bill| bill.id).collect()
    };
    let by_provider = Some(BillFilter::Provider(w.provider.to_string()));
    let by_consumer = Some(BillFilter::Consumer(w.consumer.to_string()));
    for filter in [None, by_provider, by_consumer] {
        let first = page(&w.suite, filter.clone(), None);
        assert_eq!(first.len(), 30, "{filter:?}");
        let mut all = first.clone();
        all.extend(page(&w.suite, filter.clone(), first.last().copied()));
        all.sort();
        assert_eq!(all, ids, "{filter:?}");
        // Bill 0 was never opened: the page starts at the first bill.
        assert_eq!(page(&w.suite, filter.clone(), Some(0)), ids[..30].to_vec());
        for start in [ids[30], ids[30] + 1, u64::MAX] {
            assert_eq!(
                page(&w.suite, filter.clone(), Some(start)),
                Vec::<u64>::new()
            );
        }
    }
}

/// E4 (docs/bill-escrow.md §4-8): each time limit at its own second and a second either side.
/// A deadline must lie after now and by `now + max_deadline_seconds`, both ends inclusive of
/// the allowed side; a provider completes up to the deadline second inclusive; a refund comes
/// from the second after it; a dispute is in time until the second before the challenge window
/// ends, and the bill finalizes from that second on.
#[test]
fn e4_each_deadline_at_its_second_and_either_side() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let provider = w.provider.clone();
    let anyone = w.suite.addr("anyone");
    let max = w.suite.escrow_params().max_deadline_seconds;
    let now = w.suite.now();
    let latest = now.plus_seconds(max);

    let mut args = w.args();
    args.deadline = latest.plus_seconds(1);
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlineTooFar {
            deadline: args.deadline,
            latest,
        },
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    args.deadline = latest;
    let far = w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();
    args.deadline = now.plus_seconds(1);
    let near = w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();
    args.deadline = now.plus_seconds(2);
    let timed_out = w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();

    // The deadline's own second: still the provider's; no refund yet.
    let deadline = now.plus_seconds(1);
    at(&mut w.suite, deadline);
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlineNotReached {
            bill_id: near,
            deadline,
            now: deadline,
        },
        |s| s.refund_timeout(&consumer, near),
    );
    w.suite.complete_bill(&provider, near, 10, 100).unwrap();
    // A second after its deadline: no completion, and the refund is due.
    let deadline = now.plus_seconds(2);
    at(&mut w.suite, deadline.plus_seconds(1));
    rejects(
        &mut w.suite,
        BillEscrowError::DeadlinePassed {
            bill_id: timed_out,
            deadline,
        },
        |s| s.complete_bill(&provider, timed_out, 10, 100),
    );
    w.suite.refund_timeout(&consumer, timed_out).unwrap();
    assert_eq!(w.suite.bill(timed_out).status, BillStatus::TimedOut);

    // The challenge window of the completed bill.
    let ends_at = w.suite.bill(near).completion.unwrap().challenge_ends_at;
    at(&mut w.suite, ends_at.minus_seconds(1));
    rejects(
        &mut w.suite,
        BillEscrowError::ChallengeWindowOpen {
            bill_id: near,
            ends_at,
        },
        |s| s.finalize_bill(&anyone, near),
    );
    w.suite.complete_bill(&provider, far, 10, 100).unwrap();
    let far_ends = w.suite.bill(far).completion.unwrap().challenge_ends_at;
    at(&mut w.suite, ends_at);
    rejects(
        &mut w.suite,
        BillEscrowError::ChallengeWindowClosed {
            bill_id: near,
            ended_at: ends_at,
        },
        |s| s.dispute_bill(&consumer, near, 100 * UNIT),
    );
    w.suite.finalize_bill(&anyone, near).unwrap();
    assert_eq!(w.suite.bill(near).status, BillStatus::Settled);
    // The other bill's window, a second before it closes: a dispute is still in time.
    at(&mut w.suite, far_ends.minus_seconds(1));
    w.suite.dispute_bill(&consumer, far, 100 * UNIT).unwrap();
    assert_eq!(w.suite.bill(far).status, BillStatus::Disputed);
}
