//! Running totals of token amounts: every add and subtract is checked, so an accounting bug is
//! a typed error that reverts the action, never a wrapped or saturated total.

use cosmwasm_std::{OverflowError, Uint128};

/// `total += amount`, refusing overflow.
pub fn add(total: &mut Uint128, amount: Uint128) -> Result<(), OverflowError> {
    *total = total.checked_add(amount)?;
    Ok(())
}

/// `total -= amount`, refusing to go below zero.
pub fn sub(total: &mut Uint128, amount: Uint128) -> Result<(), OverflowError> {
    *total = total.checked_sub(amount)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::OverflowOperation;

    #[test]
    fn totals_never_wrap() {
        let mut total = Uint128::new(5);
        add(&mut total, Uint128::new(3)).unwrap();
        sub(&mut total, Uint128::new(8)).unwrap();
        assert_eq!(total, Uint128::zero());
        assert_eq!(
            sub(&mut total, Uint128::one()),
            Err(OverflowError::new(OverflowOperation::Sub))
        );
        let mut full = Uint128::MAX;
        assert_eq!(
            add(&mut full, Uint128::one()),
            Err(OverflowError::new(OverflowOperation::Add))
        );
        assert_eq!(full, Uint128::MAX);
    }
}
