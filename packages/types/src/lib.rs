//! Message types, shared parameters and typed clients for every InferMesh contract.
//!
//! Each contract's instantiate/execute/query messages live here, once, so no contract
//! hand-writes another's JSON. A contract crate re-exports its messages from this crate.

pub mod bill_escrow;
pub mod bridge;
pub mod common;
pub mod dao;
pub mod distributor;
pub mod payment_channels;
pub mod reputation;
pub mod signing;
pub mod staking;
pub mod token;
pub mod vesting;
