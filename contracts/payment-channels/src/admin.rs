//! Owner actions: parameters and the addresses the contract pays and asks.

use cosmwasm_std::{DepsMut, Response};
use infermesh_kit::validate::optional_address;
use infermesh_types::payment_channels::{ConfigUpdate, Params};

use crate::error::PaymentChannelsResult;
use crate::state::{CONFIG, PARAMS};

pub fn update_params(deps: DepsMut, params: Params) -> PaymentChannelsResult<Response> {
    params.validate()?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("network_fee_bps", params.network_fee_bps.to_string())
        .add_attribute(
            "max_channel_seconds",
            params.max_channel_seconds.to_string(),
        ))
}

pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> PaymentChannelsResult<Response> {
    let api = deps.api;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(staking) = optional_address(api, update.staking)? {
        config.staking = staking;
    }
    if let Some(treasury) = optional_address(api, update.treasury)? {
        config.treasury = treasury;
    }
    if let Some(distributor) = optional_address(api, update.distributor)? {
        config.distributor = Some(distributor);
    }
    if let Some(guardian) = optional_address(api, update.guardian)? {
        config.guardian = Some(guardian);
    }
    CONFIG.save(deps.storage, &config)?;
    let show =
        |a: &Option<cosmwasm_std::Addr>| a.as_ref().map(|a| a.to_string()).unwrap_or_default();
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("staking", config.staking.as_str())
        .add_attribute("treasury", config.treasury.as_str())
        .add_attribute("distributor", show(&config.distributor))
        .add_attribute("guardian", show(&config.guardian)))
}
