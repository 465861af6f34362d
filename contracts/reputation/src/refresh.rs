use cosmwasm_std::{DepsMut, Env, Response};

use crate::attest::{aggregate, weigh};
use crate::error::ReputationResult;
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::state::{ATTESTATIONS, CONFIG, PARAMS};

/// Anyone: re-evaluates an operator now — buckets that left the window, its current self-bond
/// and advertised latency, and its attester set weighed with each validator's stake now, so stake
/// that left takes its weight with it and accuracy returns to the prior when the set no longer
/// qualifies (docs/reputation.md §5) — updating its listing position and, on a fall, jailing it.
/// Bounded: one staking query, plus one per live attester (≤ `MAX_ATTESTERS_CAP`).
pub fn refresh(deps: DepsMut, env: Env, operator: String) -> ReputationResult<Response> {
    let operator = deps.api.addr_validate(&operator)?;
    let config = CONFIG.load(deps.storage)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let (mut record, existed) = load_or_new(deps.storage, &operator, &params, now)?;
    apply_status(&mut record, &status);
    if let Some(set) = ATTESTATIONS.may_load(deps.storage, &operator)? {
        let (set, validator_stake) = weigh(&deps.querier, &config.staking, set, now);
        aggregate(&mut record, &set, &params, validator_stake, now, false);
    }
    let accuracy = record.accuracy;
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
        .add_attribute("action", "refresh")
        .add_attribute("operator", operator)
        .add_attribute("aggregated_accuracy", accuracy.to_string());
    Ok(finish(response, &evaluation, jail))
}
