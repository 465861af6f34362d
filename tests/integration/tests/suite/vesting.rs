//! Vesting: the four plans end to end, claims, revocation, and every guard.

use cosmwasm_std::{coins, to_json_binary, Timestamp, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use infermesh_kit::{ReceiveError, ValidationError};
use infermesh_testing::Suite;
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::{
    ExecuteMsg, FunderEntry, GrantsResponse, QueryMsg, ReceiveMsg, VestingPlan, MONTH_SECONDS,
    YEAR_SECONDS,
};
use infermesh_vesting::VestingError;

const GRANT: u128 = 4_000_000_000;

fn team_grant(suite: &mut Suite) -> (cosmwasm_std::Addr, u64) {
    let team = suite.holder(AllocationCategory::TeamAndAdvisors);
    let dev = suite.addr("dev");
    let id = suite
        .create_grant(&team, GRANT, &dev, VestingPlan::TeamAndAdvisors, None)
        .unwrap();
    (dev, id)
}

fn vesting_err(err: cw_multi_test::error::AnyError) -> VestingError {
    err.downcast::<VestingError>().expect("a vesting error")
}

#[test]
fn team_grant_claims_nothing_before_the_cliff_then_linearly() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&mut suite);
    let now = suite.now();
    assert_eq!(
        vesting_err(suite.claim(&dev, id).unwrap_err()),
        VestingError::NothingToClaim { grant_id: id, now }
    );

    suite.advance_time(YEAR_SECONDS - 1);
    let now = suite.now();
    assert_eq!(
        vesting_err(suite.claim(&dev, id).unwrap_err()),
        VestingError::NothingToClaim { grant_id: id, now }
    );

    suite.advance_time(1);
    suite.claim(&dev, id).unwrap();
    assert_eq!(suite.balance(&dev), GRANT / 4);
    // A second claim in the same block has nothing left.
    let now = suite.now();
    assert_eq!(
        vesting_err(suite.claim(&dev, id).unwrap_err()),
        VestingError::NothingToClaim { grant_id: id, now }
    );

    suite.advance_time(YEAR_SECONDS);
    suite.claim(&dev, id).unwrap();
    assert_eq!(suite.balance(&dev), GRANT / 2);
    suite.advance_time(10 * YEAR_SECONDS);
    suite.claim(&dev, id).unwrap();
    assert_eq!(suite.balance(&dev), GRANT);
    let grant = suite.grant(id);
    assert_eq!(
        (grant.vested, grant.unvested, grant.claimable),
        (Uint128::new(GRANT), Uint128::zero(), Uint128::zero())
    );
}

#[test]
fn each_plan_releases_per_design() {
    let mut suite = Suite::new();
    let start = suite.now();
    let mut ids = vec![];
    for plan in VestingPlan::ALL {
        let funder = suite.holder(plan.category());
        let beneficiary = suite.addr(&format!("{plan:?}"));
        ids.push((
            plan,
            suite
                .create_grant(&funder, 1_000_000, &beneficiary, plan, None)
                .unwrap(),
        ));
    }
    let at = |suite: &Suite, id: u64, seconds: u64| -> u128 {
        let response: infermesh_types::vesting::GrantResponse = suite
            .app
            .wrap()
            .query_wasm_smart(
                suite.vesting.addr(),
                &QueryMsg::GrantAt {
                    grant_id: id,
                    time: start.plus_seconds(seconds),
                },
            )
            .unwrap();
        response.vested.u128()
    };
    for (plan, id) in ids {
        let expected: [(u64, u128); 4] = match plan {
            VestingPlan::TeamAndAdvisors => [
                (0, 0),
                (YEAR_SECONDS, 250_000),
                (2 * YEAR_SECONDS, 500_000),
                (4 * YEAR_SECONDS, 1_000_000),
            ],
            VestingPlan::EarlyInvestors => [
                (6 * MONTH_SECONDS - 1, 0),
                (6 * MONTH_SECONDS, 166_666),
                (18 * MONTH_SECONDS, 500_000),
                (3 * YEAR_SECONDS, 1_000_000),
            ],
            VestingPlan::PublicSale => [
                (0, 250_000),
                (YEAR_SECONDS / 2, 625_000),
                (YEAR_SECONDS - 1, 999_999),
                (YEAR_SECONDS, 1_000_000),
            ],
            VestingPlan::EcosystemDevelopment => [
                (0, 0),
                (YEAR_SECONDS, 200_000),
                (4 * YEAR_SECONDS, 800_000),
                (5 * YEAR_SECONDS, 1_000_000),
            ],
        };
        for (seconds, vested) in expected {
            assert_eq!(at(&suite, id, seconds), vested, "{plan:?} at +{seconds}s");
        }
    }
}

