//! The vault: tokens locked by cw20 Send count 1× from the next block. Unlocked tokens wait a
//! discussion and a vote before they are paid, so tokens that counted in a proposal cannot leave
//! (to repay a loan, to be locked again by another holder) before its vote is over.

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::token::TokenClient;

use crate::error::{DaoError, DaoResult};
use crate::state::{CONFIG, PARAMS, UNLOCKING, UNLOCKING_TOTAL, VAULT, VAULT_TOTAL};
use infermesh_types::dao::Unlocking;

pub fn lock(deps: DepsMut, env: Env, owner: Addr, amount: Uint128) -> DaoResult<Response> {
    if amount.is_zero() {
        return Err(DaoError::ZeroAmount {});
    }
    // Treasury locked as the DAO's own power would raise every later quorum out of reach.
    if owner == env.contract.address {
        return Err(DaoError::SelfLock {});
    }
    let height = env.block.height;
    // Checked: a sum past `Uint128::MAX` is a typed error, not a panic (docs/adversarial.md X6).
    let locked = VAULT
        .may_load(deps.storage, &owner)?
        .unwrap_or_default()
        .checked_add(amount)?;
    VAULT.save(deps.storage, &owner, &locked, height)?;
    let total = VAULT_TOTAL
        .may_load(deps.storage)?
        .unwrap_or_default()
        .checked_add(amount)?;
    VAULT_TOTAL.save(deps.storage, &total, height)?;
    Ok(Response::new()
        .add_attribute("action", "lock")
        .add_attribute("owner", owner)
        .add_attribute("amount", amount)
        .add_attribute("locked", locked))
}

/// Moves `amount` from the vault into the owner's unlocking entry, paid by `withdraw` once a
/// discussion and a vote have passed (merged with an earlier entry, whose wait restarts).
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
    let params = PARAMS.load(deps.storage)?;
    let ready_at = env
        .block
        .time
        .plus_seconds(params.discussion_seconds + params.voting_seconds);
    let waiting = UNLOCKING
        .may_load(deps.storage, &owner)?
        .map_or(Uint128::zero(), |entry| entry.amount)
        .checked_add(amount)?;
    UNLOCKING.save(
        deps.storage,
        &owner,
        &Unlocking {
            amount: waiting,
            ready_at,
        },
    )?;
    UNLOCKING_TOTAL.update(deps.storage, |total| -> DaoResult<_> {
        Ok(total.checked_add(amount)?)
    })?;
    Ok(Response::new()
        .add_attribute("action", "unlock")
        .add_attribute("owner", owner)
        .add_attribute("amount", amount)
        .add_attribute("locked", left)
        .add_attribute("ready_at", ready_at.seconds().to_string()))
}

/// Pays the owner's unlocked tokens once their cooldown is over.
pub fn withdraw(deps: DepsMut, env: Env, owner: Addr) -> DaoResult<Response> {
    let Some(entry) = UNLOCKING.may_load(deps.storage, &owner)? else {
        return Err(DaoError::NothingToWithdraw { address: owner });
    };
    if env.block.time < entry.ready_at {
        return Err(DaoError::UnlockPending {
            address: owner,
            ready_at: entry.ready_at,
        });
    }
    UNLOCKING.remove(deps.storage, &owner);
    UNLOCKING_TOTAL.update(deps.storage, |total| -> DaoResult<_> {
        Ok(total.checked_sub(entry.amount)?)
    })?;
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&owner, entry.amount)?)
        .add_attribute("action", "withdraw")
        .add_attribute("owner", owner)
        .add_attribute("amount", entry.amount))
}
