//! Owner actions: parameters and authorised addresses.

use cosmwasm_std::{DepsMut, Env, Response};
use infermesh_kit::guard::guard;
use infermesh_kit::validate::address_list;
use infermesh_types::staking::{Params, MAX_AUTHORISED};

use crate::error::StakingResult;
use crate::state::{CONFIG, PARAMS};

/// `emergency`: the owner's emergency adjustment, outside the parameter guard.
pub fn update_params(
    deps: DepsMut,
    env: Env,
    params: Params,
    emergency: bool,
) -> StakingResult<Response> {
    params.validate()?;
    let current = PARAMS.load(deps.storage)?;
    guard(deps.storage, env.block.time, &current, &params, emergency)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("emergency", emergency.to_string())
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
    distributor: Option<String>,
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
    if let Some(distributor) = distributor {
        config.distributor = Some(deps.api.addr_validate(&distributor)?);
    }
    CONFIG.save(deps.storage, &config);
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("slashers", config.slashers.len().to_string())
        .add_attribute("jailers", config.jailers.len().to_string())
        .add_attribute(
            "guardian",
            config.guardian.map(|g| g.into_string()).unwrap_or_default(),
        )
        .add_attribute(
            "distributor",
            config
                .distributor
                .map(|d| d.into_string())
                .unwrap_or_default(),
        ))
}
