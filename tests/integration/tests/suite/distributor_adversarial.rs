//! The reward distributor against bad input and misuse, one test per row of the adversarial
//! checklist that applies to it (docs/adversarial.md), each named after its row. Refusals are
//! matched exactly and leave the distributor's storage as it was.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{Api, Binary, OverflowError, OverflowOperation, Reply, SubMsgResult, Uint128};
use cw_ownable::OwnershipError;
use infermesh_distributor::contract::CONTRACT_NAME;
use infermesh_distributor::DistributorError;
use infermesh_kit::PauseError;
use infermesh_testing::{distributor_contract, Executor, Suite};
use infermesh_token::TokenError;
use infermesh_types::distributor::{
    ExecuteMsg, InstantiateMsg, Params, QueryMsg, RewardRole, ScheduleResponse, YEAR_SECONDS,
};
use infermesh_types::token::AllocationCategory;

use crate::distributor::{bare_instantiate, flat, only, refuses, world, world_with, World, EPOCH};
use crate::fixtures::{contract_err, UNIT};
use crate::rows::{
    short_address, x10_migration_only_from_an_older_version, x14_no_panics_in_the_contract_source,
    x15_only_the_dao_is_wasm_admin, x2_ownership_is_two_step, x3_bad_addresses_are_refused,
    x7_nonpayable,
};

/// Developers alone weighted, ten base units a second.
fn developers() -> World {
    world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    )
}

#[test]
fn x1_strangers_cannot_govern_report_or_report_stake() {
    let mut w = world();
    let stranger = w.suite.addr("stranger");
    let member = w.suite.addr("member");
    for msg in [
        ExecuteMsg::SetPoints {
            role: RewardRole::Developers,
            points: vec![(member.to_string(), Uint128::one())],
        },
        ExecuteMsg::UpdateParams {
            params: Params::default(),
        },
        ExecuteMsg::EmergencyUpdateParams {
            params: Params::default(),
        },
        ExecuteMsg::UpdateReporters {
            reporters: vec![(RewardRole::ComputeProviders, stranger.to_string())],
        },
        ExecuteMsg::UpdateReputation {
            reputation: Some(stranger.to_string()),
        },
        ExecuteMsg::UpdateStaking {
            staking: Some(stranger.to_string()),
        },
        ExecuteMsg::UpdateGuardian {
            guardian: Some(stranger.to_string()),
        },
    ] {
        refuses(
            &mut w,
            DistributorError::Ownership(OwnershipError::NotOwner),
            |w| w.exec(&stranger, &msg),
        );
    }
    refuses(
        &mut w,
        DistributorError::Pause(PauseError::NotGuardian {
            sender: stranger.clone(),
        }),
        |w| w.exec(&stranger, &ExecuteMsg::Pause {}),
    );
    let owner = w.owner.clone();
    w.exec(&owner, &ExecuteMsg::Pause {}).unwrap();
    refuses(
        &mut w,
        DistributorError::Pause(PauseError::NotOwner {
            sender: stranger.clone(),
        }),
        |w| w.exec(&stranger, &ExecuteMsg::Unpause {}),
    );
    w.exec(&owner, &ExecuteMsg::Unpause {}).unwrap();
    refuses(
        &mut w,
        DistributorError::NotReporter {
            sender: stranger.clone(),
            role: RewardRole::ComputeProviders,
        },
        |w| {
            w.exec(
                &stranger,
                &ExecuteMsg::ReportWork {
                    role: RewardRole::ComputeProviders,
                    entries: vec![],
                    eligible_weight: None,
                },
            )
        },
    );
    refuses(
        &mut w,
        DistributorError::NotStaking {
            sender: stranger.clone(),
        },
        |w| {
            w.exec(
                &stranger,
                &ExecuteMsg::StakeChanged {
                    operator: member.to_string(),
                    stake: Uint128::new(UNIT),
                    validator: true,
                },
            )
        },
    );
}

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut w = world();
    let distributor = w.distributor.clone();
    x2_ownership_is_two_step::<DistributorError>(&mut w.suite, &distributor);
}

