//! The vault: tokens locked by cw20 Send count 1× from the next block; unlocking returns them
//! at once (power already fixed in open proposals stays counted there, as at their heights).

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::token::TokenClient;

use crate::error::{DaoError, DaoResult};
use crate::state::{CONFIG, VAULT, VAULT_TOTAL};

pub fn lock(deps: DepsMut, env: Env, owner: Addr, amount: Uint128) -> DaoResult<Response> {
    if amount.is_zero() {
        return Err(DaoError::ZeroAmount {});
    }
    // Treasury locked as the DAO's own power would raise every later quorum out of reach.
    if owner == env.contract.address {
        return Err(DaoError::SelfLock {});
    }
    let height = env.block.height;
    let locked = VAULT.may_load(deps.storage, &owner)?.unwrap_or_default() + amount;
    VAULT.save(deps.storage, &owner, &locked, height)?;
    let total = VAULT_TOTAL.may_load(deps.storage)?.unwrap_or_default() + amount;
    VAULT_TOTAL.save(deps.storage, &total, height)?;
    Ok(Response::new()
        .add_attribute("action", "lock")
        .add_attribute("owner", owner)
        .add_attribute("amount", amount)
        .add_attribute("locked", locked))
}

pub fn unlock(deps: DepsMut, env: Env, owner: Addr, amount: Uint128) -> DaoResult<Response> {
    if amount.is_zero() {
        return Err(DaoError::ZeroAmount {});
    }
    let locked = VAULT.may_load(deps.storage, &owner)?.unwrap_or_default();
    if locked < amount {
        return Err(DaoError::InsufficientLocked {
            address: owner,
            locked,
            requested: amount,
        });
    }
    let height = env.block.height;
    let left = locked - amount;
    if left.is_zero() {
        VAULT.remove(deps.storage, &owner, height)?;
    } else {
        VAULT.save(deps.storage, &owner, &left, height)?;
    }
    let total = VAULT_TOTAL.load(deps.storage)? - amount;
    VAULT_TOTAL.save(deps.storage, &total, height)?;
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&owner, amount)?)
        .add_attribute("action", "unlock")
        .add_attribute("owner", owner)
        .add_attribute("amount", amount)
        .add_attribute("locked", left))
}
