use cosmwasm_std::{Addr, Timestamp, Uint128};

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum ReputationError {
        #[error("{sender} is not the bill escrow {escrow}; only it reports outcomes")]
        NotEscrow { sender: Addr, escrow: Addr },

        #[error("{operator} is not an operator registered in staking")]
        UnknownOperator { operator: String },

        #[error("the escrow's report of {operator} counts no job")]
        EmptyBatch { operator: String },

        #[error("bill {bill_id} is unknown: the escrow has no such bill")]
        BillNotFound { bill_id: u64 },

        #[error("bill {bill_id} was neither settled nor refunded at the provider's fault and cannot be rated")]
        BillNotSettled { bill_id: u64 },

        #[error("{sender} is not the consumer of bill {bill_id}")]
        NotBillConsumer { sender: Addr, bill_id: u64 },

        #[error("bill {bill_id} was already rated {stars} stars")]
        AlreadyRated { bill_id: u64, stars: u8 },

        #[error("{stars} stars is outside 1-5")]
        StarsOutOfRange { stars: u8 },

        #[error("{sender} may not rate its own bill")]
        SelfRating { sender: Addr },

        #[error("{sender} may not attest to itself")]
        SelfAttestation { sender: Addr },

        #[error("{sender} is not an active validator registered in staking")]
        NotAValidator { sender: Addr },

        #[error(
            "validator {validator} self-bonds {self_bond}, below the lowest tier: it cannot attest"
        )]
        ValidatorNotBonded { validator: Addr, self_bond: Uint128 },

        #[error("{validator} may attest {operator} again at {next_allowed}")]
        AttestationTooSoon {
            validator: Addr,
            operator: Addr,
            next_allowed: Timestamp,
        },

        #[error("accuracy {accuracy} is outside 0-100")]
        AccuracyOutOfRange { accuracy: u8 },

        #[error(
            "attester set of {operator} is full; a newcomer needs at least the lightest stake {min_stake}, has {stake}"
        )]
        AttesterSetFull {
            operator: Addr,
            stake: Uint128,
            min_stake: Uint128,
        },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },
    }
}

pub type ReputationResult<T> = Result<T, ReputationError>;
