//! The council's own entry points, as the chain calls them: instantiate with nine guardians and
//! a threshold of five, read back through its `query`, and a proposal that only a guardian may
//! open and that passes at the fifth yes.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
use cosmwasm_std::{from_json, Addr, Deps, Env};
use cw3::{ProposalResponse, Status, Vote, VoterDetail, VoterListResponse, VoterResponse};
use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, QueryMsg, Voter};
use cw3_fixed_multisig::ContractError;
use cw_utils::{Duration, Threshold, ThresholdResponse};
use infermesh_council::{execute, instantiate, query};

const GUARDIANS: usize = 9;
const THRESHOLD: u64 = 5;

fn guardians(api: &MockApi) -> Vec<Addr> {
    (0..GUARDIANS)
        .map(|i| api.addr_make(&format!("guardian-{i}")))
        .collect()
}

fn ask<T: cosmwasm_schema::serde::de::DeserializeOwned>(deps: Deps, env: &Env, msg: QueryMsg) -> T {
    from_json(query(deps, env.clone(), msg).unwrap()).unwrap()
}

#[test]
fn the_council_answers_its_threshold_and_guardians_and_passes_at_five_votes() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let guardians = guardians(&deps.api);
    let deployer = deps.api.addr_make("deployer");
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&deployer, &[]),
        InstantiateMsg {
            voters: guardians
                .iter()
                .map(|guardian| Voter {
                    addr: guardian.to_string(),
                    weight: 1,
                })
                .collect(),
            threshold: Threshold::AbsoluteCount { weight: THRESHOLD },
            max_voting_period: Duration::Time(7 * 86_400),
        },
    )
    .unwrap();

    let threshold: ThresholdResponse = ask(deps.as_ref(), &env, QueryMsg::Threshold {});
    assert_eq!(
        threshold,
        ThresholdResponse::AbsoluteCount {
            weight: THRESHOLD,
            total_weight: GUARDIANS as u64,
        }
    );
    let listed: VoterListResponse = ask(
        deps.as_ref(),
        &env,
        QueryMsg::ListVoters {
            start_after: None,
            limit: None,
        },
    );
    let mut expected: Vec<VoterDetail> = guardians
        .iter()
        .map(|guardian| VoterDetail {
            addr: guardian.to_string(),
            weight: 1,
        })
        .collect();
    expected.sort_by(|a, b| a.addr.cmp(&b.addr));
    assert_eq!(listed.voters, expected);
    let stranger = deps.api.addr_make("stranger");
    let none: VoterResponse = ask(
        deps.as_ref(),
        &env,
        QueryMsg::Voter {
            address: stranger.to_string(),
        },
    );
    assert_eq!(none.weight, None);

    let propose = ExecuteMsg::Propose {
        title: "pause".to_string(),
        description: "an incident".to_string(),
        msgs: vec![],
        latest: None,
    };
    assert_eq!(
        execute(
            deps.as_mut(),
            env.clone(),
            message_info(&stranger, &[]),
            propose.clone()
        )
        .unwrap_err(),
        ContractError::Unauthorized {}
    );
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&guardians[0], &[]),
        propose,
    )
    .unwrap();
    let status = |deps: Deps| {
        let proposal: ProposalResponse = ask(deps, &env, QueryMsg::Proposal { proposal_id: 1 });
        proposal.status
    };
    // The proposer's own yes counts: three more make four, one short of the threshold.
    for guardian in &guardians[1..4] {
        execute(
            deps.as_mut(),
            env.clone(),
            message_info(guardian, &[]),
            ExecuteMsg::Vote {
                proposal_id: 1,
                vote: Vote::Yes,
            },
        )
        .unwrap();
    }
    assert_eq!(status(deps.as_ref()), Status::Open);
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&guardians[4], &[]),
        ExecuteMsg::Vote {
            proposal_id: 1,
            vote: Vote::Yes,
        },
    )
    .unwrap();
    assert_eq!(status(deps.as_ref()), Status::Passed);
}
