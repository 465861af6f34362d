//! docs/invariants.md §2 escrow and channel invariants under random sequences of open / complete / accept /
//! dispute / vote / resolve / finalize / timeout / channel open, top-up, voucher, reclaim and
//! time, on the full suite with the real token, staking and reputation:
//!
//! 1. the token balance held by the escrow ≥ open bills + dispute bonds, the balance held by the
//!    channels contract ≥ unredeemed channel balances + credits + protocol fees owed (treasury,
//!    pool, burn pending), and each of those totals equals the sum over the bills and channels
//!    themselves;
//! 2. every settlement's split sums exactly to the charged cost, and charged + refunded equals
//!    the bill's escrow;
//! 3. no path pays a provider twice for one bill: each bill pays out at most once, and the
//!    provider's balance is exactly what settled bills, forfeited bonds and redeemed vouchers
//!    owe it.

use std::collections::BTreeSet;

use cosmwasm_std::Uint128;
use infermesh_testing::{attribute, KeyAccount, Suite};
use infermesh_types::bill_escrow::{
    BillStatus, BillsResponse, LatencyClass, ModelClass, QueryMsg, Verdict,
};
use infermesh_types::payment_channels::{self, ChannelsResponse, SignMode};
use infermesh_types::staking::{Role, SlashClass};
use proptest::prelude::*;

use crate::fixtures::{proptest_config, DAY, UNIT};

const CONSUMERS: usize = 2;
const VALIDATORS: usize = 3;

#[derive(Debug, Clone)]
enum Op {
    Open {
        who: usize,
        units: u128,
        latency: usize,
        extra: u128,
    },
    Complete {
        bill: usize,
        percent: u8,
        latency_ms: u64,
    },
    Accept {
        bill: usize,
    },
    Dispute {
        bill: usize,
        bond: u128,
    },
    Vote {
        bill: usize,
        validator: usize,
        fault: bool,
    },
    Resolve {
        bill: usize,
        fault: bool,
    },
    Finalize {
        bill: usize,
    },
    Timeout {
        bill: usize,
    },
    OpenChannel {
        who: usize,
        deposit: u128,
    },
    TopUp {
        channel: usize,
        amount: u128,
    },
    Voucher {
        channel: usize,
        amount: u128,
        adr036: bool,
    },
    Reclaim {
        channel: usize,
    },
    Advance {
        seconds: u64,
    },
    /// The provider settles several open bills at once with their consumers' acceptances.
    CompleteBatch {
        bills: Vec<usize>,
        percent: u8,
    },
    /// A payee withdraws from the escrow: 0 provider, 1 gateway, 2 treasury, 3.. consumers.
    Withdraw {
        who: usize,
    },
    /// Anyone reports the provider's outcomes.
    Report,
    /// A consumer deposits, then opens a bill from its credit.
    Deposit {
        who: usize,
        amount: u128,
    },
    OpenFromCredit {
        who: usize,
        units: u128,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..CONSUMERS, 1u128..500, 0usize..3, 0u128..3 * UNIT)
            .prop_map(|(who, units, latency, extra)| Op::Open { who, units, latency, extra }),
        3 => (0usize..8, 1u8..=100, 20u64..1_500)
            .prop_map(|(bill, percent, latency_ms)| Op::Complete { bill, percent, latency_ms }),
        1 => (0usize..8).prop_map(|bill| Op::Accept { bill }),
        2 => (0usize..8, 90u128..200).prop_map(|(bill, bond)| Op::Dispute { bill, bond: bond * UNIT }),
        2 => (0usize..8, 0..VALIDATORS, any::<bool>())
            .prop_map(|(bill, validator, fault)| Op::Vote { bill, validator, fault }),
        2 => (0usize..8, any::<bool>()).prop_map(|(bill, fault)| Op::Resolve { bill, fault }),
        2 => (0usize..8).prop_map(|bill| Op::Finalize { bill }),
        1 => (0usize..8).prop_map(|bill| Op::Timeout { bill }),
        1 => (0..CONSUMERS, 1u128..200).prop_map(|(who, d)| Op::OpenChannel { who, deposit: d * UNIT }),
        1 => (0usize..4, 1u128..50).prop_map(|(channel, a)| Op::TopUp { channel, amount: a * UNIT }),
        2 => (0usize..4, 1u128..100_000_000, any::<bool>())
            .prop_map(|(channel, amount, adr036)| Op::Voucher { channel, amount, adr036 }),
        1 => (0usize..4).prop_map(|channel| Op::Reclaim { channel }),
        2 => prop_oneof![Just(3_600u64), Just(DAY), Just(8 * DAY), Just(15 * DAY)]
            .prop_map(|seconds| Op::Advance { seconds }),
        1 => (prop::collection::vec(0usize..8, 1..4), 1u8..=100)
            .prop_map(|(bills, percent)| Op::CompleteBatch { bills, percent }),
        2 => (0..3 + CONSUMERS).prop_map(|who| Op::Withdraw { who }),
        1 => Just(Op::Report),
        1 => (0..CONSUMERS, 1u128..100).prop_map(|(who, a)| Op::Deposit { who, amount: a * UNIT }),
        2 => (0..CONSUMERS, 1u128..500).prop_map(|(who, units)| Op::OpenFromCredit { who, units }),
    ]
}

