//! Vesting's time units and bounds.

pub use crate::common::YEAR_SECONDS;
pub const MONTH_SECONDS: u64 = YEAR_SECONDS / 12;

/// Largest number of funder addresses the config holds.
pub const MAX_FUNDERS: usize = 16;

/// Largest number of genesis grants (instantiation only, never an execute path).
pub const MAX_GENESIS_GRANTS: usize = 64;
