use cosmwasm_std::{Addr, Timestamp, Uint128};
use infermesh_types::staking::OperatorError;

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum PaymentChannelsError {
        #[error("{0}")]
        Operator(#[from] OperatorError),

        #[error("{0}")]
        Credit(#[from] infermesh_kit::CreditError),

        #[error("{0}")]
        Signature(#[from] infermesh_kit::SignatureError),

        #[error("{address} cannot deal with itself")]
        SelfDealing { address: Addr },

        #[error("public key must be a {expected}-byte compressed secp256k1 key")]
        InvalidPubkey { expected: usize },

        #[error("the public key belongs to {derived}, not to {sender}")]
        PubkeyMismatch { derived: Addr, sender: Addr },

        #[error("expiry {expires_at} must lie after now and by {latest}")]
        InvalidExpiry {
            expires_at: Timestamp,
            latest: Timestamp,
        },

        #[error("channel {channel_id} does not exist")]
        ChannelNotFound { channel_id: u64 },

        #[error("channel {channel_id} is closed")]
        ChannelClosed { channel_id: u64 },

        #[error("channel {channel_id} expired at {expires_at}")]
        ChannelExpired {
            channel_id: u64,
            expires_at: Timestamp,
        },

        #[error("channel {channel_id} runs until {expires_at}")]
        ChannelNotExpired {
            channel_id: u64,
            expires_at: Timestamp,
        },

        #[error("{sender} is not the provider of channel {channel_id}")]
        NotChannelProvider { sender: Addr, channel_id: u64 },

        #[error("{sender} is not the consumer of channel {channel_id}")]
        NotChannelConsumer { sender: Addr, channel_id: u64 },

        #[error("voucher amount {amount} is above the deposit {deposit}")]
        AmountAboveDeposit { amount: Uint128, deposit: Uint128 },

        #[error("voucher nonce {nonce} is not above the last redeemed nonce {last}")]
        NonceNotIncreasing { nonce: u64, last: u64 },

        #[error("voucher amount {amount} is not above the redeemed {redeemed}")]
        NothingToRedeem { amount: Uint128, redeemed: Uint128 },

        #[error("voucher signature is not valid for channel {channel_id}")]
        InvalidSignature { channel_id: u64 },
        #[error("{provider} has no redeemed work waiting to be reported")]
        NothingToReport { provider: Addr },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },
    }
}

pub type PaymentChannelsResult<T> = Result<T, PaymentChannelsError>;
