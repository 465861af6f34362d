//! Bill escrow on the full suite: real cw20 Sends, burns and transfers, staking slashes,
//! reputation reports. Attacks and bad inputs are in `bill_escrow_adversarial`.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_kit::PauseError;
use infermesh_types::bill_escrow::{
    BillStatus, ExecuteMsg, LatencyClass, ModelClass, QueryMsg, Verdict,
};
use infermesh_types::staking::{Role, SlashClass, Tier};

use crate::fixtures::{evidence, rejects, world, DAY, UNIT, VOTING};
use infermesh_types::bill_escrow::BillFilter;

// ---------------------------------------------------------------- positive flows

#[test]
fn open_complete_accept_pays_the_exact_split() {
    let mut w = world();
    let args = w.args();
    let quote = w
        .suite
        .quote(ModelClass::Small, LatencyClass::Standard, 100);
    // 100 units × 0.05 token = 5 tokens; the escrow must also carry the 2% fee.
    assert_eq!(quote.cost.total, Uint128::new(5 * UNIT));
    assert_eq!(quote.escrow_required, Uint128::new(5_102_041));
    assert_eq!(quote.network_fee, Uint128::new(102_041));

    let supply = w.suite.token_info().total_supply;
    let treasury0 = w.suite.paid_to(&w.treasury);
    let consumer0 = w.suite.paid_to(&w.consumer);
    let id = w
        .suite
        .open_bill(&w.consumer.clone(), 5_102_041, &args)
        .unwrap();
    // Half the fee to burn (rounded down), with the next withdrawal; the rest owed to the
    // treasury. Opening moves no token beyond the consumer's Send.
    assert_eq!(w.suite.token_info().total_supply, supply);
    assert_eq!(w.suite.paid_to(&w.treasury), treasury0 + 51_021);
    let escrow = w.suite.bill_escrow.addr().clone();
    // It holds the escrow, the treasury's fee half and the half to burn.
    assert_eq!(w.suite.balance(&escrow), 5_102_041);
    let totals = w.suite.escrow_totals();
    assert_eq!(totals.credits, Uint128::zero());
    assert_eq!(totals.treasury_fees, Uint128::new(51_021));
    assert_eq!(totals.burn_pending, Uint128::new(51_020));
    assert_eq!(totals.fees_burned, Uint128::new(51_020));
    assert_eq!(totals.open_bills, Uint128::new(5 * UNIT));

    let provider = w.provider.clone();
    w.suite.complete_bill(&provider, id, 60, 120).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Completed);
    let consumer = w.consumer.clone();
    w.suite.accept_bill(&consumer, id).unwrap();

    // Charged 3 tokens. Silver: 10% of the 5% + 5% protocol cut moves to the provider.
    let bill = w.suite.bill(id);
    assert_eq!(bill.status, BillStatus::Settled);
    let settlement = bill.settlement.unwrap();
    assert_eq!(settlement.charged, Uint128::new(3 * UNIT));
    assert_eq!(settlement.split.provider, Uint128::new(2_430_000));
    assert_eq!(settlement.split.gateway, Uint128::new(300_000));
    assert_eq!(settlement.split.treasury, Uint128::new(135_000));
    assert_eq!(settlement.split.governance, Uint128::new(135_000));
    assert_eq!(settlement.split.total(), settlement.charged);
    assert_eq!(settlement.refunded, Uint128::new(2 * UNIT));
    assert_eq!(w.suite.paid_to(&provider), 2_430_000);
    assert_eq!(w.suite.paid_to(&w.gateway), 300_000);
    // No distributor yet: the governance share goes to the treasury too.
    assert_eq!(w.suite.paid_to(&w.treasury), treasury0 + 51_021 + 270_000);
    assert_eq!(w.suite.paid_to(&consumer), consumer0 - 5_102_041 + 2 * UNIT);
    // Payees are credited; each withdraws everything it is owed in one transfer.
    assert_eq!(w.suite.balance(&provider), 0);
    assert_eq!(w.suite.escrow_credit(&provider), 2_430_000);
    let response = w.suite.escrow_withdraw(&provider).unwrap();
    assert_eq!(w.suite.balance(&provider), 2_430_000);
    // The fee half pending burning went with the first withdrawal.
    assert_eq!(
        infermesh_testing::attribute(&response, "burned").as_deref(),
        Some("51020")
    );
    assert_eq!(
        w.suite.token_info().total_supply,
        supply - Uint128::new(51_020)
    );
    for payee in [w.gateway.clone(), w.treasury.clone(), consumer.clone()] {
        w.suite.escrow_withdraw(&payee).unwrap();
    }
    assert_eq!(w.suite.balance(&escrow), 0);
    let totals = w.suite.escrow_totals();
    assert_eq!(totals.credits, Uint128::zero());
    assert_eq!(totals.treasury_fees + totals.pool_fees, Uint128::zero());
    assert_eq!(totals.burn_pending, Uint128::zero());
    rejects(
        &mut w.suite,
        BillEscrowError::Credit(infermesh_kit::CreditError::NothingToWithdraw {
            payee: provider.clone(),
        }),
        |s| s.escrow_withdraw(&provider),
    );
    assert_eq!(w.suite.escrow_totals().open_bills, Uint128::zero());

    // The success waits in the provider's record for its batch to reputation; anyone sends it.
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 1);
    assert_eq!(w.suite.reputation_score(&provider).successes_30d, 0);
    let anyone = w.suite.addr("anyone");
    w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    let score = w.suite.reputation_score(&provider);
    assert_eq!(
        (score.successes_30d, score.value_30d),
        (1, Uint128::new(3 * UNIT))
    );
    rejects(
        &mut w.suite,
        BillEscrowError::NothingToReport {
            provider: provider.clone(),
        },
        |s| s.report_escrow_outcomes(&anyone, &provider),
    );
    // The consumer may rate the settled bill (reputation reads it from the escrow).
    w.suite.rate_bill(&consumer, id, 5).unwrap();
    // Accepting twice is refused.
    rejects(
        &mut w.suite,
        BillEscrowError::WrongStatus {
            bill_id: id,
            status: BillStatus::Settled,
            action: "accept".to_string(),
        },
        |s| s.accept_bill(&consumer, id),
    );
}

