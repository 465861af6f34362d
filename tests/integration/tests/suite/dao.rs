//! The DAO on the suite's token and staking: power fixed at the creation height, typed
//! proposals and the messages their bar covers, the lifecycle (discussion, vote, timelock,
//! execution window), execution all or nothing, deposits, the treasury; bad inputs with their
//! typed errors; the property that no token counts twice in a proposal.

use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, Decimal, Uint128, WasmMsg};
use infermesh_dao::DaoError;
use infermesh_testing::Suite;
use infermesh_types::dao::{
    ExecuteMsg, KindRules, Params, ProposalKind, ProposalStatus, VoteOption,
};
use infermesh_types::distributor::{self, RewardRole};
use infermesh_types::staking::Role;
use infermesh_types::token::{AllocationCategory, TokenClient};
use infermesh_types::{bill_escrow, dao};
use proptest::prelude::*;

use crate::fixtures::{contract_err, execute_msg, operator, proptest_config, Res, UNIT};

pub(crate) const DISCUSSION: u64 = 100;
pub(crate) const VOTING: u64 = 1_000;
pub(crate) const TIMELOCK: u64 = 500;
pub(crate) const EMERGENCY_TIMELOCK: u64 = 200;
pub(crate) const WINDOW: u64 = 1_000;
pub(crate) const DEPOSIT: u128 = 100_000 * UNIT;

/// The production bars with short periods.
pub(crate) fn test_params() -> Params {
    let defaults = Params::default();
    Params {
        kinds: ProposalKind::ALL
            .iter()
            .zip(&defaults.kinds)
            .map(|(kind, rules)| KindRules {
                timelock_seconds: match kind {
                    ProposalKind::Emergency | ProposalKind::EmergencyParameter => {
                        EMERGENCY_TIMELOCK
                    }
                    _ => TIMELOCK,
                },
                ..*rules
            })
            .collect(),
        deposit: Uint128::new(DEPOSIT),
        discussion_seconds: DISCUSSION,
        voting_seconds: VOTING,
        execution_window_seconds: WINDOW,
    }
}

pub(crate) struct World {
    pub(crate) suite: Suite,
    pub(crate) dao: Addr,
    /// A holder with liquid tokens (the liquidity allocation): proposes and funds.
    pub(crate) proposer: Addr,
    pub(crate) alice: Addr,
    pub(crate) bob: Addr,
}

/// The DAO at its genesis address, holding the community-treasury allocation and 1,000,000
/// tokens more funded by a holder; alice locks 300,000 and bob 100,000,
/// a block before anything is proposed.
pub(crate) fn world() -> World {
    let mut suite = Suite::new();
    let dao = suite.deploy_dao(Some(test_params()));
    let proposer = suite.holder(AllocationCategory::Liquidity);
    suite.dao_fund(&proposer, 1_000_000 * UNIT).unwrap();
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    for (who, amount) in [(&alice, 300_000 * UNIT), (&bob, 100_000 * UNIT)] {
        suite.staking_fund(who, amount).unwrap();
        suite.dao_lock(who, amount).unwrap();
    }
    suite.advance_blocks(1);
    World {
        suite,
        dao,
        proposer,
        alice,
        bob,
    }
}

impl World {
    pub(crate) fn propose(&mut self, kind: ProposalKind, msgs: Vec<CosmosMsg>) -> Res<u64> {
        let proposer = self.proposer.clone();
        self.suite.dao_propose(&proposer, DEPOSIT, kind, msgs)
    }

    pub(crate) fn vote(&mut self, voter: &Addr, id: u64, vote: VoteOption) -> Res {
        self.suite.dao_vote(voter, id, vote)
    }

    pub(crate) fn execute(&mut self, id: u64) -> Res {
        let anyone = self.suite.addr("anyone");
        self.suite
            .dao_execute(&anyone, &ExecuteMsg::Execute { proposal_id: id })
    }

    pub(crate) fn close(&mut self, id: u64) -> Res {
        let anyone = self.suite.addr("anyone");
        self.suite
            .dao_execute(&anyone, &ExecuteMsg::Close { proposal_id: id })
    }

    pub(crate) fn status(&self, id: u64) -> ProposalStatus {
        self.suite.dao_proposal(id).status
    }

    pub(crate) fn spend(&self, to: &Addr, amount: u128) -> CosmosMsg {
        TokenClient(self.suite.token.addr().clone())
            .transfer_msg(to, Uint128::new(amount))
            .unwrap()
    }
}

pub(crate) fn dao_err(result: Res<impl std::fmt::Debug>) -> DaoError {
    contract_err(result)
}

