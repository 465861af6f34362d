use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::vesting::{Grant, GrantRequest};

use crate::error::{VestingError, VestingResult};
use crate::state::{grants, Config, NEXT_GRANT_ID, TOTALS};

pub fn create(
    deps: DepsMut,
    env: Env,
    config: Config,
    funder: Addr,
    amount: Uint128,
    request: GrantRequest,
) -> VestingResult<Response> {
    let GrantRequest {
        beneficiary,
        plan,
        start,
    } = request;
    if !config
        .funders
        .iter()
        .any(|allowed| allowed.address == funder && allowed.plan == plan)
    {
        return Err(VestingError::NotAFunder {
            sender: funder,
            plan,
        });
    }
    if amount.is_zero() {
        return Err(VestingError::ZeroAmount {});
    }
    let beneficiary = deps.api.addr_validate(&beneficiary)?;
    let start = start.unwrap_or(env.block.time);
    if start < config.earliest_start {
        return Err(VestingError::StartTooEarly {
            start,
            earliest: config.earliest_start,
        });
    }
    let id = NEXT_GRANT_ID.load(deps.storage)?;
    NEXT_GRANT_ID.save(deps.storage, &(id + 1))?;
    let grant = Grant {
        id,
        beneficiary,
        funder,
        plan,
        schedule: plan.schedule(start),
        granted: amount,
        total: amount,
        claimed: Uint128::zero(),
        revoked_at: None,
    };
    grants().save(deps.storage, id, &grant)?;
    TOTALS.update(deps.storage, |mut totals| -> VestingResult<_> {
        totals.granted = totals.granted.checked_add(amount)?;
        Ok(totals)
    })?;
    Ok(Response::new()
        .add_attribute("action", "create_grant")
        .add_attribute("grant_id", id.to_string())
        .add_attribute("beneficiary", grant.beneficiary)
        .add_attribute("funder", grant.funder)
        .add_attribute("plan", format!("{plan:?}"))
        .add_attribute("amount", amount)
        .add_attribute("start", start.seconds().to_string()))
}
