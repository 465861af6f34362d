//! InferMesh vesting. A thin dispatcher in `contract`, one module per action.

mod claim;
mod config;
pub mod contract;
pub mod error;
mod grant;
mod query;
mod revoke;
pub mod state;

pub use crate::error::VestingError;
