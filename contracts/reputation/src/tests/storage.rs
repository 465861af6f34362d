//! The packed operator record and its history (docs/reputation.md §3): scores unchanged by the
//! layout, the bytes stored per operator bounded, a report's writes independent of history.

use cosmwasm_std::{Addr, Order, Storage};
use infermesh_types::reputation::{
    ExecuteMsg, Outcome, ScoreResponse, BUCKET_SECONDS, WINDOW_BUCKETS,
};
use infermesh_types::staking::{Role, TOKEN_UNIT};

use super::helpers::*;
use crate::state::{HISTORY, MAX_BUCKET_BYTES, MAX_RECORD_BYTES, OPERATORS};

/// FNV-1a over the debug form of every score seen.
fn fnv(hash: &mut u64, text: &str) {
    for byte in text.bytes() {
        *hash ^= u64::from(byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// A deterministic mix of reports (all outcomes, values and latencies), ratings, attestations
/// and refreshes over about 290 days for a busy operator (idle for a month in the middle) and a
/// sparse one (idle for longer than the window). Returns the busy operator's stored score every
/// 25 steps and a hash of both operators' full `Score` after every step.
fn scenario() -> (Vec<u16>, u64) {
    let mut ctx = Ctx::new();
    let busy = ctx.register("busy", Role::Provider, 10_000);
    let sparse = ctx.register("sparse", Role::Provider, 2_000);
    let validators: Vec<Addr> = (0..3)
        .map(|i| ctx.register(&format!("v{i}"), Role::Validator, 50_000))
        .collect();
    let consumer = addr("consumer");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let (mut scores, mut hash, mut bill) = (vec![], 0xcbf2_9ce4_8422_2325_u64, 0u64);
    for step in 0..400u64 {
        let pick = next(100);
        let sparse_active = !(40..330).contains(&step);
        let busy_active = !(150..200).contains(&step);
        let operator = match (pick < 85, busy_active, sparse_active) {
            (true, true, _) => Some(&busy),
            (false, _, true) => Some(&sparse),
            _ => None,
        };
        if let Some(operator) = operator {
            let outcome = match next(10) {
                0..=6 => Outcome::Success,
                7 | 8 => Outcome::Failure,
                _ => Outcome::Timeout,
            };
            let value = (1 + u128::from(next(800))) * TOKEN_UNIT;
            ctx.report_value(bill, operator, &consumer, outcome, next(400), value)
                .unwrap();
            if outcome != Outcome::Timeout && next(10) < 3 {
                ctx.rate(&consumer, bill, 1 + next(5) as u8).unwrap();
            }
            bill += 1;
        }
        if step % 20 == 10 {
            let validator = &validators[(step / 20 % 3) as usize];
            ctx.attest(validator, &busy, 60 + next(40) as u8).unwrap();
        }
        if step % 50 == 49 {
            ctx.exec(
                &addr("anyone"),
                ExecuteMsg::Refresh {
                    operator: sparse.to_string(),
                },
            )
            .unwrap();
        }
        for operator in [&busy, &sparse] {
            let score: ScoreResponse = ctx.score(operator);
            fnv(&mut hash, &format!("{score:?}"));
        }
        if step % 25 == 24 {
            scores.push(ctx.score(&busy).stored_score);
        }
        ctx.advance(next(36) * 3_600);
    }
    (scores, hash)
}

/// The scenario's figures under the record this layout replaced (every one of the 18 buckets
/// inside one JSON record): the same events give the same scores.
#[test]
fn scores_are_those_of_the_unpacked_ring() {
    let (scores, hash) = scenario();
    assert_eq!(
        scores,
        [575, 620, 613, 658, 649, 615, 668, 645, 633, 642, 628, 702, 708, 631, 617, 619]
    );
    assert_eq!(hash, 5_964_612_093_595_120_164);
}

/// Stored bytes of `operator`'s record, then of each of its history entries.
fn stored(ctx: &Ctx, operator: &Addr) -> Vec<usize> {
    let storage = &ctx.deps.storage.inner;
    let record = storage.get(&OPERATORS.key(operator)).map(|v| v.len());
    let start = HISTORY.key((operator, 0));
    let end = HISTORY.key((operator, WINDOW_BUCKETS as u8));
    record
        .into_iter()
        .chain(
            storage
                .range(Some(&start), Some(&end), Order::Ascending)
                .map(|(_, v)| v.len()),
        )
        .collect()
}

/// Reports `n` bills (every fifth a failure, every fourth rated) from `bill` on, `step` seconds
/// apart; returns the next bill id.
fn events(ctx: &mut Ctx, operator: &Addr, bill: u64, n: u64, step: u64) -> u64 {
    let consumer = addr("consumer");
    for bill in bill..bill + n {
        let outcome = if bill % 5 == 0 {
            Outcome::Failure
        } else {
            Outcome::Success
        };
        ctx.report(bill, operator, &consumer, outcome, 80 + bill % 100)
            .unwrap();
        if bill % 4 == 0 {
            ctx.rate(&consumer, bill, 4).unwrap();
        }
        ctx.advance(step);
    }
    bill + n
}

/// The record is one bucket and a few scalars; each other bucket with events in the window is
/// one entry of its own. Before this layout a record held all 18 buckets as JSON: 4,714 bytes
/// after one event, 4,904 for the typical operator below, about 5.5 KB with all 18 buckets used
/// and 6.4 KB after 10,000 more events.
#[test]
fn an_operator_stores_a_few_bytes_per_bucket_with_events() {
    let mut ctx = Ctx::new();
    let operator = ctx.register("provider", Role::Provider, 10_000);
    let mut bill = events(&mut ctx, &operator, 0, 1, 60);
    // One event: the record alone (measured 48 bytes).
    let sizes = stored(&ctx, &operator);
    assert_eq!(sizes.len(), 1);
    assert!(sizes[0] <= 64, "{sizes:?}");

    // A typical operator: 20 events, 5 of them rated, in 3 buckets: the record and two history
    // entries (measured 162 bytes).
    let mut ctx = Ctx::new();
    let operator = ctx.register("provider", Role::Provider, 10_000);
    let seconds = ctx.env.block.time.seconds();
    ctx.advance(BUCKET_SECONDS - seconds % BUCKET_SECONDS);
    for n in [6, 7, 7] {
        bill = events(&mut ctx, &operator, bill, n, 3_600);
        ctx.advance(BUCKET_SECONDS - n * 3_600);
    }
    let sizes = stored(&ctx, &operator);
    assert_eq!(sizes.len(), 3);
    assert!(sizes.iter().sum::<usize>() <= 200, "{sizes:?}");

    // Events in all 18 buckets: 18 history entries, the oldest out of the window until its
    // slot is reused (measured 667 bytes).
    bill = events(&mut ctx, &operator, bill, WINDOW_BUCKETS, BUCKET_SECONDS);
    let sizes = stored(&ctx, &operator);
    assert_eq!(sizes.len(), 1 + WINDOW_BUCKETS as usize);
    assert!(sizes.iter().sum::<usize>() <= 1_000, "{sizes:?}");

    // 10,000 more events over 90 days: still at most 19 entries, each within its bound
    // (measured 1,081 bytes in all).
    events(&mut ctx, &operator, bill, 10_000, 90 * 86_400 / 10_000);
    let sizes = stored(&ctx, &operator);
    assert_eq!(sizes.len(), 1 + WINDOW_BUCKETS as usize);
    assert!(sizes[0] <= MAX_RECORD_BYTES);
    assert!(sizes[1..].iter().all(|size| *size <= MAX_BUCKET_BYTES));
    assert!(sizes.iter().sum::<usize>() <= 1_400, "{sizes:?}");
}

/// A bucket 17 buckets older than an event is still in the 90-day window when the event moves
/// it to the history; one 18 older is not, and is not written.
#[test]
fn the_window_edge_survives_the_move_to_the_history() {
    let mut ctx = Ctx::new();
    let operator = ctx.register("provider", Role::Provider, 10_000);
    let seconds = ctx.env.block.time.seconds();
    ctx.advance(BUCKET_SECONDS - seconds % BUCKET_SECONDS);
    let mut bill = events(&mut ctx, &operator, 0, 1, 0);
    ctx.advance((WINDOW_BUCKETS - 1) * BUCKET_SECONDS);
    bill = events(&mut ctx, &operator, bill, 1, 0);
    assert_eq!(stored(&ctx, &operator).len(), 2);
    assert_eq!(ctx.score(&operator).jobs_90d, 2);
    // The first bucket leaves the window a bucket later.
    ctx.advance(BUCKET_SECONDS);
    assert_eq!(ctx.score(&operator).jobs_90d, 1);
    // 18 buckets after the last event, it is out of the window and stays out of the history.
    ctx.advance((WINDOW_BUCKETS - 1) * BUCKET_SECONDS);
    assert_eq!(ctx.score(&operator).jobs_90d, 0);
    events(&mut ctx, &operator, bill, 1, 0);
    let sizes = stored(&ctx, &operator);
    assert_eq!(
        sizes.len(),
        2,
        "the old history entry only, not the expired bucket"
    );
    let score = ctx.score(&operator);
    assert_eq!((score.jobs_90d, score.jobs_30d), (1, 1));
}