/// A job in two transactions (docs/bill-escrow.md §5): the consumer received the result
/// off-chain and signed its acceptance of the completion; the provider's `Complete` carries it
/// and the bill settles at once, exactly as an accepted bill, with no challenge window.
#[test]
fn a_job_in_two_transactions_settles_on_the_signed_acceptance() {
    let mut w = world();
    let payer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&payer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let id = w.suite.open_bill(&payer, 5_102_041, &args).unwrap();
    let provider = w.provider.clone();
    let provider0 = w.suite.paid_to(&provider);
    let acceptance = w.suite.consumer_acceptance(&payer, id, 60, 120);
    let r = w
        .suite
        .complete_accepted_bill(&provider, id, 60, 120, acceptance)
        .unwrap();
    assert_eq!(
        infermesh_testing::attribute(&r, "action").as_deref(),
        Some("complete_accepted_bill")
    );
    let bill = w.suite.bill(id);
    assert_eq!(bill.status, BillStatus::Settled);
    let settlement = bill.settlement.unwrap();
    assert_eq!(settlement.charged, Uint128::new(3 * UNIT));
    assert_eq!(
        w.suite.paid_to(&provider),
        provider0 + settlement.split.provider.u128()
    );
    // Counted, not yet reported: a settlement calls no other contract.
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 1);
    assert_eq!(
        w.suite.bills_by_status(BillStatus::Completed),
        vec![],
        "never stored as completed"
    );
    assert_eq!(w.suite.escrow_totals().open_bills, Uint128::zero());
}

#[test]
fn missed_latency_target_refunds_the_premium() {
    let mut w = world();
    let mut args = w.args();
    args.latency_class = LatencyClass::Realtime; // target 200 ms, +30%
    let amount = w.suite.escrow_required(&args);
    let id = w
        .suite
        .open_bill(&w.consumer.clone(), amount, &args)
        .unwrap();
    let provider = w.provider.clone();
    w.suite.complete_bill(&provider, id, 100, 250).unwrap();
    w.suite.advance_time(DAY);
    let anyone = w.suite.addr("anyone");
    w.suite.finalize_bill(&anyone, id).unwrap();
    let s = w.suite.bill(id).settlement.unwrap();
    assert!(s.premium_forfeited);
    assert_eq!(s.charged, Uint128::new(5 * UNIT));
    assert_eq!(s.refunded, Uint128::new(1_500_000));
    // 250 ms is not above 2 × 150 ms: no SLA slash.
    assert!(evidence(&w.suite, &format!("sla-{id}")).is_none());
}

