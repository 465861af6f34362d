//! The guardian council (cw3-fixed-multisig, 5 of 9): it pauses the escrow with five votes, not
//! four; it can do nothing else (the contracts refuse its unpause and its parameter change);
//! only the DAO, their owner, unpauses by a proposal.

use cosmwasm_std::{Addr, Uint128};
use infermesh_testing::Suite;
use infermesh_types::bill_escrow;
use infermesh_types::common::OwnershipAction;
use infermesh_types::dao::{ProposalKind, ProposalStatus, VoteOption};
use infermesh_types::token::AllocationCategory;

use crate::dao::{test_params, DEPOSIT, DISCUSSION, TIMELOCK, VOTING};
use crate::fixtures::{execute_msg, UNIT};

fn escrow_paused(suite: &Suite) -> bool {
    let config: bill_escrow::ConfigResponse = suite
        .app
        .wrap()
        .query_wasm_smart(suite.bill_escrow.addr(), &bill_escrow::QueryMsg::Config {})
        .unwrap();
    config.paused
}

/// A council proposal of `msg` to the escrow, proposed by the first guardian and voted yes by
/// the next `votes - 1`; the result of executing it.
fn council_round(
    suite: &mut Suite,
    guardians: &[Addr],
    votes: usize,
    msg: &bill_escrow::ExecuteMsg,
) -> crate::fixtures::Res {
    let escrow = suite.bill_escrow.addr().clone();
    let id = suite.council_propose(&guardians[0], &escrow, msg).unwrap();
    for guardian in &guardians[1..votes] {
        suite.council_vote(guardian, id).unwrap();
    }
    suite.council_execute(&guardians[0], id)
}

#[test]
fn five_guardians_pause_and_only_the_dao_unpauses() {
    let mut suite = Suite::new();
    let guardians: Vec<Addr> = (0..9)
        .map(|i| suite.addr(&format!("guardian-{i}")))
        .collect();
    suite.deploy_council(&guardians, 5);
    assert!(council_round(
        &mut suite,
        &guardians,
        4,
        &bill_escrow::ExecuteMsg::Pause {}
    )
    .is_err());
    assert!(!escrow_paused(&suite));
    council_round(
        &mut suite,
        &guardians,
        5,
        &bill_escrow::ExecuteMsg::Pause {},
    )
    .unwrap();
    assert!(escrow_paused(&suite));
    // A stranger is no guardian.
    let stranger = suite.addr("stranger");
    let escrow = suite.bill_escrow.addr().clone();
    assert!(suite
        .council_propose(&stranger, &escrow, &bill_escrow::ExecuteMsg::Pause {})
        .is_err());
    // Five votes cannot unpause, nor change anything else: the escrow refuses the council.
    assert!(council_round(
        &mut suite,
        &guardians,
        5,
        &bill_escrow::ExecuteMsg::Unpause {}
    )
    .is_err());
    let params: bill_escrow::Params = suite
        .app
        .wrap()
        .query_wasm_smart(&escrow, &bill_escrow::QueryMsg::Params {})
        .unwrap();
    assert!(council_round(
        &mut suite,
        &guardians,
        5,
        &bill_escrow::ExecuteMsg::UpdateParams { params }
    )
    .is_err());
    assert!(escrow_paused(&suite));

    // The DAO takes the escrow (offered by the owner, accepted by a proposal) and unpauses it.
    let dao = suite.deploy_dao(Some(test_params()));
    let owner = suite.owner.clone();
    suite
        .execute(
            &owner,
            &escrow,
            &bill_escrow::ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: dao.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    let holder = suite.holder(AllocationCategory::Liquidity);
    suite.dao_lock(&holder, 1_000_000 * UNIT).unwrap();
    suite.advance_blocks(1);
    let call = |msg: &bill_escrow::ExecuteMsg| execute_msg(&escrow, msg);
    let msgs = vec![
        call(&bill_escrow::ExecuteMsg::UpdateOwnership(
            OwnershipAction::AcceptOwnership,
        )),
        call(&bill_escrow::ExecuteMsg::Unpause {}),
    ];
    let id = suite
        .dao_propose(&holder, DEPOSIT, ProposalKind::Technical, msgs)
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&holder, id, VoteOption::Yes).unwrap();
    suite.advance_time(VOTING + TIMELOCK);
    let anyone = suite.addr("anyone");
    suite
        .dao_execute(
            &anyone,
            &infermesh_types::dao::ExecuteMsg::Execute { proposal_id: id },
        )
        .unwrap();
    assert_eq!(suite.dao_proposal(id).status, ProposalStatus::Executed);
    assert!(!escrow_paused(&suite));
    assert!(suite.dao_treasury().locked >= Uint128::new(1_000_000 * UNIT));
}