#[test]
fn x3_members_and_reporters_must_be_valid_addresses() {
    let mut w = developers();
    let (distributor, owner) = (w.distributor.clone(), w.owner.clone());
    x3_bad_addresses_are_refused(
        &mut w.suite,
        &distributor,
        &owner,
        |bad| ExecuteMsg::SetPoints {
            role: RewardRole::Developers,
            points: vec![(bad.to_string(), Uint128::one())],
        },
        DistributorError::Std,
    );
    x3_bad_addresses_are_refused(
        &mut w.suite,
        &distributor,
        &owner,
        |bad| ExecuteMsg::UpdateReporters {
            reporters: vec![(RewardRole::Gateways, bad.to_string())],
        },
        DistributorError::Std,
    );
    // A 20-byte account earns like any other.
    let short = short_address(&w.suite);
    w.set_points(RewardRole::Developers, &[(&short, 1)])
        .unwrap();
    w.suite.advance_time(100);
    assert_eq!(w.pending(&short).total, Uint128::new(1_000));
}

/// Points are set, not added: a member listed twice holds the last points given, so a
/// duplicate cannot double a share. A voter reported twice in an epoch counts once, at its
/// larger power.
#[test]
fn x4_a_member_listed_twice_counts_once() {
    let mut w = developers();
    let (a, b) = (w.suite.addr("dev-a"), w.suite.addr("dev-b"));
    w.set_points(RewardRole::Developers, &[(&a, 1), (&a, 1), (&b, 1)])
        .unwrap();
    w.suite.advance_time(100);
    assert_eq!(w.pending(&a).total, Uint128::new(500));
    assert_eq!(w.pending(&b).total, Uint128::new(500));

    let mut w = world_with(
        only(RewardRole::GovernanceVoters),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let (a, b) = (w.suite.addr("voter-a"), w.suite.addr("voter-b"));
    w.report(
        RewardRole::GovernanceVoters,
        &[(&a, 1, 0), (&a, 1, 0), (&b, 1, 0)],
    )
    .unwrap();
    w.suite.advance_time(EPOCH);
    assert_eq!(w.pending(&a).total, Uint128::new(18_000));
    assert_eq!(w.pending(&b).total, Uint128::new(18_000));
}

/// Zero where it means nothing: a report with no weight, an epoch under a minute, an expiry
/// under a month, all-zero role weights. Funding 0 never reaches the pool: the token refuses a
/// zero send (docs/token.md).
#[test]
fn x5_zero_reports_epochs_weights_and_funding_are_refused() {
    let mut w = world();
    let (reporter, owner) = (w.reporter.clone(), w.owner.clone());
    let a = w.suite.addr("a");
    refuses(&mut w, DistributorError::EmptyReport {}, |w| {
        w.report(RewardRole::GovernanceVoters, &[(&a, 0, 0)])
    });
    refuses(&mut w, DistributorError::EmptyReport {}, |w| {
        w.exec(
            &reporter,
            &ExecuteMsg::ReportWork {
                role: RewardRole::GovernanceVoters,
                entries: vec![],
                eligible_weight: Some(Uint128::zero()),
            },
        )
    });
    for (params, reason) in [
        (
            Params {
                role_weights: vec![0; 9],
                ..Params::default()
            },
            "role_weights must not all be zero",
        ),
        (
            Params {
                claim_expiry_seconds: 0,
                ..Params::default()
            },
            "claim_expiry_seconds must be at least a month",
        ),
    ] {
        refuses(
            &mut w,
            DistributorError::Validation(infermesh_kit::ValidationError::InvalidParams {
                reason: reason.to_string(),
            }),
            |w| w.exec(&owner, &ExecuteMsg::EmergencyUpdateParams { params }),
        );
    }
    let funder = w.suite.holder(AllocationCategory::CommunityTreasury);
    let funded = w.emission().funded;
    assert_eq!(
        contract_err::<TokenError, _>(w.fund(&funder, 0)),
        TokenError::ZeroAmount {}
    );
    assert_eq!(w.emission().funded, funded);

    let code = w.suite.app.store_code(distributor_contract());
    let msg = InstantiateMsg {
        owner: owner.to_string(),
        token: w.suite.token.addr().to_string(),
        reputation: None,
        staking: None,
        guardian: None,
        reporters: vec![],
        start: None,
        epoch_seconds: Some(0),
        genesis_funding: Uint128::zero(),
        schedule: None,
        params: None,
    };
    let err = w
        .suite
        .app
        .instantiate_contract(code, owner, &msg, &[], "distributor", None)
        .unwrap_err();
    assert_eq!(
        err.downcast::<DistributorError>().unwrap(),
        DistributorError::EpochTooShort {
            epoch_seconds: 0,
            min: 60,
        }
    );
}

/// The largest weight and fee a report can carry are accounted without wrapping, and a year
/// far past the schedule's table halves to nothing instead of overflowing.
#[test]
fn x6_maximal_work_and_years_do_not_wrap() {
    let mut w = world_with(
        only(RewardRole::ComputeProviders),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let provider = w.suite.addr("provider");
    w.report(
        RewardRole::ComputeProviders,
        &[(&provider, u128::MAX, u128::MAX)],
    )
    .unwrap();
    w.suite.advance_time(EPOCH);
    // The only provider takes the whole epoch: its fee cap is far above it.
    assert_eq!(w.pending(&provider).total, Uint128::new(36_000));
    let schedule: ScheduleResponse = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &w.distributor,
            &QueryMsg::Schedule {
                year: Some(u32::MAX),
            },
        )
        .unwrap();
    assert_eq!(schedule.year_emission, Some(Uint128::zero()));
}

#[test]
fn x7_native_funds_are_refused() {
    let mut w = world();
    let distributor = w.distributor.clone();
    x7_nonpayable::<DistributorError, _>(&mut w.suite, &distributor, &ExecuteMsg::Claim {});
}

/// A push or a stake sync takes at most 30 operators; reports and claims cost the same with
/// 10,000 members (reports_and_claims_cost_the_same_with_ten_thousand_members).
#[test]
fn x8_a_push_names_at_most_30_operators() {
    let mut w = world();
    let stranger = w.suite.addr("keeper");
    let operators: Vec<String> = (0..31)
        .map(|i| w.suite.addr(&format!("op{i}")).to_string())
        .collect();
    for msg in [
        ExecuteMsg::PushStakeRewards {
            operators: operators.clone(),
        },
        ExecuteMsg::SyncStake {
            operators: operators.clone(),
        },
    ] {
        refuses(
            &mut w,
            DistributorError::TooManyOperators { count: 31, max: 30 },
            |w| w.exec(&stranger, &msg),
        );
    }
}

/// An unknown reply id is an error; a fee collection whose withdrawal fails reverts whole
/// (its reply is on success only), so nothing is recorded as funding.
#[test]
fn x9_an_unknown_reply_is_refused_and_a_failed_collection_records_nothing() {
    let mut deps = mock_dependencies();
    #[allow(deprecated)]
    let reply = Reply {
        id: 7,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Err("x".to_string()),
    };
    assert_eq!(
        infermesh_distributor::contract::reply(deps.as_mut(), mock_env(), reply),
        Err(DistributorError::UnknownReply { id: 7 })
    );

    // The reporter here is an account, not a contract: its Withdraw fails.
    let mut w = world();
    let (stranger, reporter) = (w.suite.addr("stranger"), w.reporter.clone());
    let before = (w.suite.app.dump_wasm_raw(&w.distributor), w.emission());
    w.exec(
        &stranger,
        &ExecuteMsg::CollectFees {
            from: reporter.to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(
        (w.suite.app.dump_wasm_raw(&w.distributor), w.emission()),
        before
    );
    refuses(
        &mut w,
        DistributorError::NotAFeeSource {
            address: stranger.clone(),
        },
        |w| {
            w.exec(
                &stranger,
                &ExecuteMsg::CollectFees {
                    from: stranger.to_string(),
                },
            )
        },
    );
}

#[test]
fn x10_migration_only_from_an_older_distributor() {
    let mut suite = Suite::new();
    let distributor = suite.deploy_distributor(EPOCH);
    x10_migration_only_from_an_older_version::<DistributorError>(
        &mut suite,
        &distributor,
        CONTRACT_NAME,
    );
}

/// An instantiation naming a token that is no cw20 fails on the balance query that checks its
/// genesis funding, and bad addresses are refused before anything is stored.
#[test]
fn x11_instantiation_refuses_a_token_that_is_no_cw20_and_bad_addresses() {
    let mut suite = Suite::new();
    let code = suite.app.store_code(distributor_contract());
    let owner = suite.owner.clone();
    let base = bare_instantiate(&suite);
    let instantiate = |suite: &mut Suite, msg: &InstantiateMsg| {
        suite
            .app
            .instantiate_contract(code, owner.clone(), msg, &[], "distributor", None)
            .map_err(|e| e.downcast::<DistributorError>().unwrap())
    };
    let account = suite.addr("not-a-token");
    let msg = InstantiateMsg {
        token: account.to_string(),
        ..base.clone()
    };
    assert!(
        matches!(instantiate(&mut suite, &msg), Err(DistributorError::Std(_))),
        "an account as the token"
    );
    let api = *suite.app.api();
    let bad = suite.addr("x").to_string().to_uppercase();
    let expected = || api.addr_validate(&bad).unwrap_err();
    let msg = InstantiateMsg {
        staking: Some(bad.clone()),
        ..base.clone()
    };
    assert_eq!(
        instantiate(&mut suite, &msg),
        Err(DistributorError::Std(expected()))
    );
    let msg = InstantiateMsg {
        owner: bad.clone(),
        ..base
    };
    assert_eq!(
        instantiate(&mut suite, &msg),
        Err(DistributorError::Ownership(OwnershipError::Std(expected())))
    );
}

/// The distributor has no list query; a member that is no address is a query error, not a
/// panic.
#[test]
fn x13_a_malformed_member_is_a_query_error() {
    let w = world();
    let err = w
        .suite
        .app
        .wrap()
        .query_wasm_smart::<infermesh_types::distributor::PendingResponse>(
            &w.distributor,
            &QueryMsg::Pending {
                member: "NOT AN ADDRESS".to_string(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("Querier contract error"), "{err}");
}

#[test]
fn x14_no_panics_in_the_distributor() {
    x14_no_panics_in_the_contract_source("distributor");
}

#[test]
fn x15_only_the_dao_migrates_the_distributor() {
    let mut suite = Suite::new();
    let distributor = suite.deploy_distributor(EPOCH);
    x15_only_the_dao_is_wasm_admin(&mut suite, &distributor);
}

/// Funding 0, in the native coin or from another cw20 never enters the pool; funding an empty
/// pool late pays no lump for the time it was empty, and loses nothing of what it brings.
#[test]
fn d1_bad_funding_is_refused_and_late_funding_is_not_lost() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        0,
    );
    let distributor = w.distributor.clone();
    let funder = w.suite.holder(AllocationCategory::CommunityTreasury);
    assert_eq!(
        contract_err::<TokenError, _>(w.fund(&funder, 0)),
        TokenError::ZeroAmount {}
    );
    let forged = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: funder.to_string(),
        amount: Uint128::new(5),
        msg: cosmwasm_std::to_json_binary(&infermesh_types::distributor::ReceiveMsg::Fund {})
            .unwrap(),
    });
    let token = w.suite.token.addr().clone();
    refuses(
        &mut w,
        DistributorError::Receive(infermesh_kit::ReceiveError::WrongToken {
            received: funder.clone(),
            expected: token,
        }),
        |w| w.exec(&funder, &forged),
    );
    x7_nonpayable::<DistributorError, _>(&mut w.suite, &distributor, &forged);
    assert_eq!(w.emission().funded, Uint128::zero());

    let dev = w.suite.addr("dev");
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    w.suite.advance_time(10 * EPOCH);
    w.fund(&funder, 3_000).unwrap();
    w.suite.advance_time(100);
    assert_eq!(w.pending(&dev).total, Uint128::new(1_000));
    w.suite.advance_time(YEAR_SECONDS);
    assert_eq!(w.pending(&dev).total, Uint128::new(3_000));
    w.claim(&dev).unwrap();
    assert_eq!(w.suite.balance(&dev), 3_000);
}

/// One base unit a second shared by points 1 and 999,999: the small member earns the floor of
/// its share, the large one the rest, and what neither earns is at most one unit per member.
#[test]
fn d2_dust_rounds_against_the_claimer_and_stays_bounded() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128),
        1_000 * UNIT,
    );
    let (tiny, whale) = (w.suite.addr("tiny"), w.suite.addr("whale"));
    w.set_points(RewardRole::Developers, &[(&tiny, 1), (&whale, 999_999)])
        .unwrap();
    for _ in 0..1_000 {
        w.suite.advance_time(1);
        w.set_points(RewardRole::Developers, &[(&tiny, 1)]).unwrap();
    }
    let (small, large) = (
        w.pending(&tiny).total.u128(),
        w.pending(&whale).total.u128(),
    );
    assert_eq!(small, 0);
    assert!(large <= 1_000 && 1_000 - large <= 2, "{large}");
    let e = w.emission();
    assert_eq!(
        e.undistributed.u128() + e.allocated.u128(),
        1_000 * UNIT,
        "nothing is lost or created"
    );
}