#[test]
fn latency_met_charges_the_premium_and_sla_breach_slashes_minor() {
    let mut w = world();
    let mut args = w.args();
    args.latency_class = LatencyClass::Fast; // target 1000 ms, +15%
    let amount = w.suite.escrow_required(&args);
    let id = w
        .suite
        .open_bill(&w.consumer.clone(), amount, &args)
        .unwrap();
    let provider = w.provider.clone();
    // 400 ms meets the class target but exceeds twice the advertised 150 ms.
    w.suite.complete_bill(&provider, id, 100, 400).unwrap();
    let consumer = w.consumer.clone();
    w.suite.accept_bill(&consumer, id).unwrap();
    let s = w.suite.bill(id).settlement.unwrap();
    assert!(!s.premium_forfeited);
    assert_eq!(s.charged, Uint128::new(5_750_000));
    let record = evidence(&w.suite, &format!("sla-{id}")).expect("SLA slash");
    assert_eq!(record.requested_class, SlashClass::Minor);
    assert_eq!(record.requested_fraction, Decimal::percent(1));
    assert_eq!(record.slasher, *w.suite.bill_escrow.addr());
}

fn hook_failed(response: &infermesh_testing::AppResponse) -> bool {
    response.events.iter().any(|e| {
        e.attributes
            .iter()
            .any(|a| a.key == "action" && a.value == "hook_failed")
    })
}

/// docs/bill-escrow.md §9: "success < 95% over 24 h" is a minor SLA breach. Two timeouts among 20 jobs
/// (90%) slash once, with evidence `sla-success-<provider>-<day>`; more jobs that day do not
/// slash again; the window forgets after 24 h.
#[test]
fn success_below_95_percent_over_24h_slashes_minor_once_per_day() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let provider = w.provider.clone();
    let anyone = w.suite.addr("anyone");
    for _ in 0..2 {
        let mut args = w.args();
        args.deadline = w.suite.now().plus_seconds(60);
        let amount = w.suite.escrow_required(&args);
        let id = w.suite.open_bill(&consumer, amount, &args).unwrap();
        w.suite.advance_time(61);
        w.suite.refund_timeout_with_receipt(&anyone, id).unwrap();
    }
    let ids: Vec<u64> = (0..20).map(|_| w.open_completed(100, 100)).collect();
    for id in &ids[..17] {
        let r = w.suite.accept_bill(&consumer, *id).unwrap();
        assert!(!hook_failed(&r));
    }
    let window = w.suite.sla_window(&provider);
    assert_eq!((window.successes, window.jobs), (17, 19));
    assert_eq!(window.last_breach_day, None);
    let day = w.suite.now().seconds() / DAY;
    let evidence_id = format!("sla-success-{provider}-{day}");
    assert!(
        evidence(&w.suite, &evidence_id).is_none(),
        "19 jobs: not judged yet"
    );

    // The 20th job: 18 / 20 = 90% < 95%.
    let r = w.suite.accept_bill(&consumer, ids[17]).unwrap();
    assert!(!hook_failed(&r));
    let record = evidence(&w.suite, &evidence_id).expect("success-rate SLA slash");
    assert_eq!(record.requested_class, SlashClass::Minor);
    assert_eq!(record.requested_fraction, Decimal::percent(1));
    assert_eq!(record.slasher, *w.suite.bill_escrow.addr());
    assert_eq!(record.infraction_time, Some(w.suite.now()));
    let window = w.suite.sla_window(&provider);
    assert_eq!((window.successes, window.jobs), (18, 20));
    assert_eq!(window.success_rate, Some(Decimal::percent(90)));
    assert_eq!((window.day, window.last_breach_day), (day, Some(day)));

    // Still below 95% the same day: no second slash (and no failing hook).
    let burned = w.suite.staking_totals().burned;
    for id in &ids[18..] {
        let r = w.suite.accept_bill(&consumer, *id).unwrap();
        assert!(!hook_failed(&r));
    }
    assert_eq!(w.suite.staking_totals().burned, burned);
    assert_eq!(w.suite.sla_window(&provider).jobs, 22);

    // After 24 h the window is empty again.
    w.suite.advance_time(DAY);
    let window = w.suite.sla_window(&provider);
    assert_eq!(
        (window.successes, window.jobs, window.success_rate),
        (0, 0, None)
    );
}

