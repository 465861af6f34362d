use cosmwasm_std::{
    Addr, Binary, Decimal, Deps, Env, Order, StdError, StdResult, Timestamp, Uint128,
};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_types::staking::{
    tier_index_key, voting_multiplier, ConfigResponse, DelegationResponse, DelegationsResponse,
    Operator, OperatorResponse, OperatorStakeAtHeightResponse, OperatorStatusResponse,
    OperatorsResponse, Params, Role, StakeAtHeightResponse, StakeLockResponse, Tier,
    TotalStakeAtHeightResponse, TotalsResponse, UnbondingEntriesResponse, UnbondingEntryResponse,
    MAX_COUNTERPARTIES, MAX_SLASH_FRACTION, MAX_UNBONDING_ENTRIES_CAP,
};

use crate::error::StakingError;
use crate::state::{
    operators, role_bonded, Pool, RewardDebt, BONDED_POOLS, CONFIG, DELEGATED_OPERATORS,
    DELEGATION_SHARES, EVIDENCE, LOCKS, OPERATOR_DELEGATORS, PARAMS, REWARD_DEBTS, REWARD_POOLS,
    TOTALS, TOTAL_BONDED, UNBONDING_ENTRIES, UNBONDING_POOLS,
};

fn std_err(error: StakingError) -> StdError {
    match error {
        StakingError::Std(error) => error,
        other => StdError::generic_err(other.to_string()),
    }
}

fn pool_of(deps: Deps, operator: &Addr) -> StdResult<Pool> {
    Ok(BONDED_POOLS
        .may_load(deps.storage, operator)?
        .unwrap_or_default())
}

fn value(pool: &Pool, shares: Uint128) -> StdResult<Uint128> {
    pool.value_of(shares).map_err(std_err)
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        slashers: config.slashers,
        jailers: config.jailers,
        guardian: config.guardian,
        distributor: config.distributor,
        paused: infermesh_kit::pause::is_paused(deps.storage)?,
    })
}

pub fn params(deps: Deps) -> StdResult<Params> {
    PARAMS.load(deps.storage)
}

pub fn totals(deps: Deps) -> StdResult<TotalsResponse> {
    let totals = TOTALS.load(deps.storage)?;
    Ok(TotalsResponse {
        bonded: TOTAL_BONDED.may_load(deps.storage)?.unwrap_or_default(),
        unbonding: totals.unbonding,
        rewards_outstanding: totals.rewards_outstanding,
        burned: totals.burned,
    })
}

fn load_operator(deps: Deps, operator: &str) -> StdResult<Operator> {
    let address = deps.api.addr_validate(operator)?;
    operators()
        .may_load(deps.storage, &address)?
        .ok_or_else(|| std_err(StakingError::OperatorNotFound { operator: address }))
}

fn self_bond(deps: Deps, operator: &Addr, pool: &Pool) -> StdResult<Uint128> {
    let shares = DELEGATION_SHARES
        .may_load(deps.storage, (operator, operator))?
        .unwrap_or_default();
    value(pool, shares)
}

pub fn operator(deps: Deps, now: Timestamp, operator: String) -> StdResult<OperatorResponse> {
    let operator = load_operator(deps, &operator)?;
    let pool = pool_of(deps, &operator.address)?;
    Ok(OperatorResponse {
        self_bond: self_bond(deps, &operator.address, &pool)?,
        total_bonded: pool.tokens,
        total_shares: pool.shares,
        commission_unclaimed: rewards_now(deps, &operator.address, &pool, now)?
            .commission_unclaimed,
        operator,
    })
}

pub fn operator_status(deps: Deps, operator: String) -> StdResult<OperatorStatusResponse> {
    let operator = load_operator(deps, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let pool = pool_of(deps, &operator.address)?;
    let self_bond = self_bond(deps, &operator.address, &pool)?;
    let tier = params.tier_for(self_bond);
    let jailed = operator.jailed_until.is_some();
    Ok(OperatorStatusResponse {
        role: operator.role,
        tier: tier.map(|t| t.tier),
        max_slash: tier.map(|t| t.max_slash).unwrap_or(MAX_SLASH_FRACTION),
        // A ban ends the operator's earnings (docs/staking.md): no discount on anything it is
        // still paid, e.g. channels opened before the ban.
        fee_discount: match tier {
            Some(t) if !operator.banned => t.fee_discount,
            _ => Decimal::zero(),
        },
        exclusive_models: tier.is_some_and(|t| t.exclusive_models),
        jailed,
        jailed_until: operator.jailed_until,
        banned: operator.banned,
        active: !jailed && !operator.banned,
        self_bond,
        delegated: pool.tokens.saturating_sub(self_bond),
        total_bonded: pool.tokens,
        advertised_latency_ms: operator.metadata.latency_ms,
        commission_rate: operator.commission.rate,
        operator: operator.address,
    })
}

pub fn operators_page(
    deps: Deps,
    role: Option<Role>,
    tier: Option<Tier>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<OperatorsResponse> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let limit = page_limit(limit);
    let map = operators();
    let items: Box<dyn Iterator<Item = StdResult<(Addr, Operator)>>> = match (role, tier) {
        (None, None) => Box::new(map.range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )),
        (Some(role), None) => Box::new(map.idx.role.prefix(role.index_key()).range(
            deps.storage,
            start.map(Bound::exclusive),
            None,
            Order::Ascending,
        )),
        (None, Some(tier)) => Box::new(map.idx.tier.prefix(tier_index_key(Some(tier))).range(
            deps.storage,
            start.map(Bound::exclusive),
            None,
            Order::Ascending,
        )),
        (Some(role), Some(tier)) => Box::new(
            map.idx
                .role_tier
                .prefix((role.index_key(), tier_index_key(Some(tier))))
                .range(
                    deps.storage,
                    start.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                ),
        ),
    };
    let operators = items
        .take(limit)
        .map(|item| item.map(|(_, operator)| operator))
        .collect::<StdResult<_>>()?;
    Ok(OperatorsResponse { operators })
}

