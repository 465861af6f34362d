use cosmwasm_std::{Addr, Api, DepsMut, Env, Response, Storage, Timestamp, Uint128};
use infermesh_kit::validate::list_len;
use infermesh_types::vesting::{
    GenesisGrant, Grant, GrantRequest, VestingPlan, MAX_GENESIS_GRANTS,
};

use crate::error::{VestingError, VestingResult};
use crate::state::{grants, Config, NEXT_GRANT_ID, TOTALS};

/// Stores a new grant of `amount` under the next id and counts it in the totals.
fn record(
    storage: &mut dyn Storage,
    beneficiary: Addr,
    funder: Addr,
    plan: VestingPlan,
    start: Timestamp,
    amount: Uint128,
) -> VestingResult<Grant> {
    if amount.is_zero() {
        return Err(VestingError::ZeroAmount {});
    }
    let id = NEXT_GRANT_ID.load(storage)?;
    NEXT_GRANT_ID.save(storage, &(id + 1))?;
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
    grants().save(storage, id, &grant)?;
    TOTALS.update(storage, |mut totals| -> VestingResult<_> {
        totals.granted = totals.granted.checked_add(amount)?;
        Ok(totals)
    })?;
    Ok(grant)
}

/// The genesis grants (docs/vesting.md §3): funded by the token, starting at instantiation.
/// Returns their sum, which the caller holds against the contract's balance.
pub fn genesis(
    storage: &mut dyn Storage,
    api: &dyn Api,
    config: &Config,
    requests: &[GenesisGrant],
) -> VestingResult<Uint128> {
    list_len("genesis_grants", requests.len(), MAX_GENESIS_GRANTS)?;
    let mut granted = Uint128::zero();
    for request in requests {
        let beneficiary = api.addr_validate(&request.beneficiary)?;
        record(
            storage,
            beneficiary,
            config.token.clone(),
            request.plan,
            config.earliest_start,
            request.amount,
        )?;
        granted = granted.checked_add(request.amount)?;
    }
    Ok(granted)
}

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
    let grant = record(deps.storage, beneficiary, funder, plan, start, amount)?;
    Ok(Response::new()
        .add_attribute("action", "create_grant")
        .add_attribute("grant_id", grant.id.to_string())
        .add_attribute("beneficiary", grant.beneficiary)
        .add_attribute("funder", grant.funder)
        .add_attribute("plan", format!("{plan:?}"))
        .add_attribute("amount", amount)
        .add_attribute("start", start.seconds().to_string()))
}
