//! Work from the escrow and the channels reaching the distributor (docs/bill-escrow.md §11,
//! payment-channels.md §5, distributor.md §2, §6): in batches, an interval after it was
//! settled, weighed by the provider's reputation multiplier, capped by what it irrecoverably
//! paid, and never lost when the distributor refuses a report.

use cosmwasm_std::{Addr, Decimal, Uint128};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_distributor::DistributorError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_testing::{attribute, AppResponse, Suite};
use infermesh_types::bill_escrow::network_fee;
use infermesh_types::distributor::{
    EmissionResponse, ExecuteMsg, Params, QueryMsg, RewardRole, Schedule, ScheduleSegment,
};
use infermesh_types::payment_channels::{
    ExecuteMsg as ChannelsMsg, SignMode, WORK_REPORT_INTERVAL_SECONDS,
};

use proptest::prelude::*;

use crate::fixtures::{
    channel_world, channels_err, contract_err, escrow_err, proptest_config, world, World, UNIT,
};

const EPOCH: u64 = 600;
/// The genesis provider-rewards allocation the suite's distributor holds.
const FUNDING: u128 = 350_000_000 * UNIT;

/// Whether `response` executed `contract` (a message or a sub-message to it).
fn calls(response: &AppResponse, contract: &Addr) -> bool {
    response.events.iter().any(|event| {
        event.ty == "execute"
            && event
                .attributes
                .iter()
                .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
    })
}

/// How many distributor hooks failed in `response` (each emits `hook_failed` with `hook =
/// distributor`).
fn failed_distributor_hooks(response: &AppResponse) -> usize {
    response
        .events
        .iter()
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "hook" && a.value == "distributor")
        })
        .count()
}

/// The suite's distributor at its genesis address, funded by the genesis.
fn funded_distributor(suite: &mut Suite) -> Addr {
    suite.deploy_distributor(EPOCH)
}

/// Opens a default bill, completes `units` and accepts it; the settlement's response.
fn settle_job(w: &mut World, units: u128) -> (u64, AppResponse) {
    let id = w.open_completed(units, 100);
    let consumer = w.consumer.clone();
    let response = w.suite.accept_bill(&consumer, id).unwrap();
    (id, response)
}

/// What bill `id` irrecoverably paid: the network fee and the treasury's and pool's shares.
fn irrecoverable(w: &World, id: u64) -> u128 {
    let bill = w.suite.bill(id);
    let split = bill.settlement.expect("settled").split;
    (bill.network_fee + split.treasury + split.governance).u128()
}

/// What bill `id` was charged: the value its work is weighed by.
fn charged(w: &World, id: u64) -> u128 {
    w.suite.bill(id).settlement.expect("settled").charged.u128()
}

fn working(suite: &Suite, member: &Addr, role: RewardRole) -> u128 {
    suite
        .distributor_pending(member)
        .working
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(0, |(_, weight)| weight.u128())
}

fn multiplier(suite: &Suite, provider: &Addr) -> Decimal {
    suite
        .reputation
        .multiplier(&suite.app.wrap(), provider.as_str())
        .unwrap()
        .multiplier
}

#[test]
fn settled_work_reaches_the_distributor_in_one_batch_an_interval_after_it_was_settled() {
    let mut w = world();
    let distributor = funded_distributor(&mut w.suite);
    let interval = w.suite.escrow_params().report_interval_seconds;

    let (first, response) = settle_job(&mut w, 60);
    assert!(
        !calls(&response, &distributor),
        "a settlement alone makes no distributor call"
    );
    assert_eq!(
        working(&w.suite, &w.provider, RewardRole::ComputeProviders),
        0
    );

    w.suite.advance_time(interval);
    let (second, response) = settle_job(&mut w, 40);
    assert!(calls(&response, &distributor), "the batch is due");
    // Work is weighed by value, the two bills' charges, the provider's by its multiplier too.
    let value = charged(&w, first) + charged(&w, second);
    let provider_weight = Uint128::new(value)
        .mul_floor(multiplier(&w.suite, &w.provider))
        .u128();
    assert!(
        provider_weight >= value / 2,
        "the multiplier is at least 0.5"
    );
    assert_eq!(
        working(&w.suite, &w.provider, RewardRole::ComputeProviders),
        provider_weight
    );
    assert_eq!(working(&w.suite, &w.gateway, RewardRole::Gateways), value);

    // Once the epoch closes each is paid its share, capped by what its work irrecoverably paid:
    // the two jobs' fees, 40 % for the provider and 10 % for the gateway.
    let fees = Uint128::new(irrecoverable(&w, first) + irrecoverable(&w, second));
    w.suite.advance_time(EPOCH);
    let (provider, gateway) = (w.provider.clone(), w.gateway.clone());
    let before = w.suite.balance(&provider);
    w.suite
        .distributor_execute(&provider, &ExecuteMsg::Claim {})
        .unwrap();
    let params = Params::default();
    assert_eq!(
        w.suite.balance(&provider) - before,
        fees.mul_floor(params.provider_fee_cap).u128()
    );
    let before = w.suite.balance(&gateway);
    w.suite
        .distributor_execute(&gateway, &ExecuteMsg::Claim {})
        .unwrap();
    assert_eq!(
        w.suite.balance(&gateway) - before,
        fees.mul_floor(params.gateway_fee_cap).u128()
    );
}

