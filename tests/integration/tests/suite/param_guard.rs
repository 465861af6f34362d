//! The parameter guard (docs/rules.md §10) in every contract that holds governed parameters:
//! the owner's `UpdateParams` moves a parameter at most 20 % from where it stood when the
//! quarter's window opened, small moves do not add up past that, the next quarter measures
//! afresh, and only `EmergencyUpdateParams` goes further. Each refusal changes nothing.

use cosmwasm_std::{Decimal, Uint128};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_distributor::DistributorError;
use infermesh_kit::guard::WINDOW_SECONDS;
use infermesh_kit::ParamGuardError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_reputation::ReputationError;
use infermesh_staking::StakingError;
use infermesh_testing::Suite;
use infermesh_types::{bill_escrow, distributor, payment_channels, reputation, staking};

use crate::fixtures::{contract_err, DAY};

fn too_far(field: &'static str, baseline: u128, proposed: u128, set_at: u64) -> ParamGuardError {
    ParamGuardError::MovedTooFar {
        field,
        baseline: Uint128::new(baseline),
        proposed: Uint128::new(proposed),
        set_at,
    }
}

#[test]
fn the_escrow_guards_its_parameters() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let set_at = suite.app.block_info().time.seconds();
    let start = suite.escrow_params();
    let bond = start.min_dispute_bond.u128();
    let with_bond = |bond: u128| bill_escrow::Params {
        min_dispute_bond: Uint128::new(bond),
        ..start.clone()
    };
    let update = |params| bill_escrow::ExecuteMsg::UpdateParams { params };
    let before = suite.escrow_storage();
    let err: BillEscrowError =
        contract_err(suite.escrow_execute(&owner, &update(with_bond(bond * 5 / 4))));
    assert_eq!(
        err,
        BillEscrowError::ParamGuard(too_far("min_dispute_bond", bond, bond * 5 / 4, set_at))
    );
    assert_eq!(suite.escrow_storage(), before);
    suite
        .escrow_execute(&owner, &update(with_bond(bond * 11 / 10)))
        .unwrap();
    suite.advance_time(30 * DAY);
    // +10 % and +10 % again would be +21 % of where the quarter started.
    let err: BillEscrowError =
        contract_err(suite.escrow_execute(&owner, &update(with_bond(bond * 121 / 100))));
    assert_eq!(
        err,
        BillEscrowError::ParamGuard(too_far("min_dispute_bond", bond, bond * 121 / 100, set_at))
    );
    suite
        .escrow_execute(&owner, &update(with_bond(bond * 12 / 10)))
        .unwrap();
    // A class changes only by an emergency adjustment.
    let mut reclassed = with_bond(bond * 12 / 10);
    reclassed.dispute_slash.class = staking::SlashClass::Severe;
    reclassed.dispute_slash.fraction = Decimal::percent(15);
    let err: BillEscrowError =
        contract_err(suite.escrow_execute(&owner, &update(reclassed.clone())));
    assert!(matches!(
        err,
        BillEscrowError::ParamGuard(ParamGuardError::NeedsEmergency {
            field: "dispute_slash.class",
            ..
        })
    ));
    suite
        .escrow_execute(
            &owner,
            &bill_escrow::ExecuteMsg::EmergencyUpdateParams { params: reclassed },
        )
        .unwrap();
    assert_eq!(
        suite.escrow_params().dispute_slash.class,
        staking::SlashClass::Severe
    );
    // The next quarter measures from where the bond stands then.
    suite.advance_time(WINDOW_SECONDS);
    let mut next = suite.escrow_params();
    next.min_dispute_bond = Uint128::new(bond * 12 / 10 * 6 / 5);
    suite.escrow_execute(&owner, &update(next)).unwrap();
}

#[test]
fn staking_reputation_channels_and_the_distributor_guard_theirs() {
    let mut suite = Suite::new();
    suite.deploy_distributor(7 * DAY);
    let owner = suite.owner.clone();
    let set_at = suite.app.block_info().time.seconds();

    let start = suite.staking_params();
    let mut params = start.clone();
    params.unbonding_period_seconds = start.unbonding_period_seconds * 5 / 4;
    let err: StakingError = contract_err(suite.staking_execute(
        &owner,
        &staking::ExecuteMsg::UpdateParams {
            params: params.clone(),
        },
    ));
    assert_eq!(
        err,
        StakingError::ParamGuard(too_far(
            "unbonding_period_seconds",
            start.unbonding_period_seconds.into(),
            params.unbonding_period_seconds.into(),
            set_at
        ))
    );
    suite
        .staking_execute(
            &owner,
            &staking::ExecuteMsg::EmergencyUpdateParams { params },
        )
        .unwrap();

    let start = suite.reputation_config().params;
    let mut params = start.clone();
    params.stake_reference = start.stake_reference * Uint128::new(2);
    let err: ReputationError = contract_err(suite.reputation_execute(
        &owner,
        &reputation::ExecuteMsg::UpdateConfig {
            staking: None,
            escrow: None,
            params: Some(params.clone()),
        },
    ));
    assert_eq!(
        err,
        ReputationError::ParamGuard(too_far(
            "stake_reference",
            start.stake_reference.u128(),
            params.stake_reference.u128(),
            set_at
        ))
    );
    params.stake_reference = start.stake_reference.multiply_ratio(6u128, 5u128);
    suite
        .reputation_execute(
            &owner,
            &reputation::ExecuteMsg::UpdateConfig {
                staking: None,
                escrow: None,
                params: Some(params),
            },
        )
        .unwrap();

    let start = suite.channels_params();
    let mut params = start.clone();
    params.base_price = start.base_price * Uint128::new(3);
    let err: PaymentChannelsError = contract_err(suite.channels_execute(
        &owner,
        &payment_channels::ExecuteMsg::UpdateParams {
            params: params.clone(),
        },
    ));
    assert_eq!(
        err,
        PaymentChannelsError::ParamGuard(too_far(
            "base_price",
            start.base_price.u128(),
            params.base_price.u128(),
            set_at
        ))
    );
    suite
        .channels_execute(
            &owner,
            &payment_channels::ExecuteMsg::EmergencyUpdateParams { params },
        )
        .unwrap();

    let start: distributor::Params = suite
        .app
        .wrap()
        .query_wasm_smart(suite.distributor(), &distributor::QueryMsg::Params {})
        .unwrap();
    let mut params = start.clone();
    params.role_weights[0] = start.role_weights[0] * 2;
    let err: DistributorError = contract_err(suite.distributor_execute(
        &owner,
        &distributor::ExecuteMsg::UpdateParams {
            params: params.clone(),
        },
    ));
    assert_eq!(
        err,
        // Guarded as the role's share (scaled by 10^12): 40 of 100 would become 80 of 140.
        DistributorError::ParamGuard(too_far(
            "role_weights.share",
            400_000_000_000,
            571_428_571_428,
            set_at
        ))
    );
    suite
        .distributor_execute(
            &owner,
            &distributor::ExecuteMsg::EmergencyUpdateParams { params },
        )
        .unwrap();
}
