//! Every storage key of the contract, in one place.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Empty, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use infermesh_types::bill_escrow::{Bill, BillStatus, Params, TotalsResponse};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub token: Addr,
    pub staking: Addr,
    pub reputation: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub arbiter: Option<Addr>,
    pub guardian: Option<Addr>,
}

impl Config {
    /// Where the governance-pool share goes: the distributor, or the treasury until it exists.
    pub fn governance_pool(&self) -> &Addr {
        self.distributor.as_ref().unwrap_or(&self.treasury)
    }
}

/// Running totals (what the contract owes and counters), kept so invariants need no iteration.
/// Stored apart from [`TotalsResponse`] so the storage layout can change without changing the
/// query's API; the stored JSON has the same field names.
#[cw_serde]
#[derive(Default)]
pub struct Totals {
    pub open_bills: Uint128,
    pub dispute_bonds: Uint128,
    pub credits: Uint128,
    pub bills_opened: u64,
    pub fees_burned: Uint128,
    pub paid_to_providers: Uint128,
}

impl From<Totals> for TotalsResponse {
    fn from(totals: Totals) -> Self {
        TotalsResponse {
            open_bills: totals.open_bills,
            dispute_bonds: totals.dispute_bonds,
            credits: totals.credits,
            bills_opened: totals.bills_opened,
            fees_burned: totals.fees_burned,
            paid_to_providers: totals.paid_to_providers,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
pub const TOTALS: Item<Totals> = Item::new("totals");
pub const NEXT_BILL_ID: Item<u64> = Item::new("next_bill_id");
/// (bill id, validator) → provider at fault?
pub const VOTES: Map<(u64, &Addr), bool> = Map::new("votes");
/// provider → its success-rate SLA window (one record, rotated lazily).
pub const SLA_WINDOWS: Map<&Addr, SlaWindow> = Map::new("sla_windows");

/// A provider's jobs in the current half-day bucket (`time / SLA_BUCKET_SECONDS`) and the one
/// before it: the last 12 to 24 hours. Flat, to keep the wasm small.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct SlaWindow {
    pub bucket: u64,
    pub successes: u32,
    pub jobs: u32,
    pub previous_successes: u32,
    pub previous_jobs: u32,
    /// Day (`time / 86,400`) of the last success-rate slash requested.
    pub breach_day: Option<u64>,
}

impl SlaWindow {
    /// Moves the window to `bucket` (never backwards): the current bucket becomes the previous
    /// one when it is adjacent, and both empty after a longer gap.
    pub fn rotate(&mut self, bucket: u64) {
        if bucket <= self.bucket {
            return;
        }
        let adjacent = bucket == self.bucket + 1;
        self.previous_successes = if adjacent { self.successes } else { 0 };
        self.previous_jobs = if adjacent { self.jobs } else { 0 };
        self.successes = 0;
        self.jobs = 0;
        self.bucket = bucket;
    }

    /// (successes, jobs) over both buckets.
    pub fn totals(&self) -> (u32, u32) {
        (
            self.successes.saturating_add(self.previous_successes),
            self.jobs.saturating_add(self.previous_jobs),
        )
    }
}

/// `successes / jobs`, rounded down; `None` without jobs.
pub fn success_rate(successes: u32, jobs: u32) -> Option<Decimal> {
    let one = Decimal::one().atomics().u128();
    (jobs > 0).then(|| Decimal::raw(u128::from(successes) * one / u128::from(jobs)))
}

/// Bills by id.
pub const BILLS: Map<u64, Bill> = Map::new("bills");
/// The list queries' indexes: (consumer, id), (provider, id), (status key, id). A bill's
/// consumer and provider never change, so those entries are written once, at opening; the
/// status entry moves only when the status does. (An `IndexedMap` rewrites every index entry on
/// every save, and stores a copy of the key in each.)
pub const BILLS_BY_CONSUMER: Map<(&Addr, u64), Empty> = Map::new("bills_by_consumer");
pub const BILLS_BY_PROVIDER: Map<(&Addr, u64), Empty> = Map::new("bills_by_provider");
pub const BILLS_BY_STATUS: Map<(u8, u64), Empty> = Map::new("bills_by_status");

/// Saves a new bill with its three index entries.
pub fn save_new_bill(storage: &mut dyn Storage, bill: &Bill) -> StdResult<()> {
    BILLS.save(storage, bill.id, bill)?;
    BILLS_BY_CONSUMER.save(storage, (&bill.consumer, bill.id), &Empty {})?;
    BILLS_BY_PROVIDER.save(storage, (&bill.provider, bill.id), &Empty {})?;
    BILLS_BY_STATUS.save(storage, (bill.status.index_key(), bill.id), &Empty {})
}

/// Saves a changed bill, moving its status index entry when the status changed from `old`.
pub fn save_bill(storage: &mut dyn Storage, bill: &Bill, old: BillStatus) -> StdResult<()> {
    BILLS.save(storage, bill.id, bill)?;
    if bill.status != old {
        BILLS_BY_STATUS.remove(storage, (old.index_key(), bill.id));
        BILLS_BY_STATUS.save(storage, (bill.status.index_key(), bill.id), &Empty {})?;
    }
    Ok(())
}
