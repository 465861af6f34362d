//! Work from the escrow and the channels reaching the distributor (docs/bill-escrow.md §11,
//! payment-channels.md §5, distributor.md §2, §6): in batches, an interval after it was
//! settled, weighed by the provider's reputation multiplier, capped by what it irrecoverably
//! paid, and never lost when the distributor refuses a report.

use cosmwasm_std::{Addr, Decimal, Uint128};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_distributor::DistributorError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_testing::{attribute, AppResponse, Suite};
use infermesh_types::distributor::{EmissionResponse, ExecuteMsg, Params, QueryMsg, RewardRole};
use infermesh_types::payment_channels::{
    ExecuteMsg as ChannelsMsg, SignMode, WORK_REPORT_INTERVAL_SECONDS,
};
use infermesh_types::token::AllocationCategory;

use crate::fixtures::{channel_world, channels_err, contract_err, escrow_err, world, World, UNIT};

const EPOCH: u64 = 600;
const FUNDING: u128 = 300_000_000 * UNIT;

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

fn funded_distributor(suite: &mut Suite) -> Addr {
    let distributor = suite.deploy_distributor(EPOCH);
    let rewards = suite.holder(AllocationCategory::ProviderRewards);
    suite.fund_distributor(&rewards, FUNDING).unwrap();
    distributor
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
    let provider_weight = Uint128::new(100)
        .mul_floor(multiplier(&w.suite, &w.provider))
        .u128();
    assert!(provider_weight >= 50, "the multiplier is at least 0.5");
    assert_eq!(
        working(&w.suite, &w.provider, RewardRole::ComputeProviders),
        provider_weight
    );
    assert_eq!(working(&w.suite, &w.gateway, RewardRole::Gateways), 100);

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
    settle_job(&mut w, 70);
    let (provider, gateway, anyone) = (
        w.provider.clone(),
        w.gateway.clone(),
        w.suite.addr("anyone"),
    );
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(
        attribute(&response, "provider_units").as_deref(),
        Some("70")
    );
    assert!(working(&w.suite, &provider, RewardRole::ComputeProviders) >= 35);

    let response = w.suite.report_escrow_outcomes(&anyone, &gateway).unwrap();
    assert_eq!(attribute(&response, "gateway_units").as_deref(), Some("70"));
    assert_eq!(working(&w.suite, &gateway, RewardRole::Gateways), 70);

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
    settle_job(&mut w, 30);
    let (provider, anyone) = (w.provider.clone(), w.suite.addr("anyone"));
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    let failed: Vec<_> = response
        .events
        .iter()
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "hook" && a.value == "distributor")
        })
        .collect();
    assert_eq!(failed.len(), 1, "the refusal is reported, not propagated");
    assert_eq!(
        working(&w.suite, &provider, RewardRole::ComputeProviders),
        0
    );

    w.suite
        .distributor_execute(&owner, &ExecuteMsg::Unpause {})
        .unwrap();
    settle_job(&mut w, 20);
    let response = w.suite.report_escrow_outcomes(&anyone, &provider).unwrap();
    assert_eq!(
        attribute(&response, "provider_units").as_deref(),
        Some("50"),
        "the refused 30 units wait with the next 20"
    );
}

#[test]
fn channel_redemptions_report_their_work_in_batches() {
    let mut cw = channel_world(1_000 * UNIT);
    let distributor = funded_distributor(&mut cw.w.suite);
    let provider = cw.w.provider.clone();
    let base_price = cw.w.suite.channels_params().base_price.u128();

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
    let units = Uint128::new(150 * UNIT / base_price);
    assert_eq!(
        working(&cw.w.suite, &provider, RewardRole::ComputeProviders),
        units.mul_floor(multiplier(&cw.w.suite, &provider)).u128()
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
    assert!(response.events.iter().all(|e| e
        .attributes
        .iter()
        .all(|a| a.key != "hook" || a.value != "distributor")));
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
