//! Instantiate, config and migration: owner-only, bounded updates; weights that must sum to 100;
//! migration only from an older version.

use cosmwasm_std::{Decimal, Uint128};
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
            min: "3".to_string(),
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
fn confidence_and_attester_bounds() {
    let World { mut ctx, .. } = world();
    let out_of_range = |field: &str, value: &str, min: &str, max: &str| {
        ReputationError::Validation(ValidationError::OutOfRange {
            field: field.to_string(),
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        })
    };
    let cases = [
        (
            Params {
                confidence_value: Uint128::zero(),
                ..Params::default()
            },
            out_of_range("confidence_value", "0", "1", &Uint128::MAX.to_string()),
        ),
        (
            Params {
                min_attesters: 2,
                ..Params::default()
            },
            out_of_range("min_attesters", "2", "3", "32"),
        ),
        (
            Params {
                min_attesters: 5,
                max_attesters: 4,
                ..Params::default()
            },
            out_of_range("max_attesters", "4", "5", "32"),
        ),
        (
            Params {
                min_attester_stake_share: Decimal::permille(9),
                ..Params::default()
            },
            out_of_range("min_attester_stake_share", "0.009", "0.01", "1"),
        ),
        (
            Params {
                min_attester_stake_share: Decimal::percent(101),
                ..Params::default()
            },
            out_of_range("min_attester_stake_share", "1.01", "0.01", "1"),
        ),
    ];
    for (params, expected) in cases {
        rejects(&mut ctx, expected, |ctx| {
            ctx.exec(
                &owner(),
                ExecuteMsg::UpdateConfig {
                    staking: None,
                    escrow: None,
                    params: Some(params),
                },
            )
        });
    }
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