/// An escrow parameter change (an economic proposal's message).
fn escrow_params_msg(suite: &Suite) -> CosmosMsg {
    let params: bill_escrow::Params = suite
        .app
        .wrap()
        .query_wasm_smart(suite.bill_escrow.addr(), &bill_escrow::QueryMsg::Params {})
        .unwrap();
    execute_msg(
        suite.bill_escrow.addr(),
        &bill_escrow::ExecuteMsg::UpdateParams { params },
    )
}

#[test]
fn a_treasury_spend_passes_waits_its_timelock_and_executes() {
    let mut w = world();
    let carol = w.suite.addr("carol");
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let proposer_balance = w.suite.balance(&w.proposer);
    let spend = w.spend(&carol, 1_000 * UNIT);
    let id = w.propose(ProposalKind::Treasury, vec![spend]).unwrap();
    assert_eq!(w.suite.balance(&w.proposer), proposer_balance - DEPOSIT);
    assert_eq!(
        dao_err(w.vote(&alice, id, VoteOption::Yes)),
        DaoError::VotingClosed {
            proposal_id: id,
            status: ProposalStatus::Discussion
        }
    );
    w.suite.advance_time(DISCUSSION);
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.vote(&bob, id, VoteOption::No).unwrap();
    // bob changes its mind: its power moves from no to yes.
    w.vote(&bob, id, VoteOption::Yes).unwrap();
    let tally = w.suite.dao_proposal(id).tally;
    assert_eq!(
        (tally.yes, tally.no),
        (Uint128::new(400_000 * UNIT), Uint128::zero())
    );
    assert_eq!(
        dao_err(w.execute(id)),
        DaoError::NotExecutable {
            proposal_id: id,
            status: ProposalStatus::Voting
        }
    );
    w.suite.advance_time(VOTING);
    assert_eq!(
        dao_err(w.execute(id)),
        DaoError::NotExecutable {
            proposal_id: id,
            status: ProposalStatus::Timelocked
        }
    );
    w.suite.advance_time(TIMELOCK);
    assert_eq!(w.status(id), ProposalStatus::Executable);
    w.execute(id).unwrap();
    assert_eq!(w.suite.balance(&carol), 1_000 * UNIT);
    assert_eq!(w.status(id), ProposalStatus::Executed);
    // The proposal reached quorum: its deposit came back.
    assert_eq!(w.suite.balance(&w.proposer), proposer_balance);
    assert_eq!(
        w.suite.dao_treasury().treasury,
        AllocationCategory::CommunityTreasury.genesis_amount() + Uint128::new(999_000 * UNIT)
    );
    assert_eq!(
        dao_err(w.execute(id)),
        DaoError::NotExecutable {
            proposal_id: id,
            status: ProposalStatus::Executed
        }
    );
}

/// Power is read at the creation height: tokens locked afterwards give nothing, and a holder
/// that unlocks after the creation votes with what it held then — while its tokens wait out the
/// vote in the DAO, so they cannot be locked again by another holder or repay a loan (the
/// flash-lock). Stake counts 1.5×, up to 2× with a year of lock.
#[test]
fn power_is_fixed_at_the_creation_height() {
    let mut w = world();
    let op = operator(&mut w.suite, "validator", Role::Validator, 10_000 * UNIT);
    let locker = operator(&mut w.suite, "locker", Role::Provider, 10_000 * UNIT);
    w.suite
        .lock_stake(&locker, infermesh_types::common::YEAR_SECONDS)
        .unwrap();
    w.suite.advance_blocks(1);
    let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
    let height = w.suite.dao_proposal(id).height;
    let (alice, dave) = (w.alice.clone(), w.suite.addr("dave"));
    w.suite
        .dao_execute(
            &alice,
            &ExecuteMsg::Unlock {
                amount: Uint128::new(300_000 * UNIT),
            },
        )
        .unwrap();
    let ready_at = w.suite.now().plus_seconds(DISCUSSION + VOTING);
    assert_eq!(
        dao_err(w.suite.dao_execute(&alice, &ExecuteMsg::Withdraw {})),
        DaoError::UnlockPending {
            address: alice.clone(),
            ready_at
        }
    );
    w.suite.staking_fund(&dave, 300_000 * UNIT).unwrap();
    w.suite.dao_lock(&dave, 300_000 * UNIT).unwrap();
    w.suite.advance_time(DISCUSSION);
    assert_eq!(
        dao_err(w.vote(&dave, id, VoteOption::Yes)),
        DaoError::NoVotingPower {
            voter: dave.clone(),
            height
        }
    );
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.vote(&op, id, VoteOption::Yes).unwrap();
    w.vote(&locker, id, VoteOption::No).unwrap();
    let tally = w.suite.dao_proposal(id).tally;
    assert_eq!(tally.yes, Uint128::new((300_000 + 15_000) * UNIT));
    // A year's lock less the seconds between the lock and the creation: just under 2x.
    assert!(
        tally.no < Uint128::new(20_000 * UNIT) && tally.no > Uint128::new(19_999 * UNIT),
        "{tally:?}"
    );
    // The quorum's base: the vault and 1.5x the bonded stake at the height.
    assert_eq!(
        w.suite.dao_proposal(id).total_power,
        Uint128::new((400_000 + 30_000) * UNIT)
    );
    assert_eq!(
        w.suite.dao_power(&dave, Some(height)).power,
        Uint128::zero()
    );
    // Once the vote is over, alice's unlocked tokens are paid.
    assert_eq!(
        w.suite.dao_treasury().unlocking,
        Uint128::new(300_000 * UNIT)
    );
    w.suite.advance_time(VOTING);
    let before = w.suite.balance(&alice);
    w.suite
        .dao_execute(&alice, &ExecuteMsg::Withdraw {})
        .unwrap();
    assert_eq!(w.suite.balance(&alice) - before, 300_000 * UNIT);
    assert_eq!(
        dao_err(w.suite.dao_execute(&alice, &ExecuteMsg::Withdraw {})),
        DaoError::NothingToWithdraw { address: alice }
    );
}

