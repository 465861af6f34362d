//! Reputation attacks and bad inputs: reports not from the escrow or about unknown operators;
//! ratings by someone other than the bill's consumer, of unsettled or unknown bills, out of range,
//! self-ratings and re-ratings; attestations by non-validators, jailed, unbonded or below-Bronze
//! (sybil) validators, self-attestations, out of range, and repeated within the cooldown; weights
//! that do not sum to 100; native funds. Each is a typed error that leaves storage unchanged.

use cosmwasm_std::{coins, Uint128};
use infermesh_reputation::ReputationError;
use infermesh_testing::{Executor, Suite};
use infermesh_types::reputation::{ExecuteMsg, Outcome, Params, Weights};
use infermesh_types::staking::Role;

use crate::fixtures::{fund_native, operator, rep_err, reputation_storage, DAY, NATIVE, UNIT};
use infermesh_kit::ValidationError;
use infermesh_types::reputation::OutcomeReport;

/// A validator needs a tier in staking (self-bond ≥ Bronze) to attest, and attests one operator
/// at most once per cooldown (default 1 day), so repeating itself cannot walk the aggregate.
#[test]
fn attesters_need_a_tier_and_wait_out_the_cooldown() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let registered_only = operator(&mut suite, "registered-only", Role::Validator, 0);
    let below_bronze = operator(&mut suite, "below-bronze", Role::Validator, 9_999 * UNIT);
    let before = reputation_storage(&suite);
    assert_eq!(
        rep_err(suite.attest_accuracy(&registered_only, &provider, 100)),
        ReputationError::ValidatorNotBonded {
            validator: registered_only.clone(),
            self_bond: Uint128::zero(),
        }
    );
    assert_eq!(
        rep_err(suite.attest_accuracy(&below_bronze, &provider, 100)),
        ReputationError::ValidatorNotBonded {
            validator: below_bronze.clone(),
            self_bond: Uint128::new(9_999 * UNIT),
        }
    );
    assert_eq!(reputation_storage(&suite), before);

    suite.attest_accuracy(&validator, &provider, 100).unwrap();
    let accuracy = suite.reputation_score(&provider).accuracy;
    let next_allowed = suite.now().plus_seconds(DAY);
    let before = reputation_storage(&suite);
    for _ in 0..3 {
        assert_eq!(
            rep_err(suite.attest_accuracy(&validator, &provider, 100)),
            ReputationError::AttestationTooSoon {
                validator: validator.clone(),
                operator: provider.clone(),
                next_allowed,
            }
        );
        suite.advance_time(60);
    }
    assert_eq!(reputation_storage(&suite), before);
    assert_eq!(suite.reputation_score(&provider).accuracy, accuracy);
    suite.advance_time(DAY);
    suite.attest_accuracy(&validator, &provider, 100).unwrap();
    assert_eq!(suite.reputation_score(&provider).accuracy, accuracy + 5);
}

