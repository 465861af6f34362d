//! Token attacks and bad inputs: minting after genesis, a genesis that breaks the allocation
//! (duplicate or missing categories and addresses, zero or wrong amounts, other decimals,
//! malformed addresses), native funds at instantiate and execute, transfers without balance, of
//! zero or to a malformed address, and an allowance overflow. Each gets its typed error.

use cosmwasm_std::{coins, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use infermesh_testing::{Suite, SuiteBuilder};
use infermesh_token::TokenError;
use infermesh_types::token::{AllocationCategory, InstantiateMsg, TOTAL_SUPPLY};

use crate::fixtures::{allowance, fund_native, NATIVE};

fn genesis_with(edit: impl FnOnce(&mut InstantiateMsg)) -> Result<Suite, TokenError> {
    let api = cosmwasm_std::testing::MockApi::default();
    let mut msg = InstantiateMsg::genesis("InferMesh", "MESH", |c| {
        api.addr_make(&format!("{c:?}").to_lowercase())
            .into_string()
    });
    edit(&mut msg);
    SuiteBuilder::new()
        .with_token_msg(msg)
        .try_build()
        .map_err(|e| e.downcast::<TokenError>().expect("a token error"))
}

#[test]
fn nobody_can_mint_after_genesis() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let err = suite
        .token_execute(
            &owner,
            &Cw20ExecuteMsg::Mint {
                recipient: owner.to_string(),
                amount: Uint128::one(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Unauthorized {})
    );
    assert_eq!(suite.token_info().total_supply, TOTAL_SUPPLY);
}

#[test]
fn genesis_rejects_a_duplicate_category() {
    let err = genesis_with(|msg| {
        let mut copy = msg.allocations[1].clone();
        copy.address = cosmwasm_std::testing::MockApi::default()
            .addr_make("other")
            .into_string();
        msg.allocations.push(copy);
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::DuplicateCategory {
            category: AllocationCategory::CommunityTreasury
        }
    );
}

#[test]
fn genesis_rejects_a_duplicate_address() {
    let mut duplicate = String::new();
    let err = genesis_with(|msg| {
        duplicate = msg.allocations[0].address.clone();
        msg.allocations[6].address = duplicate.clone();
    })
    .err()
    .unwrap();
    assert_eq!(err, TokenError::DuplicateAddress { address: duplicate });
}

#[test]
fn genesis_rejects_a_zero_entry() {
    let err = genesis_with(|msg| msg.allocations[3].amount = Uint128::zero())
        .err()
        .unwrap();
    assert_eq!(
        err,
        TokenError::ZeroAllocation {
            category: AllocationCategory::EarlyInvestors
        }
    );
}

#[test]
fn genesis_rejects_amounts_that_do_not_match_the_share() {
    // Moving one unit between categories keeps the sum but breaks both shares.
    let err = genesis_with(|msg| {
        msg.allocations[0].amount -= Uint128::one();
        msg.allocations[1].amount += Uint128::one();
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::AllocationMismatch {
            category: AllocationCategory::ProviderRewards,
            expected: AllocationCategory::ProviderRewards.genesis_amount(),
            got: AllocationCategory::ProviderRewards.genesis_amount() - Uint128::one(),
        }
    );
}

#[test]
fn genesis_rejects_a_missing_category() {
    let err = genesis_with(|msg| {
        msg.allocations.pop();
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::MissingCategory {
            category: AllocationCategory::Liquidity
        }
    );
}

#[test]
fn genesis_rejects_other_decimals() {
    let err = genesis_with(|msg| msg.decimals = 18).err().unwrap();
    assert_eq!(
        err,
        TokenError::WrongDecimals {
            expected: 6,
            got: 18
        }
    );
}

#[test]
fn genesis_rejects_upper_case_and_malformed_addresses() {
    for bad in [
        |msg: &mut InstantiateMsg| {
            msg.allocations[2].address = msg.allocations[2].address.to_uppercase()
        },
        |msg: &mut InstantiateMsg| msg.allocations[2].address = "not-an-address".to_string(),
    ] {
        let err = genesis_with(bad).err().unwrap();
        assert!(matches!(err, TokenError::Std(_)), "{err:?}");
    }
}

#[test]
fn genesis_rejects_native_funds() {
    let mut suite = Suite::new();
    let funded = suite.addr("funded");
    fund_native(&mut suite, &funded, 10);
    let api = *suite.app.api();
    let msg = InstantiateMsg::genesis("InferMesh", "MESH", |c| {
        api.addr_make(&format!("{c:?}")).into_string()
    });
    let err = suite
        .app
        .instantiate_contract(
            suite.token_code,
            funded,
            &msg,
            &coins(10, NATIVE),
            "token",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::NativeFundsNotAccepted {}
    );
}

#[test]
fn execute_rejects_native_funds() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    fund_native(&mut suite, &holder, 10);
    let err = suite
        .app
        .execute_contract(
            holder.clone(),
            suite.token.addr().clone(),
            &Cw20ExecuteMsg::Transfer {
                recipient: suite.addr("bob").to_string(),
                amount: Uint128::one(),
            },
            &coins(1, NATIVE),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::NativeFundsNotAccepted {}
    );
}

#[test]
fn transfer_guards() {
    let mut suite = Suite::new();
    let bob = suite.addr("bob");
    let alice = suite.addr("alice");
    let err = suite.transfer(&bob, &alice, 1).unwrap_err();
    assert!(matches!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Std(_))
    ));
    let holder = suite.holder(AllocationCategory::Liquidity);
    let err = suite.transfer(&holder, &alice, 0).unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::ZeroAmount {}
    );
    let err = suite
        .token_execute(
            &holder,
            &Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string().to_uppercase(),
                amount: Uint128::one(),
            },
        )
        .unwrap_err();
    assert!(matches!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Std(_))
    ));
    assert_eq!(suite.balance(&alice), 0);
}

#[test]
fn allowance_overflow_is_a_typed_error_not_a_panic() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    let spender = suite.addr("spender");
    let increase = |amount: u128| Cw20ExecuteMsg::IncreaseAllowance {
        spender: spender.to_string(),
        amount: Uint128::new(amount),
        expires: None,
    };
    suite
        .token_execute(&holder, &increase(u128::MAX - 1))
        .unwrap();
    let err = suite.token_execute(&holder, &increase(2)).unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Overflow(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Add
        ))
    );
    assert_eq!(
        allowance(&suite, &holder, &spender),
        Uint128::new(u128::MAX - 1)
    );
}
