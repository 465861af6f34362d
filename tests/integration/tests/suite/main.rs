//! The integration tests of the InferMesh suite, as one test binary (one link of the whole suite
//! instead of one per file). Every module drives the real contracts on cw-multi-test through
//! `infermesh_testing::Suite`; what several modules need (amounts, durations, error downcasts,
//! operator set-up, storage snapshots) is defined once in [`fixtures`].
//!
//! Per contract: `<contract>` / `<contract>_flows` are the intended paths, `<contract>_adversarial`
//! the attacks and bad inputs (each with its exact typed error), and `*_props` / `invariants_*`
//! the property tests (their proptest regression seeds sit next to them, see
//! [`fixtures::proptest_config`]).
//! [`hostile`] turns test-only hostile contracts (a fake cw20, a receiver and a hook target that
//! always fail) against every contract at once.
//!
//! Run one area with a filter, e.g. `cargo test -p infermesh-integration-tests staking_`.

mod fixtures;
mod rows;

mod invariants_token_vesting;
mod token;
mod token_adversarial;

mod vesting;
mod vesting_adversarial;

mod staking_adversarial;
mod staking_flows;
mod staking_props;

mod reputation_adversarial;
mod reputation_flows;
mod reputation_props;

mod bill_escrow_adversarial;
mod bill_escrow_flows;
mod bill_escrow_props;
mod bill_escrow_scale;

mod bridge;
mod bridge_adversarial;
mod council;
mod council_adversarial;
mod dao;
mod dao_adversarial;
mod distributor;
mod distributor_adversarial;
mod distributor_stake;
mod distributor_work;

mod hostile;
mod param_guard;
mod payment_channels_adversarial;
mod payment_channels_flows;

mod adversarial_index;
mod release_profile;
mod storage_keys;

mod whole_suite_props;
