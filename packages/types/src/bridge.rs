//! The IBC bridge (docs/bridge.md): its messages, parameters, and the ICS-20 packet and
//! acknowledgement as they cross the wire.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};
use serde::{Deserialize, Serialize};

use infermesh_kit::validate::in_range;
use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

use crate::common::DAY_SECONDS;

/// The only channel version the bridge speaks: ICS-20 fungible token transfer.
pub const ICS20_VERSION: &str = "ics20-1";
/// How the home token is named in a packet: `cw20:<token address>`.
pub const CW20_DENOM_PREFIX: &str = "cw20:";
/// ibc-go's limit on a transfer's memo (`MaximumMemoLength`).
pub const MAX_MEMO_BYTES: usize = 32_768;
/// The longest receiver the bridge sends to. ibc-go accepts 2,048 bytes, but the Go relayer skips
/// (never relays) ICS-20 packets whose receiver is longer than 150 bytes, which would leave the
/// transfer to time out; every chain's bech32 address is far shorter.
pub const MAX_RECEIVER_BYTES: usize = 150;
/// The longest a received packet's receiver may be (ibc-go's `MaximumReceiverLength`): longer is
/// an error acknowledgement before any address parsing.
pub const MAX_INCOMING_RECEIVER_BYTES: usize = 2_048;
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 600;
pub const DEFAULT_MAX_TIMEOUT_SECONDS: u64 = 7 * DAY_SECONDS;
/// No timeout beyond 30 days: a packet that can neither arrive nor time out for longer holds its
/// sender's tokens as long.
pub const MAX_MAX_TIMEOUT_SECONDS: u64 = 30 * DAY_SECONDS;
/// Wrapped tokens' name and symbol bounds (cw20-base's).
pub const WRAPPED_NAME_BYTES: (usize, usize) = (3, 50);
pub const WRAPPED_SYMBOL_BYTES: (usize, usize) = (3, 12);

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    pub mode: Mode,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

/// What the bridge does with the token it carries.
#[cw_serde]
pub enum Mode {
    /// The token's own chain: sending escrows the cw20, a packet coming back releases it.
    Home { token: String },
    /// Another CosmWasm chain: receiving `home_denom` mints a wrapped cw20 per channel (the bridge
    /// instantiates it and alone may mint), sending burns it.
    Remote {
        /// The denom home bridges send: `cw20:<token address on the home chain>`.
        home_denom: String,
        /// Code id of a cw20-base contract on this chain.
        wrapped_code_id: u64,
        wrapped_name: String,
        wrapped_symbol: String,
        wrapped_decimals: u8,
    },
}

/// Parameters the owner (the DAO) may change, within the parameter guard.
#[cw_serde]
pub struct Params {
    /// Timeout of a transfer that names none.
    pub default_timeout_seconds: u64,
    /// Longest timeout a sender may ask for.
    pub max_timeout_seconds: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            default_timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            max_timeout_seconds: DEFAULT_MAX_TIMEOUT_SECONDS,
        }
    }
}

impl Params {
    pub fn validate(&self) -> Result<(), ValidationError> {
        in_range(
            "max_timeout_seconds",
            self.max_timeout_seconds,
            1,
            MAX_MAX_TIMEOUT_SECONDS,
        )?;
        in_range(
            "default_timeout_seconds",
            self.default_timeout_seconds,
            1,
            self.max_timeout_seconds,
        )
    }
}

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        out.num("default_timeout_seconds", self.default_timeout_seconds);
        out.num("max_timeout_seconds", self.max_timeout_seconds);
    }
}

/// At most `max_flow` base units leave (sends) and at most as many arrive (receives) through a
/// channel in each period of `period_seconds` (periods start at multiples of it).
#[cw_serde]
#[derive(Copy)]
pub struct RateLimit {
    pub max_flow: Uint128,
    pub period_seconds: u64,
}

