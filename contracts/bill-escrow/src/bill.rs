use cosmwasm_std::{Addr, Deps, DepsMut, Env, Response, Timestamp, Uint128, Uint64};
use infermesh_kit::amount::{add, sub};
use infermesh_kit::credits::spend_credit;
use infermesh_kit::signature;
use infermesh_types::bill_escrow::consent::{
    acceptance_sign_bytes, receipt_sign_bytes, route_sign_bytes, AcceptanceTerms, ReceiptTerms,
    RouteTerms, ACCEPT_BILL, BILL_RECEIPT, ROUTE_BILL,
};
use infermesh_types::bill_escrow::{
    escrow_required, fee_burn_part, network_fee, Bill, BillStatus, BillTerms, CompleteBill,
    Completion, ModelClass, OpenBill, Params, Price, MAX_COMPLETIONS, MAX_REPUTATION,
    MAX_RESULT_HASH_LEN,
};
use infermesh_types::reputation::ReputationClient;
use infermesh_types::signing::Signed;
use infermesh_types::staking::{OperatorBrief, Role, StakingClient, Tier};

use crate::dispute;
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::settle::{self, Bond, Books, Context};
use crate::state::{load_bill, save_bill, save_new_bill, Config, Totals, CONFIG, PARAMS, TOTALS};

/// The operator's status in staking, checked to be registered with `role`, unjailed and unbanned.
pub fn active_operator(
    deps: Deps,
    config: &Config,
    operator: &str,
    role: Role,
) -> BillEscrowResult<OperatorBrief> {
    Ok(StakingClient(config.staking.clone()).active_operator(&deps.querier, operator, role)?)
}

/// The provider's reputation score must reach the consumer's minimum.
fn check_reputation(
    deps: Deps,
    config: &Config,
    provider: &Addr,
    minimum: u16,
) -> BillEscrowResult<()> {
    if minimum > MAX_REPUTATION {
        return Err(BillEscrowError::InvalidMinReputation {
            minimum,
            max: MAX_REPUTATION,
        });
    }
    let score = ReputationClient(config.reputation.clone())
        .score_value(&deps.querier, provider.as_str())?;
    if score < minimum {
        return Err(BillEscrowError::ReputationTooLow {
            provider: provider.clone(),
            score,
            minimum,
        });
    }
    Ok(())
}

pub fn load(deps: Deps, bill_id: u64) -> BillEscrowResult<Bill> {
    load_bill(deps.storage, bill_id)?.ok_or(BillEscrowError::BillNotFound { bill_id })
}

pub fn wrong_status(bill: &Bill, action: &str) -> BillEscrowError {
    BillEscrowError::WrongStatus {
        bill_id: bill.id,
        status: bill.status,
        action: action.to_string(),
    }
}

/// Opens a bill funded from the consumer's credit (docs/bill-escrow.md §4): `amount` leaves the
/// credit and is the bill's deposit, as if sent.
pub fn open_from_credit(
    deps: DepsMut,
    env: Env,
    config: Config,
    consumer: Addr,
    amount: Uint128,
    msg: OpenBill,
) -> BillEscrowResult<Response> {
    spend_credit(deps.storage, &consumer, amount)?;
    open_funded(deps, env, config, consumer, amount, msg, amount)
}

/// Opens a bill (docs/bill-escrow.md §4): the cw20 amount sent is the deposit; the network fee
/// (§3) is taken from it at once and the rest is escrowed for the provider's work.
///
/// The steps run in the order of §4's checks because the staking and reputation queries (and so
/// the gas and which error wins) follow it; each loaded value is passed on, never loaded twice.
pub fn open(
    deps: DepsMut,
    env: Env,
    config: Config,
    consumer: Addr,
    amount: Uint128,
    msg: OpenBill,
) -> BillEscrowResult<Response> {
    open_funded(deps, env, config, consumer, amount, msg, Uint128::zero())
}

