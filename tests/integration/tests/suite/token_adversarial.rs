//! Token attacks and bad inputs: minting after genesis, a genesis that breaks the allocation
//! (duplicate or missing categories and addresses, zero or wrong amounts, other decimals,
//! malformed addresses, team or investor tokens minted liquid, genesis grants that do not lock
//! exactly those allocations, a vesting that fails to instantiate), native funds at instantiate
//! and execute, transfers without balance, of zero or to a malformed address, and an allowance
//! overflow. Each gets its typed error.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, Addr, Api, StdError, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use infermesh_testing::{genesis_token_msg, holder_of, Suite, SuiteBuilder};
use infermesh_token::TokenError;
use infermesh_types::token::{AllocationCategory, InstantiateMsg, TOTAL_SUPPLY};
use infermesh_types::vesting::{GenesisGrant, VestingPlan};
use infermesh_vesting::VestingError;

use crate::fixtures::{allowance, fund_native, NATIVE};

fn genesis_with(edit: impl FnOnce(&mut InstantiateMsg)) -> Result<Suite, TokenError> {
    SuiteBuilder::new()
        .with_token_msg(edit)
        .try_build()
        .map_err(|e| e.downcast::<TokenError>().expect("a token error"))
}

/// The genesis vesting address, as the canonical message names it for the team allocation.
fn vesting_of(msg: &InstantiateMsg) -> Addr {
    let team = msg
        .allocations
        .iter()
        .find(|a| a.category == AllocationCategory::TeamAndAdvisors)
        .unwrap();
    MockApi::default().addr_validate(&team.address).unwrap()
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
        copy.address = MockApi::default().addr_make("other").into_string();
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
fn team_and_investor_allocations_cannot_be_minted_liquid() {
    // Each vested category, minted to its beneficiary's own account instead of into vesting.
    for (index, category) in [
        (2, AllocationCategory::TeamAndAdvisors),
        (3, AllocationCategory::EarlyInvestors),
    ] {
        let liquid = MockApi::default().addr_make(holder_of(category));
        let mut vesting = None;
        let err = genesis_with(|msg| {
            vesting = Some(vesting_of(msg));
            assert_eq!(msg.allocations[index].category, category);
            msg.allocations[index].address = liquid.to_string();
        })
        .err()
        .unwrap();
        assert_eq!(
            err,
            TokenError::VestedAllocationNotInVesting {
                category,
                address: liquid,
                vesting: vesting.unwrap(),
            }
        );
    }
    // Nor to a vesting contract of another code: its address is not the genesis one.
    let mut vesting = None;
    let other = MockApi::default().addr_make("another vesting");
    let err = genesis_with(|msg| {
        vesting = Some(vesting_of(msg));
        msg.allocations[2].address = other.to_string();
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::VestedAllocationNotInVesting {
            category: AllocationCategory::TeamAndAdvisors,
            address: other,
            vesting: vesting.unwrap(),
        }
    );
}

#[test]
fn no_liquid_allocation_goes_to_the_vesting_contract() {
    // Tokens in vesting that no genesis grant holds would be nobody's.
    let mut vesting = None;
    let err = genesis_with(|msg| {
        let address = vesting_of(msg);
        msg.allocations[4].address = address.to_string();
        vesting = Some(address);
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::DuplicateAddress {
            address: vesting.unwrap().to_string()
        }
    );
}

#[test]
fn genesis_grants_must_lock_exactly_the_vested_allocations() {
    let team = AllocationCategory::TeamAndAdvisors.genesis_amount();
    let investors = AllocationCategory::EarlyInvestors.genesis_amount();
    // One unit short: it would sit in vesting under no grant.
    let err = genesis_with(|msg| msg.vesting.grants[0].amount -= Uint128::one())
        .err()
        .unwrap();
    assert_eq!(
        err,
        TokenError::GenesisGrantsMismatch {
            category: AllocationCategory::TeamAndAdvisors,
            expected: team,
            got: team - Uint128::one(),
        }
    );
    // Team tokens under the investor plan would escape revocation.
    let err = genesis_with(|msg| {
        msg.vesting.grants[0].plan = VestingPlan::EarlyInvestors;
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::GenesisGrantsMismatch {
            category: AllocationCategory::TeamAndAdvisors,
            expected: team,
            got: Uint128::zero(),
        }
    );
    // No investor grant at all.
    let err = genesis_with(|msg| {
        msg.vesting.grants.pop();
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::GenesisGrantsMismatch {
            category: AllocationCategory::EarlyInvestors,
            expected: investors,
            got: Uint128::zero(),
        }
    );
    // The public sale is granted later by its holder, never at genesis.
    let err = genesis_with(|msg| {
        let mut extra = msg.vesting.grants[0].clone();
        extra.plan = VestingPlan::PublicSale;
        msg.vesting.grants.push(extra);
    })
    .err()
    .unwrap();
    assert_eq!(
        err,
        TokenError::NotAGenesisPlan {
            plan: VestingPlan::PublicSale
        }
    );
    // Several grants may share a category, as long as they add up to it.
    let dev = MockApi::default().addr_make("dev");
    let suite = genesis_with(|msg| {
        msg.vesting.grants[0].amount -= Uint128::new(1_000);
        msg.vesting.grants.push(GenesisGrant {
            beneficiary: dev.to_string(),
            plan: VestingPlan::TeamAndAdvisors,
            amount: Uint128::new(1_000),
        });
    })
    .unwrap();
    let grant = suite.grant(3).grant;
    assert_eq!(
        (grant.beneficiary, grant.granted, grant.funder),
        (dev, Uint128::new(1_000), suite.token.addr().clone())
    );
}

#[test]
fn a_vesting_that_fails_to_instantiate_fails_the_whole_genesis() {
    // The vesting contract refuses a malformed beneficiary, and the token's instantiate with it:
    // no token exists without its vesting.
    let err = SuiteBuilder::new()
        .with_token_msg(|msg| {
            msg.vesting.grants[1].beneficiary = msg.vesting.grants[1].beneficiary.to_uppercase()
        })
        .try_build()
        .err()
        .unwrap();
    assert_eq!(
        err.downcast::<VestingError>().unwrap(),
        VestingError::Std(StdError::generic_err(
            "Invalid input: address not normalized"
        ))
    );
    // A vesting code that does not exist: the token cannot know where its vesting would be.
    let err = genesis_with(|msg| msg.vesting.code_id = 99).err().unwrap();
    assert_eq!(
        err,
        TokenError::Std(StdError::generic_err(
            "Querier contract error: code id 99: no such code"
        ))
    );
}

#[test]
fn genesis_rejects_native_funds() {
    let mut suite = Suite::new();
    let funded = suite.addr("funded");
    fund_native(&mut suite, &funded, 10);
    let (msg, _, _, _) = genesis_token_msg(
        suite.app.api(),
        &suite.app.wrap(),
        &funded,
        suite.token_code,
        suite.vesting_code,
        suite.distributor_code,
        suite.dao_code,
    )
    .unwrap();
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
