//! The DAO against bad input and misuse: the propose guards (title, description, message count
//! and bytes), messages outside every bar, privileged calls by strangers, migrations that must
//! not happen, oversized and dangling pages, zero amounts and replies it never asked for. Each
//! refusal is matched exactly and leaves the DAO's storage and the balances as they were.
//! Rows of the adversarial checklist carry their id in the test name.

use std::collections::BTreeMap;
use std::fmt::Debug;

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{
    coins, to_json_binary, Addr, Binary, CosmosMsg, Empty, Order, OverflowError, OverflowOperation,
    Reply, StdError, Storage, SubMsgResult, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use infermesh_dao::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use infermesh_dao::DaoError;
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_testing::{attribute, Executor, Suite};
use infermesh_token::TokenError;
use infermesh_types::dao::{
    ConfigResponse, ExecuteMsg, InstantiateMsg, Params, ProposalKind, ProposalStatus,
    ProposalsResponse, QueryMsg, ReceiveMsg, Unlocking, VoteOption, MAX_DESCRIPTION_LEN,
    MAX_PROPOSALS_PAGE, MAX_PROPOSAL_MSGS, MAX_PROPOSAL_MSGS_BYTES, MAX_TITLE_LEN,
};
use infermesh_types::staking::Role;
use infermesh_types::{bill_escrow, token::AllocationCategory};

use crate::dao::{dao_err, test_params, world, World, DEPOSIT, DISCUSSION, TIMELOCK, VOTING};
use crate::fixtures::{contract_err, execute_msg, operator, Res, UNIT};

fn dao_storage(suite: &Suite, dao: &Addr) -> BTreeMap<Vec<u8>, Vec<u8>> {
    suite
        .app
        .contract_storage(dao)
        .range(None, None, Order::Ascending)
        .collect()
}

/// Runs `f`, expects `expected`, and checks that neither the DAO's storage nor the proposer's
/// and the DAO's balances moved: a refusal must not keep a deposit or half a proposal.
fn dao_rejects<T: Debug>(w: &mut World, expected: DaoError, f: impl FnOnce(&mut World) -> Res<T>) {
    let storage = dao_storage(&w.suite, &w.dao);
    let balances = (w.suite.balance(&w.proposer), w.suite.balance(&w.dao));
    assert_eq!(dao_err(f(w)), expected);
    assert_eq!(dao_storage(&w.suite, &w.dao), storage);
    assert_eq!(
        (w.suite.balance(&w.proposer), w.suite.balance(&w.dao)),
        balances
    );
}

fn invalid(reason: String) -> DaoError {
    DaoError::InvalidProposal { reason }
}

/// A technical proposal with its own title and description (the suite's helper fixes both).
fn propose_titled(w: &mut World, title: &str, description: &str, msgs: Vec<CosmosMsg>) -> Res<u64> {
    let (proposer, dao) = (w.proposer.clone(), w.dao.clone());
    let response = w.suite.send(
        &proposer,
        &dao,
        DEPOSIT,
        &ReceiveMsg::Propose {
            title: title.to_string(),
            description: description.to_string(),
            kind: ProposalKind::Technical,
            msgs,
        },
    )?;
    Ok(attribute(&response, "proposal_id")
        .expect("propose emits the proposal id")
        .parse()
        .expect("a proposal id"))
}

/// A technical message any proposal may carry: unpausing the escrow.
fn unpause_escrow(suite: &Suite) -> CosmosMsg {
    execute_msg(
        suite.bill_escrow.addr(),
        &bill_escrow::ExecuteMsg::Unpause {},
    )
}

/// Proposes `msgs` under `kind`, passes it with alice's and bob's yes and executes it once its
/// timelock is over (the emergency kinds' shorter timelock is over by then too).
fn pass_and_execute(w: &mut World, kind: ProposalKind, deposit: u128, msgs: Vec<CosmosMsg>) -> u64 {
    let proposer = w.proposer.clone();
    let id = w.suite.dao_propose(&proposer, deposit, kind, msgs).unwrap();
    w.suite.advance_time(DISCUSSION);
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.vote(&bob, id, VoteOption::Yes).unwrap();
    w.suite.advance_time(VOTING + TIMELOCK);
    w.execute(id).unwrap();
    id
}

fn config(suite: &Suite) -> ConfigResponse {
    suite
        .app
        .wrap()
        .query_wasm_smart(suite.dao(), &QueryMsg::Config {})
        .unwrap()
}

fn params(suite: &Suite) -> Params {
    suite
        .app
        .wrap()
        .query_wasm_smart(suite.dao(), &QueryMsg::Params {})
        .unwrap()
}

#[test]
fn g4_an_empty_or_blank_title_is_refused() {
    let mut w = world();
    for title in ["", "   "] {
        dao_rejects(
            &mut w,
            invalid(format!("a title of 1 to {MAX_TITLE_LEN} bytes is needed")),
            |w| propose_titled(w, title, "why", vec![]),
        );
    }
    assert_eq!(config(&w.suite).proposals, 0);
}

#[test]
fn g4_a_title_over_256_bytes_is_refused_and_256_is_accepted() {
    let mut w = world();
    let longest = "t".repeat(MAX_TITLE_LEN);
    dao_rejects(
        &mut w,
        invalid(format!("a title of 1 to {MAX_TITLE_LEN} bytes is needed")),
        |w| propose_titled(w, &format!("{longest}t"), "why", vec![]),
    );
    let id = propose_titled(&mut w, &longest, "why", vec![]).unwrap();
    assert_eq!(w.suite.dao_proposal(id).title, longest);
}

#[test]
fn g4_a_description_over_8192_bytes_is_refused_and_8192_is_accepted() {
    let mut w = world();
    let longest = "d".repeat(MAX_DESCRIPTION_LEN);
    dao_rejects(
        &mut w,
        invalid(format!(
            "the description is over {MAX_DESCRIPTION_LEN} bytes"
        )),
        |w| propose_titled(w, "title", &format!("{longest}d"), vec![]),
    );
    let id = propose_titled(&mut w, "title", &longest, vec![]).unwrap();
    assert_eq!(w.suite.dao_proposal(id).description, longest);
}

#[test]
fn g4_a_proposal_with_33_messages_is_refused_and_32_are_accepted() {
    let mut w = world();
    let unpause = unpause_escrow(&w.suite);
    let too_many = vec![unpause.clone(); MAX_PROPOSAL_MSGS + 1];
    dao_rejects(
        &mut w,
        invalid(format!(
            "{} messages, more than {MAX_PROPOSAL_MSGS}",
            MAX_PROPOSAL_MSGS + 1
        )),
        |w| w.propose(ProposalKind::Technical, too_many),
    );
    let id = w
        .propose(ProposalKind::Technical, vec![unpause; MAX_PROPOSAL_MSGS])
        .unwrap();
    assert_eq!(w.suite.dao_proposal(id).msgs.len(), MAX_PROPOSAL_MSGS);
}

/// One message is under the count limit, but its payload alone passes the byte cap: every vote
/// rewrites the proposal, so its size is bounded, not only its count.
#[test]
fn g4_messages_over_64_kib_are_refused() {
    let mut w = world();
    let huge: CosmosMsg = WasmMsg::Execute {
        contract_addr: w.suite.bill_escrow.addr().to_string(),
        // base64 makes these 50,000 bytes about 66,700 characters of JSON.
        msg: Binary::from(vec![b' '; 50_000]),
        funds: vec![],
    }
    .into();
    dao_rejects(
        &mut w,
        invalid(format!(
            "the messages take over {MAX_PROPOSAL_MSGS_BYTES} bytes"
        )),
        |w| w.propose(ProposalKind::Technical, vec![huge]),
    );
}

/// Bank messages are treasury spends; new code admins need the highest bar; any other wasm
/// message (an instantiate, a call whose action cannot be read) is technical, except on the
/// token, where an unreadable call is refused; messages other than bank and wasm are refused.
#[test]
fn each_message_gets_its_bar_and_what_no_bar_covers_is_refused() {
    let mut w = world();
    let carol = w.suite.addr("carol");
    let escrow = w.suite.bill_escrow.addr().to_string();
    let bank: Vec<CosmosMsg> = vec![
        cosmwasm_std::BankMsg::Send {
            to_address: carol.to_string(),
            amount: coins(1, "ustake"),
        }
        .into(),
        cosmwasm_std::BankMsg::Burn {
            amount: coins(1, "ustake"),
        }
        .into(),
    ];
    let id = w.propose(ProposalKind::Treasury, bank.clone()).unwrap();
    assert_eq!(w.suite.dao_proposal(id).msgs, bank);

    let admin_changes: [CosmosMsg; 2] = [
        WasmMsg::UpdateAdmin {
            contract_addr: escrow.clone(),
            admin: carol.to_string(),
        }
        .into(),
        WasmMsg::ClearAdmin {
            contract_addr: escrow.clone(),
        }
        .into(),
    ];
    for msg in admin_changes {
        dao_rejects(
            &mut w,
            DaoError::KindTooWeak {
                kind: ProposalKind::Technical,
                required: ProposalKind::EmergencyParameter,
                index: 0,
            },
            |w| w.propose(ProposalKind::Technical, vec![msg]),
        );
    }

    let instantiate: CosmosMsg = WasmMsg::Instantiate {
        admin: None,
        code_id: 1,
        msg: Binary::from(b"{}".to_vec()),
        funds: vec![],
        label: "spawned by the DAO".to_string(),
    }
    .into();
    let two_actions = |contract: &str| -> CosmosMsg {
        WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: Binary::from(br#"{"transfer":{},"burn":{}}"#.to_vec()),
            funds: vec![],
        }
        .into()
    };
    for msg in [instantiate, two_actions(&escrow)] {
        dao_rejects(
            &mut w,
            DaoError::KindTooWeak {
                kind: ProposalKind::Economic,
                required: ProposalKind::Technical,
                index: 0,
            },
            |w| w.propose(ProposalKind::Economic, vec![msg]),
        );
    }

    let token = w.suite.token.addr().to_string();
    let unpause = unpause_escrow(&w.suite);
    dao_rejects(
        &mut w,
        DaoError::MessageNotAllowed {
            index: 1,
            reason: "the token call (unreadable) could move the DAO's tokens after the \
                     execution's solvency check"
                .to_string(),
        },
        |w| {
            w.propose(
                ProposalKind::EmergencyParameter,
                vec![unpause, two_actions(&token)],
            )
        },
    );
    dao_rejects(
        &mut w,
        DaoError::MessageNotAllowed {
            index: 0,
            reason: "only bank and wasm messages may be proposed".to_string(),
        },
        |w| {
            w.propose(
                ProposalKind::EmergencyParameter,
                vec![CosmosMsg::Custom(Empty {})],
            )
        },
    );
}

/// A token `send` to a contract other than the DAO is a treasury spend: it passes the
/// treasury's bar and, executed, the contract holds the tokens and the treasury less.
#[test]
fn a_token_send_to_another_contract_is_a_treasury_spend() {
    let mut w = world();
    let receiver = w.suite.receiver.clone();
    let send = execute_msg(
        w.suite.token.addr(),
        &Cw20ExecuteMsg::Send {
            contract: receiver.to_string(),
            amount: Uint128::new(1_000 * UNIT),
            msg: to_json_binary(&Empty {}).unwrap(),
        },
    );
    let (held, treasury) = (w.suite.balance(&receiver), w.suite.dao_treasury().treasury);
    let id = pass_and_execute(&mut w, ProposalKind::Treasury, DEPOSIT, vec![send]);
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(w.suite.balance(&receiver), held + 1_000 * UNIT);
    assert_eq!(
        w.suite.dao_treasury().treasury,
        treasury - Uint128::new(1_000 * UNIT)
    );
}

/// Abstentions count toward the quorum but neither for nor against: with alice abstaining
/// bob's yes alone passes, and an abstention alone reaches quorum (the deposit comes back) but
/// passes nothing.
#[test]
fn abstentions_count_for_the_quorum_and_not_for_the_threshold() {
    let mut w = world();
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let backed = w.propose(ProposalKind::Technical, vec![]).unwrap();
    let abstained = w.propose(ProposalKind::Technical, vec![]).unwrap();
    w.suite.advance_time(DISCUSSION);
    w.vote(&alice, backed, VoteOption::Abstain).unwrap();
    w.vote(&bob, backed, VoteOption::Yes).unwrap();
    w.vote(&alice, abstained, VoteOption::Abstain).unwrap();
    let tally = w.suite.dao_proposal(backed).tally;
    assert_eq!(
        (tally.yes, tally.no, tally.abstain),
        (
            Uint128::new(100_000 * UNIT),
            Uint128::zero(),
            Uint128::new(300_000 * UNIT)
        )
    );
    assert_eq!(
        w.suite.dao_proposal(backed).turnout,
        Uint128::new(400_000 * UNIT)
    );
    w.suite.advance_time(VOTING);
    assert_eq!(w.status(backed), ProposalStatus::Timelocked);
    assert_eq!(w.status(abstained), ProposalStatus::Rejected);
    let balance = w.suite.balance(&w.proposer);
    w.close(abstained).unwrap();
    assert_eq!(w.suite.balance(&w.proposer), balance + DEPOSIT);
}

/// Closing a passed proposal during its timelock settles its deposit; executing it later runs
/// its (here: no) messages without paying the deposit a second time.
#[test]
fn g1_a_deposit_settled_in_the_timelock_is_not_paid_again_at_execution() {
    let mut w = world();
    let alice = w.alice.clone();
    let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
    w.suite.advance_time(DISCUSSION);
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.suite.advance_time(VOTING);
    assert_eq!(w.status(id), ProposalStatus::Timelocked);
    let balance = w.suite.balance(&w.proposer);
    w.close(id).unwrap();
    assert_eq!(w.suite.balance(&w.proposer), balance + DEPOSIT);
    assert!(w.suite.dao_proposal(id).deposit_settled);
    assert_eq!(w.status(id), ProposalStatus::Timelocked);
    w.suite.advance_time(TIMELOCK);
    let treasury = w.suite.dao_treasury();
    w.execute(id).unwrap();
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(w.suite.balance(&w.proposer), balance + DEPOSIT);
    assert_eq!(w.suite.dao_treasury(), treasury);
    dao_rejects(&mut w, DaoError::DepositSettled { proposal_id: id }, |w| {
        w.close(id)
    });
}

#[test]
fn x1_a_stranger_cannot_change_the_distributor() {
    let mut w = world();
    let stranger = w.suite.addr("stranger");
    dao_rejects(
        &mut w,
        DaoError::NotTheDao {
            sender: stranger.clone(),
        },
        |w| {
            w.suite.dao_execute(
                &stranger,
                &ExecuteMsg::UpdateDistributor {
                    distributor: Some(stranger.to_string()),
                },
            )
        },
    );
    assert_eq!(config(&w.suite).distributor, None);
}

/// The DAO changes its own rules and its distributor only by an emergency-parameter proposal;
/// the new deposit applies to the next proposal, and a cleared distributor stops the reports.
#[test]
fn an_emergency_parameter_proposal_changes_the_dao_params_and_distributor() {
    let mut w = world();
    let dao = w.dao.clone();
    let reporter = w.suite.addr("new-distributor");
    let mut doubled = test_params();
    doubled.deposit = Uint128::new(2 * DEPOSIT);
    assert_eq!(params(&w.suite), test_params());
    let id = pass_and_execute(
        &mut w,
        ProposalKind::EmergencyParameter,
        DEPOSIT,
        vec![
            execute_msg(
                &dao,
                &ExecuteMsg::UpdateParams {
                    params: doubled.clone(),
                },
            ),
            execute_msg(
                &dao,
                &ExecuteMsg::UpdateDistributor {
                    distributor: Some(reporter.to_string()),
                },
            ),
        ],
    );
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(params(&w.suite), doubled);
    assert_eq!(
        config(&w.suite),
        ConfigResponse {
            token: w.suite.token.addr().clone(),
            staking: w.suite.staking.addr().clone(),
            distributor: Some(reporter),
            proposals: 1,
        }
    );
    dao_rejects(
        &mut w,
        DaoError::WrongDeposit {
            sent: Uint128::new(DEPOSIT),
            required: Uint128::new(2 * DEPOSIT),
        },
        |w| w.propose(ProposalKind::Technical, vec![]),
    );

    let clear = execute_msg(&dao, &ExecuteMsg::UpdateDistributor { distributor: None });
    let proposer = w.proposer.clone();
    let id = w
        .suite
        .dao_propose(
            &proposer,
            2 * DEPOSIT,
            ProposalKind::EmergencyParameter,
            vec![clear],
        )
        .unwrap();
    w.suite.advance_time(DISCUSSION);
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    // The reported address holds no contract: the report fails, the vote stands.
    let response = w.vote(&alice, id, VoteOption::Yes).unwrap();
    assert_eq!(attribute(&response, "hook").as_deref(), Some("vote_report"));
    w.vote(&bob, id, VoteOption::Yes).unwrap();
    w.suite.advance_time(VOTING + TIMELOCK);
    w.execute(id).unwrap();
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(config(&w.suite).distributor, None);
}

fn migrate_dao(suite: &mut Suite) -> Res {
    let (owner, dao, code) = (suite.owner.clone(), suite.dao(), suite.dao_code);
    suite.app.migrate_contract(owner, dao, &MigrateMsg {}, code)
}

fn set_stored_version(suite: &mut Suite, name: &str, version: &str) {
    let dao = suite.dao();
    cw2::set_contract_version(&mut *suite.app.contract_storage_mut(&dao), name, version).unwrap();
}

fn stored_version(suite: &Suite) -> (String, String) {
    let stored = cw2::get_contract_version(&*suite.app.contract_storage(&suite.dao())).unwrap();
    (stored.contract, stored.version)
}

#[test]
fn x10_migration_from_another_contract_a_newer_version_or_a_replay_is_refused() {
    let mut w = world();
    let current = (CONTRACT_NAME.to_string(), CONTRACT_VERSION.to_string());
    let not_older = |stored: &str| {
        DaoError::Migration(MigrationError::NotOlder {
            stored_version: stored.to_string(),
            version: CONTRACT_VERSION.to_string(),
        })
    };
    dao_rejects(&mut w, not_older(CONTRACT_VERSION), |w| {
        migrate_dao(&mut w.suite)
    });

    set_stored_version(&mut w.suite, CONTRACT_NAME, "0.0.1");
    let response = migrate_dao(&mut w.suite).unwrap();
    assert_eq!(
        attribute(&response, "from_version").as_deref(),
        Some("0.0.1")
    );
    assert_eq!(stored_version(&w.suite), current);
    // The same migration sent again finds the version it wrote.
    dao_rejects(&mut w, not_older(CONTRACT_VERSION), |w| {
        migrate_dao(&mut w.suite)
    });

    set_stored_version(&mut w.suite, CONTRACT_NAME, "99.0.0");
    dao_rejects(&mut w, not_older("99.0.0"), |w| migrate_dao(&mut w.suite));

    set_stored_version(&mut w.suite, "crates.io:infermesh-staking", "0.0.1");
    dao_rejects(
        &mut w,
        DaoError::Migration(MigrationError::WrongContract {
            stored_name: "crates.io:infermesh-staking".to_string(),
            name: CONTRACT_NAME.to_string(),
        }),
        |w| migrate_dao(&mut w.suite),
    );
}

fn proposal_ids(suite: &Suite, start_before: Option<u64>, limit: Option<u32>) -> Vec<u64> {
    let page: ProposalsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.dao(),
            &QueryMsg::Proposals {
                start_before,
                limit,
            },
        )
        .unwrap();
    page.proposals.iter().map(|proposal| proposal.id).collect()
}