/// 19 successes and one failure is exactly 95%: no breach.
#[test]
fn success_at_95_percent_is_no_breach() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let provider = w.provider.clone();
    let owner = w.suite.owner.clone();
    let disputed = w.open_completed(100, 100);
    w.suite
        .dispute_bill(&consumer, disputed, 100 * UNIT)
        .unwrap();
    w.suite.advance_time(VOTING);
    w.suite
        .resolve_bill(
            &owner,
            disputed,
            Verdict::ProviderAtFault {
                class: SlashClass::Minor,
                fraction: Decimal::percent(1),
            },
        )
        .unwrap();
    // The at-fault slash jailed the provider; it serves again after the jail.
    w.suite.advance_time(7 * DAY);
    w.suite.unjail(&provider).unwrap();
    // A week later the failure has left the 24-hour window.
    assert_eq!(w.suite.sla_window(&provider).jobs, 0);
    let mut args = w.args();
    args.deadline = w.suite.now().plus_seconds(60);
    let amount = w.suite.escrow_required(&args);
    let id = w.suite.open_bill(&consumer, amount, &args).unwrap();
    w.suite.advance_time(61);
    w.suite.refund_timeout_with_receipt(&owner, id).unwrap();
    for _ in 0..19 {
        let id = w.open_completed(100, 100);
        w.suite.accept_bill(&consumer, id).unwrap();
    }
    let window = w.suite.sla_window(&provider);
    assert_eq!((window.successes, window.jobs), (19, 20));
    assert_eq!(window.success_rate, Some(Decimal::percent(95)));
    assert_eq!(window.last_breach_day, None);
}

#[test]
fn timeout_refunds_the_escrow_but_keeps_the_fee() {
    let mut w = world();
    let consumer0 = w.suite.paid_to(&w.consumer);
    let id = w.open();
    w.suite.advance_time(DAY + 1);
    let anyone = w.suite.addr("anyone");
    w.suite.refund_timeout_with_receipt(&anyone, id).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::TimedOut);
    assert_eq!(w.suite.paid_to(&w.consumer), consumer0 - 102_041);
    // An acknowledged timeout is reported at once.
    let provider = w.provider.clone();
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    let score = w.suite.reputation_score(&provider);
    assert_eq!((score.timeouts_30d, score.jobs_30d), (1, 1));
    // A completion after the deadline is too late, and a second refund is refused.
    rejects(
        &mut w.suite,
        BillEscrowError::WrongStatus {
            bill_id: id,
            status: BillStatus::TimedOut,
            action: "refund".to_string(),
        },
        |s| s.refund_timeout(&anyone, id),
    );
}

/// Validators vote with their bonded stake at the opening height; after the voting period a
/// quorate majority of stake decides (docs/bill-escrow.md §6): here two of the world's three
/// 10,000-token validators (20,000 of 30,000) against one.
#[test]
fn validator_stake_majority_finds_the_provider_at_fault() {
    let mut w = world();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    let consumer0 = w.suite.paid_to(&consumer);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Disputed);
    assert_eq!(
        w.suite.escrow_totals().dispute_bonds,
        Uint128::new(100 * UNIT)
    );
    let dispute = w.suite.bill(id).dispute.expect("dispute");
    assert_eq!(dispute.validator_stake, Uint128::new(30_000 * UNIT));
    assert_eq!(dispute.voting_ends_at, w.suite.now().plus_seconds(VOTING));
    let vs = w.validators.clone();
    w.suite.resolve_vote(&vs[0], id, true).unwrap();
    rejects(
        &mut w.suite,
        BillEscrowError::AlreadyVoted {
            validator: vs[0].clone(),
            bill_id: id,
        },
        |s| s.resolve_vote(&vs[0], id, true),
    );
    w.suite.resolve_vote(&vs[1], id, false).unwrap();
    w.suite.resolve_vote(&vs[2], id, true).unwrap();
    let dispute = w.suite.bill(id).dispute.expect("dispute");
    assert_eq!(
        (dispute.fault_stake, dispute.no_fault_stake),
        (Uint128::new(20_000 * UNIT), Uint128::new(10_000 * UNIT))
    );
    // No verdict while the vote runs, whatever the tally.
    let anyone = w.suite.addr("anyone");
    rejects(
        &mut w.suite,
        BillEscrowError::VotingOpen {
            bill_id: id,
            ends_at: dispute.voting_ends_at,
        },
        |s| s.finalize_bill(&anyone, id),
    );
    w.suite.advance_time(VOTING);
    rejects(
        &mut w.suite,
        BillEscrowError::VotingClosed {
            bill_id: id,
            ended_at: dispute.voting_ends_at,
        },
        |s| s.resolve_vote(&vs[1], id, true),
    );
    let owner = w.suite.owner.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::ValidatorsDecided { bill_id: id },
        |s| s.resolve_bill(&owner, id, Verdict::ConsumerWrong {}),
    );
    let r = w.suite.finalize_bill(&anyone, id).unwrap();
    assert_eq!(
        infermesh_testing::attribute(&r, "resolved_by").as_deref(),
        Some("validators")
    );

    let bill = w.suite.bill(id);
    assert_eq!(bill.status, BillStatus::Refunded);
    assert_eq!(w.suite.paid_to(&consumer), consumer0 + 5 * UNIT);
    let record = evidence(&w.suite, &format!("bill-{id}")).expect("slashed");
    assert_eq!(record.requested_class, SlashClass::Major);
    assert_eq!(record.infraction_time, Some(bill.opened_at));
    // A failure is reported at once.
    let score = w.suite.reputation_score(&w.provider);
    assert_eq!((score.failures_30d, score.jobs_30d), (1, 1));
    assert_eq!(w.suite.paid_to(&w.provider), 0);
    let totals = w.suite.escrow_totals();
    assert_eq!(totals.dispute_bonds, Uint128::zero());
    assert_eq!(totals.open_bills, Uint128::zero());
}

