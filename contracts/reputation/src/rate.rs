use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_types::reputation::{MAX_STARS, MIN_STARS};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{commit, finish, load_or_new};
use crate::score::current_bucket;
use crate::state::{BILLS, CONFIG, PARAMS};

/// The consumer of a settled bill rates its operator, once, weighted by the bill's value. O(1):
/// no staking query (the operator's stake is as seen at its last event).
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
    let mut bill = BILLS
        .may_load(deps.storage, (&config.escrow, bill_id))?
        .ok_or(ReputationError::BillNotFound { bill_id })?;
    if !bill.outcome.settled() {
        return Err(ReputationError::BillNotSettled { bill_id });
    }
    if sender == bill.operator {
        return Err(ReputationError::SelfRating { sender });
    }
    if sender != bill.consumer {
        return Err(ReputationError::NotBillConsumer { sender, bill_id });
    }
    if let Some(stars) = bill.stars {
        return Err(ReputationError::AlreadyRated { bill_id, stars });
    }
    bill.stars = Some(stars);
    BILLS.save(deps.storage, (&config.escrow, bill_id), &bill)?;

    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let operator = bill.operator;
    let (mut record, existed) = load_or_new(deps.storage, &operator, &params, now)?;
    // Weighted by the bill's value (docs/reputation.md §2).
    let value = bill.value;
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
