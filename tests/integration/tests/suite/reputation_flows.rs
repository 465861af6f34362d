//! Reputation on the full suite: real staking look-ups and jails, the escrow's batched reports,
//! consumer ratings of the escrow's bills, validator attestations, history and listing, and O(1)
//! reports. Attacks and bad inputs are in `reputation_adversarial`.

use cosmwasm_std::{Addr, Decimal};
use infermesh_testing::{AppResponse, Suite};
use infermesh_types::reputation::{Outcome, Params, BUCKET_SECONDS};
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

/// A bonded gateway that signs its consent to route (a key account), and a consumer holding
/// `funds`.
fn gateway_and_consumer(suite: &mut Suite, funds: u128) -> (Addr, Addr) {
    let gateway = suite.key_account("gateway").address;
    suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
    let consumer = suite.addr("consumer");
    suite.staking_fund(&consumer, funds).unwrap();
    (gateway, consumer)
}

/// 20 jobs reported in one batch, one real job through the escrow rated by its consumer, three
/// attestations.
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
    let (gateway, consumer) = gateway_and_consumer(&mut suite, 1_000 * UNIT);
    let prior = suite.reputation_score(&provider);
    assert_eq!(prior.confidence, Decimal::zero());
    let jobs: Vec<_> = (0..20)
        .map(|_| suite.job_outcome(&provider, Outcome::Success, 80, 1_000, 500 * UNIT))
        .collect();
    let response = suite
        .report_outcomes(&Suite::outcome_batch(&provider, &jobs))
        .unwrap();
    assert_eq!(
        infermesh_testing::attribute(&response, "jobs").as_deref(),
        Some("20")
    );
    // 2,000 units: 100 tokens charged.
    let bill = suite
        .rated_job(&consumer, &provider, &gateway, 2_000, 80, 5)
        .unwrap();
    assert_eq!(suite.reputation_rating(bill), Some(5));
    for v in &validators {
        suite.attest_accuracy(v, &provider, 95).unwrap();
    }
    let score = suite.reputation_score(&provider);
    assert_eq!(score.jobs_30d, 21);
    assert_eq!(score.success_rate_30d, Some(Decimal::one()));
    assert_eq!(score.avg_latency_ms_30d, Some(80));
    assert_eq!(
        score.rating_average,
        Some(Decimal::from_ratio(5u128, 1u128))
    );
    // The prior (50) until the third attester; then one step of 5.
    assert_eq!(score.accuracy, 55);
    assert_eq!(score.attestation_count, 3);
    // 20 jobs of 500 tokens and one of 100: about half of the 20,000 tokens of full confidence.
    assert_eq!(score.value_90d.u128(), 10_100 * UNIT);
    assert_eq!(score.confidence, Decimal::permille(505));
    assert_eq!(score.self_bond.u128(), 10_000 * UNIT);
    assert!(score.score > prior.score);
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

