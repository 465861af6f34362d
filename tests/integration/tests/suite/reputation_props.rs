//! Property tests of the reputation score on the full suite: bounds under any batches, ratings,
//! attestations and time; attestation clipping; successes above failures; a batch scoring as
//! its jobs reported one by one.

use infermesh_testing::Suite;
use infermesh_types::reputation::{Outcome, Params, ScoreResponse, Weights, MAX_SCORE};
use infermesh_types::staking::Role;
use proptest::prelude::*;

use crate::fixtures::{operator, proptest_config, DAY, UNIT};

/// A job: outcome code (see [`outcome`]), latency, value in base units.
type Job = (u8, u64, u128);

fn job() -> impl Strategy<Value = Job> {
    (0u8..3, 0u64..2_000, 1u128..5_000 * UNIT)
}

#[derive(Debug, Clone)]
enum Op {
    /// The escrow reports a batch of the provider's jobs.
    Report {
        provider: usize,
        jobs: Vec<Job>,
    },
    /// A real job of `units` through the escrow, rated.
    RatedJob {
        provider: usize,
        units: u128,
        latency_ms: u64,
        stars: u8,
    },
    Attest {
        validator: usize,
        provider: usize,
        accuracy: u8,
    },
    Advance {
        seconds: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..2, prop::collection::vec(job(), 1..5)).prop_map(|(provider, jobs)| Op::Report {
            provider,
            jobs,
        }),
        2 => (0usize..2, 1u128..2_000, 0u64..2_000, 1u8..=5).prop_map(|(provider, units, latency_ms, stars)| Op::RatedJob {
            provider,
            units,
            latency_ms,
            stars,
        }),
        2 => (0usize..3, 0usize..2, 0u8..=100).prop_map(|(validator, provider, accuracy)| Op::Attest {
            validator,
            provider,
            accuracy
        }),
        1 => (0u64..40 * DAY).prop_map(|seconds| Op::Advance { seconds }),
    ]
}

fn outcome(code: u8) -> Outcome {
    match code {
        0 => Outcome::Success,
        1 => Outcome::Failure,
        _ => Outcome::Timeout,
    }
}

/// `jobs` of `provider` summed into one batch, as the escrow sums them.
fn batch(
    suite: &Suite,
    provider: &cosmwasm_std::Addr,
    jobs: &[Job],
) -> infermesh_types::reputation::OutcomeBatch {
    let jobs: Vec<_> = jobs
        .iter()
        .map(|&(code, latency_ms, value)| {
            suite.job_outcome(provider, outcome(code), latency_ms, 10, value)
        })
        .collect();
    Suite::outcome_batch(provider, &jobs)
}

/// Five percentages summing to exactly 100.
fn weights() -> impl Strategy<Value = Weights> {
    (0u16..=100, 0u16..=100, 0u16..=100, 0u16..=100).prop_map(|(a, b, c, d)| {
        let mut cuts = [a, b, c, d];
        cuts.sort_unstable();
        Weights {
            success_rate: cuts[0],
            latency: cuts[1] - cuts[0],
            rating: cuts[2] - cuts[1],
            accuracy: cuts[3] - cuts[2],
            stake: 100 - cuts[3],
        }
    })
}

