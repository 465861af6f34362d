use cosmwasm_std::{DepsMut, Env, Response};
use infermesh_kit::guard::guard;
use infermesh_types::reputation::Params;

use crate::error::ReputationResult;
use crate::state::{CONFIG, PARAMS};

/// `emergency`: the owner's emergency adjustment of `params`, outside the parameter guard.
pub fn update(
    deps: DepsMut,
    env: Env,
    staking: Option<String>,
    escrow: Option<String>,
    params: Option<Params>,
    emergency: bool,
) -> ReputationResult<Response> {
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(staking) = staking {
        config.staking = deps.api.addr_validate(&staking)?;
    }
    if let Some(escrow) = escrow {
        config.escrow = deps.api.addr_validate(&escrow)?;
    }
    let params = match params {
        Some(params) => {
            params.validate()?;
            let current = PARAMS.load(deps.storage)?;
            guard(deps.storage, env.block.time, &current, &params, emergency)?;
            PARAMS.save(deps.storage, &params)?;
            params
        }
        None => PARAMS.load(deps.storage)?,
    };
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("staking", config.staking)
        .add_attribute("escrow", config.escrow)
        .add_attribute("jail_threshold", params.jail_threshold.to_string())
        .add_attribute("max_accuracy_step", params.max_accuracy_step.to_string()))
}
