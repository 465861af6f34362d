//! Vesting attacks and bad inputs: revoking or claiming as someone else, twice, after full vesting
//! or on an irrevocable plan; grants from a fake cw20, from a holder that is not a funder or is
//! a funder of another plan, to a malformed beneficiary or backdated; native funds; config
//! updates by a stranger, with too many or duplicate funders; genesis grants the contract's
//! balance does not match (unfunded, part- or over-funded), zero or too many.
//!
//! Rows of the adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::{
    coins, instantiate2_address, to_json_binary, Addr, Api, OverflowError, OverflowOperation,
    Timestamp, Uint128,
};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use infermesh_kit::{ReceiveError, ValidationError};
use infermesh_testing::Suite;
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::{
    ExecuteMsg, FunderEntry, GenesisGrant, GrantsResponse, InstantiateMsg, QueryMsg, ReceiveMsg,
    VestingPlan, MAX_GENESIS_GRANTS, YEAR_SECONDS,
};
use infermesh_vesting::VestingError;

use crate::fixtures::{fund_native, team_grant, vesting_err, Res, NATIVE};
use crate::rows::storage;
use infermesh_types::vesting::GrantRequest;

#[test]
fn x1_revoke_guards() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&suite);
    let err = vesting_err(suite.revoke(&dev, id).unwrap_err());
    assert_eq!(
        err,
        VestingError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );

    let investor_grant = suite.genesis_grant(AllocationCategory::EarlyInvestors);
    let owner = suite.owner.clone();
    assert_eq!(
        vesting_err(suite.revoke(&owner, investor_grant).unwrap_err()),
        VestingError::NotRevocable {
            grant_id: investor_grant,
            plan: "EarlyInvestors".into()
        }
    );
    assert_eq!(
        vesting_err(suite.revoke(&owner, 99).unwrap_err()),
        VestingError::GrantNotFound { grant_id: 99 }
    );

    suite.advance_time(4 * YEAR_SECONDS);
    assert_eq!(
        vesting_err(suite.revoke(&owner, id).unwrap_err()),
        VestingError::NothingToRevoke { grant_id: id }
    );
}

#[test]
fn claim_guards() {
    let mut suite = Suite::new();
    let (_, id) = team_grant(&suite);
    suite.advance_time(2 * YEAR_SECONDS);
    let thief = suite.addr("thief");
    assert_eq!(
        vesting_err(suite.claim(&thief, id).unwrap_err()),
        VestingError::NotBeneficiary {
            sender: thief.clone(),
            grant_id: id
        }
    );
    assert_eq!(
        vesting_err(suite.claim(&thief, 42).unwrap_err()),
        VestingError::GrantNotFound { grant_id: 42 }
    );
    assert_eq!(suite.balance(&thief), 0);
}

