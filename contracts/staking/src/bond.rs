//! Self-bond and delegation, both by cw20 Send from the staking token.

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};

use crate::error::{StakingError, StakingResult};
use crate::hook::stake_hook;
use crate::ledger::{
    bonded_pool, check_can_add, load_operator, refresh_tier, save_bonded_pool, set_shares,
    shares_of,
};
use crate::state::PARAMS;

/// Bonds `amount` from `delegator` to `operator`. A delegation to oneself is the self-bond: it is
/// allowed while jailed (to restore a tier), never when banned.
pub fn bond(
    deps: DepsMut,
    env: Env,
    delegator: Addr,
    operator: Addr,
    amount: Uint128,
) -> StakingResult<Response> {
    if amount.is_zero() {
        return Err(StakingError::ZeroAmount {});
    }
    let record = load_operator(deps.storage, &operator)?;
    if record.banned {
        return Err(StakingError::OperatorBanned { operator });
    }
    let is_self_bond = delegator == operator;
    if let (false, Some(until)) = (is_self_bond, record.jailed_until) {
        return Err(StakingError::OperatorJailed { operator, until });
    }
    let pool = bonded_pool(deps.storage, &operator)?;
    let minted = pool.shares_for_deposit(amount)?;
    if minted.is_zero() {
        return Err(StakingError::AmountTooSmall { amount });
    }
    check_can_add(deps.storage, &delegator, &operator)?;

    let shares = shares_of(deps.storage, &delegator, &operator)?.checked_add(minted)?;
    set_shares(deps.storage, &env, &delegator, &operator, shares)?;
    let mut new_pool = pool;
    new_pool.deposit(amount, minted)?;
    save_bonded_pool(deps.storage, &env, &operator, record.role, &pool, &new_pool)?;
    let hook = stake_hook(deps.storage, &record, new_pool.tokens)?;
    let tier = if is_self_bond {
        let params = PARAMS.load(deps.storage)?;
        refresh_tier(deps.storage, &params, record, false)?.tier
    } else {
        record.tier
    };
    Ok(Response::new()
        .add_submessages(hook)
        .add_attribute(
            "action",
            if is_self_bond {
                "self_bond"
            } else {
                "delegate"
            },
        )
        .add_attribute("delegator", delegator)
        .add_attribute("operator", operator)
        .add_attribute("amount", amount)
        .add_attribute("shares", minted)
        .add_attribute("operator_bonded", new_pool.tokens)
        .add_attribute(
            "tier",
            tier.map(|t| format!("{t:?}"))
                .unwrap_or_else(|| "none".to_string()),
        ))
}
