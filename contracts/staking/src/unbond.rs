//! Unbonding into per-operator epoch pools, and withdrawal after the period.

use cosmwasm_std::{Addr, DepsMut, Env, Order, Response, StdResult, Storage, Timestamp, Uint128};
use infermesh_types::staking::{Operator, Params, UnbondingEntry, MAX_UNBONDING_ENTRIES_CAP};
use infermesh_types::token::TokenClient;

use crate::error::{StakingError, StakingResult};
use crate::hook::stake_hook;
use crate::ledger::{
    bonded_pool, epoch_start, load_operator, refresh_tier, save_bonded_pool, set_shares, shares_of,
};
use crate::state::{
    Pool, UnbondingPool, CONFIG, LOCKS, PARAMS, TOTALS, UNBONDING_COUNTS, UNBONDING_ENTRIES,
    UNBONDING_POOLS,
};

/// What leaves the bonded pool: the delegator's shares given up and the tokens they unbond.
struct Withdrawal {
    shares: Uint128,
    tokens: Uint128,
}

/// Where the tokens go: the current epoch's unbonding pool (loaded, not yet deposited into), the
/// unbonding shares it mints for them, the sender's existing entry for that epoch if any, its
/// entry count and when the new tokens mature.
struct EpochDeposit {
    epoch: u64,
    upool: UnbondingPool,
    shares: Uint128,
    existing: Option<UnbondingEntry>,
    count: u32,
    completes_at: Timestamp,
}

/// Moves `amount` tokens of the sender's stake with `operator` into the operator's unbonding
/// pool of the current epoch. Works while paused and for jailed or banned operators.
///
/// Every check runs before the first write (docs/staking.md §5), in the order below, which is
/// also the order of the storage reads; each loaded value is passed on, never loaded twice.
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
    let owned = unbondable_shares(deps.storage, &sender, &operator, now)?;
    let pool = bonded_pool(deps.storage, &operator)?;
    let withdrawal = withdrawal(&pool, owned, amount)?;
    let params = PARAMS.load(deps.storage)?;
    let deposit = epoch_deposit(
        deps.storage,
        &sender,
        &operator,
        &params,
        now,
        withdrawal.tokens,
    )?;
    if deposit.shares.is_zero() {
        return Err(StakingError::AmountTooSmall { amount });
    }

    // Checks done; write.
    let record = load_operator(deps.storage, &operator)?;
    let bonded = leave_bonded_pool(
        deps.storage,
        &env,
        &sender,
        &record,
        pool,
        owned,
        &withdrawal,
    )?;
    let hook = stake_hook(deps.storage, &record, bonded)?;
    let epoch = deposit.epoch;
    let completes_at =
        join_unbonding(deps.storage, &sender, &operator, deposit, withdrawal.tokens)?;
    if sender == operator {
        // A self-unbond lowers the self-bond, so the stored tier may fall (docs/staking.md §2).
        refresh_tier(deps.storage, &params, record, false)?;
    }
    Ok(Response::new()
        .add_submessages(hook)
        .add_attribute("action", "unbond")
        .add_attribute("delegator", sender)
        .add_attribute("operator", operator)
        .add_attribute("amount", withdrawal.tokens)
        .add_attribute("epoch_start", epoch.to_string())
        .add_attribute("completes_at", completes_at.seconds().to_string()))
}

/// The sender's shares of the operator's bonded pool, refused when it holds none or while its
/// lock runs: locked stake cannot be unbonded (docs/staking.md §5, §9).
fn unbondable_shares(
    storage: &dyn Storage,
    sender: &Addr,
    operator: &Addr,
    now: Timestamp,
) -> StakingResult<Uint128> {
    let owned = shares_of(storage, sender, operator)?;
    if owned.is_zero() {
        return Err(StakingError::NoDelegation {
            delegator: sender.clone(),
            operator: operator.clone(),
        });
    }
    if let Some(until) = LOCKS.may_load(storage, sender)? {
        if until > now {
            return Err(StakingError::StakeLocked { until });
        }
    }
    Ok(owned)
}

