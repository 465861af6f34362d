//! Packets arriving, and the fate of packets sent (docs/bridge.md §4). A received packet never
//! aborts: whatever is wrong with it becomes an error acknowledgement, and nothing is written
//! before every check passed. An acknowledgement or a timeout never fails on a packet this bridge
//! sent: the refund comes from the in-flight record the send made, once, and a packet without one
//! is only reported.

use cosmwasm_std::{
    from_json, instantiate2_address, to_json_binary, Addr, Binary, CosmosMsg, DepsMut, Env,
    IbcBasicResponse, IbcPacket, IbcReceiveResponse, Storage, WasmMsg,
};
use cw20::{Cw20Coin, Cw20ExecuteMsg, MinterResponse};
use infermesh_kit::pause::is_paused;
use infermesh_kit::PauseError;
use infermesh_types::bridge::{
    Ics20Ack, Ics20Packet, CW20_DENOM_PREFIX, MAX_INCOMING_RECEIVER_BYTES, MAX_MEMO_BYTES,
};

use crate::error::{BridgeError, BridgeResult};
use crate::flow::{self, Direction};
use crate::ibc::usable_channel;
use crate::state::{ModeConfig, CHANNELS, CONFIG, IN_FLIGHT, WRAPPED};

fn ack_bytes(ack: &Ics20Ack) -> Binary {
    // Serializing a two-variant enum of a byte string or a string cannot fail.
    to_json_binary(ack).unwrap_or_default()
}

/// The longest error an acknowledgement carries; the event has the whole of it.
const MAX_ACK_ERROR_BYTES: usize = 256;

/// An error acknowledgement's text, in bytes every JSON encoder writes alike. ibc-go's transfer
/// module re-encodes an acknowledgement and accepts it only if the bytes are equal, and Go escapes
/// `<`, `>`, `&` and control characters where serde-json-wasm does not: an acknowledgement it
/// cannot accept would leave its sender's tokens burned and never refunded. So only printable
/// ASCII other than those (and quotes and backslashes) passes; anything else becomes `?`.
pub fn ack_error_text(error: &str) -> String {
    error
        .chars()
        .take(MAX_ACK_ERROR_BYTES)
        .map(|c| match c {
            ' '..='~' if !matches!(c, '<' | '>' | '&' | '"' | '\\') => c,
            _ => '?',
        })
        .collect()
}

/// The receive entry point's answer: a success, or the refusal as an error acknowledgement.
pub fn receive(deps: DepsMut, env: Env, packet: &IbcPacket) -> IbcReceiveResponse {
    match do_receive(deps, env, packet) {
        Ok(response) => response,
        Err(error) => IbcReceiveResponse::new(ack_bytes(&Ics20Ack::Error(ack_error_text(
            &error.to_string(),
        ))))
        .add_attribute("action", "bridge_receive_refused")
        .add_attribute("channel_id", &packet.dest.channel_id)
        .add_attribute("sequence", packet.sequence.to_string())
        .add_attribute("error", error.to_string()),
    }
}

fn parse_packet(data: &Binary) -> BridgeResult<Ics20Packet> {
    from_json(data).map_err(|error| BridgeError::MalformedPacket {
        reason: error.to_string(),
    })
}

