//! InferMesh IBC bridge (docs/bridge.md). A thin dispatcher in `contract`; the handshake in `ibc`,
//! sending in `send`, packets arriving and settling in `packet`, rate limits in `flow`, owner
//! actions in `admin`, every storage key in `state`.

mod admin;
pub mod contract;
pub mod error;
mod flow;
mod ibc;
mod packet;
mod query;
mod send;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::BridgeError;
