//! The rows of the adversarial checklist (docs/adversarial.md) the home bridge walks on the
//! suite's chain, which its own mocks cannot: two-step ownership, native funds, migration and
//! the wasm admin. Its packets, channels and transfers are walked with cosmwasm's IBC mocks in
//! contracts/bridge/src/tests/adversarial.rs.

use infermesh_bridge::BridgeError;
use infermesh_testing::Suite;
use infermesh_types::bridge::ExecuteMsg;

use crate::rows::{
    x10_migration_only_from_an_older_version, x14_no_panics_in_the_contract_source,
    x15_only_the_dao_is_wasm_admin, x2_ownership_is_two_step, x7_nonpayable,
};

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    x2_ownership_is_two_step::<BridgeError>(&mut suite, &bridge);
}

#[test]
fn x7_native_funds_are_refused() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    x7_nonpayable::<BridgeError, _>(&mut suite, &bridge, &ExecuteMsg::Pause {});
}

#[test]
fn x10_migration_only_from_an_older_bridge() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    x10_migration_only_from_an_older_version::<BridgeError>(
        &mut suite,
        &bridge,
        infermesh_bridge::contract::CONTRACT_NAME,
    );
}

#[test]
fn x14_no_panics_in_the_bridge() {
    x14_no_panics_in_the_contract_source("bridge");
}

#[test]
fn x15_only_the_dao_migrates_the_bridge() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    x15_only_the_dao_is_wasm_admin(&mut suite, &bridge);
}