#[test]
fn a_proposal_carries_only_messages_its_bar_covers() {
    let mut w = world();
    let escrow_params = escrow_params_msg(&w.suite);
    assert_eq!(
        dao_err(w.propose(ProposalKind::Treasury, vec![escrow_params.clone()])),
        DaoError::KindTooWeak {
            kind: ProposalKind::Treasury,
            required: ProposalKind::Economic,
            index: 0
        }
    );
    let migrate: CosmosMsg = WasmMsg::Migrate {
        contract_addr: w.suite.bill_escrow.addr().to_string(),
        new_code_id: 1,
        msg: to_json_binary(&infermesh_kit::MigrateMsg {}).unwrap(),
    }
    .into();
    let carol = w.suite.addr("carol");
    let spend = w.spend(&carol, 1);
    let escrow = w.suite.bill_escrow.addr().clone();
    let escrow_call = |msg: &bill_escrow::ExecuteMsg| execute_msg(&escrow, msg);
    let unpause = escrow_call(&bill_escrow::ExecuteMsg::Unpause {});
    assert_eq!(
        dao_err(w.propose(ProposalKind::Economic, vec![spend.clone(), unpause])),
        DaoError::KindTooWeak {
            kind: ProposalKind::Economic,
            required: ProposalKind::Technical,
            index: 1
        }
    );
    // New code, a new admin or a new owner of any contract would put its parameters outside
    // the guard: the highest bar. Accepting an ownership offered to the DAO is technical.
    let give_away = escrow_call(&bill_escrow::ExecuteMsg::UpdateOwnership(
        cw_ownable::Action::TransferOwnership {
            new_owner: carol.to_string(),
            expiry: None,
        },
    ));
    let renounce = escrow_call(&bill_escrow::ExecuteMsg::UpdateOwnership(
        cw_ownable::Action::RenounceOwnership,
    ));
    let accept = escrow_call(&bill_escrow::ExecuteMsg::UpdateOwnership(
        cw_ownable::Action::AcceptOwnership,
    ));
    for (index, msg) in [migrate, give_away, renounce].into_iter().enumerate() {
        assert_eq!(
            dao_err(w.propose(ProposalKind::Technical, vec![accept.clone(), msg])),
            DaoError::KindTooWeak {
                kind: ProposalKind::Technical,
                required: ProposalKind::EmergencyParameter,
                index: 1
            },
            "message {index}"
        );
    }
    // The DAO's own rules need the highest bar.
    let own_rules = execute_msg(
        &w.dao,
        &ExecuteMsg::UpdateParams {
            params: test_params(),
        },
    );
    assert_eq!(
        dao_err(w.propose(ProposalKind::Emergency, vec![own_rules.clone()])),
        DaoError::KindTooWeak {
            kind: ProposalKind::Emergency,
            required: ProposalKind::EmergencyParameter,
            index: 0
        }
    );
    // A higher bar carries what a lower one may.
    w.propose(ProposalKind::Technical, vec![spend, escrow_params])
        .unwrap();
    let id = w
        .propose(ProposalKind::EmergencyParameter, vec![own_rules])
        .unwrap();
    // 80 %: alice's 300,000 of 400,000 is 75 %, not enough.
    w.suite.advance_time(DISCUSSION);
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.vote(&bob, id, VoteOption::No).unwrap();
    w.suite.advance_time(VOTING);
    assert_eq!(w.status(id), ProposalStatus::Rejected);
}

