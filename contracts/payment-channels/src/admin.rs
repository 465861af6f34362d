//! Owner actions: parameters and the addresses the contract pays and asks.

use cosmwasm_std::{DepsMut, Response, Uint128};
use infermesh_kit::validate::{in_range, optional_address};
use infermesh_types::bill_escrow::MAX_NETWORK_FEE_BPS;
use infermesh_types::common::BPS_DENOMINATOR;
use infermesh_types::payment_channels::{ConfigUpdate, Params, MAX_MAX_CHANNEL_SECONDS};

use crate::error::{PaymentChannelsError, PaymentChannelsResult};
use crate::state::{CONFIG, PARAMS};

/// Checks every bound of docs/payment-channels.md §2.
pub fn validate_params(params: &Params) -> PaymentChannelsResult<()> {
    in_range(
        "network_fee_bps",
        params.network_fee_bps,
        0,
        MAX_NETWORK_FEE_BPS,
    )?;
    let sum = params.split.sum();
    if sum != u32::from(BPS_DENOMINATOR) {
        return Err(PaymentChannelsError::SplitNotWhole { sum });
    }
    in_range(
        "base_price",
        params.base_price,
        Uint128::one(),
        Uint128::MAX,
    )?;
    in_range(
        "max_channel_seconds",
        params.max_channel_seconds,
        1,
        MAX_MAX_CHANNEL_SECONDS,
    )?;
    Ok(())
}

pub fn update_params(deps: DepsMut, params: Params) -> PaymentChannelsResult<Response> {
    validate_params(&params)?;
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
