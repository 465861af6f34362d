//! InferMesh bill escrow. A thin dispatcher in `contract`, one module per action; payouts and
//! cross-contract hooks in `settle`, the success-rate SLA window in `sla`, every storage key in
//! `state`.

mod admin;
mod bill;
pub mod contract;
mod dispute;
pub mod error;
mod packed;
mod query;
mod settle;
mod sla;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::BillEscrowError;
