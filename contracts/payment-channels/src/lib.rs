//! InferMesh payment channels. A thin dispatcher in `contract`, one module per action (`open`,
//! `redeem`, `reclaim`), owner actions in `admin`, every storage key in `state`.

mod admin;
pub mod contract;
pub mod error;
mod open;
mod query;
mod reclaim;
mod redeem;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::PaymentChannelsError;
