//! Shared bookkeeping of every event: staking look-ups, and storing a re-evaluated record with
//! its index entry, its score snapshot and, on a fall below the threshold, the jail.

use cosmwasm_std::{
    to_json_binary, Addr, Env, QuerierWrapper, Response, Storage, SubMsg, Timestamp,
};
use infermesh_types::reputation::{Params, JAIL_REASON};
use infermesh_types::staking::{OperatorBrief, StakingClient};

use crate::error::{ReputationError, ReputationResult};
use crate::score::{evaluate, Evaluation};
use crate::state::{
    load_history, load_record, save_history, save_record, OperatorRecord, SCORES, SCORE_INDEX,
};

/// Reply id of the jail sub-message: a failed jail must not undo the event that caused it.
pub const JAIL_REPLY_ID: u64 = 1;

/// The operator as staking sees it; `UnknownOperator` when staking does not know it.
pub fn operator_status(
    querier: &QuerierWrapper,
    staking: &Addr,
    operator: &Addr,
) -> ReputationResult<OperatorBrief> {
    StakingClient(staking.clone())
        .operator_status_brief(querier, operator)
        .map_err(|_| ReputationError::UnknownOperator {
            operator: operator.to_string(),
        })
}

/// The operator's record, or a fresh one at the prior, and whether it existed (for its index
/// entry). One read.
pub fn load_or_new(
    storage: &dyn Storage,
    operator: &Addr,
    params: &Params,
    now: Timestamp,
) -> ReputationResult<(OperatorRecord, bool)> {
    Ok(match load_record(storage, operator)? {
        Some(record) => (record, true),
        None => (OperatorRecord::new(params, now), false),
    })
}

/// Copies what reputation reads from staking into the record.
pub fn apply_status(record: &mut OperatorRecord, status: &OperatorBrief) {
    record.self_bond = status.self_bond;
    record.advertised_latency_ms = status.advertised_latency_ms;
}

/// Re-evaluates and stores `record`: its retired bucket into the history, index entry, snapshot,
/// and the jail on a fall below the threshold (returned as a sub-message for the caller to
/// send). Constant work: one history read (≤ `WINDOW_BUCKETS` entries), one record written (and
/// a history bucket, on the operator's first event in a new bucket), one index removal and
/// insertion, one snapshot write.
pub fn commit(
    storage: &mut dyn Storage,
    env: &Env,
    staking: &Addr,
    params: &Params,
    operator: &Addr,
    mut record: OperatorRecord,
    existed: bool,
) -> ReputationResult<(Evaluation, Option<SubMsg>)> {
    let now = env.block.time;
    if let Some(retired) = record.retired.take() {
        save_history(storage, operator, &retired);
    }
    let history = load_history(storage, operator)?;
    let evaluation = evaluate(&record, &history, params, now);
    let old_score = record.score;
    if existed {
        SCORE_INDEX.remove(storage, (old_score, operator));
    }
    SCORE_INDEX.save(storage, (evaluation.score, operator), &())?;
    // Saved even when unchanged, so every event costs the same.
    SCORES.save(storage, operator, &evaluation.score, env.block.height)?;
    record.score = evaluation.score;
    record.updated_at = now;

    let below = evaluation.score < params.jail_threshold;
    let jail = if below && !record.below_threshold {
        let msg = StakingClient(staking.clone()).jail_msg(
            operator,
            JAIL_REASON,
            params.jail_duration_seconds,
        )?;
        Some(SubMsg::reply_on_error(msg, JAIL_REPLY_ID).with_payload(to_json_binary(operator)?))
    } else {
        None
    };
    record.below_threshold = below;
    save_record(storage, operator, &record);
    Ok((evaluation, jail))
}

/// Adds the common score attributes and the jail, if any, to an event's response.
pub fn finish(response: Response, evaluation: &Evaluation, jail: Option<SubMsg>) -> Response {
    let response = response
        .add_attribute("score", evaluation.score.to_string())
        .add_attribute("confidence_permille", evaluation.confidence.to_string())
        .add_attribute("jailed", jail.is_some().to_string());
    match jail {
        Some(jail) => response.add_submessage(jail),
        None => response,
    }
}
