//! Instantiate, config and migration: owner-only, bounded updates; weights that must sum to 100;
//! migration only from an older version.

use cw_ownable::OwnershipError;
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_types::reputation::{ExecuteMsg, Params, Weights};

use super::helpers::*;
use crate::contract::migrate;
use crate::error::ReputationError;

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
        ReputationError::WeightsMustSumTo100 { sum: 101 },
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
            ReputationError::InvalidParam {
                param: "attestation_cooldown_seconds".to_string(),
                value: cooldown.to_string(),
                reason: "between 1 second and 90 days".to_string(),
            },
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
        ReputationError::InvalidParam {
            param: "max_attesters".to_string(),
            value: "33".to_string(),
            reason: "between 1 and 32".to_string(),
        },
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
        ReputationError::WeightsMustSumTo100 { sum: 50 }
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
