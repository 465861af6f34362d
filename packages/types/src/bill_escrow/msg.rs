//! The escrow's messages and query responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::signing::Signed;

use super::{Bill, BillStatus, Cost, LatencyClass, ModelClass, Params, Price, Verdict};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// The only cw20 accepted by `Receive`.
    pub token: String,
    /// Operator registry; the escrow must be one of its slashers.
    pub staking: String,
    /// Outcome sink; the escrow must be its configured reporter.
    pub reputation: String,
    /// Receives the non-burned network fee, the treasury share and dust.
    pub treasury: String,
    /// Governance pool and work-weight hook; until set, the pool share goes to the treasury and
    /// no work is reported.
    pub distributor: Option<String>,
    /// DAO-appointed dispute arbiter (the owner may always resolve too).
    pub arbiter: Option<String>,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Opens a bill funded from the sender's credit (its deposits and refunds) instead of a cw20
    /// `Send`: `amount` is taken from the credit as the deposit of `ReceiveMsg::OpenBill`. No
    /// token call, so a consumer with a credit opens bills cheaper.
    OpenBill { amount: Uint128, bill: OpenBill },
    /// The bill's provider, while it is open and before its deadline.
    Complete(CompleteBill),
    /// The provider of every bill named, as `Complete` for each (1 to `MAX_COMPLETIONS`): a
    /// batch settles many accepted bills for one write of the totals, credits and provider
    /// record. All or nothing.
    CompleteBatch { completions: Vec<CompleteBill> },
    /// The bill's consumer: settles a completed bill now.
    Accept { bill_id: u64 },
    /// Active validators, once per disputed bill, during its voting period: the vote weighs the
    /// validator's bonded stake at the dispute's opening height. Parties of the bill and
    /// validators linked to them by a delegation cannot vote.
    ResolveVote {
        bill_id: u64,
        provider_at_fault: bool,
    },
    /// The arbiter or the owner: decides a disputed bill whose voting period ended without a
    /// quorate majority, before `dispute_timeout_seconds`.
    Resolve { bill_id: u64, verdict: Verdict },
    /// Anyone: settles a completed bill after its challenge window; applies a disputed bill's
    /// validator verdict after the voting period (quorum reached, one side holding the majority
    /// of the stake voted); settles a disputed one without a verdict after
    /// `dispute_timeout_seconds` (bond returned).
    Finalize { bill_id: u64 },
    /// Any payee (provider, gateway, treasury, governance pool, a consumer with refunds): transfers
    /// its whole credit, the earnings and refunds of any number of bills (and the treasury's and
    /// the pool's summed shares), in one cw20 transfer; the network fees pending burning are
    /// burned with it. Never blocked by pause.
    Withdraw {},
    /// Anyone: reports the provider's job outcomes not yet reported to reputation. Successes are
    /// reported in batches (`Params::report_interval_seconds`); this sends the batch now.
    ReportOutcomes { provider: String },
    /// Anyone: refunds the escrow of a bill not completed by its deadline (the fee stays paid).
    /// With the provider's signed receipt of the bill ([`super::consent`]) the timeout counts
    /// against the provider (SLA and reputation); without it nothing counts.
    RefundTimeout {
        bill_id: u64,
        receipt: Option<Signed>,
    },
    /// Guardian or owner: stops new bills.
    Pause {},
    /// Owner only.
    Unpause {},
    /// Owner only, within the parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateParams { params: Params },
    /// Owner only: an emergency parameter adjustment, outside the parameter guard's 20 % a
    /// quarter (infermesh_kit::guard); the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams { params: Params },
    /// Owner only.
    UpdateConfig(ConfigUpdate),
}

/// The provider's completion of a bill ([`ExecuteMsg::Complete`]). With the consumer's signed
/// acceptance of exactly this completion ([`super::consent::AcceptanceTerms`]) the bill settles
/// at once, with no challenge window: a job in two transactions.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct CompleteBill {
    pub bill_id: u64,
    pub units: Uint128,
    pub latency_ms: u64,
    /// Hash of the result, 1–128 characters (e.g. hex sha256).
    pub result_hash: String,
    pub acceptance: Option<Signed>,
}

