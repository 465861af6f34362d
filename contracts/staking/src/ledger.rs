//! Bookkeeping shared by the actions: operators, delegation shares with their snapshots and
//! listings, reward settlement, tiers. Every function here is O(1) or bounded by a constant.

use cosmwasm_std::{Addr, Empty, Env, Storage, Timestamp, Uint128};
use infermesh_types::staking::{
    Operator, Params, Role, MAX_DELEGATIONS_PER_ADDRESS, UNBONDING_EPOCH_SECONDS,
};

use crate::error::{StakingError, StakingResult};
use crate::pool::settle;
use crate::state::{
    operators, role_bonded, Pool, RewardDebt, RewardPool, BONDED_POOLS, DELEGATED_OPERATORS,
    DELEGATION_SHARES, OPERATOR_DELEGATORS, REWARD_DEBTS, REWARD_POOLS, TOTAL_BONDED,
};

pub fn load_operator(storage: &dyn Storage, operator: &Addr) -> StakingResult<Operator> {
    operators()
        .may_load(storage, operator)?
        .ok_or_else(|| StakingError::OperatorNotFound {
            operator: operator.clone(),
        })
}

pub fn bonded_pool(storage: &dyn Storage, operator: &Addr) -> StakingResult<Pool> {
    Ok(BONDED_POOLS
        .may_load(storage, operator)?
        .unwrap_or_default())
}

pub fn shares_of(
    storage: &dyn Storage,
    delegator: &Addr,
    operator: &Addr,
) -> StakingResult<Uint128> {
    Ok(DELEGATION_SHARES
        .may_load(storage, (delegator, operator))?
        .unwrap_or_default())
}

/// Self-bond of `operator` in tokens, under `pool`.
pub fn self_bond(storage: &dyn Storage, operator: &Addr, pool: &Pool) -> StakingResult<Uint128> {
    pool.value_of(shares_of(storage, operator, operator)?)
}

/// Start (seconds) of the unbonding epoch holding `time`.
pub fn epoch_start(time: Timestamp) -> u64 {
    time.seconds() - time.seconds() % UNBONDING_EPOCH_SECONDS
}

/// Fails unless (delegator, operator) may gain shares: an address holds shares of at most
/// `MAX_DELEGATIONS_PER_ADDRESS` operators. Reads only.
pub fn check_can_add(
    storage: &dyn Storage,
    delegator: &Addr,
    operator: &Addr,
) -> StakingResult<()> {
    if !shares_of(storage, delegator, operator)?.is_zero() {
        return Ok(());
    }
    let held = DELEGATED_OPERATORS
        .may_load(storage, delegator)?
        .unwrap_or_default();
    if held.len() >= MAX_DELEGATIONS_PER_ADDRESS {
        return Err(StakingError::TooManyDelegations {
            max: MAX_DELEGATIONS_PER_ADDRESS,
        });
    }
    Ok(())
}

/// The operator's reward pool with its stream released up to `now` among the shares bonded until
/// now, saved when it moved: call before the operator's shares change, so that shares minted
/// now earn only what the stream releases from now on (docs/staking.md §8).
pub fn released_rewards(
    storage: &mut dyn Storage,
    operator: &Addr,
    now: Timestamp,
) -> StakingResult<RewardPool> {
    let mut rewards = REWARD_POOLS
        .may_load(storage, operator)?
        .unwrap_or_default();
    if rewards.streamed_until < now.min(rewards.stream_end) {
        rewards.release(bonded_pool(storage, operator)?.shares, now)?;
        REWARD_POOLS.save(storage, operator, &rewards);
    }
    Ok(rewards)
}

/// Brings the delegation's reward position up to the operator's accumulator, released to `now`;
/// returns it with the operator's reward pool as released (read and written once).
pub fn settled_debt(
    storage: &mut dyn Storage,
    now: Timestamp,
    delegator: &Addr,
    operator: &Addr,
    shares: Uint128,
) -> StakingResult<(RewardDebt, RewardPool)> {
    let rewards = released_rewards(storage, operator, now)?;
    let mut debt = REWARD_DEBTS
        .may_load(storage, (delegator, operator))?
        .unwrap_or_default();
    settle(&mut debt, shares, rewards.reward_per_share)?;
    Ok((debt, rewards))
}

