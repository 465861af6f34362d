//! Slashing, jail and ban. A slash writes the operator's bonded pool and at most
//! `unbonding_period / UNBONDING_EPOCH_SECONDS + 2` unbonding epoch pools — never anything per
//! delegator: every delegator's loss follows from the pools' new token counts.

use cosmwasm_std::{
    Addr, Decimal, DepsMut, Env, Order, Response, StdResult, Storage, Timestamp, Uint128,
};
use cw_storage_plus::Bound;
use infermesh_types::staking::{
    Operator, Params, SlashClass, SlashRecord, SlashRequest, UnbondingEntry, MAX_EVIDENCE_ID_LEN,
    MAX_JAIL_REASON_LEN, MAX_JAIL_SECONDS, MAX_SLASH_FRACTION, MAX_UNBONDING_ENTRIES_CAP,
};
use infermesh_types::token::TokenClient;

use crate::error::{StakingError, StakingResult};
use crate::hook::stake_hook;
use crate::ledger::{
    bonded_pool, epoch_start, load_operator, refresh_tier, save_bonded_pool, self_bond,
};
use crate::state::{
    operators, Pool, UnbondingPool, CONFIG, EVIDENCE, PARAMS, TOTALS, UNBONDING_ENTRIES,
    UNBONDING_POOLS,
};

/// What a slash took (docs/staking.md §6.6–7): the bonded pool's cut, the reached unbonding
/// pools' cut and how many of those pools lost something, and the sum, all of it burned.
struct Burn {
    bonded: Uint128,
    unbonding: Uint128,
    pools: u32,
    total: Uint128,
}

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
///
/// The steps below run in this order because the storage reads and writes (and so the gas and
/// which error wins) follow it; each loaded value is passed on, never loaded twice.
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
    validate_request(deps.storage, class, fraction, evidence_id.as_str())?;
    let now = env.block.time;
    let params = PARAMS.load(deps.storage)?;
    let reach_from = reach_from(infraction_time, now, &params)?;
    let (applied_class, escalated) = escalate(&mut record, class, fraction, now, &params);
    let pool = bonded_pool(deps.storage, &operator)?;
    let cap = tier_cap(deps.storage, &operator, &pool, reach_from, now, &params)?;
    let applied = escalated.min(cap);
    let bonded = slash_bonded_pool(deps.storage, &env, &record, pool, applied)?;
    let (unbonding, pools) = match reach_from {
        Some(from) => slash_unbonding_pools(deps.storage, &operator, from, now, applied)?,
        None => (Uint128::zero(), 0),
    };
    let burn = count_burn(deps.storage, bonded, unbonding, pools)?;
    let jail_until = jail_and_ban(&mut record, class, now, &params);
    let record = refresh_tier(deps.storage, &params, record, true)?;
    let evidence = SlashRecord {
        evidence_id,
        operator,
        slasher,
        requested_class: class,
        applied_class,
        requested_fraction: fraction,
        applied_fraction: applied,
        infraction_time,
        time: now,
        burned: burn.total,
    };
    EVIDENCE.save(deps.storage, &evidence.evidence_id, &evidence)?;
    let hook = stake_hook(deps.storage, &record, pool.tokens.checked_sub(bonded)?)?;
    Ok(
        slash_response(deps.storage, evidence, &burn, jail_until, record.banned)?
            .add_submessages(hook),
    )
}

/// Refuses a fraction outside its class's range (docs/staking.md §6.1) and an evidence id that
/// is empty, too long (§1) or already used: each piece of evidence slashes once (§6.2).
fn validate_request(
    storage: &dyn Storage,
    class: SlashClass,
    fraction: Decimal,
    evidence_id: &str,
) -> StakingResult<()> {
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
            evidence_id: evidence_id.to_owned(),
            max: MAX_EVIDENCE_ID_LEN,
        });
    }
    if EVIDENCE.has(storage, evidence_id) {
        return Err(StakingError::EvidenceAlreadyUsed {
            evidence_id: evidence_id.to_owned(),
        });
    }
    Ok(())
}

