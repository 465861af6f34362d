//! Payouts and the hooks into staking, reputation and the distributor, shared by every path
//! that closes a bill.
//!
//! Hooks are sub-messages that reply only on error: a failing slash, report or work record is
//! answered with a `hook_failed` event and never blocks what users are owed.

use cosmwasm_std::{
    Addr, Binary, CosmosMsg, Decimal, DepsMut, Env, Response, StdResult, Storage, SubMsg,
    Timestamp, Uint128,
};
use infermesh_kit::amount::{add, sub};
use infermesh_kit::codec::{Reader, Writer};
use infermesh_kit::credits::{self, credit_all};
use infermesh_kit::hook::{hook_failed, reply_on_error, HookReply};
use infermesh_kit::work::{UnreportedWork, WorkCredit};
use infermesh_types::bill_escrow::{
    split, Bill, BillStatus, Completion, Params, Settlement, SplitAmounts, SLA_LATENCY_MULTIPLE,
};
use infermesh_types::distributor::{RewardRole, WorkBatch, WorkReport};
use infermesh_types::reputation::{JobOutcome, Outcome, ReputationClient};
use infermesh_types::staking::{SlashClass, StakingClient};
use infermesh_types::token::{Payouts, TokenClient};

use crate::error::{BillEscrowError, BillEscrowResult};
use crate::sla::count_in_window;
use crate::state::{
    pack_batch, save_bill, unpack_batch, Config, ProviderRecord, Totals, CONFIG, GATEWAYS,
    PROVIDERS, TOTALS,
};

pub const REPLY_SLASH: u64 = 1;
pub const REPLY_REPUTATION: u64 = 2;
pub const REPLY_DISTRIBUTOR: u64 = 3;

pub fn hook(msg: CosmosMsg, id: u64) -> SubMsg {
    reply_on_error(msg, id)
}

pub fn reply(deps: DepsMut, env: Env, msg: HookReply) -> BillEscrowResult<Response> {
    let hook = match msg.id {
        REPLY_SLASH => "slash",
        REPLY_REPUTATION => {
            restore_report(deps, &env, &msg.payload)?;
            "reputation"
        }
        REPLY_DISTRIBUTOR => {
            restore_work(deps, &env, &msg.payload)?;
            "distributor"
        }
        id => return Err(BillEscrowError::UnknownReply { id }),
    };
    Ok(hook_failed(hook, msg.result))
}

