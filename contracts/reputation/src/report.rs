use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::reputation::{BillRecord, Outcome, OutcomeReport};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::{current_bucket, latency_job_score};
use crate::state::{Config, BILLS, PARAMS};

/// The escrow's report of one bill (checked by the dispatcher), weighted by its value: charged
/// for a success, escrowed for a failure or timeout (docs/reputation.md §2-3). O(1): one staking
/// query, the operator's history read in one range of at most `WINDOW_BUCKETS` entries, one bill
/// and one operator record written (and the bucket it closes, on its first event in a new one).
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
        value,
    } = report;
    if BILLS.has(deps.storage, (&config.escrow, bill_id)) {
        return Err(ReputationError::BillAlreadyReported { bill_id });
    }
    let operator: Addr = deps.api.addr_validate(&operator)?;
    let consumer = deps.api.addr_validate(&consumer)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let (mut record, existed) = load_or_new(deps.storage, &operator, &params, now)?;
    apply_status(&mut record, &status);
    let advertised = record.advertised_latency_ms;
    let bucket = current_bucket(&mut record, now);
    // Each sum weighs by the job's value (docs/reputation.md §3).
    let add = |sum: &mut Uint128, x: u64| {
        *sum = sum.saturating_add(Uint128::new(u128::from(x).saturating_mul(value.u128())))
    };
    match outcome {
        Outcome::Success => {
            let (score, ratio) = latency_job_score(latency_ms, advertised);
            bucket.successes = bucket.successes.saturating_add(1);
            add(&mut bucket.success_value, 1);
            add(&mut bucket.latency_score_value, score);
            add(&mut bucket.latency_ms_value, latency_ms);
            add(&mut bucket.latency_ratio_value, ratio);
        }
        Outcome::Failure => {
            bucket.failures = bucket.failures.saturating_add(1);
            add(&mut bucket.failed_value, 1);
        }
        Outcome::Timeout => {
            bucket.timeouts = bucket.timeouts.saturating_add(1);
            add(&mut bucket.failed_value, 1);
        }
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
            value,
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
        .add_attribute("compute_units", compute_units)
        .add_attribute("value", value);
    Ok(finish(response, &evaluation, jail))
}
