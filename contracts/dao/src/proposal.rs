//! Proposals (docs/dao.md §3-5): creation with its deposit, votes, execution all or nothing,
//! and the deposit's settlement.

use cosmwasm_std::{
    to_json_binary, to_json_vec, Addr, CosmosMsg, DepsMut, Env, Response, Uint128, WasmMsg,
};
use infermesh_kit::hook::{hook_failed, reply_on_error, HookReply, HookResult};
use infermesh_types::dao::{
    Ballot, ExecuteMsg, ProposalKind, ProposalStatus, Tally, VoteOption, MAX_DESCRIPTION_LEN,
    MAX_PROPOSAL_MSGS, MAX_PROPOSAL_MSGS_BYTES, MAX_TITLE_LEN,
};
use infermesh_types::distributor::{report_work_msg, RewardRole, WorkEntry};
use infermesh_types::token::TokenClient;

use crate::error::{DaoError, DaoResult};
use crate::kinds::{may_carry, required_kind, Trusted};
use crate::power::{power_at, quadratic_power, total_power_at};
use crate::state::{
    save_votes, with_votes, Outcome, Proposal, BALLOTS, CONFIG, DEPOSITS_HELD, PARAMS, PROPOSALS,
    PROPOSAL_COUNT, RUNNING, UNLOCKING_TOTAL, VAULT_TOTAL,
};

pub const REPLY_EXECUTE: u64 = 1;
/// A vote's report to the distributor failed: the vote stands (`hook_failed`).
pub const REPLY_VOTE_REPORT: u64 = 2;
/// A distributor that runs long cannot make votes expensive.
pub const VOTE_REPORT_GAS_LIMIT: u64 = 300_000;

pub struct NewProposal {
    pub title: String,
    pub description: String,
    pub kind: ProposalKind,
    pub msgs: Vec<CosmosMsg>,
}

fn invalid(reason: impl Into<String>) -> DaoError {
    DaoError::InvalidProposal {
        reason: reason.into(),
    }
}

pub fn propose(
    deps: DepsMut,
    env: Env,
    proposer: Addr,
    deposit: Uint128,
    new: NewProposal,
) -> DaoResult<Response> {
    let params = PARAMS.load(deps.storage)?;
    if deposit != params.deposit {
        return Err(DaoError::WrongDeposit {
            sent: deposit,
            required: params.deposit,
        });
    }
    if new.title.trim().is_empty() || new.title.len() > MAX_TITLE_LEN {
        return Err(invalid(format!(
            "a title of 1 to {MAX_TITLE_LEN} bytes is needed"
        )));
    }
    if new.description.len() > MAX_DESCRIPTION_LEN {
        return Err(invalid(format!(
            "the description is over {MAX_DESCRIPTION_LEN} bytes"
        )));
    }
    if new.msgs.len() > MAX_PROPOSAL_MSGS {
        return Err(invalid(format!(
            "{} messages, more than {MAX_PROPOSAL_MSGS}",
            new.msgs.len()
        )));
    }
    if to_json_vec(&new.msgs)?.len() > MAX_PROPOSAL_MSGS_BYTES {
        return Err(invalid(format!(
            "the messages take over {MAX_PROPOSAL_MSGS_BYTES} bytes"
        )));
    }
    let config = CONFIG.load(deps.storage)?;
    let trusted = Trusted {
        dao: &env.contract.address,
        token: &config.token,
    };
    for (index, msg) in new.msgs.iter().enumerate() {
        let required = required_kind(deps.api, msg, &trusted)
            .map_err(|reason| DaoError::MessageNotAllowed { index, reason })?;
        if !may_carry(&params, new.kind, required) {
            return Err(DaoError::KindTooWeak {
                kind: new.kind,
                required,
                index,
            });
        }
    }
    let height = env.block.height;
    let total_power = total_power_at(deps.as_ref(), &config, height)?;
    let id = PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default() + 1;
    PROPOSAL_COUNT.save(deps.storage, &id)?;
    let now = env.block.time;
    let voting_starts = now.plus_seconds(params.discussion_seconds);
    let proposal = Proposal {
        id,
        proposer: proposer.clone(),
        title: new.title,
        description: new.description,
        kind: new.kind,
        msgs: new.msgs,
        rules: params.rules(new.kind),
        height,
        created_at: now,
        voting_starts,
        voting_ends: voting_starts.plus_seconds(params.voting_seconds),
        execution_window_seconds: params.execution_window_seconds,
        total_power,
        tally: Tally {
            yes: Uint128::zero(),
            no: Uint128::zero(),
            abstain: Uint128::zero(),
        },
        turnout: Uint128::zero(),
        deposit,
        deposit_settled: false,
        outcome: Outcome::Open,
    };
    PROPOSALS.save(deps.storage, id, &proposal)?;
    DEPOSITS_HELD.update(deps.storage, |held| -> DaoResult<_> { Ok(held + deposit) })?;
    Ok(Response::new()
        .add_attribute("action", "propose")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", proposer)
        .add_attribute("kind", format!("{:?}", proposal.kind))
        .add_attribute("height", height.to_string())
        .add_attribute("total_power", total_power)
        .add_attribute("voting_starts", voting_starts.seconds().to_string())
        .add_attribute("voting_ends", proposal.voting_ends.seconds().to_string()))
}

