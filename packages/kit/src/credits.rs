//! Payee credits: a contract that owes many payees per job credits them in its own storage and
//! lets each collect any number of jobs' earnings with one withdrawal, instead of sending one
//! token transfer per payee per job (a cw20 transfer is a contract call; a credit is one write).
//!
//! The contract keeps the sum of credits in its totals, so its solvency invariant covers them:
//! tokens held ≥ what it holds for users + credits + protocol fees.
//!
//! The two protocol payees every job pays, the treasury and the governance pool, and the half of
//! the network fee that is burned are not credited per job but summed in [`ProtocolFees`], which
//! the contract keeps inside the totals record every job rewrites anyway: a job then adds no
//! storage write and no token call for them. A payee's [`withdraw`] takes its credit and what the
//! protocol fees owe it, and every withdrawal carries the pending burn with it.

use cosmwasm_std::{Addr, StdError, StdResult, Storage, Uint128};

use crate::codec::{Reader, Writer};
use cw_storage_plus::Map;
use thiserror::Error;

/// payee → tokens credited and not yet withdrawn.
pub const CREDITS: Map<&Addr, Uint128> = Map::new("credits");

#[derive(Error, Debug, PartialEq)]
pub enum CreditError {
    #[error("{payee} has no credit to withdraw")]
    NothingToWithdraw { payee: Addr },

    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{payee} has a credit of {credit}; {amount} is needed")]
    InsufficientCredit {
        payee: Addr,
        credit: Uint128,
        amount: Uint128,
    },
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

/// Spends `amount` of the payee's credit inside the contract (e.g. a consumer's deposit and
/// refunds funding its next bill); the caller moves it out of its credit total.
pub fn spend_credit(
    storage: &mut dyn Storage,
    payee: &Addr,
    amount: Uint128,
) -> Result<(), CreditError> {
    let credit = credit_of(storage, payee).unwrap_or_default();
    let left = credit
        .checked_sub(amount)
        .map_err(|_| CreditError::InsufficientCredit {
            payee: payee.clone(),
            credit,
            amount,
        })?;
    if left.is_zero() {
        CREDITS.remove(storage, payee);
    } else {
        CREDITS.save(storage, payee, &left)?;
    }
    Ok(())
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

/// What a contract owes its protocol payees and the burn, kept as sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProtocolFees {
    /// Owed to the treasury.
    pub treasury: Uint128,
    /// Owed to the governance pool (the distributor, or the treasury until one is set).
    pub pool: Uint128,
    /// Network fees to burn, burned with the next withdrawal.
    pub burn: Uint128,
}

/// Who the protocol fees are owed to now; the pool may be the treasury.
#[derive(Clone, Copy)]
pub struct ProtocolPayees<'a> {
    pub treasury: &'a Addr,
    pub pool: &'a Addr,
}

impl ProtocolFees {
    /// Everything still owed: covered by the solvency invariant.
    pub fn owed(&self) -> StdResult<Uint128> {
        Ok(self
            .treasury
            .checked_add(self.pool)?
            .checked_add(self.burn)?)
    }

    /// What a withdrawal by `payee` would take from the fees.
    pub fn owed_to(&self, payee: &Addr, payees: ProtocolPayees) -> Uint128 {
        let treasury = if payee == payees.treasury {
            self.treasury
        } else {
            Uint128::zero()
        };
        let pool = if payee == payees.pool {
            self.pool
        } else {
            Uint128::zero()
        };
        treasury.saturating_add(pool)
    }

    pub fn pack(&self, w: &mut Writer) {
        w.put(self.treasury.u128());
        w.put(self.pool.u128());
        w.put(self.burn.u128());
    }

    /// A corrupt value marks `r` failed ([`Reader::finish`] refuses it).
    pub fn unpack(r: &mut Reader) -> Self {
        ProtocolFees {
            treasury: Uint128::new(r.get()),
            pool: Uint128::new(r.get()),
            burn: Uint128::new(r.get()),
        }
    }
}

/// One withdrawal: `amount` to transfer to the payee, `burn` to burn along with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    pub amount: Uint128,
    pub burn: Uint128,
}

/// Takes out `payee`'s credit, `kept` (a credit the contract keeps elsewhere for it, already
/// taken out by the caller; zero if none) and what `fees` owe it, and the pending burn; the
/// caller transfers and burns them and subtracts `credited` (the credit and `kept`) from its
/// credit total.
pub fn withdraw(
    storage: &mut dyn Storage,
    fees: &mut ProtocolFees,
    payees: ProtocolPayees,
    payee: &Addr,
    kept: Uint128,
) -> Result<(Withdrawal, Uint128), CreditError> {
    let stored = credit_of(storage, payee).unwrap_or_default();
    let credited = stored.saturating_add(kept);
    let from_fees = fees.owed_to(payee, payees);
    let amount = credited.saturating_add(from_fees);
    if amount.is_zero() {
        return Err(CreditError::NothingToWithdraw {
            payee: payee.clone(),
        });
    }
    if !stored.is_zero() {
        CREDITS.remove(storage, payee);
    }
    if payee == payees.treasury {
        fees.treasury = Uint128::zero();
    }
    if payee == payees.pool {
        fees.pool = Uint128::zero();
    }
    let burn = std::mem::take(&mut fees.burn);
    Ok((Withdrawal { amount, burn }, credited))
}

