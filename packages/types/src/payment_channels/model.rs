//! What the channels contract stores.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Decimal, Timestamp, Uint128};

#[cw_serde]
pub struct Channel {
    pub id: u64,
    pub consumer: Addr,
    pub provider: Addr,
    /// Compressed secp256k1 key whose address is the consumer's.
    pub pubkey: Binary,
    /// Total deposited (opening deposit plus top-ups).
    pub deposit: Uint128,
    /// Cumulative amount redeemed by the provider.
    pub redeemed: Uint128,
    /// Nonce of the last redeemed voucher (0: none).
    pub nonce: u64,
    pub expires_at: Timestamp,
    pub opened_at: Timestamp,
    /// The provider's tier fee discount when the channel opened: every redemption splits with
    /// it, so bonding up for one redemption buys nothing (docs/payment-channels.md §5).
    pub fee_discount: Decimal,
    /// Set when the consumer reclaimed the rest after expiry.
    pub closed_at: Option<Timestamp>,
}

impl Channel {
    /// Deposit not yet redeemed (held for the channel while it is open).
    pub fn balance(&self) -> Uint128 {
        self.deposit.saturating_sub(self.redeemed)
    }
}

pub use crate::signing::SignMode;
