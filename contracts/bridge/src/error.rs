use cosmwasm_std::{Addr, IbcOrder, Uint128};

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message or a packet, with the offending values; the
    /// variants all contracts share come from the kit. A refused packet's acknowledgement carries
    /// the message.
    pub enum BridgeError {
        #[error("channel order must be unordered, not {order:?}")]
        InvalidOrder { order: IbcOrder },

        #[error("channel version must be {expected}, not {version:?}")]
        InvalidVersion { version: String, expected: String },

        #[error("port {port_id} over {connection_id} is not an allowed counterparty")]
        CounterpartyNotAllowed { connection_id: String, port_id: String },

        #[error("channel {channel_id} cannot be closed from this side: its tokens would be stranded")]
        CloseNotAllowed { channel_id: String },

        #[error("channel {channel_id} is unknown to the bridge")]
        UnknownChannel { channel_id: String },

        #[error("channel {channel_id} is closed")]
        ChannelClosed { channel_id: String },

        #[error("channel {channel_id} is disabled")]
        ChannelDisabled { channel_id: String },

        #[error("channel {channel_id} is open")]
        ChannelOpen { channel_id: String },

        #[error("channel {channel_id} still has {in_flight} packets in flight")]
        ChannelInFlight { channel_id: String, in_flight: u32 },

        #[error("channel {to} leads to {to_counterparty}, not to {from_counterparty} as channel {from}")]
        CounterpartyMismatch { from: String, from_counterparty: String, to: String, to_counterparty: String },

        #[error("no packet {sequence} of channel {channel_id} is in flight")]
        NotInFlight { channel_id: String, sequence: u64 },

        #[error("channel {channel_id} already has the wrapped token {wrapped}")]
        WrappedExists { channel_id: String, wrapped: Addr },

        #[error("cw20 {token} is not carried by this bridge")]
        UnknownToken { token: Addr },

        #[error("wrapped token {token} belongs to channel {expected}, not {channel_id}")]
        WrongChannelForToken { token: Addr, channel_id: String, expected: String },

        #[error("amount must be greater than zero")]
        ZeroAmount {},

        #[error("receiver must be 1 to {max} bytes, not {len}")]
        InvalidReceiver { len: usize, max: usize },

        #[error("memo must be at most {max} bytes, not {len}")]
        MemoTooLong { len: usize, max: usize },

        #[error("timeout must be 1 to {max} seconds, not {timeout_seconds}")]
        InvalidTimeout { timeout_seconds: u64, max: u64 },

        #[error("{direction} of {amount} on channel {channel_id} exceeds its rate limit: {used} of {max_flow} used this period")]
        RateLimited { channel_id: String, direction: String, amount: Uint128, used: Uint128, max_flow: Uint128 },

        #[error("malformed packet: {reason}")]
        MalformedPacket { reason: String },

        #[error("unknown denom {denom}: this channel carries {expected}")]
        UnknownDenom { denom: String, expected: String },

        #[error("amount {amount} is above the {outstanding} escrowed for channel {channel_id}")]
        AboveEscrow { channel_id: String, amount: Uint128, outstanding: Uint128 },

        #[error("invalid {field}: {reason}")]
        InvalidConfig { field: String, reason: String },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },

        #[error("the packet's send response carries no sequence")]
        NoSequence {},
    }
}

pub type BridgeResult<T> = Result<T, BridgeError>;