/// Opens the bill; `from_credit` of the deposit came out of the consumer's credit.
fn open_funded(
    deps: DepsMut,
    env: Env,
    config: Config,
    consumer: Addr,
    amount: Uint128,
    msg: OpenBill,
    from_credit: Uint128,
) -> BillEscrowResult<Response> {
    let params = PARAMS.load(deps.storage)?;
    let now = env.block.time;
    let provider = eligible_provider(deps.as_ref(), &config, &params, &consumer, &msg)?;
    if let Some(minimum) = msg.min_reputation {
        check_reputation(deps.as_ref(), &config, &provider.operator, minimum)?;
    }
    let gateway = eligible_gateway(deps.as_ref(), &config, &msg.gateway, &consumer, &provider)?;
    check_deadline_and_units(&params, &msg, now)?;
    check_gateway_consent(
        deps.as_ref(),
        &env,
        &consumer,
        &provider.operator,
        &gateway,
        &msg,
    )?;
    let escrow = price_and_escrow(&params, &msg, amount)?;
    let mut totals = TOTALS.load(deps.storage)?;
    let id = totals.bills_opened + 1;
    let min_tier = params.model_class(msg.model_class).and_then(|c| c.min_tier);
    let bill = new_bill(id, consumer, provider, gateway, &msg, escrow, now, min_tier);
    sub(&mut totals.credits, from_credit)?;
    let burn = count_opened(&mut totals, &bill)?;
    TOTALS.save(deps.storage, &totals);
    let bill = save_new_bill(deps.storage, bill)?;
    Ok(open_response(&bill, burn))
}

/// The provider may take this bill (docs/bill-escrow.md §4.1-2): an active `Provider` in
/// staking that is not the consumer (no self-dealing), whose live tier reaches the model class's
/// `min_tier`, and which may serve exclusive models when the class is `Exclusive`.
fn eligible_provider(
    deps: Deps,
    config: &Config,
    params: &Params,
    consumer: &Addr,
    msg: &OpenBill,
) -> BillEscrowResult<OperatorBrief> {
    let provider = active_operator(deps, config, &msg.provider, Role::Provider)?;
    if provider.operator == *consumer {
        return Err(BillEscrowError::SelfDealing {
            address: consumer.clone(),
        });
    }
    let class =
        params
            .model_class(msg.model_class)
            .ok_or_else(|| BillEscrowError::InvalidParams {
                reason: format!("no parameters for {:?}", msg.model_class),
            })?;
    if !provider.may_serve(class.min_tier) {
        return Err(BillEscrowError::TierTooLow {
            provider: provider.operator,
            model_class: msg.model_class,
            tier: provider.tier,
            required: class.min_tier,
        });
    }
    if msg.model_class == ModelClass::Exclusive && !provider.exclusive_models {
        return Err(BillEscrowError::NotExclusive {
            provider: provider.operator,
        });
    }
    Ok(provider)
}

/// The gateway's address (docs/bill-escrow.md §4.4): an active `Gateway` in staking with a tier
/// (its share goes only to stake at risk: registration is free), and neither the consumer nor
/// the provider, so the gateway's share never flows back to either of them.
fn eligible_gateway(
    deps: Deps,
    config: &Config,
    gateway: &str,
    consumer: &Addr,
    provider: &OperatorBrief,
) -> BillEscrowResult<Addr> {
    let gateway = deps.api.addr_validate(gateway)?;
    if gateway == *consumer || gateway == provider.operator {
        return Err(BillEscrowError::SelfDealing { address: gateway });
    }
    let status = active_operator(deps, config, gateway.as_str(), Role::Gateway)?;
    if status.tier.is_none() {
        return Err(BillEscrowError::GatewayNotBonded {
            gateway,
            self_bond: status.self_bond,
        });
    }
    Ok(status.operator)
}

