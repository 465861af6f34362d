//! The packed records (docs/bill-escrow.md §12): every field round-trips, a record's size is
//! bounded, and corrupt bytes are refused.

use cosmwasm_std::{Decimal, Timestamp, Uint128};
use infermesh_kit::codec::Packed;
use infermesh_kit::credits::ProtocolFees;
use infermesh_kit::work::UnreportedWork;
use infermesh_types::bill_escrow::{
    Bill, BillStatus, BillTerms, Completion, DisputeState, LatencyClass, ModelClass, Price,
    Settlement, SplitAmounts, Verdict, MAX_RESULT_HASH_LEN,
};
use infermesh_types::reputation::OutcomeBatch;
use infermesh_types::staking::{SlashClass, Tier};
use proptest::prelude::*;

use super::helpers::addr;
use crate::packed::StoredBill;
use crate::state::{ProviderRecord, SlaWindow, Totals};

fn amount(n: u128) -> Uint128 {
    Uint128::new(n)
}

/// A bill with every optional part present and each number at `n` (or its type's limit).
fn full_bill(n: u128) -> Bill {
    let time = Timestamp::from_nanos(n as u64);
    let decimal = Decimal::raw(n);
    Bill {
        id: n as u64,
        consumer: addr("consumer"),
        provider: addr("provider"),
        gateway: addr("gateway"),
        terms: BillTerms {
            model_class: ModelClass::Exclusive,
            latency_class: LatencyClass::Realtime,
            max_units: amount(n),
            deadline: time,
            min_reputation: Some(n as u16),
            min_tier: Some(Tier::Platinum),
            price: Price {
                base_price: amount(n),
                class_multiplier: decimal,
                demand_multiplier: decimal,
                latency_factor: decimal,
                latency_target_ms: n as u64,
            },
            fee_discount: decimal,
            advertised_latency_ms: n as u32,
        },
        deposit: amount(n),
        network_fee: amount(n),
        escrowed: amount(n),
        opened_at: time,
        status: BillStatus::TimedOut,
        completion: Some(Completion {
            units: amount(n),
            latency_ms: n as u64,
            result_hash: "f".repeat(MAX_RESULT_HASH_LEN),
            completed_at: time,
            challenge_ends_at: time,
        }),
        dispute: Some(DisputeState {
            bond: amount(n),
            opened_at: time,
            opened_height: n as u64,
            voting_ends_at: time,
            validator_stake: amount(n),
            quorum: amount(n),
            timeout_at: time,
            fault_stake: amount(n),
            no_fault_stake: amount(n),
        }),
        verdict: Some(Verdict::ProviderAtFault {
            class: SlashClass::Severe,
            fraction: decimal,
        }),
        settlement: Some(Settlement {
            units: amount(n),
            charged: amount(n),
            split: SplitAmounts {
                provider: amount(n),
                gateway: amount(n),
                treasury: amount(n),
                governance: amount(n),
            },
            refunded: amount(n),
            premium_forfeited: true,
            fee_discount: decimal,
            settled_at: time,
        }),
        closed_at: Some(time),
    }
}

fn open_bill() -> Bill {
    let mut bill = full_bill(1_000_000_000_000_000_000);
    bill.status = BillStatus::Open;
    bill.completion = None;
    bill.dispute = None;
    bill.verdict = None;
    bill.settlement = None;
    bill.closed_at = None;
    bill
}

fn round_trip(bill: Bill) -> (Bill, usize) {
    let bytes = StoredBill(bill).to_bytes();
    (StoredBill::from_bytes(&bytes).unwrap().0, bytes.len())
}

#[test]
fn a_bill_round_trips_in_every_shape() {
    for bill in [full_bill(7), full_bill(u64::MAX.into()), open_bill()] {
        assert_eq!(round_trip(bill.clone()).0, bill);
    }
    let mut consumer_wrong = full_bill(3);
    consumer_wrong.verdict = Some(Verdict::ConsumerWrong {});
    consumer_wrong.terms.min_tier = None;
    consumer_wrong.terms.min_reputation = None;
    assert_eq!(round_trip(consumer_wrong.clone()).0, consumer_wrong);
}

