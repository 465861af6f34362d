//! InferMesh DAO (docs/dao.md): voting power from the vault (locked tokens, 1×) and from staking
//! (bonded stake, 1.5× up to 2× with a lock), fixed at each proposal's creation height; typed
//! proposals whose kind sets their threshold, quorum and timelock and bounds the messages they
//! carry; execution all or nothing; the treasury. A thin dispatcher in `contract`; the vault in
//! `vault`, voting power in `power`, what each message requires in `kinds`, proposals in
//! `proposal`; every storage key in `state`.

pub mod contract;
pub mod error;
mod kinds;
mod power;
mod proposal;
mod query;
pub mod state;
mod vault;

pub use crate::error::DaoError;