struct Model {
    suite: Suite,
    consumers: Vec<KeyAccount>,
    provider: cosmwasm_std::Addr,
    gateway: cosmwasm_std::Addr,
    validators: Vec<cosmwasm_std::Addr>,
    bills: Vec<u64>,
    channels: Vec<(u64, usize)>,
    /// Per channel: the nonce of the next voucher.
    nonces: Vec<u64>,
    /// Bills that have paid out (settled or refunded).
    paid: BTreeSet<u64>,
    /// What the provider is owed by every payout seen.
    provider_owed: u128,
}

impl Model {
    fn new() -> Self {
        let mut suite = Suite::new();
        let provider = suite.key_account("provider").address;
        let gateway = suite.key_account("gateway").address;
        suite.ready_operator(&provider, Role::Provider, 50_000 * UNIT);
        suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
        let validators = (0..VALIDATORS)
            .map(|i| {
                let v = suite.addr(&format!("validator{i}"));
                suite.ready_operator(&v, Role::Validator, 10_000 * UNIT);
                v
            })
            .collect();
        let consumers: Vec<KeyAccount> = (0..CONSUMERS)
            .map(|i| suite.key_account(&format!("consumer{i}")))
            .collect();
        for c in &consumers {
            suite.staking_fund(&c.address, 1_000_000 * UNIT).unwrap();
        }
        // Votes close after an hour, so validator verdicts (any two of the three validators hold
        // the one-third quorum) come often.
        let mut params = suite.escrow_params();
        params.dispute_voting_seconds = 3_600;
        suite.update_escrow_params(params).unwrap();
        Model {
            suite,
            consumers,
            provider,
            gateway,
            validators,
            bills: vec![],
            channels: vec![],
            nonces: vec![],
            paid: BTreeSet::new(),
            provider_owed: 0,
        }
    }

    fn bill(&self, i: usize) -> Option<u64> {
        (!self.bills.is_empty()).then(|| self.bills[i % self.bills.len()])
    }

    fn consumer_of(&self, bill_id: u64) -> cosmwasm_std::Addr {
        self.suite.bill(bill_id).consumer
    }

    /// Records a payout response: a bill pays once; the provider's share is owed.
    fn paid_out(&mut self, response: &infermesh_testing::AppResponse) {
        let Some(bill_id) = attribute(response, "bill_id").map(|v| v.parse::<u64>().unwrap())
        else {
            return;
        };
        self.bill_paid(bill_id);
    }

