//! Vesting attacks and bad inputs: revoking or claiming as someone else, twice, after full vesting
//! or on an irrevocable plan; grants from a fake cw20, from a holder that is not a funder or is
//! a funder of another plan, to a malformed beneficiary or backdated; native funds; config
//! updates by a stranger, with too many or duplicate funders.

use cosmwasm_std::{coins, to_json_binary, Timestamp, Uint128};
use cw20::Cw20ExecuteMsg;
use cw_multi_test::Executor;
use infermesh_kit::{ReceiveError, ValidationError};
use infermesh_testing::Suite;
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::{ExecuteMsg, FunderEntry, ReceiveMsg, VestingPlan, YEAR_SECONDS};
use infermesh_vesting::VestingError;

use crate::fixtures::{fund_native, team_grant, vesting_err, NATIVE};
use infermesh_types::vesting::GrantRequest;

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

    let team = suite.holder(AllocationCategory::TeamAndAdvisors);
    let err = suite
        .token_execute(
            &team,
            &Cw20ExecuteMsg::Send {
                contract: vesting.to_string(),
                amount: Uint128::new(1_000),
                msg: to_json_binary(&ReceiveMsg::CreateGrant(GrantRequest {
                    beneficiary: stranger.to_string().to_uppercase(),
                    plan: VestingPlan::TeamAndAdvisors,
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
