use cosmwasm_std::{Deps, Env, Order, StdResult, Uint128};
use infermesh_types::distributor::{
    ConfigResponse, EmissionResponse, PendingResponse, RewardRole, ScheduleResponse,
};

use crate::contract::ledger_now;
use crate::members;
use crate::state::{CONFIG, FUNDING, SCHEDULE};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        reputation: config.reputation,
        staking: config.staking,
        guardian: config.guardian,
        reporters: config.reporters,
        start: config.start,
        epoch_seconds: config.epoch_seconds,
        paused: infermesh_kit::pause::is_paused(deps.storage)?,
    })
}

pub fn schedule(deps: Deps, year: Option<u32>) -> StdResult<ScheduleResponse> {
    let schedule = SCHEDULE.load(deps.storage)?;
    Ok(ScheduleResponse {
        year_emission: year.map(|year| schedule.year_emission(year)),
        year,
        schedule,
    })
}

/// The pool's books brought up to now (read only).
pub fn emission(deps: Deps, env: Env) -> StdResult<EmissionResponse> {
    let (ledger, config, _) = ledger_now(deps, &env)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    let funding = FUNDING
        .range(deps.storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let in_open_epochs = ledger.roles.iter().map(|role| role.emission).sum();
    let pool = ledger.pool;
    Ok(EmissionResponse {
        scheduled: schedule.emitted(
            env.block
                .time
                .seconds()
                .saturating_sub(config.start.seconds()),
        ),
        funding,
        funded: pool.funded,
        allocated: pool.allocated,
        claimed: pool.claimed,
        burned: pool.burned,
        undistributed: pool.undistributed(),
        in_open_epochs,
    })
}

/// What `member` could claim now in each role, and its work in the open epochs.
pub fn pending(deps: Deps, env: Env, member: String) -> StdResult<PendingResponse> {
    let address = deps.api.addr_validate(&member)?;
    let (mut ledger, config, params) = ledger_now(deps, &env)?;
    let mut roles = Vec::new();
    let mut working = Vec::new();
    let mut for_delegators = Vec::new();
    let mut total = Uint128::zero();
    let allocated = ledger.pool.allocated;
    for role in RewardRole::ALL {
        let mut record = members::load(deps.storage, role, &address)?;
        members::settle(
            deps.storage,
            &mut ledger,
            &config,
            &params,
            role,
            &mut record,
            env.block.time,
        )?;
        match (record.pending.is_zero(), role.by_stake()) {
            (true, _) => {}
            (false, true) => for_delegators.push((role, record.pending)),
            (false, false) => {
                roles.push((role, record.pending));
                total += record.pending;
            }
        }
        if !record.weight.is_zero() {
            working.push((role, record.weight));
        }
    }
    Ok(PendingResponse {
        member: address,
        roles,
        total,
        working,
        for_delegators,
        above_cap: allocated - ledger.pool.allocated,
    })
}
