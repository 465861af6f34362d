use cosmwasm_std::{Addr, Binary, CanonicalAddr, Deps, DepsMut, Env, Response, Timestamp, Uint128};
use infermesh_types::bill_escrow::{
    fee_burn_part, network_fee, split, voucher, Channel, SignMode, COMPRESSED_PUBKEY_LEN,
};
use infermesh_types::staking::{Role, StakingClient};
use infermesh_types::token::TokenClient;
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

use crate::bill::active_operator;
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::settle::{pay_split, work_hook, Payouts};
use crate::state::{add, channels, sub, Config, CONFIG, NEXT_CHANNEL_ID, PARAMS, TOTALS};

/// The account address of a compressed secp256k1 key: bech32 of `ripemd160(sha256(pubkey))`
/// with the chain's prefix.
pub fn derive_address(deps: Deps, pubkey: &[u8]) -> BillEscrowResult<Addr> {
    let valid_prefix = matches!(pubkey.first(), Some(0x02) | Some(0x03));
    if pubkey.len() != COMPRESSED_PUBKEY_LEN || !valid_prefix {
        return Err(BillEscrowError::InvalidPubkey {
            expected: COMPRESSED_PUBKEY_LEN,
        });
    }
    let hash = Ripemd160::digest(Sha256::digest(pubkey));
    Ok(deps
        .api
        .addr_humanize(&CanonicalAddr::from(hash.as_slice()))?)
}

pub fn load(deps: Deps, channel_id: u64) -> BillEscrowResult<Channel> {
    channels()
        .may_load(deps.storage, channel_id)?
        .ok_or(BillEscrowError::ChannelNotFound { channel_id })
}

#[allow(clippy::too_many_arguments)]
pub fn open(
    deps: DepsMut,
    env: Env,
    config: Config,
    consumer: Addr,
    deposit: Uint128,
    provider: String,
    pubkey: Binary,
    expires_at: Timestamp,
) -> BillEscrowResult<Response> {
    let provider = active_operator(deps.as_ref(), &config, &provider, Role::Provider)?.operator;
    if provider == consumer {
        return Err(BillEscrowError::SelfDealing { address: consumer });
    }
    let derived = derive_address(deps.as_ref(), &pubkey)?;
    if derived != consumer {
        return Err(BillEscrowError::PubkeyMismatch {
            derived,
            sender: consumer,
        });
    }
    let now = env.block.time;
    let latest = now.plus_seconds(PARAMS.load(deps.storage)?.max_channel_seconds);
    if expires_at <= now || expires_at > latest {
        return Err(BillEscrowError::InvalidExpiry { expires_at, latest });
    }
    let id = NEXT_CHANNEL_ID.load(deps.storage)?;
    NEXT_CHANNEL_ID.save(deps.storage, &(id + 1))?;
    let channel = Channel {
        id,
        consumer,
        provider,
        pubkey,
        deposit,
        redeemed: Uint128::zero(),
        nonce: 0,
        expires_at,
        opened_at: now,
        closed_at: None,
    };
    channels().save(deps.storage, id, &channel)?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        add(&mut totals.channel_balances, deposit)?;
        totals.channels_opened += 1;
        Ok(totals)
    })?;
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
) -> BillEscrowResult<Response> {
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.consumer {
        return Err(BillEscrowError::NotChannelConsumer { sender, channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(BillEscrowError::ChannelClosed { channel_id });
    }
    if env.block.time >= channel.expires_at {
        return Err(BillEscrowError::ChannelExpired {
            channel_id,
            expires_at: channel.expires_at,
        });
    }
    let old = channel.clone();
    add(&mut channel.deposit, amount)?;
    channels().replace(deps.storage, channel_id, Some(&channel), Some(&old))?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        add(&mut totals.channel_balances, amount)?;
        Ok(totals)
    })?;
    Ok(Response::new()
        .add_attribute("action", "top_up_channel")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("amount", amount)
        .add_attribute("deposit", channel.deposit))
}

/// The bytes the consumer signs for a voucher of `channel` on this chain and contract.
pub fn sign_bytes(
    env: &Env,
    channel: &Channel,
    cumulative_amount: Uint128,
    nonce: u64,
    mode: SignMode,
) -> BillEscrowResult<Vec<u8>> {
    Ok(voucher::sign_bytes(
        mode,
        &env.block.chain_id,
        env.contract.address.as_str(),
        channel.consumer.as_str(),
        channel.id,
        cumulative_amount,
        nonce,
    )?)
}

