//! The packed storage layout of a bill (docs/bill-escrow.md §12): every transition rewrites the
//! bill, and a write costs 30 gas a byte, so it is stored as the kit's varints and
//! length-prefixed strings in a fixed order, not as JSON (an open bill ≈ 230 bytes instead of
//! 680, a settled one ≈ 370 instead of 1,110). The `Bill` query still answers JSON.
//!
//! Enums are stored as their position in the type's declaration; an `Option` as a presence
//! flag and the value. Decoding refuses an unknown discriminant like any other corrupt value.
//! The helpers are kept out of line (`#[inline(never)]`): inlined into each field they made the
//! bill's decoder 8.7 KB of wasm.

use cosmwasm_std::{Decimal, StdResult, Timestamp, Uint128};
use infermesh_kit::codec::{Packed, Reader, Writer};
use infermesh_types::bill_escrow::{
    Bill, BillStatus, BillTerms, Completion, DisputeState, LatencyClass, LatencyClassParams,
    ModelClass, ModelClassParams, Params, Price, Settlement, SlashSpec, SplitAmounts, SplitParams,
    Verdict,
};
use infermesh_types::staking::{SlashClass, Tier};

/// A stored bill.
pub struct StoredBill(pub Bill);

/// The stored parameters: every transaction reads them, and packed they are a sixth of their
/// JSON (154 B of 927 by default; 3 gas a byte read).
pub struct StoredParams(pub Params);

fn put_time(w: &mut Writer, time: Timestamp) {
    w.put(time.nanos());
}

fn take_time(r: &mut Reader) -> Timestamp {
    Timestamp::from_nanos(r.get())
}

fn put_amount(w: &mut Writer, amount: Uint128) {
    w.put(amount.u128());
}

fn take_amount(r: &mut Reader) -> Uint128 {
    Uint128::new(r.get())
}

fn put_decimal(w: &mut Writer, decimal: Decimal) {
    w.put(decimal.atomics().u128());
}

fn take_decimal(r: &mut Reader) -> Decimal {
    Decimal::raw(r.get())
}

fn put_option<T>(w: &mut Writer, value: &Option<T>, put: impl FnOnce(&mut Writer, &T)) {
    w.put_bool(value.is_some());
    if let Some(value) = value {
        put(w, value);
    }
}

fn take_option<T>(r: &mut Reader, take: impl FnOnce(&mut Reader) -> T) -> Option<T> {
    if r.get_bool() {
        Some(take(r))
    } else {
        None
    }
}

/// Position of `value` in `all` (the declaration order).
fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or_default() as u8
}