#[test]
fn x3_grants_come_only_from_the_token_and_allowed_funders() {
    let mut suite = Suite::new();
    let vesting = suite.vesting.addr().clone();
    let stranger = suite.addr("stranger");
    // A direct Receive call pretending to be a cw20.
    let fake = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: suite
            .holder(AllocationCategory::TeamAndAdvisors)
            .to_string(),
        amount: Uint128::new(1_000),
        msg: to_json_binary(&ReceiveMsg::CreateGrant(GrantRequest {
            beneficiary: stranger.to_string(),
            plan: VestingPlan::PublicSale,
            start: None,
        }))
        .unwrap(),
    });
    assert_eq!(
        vesting_err(suite.execute(&stranger, &vesting, &fake).unwrap_err()),
        VestingError::Receive(ReceiveError::WrongToken {
            received: stranger.clone(),
            expected: suite.token.addr().clone()
        })
    );

    // A holder that is not a funder (liquidity) cannot create grants.
    let liquidity = suite.holder(AllocationCategory::Liquidity);
    let err = suite
        .create_grant(&liquidity, 1_000, &stranger, VestingPlan::PublicSale, None)
        .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::NotAFunder {
            sender: liquidity.clone(),
            plan: VestingPlan::PublicSale
        }
    );

    let held = suite.balance(&vesting);
    let sale = suite.holder(AllocationCategory::PublicSale);
    let err = suite
        .token_execute(
            &sale,
            &Cw20ExecuteMsg::Send {
                contract: vesting.to_string(),
                amount: Uint128::new(1_000),
                msg: to_json_binary(&ReceiveMsg::CreateGrant(GrantRequest {
                    beneficiary: stranger.to_string().to_uppercase(),
                    plan: VestingPlan::PublicSale,
                    start: None,
                }))
                .unwrap(),
            },
        )
        .unwrap_err();
    assert!(matches!(vesting_err(err), VestingError::Std(_)));

    let earliest = suite.now();
    suite.advance_time(100);
    let backdated = Timestamp::from_seconds(earliest.seconds() - 1);
    let err = suite
        .create_grant(
            &sale,
            1_000,
            &stranger,
            VestingPlan::PublicSale,
            Some(backdated),
        )
        .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::StartTooEarly {
            start: backdated,
            earliest
        }
    );
    assert_eq!(suite.balance(&vesting), held);
}

#[test]
fn x7_native_funds_are_refused() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&suite);
    fund_native(&mut suite, &dev, 5);
    let vesting = suite.vesting.addr().clone();
    let err = suite
        .app
        .execute_contract(
            dev,
            vesting,
            &ExecuteMsg::Claim { grant_id: id },
            &coins(5, NATIVE),
        )
        .unwrap_err();
    assert!(matches!(vesting_err(err), VestingError::Payment(_)));
}

#[test]
fn x1_config_updates_are_owner_only_and_bounded() {
    let mut suite = Suite::new();
    let vesting = suite.vesting.addr().clone();
    let stranger = suite.addr("stranger");
    let update = ExecuteMsg::UpdateConfig {
        treasury: Some(stranger.to_string()),
        funders: None,
    };
    assert_eq!(
        vesting_err(suite.execute(&stranger, &vesting, &update).unwrap_err()),
        VestingError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    let owner = suite.owner.clone();
    let funder = |address: &cosmwasm_std::Addr, plan| FunderEntry {
        address: address.to_string(),
        plan,
    };
    let too_many: Vec<FunderEntry> = (0..17)
        .map(|i| funder(&suite.addr(&format!("f{i}")), VestingPlan::PublicSale))
        .collect();
    let err = suite
        .execute(
            &owner,
            &vesting,
            &ExecuteMsg::UpdateConfig {
                treasury: None,
                funders: Some(too_many),
            },
        )
        .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::Validation(ValidationError::TooMany {
            field: "funders".to_string(),
            count: 17,
            max: 16
        })
    );
    let dup = vec![
        funder(&stranger, VestingPlan::PublicSale),
        funder(&stranger, VestingPlan::PublicSale),
    ];
    let err = suite
        .execute(
            &owner,
            &vesting,
            &ExecuteMsg::UpdateConfig {
                treasury: None,
                funders: Some(dup),
            },
        )
        .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::DuplicateFunder {
            address: stranger.clone(),
            plan: VestingPlan::PublicSale
        }
    );
    suite.execute(&owner, &vesting, &update).unwrap();
}

