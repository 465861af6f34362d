//! Disputes (docs/bill-escrow.md §6): validators vote with their bonded stake at the height the
//! dispute opened, for a fixed voting period; a verdict needs a quorum share of all bonded
//! validator stake at that height and a majority of the stake that voted. Without one the arbiter
//! decides; without a verdict by the dispute timeout the bill settles with the bond returned.

use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_kit::amount::add;
use infermesh_types::bill_escrow::{Bill, BillStatus, DisputeState, Params, Verdict};
use infermesh_types::staking::{Role, StakingClient};

use crate::bill::{active_operator, load, wrong_status};
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::settle::{self, Bond, Context};
use crate::state::{save_bill, CONFIG, PARAMS, TOTALS, VOTES};

/// The consumer disputes a completion inside the challenge window, bonding `bond`. The stake
/// that may vote is fixed now: the validators' bonded stake as at the start of this block.
pub fn open(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    bond: Uint128,
    bill_id: u64,
) -> BillEscrowResult<Response> {
    let mut bill = load(deps.as_ref(), bill_id)?;
    if sender != bill.consumer {
        return Err(BillEscrowError::NotConsumer { sender, bill_id });
    }
    let ends_at = match (&bill.status, &bill.completion) {
        (BillStatus::Completed, Some(completion)) => completion.challenge_ends_at,
        _ => return Err(wrong_status(&bill, "dispute")),
    };
    let now = env.block.time;
    if now >= ends_at {
        return Err(BillEscrowError::ChallengeWindowClosed {
            bill_id,
            ended_at: ends_at,
        });
    }
    let params = PARAMS.load(deps.storage)?;
    if bond < params.min_dispute_bond {
        return Err(BillEscrowError::BondTooSmall {
            bond,
            minimum: params.min_dispute_bond,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let height = env.block.height;
    let validator_stake = StakingClient(config.staking).role_total_at_height(
        &deps.querier,
        Some(height),
        Role::Validator,
    )?;
    let voting_ends_at = now.plus_seconds(params.dispute_voting_seconds);
    let quorum = validator_stake.checked_mul_ceil(params.dispute_quorum)?;
    let timeout_at = now.plus_seconds(params.dispute_timeout_seconds);
    let old_status = bill.status;
    bill.status = BillStatus::Disputed;
    bill.dispute = Some(DisputeState {
        bond,
        opened_at: now,
        opened_height: height,
        voting_ends_at,
        validator_stake,
        quorum,
        timeout_at,
        fault_stake: Uint128::zero(),
        no_fault_stake: Uint128::zero(),
    });
    let bill = save_bill(deps.storage, bill, old_status)?;
    let mut totals = TOTALS.load(deps.storage)?;
    add(&mut totals.dispute_bonds, bond)?;
    TOTALS.save(deps.storage, &totals);
    Ok(Response::new()
        .add_attribute("action", "dispute_bill")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("consumer", bill.consumer.as_str())
        .add_attribute("bond", bond)
        .add_attribute("validator_stake", validator_stake)
        .add_attribute("voting_ends_at", voting_ends_at.seconds().to_string()))
}

/// The dispute of a bill still `Disputed`.
fn disputed(bill: &Bill, action: &str) -> BillEscrowResult<DisputeState> {
    match (&bill.status, &bill.dispute) {
        (BillStatus::Disputed, Some(dispute)) => Ok(dispute.clone()),
        _ => Err(wrong_status(bill, action)),
    }
}

/// An active validator's vote, weighted by its bonded pool (self-bond and delegations) at the
/// dispute's opening height less what the bill's parties delegated to it then (a party's own
/// stake does not vote). Parties, and validators that delegated to a party, cannot vote.
pub fn vote(
    deps: DepsMut,
    env: Env,
    validator: Addr,
    bill_id: u64,
    provider_at_fault: bool,
) -> BillEscrowResult<Response> {
    let mut bill = load(deps.as_ref(), bill_id)?;
    let mut dispute = disputed(&bill, "vote")?;
    if env.block.time >= dispute.voting_ends_at {
        return Err(BillEscrowError::VotingClosed {
            bill_id,
            ended_at: dispute.voting_ends_at,
        });
    }
    let parties = [&bill.consumer, &bill.provider, &bill.gateway];
    if parties.contains(&&validator) {
        return Err(BillEscrowError::PartyCannotVote { validator, bill_id });
    }
    if VOTES.has(deps.storage, (bill_id, &validator)) {
        return Err(BillEscrowError::AlreadyVoted { validator, bill_id });
    }
    let config = CONFIG.load(deps.storage)?;
    active_operator(deps.as_ref(), &config, validator.as_str(), Role::Validator)?;
    let height = dispute.opened_height;
    let weight = StakingClient(config.staking.clone()).voter_stake_at_height(
        &deps.querier,
        validator.as_str(),
        Some(height),
        &parties,
    )?;
    if let Some(party) = weight.delegates_to {
        return Err(BillEscrowError::LinkedToParty {
            validator,
            party,
            bill_id,
        });
    }
    let stake = weight.stake.saturating_sub(weight.counterparty_stake);
    if stake.is_zero() {
        return Err(BillEscrowError::NoStakeAtOpening {
            validator,
            bill_id,
            height,
        });
    }
    VOTES.save(deps.storage, (bill_id, &validator), &provider_at_fault)?;
    let side = if provider_at_fault {
        &mut dispute.fault_stake
    } else {
        &mut dispute.no_fault_stake
    };
    add(side, stake)?;
    let tally = *side;
    let old_status = bill.status;
    bill.dispute = Some(dispute);
    save_bill(deps.storage, bill, old_status)?;
    Ok(Response::new()
        .add_attribute("action", "resolve_vote")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("validator", validator.as_str())
        .add_attribute("provider_at_fault", provider_at_fault.to_string())
        .add_attribute("weight", stake)
        .add_attribute("side_stake", tally))
}

/// The validators' verdict once voting has ended: the stake that voted reaches the quorum share
/// of the stake at the opening height and one side holds more than half of it. `None`: no
/// quorum, or a tie.
pub fn validator_verdict(dispute: &DisputeState, params: &Params) -> Option<Verdict> {
    let voted = dispute
        .fault_stake
        .checked_add(dispute.no_fault_stake)
        .ok()?;
    // The quorum fixed at opening: a later change of `dispute_quorum` moves no open dispute.
    let quorum = dispute.quorum;
    if voted.is_zero() || voted < quorum || dispute.fault_stake == dispute.no_fault_stake {
        return None;
    }
    Some(if dispute.fault_stake > dispute.no_fault_stake {
        Verdict::ProviderAtFault {
            class: params.dispute_slash.class,
            fraction: params.dispute_slash.fraction,
        }
    } else {
        Verdict::ConsumerWrong {}
    })
}

/// Applies a verdict to a disputed bill.
pub fn decide(
    deps: DepsMut,
    ctx: &Context,
    mut bill: Bill,
    verdict: Verdict,
) -> BillEscrowResult<Response> {
    let bond = bill.dispute.as_ref().map(|d| d.bond).unwrap_or_default();
    bill.verdict = Some(verdict.clone());
    match verdict {
        Verdict::ProviderAtFault { class, fraction } => {
            settle::refund_at_fault(deps, ctx, bill, class, fraction, "resolve_bill")
        }
        Verdict::ConsumerWrong {} => {
            let response =
                settle::settle_bill(deps, ctx, bill, Bond::ToProvider(bond), "resolve_bill")?;
            Ok(response.add_attribute("verdict", "consumer_wrong"))
        }
    }
}

/// The arbiter's (or the owner's) verdict: only once voting has ended without a validator
/// verdict, and before the dispute times out.
pub fn resolve(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    bill_id: u64,
    verdict: Verdict,
) -> BillEscrowResult<Response> {
    let bill = load(deps.as_ref(), bill_id)?;
    let dispute = disputed(&bill, "resolve")?;
    let now = env.block.time;
    if now < dispute.voting_ends_at {
        return Err(BillEscrowError::VotingOpen {
            bill_id,
            ends_at: dispute.voting_ends_at,
        });
    }
    if now >= dispute.timeout_at {
        return Err(BillEscrowError::DisputeTimedOut {
            bill_id,
            ended_at: dispute.timeout_at,
        });
    }
    let params = PARAMS.load(deps.storage)?;
    if validator_verdict(&dispute, &params).is_some() {
        return Err(BillEscrowError::ValidatorsDecided { bill_id });
    }
    if let Verdict::ProviderAtFault { class, fraction } = verdict {
        let (min, max) = class.range();
        if fraction < min || fraction > max {
            return Err(BillEscrowError::InvalidSlash {
                class,
                fraction,
                min,
                max,
            });
        }
    }
    let config = CONFIG.load(deps.storage)?;
    let ctx = Context {
        env: &env,
        config: &config,
        params: &params,
    };
    Ok(decide(deps, &ctx, bill, verdict)?
        .add_attribute("resolved_by", "arbiter")
        .add_attribute("arbiter", sender.as_str()))
}