impl RateLimit {
    pub fn validate(&self) -> Result<(), ValidationError> {
        in_range("max_flow", self.max_flow, Uint128::one(), Uint128::MAX)?;
        in_range("period_seconds", self.period_seconds, 1, 365 * DAY_SECONDS)
    }
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20 hook (home: the token; remote: a wrapped token of this bridge); the payload is a
    /// [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Owner: one channel may open with `port_id` over `connection_id`, with `rate_limit`; the
    /// allowance is used up when that channel opens (docs/bridge.md §2).
    AllowCounterparty {
        connection_id: String,
        port_id: String,
        rate_limit: RateLimit,
    },
    /// Owner: withdraws an unused allowance (open channels stay; `UpdateChannel` disables them).
    RemoveCounterparty {
        connection_id: String,
        port_id: String,
    },
    /// Owner: a channel's rate limit, or whether it takes new transfers and receipts.
    UpdateChannel {
        channel_id: String,
        rate_limit: Option<RateLimit>,
        enabled: Option<bool>,
    },
    /// Owner: moves what a closed channel holds to an open channel to the same counterparty
    /// (docs/bridge.md §6): home, its escrow; remote, its wrapped token and supply.
    RemapChannel { from: String, to: String },
    /// Owner, on a closed channel only: settles a packet the channel's close left without an
    /// acknowledgement or a timeout (docs/bridge.md §6): `refund` pays its sender back as an
    /// error acknowledgement would; otherwise it counts as delivered.
    ResolveInFlight {
        channel_id: String,
        sequence: u64,
        refund: bool,
    },
    /// Guardian or owner: stops new transfers and receipts (refunds go on).
    Pause {},
    /// Owner only.
    Unpause {},
    /// Owner only, within the parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateParams { params: Params },
    /// Owner only, outside the guard; the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams { params: Params },
    /// Owner only.
    UpdateGuardian { guardian: Option<String> },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// Sends the received tokens over `channel_id` to `receiver` on the other chain.
    Transfer(TransferMsg),
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct TransferMsg {
    pub channel_id: String,
    pub receiver: String,
    /// Seconds from now; [`Params::default_timeout_seconds`] when absent.
    pub timeout_seconds: Option<u64>,
    pub memo: Option<String>,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(ChannelResponse)]
    Channel { channel_id: String },
    #[returns(ChannelsResponse)]
    Channels {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The allowlist in (connection id, port id) order after `start_after`.
    #[returns(CounterpartiesResponse)]
    Counterparties {
        start_after: Option<(String, String)>,
        limit: Option<u32>,
    },
    /// A sent packet not yet acknowledged or timed out.
    #[returns(Option<InFlight>)]
    InFlight { channel_id: String, sequence: u64 },
}

#[cw_serde]
pub struct ConfigResponse {
    pub mode: ModeResponse,
    pub guardian: Option<Addr>,
    pub paused: bool,
}

#[cw_serde]
pub enum ModeResponse {
    Home {
        token: Addr,
        denom: String,
    },
    Remote {
        home_denom: String,
        wrapped_code_id: u64,
        wrapped_name: String,
        wrapped_symbol: String,
        wrapped_decimals: u8,
    },
}

#[cw_serde]
pub struct ChannelResponse {
    pub channel_id: String,
    pub connection_id: String,
    pub counterparty_port_id: String,
    pub counterparty_channel_id: String,
    /// False once the channel closed.
    pub open: bool,
    /// The owner's switch: a disabled channel takes no new transfers or receipts.
    pub enabled: bool,
    /// Home: tokens escrowed for the channel; remote: wrapped tokens in circulation for it.
    pub outstanding: Uint128,
    /// Remote: the channel's wrapped cw20, once the first receipt created it.
    pub wrapped: Option<Addr>,
    /// Sent packets awaiting their acknowledgement or timeout.
    pub in_flight: u32,
    pub rate_limit: RateLimit,
    /// Start of the current rate-limit period and what has flowed in it.
    pub period_start: Timestamp,
    pub outflow: Uint128,
    pub inflow: Uint128,
}

#[cw_serde]
pub struct ChannelsResponse {
    pub channels: Vec<ChannelResponse>,
}

#[cw_serde]
pub struct Counterparty {
    pub connection_id: String,
    pub port_id: String,
    pub rate_limit: RateLimit,
}

#[cw_serde]
pub struct CounterpartiesResponse {
    pub counterparties: Vec<Counterparty>,
}

#[cw_serde]
pub struct InFlight {
    pub sender: Addr,
    pub amount: Uint128,
    /// The rate-limit period the send was counted in: a refund in the same period gives the
    /// amount back to the channel's outflow.
    pub period_start: Timestamp,
}

/// ICS-20 `FungibleTokenPacketData`, field for field and in ibc-go's order; ibc-go rejects
/// unknown fields and omits an empty memo, and so does the bridge.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Ics20Packet {
    pub denom: String,
    /// A decimal string of digits (ibc-go's big integer), not a JSON number.
    pub amount: Uint128,
    pub sender: String,
    pub receiver: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}

/// The ICS-20 acknowledgement: `{"result":"AQ=="}` (the byte 0x01) or `{"error":"..."}`.
/// ibc-go's transfer module compares an acknowledgement's bytes with its own encoding, so these
/// are the exact bytes it writes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Ics20Ack {
    Result(Binary),
    Error(String),
}

impl Ics20Ack {
    pub fn success() -> Self {
        Ics20Ack::Result(Binary::from(vec![1u8]))
    }

    pub fn is_success(&self) -> bool {
        matches!(self, Ics20Ack::Result(_))
    }
}
