//! The InferMesh utility token: a standard cw20 with a fixed genesis allocation.
//!
//! Execute and query messages are plain cw20 (`cw20::Cw20ExecuteMsg`, `cw20::Cw20QueryMsg`), so
//! wallets and explorers see a standard token. Only instantiation is ours: it enforces the
//! allocation table of docs/token.md §1 (QUIVer §2.2).

mod allocation;
mod client;
mod msg;
mod params;

pub use allocation::*;
pub use client::*;
pub use msg::*;
pub use params::*;
