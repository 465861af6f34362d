//! InferMesh staking. A thin dispatcher in `contract`, one module per action; the share
//! arithmetic in `pool`, shared bookkeeping in `ledger`, every storage key in `state`.

mod admin;
mod bond;
pub mod contract;
pub mod error;
pub mod hook;
mod ledger;
mod lock;
mod operator;
mod pool;
mod query;
mod rewards;
mod slash;
pub mod state;
mod unbond;

#[cfg(test)]
mod tests;

pub use crate::error::StakingError;
