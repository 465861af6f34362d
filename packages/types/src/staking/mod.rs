//! Staking: the operator registry (provider / gateway / validator), self-bond and delegation,
//! tiers, unbonding, slashing, jail and ban, rewards, locks and stake snapshots (docs/staking.md).
//!
//! Stake enters only by a cw20 `Send` from the configured token with a [`ReceiveMsg`] hook.
//! Delegations are *shares* of an operator's bonded pool (Cosmos SDK x/staking), so a slash
//! touches one pool record whatever the number of delegators. Unbonding stake is grouped into
//! per-operator, per-day epoch pools (each with tokens and shares) so a slash for an infraction
//! at time `t` also reaches every unbonding that started at or after `t` in at most
//! `unbonding_period / UNBONDING_EPOCH_SECONDS + 2` pool writes.

mod client;
mod model;
mod msg;
mod params;
mod voting;

pub use client::*;
pub use model::*;
pub use msg::*;
pub use params::*;
pub use voting::*;
