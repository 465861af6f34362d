//! Every bad input: a typed error and no state change.

use cosmwasm_std::{coins, Uint128};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_types::reputation::{ExecuteMsg, Outcome, Params, Weights};
use infermesh_types::staking::Role;

use super::helpers::*;
use crate::contract::migrate;
use crate::error::ReputationError;

struct World {
    ctx: Ctx,
    provider: cosmwasm_std::Addr,
    validator: cosmwasm_std::Addr,
    consumer: cosmwasm_std::Addr,
}

/// A provider with a settled bill 1 (success), a timed-out bill 2, and an active validator.
fn world() -> World {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let validator = ctx.register("validator", Role::Validator, 50_000);
    let consumer = addr("consumer");
    ctx.report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    ctx.report(2, &provider, &consumer, Outcome::Timeout, 0)
        .unwrap();
    World {
        ctx,
        provider,
        validator,
        consumer,
    }
}

/// Runs `f`, asserts its error, and that storage did not change.
fn rejects(
    ctx: &mut Ctx,
    expected: ReputationError,
    f: impl FnOnce(&mut Ctx) -> Result<cosmwasm_std::Response, ReputationError>,
) {
    let before = ctx.dump();
    assert_eq!(f(ctx).unwrap_err(), expected);
    assert_eq!(ctx.dump(), before, "state changed on {expected:?}");
}

#[test]
fn outcome_only_from_the_escrow() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    let intruder = addr("intruder");
    for sender in [intruder.clone(), provider.clone(), consumer.clone()] {
        rejects(
            &mut ctx,
            ReputationError::NotEscrow {
                sender: sender.clone(),
                escrow: escrow(),
            },
            |ctx| {
                ctx.exec(
                    &sender,
                    ExecuteMsg::ReportOutcome {
                        bill_id: 9,
                        operator: provider.to_string(),
                        consumer: consumer.to_string(),
                        outcome: Outcome::Success,
                        latency_ms: 1,
                        compute_units: Uint128::one(),
                    },
                )
            },
        );
    }
}

#[test]
fn outcome_for_unknown_operator_or_twice() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    let stranger = addr("stranger");
    rejects(
        &mut ctx,
        ReputationError::UnknownOperator {
            operator: stranger.to_string(),
        },
        |ctx| ctx.report(9, &stranger, &consumer, Outcome::Success, 1),
    );
    rejects(
        &mut ctx,
        ReputationError::BillAlreadyReported { bill_id: 1 },
        |ctx| ctx.report(1, &provider, &consumer, Outcome::Failure, 1),
    );
}

#[test]
fn rating_guards() {
    let World {
        mut ctx,
        provider,
        consumer,
        ..
    } = world();
    for stars in [0u8, 6, 255] {
        rejects(
            &mut ctx,
            ReputationError::StarsOutOfRange { stars },
            |ctx| ctx.rate(&consumer, 1, stars),
        );
    }
    rejects(
        &mut ctx,
        ReputationError::BillNotFound { bill_id: 7 },
        |ctx| ctx.rate(&consumer, 7, 5),
    );
    rejects(
        &mut ctx,
        ReputationError::BillNotSettled { bill_id: 2 },
        |ctx| ctx.rate(&consumer, 2, 5),
    );
    let other = addr("other");
    rejects(
        &mut ctx,
        ReputationError::NotBillConsumer {
            sender: other.clone(),
            bill_id: 1,
        },
        |ctx| ctx.rate(&other, 1, 5),
    );
    rejects(
        &mut ctx,
        ReputationError::SelfRating {
            sender: provider.clone(),
        },
        |ctx| ctx.rate(&provider, 1, 5),
    );
    ctx.rate(&consumer, 1, 4).unwrap();
    rejects(
        &mut ctx,
        ReputationError::AlreadyRated {
            bill_id: 1,
            stars: 4,
        },
        |ctx| ctx.rate(&consumer, 1, 5),
    );
}

#[test]
fn self_rating_of_a_self_dealt_bill() {
    let World {
        mut ctx, provider, ..
    } = world();
    ctx.report(3, &provider, &provider, Outcome::Success, 1)
        .unwrap();
    rejects(
        &mut ctx,
        ReputationError::SelfRating {
            sender: provider.clone(),
        },
        |ctx| ctx.rate(&provider, 3, 5),
    );
}

#[test]
fn attestation_guards() {
    let World {
        mut ctx,
        provider,
        validator,
        consumer,
    } = world();
    rejects(
        &mut ctx,
        ReputationError::AccuracyOutOfRange { accuracy: 101 },
        |ctx| ctx.attest(&validator, &provider, 101),
    );
    rejects(
        &mut ctx,
        ReputationError::SelfAttestation {
            sender: validator.clone(),
        },
        |ctx| ctx.attest(&validator, &validator, 90),
    );
    // Not registered, a provider, a jailed validator: none may attest.
    rejects(
        &mut ctx,
        ReputationError::NotAValidator {
            sender: consumer.clone(),
        },
        |ctx| ctx.attest(&consumer, &provider, 90),
    );
    let other = ctx.register("other-provider", Role::Provider, 10_000);
    rejects(
        &mut ctx,
        ReputationError::NotAValidator {
            sender: other.clone(),
        },
        |ctx| ctx.attest(&other, &provider, 90),
    );
    ctx.set_jailed(&validator, true);
    rejects(
        &mut ctx,
        ReputationError::NotAValidator {
            sender: validator.clone(),
        },
        |ctx| ctx.attest(&validator, &provider, 90),
    );
    ctx.set_jailed(&validator, false);
    let stranger = addr("stranger");
    rejects(
        &mut ctx,
        ReputationError::UnknownOperator {
            operator: stranger.to_string(),
        },
        |ctx| ctx.attest(&validator, &stranger, 90),
    );
    // Registration is free: a validator without a tier (self-bond below Bronze) may not attest.
    let unbonded = ctx.register("unbonded-validator", Role::Validator, 9_999);
    rejects(
        &mut ctx,
        ReputationError::ValidatorNotBonded {
            validator: unbonded.clone(),
            self_bond: Uint128::new(9_999_000_000),
        },
        |ctx| ctx.attest(&unbonded, &provider, 90),
    );
}

#[test]
fn a_validator_attests_an_operator_once_per_cooldown() {
    let World {
        mut ctx,
        provider,
        validator,
        ..
    } = world();
    let other = ctx.register("other-provider", Role::Provider, 10_000);
    ctx.attest(&validator, &provider, 90).unwrap();
    let next_allowed = ctx.env.block.time.plus_seconds(DAY);
    ctx.advance(DAY - 1);
    rejects(
        &mut ctx,
        ReputationError::AttestationTooSoon {
            validator: validator.clone(),
            operator: provider.clone(),
            next_allowed,
        },
        |ctx| ctx.attest(&validator, &provider, 100),
    );
    // The cooldown is per (validator, operator): another operator may be attested.
    ctx.attest(&validator, &other, 90).unwrap();
    ctx.advance(1);
    ctx.attest(&validator, &provider, 100).unwrap();
}

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
fn native_funds_are_refused() {
    let World {
        mut ctx, consumer, ..
    } = world();
    rejects(
        &mut ctx,
        ReputationError::Payment(PaymentError::NonPayable {}),
        |ctx| {
            ctx.exec_funds(
                &consumer,
                &coins(1, "ustake"),
                ExecuteMsg::Rate {
                    bill_id: 1,
                    stars: 5,
                },
            )
        },
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
