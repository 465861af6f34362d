//! The owner: params and tier refresh, config limits, migration.

use infermesh_kit::{MigrateMsg, ParamGuardError, ValidationError};
use infermesh_types::staking::{ExecuteMsg, OperatorsResponse, Params, QueryMsg, Role, Tier};

use super::helpers::*;
use crate::StakingError;

#[test]
fn owner_updates_params_and_tier_refresh() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(10_000));
    let mut params: Params = ctx.query(QueryMsg::Params {});
    params.tiers[0].min_self_bond = tokens(20_000);
    let err = ctx
        .exec(
            &op,
            ExecuteMsg::UpdateParams {
                params: params.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        StakingError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    // Doubling the Bronze bond is beyond the guard's 20 % a quarter: only an emergency
    // adjustment does it.
    let before = ctx.dump();
    assert_eq!(
        ctx.exec(
            &addr("dao"),
            ExecuteMsg::UpdateParams {
                params: params.clone(),
            },
        )
        .unwrap_err(),
        StakingError::ParamGuard(ParamGuardError::MovedTooFar {
            field: "tiers.min_self_bond",
            baseline: tokens(10_000),
            proposed: tokens(20_000),
            set_at: ctx.env.block.time.seconds(),
        })
    );
    assert_eq!(ctx.dump(), before);
    ctx.exec(
        &addr("dao"),
        ExecuteMsg::EmergencyUpdateParams {
            params: params.clone(),
        },
    )
    .unwrap();
    assert_eq!(ctx.status(&op).tier, None, "status is live");
    let r: OperatorsResponse = ctx.query(QueryMsg::Operators {
        role: None,
        tier: Some(Tier::Bronze),
        start_after: None,
        limit: None,
    });
    assert_eq!(
        r.operators.len(),
        1,
        "listing holds the stored tier until refreshed"
    );
    ctx.exec(
        &addr("anyone"),
        ExecuteMsg::RefreshTier {
            operator: op.to_string(),
        },
    )
    .unwrap();
    let r: OperatorsResponse = ctx.query(QueryMsg::Operators {
        role: None,
        tier: Some(Tier::Bronze),
        start_after: None,
        limit: None,
    });
    assert!(r.operators.is_empty());
    params.tiers[1].min_self_bond = tokens(20_000);
    let err = ctx
        .exec(&addr("dao"), ExecuteMsg::UpdateParams { params })
        .unwrap_err();
    assert_eq!(
        err,
        StakingError::Validation(ValidationError::InvalidParams {
            reason: "tier minimum self-bonds must be positive and strictly increasing".to_string()
        })
    );
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
            distributor: None,
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
            distributor: None,
        },
        StakingError::Validation(ValidationError::TooMany {
            field: "jailers".to_string(),
            count: infermesh_types::staking::MAX_AUTHORISED + 1,
            max: infermesh_types::staking::MAX_AUTHORISED,
        }),
    );
}

#[test]
fn migrate_only_from_older_version() {
    let mut ctx = Ctx::new();
    let err =
        crate::contract::migrate(ctx.deps.as_mut(), ctx.env.clone(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, StakingError::Migration(_)));
    cw2::set_contract_version(
        ctx.deps.as_mut().storage,
        crate::contract::CONTRACT_NAME,
        "0.0.1",
    )
    .unwrap();
    let r = crate::contract::migrate(ctx.deps.as_mut(), ctx.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&r, "from_version"), "0.0.1");
}
