//! What the escrow stores: bills.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};

use super::{LatencyClass, ModelClass, Price, SplitAmounts};
use crate::staking::{SlashClass, Tier};

#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum BillStatus {
    /// Escrowed, waiting for the provider's completion.
    Open,
    /// Completed; the challenge window runs.
    Completed,
    /// The consumer disputed the completion.
    Disputed,
    /// Paid out (accepted, finalized, or the consumer lost the dispute).
    Settled,
    /// The provider was found at fault: the consumer got the escrow and the bond back.
    Refunded,
    /// No completion by the deadline: the consumer got the escrow back.
    TimedOut,
}

impl BillStatus {
    /// Stable byte used in the status index.
    pub const fn index_key(self) -> u8 {
        match self {
            BillStatus::Open => 1,
            BillStatus::Completed => 2,
            BillStatus::Disputed => 3,
            BillStatus::Settled => 4,
            BillStatus::Refunded => 5,
            BillStatus::TimedOut => 6,
        }
    }

    /// Listed by status (`BillFilter::Status`): the bills that wait for someone other than
    /// their parties, a finalization after the window or a verdict. Open bills are their
    /// parties' business (listed by consumer or provider) and closed ones history, so a job in
    /// two transactions never writes a status index entry (docs/bill-escrow.md §13).
    pub const fn listed_by_status(self) -> bool {
        matches!(self, BillStatus::Completed | BillStatus::Disputed)
    }

    /// The escrow of a bill in this status is still held by the contract.
    pub const fn holds_escrow(self) -> bool {
        matches!(
            self,
            BillStatus::Open | BillStatus::Completed | BillStatus::Disputed
        )
    }
}

#[cw_serde]
pub struct Completion {
    pub units: Uint128,
    pub latency_ms: u64,
    pub result_hash: String,
    pub completed_at: Timestamp,
    /// End of the challenge window.
    pub challenge_ends_at: Timestamp,
}

#[cw_serde]
pub struct DisputeState {
    pub bond: Uint128,
    pub opened_at: Timestamp,
    /// Votes weigh the validators' bonded stake as at the start of this block.
    pub opened_height: u64,
    /// Votes are taken until then; a verdict only after.
    pub voting_ends_at: Timestamp,
    /// All bonded validator stake at the opening height.
    pub validator_stake: Uint128,
    /// Stake that must vote for a validator verdict: `dispute_quorum` of `validator_stake`,
    /// rounded up, fixed at opening.
    pub quorum: Uint128,
    /// Without a verdict by then, `Finalize` settles the bill and returns the bond; fixed at
    /// opening.
    pub timeout_at: Timestamp,
    /// Stake of the validators that voted the provider at fault.
    pub fault_stake: Uint128,
    /// Stake of the validators that voted the completion stands.
    pub no_fault_stake: Uint128,
}

/// How a dispute was decided.
#[cw_serde]
pub enum Verdict {
    /// The consumer is refunded in full with its bond; the provider is slashed.
    ProviderAtFault {
        class: SlashClass,
        fraction: Decimal,
    },
    /// The bond is forfeited to the provider; the bill settles normally.
    ConsumerWrong {},
}

#[cw_serde]
pub struct Settlement {
    /// Units the charge is for.
    pub units: Uint128,
    /// What the consumer paid for the work.
    pub charged: Uint128,
    pub split: SplitAmounts,
    /// Escrow returned to the consumer (unused units, missed latency premium).
    pub refunded: Uint128,
    /// Whether the latency premium was forfeited (latency above the class target).
    pub premium_forfeited: bool,
    /// The provider's fee discount applied.
    pub fee_discount: Decimal,
    pub settled_at: Timestamp,
}

/// What a bill was opened for, fixed at opening.
#[cw_serde]
pub struct BillTerms {
    pub model_class: ModelClass,
    pub latency_class: LatencyClass,
    pub max_units: Uint128,
    pub deadline: Timestamp,
    pub min_reputation: Option<u16>,
    /// The model class's lowest provider tier when the bill opened: a completion without the
    /// consumer's acceptance re-checks it.
    pub min_tier: Option<Tier>,
    pub price: Price,
    /// The provider's fee discount and advertised latency when the bill opened.
    pub fee_discount: Decimal,
    pub advertised_latency_ms: u32,
}

#[cw_serde]
pub struct Bill {
    pub id: u64,
    pub consumer: Addr,
    pub provider: Addr,
    pub gateway: Addr,
    pub terms: BillTerms,
    /// Amount the consumer sent.
    pub deposit: Uint128,
    /// Network fee taken up front (kept whatever happens).
    pub network_fee: Uint128,
    /// `deposit - network_fee`: held for the bill until it closes.
    pub escrowed: Uint128,
    pub opened_at: Timestamp,
    pub status: BillStatus,
    pub completion: Option<Completion>,
    pub dispute: Option<DisputeState>,
    pub verdict: Option<Verdict>,
    pub settlement: Option<Settlement>,
    pub closed_at: Option<Timestamp>,
}
