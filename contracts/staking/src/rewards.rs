//! Staking rewards: paid in per operator, commission first, the rest streamed to the shares over
//! `reward_stream_seconds`; claims are O(1).

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::token::TokenClient;

use crate::error::{StakingError, StakingResult};
use crate::ledger::{bonded_pool, load_operator, settled_debt, shares_of};
use crate::state::{CONFIG, PARAMS, REWARD_DEBTS, REWARD_POOLS, TOTALS};

/// `amount` (already received) rewards `operator`'s pool: the operator's commission, rounded
/// down, at once; the rest streams to the shares over `reward_stream_seconds` with what the
/// stream still held, so a delegation made just before the payment earns only for the time it
/// stays bonded (docs/staking.md §8). The rounding dust stays in the contract, counted as
/// outstanding.
pub fn distribute(
    deps: DepsMut,
    env: Env,
    funder: Addr,
    operator: String,
    amount: Uint128,
) -> StakingResult<Response> {
    if amount.is_zero() {
        return Err(StakingError::ZeroAmount {});
    }
    let operator = deps.api.addr_validate(&operator)?;
    let record = load_operator(deps.storage, &operator)?;
    // A banned operator earns nothing more: rewards sent to it would reward the misbehaviour
    // (docs/staking.md).
    if record.banned {
        return Err(StakingError::OperatorBanned { operator });
    }
    let pool = bonded_pool(deps.storage, &operator)?;
    if pool.shares.is_zero() {
        return Err(StakingError::NoStakeToReward { operator });
    }
    let commission = amount.checked_mul_floor(record.commission.rate)?;
    let to_delegators = amount.checked_sub(commission)?;
    let period = PARAMS.load(deps.storage)?.reward_stream_seconds;
    let mut rewards = REWARD_POOLS
        .may_load(deps.storage, &operator)?
        .unwrap_or_default();
    rewards.stream(to_delegators, pool.shares, env.block.time, period)?;
    rewards.commission_unclaimed = rewards.commission_unclaimed.checked_add(commission)?;
    REWARD_POOLS.save(deps.storage, &operator, &rewards);
    TOTALS.update(deps.storage, |mut totals| -> StakingResult<_> {
        totals.rewards_outstanding = totals.rewards_outstanding.checked_add(amount)?;
        Ok(totals)
    })?;
    Ok(Response::new()
        .add_attribute("action", "distribute_rewards")
        .add_attribute("operator", operator)
        .add_attribute("funder", funder)
        .add_attribute("amount", amount)
        .add_attribute("commission", commission)
        .add_attribute("to_delegators", to_delegators))
}

/// Pays the sender's settled rewards of its delegation to `operator`, plus the operator's
/// commission when the sender is the operator.
pub fn claim(deps: DepsMut, env: Env, sender: Addr, operator: String) -> StakingResult<Response> {
    let operator = deps.api.addr_validate(&operator)?;
    let shares = shares_of(deps.storage, &sender, &operator)?;
    let now = env.block.time;
    let (mut debt, mut reward_pool) = settled_debt(deps.storage, now, &sender, &operator, shares)?;
    let rewards = debt.pending;
    let commission = if sender == operator {
        reward_pool.commission_unclaimed
    } else {
        Uint128::zero()
    };
    let total = rewards.checked_add(commission)?;
    if total.is_zero() {
        return Err(StakingError::NothingToClaim {});
    }
    debt.pending = Uint128::zero();
    if shares.is_zero() {
        REWARD_DEBTS.remove(deps.storage, (&sender, &operator));
    } else {
        REWARD_DEBTS.save(deps.storage, (&sender, &operator), &debt);
    }
    if !commission.is_zero() {
        reward_pool.commission_unclaimed = Uint128::zero();
        REWARD_POOLS.save(deps.storage, &operator, &reward_pool);
    }
    TOTALS.update(deps.storage, |mut totals| -> StakingResult<_> {
        totals.rewards_outstanding = totals.rewards_outstanding.checked_sub(total)?;
        Ok(totals)
    })?;
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&sender, total)?)
        .add_attribute("action", "claim_rewards")
        .add_attribute("delegator", sender)
        .add_attribute("operator", operator)
        .add_attribute("rewards", rewards)
        .add_attribute("commission", commission)
        .add_attribute("amount", total))
}