/// 31 proposals: a page never holds more than 30 whatever the limit asked, newest first; a
/// start that names no proposal pages from below it, and the default page is 10.
#[test]
fn x13_proposals_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut w = world();
    for _ in 0..=MAX_PROPOSALS_PAGE {
        w.propose(ProposalKind::Technical, vec![]).unwrap();
    }
    let count = u64::from(MAX_PROPOSALS_PAGE) + 1;
    assert_eq!(config(&w.suite).proposals, count);
    let newest: Vec<u64> = (2..=count).rev().collect();
    assert_eq!(proposal_ids(&w.suite, None, Some(u32::MAX)), newest);
    assert_eq!(
        proposal_ids(&w.suite, Some(u64::MAX), Some(u32::MAX)),
        newest
    );
    assert_eq!(
        proposal_ids(&w.suite, None, None),
        (count - 9..=count).rev().collect::<Vec<_>>()
    );
    assert_eq!(proposal_ids(&w.suite, Some(3), Some(u32::MAX)), [2, 1]);
    assert_eq!(
        proposal_ids(&w.suite, Some(1), Some(u32::MAX)),
        Vec::<u64>::new()
    );
    assert_eq!(proposal_ids(&w.suite, None, Some(0)), Vec::<u64>::new());
}

fn unlocking(suite: &Suite, address: &Addr) -> Option<Unlocking> {
    suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.dao(),
            &QueryMsg::Unlocking {
                address: address.to_string(),
            },
        )
        .unwrap()
}

