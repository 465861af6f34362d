//! Entry points: payment, authorisation and pause checks and routing only (the kit's dispatch
//! convention, packages/kit/README.md); each action lives in its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult,
    Storage,
};
use cw_utils::nonpayable;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::pause::{self, assert_not_paused};
use infermesh_kit::receive::{receive, Received};
use infermesh_kit::validate::{address_list, optional_address};
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::staking::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg, MAX_AUTHORISED};

use crate::error::{StakingError, StakingResult};
use crate::state::{Config, Totals, CONFIG, PARAMS, TOTALS, TOTAL_BONDED};
use crate::{admin, bond, hook, lock, operator, query, rewards, slash, unbond};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-staking";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> StakingResult<Response> {
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
        token: deps.api.addr_validate(&msg.token)?,
        slashers: address_list(deps.api, "slashers", &msg.slashers, MAX_AUTHORISED)?,
        jailers: address_list(deps.api, "jailers", &msg.jailers, MAX_AUTHORISED)?,
        guardian: optional_address(deps.api, msg.guardian)?,
        distributor: None,
    };
    CONFIG.save(deps.storage, &config);
    PARAMS.save(deps.storage, &params)?;
    TOTALS.save(deps.storage, &Totals::default());
    TOTAL_BONDED.save(deps.storage, &Default::default(), env.block.height)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_staking")
        .add_attribute("owner", owner)
        .add_attribute("token", config.token)
        .add_attribute("slashers", config.slashers.len().to_string())
        .add_attribute("jailers", config.jailers.len().to_string()))
}

fn assert_slasher(storage: &dyn Storage, sender: &Addr) -> StakingResult<()> {
    if !CONFIG.load(storage)?.slashers.contains(sender) {
        return Err(StakingError::NotASlasher {
            sender: sender.clone(),
        });
    }
    Ok(())
}

/// Jailers, slashers and the owner may jail.
fn assert_jailer(storage: &dyn Storage, sender: &Addr) -> StakingResult<()> {
    let config = CONFIG.load(storage)?;
    if config.jailers.contains(sender)
        || config.slashers.contains(sender)
        || cw_ownable::is_owner(storage, sender)?
    {
        return Ok(());
    }
    Err(StakingError::NotAJailer {
        sender: sender.clone(),
    })
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> StakingResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let token = CONFIG.load(deps.storage)?.token;
            let Received {
                sender,
                amount,
                msg,
            } = receive(deps.api, &token, &info.sender, wrapper)?;
            match msg {
                ReceiveMsg::SelfBond {} => {
                    assert_not_paused(deps.storage)?;
                    bond::bond(deps, env, sender.clone(), sender, amount)
                }
                ReceiveMsg::Delegate { operator } => {
                    assert_not_paused(deps.storage)?;
                    let operator = deps.api.addr_validate(&operator)?;
                    bond::bond(deps, env, sender, operator, amount)
                }
                ReceiveMsg::DistributeRewards { operator } => {
                    rewards::distribute(deps, env, sender, operator, amount)
                }
            }
        }
        ExecuteMsg::RegisterOperator {
            role,
            metadata,
            commission_rate,
        } => {
            assert_not_paused(deps.storage)?;
            operator::register(deps, env, info.sender, role, metadata, commission_rate)
        }
        ExecuteMsg::UpdateOperator { metadata } => {
            operator::update_metadata(deps, info.sender, metadata)
        }
        ExecuteMsg::UpdateCommission { rate } => {
            operator::update_commission(deps, env, info.sender, rate)
        }
        ExecuteMsg::Unbond { operator, amount } => {
            unbond::unbond(deps, env, info.sender, operator, amount)
        }
        ExecuteMsg::Withdraw {} => unbond::withdraw(deps, env, info.sender),
        ExecuteMsg::ClaimRewards { operator } => rewards::claim(deps, env, info.sender, operator),
        ExecuteMsg::Lock { duration_seconds } => {
            lock::lock(deps, env, info.sender, duration_seconds)
        }
        ExecuteMsg::Slash(request) => {
            assert_slasher(deps.storage, &info.sender)?;
            slash::slash(deps, env, info.sender, request)
        }
        ExecuteMsg::Jail {
            operator,
            reason,
            duration_seconds,
        } => {
            assert_jailer(deps.storage, &info.sender)?;
            slash::jail(deps, env, info.sender, operator, reason, duration_seconds)
        }
        ExecuteMsg::Unjail {} => slash::unjail(deps, env, info.sender),
        ExecuteMsg::RefreshTier { operator } => operator::refresh(deps, operator),
        ExecuteMsg::Pause {} => {
            let guardian = CONFIG.load(deps.storage)?.guardian;
            Ok(pause::pause(deps.storage, &info.sender, guardian.as_ref())?)
        }
        ExecuteMsg::Unpause {} => Ok(pause::unpause(deps.storage, &info.sender)?),
        ExecuteMsg::UpdateParams { params } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_params(deps, env, params, false)
        }
        ExecuteMsg::EmergencyUpdateParams { params } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_params(deps, env, params, true)
        }
        ExecuteMsg::UpdateConfig {
            slashers,
            jailers,
            guardian,
            distributor,
        } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_config(deps, slashers, jailers, guardian, distributor)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

/// The reply as cw-multi-test calls it; the wasm's `reply` decodes only what a hook's reply
/// needs (infermesh_kit::hook) and calls [`hook::reply`].
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> StakingResult<Response> {
    hook::reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::hook::reply);

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&query::params(deps)?),
        QueryMsg::Totals {} => to_json_binary(&query::totals(deps)?),
        QueryMsg::Operator { operator } => {
            to_json_binary(&query::operator(deps, env.block.time, operator)?)
        }
        QueryMsg::OperatorStatus { operator } => {
            to_json_binary(&query::operator_status(deps, operator)?)
        }
        QueryMsg::Operators {
            role,
            tier,
            start_after,
            limit,
        } => to_json_binary(&query::operators_page(
            deps,
            role,
            tier,
            start_after,
            limit,
        )?),
        QueryMsg::Delegation {
            delegator,
            operator,
        } => to_json_binary(&query::delegation(
            deps,
            env.block.time,
            delegator,
            operator,
        )?),
        QueryMsg::Delegations {
            delegator,
            start_after,
            limit,
        } => to_json_binary(&query::delegations(
            deps,
            env.block.time,
            delegator,
            start_after,
            limit,
        )?),
        QueryMsg::Delegators {
            operator,
            start_after,
            limit,
        } => to_json_binary(&query::delegators(
            deps,
            env.block.time,
            operator,
            start_after,
            limit,
        )?),
        QueryMsg::UnbondingEntries { address } => {
            to_json_binary(&query::unbonding_entries(deps, env, address)?)
        }
        QueryMsg::StakeAtHeight { address, height } => {
            to_json_binary(&query::stake_at_height(deps, env, address, height)?)
        }
        QueryMsg::TotalStakeAtHeight { height, role } => {
            to_json_binary(&query::total_stake_at_height(deps, env, height, role)?)
        }
        QueryMsg::OperatorStakeAtHeight {
            operator,
            height,
            counterparties,
        } => to_json_binary(&query::operator_stake_at_height(
            deps,
            env,
            operator,
            height,
            counterparties,
        )?),
        QueryMsg::StakeLock { address } => to_json_binary(&query::stake_lock(deps, env, address)?),
        QueryMsg::Evidence { evidence_id } => query::evidence(deps, evidence_id),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> StakingResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
