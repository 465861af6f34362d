//! Payee credits: a contract that owes many payees per job credits them in its own storage and
//! lets each collect any number of jobs' earnings with one withdrawal, instead of sending one
//! token transfer per payee per job (a cw20 transfer is a contract call; a credit is one write).
//!
//! The contract keeps the sum of credits in its totals, so its solvency invariant covers them:
//! tokens held ≥ what it holds for users + credits.

use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use cw_storage_plus::Map;
use thiserror::Error;

/// payee → tokens credited and not yet withdrawn.
pub const CREDITS: Map<&Addr, Uint128> = Map::new("credits");

#[derive(Error, Debug, PartialEq)]
pub enum CreditError {
    #[error("{payee} has no credit to withdraw")]
    NothingToWithdraw { payee: Addr },
}

/// Credits each (payee, amount); returns the sum credited.
pub fn credit_all(
    storage: &mut dyn Storage,
    entries: impl IntoIterator<Item = (Addr, Uint128)>,
) -> StdResult<Uint128> {
    let mut total = Uint128::zero();
    for (payee, amount) in entries {
        if amount.is_zero() {
            continue;
        }
        let balance = credit_of(storage, &payee)?.checked_add(amount)?;
        CREDITS.save(storage, &payee, &balance)?;
        total = total.checked_add(amount)?;
    }
    Ok(total)
}

/// The payee's credit.
pub fn credit_of(storage: &dyn Storage, payee: &Addr) -> StdResult<Uint128> {
    Ok(CREDITS.may_load(storage, payee)?.unwrap_or_default())
}

/// Takes the payee's whole credit out; the caller transfers it.
pub fn take_credit(storage: &mut dyn Storage, payee: &Addr) -> Result<Uint128, CreditError> {
    let amount = credit_of(storage, payee).unwrap_or_default();
    if amount.is_zero() {
        return Err(CreditError::NothingToWithdraw {
            payee: payee.clone(),
        });
    }
    CREDITS.remove(storage, payee);
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{MockApi, MockStorage};

    use super::*;

    #[test]
    fn credits_accumulate_and_are_taken_whole() {
        let mut storage = MockStorage::new();
        let api = MockApi::default();
        let (a, b) = (api.addr_make("a"), api.addr_make("b"));
        let credited = credit_all(
            &mut storage,
            [
                (a.clone(), Uint128::new(5)),
                (b.clone(), Uint128::zero()),
                (a.clone(), Uint128::new(7)),
            ],
        )
        .unwrap();
        assert_eq!(credited, Uint128::new(12));
        assert_eq!(credit_of(&storage, &a).unwrap(), Uint128::new(12));
        assert_eq!(take_credit(&mut storage, &a), Ok(Uint128::new(12)));
        assert_eq!(
            take_credit(&mut storage, &a),
            Err(CreditError::NothingToWithdraw { payee: a })
        );
        assert_eq!(
            take_credit(&mut storage, &b),
            Err(CreditError::NothingToWithdraw { payee: b })
        );
    }
}