/// A second unlock adds to the first and restarts its wait: tokens that count in a proposal
/// created since cannot leave before that proposal's vote is over.
#[test]
fn a_second_unlock_adds_to_the_first_and_restarts_its_wait() {
    let mut w = world();
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let unlock = |amount: u128| ExecuteMsg::Unlock {
        amount: Uint128::new(amount),
    };
    w.suite
        .dao_execute(&alice, &unlock(100_000 * UNIT))
        .unwrap();
    assert_eq!(
        unlocking(&w.suite, &alice),
        Some(Unlocking {
            amount: Uint128::new(100_000 * UNIT),
            ready_at: w.suite.now().plus_seconds(DISCUSSION + VOTING),
        })
    );
    w.suite.advance_time(DISCUSSION);
    w.suite.dao_execute(&alice, &unlock(50_000 * UNIT)).unwrap();
    assert_eq!(
        unlocking(&w.suite, &alice),
        Some(Unlocking {
            amount: Uint128::new(150_000 * UNIT),
            ready_at: w.suite.now().plus_seconds(DISCUSSION + VOTING),
        })
    );
    assert_eq!(w.suite.dao_treasury().locked, Uint128::new(250_000 * UNIT));
    assert_eq!(unlocking(&w.suite, &bob), None);
}

/// The token refuses a zero Send before the DAO sees it; the DAO's own guard holds for a
/// zero Receive delivered from the token's address all the same, and for a zero unlock.
#[test]
fn x5_zero_locks_and_unlocks_are_refused() {
    let mut w = world();
    let alice = w.alice.clone();
    assert_eq!(
        contract_err::<TokenError, _>(w.suite.dao_lock(&alice, 0)),
        TokenError::ZeroAmount {}
    );
    let token = w.suite.token.addr().clone();
    let zero_lock = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::zero(),
        msg: to_json_binary(&ReceiveMsg::Lock {}).unwrap(),
    });
    dao_rejects(&mut w, DaoError::ZeroAmount {}, |w| {
        w.suite.dao_execute(&token, &zero_lock)
    });
    dao_rejects(&mut w, DaoError::ZeroAmount {}, |w| {
        w.suite.dao_execute(
            &alice,
            &ExecuteMsg::Unlock {
                amount: Uint128::zero(),
            },
        )
    });
    assert_eq!(
        w.suite.dao_power(&alice, None).locked,
        Uint128::new(300_000 * UNIT)
    );
}