#[test]
fn deposits_return_at_quorum_and_fund_the_treasury_without_it() {
    let mut w = world();
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let rejected = w.propose(ProposalKind::Technical, vec![]).unwrap();
    let ignored = w.propose(ProposalKind::Technical, vec![]).unwrap();
    w.suite.advance_time(DISCUSSION);
    // 25 % yes: rejected, but quorum was reached.
    w.vote(&alice, rejected, VoteOption::No).unwrap();
    w.vote(&bob, rejected, VoteOption::Yes).unwrap();
    assert_eq!(
        dao_err(w.close(rejected)),
        DaoError::VoteNotOver {
            proposal_id: rejected,
            status: ProposalStatus::Voting
        }
    );
    w.suite.advance_time(VOTING);
    assert_eq!(w.status(rejected), ProposalStatus::Rejected);
    let (balance, treasury) = (w.suite.balance(&w.proposer), w.suite.dao_treasury());
    assert_eq!(treasury.deposits, Uint128::new(2 * DEPOSIT));
    w.close(rejected).unwrap();
    assert_eq!(w.suite.balance(&w.proposer), balance + DEPOSIT);
    w.close(ignored).unwrap();
    assert_eq!(w.suite.balance(&w.proposer), balance + DEPOSIT);
    let after = w.suite.dao_treasury();
    assert_eq!(after.treasury, treasury.treasury + Uint128::new(DEPOSIT));
    assert_eq!(after.deposits, Uint128::zero());
    assert_eq!(
        dao_err(w.close(ignored)),
        DaoError::DepositSettled {
            proposal_id: ignored
        }
    );
}

/// A proposal that would spend the vault fails when executed: it closes as failed and nothing
/// it did remains.
#[test]
fn a_failing_proposal_closes_and_never_spends_the_vault() {
    let mut w = world();
    let carol = w.suite.addr("carol");
    // The treasury holds the genesis allocation and 1,000,000; the vault 400,000 more that is
    // not the treasury's.
    let treasury = w.suite.dao_treasury().treasury.u128();
    assert_eq!(
        treasury,
        AllocationCategory::CommunityTreasury
            .genesis_amount()
            .u128()
            + 1_000_000 * UNIT
    );
    let too_much = w.spend(&carol, treasury + 1);
    let id = w.propose(ProposalKind::Treasury, vec![too_much]).unwrap();
    w.suite.advance_time(DISCUSSION);
    let alice = w.alice.clone();
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.suite.advance_time(VOTING + TIMELOCK);
    let response = w.execute(id).unwrap();
    assert!(response.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "action" && a.value == "execution_failed")));
    assert_eq!(w.status(id), ProposalStatus::ExecutionFailed);
    assert_eq!(w.suite.balance(&carol), 0);
    assert_eq!(w.suite.dao_treasury().locked, Uint128::new(400_000 * UNIT));
    // Only the DAO runs a proposal, checks solvency or changes its rules.
    let stranger = w.suite.addr("stranger");
    for msg in [
        ExecuteMsg::RunProposal { proposal_id: id },
        ExecuteMsg::CheckSolvency {},
        ExecuteMsg::UpdateParams {
            params: test_params(),
        },
    ] {
        assert_eq!(
            dao_err(w.suite.dao_execute(&stranger, &msg)),
            DaoError::NotTheDao {
                sender: stranger.clone()
            }
        );
    }
    // Nor can a proposal run another's messages.
    let dao = w.dao.clone();
    assert_eq!(
        dao_err(
            w.suite
                .dao_execute(&dao, &ExecuteMsg::RunProposal { proposal_id: id })
        ),
        DaoError::NotRunning { proposal_id: id }
    );
}

#[test]
fn bad_deposits_params_unlocks_and_late_executions_are_refused() {
    let mut w = world();
    let proposer = w.proposer.clone();
    assert_eq!(
        dao_err(
            w.suite
                .dao_propose(&proposer, DEPOSIT - 1, ProposalKind::Technical, vec![])
        ),
        DaoError::WrongDeposit {
            sent: Uint128::new(DEPOSIT - 1),
            required: Uint128::new(DEPOSIT)
        }
    );
    let bob = w.bob.clone();
    assert_eq!(
        dao_err(w.suite.dao_execute(
            &bob,
            &ExecuteMsg::Unlock {
                amount: Uint128::new(100_000 * UNIT + 1)
            }
        )),
        DaoError::InsufficientLocked {
            address: bob.clone(),
            locked: Uint128::new(100_000 * UNIT),
            requested: Uint128::new(100_000 * UNIT + 1)
        }
    );
    for (threshold, quorum) in [
        (Decimal::zero(), Decimal::percent(20)),
        (Decimal::percent(60), Decimal::percent(101)),
    ] {
        let mut params = test_params();
        params.kinds[0].threshold = threshold;
        params.kinds[0].quorum = quorum;
        let mut suite = Suite::new();
        let code = suite.app.store_code(infermesh_testing::dao_contract());
        let owner = suite.owner.clone();
        let err = suite
            .app
            .instantiate_contract(
                code,
                owner,
                &dao::InstantiateMsg {
                    token: suite.token.addr().to_string(),
                    staking: suite.staking.addr().to_string(),
                    genesis_treasury: Uint128::zero(),
                    params: Some(params),
                    distributor: None,
                },
                &[],
                "dao",
                None,
            )
            .unwrap_err();
        assert!(
            matches!(err.downcast::<DaoError>().unwrap(), DaoError::Validation(_)),
            "threshold {threshold}, quorum {quorum}"
        );
    }
    // A passed proposal left unexecuted past its window expires.
    let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
    w.suite.advance_time(DISCUSSION);
    let alice = w.alice.clone();
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.suite.advance_time(VOTING + TIMELOCK + WINDOW);
    assert_eq!(
        dao_err(w.execute(id)),
        DaoError::NotExecutable {
            proposal_id: id,
            status: ProposalStatus::Expired
        }
    );
    assert_eq!(
        dao_err(w.vote(&alice, id, VoteOption::No)),
        DaoError::VotingClosed {
            proposal_id: id,
            status: ProposalStatus::Expired
        }
    );
}

