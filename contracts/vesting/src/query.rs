use cosmwasm_std::{Deps, Order, StdResult, Timestamp};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_types::vesting::{ConfigResponse, Grant, GrantResponse, GrantsResponse};

use crate::state::{self, CONFIG, TOTALS};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    let totals = TOTALS.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        treasury: config.treasury,
        funders: config.funders,
        earliest_start: config.earliest_start,
        total_granted: totals.granted,
        total_claimed: totals.claimed,
        total_revoked: totals.revoked,
    })
}

fn describe(grant: Grant, at: Timestamp) -> GrantResponse {
    let vested = grant.vested(at);
    GrantResponse {
        at,
        vested,
        unvested: grant.total - vested,
        claimable: vested.saturating_sub(grant.claimed),
        grant,
    }
}

pub fn grant(deps: Deps, grant_id: u64, at: Timestamp) -> StdResult<GrantResponse> {
    Ok(describe(state::grants().load(deps.storage, grant_id)?, at))
}

pub fn grants_by_beneficiary(
    deps: Deps,
    at: Timestamp,
    beneficiary: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let beneficiary = deps.api.addr_validate(&beneficiary)?;
    let grants = state::grants()
        .idx
        .beneficiary
        .prefix(beneficiary)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
        .map(|item| item.map(|(_, grant)| describe(grant, at)))
        .collect::<StdResult<_>>()?;
    Ok(GrantsResponse { grants })
}

pub fn grants(
    deps: Deps,
    at: Timestamp,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let grants = state::grants()
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
        .map(|item| item.map(|(_, grant)| describe(grant, at)))
        .collect::<StdResult<_>>()?;
    Ok(GrantsResponse { grants })
}