/// The DAO's genesis treasury is minted to its address before it exists: an instantiate that
/// claims more than the address holds is refused.
#[test]
fn x11_an_instantiate_claiming_an_unfunded_treasury_is_refused() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let err = suite
        .app
        .instantiate_contract(
            suite.dao_code,
            owner,
            &InstantiateMsg {
                token: suite.token.addr().to_string(),
                staking: suite.staking.addr().to_string(),
                genesis_treasury: AllocationCategory::CommunityTreasury.genesis_amount(),
                params: None,
                distributor: None,
            },
            &[],
            "dao-elsewhere",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<DaoError>().unwrap(),
        DaoError::TreasuryNotFunded {
            balance: Uint128::zero(),
            genesis: AllocationCategory::CommunityTreasury.genesis_amount(),
        }
    );
}

/// The DAO replies only to its own sub-messages: the execution's (id 1), which carries the
/// proposal id as its payload, and the vote report's (id 2). Anything else is refused.
#[test]
fn x9_replies_the_dao_never_asked_for_are_refused() {
    let mut deps = mock_dependencies();
    let reply = |id: u64, payload: &[u8]| Reply {
        id,
        payload: Binary::from(payload.to_vec()),
        gas_used: 0,
        result: SubMsgResult::Err("refused".to_string()),
    };
    assert_eq!(
        infermesh_dao::contract::reply(deps.as_mut(), mock_env(), reply(7, &[])).unwrap_err(),
        DaoError::UnknownReply { id: 7 }
    );
    for payload in [&[][..], &[0, 0, 1]] {
        assert_eq!(
            infermesh_dao::contract::reply(deps.as_mut(), mock_env(), reply(1, payload))
                .unwrap_err(),
            DaoError::Std(StdError::generic_err(
                "execution reply without its proposal"
            ))
        );
    }
    assert_eq!(deps.storage.range(None, None, Order::Ascending).count(), 0);
}

