//! What reputation stores and reports: job outcomes, attestations and score components.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp, Uint128};

#[cw_serde]
#[derive(Copy, Eq)]
pub enum Outcome {
    Success,
    Failure,
    /// No completion before the deadline: the consumer was refunded, the bill cannot be rated.
    Timeout,
}

#[cw_serde]
pub struct Attestation {
    pub validator: Addr,
    pub accuracy: u8,
    /// The validator's bonded stake (self-bond and delegations) when it attested. Its weight is
    /// the lesser of this and its stake now, so stake that leaves takes its weight with it.
    pub stake: Uint128,
    pub time: Timestamp,
}

/// Each component on the 0–1000 scale; a component without evidence shows the prior.
#[cw_serde]
pub struct ScoreComponents {
    pub success_rate: u16,
    pub latency: u16,
    pub rating: u16,
    pub accuracy: u16,
    pub stake: u16,
}

#[cw_serde]
pub struct OperatorScore {
    pub operator: Addr,
    pub score: u16,
}
