use cosmwasm_std::{Addr, Timestamp, Uint128};
use infermesh_types::distributor::RewardRole;

infermesh_kit::contract_error! {
    /// Every way the distributor refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum DistributorError {
        #[error("{sender} does not report the work of {role:?}")]
        NotReporter { sender: Addr, role: RewardRole },

        #[error("{role:?} is not a points role: it earns by work reports or by stake")]
        NotAPointsRole { role: RewardRole },

        #[error("{role:?} is not a work role: it earns by points or by stake")]
        NotAWorkRole { role: RewardRole },

        #[error("{sender} is not the staking contract of this distributor")]
        NotStaking { sender: Addr },

        #[error("no staking contract is set: the stake roles have no members")]
        NoStaking {},

        #[error("{count} operators in one message, more than {max}")]
        TooManyOperators { count: usize, max: usize },

        #[error("none of the operators' pools has stake rewards to push")]
        NothingToPush {},

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
