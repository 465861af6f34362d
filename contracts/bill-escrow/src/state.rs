//! Every storage key of the contract, in one place.

use cosmwasm_std::{Addr, Decimal, Empty, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use infermesh_kit::codec::{Packed, PackedItem, PackedMap, Reader, Writer};
use infermesh_kit::credits::{ProtocolFees, ProtocolPayees};
use infermesh_kit::work::{UnreportedWork, WorkCredit};
use infermesh_types::bill_escrow::{Bill, BillStatus, Params, TotalsResponse};
use infermesh_types::reputation::OutcomeBatch;
use serde::{Deserialize, Serialize};

use crate::packed::{StoredBill, StoredParams};

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

    /// Who the protocol fees are owed to.
    pub fn protocol_payees(&self) -> ProtocolPayees<'_> {
        ProtocolPayees {
            treasury: &self.treasury,
            pool: self.governance_pool(),
        }
    }
}

/// Running totals (what the contract owes and counters), kept so invariants need no iteration.
/// Every opening and settlement rewrites them, so they are packed; the treasury's and the
/// governance pool's shares and the fee half to burn are summed here ([`ProtocolFees`]) instead
/// of credited per bill.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub open_bills: Uint128,
    pub dispute_bonds: Uint128,
    pub credits: Uint128,
    /// Also the last bill id: ids run 1, 2, 3, ….
    pub bills_opened: u64,
    /// Every fee part assigned to burning, burned or still in `fees.burn`.
    pub fees_burned: Uint128,
    pub paid_to_providers: Uint128,
    pub fees: ProtocolFees,
}

impl Packed for Totals {
    const WHAT: &'static str = "totals";

    fn pack(&self, w: &mut Writer) {
        w.put(self.open_bills.u128());
        w.put(self.dispute_bonds.u128());
        w.put(self.credits.u128());
        w.put(self.bills_opened);
        w.put(self.fees_burned.u128());
        w.put(self.paid_to_providers.u128());
        self.fees.pack(w);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(Totals {
            open_bills: Uint128::new(r.get()),
            dispute_bonds: Uint128::new(r.get()),
            credits: Uint128::new(r.get()),
            bills_opened: r.get(),
            fees_burned: Uint128::new(r.get()),
            paid_to_providers: Uint128::new(r.get()),
            fees: ProtocolFees::unpack(r),
        })
    }
}