use infermesh_testing::Executor;

#[derive(Debug, Clone)]
enum Move {
    /// Actor unlocks a share of its vault tokens (they wait in the DAO) and another locks as much.
    Pass { from: usize, to: usize, percent: u8 },
    /// Actor locks more (fresh tokens).
    Lock { who: usize, amount: u32 },
}

fn a_move() -> impl Strategy<Value = Move> {
    prop_oneof![
        (0..4usize, 0..4usize, 1..=100u8).prop_map(|(from, to, percent)| Move::Pass {
            from,
            to,
            percent
        }),
        (0..4usize, 1..1_000_000u32).prop_map(|(who, amount)| Move::Lock { who, amount }),
    ]
}

proptest! {
    #![proptest_config(proptest_config(16))]

    /// Whatever moves after a proposal's creation, each voter counts exactly its power at the
    /// creation height, and the votes never exceed the power that existed then.
    #[test]
    fn no_token_counts_twice_in_a_proposal(
        initial in proptest::collection::vec(0..1_000_000u32, 4),
        moves in proptest::collection::vec(a_move(), 0..12),
    ) {
        let mut w = world();
        let actors: Vec<Addr> = (0..4).map(|i| w.suite.addr(&format!("actor-{i}"))).collect();
        for (actor, amount) in actors.iter().zip(&initial) {
            if *amount > 0 {
                w.suite.staking_fund(actor, u128::from(*amount) * UNIT).unwrap();
                w.suite.dao_lock(actor, u128::from(*amount) * UNIT).unwrap();
            }
        }
        w.suite.advance_blocks(1);
        let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
        let height = w.suite.dao_proposal(id).height;
        for step in moves {
            match step {
                Move::Pass { from, to, percent } => {
                    let locked = w.suite.dao_power(&actors[from], None).locked.u128();
                    let amount = locked * u128::from(percent) / 100;
                    if amount == 0 || from == to {
                        continue;
                    }
                    w.suite.dao_execute(&actors[from], &ExecuteMsg::Unlock { amount: Uint128::new(amount) }).unwrap();
                    w.suite.staking_fund(&actors[to], amount).unwrap();
                    w.suite.dao_lock(&actors[to], amount).unwrap();
                }
                Move::Lock { who, amount } => {
                    let amount = u128::from(amount) * UNIT;
                    w.suite.staking_fund(&actors[who], amount).unwrap();
                    w.suite.dao_lock(&actors[who], amount).unwrap();
                }
            }
            w.suite.advance_blocks(1);
        }
        w.suite.advance_time(DISCUSSION);
        let mut counted = 0u128;
        for actor in actors.iter().chain([&w.alice.clone(), &w.bob.clone()]) {
            let expected = w.suite.dao_power(actor, Some(height)).power;
            match w.vote(actor, id, VoteOption::Yes) {
                Ok(_) => {
                    let ballot: Option<dao::Ballot> = w.suite.app.wrap().query_wasm_smart(
                        &w.dao,
                        &dao::QueryMsg::Ballot { proposal_id: id, voter: actor.to_string() },
                    ).unwrap();
                    prop_assert_eq!(ballot.unwrap().power, expected);
                    counted += expected.u128();
                }
                Err(_) => prop_assert!(expected.is_zero()),
            }
        }
        let proposal = w.suite.dao_proposal(id);
        prop_assert_eq!(proposal.tally.yes.u128(), counted);
        prop_assert!(counted <= proposal.total_power.u128());
    }
}

