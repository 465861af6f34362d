use cosmwasm_std::{Decimal, Deps, Order, StdError, StdResult, Timestamp, Uint128};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_types::reputation::{
    AttestationsResponse, ConfigResponse, MultiplierResponse, OperatorScore, OperatorsResponse,
    RatingResponse, ScoreAtHeightResponse, ScoreResponse, SPEED_BONUS, SPEED_BONUS_LATENCY_MS,
};

use crate::score::{evaluate, permille, prior_accuracy};
use crate::state::{
    load_history, load_record, OperatorRecord, ATTESTATIONS, CONFIG, PARAMS, RATINGS, SCORES,
    SCORE_INDEX,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        staking: config.staking,
        escrow: config.escrow,
        params: PARAMS.load(deps.storage)?,
    })
}

pub fn score(deps: Deps, now: Timestamp, operator: String) -> StdResult<ScoreResponse> {
    let operator = deps.api.addr_validate(&operator)?;
    let params = PARAMS.load(deps.storage)?;
    let stored = load_record(deps.storage, &operator)?;
    let updated_at = stored.as_ref().map(|r| r.updated_at);
    let record = stored.unwrap_or_else(|| OperatorRecord::new(&params, now));
    let history = load_history(deps.storage, &operator)?;
    let e = evaluate(&record, &history, &params, now);
    let rate = &e.rate;
    let window = &e.window;
    // Value-weighted averages; `None` without the value they average over.
    let average = |num: u128, den: u128, scale: u128| {
        Decimal::checked_from_ratio(num, den.saturating_mul(scale)).ok()
    };
    Ok(ScoreResponse {
        operator,
        score: e.score,
        stored_score: record.score,
        measured: e.measured,
        prior: params.prior_score,
        confidence: permille(u64::from(e.confidence)),
        components: e.components.clone(),
        jobs_30d: rate.jobs(),
        successes_30d: rate.successes,
        failures_30d: rate.failures,
        timeouts_30d: rate.timeouts,
        compute_units_30d: rate.compute_units,
        value_30d: Uint128::new(rate.value()),
        success_rate_30d: average(rate.success_value, rate.value(), 1),
        avg_latency_ms_30d: rate
            .latency_ms_value
            .checked_div(rate.success_value)
            .map(|ms| ms as u64),
        latency_ratio_30d: average(rate.latency_ratio_value, rate.success_value, 1_000),
        jobs_90d: window.jobs(),
        value_90d: Uint128::new(window.value()),
        ratings_90d: window.ratings,
        rating_average: average(window.stars_value, window.rated_value, 1),
        attestations_90d: window.attestations,
        accuracy: record.accuracy,
        attestation_count: record.attesters,
        self_bond: if updated_at.is_some() {
            record.self_bond
        } else {
            Uint128::zero()
        },
        below_threshold: record.below_threshold,
        updated_at,
    })
}

pub fn multiplier(deps: Deps, now: Timestamp, operator: String) -> StdResult<MultiplierResponse> {
    let score = score(deps, now, operator)?;
    let speed = match score.avg_latency_ms_30d {
        Some(ms) if ms < SPEED_BONUS_LATENCY_MS => SPEED_BONUS,
        _ => Decimal::one(),
    };
    let quality = permille(500 + u64::from(score.score));
    Ok(MultiplierResponse {
        operator: score.operator,
        score: score.score,
        speed,
        quality,
        multiplier: speed.checked_mul(quality)?,
    })
}

pub fn score_at_height(
    deps: Deps,
    operator: String,
    height: u64,
) -> StdResult<ScoreAtHeightResponse> {
    let operator = deps.api.addr_validate(&operator)?;
    let score = SCORES.may_load_at_height(deps.storage, &operator, height)?;
    Ok(ScoreAtHeightResponse {
        operator,
        height,
        score,
    })
}

pub fn operators(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<OperatorsResponse> {
    let cursor = match start_after {
        Some(operator) => {
            let operator = deps.api.addr_validate(&operator)?;
            let record = load_record(deps.storage, &operator)?
                .ok_or_else(|| StdError::not_found(format!("operator {operator}")))?;
            Some((record.score, operator))
        }
        None => None,
    };
    let max = cursor
        .as_ref()
        .map(|(score, operator)| Bound::exclusive((*score, operator)));
    let operators = SCORE_INDEX
        .keys(deps.storage, None, max, Order::Descending)
        .take(page_limit(limit))
        .map(|key| key.map(|(score, operator)| OperatorScore { operator, score }))
        .collect::<StdResult<_>>()?;
    Ok(OperatorsResponse { operators })
}

/// The stars given bill `bill_id` of the current escrow, if rated.
pub fn rating(deps: Deps, bill_id: u64) -> StdResult<RatingResponse> {
    let escrow = CONFIG.load(deps.storage)?.escrow;
    Ok(RatingResponse {
        bill_id,
        stars: RATINGS.may_load(deps.storage, (&escrow, bill_id))?,
    })
}

pub fn attestations(deps: Deps, operator: String) -> StdResult<AttestationsResponse> {
    let operator = deps.api.addr_validate(&operator)?;
    let params = PARAMS.load(deps.storage)?;
    let accuracy = load_record(deps.storage, &operator)?
        .map(|r| r.accuracy)
        .unwrap_or_else(|| prior_accuracy(&params));
    Ok(AttestationsResponse {
        attestations: ATTESTATIONS
            .may_load(deps.storage, &operator)?
            .unwrap_or_default(),
        operator,
        accuracy,
    })
}
