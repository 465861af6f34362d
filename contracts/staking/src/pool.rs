//! Share arithmetic of bonded and unbonding pools, and the reward-per-share accumulator.
//!
//! Rounding always favours the pool (the remaining holders): deposits mint shares rounded down,
//! withdrawals burn shares rounded up, values and rewards are rounded down, slashes take the
//! fraction of the tokens rounded down (so no holder loses more than the fraction, up to one base
//! unit of value rounding).

use cosmwasm_std::{Decimal, Decimal256, Timestamp, Uint128, Uint256};

use crate::error::StakingResult;
use crate::state::{Pool, RewardDebt, RewardPool};

impl Pool {
    /// Shares minted for a deposit of `amount`. An empty pool mints one share per token.
    pub fn shares_for_deposit(&self, amount: Uint128) -> StakingResult<Uint128> {
        if self.shares.is_zero() {
            return Ok(amount);
        }
        Ok(amount.checked_multiply_ratio(self.shares, self.tokens)?)
    }

    /// Token value of `shares`, rounded down.
    pub fn value_of(&self, shares: Uint128) -> StakingResult<Uint128> {
        if self.shares.is_zero() {
            return Ok(Uint128::zero());
        }
        Ok(shares.checked_multiply_ratio(self.tokens, self.shares)?)
    }

    /// Shares that must be given up to take `amount` tokens out, rounded up.
    pub fn shares_for_withdrawal(&self, amount: Uint128) -> StakingResult<Uint128> {
        if self.tokens.is_zero() {
            return Ok(Uint128::zero());
        }
        let numerator = Uint256::from(amount).checked_mul(Uint256::from(self.shares))?;
        let tokens = Uint256::from(self.tokens);
        let shares = numerator
            .checked_add(tokens.checked_sub(Uint256::one())?)?
            .checked_div(tokens)?;
        Ok(Uint128::try_from(shares)?)
    }

    pub fn deposit(&mut self, tokens: Uint128, shares: Uint128) -> StakingResult<()> {
        self.tokens = self.tokens.checked_add(tokens)?;
        self.shares = self.shares.checked_add(shares)?;
        Ok(())
    }

    pub fn withdraw(&mut self, tokens: Uint128, shares: Uint128) -> StakingResult<()> {
        self.tokens = self.tokens.checked_sub(tokens)?;
        self.shares = self.shares.checked_sub(shares)?;
        Ok(())
    }

    /// Takes `fraction` of the tokens, rounded down; returns the amount taken. The pool never
    /// empties: `fraction < 1` leaves at least one token of a non-empty pool.
    pub fn slash(&mut self, fraction: Decimal) -> StakingResult<Uint128> {
        let cut = self.tokens.checked_mul_floor(fraction)?;
        self.tokens = self.tokens.checked_sub(cut)?;
        Ok(cut)
    }
}

/// Rewards earned by `shares` since the debt's checkpoint, added to its pending amount; the
/// checkpoint moves to `reward_per_share`. Rounded down.
pub fn settle(
    debt: &mut RewardDebt,
    shares: Uint128,
    reward_per_share: Decimal256,
) -> StakingResult<()> {
    let delta = reward_per_share.checked_sub(debt.index)?;
    let earned = Uint256::from(shares).checked_mul_floor(delta)?;
    debt.pending = debt.pending.checked_add(Uint128::try_from(earned)?)?;
    debt.index = reward_per_share;
    Ok(())
}

impl RewardPool {
    /// Releases what the stream paid out between `streamed_until` and `now` into the
    /// accumulator, shared by `shares` (the shares bonded over that time, so shares minted or
    /// burned after this call earn from now on); with no shares, to the operator's commission,
    /// since no share could ever claim it. Rounded down. In atomics (10^-18 token): integer
    /// arithmetic only, no 512-bit decimal products.
    pub fn release(&mut self, shares: Uint128, now: Timestamp) -> StakingResult<()> {
        let until = now.min(self.stream_end);
        if until > self.streamed_until {
            let seconds = until.seconds() - self.streamed_until.seconds();
            let released = self.stream_rate.atomics().checked_mul(seconds.into())?;
            if shares.is_zero() {
                let whole = released.checked_div(Decimal256::one().atomics())?;
                self.commission_unclaimed = self
                    .commission_unclaimed
                    .checked_add(Uint128::try_from(whole)?)?;
            } else {
                let increment = released.checked_div(shares.into())?;
                self.reward_per_share =
                    Decimal256::new(self.reward_per_share.atomics().checked_add(increment)?);
            }
        }
        self.streamed_until = self.streamed_until.max(now);
        Ok(())
    }

    /// Adds `amount` to the stream after releasing it up to `now`. What the stream still held
    /// and `amount` are released evenly until an end weighted by their amounts between the old
    /// end and `now + period`, so a payment runs for about `period` while a dust payment cannot
    /// push a large stream back (rate rounded down, at least a second).
    pub fn stream(
        &mut self,
        amount: Uint128,
        shares: Uint128,
        now: Timestamp,
        period: u64,
    ) -> StakingResult<()> {
        self.release(shares, now)?;
        let left = Uint256::from(self.stream_end.seconds().saturating_sub(now.seconds()));
        let unreleased = self.stream_rate.atomics().checked_mul(left)?;
        let paid = Uint256::from(amount).checked_mul(Decimal256::one().atomics())?;
        let total = unreleased.checked_add(paid)?;
        if total.is_zero() {
            return Ok(());
        }
        let weighted = unreleased
            .checked_mul(left)?
            .checked_add(paid.checked_mul(Uint256::from(period))?)?;
        let duration = weighted.checked_div(total)?.max(Uint256::one());
        self.stream_rate = Decimal256::new(total.checked_div(duration)?);
        let seconds = Uint128::try_from(duration)?.u128();
        self.stream_end = now.plus_seconds(u64::try_from(seconds).unwrap_or(period));
        Ok(())
    }
}