/// Token calls whose effect outlives the execution (allowances, `*_from`), a send into the DAO's
/// own vault, non-normalised addresses and messages other than bank and wasm are refused; the
/// DAO cannot lock for itself; migrating the DAO, the token or staking needs the highest bar.
#[test]
fn proposals_may_not_carry_what_outlives_the_solvency_check() {
    let mut w = world();
    let token = w.suite.token.addr().to_string();
    let call = |contract: &str, msg: cosmwasm_std::StdResult<cosmwasm_std::Binary>| -> CosmosMsg {
        WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: msg.unwrap(),
            funds: vec![],
        }
        .into()
    };
    let carol = w.suite.addr("carol").to_string();
    let dao_addr = w.dao.to_string();
    let refused = [
        call(
            &token,
            to_json_binary(&cw20::Cw20ExecuteMsg::IncreaseAllowance {
                spender: carol.clone(),
                amount: Uint128::new(1),
                expires: None,
            }),
        ),
        call(
            &token,
            to_json_binary(&cw20::Cw20ExecuteMsg::TransferFrom {
                owner: dao_addr.clone(),
                recipient: carol.clone(),
                amount: Uint128::new(1),
            }),
        ),
        call(
            &token,
            to_json_binary(&cw20::Cw20ExecuteMsg::Send {
                contract: dao_addr.clone(),
                amount: Uint128::new(1),
                msg: to_json_binary(&dao::ReceiveMsg::Lock {}).unwrap(),
            }),
        ),
        call(
            &dao_addr.to_uppercase(),
            to_json_binary(&ExecuteMsg::UpdateParams {
                params: test_params(),
            }),
        ),
    ];
    for msg in refused {
        let err = dao_err(w.propose(ProposalKind::EmergencyParameter, vec![msg.clone()]));
        assert!(
            matches!(err, DaoError::MessageNotAllowed { index: 0, .. }),
            "{msg:?}: {err:?}"
        );
    }
    let migrate_dao: CosmosMsg = WasmMsg::Migrate {
        contract_addr: dao_addr.clone(),
        new_code_id: 1,
        msg: to_json_binary(&infermesh_kit::MigrateMsg {}).unwrap(),
    }
    .into();
    assert_eq!(
        dao_err(w.propose(ProposalKind::Technical, vec![migrate_dao])),
        DaoError::KindTooWeak {
            kind: ProposalKind::Technical,
            required: ProposalKind::EmergencyParameter,
            index: 0
        }
    );
    // A Send with Lock from the DAO's own address (as a proposal's message would come) is refused.
    let dao = w.dao.clone();
    let proposer = w.proposer.clone();
    w.suite.transfer(&proposer, &dao, 10).unwrap();
    assert_eq!(dao_err(w.suite.dao_lock(&dao, 10)), DaoError::SelfLock {});
}

/// A tie never passes, even at the treasury's 50 %.
#[test]
fn a_tie_is_not_a_majority() {
    let mut w = world();
    let carol = w.suite.addr("carol");
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    // bob matches alice's 300,000 by locking 200,000 more.
    w.suite.staking_fund(&bob, 200_000 * UNIT).unwrap();
    w.suite.dao_lock(&bob, 200_000 * UNIT).unwrap();
    w.suite.advance_blocks(1);
    let spend = w.spend(&carol, UNIT);
    let id = w.propose(ProposalKind::Treasury, vec![spend]).unwrap();
    w.suite.advance_time(DISCUSSION);
    w.vote(&alice, id, VoteOption::Yes).unwrap();
    w.vote(&bob, id, VoteOption::No).unwrap();
    w.suite.advance_time(VOTING);
    assert_eq!(w.status(id), ProposalStatus::Rejected);
}

/// The deposit is bounded and the emergency-parameter bar stays the highest.
#[test]
fn params_keep_a_reachable_deposit_and_the_highest_bar_on_the_dao_rules() {
    let mut too_high = test_params();
    too_high.deposit = dao::MAX_DEPOSIT + Uint128::one();
    let mut inverted = test_params();
    inverted.kinds[ProposalKind::Technical.index()].threshold = Decimal::percent(90);
    for params in [too_high, inverted] {
        assert!(params.validate().is_err(), "{params:?}");
    }
    assert!(test_params().validate().is_ok());
}

