//! Slashing, jail and ban. A slash writes the operator's bonded pool and at most
//! `unbonding_period / UNBONDING_EPOCH_SECONDS + 2` unbonding epoch pools — never anything per
//! delegator: every delegator's loss follows from the pools' new token counts.

use cosmwasm_std::{Addr, DepsMut, Env, Order, Response, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::Bound;
use infermesh_types::staking::{
    SlashClass, SlashRecord, SlashRequest, UnbondingEntry, MAX_EVIDENCE_ID_LEN,
    MAX_JAIL_REASON_LEN, MAX_JAIL_SECONDS, MAX_SLASH_FRACTION, MAX_UNBONDING_ENTRIES_CAP,
};
use infermesh_types::token::TokenClient;

use crate::error::{StakingError, StakingResult};
use crate::ledger::{
    bonded_pool, epoch_start, load_operator, refresh_tier, save_bonded_pool, self_bond,
};
use crate::state::{
    operators, UnbondingPool, CONFIG, EVIDENCE, PARAMS, TOTALS, UNBONDING_ENTRIES, UNBONDING_POOLS,
};

/// Authorised slashers only (checked at dispatch).
///
/// * `fraction` must lie in the class's range; the applied fraction is then raised to the major
///   minimum when this is the `minor_escalation_count`-th minor inside `minor_window_seconds`,
///   and capped by the tier's maximum slash (below Bronze: [`MAX_SLASH_FRACTION`]) of the
///   self-bond, plus, with an `infraction_time`, the operator's own unbonding the slash reaches.
/// * Slashes the bonded pool and, when `infraction_time` is given, every not yet matured
///   unbonding epoch pool of the operator whose epoch ends after the infraction. Unbonding
///   started on the day of the infraction but before it is slashed too: the day granularity
///   errs toward the protocol, so stake unbonded right after a misbehaviour never escapes.
/// * An `infraction_time` in the future is rejected. One older than the unbonding period (a
///   verdict reached late) is clamped to the earliest slashable time, `now − unbonding period`:
///   the bonded pool and every unbonding pool still reachable are slashed, never nothing. The
///   evidence record keeps the requested time.
/// * Burns what it takes, jails the operator for the jail period, bans it on `Severe`.
pub fn slash(
    deps: DepsMut,
    env: Env,
    slasher: Addr,
    request: SlashRequest,
) -> StakingResult<Response> {
    let SlashRequest {
        operator,
        class,
        fraction,
        evidence_id,
        infraction_time,
    } = request;
    let operator = deps.api.addr_validate(&operator)?;
    let mut record = load_operator(deps.storage, &operator)?;
    let (min, max) = class.range();
    if fraction < min || fraction > max {
        return Err(StakingError::FractionOutOfRange {
            class,
            fraction,
            min,
            max,
        });
    }
    if evidence_id.is_empty() || evidence_id.len() > MAX_EVIDENCE_ID_LEN {
        return Err(StakingError::InvalidEvidenceId {
            evidence_id,
            max: MAX_EVIDENCE_ID_LEN,
        });
    }
    if EVIDENCE.has(deps.storage, &evidence_id) {
        return Err(StakingError::EvidenceAlreadyUsed { evidence_id });
    }
    let now = env.block.time;
    let params = PARAMS.load(deps.storage)?;
    // The time from which unbonding stake is reached: the infraction, clamped to the earliest
    // slashable time (now − unbonding period) when it is older than that.
    let mut reach_from = None;
    if let Some(infraction_time) = infraction_time {
        if infraction_time > now {
            return Err(StakingError::InfractionInFuture {
                infraction_time,
                now,
            });
        }
        let earliest = Timestamp::from_nanos(
            now.nanos().saturating_sub(
                params
                    .unbonding_period_seconds
                    .saturating_mul(1_000_000_000),
            ),
        );
        reach_from = Some(infraction_time.max(earliest));
    }

    // Escalation of repeated minors (bounded list of recent minor times).
    let mut applied_class = class;
    let mut applied = fraction;
    if class == SlashClass::Minor {
        let window_start = now.seconds().saturating_sub(params.minor_window_seconds);
        record
            .recent_minors
            .retain(|time| time.seconds() > window_start);
        let keep = params.minor_escalation_count.saturating_sub(1) as usize;
        if record.recent_minors.len() >= keep {
            applied_class = SlashClass::Major;
            applied = applied.max(SlashClass::Major.range().0);
        }
        record.recent_minors.push(now);
        let excess = record.recent_minors.len().saturating_sub(keep);
        record.recent_minors.drain(..excess);
    }

    // Cap by the tier of the self-bond before the slash, counting the operator's own unbonding
    // that the slash reaches: unbonding after the infraction must not lower the tier's cap.
    let pool = bonded_pool(deps.storage, &operator)?;
    let mut self_bonded = self_bond(deps.storage, &operator, &pool)?;
    if let Some(infraction_time) = reach_from {
        self_bonded = self_bonded.checked_add(own_unbonding_since(
            deps.storage,
            &operator,
            epoch_start(infraction_time),
            now,
        )?)?;
    }
    let cap = params
        .tier_for(self_bonded)
        .map(|tier| tier.max_slash)
        .unwrap_or(MAX_SLASH_FRACTION);
    let applied = applied.min(cap);

    let mut new_pool = pool;
    let bonded_cut = new_pool.slash(applied)?;
    save_bonded_pool(deps.storage, &env, &operator, &pool, &new_pool)?;

    let mut unbonding_cut = Uint128::zero();
    let mut pools_slashed = 0u32;
    if let Some(infraction_time) = reach_from {
        // Keys are epoch starts within [epoch(t), epoch(now)]; t is clamped to the unbonding
        // period, so this is at most period / epoch + 2 pools.
        let from = epoch_start(infraction_time);
        let pools: Vec<(u64, UnbondingPool)> = UNBONDING_POOLS
            .prefix(&operator)
            .range(
                deps.storage,
                Some(Bound::inclusive(from)),
                None,
                Order::Ascending,
            )
            .collect::<StdResult<_>>()?;
        for (epoch, mut upool) in pools {
            if upool.completes_at <= now {
                continue;
            }
            let cut = upool.pool.slash(applied)?;
            if !cut.is_zero() {
                UNBONDING_POOLS.save(deps.storage, (&operator, epoch), &upool)?;
                unbonding_cut = unbonding_cut.checked_add(cut)?;
                pools_slashed += 1;
            }
        }
    }
    let burned = bonded_cut.checked_add(unbonding_cut)?;
    TOTALS.update(deps.storage, |mut totals| -> StakingResult<_> {
        totals.unbonding = totals.unbonding.checked_sub(unbonding_cut)?;
        totals.burned = totals.burned.checked_add(burned)?;
        Ok(totals)
    })?;

    let jail_until = now.plus_seconds(params.jail_period_seconds);
    record.jailed_until = Some(
        record
            .jailed_until
            .map_or(jail_until, |t| t.max(jail_until)),
    );
    if class == SlashClass::Severe {
        record.banned = true;
    }
    let record = refresh_tier(deps.storage, &params, record, true)?;

    EVIDENCE.save(
        deps.storage,
        &evidence_id,
        &SlashRecord {
            evidence_id: evidence_id.clone(),
            operator: operator.clone(),
            slasher: slasher.clone(),
            requested_class: class,
            applied_class,
            requested_fraction: fraction,
            applied_fraction: applied,
            infraction_time,
            time: now,
            burned,
        },
    )?;

    let mut response = Response::new()
        .add_attribute("action", "slash")
        .add_attribute("operator", &operator)
        .add_attribute("slasher", slasher)
        .add_attribute("evidence_id", evidence_id)
        .add_attribute("class", format!("{class:?}"))
        .add_attribute("applied_class", format!("{applied_class:?}"))
        .add_attribute("fraction", fraction.to_string())
        .add_attribute("applied_fraction", applied.to_string())
        .add_attribute("bonded_burned", bonded_cut)
        .add_attribute("unbonding_burned", unbonding_cut)
        .add_attribute("unbonding_pools", pools_slashed.to_string())
        .add_attribute("burned", burned)
        .add_attribute("jailed_until", jail_until.seconds().to_string())
        .add_attribute("banned", record.banned.to_string());
    if !burned.is_zero() {
        let token = TokenClient(CONFIG.load(deps.storage)?.token);
        response = response.add_message(token.burn_msg(burned)?);
    }
    Ok(response)
}

/// Value of the operator's own unbonding entries in epochs from `from` that have not matured:
/// the self-bond a slash for an infraction in epoch `from` also reaches. Bounded by the queue
/// size (at most `MAX_UNBONDING_ENTRIES_CAP` entries).
fn own_unbonding_since(
    storage: &dyn Storage,
    operator: &Addr,
    from: u64,
    now: Timestamp,
) -> StakingResult<Uint128> {
    let entries: Vec<(u64, UnbondingEntry)> = UNBONDING_ENTRIES
        .prefix((operator, operator))
        .range(
            storage,
            Some(Bound::inclusive(from)),
            None,
            Order::Ascending,
        )
        .take(MAX_UNBONDING_ENTRIES_CAP as usize)
        .collect::<StdResult<_>>()?;
    let mut total = Uint128::zero();
    for (epoch, entry) in entries {
        let Some(upool) = UNBONDING_POOLS.may_load(storage, (operator, epoch))? else {
            continue;
        };
        if upool.completes_at <= now {
            continue;
        }
        total = total.checked_add(upool.pool.value_of(entry.shares)?)?;
    }
    Ok(total)
}

/// Jailers, slashers or the owner (checked at dispatch).
pub fn jail(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    operator: String,
    reason: String,
    duration_seconds: Option<u64>,
) -> StakingResult<Response> {
    let operator = deps.api.addr_validate(&operator)?;
    let mut record = load_operator(deps.storage, &operator)?;
    let params = PARAMS.load(deps.storage)?;
    let duration_seconds = duration_seconds.unwrap_or(params.jail_period_seconds);
    if duration_seconds == 0 || duration_seconds > MAX_JAIL_SECONDS {
        return Err(StakingError::InvalidJailDuration {
            duration_seconds,
            max: MAX_JAIL_SECONDS,
        });
    }
    if reason.len() > MAX_JAIL_REASON_LEN {
        return Err(StakingError::ReasonTooLong {
            max: MAX_JAIL_REASON_LEN,
        });
    }
    let until = env.block.time.plus_seconds(duration_seconds);
    let until = record.jailed_until.map_or(until, |t| t.max(until));
    record.jailed_until = Some(until);
    operators().save(deps.storage, &operator, &record)?;
    Ok(Response::new()
        .add_attribute("action", "jail")
        .add_attribute("operator", operator)
        .add_attribute("jailer", sender)
        .add_attribute("reason", reason)
        .add_attribute("jailed_until", until.seconds().to_string()))
}

/// The operator itself, once its jail has passed; never when banned.
pub fn unjail(deps: DepsMut, env: Env, sender: Addr) -> StakingResult<Response> {
    let mut record = load_operator(deps.storage, &sender)?;
    if record.banned {
        return Err(StakingError::OperatorBanned { operator: sender });
    }
    let until = record.jailed_until.ok_or_else(|| StakingError::NotJailed {
        operator: sender.clone(),
    })?;
    if env.block.time < until {
        return Err(StakingError::StillJailed {
            operator: sender,
            until,
        });
    }
    record.jailed_until = None;
    operators().save(deps.storage, &sender, &record)?;
    Ok(Response::new()
        .add_attribute("action", "unjail")
        .add_attribute("operator", sender))
}