#[test]
fn arbiter_finds_the_consumer_wrong_and_the_bond_goes_to_the_provider() {
    let mut w = world();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.dispute_bill(&consumer, id, 150 * UNIT).unwrap();
    let mallory = w.suite.addr("mallory");
    rejects(
        &mut w.suite,
        BillEscrowError::NotArbiter {
            sender: mallory.clone(),
        },
        |s| s.resolve_bill(&mallory, id, Verdict::ConsumerWrong {}),
    );
    let owner = w.suite.owner.clone();
    let ends_at = w.suite.now().plus_seconds(VOTING);
    rejects(
        &mut w.suite,
        BillEscrowError::VotingOpen {
            bill_id: id,
            ends_at,
        },
        |s| s.resolve_bill(&owner, id, Verdict::ConsumerWrong {}),
    );
    // Nobody voted: after the voting period the arbiter decides.
    w.suite.advance_time(VOTING);
    rejects(
        &mut w.suite,
        BillEscrowError::InvalidSlash {
            class: SlashClass::Minor,
            fraction: Decimal::percent(10),
            min: Decimal::percent(1),
            max: Decimal::percent(5),
        },
        |s| {
            s.resolve_bill(
                &owner,
                id,
                Verdict::ProviderAtFault {
                    class: SlashClass::Minor,
                    fraction: Decimal::percent(10),
                },
            )
        },
    );
    w.suite
        .resolve_bill(&owner, id, Verdict::ConsumerWrong {})
        .unwrap();
    let bill = w.suite.bill(id);
    assert_eq!(bill.status, BillStatus::Settled);
    assert_eq!(bill.verdict, Some(Verdict::ConsumerWrong {}));
    // 80% + discount of 5 tokens, plus the 150-token bond.
    assert_eq!(w.suite.paid_to(&w.provider), 4_050_000 + 150 * UNIT);
    assert!(evidence(&w.suite, &format!("bill-{id}")).is_none());
}

#[test]
fn unresolved_dispute_finalizes_after_the_timeout_and_returns_the_bond() {
    let mut w = world();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    let before = w.suite.paid_to(&consumer);
    let anyone = w.suite.addr("anyone");
    let until = w.suite.now().plus_seconds(14 * DAY);
    // Voting ended without a quorum: the dispute awaits the arbiter until the timeout.
    w.suite.advance_time(VOTING);
    rejects(
        &mut w.suite,
        BillEscrowError::DisputeUnresolved { bill_id: id, until },
        |s| s.finalize_bill(&anyone, id),
    );
    w.suite.advance_time(14 * DAY - VOTING);
    w.suite.finalize_bill(&anyone, id).unwrap();
    assert_eq!(w.suite.bill(id).status, BillStatus::Settled);
    assert_eq!(w.suite.paid_to(&consumer), before + 100 * UNIT);
}

