//! The multi-contract test suite: deploys the whole InferMesh suite on cw-multi-test with real
//! bech32 addresses, and drives it through typed helpers. Each contract issue extends [`Suite`].

mod bill_escrow;
mod bridge;
mod contracts;
mod council;
mod dao;
mod distributor;
pub mod gas;
mod invariants;
mod payment_channels;
mod reputation;
mod staking;
mod suite;
mod wiring;

pub use bill_escrow::{attribute, BillArgs};
pub use contracts::{
    bill_escrow_contract, bridge_contract, council_contract, dao_contract, distributor_contract,
    payment_channels_contract, receiver_contract, reputation_contract, staking_contract,
    token_contract, vesting_contract,
};
pub use cw_multi_test::{AppResponse, Executor};
pub use invariants::{check_suite_invariants, InvariantWatch, DISTRIBUTOR_DUST_PER_TRANSACTION};
pub use payment_channels::KeyAccount;
pub use suite::{
    genesis_token_msg, holder_of, AnyResult, Suite, SuiteApp, SuiteBuilder, DAO_HOLDER, DAO_SALT,
    DISTRIBUTOR_HOLDER, DISTRIBUTOR_SALT, GENESIS_HOLDERS, TOKEN_SALT,
};
pub use wiring::{
    distributor_reporters, expected_wiring, BillEscrowWiring, BridgeWiring, Deployment,
    DistributorWiring, PaymentChannelsWiring, ReputationWiring, StakingWiring, VestingWiring,
    Wiring,
};
