use cosmwasm_std::{DepsMut, Response};
use infermesh_types::reputation::{
    Params, MAX_ATTESTATION_COOLDOWN_SECONDS, MAX_ATTESTERS_CAP, MAX_SCORE,
};
use infermesh_types::staking::MAX_JAIL_SECONDS;

use crate::error::{ReputationError, ReputationResult};
use crate::state::{CONFIG, PARAMS};

fn invalid(param: &str, value: impl ToString, reason: &str) -> ReputationError {
    ReputationError::InvalidParam {
        param: param.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

pub fn validate_params(params: &Params) -> ReputationResult<()> {
    let sum = params.weights.sum();
    if sum != 100 {
        return Err(ReputationError::WeightsMustSumTo100 { sum });
    }
    if params.prior_score > MAX_SCORE {
        return Err(invalid("prior_score", params.prior_score, "at most 1000"));
    }
    if params.jail_threshold > MAX_SCORE {
        return Err(invalid(
            "jail_threshold",
            params.jail_threshold,
            "at most 1000",
        ));
    }
    if params.confidence_events == 0 {
        return Err(invalid("confidence_events", 0, "at least 1"));
    }
    if params.max_accuracy_step == 0 || params.max_accuracy_step > 100 {
        return Err(invalid(
            "max_accuracy_step",
            params.max_accuracy_step,
            "between 1 and 100",
        ));
    }
    if params.max_attesters == 0 || params.max_attesters > MAX_ATTESTERS_CAP {
        return Err(invalid(
            "max_attesters",
            params.max_attesters,
            "between 1 and 32",
        ));
    }
    if params.attestation_cooldown_seconds == 0
        || params.attestation_cooldown_seconds > MAX_ATTESTATION_COOLDOWN_SECONDS
    {
        return Err(invalid(
            "attestation_cooldown_seconds",
            params.attestation_cooldown_seconds,
            "between 1 second and 90 days",
        ));
    }
    if params.stake_reference.is_zero() {
        return Err(invalid("stake_reference", 0, "greater than zero"));
    }
    if let Some(duration) = params.jail_duration_seconds {
        if duration == 0 || duration > MAX_JAIL_SECONDS {
            return Err(invalid(
                "jail_duration_seconds",
                duration,
                "between 1 second and one year",
            ));
        }
    }
    Ok(())
}

pub fn update(
    deps: DepsMut,
    staking: Option<String>,
    escrow: Option<String>,
    params: Option<Params>,
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
            validate_params(&params)?;
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