/// The gateway signed its consent to route this bill (docs/bill-escrow.md §4.4): the route
/// terms bind the chain, this escrow, both parties, the classes, the units and the deadline, so
/// a consumer cannot name a gateway that did not agree to the bill.
fn check_gateway_consent(
    deps: Deps,
    env: &Env,
    consumer: &Addr,
    provider: &Addr,
    gateway: &Addr,
    msg: &OpenBill,
) -> BillEscrowResult<()> {
    let terms = RouteTerms {
        chain_id: &env.block.chain_id,
        consumer: consumer.as_str(),
        contract: env.contract.address.as_str(),
        deadline: Uint64::new(msg.deadline.seconds()),
        kind: ROUTE_BILL,
        latency_class: msg.latency_class,
        max_units: msg.max_units,
        model_class: msg.model_class,
        provider: provider.as_str(),
    };
    let consent = &msg.gateway_consent;
    let message = route_sign_bytes(consent.sign_mode, gateway.as_str(), &terms)?;
    signature::verify(
        deps.api,
        gateway,
        &message,
        &consent.pubkey,
        &consent.signature,
    )?;
    Ok(())
}

/// `now < deadline ≤ now + max_deadline_seconds` and `max_units > 0` (docs/bill-escrow.md
/// §4.5): a bill past its deadline could only time out, and a far one would lock the escrow
/// beyond what the parameters allow.
fn check_deadline_and_units(
    params: &Params,
    msg: &OpenBill,
    now: Timestamp,
) -> BillEscrowResult<()> {
    if msg.deadline <= now {
        return Err(BillEscrowError::DeadlineInPast {
            deadline: msg.deadline,
            now,
        });
    }
    let latest = now.plus_seconds(params.max_deadline_seconds);
    if msg.deadline > latest {
        return Err(BillEscrowError::DeadlineTooFar {
            deadline: msg.deadline,
            latest,
        });
    }
    if msg.max_units.is_zero() {
        return Err(BillEscrowError::ZeroUnits {});
    }
    Ok(())
}

/// What opening takes from the deposit: the price fixed into the bill (docs/bill-escrow.md §2),
/// the network fee (§3) and the escrow that remains.
struct Escrow {
    deposit: Uint128,
    price: Price,
    fee: Uint128,
    escrowed: Uint128,
}

/// Prices the bill at the current parameters and takes the network fee from the deposit
/// (docs/bill-escrow.md §2-3); what stays must cover the cost of `max_units` at the full price
/// (§4.6), so any completion can be paid from the escrow. Refused with the least amount to send.
fn price_and_escrow(params: &Params, msg: &OpenBill, amount: Uint128) -> BillEscrowResult<Escrow> {
    let price = params
        .price(msg.model_class, msg.latency_class)
        .ok_or_else(|| BillEscrowError::InvalidParams {
            reason: format!("no price for {:?}", msg.latency_class),
        })?;
    let cost = price.cost(msg.max_units)?;
    let fee = network_fee(amount, params.network_fee_bps)?;
    let escrowed = amount.saturating_sub(fee);
    if escrowed < cost.total {
        return Err(BillEscrowError::InsufficientEscrow {
            sent: amount,
            required: escrow_required(cost.total, params.network_fee_bps)?,
        });
    }
    Ok(Escrow {
        deposit: amount,
        price,
        fee,
        escrowed,
    })
}

/// The new bill, `Open` under `id` (docs/bill-escrow.md §4). Its terms fix the price and the
/// provider's fee discount and advertised latency at opening (§7, §9), so later changes in
/// parameters or staking never reprice or re-judge it.
#[allow(clippy::too_many_arguments)]
fn new_bill(
    id: u64,
    consumer: Addr,
    provider: OperatorBrief,
    gateway: Addr,
    msg: &OpenBill,
    escrow: Escrow,
    now: Timestamp,
    min_tier: Option<Tier>,
) -> Bill {
    Bill {
        id,
        consumer,
        provider: provider.operator,
        gateway,
        terms: BillTerms {
            model_class: msg.model_class,
            latency_class: msg.latency_class,
            max_units: msg.max_units,
            deadline: msg.deadline,
            min_reputation: msg.min_reputation,
            min_tier,
            price: escrow.price,
            fee_discount: provider.fee_discount,
            advertised_latency_ms: provider.advertised_latency_ms,
        },
        deposit: escrow.deposit,
        network_fee: escrow.fee,
        escrowed: escrow.escrowed,
        opened_at: now,
        status: BillStatus::Open,
        completion: None,
        dispute: None,
        verdict: None,
        settlement: None,
        closed_at: None,
    }
}

