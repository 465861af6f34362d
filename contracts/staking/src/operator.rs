//! Registration, metadata, commission and tier refresh of operators.

use cosmwasm_std::{Addr, Decimal, DepsMut, Env, Response};
use infermesh_types::staking::{
    Commission, Operator, OperatorMetadata, Role, COMMISSION_CHANGE_INTERVAL_SECONDS,
    MAX_ENDPOINT_LEN, MAX_MODELS, MAX_MODEL_NAME_LEN,
};

use crate::error::{StakingError, StakingResult};
use crate::ledger::{load_operator, refresh_tier};
use crate::state::{operators, PARAMS};

fn invalid(reason: impl Into<String>) -> StakingError {
    StakingError::InvalidMetadata {
        reason: reason.into(),
    }
}

pub fn validate_metadata(metadata: &OperatorMetadata) -> StakingResult<()> {
    if metadata.models.len() > MAX_MODELS {
        return Err(invalid(format!(
            "{} models; at most {MAX_MODELS}",
            metadata.models.len()
        )));
    }
    for model in &metadata.models {
        if model.is_empty() || model.len() > MAX_MODEL_NAME_LEN {
            return Err(invalid(format!(
                "model name {model:?} must be 1 to {MAX_MODEL_NAME_LEN} characters"
            )));
        }
    }
    if metadata.endpoint.is_empty() || metadata.endpoint.len() > MAX_ENDPOINT_LEN {
        return Err(invalid(format!(
            "endpoint must be 1 to {MAX_ENDPOINT_LEN} characters"
        )));
    }
    Ok(())
}

pub fn register(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    role: Role,
    metadata: OperatorMetadata,
    commission_rate: Option<Decimal>,
) -> StakingResult<Response> {
    if operators().has(deps.storage, &sender) {
        return Err(StakingError::AlreadyRegistered { operator: sender });
    }
    validate_metadata(&metadata)?;
    let params = PARAMS.load(deps.storage)?;
    let rate = commission_rate.unwrap_or(params.default_commission_rate);
    if rate > params.max_commission_rate {
        return Err(StakingError::CommissionAboveMax {
            rate,
            max: params.max_commission_rate,
        });
    }
    let operator = Operator {
        address: sender.clone(),
        role,
        metadata,
        commission: Commission {
            rate,
            updated_at: env.block.time,
        },
        tier: None,
        jailed_until: None,
        banned: false,
        registered_at: env.block.time,
        recent_minors: vec![],
    };
    operators().save(deps.storage, &sender, &operator)?;
    Ok(Response::new()
        .add_attribute("action", "register_operator")
        .add_attribute("operator", sender)
        .add_attribute("role", format!("{role:?}"))
        .add_attribute("commission_rate", rate.to_string())
        .add_attribute("latency_ms", operator.metadata.latency_ms.to_string())
        .add_attribute("endpoint", operator.metadata.endpoint))
}

pub fn update_metadata(
    deps: DepsMut,
    sender: Addr,
    metadata: OperatorMetadata,
) -> StakingResult<Response> {
    let mut operator = load_operator(deps.storage, &sender)?;
    validate_metadata(&metadata)?;
    operator.metadata = metadata;
    operators().save(deps.storage, &sender, &operator)?;
    Ok(Response::new()
        .add_attribute("action", "update_operator")
        .add_attribute("operator", sender)
        .add_attribute("latency_ms", operator.metadata.latency_ms.to_string())
        .add_attribute("models", operator.metadata.models.len().to_string())
        .add_attribute("endpoint", operator.metadata.endpoint))
}

pub fn update_commission(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    rate: Decimal,
) -> StakingResult<Response> {
    let mut operator = load_operator(deps.storage, &sender)?;
    let params = PARAMS.load(deps.storage)?;
    if rate > params.max_commission_rate {
        return Err(StakingError::CommissionAboveMax {
            rate,
            max: params.max_commission_rate,
        });
    }
    let next_allowed = operator
        .commission
        .updated_at
        .plus_seconds(COMMISSION_CHANGE_INTERVAL_SECONDS);
    if env.block.time < next_allowed {
        return Err(StakingError::CommissionChangeTooSoon { next_allowed });
    }
    let current = operator.commission.rate;
    let change = current.abs_diff(rate);
    if change > params.max_commission_change {
        return Err(StakingError::CommissionChangeTooFast {
            current,
            requested: rate,
            max_change: params.max_commission_change,
        });
    }
    operator.commission = Commission {
        rate,
        updated_at: env.block.time,
    };
    operators().save(deps.storage, &sender, &operator)?;
    Ok(Response::new()
        .add_attribute("action", "update_commission")
        .add_attribute("operator", sender)
        .add_attribute("old_rate", current.to_string())
        .add_attribute("rate", rate.to_string()))
}

/// Anyone: re-reads the operator's self-bond under the current tier table.
pub fn refresh(deps: DepsMut, operator: String) -> StakingResult<Response> {
    let address = deps.api.addr_validate(&operator)?;
    let operator = load_operator(deps.storage, &address)?;
    let params = PARAMS.load(deps.storage)?;
    let operator = refresh_tier(deps.storage, &params, operator, false)?;
    Ok(Response::new()
        .add_attribute("action", "refresh_tier")
        .add_attribute("operator", address)
        .add_attribute(
            "tier",
            operator
                .tier
                .map(|t| format!("{t:?}"))
                .unwrap_or_else(|| "none".to_string()),
        ))
}
