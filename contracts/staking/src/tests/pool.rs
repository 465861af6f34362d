//! Pool share and reward arithmetic.

use cosmwasm_std::{Decimal, Decimal256, Uint128};

use crate::pool::*;
use crate::state::{Pool, RewardDebt};

fn pool(tokens: u128, shares: u128) -> Pool {
    Pool {
        tokens: Uint128::new(tokens),
        shares: Uint128::new(shares),
    }
}

#[test]
fn rounding_favours_the_pool() {
    let p = pool(10, 3);
    assert_eq!(
        p.shares_for_deposit(Uint128::new(4)).unwrap(),
        Uint128::new(1)
    );
    assert_eq!(p.value_of(Uint128::new(1)).unwrap(), Uint128::new(3));
    assert_eq!(
        p.shares_for_withdrawal(Uint128::new(4)).unwrap(),
        Uint128::new(2)
    );
    assert_eq!(
        p.shares_for_withdrawal(Uint128::new(10)).unwrap(),
        Uint128::new(3)
    );
}

#[test]
fn slash_never_empties_a_pool() {
    let mut p = pool(1, 1);
    assert_eq!(p.slash(Decimal::percent(20)).unwrap(), Uint128::zero());
    assert_eq!(p.tokens, Uint128::one());
    let mut p = pool(1_000, 1_000);
    assert_eq!(p.slash(Decimal::percent(5)).unwrap(), Uint128::new(50));
    assert_eq!(p.value_of(Uint128::new(100)).unwrap(), Uint128::new(95));
}

#[test]
fn rewards_settle_by_shares() {
    let acc = accrue(Decimal256::zero(), Uint128::new(100), Uint128::new(3)).unwrap();
    let mut debt = RewardDebt::default();
    settle(&mut debt, Uint128::new(1), acc).unwrap();
    assert_eq!(debt.pending, Uint128::new(33));
    settle(&mut debt, Uint128::new(1), acc).unwrap();
    assert_eq!(debt.pending, Uint128::new(33));
}
