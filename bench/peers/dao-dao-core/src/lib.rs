//! DAO DAO's dao-dao-core 2.6.0, with dao-voting-cw20-staked and dao-proposal-single the governance peer of the InferMesh DAO in scripts/bench.sh.
//! Unchanged and built from its published crate; this file only exports its entry points.

use cosmwasm_std::{entry_point, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult};
use dao_interface::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};
use dao_dao_core::ContractError;

#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    dao_dao_core::contract::instantiate(deps, env, info, msg)
}

#[entry_point]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    dao_dao_core::contract::execute(deps, env, info, msg)
}

#[entry_point]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    dao_dao_core::contract::query(deps, env, msg)
}

#[entry_point]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    dao_dao_core::contract::reply(deps, env, msg)
}
