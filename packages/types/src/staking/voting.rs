//! Voting weight of stake: bonded stake counts 1.5x, rising with the remaining lock to 2x
//! (QUIVer §6.1).

use cosmwasm_std::{Decimal, Timestamp};

use crate::common::YEAR_SECONDS;

/// Voting multiplier of bonded stake (QUIVer §6.1).
pub const STAKED_MULTIPLIER: Decimal = Decimal::permille(1_500);
/// Voting multiplier of stake locked for a year or more.
pub const MAX_LOCKED_MULTIPLIER: Decimal = Decimal::permille(2_000);

/// Voting multiplier of stake whose lock ends at `locked_until`, evaluated at `at`: 1.5x for
/// bonded stake, rising linearly with the *remaining* lock time to 2x at one year or more.
pub fn voting_multiplier(locked_until: Option<Timestamp>, at: Timestamp) -> Decimal {
    let remaining = match locked_until {
        Some(until) if until > at => until.seconds() - at.seconds(),
        _ => return STAKED_MULTIPLIER,
    };
    let bonus = MAX_LOCKED_MULTIPLIER - STAKED_MULTIPLIER;
    STAKED_MULTIPLIER + bonus * Decimal::from_ratio(remaining.min(YEAR_SECONDS), YEAR_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplier_rises_with_remaining_lock() {
        let now = Timestamp::from_seconds(1_000);
        assert_eq!(voting_multiplier(None, now), STAKED_MULTIPLIER);
        assert_eq!(
            voting_multiplier(Some(now.plus_seconds(YEAR_SECONDS)), now),
            MAX_LOCKED_MULTIPLIER
        );
        assert_eq!(
            voting_multiplier(Some(now.plus_seconds(YEAR_SECONDS / 2)), now),
            Decimal::permille(1_750)
        );
        assert_eq!(voting_multiplier(Some(now), now), STAKED_MULTIPLIER);
    }
}
