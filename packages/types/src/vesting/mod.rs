//! Vesting of the team, investor, public-sale and ecosystem allocations.
//!
//! The team and investor allocations are locked from genesis: the token mints them into this
//! contract and instantiates it with [`GenesisGrant`]s that hold all of them. Later grants (public
//! sale, ecosystem) are created by a cw20 `Send` of the granted amount from an allowed funder,
//! with [`ReceiveMsg::CreateGrant`] as the hook. Beneficiaries claim what has vested; the owner (the DAO)
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
