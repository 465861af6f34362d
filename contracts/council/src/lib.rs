//! The guardian council (docs/dao.md §7): cw-plus's `cw3-fixed-multisig`, unchanged, built from
//! its published crate. The suite's pausable contracts name it their guardian, and a guardian
//! can only pause (infermesh_kit::pause): so the council's 5 of 9 can stop the escrow, staking
//! and the distributor and do nothing else; only the DAO, their owner, unpauses them or names
//! another council. This crate only exports the multisig's entry points.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};
use cw3_fixed_multisig::ContractError;

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw3_fixed_multisig::contract::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    cw3_fixed_multisig::contract::execute(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    cw3_fixed_multisig::contract::query(deps, env, msg)
}