/// Reputation refused a batch: its outcomes wait again in the provider's record (nothing is
/// lost, failures included), for the next report.
fn restore_report(deps: DepsMut, env: &Env, payload: &Binary) -> BillEscrowResult<()> {
    // The payload of `report`: the operator, then the packed batch (no JSON decoder for it here).
    let mut r = Reader::new(payload, "outcome batch");
    let operator = r.get_string();
    let batch = unpack_batch(&mut r, operator);
    r.finish()?;
    let provider = deps.api.addr_validate(&batch.operator)?;
    let mut record = PROVIDERS
        .may_load(deps.storage, &provider)?
        .unwrap_or_default();
    if record.unreported.jobs() == 0 {
        record.unreported_since = env.block.time;
    }
    record.unreported.merge(&batch);
    PROVIDERS.save(deps.storage, &provider, &record);
    Ok(())
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

/// The distributor refused a work report: each batch waits again in its payee's record, an
/// interval from now, for the next report (docs/bill-escrow.md §11).
fn restore_work(deps: DepsMut, env: &Env, payload: &Binary) -> BillEscrowResult<()> {
    let report = WorkReport::from_payload(payload)?;
    for batch in &report.batches {
        if report.role == RewardRole::Gateways {
            let mut record = GATEWAYS
                .may_load(deps.storage, &batch.member)?
                .unwrap_or_default();
            record.work.restore(&batch.work, env.block.time);
            GATEWAYS.save(deps.storage, &batch.member, &record);
        } else {
            let mut record = PROVIDERS
                .may_load(deps.storage, &batch.member)?
                .unwrap_or_default();
            record.work.restore(&batch.work, env.block.time);
            PROVIDERS.save(deps.storage, &batch.member, &record);
        }
    }
    Ok(())
}

/// The distributor's `ReportWork` of `role` for `batches`, a hook whose payload restores them if
/// refused; none without a distributor or without work.
fn work_report(
    config: &Config,
    role: RewardRole,
    batches: Vec<WorkBatch>,
) -> StdResult<Option<SubMsg>> {
    let Some(distributor) = &config.distributor else {
        return Ok(None);
    };
    let report = WorkReport { role, batches };
    let Some(msg) = report.msg(distributor)? else {
        return Ok(None);
    };
    Ok(Some(
        hook(msg, REPLY_DISTRIBUTOR).with_payload(report.to_payload()),
    ))
}

/// What closing bills changes besides the bills themselves: the totals, the payees' credits and
/// the providers' records. Loaded once and written once per transaction, however many bills
/// close in it ([`Books::commit`]).
pub struct Books {
    pub totals: Totals,
    payouts: Payouts,
    /// Providers whose jobs were counted, with whether their outcomes must be reported now.
    providers: Vec<(Addr, ProviderRecord, bool)>,
    /// Gateways credited, with their routed work.
    gateways: Vec<(Addr, WorkCredit)>,
    messages: Vec<SubMsg>,
}

impl Books {
    pub fn load(storage: &dyn Storage) -> BillEscrowResult<Self> {
        Ok(Books {
            totals: TOTALS.load(storage)?,
            payouts: Payouts::default(),
            providers: Vec::new(),
            gateways: Vec::new(),
            messages: Vec::new(),
        })
    }

    /// The provider's record, loaded on first use.
    fn provider(
        &mut self,
        storage: &dyn Storage,
        provider: &Addr,
    ) -> BillEscrowResult<&mut (Addr, ProviderRecord, bool)> {
        let index = match self.providers.iter().position(|(p, _, _)| p == provider) {
            Some(index) => index,
            None => {
                let record = PROVIDERS.may_load(storage, provider)?.unwrap_or_default();
                self.providers.push((provider.clone(), record, false));
                self.providers.len() - 1
            }
        };
        Ok(&mut self.providers[index])
    }

    /// Credits the provider in its own record (written by the settlement anyway).
    fn credit_provider(
        &mut self,
        storage: &dyn Storage,
        provider: &Addr,
        amount: Uint128,
    ) -> BillEscrowResult<()> {
        let (_, record, _) = self.provider(storage, provider)?;
        add(&mut record.credit, amount)?;
        add(&mut self.totals.credits, amount)?;
        Ok(())
    }

    /// The gateway's record, loaded on first use.
    fn gateway(
        &mut self,
        storage: &dyn Storage,
        gateway: &Addr,
    ) -> BillEscrowResult<&mut WorkCredit> {
        let index = match self.gateways.iter().position(|(g, _)| g == gateway) {
            Some(index) => index,
            None => {
                let record = GATEWAYS.may_load(storage, gateway)?.unwrap_or_default();
                self.gateways.push((gateway.clone(), record));
                self.gateways.len() - 1
            }
        };
        Ok(&mut self.gateways[index].1)
    }

    /// Pays `amounts` of a charge (docs/bill-escrow.md §7): provider and gateway are credited
    /// in their records, with the charge as their work when a distributor takes work (§11); the
    /// treasury share (with dust) and the governance share (the distributor's, or the
    /// treasury's) are summed in the totals' protocol fees.
    fn pay_split(
        &mut self,
        storage: &dyn Storage,
        ctx: &Context,
        bill: &Bill,
        charged: Uint128,
        amounts: &SplitAmounts,
    ) -> BillEscrowResult<()> {
        self.credit_provider(storage, &bill.provider, amounts.provider)?;
        let now = ctx.env.block.time;
        // What the job irrecoverably paid, whoever bought it: the distributor caps the emission
        // this work earns by it (docs/distributor.md §6).
        let fees = bill
            .network_fee
            .checked_add(amounts.treasury)?
            .checked_add(amounts.governance)?;
        let reports_work = ctx.config.distributor.is_some();
        if reports_work {
            let (_, record, _) = self.provider(storage, &bill.provider)?;
            record.work.add(charged, fees, now);
        }
        let gateway = self.gateway(storage, &bill.gateway)?;
        add(&mut gateway.credit, amounts.gateway)?;
        if reports_work {
            gateway.work.add(charged, fees, now);
        }
        add(&mut self.totals.credits, amounts.gateway)?;
        let protocol = &mut self.totals.fees;
        add(&mut protocol.treasury, amounts.treasury)?;
        add(&mut protocol.pool, amounts.governance)?;
        Ok(())
    }

    /// Counts a closed job of `provider`: in its SLA window (which may ask a slash) and in the
    /// outcomes to report to reputation (docs/bill-escrow.md §9). Failures and timeouts are
    /// reported in this transaction; successes when the oldest unreported one is
    /// `report_interval_seconds` old, or when anyone asks ([`flush_report`]).
    fn count_job(
        &mut self,
        storage: &dyn Storage,
        ctx: &Context,
        provider: &Addr,
        job: JobOutcome,
    ) -> BillEscrowResult<()> {
        let (_, record, report_now) = self.provider(storage, provider)?;
        let success = job.outcome == Outcome::Success;
        let slash = count_in_window(
            &mut record.sla,
            ctx.config,
            ctx.params,
            provider,
            success,
            ctx.env.block.time,
        )?;
        if record.unreported.jobs() == 0 {
            record.unreported_since = ctx.env.block.time;
        }
        record.unreported.add(&job);
        *report_now |= !success;
        self.messages.extend(slash);
        Ok(())
    }

    /// Writes the totals, the credits and the providers' and gateways' records, and adds the
    /// hooks: each provider's outcomes are reported when due, with its work, and the work of
    /// the gateways whose oldest is due, one `ReportWork` per role (docs/bill-escrow.md §11).
    pub fn commit(
        mut self,
        storage: &mut dyn Storage,
        ctx: &Context,
        response: Response,
    ) -> BillEscrowResult<Response> {
        let credited = credit_all(storage, self.payouts.into_entries())?;
        add(&mut self.totals.credits, credited)?;
        TOTALS.save(storage, &self.totals);
        let mut response = response.add_submessages(self.messages);
        let now = ctx.env.block.time;
        let interval = ctx.params.report_interval_seconds;
        let mut provider_work = Vec::new();
        for (provider, mut record, report_now) in self.providers {
            let due = record.unreported.jobs() > 0
                && now >= record.unreported_since.plus_seconds(interval);
            if report_now || due {
                response = response.add_submessage(report(ctx.config, &provider, &mut record)?);
            }
            if report_now || due || record.work.due(now, interval) {
                provider_work.push(WorkBatch::new(provider.clone(), record.work.take()));
            }
            PROVIDERS.save(storage, &provider, &record);
        }
        let mut gateway_work = Vec::new();
        for (gateway, mut record) in self.gateways {
            if record.work.due(now, interval) {
                gateway_work.push(WorkBatch::new(gateway.clone(), record.work.take()));
            }
            GATEWAYS.save(storage, &gateway, &record);
        }
        for (role, batches) in [
            (RewardRole::ComputeProviders, provider_work),
            (RewardRole::Gateways, gateway_work),
        ] {
            if let Some(msg) = work_report(ctx.config, role, batches)? {
                response = response.add_submessage(msg);
            }
        }
        Ok(response)
    }
}

/// What every closing reads: the block, the addresses and the parameters.
pub struct Context<'a> {
    pub env: &'a Env,
    pub config: &'a Config,
    pub params: &'a Params,
}