#[allow(clippy::too_many_arguments)]
pub fn redeem(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    channel_id: u64,
    cumulative_amount: Uint128,
    nonce: u64,
    signature: Binary,
    sign_mode: SignMode,
) -> BillEscrowResult<Response> {
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.provider {
        return Err(BillEscrowError::NotChannelProvider { sender, channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(BillEscrowError::ChannelClosed { channel_id });
    }
    if cumulative_amount > channel.deposit {
        return Err(BillEscrowError::AmountAboveDeposit {
            amount: cumulative_amount,
            deposit: channel.deposit,
        });
    }
    if nonce <= channel.nonce {
        return Err(BillEscrowError::NonceNotIncreasing {
            nonce,
            last: channel.nonce,
        });
    }
    if cumulative_amount <= channel.redeemed {
        return Err(BillEscrowError::NothingToRedeem {
            amount: cumulative_amount,
            redeemed: channel.redeemed,
        });
    }
    let message = sign_bytes(&env, &channel, cumulative_amount, nonce, sign_mode)?;
    let hash = Sha256::digest(&message);
    let valid = deps
        .api
        .secp256k1_verify(hash.as_slice(), &signature, &channel.pubkey)
        .unwrap_or(false);
    if !valid {
        return Err(BillEscrowError::InvalidSignature { channel_id });
    }

    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let delta = cumulative_amount.checked_sub(channel.redeemed)?;
    let fee = network_fee(delta, params.network_fee_bps)?;
    let burn = fee_burn_part(fee);
    let net = delta.checked_sub(fee)?;
    // The live discount; a failed status query (should not happen) gives no discount.
    let discount = StakingClient(config.staking.clone())
        .operator_status(&deps.querier, channel.provider.as_str())
        .map(|s| s.fee_discount)
        .unwrap_or_default();
    let amounts = split(net, &params.split, discount)?;
    // A channel has no gateway: the provider takes the gateway share too.
    let mut payouts = Payouts::default();
    pay_split(
        &mut payouts,
        &config,
        &channel.provider,
        &channel.provider,
        &amounts,
    )?;
    payouts.pay(&config.treasury, fee.checked_sub(burn)?)?;

    let old = channel.clone();
    channel.redeemed = cumulative_amount;
    channel.nonce = nonce;
    channels().replace(deps.storage, channel_id, Some(&channel), Some(&old))?;
    let provider_amount = amounts.provider.checked_add(amounts.gateway)?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        sub(&mut totals.channel_balances, delta)?;
        add(&mut totals.fees_burned, burn)?;
        add(&mut totals.paid_to_providers, provider_amount)?;
        Ok(totals)
    })?;

    let token = TokenClient(config.token.clone());
    let mut response = Response::new();
    if !burn.is_zero() {
        response = response.add_message(token.burn_msg(burn)?);
    }
    response = response.add_messages(payouts.into_msgs(&token)?);
    // Work weight in compute-unit equivalents at the base price.
    let units = delta.checked_div(params.base_price)?;
    if let Some(work) = work_hook(
        &config,
        &channel.provider,
        None,
        units,
        format!("channel-{channel_id}-{nonce}"),
    )? {
        response = response.add_submessage(work);
    }
    Ok(response
        .add_attribute("action", "redeem_voucher")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("nonce", nonce.to_string())
        .add_attribute("cumulative_amount", cumulative_amount)
        .add_attribute("redeemed", delta)
        .add_attribute("network_fee", fee)
        .add_attribute("provider_amount", provider_amount)
        .add_attribute("treasury_amount", amounts.treasury)
        .add_attribute("governance_amount", amounts.governance))
}

pub fn reclaim(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    channel_id: u64,
) -> BillEscrowResult<Response> {
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.consumer {
        return Err(BillEscrowError::NotChannelConsumer { sender, channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(BillEscrowError::ChannelClosed { channel_id });
    }
    if env.block.time < channel.expires_at {
        return Err(BillEscrowError::ChannelNotExpired {
            channel_id,
            expires_at: channel.expires_at,
        });
    }
    let rest = channel.balance();
    let old = channel.clone();
    channel.closed_at = Some(env.block.time);
    channels().replace(deps.storage, channel_id, Some(&channel), Some(&old))?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        sub(&mut totals.channel_balances, rest)?;
        Ok(totals)
    })?;
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    let mut payouts = Payouts::default();
    payouts.pay(&channel.consumer, rest)?;
    Ok(Response::new()
        .add_messages(payouts.into_msgs(&token)?)
        .add_attribute("action", "reclaim_channel")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("consumer", channel.consumer.as_str())
        .add_attribute("amount", rest))
}
