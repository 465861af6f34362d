//! InferMesh bill escrow. A thin dispatcher in `contract`, one module per action; payouts and
//! cross-contract hooks in `settle`, every storage key in `state`.

mod admin;
mod bill;
mod channel;
pub mod contract;
mod dispute;
pub mod error;
mod query;
mod settle;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::BillEscrowError;
