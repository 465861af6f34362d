//! Owner actions: parameters and authorised addresses.

use cosmwasm_std::{Decimal, DepsMut, Response};
use infermesh_kit::validate::address_list;
use infermesh_types::staking::{
    Params, Tier, MAX_AUTHORISED, MAX_JAIL_SECONDS, MAX_MINOR_ESCALATION_COUNT, MAX_SLASH_FRACTION,
    MAX_UNBONDING_ENTRIES_CAP, MAX_UNBONDING_PERIOD_SECONDS,
};

use crate::error::{StakingError, StakingResult};
use crate::state::{CONFIG, PARAMS};

fn invalid(reason: impl Into<String>) -> StakingError {
    StakingError::InvalidParams {
        reason: reason.into(),
    }
}

pub fn validate_params(params: &Params) -> StakingResult<()> {
    if params.unbonding_period_seconds == 0
        || params.unbonding_period_seconds > MAX_UNBONDING_PERIOD_SECONDS
    {
        return Err(invalid(format!(
            "unbonding_period_seconds must be 1..={MAX_UNBONDING_PERIOD_SECONDS}"
        )));
    }
    if params.max_unbonding_entries == 0 || params.max_unbonding_entries > MAX_UNBONDING_ENTRIES_CAP
    {
        return Err(invalid(format!(
            "max_unbonding_entries must be 1..={MAX_UNBONDING_ENTRIES_CAP}"
        )));
    }
    if params.jail_period_seconds == 0 || params.jail_period_seconds > MAX_JAIL_SECONDS {
        return Err(invalid(format!(
            "jail_period_seconds must be 1..={MAX_JAIL_SECONDS}"
        )));
    }
    if params.minor_window_seconds == 0 {
        return Err(invalid("minor_window_seconds must be positive"));
    }
    if params.minor_escalation_count < 2
        || params.minor_escalation_count > MAX_MINOR_ESCALATION_COUNT
    {
        return Err(invalid(format!(
            "minor_escalation_count must be 2..={MAX_MINOR_ESCALATION_COUNT}"
        )));
    }
    if params.max_commission_rate > Decimal::one()
        || params.default_commission_rate > params.max_commission_rate
        || params.max_commission_change > Decimal::one()
    {
        return Err(invalid(
            "commission rates must satisfy default <= max <= 1 and max_change <= 1",
        ));
    }
    if params.tiers.len() != Tier::ALL.len() {
        return Err(invalid("tiers must list Bronze, Silver, Gold, Platinum"));
    }
    let mut previous_min = None;
    for (expected, tier) in Tier::ALL.iter().zip(&params.tiers) {
        if tier.tier != *expected {
            return Err(invalid("tiers must list Bronze, Silver, Gold, Platinum"));
        }
        if tier.min_self_bond.is_zero() || previous_min.is_some_and(|min| tier.min_self_bond <= min)
        {
            return Err(invalid(
                "tier minimum self-bonds must be positive and strictly increasing",
            ));
        }
        previous_min = Some(tier.min_self_bond);
        if tier.max_slash > MAX_SLASH_FRACTION || tier.fee_discount > Decimal::one() {
            return Err(invalid(format!(
                "tier max_slash must be <= {MAX_SLASH_FRACTION} and fee_discount <= 1"
            )));
        }
    }
    Ok(())
}

pub fn update_params(deps: DepsMut, params: Params) -> StakingResult<Response> {
    validate_params(&params)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute(
            "unbonding_period_seconds",
            params.unbonding_period_seconds.to_string(),
        )
        .add_attribute(
            "max_unbonding_entries",
            params.max_unbonding_entries.to_string(),
        )
        .add_attribute(
            "jail_period_seconds",
            params.jail_period_seconds.to_string(),
        ))
}

pub fn update_config(
    deps: DepsMut,
    slashers: Option<Vec<String>>,
    jailers: Option<Vec<String>>,
    guardian: Option<String>,
) -> StakingResult<Response> {
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(slashers) = slashers {
        config.slashers = address_list(deps.api, "slashers", &slashers, MAX_AUTHORISED)?;
    }
    if let Some(jailers) = jailers {
        config.jailers = address_list(deps.api, "jailers", &jailers, MAX_AUTHORISED)?;
    }
    if let Some(guardian) = guardian {
        config.guardian = Some(deps.api.addr_validate(&guardian)?);
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("slashers", config.slashers.len().to_string())
        .add_attribute("jailers", config.jailers.len().to_string())
        .add_attribute(
            "guardian",
            config.guardian.map(|g| g.into_string()).unwrap_or_default(),
        ))
}