/// Before the treasury or the pool changes, what the fees owe the current payees becomes their
/// credit, so a change of payee never redirects what was earned before it. Returns the sum moved
/// into credits.
pub fn credit_protocol_payees(
    storage: &mut dyn Storage,
    fees: &mut ProtocolFees,
    payees: ProtocolPayees,
) -> StdResult<Uint128> {
    let treasury = std::mem::take(&mut fees.treasury);
    let pool = std::mem::take(&mut fees.pool);
    credit_all(
        storage,
        [
            (payees.treasury.clone(), treasury),
            (payees.pool.clone(), pool),
        ],
    )
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

    #[test]
    fn credit_is_spent_up_to_what_is_there() {
        let mut storage = MockStorage::new();
        let a = MockApi::default().addr_make("a");
        credit_all(&mut storage, [(a.clone(), Uint128::new(10))]).unwrap();
        assert_eq!(
            spend_credit(&mut storage, &a, Uint128::new(11)),
            Err(CreditError::InsufficientCredit {
                payee: a.clone(),
                credit: Uint128::new(10),
                amount: Uint128::new(11)
            })
        );
        spend_credit(&mut storage, &a, Uint128::new(4)).unwrap();
        assert_eq!(credit_of(&storage, &a).unwrap(), Uint128::new(6));
        spend_credit(&mut storage, &a, Uint128::new(6)).unwrap();
        assert!(CREDITS.may_load(&storage, &a).unwrap().is_none());
    }

    fn fees(treasury: u128, pool: u128, burn: u128) -> ProtocolFees {
        ProtocolFees {
            treasury: Uint128::new(treasury),
            pool: Uint128::new(pool),
            burn: Uint128::new(burn),
        }
    }

    #[test]
    fn withdrawals_take_credit_and_owed_fees_and_carry_the_burn() {
        let mut storage = MockStorage::new();
        let api = MockApi::default();
        let (treasury, pool, provider) = (
            api.addr_make("treasury"),
            api.addr_make("pool"),
            api.addr_make("provider"),
        );
        let payees = ProtocolPayees {
            treasury: &treasury,
            pool: &pool,
        };
        credit_all(&mut storage, [(provider.clone(), Uint128::new(40))]).unwrap();
        let mut owed = fees(10, 20, 6);
        assert_eq!(owed.owed().unwrap(), Uint128::new(36));
        let taken = withdraw(&mut storage, &mut owed, payees, &provider, Uint128::zero()).unwrap();
        assert_eq!(
            taken,
            (
                Withdrawal {
                    amount: Uint128::new(40),
                    burn: Uint128::new(6)
                },
                Uint128::new(40)
            )
        );
        assert_eq!(owed, fees(10, 20, 0));
        let taken = withdraw(&mut storage, &mut owed, payees, &pool, Uint128::new(3)).unwrap();
        // The pool's 20 and the 3 the contract kept for it elsewhere.
        assert_eq!(taken.0.amount, Uint128::new(23));
        assert_eq!(taken.1, Uint128::new(3));
        assert_eq!(owed, fees(10, 0, 0));
        assert_eq!(
            withdraw(&mut storage, &mut owed, payees, &pool, Uint128::zero()),
            Err(CreditError::NothingToWithdraw {
                payee: pool.clone()
            })
        );
        // The pool is the treasury until a distributor exists: one withdrawal takes both.
        let mut owed = fees(10, 20, 0);
        let same = ProtocolPayees {
            treasury: &treasury,
            pool: &treasury,
        };
        let taken = withdraw(&mut storage, &mut owed, same, &treasury, Uint128::zero()).unwrap();
        assert_eq!(taken.0.amount, Uint128::new(30));
        assert_eq!(owed, ProtocolFees::default());
    }

    #[test]
    fn a_payee_change_credits_what_was_owed_before_it() {
        let mut storage = MockStorage::new();
        let api = MockApi::default();
        let (treasury, pool) = (api.addr_make("treasury"), api.addr_make("pool"));
        let payees = ProtocolPayees {
            treasury: &treasury,
            pool: &pool,
        };
        let mut owed = fees(10, 20, 6);
        let moved = credit_protocol_payees(&mut storage, &mut owed, payees).unwrap();
        assert_eq!(moved, Uint128::new(30));
        assert_eq!(owed, fees(0, 0, 6));
        assert_eq!(credit_of(&storage, &treasury).unwrap(), Uint128::new(10));
        assert_eq!(credit_of(&storage, &pool).unwrap(), Uint128::new(20));
    }

    #[test]
    fn fees_pack_round_trip() {
        let owed = fees(u128::MAX, 0, 77);
        let mut w = Writer::default();
        owed.pack(&mut w);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes, "fees");
        assert_eq!(ProtocolFees::unpack(&mut r), owed);
        r.finish().unwrap();
    }
}
