//! Entry points: payment, authorisation and pause checks and routing only (the kit's dispatch
//! convention, packages/kit/README.md); each action lives in its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, StdResult,
};
use cw_utils::nonpayable;
use infermesh_kit::hook::{hook_failed, HookReply};
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::pause::{self, assert_not_paused};
use infermesh_kit::receive::{receive, Received};
use infermesh_kit::validate::optional_address;
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::payment_channels::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};

use crate::admin;
use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::redeem::REPLY_DISTRIBUTOR;
use crate::state::{save_totals, Config, Totals, CONFIG, NEXT_CHANNEL_ID, PARAMS};
use crate::{open, query, reclaim, redeem};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-payment-channels";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> PaymentChannelsResult<Response> {
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
        treasury: api.addr_validate(&msg.treasury)?,
        distributor: optional_address(api, msg.distributor)?,
        guardian: optional_address(api, msg.guardian)?,
    };
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    save_totals(deps.storage, &Totals::default());
    NEXT_CHANNEL_ID.save(deps.storage, &1)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_payment_channels")
        .add_attribute("owner", owner)
        .add_attribute("token", config.token)
        .add_attribute("staking", config.staking)
        .add_attribute("treasury", config.treasury))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> PaymentChannelsResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let config = CONFIG.load(deps.storage)?;
            let Received {
                sender,
                amount,
                msg,
            } = receive(deps.api, &config.token, &info.sender, wrapper)?;
            match msg {
                ReceiveMsg::OpenChannel(request) => {
                    assert_not_paused(deps.storage)?;
                    open::open(deps, env, config, sender, amount, request)
                }
                ReceiveMsg::TopUp { channel_id } => {
                    assert_not_paused(deps.storage)?;
                    open::top_up(deps, env, sender, amount, channel_id)
                }
            }
        }
        ExecuteMsg::Redeem(voucher) => redeem::redeem(deps, env, info.sender, voucher),
        ExecuteMsg::Reclaim { channel_id } => reclaim::reclaim(deps, env, info.sender, channel_id),
        ExecuteMsg::Withdraw {} => redeem::withdraw(deps, info.sender),
        ExecuteMsg::ReportWork { provider } => redeem::report_work(deps, provider),
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
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> PaymentChannelsResult<Response> {
    hook_reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::contract::hook_reply);

/// A refused work report never undoes a redemption: its work waits again for the next one.
pub fn hook_reply(deps: DepsMut, env: Env, msg: HookReply) -> PaymentChannelsResult<Response> {
    if msg.id != REPLY_DISTRIBUTOR {
        return Err(PaymentChannelsError::UnknownReply { id: msg.id });
    }
    redeem::restore_work(deps.storage, env.block.time, &msg.payload)?;
    Ok(hook_failed("distributor", msg.result))
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&PARAMS.load(deps.storage)?),
        QueryMsg::Totals {} => to_json_binary(&query::totals(deps)?),
        QueryMsg::Channel { channel_id } => to_json_binary(&query::channel(deps, channel_id)?),
        QueryMsg::Credit { address } => to_json_binary(&query::credit(deps, address)?),
        QueryMsg::Channels {
            filter,
            start_after,
            limit,
        } => to_json_binary(&query::list_channels(deps, filter, start_after, limit)?),
        QueryMsg::VoucherSignBytes {
            channel_id,
            cumulative_amount,
            nonce,
            sign_mode,
        } => to_json_binary(&query::voucher_sign_bytes(
            deps,
            env,
            channel_id,
            cumulative_amount,
            nonce,
            sign_mode,
        )?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> PaymentChannelsResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