/// The time from which the slash reaches unbonding stake (docs/staking.md §6.5): none without an
/// `infraction_time`; a future one is refused; one older than the unbonding period is clamped to
/// the earliest slashable time, `now − unbonding period`, so a late verdict still slashes what is
/// reachable rather than nothing.
fn reach_from(
    infraction_time: Option<Timestamp>,
    now: Timestamp,
    params: &Params,
) -> StakingResult<Option<Timestamp>> {
    let Some(infraction_time) = infraction_time else {
        return Ok(None);
    };
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
    Ok(Some(infraction_time.max(earliest)))
}

/// The class and fraction applied before the tier cap (docs/staking.md §6.3): the
/// `minor_escalation_count`-th minor inside `minor_window_seconds` counts as `Major`, its fraction
/// raised to the major minimum. Records this minor in the operator's bounded list of recent
/// minors (at most `minor_escalation_count − 1` kept), pruned to the window.
fn escalate(
    record: &mut Operator,
    class: SlashClass,
    fraction: Decimal,
    now: Timestamp,
    params: &Params,
) -> (SlashClass, Decimal) {
    if class != SlashClass::Minor {
        return (class, fraction);
    }
    let mut applied = (class, fraction);
    let window_start = now.seconds().saturating_sub(params.minor_window_seconds);
    record
        .recent_minors
        .retain(|time| time.seconds() > window_start);
    let keep = params.minor_escalation_count.saturating_sub(1) as usize;
    if record.recent_minors.len() >= keep {
        applied = (SlashClass::Major, fraction.max(SlashClass::Major.range().0));
    }
    record.recent_minors.push(now);
    let excess = record.recent_minors.len().saturating_sub(keep);
    record.recent_minors.drain(..excess);
    applied
}

/// The most this slash may take (docs/staking.md §6.4, §2): the `max_slash` of the tier of the
/// self-bond before the slash — below Bronze [`MAX_SLASH_FRACTION`] — counting the operator's own
/// unbonding the slash reaches, so unbonding after the infraction cannot lower the cap.
fn tier_cap(
    storage: &dyn Storage,
    operator: &Addr,
    pool: &Pool,
    reach_from: Option<Timestamp>,
    now: Timestamp,
    params: &Params,
) -> StakingResult<Decimal> {
    let mut self_bonded = self_bond(storage, operator, pool)?;
    if let Some(infraction_time) = reach_from {
        self_bonded = self_bonded.checked_add(own_unbonding_since(
            storage,
            operator,
            epoch_start(infraction_time),
            now,
        )?)?;
    }
    Ok(params
        .tier_for(self_bonded)
        .map(|tier| tier.max_slash)
        .unwrap_or(MAX_SLASH_FRACTION))
}

/// Cuts `fraction` of the bonded pool, rounded down (docs/staking.md §6.6), saves it (moving the
/// bonded total) and returns the cut.
fn slash_bonded_pool(
    storage: &mut dyn Storage,
    env: &Env,
    operator: &Operator,
    pool: Pool,
    fraction: Decimal,
) -> StakingResult<Uint128> {
    let mut new_pool = pool;
    let cut = new_pool.slash(fraction)?;
    save_bonded_pool(
        storage,
        env,
        &operator.address,
        operator.role,
        &pool,
        &new_pool,
    )?;
    Ok(cut)
}

/// Cuts `fraction` of every not yet matured unbonding epoch pool of the operator from the epoch
/// of `from` on (docs/staking.md §6.5–6: the infraction's day counts even before the infraction).
/// Keys are epoch starts within [epoch(from), epoch(now)] and `from` is clamped to the unbonding
/// period, so this is at most period / epoch + 2 pools; a pool is written only when it lost
/// something. Returns the total cut and the number of pools cut.
fn slash_unbonding_pools(
    storage: &mut dyn Storage,
    operator: &Addr,
    from: Timestamp,
    now: Timestamp,
    fraction: Decimal,
) -> StakingResult<(Uint128, u32)> {
    let pools: Vec<(u64, UnbondingPool)> = UNBONDING_POOLS
        .prefix(operator)
        .range(
            storage,
            Some(Bound::inclusive(epoch_start(from))),
            None,
            Order::Ascending,
        )
        .collect::<StdResult<_>>()?;
    let mut total = Uint128::zero();
    let mut slashed = 0u32;
    for (epoch, mut upool) in pools {
        if upool.completes_at <= now {
            continue;
        }
        let cut = upool.pool.slash(fraction)?;
        if !cut.is_zero() {
            UNBONDING_POOLS.save(storage, (operator, epoch), &upool)?;
            total = total.checked_add(cut)?;
            slashed += 1;
        }
    }
    Ok((total, slashed))
}

