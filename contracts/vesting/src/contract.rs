//! Entry points: payment checks and routing only; each action lives in its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use cw_utils::nonpayable;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::receive::{receive, Received};
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::token::TokenClient;
use infermesh_types::vesting::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};

use crate::error::{VestingError, VestingResult};
use crate::state::{Config, Totals, CONFIG, NEXT_GRANT_ID, TOTALS};
use crate::{claim, config, grant, query, revoke};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-vesting";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> VestingResult<Response> {
    nonpayable(&info)?;
    let owner = ownership::initialize(
        deps.storage,
        deps.api,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        &msg.owner,
    )?;
    let config = Config {
        token: deps.api.addr_validate(&msg.token)?,
        treasury: deps.api.addr_validate(&msg.treasury)?,
        funders: config::validate_funders(deps.api, &msg.funders)?,
        earliest_start: env.block.time,
    };
    CONFIG.save(deps.storage, &config)?;
    TOTALS.save(deps.storage, &Totals::default())?;
    NEXT_GRANT_ID.save(deps.storage, &1)?;
    // The genesis grants must hold exactly what the contract holds: an unfunded or part-funded
    // vesting, or tokens no grant accounts for, fail here (docs/vesting.md §3).
    let granted = grant::genesis(deps.storage, deps.api, &config, &msg.genesis_grants)?;
    let balance =
        TokenClient(config.token.clone()).balance(&deps.querier, &env.contract.address)?;
    if balance != granted {
        return Err(VestingError::GenesisBalanceMismatch { granted, balance });
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate_vesting")
        .add_attribute("owner", owner)
        .add_attribute("token", config.token)
        .add_attribute("treasury", config.treasury)
        .add_attribute("genesis_grants", msg.genesis_grants.len().to_string())
        .add_attribute("genesis_granted", granted))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> VestingResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let config = CONFIG.load(deps.storage)?;
            let Received {
                sender: funder,
                amount,
                msg,
            } = receive(deps.api, &config.token, &info.sender, wrapper)?;
            match msg {
                ReceiveMsg::CreateGrant(request) => {
                    grant::create(deps, env, config, funder, amount, request)
                }
            }
        }
        ExecuteMsg::Claim { grant_id } => claim::claim(deps, env, info.sender, grant_id),
        ExecuteMsg::Revoke { grant_id } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            revoke::revoke(deps, env, grant_id)
        }
        ExecuteMsg::UpdateConfig { treasury, funders } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            config::update(deps, treasury, funders)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Grant { grant_id } => {
            to_json_binary(&query::grant(deps, grant_id, env.block.time)?)
        }
        QueryMsg::GrantAt { grant_id, time } => {
            to_json_binary(&query::grant(deps, grant_id, time)?)
        }
        QueryMsg::GrantsByBeneficiary {
            beneficiary,
            start_after,
            limit,
        } => to_json_binary(&query::grants_by_beneficiary(
            deps,
            env.block.time,
            beneficiary,
            start_after,
            limit,
        )?),
        QueryMsg::Grants { start_after, limit } => {
            to_json_binary(&query::grants(deps, env.block.time, start_after, limit)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> VestingResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
