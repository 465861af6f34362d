//! Owner actions: the allowlist, channels' limits and switches, recovery of a closed channel,
//! parameters and the guardian.

use cosmwasm_std::{
    Binary, DepsMut, Env, IbcEndpoint, IbcPacket, IbcTimeout, Response, Timestamp, Uint128,
};
use infermesh_kit::guard::guard;
use infermesh_kit::validate::optional_address;
use infermesh_types::bridge::{Params, RateLimit};

use crate::error::{BridgeError, BridgeResult};
use crate::packet::{settle, Outcome};
use crate::state::{
    ModeConfig, CHANNELS, CONFIG, COUNTERPARTIES, IN_FLIGHT, PARAMS, PORT, WRAPPED,
};

pub fn allow_counterparty(
    deps: DepsMut,
    connection_id: String,
    port_id: String,
    rate_limit: RateLimit,
) -> BridgeResult<Response> {
    rate_limit.validate()?;
    for (field, value) in [("connection_id", &connection_id), ("port_id", &port_id)] {
        if value.is_empty() || value.len() > 128 {
            return Err(BridgeError::InvalidConfig {
                field: field.into(),
                reason: format!("must be 1 to 128 bytes, not {}", value.len()),
            });
        }
    }
    COUNTERPARTIES.save(deps.storage, (&connection_id, &port_id), &rate_limit)?;
    Ok(Response::new()
        .add_attribute("action", "allow_counterparty")
        .add_attribute("connection_id", connection_id)
        .add_attribute("port_id", port_id)
        .add_attribute("max_flow", rate_limit.max_flow)
        .add_attribute("period_seconds", rate_limit.period_seconds.to_string()))
}

pub fn remove_counterparty(
    deps: DepsMut,
    connection_id: String,
    port_id: String,
) -> BridgeResult<Response> {
    if !COUNTERPARTIES.has(deps.storage, (&connection_id, &port_id)) {
        return Err(BridgeError::CounterpartyNotAllowed {
            connection_id,
            port_id,
        });
    }
    COUNTERPARTIES.remove(deps.storage, (&connection_id, &port_id));
    Ok(Response::new()
        .add_attribute("action", "remove_counterparty")
        .add_attribute("connection_id", connection_id)
        .add_attribute("port_id", port_id))
}

pub fn update_channel(
    deps: DepsMut,
    channel_id: String,
    rate_limit: Option<RateLimit>,
    enabled: Option<bool>,
) -> BridgeResult<Response> {
    let mut channel = CHANNELS
        .may_load(deps.storage, &channel_id)?
        .ok_or_else(|| BridgeError::UnknownChannel {
            channel_id: channel_id.clone(),
        })?;
    if let Some(rate_limit) = rate_limit {
        rate_limit.validate()?;
        channel.rate_limit = rate_limit;
    }
    if let Some(enabled) = enabled {
        channel.enabled = enabled;
    }
    CHANNELS.save(deps.storage, &channel_id, &channel)?;
    Ok(Response::new()
        .add_attribute("action", "update_channel")
        .add_attribute("channel_id", channel_id)
        .add_attribute("enabled", channel.enabled.to_string())
        .add_attribute("max_flow", channel.rate_limit.max_flow)
        .add_attribute(
            "period_seconds",
            channel.rate_limit.period_seconds.to_string(),
        ))
}

/// A packet a closed channel stranded: received by the other side but its acknowledgement not
/// relayed before the close (IBC then takes neither the acknowledgement nor a timeout). The
/// owner, having read the other chain, refunds it or counts it delivered; then the channel can
/// be remapped.
pub fn resolve_in_flight(
    deps: DepsMut,
    channel_id: String,
    sequence: u64,
    refund: bool,
) -> BridgeResult<Response> {
    let channel = CHANNELS
        .may_load(deps.storage, &channel_id)?
        .ok_or_else(|| BridgeError::UnknownChannel {
            channel_id: channel_id.clone(),
        })?;
    if channel.open {
        return Err(BridgeError::ChannelOpen { channel_id });
    }
    if !IN_FLIGHT.has(deps.storage, (&channel_id, sequence)) {
        return Err(BridgeError::NotInFlight {
            channel_id,
            sequence,
        });
    }
    let packet = IbcPacket::new(
        Binary::default(),
        IbcEndpoint {
            port_id: PORT.load(deps.storage)?,
            channel_id: channel_id.clone(),
        },
        IbcEndpoint {
            port_id: channel.counterparty_port_id,
            channel_id: channel.counterparty_channel_id,
        },
        sequence,
        IbcTimeout::with_timestamp(Timestamp::from_seconds(0)),
    );
    let settled = settle(deps.storage, &packet, Outcome::Resolved { refund })?;
    Ok(Response::new()
        .add_submessages(settled.messages)
        .add_attributes(settled.attributes)
        .add_attribute("resolved_by", "owner"))
}