#[test]
fn x14_no_panics_in_dao() {
    crate::rows::x14_no_panics_in_the_contract_source("dao");
}

#[test]
fn x15_only_the_dao_migrates_dao() {
    let mut suite = Suite::new();
    suite.deploy_dao(None);
    let contract = suite.dao();
    crate::rows::x15_only_the_dao_is_wasm_admin(&mut suite, &contract);
}

/// X3: the DAO takes addresses in `UpdateDistributor` (from itself), in the contracts its
/// proposals' messages call and the token sends they make (docs/dao.md §3: an address that is
/// not normalised would dodge the comparisons) and in its queries. Every spelling
/// `addr_validate` refuses is refused there, with nothing stored.
#[test]
fn x3_bad_addresses_are_refused_in_messages_proposals_and_queries() {
    let mut w = world();
    let dao = w.dao.clone();
    crate::rows::x3_bad_addresses_are_refused(
        &mut w.suite,
        &dao,
        &dao,
        |bad| ExecuteMsg::UpdateDistributor {
            distributor: Some(bad.to_string()),
        },
        DaoError::Std,
    );
    assert_eq!(config(&w.suite).distributor, None);

    let token = w.suite.token.addr().clone();
    for (bad, _) in crate::rows::bad_addresses(&w.suite) {
        let call = CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: bad.clone(),
            msg: to_json_binary(&bill_escrow::ExecuteMsg::Unpause {}).unwrap(),
            funds: vec![],
        });
        let send = execute_msg(
            &token,
            &Cw20ExecuteMsg::Send {
                contract: bad.clone(),
                amount: Uint128::new(UNIT),
                msg: Binary::default(),
            },
        );
        let migrate = CosmosMsg::Wasm(WasmMsg::Migrate {
            contract_addr: bad.clone(),
            new_code_id: 1,
            msg: to_json_binary(&MigrateMsg {}).unwrap(),
        });
        for (kind, msg) in [
            (ProposalKind::Technical, call),
            (ProposalKind::Treasury, send),
            (ProposalKind::EmergencyParameter, migrate),
        ] {
            dao_rejects(
                &mut w,
                DaoError::MessageNotAllowed {
                    index: 0,
                    reason: format!("{bad} is not a normalised address"),
                },
                |w| w.propose(kind, vec![msg]),
            );
        }
        for query in [
            QueryMsg::VotingPower {
                address: bad.clone(),
                height: None,
            },
            QueryMsg::Ballot {
                proposal_id: 1,
                voter: bad.clone(),
            },
            QueryMsg::Unlocking {
                address: bad.clone(),
            },
        ] {
            let err = w
                .suite
                .app
                .wrap()
                .query_wasm_smart::<Empty>(&dao, &query)
                .unwrap_err();
            assert!(err.to_string().contains("Querier contract error"), "{err}");
        }
    }
    // A valid address of an account's 20 bytes is taken like a contract's 32.
    let short = crate::rows::short_address(&w.suite);
    let power: infermesh_types::dao::VotingPowerResponse = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &dao,
            &QueryMsg::VotingPower {
                address: short.to_string(),
                height: None,
            },
        )
        .unwrap();
    assert_eq!(power.locked, Uint128::zero());
}