fn load(deps: &DepsMut, proposal_id: u64) -> DaoResult<Proposal> {
    let proposal = PROPOSALS
        .may_load(deps.storage, proposal_id)?
        .ok_or(DaoError::NoProposal { proposal_id })?;
    Ok(with_votes(deps.storage, proposal_id, proposal)?)
}

fn tally_mut(tally: &mut Tally, vote: VoteOption) -> &mut Uint128 {
    match vote {
        VoteOption::Yes => &mut tally.yes,
        VoteOption::No => &mut tally.no,
        VoteOption::Abstain => &mut tally.abstain,
    }
}

/// A vote, or a change of vote, with the voter's power at the creation height.
pub fn vote(
    deps: DepsMut,
    env: Env,
    voter: Addr,
    proposal_id: u64,
    vote: VoteOption,
) -> DaoResult<Response> {
    let mut proposal = load(&deps, proposal_id)?;
    let status = proposal.status(env.block.time);
    if status != ProposalStatus::Voting {
        return Err(DaoError::VotingClosed {
            proposal_id,
            status,
        });
    }
    let mut report = None;
    let (power, turnout) = match BALLOTS.may_load(deps.storage, (proposal_id, &voter))? {
        Some(previous) => {
            *tally_mut(&mut proposal.tally, previous.vote) -= previous.power;
            (previous.power, previous.turnout)
        }
        None => {
            let config = CONFIG.load(deps.storage)?;
            let held = power_at(
                deps.as_ref(),
                &config,
                &voter,
                proposal.height,
                proposal.created_at,
            )?;
            let linear = held.power;
            let power = match proposal.rules.quadratic {
                true => quadratic_power(
                    deps.as_ref(),
                    &config,
                    &voter,
                    held.staked,
                    proposal.created_at,
                )?,
                false => linear,
            };
            if power.is_zero() {
                return Err(DaoError::NoVotingPower {
                    voter,
                    height: proposal.height,
                });
            }
            proposal.turnout += linear;
            // The first vote on a proposal is reported with the voter's linear power (value
            // at stake, not heads, and no split pays: docs/dao.md §5); the distributor counts
            // a voter once an epoch, at its largest report.
            if let Some(distributor) = &config.distributor {
                let entry = WorkEntry {
                    member: voter.to_string(),
                    weight: linear,
                    fees: Uint128::zero(),
                };
                // Divided by at least the whole power, so a voter alone in an epoch earns by
                // its power, not the whole role.
                let msg = report_work_msg(
                    distributor,
                    RewardRole::GovernanceVoters,
                    vec![entry],
                    Some(proposal.total_power),
                )?;
                report = Some(
                    reply_on_error(msg, REPLY_VOTE_REPORT).with_gas_limit(VOTE_REPORT_GAS_LIMIT),
                );
            }
            (power, linear)
        }
    };
    *tally_mut(&mut proposal.tally, vote) += power;
    BALLOTS.save(
        deps.storage,
        (proposal_id, &voter),
        &Ballot {
            vote,
            power,
            turnout,
        },
    )?;
    save_votes(deps.storage, &proposal);
    Ok(Response::new()
        .add_submessages(report)
        .add_attribute("action", "vote")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("voter", voter)
        .add_attribute("vote", format!("{vote:?}"))
        .add_attribute("power", power))
}

/// Returns the deposit to the proposer when the proposal reached quorum; otherwise it stays,
/// as treasury. The returned message, if any, pays it back.
fn settle_deposit(deps: &mut DepsMut, proposal: &mut Proposal) -> DaoResult<Option<CosmosMsg>> {
    proposal.deposit_settled = true;
    DEPOSITS_HELD.update(deps.storage, |held| -> DaoResult<_> {
        Ok(held.checked_sub(proposal.deposit)?)
    })?;
    if !proposal.reached_quorum() {
        return Ok(None);
    }
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    Ok(Some(
        token.transfer_msg(&proposal.proposer, proposal.deposit)?,
    ))
}