/// The provider's unreported outcomes, sent to reputation as one batch and cleared.
fn report(config: &Config, provider: &Addr, record: &mut ProviderRecord) -> StdResult<SubMsg> {
    let mut batch = std::mem::take(&mut record.unreported);
    batch.operator = provider.to_string();
    let msg = ReputationClient(config.reputation.clone()).report_outcomes_msg(&batch)?;
    // The batch rides along, so a refused report can be restored (`reply`).
    let mut w = Writer::default();
    w.put_str(&batch.operator);
    pack_batch(&batch, &mut w);
    Ok(hook(msg, REPLY_REPUTATION).with_payload(w.into_bytes()))
}

/// Anyone: reports what `operator` has waiting (docs/bill-escrow.md §9, §11): its outcomes to
/// reputation and its settled work to the distributor as a provider, and its routed work as a
/// gateway. Allowed while paused, like every closing.
pub fn flush_report(deps: DepsMut, operator: String) -> BillEscrowResult<Response> {
    let operator = deps.api.addr_validate(&operator)?;
    let config = CONFIG.load(deps.storage)?;
    let mut response = Response::new();
    let mut provider = PROVIDERS.may_load(deps.storage, &operator)?;
    let mut gateway = GATEWAYS.may_load(deps.storage, &operator)?;
    let jobs = provider
        .as_ref()
        .map_or(0, |record| record.unreported.jobs());
    let work = |record: Option<&UnreportedWork>| record.map_or(Uint128::zero(), |w| w.value);
    let provider_work = work(provider.as_ref().map(|record| &record.work));
    let gateway_work = work(gateway.as_ref().map(|record| &record.work));
    let reports_work = config.distributor.is_some();
    if jobs == 0 && (!reports_work || (provider_work + gateway_work).is_zero()) {
        return Err(BillEscrowError::NothingToReport { provider: operator });
    }
    if let Some(record) = provider.as_mut() {
        if jobs > 0 {
            response = response.add_submessage(report(&config, &operator, record)?);
        }
        let batch = vec![WorkBatch::new(operator.clone(), record.work.take())];
        if let Some(msg) = work_report(&config, RewardRole::ComputeProviders, batch)? {
            response = response.add_submessage(msg);
        }
        PROVIDERS.save(deps.storage, &operator, record);
    }
    if let Some(record) = gateway.as_mut().filter(|record| !record.work.is_empty()) {
        let batch = vec![WorkBatch::new(operator.clone(), record.work.take())];
        if let Some(msg) = work_report(&config, RewardRole::Gateways, batch)? {
            response = response.add_submessage(msg);
        }
        GATEWAYS.save(deps.storage, &operator, record);
    }
    Ok(response
        .add_attribute("action", "report_outcomes")
        .add_attribute("provider", operator)
        .add_attribute("jobs", jobs.to_string())
        .add_attribute("provider_work", provider_work)
        .add_attribute("gateway_work", gateway_work))
}

