//! Members' accounting (docs/distributor.md §4-6): what a member has earned is settled into its
//! `pending` whenever it is touched, from its role's closed epoch or reward per point, so a claim
//! is O(1) in members and in elapsed epochs.

use cosmwasm_std::{Addr, StdError, StdResult, Storage, Timestamp, Uint128, Uint256};
use infermesh_types::distributor::{Params, RewardRole};

use crate::error::DistributorResult;
use crate::ledger::Ledger;
use crate::state::{Config, Member, MEMBERS, POINT_SCALE};

/// Settles what `member` earned in `role` up to the ledger's clock into its pending rewards. A
/// work member's share of a closed epoch is `emission × weight / epoch weight` rounded down,
/// and in a capped role at most `fee_cap × fees`; what the cap keeps goes back to the pool.
pub fn settle(
    storage: &dyn Storage,
    ledger: &mut Ledger,
    config: &Config,
    params: &Params,
    role: RewardRole,
    member: &mut Member,
    now: Timestamp,
) -> StdResult<()> {
    if role.by_work() {
        let open = ledger.role(role).epoch;
        if member.epoch < open {
            if !member.weight.is_zero() {
                // An epoch with work is kept when it closes.
                let closed = ledger
                    .closed(storage, role, member.epoch)?
                    .ok_or_else(|| StdError::not_found("closed epoch"))?;
                let share = closed.emission.multiply_ratio(member.weight, closed.weight);
                let reward = match params.fee_cap(role) {
                    Some(cap) => share.min(member.fees.mul_floor(cap)),
                    None => share,
                };
                ledger.pool.allocated -= share - reward;
                earn(member, reward, config.epoch_start(member.epoch + 1));
            }
            member.epoch = open;
            member.weight = Uint128::zero();
            member.fees = Uint128::zero();
        }
    } else {
        let per_point = ledger.role(role).per_point;
        let gained = per_point - member.per_point;
        let reward = Uint256::from(member.points) * gained / Uint256::from(POINT_SCALE);
        earn(member, Uint128::try_from(reward)?, now);
        member.per_point = per_point;
    }
    Ok(())
}

/// Settles `address` in a points or stake role, then sets its points (0 removes it): from now
/// on it earns by the new points, never for the time before.
#[allow(clippy::too_many_arguments)]
pub fn set_points(
    storage: &mut dyn Storage,
    ledger: &mut Ledger,
    config: &Config,
    params: &Params,
    role: RewardRole,
    address: &Addr,
    points: Uint128,
    now: Timestamp,
) -> DistributorResult<()> {
    let mut member = load(storage, role, address)?;
    settle(storage, ledger, config, params, role, &mut member, now)?;
    let state = ledger.role_mut(role);
    // Checked: a points table summing past Uint128::MAX is refused with a typed error, not a trap.
    state.points = state
        .points
        .checked_sub(member.points)?
        .checked_add(points)?;
    member.points = points;
    Ok(save(storage, role, address, &member)?)
}

/// Settles `address` in `role` and takes everything it has earned (claimed, pushed or
/// forfeited by the caller); its record is saved emptied.
#[allow(clippy::too_many_arguments)]
pub fn take_pending(
    storage: &mut dyn Storage,
    ledger: &mut Ledger,
    config: &Config,
    params: &Params,
    role: RewardRole,
    address: &Addr,
    now: Timestamp,
) -> StdResult<Uint128> {
    let mut member = load(storage, role, address)?;
    settle(storage, ledger, config, params, role, &mut member, now)?;
    let taken = std::mem::take(&mut member.pending);
    member.pending_since = None;
    save(storage, role, address, &member)?;
    Ok(taken)
}

fn earn(member: &mut Member, reward: Uint128, at: Timestamp) {
    if reward.is_zero() {
        return;
    }
    if member.pending.is_zero() {
        member.pending_since = Some(at);
    }
    member.pending += reward;
}

pub fn load(storage: &dyn Storage, role: RewardRole, member: &Addr) -> StdResult<Member> {
    Ok(MEMBERS
        .may_load(storage, (role.index(), member))?
        .unwrap_or_default())
}

/// Saves the member, or removes a record that holds nothing.
pub fn save(
    storage: &mut dyn Storage,
    role: RewardRole,
    address: &Addr,
    member: &Member,
) -> StdResult<()> {
    let empty = member.weight.is_zero() && member.points.is_zero() && member.pending.is_zero();
    if empty {
        MEMBERS.remove(storage, (role.index(), address));
        Ok(())
    } else {
        MEMBERS.save(storage, (role.index(), address), member);
        Ok(())
    }
}
