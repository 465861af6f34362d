use cosmwasm_std::{Addr, Timestamp, Uint128};
use infermesh_types::vesting::VestingPlan;

infermesh_kit::contract_error! {
    /// Every way this contract refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum VestingError {
        #[error("{sender} is not an allowed grant funder for {plan:?} grants")]
        NotAFunder { sender: Addr, plan: VestingPlan },

        #[error("grant amount must be greater than zero")]
        ZeroAmount {},

        #[error("grant start {start} is before the earliest allowed start {earliest}")]
        StartTooEarly {
            start: Timestamp,
            earliest: Timestamp,
        },

        #[error("funder {address} is listed more than once for {plan:?}")]
        DuplicateFunder { address: Addr, plan: VestingPlan },

        #[error("grant {grant_id} does not exist")]
        GrantNotFound { grant_id: u64 },

        #[error("{sender} is not the beneficiary of grant {grant_id}")]
        NotBeneficiary { sender: Addr, grant_id: u64 },

        #[error("grant {grant_id} has nothing to claim at {now}")]
        NothingToClaim { grant_id: u64, now: Timestamp },

        #[error("grant {grant_id} ({plan}) is not revocable")]
        NotRevocable { grant_id: u64, plan: String },

        #[error("grant {grant_id} was already revoked at {revoked_at}")]
        AlreadyRevoked {
            grant_id: u64,
            revoked_at: Timestamp,
        },

        #[error("grant {grant_id} is fully vested; nothing to revoke")]
        NothingToRevoke { grant_id: u64 },

        #[error("genesis grants total {granted}, but the contract holds {balance} of the token")]
        GenesisBalanceMismatch { granted: Uint128, balance: Uint128 },
    }
}

pub type VestingResult<T> = Result<T, VestingError>;
