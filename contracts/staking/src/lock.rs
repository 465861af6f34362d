//! Voluntary stake locks for the DAO's voting multiplier.

use cosmwasm_std::{Addr, DepsMut, Env, Response};
use infermesh_types::staking::{voting_multiplier, MAX_LOCK_SECONDS};

use crate::error::{StakingError, StakingResult};
use crate::state::LOCKS;

/// Locks all the sender's bonded stake (with every operator) until `now + duration_seconds`.
/// A running lock may only be extended. Locked stake cannot be unbonded; it is still slashable.
pub fn lock(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    duration_seconds: u64,
) -> StakingResult<Response> {
    if duration_seconds == 0 || duration_seconds > MAX_LOCK_SECONDS {
        return Err(StakingError::InvalidLockDuration {
            duration_seconds,
            max: MAX_LOCK_SECONDS,
        });
    }
    let now = env.block.time;
    let requested = now.plus_seconds(duration_seconds);
    if let Some(current) = LOCKS.may_load(deps.storage, &sender)? {
        if current > now && requested < current {
            return Err(StakingError::LockCannotBeShortened { current, requested });
        }
    }
    LOCKS.save(deps.storage, &sender, &requested, env.block.height)?;
    Ok(Response::new()
        .add_attribute("action", "lock")
        .add_attribute("address", sender)
        .add_attribute("locked_until", requested.seconds().to_string())
        .add_attribute(
            "multiplier",
            voting_multiplier(Some(requested), now).to_string(),
        ))
}