/// A closed channel's books move to an open channel to the same counterparty port
/// (docs/bridge.md §6): home, its escrow, so tokens coming back over the new channel are
/// released from it; remote, its wrapped token and the supply it counts, so holders send it back
/// over the new channel. Both sides' owners remap, each on its chain. Only once nothing is in
/// flight on the closed channel: its timeouts refund against its own books.
pub fn remap_channel(deps: DepsMut, from: String, to: String) -> BridgeResult<Response> {
    let load = |id: &String| {
        CHANNELS
            .may_load(deps.storage, id)?
            .ok_or_else(|| BridgeError::UnknownChannel {
                channel_id: id.clone(),
            })
    };
    let mut closed = load(&from)?;
    let mut target = load(&to)?;
    if closed.open {
        return Err(BridgeError::ChannelOpen { channel_id: from });
    }
    if !target.open {
        return Err(BridgeError::ChannelClosed { channel_id: to });
    }
    if closed.in_flight > 0 {
        return Err(BridgeError::ChannelInFlight {
            channel_id: from,
            in_flight: closed.in_flight,
        });
    }
    if (&closed.connection_id, &closed.counterparty_port_id)
        != (&target.connection_id, &target.counterparty_port_id)
    {
        return Err(BridgeError::CounterpartyMismatch {
            from,
            from_counterparty: format!("{}/{}", closed.connection_id, closed.counterparty_port_id),
            to,
            to_counterparty: format!("{}/{}", target.connection_id, target.counterparty_port_id),
        });
    }
    if let ModeConfig::Remote { .. } = CONFIG.load(deps.storage)?.mode {
        if let Some(wrapped) = closed.wrapped.take() {
            if let Some(existing) = target.wrapped {
                return Err(BridgeError::WrappedExists {
                    channel_id: to,
                    wrapped: existing,
                });
            }
            WRAPPED.save(deps.storage, &wrapped, &to)?;
            target.wrapped = Some(wrapped);
        }
    }
    let moved = closed.outstanding;
    target.outstanding = target.outstanding.checked_add(moved)?;
    closed.outstanding = Uint128::zero();
    CHANNELS.save(deps.storage, &from, &closed)?;
    CHANNELS.save(deps.storage, &to, &target)?;
    Ok(Response::new()
        .add_attribute("action", "remap_channel")
        .add_attribute("from", from)
        .add_attribute("to", to)
        .add_attribute("outstanding", moved))
}

/// `emergency`: the owner's emergency adjustment, outside the parameter guard.
pub fn update_params(
    deps: DepsMut,
    env: Env,
    params: Params,
    emergency: bool,
) -> BridgeResult<Response> {
    params.validate()?;
    let current = PARAMS.load(deps.storage)?;
    guard(deps.storage, env.block.time, &current, &params, emergency)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("emergency", emergency.to_string())
        .add_attribute(
            "default_timeout_seconds",
            params.default_timeout_seconds.to_string(),
        )
        .add_attribute(
            "max_timeout_seconds",
            params.max_timeout_seconds.to_string(),
        ))
}

pub fn update_guardian(deps: DepsMut, guardian: Option<String>) -> BridgeResult<Response> {
    let mut config = CONFIG.load(deps.storage)?;
    config.guardian = optional_address(deps.api, guardian)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_guardian")
        .add_attribute(
            "guardian",
            config
                .guardian
                .map(|guardian| guardian.to_string())
                .unwrap_or_default(),
        ))
}