/// Anyone, once the vote is over: settles the deposit.
pub fn close(mut deps: DepsMut, env: Env, proposal_id: u64) -> DaoResult<Response> {
    let mut proposal = load(&deps, proposal_id)?;
    let status = proposal.status(env.block.time);
    if matches!(status, ProposalStatus::Discussion | ProposalStatus::Voting) {
        return Err(DaoError::VoteNotOver {
            proposal_id,
            status,
        });
    }
    if proposal.deposit_settled {
        return Err(DaoError::DepositSettled { proposal_id });
    }
    let refund = settle_deposit(&mut deps, &mut proposal)?;
    PROPOSALS.save(deps.storage, proposal_id, &proposal)?;
    Ok(Response::new()
        .add_messages(refund.clone())
        .add_attribute("action", "close")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("status", format!("{status:?}"))
        .add_attribute(
            "deposit",
            if refund.is_some() {
                "returned"
            } else {
                "kept_by_treasury"
            },
        ))
}

/// Anyone, in the execution window: marks the proposal executed and runs its messages in one
/// sub-message (the DAO's own `RunProposal`), so they apply all together or not at all; a
/// failure is answered by the reply, which closes the proposal as failed.
pub fn execute(mut deps: DepsMut, env: Env, proposal_id: u64) -> DaoResult<Response> {
    let mut proposal = load(&deps, proposal_id)?;
    let status = proposal.status(env.block.time);
    if status != ProposalStatus::Executable {
        return Err(DaoError::NotExecutable {
            proposal_id,
            status,
        });
    }
    let refund = match proposal.deposit_settled {
        true => None,
        false => settle_deposit(&mut deps, &mut proposal)?,
    };
    proposal.outcome = Outcome::Executed;
    PROPOSALS.save(deps.storage, proposal_id, &proposal)?;
    RUNNING.save(deps.storage, &proposal_id)?;
    let run = WasmMsg::Execute {
        contract_addr: env.contract.address.to_string(),
        msg: to_json_binary(&ExecuteMsg::RunProposal { proposal_id })?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_messages(refund)
        .add_submessage(
            reply_on_error(run.into(), REPLY_EXECUTE)
                .with_payload(proposal_id.to_be_bytes().to_vec()),
        )
        .add_attribute("action", "execute")
        .add_attribute("proposal_id", proposal_id.to_string()))
}

/// The DAO itself, inside `Execute`, for the proposal being executed only (a proposal's message
/// cannot run another proposal's, nor its own twice): its messages, then the solvency check.
pub fn run(deps: DepsMut, env: Env, sender: Addr, proposal_id: u64) -> DaoResult<Response> {
    if sender != env.contract.address {
        return Err(DaoError::NotTheDao { sender });
    }
    if RUNNING.may_load(deps.storage)? != Some(proposal_id) {
        return Err(DaoError::NotRunning { proposal_id });
    }
    RUNNING.remove(deps.storage);
    let proposal = load(&deps, proposal_id)?;
    let check = WasmMsg::Execute {
        contract_addr: env.contract.address.to_string(),
        msg: to_json_binary(&ExecuteMsg::CheckSolvency {})?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_messages(proposal.msgs)
        .add_message(check)
        .add_attribute("action", "run_proposal")
        .add_attribute("proposal_id", proposal_id.to_string()))
}

/// The DAO itself, last in a proposal's execution: what it owes lockers and proposers is still
/// there, so no proposal spends the vault or the deposits, whatever its messages did.
pub fn check_solvency(deps: DepsMut, env: Env, sender: Addr) -> DaoResult<Response> {
    if sender != env.contract.address {
        return Err(DaoError::NotTheDao { sender });
    }
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    let balance = token.balance(&deps.querier, env.contract.address.as_str())?;
    let owed = VAULT_TOTAL.may_load(deps.storage)?.unwrap_or_default()
        + UNLOCKING_TOTAL.load(deps.storage)?
        + DEPOSITS_HELD.load(deps.storage)?;
    if balance < owed {
        return Err(DaoError::Insolvent { balance, owed });
    }
    Ok(Response::new().add_attribute("action", "check_solvency"))
}

/// A proposal's messages failed: it is closed as failed; nothing they did remains.
pub fn reply(deps: DepsMut, msg: HookReply) -> DaoResult<Response> {
    if msg.id == REPLY_VOTE_REPORT {
        return Ok(hook_failed("vote_report", msg.result));
    }
    if msg.id != REPLY_EXECUTE {
        return Err(DaoError::UnknownReply { id: msg.id });
    }
    let bytes: [u8; 8] =
        msg.payload.as_slice().try_into().map_err(|_| {
            cosmwasm_std::StdError::generic_err("execution reply without its proposal")
        })?;
    let proposal_id = u64::from_be_bytes(bytes);
    let mut proposal = load(&deps, proposal_id)?;
    proposal.outcome = Outcome::ExecutionFailed;
    PROPOSALS.save(deps.storage, proposal_id, &proposal)?;
    RUNNING.remove(deps.storage);
    let error = match msg.result {
        HookResult::Error(error) => error,
        HookResult::Ok(_) => String::new(),
    };
    Ok(Response::new()
        .add_attribute("action", "execution_failed")
        .add_attribute("proposal_id", proposal_id.to_string())
        .add_attribute("error", error))
}