fn do_receive(deps: DepsMut, env: Env, packet: &IbcPacket) -> BridgeResult<IbcReceiveResponse> {
    let data = parse_packet(&packet.data)?;
    if is_paused(deps.storage)? {
        return Err(PauseError::Paused {}.into());
    }
    let channel_id = &packet.dest.channel_id;
    let mut channel = usable_channel(deps.storage, channel_id)?;
    if data.amount.is_zero() {
        return Err(BridgeError::ZeroAmount {});
    }
    if data.memo.len() > MAX_MEMO_BYTES {
        return Err(BridgeError::MemoTooLong {
            len: data.memo.len(),
            max: MAX_MEMO_BYTES,
        });
    }
    if data.receiver.is_empty() || data.receiver.len() > MAX_INCOMING_RECEIVER_BYTES {
        return Err(BridgeError::InvalidReceiver {
            len: data.receiver.len(),
            max: MAX_INCOMING_RECEIVER_BYTES,
        });
    }
    let receiver = deps.api.addr_validate(&data.receiver)?;
    flow::take(
        &mut channel,
        channel_id,
        env.block.time,
        Direction::In,
        data.amount,
    )?;
    let amount = data.amount;
    let message = match CONFIG.load(deps.storage)?.mode {
        ModeConfig::Home { token } => {
            // Our token coming back carries the sender's end of the channel as its first hop.
            let expected = format!(
                "{}/{}/{CW20_DENOM_PREFIX}{token}",
                packet.src.port_id, packet.src.channel_id
            );
            if data.denom != expected {
                return Err(BridgeError::UnknownDenom {
                    denom: data.denom,
                    expected,
                });
            }
            if amount > channel.outstanding {
                return Err(BridgeError::AboveEscrow {
                    channel_id: channel_id.clone(),
                    amount,
                    outstanding: channel.outstanding,
                });
            }
            channel.outstanding -= amount;
            cw20_call(
                &token,
                &Cw20ExecuteMsg::Transfer {
                    recipient: receiver.to_string(),
                    amount,
                },
            )?
        }
        ModeConfig::Remote {
            home_denom,
            wrapped_code_id,
            wrapped_name,
            wrapped_symbol,
            wrapped_decimals,
        } => {
            if data.denom != home_denom {
                return Err(BridgeError::UnknownDenom {
                    denom: data.denom,
                    expected: home_denom,
                });
            }
            channel.outstanding = channel.outstanding.checked_add(amount)?;
            match &channel.wrapped {
                Some(wrapped) => cw20_call(
                    wrapped,
                    &Cw20ExecuteMsg::Mint {
                        recipient: receiver.to_string(),
                        amount,
                    },
                )?,
                // The channel's first receipt: its wrapped token, with the receipt as its first
                // balance, at the address instantiate2 gives it.
                None => {
                    let salt = Binary::from(channel_id.as_bytes());
                    let checksum = deps.querier.query_wasm_code_info(wrapped_code_id)?.checksum;
                    let creator = deps.api.addr_canonicalize(env.contract.address.as_str())?;
                    let address = instantiate2_address(checksum.as_slice(), &creator, &salt)
                        .map_err(|error| BridgeError::InvalidConfig {
                            field: "wrapped_code_id".into(),
                            reason: error.to_string(),
                        })?;
                    let wrapped = deps.api.addr_humanize(&address)?;
                    WRAPPED.save(deps.storage, &wrapped, channel_id)?;
                    channel.wrapped = Some(wrapped);
                    WasmMsg::Instantiate2 {
                        admin: None,
                        code_id: wrapped_code_id,
                        label: format!("{wrapped_symbol} over {channel_id}"),
                        msg: to_json_binary(&cw20_base::msg::InstantiateMsg {
                            name: wrapped_name,
                            symbol: wrapped_symbol,
                            decimals: wrapped_decimals,
                            initial_balances: vec![Cw20Coin {
                                address: receiver.to_string(),
                                amount,
                            }],
                            mint: Some(MinterResponse {
                                minter: env.contract.address.to_string(),
                                cap: None,
                            }),
                            marketing: None,
                        })?,
                        funds: vec![],
                        salt,
                    }
                    .into()
                }
            }
        }
    };
    CHANNELS.save(deps.storage, channel_id, &channel)?;
    Ok(IbcReceiveResponse::new(ack_bytes(&Ics20Ack::success()))
        .add_message(message)
        .add_attribute("action", "bridge_receive")
        .add_attribute("channel_id", channel_id)
        .add_attribute("sequence", packet.sequence.to_string())
        .add_attribute("receiver", receiver)
        .add_attribute("amount", amount))
}

fn cw20_call(contract: &Addr, msg: &Cw20ExecuteMsg) -> BridgeResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Why a sent packet is settled.
pub enum Outcome {
    /// The other side acknowledged `ack`.
    Acknowledged(Binary),
    TimedOut,
    /// The owner settled a packet a closed channel stranded (`ResolveInFlight`).
    Resolved {
        refund: bool,
    },
}

