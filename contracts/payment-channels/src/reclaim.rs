//! Reclaiming a channel after expiry: the consumer takes back what was never redeemed.

use cosmwasm_std::{Addr, DepsMut, Env, Response};
use infermesh_kit::amount::sub;
use infermesh_types::token::TokenClient;

use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::open::load;
use crate::state::{load_totals, save_channel, save_totals, CONFIG};

pub fn reclaim(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    channel_id: u64,
) -> PaymentChannelsResult<Response> {
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.consumer {
        return Err(PaymentChannelsError::NotChannelConsumer { sender, channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(PaymentChannelsError::ChannelClosed { channel_id });
    }
    if env.block.time < channel.expires_at {
        return Err(PaymentChannelsError::ChannelNotExpired {
            channel_id,
            expires_at: channel.expires_at,
        });
    }
    let rest = channel.balance();
    channel.closed_at = Some(env.block.time);
    save_channel(deps.storage, &channel);
    let mut totals = load_totals(deps.storage)?;
    sub(&mut totals.channel_balances, rest)?;
    save_totals(deps.storage, &totals);
    let mut response = Response::new();
    if !rest.is_zero() {
        let token = TokenClient(CONFIG.load(deps.storage)?.token);
        response = response.add_message(token.transfer_msg(&channel.consumer, rest)?);
    }
    Ok(response
        .add_attribute("action", "reclaim_channel")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("consumer", channel.consumer.as_str())
        .add_attribute("amount", rest))
}
