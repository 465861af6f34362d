use cosmwasm_std::{Addr, Timestamp, Uint128};
use infermesh_types::distributor::RewardRole;

infermesh_kit::contract_error! {
    /// Every way the distributor refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum DistributorError {
        #[error("{sender} does not report the work of {role:?}")]
        NotReporter { sender: Addr, role: RewardRole },

        #[error("{role:?} earns by work reports, not points")]
        NotAPointsRole { role: RewardRole },

        #[error("{role:?} earns by points, not work reports")]
        NotAWorkRole { role: RewardRole },

        #[error("a report needs at least one entry with weight")]
        EmptyReport {},

        #[error("{member} has nothing to claim")]
        NothingToClaim { member: Addr },

        #[error("{member} has no unclaimed rewards in {role:?}")]
        NothingToBurn { member: Addr, role: RewardRole },

        #[error("the rewards of {member} in {role:?} may be burned from {expires_at}")]
        RewardsNotExpired {
            member: Addr,
            role: RewardRole,
            expires_at: Timestamp,
        },

        #[error("the contract holds {balance}, less than the genesis funding {genesis} it was told of")]
        GenesisNotFunded { balance: Uint128, genesis: Uint128 },

        #[error("{address} is not a reporter of this distributor, so not a source of its fees")]
        NotAFeeSource { address: Addr },

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },

        #[error("epoch_seconds {epoch_seconds} is below the minimum {min}")]
        EpochTooShort { epoch_seconds: u64, min: u64 },
    }
}

pub type DistributorResult<T> = Result<T, DistributorError>;
