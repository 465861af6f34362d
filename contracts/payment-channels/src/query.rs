use cosmwasm_std::{Binary, Deps, Env, Order, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_kit::pause::is_paused;
use infermesh_types::payment_channels::{
    Channel, ChannelFilter, ChannelsResponse, ConfigResponse, SignMode,
};

use crate::redeem::sign_bytes;
use crate::state::{CHANNELS, CHANNELS_BY_CONSUMER, CHANNELS_BY_PROVIDER, CONFIG};

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
    CHANNELS.load(deps.storage, channel_id)
}

/// One page of channels in id order, of all of them or of the ones `filter` selects (through its
/// index).
pub fn list_channels(
    deps: Deps,
    filter: Option<ChannelFilter>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ChannelsResponse> {
    let start = start_after.map(Bound::exclusive);
    let limit = page_limit(limit);
    let storage = deps.storage;
    let index = match filter {
        None => {
            let channels = CHANNELS
                .range(storage, start, None, Order::Ascending)
                .take(limit)
                .map(|item| item.map(|(_, channel)| channel))
                .collect::<StdResult<_>>()?;
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
    let channels = map
        .prefix(&party)
        .keys(storage, start, None, Order::Ascending)
        .take(limit)
        .map(|id| CHANNELS.load(storage, id?))
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
    let channel = CHANNELS.load(deps.storage, channel_id)?;
    sign_bytes(&env, &channel, cumulative_amount, nonce, sign_mode)
        .map(Binary::from)
        .map_err(|e| StdError::generic_err(e.to_string()))
}