/// X6: locks past `Uint128::MAX` are a typed error (they were an unchecked `+`, docs/dao.md §2),
/// an unlock or a deposit of `Uint128::MAX` is refused by name, and rules of the largest
/// durations or deposit are `InvalidParams`. The token's fixed supply keeps real locks far below
/// the bound; a `Receive` from the token's address stands for a token that could reach it.
#[test]
fn x6_maximal_locks_unlocks_deposits_and_periods_are_refused() {
    let mut w = world();
    let alice = w.alice.clone();
    let token = w.suite.token.addr().clone();
    let forged = |msg: &ReceiveMsg| {
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::MAX,
            msg: to_json_binary(msg).unwrap(),
        })
    };
    let lock = forged(&ReceiveMsg::Lock {});
    dao_rejects(
        &mut w,
        DaoError::Overflow(OverflowError::new(OverflowOperation::Add)),
        |w| w.suite.dao_execute(&token, &lock),
    );
    let propose = forged(&ReceiveMsg::Propose {
        title: "maximal".to_string(),
        description: String::new(),
        kind: ProposalKind::Technical,
        msgs: vec![],
    });
    dao_rejects(
        &mut w,
        DaoError::WrongDeposit {
            sent: Uint128::MAX,
            required: Uint128::new(DEPOSIT),
        },
        |w| w.suite.dao_execute(&token, &propose),
    );
    dao_rejects(
        &mut w,
        DaoError::InsufficientLocked {
            address: alice.clone(),
            locked: Uint128::new(300_000 * UNIT),
            requested: Uint128::MAX,
        },
        |w| {
            w.suite.dao_execute(
                &alice,
                &ExecuteMsg::Unlock {
                    amount: Uint128::MAX,
                },
            )
        },
    );

    let dao = w.dao.clone();
    let invalid_params = |reason: String| {
        DaoError::Validation(infermesh_kit::ValidationError::InvalidParams { reason })
    };
    let mut longest = params(&w.suite);
    longest.voting_seconds = u64::MAX;
    let mut richest = params(&w.suite);
    richest.deposit = Uint128::MAX;
    let mut slowest = params(&w.suite);
    slowest.kinds[ProposalKind::Treasury.index()].timelock_seconds = u64::MAX;
    for (rules, reason) in [
        (longest, format!("voting_seconds {} above a year", u64::MAX)),
        (
            richest,
            format!(
                "deposit {} must be above 0 and at most {}",
                Uint128::MAX,
                infermesh_types::dao::MAX_DEPOSIT
            ),
        ),
        (slowest, "Treasury timelock above a year".to_string()),
    ] {
        dao_rejects(&mut w, invalid_params(reason), |w| {
            w.suite
                .dao_execute(&dao, &ExecuteMsg::UpdateParams { params: rules })
        });
    }
    assert_eq!(
        w.suite.dao_power(&alice, None).locked,
        Uint128::new(300_000 * UNIT)
    );
}

