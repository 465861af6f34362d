use cosmwasm_std::{Addr, Timestamp, Uint128};
use infermesh_types::dao::{ProposalKind, ProposalStatus};

infermesh_kit::contract_error! {
    /// Every way the DAO refuses a message, with the offending values; the variants all
    /// contracts share come from the kit.
    pub enum DaoError {
        #[error("only the DAO itself (a proposal) may do this, not {sender}")]
        NotTheDao { sender: Addr },

        #[error("a proposal's deposit is {required}, not {sent}")]
        WrongDeposit { sent: Uint128, required: Uint128 },

        #[error("message {index} needs a proposal of kind {required:?}; the bar of a {kind:?} proposal is lower")]
        KindTooWeak {
            kind: ProposalKind,
            required: ProposalKind,
            index: usize,
        },

        #[error("message {index} may not be proposed: {reason}")]
        MessageNotAllowed { index: usize, reason: String },

        #[error("the DAO cannot lock tokens in its own vault")]
        SelfLock {},

        #[error("invalid proposal: {reason}")]
        InvalidProposal { reason: String },

        #[error("no proposal {proposal_id}")]
        NoProposal { proposal_id: u64 },

        #[error("proposal {proposal_id} is not open for votes: {status:?}")]
        VotingClosed {
            proposal_id: u64,
            status: ProposalStatus,
        },

        #[error("{voter} had no voting power at height {height}")]
        NoVotingPower { voter: Addr, height: u64 },

        #[error("proposal {proposal_id} cannot be executed: {status:?}")]
        NotExecutable {
            proposal_id: u64,
            status: ProposalStatus,
        },

        #[error("the vote on proposal {proposal_id} is not over: {status:?}")]
        VoteNotOver {
            proposal_id: u64,
            status: ProposalStatus,
        },

        #[error("the deposit of proposal {proposal_id} was already settled")]
        DepositSettled { proposal_id: u64 },

        #[error("{address} has {locked} locked, less than {requested}")]
        InsufficientLocked {
            address: Addr,
            locked: Uint128,
            requested: Uint128,
        },

        #[error("the DAO would hold {balance}, less than the {owed} it owes lockers and proposers")]
        Insolvent { balance: Uint128, owed: Uint128 },

        #[error("the contract holds {balance}, less than the genesis treasury {genesis} it was told of")]
        TreasuryNotFunded { balance: Uint128, genesis: Uint128 },

        #[error("proposal {proposal_id} is not the one being executed")]
        NotRunning { proposal_id: u64 },

        #[error("{address} has nothing unlocked")]
        NothingToWithdraw { address: Addr },

        #[error("{address}'s unlocked tokens are paid from {ready_at}")]
        UnlockPending { address: Addr, ready_at: Timestamp },

        #[error("amount must be greater than zero")]
        ZeroAmount {},

        #[error("unknown reply id {id}")]
        UnknownReply { id: u64 },
    }
}

pub type DaoResult<T> = Result<T, DaoError>;