/// Counts the new bill in the totals (docs/bill-escrow.md §3): its escrow is held in open bills;
/// half its network fee is to be burned, burned with the next withdrawal, and the rest, with
/// the odd base unit, is owed to the treasury. Returns the part to burn.
fn count_opened(totals: &mut Totals, bill: &Bill) -> BillEscrowResult<Uint128> {
    let burn = fee_burn_part(bill.network_fee);
    add(&mut totals.open_bills, bill.escrowed)?;
    add(&mut totals.fees_burned, burn)?;
    add(&mut totals.fees.burn, burn)?;
    add(
        &mut totals.fees.treasury,
        bill.network_fee.checked_sub(burn)?,
    )?;
    totals.bills_opened += 1;
    Ok(burn)
}

/// The attributes name the bill, its parties and the amounts moved; its terms are in the stored
/// bill (`Bill` query), not repeated here.
fn open_response(bill: &Bill, burn: Uint128) -> Response {
    Response::new()
        .add_attribute("action", "open_bill")
        .add_attribute("bill_id", bill.id.to_string())
        .add_attribute("consumer", bill.consumer.as_str())
        .add_attribute("provider", bill.provider.as_str())
        .add_attribute("gateway", bill.gateway.as_str())
        .add_attribute("escrowed", bill.escrowed)
        .add_attribute("to_burn", burn)
}

