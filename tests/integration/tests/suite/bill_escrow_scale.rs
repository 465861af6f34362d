//! A job's cost does not grow with history (issue "Cheaper jobs": no gas rise with 10,000 earlier
//! jobs): every write of a job is a fixed-size record under a fixed-size key, and no execute
//! ranges over bills, credits or outcomes. Measured as the SDK's storage gas of the job's two
//! transactions (`infermesh_testing::gas`), before and after `EARLIER_JOBS` more jobs.
//!
//! Payees withdraw between the runs, as they do, so only the totals' lifetime sums (bills opened,
//! fees burned, paid to providers) widen as history grows: a packed sum takes one byte more per
//! 128-fold growth, 33 gas a byte read and written. Anything proportional to history (a range
//! over bills, a growing record) would cost thousands.

use cosmwasm_std::Addr;
use infermesh_testing::gas::WRITE_COST_PER_BYTE;
use infermesh_testing::Suite;

use crate::fixtures::{world, UNIT};

/// Jobs run between the two measurements.
const EARLIER_JOBS: u64 = 10_000;
/// Bills a batch settles while history is built.
const BATCH: usize = 50;

/// Opens and settles one accepted bill (a job in two transactions); returns the storage gas of
/// the opening and of the completion.
fn job(suite: &mut Suite, payer: &Addr, provider: &Addr, gateway: &Addr) -> (u64, u64) {
    let args = suite.bill_args(provider, gateway);
    let amount = suite.escrow_required(&args);
    let (id, open) = suite.storage_gas_of(|s| s.open_bill(payer, amount, &args).unwrap());
    let acceptance = suite.consumer_acceptance(payer, id, 60, 120);
    let (_, complete) = suite.storage_gas_of(|s| {
        s.complete_accepted_bill(provider, id, 60, 120, acceptance)
            .unwrap()
    });
    (open, complete)
}

#[test]
fn a_job_costs_the_same_after_ten_thousand_jobs() {
    let mut w = world();
    let payer = w.suite.key_account("payer").address;
    w.suite.staking_fund(&payer, 10_000_000 * UNIT).unwrap();
    let (provider, gateway) = (w.provider.clone(), w.gateway.clone());
    // Past bill id 127, so both measured bills' ids take two bytes as varints (ids up to 16,383).
    let run = |w: &mut crate::fixtures::World, jobs: u64| {
        let mut args = w.suite.bill_args(&provider, &gateway);
        let amount = w.suite.escrow_required(&args);
        let mut open = Vec::new();
        for _ in 0..jobs {
            if open.is_empty() {
                // A fresh deadline for each batch's bills.
                args = w.suite.bill_args(&provider, &gateway);
            }
            open.push(w.suite.open_bill(&payer, amount, &args).unwrap());
            if open.len() == BATCH {
                let batch: Vec<_> = open.drain(..).map(|id| (id, 60, 120, true)).collect();
                w.suite.complete_batch(&provider, &payer, &batch).unwrap();
                // Reports go out as the hours pass, as on a busy chain.
                w.suite.advance_time(600);
            }
        }
        let batch: Vec<_> = open.drain(..).map(|id| (id, 60, 120, true)).collect();
        if !batch.is_empty() {
            w.suite.complete_batch(&provider, &payer, &batch).unwrap();
        }
        // The payees collect, as they do: credits start from zero at both measurements.
        for payee in [&provider, &gateway, &payer, &w.treasury.clone()] {
            w.suite.escrow_withdraw(payee).unwrap();
        }
    };
    run(&mut w, 200);
    let before = job(&mut w.suite, &payer, &provider, &gateway);
    run(&mut w, EARLIER_JOBS);
    let after = job(&mut w.suite, &payer, &provider, &gateway);
    assert!(w.suite.escrow_totals().bills_opened > EARLIER_JOBS + 200);
    // A few bytes of wider sums at most: 10 bytes over the two transactions.
    let rise = (after.0 + after.1).saturating_sub(before.0 + before.1);
    assert!(
        rise <= 10 * WRITE_COST_PER_BYTE,
        "storage gas of (open, complete) rose from {before:?} to {after:?}"
    );
}