/// The arbiter's last moment: a verdict just before the 14-day dispute timeout still slashes
/// (infraction at the bill's opening, inside staking's unbonding period); one at the timeout is
/// refused, and the bill finalizes with the bond returned instead.
#[test]
fn a_verdict_at_the_end_of_the_dispute_still_slashes_the_provider() {
    let mut w = world();
    let late = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.dispute_bill(&consumer, late, 100 * UNIT).unwrap();
    let timeout = w.suite.now().plus_seconds(14 * DAY);
    w.suite.advance_time(14 * DAY);
    let owner = w.suite.owner.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::DisputeTimedOut {
            bill_id: late,
            ended_at: timeout,
        },
        |s| s.resolve_bill(&owner, late, Verdict::ConsumerWrong {}),
    );
    w.suite.finalize_bill(&owner, late).unwrap();
    assert_eq!(w.suite.bill(late).status, BillStatus::Settled);

    let id = w.open_completed(100, 100);
    w.suite.dispute_bill(&consumer, id, 100 * UNIT).unwrap();
    w.suite.advance_time(14 * DAY - 1);
    let response = w
        .suite
        .resolve_bill(
            &owner,
            id,
            Verdict::ProviderAtFault {
                class: SlashClass::Major,
                fraction: Decimal::percent(10),
            },
        )
        .unwrap();
    assert!(
        !response.events.iter().any(|e| e
            .attributes
            .iter()
            .any(|a| a.key == "action" && a.value == "hook_failed")),
        "no hook may fail: {response:?}"
    );
    let record = evidence(&w.suite, &format!("bill-{id}")).expect("slashed");
    // Silver caps the slash at 10% of the 50,000-token self-bond.
    assert_eq!(record.burned, Uint128::new(5_000 * UNIT));
    assert_eq!(
        w.suite.operator_status(&w.provider).self_bond,
        Uint128::new(45_000 * UNIT)
    );
}

#[test]
fn large_models_need_silver_and_exclusive_need_platinum() {
    let mut w = world();
    let bronze = w.suite.addr("bronze");
    w.suite
        .ready_operator(&bronze, Role::Provider, 10_000 * UNIT);
    let mut args = w.suite.bill_args(&bronze, &w.gateway);
    args.model_class = ModelClass::Large;
    let amount = w.suite.escrow_required(&args);
    let consumer = w.consumer.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::TierTooLow {
            provider: bronze.clone(),
            model_class: ModelClass::Large,
            tier: Some(Tier::Bronze),
            required: Some(Tier::Silver),
        },
        |s| s.open_bill(&consumer, amount, &args),
    );
    // The Silver provider may serve large models, but not exclusive ones.
    let mut args = w.args();
    args.model_class = ModelClass::Large;
    let amount = w.suite.escrow_required(&args);
    w.suite.open_bill(&consumer, amount, &args).unwrap();
    args.model_class = ModelClass::Exclusive;
    let amount = w.suite.escrow_required(&args);
    rejects(
        &mut w.suite,
        BillEscrowError::TierTooLow {
            provider: w.provider.clone(),
            model_class: ModelClass::Exclusive,
            tier: Some(Tier::Silver),
            required: Some(Tier::Platinum),
        },
        |s| s.open_bill(&consumer, amount, &args),
    );
}

#[test]
fn pause_stops_new_bills_but_not_what_is_owed() {
    let mut w = world();
    let id = w.open_completed(10, 100);
    let owner = w.suite.owner.clone();
    w.suite
        .escrow_execute(&owner, &ExecuteMsg::Pause {})
        .unwrap();
    let args = w.args();
    let consumer = w.consumer.clone();
    rejects(
        &mut w.suite,
        BillEscrowError::Pause(PauseError::Paused {}),
        |s| s.open_bill(&consumer, 10 * UNIT, &args),
    );
    // Settling keeps working.
    w.suite.accept_bill(&consumer, id).unwrap();
    w.suite
        .escrow_execute(&owner, &ExecuteMsg::Unpause {})
        .unwrap();
    w.suite.open_bill(&consumer, 10 * UNIT, &args).unwrap();
}