#[test]
fn a_funder_grants_only_its_own_plan() {
    // Public-sale funds must keep the public-sale schedule: its holder cannot wrap them in the
    // ecosystem's, nor in the team's (whose allocation is locked from genesis; no one funds
    // team grants until the owner says so).
    let mut suite = Suite::new();
    let held = suite.balance(suite.vesting.addr());
    let sale = suite.holder(AllocationCategory::PublicSale);
    let buyer = suite.addr("buyer");
    for plan in [
        VestingPlan::EcosystemDevelopment,
        VestingPlan::TeamAndAdvisors,
    ] {
        let err = suite
            .create_grant(&sale, 1_000, &buyer, plan, None)
            .unwrap_err();
        assert_eq!(
            vesting_err(err),
            VestingError::NotAFunder {
                sender: sale.clone(),
                plan
            }
        );
    }
    assert_eq!(suite.balance(suite.vesting.addr()), held);
    suite
        .create_grant(&sale, 1_000, &buyer, VestingPlan::PublicSale, None)
        .unwrap();

    // The owner can allow one address several plans.
    let owner = suite.owner.clone();
    let vesting = suite.vesting.addr().clone();
    let both =
        [VestingPlan::PublicSale, VestingPlan::EcosystemDevelopment].map(|plan| FunderEntry {
            address: sale.to_string(),
            plan,
        });
    suite
        .execute(
            &owner,
            &vesting,
            &ExecuteMsg::UpdateConfig {
                treasury: None,
                funders: Some(both.to_vec()),
            },
        )
        .unwrap();
    suite
        .create_grant(
            &sale,
            1_000,
            &buyer,
            VestingPlan::EcosystemDevelopment,
            None,
        )
        .unwrap();
}

/// A vesting contract instantiated by `creator` with instantiate2 and `genesis_grants`, after
/// `prefund` base units were sent from the liquidity holder to its address.
fn standalone_vesting(
    suite: &mut Suite,
    prefund: u128,
    genesis_grants: Vec<GenesisGrant>,
) -> Res<Addr> {
    let creator = suite.addr("creator");
    let salt = b"standalone";
    let checksum = suite
        .app
        .wrap()
        .query_wasm_code_info(suite.vesting_code)?
        .checksum;
    let api = *suite.app.api();
    let address = api.addr_humanize(&instantiate2_address(
        checksum.as_slice(),
        &api.addr_canonicalize(creator.as_str())?,
        salt,
    )?)?;
    if prefund > 0 {
        let liquidity = suite.holder(AllocationCategory::Liquidity);
        suite.transfer(&liquidity, &address, prefund)?;
    }
    let msg = InstantiateMsg {
        owner: suite.owner.to_string(),
        token: suite.token.addr().to_string(),
        treasury: suite
            .holder(AllocationCategory::CommunityTreasury)
            .to_string(),
        funders: vec![],
        genesis_grants,
    };
    let vesting_code = suite.vesting_code;
    let instantiated = suite.app.instantiate2_contract(
        vesting_code,
        creator,
        &msg,
        &[],
        "standalone",
        None,
        salt.as_slice(),
    )?;
    assert_eq!(instantiated, address);
    Ok(address)
}

