//! Validator accuracy attestations (docs/reputation.md §5).
//!
//! Each operator keeps the latest attestation of at most `params.max_attesters` validators
//! (≤ `MAX_ATTESTERS_CAP`). A validator already in the set replaces its own entry. An
//! attestation weighs the lesser of its validator's bonded stake when it attested and now, read
//! from staking each time the set is weighed (on every attestation and refresh of the operator),
//! so stake that leaves takes its weight with it. A newcomer to a full set evicts the entry that
//! sorts first by (inside the 90-day window, weight, time) — a stale entry first, else the
//! lightest, the oldest among equals — but only a stale entry or one no heavier than the
//! newcomer.
//!
//! Accuracy leaves the prior only while at least `params.min_attesters` live attesters with
//! weight hold together at least `params.min_attester_stake_share` of all bonded validator
//! stake; then it moves toward their weighted median, no attester weighing more than a third
//! (so the median is never one attester's alone), by at most `params.max_accuracy_step` points
//! per attestation. A validator attests only with a tier in staking (self-bond at least Bronze)
//! and one operator at most once per `params.attestation_cooldown_seconds`.

use cosmwasm_std::{Addr, DepsMut, Env, QuerierWrapper, Response, Storage, Timestamp, Uint128};
use infermesh_types::reputation::{Attestation, Params, MAX_ACCURACY};
use infermesh_types::staking::{OperatorBrief, Role};
use serde::{Deserialize, Serialize};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::{clip, current_bucket, is_live, prior_accuracy, qualified_median};
use crate::state::{OperatorRecord, ATTESTATIONS, CONFIG, LAST_ATTESTED, PARAMS};

/// An attestation with its weight now.
pub type Weighed = (Attestation, u128);

/// Staking's `OperatorStakeAtHeight` query (now, no counterparties), serialized to the same JSON
/// as `infermesh_types::staking::QueryMsg`'s variant: sending it links no serialization of the
/// variants reputation never sends.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum StakeQuery<'a> {
    OperatorStakeAtHeight {
        operator: &'a str,
        height: Option<u64>,
        counterparties: [&'a str; 0],
    },
}

/// The fields of `OperatorStakeAtHeightResponse` reputation reads (the others are skipped).
#[derive(Deserialize)]
struct StakeNow {
    role: Role,
    stake: Uint128,
    role_total: Uint128,
}

/// Eviction order: stale first, then lightest (by weight now), then oldest.
fn eviction_key((attestation, weight): &Weighed, now: Timestamp) -> (bool, u128, u64) {
    (
        is_live(attestation.time, now),
        *weight,
        attestation.time.seconds(),
    )
}

