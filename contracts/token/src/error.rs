use cosmwasm_std::{Addr, OverflowError, StdError, Uint128};
use infermesh_kit::MigrationError;
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::VestingPlan;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum TokenError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Cw20(#[from] cw20_base::ContractError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("decimals must be {expected}, got {got}")]
    WrongDecimals { expected: u8, got: u8 },

    #[error("allocation for {category:?} appears more than once")]
    DuplicateCategory { category: AllocationCategory },

    #[error("address {address} receives more than one allocation")]
    DuplicateAddress { address: String },

    #[error("allocation for {category:?} is zero")]
    ZeroAllocation { category: AllocationCategory },

    #[error("allocation for {category:?} is missing")]
    MissingCategory { category: AllocationCategory },

    #[error("allocation for {category:?} must be {expected}, got {got}")]
    AllocationMismatch {
        category: AllocationCategory,
        expected: Uint128,
        got: Uint128,
    },

    #[error("allocation for {category:?} vests from genesis: it must go to the vesting contract {vesting}, not {address}")]
    VestedAllocationNotInVesting {
        category: AllocationCategory,
        address: Addr,
        vesting: Addr,
    },

    #[error("genesis grants may only lock the categories vested at genesis, not {plan:?}")]
    NotAGenesisPlan { plan: VestingPlan },

    #[error("genesis grants of {category:?} must total {expected}, got {got}")]
    GenesisGrantsMismatch {
        category: AllocationCategory,
        expected: Uint128,
        got: Uint128,
    },

    #[error("amount must be greater than zero")]
    ZeroAmount {},

    #[error("native funds are not accepted")]
    NativeFundsNotAccepted {},

    #[error("{0}")]
    Migration(#[from] MigrationError),
}
