//! The packed storage layout of a bill (docs/bill-escrow.md §12): every transition rewrites the
//! bill, and a write costs 30 gas a byte, so it is stored as the kit's varints and
//! length-prefixed strings in a fixed order, not as JSON (an open bill ≈ 230 bytes instead of
//! 680, a settled one ≈ 370 instead of 1,110). The `Bill` query still answers JSON.
//!
//! Enums are stored as their position in the type's declaration; an `Option` as a presence
//! flag and the value. Decoding refuses an unknown discriminant like any other corrupt value.

use cosmwasm_std::{Addr, Decimal, StdError, StdResult, Timestamp, Uint128};
use infermesh_kit::codec::{Packed, Reader, Writer};
use infermesh_types::bill_escrow::{
    Bill, BillStatus, BillTerms, Completion, DisputeState, LatencyClass, ModelClass, Price,
    Settlement, SplitAmounts, Verdict,
};
use infermesh_types::staking::{SlashClass, Tier};

/// A stored bill.
pub struct StoredBill(pub Bill);

fn corrupt(what: &str) -> StdError {
    StdError::parse_err(what, "unknown discriminant")
}

fn put_time(w: &mut Writer, time: Timestamp) {
    w.put(time.nanos());
}

fn take_time(r: &mut Reader) -> StdResult<Timestamp> {
    Ok(Timestamp::from_nanos(r.take()?))
}

fn put_amount(w: &mut Writer, amount: Uint128) {
    w.put(amount.u128());
}

fn take_amount(r: &mut Reader) -> StdResult<Uint128> {
    Ok(Uint128::new(r.take()?))
}

fn put_decimal(w: &mut Writer, decimal: Decimal) {
    w.put(decimal.atomics().u128());
}

fn take_decimal(r: &mut Reader) -> StdResult<Decimal> {
    Ok(Decimal::raw(r.take()?))
}

fn put_option<T>(w: &mut Writer, value: &Option<T>, put: impl FnOnce(&mut Writer, &T)) {
    w.put_bool(value.is_some());
    if let Some(value) = value {
        put(w, value);
    }
}

fn take_option<T>(
    r: &mut Reader,
    take: impl FnOnce(&mut Reader) -> StdResult<T>,
) -> StdResult<Option<T>> {
    if r.take_bool()? {
        take(r).map(Some)
    } else {
        Ok(None)
    }
}

/// Position of `value` in `all` (the declaration order).
fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or_default() as u8
}

fn from_position<T: Copy>(all: &[T], r: &mut Reader, what: &str) -> StdResult<T> {
    all.get(usize::from(r.take::<u8>()?))
        .copied()
        .ok_or_else(|| corrupt(what))
}

const STATUSES: [BillStatus; 6] = [
    BillStatus::Open,
    BillStatus::Completed,
    BillStatus::Disputed,
    BillStatus::Settled,
    BillStatus::Refunded,
    BillStatus::TimedOut,
];
const SLASH_CLASSES: [SlashClass; 3] = [SlashClass::Minor, SlashClass::Major, SlashClass::Severe];

fn put_terms(w: &mut Writer, terms: &BillTerms) {
    w.put(position(&ModelClass::ALL, &terms.model_class));
    w.put(position(&LatencyClass::ALL, &terms.latency_class));
    put_amount(w, terms.max_units);
    put_time(w, terms.deadline);
    put_option(w, &terms.min_reputation, |w, m| w.put(*m));
    put_option(w, &terms.min_tier, |w, t| w.put(position(&Tier::ALL, t)));
    let price = &terms.price;
    put_amount(w, price.base_price);
    put_decimal(w, price.class_multiplier);
    put_decimal(w, price.demand_multiplier);
    put_decimal(w, price.latency_factor);
    w.put(price.latency_target_ms);
    put_decimal(w, terms.fee_discount);
    w.put(terms.advertised_latency_ms);
}

fn take_terms(r: &mut Reader) -> StdResult<BillTerms> {
    Ok(BillTerms {
        model_class: from_position(&ModelClass::ALL, r, "model class")?,
        latency_class: from_position(&LatencyClass::ALL, r, "latency class")?,
        max_units: take_amount(r)?,
        deadline: take_time(r)?,
        min_reputation: take_option(r, |r| r.take())?,
        min_tier: take_option(r, |r| from_position(&Tier::ALL, r, "tier"))?,
        price: Price {
            base_price: take_amount(r)?,
            class_multiplier: take_decimal(r)?,
            demand_multiplier: take_decimal(r)?,
            latency_factor: take_decimal(r)?,
            latency_target_ms: r.take()?,
        },
        fee_discount: take_decimal(r)?,
        advertised_latency_ms: r.take()?,
    })
}

