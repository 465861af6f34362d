//! Voting power (docs/dao.md §2): tokens in the vault 1×, bonded stake 1.5× rising to 2× with a
//! year of lock left (staking's `voting_multiplier`), both as at the start of a proposal's
//! creation block, the multiplier evaluated at its creation time. Tokens moved, locked or
//! staked after that count for nothing in it.

use cosmwasm_std::{Addr, Decimal, Deps, Isqrt, StdResult, Timestamp, Uint128};
use infermesh_types::dao::VotingPowerResponse;
use infermesh_types::staking::{
    voting_multiplier, OperatorResponse, Params as StakingParams, QueryMsg as StakingQuery,
    StakeAtHeightResponse, TotalStakeAtHeightResponse, STAKED_MULTIPLIER,
};

use crate::state::{Config, VAULT, VAULT_TOTAL};

pub fn power_at(
    deps: Deps,
    config: &Config,
    address: &Addr,
    height: u64,
    at: Timestamp,
) -> StdResult<VotingPowerResponse> {
    let locked = VAULT
        .may_load_at_height(deps.storage, address, height)?
        .unwrap_or_default();
    let stake: StakeAtHeightResponse = deps.querier.query_wasm_smart(
        &config.staking,
        &StakingQuery::StakeAtHeight {
            address: address.to_string(),
            height: Some(height),
        },
    )?;
    let multiplier: Decimal = voting_multiplier(stake.locked_until, at);
    Ok(VotingPowerResponse {
        address: address.clone(),
        height,
        locked,
        staked: stake.stake,
        multiplier,
        power: locked + stake.stake.mul_floor(multiplier),
    })
}

/// The power in existence at `height`, a proposal's quorum base: the vault and bonded stake at
/// 1.5× (locks may raise a staker's power to 2×, so votes can exceed it; the quorum is a floor
/// of participation, not a share of a fixed supply).
pub fn total_power_at(deps: Deps, config: &Config, height: u64) -> StdResult<Uint128> {
    let locked = VAULT_TOTAL
        .may_load_at_height(deps.storage, height)?
        .unwrap_or_default();
    let staked: TotalStakeAtHeightResponse = deps.querier.query_wasm_smart(
        &config.staking,
        &StakingQuery::TotalStakeAtHeight {
            height: Some(height),
            role: None,
        },
    )?;
    Ok(locked + staked.total.mul_floor(STAKED_MULTIPLIER))
}

/// Power in a quadratic proposal (docs/dao.md §2): the square root of `stake`, the voter's own
/// bonded stake at the proposal's height (as [`power_at`] read it), for an operator identity:
/// registered before the proposal was created, not banned, and holding a self-bond of at least
/// the lowest tier's bond of its own (delegations to others do not make an identity); zero for
/// anyone else. Quadratic power rewards splitting a holding over identities (n identities of
/// s/n each count √n times one of s), so each identity must put a tier bond of its own at risk:
/// the gain of a split is at most √(holding / tier bond).
pub fn quadratic_power(
    deps: Deps,
    config: &Config,
    address: &Addr,
    stake: Uint128,
    created_at: Timestamp,
) -> StdResult<Uint128> {
    let identity: Option<OperatorResponse> = deps
        .querier
        .query_wasm_smart(
            &config.staking,
            &StakingQuery::Operator {
                operator: address.to_string(),
            },
        )
        .ok();
    let Some(identity) = identity else {
        return Ok(Uint128::zero());
    };
    if identity.operator.banned || identity.operator.registered_at > created_at {
        return Ok(Uint128::zero());
    }
    let params: StakingParams = deps
        .querier
        .query_wasm_smart(&config.staking, &StakingQuery::Params {})?;
    let bond = params
        .tiers
        .iter()
        .map(|tier| tier.min_self_bond)
        .min()
        .unwrap_or_default();
    if identity.self_bond < bond || stake < bond || stake.is_zero() {
        return Ok(Uint128::zero());
    }
    Ok(stake.isqrt())
}
