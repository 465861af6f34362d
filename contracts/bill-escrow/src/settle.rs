//! Payouts and the hooks into staking, reputation and the distributor, shared by every path
//! that closes a bill.
//!
//! Hooks are sub-messages that reply only on error: a failing slash, report or work record is
//! answered with a `hook_failed` event and never blocks what users are owed.

use cosmwasm_std::{
    Addr, CosmosMsg, Decimal, DepsMut, Env, Reply, Response, StdResult, Storage, SubMsg, Timestamp,
    Uint128,
};
use infermesh_kit::amount::{add, sub};
use infermesh_kit::credits::{credit_all, take_credit};
use infermesh_kit::hook::{hook_failed, reply_on_error};
use infermesh_types::bill_escrow::{
    split, Bill, BillStatus, Completion, Params, Settlement, SplitAmounts, SLA_LATENCY_MULTIPLE,
};
use infermesh_types::distributor::work_settled_msg;
use infermesh_types::reputation::{Outcome, ReputationClient};
use infermesh_types::staking::{SlashClass, StakingClient};
use infermesh_types::token::{Payouts, TokenClient};

use crate::error::{BillEscrowError, BillEscrowResult};
use crate::sla::record_job;
use crate::state::{save_bill, Config, Totals, PARAMS, TOTALS};

pub const REPLY_SLASH: u64 = 1;
pub const REPLY_REPUTATION: u64 = 2;
pub const REPLY_DISTRIBUTOR: u64 = 3;

pub fn hook(msg: CosmosMsg, id: u64) -> SubMsg {
    reply_on_error(msg, id)
}

pub fn reply(_deps: DepsMut, _env: Env, msg: Reply) -> BillEscrowResult<Response> {
    let hook = match msg.id {
        REPLY_SLASH => "slash",
        REPLY_REPUTATION => "reputation",
        REPLY_DISTRIBUTOR => "distributor",
        id => return Err(BillEscrowError::UnknownReply { id }),
    };
    Ok(hook_failed(hook, msg.result))
}

fn report(
    config: &Config,
    bill: &Bill,
    outcome: Outcome,
    latency_ms: u64,
    units: Uint128,
    value: Uint128,
) -> StdResult<SubMsg> {
    let msg = ReputationClient(config.reputation.clone()).report_outcome_msg(
        bill.id,
        &bill.provider,
        &bill.consumer,
        outcome,
        latency_ms,
        units,
        value,
    )?;
    Ok(hook(msg, REPLY_REPUTATION))
}

pub fn slash(
    config: &Config,
    provider: &Addr,
    class: SlashClass,
    fraction: Decimal,
    evidence_id: String,
    infraction_time: Timestamp,
) -> StdResult<SubMsg> {
    let msg = StakingClient(config.staking.clone()).slash_msg(
        provider,
        class,
        fraction,
        evidence_id,
        Some(infraction_time),
    )?;
    Ok(hook(msg, REPLY_SLASH))
}

/// The distributor's work record, when a distributor is configured.
pub fn work_hook(
    config: &Config,
    provider: &Addr,
    gateway: Option<&Addr>,
    compute_units: Uint128,
    reference: String,
) -> StdResult<Option<SubMsg>> {
    let Some(distributor) = &config.distributor else {
        return Ok(None);
    };
    let msg = work_settled_msg(distributor, provider, gateway, compute_units, reference)?;
    Ok(msg.map(|msg| hook(msg, REPLY_DISTRIBUTOR)))
}

/// Pays `amounts` of a charge: the treasury share (with dust) to the treasury, the governance
/// share to the distributor (or the treasury).
pub fn pay_split(
    payouts: &mut Payouts,
    config: &Config,
    provider: &Addr,
    gateway: &Addr,
    amounts: &SplitAmounts,
) -> BillEscrowResult<()> {
    payouts.pay(provider, amounts.provider)?;
    payouts.pay(gateway, amounts.gateway)?;
    payouts.pay(&config.treasury, amounts.treasury)?;
    payouts.pay(config.governance_pool(), amounts.governance)?;
    Ok(())
}

/// What happens to a dispute bond when its bill settles.
pub enum Bond {
    None,
    /// The consumer lost the dispute: the bond compensates the provider.
    ToProvider(Uint128),
    /// No verdict in time: the bond returns to the consumer.
    ToConsumer(Uint128),
}