#[test]
fn bad_inputs_are_typed_errors() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let consumer = suite.addr("consumer");
    let stranger = suite.addr("stranger");
    suite
        .report_outcome(1, &provider, &consumer, Outcome::Success, 100, 1)
        .unwrap();
    suite
        .report_outcome(2, &provider, &consumer, Outcome::Timeout, 0, 0)
        .unwrap();
    let before = reputation_storage(&suite);

    assert_eq!(
        rep_err(suite.report_outcome_as(
            &consumer,
            OutcomeReport {
                bill_id: 3,
                operator: provider.to_string(),
                consumer: consumer.to_string(),
                outcome: Outcome::Success,
                latency_ms: 1,
                compute_units: Uint128::new(1),
            },
        )),
        ReputationError::NotEscrow {
            sender: consumer.clone(),
            escrow: suite.bill_escrow.addr().clone(),
        }
    );
    assert_eq!(
        rep_err(suite.report_outcome(3, &stranger, &consumer, Outcome::Success, 1, 1)),
        ReputationError::UnknownOperator {
            operator: stranger.to_string()
        }
    );
    assert_eq!(
        rep_err(suite.rate_bill(&stranger, 1, 5)),
        ReputationError::NotBillConsumer {
            sender: stranger.clone(),
            bill_id: 1
        }
    );
    assert_eq!(
        rep_err(suite.rate_bill(&consumer, 2, 5)),
        ReputationError::BillNotSettled { bill_id: 2 }
    );
    assert_eq!(
        rep_err(suite.rate_bill(&consumer, 9, 5)),
        ReputationError::BillNotFound { bill_id: 9 }
    );
    assert_eq!(
        rep_err(suite.rate_bill(&consumer, 1, 6)),
        ReputationError::StarsOutOfRange { stars: 6 }
    );
    assert_eq!(
        rep_err(suite.rate_bill(&provider, 1, 5)),
        ReputationError::SelfRating {
            sender: provider.clone()
        }
    );
    assert_eq!(
        rep_err(suite.attest_accuracy(&provider, &validator, 50)),
        ReputationError::NotAValidator {
            sender: provider.clone()
        }
    );
    assert_eq!(
        rep_err(suite.attest_accuracy(&validator, &validator, 50)),
        ReputationError::SelfAttestation {
            sender: validator.clone()
        }
    );
    assert_eq!(
        rep_err(suite.attest_accuracy(&validator, &provider, 101)),
        ReputationError::AccuracyOutOfRange { accuracy: 101 }
    );
    assert_eq!(
        rep_err(suite.attest_accuracy(&validator, &stranger, 50)),
        ReputationError::UnknownOperator {
            operator: stranger.to_string()
        }
    );
    assert_eq!(
        rep_err(suite.update_reputation_params(Params {
            weights: Weights {
                success_rate: 50,
                latency: 50,
                rating: 50,
                accuracy: 0,
                stake: 0,
            },
            ..Params::default()
        })),
        ReputationError::Validation(ValidationError::InvalidParams {
            reason: "weights sum to 150; they must sum to 100".to_string(),
        })
    );
    let reputation = suite.reputation.addr().clone();
    fund_native(&mut suite, &consumer, 1);
    assert_eq!(
        rep_err(suite.app.execute_contract(
            consumer.clone(),
            reputation,
            &ExecuteMsg::Rate {
                bill_id: 1,
                stars: 5
            },
            &coins(1, NATIVE),
        )),
        ReputationError::Payment(cw_utils::PaymentError::NonPayable {})
    );
    assert_eq!(reputation_storage(&suite), before);

    // A jailed validator may not attest.
    let owner = suite.owner.clone();
    suite.jail(&owner, &validator, None).unwrap();
    assert_eq!(
        rep_err(suite.attest_accuracy(&validator, &provider, 50)),
        ReputationError::NotAValidator {
            sender: validator.clone()
        }
    );
    // Rated once.
    suite.rate_bill(&consumer, 1, 4).unwrap();
    assert_eq!(
        rep_err(suite.rate_bill(&consumer, 1, 5)),
        ReputationError::AlreadyRated {
            bill_id: 1,
            stars: 4
        }
    );
}

/// Economic security: bill ids restart in a new escrow. Keyed by id alone, its reports collided
/// with the old escrow's and were refused (silently: the escrow's hook only logs a failure), so
/// the new escrow's outcomes never reached the score.
#[test]
fn a_second_escrows_bill_ids_do_not_collide() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let consumer = suite.addr("consumer");
    suite
        .report_outcome(1, &provider, &consumer, Outcome::Success, 100, 1)
        .unwrap();
    let second = suite.addr("second-escrow");
    let owner = suite.owner.clone();
    suite
        .reputation_execute(
            &owner,
            &infermesh_types::reputation::ExecuteMsg::UpdateConfig {
                staking: None,
                escrow: Some(second.to_string()),
                params: None,
            },
        )
        .unwrap();
    suite
        .report_outcome_as(
            &second,
            OutcomeReport {
                bill_id: 1,
                operator: provider.to_string(),
                consumer: consumer.to_string(),
                outcome: Outcome::Failure,
                latency_ms: 0,
                compute_units: Uint128::new(1),
            },
        )
        .unwrap();
    let record = suite
        .reputation_bill(1)
        .expect("the second escrow's bill 1");
    assert_eq!(record.outcome, Outcome::Failure);
    // The second escrow still reports each of its bills once.
    let again = suite.report_outcome_as(
        &second,
        OutcomeReport {
            bill_id: 1,
            operator: provider.to_string(),
            consumer: consumer.to_string(),
            outcome: Outcome::Success,
            latency_ms: 1,
            compute_units: Uint128::new(1),
        },
    );
    assert_eq!(
        rep_err(again),
        ReputationError::BillAlreadyReported { bill_id: 1 }
    );
}
