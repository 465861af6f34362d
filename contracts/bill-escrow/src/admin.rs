use cosmwasm_std::{Addr, Decimal, DepsMut, Response};
use infermesh_kit::validate::optional_address;
use infermesh_types::bill_escrow::{
    ConfigUpdate, LatencyClass, ModelClass, Params, MAX_CHALLENGE_WINDOW_SECONDS,
    MAX_CLASS_MULTIPLIER, MAX_DEMAND_MULTIPLIER, MAX_DISPUTE_TIMEOUT_SECONDS, MAX_LATENCY_FACTOR,
    MAX_MAX_DEADLINE_SECONDS, MAX_NETWORK_FEE_BPS, MAX_VOTE_QUORUM, MIN_CHALLENGE_WINDOW_SECONDS,
    MIN_CLASS_MULTIPLIER, MIN_DEMAND_MULTIPLIER,
};
use infermesh_types::common::BPS_DENOMINATOR;
use infermesh_types::staking::SlashClass;

use crate::error::{BillEscrowError, BillEscrowResult};
use crate::state::{CONFIG, PARAMS};

fn invalid(reason: impl Into<String>) -> BillEscrowError {
    BillEscrowError::InvalidParams {
        reason: reason.into(),
    }
}

/// Checks every bound of docs/bill-escrow.md §1; the DAO's guard limits the pace of change.
pub fn validate_params(params: &Params) -> BillEscrowResult<()> {
    if params.base_price.is_zero() {
        return Err(invalid("base_price must be positive"));
    }
    if params.demand_multiplier < MIN_DEMAND_MULTIPLIER
        || params.demand_multiplier > MAX_DEMAND_MULTIPLIER
    {
        return Err(invalid(format!(
            "demand_multiplier must lie in {MIN_DEMAND_MULTIPLIER}..={MAX_DEMAND_MULTIPLIER}"
        )));
    }
    let classes: Vec<ModelClass> = params.model_classes.iter().map(|c| c.class).collect();
    if classes != ModelClass::ALL {
        return Err(invalid(
            "model_classes must list small, medium, large, exclusive once, in that order",
        ));
    }
    for class in &params.model_classes {
        if class.multiplier < MIN_CLASS_MULTIPLIER || class.multiplier > MAX_CLASS_MULTIPLIER {
            return Err(invalid(format!(
                "{:?} multiplier must lie in {MIN_CLASS_MULTIPLIER}..={MAX_CLASS_MULTIPLIER}",
                class.class
            )));
        }
    }
    let latencies: Vec<LatencyClass> = params.latency_classes.iter().map(|c| c.class).collect();
    if latencies != LatencyClass::ALL {
        return Err(invalid(
            "latency_classes must list standard, fast, realtime once, in that order",
        ));
    }
    for class in &params.latency_classes {
        if class.factor > MAX_LATENCY_FACTOR {
            return Err(invalid(format!(
                "{:?} latency factor must be at most {MAX_LATENCY_FACTOR}",
                class.class
            )));
        }
        if class.target_ms == 0 {
            return Err(invalid("latency targets must be positive"));
        }
    }
    if params.network_fee_bps > MAX_NETWORK_FEE_BPS {
        return Err(invalid(format!(
            "network_fee_bps must be at most {MAX_NETWORK_FEE_BPS}"
        )));
    }
    if params.split.sum() != u32::from(BPS_DENOMINATOR) {
        return Err(invalid("split shares must sum to 10000 bps"));
    }
    if !(MIN_CHALLENGE_WINDOW_SECONDS..=MAX_CHALLENGE_WINDOW_SECONDS)
        .contains(&params.challenge_window_seconds)
    {
        return Err(invalid(format!(
            "challenge_window_seconds must lie in {MIN_CHALLENGE_WINDOW_SECONDS}..={MAX_CHALLENGE_WINDOW_SECONDS}"
        )));
    }
    if params.max_deadline_seconds == 0 || params.max_deadline_seconds > MAX_MAX_DEADLINE_SECONDS {
        return Err(invalid(format!(
            "max_deadline_seconds must lie in 1..={MAX_MAX_DEADLINE_SECONDS}"
        )));
    }
    if params.min_dispute_bond.is_zero() {
        return Err(invalid("min_dispute_bond must be positive"));
    }
    if params.vote_quorum == 0 || params.vote_quorum > MAX_VOTE_QUORUM {
        return Err(invalid(format!(
            "vote_quorum must lie in 1..={MAX_VOTE_QUORUM}"
        )));
    }
    if params.dispute_timeout_seconds < params.challenge_window_seconds
        || params.dispute_timeout_seconds > MAX_DISPUTE_TIMEOUT_SECONDS
    {
        return Err(invalid(format!(
            "dispute_timeout_seconds must lie in challenge_window_seconds..={MAX_DISPUTE_TIMEOUT_SECONDS}"
        )));
    }
    let (min, max) = params.dispute_slash.class.range();
    if params.dispute_slash.fraction < min || params.dispute_slash.fraction > max {
        return Err(invalid(
            "dispute_slash fraction must lie in its class's range",
        ));
    }
    let (min, max) = SlashClass::Minor.range();
    if params.sla_slash_fraction < min || params.sla_slash_fraction > max {
        return Err(invalid(format!(
            "sla_slash_fraction must lie in the minor range {min}..={max}"
        )));
    }
    if params.sla_min_jobs == 0 {
        return Err(invalid("sla_min_jobs must be at least 1"));
    }
    if params.sla_min_success_rate > Decimal::one() {
        return Err(invalid("sla_min_success_rate must be at most 1"));
    }
    Ok(())
}

pub fn update_params(deps: DepsMut, params: Params) -> BillEscrowResult<Response> {
    validate_params(&params)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("base_price", params.base_price)
        .add_attribute("demand_multiplier", params.demand_multiplier.to_string())
        .add_attribute("network_fee_bps", params.network_fee_bps.to_string()))
}

pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> BillEscrowResult<Response> {
    let api = deps.api;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(staking) = optional_address(api, update.staking)? {
        config.staking = staking;
    }
    if let Some(reputation) = optional_address(api, update.reputation)? {
        config.reputation = reputation;
    }
    if let Some(treasury) = optional_address(api, update.treasury)? {
        config.treasury = treasury;
    }
    if let Some(distributor) = optional_address(api, update.distributor)? {
        config.distributor = Some(distributor);
    }
    if let Some(arbiter) = optional_address(api, update.arbiter)? {
        config.arbiter = Some(arbiter);
    }
    if let Some(guardian) = optional_address(api, update.guardian)? {
        config.guardian = Some(guardian);
    }
    CONFIG.save(deps.storage, &config)?;
    let show = |a: &Option<Addr>| a.as_ref().map(Addr::to_string).unwrap_or_default();
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("staking", config.staking.as_str())
        .add_attribute("reputation", config.reputation.as_str())
        .add_attribute("treasury", config.treasury.as_str())
        .add_attribute("distributor", show(&config.distributor))
        .add_attribute("arbiter", show(&config.arbiter))
        .add_attribute("guardian", show(&config.guardian)))
}
