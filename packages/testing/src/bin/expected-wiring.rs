//! Prints, as JSON, the config each contract of a chain deployment must hold: the wiring the Rust
//! suite builds ([`infermesh_testing::expected_wiring`]) for the deployment's addresses.
//! scripts/chain-tests/05-wiring.sh compares it with what the deployed contracts answer.
//!
//! usage: expected-wiring <deployments/CHAIN.json> <LOCALNET_HOME/addresses.json>
//!   the first is the record scripts/deploy.sh writes (`admin`, `contracts`); the second maps
//!   key names to addresses (written by scripts/localnet.sh).

use std::collections::BTreeMap;
use std::process::ExitCode;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{from_json, to_json_string, Addr, Api};
use infermesh_testing::{expected_wiring, Deployment};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The part of deployments/<chain-id>.json the wiring needs.
#[derive(Deserialize)]
struct Record {
    admin: String,
    contracts: BTreeMap<String, String>,
}

fn read<T: DeserializeOwned>(path: &str) -> Result<T, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    from_json(bytes).map_err(|e| format!("{path}: {e}"))
}

fn run(args: &[String]) -> Result<String, String> {
    let [deployment_file, addresses_file] = args else {
        return Err(
            "usage: expected-wiring <deployments/CHAIN.json> <LOCALNET_HOME/addresses.json>".into(),
        );
    };
    let record: Record = read(deployment_file)?;
    let accounts: BTreeMap<String, String> = read(addresses_file)?;
    // Every address read is validated as bech32 of the chain's prefix (the admin's), so a
    // mangled deployment record fails here rather than as a puzzling config mismatch.
    let prefix = record
        .admin
        .split_once('1')
        .map(|(prefix, _)| prefix.to_string())
        .ok_or_else(|| format!("{deployment_file}: admin {} is not bech32", record.admin))?;
    let api = MockApi::default().with_prefix(Box::leak(prefix.into_boxed_str()));
    let valid = |address: &str| -> Result<Addr, String> {
        api.addr_validate(address)
            .map_err(|e| format!("{address} is not an address of this chain: {e}"))
    };
    let contract = |name: &str| {
        record
            .contracts
            .get(name)
            .ok_or_else(|| format!("{deployment_file} records no contract '{name}'"))
            .and_then(|address| valid(address))
    };
    let deployment = Deployment {
        owner: valid(&record.admin)?,
        token: contract("token")?,
        vesting: contract("vesting")?,
        staking: contract("staking")?,
        reputation: contract("reputation")?,
        bill_escrow: contract("bill_escrow")?,
        payment_channels: contract("payment_channels")?,
        distributor: record
            .contracts
            .get("distributor")
            .map(|address| valid(address))
            .transpose()?,
        council: record
            .contracts
            .get("council")
            .map(|address| valid(address))
            .transpose()?,
        dao: record
            .contracts
            .get("dao")
            .map(|address| valid(address))
            .transpose()?,
        bridge: record
            .contracts
            .get("bridge")
            .map(|address| valid(address))
            .transpose()?,
        // deploy.sh deploys the DAO at the genesis address of the community treasury.
        community_treasury: contract("dao")?,
    };
    let wiring = expected_wiring(&deployment, |name| {
        accounts
            .get(name)
            .ok_or_else(|| format!("{addresses_file} has no address for {name}"))
            .and_then(|address| valid(address))
    })?;
    to_json_string(&wiring).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("expected-wiring: {error}");
            ExitCode::FAILURE
        }
    }
}
