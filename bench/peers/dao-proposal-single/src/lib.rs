//! DAO DAO's dao-proposal-single 2.6.0, part of the governance peer in scripts/bench.sh.
//! Unchanged and built from its published crate; this file only exports its entry points.

use cosmwasm_std::{entry_point, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult};
use dao_proposal_single::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};
use dao_proposal_single::ContractError;

#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    dao_proposal_single::contract::instantiate(deps, env, info, msg)
}

#[entry_point]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    dao_proposal_single::contract::execute(deps, env, info, msg)
}

#[entry_point]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    dao_proposal_single::contract::query(deps, env, msg)
}

#[entry_point]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    dao_proposal_single::contract::reply(deps, env, msg)
}
