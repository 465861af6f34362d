//! Owner actions: parameters and the addresses the contract pays and asks.

use cosmwasm_std::{DepsMut, Env, Response, Storage, Uint128};
use infermesh_kit::amount::add;
use infermesh_kit::credits::credit_protocol_payees;
use infermesh_kit::guard::guard;
use infermesh_kit::validate::optional_address;
use infermesh_types::payment_channels::{ConfigUpdate, Params};

use crate::error::PaymentChannelsResult;
use crate::state::{load_totals, save_totals, Config, CONFIG, PARAMS};

/// `emergency`: the owner's emergency adjustment, outside the parameter guard.
pub fn update_params(
    deps: DepsMut,
    env: Env,
    params: Params,
    emergency: bool,
) -> PaymentChannelsResult<Response> {
    params.validate()?;
    let current = PARAMS.load(deps.storage)?;
    guard(deps.storage, env.block.time, &current, &params, emergency)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("emergency", emergency.to_string())
        .add_attribute("network_fee_bps", params.network_fee_bps.to_string())
        .add_attribute(
            "max_channel_seconds",
            params.max_channel_seconds.to_string(),
        ))
}

/// Replaces the given addresses. Before the treasury or the governance pool (the distributor)
/// changes, what the protocol fees owe the current ones becomes their credit
/// (docs/payment-channels.md §5), so a change of payee never redirects what was earned before it.
pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> PaymentChannelsResult<Response> {
    let api = deps.api;
    let old = CONFIG.load(deps.storage)?;
    let mut config = old.clone();
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
    let moved = credit_owed_fees(deps.storage, &old, &config)?;
    CONFIG.save(deps.storage, &config)?;
    let show =
        |a: &Option<cosmwasm_std::Addr>| a.as_ref().map(|a| a.to_string()).unwrap_or_default();
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("staking", config.staking.as_str())
        .add_attribute("treasury", config.treasury.as_str())
        .add_attribute("distributor", show(&config.distributor))
        .add_attribute("guardian", show(&config.guardian))
        .add_attribute("fees_credited", moved))
}

/// When `new` changes the treasury or the governance pool of `old`, credits what the protocol
/// fees owe `old`'s payees to them; returns the sum credited.
fn credit_owed_fees(
    storage: &mut dyn Storage,
    old: &Config,
    new: &Config,
) -> PaymentChannelsResult<Uint128> {
    if old.treasury == new.treasury && old.governance_pool() == new.governance_pool() {
        return Ok(Uint128::zero());
    }
    let mut totals = load_totals(storage)?;
    let moved = credit_protocol_payees(storage, &mut totals.fees, old.protocol_payees())?;
    add(&mut totals.credits, moved)?;
    save_totals(storage, &totals);
    Ok(moved)
}
