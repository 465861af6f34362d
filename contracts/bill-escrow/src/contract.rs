//! Entry points: payment, authorisation and pause checks and routing only (the kit's dispatch
//! convention, packages/kit/README.md); each action lives in its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult,
    Storage,
};
use cw_utils::nonpayable;
use infermesh_kit::hook::HookReply;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::pause::{self, assert_not_paused};
use infermesh_kit::receive::{receive, Received};
use infermesh_kit::validate::optional_address;
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::bill_escrow::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};

use crate::admin;
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::state::{Config, Totals, CONFIG, PARAMS, TOTALS};
use crate::{bill, dispute, query, settle};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-bill-escrow";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> BillEscrowResult<Response> {
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
    let api = deps.api;
    let config = Config {
        token: api.addr_validate(&msg.token)?,
        staking: api.addr_validate(&msg.staking)?,
        reputation: api.addr_validate(&msg.reputation)?,
        treasury: api.addr_validate(&msg.treasury)?,
        distributor: optional_address(api, msg.distributor)?,
        arbiter: optional_address(api, msg.arbiter)?,
        guardian: optional_address(api, msg.guardian)?,
    };
    admin::check_exposure(deps.as_ref(), &config.staking, &params)?;
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    TOTALS.save(deps.storage, &Totals::default());
    Ok(Response::new()
        .add_attribute("action", "instantiate_bill_escrow")
        .add_attribute("owner", owner)
        .add_attribute("token", config.token)
        .add_attribute("staking", config.staking)
        .add_attribute("reputation", config.reputation)
        .add_attribute("treasury", config.treasury))
}

/// The arbiter and the owner (the DAO that appoints it) may resolve disputes.
fn assert_arbiter(storage: &dyn Storage, sender: &Addr) -> BillEscrowResult<()> {
    let config = CONFIG.load(storage)?;
    if config.arbiter.as_ref() == Some(sender) || cw_ownable::is_owner(storage, sender)? {
        return Ok(());
    }
    Err(BillEscrowError::NotArbiter {
        sender: sender.clone(),
    })
}

/// The cw20 hook's arms, after the kit has checked the token and the sender.
fn receive_hook(
    deps: DepsMut,
    env: Env,
    config: Config,
    Received {
        sender,
        amount,
        msg,
    }: Received<ReceiveMsg>,
) -> BillEscrowResult<Response> {
    match msg {
        ReceiveMsg::OpenBill(open) => {
            assert_not_paused(deps.storage)?;
            bill::open(deps, env, config, sender, amount, open)
        }
        ReceiveMsg::Dispute { bill_id } => dispute::open(deps, env, sender, amount, bill_id),
        ReceiveMsg::Deposit {} => {
            assert_not_paused(deps.storage)?;
            settle::deposit(deps, sender, amount)
        }
    }
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> BillEscrowResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let config = CONFIG.load(deps.storage)?;
            let received = receive(deps.api, &config.token, &info.sender, wrapper)?;
            receive_hook(deps, env, config, received)
        }
        ExecuteMsg::OpenBill { amount, bill } => {
            assert_not_paused(deps.storage)?;
            let config = CONFIG.load(deps.storage)?;
            bill::open_from_credit(deps, env, config, info.sender, amount, bill)
        }
        ExecuteMsg::Complete(completion) => {
            bill::complete(deps, env, info.sender, vec![completion])
        }
        ExecuteMsg::CompleteBatch { completions } => {
            bill::complete(deps, env, info.sender, completions)
        }
        ExecuteMsg::Accept { bill_id } => bill::accept(deps, env, info.sender, bill_id),
        ExecuteMsg::ResolveVote {
            bill_id,
            provider_at_fault,
        } => dispute::vote(deps, env, info.sender, bill_id, provider_at_fault),
        ExecuteMsg::Resolve { bill_id, verdict } => {
            assert_arbiter(deps.storage, &info.sender)?;
            dispute::resolve(deps, env, info.sender, bill_id, verdict)
        }
        ExecuteMsg::Finalize { bill_id } => bill::finalize(deps, env, bill_id),
        ExecuteMsg::Withdraw {} => settle::withdraw(deps, info.sender),
        ExecuteMsg::ReportOutcomes { provider } => settle::flush_report(deps, provider),
        ExecuteMsg::RefundTimeout { bill_id, receipt } => {
            bill::refund_timeout(deps, env, info.sender, bill_id, receipt)
        }
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
        ExecuteMsg::UpdateConfig(update) => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_config(deps, update)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

/// The reply as cw-multi-test calls it; the wasm's `reply` decodes only what a hook's reply
/// needs (infermesh_kit::hook) and calls [`hook_reply`].
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> BillEscrowResult<Response> {
    hook_reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::contract::hook_reply);

pub fn hook_reply(deps: DepsMut, env: Env, msg: HookReply) -> BillEscrowResult<Response> {
    settle::reply(deps, env, msg)
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&query::params(deps)?),
        QueryMsg::Totals {} => to_json_binary(&query::totals(deps)?),
        QueryMsg::Quote {
            model_class,
            latency_class,
            units,
        } => to_json_binary(&query::quote(deps, model_class, latency_class, units)?),
        QueryMsg::Bill { bill_id } => to_json_binary(&query::bill(deps, bill_id)?),
        QueryMsg::Bills {
            filter,
            start_after,
            limit,
        } => to_json_binary(&query::list_bills(deps, filter, start_after, limit)?),
        QueryMsg::Credit { address } => to_json_binary(&query::withdrawable(deps, address)?),
        QueryMsg::SlaWindow { provider } => {
            to_json_binary(&query::sla_window(deps, env, provider)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> BillEscrowResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