/// What happens to a dispute bond when its bill settles.
pub enum Bond {
    None,
    /// The consumer lost the dispute: the bond compensates the provider.
    ToProvider(Uint128),
    /// No verdict in time: the bond returns to the consumer.
    ToConsumer(Uint128),
}

fn release(totals: &mut Totals, bill: &Bill, bond: Uint128) -> BillEscrowResult<()> {
    sub(&mut totals.open_bills, bill.escrowed)?;
    sub(&mut totals.dispute_bonds, bond)?;
    Ok(())
}

/// Settles one completed bill on its own (accept, finalize, a dispute's end).
pub fn settle_bill(
    deps: DepsMut,
    ctx: &Context,
    bill: Bill,
    bond: Bond,
    action: &str,
) -> BillEscrowResult<Response> {
    let mut books = Books::load(deps.storage)?;
    let response = settle_into(
        deps.storage,
        ctx,
        &mut books,
        bill,
        bond,
        action,
        Response::new(),
    )?;
    books.commit(deps.storage, ctx, response)
}

/// Settles a completed bill into `books` (docs/bill-escrow.md §7): charge, split, refund of the
/// rest, bond, the job counted, hooks. Payees are credited and withdraw any number of bills'
/// earnings at once (`Withdraw`), so a settlement makes no token call.
///
/// The steps run in this order because the storage writes and the hooks' sub-messages (and so
/// the gas and which error wins) follow it; each computed value is passed on, never recomputed.
pub fn settle_into(
    storage: &mut dyn Storage,
    ctx: &Context,
    books: &mut Books,
    mut bill: Bill,
    bond: Bond,
    action: &str,
    response: Response,
) -> BillEscrowResult<Response> {
    let completion = bill
        .completion
        .clone()
        .ok_or_else(|| BillEscrowError::WrongStatus {
            bill_id: bill.id,
            status: bill.status,
            action: action.to_string(),
        })?;
    let charge = charge_and_refund(&bill, ctx.params, &completion)?;
    books.pay_split(storage, ctx, &bill, charge.charged, &charge.amounts)?;
    books.payouts.pay(&bill.consumer, charge.refunded)?;
    let bond_amount = match bond {
        Bond::None => Uint128::zero(),
        Bond::ToProvider(b) => {
            books.credit_provider(storage, &bill.provider, b)?;
            b
        }
        Bond::ToConsumer(b) => {
            books.payouts.pay(&bill.consumer, b)?;
            b
        }
    };
    release(&mut books.totals, &bill, bond_amount)?;
    add(&mut books.totals.paid_to_providers, charge.amounts.provider)?;
    books.count_job(
        storage,
        ctx,
        &bill.provider,
        JobOutcome {
            outcome: Outcome::Success,
            latency_ms: completion.latency_ms,
            advertised_latency_ms: bill.terms.advertised_latency_ms,
            compute_units: completion.units,
            value: charge.charged,
        },
    )?;

    let now = ctx.env.block.time;
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
    let bill = save_bill(storage, bill, old_status)?;

    // A minor slash when the latency exceeds `SLA_LATENCY_MULTIPLE` × the advertised latency
    // (evidence `sla-<id>`, infraction at the bill's opening, docs/bill-escrow.md §9).
    let mut response = response;
    let advertised = u64::from(bill.terms.advertised_latency_ms);
    let sla_breach =
        advertised > 0 && completion.latency_ms > advertised.saturating_mul(SLA_LATENCY_MULTIPLE);
    if sla_breach {
        response = response.add_submessage(slash(
            ctx.config,
            &bill.provider,
            SlashClass::Minor,
            ctx.params.sla_slash_fraction,
            format!("sla-{}", bill.id),
            bill.opened_at,
        )?);
    }
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

/// The provider lost a dispute: full refund of the escrow and the bond, slash, failure report.
pub fn refund_at_fault(
    deps: DepsMut,
    ctx: &Context,
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
    let mut books = Books::load(deps.storage)?;
    books.payouts.pay(&bill.consumer, bill.escrowed)?;
    books.payouts.pay(&bill.consumer, bond)?;
    release(&mut books.totals, &bill, bond)?;
    books.count_job(
        deps.storage,
        ctx,
        &bill.provider,
        JobOutcome {
            outcome: Outcome::Failure,
            latency_ms,
            advertised_latency_ms: bill.terms.advertised_latency_ms,
            compute_units: units,
            value: bill.escrowed,
        },
    )?;

    let old_status = bill.status;
    bill.status = BillStatus::Refunded;
    bill.closed_at = Some(ctx.env.block.time);
    let bill = save_bill(deps.storage, bill, old_status)?;

    let response = Response::new()
        .add_submessage(slash(
            ctx.config,
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
        .add_attribute("slash_fraction", fraction.to_string());
    books.commit(deps.storage, ctx, response)
}

/// No completion by the deadline: the escrow returns and the fee stays paid. With the provider's
/// receipt (`acknowledged`) the timeout is reported and counted in the provider's SLA window.
pub fn refund_timeout(
    deps: DepsMut,
    ctx: &Context,
    mut bill: Bill,
    acknowledged: bool,
) -> BillEscrowResult<Response> {
    let mut books = Books::load(deps.storage)?;
    books.payouts.pay(&bill.consumer, bill.escrowed)?;
    release(&mut books.totals, &bill, Uint128::zero())?;
    // Bills are opened unilaterally and the job is sent off-chain: only a provider that signed
    // its receipt of the bill had the job, so only then is the timeout its failure (else anyone
    // could get any provider slashed and jailed by withholding jobs).
    if acknowledged {
        books.count_job(
            deps.storage,
            ctx,
            &bill.provider,
            JobOutcome {
                outcome: Outcome::Timeout,
                latency_ms: 0,
                advertised_latency_ms: bill.terms.advertised_latency_ms,
                compute_units: Uint128::zero(),
                value: bill.escrowed,
            },
        )?;
    }

    let old_status = bill.status;
    bill.status = BillStatus::TimedOut;
    bill.closed_at = Some(ctx.env.block.time);
    let bill = save_bill(deps.storage, bill, old_status)?;
    let response = Response::new()
        .add_attribute("action", "refund_timeout")
        .add_attribute("bill_id", bill.id.to_string())
        .add_attribute("consumer", bill.consumer.as_str())
        .add_attribute("refunded", bill.escrowed)
        .add_attribute("acknowledged", acknowledged.to_string());
    books.commit(deps.storage, ctx, response)
}

/// A consumer's deposit for later bills: credited to it (docs/bill-escrow.md §4).
pub fn deposit(deps: DepsMut, consumer: Addr, amount: Uint128) -> BillEscrowResult<Response> {
    let credited = credit_all(deps.storage, [(consumer.clone(), amount)])?;
    let mut totals = TOTALS.load(deps.storage)?;
    add(&mut totals.credits, credited)?;
    TOTALS.save(deps.storage, &totals);
    Ok(Response::new()
        .add_attribute("action", "deposit")
        .add_attribute("consumer", consumer)
        .add_attribute("amount", amount))
}

/// A payee withdraws everything it is owed in one transfer (docs/bill-escrow.md §7): its credit,
/// the earnings and refunds of any number of bills, and, for the treasury and the governance
/// pool, their summed shares. The fee half pending burning is burned with it. Allowed while
/// paused: pause stops new bills, never exits.
pub fn withdraw(deps: DepsMut, payee: Addr) -> BillEscrowResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let mut totals = TOTALS.load(deps.storage)?;
    // A provider's earnings are kept in its record.
    let mut record = PROVIDERS.may_load(deps.storage, &payee)?;
    let earned = record
        .as_mut()
        .map(|record| std::mem::take(&mut record.credit))
        .unwrap_or_default();
    // A gateway's too.
    let mut gateway = GATEWAYS.may_load(deps.storage, &payee)?;
    let routed = gateway
        .as_mut()
        .map(|record| std::mem::take(&mut record.credit))
        .unwrap_or_default();
    let (withdrawal, credited) = credits::withdraw(
        deps.storage,
        &mut totals.fees,
        config.protocol_payees(),
        &payee,
        earned.checked_add(routed)?,
    )?;
    if let Some(record) = record.filter(|_| !earned.is_zero()) {
        PROVIDERS.save(deps.storage, &payee, &record);
    }
    if let Some(record) = gateway.filter(|_| !routed.is_zero()) {
        if record.is_empty() {
            GATEWAYS.remove(deps.storage, &payee);
        } else {
            GATEWAYS.save(deps.storage, &payee, &record);
        }
    }
    sub(&mut totals.credits, credited)?;
    TOTALS.save(deps.storage, &totals);
    let token = TokenClient(config.token);
    let mut response = Response::new().add_message(token.transfer_msg(&payee, withdrawal.amount)?);
    if !withdrawal.burn.is_zero() {
        response = response.add_message(token.burn_msg(withdrawal.burn)?);
    }
    Ok(response
        .add_attribute("action", "withdraw_credit")
        .add_attribute("payee", payee)
        .add_attribute("amount", withdrawal.amount)
        .add_attribute("burned", withdrawal.burn))
}
