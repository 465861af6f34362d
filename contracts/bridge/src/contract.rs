//! Entry points: payment, authorisation and pause checks and routing only (the kit's dispatch
//! convention, packages/kit/README.md); each action lives in its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Binary, Deps, DepsMut, Env, IbcBasicResponse, IbcChannelCloseMsg,
    IbcChannelConnectMsg, IbcChannelOpenMsg, IbcChannelOpenResponse, IbcPacketAckMsg,
    IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcReceiveResponse, MessageInfo, Never, Reply,
    Response, StdResult,
};
use cw_utils::nonpayable;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::pause::{self, assert_not_paused};
use infermesh_kit::receive::parse_hook;
use infermesh_kit::validate::optional_address;
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::bridge::{
    ExecuteMsg, InstantiateMsg, Mode, QueryMsg, ReceiveMsg, CW20_DENOM_PREFIX, WRAPPED_NAME_BYTES,
    WRAPPED_SYMBOL_BYTES,
};

use crate::error::{BridgeError, BridgeResult};
use crate::packet::{self, Outcome};
use crate::send::{self, REPLY_SEND};
use crate::state::{Config, ModeConfig, CONFIG, PARAMS};
use crate::{admin, ibc, query};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-bridge";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> BridgeResult<Response> {
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
    let mode = match msg.mode {
        Mode::Home { token } => ModeConfig::Home {
            token: deps.api.addr_validate(&token)?,
        },
        Mode::Remote {
            home_denom,
            wrapped_code_id,
            wrapped_name,
            wrapped_symbol,
            wrapped_decimals,
        } => {
            check_remote(
                &home_denom,
                &wrapped_name,
                &wrapped_symbol,
                wrapped_decimals,
            )?;
            // Fails here, not at the first receipt, when the code does not exist.
            deps.querier.query_wasm_code_info(wrapped_code_id)?;
            ModeConfig::Remote {
                home_denom,
                wrapped_code_id,
                wrapped_name,
                wrapped_symbol,
                wrapped_decimals,
            }
        }
    };
    let config = Config {
        mode,
        guardian: optional_address(deps.api, msg.guardian)?,
    };
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    let mode = match &config.mode {
        ModeConfig::Home { .. } => "home",
        ModeConfig::Remote { .. } => "remote",
    };
    Ok(Response::new()
        .add_attribute("action", "instantiate_bridge")
        .add_attribute("owner", owner)
        .add_attribute("mode", mode))
}

