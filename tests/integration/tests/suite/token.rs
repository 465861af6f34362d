//! Token: genesis, the full cw20-base surface, migration. Attacks and bad inputs are in
//! `token_adversarial`.

use cosmwasm_std::{to_json_binary, Binary, Uint128, WasmMsg};
use cw20::{
    AllAccountsResponse, AllAllowancesResponse, Cw20ExecuteMsg, Cw20QueryMsg, Expiration, Logo,
    MarketingInfoResponse, MinterResponse,
};
use cw_multi_test::Executor;
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_testing::{genesis_token_msg, Suite, SuiteBuilder, TOKEN_SALT};
use infermesh_token::TokenError;
use infermesh_types::token::{AllocationCategory, GenesisAllocation, GenesisVesting, TOTAL_SUPPLY};
use infermesh_types::vesting::{FunderEntry, GenesisGrant, VestingPlan};

use crate::fixtures::allowance;

#[test]
fn genesis_mints_each_category_its_share_and_leaves_no_minter() {
    let suite = Suite::new();
    let info = suite.token_info();
    assert_eq!(info.total_supply, TOTAL_SUPPLY);
    assert_eq!(info.decimals, 6);
    let mut vested = Uint128::zero();
    for category in AllocationCategory::ALL {
        let holder = Uint128::new(suite.balance(&suite.holder(category)));
        if category.vested_at_genesis() {
            // Locked in vesting: the beneficiary account holds nothing liquid.
            assert_eq!(holder, Uint128::zero(), "{category:?}");
            vested += category.genesis_amount();
        } else {
            assert_eq!(holder, category.genesis_amount(), "{category:?}");
        }
    }
    assert_eq!(Uint128::new(suite.balance(suite.vesting.addr())), vested);
    let minter: Option<MinterResponse> = suite
        .app
        .wrap()
        .query_wasm_smart(suite.token.addr(), &Cw20QueryMsg::Minter {})
        .unwrap();
    assert_eq!(minter, None);
}

#[test]
fn genesis_instantiates_the_vesting_contract_at_its_instantiate2_address() {
    // The same genesis, replayed by hand, to read its events: the vesting contract is created by
    // the token, in the token's own transaction, at the address the allocations named.
    let mut app = cw_multi_test::App::default();
    let owner = app.api().addr_make("dao");
    let token_code = app.store_code(infermesh_testing::token_contract());
    let vesting_code = app.store_code(infermesh_testing::vesting_contract());
    let distributor_code = app.store_code(infermesh_testing::distributor_contract());
    let dao_code = app.store_code(infermesh_testing::dao_contract());
    let (msg, vesting, distributor, _) = genesis_token_msg(
        app.api(),
        &app.wrap(),
        &owner,
        token_code,
        vesting_code,
        distributor_code,
        dao_code,
    )
    .unwrap();
    // The provider-rewards allocation goes to the distributor's instantiate2 address.
    assert!(msg.allocations.iter().any(|a| a.category
        == infermesh_types::token::AllocationCategory::ProviderRewards
        && a.address == distributor.as_str()));
    let response = app
        .execute(
            owner.clone(),
            WasmMsg::Instantiate2 {
                admin: Some(owner.to_string()),
                code_id: token_code,
                label: "token".into(),
                msg: to_json_binary(&msg).unwrap(),
                funds: vec![],
                salt: TOKEN_SALT.into(),
            }
            .into(),
        )
        .unwrap();
    let instantiated: Vec<(String, String)> = response
        .events
        .iter()
        .filter(|event| event.ty == "instantiate")
        .map(|event| {
            let attribute = |key: &str| {
                event
                    .attributes
                    .iter()
                    .find(|a| a.key == key)
                    .map(|a| a.value.clone())
                    .unwrap()
            };
            (attribute("_contract_address"), attribute("code_id"))
        })
        .collect();
    let token = instantiated[0].0.clone();
    assert_eq!(
        instantiated,
        vec![
            (token.clone(), token_code.to_string()),
            (vesting.to_string(), vesting_code.to_string())
        ]
    );
    let token_event = response
        .events
        .iter()
        .find(|event| {
            event.ty == "wasm"
                && event
                    .attributes
                    .iter()
                    .any(|a| a.key == "action" && a.value == "instantiate_token")
        })
        .unwrap();
    let checksum = app
        .wrap()
        .query_wasm_code_info(vesting_code)
        .unwrap()
        .checksum;
    for (key, value) in [
        ("vesting", vesting.to_string()),
        ("vesting_code_id", vesting_code.to_string()),
        ("vesting_checksum", checksum.to_hex()),
        (
            "allocation_teamandadvisors",
            format!(
                "{vesting}:{}",
                AllocationCategory::TeamAndAdvisors.genesis_amount()
            ),
        ),
    ] {
        assert!(
            token_event
                .attributes
                .iter()
                .any(|a| a.key == key && a.value == value),
            "{key}={value} in {token_event:?}"
        );
    }
    // The vesting contract's wasm admin and creator: the owner, and the token.
    let info = app.wrap().query_wasm_contract_info(&vesting).unwrap();
    assert_eq!(
        (info.creator.as_str(), info.admin),
        (token.as_str(), Some(owner))
    );
}

