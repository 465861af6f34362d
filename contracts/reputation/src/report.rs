use cosmwasm_std::{Addr, DepsMut, Env, Response};
use infermesh_types::reputation::{BillRecord, Outcome, OutcomeReport};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::{current_bucket, latency_job_score};
use crate::state::{Config, BILLS, OPERATORS, PARAMS};

/// The escrow's report of one bill (checked by the dispatcher). O(1): one staking query, one
/// bill and one operator record written.
pub fn report(
    deps: DepsMut,
    env: Env,
    config: Config,
    report: OutcomeReport,
) -> ReputationResult<Response> {
    let OutcomeReport {
        bill_id,
        operator,
        consumer,
        outcome,
        latency_ms,
        compute_units,
    } = report;
    if BILLS.has(deps.storage, (&config.escrow, bill_id)) {
        return Err(ReputationError::BillAlreadyReported { bill_id });
    }
    let operator: Addr = deps.api.addr_validate(&operator)?;
    let consumer = deps.api.addr_validate(&consumer)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let existed = OPERATORS.has(deps.storage, &operator);
    let mut record = load_or_new(deps.storage, &operator, &params, now)?;
    apply_status(&mut record, &status);
    let advertised = record.advertised_latency_ms;
    let bucket = current_bucket(&mut record, now);
    match outcome {
        Outcome::Success => {
            let (score, ratio) = latency_job_score(latency_ms, advertised);
            bucket.successes = bucket.successes.saturating_add(1);
            bucket.latency_score_sum = bucket.latency_score_sum.saturating_add(score);
            bucket.latency_ms_sum = bucket.latency_ms_sum.saturating_add(latency_ms);
            bucket.latency_ratio_sum = bucket.latency_ratio_sum.saturating_add(ratio);
        }
        Outcome::Failure => bucket.failures = bucket.failures.saturating_add(1),
        Outcome::Timeout => bucket.timeouts = bucket.timeouts.saturating_add(1),
    }
    bucket.compute_units = bucket.compute_units.saturating_add(compute_units);
    BILLS.save(
        deps.storage,
        (&config.escrow, bill_id),
        &BillRecord {
            bill_id,
            operator: operator.clone(),
            consumer: consumer.clone(),
            outcome,
            reported_at: now,
            stars: None,
        },
    )?;
    let (evaluation, jail) = commit(
        deps.storage,
        &env,
        &config.staking,
        &params,
        &operator,
        record,
        existed,
    )?;
    let response = Response::new()
        .add_attribute("action", "report_outcome")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("operator", operator)
        .add_attribute("consumer", consumer)
        .add_attribute("outcome", format!("{outcome:?}").to_lowercase())
        .add_attribute("latency_ms", latency_ms.to_string())
        .add_attribute("compute_units", compute_units);
    Ok(finish(response, &evaluation, jail))
}
