//! The emission clock (docs/distributor.md §3-4): every message first brings the pool's books up
//! to the block time. Emission accrues continuously at the schedule's rate, never beyond what
//! the pool holds; each role takes `w_i / Σw` of it. A work role's share goes to its open epoch,
//! which closes at the epoch's end: shared by the work reported in it, or, without work,
//! released to the pool. A points role's share raises its reward per point, or, without
//! members, stays in the pool. Bounded work: the nine roles, whatever the time elapsed.

use cosmwasm_std::{StdResult, Storage, Timestamp, Uint128, Uint256};
use infermesh_types::distributor::{Params, RewardRole, Schedule};

use crate::state::{
    ClosedEpoch, Config, Pool, RoleState, RoleStates, CLOSED, POINT_SCALE, POOL, ROLES,
};

pub struct Ledger {
    pub pool: Pool,
    pub roles: Vec<RoleState>,
    /// Epochs closed by this message, saved with the ledger.
    closed: Vec<(u8, u64, ClosedEpoch)>,
}

impl Ledger {
    pub fn load(storage: &dyn Storage) -> StdResult<Self> {
        Ok(Ledger {
            pool: POOL.load(storage)?,
            roles: ROLES.load(storage)?.0,
            closed: Vec::new(),
        })
    }

    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        POOL.save(storage, &self.pool);
        ROLES.save(storage, &RoleStates(self.roles.clone()));
        for (role, epoch, closed) in &self.closed {
            CLOSED.save(storage, (*role, *epoch), closed);
        }
        Ok(())
    }

    pub fn role(&self, role: RewardRole) -> &RoleState {
        &self.roles[usize::from(role.index())]
    }

    pub fn role_mut(&mut self, role: RewardRole) -> &mut RoleState {
        &mut self.roles[usize::from(role.index())]
    }

    /// A closed epoch of `role`, closed by this message or earlier.
    pub fn closed(
        &self,
        storage: &dyn Storage,
        role: RewardRole,
        epoch: u64,
    ) -> StdResult<Option<ClosedEpoch>> {
        let index = role.index();
        if let Some((_, _, closed)) = self
            .closed
            .iter()
            .find(|(r, e, _)| *r == index && *e == epoch)
        {
            return Ok(Some(*closed));
        }
        CLOSED.may_load(storage, (index, epoch))
    }

    /// Brings the books up to `now`.
    pub fn advance(
        &mut self,
        config: &Config,
        params: &Params,
        schedule: &Schedule,
        now: Timestamp,
    ) -> StdResult<()> {
        let clock = self.pool.clock;
        if now <= clock {
            return Ok(());
        }
        let emitted = |time: Timestamp| {
            schedule.emitted(time.seconds().saturating_sub(config.start.seconds()))
        };
        let (last, current) = (config.epoch(clock), config.epoch(now));
        if last == current {
            self.assign(params, emitted(now) - emitted(clock), true)?;
        } else {
            let last_end = config.epoch_start(last + 1);
            self.assign(params, emitted(last_end) - emitted(clock), true)?;
            self.close_epochs(current);
            // Epochs in between saw no message, so no work: only the points roles take them.
            let current_start = config.epoch_start(current);
            self.assign(params, emitted(current_start) - emitted(last_end), false)?;
            self.assign(params, emitted(now) - emitted(current_start), true)?;
        }
        self.pool.clock = now;
        Ok(())
    }

    /// Shares `amount` of emission among the roles by weight, at most what the pool still
    /// holds; with `work` false the work roles' shares stay in the pool.
    fn assign(&mut self, params: &Params, amount: Uint128, work: bool) -> StdResult<()> {
        let amount = amount.min(self.pool.undistributed());
        if amount.is_zero() {
            return Ok(());
        }
        let total = u128::from(params.total_weight());
        for role in RewardRole::ALL {
            let weight = u128::from(params.weight(role));
            let share = amount.multiply_ratio(weight, total);
            let state = &mut self.roles[usize::from(role.index())];
            if share.is_zero() || (role.by_work() && !work) {
                continue;
            }
            if role.by_work() {
                state.emission += share;
            } else if state.points.is_zero() {
                // No members: nobody swallows it, it stays in the pool.
                continue;
            } else {
                state.per_point +=
                    Uint256::from(share) * Uint256::from(POINT_SCALE) / Uint256::from(state.points);
            }
            self.pool.allocated += share;
        }
        Ok(())
    }

    /// Closes every work role's open epoch and opens `next`: an epoch with work is kept for
    /// its members to settle, less the part of weight below the epoch's floor (absent eligible
    /// weight), which goes back to the pool; one without work gives all its emission back.
    fn close_epochs(&mut self, next: u64) {
        for role in RewardRole::ALL.into_iter().filter(|r| r.by_work()) {
            let index = role.index();
            let state = &mut self.roles[usize::from(index)];
            if state.weight.is_zero() {
                self.pool.allocated -= state.emission;
            } else {
                let paid = match state.floor > state.weight {
                    true => state.emission.multiply_ratio(state.weight, state.floor),
                    false => state.emission,
                };
                self.pool.allocated -= state.emission - paid;
                self.closed.push((
                    index,
                    state.epoch,
                    ClosedEpoch {
                        emission: paid,
                        weight: state.weight,
                    },
                ));
            }
            state.epoch = next;
            state.emission = Uint128::zero();
            state.weight = Uint128::zero();
            state.floor = Uint128::zero();
        }
    }
}