#[test]
fn transfer_send_and_burn() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    let bob = suite.addr("bob");
    suite.transfer(&holder, &bob, 1_000).unwrap();
    assert_eq!(suite.balance(&bob), 1_000);

    let receiver = suite.receiver.clone();
    suite.send(&bob, &receiver, 400, &"hello").unwrap();
    assert_eq!(suite.balance(&receiver), 400);

    suite
        .token_execute(
            &bob,
            &Cw20ExecuteMsg::Burn {
                amount: Uint128::new(100),
            },
        )
        .unwrap();
    assert_eq!(suite.balance(&bob), 500);
    assert_eq!(
        suite.token_info().total_supply,
        TOTAL_SUPPLY - Uint128::new(100)
    );
}

#[test]
fn allowances_with_expiry_and_from_variants() {
    let mut suite = Suite::new();
    let holder = suite.holder(AllocationCategory::Liquidity);
    let spender = suite.addr("spender");
    let bob = suite.addr("bob");
    let height = suite.app.block_info().height;
    suite
        .token_execute(
            &holder,
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(300),
                expires: Some(Expiration::AtHeight(height + 10)),
            },
        )
        .unwrap();
    suite
        .token_execute(
            &spender,
            &Cw20ExecuteMsg::TransferFrom {
                owner: holder.to_string(),
                recipient: bob.to_string(),
                amount: Uint128::new(100),
            },
        )
        .unwrap();
    let receiver = suite.receiver.to_string();
    suite
        .token_execute(
            &spender,
            &Cw20ExecuteMsg::SendFrom {
                owner: holder.to_string(),
                contract: receiver,
                amount: Uint128::new(50),
                msg: Binary::default(),
            },
        )
        .unwrap();
    suite
        .token_execute(
            &spender,
            &Cw20ExecuteMsg::BurnFrom {
                owner: holder.to_string(),
                amount: Uint128::new(50),
            },
        )
        .unwrap();
    assert_eq!(allowance(&suite, &holder, &spender), Uint128::new(100));
    let all: AllAllowancesResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.token.addr(),
            &Cw20QueryMsg::AllAllowances {
                owner: holder.to_string(),
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(all.allowances.len(), 1);

    // Over the allowance, then past expiry: both refused.
    let err = suite
        .token_execute(
            &spender,
            &Cw20ExecuteMsg::TransferFrom {
                owner: holder.to_string(),
                recipient: bob.to_string(),
                amount: Uint128::new(101),
            },
        )
        .unwrap_err();
    assert!(matches!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Std(_))
    ));
    suite.advance_blocks(11);
    let err = suite
        .token_execute(
            &spender,
            &Cw20ExecuteMsg::TransferFrom {
                owner: holder.to_string(),
                recipient: bob.to_string(),
                amount: Uint128::new(1),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Expired {})
    );
    suite
        .token_execute(
            &holder,
            &Cw20ExecuteMsg::DecreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(1_000),
                expires: None,
            },
        )
        .unwrap();
    assert_eq!(suite.balance(&bob), 100);
}