#[test]
fn bills_are_listed_by_consumer_provider_and_status() {
    let mut w = world();
    let ids: Vec<u64> = (0..4).map(|_| w.open()).collect();
    let provider = w.provider.clone();
    w.suite.complete_bill(&provider, ids[1], 5, 100).unwrap();
    w.suite.complete_bill(&provider, ids[3], 5, 100).unwrap();
    // Bills awaiting a finalization or a verdict are listed by status; an accepted one leaves.
    let completed = w.suite.bills_by_status(BillStatus::Completed);
    assert_eq!(
        completed.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![ids[1], ids[3]]
    );
    let consumer = w.consumer.clone();
    w.suite.accept_bill(&consumer, ids[1]).unwrap();
    let completed = w.suite.bills_by_status(BillStatus::Completed);
    assert_eq!(
        completed.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![ids[3]]
    );
    // Open and closed bills are listed by party only.
    for status in [BillStatus::Open, BillStatus::Settled, BillStatus::TimedOut] {
        let err = w
            .suite
            .escrow_query::<infermesh_types::bill_escrow::BillsResponse>(&QueryMsg::Bills {
                filter: Some(BillFilter::Status(status)),
                start_after: None,
                limit: None,
            })
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("{status:?} bills are not listed by status")),
            "{err}"
        );
    }
    let page: infermesh_types::bill_escrow::BillsResponse = w
        .suite
        .escrow_query(&QueryMsg::Bills {
            filter: Some(BillFilter::Consumer(w.consumer.to_string())),
            start_after: Some(ids[0]),
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(
        page.bills.iter().map(|b| b.id).collect::<Vec<_>>(),
        vec![ids[1], ids[2]]
    );
    let page: infermesh_types::bill_escrow::BillsResponse = w
        .suite
        .escrow_query(&QueryMsg::Bills {
            filter: Some(BillFilter::Provider(provider.to_string())),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(page.bills.len(), 4);
}

/// Pause stops new bills, never exits: payees withdraw their credits while the escrow is paused.
#[test]
fn credits_are_withdrawn_while_paused() {
    let mut w = world();
    let id = w.open_completed(100, 100);
    let consumer = w.consumer.clone();
    w.suite.accept_bill(&consumer, id).unwrap();
    let owner = w.suite.owner.clone();
    w.suite
        .escrow_execute(&owner, &infermesh_types::bill_escrow::ExecuteMsg::Pause {})
        .unwrap();
    let provider = w.provider.clone();
    let credit = w.suite.escrow_credit(&provider);
    assert!(credit > 0);
    w.suite.escrow_withdraw(&provider).unwrap();
    assert_eq!(w.suite.balance(&provider), credit);
}

/// `CompleteBatch` (docs/bill-escrow.md §5): one transaction settles several accepted bills and
/// starts the window of an unaccepted one; each pays exactly what it would alone.
#[test]
fn a_batch_settles_accepted_bills_and_starts_the_window_of_the_others() {
    let mut w = world();
    let payer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&payer, 1_000 * UNIT).unwrap();
    let args = w.args();
    let ids: Vec<u64> = (0..4)
        .map(|_| w.suite.open_bill(&payer, 5_102_041, &args).unwrap())
        .collect();
    let provider = w.provider.clone();
    let r = w
        .suite
        .complete_batch(
            &provider,
            &payer,
            &[
                (ids[0], 60, 120, true),
                (ids[1], 100, 120, true),
                (ids[2], 1, 120, true),
                (ids[3], 60, 120, false),
            ],
        )
        .unwrap();
    for &id in &ids[..3] {
        assert_eq!(w.suite.bill(id).status, BillStatus::Settled);
    }
    assert_eq!(w.suite.bill(ids[3]).status, BillStatus::Completed);
    // 60 + 100 + 1 units at 0.05 token; the Silver provider keeps 81 % of each charge.
    let charged: u128 = ids[..3]
        .iter()
        .map(|&id| w.suite.bill(id).settlement.unwrap().charged.u128())
        .sum();
    assert_eq!(charged, 3 * UNIT + 5 * UNIT + UNIT / 20);
    let provider_share: u128 = ids[..3]
        .iter()
        .map(|&id| w.suite.bill(id).settlement.unwrap().split.provider.u128())
        .sum();
    assert_eq!(w.suite.escrow_credit(&provider), provider_share);
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 3);
    assert_eq!(
        r.events
            .iter()
            .flat_map(|e| &e.attributes)
            .filter(|a| a.key == "action" && a.value == "complete_accepted_bill")
            .count(),
        3
    );
}

/// Successes reach reputation in one batch once the oldest unreported one is
/// `report_interval_seconds` old, at the provider's next closing; with an interval of 0 every
/// job is reported at once.
#[test]
fn successes_are_reported_in_batches_after_the_interval() {
    let mut w = world();
    let provider = w.provider.clone();
    let consumer = w.consumer.clone();
    for _ in 0..3 {
        let id = w.open_completed(100, 100);
        w.suite.accept_bill(&consumer, id).unwrap();
    }
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 3);
    assert_eq!(w.suite.reputation_score(&provider).jobs_30d, 0);
    w.suite.advance_time(3_600);
    // The next closing sends all four in one batch.
    let id = w.open_completed(100, 100);
    w.suite.accept_bill(&consumer, id).unwrap();
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    let score = w.suite.reputation_score(&provider);
    assert_eq!(
        (score.successes_30d, score.value_30d),
        (4, Uint128::new(20 * UNIT))
    );

    let mut params = w.suite.escrow_params();
    params.report_interval_seconds = 0;
    let owner = w.suite.owner.clone();
    w.suite
        .escrow_execute(&owner, &ExecuteMsg::EmergencyUpdateParams { params })
        .unwrap();
    let id = w.open_completed(100, 100);
    w.suite.accept_bill(&consumer, id).unwrap();
    assert_eq!(w.suite.sla_window(&provider).unreported_jobs, 0);
    assert_eq!(w.suite.reputation_score(&provider).successes_30d, 5);
}

