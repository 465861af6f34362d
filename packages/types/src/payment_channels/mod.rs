//! Payment channels: a consumer's deposit for one provider, paid out by cumulative vouchers the
//! consumer signs off-chain (docs/payment-channels.md).
//!
//! The consumer opens a channel by a cw20 `Send` with [`ReceiveMsg::OpenChannel`], naming the
//! 33-byte compressed secp256k1 key whose address is its own. It then signs vouchers for the
//! cumulative amount owed, with a rising nonce; see [`voucher`] for the exact bytes, in plain
//! mode or as a Keplr `signArbitrary` (ADR-036) sign doc. The provider redeems the latest
//! voucher whenever it likes: each redemption pays the increase since the last one, less the
//! network fee, split like a bill's charge (the provider also takes the gateway share: a channel
//! has no gateway). After expiry the consumer reclaims what was never redeemed.

mod client;
mod model;
mod msg;
mod params;
pub mod voucher;

pub use client::*;
pub use model::*;
pub use msg::*;
pub use params::*;