/// A validator's attestation of an operator's accuracy (docs/reputation.md §2, §5): the
/// validator's latest attestation joins the operator's attester set, the set is weighed with
/// every member's stake now, the aggregate accuracy moves toward the qualified median (or stays
/// at the prior), and the operator is re-evaluated (jailed on a fall, §6).
///
/// The steps below run in this order because the staking queries and storage reads (and so the
/// gas and which error wins) follow it; each loaded value is passed on, never loaded twice.
pub fn attest(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    operator: String,
    accuracy: u8,
) -> ReputationResult<Response> {
    if accuracy > MAX_ACCURACY {
        return Err(ReputationError::AccuracyOutOfRange { accuracy });
    }
    let operator = deps.api.addr_validate(&operator)?;
    if sender == operator {
        return Err(ReputationError::SelfAttestation { sender });
    }
    let config = CONFIG.load(deps.storage)?;
    let stake = attester_stake(&deps.querier, &config.staking, &sender)?;
    let status = operator_status(&deps.querier, &config.staking, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    check_cooldown(deps.storage, &params, &sender, &operator, now)?;
    let entry = Attestation {
        validator: sender.clone(),
        accuracy,
        stake,
        time: now,
    };
    let (set, validator_stake) = attester_set_with(
        deps.storage,
        &deps.querier,
        &config.staking,
        &operator,
        entry,
        &params,
        now,
    )?;
    let (record, existed, before) = aggregated_record(
        deps.storage,
        &operator,
        &params,
        &status,
        &set,
        validator_stake,
        now,
    )?;
    let stored: Vec<Attestation> = set.into_iter().map(|(a, _)| a).collect();
    ATTESTATIONS.save(deps.storage, &operator, &stored)?;
    LAST_ATTESTED.save(deps.storage, (&operator, &sender), &now)?;
    let aggregated = record.accuracy;
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
        .add_attribute("action", "attest")
        .add_attribute("operator", operator)
        .add_attribute("validator", sender)
        .add_attribute("accuracy", accuracy.to_string())
        .add_attribute("aggregated_accuracy", aggregated.to_string())
        .add_attribute("previous_accuracy", before.to_string());
    Ok(finish(response, &evaluation, jail))
}

/// The attester's stake now: its bonded pool (docs/reputation.md §5). Only a registered, active
/// validator with a tier attests (§2): registration alone puts nothing at stake
/// (docs/staking.md §3), so a validator below Bronze is refused.
fn attester_stake(
    querier: &QuerierWrapper,
    staking: &Addr,
    sender: &Addr,
) -> ReputationResult<Uint128> {
    let validator = operator_status(querier, staking, sender)
        .ok()
        .filter(|v| v.role == Role::Validator && v.active)
        .ok_or_else(|| ReputationError::NotAValidator {
            sender: sender.clone(),
        })?;
    if validator.tier.is_none() {
        return Err(ReputationError::ValidatorNotBonded {
            validator: sender.clone(),
            self_bond: validator.self_bond,
        });
    }
    Ok(validator.total_bonded)
}

/// Refuses a second attestation of the same operator by the same validator inside
/// `attestation_cooldown_seconds` (docs/reputation.md §2), so repeating itself cannot walk the
/// aggregate.
fn check_cooldown(
    storage: &dyn Storage,
    params: &Params,
    sender: &Addr,
    operator: &Addr,
    now: Timestamp,
) -> ReputationResult<()> {
    if let Some(last) = LAST_ATTESTED.may_load(storage, (operator, sender))? {
        let next_allowed = last.plus_seconds(params.attestation_cooldown_seconds);
        if now < next_allowed {
            return Err(ReputationError::AttestationTooSoon {
                validator: sender.clone(),
                operator: operator.clone(),
                next_allowed,
            });
        }
    }
    Ok(())
}

/// Weighs `set` now (docs/reputation.md §5): each live attestation weighs the lesser of the stake
/// recorded when it was made and its validator's bonded stake now; a stale one, or one whose
/// validator staking no longer knows as a validator, weighs 0. Returns the weighed set and all
/// bonded validator stake now (zero when no member could be read). One staking query per live
/// member: at most `MAX_ATTESTERS_CAP`.
pub fn weigh(
    querier: &QuerierWrapper,
    staking: &Addr,
    set: Vec<Attestation>,
    now: Timestamp,
) -> (Vec<Weighed>, Uint128) {
    let mut validator_stake = Uint128::zero();
    let weighed = set
        .into_iter()
        .map(|attestation| {
            let query = StakeQuery::OperatorStakeAtHeight {
                operator: attestation.validator.as_str(),
                height: None,
                counterparties: [],
            };
            let now_stake = is_live(attestation.time, now)
                .then(|| querier.query_wasm_smart::<StakeNow>(staking, &query))
                .and_then(Result::ok)
                .filter(|r| r.role == Role::Validator);
            let weight = match now_stake {
                Some(r) => {
                    validator_stake = r.role_total;
                    attestation.stake.min(r.stake).u128()
                }
                None => 0,
            };
            (attestation, weight)
        })
        .collect();
    (weighed, validator_stake)
}

/// The operator's attester set with `entry` in it, weighed now and kept sorted by validator
/// (docs/reputation.md §5), with all bonded validator stake now: `entry` replaces the
/// validator's own earlier entry; a newcomer to a full set evicts by [`eviction_key`], but never
/// a live entry heavier than itself (`AttesterSetFull`). A lowered `max_attesters` shrinks the
/// set on its next attestation (≤ `MAX_ATTESTERS_CAP`).
fn attester_set_with(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    staking: &Addr,
    operator: &Addr,
    entry: Attestation,
    params: &Params,
    now: Timestamp,
) -> ReputationResult<(Vec<Weighed>, Uint128)> {
    let mut set = ATTESTATIONS
        .may_load(storage, operator)?
        .unwrap_or_default();
    let count = set.len();
    set.retain(|a| a.validator != entry.validator);
    let newcomer = set.len() == count;
    set.push(entry);
    let (mut set, validator_stake) = weigh(querier, staking, set, now);
    let max = params.max_attesters.max(1) as usize;
    while set.len() > max {
        let last = set.len() - 1;
        let Some(victim) = (0..last).min_by_key(|i| eviction_key(&set[*i], now)) else {
            break;
        };
        let (live, weight, _) = eviction_key(&set[victim], now);
        let stake = set[last].1;
        if newcomer && live && set.len() == max + 1 && weight > stake {
            return Err(ReputationError::AttesterSetFull {
                operator: operator.clone(),
                stake: Uint128::new(stake),
                min_stake: Uint128::new(weight),
            });
        }
        set.remove(victim);
    }
    set.sort_by(|a, b| a.0.validator.cmp(&b.0.validator));
    Ok((set, validator_stake))
}

/// Moves `record`'s aggregate accuracy (docs/reputation.md §5): toward the set's qualified median
/// by at most `max_accuracy_step` points when `step` (an attestation), or not at all (a refresh);
/// back to the prior when the set does not qualify (too few attesters with weight, or too
/// little of the validator stake).
pub fn aggregate(
    record: &mut OperatorRecord,
    set: &[Weighed],
    params: &Params,
    validator_stake: Uint128,
    now: Timestamp,
    step: bool,
) {
    record.accuracy = match qualified_median(set, params, validator_stake, now) {
        Some(median) if step => clip(record.accuracy, median, params.max_accuracy_step),
        Some(_) => record.accuracy,
        None => prior_accuracy(params),
    };
}

/// The operator's record (or a fresh one at the prior) with staking's view applied and its
/// aggregate accuracy moved by [`aggregate`]; records the set's size and counts the attestation
/// in the current bucket (§3). Returns it with whether it existed (for its index entry) and the
/// accuracy before.
fn aggregated_record(
    storage: &dyn Storage,
    operator: &Addr,
    params: &Params,
    status: &OperatorBrief,
    set: &[Weighed],
    validator_stake: Uint128,
    now: Timestamp,
) -> ReputationResult<(OperatorRecord, bool, u8)> {
    let (mut record, existed) = load_or_new(storage, operator, params, now)?;
    apply_status(&mut record, status);
    let before = record.accuracy;
    aggregate(&mut record, set, params, validator_stake, now, true);
    record.attesters = set.len() as u32;
    let bucket = current_bucket(&mut record, now);
    bucket.attestations = bucket.attestations.saturating_add(1);
    Ok((record, existed, before))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::to_json_vec;
    use infermesh_types::staking::QueryMsg;

    /// The send-only query serializes exactly as the full message.
    #[test]
    fn the_stake_query_serializes_as_the_full_message() {
        let sent = StakeQuery::OperatorStakeAtHeight {
            operator: "validator",
            height: None,
            counterparties: [],
        };
        let full = QueryMsg::OperatorStakeAtHeight {
            operator: "validator".to_string(),
            height: None,
            counterparties: vec![],
        };
        assert_eq!(to_json_vec(&sent).unwrap(), to_json_vec(&full).unwrap());
    }
}