/// X7: every message of the DAO refuses native coins, and they stay with their sender.
#[test]
fn x7_native_funds_are_refused_on_every_message() {
    let mut w = world();
    let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
    let dao = w.dao.clone();
    let alice = w.alice.clone();
    for msg in [
        ExecuteMsg::Vote {
            proposal_id: id,
            vote: VoteOption::Yes,
        },
        ExecuteMsg::Unlock {
            amount: Uint128::new(UNIT),
        },
        ExecuteMsg::Withdraw {},
        ExecuteMsg::Execute { proposal_id: id },
        ExecuteMsg::Close { proposal_id: id },
        ExecuteMsg::RunProposal { proposal_id: id },
        ExecuteMsg::CheckSolvency {},
        ExecuteMsg::UpdateDistributor {
            distributor: Some(alice.to_string()),
        },
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(UNIT),
            msg: to_json_binary(&ReceiveMsg::Lock {}).unwrap(),
        }),
    ] {
        crate::rows::x7_nonpayable::<DaoError, _>(&mut w.suite, &dao, &msg);
    }
}

/// X16: a quadratic vote counts ⌊√(own bonded stake)⌋ (docs/dao.md §2), rounded against the
/// voter. A stake bonded in a thousand one-unit bonds counts exactly what the same stake bonded
/// at once counts, and a thousand changes of a vote leave one vote in the tally and the turnout.
#[test]
fn x16_a_thousand_tiny_bonds_or_vote_changes_buy_no_quadratic_power() {
    let mut params = test_params();
    params.kinds[ProposalKind::Technical.index()].quadratic = true;
    let mut suite = Suite::new();
    suite.deploy_dao(Some(params));
    // 10,000 tokens and 999 base units: √(10,000,000,999) = 100,000.004…, counted 100,000.
    let stake = 10_000 * UNIT + 999;
    let whole = operator(&mut suite, "whole", Role::Provider, stake);
    let drip = operator(&mut suite, "drip", Role::Provider, 10_000 * UNIT);
    suite.staking_fund(&drip, 999).unwrap();
    for _ in 0..999 {
        suite.bond(&drip, 1).unwrap();
    }
    suite.advance_blocks(1);
    let proposer = suite.holder(AllocationCategory::Liquidity);
    let id = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Technical, vec![])
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&whole, id, VoteOption::Yes).unwrap();
    suite.dao_vote(&drip, id, VoteOption::No).unwrap();
    let once = suite.dao_proposal(id);
    assert_eq!(
        (once.tally.yes.u128(), once.tally.no.u128()),
        (100_000, 100_000)
    );
    for i in 0..1_000 {
        let vote = [VoteOption::Yes, VoteOption::Abstain, VoteOption::No][i % 3];
        suite.dao_vote(&drip, id, vote).unwrap();
    }
    // The last of the thousand (999 % 3 = 0) is a yes.
    let after = suite.dao_proposal(id);
    assert_eq!(
        (
            after.tally.yes.u128(),
            after.tally.no.u128(),
            after.tally.abstain.u128()
        ),
        (200_000, 0, 0)
    );
    assert_eq!(after.turnout, once.turnout);
}
