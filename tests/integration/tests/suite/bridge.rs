//! The bridge in the suite: the suite's token reaches it through the cw20 hook, the council may
//! only pause it, and the DAO, its owner, unpauses it and allows its counterparties. Channels and
//! packets are tested with cosmwasm-std's mocks (contracts/bridge/src/tests) and on two chains
//! (scripts/bridge-test.sh).

use cosmwasm_std::Addr;
use infermesh_bridge::BridgeError;
use infermesh_kit::PauseError;
use infermesh_testing::Suite;
use infermesh_types::bridge::{
    ConfigResponse, CounterpartiesResponse, ExecuteMsg, QueryMsg, RateLimit, ReceiveMsg,
    TransferMsg,
};
use infermesh_types::common::OwnershipAction;
use infermesh_types::dao::{ExecuteMsg as DaoMsg, ProposalKind, ProposalStatus, VoteOption};
use infermesh_types::token::AllocationCategory;

use crate::dao::{test_params, DEPOSIT, DISCUSSION, TIMELOCK, VOTING};
use crate::fixtures::{contract_err, execute_msg, UNIT};

fn config(suite: &Suite, bridge: &Addr) -> ConfigResponse {
    suite
        .app
        .wrap()
        .query_wasm_smart(bridge, &QueryMsg::Config {})
        .unwrap()
}

fn transfer() -> ReceiveMsg {
    ReceiveMsg::Transfer(TransferMsg {
        channel_id: "channel-0".into(),
        receiver: "wasm1receiver".into(),
        timeout_seconds: None,
        memo: None,
    })
}

#[test]
fn the_council_only_pauses_the_bridge_and_the_dao_governs_it() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    let guardians: Vec<Addr> = (0..9)
        .map(|i| suite.addr(&format!("guardian-{i}")))
        .collect();
    let council = suite.deploy_council(&guardians, 5);
    assert_eq!(config(&suite, &bridge).guardian, Some(council));
    let holder = suite.holder(AllocationCategory::Liquidity);

    // The token's Send reaches the bridge: no channel is open in the suite.
    let err: BridgeError = contract_err(suite.send(&holder, &bridge, UNIT, &transfer()));
    assert_eq!(
        err,
        BridgeError::UnknownChannel {
            channel_id: "channel-0".into()
        }
    );

    // Five guardians pause it; it takes no transfer, and the council cannot unpause it.
    let round = |suite: &mut Suite, msg: &ExecuteMsg| {
        let id = suite.council_propose(&guardians[0], &bridge, msg).unwrap();
        for guardian in &guardians[1..5] {
            suite.council_vote(guardian, id).unwrap();
        }
        suite.council_execute(&guardians[0], id)
    };
    round(&mut suite, &ExecuteMsg::Pause {}).unwrap();
    assert!(config(&suite, &bridge).paused);
    let err: BridgeError = contract_err(suite.send(&holder, &bridge, UNIT, &transfer()));
    assert_eq!(err, BridgeError::Pause(PauseError::Paused {}));
    assert!(round(&mut suite, &ExecuteMsg::Unpause {}).is_err());

    // The DAO accepts the bridge, unpauses it and allows a counterparty in one proposal.
    let dao = suite.deploy_dao(Some(test_params()));
    let owner = suite.owner.clone();
    suite
        .execute(
            &owner,
            &bridge,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: dao.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    suite.dao_lock(&holder, 1_000_000 * UNIT).unwrap();
    suite.advance_blocks(1);
    let rate_limit = RateLimit {
        max_flow: (1_000_000 * UNIT).into(),
        period_seconds: 86_400,
    };
    let msgs = vec![
        execute_msg(
            &bridge,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership),
        ),
        execute_msg(&bridge, &ExecuteMsg::Unpause {}),
        execute_msg(
            &bridge,
            &ExecuteMsg::AllowCounterparty {
                connection_id: "connection-0".into(),
                port_id: "transfer".into(),
                rate_limit,
            },
        ),
    ];
    let id = suite
        .dao_propose(&holder, DEPOSIT, ProposalKind::Technical, msgs)
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&holder, id, VoteOption::Yes).unwrap();
    suite.advance_time(VOTING + TIMELOCK);
    let anyone = suite.addr("anyone");
    suite
        .dao_execute(&anyone, &DaoMsg::Execute { proposal_id: id })
        .unwrap();
    assert_eq!(suite.dao_proposal(id).status, ProposalStatus::Executed);
    assert!(!config(&suite, &bridge).paused);
    let allowed: CounterpartiesResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &bridge,
            &QueryMsg::Counterparties {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(allowed.counterparties.len(), 1);
    assert_eq!(allowed.counterparties[0].rate_limit, rate_limit);
    // The former owner governs it no more.
    assert!(suite
        .execute(&owner, &bridge, &ExecuteMsg::Unpause {})
        .is_err());
}