impl From<Totals> for TotalsResponse {
    fn from(totals: Totals) -> Self {
        TotalsResponse {
            open_bills: totals.open_bills,
            dispute_bonds: totals.dispute_bonds,
            credits: totals.credits,
            treasury_fees: totals.fees.treasury,
            pool_fees: totals.fees.pool,
            burn_pending: totals.fees.burn,
            bills_opened: totals.bills_opened,
            fees_burned: totals.fees_burned,
            paid_to_providers: totals.paid_to_providers,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
/// The parameters, packed (`crate::packed`): every transaction reads them.
pub const PARAMS: ParamsItem = ParamsItem(PackedItem::new("params"));

pub struct ParamsItem(PackedItem<StoredParams>);

impl ParamsItem {
    pub fn load(&self, storage: &dyn Storage) -> StdResult<Params> {
        Ok(self.0.load(storage)?.0)
    }

    pub fn save(&self, storage: &mut dyn Storage, params: &Params) -> StdResult<()> {
        self.0.save(storage, &StoredParams(params.clone()));
        Ok(())
    }
}
pub const TOTALS: PackedItem<Totals> = PackedItem::new("totals");
/// (bill id, validator) → provider at fault?
pub const VOTES: Map<(u64, &Addr), bool> = Map::new("votes");
/// provider → its SLA window and the outcomes not yet reported to reputation (one record,
/// rewritten by each of its bills' closings).
pub const PROVIDERS: PackedMap<&Addr, ProviderRecord> = PackedMap::new("providers");
/// gateway → its earnings not yet withdrawn and the routed work not yet reported to the
/// distributor: one record, so a settlement credits the gateway and records its work in one
/// write (counted in `Totals::credits` like any credit).
pub const GATEWAYS: PackedMap<&Addr, WorkCredit> = PackedMap::new("gateways");

/// What the escrow keeps per provider: its success-rate SLA window and its job outcomes since
/// the last report to reputation, summed (docs/bill-escrow.md §9).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProviderRecord {
    pub sla: SlaWindow,
    /// The provider's earnings not yet withdrawn: kept here rather than in the kit's credits
    /// because every settlement writes this record anyway (one write less per bill). Counted in
    /// `Totals::credits` like any credit.
    pub credit: Uint128,
    /// Outcomes not yet reported (`operator` is left empty in storage).
    pub unreported: OutcomeBatch,
    /// When the first of them was counted.
    pub unreported_since: Timestamp,
    /// Settled work not yet reported to the distributor (sent with the outcomes, docs/bill-escrow.md §11).
    pub work: UnreportedWork,
}

impl Packed for ProviderRecord {
    const WHAT: &'static str = "provider record";

    fn pack(&self, w: &mut Writer) {
        w.put(self.credit.u128());
        let sla = &self.sla;
        w.put(sla.bucket);
        w.put(sla.successes);
        w.put(sla.jobs);
        w.put(sla.previous_successes);
        w.put(sla.previous_jobs);
        // Day + 1, 0 for none.
        w.put(sla.breach_day.map_or(0, |day| day.saturating_add(1)));
        pack_batch(&self.unreported, w);
        w.put(self.unreported_since.nanos());
        self.work.pack(w);
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let credit = Uint128::new(r.get());
        let sla = SlaWindow {
            bucket: r.get(),
            successes: r.get(),
            jobs: r.get(),
            previous_successes: r.get(),
            previous_jobs: r.get(),
            breach_day: r.get::<u64>().checked_sub(1),
        };
        let unreported = unpack_batch(r, String::new());
        Ok(ProviderRecord {
            credit,
            sla,
            unreported,
            unreported_since: Timestamp::from_nanos(r.get()),
            work: UnreportedWork::unpack(r),
        })
    }
}

/// An outcome batch's counts and sums, packed (the operator is stored elsewhere: the record's key,
/// or the report payload's first field).
pub fn pack_batch(batch: &OutcomeBatch, w: &mut Writer) {
    w.put(batch.successes);
    w.put(batch.failures);
    w.put(batch.timeouts);
    w.put(batch.success_value.u128());
    w.put(batch.failed_value.u128());
    w.put(batch.latency_score_value.u128());
    w.put(batch.latency_ms_value.u128());
    w.put(batch.latency_ratio_value.u128());
    w.put(batch.compute_units.u128());
}

pub fn unpack_batch(r: &mut Reader, operator: String) -> OutcomeBatch {
    OutcomeBatch {
        operator,
        successes: r.get(),
        failures: r.get(),
        timeouts: r.get(),
        success_value: Uint128::new(r.get()),
        failed_value: Uint128::new(r.get()),
        latency_score_value: Uint128::new(r.get()),
        latency_ms_value: Uint128::new(r.get()),
        latency_ratio_value: Uint128::new(r.get()),
        compute_units: Uint128::new(r.get()),
    }
}

/// A provider's jobs in the current half-day bucket (`time / SLA_BUCKET_SECONDS`) and the one
/// before it: the last 12 to 24 hours.
#[derive(Clone, Debug, PartialEq, Default)]
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

/// Bills by id (packed, `crate::packed`).
pub const BILLS: PackedMap<u64, StoredBill> = PackedMap::new("bills");
/// The list queries' indexes: (consumer, id), (provider, id), and (status key, id) for the
/// statuses `BillStatus::listed_by_status` names. A bill's consumer and provider never change,
/// so those entries are written once, at opening; the status entry moves only when the status
/// does. (An `IndexedMap` rewrites every index entry on every save, and stores a copy of the
/// key in each.)
pub const BILLS_BY_CONSUMER: Map<(&Addr, u64), Empty> = Map::new("bills_by_consumer");
pub const BILLS_BY_PROVIDER: Map<(&Addr, u64), Empty> = Map::new("bills_by_provider");
pub const BILLS_BY_STATUS: Map<(u8, u64), Empty> = Map::new("bills_by_status");

/// Saves a new bill with its party index entries (an open bill is not listed by status).
pub fn save_new_bill(storage: &mut dyn Storage, bill: Bill) -> StdResult<Bill> {
    let bill = store(storage, bill);
    BILLS_BY_CONSUMER.save(storage, (&bill.consumer, bill.id), &Empty {})?;
    BILLS_BY_PROVIDER.save(storage, (&bill.provider, bill.id), &Empty {})?;
    Ok(bill)
}

fn store(storage: &mut dyn Storage, bill: Bill) -> Bill {
    let stored = StoredBill(bill);
    BILLS.save(storage, stored.0.id, &stored);
    stored.0
}

pub fn load_bill(storage: &dyn Storage, bill_id: u64) -> StdResult<Option<Bill>> {
    Ok(BILLS.may_load(storage, bill_id)?.map(|stored| stored.0))
}

/// Saves a changed bill, moving its status index entry when the status changed from `old`.
pub fn save_bill(storage: &mut dyn Storage, bill: Bill, old: BillStatus) -> StdResult<Bill> {
    let bill = store(storage, bill);
    if bill.status != old {
        if old.listed_by_status() {
            BILLS_BY_STATUS.remove(storage, (old.index_key(), bill.id));
        }
        if bill.status.listed_by_status() {
            BILLS_BY_STATUS.save(storage, (bill.status.index_key(), bill.id), &Empty {})?;
        }
    }
    Ok(bill)
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, KeySpace};
    vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::packed_item("PARAMS", &PARAMS.0),
        KeySpace::packed_item("TOTALS", &TOTALS),
        KeySpace::map("VOTES", &VOTES),
        KeySpace::packed_map("PROVIDERS", &PROVIDERS),
        KeySpace::packed_map("GATEWAYS", &GATEWAYS),
        KeySpace::packed_map("BILLS", &BILLS),
        KeySpace::map("BILLS_BY_CONSUMER", &BILLS_BY_CONSUMER),
        KeySpace::map("BILLS_BY_PROVIDER", &BILLS_BY_PROVIDER),
        KeySpace::map("BILLS_BY_STATUS", &BILLS_BY_STATUS),
        kit::contract_version(),
        kit::ownership(),
        kit::paused(),
        kit::param_history(),
        kit::credits(),
    ]
}