#[test]
fn marketing_logo_and_enumerations() {
    let marketer = cosmwasm_std::testing::MockApi::default().addr_make("marketer");
    let mut suite = SuiteBuilder::new()
        .with_token_msg(|msg| {
            msg.marketing = Some(infermesh_types::token::MarketingInfo {
                project: Some("InferMesh".into()),
                description: Some("AI compute marketplace token".into()),
                marketing: Some(marketer.to_string()),
                logo: Some(Logo::Url("https://example.invalid/logo.png".into())),
            })
        })
        .build();
    suite
        .token_execute(
            &marketer,
            &Cw20ExecuteMsg::UpdateMarketing {
                project: None,
                description: Some("updated".into()),
                marketing: None,
            },
        )
        .unwrap();
    let info: MarketingInfoResponse = suite
        .app
        .wrap()
        .query_wasm_smart(suite.token.addr(), &Cw20QueryMsg::MarketingInfo {})
        .unwrap();
    assert_eq!(info.description.as_deref(), Some("updated"));
    let stranger = suite.addr("stranger");
    let err = suite
        .token_execute(
            &stranger,
            &Cw20ExecuteMsg::UploadLogo(Logo::Url("https://example.invalid/x.png".into())),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Cw20(cw20_base::ContractError::Unauthorized {})
    );

    let accounts: AllAccountsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.token.addr(),
            &Cw20QueryMsg::AllAccounts {
                start_after: None,
                limit: Some(30),
            },
        )
        .unwrap();
    // Seven categories, six accounts: the team and investor allocations share the vesting contract.
    assert_eq!(accounts.accounts.len(), 6);
    let first_page: AllAccountsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.token.addr(),
            &Cw20QueryMsg::AllAccounts {
                start_after: None,
                limit: Some(3),
            },
        )
        .unwrap();
    let second_page: AllAccountsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.token.addr(),
            &Cw20QueryMsg::AllAccounts {
                start_after: first_page.accounts.last().cloned(),
                limit: Some(30),
            },
        )
        .unwrap();
    assert_eq!(first_page.accounts.len() + second_page.accounts.len(), 6);
}

#[test]
fn migrate_only_from_an_older_version() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let token = suite.token.addr().clone();
    let code = suite.token_code;
    let err = suite
        .app
        .migrate_contract(owner.clone(), token.clone(), &MigrateMsg {}, code)
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Migration(MigrationError::NotOlder {
            stored_version: env!("CARGO_PKG_VERSION").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    );
    // An older version of the same contract migrates; another contract's state does not.
    cw2::set_contract_version(
        &mut *suite.app.contract_storage_mut(&token),
        infermesh_token::contract::CONTRACT_NAME,
        "0.0.1",
    )
    .unwrap();
    let response = suite
        .app
        .migrate_contract(owner.clone(), token.clone(), &MigrateMsg {}, code)
        .unwrap();
    assert!(response.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "from_version" && a.value == "0.0.1")));
    cw2::set_contract_version(
        &mut *suite.app.contract_storage_mut(&token),
        "crates.io:cw20-base",
        "0.0.1",
    )
    .unwrap();
    let err = suite
        .app
        .migrate_contract(owner, token, &MigrateMsg {}, code)
        .unwrap_err();
    assert_eq!(
        err.downcast::<TokenError>().unwrap(),
        TokenError::Migration(MigrationError::WrongContract {
            stored_name: "crates.io:cw20-base".to_string(),
            name: infermesh_token::contract::CONTRACT_NAME.to_string(),
        })
    );
}

#[test]
fn genesis_allocation_json_is_stable() {
    // The deploy script writes this JSON by hand; keep the wire names fixed.
    let entry = GenesisAllocation {
        category: AllocationCategory::EcosystemDevelopment,
        address: "x".into(),
        amount: Uint128::new(1),
    };
    assert_eq!(
        cosmwasm_std::to_json_string(&entry).unwrap(),
        r#"{"category":"ecosystem_development","address":"x","amount":"1"}"#
    );
    let vesting = GenesisVesting {
        code_id: 2,
        admin: Some("a".into()),
        label: "l".into(),
        owner: "o".into(),
        treasury: "t".into(),
        funders: vec![FunderEntry {
            address: "f".into(),
            plan: VestingPlan::PublicSale,
        }],
        grants: vec![GenesisGrant {
            beneficiary: "b".into(),
            plan: VestingPlan::TeamAndAdvisors,
            amount: Uint128::new(3),
        }],
    };
    assert_eq!(
        cosmwasm_std::to_json_string(&vesting).unwrap(),
        r#"{"code_id":2,"admin":"a","label":"l","owner":"o","treasury":"t","funders":[{"address":"f","plan":"public_sale"}],"grants":[{"beneficiary":"b","plan":"team_and_advisors","amount":"3"}]}"#
    );
}
