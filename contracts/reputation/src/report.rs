use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::reputation::OutcomeBatch;

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::current_bucket;
use crate::state::{Bucket, Config, PARAMS};

/// The escrow's report of a provider's jobs (checked by the dispatcher), summed and weighted by
/// each job's value by the escrow (`OutcomeBatch::add`: charged for a success, escrowed for a
/// failure or timeout; docs/reputation.md §2-3), added to the operator's current bucket. O(1)
/// whatever the batch's job count: one staking query, the operator's history read in one range
/// of at most `WINDOW_BUCKETS` entries, one operator record written (and the bucket it closes,
/// on its first event in a new one); nothing per job or per bill.
pub fn report_outcomes(
    deps: DepsMut,
    env: Env,
    config: Config,
    batch: OutcomeBatch,
) -> ReputationResult<Response> {
    let jobs = batch.jobs();
    if jobs == 0 {
        return Err(ReputationError::EmptyBatch {
            operator: batch.operator,
        });
    }
    let operator: Addr = deps.api.addr_validate(&batch.operator)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let (mut record, existed) = load_or_new(deps.storage, &operator, &params, now)?;
    apply_status(&mut record, &status);
    add_batch(current_bucket(&mut record, now), &batch);
    let (evaluation, jail) = commit(
        deps.storage,
        &env,
        &config.staking,
        &params,
        &operator,
        record,
        existed,
    )?;
    let value = batch.success_value.saturating_add(batch.failed_value);
    let response = Response::new()
        .add_attribute("action", "report_outcomes")
        .add_attribute("operator", operator)
        .add_attribute("jobs", jobs.to_string())
        .add_attribute("value", value);
    Ok(finish(response, &evaluation, jail))
}

/// Adds a batch's counts and sums to `bucket` (saturating: the sums only rank), so reporting two
/// batches fills a bucket exactly as reporting their jobs in one.
pub fn add_batch(bucket: &mut Bucket, batch: &OutcomeBatch) {
    let add = |sum: &mut Uint128, x: Uint128| *sum = sum.saturating_add(x);
    bucket.successes = bucket.successes.saturating_add(batch.successes);
    bucket.failures = bucket.failures.saturating_add(batch.failures);
    bucket.timeouts = bucket.timeouts.saturating_add(batch.timeouts);
    add(&mut bucket.success_value, batch.success_value);
    add(&mut bucket.failed_value, batch.failed_value);
    add(&mut bucket.latency_score_value, batch.latency_score_value);
    add(&mut bucket.latency_ms_value, batch.latency_ms_value);
    add(&mut bucket.latency_ratio_value, batch.latency_ratio_value);
    add(&mut bucket.compute_units, batch.compute_units);
}
