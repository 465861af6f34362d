//! InferMesh utility token: cw20-base, used as a library, behind a genesis that enforces the
//! allocation table and mints the team and investor allocations into the vesting contract it
//! instantiates, under grants that lock them from the first block. After instantiation it has no
//! minter, so the genesis supply is the hard cap.

pub mod contract;
pub mod error;
mod genesis;
// Test tooling only: left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub mod state;

pub use crate::error::TokenError;