/// Credits `payouts` to their payees (docs/bill-escrow.md §7): each withdraws any number of
/// jobs' earnings and refunds with one transfer (`Withdraw`), so a settlement makes no token call
/// per payee. The totals count the credits, which the solvency invariant covers.
pub fn credit(
    storage: &mut dyn Storage,
    totals: &mut Totals,
    payouts: Payouts,
) -> BillEscrowResult<()> {
    let credited = credit_all(storage, payouts.into_entries())?;
    add(&mut totals.credits, credited)?;
    Ok(())
}

fn release(totals: &mut Totals, bill: &Bill, bond: Uint128) -> BillEscrowResult<()> {
    sub(&mut totals.open_bills, bill.escrowed)?;
    sub(&mut totals.dispute_bonds, bond)?;
    Ok(())
}

/// Settles a completed bill (docs/bill-escrow.md §7): charge, split, refund of the rest, bond,
/// hooks.
///
/// The steps run in this order because the storage writes and the hooks' sub-messages (and so
/// the gas and which error wins) follow it; each computed value is passed on, never recomputed.
pub fn settle_bill(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    params: &Params,
    mut bill: Bill,
    bond: Bond,
    action: &str,
) -> BillEscrowResult<Response> {
    let completion = bill
        .completion
        .clone()
        .ok_or_else(|| BillEscrowError::WrongStatus {
            bill_id: bill.id,
            status: bill.status,
            action: action.to_string(),
        })?;
    let charge = charge_and_refund(&bill, params, &completion)?;
    let (payouts, bond_amount) = settle_payouts(config, &bill, &charge, bond)?;
    count_settled(
        deps.storage,
        &bill,
        bond_amount,
        charge.amounts.provider,
        payouts,
    )?;
    mark_settled(
        deps.storage,
        &mut bill,
        &completion,
        &charge,
        env.block.time,
    )?;

    let response = Response::new();
    let (response, sla_breach) = settle_hooks(
        deps.storage,
        env,
        config,
        params,
        &bill,
        &completion,
        response,
    )?;
    // The split, the refund and the units are in the stored settlement (`Bill` query).
    Ok(response
        .add_attribute("action", action)
        .add_attribute("bill_id", bill.id.to_string())
        .add_attribute("charged", charge.charged)
        .add_attribute("bond", bond_amount)
        .add_attribute("sla_breach", sla_breach.to_string()))
}

/// What a completed bill costs the consumer and how it is shared (docs/bill-escrow.md §7).
#[derive(Clone, Copy)]
struct Charge {
    charged: Uint128,
    premium_forfeited: bool,
    refunded: Uint128,
    amounts: SplitAmounts,
}

/// `charged = cost(units)`, without the latency premium when the reported latency exceeds the
/// class's target (docs/bill-escrow.md §2, §7); the rest of the escrow is refunded, and the
/// charge is split with the discount fixed at opening (staking.md §2).
fn charge_and_refund(
    bill: &Bill,
    params: &Params,
    completion: &Completion,
) -> BillEscrowResult<Charge> {
    let cost = bill.terms.price.cost(completion.units)?;
    let premium_forfeited = completion.latency_ms > bill.terms.price.latency_target_ms;
    let charged = if premium_forfeited {
        cost.base_cost
    } else {
        cost.total
    };
    // units <= max_units, and the escrow covered the cost of max_units, so this cannot fail.
    let refunded = bill.escrowed.checked_sub(charged)?;
    let amounts = split(charged, &params.split, bill.terms.fee_discount)?;
    Ok(Charge {
        charged,
        premium_forfeited,
        refunded,
        amounts,
    })
}

/// The settlement's payouts (docs/bill-escrow.md §7): the charge's split, the refund to the
/// consumer and the dispute bond, if any, to whom the dispute's outcome gives it (§5-6): the
/// provider when the consumer was wrong, the consumer when no verdict came in time. Returns them
/// with the bond's amount (zero without one).
fn settle_payouts(
    config: &Config,
    bill: &Bill,
    charge: &Charge,
    bond: Bond,
) -> BillEscrowResult<(Payouts, Uint128)> {
    let mut payouts = Payouts::default();
    pay_split(
        &mut payouts,
        config,
        &bill.provider,
        &bill.gateway,
        &charge.amounts,
    )?;
    payouts.pay(&bill.consumer, charge.refunded)?;
    let bond_amount = match bond {
        Bond::None => Uint128::zero(),
        Bond::ToProvider(b) => {
            payouts.pay(&bill.provider, b)?;
            b
        }
        Bond::ToConsumer(b) => {
            payouts.pay(&bill.consumer, b)?;
            b
        }
    };
    Ok((payouts, bond_amount))
}

