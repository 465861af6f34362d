//! The guardian council (cw3-fixed-multisig as published) against bad input and misuse, one
//! test per row of the adversarial checklist that applies to it (docs/adversarial.md), each
//! named after its row. Several rows record cw3-fixed-multisig's own choices: it keeps coins
//! sent to it, counts a repeated voter twice in its total weight, and has no migrate entry
//! point. Refusals are matched exactly and leave the council's storage as it was.

use cosmwasm_std::{coins, Addr, Api, CosmosMsg, Empty};
use cw3::{ProposalListResponse, Status, Vote, VoterListResponse};
use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, QueryMsg, Voter};
use cw3_fixed_multisig::ContractError;
use cw_utils::{Duration, Expiration, Threshold, ThresholdError, ThresholdResponse};
use infermesh_kit::MigrateMsg;
use infermesh_testing::{council_contract, Executor, Suite};

use crate::fixtures::{fund_native, Res, NATIVE};
use crate::rows::{refused, x14_no_panics_in_the_contract_source, x15_only_the_dao_is_wasm_admin};

const WEEK: u64 = 7 * 86_400;

/// The suite's council: nine guardians, five votes to act.
fn council() -> (Suite, Addr, Vec<Addr>) {
    let mut suite = Suite::new();
    let guardians: Vec<Addr> = (0..9)
        .map(|i| suite.addr(&format!("guardian{i}")))
        .collect();
    let council = suite.deploy_council(&guardians, 5);
    (suite, council, guardians)
}

fn instantiate_msg(voters: &[Addr], threshold: Threshold) -> InstantiateMsg {
    InstantiateMsg {
        voters: voters
            .iter()
            .map(|voter| Voter {
                addr: voter.to_string(),
                weight: 1,
            })
            .collect(),
        threshold,
        max_voting_period: Duration::Time(WEEK),
    }
}

fn instantiate(suite: &mut Suite, msg: &InstantiateMsg) -> Res<Addr> {
    let code = suite.app.store_code(council_contract());
    let owner = suite.owner.clone();
    suite.app.instantiate_contract(
        code,
        owner.clone(),
        msg,
        &[],
        "council",
        Some(owner.to_string()),
    )
}

fn instantiate_err(suite: &mut Suite, msg: &InstantiateMsg) -> ContractError {
    instantiate(suite, msg).unwrap_err().downcast().unwrap()
}

fn propose(latest: Option<Expiration>) -> ExecuteMsg {
    ExecuteMsg::Propose {
        title: "pause".to_string(),
        description: "an incident".to_string(),
        msgs: Vec::<CosmosMsg<Empty>>::new(),
        latest,
    }
}

fn exec(suite: &mut Suite, council: &Addr, sender: &Addr, msg: &ExecuteMsg) -> Res {
    suite
        .app
        .execute_contract(sender.clone(), council.clone(), msg, &[])
}

/// A stranger neither proposes nor votes; nobody executes a proposal that has not passed.
/// What a passed proposal may do is bounded by its targets: the council only pauses
/// (five_guardians_pause_and_only_the_dao_unpauses).
#[test]
fn x1_strangers_cannot_propose_or_vote_and_nothing_executes_before_it_passes() {
    let (mut suite, council, guardians) = council();
    let stranger = suite.addr("stranger");
    let c = council.clone();
    refused(
        &mut suite,
        &council,
        ContractError::Unauthorized {},
        |suite| exec(suite, &c, &stranger, &propose(None)),
    );
    exec(&mut suite, &council, &guardians[0], &propose(None)).unwrap();
    let vote = ExecuteMsg::Vote {
        proposal_id: 1,
        vote: Vote::Yes,
    };
    refused(
        &mut suite,
        &council,
        ContractError::Unauthorized {},
        |suite| exec(suite, &c, &stranger, &vote),
    );
    refused(
        &mut suite,
        &council,
        ContractError::WrongExecuteStatus {},
        |suite| {
            exec(
                suite,
                &c,
                &guardians[0],
                &ExecuteMsg::Execute { proposal_id: 1 },
            )
        },
    );
    refused(
        &mut suite,
        &council,
        ContractError::AlreadyVoted {},
        |suite| exec(suite, &c, &guardians[0], &vote),
    );
}

#[test]
fn x3_a_guardian_that_is_no_valid_address_is_refused() {
    let mut suite = Suite::new();
    let api = *suite.app.api();
    let valid = suite.addr("guardian").to_string();
    for bad in [
        String::new(),
        format!(" {valid}"),
        valid.to_uppercase(),
        "garbage".to_string(),
    ] {
        let mut msg = instantiate_msg(&[], Threshold::AbsoluteCount { weight: 1 });
        msg.voters = vec![Voter {
            addr: bad.clone(),
            weight: 1,
        }];
        assert_eq!(
            instantiate_err(&mut suite, &msg),
            ContractError::Std(api.addr_validate(&bad).unwrap_err())
        );
    }
}

/// cw3-fixed-multisig stores a repeated voter once but adds its weight twice to the total: a
/// council listing a guardian twice claims more weight than its voters hold, so a threshold
/// equal to that total can never be reached. The deployment lists nine distinct guardians
/// (scripts/deploy.sh); this records what a repeated one would do.
#[test]
fn x4_a_repeated_guardian_is_stored_once_and_counted_twice() {
    let mut suite = Suite::new();
    let (a, b) = (suite.addr("guardian-a"), suite.addr("guardian-b"));
    let council = instantiate(
        &mut suite,
        &instantiate_msg(
            &[a.clone(), a.clone(), b.clone()],
            Threshold::AbsoluteCount { weight: 3 },
        ),
    )
    .unwrap();
    let threshold: ThresholdResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&council, &QueryMsg::Threshold {})
        .unwrap();
    assert_eq!(
        threshold,
        ThresholdResponse::AbsoluteCount {
            weight: 3,
            total_weight: 3,
        }
    );
    let voters: VoterListResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &council,
            &QueryMsg::ListVoters {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(voters.voters.len(), 2);
    exec(&mut suite, &council, &a, &propose(None)).unwrap();
    exec(
        &mut suite,
        &council,
        &b,
        &ExecuteMsg::Vote {
            proposal_id: 1,
            vote: Vote::Yes,
        },
    )
    .unwrap();
    let proposal: cw3::ProposalResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&council, &QueryMsg::Proposal { proposal_id: 1 })
        .unwrap();
    assert_eq!(proposal.status, Status::Open, "every voter said yes");
}