/// A delegation with its pending rewards as of `now` (the stream released to then).
fn describe(
    deps: Deps,
    now: Timestamp,
    delegator: Addr,
    operator: Addr,
    shares: Uint128,
) -> StdResult<DelegationResponse> {
    let pool = pool_of(deps, &operator)?;
    let reward_per_share = rewards_now(deps, &operator, &pool, now)?.reward_per_share;
    let mut debt: RewardDebt = REWARD_DEBTS
        .may_load(deps.storage, (&delegator, &operator))?
        .unwrap_or_default();
    crate::pool::settle(&mut debt, shares, reward_per_share).map_err(std_err)?;
    Ok(DelegationResponse {
        stake: value(&pool, shares)?,
        pending_rewards: debt.pending,
        delegator,
        operator,
        shares,
    })
}

pub fn delegation(
    deps: Deps,
    now: Timestamp,
    delegator: String,
    operator: String,
) -> StdResult<DelegationResponse> {
    let delegator = deps.api.addr_validate(&delegator)?;
    let operator = deps.api.addr_validate(&operator)?;
    let shares = DELEGATION_SHARES
        .may_load(deps.storage, (&delegator, &operator))?
        .unwrap_or_default();
    describe(deps, now, delegator, operator, shares)
}

pub fn delegations(
    deps: Deps,
    now: Timestamp,
    delegator: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<DelegationsResponse> {
    let delegator = deps.api.addr_validate(&delegator)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let page: Vec<(Addr, Uint128)> = DELEGATION_SHARES
        .prefix(&delegator)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
        .collect::<StdResult<_>>()?;
    let delegations = page
        .into_iter()
        .map(|(operator, shares)| describe(deps, now, delegator.clone(), operator, shares))
        .collect::<StdResult<_>>()?;
    Ok(DelegationsResponse { delegations })
}

pub fn delegators(
    deps: Deps,
    now: Timestamp,
    operator: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<DelegationsResponse> {
    let operator = deps.api.addr_validate(&operator)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let page: Vec<Addr> = OPERATOR_DELEGATORS
        .prefix(&operator)
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
        .collect::<StdResult<_>>()?;
    let delegations = page
        .into_iter()
        .map(|delegator| {
            let shares = DELEGATION_SHARES
                .may_load(deps.storage, (&delegator, &operator))?
                .unwrap_or_default();
            describe(deps, now, delegator, operator.clone(), shares)
        })
        .collect::<StdResult<_>>()?;
    Ok(DelegationsResponse { delegations })
}

/// The whole queue: at most `max_unbonding_entries` (≤ `MAX_UNBONDING_ENTRIES_CAP`) entries.
pub fn unbonding_entries(
    deps: Deps,
    env: Env,
    address: String,
) -> StdResult<UnbondingEntriesResponse> {
    let address = deps.api.addr_validate(&address)?;
    let entries = UNBONDING_ENTRIES
        .sub_prefix(&address)
        .range(deps.storage, None, None, Order::Ascending)
        .take(MAX_UNBONDING_ENTRIES_CAP as usize)
        .map(|item| {
            let ((operator, epoch), entry) = item?;
            let upool = UNBONDING_POOLS
                .may_load(deps.storage, (&operator, epoch))?
                .unwrap_or_default();
            Ok(UnbondingEntryResponse {
                tokens: value(&upool.pool, entry.shares)?,
                matured: entry.completes_at <= env.block.time,
                entry,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(UnbondingEntriesResponse { entries })
}

/// `Σ shares × tokens / pool_shares` over the address's operators, all as at `height`
/// (at most `MAX_DELEGATIONS_PER_ADDRESS` operators).
pub fn stake_at_height(
    deps: Deps,
    env: Env,
    address: String,
    height: Option<u64>,
) -> StdResult<StakeAtHeightResponse> {
    let address = deps.api.addr_validate(&address)?;
    let at = read_height(&env, height);
    let mut stake = Uint128::zero();
    for operator in DELEGATED_OPERATORS
        .may_load_at_height(deps.storage, &address, at)?
        .unwrap_or_default()
    {
        let shares = DELEGATION_SHARES
            .may_load_at_height(deps.storage, (&address, &operator), at)?
            .unwrap_or_default();
        let pool = BONDED_POOLS
            .may_load_at_height(deps.storage, &operator, at)?
            .unwrap_or_default();
        stake = stake.checked_add(value(&pool, shares)?)?;
    }
    let locked_until = LOCKS.may_load_at_height(deps.storage, &address, at)?;
    let height = height.unwrap_or(env.block.height);
    Ok(StakeAtHeightResponse {
        address,
        height,
        stake,
        locked_until,
    })
}

/// The height to read snapshots at: `height`, or now (a read at the next height sees every
/// change made so far, this block's included).
fn read_height(env: &Env, height: Option<u64>) -> u64 {
    height.unwrap_or(env.block.height + 1)
}

fn role_total(deps: Deps, role: Role, at: u64) -> StdResult<Uint128> {
    Ok(role_bonded(role)
        .may_load_at_height(deps.storage, at)?
        .unwrap_or_default())
}

pub fn total_stake_at_height(
    deps: Deps,
    env: Env,
    height: Option<u64>,
    role: Option<Role>,
) -> StdResult<TotalStakeAtHeightResponse> {
    let at = read_height(&env, height);
    let total = match role {
        Some(role) => role_total(deps, role, at)?,
        None => TOTAL_BONDED
            .may_load_at_height(deps.storage, at)?
            .unwrap_or_default(),
    };
    Ok(TotalStakeAtHeightResponse {
        height: height.unwrap_or(env.block.height),
        role,
        total,
    })
}

/// The operator's pool and its role's total at `height`, what the counterparties' delegations to
/// it were worth then, and the first counterparty it delegated to (docs/staking.md §10).
pub fn operator_stake_at_height(
    deps: Deps,
    env: Env,
    operator: String,
    height: Option<u64>,
    counterparties: Vec<String>,
) -> StdResult<OperatorStakeAtHeightResponse> {
    if counterparties.len() > MAX_COUNTERPARTIES {
        return Err(StdError::generic_err(format!(
            "at most {MAX_COUNTERPARTIES} counterparties, got {}",
            counterparties.len()
        )));
    }
    let operator = deps.api.addr_validate(&operator)?;
    let role = operators().load(deps.storage, &operator)?.role;
    let at = read_height(&env, height);
    let pool = BONDED_POOLS
        .may_load_at_height(deps.storage, &operator, at)?
        .unwrap_or_default();
    let mut counterparty_stake = Uint128::zero();
    let mut delegates_to = None;
    for counterparty in counterparties {
        let counterparty = deps.api.addr_validate(&counterparty)?;
        if let Some(shares) =
            DELEGATION_SHARES.may_load_at_height(deps.storage, (&counterparty, &operator), at)?
        {
            counterparty_stake = counterparty_stake.checked_add(value(&pool, shares)?)?;
        }
        let delegated = DELEGATION_SHARES
            .may_load_at_height(deps.storage, (&operator, &counterparty), at)?
            .is_some();
        if delegated && delegates_to.is_none() {
            delegates_to = Some(counterparty);
        }
    }
    Ok(OperatorStakeAtHeightResponse {
        role_total: role_total(deps, role, at)?,
        operator,
        role,
        height: height.unwrap_or(env.block.height),
        stake: pool.tokens,
        counterparty_stake,
        delegates_to,
    })
}

pub fn stake_lock(deps: Deps, env: Env, address: String) -> StdResult<StakeLockResponse> {
    let address = deps.api.addr_validate(&address)?;
    let locked_until = LOCKS.may_load(deps.storage, &address)?;
    Ok(StakeLockResponse {
        multiplier: voting_multiplier(locked_until, env.block.time),
        address,
        locked_until,
    })
}

/// The slash record as stored: its JSON is the answer's, so the query decodes nothing (a
/// `SlashRecord` decoder is 4 KB of wasm, docs/size.md); `null` when the id slashed nothing.
pub fn evidence(deps: Deps, evidence_id: String) -> StdResult<Binary> {
    Ok(Binary::from(
        deps.storage
            .get(&EVIDENCE.key(evidence_id.as_str()))
            .unwrap_or_else(|| b"null".to_vec()),
    ))
}

/// The operator's reward pool as it would be with its stream released up to `now`.
fn rewards_now(
    deps: Deps,
    operator: &Addr,
    pool: &crate::state::Pool,
    now: Timestamp,
) -> StdResult<crate::state::RewardPool> {
    let mut rewards = REWARD_POOLS
        .may_load(deps.storage, operator)?
        .unwrap_or_default();
    rewards.release(pool.shares, now).map_err(std_err)?;
    Ok(rewards)
}
