//! InferMesh reward distributor (docs/distributor.md): the emission schedule released into a
//! pool, split among nine roles by the owner's weights, and among each role's members by the
//! work its reporters report per epoch, by the stake staking reports for each operator's pool,
//! or by the points the owner grants. A thin dispatcher in `contract`; the emission clock in
//! `ledger`; members' accounting in `members`; the stake roles in `stake`; every storage key in
//! `state`.

pub mod contract;
pub mod error;
mod ledger;
mod members;
mod query;
mod stake;
pub mod state;

pub use crate::error::DistributorError;
