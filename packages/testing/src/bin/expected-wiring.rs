//! Prints, as JSON, the config each contract of a chain deployment must hold: the wiring the Rust
//! suite builds ([`infermesh_testing::expected_wiring`]) for the deployment's addresses.
//! scripts/chain-tests/05-wiring.sh compares it with what the deployed contracts answer.
//!
//! usage: expected-wiring <deployments/CHAIN.json> <LOCALNET_HOME/addresses.json>
//!   the first is the record scripts/deploy.sh writes (`admin`, `contracts`); the second maps
//!   key names to addresses (written by scripts/localnet.sh).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::process::ExitCode;

use cosmwasm_std::{from_json, to_json_string, Addr};
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
    let contract = |name: &str| {
        record
            .contracts
            .get(name)
            .map(Addr::unchecked)
            .ok_or_else(|| format!("{deployment_file} records no contract '{name}'"))
    };
    let deployment = Deployment {
        owner: Addr::unchecked(&record.admin),
        token: contract("token")?,
        vesting: contract("vesting")?,
        staking: contract("staking")?,
        reputation: contract("reputation")?,
        bill_escrow: contract("bill_escrow")?,
        payment_channels: contract("payment_channels")?,
    };
    let missing = RefCell::new(Vec::new());
    let wiring = expected_wiring(&deployment, |name| match accounts.get(name) {
        Some(address) => Addr::unchecked(address),
        None => {
            missing.borrow_mut().push(name.to_string());
            Addr::unchecked("")
        }
    });
    let missing = missing.into_inner();
    if !missing.is_empty() {
        return Err(format!(
            "{addresses_file} has no address for {}",
            missing.join(", ")
        ));
    }
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
