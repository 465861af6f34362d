//! Unit tests of the contract against mock dependencies, one file per action (report, rate,
//! attest, refresh, query, config) and storage.rs for the stored layout; helpers.rs builds the
//! mock context and the usual world.

mod attest;
mod config;
mod helpers;
mod query;
mod rate;
mod refresh;
mod report;
mod storage;