proptest! {
    #![proptest_config(proptest_config(64))]

    /// The score, stored and live, and every component stay within 0–1000.
    #[test]
    fn score_stays_within_bounds(
        weights in weights(),
        stakes in prop::collection::vec(0u128..3_000_000, 2),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut suite = Suite::new();
        suite.update_reputation_params(Params { weights, ..Params::default() }).unwrap();
        let providers = [
            operator(&mut suite, "p0", Role::Provider, stakes[0] * UNIT),
            operator(&mut suite, "p1", Role::Provider, stakes[1] * UNIT),
        ];
        let validators: Vec<_> = (0..3)
            .map(|i| operator(&mut suite, &format!("v{i}"), Role::Validator, (i + 1) * 10_000 * UNIT))
            .collect();
        let gateway = suite.key_account("gateway").address;
        suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
        let consumer = suite.addr("consumer");
        suite.staking_fund(&consumer, 100_000 * UNIT).unwrap();
        for op in ops {
            match op {
                Op::Report { provider, jobs } => {
                    let batch = batch(&suite, &providers[provider], &jobs);
                    suite.report_outcomes(&batch).unwrap();
                }
                Op::RatedJob { provider, units, latency_ms, stars } => {
                    // The escrow refuses a provider below the model's tier: the job may not happen,
                    // but must never panic or break bounds.
                    let _ = suite.rated_job(&consumer, &providers[provider], &gateway, units, latency_ms, stars);
                }
                Op::Attest { validator, provider, accuracy } => {
                    // Past the one-day cooldown of any earlier attestation of the pair.
                    suite.advance_time(DAY);
                    suite.attest_accuracy(&validators[validator], &providers[provider], accuracy).unwrap();
                }
                Op::Advance { seconds } => suite.advance_time(seconds),
            }
            for provider in &providers {
                let score = suite.reputation_score(provider);
                prop_assert!(score.score <= MAX_SCORE);
                prop_assert!(score.stored_score <= MAX_SCORE);
                prop_assert!(score.measured <= MAX_SCORE);
                let c = &score.components;
                for value in [c.success_rate, c.latency, c.rating, c.accuracy, c.stake] {
                    prop_assert!(value <= MAX_SCORE);
                }
                prop_assert!(score.accuracy <= 100);
                prop_assert!(score.confidence <= cosmwasm_std::Decimal::one());
            }
        }
    }

    /// One validator's attestation, whatever its value, moves the aggregated accuracy by at most
    /// the clipping bound.
    #[test]
    fn one_attestation_moves_accuracy_at_most_the_clip(
        step in 1u8..=20,
        // Validators attest only with a tier: at least Bronze's 10,000-token self-bond.
        honest in prop::collection::vec((0u8..=100, 10_000u128..500_000), 0..8),
        attacker_stake in 10_000u128..5_000_000,
        value in 0u8..=100,
    ) {
        let mut suite = Suite::new();
        suite.update_reputation_params(Params { max_accuracy_step: step, ..Params::default() }).unwrap();
        let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
        for (i, (accuracy, stake)) in honest.iter().enumerate() {
            let v = operator(&mut suite, &format!("v{i}"), Role::Validator, stake * UNIT);
            suite.attest_accuracy(&v, &provider, *accuracy).unwrap();
        }
        let attacker = operator(&mut suite, "attacker", Role::Validator, attacker_stake * UNIT);
        for attempt in 0..3 {
            // Each attempt waits out the attacker's one-day cooldown.
            if attempt > 0 {
                suite.advance_time(DAY);
            }
            let before = suite.reputation_score(&provider).accuracy;
            suite.attest_accuracy(&attacker, &provider, if attempt == 1 { 100 - value } else { value }).unwrap();
            let after = suite.reputation_score(&provider).accuracy;
            prop_assert!(before.abs_diff(after) <= step, "{before} -> {after} with step {step}");
        }
    }

    /// One attester, whatever its stake and however often it attests, never moves the aggregate
    /// outside the range of the other attesters' values (and where the aggregate stood): no
    /// attester weighs more than a third of the set, so the median is never its value alone.
    #[test]
    fn one_attester_never_moves_accuracy_outside_the_others_range(
        honest in prop::collection::vec((0u8..=100, 10_000u128..200_000), 3..8),
        attacker_stake in 10_000u128..5_000_000,
        lies in prop::collection::vec(0u8..=100, 1..12),
    ) {
        let mut suite = Suite::new();
        let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
        for (i, (accuracy, stake)) in honest.iter().enumerate() {
            let v = operator(&mut suite, &format!("v{i}"), Role::Validator, stake * UNIT);
            suite.attest_accuracy(&v, &provider, *accuracy).unwrap();
        }
        let start = suite.reputation_score(&provider).accuracy;
        let lo = honest.iter().map(|(a, _)| *a).min().unwrap().min(start);
        let hi = honest.iter().map(|(a, _)| *a).max().unwrap().max(start);
        let attacker = operator(&mut suite, "attacker", Role::Validator, attacker_stake * UNIT);
        for lie in lies {
            suite.attest_accuracy(&attacker, &provider, lie).unwrap();
            let accuracy = suite.reputation_score(&provider).accuracy;
            prop_assert!((lo..=hi).contains(&accuracy), "{accuracy} outside {lo}..={hi}");
            suite.advance_time(DAY);
        }
    }

    /// A provider with only successes never scores below one with only failures, whatever the
    /// weights, counts, latencies and timing, at equal stake.
    #[test]
    fn successes_never_score_below_failures(
        weights in weights(),
        stake in 0u128..3_000_000,
        value in 1u128..2_000 * UNIT,
        successes in prop::collection::vec((0u64..5_000, 0u64..3 * DAY), 1..30),
        failures in prop::collection::vec((0u64..5_000, 0u64..3 * DAY, any::<bool>()), 1..30),
    ) {
        let mut suite = Suite::new();
        suite.update_reputation_params(Params { weights, jail_threshold: 0, ..Params::default() }).unwrap();
        let good = operator(&mut suite, "good", Role::Provider, stake * UNIT);
        let bad = operator(&mut suite, "bad", Role::Provider, stake * UNIT);
        let rounds = successes.len().max(failures.len());
        for i in 0..rounds {
            if let Some((latency, wait)) = successes.get(i) {
                suite.report_job(&good, Outcome::Success, *latency, 10, value).unwrap();
                suite.advance_time(*wait);
            }
            if let Some((latency, wait, timeout)) = failures.get(i) {
                let outcome = if *timeout { Outcome::Timeout } else { Outcome::Failure };
                suite.report_job(&bad, outcome, *latency, 10, value).unwrap();
                suite.advance_time(*wait);
            }
            let g = suite.reputation_score(&good).score;
            let b = suite.reputation_score(&bad).score;
            prop_assert!(g >= b, "successes {g} < failures {b}");
        }
    }

    /// Batch additivity on the suite: jobs added one by one into batches of any sizes, each
    /// reported once, score exactly as the same jobs reported one per report (the escrow's
    /// former report per bill), at every step of time that follows.
    #[test]
    fn a_batch_scores_as_its_jobs_reported_one_by_one(
        stake in 0u128..3_000_000,
        jobs in prop::collection::vec(job(), 1..30),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        waits in prop::collection::vec(0u64..40 * DAY, 1..4),
    ) {
        let mut suite = Suite::new();
        let batched = operator(&mut suite, "batched", Role::Provider, stake * UNIT);
        let single = operator(&mut suite, "single", Role::Provider, stake * UNIT);
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c.index(jobs.len() + 1)).collect();
        cuts.push(jobs.len());
        cuts.sort_unstable();
        let mut start = 0;
        for end in cuts {
            if end > start {
                let batch = batch(&suite, &batched, &jobs[start..end]);
                suite.report_outcomes(&batch).unwrap();
            }
            start = end;
        }
        for job in &jobs {
            let batch = batch(&suite, &single, std::slice::from_ref(job));
            suite.report_outcomes(&batch).unwrap();
        }
        let same = |suite: &Suite| -> (ScoreResponse, ScoreResponse) {
            let a = suite.reputation_score(&batched);
            let b = ScoreResponse { operator: batched.clone(), ..suite.reputation_score(&single) };
            (a, b)
        };
        let (a, b) = same(&suite);
        prop_assert_eq!(a, b);
        for wait in waits {
            suite.advance_time(wait);
            let (a, b) = same(&suite);
            prop_assert_eq!(a, b);
        }
    }
}
