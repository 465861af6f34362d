//! Token attacks and bad inputs: minting after genesis, a genesis that breaks the allocation
//! (duplicate or missing categories and addresses, zero or wrong amounts, other decimals,
//! malformed addresses, team or investor tokens minted liquid, genesis grants that do not lock
//! exactly those allocations, a vesting that fails to instantiate), native funds at instantiate
//! and execute, transfers without balance, of zero or to a malformed address, and an allowance
//! overflow. Each gets its typed error. Rows of the adversarial checklist (docs/adversarial.md)
//! carry their id in the test name.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, Addr, Api, Binary, OverflowError, OverflowOperation, StdError, Uint128};
use cw20::{AllAccountsResponse, Cw20ExecuteMsg, Cw20QueryMsg, EmbeddedLogo, Expiration, Logo};
use cw_multi_test::Executor;
use infermesh_testing::{genesis_token_msg, holder_of, Suite, SuiteBuilder};
use infermesh_token::TokenError;
use infermesh_types::token::{AllocationCategory, InstantiateMsg, TOTAL_SUPPLY};
use infermesh_types::vesting::{GenesisGrant, VestingPlan};
use infermesh_vesting::VestingError;

use crate::fixtures::{allowance, fund_native, NATIVE};
use crate::rows::{
    refused, x10_migration_only_from_an_older_version, x14_no_panics_in_the_contract_source,
    x15_only_the_dao_is_wasm_admin,
};

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
fn t2_nobody_can_mint_after_genesis() {
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
fn x4_genesis_rejects_a_duplicate_category() {
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
fn t3_genesis_rejects_a_duplicate_address() {
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
fn x5_genesis_rejects_a_zero_entry() {
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
fn x11_genesis_rejects_amounts_that_do_not_match_the_share() {
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
fn x11_genesis_rejects_a_missing_category() {
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
fn x11_genesis_rejects_other_decimals() {
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
fn x3_genesis_rejects_upper_case_and_malformed_addresses() {
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
fn x9_a_vesting_that_fails_to_instantiate_fails_the_whole_genesis() {
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
fn x7_genesis_rejects_native_funds() {
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
fn x7_execute_rejects_native_funds() {
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
fn t1_transfer_guards() {
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
fn x6_allowance_overflow_is_a_typed_error_not_a_panic() {
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

/// A genesis whose marketing account is `marketer`, so the marketing messages have an owner to
/// refuse strangers for.
fn with_marketer() -> (Suite, Addr) {
    let marketer = MockApi::default().addr_make("marketer");
    let suite = SuiteBuilder::new()
        .with_token_msg(|msg| {
            msg.marketing = Some(infermesh_types::token::MarketingInfo {
                project: Some("InferMesh".into()),
                description: None,
                marketing: Some(marketer.to_string()),
                logo: None,
            })
        })
        .build();
    (suite, marketer)
}

fn token_refuses(suite: &mut Suite, sender: &Addr, msg: &Cw20ExecuteMsg, expected: TokenError) {
    let token = suite.token.addr().clone();
    let sender = sender.clone();
    refused(suite, &token, expected, |suite| {
        suite.token_execute(&sender, msg)
    });
}

/// The token has no owner: its privileged messages are cw20-base's minter and marketing ones,
/// and a stranger gets `Unauthorized` for each (the mint is row T2).
#[test]
fn x1_strangers_cannot_touch_the_minter_or_the_marketing() {
    let (mut suite, _) = with_marketer();
    let stranger = suite.addr("stranger");
    for msg in [
        Cw20ExecuteMsg::UpdateMinter {
            new_minter: Some(stranger.to_string()),
        },
        Cw20ExecuteMsg::UpdateMarketing {
            project: None,
            description: Some("mine".into()),
            marketing: Some(stranger.to_string()),
        },
        Cw20ExecuteMsg::UploadLogo(Logo::Url("https://example.invalid/x.png".into())),
    ] {
        token_refuses(
            &mut suite,
            &stranger,
            &msg,
            TokenError::Cw20(cw20_base::ContractError::Unauthorized {}),
        );
    }
}

#[test]
fn x10_migration_only_from_an_older_token() {
    let mut suite = Suite::new();
    let token = suite.token.addr().clone();
    x10_migration_only_from_an_older_version::<TokenError>(
        &mut suite,
        &token,
        infermesh_token::contract::CONTRACT_NAME,
    );
}

/// cw20-base's account and allowance pages stop at 30, and a start that is no holder pages on
/// from the next address after it.
#[test]
fn x13_account_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    for i in 0..40 {
        let to = suite.addr(&format!("holder{i}"));
        suite.transfer(&holder, &to, 1).unwrap();
    }
    let accounts = |suite: &Suite, start_after: Option<String>| -> Vec<String> {
        let response: AllAccountsResponse = suite
            .app
            .wrap()
            .query_wasm_smart(
                suite.token.addr(),
                &Cw20QueryMsg::AllAccounts {
                    start_after,
                    limit: Some(u32::MAX),
                },
            )
            .unwrap();
        response.accounts
    };
    let all = accounts(&suite, None);
    assert_eq!(all.len(), 30);
    let nobody = suite.addr("nobody").to_string();
    let next = accounts(&suite, Some(nobody.clone()));
    assert!(!next.is_empty() && next.len() <= 30);
    assert!(next.iter().all(|account| *account > nobody));
}

#[test]
fn x14_no_panics_in_the_token() {
    x14_no_panics_in_the_contract_source("token");
}

#[test]
fn x15_only_the_dao_migrates_the_token() {
    let mut suite = Suite::new();
    let token = suite.token.addr().clone();
    x15_only_the_dao_is_wasm_admin(&mut suite, &token);
}

/// A spend beyond an allowance, an expired allowance and an allowance to oneself are refused
/// with cw20-base's errors, and nothing moves.
#[test]
fn t1_allowances_are_spent_only_within_their_amount_and_time_and_never_to_oneself() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    let (spender, bob) = (suite.addr("spender"), suite.addr("bob"));
    let at = suite.app.block_info().height + 10;
    suite
        .token_execute(
            &holder,
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(100),
                expires: Some(Expiration::AtHeight(at)),
            },
        )
        .unwrap();
    let spend = |amount: u128| Cw20ExecuteMsg::TransferFrom {
        owner: holder.to_string(),
        recipient: bob.to_string(),
        amount: Uint128::new(amount),
    };
    token_refuses(
        &mut suite,
        &spender,
        &spend(101),
        TokenError::Cw20(cw20_base::ContractError::Std(StdError::overflow(
            OverflowError::new(OverflowOperation::Sub),
        ))),
    );
    suite.token_execute(&spender, &spend(40)).unwrap();
    suite.advance_blocks(10);
    token_refuses(
        &mut suite,
        &spender,
        &spend(1),
        TokenError::Cw20(cw20_base::ContractError::Expired {}),
    );
    token_refuses(
        &mut suite,
        &holder,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: holder.to_string(),
            amount: Uint128::new(1),
            expires: None,
        },
        TokenError::Cw20(cw20_base::ContractError::CannotSetOwnAccount {}),
    );
    assert_eq!(suite.balance(&bob), 40);
}

/// A logo over 5 KB, an SVG that is no XML and a PNG without its header are refused.
#[test]
fn t6_oversized_and_malformed_logos_are_refused() {
    let (mut suite, marketer) = with_marketer();
    for (logo, expected) in [
        (
            EmbeddedLogo::Png(Binary::from(vec![0u8; 5 * 1024 + 1])),
            cw20_base::ContractError::LogoTooBig {},
        ),
        (
            EmbeddedLogo::Svg(Binary::from(b"not xml".to_vec())),
            cw20_base::ContractError::InvalidXmlPreamble {},
        ),
        (
            EmbeddedLogo::Png(Binary::from(b"GIF89a....".to_vec())),
            cw20_base::ContractError::InvalidPngHeader {},
        ),
    ] {
        token_refuses(
            &mut suite,
            &marketer,
            &Cw20ExecuteMsg::UploadLogo(Logo::Embedded(logo)),
            TokenError::Cw20(expected),
        );
    }
}
