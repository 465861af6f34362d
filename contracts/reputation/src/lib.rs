//! InferMesh reputation. A thin dispatcher in `contract`, one module per action; the score
//! arithmetic in `score`, shared bookkeeping in `ledger`, every storage key in `state`.

mod attest;
mod config;
pub mod contract;
pub mod error;
mod ledger;
mod query;
mod rate;
mod refresh;
mod report;
pub mod score;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::ReputationError;
