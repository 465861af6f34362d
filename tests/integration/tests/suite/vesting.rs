//! Vesting: the genesis grants that lock the team and investor allocations, the four plans end to
//! end, claims, revocation and pagination. Attacks and bad inputs are in `vesting_adversarial`.

use cosmwasm_std::Uint128;
use infermesh_testing::Suite;
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::{
    ConfigResponse, ExecuteMsg, FunderEntry, GrantsResponse, QueryMsg, VestingPlan, MONTH_SECONDS,
    YEAR_SECONDS,
};
use infermesh_vesting::VestingError;

use crate::fixtures::{team_grant, vesting_err, GRANT};

#[test]
fn genesis_locks_team_and_investor_allocations_until_their_cliffs() {
    let mut suite = Suite::new();
    let genesis = suite.now();
    let token = suite.token.addr().clone();
    let team = suite.holder(AllocationCategory::TeamAndAdvisors);
    let investors = suite.holder(AllocationCategory::EarlyInvestors);
    let team_amount = AllocationCategory::TeamAndAdvisors.genesis_amount().u128();
    let investors_amount = AllocationCategory::EarlyInvestors.genesis_amount().u128();

    // From the token's instantiate on, both allocations sit in vesting, none of it liquid, each
    // under a genesis grant of its plan that starts at genesis and was funded by the token.
    assert_eq!(
        suite.balance(suite.vesting.addr()),
        team_amount + investors_amount
    );
    assert_eq!((suite.balance(&team), suite.balance(&investors)), (0, 0));
    let team_id = suite.genesis_grant(AllocationCategory::TeamAndAdvisors);
    let investors_id = suite.genesis_grant(AllocationCategory::EarlyInvestors);
    for (id, beneficiary, plan, amount) in [
        (team_id, &team, VestingPlan::TeamAndAdvisors, team_amount),
        (
            investors_id,
            &investors,
            VestingPlan::EarlyInvestors,
            investors_amount,
        ),
    ] {
        let grant = suite.grant(id).grant;
        assert_eq!(
            (
                &grant.beneficiary,
                &grant.funder,
                grant.plan,
                grant.schedule,
                grant.granted.u128()
            ),
            (beneficiary, &token, plan, plan.schedule(genesis), amount)
        );
    }
    let config: ConfigResponse = suite
        .app
        .wrap()
        .query_wasm_smart(suite.vesting.addr(), &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.total_granted.u128(), team_amount + investors_amount);

    // Nothing to claim before the investors' 6-month cliff.
    suite.advance_time(6 * MONTH_SECONDS - 1);
    let now = suite.now();
    for (who, id) in [(&team, team_id), (&investors, investors_id)] {
        assert_eq!(
            vesting_err(suite.claim(who, id).unwrap_err()),
            VestingError::NothingToClaim { grant_id: id, now }
        );
    }

    // At the investors' cliff: 6 of 36 months; the team's 1-year cliff is still ahead.
    suite.advance_time(1);
    suite.claim(&investors, investors_id).unwrap();
    assert_eq!(suite.balance(&investors), investors_amount / 6);
    suite.advance_time(6 * MONTH_SECONDS - 1);
    let now = suite.now();
    assert_eq!(
        vesting_err(suite.claim(&team, team_id).unwrap_err()),
        VestingError::NothingToClaim {
            grant_id: team_id,
            now
        }
    );

    // At the team's cliff: a quarter of 4 years; the investors are at a third.
    suite.advance_time(1);
    suite.claim(&team, team_id).unwrap();
    assert_eq!(suite.balance(&team), team_amount / 4);
    suite.claim(&investors, investors_id).unwrap();
    assert_eq!(suite.balance(&investors), investors_amount / 3);

    // After both schedules end, everything is out and vesting is empty.
    suite.advance_time(3 * YEAR_SECONDS);
    suite.claim(&team, team_id).unwrap();
    suite.claim(&investors, investors_id).unwrap();
    assert_eq!(
        (suite.balance(&team), suite.balance(&investors)),
        (team_amount, investors_amount)
    );
    assert_eq!(suite.balance(suite.vesting.addr()), 0);
}

#[test]
fn team_grant_claims_nothing_before_the_cliff_then_linearly() {
    let mut suite = Suite::new();
    let (dev, id) = team_grant(&suite);
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
    // The team and investor holders have no liquid tokens: the owner lets the treasury fund
    // grants of every plan.
    let treasury = suite.holder(AllocationCategory::CommunityTreasury);
    let owner = suite.owner.clone();
    let vesting = suite.vesting.addr().clone();
    suite
        .execute(
            &owner,
            &vesting,
            &ExecuteMsg::UpdateConfig {
                treasury: None,
                funders: Some(
                    VestingPlan::ALL
                        .map(|plan| FunderEntry {
                            address: treasury.to_string(),
                            plan,
                        })
                        .to_vec(),
                ),
            },
        )
        .unwrap();
    let mut ids = vec![];
    for plan in VestingPlan::ALL {
        let funder = treasury.clone();
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
    let (dev, id) = team_grant(&suite);
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
    // What is left in vesting is the investors' genesis grant.
    assert_eq!(
        Uint128::new(suite.balance(suite.vesting.addr())),
        AllocationCategory::EarlyInvestors.genesis_amount()
    );
}

#[test]
fn grants_paginate_by_beneficiary_and_globally() {
    let mut suite = Suite::new();
    let eco = suite.holder(AllocationCategory::EcosystemDevelopment);
    let builder = suite.addr("builder");
    let other = suite.addr("other");
    // Grants 1 and 2 are the genesis grants; these are 3 to 7.
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
                start_after: Some(3),
                limit: Some(1),
            },
        )
        .unwrap();
    assert_eq!(
        page.grants.iter().map(|g| g.grant.id).collect::<Vec<_>>(),
        vec![5]
    );
    let all: GrantsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.vesting.addr(),
            &QueryMsg::Grants {
                start_after: Some(4),
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(
        all.grants.iter().map(|g| g.grant.id).collect::<Vec<_>>(),
        vec![5, 6, 7]
    );
}