/// The value rules leave an honest provider its way to 900 (docs/reputation.md §4): a Silver
/// provider paid 20,000 tokens over 20 days (ten 100-token jobs a day, 1 % failed, most within
/// its advertised latency), rated 5 or 4 stars on a fifth of its jobs, and attested 95 by three
/// validators, scores above 900 with full confidence. The rated jobs are real bills through the
/// escrow; the others reach reputation as the escrow sends them, one batch a day.
#[test]
fn an_honest_provider_reaches_900_with_paid_volume() {
    let mut suite = Suite::new();
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
    let provider = operator(&mut suite, "provider", Role::Provider, 50_000 * UNIT);
    let (gateway, consumer) = gateway_and_consumer(&mut suite, 5_000 * UNIT);
    let mut job_number = 0u64;
    for day in 0..20 {
        let mut batch = vec![];
        for job in 0..10u64 {
            job_number += 1;
            let latency = 120 + (job_number % 7) * 10;
            if job == 0 || job == 5 {
                // 2,000 units: 100 tokens charged.
                let stars = if job_number.is_multiple_of(3) { 4 } else { 5 };
                suite
                    .rated_job(&consumer, &provider, &gateway, 2_000, latency, stars)
                    .unwrap();
                continue;
            }
            let outcome = if job_number.is_multiple_of(100) {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            batch.push(suite.job_outcome(&provider, outcome, latency, 2_000, 100 * UNIT));
        }
        suite
            .report_outcomes(&Suite::outcome_batch(&provider, &batch))
            .unwrap();
        if day < 5 {
            for v in &validators {
                suite.attest_accuracy(v, &provider, 95).unwrap();
            }
        }
        suite.advance_time(DAY);
    }
    let score = suite.reputation_score(&provider);
    assert_eq!(score.value_90d.u128(), 20_000 * UNIT);
    assert_eq!((score.jobs_90d, score.ratings_90d), (200, 40));
    assert_eq!(score.confidence, Decimal::one());
    assert_eq!(score.accuracy, 95);
    assert!(score.score >= 900, "{score:?}");
}

#[test]
fn a_falling_score_jails_in_staking_once_per_fall() {
    let mut suite = Suite::new();
    let provider = operator(&mut suite, "provider", Role::Provider, 0);
    let mut jails = 0;
    for _ in 0..40 {
        let response = suite
            .report_job(&provider, Outcome::Failure, 0, 10, 500 * UNIT)
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
    let owner = suite.owner.clone();
    suite
        .staking_execute(
            &owner,
            &staking::ExecuteMsg::UpdateConfig {
                slashers: None,
                jailers: Some(vec![]),
                guardian: None,
                distributor: None,
            },
        )
        .unwrap();
    let mut failed = 0;
    for _ in 0..40 {
        let response = suite
            .report_job(&provider, Outcome::Failure, 0, 10, 500 * UNIT)
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

/// docs/reputation.md §2: O(1) per event. A report writes and removes the same number of storage
/// keys of the reputation contract after 10 and after 10,000 earlier events, both as the operator's
/// first report in a new bucket (which moves the previous bucket into the history) and as a later
/// one in the same bucket; the bytes it writes differ only by the digits of the longer history's
/// sums. The measured reports are costly failures, so the score (and with it its index entry) moves
/// in both cases.
#[test]
fn a_report_writes_the_same_keys_after_10_and_10000_events() {
    /// (keys written, keys removed, bytes written) of a report opening a new bucket, then of one in
    /// the same bucket.
    fn keys_touched_after(earlier: u64) -> [(usize, usize, usize); 2] {
        let mut suite = Suite::new();
        let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
        let step = (90 * DAY / earlier).max(5);
        for event in 0..earlier {
            let outcome = if event % 4 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            };
            suite
                .report_job(&provider, outcome, 100 + event % 90, 10, UNIT)
                .unwrap();
            suite.advance_time(step);
        }
        // To the next bucket's first second.
        let seconds = suite.now().seconds();
        suite.advance_time(BUCKET_SECONDS - seconds % BUCKET_SECONDS);
        [earlier, earlier + 1].map(|_| {
            let before = reputation_storage(&suite);
            suite
                .report_job(&provider, Outcome::Failure, 0, 10, 5_000 * UNIT)
                .unwrap();
            suite.advance_time(5);
            let after = reputation_storage(&suite);
            let removed = before.keys().filter(|k| !after.contains_key(*k)).count();
            let written: Vec<usize> = after
                .iter()
                .filter(|(k, v)| before.get(*k) != Some(*v))
                .map(|(_, v)| v.len())
                .collect();
            (written.len(), removed, written.iter().sum())
        })
    }
    let small = keys_touched_after(10);
    let large = keys_touched_after(10_000);
    for (small, large) in small.iter().zip(&large) {
        assert_eq!(
            (small.0, small.1),
            (large.0, large.1),
            "{small:?} {large:?}"
        );
        assert!(large.2 <= small.2 + 64, "{small:?} {large:?}");
    }
    // The new bucket's report also writes the bucket it moved into the history.
    assert_eq!(small[0].0, small[1].0 + 1);
}
