//! The channel handshake and close (docs/bridge.md §2): `ics20-1`, unordered, and only with a
//! counterparty the owner allowed; a channel is never closed from this side.

use cosmwasm_std::{
    DepsMut, Env, Ibc3ChannelOpenResponse, IbcBasicResponse, IbcChannel, IbcChannelCloseMsg,
    IbcChannelConnectMsg, IbcChannelOpenMsg, IbcChannelOpenResponse, IbcOrder, Storage, Uint128,
};
use infermesh_types::bridge::{RateLimit, ICS20_VERSION};

use crate::error::{BridgeError, BridgeResult};
use crate::state::{ChannelState, CHANNELS, COUNTERPARTIES, PORT};

/// A channel that may carry a new transfer or receipt now.
pub fn usable_channel(storage: &dyn Storage, channel_id: &str) -> BridgeResult<ChannelState> {
    let channel =
        CHANNELS
            .may_load(storage, channel_id)?
            .ok_or_else(|| BridgeError::UnknownChannel {
                channel_id: channel_id.to_string(),
            })?;
    if !channel.open {
        return Err(BridgeError::ChannelClosed {
            channel_id: channel_id.to_string(),
        });
    }
    if !channel.enabled {
        return Err(BridgeError::ChannelDisabled {
            channel_id: channel_id.to_string(),
        });
    }
    Ok(channel)
}

fn check_version(version: &str) -> BridgeResult<()> {
    if version != ICS20_VERSION {
        return Err(BridgeError::InvalidVersion {
            version: version.to_string(),
            expected: ICS20_VERSION.to_string(),
        });
    }
    Ok(())
}

/// The channel's order and version, and its counterparty's place on the allowlist.
fn check_channel(storage: &dyn Storage, channel: &IbcChannel) -> BridgeResult<RateLimit> {
    if channel.order != IbcOrder::Unordered {
        return Err(BridgeError::InvalidOrder {
            order: channel.order.clone(),
        });
    }
    check_version(&channel.version)?;
    let port_id = &channel.counterparty_endpoint.port_id;
    COUNTERPARTIES
        .may_load(storage, (&channel.connection_id, port_id))?
        .ok_or_else(|| BridgeError::CounterpartyNotAllowed {
            connection_id: channel.connection_id.clone(),
            port_id: port_id.clone(),
        })
}

pub fn channel_open(deps: DepsMut, msg: IbcChannelOpenMsg) -> BridgeResult<IbcChannelOpenResponse> {
    if let Some(version) = msg.counterparty_version() {
        check_version(version)?;
    }
    check_channel(deps.storage, msg.channel())?;
    Ok(Some(Ibc3ChannelOpenResponse {
        version: ICS20_VERSION.to_string(),
    }))
}

pub fn channel_connect(
    deps: DepsMut,
    env: Env,
    msg: IbcChannelConnectMsg,
) -> BridgeResult<IbcBasicResponse> {
    if let Some(version) = msg.counterparty_version() {
        check_version(version)?;
    }
    let channel = msg.channel();
    let rate_limit = check_channel(deps.storage, channel)?;
    let channel_id = &channel.endpoint.channel_id;
    // One allowance, one channel: nobody multiplies the rate limit by opening more channels to
    // the same counterparty, or takes the place a recovery needs (docs/bridge.md §2).
    COUNTERPARTIES.remove(
        deps.storage,
        (
            &channel.connection_id,
            &channel.counterparty_endpoint.port_id,
        ),
    );
    PORT.save(deps.storage, &channel.endpoint.port_id)?;
    let now = env.block.time.seconds();
    CHANNELS.save(
        deps.storage,
        channel_id,
        &ChannelState {
            connection_id: channel.connection_id.clone(),
            counterparty_port_id: channel.counterparty_endpoint.port_id.clone(),
            counterparty_channel_id: channel.counterparty_endpoint.channel_id.clone(),
            open: true,
            enabled: true,
            outstanding: Uint128::zero(),
            wrapped: None,
            in_flight: 0,
            rate_limit,
            period_start: now - now % rate_limit.period_seconds,
            outflow: Uint128::zero(),
            inflow: Uint128::zero(),
        },
    )?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "bridge_channel_open")
        .add_attribute("channel_id", channel_id)
        .add_attribute("connection_id", &channel.connection_id)
        .add_attribute(
            "counterparty_port_id",
            &channel.counterparty_endpoint.port_id,
        )
        .add_attribute(
            "counterparty_channel_id",
            &channel.counterparty_endpoint.channel_id,
        ))
}

/// Closing from this side is refused (ibc-go's transfer module refuses it too): a closed channel
/// strands whatever the other side holds. When the counterparty closes, the channel is marked
/// closed: packets in flight come back as timeouts and are refunded, and `RemapChannel` moves its
/// books to a new channel to the same counterparty.
pub fn channel_close(deps: DepsMut, msg: IbcChannelCloseMsg) -> BridgeResult<IbcBasicResponse> {
    let channel_id = msg.channel().endpoint.channel_id.clone();
    if let IbcChannelCloseMsg::CloseInit { .. } = msg {
        return Err(BridgeError::CloseNotAllowed { channel_id });
    }
    let mut response = IbcBasicResponse::new()
        .add_attribute("action", "bridge_channel_closed")
        .add_attribute("channel_id", &channel_id);
    if let Some(mut channel) = CHANNELS.may_load(deps.storage, &channel_id)? {
        channel.open = false;
        response = response
            .add_attribute("outstanding", channel.outstanding)
            .add_attribute("in_flight", channel.in_flight.to_string());
        CHANNELS.save(deps.storage, &channel_id, &channel)?;
    }
    Ok(response)
}