/// Settles a packet this bridge sent: a success acknowledgement ends it; an error acknowledgement
/// (anything but ICS-20's success) or a timeout refunds its sender from the in-flight record.
pub fn settle(
    storage: &mut dyn Storage,
    packet: &IbcPacket,
    outcome: Outcome,
) -> BridgeResult<IbcBasicResponse> {
    let channel_id = &packet.src.channel_id;
    let sequence = packet.sequence;
    let (reason, error) = match &outcome {
        Outcome::Acknowledged(bytes) => match from_json::<Ics20Ack>(bytes) {
            Ok(ack) if ack.is_success() => (None, None),
            Ok(Ics20Ack::Error(error)) => (Some("error_ack"), Some(error)),
            _ => (
                Some("error_ack"),
                Some("unreadable acknowledgement".to_string()),
            ),
        },
        Outcome::TimedOut => (Some("timeout"), None),
        Outcome::Resolved { refund: true } => (Some("resolved"), None),
        Outcome::Resolved { refund: false } => (None, None),
    };
    let mut response = IbcBasicResponse::new()
        .add_attribute(
            "action",
            if reason.is_some() {
                "bridge_refund"
            } else {
                "bridge_ack"
            },
        )
        .add_attribute("channel_id", channel_id)
        .add_attribute("sequence", sequence.to_string());
    let Some(in_flight) = IN_FLIGHT.may_load(storage, (channel_id, sequence))? else {
        // Not one of this bridge's transfers, or already settled: nothing to refund, ever.
        return Ok(response.add_attribute("in_flight", "none"));
    };
    IN_FLIGHT.remove(storage, (channel_id, sequence));
    let mut channel = CHANNELS.load(storage, channel_id)?;
    channel.in_flight = channel.in_flight.saturating_sub(1);
    response = response
        .add_attribute("sender", &in_flight.sender)
        .add_attribute("amount", in_flight.amount);
    let Some(reason) = reason else {
        CHANNELS.save(storage, channel_id, &channel)?;
        return Ok(response);
    };
    response = response.add_attribute("reason", reason);
    if let Some(error) = error {
        response = response.add_attribute("error", error);
    }
    let amount = in_flight.amount;
    // A refund within the period the send was counted in gives the channel its outflow back, so a
    // transfer made to fail (a timeout of a second, a receiver the other side refuses) does not
    // hold the channel's limit for the rest of the period.
    if channel.period_start == in_flight.period_start.seconds() {
        channel.outflow = channel.outflow.saturating_sub(amount);
    }
    let refund = match CONFIG.load(storage)?.mode {
        ModeConfig::Home { token } => {
            // What the send escrowed, back to its sender. The escrow holds it unless the other
            // side released more than it received (a faulty or hostile counterparty): then only
            // what is left, never tokens of another channel.
            let refunded = amount.min(channel.outstanding);
            channel.outstanding -= refunded;
            if refunded < amount {
                response = response.add_attribute("shortfall", amount - refunded);
            }
            (!refunded.is_zero())
                .then(|| {
                    cw20_call(
                        &token,
                        &Cw20ExecuteMsg::Transfer {
                            recipient: in_flight.sender.to_string(),
                            amount: refunded,
                        },
                    )
                })
                .transpose()?
        }
        ModeConfig::Remote { .. } => {
            // The send burned the wrapped tokens: they are minted again.
            channel.outstanding = channel.outstanding.checked_add(amount)?;
            let wrapped = channel
                .wrapped
                .clone()
                .ok_or_else(|| BridgeError::UnknownChannel {
                    channel_id: channel_id.clone(),
                })?;
            Some(cw20_call(
                &wrapped,
                &Cw20ExecuteMsg::Mint {
                    recipient: in_flight.sender.to_string(),
                    amount,
                },
            )?)
        }
    };
    CHANNELS.save(storage, channel_id, &channel)?;
    Ok(response.add_messages(refund))
}
