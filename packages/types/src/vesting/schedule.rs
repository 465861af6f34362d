//! The release plans and their schedule arithmetic: how much of a grant has vested at a given
//! time (docs/vesting.md §1).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Timestamp, Uint128};

use super::{MONTH_SECONDS, YEAR_SECONDS};
use crate::common::BPS_DENOMINATOR;
use crate::token::AllocationCategory;

/// The four release plans of docs/vesting.md §1 (QUIVer §2.2).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum VestingPlan {
    /// 4 years linear, 1-year cliff; revocable by the DAO.
    TeamAndAdvisors,
    /// 3 years linear, 6-month cliff.
    EarlyInvestors,
    /// 25% at start, 75% linear over 1 year.
    PublicSale,
    /// 5 years linear.
    EcosystemDevelopment,
}

impl VestingPlan {
    pub const ALL: [VestingPlan; 4] = [
        VestingPlan::TeamAndAdvisors,
        VestingPlan::EarlyInvestors,
        VestingPlan::PublicSale,
        VestingPlan::EcosystemDevelopment,
    ];

    pub fn schedule(self, start: Timestamp) -> Schedule {
        let (cliff_seconds, duration_seconds, immediate_bps) = match self {
            VestingPlan::TeamAndAdvisors => (YEAR_SECONDS, 4 * YEAR_SECONDS, 0),
            VestingPlan::EarlyInvestors => (6 * MONTH_SECONDS, 3 * YEAR_SECONDS, 0),
            VestingPlan::PublicSale => (0, YEAR_SECONDS, 2_500),
            VestingPlan::EcosystemDevelopment => (0, 5 * YEAR_SECONDS, 0),
        };
        Schedule {
            start,
            cliff_seconds,
            duration_seconds,
            immediate_bps,
        }
    }

    /// Only team grants can be revoked (docs/vesting.md §5).
    pub const fn revocable(self) -> bool {
        matches!(self, VestingPlan::TeamAndAdvisors)
    }

    pub const fn category(self) -> AllocationCategory {
        match self {
            VestingPlan::TeamAndAdvisors => AllocationCategory::TeamAndAdvisors,
            VestingPlan::EarlyInvestors => AllocationCategory::EarlyInvestors,
            VestingPlan::PublicSale => AllocationCategory::PublicSale,
            VestingPlan::EcosystemDevelopment => AllocationCategory::EcosystemDevelopment,
        }
    }
}

/// `immediate_bps` of the total is released at `start`; the rest releases linearly over
/// `duration_seconds` from `start`, but nothing of the linear part before `start + cliff_seconds`.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Schedule {
    pub start: Timestamp,
    pub cliff_seconds: u64,
    pub duration_seconds: u64,
    pub immediate_bps: u16,
}

impl Schedule {
    /// Amount of `total` vested at `now`, rounded down so the unvested side keeps any dust.
    pub fn vested(&self, total: Uint128, now: Timestamp) -> Uint128 {
        if now < self.start {
            return Uint128::zero();
        }
        let immediate = total.multiply_ratio(self.immediate_bps, BPS_DENOMINATOR);
        let elapsed = now.seconds() - self.start.seconds();
        if elapsed < self.cliff_seconds {
            return immediate;
        }
        if elapsed >= self.duration_seconds {
            return total;
        }
        // total - immediate cannot underflow: immediate_bps <= 10,000 is checked on creation.
        immediate + (total - immediate).multiply_ratio(elapsed, self.duration_seconds)
    }

    pub fn end(&self) -> Timestamp {
        self.start.plus_seconds(self.duration_seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const START: u64 = 1_700_000_000;

    #[test]
    fn team_plan_releases_nothing_before_the_cliff_then_a_quarter() {
        let s = VestingPlan::TeamAndAdvisors.schedule(Timestamp::from_seconds(START));
        let total = Uint128::new(4_000_000);
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS - 1)),
            Uint128::zero()
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS)),
            Uint128::new(1_000_000)
        );
        assert_eq!(s.vested(total, s.end()), total);
    }

    #[test]
    fn public_sale_releases_a_quarter_at_start() {
        let s = VestingPlan::PublicSale.schedule(Timestamp::from_seconds(START));
        let total = Uint128::new(1_000);
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START - 1)),
            Uint128::zero()
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START)),
            Uint128::new(250)
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS / 2)),
            Uint128::new(625)
        );
    }

    proptest! {
        /// docs/invariants.md §7: vested + unvested = grant at every time, and vesting never goes back.
        #[test]
        fn vested_is_monotone_and_bounded(
            plan_index in 0usize..4,
            total in 0u128..=1_000_000_000_000_000u128,
            t1 in 0u64..(7 * YEAR_SECONDS),
            dt in 0u64..(7 * YEAR_SECONDS),
        ) {
            let schedule = VestingPlan::ALL[plan_index].schedule(Timestamp::from_seconds(START));
            let total = Uint128::new(total);
            let a = schedule.vested(total, Timestamp::from_seconds(START - YEAR_SECONDS + t1));
            let b = schedule.vested(total, Timestamp::from_seconds(START - YEAR_SECONDS + t1 + dt));
            prop_assert!(a <= b);
            prop_assert!(b <= total);
            prop_assert_eq!(schedule.vested(total, schedule.end()), total);
        }
    }
}
