use cosmwasm_std::{Addr, DepsMut, Env, Response, StdError, Uint128};
use infermesh_types::bill_escrow::{BillEscrowClient, BillForRating, BillStatus};
use infermesh_types::reputation::{MAX_STARS, MIN_STARS};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::current_bucket;
use crate::state::{CONFIG, PARAMS, RATINGS};

/// The value a rating of `bill` weighs, if it may be rated: a bill the escrow settled (a
/// success) weighs what was charged; one refunded with its provider at fault (a failure), what
/// was escrowed. A timed-out bill, or one still open, completed or disputed, may not be rated.
pub fn rated_value(bill: &BillForRating) -> Option<Uint128> {
    match bill.status {
        BillStatus::Settled => bill.settlement.map(|settlement| settlement.charged),
        BillStatus::Refunded => Some(bill.escrowed),
        _ => None,
    }
}

/// The consumer of a bill the escrow settled, or refunded with the provider at fault, rates its
/// provider, once, weighted by the bill's value. O(1): one query of the escrow's bill, one rating
/// written; no staking query, but for an operator reputation has not seen yet (its stake and
/// listing must not start from nothing).
pub fn rate(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    bill_id: u64,
    stars: u8,
) -> ReputationResult<Response> {
    if !(MIN_STARS..=MAX_STARS).contains(&stars) {
        return Err(ReputationError::StarsOutOfRange { stars });
    }
    let config = CONFIG.load(deps.storage)?;
    // The escrow refuses the query of a bill it does not have; a response that does not decode
    // is an error of its own, not an unknown bill.
    let bill = BillEscrowClient(config.escrow.clone())
        .bill_for_rating(&deps.querier, bill_id)
        .map_err(|error| match error {
            StdError::GenericErr { .. } => ReputationError::BillNotFound { bill_id },
            error => error.into(),
        })?;
    let value = rated_value(&bill).ok_or(ReputationError::BillNotSettled { bill_id })?;
    if sender == bill.provider {
        return Err(ReputationError::SelfRating { sender });
    }
    if sender != bill.consumer {
        return Err(ReputationError::NotBillConsumer { sender, bill_id });
    }
    let key = (&config.escrow, bill_id);
    if let Some(stars) = RATINGS.may_load(deps.storage, key)? {
        return Err(ReputationError::AlreadyRated { bill_id, stars });
    }
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let operator = bill.provider;
    let (mut record, existed) = load_or_new(deps.storage, &operator, &params, now)?;
    if !existed {
        // A rating may come before the escrow reports the bill's job.
        let status = operator_status(&deps.querier, &config.staking, &operator)?;
        apply_status(&mut record, &status);
    }
    RATINGS.save(deps.storage, key, &stars)?;
    // Weighted by the bill's value (docs/reputation.md §2).
    let bucket = current_bucket(&mut record, now);
    bucket.ratings = bucket.ratings.saturating_add(1);
    bucket.stars_value = bucket
        .stars_value
        .saturating_add(value.saturating_mul(Uint128::from(stars)));
    bucket.rated_value = bucket.rated_value.saturating_add(value);
    let (evaluation, jail) = commit(
        deps.storage,
        &env,
        &config.staking,
        &params,
        &operator,
        record,
        existed,
    )?;
    let response = Response::new()
        .add_attribute("action", "rate")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("operator", operator)
        .add_attribute("consumer", sender)
        .add_attribute("stars", stars.to_string());
    Ok(finish(response, &evaluation, jail))
}