#[test]
fn x5_no_guardians_and_a_zero_threshold_are_refused() {
    let mut suite = Suite::new();
    let a = suite.addr("guardian-a");
    assert_eq!(
        instantiate_err(
            &mut suite,
            &instantiate_msg(&[], Threshold::AbsoluteCount { weight: 1 })
        ),
        ContractError::NoVoters {}
    );
    assert_eq!(
        instantiate_err(
            &mut suite,
            &instantiate_msg(&[a], Threshold::AbsoluteCount { weight: 0 })
        ),
        ContractError::Threshold(ThresholdError::ZeroWeight {})
    );
}

/// A threshold above the guardians' weight is refused; a deadline at the largest time is cut to
/// the longest voting period, and one counted in blocks, which the period is not, is refused.
#[test]
fn x6_an_unreachable_threshold_and_an_endless_deadline_are_refused() {
    let (mut suite, council, guardians) = council();
    assert_eq!(
        instantiate_err(
            &mut suite,
            &instantiate_msg(&guardians, Threshold::AbsoluteCount { weight: 10 })
        ),
        ContractError::Threshold(ThresholdError::UnreachableWeight {})
    );
    let c = council.clone();
    refused(
        &mut suite,
        &council,
        ContractError::WrongExpiration {},
        |suite| {
            exec(
                suite,
                &c,
                &guardians[0],
                &propose(Some(Expiration::AtHeight(u64::MAX))),
            )
        },
    );
    let latest = Expiration::AtTime(cosmwasm_std::Timestamp::from_nanos(u64::MAX));
    exec(&mut suite, &council, &guardians[0], &propose(Some(latest))).unwrap();
    let proposal: cw3::ProposalResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&council, &QueryMsg::Proposal { proposal_id: 1 })
        .unwrap();
    assert_eq!(
        proposal.expires,
        Expiration::AtTime(suite.now().plus_seconds(WEEK))
    );
}

/// cw3-fixed-multisig does not check funds: coins sent with a proposal stay with the council,
/// which only a passed proposal can spend. Guardians propose from their wallets and attach none.
#[test]
fn x7_native_funds_sent_to_the_council_stay_with_it() {
    let (mut suite, council, guardians) = council();
    fund_native(&mut suite, &guardians[0], 10);
    suite
        .app
        .execute_contract(
            guardians[0].clone(),
            council.clone(),
            &propose(None),
            &coins(10, NATIVE),
        )
        .unwrap();
    let held = suite.app.wrap().query_balance(&council, NATIVE).unwrap();
    assert_eq!(held.amount.u128(), 10);
}

/// The council has no migrate entry point (contracts/council/src/lib.rs): even its wasm admin,
/// the DAO, cannot migrate it; a new council replaces it as the contracts' guardian.
#[test]
fn x10_the_council_cannot_be_migrated_even_by_its_admin() {
    let (mut suite, council, _) = council();
    let owner = suite.owner.clone();
    let code = suite
        .app
        .wrap()
        .query_wasm_contract_info(&council)
        .unwrap()
        .code_id;
    let c = council.clone();
    let before = crate::rows::storage(&suite, &council);
    let err = suite
        .app
        .migrate_contract(owner, c, &MigrateMsg {}, code)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        "migrate is not implemented for contract"
    );
    assert_eq!(crate::rows::storage(&suite, &council), before);
}

#[test]
fn x11_thresholds_outside_their_range_are_refused() {
    let mut suite = Suite::new();
    let guardians: Vec<Addr> = (0..3).map(|i| suite.addr(&format!("g{i}"))).collect();
    for threshold in [
        Threshold::AbsolutePercentage {
            percentage: cosmwasm_std::Decimal::percent(101),
        },
        Threshold::AbsolutePercentage {
            percentage: cosmwasm_std::Decimal::zero(),
        },
    ] {
        assert_eq!(
            instantiate_err(&mut suite, &instantiate_msg(&guardians, threshold)),
            ContractError::Threshold(ThresholdError::InvalidThreshold {})
        );
    }
}

/// Proposal and voter pages stop at 30 whatever the limit; a start past the last proposal is
/// an empty page.
#[test]
fn x13_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let (mut suite, council, guardians) = council();
    for _ in 0..32 {
        exec(&mut suite, &council, &guardians[0], &propose(None)).unwrap();
    }
    let page = |start_after: Option<u64>| -> usize {
        let response: ProposalListResponse = suite
            .app
            .wrap()
            .query_wasm_smart(
                &council,
                &QueryMsg::ListProposals {
                    start_after,
                    limit: Some(u32::MAX),
                },
            )
            .unwrap();
        response.proposals.len()
    };
    assert_eq!(page(None), 30);
    assert_eq!(page(Some(1_000)), 0);
}

#[test]
fn x14_no_panics_in_the_council() {
    x14_no_panics_in_the_contract_source("council");
}

#[test]
fn x15_only_the_dao_is_the_councils_wasm_admin() {
    let (mut suite, council, _) = council();
    x15_only_the_dao_is_wasm_admin(&mut suite, &council);
}
