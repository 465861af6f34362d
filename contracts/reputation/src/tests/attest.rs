//! Validator attestations: the clip on one attestation, the bounded attester set; who may attest,
//! the accuracy range, the per-operator cooldown.

use cosmwasm_std::Uint128;
use infermesh_types::reputation::{
    AttestationsResponse, ExecuteMsg, Params, QueryMsg, BUCKET_SECONDS,
};
use infermesh_types::staking::Role;

use super::helpers::*;
use crate::error::ReputationError;

#[test]
fn accuracy_leaves_the_prior_with_three_attesters_holding_a_tenth_of_validator_stake() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let v: Vec<_> = (0..3)
        .map(|i| ctx.register(&format!("v{i}"), Role::Validator, 10_000))
        .collect();
    // Bonded validator stake 300,000: the three hold 30,000, exactly 10 %.
    let whale = ctx.register("whale", Role::Validator, 270_000);
    for validator in &v[..2] {
        let response = ctx.attest(validator, &provider, 100).unwrap();
        assert_eq!(attr(&response, "aggregated_accuracy"), Some("50"));
    }
    let response = ctx.attest(&v[2], &provider, 100).unwrap();
    assert_eq!(attr(&response, "aggregated_accuracy"), Some("55"));
    // One more token of validator stake elsewhere and the three hold less than 10 %: the next
    // refresh returns accuracy to the prior.
    ctx.set_bonded(&whale, 270_001);
    let response = ctx
        .exec(
            &addr("anyone"),
            ExecuteMsg::Refresh {
                operator: provider.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&response, "aggregated_accuracy"), Some("50"));
    assert_eq!(ctx.score(&provider).accuracy, 50);
}

#[test]
fn an_attestation_weighs_the_lesser_of_its_stake_then_and_now() {
    let mut ctx = Ctx::with_params(Some(Params {
        max_attesters: 3,
        ..Params::default()
    }));
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let v: Vec<_> = [20_000u128, 30_000, 40_000, 10_000]
        .iter()
        .enumerate()
        .map(|(i, bond)| ctx.register(&format!("v{i}"), Role::Validator, *bond))
        .collect();
    for validator in &v[..3] {
        ctx.attest(validator, &provider, 80).unwrap();
    }
    assert_eq!(ctx.score(&provider).accuracy, 55);
    // v1 bonded 30,000 when it attested and keeps 5,000: it weighs 5,000, lighter than the
    // newcomer's 10,000, which evicts it; a refresh never moves the aggregate on its own.
    ctx.set_bonded(&v[1], 5_000);
    ctx.attest(&v[3], &provider, 80).unwrap();
    let set: AttestationsResponse = ctx.query(QueryMsg::Attestations {
        operator: provider.to_string(),
    });
    let members: Vec<_> = set.attestations.iter().map(|a| &a.validator).collect();
    assert!(!members.contains(&&v[1]), "{members:?}");
    assert_eq!(set.accuracy, 60);
    // Every member's stake leaves: no weight, no qualified set, the prior on the next refresh.
    for validator in [&v[0], &v[2], &v[3]] {
        ctx.set_bonded(validator, 0);
    }
    ctx.exec(
        &addr("anyone"),
        ExecuteMsg::Refresh {
            operator: provider.to_string(),
        },
    )
    .unwrap();
    assert_eq!(ctx.score(&provider).accuracy, 50);
}

#[test]
fn one_attestation_moves_accuracy_at_most_the_clip_bound() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let validators: Vec<_> = (0..5)
        .map(|i| ctx.register(&format!("validator{i}"), Role::Validator, 50_000))
        .collect();
    for v in &validators {
        ctx.attest(v, &provider, 90).unwrap();
    }
    // The prior (50) until three attesters; then 55 → 60 → 65 after five honest attestations.
    assert_eq!(ctx.score(&provider).accuracy, 65);
    // A liar at 0 (after its cooldown) moves it by at most 5 — here not at all toward 0: the
    // median is still 90.
    ctx.advance(DAY);
    let response = ctx.attest(&validators[0], &provider, 0).unwrap();
    assert_eq!(attr(&response, "aggregated_accuracy"), Some("70"));
    let set: AttestationsResponse = ctx.query(QueryMsg::Attestations {
        operator: provider.to_string(),
    });
    assert_eq!(set.attestations.len(), 5);
    assert_eq!(ctx.score(&provider).attestation_count, 5);
}

#[test]
fn the_attester_set_is_bounded_and_keeps_the_heaviest() {
    let mut ctx = Ctx::with_params(Some(Params {
        max_attesters: 3,
        ..Params::default()
    }));
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let v: Vec<_> = [20_000u128, 30_000, 40_000, 10_000, 25_000]
        .iter()
        .enumerate()
        .map(|(i, bond)| ctx.register(&format!("v{i}"), Role::Validator, *bond))
        .collect();
    for validator in &v[..3] {
        ctx.attest(validator, &provider, 80).unwrap();
    }
    let before = ctx.dump();
    assert_eq!(
        ctx.attest(&v[3], &provider, 80).unwrap_err(),
        ReputationError::AttesterSetFull {
            operator: provider.clone(),
            stake: Uint128::new(10_000_000_000),
            min_stake: Uint128::new(20_000_000_000),
        }
    );
    assert_eq!(ctx.dump(), before);
    // Heavier than the lightest (20,000): replaces it.
    ctx.attest(&v[4], &provider, 80).unwrap();
    let set: AttestationsResponse = ctx.query(QueryMsg::Attestations {
        operator: provider.to_string(),
    });
    let members: Vec<_> = set
        .attestations
        .iter()
        .map(|a| a.validator.clone())
        .collect();
    assert_eq!(members.len(), 3);
    assert!(!members.contains(&v[0]));
    assert!(members.contains(&v[4]));
    // After 90 days the stale entries give way to anyone.
    ctx.advance(18 * BUCKET_SECONDS + 1);
    ctx.attest(&v[3], &provider, 80).unwrap();
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
