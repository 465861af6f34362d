use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use infermesh_types::bill_escrow::{BillStatus, ModelClass};
use infermesh_types::staking::{OperatorError, SlashClass, Tier};

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum BillEscrowError {
        #[error("invalid parameters: {reason}")]
        InvalidParams { reason: String },

        #[error("{0}")]
        Operator(#[from] OperatorError),

        #[error("provider {provider} has tier {tier:?}; {model_class:?} models need {required:?}")]
        TierTooLow {
            provider: Addr,
            model_class: ModelClass,
            tier: Option<Tier>,
            required: Option<Tier>,
        },

        #[error("provider {provider} may not serve exclusive models")]
        NotExclusive { provider: Addr },

        #[error("provider {provider} scores {score}; the consumer requires {minimum}")]
        ReputationTooLow {
            provider: Addr,
            score: u16,
            minimum: u16,
        },

        #[error("minimum reputation {minimum} is above {max}")]
        InvalidMinReputation { minimum: u16, max: u16 },

        #[error("{address} cannot deal with itself")]
        SelfDealing { address: Addr },

        #[error("deadline {deadline} is not after now ({now})")]
        DeadlineInPast { deadline: Timestamp, now: Timestamp },

        #[error("deadline {deadline} is after the latest allowed {latest}")]
        DeadlineTooFar {
            deadline: Timestamp,
            latest: Timestamp,
        },

        #[error("units must be greater than zero")]
        ZeroUnits {},

        #[error("{units} units exceed the bill's maximum {max_units}")]
        UnitsAboveMax { units: Uint128, max_units: Uint128 },

        #[error("sent {sent}; {required} is needed to cover the quote and the network fee")]
        InsufficientEscrow { sent: Uint128, required: Uint128 },

        #[error("bill {bill_id} does not exist")]
        BillNotFound { bill_id: u64 },

        #[error("bill {bill_id} is {status:?}; cannot {action}")]
        WrongStatus {
            bill_id: u64,
            status: BillStatus,
            action: String,
        },

        #[error("{sender} is not the provider of bill {bill_id}")]
        NotProvider { sender: Addr, bill_id: u64 },

        #[error("{sender} is not the consumer of bill {bill_id}")]
        NotConsumer { sender: Addr, bill_id: u64 },

        #[error("bill {bill_id} passed its deadline {deadline}")]
        DeadlinePassed { bill_id: u64, deadline: Timestamp },

        #[error("bill {bill_id} has until {deadline}; now is {now}")]
        DeadlineNotReached {
            bill_id: u64,
            deadline: Timestamp,
            now: Timestamp,
        },

        #[error("result hash must be 1 to {max} characters")]
        InvalidResultHash { max: usize },

        #[error("the challenge window of bill {bill_id} closed at {ended_at}")]
        ChallengeWindowClosed { bill_id: u64, ended_at: Timestamp },

        #[error("the challenge window of bill {bill_id} runs until {ends_at}")]
        ChallengeWindowOpen { bill_id: u64, ends_at: Timestamp },

        #[error("bond {bond} is below the minimum {minimum}")]
        BondTooSmall { bond: Uint128, minimum: Uint128 },

        #[error("the dispute of bill {bill_id} awaits a verdict until {until}")]
        DisputeUnresolved { bill_id: u64, until: Timestamp },

        #[error("{validator} already voted on bill {bill_id}")]
        AlreadyVoted { validator: Addr, bill_id: u64 },

        #[error("{validator} is a party of bill {bill_id}")]
        PartyCannotVote { validator: Addr, bill_id: u64 },

        #[error("{validator} held no bonded validator stake at height {height}, when the dispute of bill {bill_id} opened")]
        NoStakeAtOpening {
            validator: Addr,
            bill_id: u64,
            height: u64,
        },

        #[error("{validator} is linked to {party}, a party of bill {bill_id}, by a delegation")]
        LinkedToParty {
            validator: Addr,
            party: Addr,
            bill_id: u64,
        },

        #[error("voting on bill {bill_id} closed at {ended_at}")]
        VotingClosed { bill_id: u64, ended_at: Timestamp },

        #[error("voting on bill {bill_id} runs until {ends_at}")]
        VotingOpen { bill_id: u64, ends_at: Timestamp },

        #[error("the validators decided bill {bill_id}: finalize it")]
        ValidatorsDecided { bill_id: u64 },

        #[error("the dispute of bill {bill_id} timed out at {ended_at}: finalize it")]
        DisputeTimedOut { bill_id: u64, ended_at: Timestamp },

        #[error("gateway {gateway} self-bonds {self_bond}, below the lowest tier: it cannot take a share")]
        GatewayNotBonded { gateway: Addr, self_bond: Uint128 },

        #[error("a bill may stay slashable for {exposure_seconds} s (deadline, challenge window, dispute timeout), longer than staking's unbonding period of {unbonding_period_seconds} s")]
        ExposureOutlivesUnbonding {
            exposure_seconds: u64,
            unbonding_period_seconds: u64,
        },

        #[error("{0}")]
        Signature(#[from] infermesh_kit::SignatureError),

        #[error("{0}")]
        Credit(#[from] infermesh_kit::CreditError),

        #[error("{sender} is neither the arbiter nor the owner")]
        NotArbiter { sender: Addr },

        #[error("fraction {fraction} is outside the {class:?} range {min}..={max}")]
        InvalidSlash {
            class: SlashClass,
            fraction: Decimal,
            min: Decimal,
            max: Decimal,
        },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },

        #[error("a batch needs at least one completion")]
        EmptyBatch {},

        #[error("{len} completions exceed the batch maximum {max}")]
        BatchTooLarge { len: usize, max: usize },

        #[error("provider {provider} has no job outcomes to report")]
        NothingToReport { provider: Addr },
    }
}

pub type BillEscrowResult<T> = Result<T, BillEscrowError>;
