//! Work waiting to be reported to the reward distributor, and the payee record that carries it.
//!
//! A settlement that sent the distributor a message of its own would pay a contract call per job
//! (about 30,000 gas pinned, more than the rest of a settlement's storage). So a contract that
//! settles work adds it to a record it writes anyway (the payee's credit record) and reports a
//! payee's work in one batch once the oldest of it is an interval old, or when anyone asks.
//! The distributor shares each epoch's emission by the work reported in it, so a batch held back
//! an interval is paid in the epoch it arrives in, never lost and never counted twice.

use cosmwasm_std::{StdResult, Timestamp, Uint128};

use crate::codec::{Packed, Reader, Writer};

/// Settled work not yet reported: its value (what the work was charged, in base value of the
/// token: work is weighed by value, not by value whose price varies thirteenfold between model
/// and latency classes) and what it irrecoverably paid (the network fee, the treasury's and the
/// governance pool's shares), the distributor's fee cap (docs/distributor.md §6).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnreportedWork {
    pub value: Uint128,
    pub fees: Uint128,
    /// When the oldest of it was settled (meaningless while empty).
    pub since: Timestamp,
}

impl UnreportedWork {
    pub fn is_empty(&self) -> bool {
        self.value.is_zero() && self.fees.is_zero()
    }

    /// Adds a settlement's work at `now` (saturating: a sum this large is reported long before).
    pub fn add(&mut self, value: Uint128, fees: Uint128, now: Timestamp) {
        if value.is_zero() && fees.is_zero() {
            return;
        }
        if self.is_empty() {
            self.since = now;
        }
        self.value = self.value.saturating_add(value);
        self.fees = self.fees.saturating_add(fees);
    }

    /// Due once the oldest of it is `interval_seconds` old.
    pub fn due(&self, now: Timestamp, interval_seconds: u64) -> bool {
        !self.is_empty() && now >= self.since.plus_seconds(interval_seconds)
    }

    /// Takes the work to report, leaving the record empty.
    pub fn take(&mut self) -> UnreportedWork {
        std::mem::take(self)
    }

    /// Puts back a batch the distributor refused, waiting as if settled `now`: the next attempt
    /// comes an interval later, not at every settlement while the refusal lasts.
    pub fn restore(&mut self, batch: &UnreportedWork, now: Timestamp) {
        let since = if self.is_empty() { now } else { self.since };
        self.value = self.value.saturating_add(batch.value);
        self.fees = self.fees.saturating_add(batch.fees);
        self.since = since;
    }

    pub fn pack(&self, w: &mut Writer) {
        w.put(self.value.u128());
        w.put(self.fees.u128());
        // An empty record writes a zero time (one byte).
        w.put(if self.is_empty() {
            0
        } else {
            self.since.nanos()
        });
    }

    pub fn unpack(r: &mut Reader) -> Self {
        UnreportedWork {
            value: Uint128::new(r.get()),
            fees: Uint128::new(r.get()),
            since: Timestamp::from_nanos(r.get()),
        }
    }
}

/// A payee's credit (tokens to withdraw) with the work it was paid for and has not yet reported:
/// one record, so a settlement that credits a payee records its work in the same write.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WorkCredit {
    pub credit: Uint128,
    pub work: UnreportedWork,
}

impl WorkCredit {
    pub fn is_empty(&self) -> bool {
        self.credit.is_zero() && self.work.is_empty()
    }
}

impl Packed for WorkCredit {
    const WHAT: &'static str = "work credit";

    fn pack(&self, w: &mut Writer) {
        w.put(self.credit.u128());
        self.work.pack(w);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(WorkCredit {
            credit: Uint128::new(r.get()),
            work: UnreportedWork::unpack(r),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::from_seconds(seconds)
    }

    #[test]
    fn work_is_due_an_interval_after_its_oldest_part() {
        let mut work = UnreportedWork::default();
        assert!(!work.due(at(10_000), 0), "nothing to report is never due");
        work.add(Uint128::new(5), Uint128::new(2), at(100));
        work.add(Uint128::new(7), Uint128::new(3), at(200));
        assert_eq!(
            (work.value, work.fees, work.since),
            (Uint128::new(12), Uint128::new(5), at(100))
        );
        assert!(!work.due(at(3_699), 3_600));
        assert!(work.due(at(3_700), 3_600));
        let batch = work.take();
        assert!(work.is_empty());
        assert_eq!(batch.value, Uint128::new(12));
    }

    #[test]
    fn a_refused_batch_is_restored_and_retried_an_interval_later() {
        let mut work = UnreportedWork::default();
        work.add(Uint128::new(1), Uint128::new(1), at(500));
        let refused = UnreportedWork {
            value: Uint128::new(4),
            fees: Uint128::new(2),
            since: at(100),
        };
        work.restore(&refused, at(4_000));
        assert_eq!(
            work,
            UnreportedWork {
                value: Uint128::new(5),
                fees: Uint128::new(3),
                since: at(500)
            }
        );
        let mut empty = UnreportedWork::default();
        empty.restore(&refused, at(4_000));
        assert_eq!(empty.since, at(4_000));
        assert!(!empty.due(at(4_000), 3_600), "not retried at once");
        assert!(empty.due(at(7_600), 3_600));
    }

    #[test]
    fn work_credits_round_trip_and_an_empty_one_is_four_bytes() {
        let record = WorkCredit {
            credit: Uint128::new(u128::MAX),
            work: UnreportedWork {
                value: Uint128::new(123),
                fees: Uint128::new(u128::MAX),
                since: at(1_700_000_000),
            },
        };
        assert_eq!(WorkCredit::from_bytes(&record.to_bytes()).unwrap(), record);
        assert_eq!(WorkCredit::default().to_bytes().len(), 4);
        let mut truncated = record.to_bytes();
        truncated.pop();
        assert!(WorkCredit::from_bytes(&truncated).is_err());
    }
}
