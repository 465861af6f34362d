//! Redeeming a voucher: the provider collects the increase since its last redemption.

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_kit::hook::reply_on_error;
use infermesh_types::bill_escrow::{fee_burn_part, network_fee, split};
use infermesh_types::distributor::work_settled_msg;
use infermesh_types::payment_channels::{voucher, Channel, SignMode, Voucher};
use infermesh_types::token::{Payouts, TokenClient};
use sha2::{Digest, Sha256};

use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::open::load;
use crate::state::{add, channels, sub, CONFIG, PARAMS, TOTALS};

pub const REPLY_DISTRIBUTOR: u64 = 1;

/// The bytes the consumer signs for a voucher of `channel` on this chain and contract.
pub fn sign_bytes(
    env: &Env,
    channel: &Channel,
    cumulative_amount: Uint128,
    nonce: u64,
    mode: SignMode,
) -> PaymentChannelsResult<Vec<u8>> {
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

/// Refuses a voucher that cannot pay anything new, before its signature is checked.
fn check_terms(channel: &Channel, voucher: &Voucher) -> PaymentChannelsResult<()> {
    let channel_id = channel.id;
    if channel.closed_at.is_some() {
        return Err(PaymentChannelsError::ChannelClosed { channel_id });
    }
    if voucher.cumulative_amount > channel.deposit {
        return Err(PaymentChannelsError::AmountAboveDeposit {
            amount: voucher.cumulative_amount,
            deposit: channel.deposit,
        });
    }
    if voucher.nonce <= channel.nonce {
        return Err(PaymentChannelsError::NonceNotIncreasing {
            nonce: voucher.nonce,
            last: channel.nonce,
        });
    }
    if voucher.cumulative_amount <= channel.redeemed {
        return Err(PaymentChannelsError::NothingToRedeem {
            amount: voucher.cumulative_amount,
            redeemed: channel.redeemed,
        });
    }
    Ok(())
}

pub fn redeem(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    voucher: Voucher,
) -> PaymentChannelsResult<Response> {
    let channel_id = voucher.channel_id;
    let mut channel = load(deps.as_ref(), channel_id)?;
    if sender != channel.provider {
        return Err(PaymentChannelsError::NotChannelProvider { sender, channel_id });
    }
    check_terms(&channel, &voucher)?;
    let (cumulative_amount, nonce) = (voucher.cumulative_amount, voucher.nonce);
    let message = sign_bytes(&env, &channel, cumulative_amount, nonce, voucher.sign_mode)?;
    let hash = Sha256::digest(&message);
    let valid = deps
        .api
        .secp256k1_verify(hash.as_slice(), &voucher.signature, &channel.pubkey)
        .unwrap_or(false);
    if !valid {
        return Err(PaymentChannelsError::InvalidSignature { channel_id });
    }

    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let delta = cumulative_amount.checked_sub(channel.redeemed)?;
    let fee = network_fee(delta, params.network_fee_bps)?;
    let burn = fee_burn_part(fee);
    let net = delta.checked_sub(fee)?;
    let amounts = split(net, &params.split, channel.fee_discount)?;
    // A channel has no gateway: the provider takes the gateway share too.
    let provider_amount = amounts.provider.checked_add(amounts.gateway)?;
    let mut payouts = Payouts::default();
    payouts.pay(&channel.provider, provider_amount)?;
    payouts.pay(&config.treasury, amounts.treasury)?;
    payouts.pay(config.governance_pool(), amounts.governance)?;
    payouts.pay(&config.treasury, fee.checked_sub(burn)?)?;

    let old = channel.clone();
    channel.redeemed = cumulative_amount;
    channel.nonce = nonce;
    channels().replace(deps.storage, channel_id, Some(&channel), Some(&old))?;
    TOTALS.update(deps.storage, |mut totals| -> PaymentChannelsResult<_> {
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
    if let Some(distributor) = &config.distributor {
        // Work weight in compute-unit equivalents at the base price.
        let units = delta.checked_div(params.base_price)?;
        let reference = format!("channel-{channel_id}-{nonce}");
        if let Some(msg) = work_settled_msg(distributor, &channel.provider, None, units, reference)?
        {
            response = response.add_submessage(reply_on_error(msg, REPLY_DISTRIBUTOR));
        }
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
