use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use infermesh_types::staking::SlashClass;

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum StakingError {
        #[error("amount must be greater than zero")]
        ZeroAmount {},

        #[error("{amount} is too small to buy a share of the pool")]
        AmountTooSmall { amount: Uint128 },

        #[error("{operator} is already a registered operator")]
        AlreadyRegistered { operator: Addr },

        #[error("{operator} is not a registered operator")]
        OperatorNotFound { operator: Addr },

        #[error("operator {operator} is jailed until {until}")]
        OperatorJailed { operator: Addr, until: Timestamp },

        #[error("operator {operator} is banned")]
        OperatorBanned { operator: Addr },

        #[error("invalid operator metadata: {reason}")]
        InvalidMetadata { reason: String },

        #[error("commission rate {rate} is above the maximum {max}")]
        CommissionAboveMax { rate: Decimal, max: Decimal },

        #[error("commission change from {current} to {requested} exceeds {max_change} per update")]
        CommissionChangeTooFast {
            current: Decimal,
            requested: Decimal,
            max_change: Decimal,
        },

        #[error("commission may change again at {next_allowed}")]
        CommissionChangeTooSoon { next_allowed: Timestamp },

        #[error("{delegator} has no delegation to {operator}")]
        NoDelegation { delegator: Addr, operator: Addr },

        #[error("cannot unbond {requested}; only {available} is bonded")]
        InsufficientStake {
            requested: Uint128,
            available: Uint128,
        },

        #[error("unbonding queue is full: at most {max} entries")]
        TooManyUnbondingEntries { max: u32 },

        #[error("an address may delegate to at most {max} operators")]
        TooManyDelegations { max: usize },

        #[error("stake is locked until {until}")]
        StakeLocked { until: Timestamp },

        #[error("nothing has finished unbonding")]
        NothingToWithdraw {},

        #[error("no rewards to claim")]
        NothingToClaim {},

        #[error("operator {operator} has no bonded shares to reward")]
        NoStakeToReward { operator: Addr },

        #[error("{sender} is not an authorised slasher")]
        NotASlasher { sender: Addr },

        #[error("{sender} is not an authorised jailer")]
        NotAJailer { sender: Addr },

        #[error("fraction {fraction} is outside the {class:?} range {min}..={max}")]
        FractionOutOfRange {
            class: SlashClass,
            fraction: Decimal,
            min: Decimal,
            max: Decimal,
        },

        #[error("evidence {evidence_id} has already been used")]
        EvidenceAlreadyUsed { evidence_id: String },

        #[error("evidence id {evidence_id:?} must be 1 to {max} characters")]
        InvalidEvidenceId { evidence_id: String, max: usize },

        #[error("infraction time {infraction_time} is after now ({now})")]
        InfractionInFuture {
            infraction_time: Timestamp,
            now: Timestamp,
        },

        #[error("operator {operator} is not jailed")]
        NotJailed { operator: Addr },

        #[error("operator {operator} stays jailed until {until}")]
        StillJailed { operator: Addr, until: Timestamp },

        #[error("jail of {duration_seconds}s is outside 1..={max}s")]
        InvalidJailDuration { duration_seconds: u64, max: u64 },

        #[error("jail reason must be at most {max} characters")]
        ReasonTooLong { max: usize },

        #[error("lock of {duration_seconds}s is outside 1..={max}s")]
        InvalidLockDuration { duration_seconds: u64, max: u64 },

        #[error("lock until {current} cannot be shortened to {requested}")]
        LockCannotBeShortened {
            current: Timestamp,
            requested: Timestamp,
        },

        #[error("invalid params: {reason}")]
        InvalidParams { reason: String },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },
    }
}

pub type StakingResult<T> = Result<T, StakingError>;