/// Sets the delegation's shares to `new_shares` after settling its rewards, keeping the
/// snapshot, the address's operator list and the operator's delegator listing in step.
/// Call [`check_can_add`] first when shares may go from zero to positive.
pub fn set_shares(
    storage: &mut dyn Storage,
    env: &Env,
    delegator: &Addr,
    operator: &Addr,
    new_shares: Uint128,
) -> StakingResult<()> {
    let height = env.block.height;
    let old_shares = shares_of(storage, delegator, operator)?;
    let (debt, _) = settled_debt(storage, env.block.time, delegator, operator, old_shares)?;
    if new_shares.is_zero() && debt.pending.is_zero() {
        REWARD_DEBTS.remove(storage, (delegator, operator));
    } else {
        REWARD_DEBTS.save(storage, (delegator, operator), &debt);
    }
    match (old_shares.is_zero(), new_shares.is_zero()) {
        (true, false) => {
            let mut held = DELEGATED_OPERATORS
                .may_load(storage, delegator)?
                .unwrap_or_default();
            if held.len() >= MAX_DELEGATIONS_PER_ADDRESS {
                return Err(StakingError::TooManyDelegations {
                    max: MAX_DELEGATIONS_PER_ADDRESS,
                });
            }
            held.push(operator.clone());
            DELEGATED_OPERATORS.save(storage, delegator, &held, height)?;
            OPERATOR_DELEGATORS.save(storage, (operator, delegator), &Empty {})?;
            DELEGATION_SHARES.save(storage, (delegator, operator), &new_shares, height)?;
        }
        (false, true) => {
            let mut held = DELEGATED_OPERATORS
                .may_load(storage, delegator)?
                .unwrap_or_default();
            held.retain(|held_operator| held_operator != operator);
            if held.is_empty() {
                DELEGATED_OPERATORS.remove(storage, delegator, height)?;
            } else {
                DELEGATED_OPERATORS.save(storage, delegator, &held, height)?;
            }
            OPERATOR_DELEGATORS.remove(storage, (operator, delegator));
            DELEGATION_SHARES.remove(storage, (delegator, operator), height)?;
        }
        (false, false) => {
            DELEGATION_SHARES.save(storage, (delegator, operator), &new_shares, height)?;
        }
        (true, true) => {}
    }
    Ok(())
}

/// Saves the operator's bonded pool and moves the bonded total and its role's total by the
/// change of its tokens.
pub fn save_bonded_pool(
    storage: &mut dyn Storage,
    env: &Env,
    operator: &Addr,
    role: Role,
    old: &Pool,
    new: &Pool,
) -> StakingResult<()> {
    let height = env.block.height;
    BONDED_POOLS.save(storage, operator, new, height)?;
    let total = TOTAL_BONDED.may_load(storage)?.unwrap_or_default();
    let total = total.checked_sub(old.tokens)?.checked_add(new.tokens)?;
    TOTAL_BONDED.save(storage, &total, height)?;
    let role_total = role_bonded(role).may_load(storage)?.unwrap_or_default();
    let role_total = role_total
        .checked_sub(old.tokens)?
        .checked_add(new.tokens)?;
    role_bonded(role).save(storage, &role_total, height)?;
    Ok(())
}

/// Recomputes the operator's stored tier from its self-bond; saves the operator when it changed
/// (or when `force_save`). Returns the operator as saved.
pub fn refresh_tier(
    storage: &mut dyn Storage,
    params: &Params,
    mut operator: Operator,
    force_save: bool,
) -> StakingResult<Operator> {
    let pool = bonded_pool(storage, &operator.address)?;
    let tier = params
        .tier_for(self_bond(storage, &operator.address, &pool)?)
        .map(|t| t.tier);
    if force_save || tier != operator.tier {
        operator.tier = tier;
        let address = operator.address.clone();
        operators().save(storage, &address, &operator)?;
    }
    Ok(operator)
}
