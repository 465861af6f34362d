//! DAO DAO's dao-voting-cw20-staked 2.6.0 (voting power from cw20-stake), part of the governance peer in scripts/bench.sh.
//! Unchanged and built from its published crate; this file only exports its entry points.

use cosmwasm_std::{entry_point, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult};
use dao_voting_cw20_staked::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};
use dao_voting_cw20_staked::ContractError;

#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    dao_voting_cw20_staked::contract::instantiate(deps, env, info, msg)
}

#[entry_point]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    dao_voting_cw20_staked::contract::execute(deps, env, info, msg)
}

#[entry_point]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    dao_voting_cw20_staked::contract::query(deps, env, msg)
}

#[entry_point]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    dao_voting_cw20_staked::contract::reply(deps, env, msg)
}