/// Each given field replaces the stored address ([`ExecuteMsg::UpdateConfig`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ConfigUpdate {
    pub staking: Option<String>,
    pub reputation: Option<String>,
    pub treasury: Option<String>,
    pub distributor: Option<String>,
    pub arbiter: Option<String>,
    pub guardian: Option<String>,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// The cw20 sender becomes the consumer of a new bill.
    OpenBill(OpenBill),
    /// The bill's consumer, in the challenge window: the amount is the bond.
    Dispute { bill_id: u64 },
    /// Credits the amount to the sender, to fund bills with `ExecuteMsg::OpenBill`; withdrawn
    /// with `Withdraw` like any credit.
    Deposit {},
}

/// What a consumer opens a bill for ([`ReceiveMsg::OpenBill`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct OpenBill {
    /// Not the consumer itself.
    pub provider: String,
    /// A bonded gateway (with a tier) other than the consumer and the provider.
    pub gateway: String,
    /// The gateway's signature of the bill's route terms ([`super::consent::RouteTerms`]): its
    /// share is paid only to a gateway that agreed to route this bill.
    pub gateway_consent: Signed,
    pub model_class: ModelClass,
    pub max_units: Uint128,
    pub latency_class: LatencyClass,
    pub deadline: Timestamp,
    /// Lowest reputation score (0–1000) the consumer accepts.
    pub min_reputation: Option<u16>,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(TotalsResponse)]
    Totals {},
    /// The price of `units` and the amount to send to open a bill for them.
    #[returns(QuoteResponse)]
    Quote {
        model_class: ModelClass,
        latency_class: LatencyClass,
        units: Uint128,
    },
    #[returns(Bill)]
    Bill { bill_id: u64 },
    /// Bills in id order after `start_after`: all of them, or only those that `filter` selects.
    #[returns(BillsResponse)]
    Bills {
        filter: Option<BillFilter>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// What `address` may withdraw: its credit, and for the treasury and the governance pool
    /// what the protocol fees owe them.
    #[returns(Uint128)]
    Credit { address: String },
    /// The provider's success-rate SLA window (the last 12–24 h), evaluated now.
    #[returns(SlaWindowResponse)]
    SlaWindow { provider: String },
}

/// Which bills a [`QueryMsg::Bills`] lists.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum BillFilter {
    Consumer(String),
    Provider(String),
    /// `Completed` or `Disputed` only: the bills waiting for a finalization or a verdict.
    Status(BillStatus),
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub staking: Addr,
    pub reputation: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub arbiter: Option<Addr>,
    pub guardian: Option<Addr>,
    pub paused: bool,
}

/// What the contract owes, kept without iteration (docs/invariants.md §2).
#[cw_serde]
#[derive(Default)]
pub struct TotalsResponse {
    /// Escrow of open, completed and disputed bills.
    pub open_bills: Uint128,
    pub dispute_bonds: Uint128,
    /// Paid out to payees (settlements, refunds, returned bonds), not yet withdrawn.
    pub credits: Uint128,
    /// Owed to the treasury (its fee half, its shares and dust), not yet withdrawn.
    pub treasury_fees: Uint128,
    /// Owed to the governance pool (the distributor, or the treasury until it exists).
    pub pool_fees: Uint128,
    /// Network fee halves not yet burned: burned with the next withdrawal.
    pub burn_pending: Uint128,
    pub bills_opened: u64,
    /// Every network fee half assigned to burning (`burn_pending` included).
    pub fees_burned: Uint128,
    /// Paid to providers, ever.
    pub paid_to_providers: Uint128,
}

#[cw_serde]
pub struct QuoteResponse {
    pub model_class: ModelClass,
    pub latency_class: LatencyClass,
    pub units: Uint128,
    pub price: Price,
    pub cost: Cost,
    /// Network fee on `escrow_required`.
    pub network_fee: Uint128,
    /// Amount to send with `OpenBill` for `units` as `max_units`.
    pub escrow_required: Uint128,
}

#[cw_serde]
pub struct BillsResponse {
    pub bills: Vec<Bill>,
}

/// A provider's jobs in its success-rate SLA window: the current half-day bucket and the one
/// before it (12 to 24 hours of history).
#[cw_serde]
pub struct SlaWindowResponse {
    pub provider: Addr,
    /// Day index (`time / 86,400`) of now: the `<day>` of the evidence id a breach now would use.
    pub day: u64,
    /// Settled bills.
    pub successes: u32,
    /// Settled, timed-out and at-fault bills.
    pub jobs: u32,
    /// `successes / jobs`; `None` without jobs.
    pub success_rate: Option<Decimal>,
    /// Day of the last success-rate slash requested for the provider.
    pub last_breach_day: Option<u64>,
    /// The provider's closed jobs not yet reported to reputation.
    pub unreported_jobs: u32,
}