/// Releases the bill's escrow and bond from the totals, credits the payouts and counts the
/// provider's share as paid.
fn count_settled(
    storage: &mut dyn Storage,
    bill: &Bill,
    bond: Uint128,
    provider_amount: Uint128,
    payouts: Payouts,
) -> BillEscrowResult<()> {
    let mut totals = TOTALS.load(storage)?;
    release(&mut totals, bill, bond)?;
    credit(storage, &mut totals, payouts)?;
    add(&mut totals.paid_to_providers, provider_amount)?;
    TOTALS.save(storage, &totals)?;
    Ok(())
}

/// Closes the bill as `Settled` with its settlement record (docs/bill-escrow.md §5, §7), the
/// discount applied included, replacing it (and its index entries) in storage.
fn mark_settled(
    storage: &mut dyn Storage,
    bill: &mut Bill,
    completion: &Completion,
    charge: &Charge,
    now: Timestamp,
) -> BillEscrowResult<()> {
    let old_status = bill.status;
    bill.status = BillStatus::Settled;
    bill.closed_at = Some(now);
    bill.settlement = Some(Settlement {
        units: completion.units,
        charged: charge.charged,
        split: charge.amounts,
        refunded: charge.refunded,
        premium_forfeited: charge.premium_forfeited,
        fee_discount: bill.terms.fee_discount,
        settled_at: now,
    });
    save_bill(storage, &*bill, old_status)?;
    Ok(())
}

/// The settled bill's hooks (docs/bill-escrow.md §9, §11), each a sub-message that replies only
/// on error so none blocks the payouts: a success report to reputation; a minor slash when the
/// latency exceeds `SLA_LATENCY_MULTIPLE` × the advertised latency (evidence `sla-<id>`, infraction at the
/// bill's opening); the job counted a success in the SLA window (which may itself ask a slash); the
/// work record for the distributor. Returns the response with them and whether the latency SLA
/// was breached.
fn settle_hooks(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    params: &Params,
    bill: &Bill,
    completion: &Completion,
    response: Response,
) -> BillEscrowResult<(Response, bool)> {
    let charged = bill
        .settlement
        .as_ref()
        .map(|settlement| settlement.charged)
        .unwrap_or_default();
    let mut response = response.add_submessage(report(
        config,
        bill,
        Outcome::Success,
        completion.latency_ms,
        completion.units,
        charged,
    )?);
    let advertised = u64::from(bill.terms.advertised_latency_ms);
    let sla_breach =
        advertised > 0 && completion.latency_ms > advertised.saturating_mul(SLA_LATENCY_MULTIPLE);
    if sla_breach {
        response = response.add_submessage(slash(
            config,
            &bill.provider,
            SlashClass::Minor,
            params.sla_slash_fraction,
            format!("sla-{}", bill.id),
            bill.opened_at,
        )?);
    }
    let sla = record_job(
        storage,
        config,
        params,
        &bill.provider,
        true,
        env.block.time,
    )?;
    if let Some(sla) = sla {
        response = response.add_submessage(sla);
    }
    if let Some(work) = work_hook(
        config,
        &bill.provider,
        Some(&bill.gateway),
        completion.units,
        format!("bill-{}", bill.id),
    )? {
        response = response.add_submessage(work);
    }
    Ok((response, sla_breach))
}

