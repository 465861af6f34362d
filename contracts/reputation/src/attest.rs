//! Validator accuracy attestations.
//!
//! Each operator keeps the latest attestation of at most `params.max_attesters` validators
//! (≤ `MAX_ATTESTERS_CAP`). A validator already in the set replaces its own entry. A newcomer to
//! a full set evicts the entry that sorts first by (inside the 90-day window, stake, time) — a
//! stale entry first, else the lightest, the oldest among equals — but only a stale entry or one
//! no heavier than the newcomer: heavier and more recent attestations replace the rest.
//!
//! The aggregate is the stake-weighted median of the set's attestations inside the window
//! (weights are each validator's total bonded stake when it attested), and it moves at most
//! `params.max_accuracy_step` points per attestation, so no single validator moves it further.
//! A validator attests only with a tier in staking (self-bond at least Bronze: registration
//! alone puts nothing at stake) and attests one operator at most once per
//! `params.attestation_cooldown_seconds`, so repeating itself cannot walk the aggregate.

use cosmwasm_std::{Addr, DepsMut, Env, QuerierWrapper, Response, Storage, Timestamp, Uint128};
use infermesh_types::reputation::{
    Attestation, Params, BUCKET_SECONDS, MAX_ACCURACY, WINDOW_BUCKETS,
};
use infermesh_types::staking::{OperatorBrief, Role};

use crate::error::{ReputationError, ReputationResult};
use crate::ledger::{apply_status, commit, finish, load_or_new, operator_status};
use crate::score::{clip, current_bucket, weighted_median};
use crate::state::{OperatorRecord, ATTESTATIONS, CONFIG, LAST_ATTESTED, OPERATORS, PARAMS};

/// Eviction order: stale first, then lightest, then oldest.
fn eviction_key(attestation: &Attestation, now: Timestamp) -> (bool, u128, u64) {
    let live = attestation.time.seconds()
        >= now
            .seconds()
            .saturating_sub(WINDOW_BUCKETS * BUCKET_SECONDS);
    (live, attestation.stake.u128(), attestation.time.seconds())
}

fn eviction_candidate(set: &[Attestation], now: Timestamp) -> Option<usize> {
    set.iter()
        .enumerate()
        .min_by_key(|(_, a)| eviction_key(a, now))
        .map(|(i, _)| i)
}

/// A validator's attestation of an operator's accuracy (docs/reputation.md §2, §5): the
/// validator's latest attestation joins the operator's attester set, the aggregate accuracy moves
/// toward the set's stake-weighted median, and the operator is re-evaluated (jailed on a fall,
/// §6).
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
    let set = attester_set_with(deps.storage, &operator, entry, params.max_attesters, now)?;
    let (record, existed, before) =
        aggregated_record(deps.storage, &operator, &params, &status, &set, now)?;
    ATTESTATIONS.save(deps.storage, &operator, &set)?;
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

/// The attester's weight: its total bonded stake now (docs/reputation.md §5). Only a registered,
/// active validator with a tier attests (§2): registration alone puts nothing at stake
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

/// The operator's attester set with `entry` in it, kept sorted by validator (docs/reputation.md
/// §5): it replaces the validator's own earlier entry; a newcomer to a full set evicts by
/// [`eviction_key`], but never a live entry heavier than itself (`AttesterSetFull`). A lowered
/// `max_attesters` shrinks the set on its next attestation (≤ `MAX_ATTESTERS_CAP`).
fn attester_set_with(
    storage: &dyn Storage,
    operator: &Addr,
    entry: Attestation,
    max_attesters: u32,
    now: Timestamp,
) -> ReputationResult<Vec<Attestation>> {
    let mut set = ATTESTATIONS
        .may_load(storage, operator)?
        .unwrap_or_default();
    let max = max_attesters as usize;
    if let Some(existing) = set.iter_mut().find(|a| a.validator == entry.validator) {
        *existing = entry;
    } else {
        while set.len() >= max.max(1) {
            let Some(victim) = eviction_candidate(&set, now) else {
                break;
            };
            let (live, min_stake, _) = eviction_key(&set[victim], now);
            if live && set.len() == max && min_stake > entry.stake.u128() {
                return Err(ReputationError::AttesterSetFull {
                    operator: operator.clone(),
                    stake: entry.stake,
                    min_stake: set[victim].stake,
                });
            }
            set.swap_remove(victim);
        }
        set.push(entry);
    }
    set.sort_by(|a, b| a.validator.cmp(&b.validator));
    Ok(set)
}

/// The operator's record (or a fresh one at the prior) with staking's view applied and its
/// aggregate accuracy moved toward the set's stake-weighted median by at most
/// `max_accuracy_step` points (docs/reputation.md §5), so no single validator moves it further;
/// records the set's size and counts the attestation in the current bucket (§3), where it adds to
/// the confidence (§4). Returns it with whether it existed (for its index entry) and the accuracy
/// before.
fn aggregated_record(
    storage: &dyn Storage,
    operator: &Addr,
    params: &Params,
    status: &OperatorBrief,
    set: &[Attestation],
    now: Timestamp,
) -> ReputationResult<(OperatorRecord, bool, u8)> {
    let existed = OPERATORS.has(storage, operator);
    let mut record = load_or_new(storage, operator, params, now)?;
    apply_status(&mut record, status);
    let before = record.accuracy;
    if let Some(median) = weighted_median(set, now) {
        record.accuracy = clip(before, median, params.max_accuracy_step);
    }
    record.attesters = set.len() as u32;
    let bucket = current_bucket(&mut record, now);
    bucket.attestations = bucket.attestations.saturating_add(1);
    Ok((record, existed, before))
}
