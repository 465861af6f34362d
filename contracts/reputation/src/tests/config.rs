//! Instantiate, config and migration: owner-only, bounded updates; weights that must sum to 100;
//! migration only from an older version.

use cw_ownable::OwnershipError;
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_types::reputation::{ExecuteMsg, Params, Weights};

use super::helpers::*;
use crate::contract::migrate;
use crate::error::ReputationError;
use infermesh_kit::ValidationError;

#[test]
fn config_guards() {
    let World { mut ctx, .. } = world();
    let intruder = addr("intruder");
    rejects(
        &mut ctx,
        ReputationError::Ownership(OwnershipError::NotOwner),
        |ctx| {
            ctx.exec(
                &intruder,
                ExecuteMsg::UpdateConfig {
                    staking: None,
                    escrow: Some(intruder.to_string()),
                    params: None,
                },
            )
        },
    );
    let weights = Weights {
        success_rate: 30,
        latency: 20,
        rating: 20,
        accuracy: 20,
        stake: 11,
    };
    rejects(
        &mut ctx,
        ReputationError::Validation(ValidationError::InvalidParams {
            reason: "weights sum to 101; they must sum to 100".to_string(),
        }),
        |ctx| {
            ctx.exec(
                &owner(),
                ExecuteMsg::UpdateConfig {
                    staking: None,
                    escrow: None,
                    params: Some(Params {
                        weights,
                        ..Params::default()
                    }),
                },
            )
        },
    );
    for cooldown in [0, 90 * DAY + 1] {
        rejects(
            &mut ctx,
            ReputationError::Validation(ValidationError::OutOfRange {
                field: "attestation_cooldown_seconds".to_string(),
                value: cooldown.to_string(),
                min: "1".to_string(),
                max: (90 * DAY).to_string(),
            }),
            |ctx| {
                ctx.exec(
                    &owner(),
                    ExecuteMsg::UpdateConfig {
                        staking: None,
                        escrow: None,
                        params: Some(Params {
                            attestation_cooldown_seconds: cooldown,
                            ..Params::default()
                        }),
                    },
                )
            },
        );
    }
    rejects(
        &mut ctx,
        ReputationError::Validation(ValidationError::OutOfRange {
            field: "max_attesters".to_string(),
            value: "33".to_string(),
            min: "1".to_string(),
            max: "32".to_string(),
        }),
        |ctx| {
            ctx.exec(
                &owner(),
                ExecuteMsg::UpdateConfig {
                    staking: None,
                    escrow: None,
                    params: Some(Params {
                        max_attesters: 33,
                        ..Params::default()
                    }),
                },
            )
        },
    );
}

#[test]
fn instantiate_rejects_bad_weights() {
    let mut ctx = Ctx::bare();
    let params = Params {
        weights: Weights {
            success_rate: 10,
            latency: 10,
            rating: 10,
            accuracy: 10,
            stake: 10,
        },
        ..Params::default()
    };
    assert_eq!(
        ctx.instantiate(Some(params)).unwrap_err(),
        ReputationError::Validation(ValidationError::InvalidParams {
            reason: "weights sum to 50; they must sum to 100".to_string(),
        })
    );
}

#[test]
fn migrate_only_from_an_older_version() {
    let World { mut ctx, .. } = world();
    let env = ctx.env.clone();
    assert_eq!(
        migrate(ctx.deps.as_mut(), env, MigrateMsg {}).unwrap_err(),
        ReputationError::Migration(MigrationError::NotOlder {
            stored_version: env!("CARGO_PKG_VERSION").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    );
}
