use cosmwasm_std::{Binary, Deps, Env, Order, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use infermesh_kit::credits::credit_of;
use infermesh_kit::page::page_limit;
use infermesh_kit::pause::is_paused;
use infermesh_types::payment_channels::{
    Channel, ChannelFilter, ChannelsResponse, ConfigResponse, SignMode, TotalsResponse,
};

use crate::redeem::sign_bytes;
use crate::state::{
    channels_after, load_channel, load_totals, CHANNELS_BY_CONSUMER, CHANNELS_BY_PROVIDER, CONFIG,
    PROVIDERS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        staking: config.staking,
        treasury: config.treasury,
        distributor: config.distributor,
        guardian: config.guardian,
        paused: is_paused(deps.storage)?,
    })
}

pub fn channel(deps: Deps, channel_id: u64) -> StdResult<Channel> {
    load_channel(deps.storage, channel_id)?
        .ok_or_else(|| StdError::not_found(format!("channel {channel_id}")))
}

pub fn totals(deps: Deps) -> StdResult<TotalsResponse> {
    Ok(load_totals(deps.storage)?.into())
}

/// What `address` may withdraw (docs/payment-channels.md §5): its credit and what the protocol
/// fees owe it.
pub fn credit(deps: Deps, address: String) -> StdResult<Uint128> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let fees = load_totals(deps.storage)?.fees;
    let owed = fees.owed_to(&address, config.protocol_payees());
    let earned = PROVIDERS
        .may_load(deps.storage, &address)?
        .map(|record| record.credit)
        .unwrap_or_default();
    Ok(credit_of(deps.storage, &address)?
        .checked_add(earned)?
        .checked_add(owed)?)
}

/// One page of channels in id order, of all of them or of the ones `filter` selects (through its
/// index).
pub fn list_channels(
    deps: Deps,
    filter: Option<ChannelFilter>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ChannelsResponse> {
    let limit = page_limit(limit);
    let storage = deps.storage;
    let index = match filter {
        None => {
            let channels = channels_after(storage, start_after, limit)?;
            return Ok(ChannelsResponse { channels });
        }
        Some(ChannelFilter::Consumer(consumer)) => {
            (CHANNELS_BY_CONSUMER, deps.api.addr_validate(&consumer)?)
        }
        Some(ChannelFilter::Provider(provider)) => {
            (CHANNELS_BY_PROVIDER, deps.api.addr_validate(&provider)?)
        }
    };
    let (map, party) = index;
    let start = start_after.map(Bound::exclusive);
    let channels = map
        .prefix(&party)
        .keys(storage, start, None, Order::Ascending)
        .take(limit)
        .map(|id| channel(deps, id?))
        .collect::<StdResult<_>>()?;
    Ok(ChannelsResponse { channels })
}

pub fn voucher_sign_bytes(
    deps: Deps,
    env: Env,
    channel_id: u64,
    cumulative_amount: Uint128,
    nonce: u64,
    sign_mode: SignMode,
) -> StdResult<Binary> {
    let channel = channel(deps, channel_id)?;
    sign_bytes(&env, &channel, cumulative_amount, nonce, sign_mode)
        .map(Binary::from)
        .map_err(|e| StdError::generic_err(e.to_string()))
}