#[test]
fn x11_genesis_grants_must_match_what_the_vesting_holds() {
    let mut suite = Suite::new();
    let beneficiary = suite.addr("beneficiary").to_string();
    let grant = |plan, amount: u128| GenesisGrant {
        beneficiary: beneficiary.clone(),
        plan,
        amount: Uint128::new(amount),
    };
    let grants = vec![
        grant(VestingPlan::TeamAndAdvisors, 700),
        grant(VestingPlan::PublicSale, 300),
    ];
    // Unfunded: grants of tokens the contract does not hold.
    let err = standalone_vesting(&mut suite, 0, grants.clone()).unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::GenesisBalanceMismatch {
            granted: Uint128::new(1_000),
            balance: Uint128::zero()
        }
    );
    // Part-funded, and over-funded: tokens no grant would hold.
    for prefund in [999, 1_001] {
        let mut suite = Suite::new();
        let err = standalone_vesting(&mut suite, prefund, grants.clone()).unwrap_err();
        assert_eq!(
            vesting_err(err),
            VestingError::GenesisBalanceMismatch {
                granted: Uint128::new(1_000),
                balance: Uint128::new(prefund)
            }
        );
    }
    // A zero grant, and too many.
    let err =
        standalone_vesting(&mut suite, 0, vec![grant(VestingPlan::PublicSale, 0)]).unwrap_err();
    assert_eq!(vesting_err(err), VestingError::ZeroAmount {});
    let err = standalone_vesting(
        &mut suite,
        0,
        vec![grant(VestingPlan::PublicSale, 1); MAX_GENESIS_GRANTS + 1],
    )
    .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::Validation(ValidationError::TooMany {
            field: "genesis_grants".to_string(),
            count: MAX_GENESIS_GRANTS + 1,
            max: MAX_GENESIS_GRANTS
        })
    );
    // Funded exactly: the grants exist from instantiation, funded by the token.
    let vesting = standalone_vesting(&mut suite, 1_000, grants).unwrap();
    let response: GrantsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &vesting,
            &QueryMsg::Grants {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    let granted: Vec<(u64, VestingPlan, u128, Addr)> = response
        .grants
        .into_iter()
        .map(|g| {
            (
                g.grant.id,
                g.grant.plan,
                g.grant.granted.u128(),
                g.grant.funder,
            )
        })
        .collect();
    let token = suite.token.addr().clone();
    assert_eq!(
        granted,
        vec![
            (1, VestingPlan::TeamAndAdvisors, 700, token.clone()),
            (2, VestingPlan::PublicSale, 300, token)
        ]
    );
}

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut suite = Suite::new();
    let contract = suite.vesting.addr().clone();
    crate::rows::x2_ownership_is_two_step::<VestingError>(&mut suite, &contract);
}

#[test]
fn x10_migration_only_from_an_older_vesting() {
    let mut suite = Suite::new();
    let contract = suite.vesting.addr().clone();
    crate::rows::x10_migration_only_from_an_older_version::<VestingError>(
        &mut suite,
        &contract,
        infermesh_vesting::contract::CONTRACT_NAME,
    );
}

#[test]
fn x14_no_panics_in_vesting() {
    crate::rows::x14_no_panics_in_the_contract_source("vesting");
}

#[test]
fn x15_only_the_dao_migrates_vesting() {
    let mut suite = Suite::new();
    let contract = suite.vesting.addr().clone();
    crate::rows::x15_only_the_dao_is_wasm_admin(&mut suite, &contract);
}

#[test]
fn x6_genesis_grants_past_uint128_max_are_refused_without_wrapping() {
    let mut suite = Suite::new();
    let beneficiary = suite.addr("beneficiary").to_string();
    let grant = |amount: Uint128| GenesisGrant {
        beneficiary: beneficiary.clone(),
        plan: VestingPlan::PublicSale,
        amount,
    };
    // One grant of the largest amount is only a grant the contract cannot hold.
    let err = standalone_vesting(&mut suite, 0, vec![grant(Uint128::MAX)]).unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::GenesisBalanceMismatch {
            granted: Uint128::MAX,
            balance: Uint128::zero()
        }
    );
    // One more unit would wrap the granted total to zero, which a prefund of 0 would then
    // "match"; the checked sum refuses it first.
    let err = standalone_vesting(
        &mut suite,
        0,
        vec![grant(Uint128::MAX), grant(Uint128::one())],
    )
    .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::Overflow(OverflowError::new(OverflowOperation::Add))
    );
}

