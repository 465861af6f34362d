use cosmwasm_std::{DepsMut, Env, Response};
use infermesh_types::token::TokenClient;

use crate::error::{VestingError, VestingResult};
use crate::state::{grants, CONFIG, TOTALS};

/// Freezes the grant at what has vested now; the beneficiary keeps that, the rest goes to the treasury.
pub fn revoke(deps: DepsMut, env: Env, grant_id: u64) -> VestingResult<Response> {
    let mut grant = grants()
        .may_load(deps.storage, grant_id)?
        .ok_or(VestingError::GrantNotFound { grant_id })?;
    if let Some(revoked_at) = grant.revoked_at {
        return Err(VestingError::AlreadyRevoked {
            grant_id,
            revoked_at,
        });
    }
    if !grant.plan.revocable() {
        return Err(VestingError::NotRevocable {
            grant_id,
            plan: format!("{:?}", grant.plan),
        });
    }
    let now = env.block.time;
    let vested = grant.vested(now);
    let unvested = grant.total.checked_sub(vested)?;
    if unvested.is_zero() {
        return Err(VestingError::NothingToRevoke { grant_id });
    }
    grant.total = vested;
    grant.revoked_at = Some(now);
    grants().save(deps.storage, grant_id, &grant)?;
    TOTALS.update(deps.storage, |mut totals| -> VestingResult<_> {
        totals.revoked = totals.revoked.checked_add(unvested)?;
        Ok(totals)
    })?;
    let config = CONFIG.load(deps.storage)?;
    let token = TokenClient(config.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&config.treasury, unvested)?)
        .add_attribute("action", "revoke")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("beneficiary", grant.beneficiary)
        .add_attribute("returned", unvested)
        .add_attribute("treasury", config.treasury)
        .add_attribute("kept", vested))
}