#[test]
fn revoke_returns_the_unvested_part_to_the_treasury_once() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&mut suite);
    let treasury = suite.holder(AllocationCategory::CommunityTreasury);
    let treasury_before = suite.balance(&treasury);
    suite.advance_time(2 * YEAR_SECONDS);
    let owner = suite.owner.clone();
    suite.revoke(&owner, id).unwrap();
    assert_eq!(suite.balance(&treasury) - treasury_before, GRANT / 2);
    let revoked_at = suite.now();
    assert_eq!(
        vesting_err(suite.revoke(&owner, id).unwrap_err()),
        VestingError::AlreadyRevoked {
            grant_id: id,
            revoked_at
        }
    );

    // The vested half stays claimable, and nothing more vests after revocation.
    suite.advance_time(5 * YEAR_SECONDS);
    suite.claim(&dev, id).unwrap();
    assert_eq!(suite.balance(&dev), GRANT / 2);
    let grant = suite.grant(id);
    assert_eq!(grant.vested + grant.unvested, grant.grant.total);
    assert_eq!(suite.balance(suite.vesting.addr()), 0);
}

#[test]
fn revoke_guards() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&mut suite);
    let err = vesting_err(suite.revoke(&dev, id).unwrap_err());
    assert_eq!(
        err,
        VestingError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );

    let investors = suite.holder(AllocationCategory::EarlyInvestors);
    let angel = suite.addr("angel");
    let investor_grant = suite
        .create_grant(&investors, 1_000, &angel, VestingPlan::EarlyInvestors, None)
        .unwrap();
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
    let (_, id) = team_grant(&mut suite);
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
fn grants_come_only_from_the_token_and_allowed_funders() {
    let mut suite = Suite::new();
    let vesting = suite.vesting.addr().clone();
    let stranger = suite.addr("stranger");
    // A direct Receive call pretending to be a cw20.
    let fake = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: suite
            .holder(AllocationCategory::TeamAndAdvisors)
            .to_string(),
        amount: Uint128::new(1_000),
        msg: to_json_binary(&ReceiveMsg::CreateGrant {
            beneficiary: stranger.to_string(),
            plan: VestingPlan::PublicSale,
            start: None,
        })
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

    let team = suite.holder(AllocationCategory::TeamAndAdvisors);
    let err = suite
        .token_execute(
            &team,
            &Cw20ExecuteMsg::Send {
                contract: vesting.to_string(),
                amount: Uint128::new(1_000),
                msg: to_json_binary(&ReceiveMsg::CreateGrant {
                    beneficiary: stranger.to_string().to_uppercase(),
                    plan: VestingPlan::TeamAndAdvisors,
                    start: None,
                })
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
            &team,
            1_000,
            &stranger,
            VestingPlan::TeamAndAdvisors,
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
    assert_eq!(suite.balance(&vesting), 0);
}

#[test]
fn native_funds_are_refused() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&mut suite);
    suite.app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, &dev, coins(5, "ustake"))
            .unwrap()
    });
    let vesting = suite.vesting.addr().clone();
    let err = suite
        .app
        .execute_contract(
            dev,
            vesting,
            &ExecuteMsg::Claim { grant_id: id },
            &coins(5, "ustake"),
        )
        .unwrap_err();
    assert!(matches!(vesting_err(err), VestingError::Payment(_)));
}

#[test]
fn config_updates_are_owner_only_and_bounded() {
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
fn grants_paginate_by_beneficiary_and_globally() {
    let mut suite = Suite::new();
    let eco = suite.holder(AllocationCategory::EcosystemDevelopment);
    let builder = suite.addr("builder");
    let other = suite.addr("other");
    for i in 0..5 {
        let who = if i % 2 == 0 { &builder } else { &other };
        suite
            .create_grant(&eco, 10 + i, who, VestingPlan::EcosystemDevelopment, None)
            .unwrap();
    }
    let page: GrantsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.vesting.addr(),
            &QueryMsg::GrantsByBeneficiary {
                beneficiary: builder.to_string(),
                start_after: Some(1),
                limit: Some(1),
            },
        )
        .unwrap();
    assert_eq!(
        page.grants.iter().map(|g| g.grant.id).collect::<Vec<_>>(),
        vec![3]
    );
    let all: GrantsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.vesting.addr(),
            &QueryMsg::Grants {
                start_after: Some(2),
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(
        all.grants.iter().map(|g| g.grant.id).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
}

#[test]
fn a_funder_grants_only_its_own_plan() {
    // Team funds must stay revocable: the team holder cannot wrap them in an investor schedule.
    let mut suite = Suite::new();
    let team = suite.holder(AllocationCategory::TeamAndAdvisors);
    let dev = suite.addr("dev");
    let err = suite
        .create_grant(&team, 1_000, &dev, VestingPlan::EarlyInvestors, None)
        .unwrap_err();
    assert_eq!(
        vesting_err(err),
        VestingError::NotAFunder {
            sender: team.clone(),
            plan: VestingPlan::EarlyInvestors
        }
    );
    assert_eq!(suite.balance(suite.vesting.addr()), 0);
    suite
        .create_grant(&team, 1_000, &dev, VestingPlan::TeamAndAdvisors, None)
        .unwrap();

    // The owner can allow one address several plans.
    let owner = suite.owner.clone();
    let vesting = suite.vesting.addr().clone();
    let both =
        [VestingPlan::TeamAndAdvisors, VestingPlan::EarlyInvestors].map(|plan| FunderEntry {
            address: team.to_string(),
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
        .create_grant(&team, 1_000, &dev, VestingPlan::EarlyInvestors, None)
        .unwrap();
}
