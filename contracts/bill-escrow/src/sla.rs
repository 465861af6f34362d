//! The success-rate SLA (docs/bill-escrow.md §9: "success < 95% over 24 h"). Per provider one
//! record of two half-day buckets, rotated lazily and updated in O(1) when a bill settles (a
//! success) or times out or is found at fault (a failure).

use cosmwasm_std::{Addr, SubMsg, Timestamp};
use infermesh_types::bill_escrow::{Params, SLA_BUCKET_SECONDS};
use infermesh_types::staking::SlashClass;

use crate::error::BillEscrowResult;
use crate::settle::slash;
use crate::state::{success_rate, Config, SlaWindow};

/// The day of a time: the `<day>` of the evidence id `sla-success-<provider>-<day>`.
pub fn day(time: Timestamp) -> u64 {
    time.seconds() / (2 * SLA_BUCKET_SECONDS)
}

/// Counts one job of `provider` in its `window`. When the window then holds at least
/// `sla_min_jobs` jobs and its success rate is below `sla_min_success_rate`, returns the minor
/// slash (infraction: now), at most once per provider and day.
pub fn count_in_window(
    window: &mut SlaWindow,
    config: &Config,
    params: &Params,
    provider: &Addr,
    success: bool,
    now: Timestamp,
) -> BillEscrowResult<Option<SubMsg>> {
    window.rotate(now.seconds() / SLA_BUCKET_SECONDS);
    window.jobs = window.jobs.saturating_add(1);
    if success {
        window.successes = window.successes.saturating_add(1);
    }
    let (successes, jobs) = window.totals();
    let today = day(now);
    let mut slash_msg = None;
    if jobs >= params.sla_min_jobs
        && success_rate(successes, jobs) < Some(params.sla_min_success_rate)
        && window.breach_day != Some(today)
    {
        window.breach_day = Some(today);
        slash_msg = Some(slash(
            config,
            provider,
            SlashClass::Minor,
            params.sla_slash_fraction,
            format!("sla-success-{provider}-{today}"),
            now,
        )?);
    }
    Ok(slash_msg)
}
