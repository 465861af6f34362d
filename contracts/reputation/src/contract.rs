//! Entry points: payment and authorisation checks and routing only; each action lives in its own
//! module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response,
    StdResult,
};
use cw_utils::nonpayable;
use infermesh_kit::hook::{HookReply, HookResult};
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::reputation::{ExecuteMsg, InstantiateMsg, QueryMsg};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::JAIL_REPLY_ID;
use crate::state::{load_record, save_record, Config, CONFIG, PARAMS};
use crate::{attest, config, query, rate, refresh, report};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-reputation";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ReputationResult<Response> {
    nonpayable(&info)?;
    let owner = ownership::initialize(
        deps.storage,
        deps.api,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        &msg.owner,
    )?;
    let params = msg.params.unwrap_or_default();
    params.validate()?;
    let config = Config {
        staking: deps.api.addr_validate(&msg.staking)?,
        escrow: deps.api.addr_validate(&msg.escrow)?,
    };
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_reputation")
        .add_attribute("owner", owner)
        .add_attribute("staking", config.staking)
        .add_attribute("escrow", config.escrow))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> ReputationResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::ReportOutcomes(batch) => {
            let config = CONFIG.load(deps.storage)?;
            if info.sender != config.escrow {
                return Err(ReputationError::NotEscrow {
                    sender: info.sender,
                    escrow: config.escrow,
                });
            }
            report::report_outcomes(deps, env, config, batch)
        }
        ExecuteMsg::Rate { bill_id, stars } => rate::rate(deps, env, info.sender, bill_id, stars),
        ExecuteMsg::Attest { operator, accuracy } => {
            attest::attest(deps, env, info.sender, operator, accuracy)
        }
        ExecuteMsg::Refresh { operator } => refresh::refresh(deps, env, operator),
        ExecuteMsg::UpdateConfig {
            staking,
            escrow,
            params,
        } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            config::update(deps, env, staking, escrow, params, false)
        }
        ExecuteMsg::EmergencyUpdateParams { params } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            config::update(deps, env, None, None, Some(params), true)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

/// A jail that staking refused (e.g. reputation is not a jailer there) must not undo the report
/// that caused it: its state is reverted, the event stands, and the operator's fall is re-armed
/// so the next event below the threshold tries again.
/// The reply as cw-multi-test calls it; the wasm's `reply` decodes only what a hook's reply
/// needs (infermesh_kit::hook) and calls [`hook_reply`].
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> ReputationResult<Response> {
    hook_reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::contract::hook_reply);

pub fn hook_reply(deps: DepsMut, _env: Env, msg: HookReply) -> ReputationResult<Response> {
    if msg.id != JAIL_REPLY_ID {
        return Err(ReputationError::UnknownReply { id: msg.id });
    }
    let operator: Addr = from_json(&msg.payload)?;
    let error = match msg.result {
        HookResult::Error(error) => error,
        HookResult::Ok(_) => String::new(),
    };
    if let Some(mut record) = load_record(deps.storage, &operator)? {
        record.below_threshold = false;
        save_record(deps.storage, &operator, &record);
    }
    Ok(Response::new()
        .add_attribute("action", "jail_failed")
        .add_attribute("operator", operator)
        .add_attribute("error", error))
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Score { operator } => {
            to_json_binary(&query::score(deps, env.block.time, operator)?)
        }
        QueryMsg::ScoreAtHeight { operator, height } => {
            to_json_binary(&query::score_at_height(deps, operator, height)?)
        }
        QueryMsg::Multiplier { operator } => {
            to_json_binary(&query::multiplier(deps, env.block.time, operator)?)
        }
        QueryMsg::Operators { start_after, limit } => {
            to_json_binary(&query::operators(deps, start_after, limit)?)
        }
        QueryMsg::Rating { bill_id } => to_json_binary(&query::rating(deps, bill_id)?),
        QueryMsg::Attestations { operator } => {
            to_json_binary(&query::attestations(deps, operator)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ReputationResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