/// The shares given up for `amount` and the tokens they unbond (docs/staking.md §5): no more than
/// the delegation is worth; shares given up round up; if what would remain is worth nothing, all
/// of them go and the delegator unbonds the full value of its shares.
fn withdrawal(pool: &Pool, owned: Uint128, amount: Uint128) -> StakingResult<Withdrawal> {
    let available = pool.value_of(owned)?;
    if amount > available {
        return Err(StakingError::InsufficientStake {
            requested: amount,
            available,
        });
    }
    let shares = pool.shares_for_withdrawal(amount)?.min(owned);
    let remaining = owned.checked_sub(shares)?;
    if remaining.is_zero() || pool.value_of(remaining)?.is_zero() {
        return Ok(Withdrawal {
            shares: owned,
            tokens: available,
        });
    }
    Ok(Withdrawal {
        shares,
        tokens: amount,
    })
}

/// Takes the withdrawal out of the sender's delegation and the operator's bonded pool (moving the
/// bonded total and the stake snapshots, docs/staking.md §10); returns the tokens left bonded.
fn leave_bonded_pool(
    storage: &mut dyn Storage,
    env: &Env,
    sender: &Addr,
    operator: &Operator,
    pool: Pool,
    owned: Uint128,
    withdrawal: &Withdrawal,
) -> StakingResult<Uint128> {
    set_shares(
        storage,
        env,
        sender,
        &operator.address,
        owned.checked_sub(withdrawal.shares)?,
    )?;
    let mut new_pool = pool;
    new_pool.withdraw(withdrawal.tokens, withdrawal.shares)?;
    save_bonded_pool(
        storage,
        env,
        &operator.address,
        operator.role,
        &pool,
        &new_pool,
    )?;
    Ok(new_pool.tokens)
}

/// The deposit of `tokens` into the operator's unbonding pool of the current epoch (docs/staking.md
/// §5): refused when it would open an entry beyond `max_unbonding_entries`; matures
/// `unbonding_period_seconds` from now. Reads only; the caller refuses a deposit minting no
/// shares.
fn epoch_deposit(
    storage: &dyn Storage,
    sender: &Addr,
    operator: &Addr,
    params: &Params,
    now: Timestamp,
    tokens: Uint128,
) -> StakingResult<EpochDeposit> {
    let epoch = epoch_start(now);
    let existing = UNBONDING_ENTRIES.may_load(storage, (sender, operator, epoch))?;
    let count = UNBONDING_COUNTS
        .may_load(storage, sender)?
        .unwrap_or_default();
    if existing.is_none() && count >= params.max_unbonding_entries {
        return Err(StakingError::TooManyUnbondingEntries {
            max: params.max_unbonding_entries,
        });
    }
    let completes_at = now.plus_seconds(params.unbonding_period_seconds);
    let upool = UNBONDING_POOLS
        .may_load(storage, (operator, epoch))?
        .unwrap_or_default();
    let shares = upool.pool.shares_for_deposit(tokens)?;
    Ok(EpochDeposit {
        epoch,
        upool,
        shares,
        existing,
        count,
        completes_at,
    })
}

/// Deposits the tokens into the epoch pool and the sender's entry for (operator, epoch), opening
/// it (and counting it) if new, and adds them to the unbonding total. A pool and an entry mature
/// at their latest addition (docs/staking.md §5). Returns when the entry matures.
fn join_unbonding(
    storage: &mut dyn Storage,
    sender: &Addr,
    operator: &Addr,
    deposit: EpochDeposit,
    tokens: Uint128,
) -> StakingResult<Timestamp> {
    let EpochDeposit {
        epoch,
        mut upool,
        shares,
        existing,
        count,
        completes_at,
    } = deposit;
    upool.pool.deposit(tokens, shares)?;
    upool.completes_at = upool.completes_at.max(completes_at);
    UNBONDING_POOLS.save(storage, (operator, epoch), &upool)?;
    let entry = match existing {
        Some(mut entry) => {
            entry.shares = entry.shares.checked_add(shares)?;
            entry.initial_tokens = entry.initial_tokens.checked_add(tokens)?;
            entry.completes_at = entry.completes_at.max(completes_at);
            entry
        }
        None => {
            UNBONDING_COUNTS.save(storage, sender, &(count + 1))?;
            UnbondingEntry {
                operator: operator.clone(),
                epoch_start: Timestamp::from_seconds(epoch),
                shares,
                initial_tokens: tokens,
                completes_at,
            }
        }
    };
    UNBONDING_ENTRIES.save(storage, (sender, operator, epoch), &entry)?;
    TOTALS.update(storage, |mut totals| -> StakingResult<_> {
        totals.unbonding = totals.unbonding.checked_add(tokens)?;
        Ok(totals)
    })?;
    Ok(entry.completes_at)
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
