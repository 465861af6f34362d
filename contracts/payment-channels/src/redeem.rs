//! Redeeming a voucher: the provider collects the increase since its last redemption.

use cosmwasm_std::{
    Addr, Binary, Decimal, Deps, DepsMut, Env, Response, StdResult, Storage, SubMsg, Timestamp,
    Uint128,
};
use infermesh_kit::amount::{add, sub};
use infermesh_kit::credits;
use infermesh_kit::hook::reply_on_error;
use infermesh_kit::signature::check_signature_len;
use infermesh_kit::work::WorkCredit;
use infermesh_types::bill_escrow::{fee_burn_part, network_fee, split, SplitAmounts};
use infermesh_types::distributor::{RewardRole, WorkBatch, WorkReport};
use infermesh_types::payment_channels::{
    voucher, Channel, Params, SignMode, Voucher, WORK_REPORT_INTERVAL_SECONDS,
};
use infermesh_types::staking::StakingClient;
use infermesh_types::token::TokenClient;
use sha2::{Digest, Sha256};

use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::open::load;
use crate::state::{load_totals, save_channel, save_totals, Config, CONFIG, PARAMS, PROVIDERS};

pub const REPLY_DISTRIBUTOR: u64 = 1;

/// The bytes the consumer signs for a voucher of `channel` on this chain and contract.
pub fn sign_bytes(
    env: &Env,
    channel: &Channel,
    cumulative_amount: Uint128,
    nonce: u64,
    mode: SignMode,
) -> PaymentChannelsResult<Vec<u8>> {
    let terms = voucher::VoucherTerms {
        chain_id: &env.block.chain_id,
        contract: env.contract.address.as_str(),
        consumer: channel.consumer.as_str(),
        channel_id: channel.id,
        cumulative_amount,
        nonce,
    };
    Ok(voucher::sign_bytes(mode, &terms)?)
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

/// Redeems a voucher (docs/payment-channels.md §5): the channel's provider collects the increase
/// of the signed cumulative amount since its last redemption, less the network fee, split like a
/// bill's charge.
///
/// The steps run in §5's order: every check on the terms before the signature (the costly part),
/// and nothing loaded but the channel until the voucher is known good; each loaded value is
/// passed on, never loaded twice.
pub fn redeem(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    voucher: Voucher,
) -> PaymentChannelsResult<Response> {
    let mut channel = redeemable_channel(deps.as_ref(), sender, &voucher)?;
    verify_signature(deps.as_ref(), &env, &channel, &voucher)?;
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    // The lesser of the discount fixed at opening and the live one: bonding up for one
    // redemption buys nothing, and stake that leaves (unbonded, slashed, banned) takes its
    // discount with it.
    let live = StakingClient(config.staking.clone()).fee_discount(&deps.querier, &channel.provider);
    let discount = channel.fee_discount.min(live);
    let redemption = payout(&params, &channel, discount, voucher.cumulative_amount)?;
    let reports_work = config.distributor.is_some();
    let mut provider = PROVIDERS
        .may_load(deps.storage, &channel.provider)?
        .unwrap_or_default();
    add(&mut provider.credit, redemption.provider_amount)?;
    if reports_work {
        // Work weighed by its value, the amount split after the fee as a bill's charge is; what
        // it irrecoverably paid is all the provider does not get back (docs/payment-channels.md §5).
        let value = redemption.delta.checked_sub(redemption.fee)?;
        let fees = redemption.delta.checked_sub(redemption.provider_amount)?;
        provider.work.add(value, fees, env.block.time);
    }
    record_redemption(deps.storage, &mut channel, &voucher, &redemption)?;

    let mut response = Response::new();
    if provider
        .work
        .due(env.block.time, WORK_REPORT_INTERVAL_SECONDS)
    {
        if let Some(report) = work_report(&config, &channel.provider, &mut provider)? {
            response = response.add_submessage(report);
        }
    }
    PROVIDERS.save(deps.storage, &channel.provider, &provider);
    Ok(response
        .add_attribute("action", "redeem_voucher")
        .add_attribute("channel_id", voucher.channel_id.to_string())
        .add_attribute("nonce", voucher.nonce.to_string())
        .add_attribute("cumulative_amount", voucher.cumulative_amount)
        .add_attribute("redeemed", redemption.delta)
        .add_attribute("network_fee", redemption.fee)
        .add_attribute("provider_amount", redemption.provider_amount)
        .add_attribute("treasury_amount", redemption.amounts.treasury)
        .add_attribute("governance_amount", redemption.amounts.governance))
}

/// The voucher's channel, when `sender` is its provider and the voucher can pay something new
/// ([`check_terms`], docs/payment-channels.md §5.1-3). The provider's status in staking is not
/// checked again: one jailed or banned since opening still collects what the consumer signed.
fn redeemable_channel(
    deps: Deps,
    sender: Addr,
    voucher: &Voucher,
) -> PaymentChannelsResult<Channel> {
    let channel_id = voucher.channel_id;
    let channel = load(deps, channel_id)?;
    if sender != channel.provider {
        return Err(PaymentChannelsError::NotChannelProvider { sender, channel_id });
    }
    check_terms(&channel, voucher)?;
    Ok(channel)
}

/// The consumer's signature over the sha256 of the voucher's message in its sign mode
/// (docs/payment-channels.md §3, §5.4), checked against the channel's key; a malformed signature
/// is `InvalidSignature` like a wrong one, and nothing changes.
fn verify_signature(
    deps: Deps,
    env: &Env,
    channel: &Channel,
    voucher: &Voucher,
) -> PaymentChannelsResult<()> {
    let (cumulative_amount, nonce) = (voucher.cumulative_amount, voucher.nonce);
    check_signature_len(&voucher.signature)?;
    let message = sign_bytes(env, channel, cumulative_amount, nonce, voucher.sign_mode)?;
    let hash = Sha256::digest(&message);
    let valid = deps
        .api
        .secp256k1_verify(hash.as_slice(), &voucher.signature, &channel.pubkey)
        .unwrap_or(false);
    if !valid {
        return Err(PaymentChannelsError::InvalidSignature {
            channel_id: voucher.channel_id,
        });
    }
    Ok(())
}

/// What one redemption pays out of the channel (docs/payment-channels.md §5).
#[derive(Clone, Copy)]
struct Redemption {
    /// `cumulative_amount − redeemed`: what leaves the channel's balance.
    delta: Uint128,
    fee: Uint128,
    /// The half of the fee to burn.
    burn: Uint128,
    amounts: SplitAmounts,
    /// The provider's share plus the gateway's (a channel has no gateway).
    provider_amount: Uint128,
    /// The treasury share plus the fee's non-burned half.
    treasury_amount: Uint128,
}

/// Takes the network fee from the delta (half of it burned, the rest to the treasury, as
/// docs/bill-escrow.md §3) and splits the rest with `discount` (docs/payment-channels.md §5):
/// `provider_amount + treasury_amount + amounts.governance + burn == delta`.
fn payout(
    params: &Params,
    channel: &Channel,
    discount: Decimal,
    cumulative_amount: Uint128,
) -> PaymentChannelsResult<Redemption> {
    let delta = cumulative_amount.checked_sub(channel.redeemed)?;
    let fee = network_fee(delta, params.network_fee_bps)?;
    let burn = fee_burn_part(fee);
    let net = delta.checked_sub(fee)?;
    let amounts = split(net, &params.split, discount)?;
    // A channel has no gateway: the provider takes the gateway share too.
    let provider_amount = amounts.provider.checked_add(amounts.gateway)?;
    let treasury_amount = amounts.treasury.checked_add(fee.checked_sub(burn)?)?;
    Ok(Redemption {
        delta,
        fee,
        burn,
        amounts,
        provider_amount,
        treasury_amount,
    })
}

/// Records the voucher's amount and nonce as redeemed (docs/payment-channels.md §5), so no
/// voucher pays twice, and moves the delta out of the channel balances in the totals: the
/// provider's amount into the credits (its record is written by the caller), the treasury's and
/// pool's shares and the burn into the protocol fees (no write and no token call for them; their
/// payees withdraw, the burn rides on any withdrawal).
fn record_redemption(
    storage: &mut dyn Storage,
    channel: &mut Channel,
    voucher: &Voucher,
    redemption: &Redemption,
) -> PaymentChannelsResult<()> {
    channel.redeemed = voucher.cumulative_amount;
    channel.nonce = voucher.nonce;
    save_channel(storage, channel);
    let mut totals = load_totals(storage)?;
    sub(&mut totals.channel_balances, redemption.delta)?;
    add(&mut totals.credits, redemption.provider_amount)?;
    add(&mut totals.fees_burned, redemption.burn)?;
    add(&mut totals.paid_to_providers, redemption.provider_amount)?;
    let fees = &mut totals.fees;
    add(&mut fees.treasury, redemption.treasury_amount)?;
    add(&mut fees.pool, redemption.amounts.governance)?;
    add(&mut fees.burn, redemption.burn)?;
    save_totals(storage, &totals);
    Ok(())
}

/// The provider's redeemed work as the distributor's `ReportWork`, taken out of its record: a
/// sub-message that replies only on error with the batch as payload, so a refused report is put
/// back ([`restore_work`]) and never undoes a redemption. None without a distributor or work.
fn work_report(
    config: &Config,
    provider: &Addr,
    record: &mut WorkCredit,
) -> StdResult<Option<SubMsg>> {
    let work = record.work.take();
    let Some(distributor) = &config.distributor else {
        return Ok(None);
    };
    let report = WorkReport {
        role: RewardRole::ComputeProviders,
        batches: vec![WorkBatch::new(provider.clone(), work)],
    };
    let Some(msg) = report.msg(distributor)? else {
        return Ok(None);
    };
    Ok(Some(
        reply_on_error(msg, REPLY_DISTRIBUTOR).with_payload(report.to_payload()),
    ))
}

/// Anyone: reports `provider`'s redeemed work now (docs/payment-channels.md §5). Never blocked
/// by pause.
pub fn report_work(deps: DepsMut, provider: String) -> PaymentChannelsResult<Response> {
    let provider = deps.api.addr_validate(&provider)?;
    let config = CONFIG.load(deps.storage)?;
    let mut record = PROVIDERS
        .may_load(deps.storage, &provider)?
        .unwrap_or_default();
    let value = record.work.value;
    let Some(msg) = work_report(&config, &provider, &mut record)? else {
        return Err(PaymentChannelsError::NothingToReport { provider });
    };
    PROVIDERS.save(deps.storage, &provider, &record);
    Ok(Response::new()
        .add_submessage(msg)
        .add_attribute("action", "report_work")
        .add_attribute("provider", provider)
        .add_attribute("value", value))
}

/// The distributor refused a report: the work waits again in the provider's record, an interval
/// from now, for the next report.
pub fn restore_work(storage: &mut dyn Storage, now: Timestamp, payload: &Binary) -> StdResult<()> {
    let report = WorkReport::from_payload(payload)?;
    for batch in &report.batches {
        let mut record = PROVIDERS
            .may_load(storage, &batch.member)?
            .unwrap_or_default();
        record.work.restore(&batch.work, now);
        PROVIDERS.save(storage, &batch.member, &record);
    }
    Ok(())
}

/// A payee withdraws its whole credit and what the protocol fees owe it (the treasury's and the
/// governance pool's shares) in one transfer (docs/payment-channels.md §5): any number of
/// redemptions' earnings. The fees pending burn are burned in the same response, whoever
/// withdraws. Allowed while paused: pause stops new positions, never exits.
pub fn withdraw(deps: DepsMut, payee: Addr) -> PaymentChannelsResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let mut totals = load_totals(deps.storage)?;
    // A provider's earnings are kept in its record.
    let mut provider = PROVIDERS.may_load(deps.storage, &payee)?;
    let earned = provider
        .as_mut()
        .map(|record| std::mem::take(&mut record.credit))
        .unwrap_or_default();
    let (withdrawal, credited) = credits::withdraw(
        deps.storage,
        &mut totals.fees,
        config.protocol_payees(),
        &payee,
        earned,
    )?;
    if let Some(record) = provider.filter(|_| !earned.is_zero()) {
        if record.is_empty() {
            PROVIDERS.remove(deps.storage, &payee);
        } else {
            PROVIDERS.save(deps.storage, &payee, &record);
        }
    }
    sub(&mut totals.credits, credited)?;
    save_totals(deps.storage, &totals);
    let token = TokenClient(config.token);
    let mut response = Response::new().add_message(token.transfer_msg(&payee, withdrawal.amount)?);
    if !withdrawal.burn.is_zero() {
        response = response.add_message(token.burn_msg(withdrawal.burn)?);
    }
    Ok(response
        .add_attribute("action", "withdraw_credit")
        .add_attribute("payee", payee)
        .add_attribute("amount", withdrawal.amount)
        .add_attribute("burned", withdrawal.burn))
}
