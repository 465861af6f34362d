//! Vesting of the team, investor, public-sale and ecosystem allocations.
//!
//! A grant is created by a cw20 `Send` of the granted amount from an allowed funder, with
//! [`ReceiveMsg::CreateGrant`] as the hook. Beneficiaries claim what has vested; the owner (the DAO)
//! may revoke the unvested rest of a revocable grant, which returns to the treasury.

mod client;
mod model;
mod msg;
mod params;
mod schedule;

pub use client::*;
pub use model::*;
pub use msg::*;
pub use params::*;
pub use schedule::*;
