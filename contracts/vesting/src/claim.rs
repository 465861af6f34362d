use cosmwasm_std::{Addr, DepsMut, Env, Response};
use infermesh_types::token::TokenClient;

use crate::error::{VestingError, VestingResult};
use crate::state::{grants, CONFIG, TOTALS};

pub fn claim(deps: DepsMut, env: Env, sender: Addr, grant_id: u64) -> VestingResult<Response> {
    let mut grant = grants()
        .may_load(deps.storage, grant_id)?
        .ok_or(VestingError::GrantNotFound { grant_id })?;
    if sender != grant.beneficiary {
        return Err(VestingError::NotBeneficiary { sender, grant_id });
    }
    let now = env.block.time;
    let claimable = grant.vested(now).checked_sub(grant.claimed)?;
    if claimable.is_zero() {
        return Err(VestingError::NothingToClaim { grant_id, now });
    }
    grant.claimed = grant.claimed.checked_add(claimable)?;
    grants().save(deps.storage, grant_id, &grant)?;
    TOTALS.update(deps.storage, |mut totals| -> VestingResult<_> {
        totals.claimed = totals.claimed.checked_add(claimable)?;
        Ok(totals)
    })?;
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&grant.beneficiary, claimable)?)
        .add_attribute("action", "claim")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("beneficiary", grant.beneficiary)
        .add_attribute("amount", claimable)
        .add_attribute("claimed_total", grant.claimed))
}
