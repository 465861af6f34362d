//! Opening a channel and topping it up, both by cw20 Send from the token.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, Response, Uint128};
use infermesh_kit::amount::add;
use infermesh_kit::signature::{self, SignatureError};
use infermesh_types::payment_channels::{Channel, OpenChannel, COMPRESSED_PUBKEY_LEN};
use infermesh_types::staking::{OperatorStanding, Role, StakingClient};

use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::state::{
    load_channel, load_totals, save_channel, save_new_channel, save_totals, Config,
    NEXT_CHANNEL_ID, PARAMS,
};

/// The account address of a compressed secp256k1 key (the kit's derivation, with this
/// contract's error).
pub fn derive_address(deps: Deps, pubkey: &[u8]) -> PaymentChannelsResult<Addr> {
    signature::derive_address(deps.api, pubkey).map_err(|error| match error {
        SignatureError::Std(error) => PaymentChannelsError::Std(error),
        _ => PaymentChannelsError::InvalidPubkey {
            expected: COMPRESSED_PUBKEY_LEN,
        },
    })
}

pub fn load(deps: Deps, channel_id: u64) -> PaymentChannelsResult<Channel> {
    load_channel(deps.storage, channel_id)?
        .ok_or(PaymentChannelsError::ChannelNotFound { channel_id })
}

pub fn open(
    deps: DepsMut,
    env: Env,
    config: Config,
    consumer: Addr,
    deposit: Uint128,
    request: OpenChannel,
) -> PaymentChannelsResult<Response> {
    let standing = StakingClient(config.staking).active_operator_as::<OperatorStanding>(
        &deps.querier,
        &request.provider,
        Role::Provider,
    )?;
    let provider = standing.operator;
    if provider == consumer {
        return Err(PaymentChannelsError::SelfDealing { address: consumer });
    }
    let derived = derive_address(deps.as_ref(), &request.pubkey)?;
    if derived != consumer {
        return Err(PaymentChannelsError::PubkeyMismatch {
            derived,
            sender: consumer,
        });
    }
    let now = env.block.time;
    let latest = now.plus_seconds(PARAMS.load(deps.storage)?.max_channel_seconds);
    let expires_at = request.expires_at;
    if expires_at <= now || expires_at > latest {
        return Err(PaymentChannelsError::InvalidExpiry { expires_at, latest });
    }
    let id = NEXT_CHANNEL_ID.load(deps.storage)?;
    NEXT_CHANNEL_ID.save(deps.storage, &(id + 1))?;
    let channel = Channel {
        id,
        consumer,
        provider,
        pubkey: request.pubkey,
        deposit,
        redeemed: Uint128::zero(),
        nonce: 0,
        expires_at,
        opened_at: now,
        fee_discount: standing.fee_discount,
        closed_at: None,
    };
    save_new_channel(deps.storage, &channel)?;
    let mut totals = load_totals(deps.storage)?;
    add(&mut totals.channel_balances, deposit)?;
    totals.channels_opened += 1;
    save_totals(deps.storage, &totals);
    Ok(Response::new()
        .add_attribute("action", "open_channel")
        .add_attribute("channel_id", id.to_string())
        .add_attribute("consumer", channel.consumer.as_str())
        .add_attribute("provider", channel.provider.as_str())
        .add_attribute("deposit", deposit)
        .add_attribute("expires_at", expires_at.seconds().to_string()))
}

pub fn top_up(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    amount: Uint128,
    channel_id: u64,
) -> PaymentChannelsResult<Response> {
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.consumer {
        return Err(PaymentChannelsError::NotChannelConsumer { sender, channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(PaymentChannelsError::ChannelClosed { channel_id });
    }
    if env.block.time >= channel.expires_at {
        return Err(PaymentChannelsError::ChannelExpired {
            channel_id,
            expires_at: channel.expires_at,
        });
    }
    add(&mut channel.deposit, amount)?;
    save_channel(deps.storage, &channel);
    let mut totals = load_totals(deps.storage)?;
    add(&mut totals.channel_balances, amount)?;
    save_totals(deps.storage, &totals);
    Ok(Response::new()
        .add_attribute("action", "top_up_channel")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("amount", amount)
        .add_attribute("deposit", channel.deposit))
}