/// The provider's completions (docs/bill-escrow.md §5), one or many bills of its own in one
/// transaction: each starts its challenge window or, with the consumer's signed acceptance of
/// exactly that completion, settles at once. The totals, credits and the provider's record are
/// written once for all of them.
///
/// A completion the consumer signed its acceptance of needs nothing from staking: the consumer
/// has the result and agreed to pay for it. Without an acceptance the consumer must dispute a
/// bad result, so the provider must still be active (not jailed, not banned) with each bill's
/// tier: one staking query for the whole transaction, since every bill in it is the sender's.
pub fn complete(
    mut deps: DepsMut,
    env: Env,
    sender: Addr,
    completions: Vec<CompleteBill>,
) -> BillEscrowResult<Response> {
    if completions.is_empty() {
        return Err(BillEscrowError::EmptyBatch {});
    }
    if completions.len() > MAX_COMPLETIONS {
        return Err(BillEscrowError::BatchTooLarge {
            len: completions.len(),
            max: MAX_COMPLETIONS,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let ctx = Context {
        env: &env,
        config: &config,
        params: &params,
    };
    let mut standing = None;
    let mut books = None;
    let mut response = Response::new();
    for completion in completions {
        response = complete_one(
            deps.branch(),
            &ctx,
            &mut books,
            &mut standing,
            &sender,
            completion,
            response,
        )?;
    }
    match books {
        Some(books) => books.commit(deps.storage, &ctx, response),
        None => Ok(response),
    }
}

fn complete_one(
    deps: DepsMut,
    ctx: &Context,
    books: &mut Option<Books>,
    standing: &mut Option<OperatorBrief>,
    sender: &Addr,
    CompleteBill {
        bill_id,
        units,
        latency_ms,
        result_hash,
        acceptance,
    }: CompleteBill,
    response: Response,
) -> BillEscrowResult<Response> {
    let mut bill = load(deps.as_ref(), bill_id)?;
    if *sender != bill.provider {
        return Err(BillEscrowError::NotProvider {
            sender: sender.clone(),
            bill_id,
        });
    }
    if bill.status != BillStatus::Open {
        return Err(wrong_status(&bill, "complete"));
    }
    let now = ctx.env.block.time;
    if now > bill.terms.deadline {
        return Err(BillEscrowError::DeadlinePassed {
            bill_id,
            deadline: bill.terms.deadline,
        });
    }
    if units.is_zero() {
        return Err(BillEscrowError::ZeroUnits {});
    }
    if units > bill.terms.max_units {
        return Err(BillEscrowError::UnitsAboveMax {
            units,
            max_units: bill.terms.max_units,
        });
    }
    if result_hash.is_empty() || result_hash.len() > MAX_RESULT_HASH_LEN {
        return Err(BillEscrowError::InvalidResultHash {
            max: MAX_RESULT_HASH_LEN,
        });
    }
    if let Some(acceptance) = acceptance {
        // The consumer already accepted exactly this completion: settle now, no window. The bill
        // goes from Open to Settled without being stored as Completed.
        check_acceptance(
            deps.as_ref(),
            ctx.env,
            &bill,
            units,
            latency_ms,
            &result_hash,
            &acceptance,
        )?;
        bill.completion = Some(Completion {
            units,
            latency_ms,
            result_hash,
            completed_at: now,
            challenge_ends_at: now,
        });
        let books = match books {
            Some(books) => books,
            None => books.insert(Books::load(deps.storage)?),
        };
        return settle::settle_into(
            deps.storage,
            ctx,
            books,
            bill,
            Bond::None,
            "complete_accepted_bill",
            response,
        );
    }
    // Without an acceptance: the provider's standing, read once for the transaction.
    let provider = match standing {
        Some(provider) => provider,
        None => standing.insert(active_operator(
            deps.as_ref(),
            ctx.config,
            sender.as_str(),
            Role::Provider,
        )?),
    };
    if !provider.may_serve(bill.terms.min_tier) {
        return Err(BillEscrowError::TierTooLow {
            provider: sender.clone(),
            model_class: bill.terms.model_class,
            tier: provider.tier,
            required: bill.terms.min_tier,
        });
    }
    let challenge_ends_at = now.plus_seconds(ctx.params.challenge_window_seconds);
    let old_status = bill.status;
    bill.status = BillStatus::Completed;
    bill.completion = Some(Completion {
        units,
        latency_ms,
        result_hash,
        completed_at: now,
        challenge_ends_at,
    });
    save_bill(deps.storage, bill, old_status)?;
    Ok(response
        .add_attribute("action", "complete_bill")
        .add_attribute("bill_id", bill_id.to_string())
        .add_attribute("units", units)
        .add_attribute("latency_ms", latency_ms.to_string())
        .add_attribute("challenge_ends_at", challenge_ends_at.seconds().to_string()))
}

/// The consumer signed its acceptance of this very completion (docs/bill-escrow.md §5): the
/// chain, this escrow, the bill, the units, the latency and the result hash.
fn check_acceptance(
    deps: Deps,
    env: &Env,
    bill: &Bill,
    units: Uint128,
    latency_ms: u64,
    result_hash: &str,
    acceptance: &Signed,
) -> BillEscrowResult<()> {
    let terms = AcceptanceTerms {
        bill_id: Uint64::new(bill.id),
        chain_id: &env.block.chain_id,
        contract: env.contract.address.as_str(),
        kind: ACCEPT_BILL,
        latency_ms: Uint64::new(latency_ms),
        result_hash,
        units,
    };
    let message = acceptance_sign_bytes(acceptance.sign_mode, bill.consumer.as_str(), &terms)?;
    signature::verify(
        deps.api,
        &bill.consumer,
        &message,
        &acceptance.pubkey,
        &acceptance.signature,
    )?;
    Ok(())
}

pub fn accept(deps: DepsMut, env: Env, sender: Addr, bill_id: u64) -> BillEscrowResult<Response> {
    let bill = load(deps.as_ref(), bill_id)?;
    if sender != bill.consumer {
        return Err(BillEscrowError::NotConsumer { sender, bill_id });
    }
    if bill.status != BillStatus::Completed {
        return Err(wrong_status(&bill, "accept"));
    }
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let ctx = Context {
        env: &env,
        config: &config,
        params: &params,
    };
    settle::settle_bill(deps, &ctx, bill, Bond::None, "accept_bill")
}

pub fn finalize(deps: DepsMut, env: Env, bill_id: u64) -> BillEscrowResult<Response> {
    let bill = load(deps.as_ref(), bill_id)?;
    let now = env.block.time;
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let ctx = Context {
        env: &env,
        config: &config,
        params: &params,
    };
    match (bill.status, &bill.completion, &bill.dispute) {
        (BillStatus::Completed, Some(completion), _) => {
            if now < completion.challenge_ends_at {
                return Err(BillEscrowError::ChallengeWindowOpen {
                    bill_id,
                    ends_at: completion.challenge_ends_at,
                });
            }
            settle::settle_bill(deps, &ctx, bill, Bond::None, "finalize_bill")
        }
        (BillStatus::Disputed, Some(_), Some(dispute)) => {
            if now < dispute.voting_ends_at {
                return Err(BillEscrowError::VotingOpen {
                    bill_id,
                    ends_at: dispute.voting_ends_at,
                });
            }
            if let Some(verdict) = dispute::validator_verdict(dispute, &params) {
                return Ok(dispute::decide(deps, &ctx, bill, verdict)?
                    .add_attribute("resolved_by", "validators"));
            }
            if now < dispute.timeout_at {
                return Err(BillEscrowError::DisputeUnresolved {
                    bill_id,
                    until: dispute.timeout_at,
                });
            }
            let bond = Bond::ToConsumer(dispute.bond);
            settle::settle_bill(deps, &ctx, bill, bond, "finalize_bill")
        }
        _ => Err(wrong_status(&bill, "finalize")),
    }
}

/// Refunds a bill not completed by its deadline (docs/bill-escrow.md §8). The job itself is
/// off-chain, so the chain cannot tell a withheld job from an unserved one: the timeout counts
/// against the provider only with its signed receipt of the bill. Anyone may bring the receipt;
/// only the consumer may refund without one (else the provider could close its own timeout
/// unacknowledged before the consumer brings the receipt).
pub fn refund_timeout(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    bill_id: u64,
    receipt: Option<Signed>,
) -> BillEscrowResult<Response> {
    let bill = load(deps.as_ref(), bill_id)?;
    if bill.status != BillStatus::Open {
        return Err(wrong_status(&bill, "refund"));
    }
    let now = env.block.time;
    if now <= bill.terms.deadline {
        return Err(BillEscrowError::DeadlineNotReached {
            bill_id,
            deadline: bill.terms.deadline,
            now,
        });
    }
    let acknowledged = match receipt {
        Some(receipt) => {
            let terms = ReceiptTerms {
                bill_id: Uint64::new(bill_id),
                chain_id: &env.block.chain_id,
                consumer: bill.consumer.as_str(),
                contract: env.contract.address.as_str(),
                deadline: Uint64::new(bill.terms.deadline.seconds()),
                kind: BILL_RECEIPT,
            };
            let message = receipt_sign_bytes(receipt.sign_mode, bill.provider.as_str(), &terms)?;
            signature::verify(
                deps.api,
                &bill.provider,
                &message,
                &receipt.pubkey,
                &receipt.signature,
            )?;
            true
        }
        None if sender == bill.consumer => false,
        None => return Err(BillEscrowError::NotConsumer { sender, bill_id }),
    };
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let ctx = Context {
        env: &env,
        config: &config,
        params: &params,
    };
    settle::refund_timeout(deps, &ctx, bill, acknowledged)
}