/// A member that leaves (points 0), claims and comes back earns nothing for the time away.
#[test]
fn d3_nothing_accrues_while_away() {
    let mut w = developers();
    let (a, b) = (w.suite.addr("dev-a"), w.suite.addr("dev-b"));
    w.set_points(RewardRole::Developers, &[(&a, 1), (&b, 1)])
        .unwrap();
    w.suite.advance_time(100);
    w.set_points(RewardRole::Developers, &[(&a, 0)]).unwrap();
    w.claim(&a).unwrap();
    assert_eq!(w.suite.balance(&a), 500);
    w.suite.advance_time(1_000);
    w.set_points(RewardRole::Developers, &[(&a, 1)]).unwrap();
    refuses(
        &mut w,
        DistributorError::NothingToClaim { member: a.clone() },
        |w| w.claim(&a),
    );
    w.suite.advance_time(100);
    assert_eq!(w.pending(&a).total, Uint128::new(500));
}

#[test]
fn d4_a_second_claim_in_the_block_and_a_strangers_claim_pay_nothing() {
    let mut w = developers();
    let (dev, stranger) = (w.suite.addr("dev"), w.suite.addr("stranger"));
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    w.suite.advance_time(100);
    w.claim(&dev).unwrap();
    assert_eq!(w.suite.balance(&dev), 1_000);
    refuses(
        &mut w,
        DistributorError::NothingToClaim {
            member: dev.clone(),
        },
        |w| w.claim(&dev),
    );
    refuses(
        &mut w,
        DistributorError::NothingToClaim {
            member: stranger.clone(),
        },
        |w| w.claim(&stranger),
    );
    assert_eq!(w.suite.balance(&dev), 1_000);
}

/// Points whose total passes `Uint128::MAX` are refused with a typed overflow and nothing is
/// stored: nothing wraps, and the owner reads why.
#[test]
fn x6_points_past_uint128_max_are_refused_without_wrapping() {
    let mut w = developers();
    let (a, b) = (w.suite.addr("dev-a"), w.suite.addr("dev-b"));
    w.set_points(RewardRole::Developers, &[(&a, u128::MAX)])
        .unwrap();
    refuses(
        &mut w,
        DistributorError::Overflow(OverflowError::new(OverflowOperation::Add)),
        |w| w.set_points(RewardRole::Developers, &[(&b, 1)]),
    );
}
