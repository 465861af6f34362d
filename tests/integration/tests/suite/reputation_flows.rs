//! Reputation on the full suite: real staking look-ups and jails, the escrow's reports, consumer
//! ratings, validator attestations, history and listing, and O(1) reports. Attacks and bad inputs
//! are in `reputation_adversarial`.

use cosmwasm_std::Decimal;
use infermesh_testing::{AppResponse, Suite};
use infermesh_types::reputation::{Outcome, Params};
use infermesh_types::staking::{self, Role};

use crate::fixtures::{operator, reputation_storage, DAY, UNIT};

fn staking_jails(response: &AppResponse) -> usize {
    response
        .events
        .iter()
        .filter(|e| e.ty == "wasm")
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "action" && a.value == "jail")
        })
        .count()
}

#[test]
fn the_suite_wires_reputation_to_staking_and_the_escrow() {
    let suite = Suite::new();
    let config = suite.reputation_config();
    assert_eq!(&config.staking, suite.staking.addr());
    assert_eq!(&config.escrow, suite.bill_escrow.addr());
    assert_eq!(config.params, Params::default());
    let staking_config: staking::ConfigResponse =
        suite.staking_query(&staking::QueryMsg::Config {});
    assert!(staking_config.jailers.contains(suite.reputation.addr()));
}

#[test]
fn outcomes_ratings_and_attestations_build_a_score() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let validators: Vec<_> = (0..3)
        .map(|i| {
            operator(
                &mut suite,
                &format!("validator{i}"),
                Role::Validator,
                50_000 * UNIT,
            )
        })
        .collect();
    let consumer = suite.addr("consumer");
    let prior = suite.reputation_score(&provider);
    assert_eq!(prior.confidence, Decimal::zero());
    for bill in 0..20 {
        suite
            .report_outcome(bill, &provider, &consumer, Outcome::Success, 80, 1_000)
            .unwrap();
        suite.advance_time(60);
    }
    suite.rate_bill(&consumer, 3, 5).unwrap();
    for v in &validators {
        suite.attest_accuracy(v, &provider, 95).unwrap();
    }
    let score = suite.reputation_score(&provider);
    assert_eq!(score.jobs_30d, 20);
    assert_eq!(score.success_rate_30d, Some(Decimal::one()));
    assert_eq!(score.avg_latency_ms_30d, Some(80));
    assert_eq!(
        score.rating_average,
        Some(Decimal::from_ratio(5u128, 1u128))
    );
    assert_eq!(score.accuracy, 65);
    assert_eq!(score.attestation_count, 3);
    assert_eq!(score.self_bond.u128(), 10_000 * UNIT);
    assert!(score.score > prior.score);
    assert_eq!(suite.reputation_bill(3).and_then(|b| b.stars), Some(5));
    let multiplier = suite.reputation_multiplier(&provider);
    assert_eq!(multiplier.speed, Decimal::permille(1_200));
    assert_eq!(multiplier.multiplier, multiplier.speed * multiplier.quality);
    // Listing and history.
    let listing = suite.reputation_operators(None, None);
    assert_eq!(listing.operators[0].operator, provider);
    let height = suite.app.block_info().height;
    suite.advance_blocks(1);
    assert_eq!(
        suite
            .reputation_score_at_height(&provider, height + 1)
            .score,
        Some(score.stored_score)
    );
}

#[test]
fn a_falling_score_jails_in_staking_once_per_fall() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 0);
    let consumer = suite.addr("consumer");
    let mut jails = 0;
    for bill in 0..40 {
        let response = suite
            .report_outcome(bill, &provider, &consumer, Outcome::Failure, 0, 10)
            .unwrap();
        jails += staking_jails(&response);
        suite.advance_time(60);
    }
    assert_eq!(jails, 1);
    assert!(suite.operator_status(&provider).jailed);
    assert!(suite.reputation_score(&provider).below_threshold);
}

#[test]
fn a_refused_jail_does_not_undo_the_report() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 0);
    let consumer = suite.addr("consumer");
    let owner = suite.owner.clone();
    suite
        .staking_execute(
            &owner,
            &staking::ExecuteMsg::UpdateConfig {
                slashers: None,
                jailers: Some(vec![]),
                guardian: None,
            },
        )
        .unwrap();
    let mut failed = 0;
    for bill in 0..40 {
        let response = suite
            .report_outcome(bill, &provider, &consumer, Outcome::Failure, 0, 10)
            .unwrap();
        failed += response
            .events
            .iter()
            .flat_map(|e| e.attributes.iter())
            .filter(|a| a.key == "action" && a.value == "jail_failed")
            .count();
    }
    assert!(failed > 1, "retried on each event below the threshold");
    assert!(!suite.operator_status(&provider).jailed);
    assert_eq!(suite.reputation_score(&provider).jobs_30d, 40);
}

/// docs/reputation.md §2: O(1) per event. A report adds, changes and removes the same number of storage
/// keys of the reputation contract after 10 and after 10,000 earlier events.
#[test]
fn a_report_writes_the_same_keys_after_10_and_10000_events() {
    fn keys_touched_after(earlier: u64) -> (usize, usize, usize) {
        let mut suite = Suite::new();
        let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
        let consumer = suite.addr("consumer");
        let step = (90 * DAY / earlier).max(5);
        for bill in 0..earlier {
            let outcome = if bill % 4 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            suite
                .report_outcome(bill, &provider, &consumer, outcome, 100 + bill % 90, 10)
                .unwrap();
            suite.advance_time(step);
        }
        let before = reputation_storage(&suite);
        suite
            .report_outcome(earlier, &provider, &consumer, Outcome::Success, 120, 10)
            .unwrap();
        let after = reputation_storage(&suite);
        let added = after.keys().filter(|k| !before.contains_key(*k)).count();
        let removed = before.keys().filter(|k| !after.contains_key(*k)).count();
        let changed = after
            .iter()
            .filter(|(k, v)| before.get(*k).is_some_and(|old| old != *v))
            .count();
        (added, removed, changed)
    }
    let small = keys_touched_after(10);
    let large = keys_touched_after(10_000);
    assert_eq!(small, large);
}
