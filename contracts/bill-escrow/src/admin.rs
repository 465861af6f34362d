use cosmwasm_std::{Addr, Deps, DepsMut, Env, Response};
use infermesh_kit::amount::add;
use infermesh_kit::credits::credit_protocol_payees;
use infermesh_kit::guard::guard;
use infermesh_kit::validate::optional_address;
use infermesh_types::bill_escrow::{ConfigUpdate, Params};
use infermesh_types::staking::StakingClient;

use crate::error::{BillEscrowError, BillEscrowResult};
use crate::state::{CONFIG, PARAMS, TOTALS};

/// A bill stays open to a slash for at most its deadline, challenge window and dispute timeout
/// after opening; staking's unbonding period must cover that, so a provider that unbonds after
/// opening a bill is still slashable for it (docs/bill-escrow.md §5).
pub fn check_exposure(deps: Deps, staking: &Addr, params: &Params) -> BillEscrowResult<()> {
    let unbonding_period_seconds =
        StakingClient(staking.clone()).unbonding_period_seconds(&deps.querier)?;
    let exposure_seconds = params.exposure_seconds();
    if exposure_seconds > unbonding_period_seconds {
        return Err(BillEscrowError::ExposureOutlivesUnbonding {
            exposure_seconds,
            unbonding_period_seconds,
        });
    }
    Ok(())
}

/// `emergency`: the owner's emergency adjustment, outside the parameter guard.
pub fn update_params(
    deps: DepsMut,
    env: Env,
    params: Params,
    emergency: bool,
) -> BillEscrowResult<Response> {
    params.validate()?;
    let staking = CONFIG.load(deps.storage)?.staking;
    check_exposure(deps.as_ref(), &staking, &params)?;
    let current = PARAMS.load(deps.storage)?;
    guard(deps.storage, env.block.time, &current, &params, emergency)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("emergency", emergency.to_string())
        .add_attribute("base_price", params.base_price)
        .add_attribute("demand_multiplier", params.demand_multiplier.to_string())
        .add_attribute("network_fee_bps", params.network_fee_bps.to_string()))
}

pub fn update_config(deps: DepsMut, update: ConfigUpdate) -> BillEscrowResult<Response> {
    let api = deps.api;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(staking) = optional_address(api, update.staking)? {
        config.staking = staking;
    }
    if let Some(reputation) = optional_address(api, update.reputation)? {
        config.reputation = reputation;
    }
    if let Some(treasury) = optional_address(api, update.treasury)? {
        config.treasury = treasury;
    }
    if let Some(distributor) = optional_address(api, update.distributor)? {
        config.distributor = Some(distributor);
    }
    if let Some(arbiter) = optional_address(api, update.arbiter)? {
        config.arbiter = Some(arbiter);
    }
    if let Some(guardian) = optional_address(api, update.guardian)? {
        config.guardian = Some(guardian);
    }
    check_exposure(deps.as_ref(), &config.staking, &PARAMS.load(deps.storage)?)?;
    let old = CONFIG.load(deps.storage)?;
    if old.treasury != config.treasury || old.governance_pool() != config.governance_pool() {
        // What the fees owed the old payees becomes their credit: a change of payee never
        // redirects what was earned before it.
        let mut totals = TOTALS.load(deps.storage)?;
        let moved = credit_protocol_payees(deps.storage, &mut totals.fees, old.protocol_payees())?;
        add(&mut totals.credits, moved)?;
        TOTALS.save(deps.storage, &totals);
    }
    CONFIG.save(deps.storage, &config)?;
    let show = |a: &Option<Addr>| a.as_ref().map(Addr::to_string).unwrap_or_default();
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("staking", config.staking.as_str())
        .add_attribute("reputation", config.reputation.as_str())
        .add_attribute("treasury", config.treasury.as_str())
        .add_attribute("distributor", show(&config.distributor))
        .add_attribute("arbiter", show(&config.arbiter))
        .add_attribute("guardian", show(&config.guardian)))
}
