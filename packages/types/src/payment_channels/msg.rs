//! The channels contract's messages and query responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use super::{Channel, Params, SignMode};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// The only cw20 accepted by `Receive`.
    pub token: String,
    /// Operator registry: providers must be active there; their tier sets the fee discount.
    pub staking: String,
    /// Receives the non-burned network fee, the treasury share and dust.
    pub treasury: String,
    /// Governance pool and work-weight hook; until set, the pool share goes to the treasury and
    /// no work is reported.
    pub distributor: Option<String>,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// The channel's provider: redeems a cumulative voucher signed by the consumer.
    Redeem(Voucher),
    /// The channel's consumer, after expiry: takes back the unredeemed deposit and closes it.
    Reclaim { channel_id: u64 },
    /// Any payee (provider, treasury, governance pool): transfers its whole credit, the earnings
    /// of any number of redemptions, and what the protocol fees owe it, in one cw20 transfer,
    /// and burns the network fees pending burn. Never blocked by pause.
    Withdraw {},
    /// Anyone: reports `provider`'s redeemed work not yet reported to the distributor (it is
    /// otherwise sent with the provider's first redemption an interval after the oldest of it,
    /// docs/payment-channels.md §5). Never blocked by pause.
    ReportWork { provider: String },
    /// Guardian or owner: stops new channels and top-ups.
    Pause {},
    /// Owner only.
    Unpause {},
    /// Owner only, within the parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateParams { params: Params },
    /// Owner only: an emergency parameter adjustment, outside the parameter guard's 20 % a
    /// quarter (infermesh_kit::guard); the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams { params: Params },
    /// Owner only.
    UpdateConfig(ConfigUpdate),
}

/// A voucher as the provider submits it ([`ExecuteMsg::Redeem`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Voucher {
    pub channel_id: u64,
    pub cumulative_amount: Uint128,
    pub nonce: u64,
    /// 64-byte compact secp256k1 signature.
    pub signature: Binary,
    pub sign_mode: SignMode,
}

/// Each given field replaces the stored address ([`ExecuteMsg::UpdateConfig`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ConfigUpdate {
    pub staking: Option<String>,
    pub treasury: Option<String>,
    pub distributor: Option<String>,
    pub guardian: Option<String>,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// The cw20 sender opens a channel.
    OpenChannel(OpenChannel),
    /// The channel's consumer adds to its deposit (before expiry).
    TopUp { channel_id: u64 },
}

/// A consumer's channel to `provider` ([`ReceiveMsg::OpenChannel`]); `pubkey` (33-byte
/// compressed secp256k1) must be the key of the sender's address.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct OpenChannel {
    pub provider: String,
    pub pubkey: Binary,
    pub expires_at: Timestamp,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(TotalsResponse)]
    Totals {},
    #[returns(Channel)]
    Channel { channel_id: u64 },
    /// What `address` may withdraw: its credit, plus what the protocol fees owe it when it is
    /// the treasury or the governance pool.
    #[returns(Uint128)]
    Credit { address: String },
    /// Channels in id order after `start_after`: all of them, or only those that `filter` selects.
    #[returns(ChannelsResponse)]
    Channels {
        filter: Option<ChannelFilter>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The exact bytes whose sha256 the consumer signs for this voucher on this chain.
    #[returns(Binary)]
    VoucherSignBytes {
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
        sign_mode: SignMode,
    },
}

/// Which channels a [`QueryMsg::Channels`] lists.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ChannelFilter {
    Consumer(String),
    Provider(String),
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub staking: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub guardian: Option<Addr>,
    pub paused: bool,
}

/// What the contract owes, kept without iteration (docs/invariants.md §2): it holds at least
/// `channel_balances + credits + treasury_fees + pool_fees + burn_pending`.
#[cw_serde]
#[derive(Default)]
pub struct TotalsResponse {
    /// Unredeemed deposits of open channels.
    pub channel_balances: Uint128,
    /// Redeemed and credited to payees (providers; the treasury and pool after a change of
    /// either), not yet withdrawn.
    pub credits: Uint128,
    pub channels_opened: u64,
    /// Every network fee assigned to burning, ever: what was burned plus `burn_pending`.
    pub fees_burned: Uint128,
    /// Paid to providers, ever.
    pub paid_to_providers: Uint128,
    /// Redemptions' treasury share and non-burned fee, not yet withdrawn by the treasury.
    pub treasury_fees: Uint128,
    /// Redemptions' governance share, not yet withdrawn by the governance pool (the
    /// distributor, or the treasury while none is set).
    pub pool_fees: Uint128,
    /// Network fees to burn, burned with the next withdrawal by any payee.
    pub burn_pending: Uint128,
}

#[cw_serde]
pub struct ChannelsResponse {
    pub channels: Vec<Channel>,
}
