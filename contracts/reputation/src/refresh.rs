use cosmwasm_std::{DepsMut, Env, Response};

use crate::error::ReputationResult;
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::state::{CONFIG, OPERATORS, PARAMS};

/// Anyone: re-evaluates an operator now — buckets that left the window, its current self-bond
/// and advertised latency — updating its listing position and, on a fall, jailing it. O(1).
pub fn refresh(deps: DepsMut, env: Env, operator: String) -> ReputationResult<Response> {
    let operator = deps.api.addr_validate(&operator)?;
    let config = CONFIG.load(deps.storage)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let existed = OPERATORS.has(deps.storage, &operator);
    let mut record = load_or_new(deps.storage, &operator, &params, env.block.time)?;
    apply_status(&mut record, &status);
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
        .add_attribute("operator", operator);
    Ok(finish(response, &evaluation, jail))
}
