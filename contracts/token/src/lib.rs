//! InferMesh utility token: cw20-base, used as a library, behind a genesis that enforces the
//! allocation table. After instantiation it has no minter, so the genesis supply is the hard cap.

pub mod contract;
pub mod error;
mod genesis;

pub use crate::error::TokenError;