/// The treasury's and the pool's shares are summed, not credited per bill; a change of treasury
/// or distributor first credits what was owed to the old payees, and each withdraws it.
#[test]
fn a_payee_change_keeps_what_the_old_payees_earned() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let treasury = w.treasury.clone();
    let treasury0 = w.suite.paid_to(&treasury);
    let id = w.open_completed(100, 100);
    w.suite.accept_bill(&consumer, id).unwrap();
    let totals = w.suite.escrow_totals();
    // No distributor: the governance share goes to the treasury too (one payee, one sum each).
    let owed = (totals.treasury_fees + totals.pool_fees).u128();
    assert_eq!(w.suite.paid_to(&treasury), treasury0 + owed);
    assert_eq!(
        w.suite.escrow_totals().credits,
        Uint128::zero() + totals.credits
    );
    let new_treasury = w.suite.addr("new-treasury");
    let distributor = w.suite.addr("distributor");
    let owner = w.suite.owner.clone();
    w.suite
        .escrow_execute(
            &owner,
            &ExecuteMsg::UpdateConfig(infermesh_types::bill_escrow::ConfigUpdate {
                staking: None,
                reputation: None,
                treasury: Some(new_treasury.to_string()),
                distributor: Some(distributor.to_string()),
                arbiter: None,
                guardian: None,
            }),
        )
        .unwrap();
    let after = w.suite.escrow_totals();
    assert_eq!(after.treasury_fees + after.pool_fees, Uint128::zero());
    assert_eq!(after.credits, totals.credits + Uint128::new(owed));
    assert_eq!(w.suite.paid_to(&treasury), treasury0 + owed);
    assert_eq!(w.suite.escrow_credit(&new_treasury), 0);
    // The next bill's shares go to the new payees.
    let id = w.open_completed(100, 100);
    w.suite.accept_bill(&consumer, id).unwrap();
    let split = w.suite.bill(id).settlement.unwrap().split;
    assert_eq!(w.suite.escrow_credit(&distributor), split.governance.u128());
    assert!(w.suite.escrow_credit(&new_treasury) > split.treasury.u128());
    w.suite.escrow_withdraw(&treasury).unwrap();
    assert_eq!(w.suite.escrow_credit(&treasury), 0);
    assert_eq!(w.suite.balance(&treasury), treasury0 + owed);
}

/// A consumer deposits once and opens bills from its credit (docs/bill-escrow.md §4): no token
/// call per bill; refunds return to the same credit and fund the next bills; the rest is
/// withdrawn like any credit.
#[test]
fn bills_open_from_a_deposit_and_refunds_fund_the_next() {
    let mut w = world();
    let consumer = w.consumer.clone();
    let escrow = w.suite.bill_escrow.addr().clone();
    let held0 = w.suite.balance(&escrow);
    w.suite.escrow_deposit(&consumer, 20 * UNIT).unwrap();
    assert_eq!(w.suite.escrow_credit(&consumer), 20 * UNIT);
    assert_eq!(w.suite.escrow_totals().credits, Uint128::new(20 * UNIT));
    let args = w.args();
    let id = w
        .suite
        .open_bill_from_credit(&consumer, 5_102_041, &args)
        .unwrap();
    let bill = w.suite.bill(id);
    assert_eq!(
        (bill.deposit, bill.network_fee, bill.escrowed),
        (
            Uint128::new(5_102_041),
            Uint128::new(102_041),
            Uint128::new(5 * UNIT)
        )
    );
    assert_eq!(w.suite.escrow_credit(&consumer), 20 * UNIT - 5_102_041);
    // Only the deposit moved tokens.
    assert_eq!(w.suite.balance(&escrow), held0 + 20 * UNIT);
    let provider = w.provider.clone();
    w.suite.complete_bill(&provider, id, 60, 120).unwrap();
    w.suite.accept_bill(&consumer, id).unwrap();
    // 2 of the 5 escrowed tokens come back to the credit.
    assert_eq!(
        w.suite.escrow_credit(&consumer),
        20 * UNIT - 5_102_041 + 2 * UNIT
    );
    let credit = w.suite.escrow_credit(&consumer);
    let before = w.suite.balance(&consumer);
    w.suite.escrow_withdraw(&consumer).unwrap();
    assert_eq!(w.suite.balance(&consumer), before + credit);
}
