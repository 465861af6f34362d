//! Bill escrow: the price schedule and per-job bills with a challenge window and disputes
//! (docs/bill-escrow.md). Payment channels are their own contract (`payment_channels`); they
//! share the fee and split arithmetic of [`pricing`](self) and the distributor's work hook.
//!
//! A consumer opens a bill by a cw20 `Send` with [`ReceiveMsg::OpenBill`]. The network fee
//! ([`Params::network_fee_bps`] of the amount sent, default 2%) is taken at once: half burned, the
//! other half (with the odd base unit) to the treasury. The rest stays escrowed and must cover
//! [`Price::cost`] of `max_units`. [`QueryMsg::Quote`] returns the amount to send.
//!
//! Life of a bill:
//! ```text
//! Open ──Complete (provider, before the deadline)──▶ Completed ──Accept / Finalize after window──▶ Settled
//!  │                                                   │
//!  └─RefundTimeout (after the deadline)─▶ TimedOut      └─Dispute (consumer, bond, in window)─▶ Disputed
//!                                                            │  validators vote, weighted by their bonded
//!                                                            │  stake at the opening height; after the voting
//!                                                            │  period Finalize applies a quorate majority,
//!                                                            │  else the arbiter decides:
//!                                                            ├─ provider at fault ─▶ Refunded (+ slash)
//!                                                            ├─ consumer wrong ───▶ Settled (bond to provider)
//!                                                            └─ no verdict by dispute_timeout: Finalize ─▶ Settled (bond back)
//! ```
//!
//! The gateway signs its consent to route each bill ([`consent`]); a timeout counts against the
//! provider only with its signed receipt of the bill.
//!
//! Settlement of the charged cost `C`: provider 80%, gateway 10%, treasury 5%, governance pool
//! 5% (to the distributor, or the treasury while none is configured), each rounded down; the
//! provider's tier fee discount removes that fraction of the protocol's cut (treasury +
//! governance) and gives it to the provider; every rounding remainder goes to the treasury, so
//! the parts sum to exactly `C` ([`split`]). The latency premium is charged only when the
//! reported latency meets the latency class's target; otherwise it returns to the consumer with
//! the unused escrow.

mod client;
pub mod consent;
mod model;
mod msg;
mod params;
mod pricing;

pub use client::*;
pub use model::*;
pub use msg::*;
pub use params::*;
pub use pricing::*;
