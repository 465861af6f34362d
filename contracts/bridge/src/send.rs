//! A cw20 Send to the bridge becomes an ICS-20 packet (docs/bridge.md §3): home escrows the
//! token, remote burns its wrapped token. The packet's sequence comes back in the reply, where the
//! transfer is recorded as in flight until its acknowledgement or timeout.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, DepsMut, Env, IbcMsg, IbcTimeout, Reply, Response,
    StdError, SubMsg, Timestamp, Uint128, WasmMsg,
};
use cw20::Cw20ExecuteMsg;
use infermesh_types::bridge::{
    Ics20Packet, InFlight, TransferMsg, CW20_DENOM_PREFIX, MAX_MEMO_BYTES, MAX_RECEIVER_BYTES,
};
use serde::{Deserialize, Serialize};

use crate::error::{BridgeError, BridgeResult};
use crate::flow::{self, Direction};
use crate::state::{ModeConfig, CHANNELS, CONFIG, IN_FLIGHT, PARAMS, PORT, WRAPPED};

pub const REPLY_SEND: u64 = 1;

/// What the reply needs to record the packet: carried as the sub-message's payload.
#[derive(Serialize, Deserialize)]
struct Sent {
    channel_id: String,
    sender: Addr,
    amount: Uint128,
    period_start: u64,
}

/// `token` (the Receive's caller) sent `amount` for `sender`.
pub fn transfer(
    deps: DepsMut,
    env: Env,
    token: Addr,
    sender: Addr,
    amount: Uint128,
    request: TransferMsg,
) -> BridgeResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let channel_id = request.channel_id;
    let denom = match &config.mode {
        ModeConfig::Home { token: home_token } => {
            if token != *home_token {
                return Err(BridgeError::UnknownToken { token });
            }
            format!("{CW20_DENOM_PREFIX}{home_token}")
        }
        ModeConfig::Remote { home_denom, .. } => {
            let expected = WRAPPED.may_load(deps.storage, &token)?.ok_or_else(|| {
                BridgeError::UnknownToken {
                    token: token.clone(),
                }
            })?;
            if expected != channel_id {
                return Err(BridgeError::WrongChannelForToken {
                    token,
                    channel_id,
                    expected,
                });
            }
            // Sending back: the full trace, starting with this end of the channel.
            format!("{}/{channel_id}/{home_denom}", PORT.load(deps.storage)?)
        }
    };
    if amount.is_zero() {
        return Err(BridgeError::ZeroAmount {});
    }
    let receiver = request.receiver;
    if receiver.is_empty() || receiver.len() > MAX_RECEIVER_BYTES {
        return Err(BridgeError::InvalidReceiver {
            len: receiver.len(),
            max: MAX_RECEIVER_BYTES,
        });
    }
    let memo = request.memo.unwrap_or_default();
    if memo.len() > MAX_MEMO_BYTES {
        return Err(BridgeError::MemoTooLong {
            len: memo.len(),
            max: MAX_MEMO_BYTES,
        });
    }
    let params = PARAMS.load(deps.storage)?;
    let timeout_seconds = request
        .timeout_seconds
        .unwrap_or(params.default_timeout_seconds);
    if timeout_seconds == 0 || timeout_seconds > params.max_timeout_seconds {
        return Err(BridgeError::InvalidTimeout {
            timeout_seconds,
            max: params.max_timeout_seconds,
        });
    }

    let mut channel = crate::ibc::usable_channel(deps.storage, &channel_id)?;
    flow::take(
        &mut channel,
        &channel_id,
        env.block.time,
        Direction::Out,
        amount,
    )?;
    let mut response = Response::new();
    match config.mode {
        // The tokens stay here, escrowed for the channel.
        ModeConfig::Home { .. } => channel.outstanding = channel.outstanding.checked_add(amount)?,
        // The wrapped tokens leave circulation now; a refund mints them again.
        ModeConfig::Remote { .. } => {
            channel.outstanding = channel.outstanding.checked_sub(amount)?;
            response = response.add_message(WasmMsg::Execute {
                contract_addr: token.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Burn { amount })?,
                funds: vec![],
            });
        }
    }
    channel.in_flight += 1;
    CHANNELS.save(deps.storage, &channel_id, &channel)?;

    let packet = Ics20Packet {
        denom,
        amount,
        sender: sender.to_string(),
        receiver,
        memo,
    };
    let send = IbcMsg::SendPacket {
        channel_id: channel_id.clone(),
        data: to_json_binary(&packet)?,
        timeout: IbcTimeout::with_timestamp(env.block.time.plus_seconds(timeout_seconds)),
    };
    let payload = to_json_binary(&Sent {
        channel_id: channel_id.clone(),
        sender,
        amount,
        period_start: channel.period_start,
    })?;
    Ok(response
        .add_submessage(SubMsg::reply_on_success(send, REPLY_SEND).with_payload(payload))
        .add_attribute("action", "bridge_send")
        .add_attribute("channel_id", channel_id)
        .add_attribute("denom", packet.denom)
        .add_attribute("amount", amount)
        .add_attribute("sender", packet.sender)
        .add_attribute("receiver", packet.receiver)
        .add_attribute("timeout_seconds", timeout_seconds.to_string()))
}

/// The packet was committed: records it in flight under its sequence, so its acknowledgement or
/// timeout refunds exactly what was sent, to whom, once.
pub fn sent(deps: DepsMut, reply: Reply) -> BridgeResult<Response> {
    let Sent {
        channel_id,
        sender,
        amount,
        period_start,
    } = from_json(&reply.payload)?;
    let response = reply.result.into_result().map_err(StdError::generic_err)?;
    #[allow(deprecated)] // wasmd 0.61 fills msg_responses; `data` is the same bytes on older chains
    let bytes = match response.msg_responses.first() {
        Some(msg_response) => msg_response.value.clone(),
        None => response.data.unwrap_or_default(),
    };
    let sequence = send_response_sequence(&bytes).ok_or(BridgeError::NoSequence {})?;
    IN_FLIGHT.save(
        deps.storage,
        (&channel_id, sequence),
        &InFlight {
            sender,
            amount,
            period_start: Timestamp::from_seconds(period_start),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "bridge_packet_sent")
        .add_attribute("channel_id", channel_id)
        .add_attribute("sequence", sequence.to_string()))
}

/// Reads wasmd's `MsgIBCSendResponse { uint64 sequence = 1; }` (protobuf): field 1 as a varint.
pub fn send_response_sequence(bytes: &Binary) -> Option<u64> {
    let mut iter = bytes.iter();
    let mut sequence = None;
    while let Some(&key) = iter.next() {
        let value = read_varint(&mut iter)?;
        match key {
            0x08 => sequence = Some(value),
            // Another varint field: skipped. Any other wire type is not this message.
            k if k & 0x07 == 0 => {}
            _ => return None,
        }
    }
    sequence
}

fn read_varint<'a>(iter: &mut impl Iterator<Item = &'a u8>) -> Option<u64> {
    let mut value: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *iter.next()?;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// How the tests encode a send response.
#[cfg(test)]
pub fn encode_send_response(sequence: u64) -> Binary {
    let mut bytes = vec![0x08];
    let mut rest = sequence;
    loop {
        let byte = (rest & 0x7f) as u8;
        rest >>= 7;
        if rest == 0 {
            bytes.push(byte);
            break;
        }
        bytes.push(byte | 0x80);
    }
    Binary::from(bytes)
}