#[test]
fn anyone_reports_an_operators_waiting_work_at_once() {
    let mut w = world();
    funded_distributor(&mut w.suite);
    let (id, _) = settle_job(&mut w, 70);
    let value = charged(&w, id);
    let (provider, gateway, anyone) = (
        w.provider.clone(),
        w.gateway.clone(),
        w.suite.addr("anyone"),
    );
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(
        attribute(&response, "provider_work"),
        Some(value.to_string())
    );
    assert!(working(&w.suite, &provider, RewardRole::ComputeProviders) >= value / 2);

    let response = w.suite.report_escrow_outcomes(&anyone, &gateway).unwrap();
    assert_eq!(
        attribute(&response, "gateway_work"),
        Some(value.to_string())
    );
    assert_eq!(working(&w.suite, &gateway, RewardRole::Gateways), value);

    let err = escrow_err(w.suite.report_escrow_outcomes(&anyone, &gateway));
    assert_eq!(err, BillEscrowError::NothingToReport { provider: gateway });
}

#[test]
fn a_work_report_the_distributor_refuses_waits_for_the_next_one() {
    let mut w = world();
    funded_distributor(&mut w.suite);
    let owner = w.suite.owner.clone();
    w.suite
        .distributor_execute(&owner, &ExecuteMsg::Pause {})
        .unwrap();
    let (refused, _) = settle_job(&mut w, 30);
    let (provider, anyone) = (w.provider.clone(), w.suite.addr("anyone"));
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(
        failed_distributor_hooks(&response),
        1,
        "the refusal is reported, not propagated"
    );
    assert_eq!(
        working(&w.suite, &provider, RewardRole::ComputeProviders),
        0
    );

    w.suite
        .distributor_execute(&owner, &ExecuteMsg::Unpause {})
        .unwrap();
    let (next, _) = settle_job(&mut w, 20);
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(
        attribute(&response, "provider_work"),
        Some((charged(&w, refused) + charged(&w, next)).to_string()),
        "the refused work waits with the next"
    );
}

#[test]
fn channel_redemptions_report_their_work_in_batches() {
    let mut cw = channel_world(1_000 * UNIT);
    let distributor = funded_distributor(&mut cw.w.suite);
    let provider = cw.w.provider.clone();
    let fee_bps = cw.w.suite.channels_params().network_fee_bps;

    let signature =
        cw.w.suite
            .sign_voucher(&cw.key, cw.channel, 100 * UNIT, 1, SignMode::Plain);
    let response =
        cw.w.suite
            .redeem(
                &provider,
                cw.channel,
                100 * UNIT,
                1,
                signature,
                SignMode::Plain,
            )
            .unwrap();
    assert!(!calls(&response, &distributor));

    // The next redemption an interval later carries both.
    cw.w.suite.advance_time(WORK_REPORT_INTERVAL_SECONDS);
    let signature =
        cw.w.suite
            .sign_voucher(&cw.key, cw.channel, 150 * UNIT, 2, SignMode::Plain);
    let response =
        cw.w.suite
            .redeem(
                &provider,
                cw.channel,
                150 * UNIT,
                2,
                signature,
                SignMode::Plain,
            )
            .unwrap();
    assert!(calls(&response, &distributor));
    // Weighed by value: each redemption's amount after its network fee.
    let value: Uint128 = [100 * UNIT, 50 * UNIT]
        .into_iter()
        .map(|delta| {
            let delta = Uint128::new(delta);
            delta - network_fee(delta, fee_bps).unwrap()
        })
        .sum();
    assert_eq!(
        working(&cw.w.suite, &provider, RewardRole::ComputeProviders),
        value.mul_floor(multiplier(&cw.w.suite, &provider)).u128()
    );

    let anyone = cw.w.suite.addr("anyone");
    let err = channels_err(cw.w.suite.channels_execute(
        &anyone,
        &ChannelsMsg::ReportWork {
            provider: provider.to_string(),
        },
    ));
    assert_eq!(err, PaymentChannelsError::NothingToReport { provider });
}

#[test]
fn without_a_distributor_no_work_is_kept_or_reported() {
    let mut w = world();
    let (_, response) = settle_job(&mut w, 60);
    let anyone = w.suite.addr("anyone");
    let provider = w.provider.clone();
    w.suite
        .advance_time(w.suite.escrow_params().report_interval_seconds);
    settle_job(&mut w, 60);
    assert_eq!(failed_distributor_hooks(&response), 0);
    // The outcomes went with the second settlement; nothing is left to report.
    let err = escrow_err(w.suite.report_escrow_outcomes(&anyone, &provider));
    assert_eq!(err, BillEscrowError::NothingToReport { provider });
}