/// The value at the next position; an unknown one marks the reader failed.
fn from_position<T: Copy>(all: &[T], r: &mut Reader) -> T {
    match all.get(usize::from(r.get::<u8>())) {
        Some(value) => *value,
        None => {
            r.fail();
            all[0]
        }
    }
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

#[inline(never)]
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

#[inline(never)]
fn take_terms(r: &mut Reader) -> BillTerms {
    BillTerms {
        model_class: from_position(&ModelClass::ALL, r),
        latency_class: from_position(&LatencyClass::ALL, r),
        max_units: take_amount(r),
        deadline: take_time(r),
        min_reputation: take_option(r, |r| r.get()),
        min_tier: take_option(r, |r| from_position(&Tier::ALL, r)),
        price: Price {
            base_price: take_amount(r),
            class_multiplier: take_decimal(r),
            demand_multiplier: take_decimal(r),
            latency_factor: take_decimal(r),
            latency_target_ms: r.get(),
        },
        fee_discount: take_decimal(r),
        advertised_latency_ms: r.get(),
    }
}

#[inline(never)]
fn put_completion(w: &mut Writer, c: &Completion) {
    put_amount(w, c.units);
    w.put(c.latency_ms);
    w.put_str(&c.result_hash);
    put_time(w, c.completed_at);
    put_time(w, c.challenge_ends_at);
}

#[inline(never)]
fn take_completion(r: &mut Reader) -> Completion {
    Completion {
        units: take_amount(r),
        latency_ms: r.get(),
        result_hash: r.get_string(),
        completed_at: take_time(r),
        challenge_ends_at: take_time(r),
    }
}

#[inline(never)]
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

#[inline(never)]
fn take_dispute(r: &mut Reader) -> DisputeState {
    DisputeState {
        bond: take_amount(r),
        opened_at: take_time(r),
        opened_height: r.get(),
        voting_ends_at: take_time(r),
        validator_stake: take_amount(r),
        quorum: take_amount(r),
        timeout_at: take_time(r),
        fault_stake: take_amount(r),
        no_fault_stake: take_amount(r),
    }
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

#[inline(never)]
fn take_verdict(r: &mut Reader) -> Verdict {
    match r.get::<u8>() {
        0 => Verdict::ProviderAtFault {
            class: from_position(&SLASH_CLASSES, r),
            fraction: take_decimal(r),
        },
        1 => Verdict::ConsumerWrong {},
        _ => {
            r.fail();
            Verdict::ConsumerWrong {}
        }
    }
}

#[inline(never)]
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

#[inline(never)]
fn take_settlement(r: &mut Reader) -> Settlement {
    Settlement {
        units: take_amount(r),
        charged: take_amount(r),
        split: SplitAmounts {
            provider: take_amount(r),
            gateway: take_amount(r),
            treasury: take_amount(r),
            governance: take_amount(r),
        },
        refunded: take_amount(r),
        premium_forfeited: r.get_bool(),
        fee_discount: take_decimal(r),
        settled_at: take_time(r),
    }
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
        let address = |r: &mut Reader| r.get_addr();
        Ok(StoredBill(Bill {
            id: r.get(),
            consumer: address(r),
            provider: address(r),
            gateway: address(r),
            terms: take_terms(r),
            deposit: take_amount(r),
            network_fee: take_amount(r),
            escrowed: take_amount(r),
            opened_at: take_time(r),
            status: from_position(&STATUSES, r),
            completion: take_option(r, take_completion),
            dispute: take_option(r, take_dispute),
            verdict: take_option(r, take_verdict),
            settlement: take_option(r, take_settlement),
            closed_at: take_option(r, take_time),
        }))
    }
}

fn put_list<T>(w: &mut Writer, items: &[T], put: impl Fn(&mut Writer, &T)) {
    w.put(items.len() as u128);
    items.iter().for_each(|item| put(w, item));
}

fn take_list<T>(r: &mut Reader, take: impl Fn(&mut Reader) -> T) -> Vec<T> {
    let len: u8 = r.get();
    (0..len).map(|_| take(r)).collect()
}

impl Packed for StoredParams {
    const WHAT: &'static str = "params";

    fn pack(&self, w: &mut Writer) {
        let p = &self.0;
        put_amount(w, p.base_price);
        put_decimal(w, p.demand_multiplier);
        put_list(w, &p.model_classes, |w, c| {
            w.put(position(&ModelClass::ALL, &c.class));
            put_decimal(w, c.multiplier);
            put_option(w, &c.min_tier, |w, t| w.put(position(&Tier::ALL, t)));
        });
        put_list(w, &p.latency_classes, |w, c| {
            w.put(position(&LatencyClass::ALL, &c.class));
            w.put(c.target_ms);
            put_decimal(w, c.factor);
        });
        w.put(p.network_fee_bps);
        w.put(p.split.provider_bps);
        w.put(p.split.gateway_bps);
        w.put(p.split.treasury_bps);
        w.put(p.split.governance_bps);
        w.put(p.challenge_window_seconds);
        w.put(p.max_deadline_seconds);
        put_amount(w, p.min_dispute_bond);
        put_decimal(w, p.dispute_quorum);
        w.put(p.dispute_voting_seconds);
        w.put(p.dispute_timeout_seconds);
        w.put(position(&SLASH_CLASSES, &p.dispute_slash.class));
        put_decimal(w, p.dispute_slash.fraction);
        put_decimal(w, p.sla_slash_fraction);
        w.put(p.sla_min_jobs);
        put_decimal(w, p.sla_min_success_rate);
        w.put(p.report_interval_seconds);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(StoredParams(Params {
            base_price: take_amount(r),
            demand_multiplier: take_decimal(r),
            model_classes: take_list(r, |r| ModelClassParams {
                class: from_position(&ModelClass::ALL, r),
                multiplier: take_decimal(r),
                min_tier: take_option(r, |r| from_position(&Tier::ALL, r)),
            }),
            latency_classes: take_list(r, |r| LatencyClassParams {
                class: from_position(&LatencyClass::ALL, r),
                target_ms: r.get(),
                factor: take_decimal(r),
            }),
            network_fee_bps: r.get(),
            split: SplitParams {
                provider_bps: r.get(),
                gateway_bps: r.get(),
                treasury_bps: r.get(),
                governance_bps: r.get(),
            },
            challenge_window_seconds: r.get(),
            max_deadline_seconds: r.get(),
            min_dispute_bond: take_amount(r),
            dispute_quorum: take_decimal(r),
            dispute_voting_seconds: r.get(),
            dispute_timeout_seconds: r.get(),
            dispute_slash: SlashSpec {
                class: from_position(&SLASH_CLASSES, r),
                fraction: take_decimal(r),
            },
            sla_slash_fraction: take_decimal(r),
            sla_min_jobs: r.get(),
            sla_min_success_rate: take_decimal(r),
            report_interval_seconds: r.get(),
        }))
    }
}