/// What a bill costs to write when it opens and when it settles: `addr_make` addresses (66
/// characters, longer than a 43-character wallet address), every amount and decimal at the
/// 10^18 scale, a 64-character result hash. JSON took 680 B open and 1,110 B settled with
/// wallet addresses.
#[test]
fn a_bill_is_a_few_hundred_bytes() {
    let (_, open) = round_trip(open_bill());
    let mut settled = full_bill(1_000_000_000_000_000_000);
    settled.dispute = None;
    settled.verdict = None;
    settled.status = BillStatus::Settled;
    if let Some(completion) = settled.completion.as_mut() {
        completion.result_hash = "f".repeat(64);
    }
    let (_, settled_size) = round_trip(settled);
    let (_, largest) = round_trip(full_bill(u128::MAX));
    assert!(open <= 340, "open bill {open} B");
    assert!(settled_size <= 540, "settled bill {settled_size} B");
    // Every field at its type's largest value and a 128-character hash.
    assert!(largest <= 1_000, "largest bill {largest} B");
}

#[test]
fn corrupt_bills_are_refused() {
    let bytes = StoredBill(open_bill()).to_bytes();
    assert!(StoredBill::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(StoredBill::from_bytes(&trailing).is_err());
    // The status byte sits right before the five presence flags of an open bill.
    let mut unknown_status = bytes.clone();
    let status = unknown_status.len() - 6;
    assert_eq!(unknown_status[status], 0);
    unknown_status[status] = 6;
    assert!(StoredBill::from_bytes(&unknown_status).is_err());
}

#[test]
fn totals_and_provider_records_round_trip() {
    let totals = Totals {
        open_bills: amount(1),
        dispute_bonds: amount(2),
        credits: amount(3),
        bills_opened: 4,
        fees_burned: amount(5),
        paid_to_providers: amount(u128::MAX),
        fees: ProtocolFees {
            treasury: amount(6),
            pool: amount(7),
            burn: amount(8),
        },
    };
    assert_eq!(Totals::from_bytes(&totals.to_bytes()).unwrap(), totals);
    let record = ProviderRecord {
        credit: amount(u128::MAX),
        sla: SlaWindow {
            bucket: 40_000,
            successes: 19,
            jobs: 20,
            previous_successes: 1,
            previous_jobs: 2,
            breach_day: Some(0),
        },
        unreported: OutcomeBatch {
            operator: String::new(),
            successes: 3,
            failures: 1,
            timeouts: 1,
            success_value: amount(10),
            failed_value: amount(11),
            latency_score_value: amount(12),
            latency_ms_value: amount(13),
            latency_ratio_value: amount(14),
            compute_units: amount(15),
        },
        unreported_since: Timestamp::from_seconds(1_700_000_000),
        work: UnreportedWork {
            value: amount(16),
            fees: amount(u128::MAX),
            since: Timestamp::from_seconds(1_700_000_100),
        },
    };
    assert_eq!(
        ProviderRecord::from_bytes(&record.to_bytes()).unwrap(),
        record
    );
    let never_breached = ProviderRecord::default();
    let bytes = never_breached.to_bytes();
    assert_eq!(ProviderRecord::from_bytes(&bytes).unwrap(), never_breached);
    assert!(bytes.len() <= 23, "empty provider record {} B", bytes.len());
}

#[test]
fn params_round_trip_at_a_sixth_of_their_json() {
    use crate::packed::StoredParams;
    use infermesh_types::bill_escrow::Params;
    let mut params = Params::default();
    params.model_classes[3].min_tier = None;
    params.report_interval_seconds = 0;
    let bytes = StoredParams(params.clone()).to_bytes();
    assert_eq!(StoredParams::from_bytes(&bytes).unwrap().0, params);
    let json = cosmwasm_std::to_json_vec(&params).unwrap();
    assert!(
        bytes.len() * 6 < json.len(),
        "{} B packed, {} B JSON",
        bytes.len(),
        json.len()
    );
}

proptest! {
    #[test]
    fn any_numbers_round_trip(n in any::<u128>(), status in 0usize..6, hash in "[0-9a-f]{1,128}") {
        let mut bill = full_bill(n);
        bill.status = [
            BillStatus::Open,
            BillStatus::Completed,
            BillStatus::Disputed,
            BillStatus::Settled,
            BillStatus::Refunded,
            BillStatus::TimedOut,
        ][status];
        if let Some(completion) = bill.completion.as_mut() {
            completion.result_hash = hash;
        }
        prop_assert_eq!(round_trip(bill.clone()).0, bill);
    }
}