/// The provider lost a dispute: full refund of the escrow and the bond, slash, failure report.
pub fn refund_at_fault(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    mut bill: Bill,
    class: SlashClass,
    fraction: Decimal,
    action: &str,
) -> BillEscrowResult<Response> {
    let bond = bill.dispute.as_ref().map(|d| d.bond).unwrap_or_default();
    let (latency_ms, units) = bill
        .completion
        .as_ref()
        .map(|c| (c.latency_ms, c.units))
        .unwrap_or((0, Uint128::zero()));
    let mut payouts = Payouts::default();
    payouts.pay(&bill.consumer, bill.escrowed)?;
    payouts.pay(&bill.consumer, bond)?;
    let mut totals = TOTALS.load(deps.storage)?;
    release(&mut totals, &bill, bond)?;
    credit(deps.storage, &mut totals, payouts)?;
    TOTALS.save(deps.storage, &totals)?;

    let old_status = bill.status;
    bill.status = BillStatus::Refunded;
    bill.closed_at = Some(env.block.time);
    save_bill(deps.storage, &bill, old_status)?;

    let params = PARAMS.load(deps.storage)?;
    let sla = record_job(
        deps.storage,
        config,
        &params,
        &bill.provider,
        false,
        env.block.time,
    )?;

    Ok(Response::new()
        .add_submessage(report(
            config,
            &bill,
            Outcome::Failure,
            latency_ms,
            units,
            bill.escrowed,
        )?)
        .add_submessages(sla)
        .add_submessage(slash(
            config,
            &bill.provider,
            class,
            fraction,
            format!("bill-{}", bill.id),
            // The bill's self-bond backs it from its opening: unbonding started after that is
            // slashed too (the exposure bound keeps it in reach, docs/bill-escrow.md §5).
            bill.opened_at,
        )?)
        .add_attribute("action", action)
        .add_attribute("bill_id", bill.id.to_string())
        .add_attribute("verdict", "provider_at_fault")
        .add_attribute("refunded", bill.escrowed)
        .add_attribute("bond", bond)
        .add_attribute("slash_class", format!("{class:?}"))
        .add_attribute("slash_fraction", fraction.to_string()))
}

/// No completion by the deadline: the escrow returns and the fee stays paid. With the provider's
/// receipt (`acknowledged`) the timeout is reported and counted in the provider's SLA window.
pub fn refund_timeout(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    mut bill: Bill,
    acknowledged: bool,
) -> BillEscrowResult<Response> {
    let mut payouts = Payouts::default();
    payouts.pay(&bill.consumer, bill.escrowed)?;
    let mut totals = TOTALS.load(deps.storage)?;
    release(&mut totals, &bill, Uint128::zero())?;
    credit(deps.storage, &mut totals, payouts)?;
    TOTALS.save(deps.storage, &totals)?;

    let old_status = bill.status;
    bill.status = BillStatus::TimedOut;
    bill.closed_at = Some(env.block.time);
    save_bill(deps.storage, &bill, old_status)?;

    // Bills are opened unilaterally and the job is sent off-chain: only a provider that signed
    // its receipt of the bill had the job, so only then is the timeout its failure (else anyone
    // could get any provider slashed and jailed by withholding jobs).
    let mut response = Response::new();
    if acknowledged {
        let params = PARAMS.load(deps.storage)?;
        let sla = record_job(
            deps.storage,
            config,
            &params,
            &bill.provider,
            false,
            env.block.time,
        )?;
        response = response
            .add_submessage(report(
                config,
                &bill,
                Outcome::Timeout,
                0,
                Uint128::zero(),
                bill.escrowed,
            )?)
            .add_submessages(sla);
    }
    Ok(response
        .add_attribute("action", "refund_timeout")
        .add_attribute("bill_id", bill.id.to_string())
        .add_attribute("consumer", bill.consumer.as_str())
        .add_attribute("refunded", bill.escrowed)
        .add_attribute("acknowledged", acknowledged.to_string()))
}

/// A payee withdraws its whole credit in one transfer (docs/bill-escrow.md §7): the earnings and
/// refunds of any number of bills. Allowed while paused: pause stops new bills, never exits.
pub fn withdraw(deps: DepsMut, payee: Addr) -> BillEscrowResult<Response> {
    let amount = take_credit(deps.storage, &payee)?;
    TOTALS.update(deps.storage, |mut totals| -> BillEscrowResult<_> {
        sub(&mut totals.credits, amount)?;
        Ok(totals)
    })?;
    let token = TokenClient(crate::state::CONFIG.load(deps.storage)?.token);
    Ok(Response::new()
        .add_message(token.transfer_msg(&payee, amount)?)
        .add_attribute("action", "withdraw_credit")
        .add_attribute("payee", payee)
        .add_attribute("amount", amount))
}
