use cosmwasm_std::{Addr, DepsMut, Env, Response, Uint128};
use infermesh_kit::amount::add;
use infermesh_types::bill_escrow::{BillStatus, DisputeState, Verdict};
use infermesh_types::staking::Role;

use crate::bill::{active_operator, load, wrong_status};
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::settle::{self, Bond};
use crate::state::{bills, CONFIG, PARAMS, TOTALS, VOTES};

/// The consumer disputes a completion inside the challenge window, bonding `bond`.
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
    let minimum = PARAMS.load(deps.storage)?.min_dispute_bond;
    if bond < minimum {
        return Err(BillEscrowError::BondTooSmall { bond, minimum });
    }
    let old = bill.clone();
    bill.status = BillStatus::Disputed;
    bill.dispute = Some(DisputeState {
        bond,
        opened_at: now,
        fault_votes: 0,
        no_fault_votes: 0,
    });
    bills().replace(deps.storage, bill_id, Some(&bill), Some(&old))?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        add(&mut totals.dispute_bonds, bond)?;
        Ok(totals)
    })?;
    Ok(Response::new()
        .add_attribute("action", "dispute_bill")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("consumer", bill.consumer.as_str())
        .add_attribute("bond", bond))
}

/// Applies a verdict to a disputed bill.
fn decide(
    deps: DepsMut,
    env: Env,
    bill_id: u64,
    verdict: Verdict,
    action: &str,
) -> BillEscrowResult<Response> {
    let mut bill = load(deps.as_ref(), bill_id)?;
    let bond = bill.dispute.as_ref().map(|d| d.bond).unwrap_or_default();
    bill.verdict = Some(verdict.clone());
    let config = CONFIG.load(deps.storage)?;
    match verdict {
        Verdict::ProviderAtFault { class, fraction } => {
            settle::refund_at_fault(deps, &env, &config, bill, class, fraction, action)
        }
        Verdict::ConsumerWrong {} => {
            let params = PARAMS.load(deps.storage)?;
            let response = settle::settle_bill(
                deps,
                &env,
                &config,
                &params,
                bill,
                Bond::ToProvider(bond),
                action,
            )?;
            Ok(response.add_attribute("verdict", "consumer_wrong"))
        }
    }
}

/// An active validator with a tier's vote; the side that reaches the quorum first decides.
pub fn vote(
    deps: DepsMut,
    env: Env,
    validator: Addr,
    bill_id: u64,
    provider_at_fault: bool,
) -> BillEscrowResult<Response> {
    let mut bill = load(deps.as_ref(), bill_id)?;
    if bill.status != BillStatus::Disputed {
        return Err(wrong_status(&bill, "vote"));
    }
    if validator == bill.consumer || validator == bill.provider || validator == bill.gateway {
        return Err(BillEscrowError::PartyCannotVote { validator, bill_id });
    }
    let config = CONFIG.load(deps.storage)?;
    let status = active_operator(deps.as_ref(), &config, validator.as_str(), Role::Validator)?;
    // Registration is free: a validator without a tier (self-bond below Bronze) has nothing at
    // stake, and `vote_quorum` of them would decide any dispute for whoever registered them.
    if status.tier.is_none() {
        return Err(BillEscrowError::ValidatorNotBonded {
            validator,
            self_bond: status.self_bond,
        });
    }
    if VOTES.has(deps.storage, (bill_id, &validator)) {
        return Err(BillEscrowError::AlreadyVoted { validator, bill_id });
    }
    VOTES.save(deps.storage, (bill_id, &validator), &provider_at_fault)?;
    let params = PARAMS.load(deps.storage)?;
    let old = bill.clone();
    let Some(dispute) = bill.dispute.as_mut() else {
        return Err(wrong_status(&bill, "vote"));
    };
    let count = if provider_at_fault {
        dispute.fault_votes += 1;
        dispute.fault_votes
    } else {
        dispute.no_fault_votes += 1;
        dispute.no_fault_votes
    };
    bills().replace(deps.storage, bill_id, Some(&bill), Some(&old))?;
    let response = if count >= params.vote_quorum {
        let verdict = if provider_at_fault {
            Verdict::ProviderAtFault {
                class: params.dispute_slash.class,
                fraction: params.dispute_slash.fraction,
            }
        } else {
            Verdict::ConsumerWrong {}
        };
        decide(deps, env, bill_id, verdict, "resolve_bill")?
            .add_attribute("resolved_by", "validator_quorum")
    } else {
        Response::new()
            .add_attribute("action", "resolve_vote")
            .add_attribute("bill_id", bill_id.to_string())
    };
    Ok(response
        .add_attribute("validator", validator.as_str())
        .add_attribute("provider_at_fault", provider_at_fault.to_string())
        .add_attribute("votes", count.to_string()))
}

/// The arbiter's (or the owner's) verdict.
pub fn resolve(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    bill_id: u64,
    verdict: Verdict,
) -> BillEscrowResult<Response> {
    let bill = load(deps.as_ref(), bill_id)?;
    if bill.status != BillStatus::Disputed {
        return Err(wrong_status(&bill, "resolve"));
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
    Ok(decide(deps, env, bill_id, verdict, "resolve_bill")?
        .add_attribute("resolved_by", "arbiter")
        .add_attribute("arbiter", sender.as_str()))
}
