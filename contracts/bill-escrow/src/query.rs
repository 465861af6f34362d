use cosmwasm_std::{Deps, Env, Order, StdError, StdResult, Uint128};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_types::bill_escrow::{
    escrow_required, network_fee, Bill, BillFilter, BillsResponse, ConfigResponse, LatencyClass,
    ModelClass, Params, QuoteResponse, SlaWindowResponse, TotalsResponse, SLA_BUCKET_SECONDS,
};

use crate::state::{
    self, load_bill, BILLS_BY_CONSUMER, BILLS_BY_PROVIDER, BILLS_BY_STATUS, CONFIG, GATEWAYS,
    PARAMS, PROVIDERS, TOTALS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        staking: config.staking,
        reputation: config.reputation,
        treasury: config.treasury,
        distributor: config.distributor,
        arbiter: config.arbiter,
        guardian: config.guardian,
        paused: infermesh_kit::pause::is_paused(deps.storage)?,
    })
}

pub fn params(deps: Deps) -> StdResult<Params> {
    PARAMS.load(deps.storage)
}

pub fn totals(deps: Deps) -> StdResult<TotalsResponse> {
    Ok(TOTALS.load(deps.storage)?.into())
}

fn std(e: impl ToString) -> StdError {
    StdError::generic_err(e.to_string())
}

pub fn quote(
    deps: Deps,
    model_class: ModelClass,
    latency_class: LatencyClass,
    units: Uint128,
) -> StdResult<QuoteResponse> {
    let params = PARAMS.load(deps.storage)?;
    let price = params
        .price(model_class, latency_class)
        .ok_or_else(|| StdError::generic_err("no price for this class"))?;
    let cost = price.cost(units).map_err(std)?;
    let escrow_required = escrow_required(cost.total, params.network_fee_bps).map_err(std)?;
    Ok(QuoteResponse {
        model_class,
        latency_class,
        units,
        network_fee: network_fee(escrow_required, params.network_fee_bps).map_err(std)?,
        escrow_required,
        price,
        cost,
    })
}

/// What `address` may withdraw: its credit and what the protocol fees owe it.
pub fn withdrawable(deps: Deps, address: String) -> StdResult<Uint128> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let fees = TOTALS.load(deps.storage)?.fees;
    let credit = infermesh_kit::credits::credit_of(deps.storage, &address)?;
    let earned = PROVIDERS
        .may_load(deps.storage, &address)?
        .map(|record| record.credit)
        .unwrap_or_default();
    let routed = GATEWAYS
        .may_load(deps.storage, &address)?
        .map(|record| record.credit)
        .unwrap_or_default();
    Ok(credit + earned + routed + fees.owed_to(&address, config.protocol_payees()))
}

pub fn bill(deps: Deps, bill_id: u64) -> StdResult<Bill> {
    load_bill(deps.storage, bill_id)?.ok_or_else(|| StdError::not_found("bill"))
}

/// One page of bills in id order, of all of them or of the ones `filter` selects (through its
/// index, so a page costs the same however many bills exist).
pub fn list_bills(
    deps: Deps,
    filter: Option<BillFilter>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<BillsResponse> {
    let start = start_after.map(Bound::exclusive);
    let limit = page_limit(limit);
    let storage = deps.storage;
    let ids: Vec<u64> = match filter {
        // Ids run 1..=bills_opened and bills are never removed.
        None => {
            let last = TOTALS.load(storage)?.bills_opened;
            let first = start_after.unwrap_or(0).saturating_add(1);
            (first..=last).take(limit).collect()
        }
        Some(BillFilter::Consumer(consumer)) => {
            let consumer = deps.api.addr_validate(&consumer)?;
            BILLS_BY_CONSUMER
                .prefix(&consumer)
                .keys(storage, start, None, Order::Ascending)
                .take(limit)
                .collect::<StdResult<_>>()?
        }
        Some(BillFilter::Provider(provider)) => {
            let provider = deps.api.addr_validate(&provider)?;
            BILLS_BY_PROVIDER
                .prefix(&provider)
                .keys(storage, start, None, Order::Ascending)
                .take(limit)
                .collect::<StdResult<_>>()?
        }
        Some(BillFilter::Status(status)) if !status.listed_by_status() => {
            return Err(StdError::generic_err(format!(
                "{status:?} bills are not listed by status: list a consumer's or a provider's bills"
            )))
        }
        Some(BillFilter::Status(status)) => BILLS_BY_STATUS
            .prefix(status.index_key())
            .keys(storage, start, None, Order::Ascending)
            .take(limit)
            .collect::<StdResult<_>>()?,
    };
    let bills = ids
        .into_iter()
        .map(|id| bill(deps, id))
        .collect::<StdResult<_>>()?;
    Ok(BillsResponse { bills })
}

/// The provider's SLA window rotated to now (read only).
pub fn sla_window(deps: Deps, env: Env, provider: String) -> StdResult<SlaWindowResponse> {
    let provider = deps.api.addr_validate(&provider)?;
    let now = env.block.time;
    let record = PROVIDERS
        .may_load(deps.storage, &provider)?
        .unwrap_or_default();
    let mut window = record.sla;
    window.rotate(now.seconds() / SLA_BUCKET_SECONDS);
    let (successes, jobs) = window.totals();
    Ok(SlaWindowResponse {
        provider,
        day: crate::sla::day(now),
        successes,
        jobs,
        success_rate: state::success_rate(successes, jobs),
        last_breach_day: window.breach_day,
        unreported_jobs: record.unreported.jobs(),
    })
}
