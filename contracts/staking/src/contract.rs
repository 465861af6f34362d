//! Entry points: payment and authorisation checks and routing only; each action lives in its own
//! module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
    Storage,
};
use cw_utils::nonpayable;
use infermesh_types::common::{migrate_version, MigrateMsg};
use infermesh_types::staking::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};

use crate::error::{StakingError, StakingResult};
use crate::slash::SlashRequest;
use crate::state::{Config, Totals, CONFIG, PARAMS, PAUSED, TOTALS, TOTAL_BONDED};
use crate::{admin, bond, lock, operator, query, rewards, slash, unbond};

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
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let owner = cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    let params = msg.params.unwrap_or_default();
    admin::validate_params(&params)?;
    let config = Config {
        token: deps.api.addr_validate(&msg.token)?,
        slashers: admin::validate_addresses(deps.api, &msg.slashers)?,
        jailers: admin::validate_addresses(deps.api, &msg.jailers)?,
        guardian: msg
            .guardian
            .map(|g| deps.api.addr_validate(&g))
            .transpose()?,
    };
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    PAUSED.save(deps.storage, &false)?;
    TOTALS.save(deps.storage, &Totals::default())?;
    TOTAL_BONDED.save(deps.storage, &Default::default(), env.block.height)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_staking")
        .add_attribute(
            "owner",
            owner.owner.map(|o| o.into_string()).unwrap_or_default(),
        )
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

/// The guardian and the owner may pause.
fn assert_guardian(storage: &dyn Storage, sender: &Addr) -> StakingResult<()> {
    let config = CONFIG.load(storage)?;
    if config.guardian.as_ref() == Some(sender) || cw_ownable::is_owner(storage, sender)? {
        return Ok(());
    }
    Err(StakingError::NotGuardian {
        sender: sender.clone(),
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> StakingResult<Response> {
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            nonpayable(&info)?;
            let config = CONFIG.load(deps.storage)?;
            if info.sender != config.token {
                return Err(StakingError::WrongToken {
                    received: info.sender,
                    expected: config.token,
                });
            }
            let sender = deps.api.addr_validate(&wrapper.sender)?;
            match from_json(&wrapper.msg)? {
                ReceiveMsg::SelfBond {} => {
                    bond::bond(deps, env, sender.clone(), sender, wrapper.amount)
                }
                ReceiveMsg::Delegate { operator } => {
                    let operator = deps.api.addr_validate(&operator)?;
                    bond::bond(deps, env, sender, operator, wrapper.amount)
                }
                ReceiveMsg::DistributeRewards { operator } => {
                    rewards::distribute(deps, sender, operator, wrapper.amount)
                }
            }
        }
        ExecuteMsg::RegisterOperator {
            role,
            metadata,
            commission_rate,
        } => {
            nonpayable(&info)?;
            operator::register(deps, env, info.sender, role, metadata, commission_rate)
        }
        ExecuteMsg::UpdateOperator { metadata } => {
            nonpayable(&info)?;
            operator::update_metadata(deps, info.sender, metadata)
        }
        ExecuteMsg::UpdateCommission { rate } => {
            nonpayable(&info)?;
            operator::update_commission(deps, env, info.sender, rate)
        }
        ExecuteMsg::Unbond { operator, amount } => {
            nonpayable(&info)?;
            unbond::unbond(deps, env, info.sender, operator, amount)
        }
        ExecuteMsg::Withdraw {} => {
            nonpayable(&info)?;
            unbond::withdraw(deps, env, info.sender)
        }
        ExecuteMsg::ClaimRewards { operator } => {
            nonpayable(&info)?;
            rewards::claim(deps, info.sender, operator)
        }
        ExecuteMsg::Lock { duration_seconds } => {
            nonpayable(&info)?;
            lock::lock(deps, env, info.sender, duration_seconds)
        }
        ExecuteMsg::Slash {
            operator,
            class,
            fraction,
            evidence_id,
            infraction_time,
        } => {
            nonpayable(&info)?;
            assert_slasher(deps.storage, &info.sender)?;
            slash::slash(
                deps,
                env,
                info.sender,
                SlashRequest {
                    operator,
                    class,
                    fraction,
                    evidence_id,
                    infraction_time,
                },
            )
        }
        ExecuteMsg::Jail {
            operator,
            reason,
            duration_seconds,
        } => {
            nonpayable(&info)?;
            assert_jailer(deps.storage, &info.sender)?;
            slash::jail(deps, env, info.sender, operator, reason, duration_seconds)
        }
        ExecuteMsg::Unjail {} => {
            nonpayable(&info)?;
            slash::unjail(deps, env, info.sender)
        }
        ExecuteMsg::RefreshTier { operator } => {
            nonpayable(&info)?;
            operator::refresh(deps, operator)
        }
        ExecuteMsg::Pause {} => {
            nonpayable(&info)?;
            assert_guardian(deps.storage, &info.sender)?;
            admin::pause(deps, info.sender)
        }
        ExecuteMsg::Unpause {} => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::unpause(deps, info.sender)
        }
        ExecuteMsg::UpdateParams { params } => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_params(deps, params)
        }
        ExecuteMsg::UpdateConfig {
            slashers,
            jailers,
            guardian,
        } => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_config(deps, slashers, jailers, guardian)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            nonpayable(&info)?;
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&query::params(deps)?),
        QueryMsg::Totals {} => to_json_binary(&query::totals(deps)?),
        QueryMsg::Operator { operator } => to_json_binary(&query::operator(deps, operator)?),
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
        } => to_json_binary(&query::delegation(deps, delegator, operator)?),
        QueryMsg::Delegations {
            delegator,
            start_after,
            limit,
        } => to_json_binary(&query::delegations(deps, delegator, start_after, limit)?),
        QueryMsg::Delegators {
            operator,
            start_after,
            limit,
        } => to_json_binary(&query::delegators(deps, operator, start_after, limit)?),
        QueryMsg::UnbondingEntries { address } => {
            to_json_binary(&query::unbonding_entries(deps, env, address)?)
        }
        QueryMsg::StakeAtHeight { address, height } => {
            to_json_binary(&query::stake_at_height(deps, env, address, height)?)
        }
        QueryMsg::TotalStakeAtHeight { height } => {
            to_json_binary(&query::total_stake_at_height(deps, env, height)?)
        }
        QueryMsg::StakeLock { address } => to_json_binary(&query::stake_lock(deps, env, address)?),
        QueryMsg::Evidence { evidence_id } => to_json_binary(&query::evidence(deps, evidence_id)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> StakingResult<Response> {
    let from = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