/// A quadratic kind counts √(own bonded stake) of operator identities holding at least a Bronze
/// bond. Splitting 100,000 tokens over 10 identities of 10,000 raises the power √10 ≈ 3.16
/// times, and costs 10 registrations and 10 Bronze bonds at risk (each slashable, each 21 days
/// to unbond); a finer split (20 of 5,000) falls below the bond and counts nothing. Holders who
/// are no operator identity do not vote in it; the quorum counts the voters' linear power.
#[test]
fn quadratic_votes_price_a_split_in_tier_bonds() {
    let mut params = test_params();
    params.kinds[ProposalKind::Technical.index()].quadratic = true;
    let mut suite = Suite::new();
    suite.deploy_dao(Some(params));
    let whole = operator(&mut suite, "whole", Role::Provider, 100_000 * UNIT);
    let tenths: Vec<Addr> = (0..10)
        .map(|i| {
            operator(
                &mut suite,
                &format!("tenth-{i}"),
                Role::Provider,
                10_000 * UNIT,
            )
        })
        .collect();
    let twentieths: Vec<Addr> = (0..20)
        .map(|i| {
            operator(
                &mut suite,
                &format!("twentieth-{i}"),
                Role::Provider,
                5_000 * UNIT,
            )
        })
        .collect();
    // Registered, but its 10,000 are delegated to another operator, not bonded as its own.
    let delegating = operator(&mut suite, "delegating", Role::Provider, 0);
    suite.staking_fund(&delegating, 10_000 * UNIT).unwrap();
    suite.delegate(&delegating, &whole, 10_000 * UNIT).unwrap();
    let locker = suite.addr("locker");
    suite.staking_fund(&locker, 1_000 * UNIT).unwrap();
    suite.dao_lock(&locker, 1_000 * UNIT).unwrap();
    suite.advance_blocks(1);
    let proposer = suite.holder(AllocationCategory::Liquidity);
    let id = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Technical, vec![])
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&whole, id, VoteOption::Yes).unwrap();
    let one = suite.dao_proposal(id).tally.yes.u128();
    assert_eq!(one, 316_227); // √(100,000 × 10^6 base units)
    for tenth in &tenths {
        suite.dao_vote(tenth, id, VoteOption::No).unwrap();
    }
    let split = suite.dao_proposal(id).tally.no.u128();
    assert_eq!(split, 10 * 100_000); // 10 × √(10,000 × 10^6)
    assert!(
        split * 100 / one == 316,
        "the split gains √10: {split} vs {one}"
    );
    for twentieth in &twentieths {
        assert_eq!(
            dao_err(suite.dao_vote(twentieth, id, VoteOption::No)),
            DaoError::NoVotingPower {
                voter: twentieth.clone(),
                height: suite.dao_proposal(id).height
            }
        );
    }
    assert!(matches!(
        dao_err(suite.dao_vote(&locker, id, VoteOption::Yes)),
        DaoError::NoVotingPower { .. }
    ));
    // An identity is an operator with a bond of its own, registered before the proposal:
    // delegating 10,000 from a registered address with no self-bond counts nothing, nor does an
    // operator registered after the creation.
    let late = operator(&mut suite, "late", Role::Provider, 10_000 * UNIT);
    for voter in [&delegating, &late] {
        assert!(matches!(
            dao_err(suite.dao_vote(voter, id, VoteOption::Yes)),
            DaoError::NoVotingPower { .. }
        ));
    }
    // The quorum counts linear power: 1.5 × (100,000 + 100,000) staked.
    assert_eq!(suite.dao_proposal(id).turnout, Uint128::new(300_000 * UNIT));
}

