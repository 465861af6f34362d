//! Unbonding into per-operator epoch pools, and withdrawal after the period.

use cosmwasm_std::{Addr, DepsMut, Env, Order, Response, StdResult, Timestamp, Uint128};
use infermesh_types::staking::{UnbondingEntry, MAX_UNBONDING_ENTRIES_CAP};
use infermesh_types::token::TokenClient;

use crate::error::{StakingError, StakingResult};
use crate::ledger::{
    bonded_pool, epoch_start, load_operator, refresh_tier, save_bonded_pool, set_shares, shares_of,
};
use crate::state::{
    UnbondingPool, CONFIG, LOCKS, PARAMS, TOTALS, UNBONDING_COUNTS, UNBONDING_ENTRIES,
    UNBONDING_POOLS,
};

/// Moves `amount` tokens of the sender's stake with `operator` into the operator's unbonding
/// pool of the current epoch. Works while paused and for jailed or banned operators.
pub fn unbond(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    operator: String,
    amount: Uint128,
) -> StakingResult<Response> {
    if amount.is_zero() {
        return Err(StakingError::ZeroAmount {});
    }
    let operator = deps.api.addr_validate(&operator)?;
    let now = env.block.time;
    let owned = shares_of(deps.storage, &sender, &operator)?;
    if owned.is_zero() {
        return Err(StakingError::NoDelegation {
            delegator: sender,
            operator,
        });
    }
    if let Some(until) = LOCKS.may_load(deps.storage, &sender)? {
        if until > now {
            return Err(StakingError::StakeLocked { until });
        }
    }
    let pool = bonded_pool(deps.storage, &operator)?;
    let available = pool.value_of(owned)?;
    if amount > available {
        return Err(StakingError::InsufficientStake {
            requested: amount,
            available,
        });
    }
    // Shares given up round up; if what is left would be worth nothing, all of it goes and the
    // delegator takes the full value of its shares.
    let mut burned_shares = pool.shares_for_withdrawal(amount)?.min(owned);
    let mut tokens = amount;
    let remaining = owned.checked_sub(burned_shares)?;
    if remaining.is_zero() || pool.value_of(remaining)?.is_zero() {
        burned_shares = owned;
        tokens = available;
    }

    let params = PARAMS.load(deps.storage)?;
    let epoch = epoch_start(now);
    let entry_key = (&sender, &operator, epoch);
    let existing = UNBONDING_ENTRIES.may_load(deps.storage, entry_key)?;
    let count = UNBONDING_COUNTS
        .may_load(deps.storage, &sender)?
        .unwrap_or_default();
    if existing.is_none() && count >= params.max_unbonding_entries {
        return Err(StakingError::TooManyUnbondingEntries {
            max: params.max_unbonding_entries,
        });
    }
    let completes_at = now.plus_seconds(params.unbonding_period_seconds);
    let mut upool = UNBONDING_POOLS
        .may_load(deps.storage, (&operator, epoch))?
        .unwrap_or_default();
    let unbonding_shares = upool.pool.shares_for_deposit(tokens)?;
    if unbonding_shares.is_zero() {
        return Err(StakingError::AmountTooSmall { amount });
    }

    // Checks done; write.
    set_shares(
        deps.storage,
        &env,
        &sender,
        &operator,
        owned.checked_sub(burned_shares)?,
    )?;
    let mut new_pool = pool;
    new_pool.withdraw(tokens, burned_shares)?;
    save_bonded_pool(deps.storage, &env, &operator, &pool, &new_pool)?;

    upool.pool.deposit(tokens, unbonding_shares)?;
    upool.completes_at = upool.completes_at.max(completes_at);
    UNBONDING_POOLS.save(deps.storage, (&operator, epoch), &upool)?;
    let entry = match existing {
        Some(mut entry) => {
            entry.shares = entry.shares.checked_add(unbonding_shares)?;
            entry.initial_tokens = entry.initial_tokens.checked_add(tokens)?;
            entry.completes_at = entry.completes_at.max(completes_at);
            entry
        }
        None => {
            UNBONDING_COUNTS.save(deps.storage, &sender, &(count + 1))?;
            UnbondingEntry {
                operator: operator.clone(),
                epoch_start: Timestamp::from_seconds(epoch),
                shares: unbonding_shares,
                initial_tokens: tokens,
                completes_at,
            }
        }
    };
    UNBONDING_ENTRIES.save(deps.storage, entry_key, &entry)?;
    TOTALS.update(deps.storage, |mut totals| -> StakingResult<_> {
        totals.unbonding = totals.unbonding.checked_add(tokens)?;
        Ok(totals)
    })?;
    if sender == operator {
        let record = load_operator(deps.storage, &operator)?;
        refresh_tier(deps.storage, &params, record, false)?;
    }
    Ok(Response::new()
        .add_attribute("action", "unbond")
        .add_attribute("delegator", sender)
        .add_attribute("operator", operator)
        .add_attribute("amount", tokens)
        .add_attribute("epoch_start", epoch.to_string())
        .add_attribute("completes_at", entry.completes_at.seconds().to_string()))
}

/// Pays every matured entry of the sender: each entry's shares of its epoch pool, rounded down.
/// Bounded by the queue size (at most `MAX_UNBONDING_ENTRIES_CAP`).
pub fn withdraw(deps: DepsMut, env: Env, sender: Addr) -> StakingResult<Response> {
    let now = env.block.time;
    let matured: Vec<((Addr, u64), UnbondingEntry)> = UNBONDING_ENTRIES
        .sub_prefix(&sender)
        .range(deps.storage, None, None, Order::Ascending)
        .take(MAX_UNBONDING_ENTRIES_CAP as usize)
        .filter(|item| {
            item.as_ref()
                .map(|(_, entry)| entry.completes_at <= now)
                .unwrap_or(true)
        })
        .collect::<StdResult<_>>()?;
    if matured.is_empty() {
        return Err(StakingError::NothingToWithdraw {});
    }
    let mut paid = Uint128::zero();
    for ((operator, epoch), entry) in &matured {
        let key = (operator, *epoch);
        let mut upool: UnbondingPool = UNBONDING_POOLS.load(deps.storage, key)?;
        let tokens = upool.pool.value_of(entry.shares)?;
        upool.pool.withdraw(tokens, entry.shares)?;
        if upool.pool.shares.is_zero() {
            UNBONDING_POOLS.remove(deps.storage, key);
        } else {
            UNBONDING_POOLS.save(deps.storage, key, &upool)?;
        }
        UNBONDING_ENTRIES.remove(deps.storage, (&sender, operator, *epoch));
        paid = paid.checked_add(tokens)?;
    }
    let count = UNBONDING_COUNTS
        .may_load(deps.storage, &sender)?
        .unwrap_or_default()
        .saturating_sub(matured.len() as u32);
    if count == 0 {
        UNBONDING_COUNTS.remove(deps.storage, &sender);
    } else {
        UNBONDING_COUNTS.save(deps.storage, &sender, &count)?;
    }
    TOTALS.update(deps.storage, |mut totals| -> StakingResult<_> {
        totals.unbonding = totals.unbonding.checked_sub(paid)?;
        Ok(totals)
    })?;
    let mut response = Response::new()
        .add_attribute("action", "withdraw")
        .add_attribute("address", &sender)
        .add_attribute("entries", matured.len().to_string())
        .add_attribute("amount", paid);
    if !paid.is_zero() {
        let token = TokenClient(CONFIG.load(deps.storage)?.token);
        response = response.add_message(token.transfer_msg(&sender, paid)?);
    }
    Ok(response)
}