    fn bill_paid(&mut self, bill_id: u64) {
        let bill = self.suite.bill(bill_id);
        if !matches!(bill.status, BillStatus::Settled | BillStatus::Refunded) {
            return;
        }
        assert!(self.paid.insert(bill_id), "bill {bill_id} paid out twice");
        if let Some(s) = &bill.settlement {
            self.provider_owed += s.split.provider.u128();
            if bill.verdict == Some(Verdict::ConsumerWrong {}) {
                self.provider_owed += bill.dispute.as_ref().unwrap().bond.u128();
            }
        }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Open {
                who,
                units,
                latency,
                extra,
            } => {
                let mut args = self.suite.bill_args(&self.provider, &self.gateway);
                args.max_units = units;
                args.latency_class = LatencyClass::ALL[latency];
                args.model_class = ModelClass::Medium;
                let amount = self.suite.escrow_required(&args) + extra;
                let consumer = self.consumers[who].address.clone();
                if let Ok(id) = self.suite.open_bill(&consumer, amount, &args) {
                    self.bills.push(id);
                }
            }
            Op::Complete {
                bill,
                percent,
                latency_ms,
            } => {
                let Some(id) = self.bill(bill) else { return };
                let max = self.suite.bill(id).terms.max_units.u128();
                let units = (max * u128::from(percent)).div_ceil(100);
                let provider = self.provider.clone();
                let _ = self.suite.complete_bill(&provider, id, units, latency_ms);
            }
            Op::Accept { bill } => {
                let Some(id) = self.bill(bill) else { return };
                let consumer = self.consumer_of(id);
                if let Ok(r) = self.suite.accept_bill(&consumer, id) {
                    self.paid_out(&r);
                }
            }
            Op::Dispute { bill, bond } => {
                let Some(id) = self.bill(bill) else { return };
                let consumer = self.consumer_of(id);
                let _ = self.suite.dispute_bill(&consumer, id, bond);
            }
            Op::Vote {
                bill,
                validator,
                fault,
            } => {
                let Some(id) = self.bill(bill) else { return };
                let v = self.validators[validator].clone();
                if let Ok(r) = self.suite.resolve_vote(&v, id, fault) {
                    self.paid_out(&r);
                }
            }
            Op::Resolve { bill, fault } => {
                let Some(id) = self.bill(bill) else { return };
                let owner = self.suite.owner.clone();
                let verdict = if fault {
                    Verdict::ProviderAtFault {
                        class: SlashClass::Minor,
                        fraction: cosmwasm_std::Decimal::percent(2),
                    }
                } else {
                    Verdict::ConsumerWrong {}
                };
                if let Ok(r) = self.suite.resolve_bill(&owner, id, verdict) {
                    self.paid_out(&r);
                }
            }
            Op::Finalize { bill } => {
                let Some(id) = self.bill(bill) else { return };
                let anyone = self.suite.addr("anyone");
                if let Ok(r) = self.suite.finalize_bill(&anyone, id) {
                    self.paid_out(&r);
                }
            }
            Op::Timeout { bill } => {
                let Some(id) = self.bill(bill) else { return };
                let anyone = self.suite.addr("anyone");
                let refund = if id % 2 == 0 {
                    self.suite.refund_timeout_with_receipt(&anyone, id)
                } else {
                    let consumer = self.consumer_of(id);
                    self.suite.refund_timeout(&consumer, id)
                };
                if let Ok(r) = refund {
                    assert!(self.paid.insert(id), "bill {id} refunded twice");
                    let _ = r;
                }
            }
            Op::OpenChannel { who, deposit } => {
                let expires = self.suite.now().plus_seconds(10 * DAY);
                let key = self.consumers[who].clone();
                let provider = self.provider.clone();
                if let Ok(id) = self.suite.open_channel(&key, &provider, deposit, expires) {
                    self.channels.push((id, who));
                    self.nonces.push(1);
                }
            }
            Op::TopUp { channel, amount } => {
                if self.channels.is_empty() {
                    return;
                }
                let (id, who) = self.channels[channel % self.channels.len()];
                let consumer = self.consumers[who].address.clone();
                let _ = self.suite.top_up(&consumer, id, amount);
            }
            Op::Voucher {
                channel,
                amount,
                adr036,
            } => {
                if self.channels.is_empty() {
                    return;
                }
                let index = channel % self.channels.len();
                let (id, who) = self.channels[index];
                let c = self.suite.channel(id);
                let cumulative = (c.redeemed.u128() + amount).min(c.deposit.u128());
                let nonce = self.nonces[index];
                let mode = if adr036 {
                    SignMode::Adr036
                } else {
                    SignMode::Plain
                };
                let sig =
                    self.suite
                        .sign_voucher(&self.consumers[who], id, cumulative, nonce, mode);
                let provider = self.provider.clone();
                if let Ok(r) =
                    self.suite
                        .redeem(&provider, id, cumulative, nonce, sig.clone(), mode)
                {
                    self.nonces[index] += 1;
                    self.provider_owed += attribute(&r, "provider_amount")
                        .unwrap()
                        .parse::<u128>()
                        .unwrap();
                    // The same voucher never pays twice.
                    assert!(self
                        .suite
                        .redeem(&provider, id, cumulative, nonce, sig, mode)
                        .is_err());
                }
            }
            Op::Reclaim { channel } => {
                if self.channels.is_empty() {
                    return;
                }
                let (id, who) = self.channels[channel % self.channels.len()];
                let consumer = self.consumers[who].address.clone();
                let _ = self.suite.reclaim(&consumer, id);
            }
            Op::Advance { seconds } => self.suite.advance_time(seconds),
            Op::CompleteBatch { ref bills, percent } => {
                if self.bills.is_empty() {
                    return;
                }
                let mut completions = Vec::new();
                for &i in bills {
                    let id = self.bills[i % self.bills.len()];
                    let bill = self.suite.bill(id);
                    let units = (bill.terms.max_units.u128() * u128::from(percent)).div_ceil(100);
                    completions.push((bill.consumer, (id, units, 100, true)));
                }
                // One consumer signs for all of them: bills of the other are refused whole.
                let consumer = completions[0].0.clone();
                let completions: Vec<_> = completions.into_iter().map(|(_, c)| c).collect();
                let provider = self.provider.clone();
                if self
                    .suite
                    .complete_batch(&provider, &consumer, &completions)
                    .is_ok()
                {
                    for (id, ..) in completions {
                        assert_eq!(self.suite.bill(id).status, BillStatus::Settled);
                        self.bill_paid(id);
                    }
                }
            }
            Op::Withdraw { who } => {
                let payee = match who {
                    0 => self.provider.clone(),
                    1 => self.gateway.clone(),
                    2 => self
                        .suite
                        .holder(infermesh_types::token::AllocationCategory::CommunityTreasury),
                    n => self.consumers[n - 3].address.clone(),
                };
                let owed = self.suite.escrow_credit(&payee);
                let before = self.suite.balance(&payee);
                match self.suite.escrow_withdraw(&payee) {
                    Ok(_) => {
                        assert_eq!(self.suite.balance(&payee), before + owed);
                        assert_eq!(self.suite.escrow_credit(&payee), 0);
                        assert_eq!(self.suite.escrow_totals().burn_pending, Uint128::zero());
                    }
                    Err(_) => assert_eq!(owed, 0, "{payee} owed {owed} but could not withdraw"),
                }
            }
            Op::Deposit { who, amount } => {
                let consumer = self.consumers[who].address.clone();
                let before = self.suite.escrow_credit(&consumer);
                self.suite.escrow_deposit(&consumer, amount).unwrap();
                assert_eq!(self.suite.escrow_credit(&consumer), before + amount);
            }
            Op::OpenFromCredit { who, units } => {
                let mut args = self.suite.bill_args(&self.provider, &self.gateway);
                args.max_units = units;
                args.model_class = ModelClass::Medium;
                let amount = self.suite.escrow_required(&args);
                let consumer = self.consumers[who].address.clone();
                let credit = self.suite.escrow_credit(&consumer);
                match self.suite.open_bill_from_credit(&consumer, amount, &args) {
                    Ok(id) => {
                        self.bills.push(id);
                        assert_eq!(self.suite.escrow_credit(&consumer), credit - amount);
                    }
                    Err(_) => assert_eq!(self.suite.escrow_credit(&consumer), credit),
                }
            }
            Op::Report => {
                let provider = self.provider.clone();
                let waiting = self.suite.sla_window(&provider).unreported_jobs;
                let anyone = self.suite.addr("anyone");
                let reported = self
                    .suite
                    .report_escrow_outcomes(&anyone, &provider)
                    .is_ok();
                assert_eq!(reported, waiting > 0);
                assert_eq!(self.suite.sla_window(&provider).unreported_jobs, 0);
            }
        }
    }

    fn check(&self) {
        let totals = self.suite.escrow_totals();
        let escrow = self.suite.bill_escrow.addr().clone();
        let held = self.suite.balance(&escrow);
        let owed = totals.open_bills
            + totals.dispute_bonds
            + totals.credits
            + totals.treasury_fees
            + totals.pool_fees
            + totals.burn_pending;
        // Every token the escrow holds is owed to someone (nothing else sends it tokens here).
        assert_eq!(Uint128::new(held), owed, "escrow holds {held}, owes {owed}");
        let channel_totals = self.suite.channels_totals();
        let channels = self.suite.payment_channels.addr().clone();
        let held = self.suite.balance(&channels);
        let channels_owe = self.suite.channels_owed();
        assert!(
            held >= channels_owe,
            "channels hold {held}, owe {channels_owe}"
        );

        // Totals equal the sums over bills and channels.
        let mut open = Uint128::zero();
        let mut bonds = Uint128::zero();
        let mut start_after = None;
        loop {
            let page: BillsResponse = self
                .suite
                .escrow_query(&QueryMsg::Bills {
                    filter: None,
                    start_after,
                    limit: Some(30),
                })
                .unwrap();
            let Some(last) = page.bills.last() else { break };
            start_after = Some(last.id);
            for bill in &page.bills {
                if bill.status.holds_escrow() {
                    open += bill.escrowed;
                }
                if bill.status == BillStatus::Disputed {
                    bonds += bill.dispute.as_ref().unwrap().bond;
                }
                if let Some(s) = &bill.settlement {
                    assert_eq!(s.split.total(), s.charged, "split of bill {}", bill.id);
                    assert_eq!(s.charged + s.refunded, bill.escrowed);
                }
            }
        }
        assert_eq!(open, totals.open_bills);
        assert_eq!(bonds, totals.dispute_bonds);
        let mut balances = Uint128::zero();
        for consumer in &self.consumers {
            let page: ChannelsResponse = self
                .suite
                .channels_query(&payment_channels::QueryMsg::Channels {
                    filter: Some(payment_channels::ChannelFilter::Consumer(
                        consumer.address.to_string(),
                    )),
                    start_after: None,
                    limit: Some(30),
                })
                .unwrap();
            for c in page.channels {
                assert!(c.redeemed <= c.deposit);
                if c.closed_at.is_none() {
                    balances += c.balance();
                }
            }
        }
        assert_eq!(balances, channel_totals.channel_balances);
        // The provider got exactly what it was owed, paid or credited: nothing twice.
        assert_eq!(self.suite.paid_to(&self.provider), self.provider_owed);
        let paid = totals.paid_to_providers + channel_totals.paid_to_providers;
        assert!(paid.u128() <= self.provider_owed);
    }
}

proptest! {
    #![proptest_config(proptest_config(32))]

    #[test]
    fn escrow_invariants_hold(ops in prop::collection::vec(op(), 1..50)) {
        let mut model = Model::new();
        for op in &ops {
            model.apply(op);
            model.check();
        }
    }
}
