use cosmwasm_std::{Deps, Order, StdResult};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_kit::pause::is_paused;
use infermesh_types::bridge::{
    ChannelResponse, ChannelsResponse, ConfigResponse, CounterpartiesResponse, Counterparty,
    InFlight, ModeResponse, CW20_DENOM_PREFIX,
};

use crate::state::{ModeConfig, CHANNELS, CONFIG, COUNTERPARTIES, IN_FLIGHT};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        mode: match config.mode {
            ModeConfig::Home { token } => ModeResponse::Home {
                denom: format!("{CW20_DENOM_PREFIX}{token}"),
                token,
            },
            ModeConfig::Remote {
                home_denom,
                wrapped_code_id,
                wrapped_name,
                wrapped_symbol,
                wrapped_decimals,
            } => ModeResponse::Remote {
                home_denom,
                wrapped_code_id,
                wrapped_name,
                wrapped_symbol,
                wrapped_decimals,
            },
        },
        guardian: config.guardian,
        paused: is_paused(deps.storage)?,
    })
}

pub fn channel(deps: Deps, channel_id: String) -> StdResult<ChannelResponse> {
    Ok(CHANNELS
        .load(deps.storage, &channel_id)?
        .response(channel_id))
}

pub fn channels(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ChannelsResponse> {
    let channels = CHANNELS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
        .map(|entry| entry.map(|(id, channel)| channel.response(id)))
        .collect::<StdResult<_>>()?;
    Ok(ChannelsResponse { channels })
}

pub fn counterparties(
    deps: Deps,
    start_after: Option<(String, String)>,
    limit: Option<u32>,
) -> StdResult<CounterpartiesResponse> {
    let start = start_after
        .as_ref()
        .map(|(connection, port)| Bound::exclusive((connection.as_str(), port.as_str())));
    let counterparties = COUNTERPARTIES
        .range(deps.storage, start, None, Order::Ascending)
        .take(page_limit(limit))
        .map(|entry| {
            entry.map(|((connection_id, port_id), rate_limit)| Counterparty {
                connection_id,
                port_id,
                rate_limit,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(CounterpartiesResponse { counterparties })
}

pub fn in_flight(deps: Deps, channel_id: String, sequence: u64) -> StdResult<Option<InFlight>> {
    IN_FLIGHT.may_load(deps.storage, (&channel_id, sequence))
}
