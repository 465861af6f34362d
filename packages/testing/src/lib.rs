//! The multi-contract test suite: deploys the whole InferMesh suite on cw-multi-test with real
//! bech32 addresses, and drives it through typed helpers. Each contract issue extends [`Suite`].

mod contracts;
mod suite;

pub use contracts::{receiver_contract, token_contract, vesting_contract};
pub use cw_multi_test::{AppResponse, Executor};
pub use suite::{Suite, SuiteBuilder, GENESIS_HOLDERS};
