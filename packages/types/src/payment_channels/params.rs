//! The channels contract's parameters: their defaults and bounds (docs/payment-channels.md §2).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Uint128;

use infermesh_kit::validate::in_range;
use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

use crate::bill_escrow::{
    SplitParams, DEFAULT_BASE_PRICE, DEFAULT_NETWORK_FEE_BPS, MAX_NETWORK_FEE_BPS,
};
use crate::common::{BPS_DENOMINATOR, DAY_SECONDS};

/// A channel lives at most this long by default: 1 year.
pub const DEFAULT_MAX_CHANNEL_SECONDS: u64 = 365 * DAY_SECONDS;
pub const MAX_MAX_CHANNEL_SECONDS: u64 = 2 * 365 * DAY_SECONDS;
/// A provider's redeemed work waits at most about this long before it is reported to the
/// distributor with its next redemption (anyone may report it sooner, `ReportWork`).
pub const WORK_REPORT_INTERVAL_SECONDS: u64 = 3_600;
/// A compressed secp256k1 public key.
pub const COMPRESSED_PUBKEY_LEN: usize = 33;

/// Parameters the owner (the DAO) may change. The fee and split have the bill escrow's bounds and
/// defaults, so a job costs the same through either contract.
#[cw_serde]
pub struct Params {
    /// Network fee on every redeemed amount, in basis points (half burned, half to the treasury).
    pub network_fee_bps: u16,
    /// Shares of the redeemed amount after the fee.
    pub split: SplitParams,
    /// Price of one compute unit: the work weight reported for a redemption is
    /// `amount / base_price`.
    pub base_price: Uint128,
    /// Longest a channel may live.
    pub max_channel_seconds: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            network_fee_bps: DEFAULT_NETWORK_FEE_BPS,
            split: SplitParams::default(),
            base_price: DEFAULT_BASE_PRICE,
            max_channel_seconds: DEFAULT_MAX_CHANNEL_SECONDS,
        }
    }
}

impl Params {
    /// Checks every bound above (docs/payment-channels.md §2).
    pub fn validate(&self) -> Result<(), ValidationError> {
        in_range(
            "network_fee_bps",
            self.network_fee_bps,
            0,
            MAX_NETWORK_FEE_BPS,
        )?;
        let sum = self.split.sum();
        if sum != u32::from(BPS_DENOMINATOR) {
            return Err(ValidationError::InvalidParams {
                reason: format!("split shares sum to {sum} bps; they must sum to 10000"),
            });
        }
        in_range("base_price", self.base_price, Uint128::one(), Uint128::MAX)?;
        in_range(
            "max_channel_seconds",
            self.max_channel_seconds,
            1,
            MAX_MAX_CHANNEL_SECONDS,
        )
    }
}

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        out.num("network_fee_bps", self.network_fee_bps);
        self.split.leaves(out);
        out.num("base_price", self.base_price);
        out.num("max_channel_seconds", self.max_channel_seconds);
    }
}
