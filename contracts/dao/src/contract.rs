//! Entry points: payment, authorisation and routing only (the kit's dispatch convention).

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult,
    Uint128,
};
use cw_utils::nonpayable;
use infermesh_kit::hook::HookReply;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::receive::receive;
use infermesh_kit::validate::optional_address;
use infermesh_kit::MigrateMsg;
use infermesh_types::dao::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};
use infermesh_types::token::TokenClient;

use crate::error::{DaoError, DaoResult};
use crate::proposal::{self, NewProposal};
use crate::state::{
    Config, CONFIG, DEPOSITS_HELD, PARAMS, UNLOCKING, UNLOCKING_TOTAL, VAULT_TOTAL,
};
use crate::{query, vault};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-dao";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> DaoResult<Response> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let params = msg.params.unwrap_or_default();
    params.validate()?;
    let config = Config {
        token: deps.api.addr_validate(&msg.token)?,
        staking: deps.api.addr_validate(&msg.staking)?,
        distributor: optional_address(deps.api, msg.distributor)?,
    };
    // The genesis treasury was minted to this address before it existed.
    let balance =
        TokenClient(config.token.clone()).balance(&deps.querier, env.contract.address.as_str())?;
    if balance < msg.genesis_treasury {
        return Err(DaoError::TreasuryNotFunded {
            balance,
            genesis: msg.genesis_treasury,
        });
    }
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    DEPOSITS_HELD.save(deps.storage, &Uint128::zero())?;
    UNLOCKING_TOTAL.save(deps.storage, &Uint128::zero())?;
    VAULT_TOTAL.save(deps.storage, &Uint128::zero(), env.block.height)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_dao")
        .add_attribute("token", config.token)
        .add_attribute("staking", config.staking)
        .add_attribute("treasury", balance))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> DaoResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let token = CONFIG.load(deps.storage)?.token;
            let received = receive::<ReceiveMsg>(deps.api, &token, &info.sender, wrapper)?;
            match received.msg {
                ReceiveMsg::Lock {} => vault::lock(deps, env, received.sender, received.amount),
                ReceiveMsg::Fund {} => Ok(Response::new()
                    .add_attribute("action", "fund")
                    .add_attribute("funder", received.sender)
                    .add_attribute("amount", received.amount)),
                ReceiveMsg::Propose {
                    title,
                    description,
                    kind,
                    msgs,
                } => proposal::propose(
                    deps,
                    env,
                    received.sender,
                    received.amount,
                    NewProposal {
                        title,
                        description,
                        kind,
                        msgs,
                    },
                ),
            }
        }
        ExecuteMsg::Unlock { amount } => vault::unlock(deps, env, info.sender, amount),
        ExecuteMsg::Withdraw {} => vault::withdraw(deps, env, info.sender),
        ExecuteMsg::Vote { proposal_id, vote } => {
            proposal::vote(deps, env, info.sender, proposal_id, vote)
        }
        ExecuteMsg::Execute { proposal_id } => proposal::execute(deps, env, proposal_id),
        ExecuteMsg::Close { proposal_id } => proposal::close(deps, env, proposal_id),
        ExecuteMsg::RunProposal { proposal_id } => {
            proposal::run(deps, env, info.sender, proposal_id)
        }
        ExecuteMsg::CheckSolvency {} => proposal::check_solvency(deps, env, info.sender),
        ExecuteMsg::UpdateParams { params } => {
            if info.sender != env.contract.address {
                return Err(DaoError::NotTheDao {
                    sender: info.sender,
                });
            }
            params.validate()?;
            PARAMS.save(deps.storage, &params)?;
            Ok(Response::new().add_attribute("action", "update_params"))
        }
        ExecuteMsg::UpdateDistributor { distributor } => {
            if info.sender != env.contract.address {
                return Err(DaoError::NotTheDao {
                    sender: info.sender,
                });
            }
            let distributor = optional_address(deps.api, distributor)?;
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.distributor = distributor.clone();
                Ok(config)
            })?;
            Ok(Response::new()
                .add_attribute("action", "update_distributor")
                .add_attribute(
                    "distributor",
                    distributor.map(Addr::into_string).unwrap_or_default(),
                ))
        }
    }
}

/// The reply as cw-multi-test calls it; the wasm's `reply` decodes only what it needs
/// (infermesh_kit::hook) and calls [`hook_reply`].
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> DaoResult<Response> {
    hook_reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::contract::hook_reply);

/// A proposal's messages failed when executed.
pub fn hook_reply(deps: DepsMut, _env: Env, msg: HookReply) -> DaoResult<Response> {
    proposal::reply(deps, msg)
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&PARAMS.load(deps.storage)?),
        QueryMsg::Proposal { proposal_id } => {
            to_json_binary(&query::proposal(deps, env, proposal_id)?)
        }
        QueryMsg::Proposals {
            start_before,
            limit,
        } => to_json_binary(&query::proposals(deps, env, start_before, limit)?),
        QueryMsg::Ballot { proposal_id, voter } => {
            to_json_binary(&query::ballot(deps, proposal_id, voter)?)
        }
        QueryMsg::VotingPower { address, height } => {
            to_json_binary(&query::voting_power(deps, env, address, height)?)
        }
        QueryMsg::Treasury {} => to_json_binary(&query::treasury(deps, env)?),
        QueryMsg::Unlocking { address } => {
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&UNLOCKING.may_load(deps.storage, &address)?)
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> DaoResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