#[test]
fn x6_a_grant_starting_at_the_largest_time_vests_nothing_until_then_and_never_wraps() {
    let mut suite = Suite::new();
    let sale = suite.holder(AllocationCategory::PublicSale);
    let buyer = suite.addr("buyer");
    // The largest time a `Timestamp` carries: u64::MAX nanoseconds, in the year 2554.
    let last = Timestamp::from_nanos(u64::MAX);
    let id = suite
        .create_grant(&sale, 1_000, &buyer, VestingPlan::PublicSale, Some(last))
        .unwrap();
    let response = suite.grant(id);
    assert_eq!(response.grant.schedule.start, last);
    assert_eq!(
        (response.vested, response.unvested, response.claimable),
        (Uint128::zero(), Uint128::new(1_000), Uint128::zero())
    );
    let vesting = suite.vesting.addr().clone();
    let before = storage(&suite, &vesting);
    let now = suite.now();
    assert_eq!(
        vesting_err(suite.claim(&buyer, id).unwrap_err()),
        VestingError::NothingToClaim { grant_id: id, now }
    );
    assert_eq!(storage(&suite, &vesting), before);

    // At the last second the chain can reach, the immediate quarter is out and the rest waits
    // for seconds that cannot come: the schedule neither wraps nor panics.
    suite.app.update_block(|block| block.time = last);
    let response = suite.grant(id);
    assert_eq!(
        (response.vested, response.unvested),
        (Uint128::new(250), Uint128::new(750))
    );
    suite.claim(&buyer, id).unwrap();
    assert_eq!(suite.balance(&buyer), 250);
}

/// The grants listing of vesting, all of them or `beneficiary`'s.
fn grant_page(
    suite: &Suite,
    beneficiary: Option<&str>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<Vec<u64>, cosmwasm_std::StdError> {
    let msg = match beneficiary {
        Some(beneficiary) => QueryMsg::GrantsByBeneficiary {
            beneficiary: beneficiary.to_string(),
            start_after,
            limit,
        },
        None => QueryMsg::Grants { start_after, limit },
    };
    let page: GrantsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(suite.vesting.addr(), &msg)?;
    Ok(page.grants.into_iter().map(|g| g.grant.id).collect())
}

#[test]
fn x13_grant_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut suite = Suite::new();
    let sale = suite.holder(AllocationCategory::PublicSale);
    let buyer = suite.addr("buyer");
    let first = grant_page(&suite, None, None, Some(u32::MAX))
        .unwrap()
        .len() as u64;
    let ids: Vec<u64> = (0..32)
        .map(|_| {
            suite
                .create_grant(&sale, 10, &buyer, VestingPlan::PublicSale, None)
                .unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 32);

    let all = grant_page(&suite, None, None, Some(u32::MAX)).unwrap();
    assert_eq!(all, (1..=30).collect::<Vec<u64>>());
    let mine = grant_page(&suite, Some(buyer.as_str()), None, Some(u32::MAX)).unwrap();
    assert_eq!(mine, ids[..30].to_vec());

    // A start that is no grant pages on after it: past the last id the page is empty, and from
    // the first genesis id the rest follows.
    let last = *ids.last().unwrap();
    for start in [last, last + 1, u64::MAX] {
        assert_eq!(
            grant_page(&suite, None, Some(start), Some(u32::MAX)).unwrap(),
            Vec::<u64>::new()
        );
        assert_eq!(
            grant_page(&suite, Some(buyer.as_str()), Some(start), Some(u32::MAX)).unwrap(),
            Vec::<u64>::new()
        );
    }
    assert_eq!(
        grant_page(&suite, None, Some(first), Some(u32::MAX)).unwrap(),
        ids[..30].to_vec()
    );
    assert_eq!(
        grant_page(&suite, None, Some(0), Some(0)).unwrap(),
        Vec::<u64>::new()
    );

    // A beneficiary that is no address, and a start that is no grant id, are query errors, not
    // panics.
    for bad in [
        String::new(),
        buyer.to_string().to_uppercase(),
        "garbage".to_string(),
    ] {
        let err = grant_page(&suite, Some(&bad), None, None).unwrap_err();
        assert!(err.to_string().contains("Querier contract error"), "{err}");
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Malformed {
        Grants { start_after: String },
    }
    let err = suite
        .app
        .wrap()
        .query_wasm_smart::<GrantsResponse>(
            suite.vesting.addr(),
            &Malformed::Grants {
                start_after: "first".to_string(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("Querier contract error"), "{err}");
}
