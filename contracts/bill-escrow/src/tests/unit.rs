use cosmwasm_std::{coins, Decimal, Uint128};
use cw_utils::PaymentError;
use infermesh_types::bill_escrow::{ExecuteMsg, Params};

use super::helpers::*;
use crate::contract::execute;
use crate::error::BillEscrowError;
use infermesh_kit::{ParamGuardError, PauseError, ValidationError};

#[test]
fn native_funds_are_refused() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    let err = execute(
        ctx.deps.as_mut(),
        ctx.env.clone(),
        cosmwasm_std::testing::message_info(&addr("alice"), &coins(5, "ustake")),
        ExecuteMsg::Finalize { bill_id: 1 },
    )
    .unwrap_err();
    assert_eq!(err, BillEscrowError::Payment(PaymentError::NonPayable {}));
    assert_eq!(ctx.dump(), before);
}

#[test]
fn params_outside_their_bounds_are_rejected() {
    let mut ctx = Ctx::new();
    let owner = addr("dao");
    let before = ctx.dump();
    type Edit = fn(&mut Params);
    let cases: [Edit; 14] = [
        |p| p.demand_multiplier = Decimal::permille(799),
        |p| p.demand_multiplier = Decimal::permille(2_001),
        |p| p.latency_classes[2].factor = Decimal::permille(301),
        |p| p.split.provider_bps = 8_001,
        |p| p.base_price = Uint128::zero(),
        |p| p.model_classes.swap(0, 1),
        |p| p.sla_slash_fraction = Decimal::percent(6),
        |p| p.dispute_quorum = Decimal::zero(),
        |p| p.dispute_quorum = Decimal::permille(1_001),
        |p| p.dispute_voting_seconds = 59,
        |p| p.network_fee_bps = 1_001,
        |p| p.sla_min_jobs = 0,
        |p| p.sla_min_success_rate = Decimal::permille(1_001),
        |p| p.report_interval_seconds = 86_401,
    ];
    for case in cases {
        let mut params = Params::default();
        case(&mut params);
        let err = ctx
            .exec(&owner, ExecuteMsg::UpdateParams { params })
            .unwrap_err();
        assert!(
            matches!(
                err,
                BillEscrowError::Validation(ValidationError::InvalidParams { .. })
            ),
            "{err:?}"
        );
    }
    assert_eq!(ctx.dump(), before);
    let params = Params {
        demand_multiplier: Decimal::permille(2_000),
        ..Params::default()
    };
    // Within bounds but 100 % away: only an emergency adjustment moves it (the guard).
    assert_eq!(
        ctx.exec(
            &owner,
            ExecuteMsg::UpdateParams {
                params: params.clone()
            }
        )
        .unwrap_err(),
        BillEscrowError::ParamGuard(ParamGuardError::MovedTooFar {
            field: "demand_multiplier",
            baseline: Decimal::one().atomics(),
            proposed: Decimal::permille(2_000).atomics(),
            set_at: ctx.env.block.time.seconds(),
        })
    );
    assert_eq!(ctx.dump(), before);
    ctx.exec(&owner, ExecuteMsg::EmergencyUpdateParams { params })
        .unwrap();
}

#[test]
fn only_the_owner_updates_params() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    let err = ctx
        .exec(
            &addr("mallory"),
            ExecuteMsg::UpdateParams {
                params: Params::default(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        BillEscrowError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    assert_eq!(ctx.dump(), before);
}

#[test]
fn pause_by_guardian_or_owner_only() {
    let mut ctx = Ctx::new();
    let mallory = addr("mallory");
    assert_eq!(
        ctx.exec(&mallory, ExecuteMsg::Pause {}).unwrap_err(),
        BillEscrowError::Pause(PauseError::NotGuardian { sender: mallory })
    );
    ctx.exec(&addr("dao"), ExecuteMsg::Pause {}).unwrap();
    assert_eq!(
        ctx.exec(&addr("dao"), ExecuteMsg::Pause {}).unwrap_err(),
        BillEscrowError::Pause(PauseError::Paused {})
    );
}