fn put_completion(w: &mut Writer, c: &Completion) {
    put_amount(w, c.units);
    w.put(c.latency_ms);
    w.put_str(&c.result_hash);
    put_time(w, c.completed_at);
    put_time(w, c.challenge_ends_at);
}

fn take_completion(r: &mut Reader) -> StdResult<Completion> {
    Ok(Completion {
        units: take_amount(r)?,
        latency_ms: r.take()?,
        result_hash: r.take_string()?,
        completed_at: take_time(r)?,
        challenge_ends_at: take_time(r)?,
    })
}

fn put_dispute(w: &mut Writer, d: &DisputeState) {
    put_amount(w, d.bond);
    put_time(w, d.opened_at);
    w.put(d.opened_height);
    put_time(w, d.voting_ends_at);
    put_amount(w, d.validator_stake);
    put_amount(w, d.quorum);
    put_time(w, d.timeout_at);
    put_amount(w, d.fault_stake);
    put_amount(w, d.no_fault_stake);
}

fn take_dispute(r: &mut Reader) -> StdResult<DisputeState> {
    Ok(DisputeState {
        bond: take_amount(r)?,
        opened_at: take_time(r)?,
        opened_height: r.take()?,
        voting_ends_at: take_time(r)?,
        validator_stake: take_amount(r)?,
        quorum: take_amount(r)?,
        timeout_at: take_time(r)?,
        fault_stake: take_amount(r)?,
        no_fault_stake: take_amount(r)?,
    })
}

fn put_verdict(w: &mut Writer, verdict: &Verdict) {
    match verdict {
        Verdict::ProviderAtFault { class, fraction } => {
            w.put(0u8);
            w.put(position(&SLASH_CLASSES, class));
            put_decimal(w, *fraction);
        }
        Verdict::ConsumerWrong {} => w.put(1u8),
    }
}

fn take_verdict(r: &mut Reader) -> StdResult<Verdict> {
    match r.take::<u8>()? {
        0 => Ok(Verdict::ProviderAtFault {
            class: from_position(&SLASH_CLASSES, r, "slash class")?,
            fraction: take_decimal(r)?,
        }),
        1 => Ok(Verdict::ConsumerWrong {}),
        _ => Err(corrupt("verdict")),
    }
}

fn put_settlement(w: &mut Writer, s: &Settlement) {
    put_amount(w, s.units);
    put_amount(w, s.charged);
    put_amount(w, s.split.provider);
    put_amount(w, s.split.gateway);
    put_amount(w, s.split.treasury);
    put_amount(w, s.split.governance);
    put_amount(w, s.refunded);
    w.put_bool(s.premium_forfeited);
    put_decimal(w, s.fee_discount);
    put_time(w, s.settled_at);
}

fn take_settlement(r: &mut Reader) -> StdResult<Settlement> {
    Ok(Settlement {
        units: take_amount(r)?,
        charged: take_amount(r)?,
        split: SplitAmounts {
            provider: take_amount(r)?,
            gateway: take_amount(r)?,
            treasury: take_amount(r)?,
            governance: take_amount(r)?,
        },
        refunded: take_amount(r)?,
        premium_forfeited: r.take_bool()?,
        fee_discount: take_decimal(r)?,
        settled_at: take_time(r)?,
    })
}

impl Packed for StoredBill {
    const WHAT: &'static str = "bill";

    fn pack(&self, w: &mut Writer) {
        let bill = &self.0;
        w.put(bill.id);
        w.put_str(bill.consumer.as_str());
        w.put_str(bill.provider.as_str());
        w.put_str(bill.gateway.as_str());
        put_terms(w, &bill.terms);
        put_amount(w, bill.deposit);
        put_amount(w, bill.network_fee);
        put_amount(w, bill.escrowed);
        put_time(w, bill.opened_at);
        w.put(position(&STATUSES, &bill.status));
        put_option(w, &bill.completion, put_completion);
        put_option(w, &bill.dispute, put_dispute);
        put_option(w, &bill.verdict, put_verdict);
        put_option(w, &bill.settlement, put_settlement);
        put_option(w, &bill.closed_at, |w, t| put_time(w, *t));
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        // Addresses were validated when the bill was opened.
        let address = |r: &mut Reader| r.take_string().map(Addr::unchecked);
        Ok(StoredBill(Bill {
            id: r.take()?,
            consumer: address(r)?,
            provider: address(r)?,
            gateway: address(r)?,
            terms: take_terms(r)?,
            deposit: take_amount(r)?,
            network_fee: take_amount(r)?,
            escrowed: take_amount(r)?,
            opened_at: take_time(r)?,
            status: from_position(&STATUSES, r, "bill status")?,
            completion: take_option(r, take_completion)?,
            dispute: take_option(r, take_dispute)?,
            verdict: take_option(r, take_verdict)?,
            settlement: take_option(r, take_settlement)?,
            closed_at: take_option(r, take_time)?,
        }))
    }
}