/// Everything slashed is burned (docs/staking.md §6.7): the unbonding cut leaves the unbonding
/// total (the bonded total moved with the bonded pool) and the whole cut joins the burned total.
fn count_burn(
    storage: &mut dyn Storage,
    bonded: Uint128,
    unbonding: Uint128,
    pools: u32,
) -> StakingResult<Burn> {
    let total = bonded.checked_add(unbonding)?;
    TOTALS.update(storage, |mut totals| -> StakingResult<_> {
        totals.unbonding = totals.unbonding.checked_sub(unbonding)?;
        totals.burned = totals.burned.checked_add(total)?;
        Ok(totals)
    })?;
    Ok(Burn {
        bonded,
        unbonding,
        pools,
        total,
    })
}

/// Jails the operator until `now + jail_period_seconds`, never shortening a running jail, and
/// bans it for good on `Severe` (docs/staking.md §6.8, §7). Returns this slash's jail end.
fn jail_and_ban(
    record: &mut Operator,
    class: SlashClass,
    now: Timestamp,
    params: &Params,
) -> Timestamp {
    let jail_until = now.plus_seconds(params.jail_period_seconds);
    record.jailed_until = Some(
        record
            .jailed_until
            .map_or(jail_until, |t| t.max(jail_until)),
    );
    if class == SlashClass::Severe {
        record.banned = true;
    }
    jail_until
}

/// The slash's attributes, from the evidence record as saved, and the burn of everything taken
/// (docs/staking.md §6.7; the token is loaded only when there is something to burn).
fn slash_response(
    storage: &dyn Storage,
    evidence: SlashRecord,
    burn: &Burn,
    jail_until: Timestamp,
    banned: bool,
) -> StakingResult<Response> {
    let mut response = Response::new()
        .add_attribute("action", "slash")
        .add_attribute("operator", &evidence.operator)
        .add_attribute("slasher", evidence.slasher)
        .add_attribute("evidence_id", evidence.evidence_id)
        .add_attribute("class", format!("{:?}", evidence.requested_class))
        .add_attribute("applied_class", format!("{:?}", evidence.applied_class))
        .add_attribute("fraction", evidence.requested_fraction.to_string())
        .add_attribute("applied_fraction", evidence.applied_fraction.to_string())
        .add_attribute("bonded_burned", burn.bonded)
        .add_attribute("unbonding_burned", burn.unbonding)
        .add_attribute("unbonding_pools", burn.pools.to_string())
        .add_attribute("burned", burn.total)
        .add_attribute("jailed_until", jail_until.seconds().to_string())
        .add_attribute("banned", banned.to_string());
    if !burn.total.is_zero() {
        let token = TokenClient(CONFIG.load(storage)?.token);
        response = response.add_message(token.burn_msg(burn.total)?);
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
    let was_earning = record.jailed_until.is_none();
    let until = record.jailed_until.map_or(until, |t| t.max(until));
    record.jailed_until = Some(until);
    operators().save(deps.storage, &operator, &record)?;
    // A jail stops the operator's earning stake; a longer jail changes nothing.
    let hook = match was_earning {
        true => stake_hook(deps.storage, &record, Uint128::zero())?,
        false => None,
    };
    Ok(Response::new()
        .add_submessages(hook)
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
    let bonded = bonded_pool(deps.storage, &sender)?.tokens;
    let hook = stake_hook(deps.storage, &record, bonded)?;
    Ok(Response::new()
        .add_submessages(hook)
        .add_attribute("action", "unjail")
        .add_attribute("operator", sender))
}
