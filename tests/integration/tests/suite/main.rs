//! The integration tests of the InferMesh suite, as one test binary: one link of the whole suite
//! instead of one per file.

mod bill_escrow_adversarial;
mod bill_escrow_flows;
mod bill_escrow_props;
mod invariants_token_vesting;
mod reputation_flows;
mod reputation_props;
mod staking_flows;
mod staking_props;
mod token;
mod vesting;