/// What a remote bridge mints must be a home bridge's denom, and a valid cw20-base token.
fn check_remote(home_denom: &str, name: &str, symbol: &str, decimals: u8) -> BridgeResult<()> {
    let invalid = |field: &str, reason: String| BridgeError::InvalidConfig {
        field: field.to_string(),
        reason,
    };
    let token = home_denom.strip_prefix(CW20_DENOM_PREFIX).unwrap_or("");
    if token.is_empty() || token.contains('/') {
        return Err(invalid(
            "home_denom",
            format!("{home_denom:?} is not {CW20_DENOM_PREFIX}<token address>"),
        ));
    }
    if !(WRAPPED_NAME_BYTES.0..=WRAPPED_NAME_BYTES.1).contains(&name.len()) {
        return Err(invalid(
            "wrapped_name",
            format!(
                "must be {} to {} bytes",
                WRAPPED_NAME_BYTES.0, WRAPPED_NAME_BYTES.1
            ),
        ));
    }
    if !(WRAPPED_SYMBOL_BYTES.0..=WRAPPED_SYMBOL_BYTES.1).contains(&symbol.len())
        || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    {
        return Err(invalid(
            "wrapped_symbol",
            format!(
                "must be {} to {} letters or '-'",
                WRAPPED_SYMBOL_BYTES.0, WRAPPED_SYMBOL_BYTES.1
            ),
        ));
    }
    if decimals > 18 {
        return Err(invalid(
            "wrapped_decimals",
            format!("{decimals} is above 18"),
        ));
    }
    Ok(())
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> BridgeResult<Response> {
    nonpayable(&info)?;
    let owner_only = |deps: &DepsMut| cw_ownable::assert_owner(deps.storage, &info.sender);
    match msg {
        // The caller is the token: home's, or one of this bridge's wrapped tokens (send.rs).
        ExecuteMsg::Receive(wrapper) => {
            assert_not_paused(deps.storage)?;
            let sender = deps.api.addr_validate(&wrapper.sender)?;
            let ReceiveMsg::Transfer(request) = parse_hook(&wrapper.msg)?;
            send::transfer(deps, env, info.sender, sender, wrapper.amount, request)
        }
        ExecuteMsg::AllowCounterparty {
            connection_id,
            port_id,
            rate_limit,
        } => {
            owner_only(&deps)?;
            admin::allow_counterparty(deps, connection_id, port_id, rate_limit)
        }
        ExecuteMsg::RemoveCounterparty {
            connection_id,
            port_id,
        } => {
            owner_only(&deps)?;
            admin::remove_counterparty(deps, connection_id, port_id)
        }
        ExecuteMsg::UpdateChannel {
            channel_id,
            rate_limit,
            enabled,
        } => {
            owner_only(&deps)?;
            admin::update_channel(deps, channel_id, rate_limit, enabled)
        }
        ExecuteMsg::RemapChannel { from, to } => {
            owner_only(&deps)?;
            admin::remap_channel(deps, from, to)
        }
        ExecuteMsg::ResolveInFlight {
            channel_id,
            sequence,
            refund,
        } => {
            owner_only(&deps)?;
            admin::resolve_in_flight(deps, channel_id, sequence, refund)
        }
        ExecuteMsg::Pause {} => {
            let guardian = CONFIG.load(deps.storage)?.guardian;
            Ok(pause::pause(deps.storage, &info.sender, guardian.as_ref())?)
        }
        ExecuteMsg::Unpause {} => Ok(pause::unpause(deps.storage, &info.sender)?),
        ExecuteMsg::UpdateParams { params } => {
            owner_only(&deps)?;
            admin::update_params(deps, env, params, false)
        }
        ExecuteMsg::EmergencyUpdateParams { params } => {
            owner_only(&deps)?;
            admin::update_params(deps, env, params, true)
        }
        ExecuteMsg::UpdateGuardian { guardian } => {
            owner_only(&deps)?;
            admin::update_guardian(deps, guardian)
        }
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> BridgeResult<Response> {
    match msg.id {
        REPLY_SEND => send::sent(deps, msg),
        id => Err(BridgeError::UnknownReply { id }),
    }
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&PARAMS.load(deps.storage)?),
        QueryMsg::Channel { channel_id } => to_json_binary(&query::channel(deps, channel_id)?),
        QueryMsg::Channels { start_after, limit } => {
            to_json_binary(&query::channels(deps, start_after, limit)?)
        }
        QueryMsg::Counterparties { start_after, limit } => {
            to_json_binary(&query::counterparties(deps, start_after, limit)?)
        }
        QueryMsg::InFlight {
            channel_id,
            sequence,
        } => to_json_binary(&query::in_flight(deps, channel_id, sequence)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> BridgeResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_open(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> BridgeResult<IbcChannelOpenResponse> {
    ibc::channel_open(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_connect(
    deps: DepsMut,
    env: Env,
    msg: IbcChannelConnectMsg,
) -> BridgeResult<IbcBasicResponse> {
    ibc::channel_connect(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> BridgeResult<IbcBasicResponse> {
    ibc::channel_close(deps, msg)
}

/// Never fails: a refused packet is an error acknowledgement (packet.rs).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_receive(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketReceiveMsg,
) -> Result<IbcReceiveResponse, Never> {
    Ok(packet::receive(deps, env, &msg.packet))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_ack(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketAckMsg,
) -> BridgeResult<IbcBasicResponse> {
    packet::settle(
        deps.storage,
        &msg.original_packet,
        Outcome::Acknowledged(msg.acknowledgement.data),
    )
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_timeout(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketTimeoutMsg,
) -> BridgeResult<IbcBasicResponse> {
    packet::settle(deps.storage, &msg.packet, Outcome::TimedOut)
}