#[test]
fn the_pool_collects_its_governance_share_from_the_escrow_as_funding() {
    let mut w = world();
    let distributor = funded_distributor(&mut w.suite);
    let (id, _) = settle_job(&mut w, 80);
    let share = w
        .suite
        .bill(id)
        .settlement
        .expect("settled")
        .split
        .governance
        .u128();
    assert!(share > 0);
    let escrow = w.suite.bill_escrow.addr().clone();
    let anyone = w.suite.addr("anyone");
    w.suite
        .distributor_execute(
            &anyone,
            &ExecuteMsg::CollectFees {
                from: escrow.to_string(),
            },
        )
        .unwrap();
    let emission: EmissionResponse = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(&distributor, &QueryMsg::Emission {})
        .unwrap();
    assert_eq!(emission.funded.u128(), FUNDING + share);
    assert!(emission
        .funding
        .contains(&(escrow.to_string(), Uint128::new(share))));

    // Only its reporters are fee sources: nothing else can feed the books a balance change.
    let stranger = w.suite.receiver.clone();
    let err: DistributorError = contract_err(w.suite.distributor_execute(
        &anyone,
        &ExecuteMsg::CollectFees {
            from: stranger.to_string(),
        },
    ));
    assert_eq!(err, DistributorError::NotAFeeSource { address: stranger });
}

/// The trader's tokens: its consumer, its provider and, when it owns it, its gateway.
fn holdings(w: &World, owns_gateway: bool) -> u128 {
    let mut total = w.suite.balance(&w.consumer) + w.suite.balance(&w.provider);
    if owns_gateway {
        total += w.suite.balance(&w.gateway);
    }
    total
}

proptest! {
    #![proptest_config(proptest_config(24))]

    /// docs/distributor.md §6, end to end through the escrow: whatever the schedule and the
    /// owner's weights, a trader that buys jobs from its own provider (through its own gateway or
    /// another's), reports them at once and claims everything it can, ends with fewer tokens than
    /// it started with. It is the only worker, so each epoch's whole role emission is its share
    /// before the fee caps.
    #[test]
    fn wash_trading_never_pays(
        per_year in 1_000_000u128..1_000_000_000_000_000,
        halving_years in 1u32..10,
        other_weights in prop::collection::vec(0u32..100, 7),
        provider_weight in 1u32..1_000,
        gateway_weight in 0u32..1_000,
        jobs in prop::collection::vec(1u128..=100, 1..5),
        owns_gateway in any::<bool>(),
    ) {
        let mut w = world();
        let mut role_weights = vec![provider_weight, gateway_weight];
        role_weights.extend(other_weights);
        let params = Params { role_weights, ..Params::default() };
        let schedule = Schedule {
            segments: vec![ScheduleSegment { start_year: 0, end_year: 1, per_year: Uint128::new(per_year) }],
            halving_years,
        };
        w.suite.deploy_distributor_with(EPOCH, Some(schedule), Some(params));
        let anyone = w.suite.addr("anyone");
        let (consumer, provider, gateway) = (w.consumer.clone(), w.provider.clone(), w.gateway.clone());
        let before = holdings(&w, owns_gateway);

        let mut fees = 0;
        for units in &jobs {
            let (id, _) = settle_job(&mut w, *units);
            fees += irrecoverable(&w, id);
            w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
            let _ = w.suite.report_escrow_outcomes(&anyone, &gateway);
            // Each job alone in its epoch: the most emission per job.
            w.suite.advance_time(EPOCH);
        }
        let mut payees = vec![consumer.clone(), provider.clone()];
        if owns_gateway {
            payees.push(gateway.clone());
        }
        let mut emission = 0;
        for payee in &payees {
            let _ = w.suite.escrow_withdraw(payee);
            let held = w.suite.balance(payee);
            if w.suite.distributor_execute(payee, &ExecuteMsg::Claim {}).is_ok() {
                emission += w.suite.balance(payee) - held;
            }
        }
        let after = holdings(&w, owns_gateway);
        prop_assert!(after < before, "the trader went from {before} to {after}");
        // It loses at least what the caps leave of the fees its jobs paid: half of them.
        let loss = before - after;
        prop_assert!(loss >= fees / 2, "lost {loss} of {fees} fees, {emission} emission");
        prop_assert!(emission <= fees / 2, "{emission} emission for {fees} fees");
        // The test is not vacuous: with a rich schedule the caps, not the emission, bind.
        if per_year >= 100_000_000_000_000 {
            prop_assert!(emission > 0, "no emission at {per_year} a year");
        }
    }
}