/// The escrow's parameter guard under the DAO: an economic proposal moves the minimum dispute
/// bond by 10 %, one that takes it 25 % from where the quarter started fails at execution
/// (closed as failed, the bond unchanged), the emergency adjustment needs the 80 % bar, and
/// under it the same 25 % passes.
#[test]
fn a_parameter_beyond_the_guard_needs_the_emergency_parameter_bar() {
    let mut w = world();
    let escrow = w.suite.bill_escrow.addr().clone();
    let owner = w.suite.owner.clone();
    w.suite
        .execute(
            &owner,
            &escrow,
            &bill_escrow::ExecuteMsg::UpdateOwnership(cw_ownable::Action::TransferOwnership {
                new_owner: w.dao.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    let start = w.suite.escrow_params();
    let bond = start.min_dispute_bond.u128();
    let call = |msg: &bill_escrow::ExecuteMsg| execute_msg(&escrow, msg);
    let with_bond = |bond: u128| bill_escrow::Params {
        min_dispute_bond: Uint128::new(bond),
        ..start.clone()
    };
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let pass = |w: &mut World, kind, msgs| {
        let id = w.propose(kind, msgs).unwrap();
        w.suite.advance_time(DISCUSSION);
        w.vote(&alice, id, VoteOption::Yes).unwrap();
        w.vote(&bob, id, VoteOption::Yes).unwrap();
        w.suite.advance_time(VOTING + TIMELOCK);
        w.execute(id).unwrap();
        id
    };
    let accept = call(&bill_escrow::ExecuteMsg::UpdateOwnership(
        cw_ownable::Action::AcceptOwnership,
    ));
    let ten = call(&bill_escrow::ExecuteMsg::UpdateParams {
        params: with_bond(bond * 11 / 10),
    });
    let id = pass(&mut w, ProposalKind::Technical, vec![accept, ten]);
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(
        w.suite.escrow_params().min_dispute_bond.u128(),
        bond * 11 / 10
    );

    let twenty_five = call(&bill_escrow::ExecuteMsg::UpdateParams {
        params: with_bond(bond * 5 / 4),
    });
    let id = pass(&mut w, ProposalKind::Economic, vec![twenty_five]);
    assert_eq!(w.status(id), ProposalStatus::ExecutionFailed);
    assert_eq!(
        w.suite.escrow_params().min_dispute_bond.u128(),
        bond * 11 / 10
    );

    let emergency = call(&bill_escrow::ExecuteMsg::EmergencyUpdateParams {
        params: with_bond(bond * 5 / 4),
    });
    assert_eq!(
        dao_err(w.propose(ProposalKind::Economic, vec![emergency.clone()])),
        DaoError::KindTooWeak {
            kind: ProposalKind::Economic,
            required: ProposalKind::EmergencyParameter,
            index: 0
        }
    );
    let id = pass(&mut w, ProposalKind::EmergencyParameter, vec![emergency]);
    assert_eq!(w.status(id), ProposalStatus::Executed);
    assert_eq!(
        w.suite.escrow_params().min_dispute_bond.u128(),
        bond * 5 / 4
    );
}

/// Votes are reported to the distributor's voters' role with the voter's linear power, once an
/// epoch: two proposals voted in one epoch count a voter once (spam proposals do not multiply
/// it), a changed vote is not reported again, and a distributor that refuses the report does
/// not block the vote.
#[test]
fn votes_are_rewarded_by_power_once_an_epoch() {
    let mut suite = Suite::new();
    let epoch = 30 * crate::fixtures::DAY;
    let distributor = suite.deploy_distributor(epoch);
    let dao = suite.deploy_dao(Some(test_params()));
    let proposer = suite.holder(AllocationCategory::Liquidity);
    let (alice, bob) = (suite.addr("alice"), suite.addr("bob"));
    for (who, amount) in [(&alice, 300_000 * UNIT), (&bob, 100_000 * UNIT)] {
        suite.staking_fund(who, amount).unwrap();
        suite.dao_lock(who, amount).unwrap();
    }
    suite.advance_blocks(1);
    let first = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Technical, vec![])
        .unwrap();
    let second = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Technical, vec![])
        .unwrap();
    suite.advance_time(DISCUSSION);
    for id in [first, second] {
        suite.dao_vote(&alice, id, VoteOption::Yes).unwrap();
    }
    suite.dao_vote(&alice, first, VoteOption::No).unwrap();
    suite.dao_vote(&bob, first, VoteOption::Yes).unwrap();
    let working = |suite: &Suite, who: &Addr| {
        suite
            .distributor_pending(who)
            .working
            .iter()
            .find(|(role, _)| *role == RewardRole::GovernanceVoters)
            .map(|(_, weight)| *weight)
            .unwrap_or_default()
    };
    assert_eq!(working(&suite, &alice), Uint128::new(300_000 * UNIT));
    assert_eq!(working(&suite, &bob), Uint128::new(100_000 * UNIT));

    // Without the DAO as its reporter the distributor refuses: the vote stands.
    let owner = suite.owner.clone();
    suite
        .distributor_execute(
            &owner,
            &distributor::ExecuteMsg::UpdateReporters { reporters: vec![] },
        )
        .unwrap();
    let response = suite.dao_vote(&bob, second, VoteOption::Yes).unwrap();
    assert!(response.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "hook" && a.value == "vote_report")));
    assert_eq!(
        suite.dao_proposal(second).tally.yes,
        Uint128::new(400_000 * UNIT)
    );
    assert_eq!(working(&suite, &bob), Uint128::new(100_000 * UNIT));

    // Once the epoch closes, the voters' share is split 3 : 1 by power.
    suite.advance_time(epoch);
    let pending = |suite: &Suite, who: &Addr| suite.distributor_pending(who).total.u128();
    let (a, b) = (pending(&suite, &alice), pending(&suite, &bob));
    assert!(b > 0, "bob earned nothing");
    assert!(a.abs_diff(3 * b) <= 3, "alice {a}, bob {b}");

    // An epoch where only bob votes: bob earns by its quarter of the power, not the whole
    // role; the rest of the epoch's voters' emission goes back to the pool.
    suite
        .distributor_execute(
            &owner,
            &distributor::ExecuteMsg::UpdateReporters {
                reporters: vec![(RewardRole::GovernanceVoters, dao.to_string())],
            },
        )
        .unwrap();
    let third = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Technical, vec![])
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&bob, third, VoteOption::Yes).unwrap();
    suite.advance_time(epoch);
    let alone = pending(&suite, &bob) - b;
    // The first epoch paid a + b for all the power; this one a quarter of about as much.
    assert!(
        (4 * alone).abs_diff(a + b) * 100 <= a + b,
        "bob alone earned {alone}, the whole power earned {}",
        a + b
    );
    let _ = distributor;
}
