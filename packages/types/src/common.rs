//! Conventions every contract shares: pagination, ownership, migration.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, StdError, StdResult, Storage, WasmMsg};
use serde::Serialize;
use thiserror::Error;

pub use cw_ownable::{Action as OwnershipAction, Ownership};

/// Page size when a list query gives no limit.
pub const DEFAULT_PAGE_LIMIT: u32 = 10;
/// Largest page any list query returns, whatever the caller asks for.
pub const MAX_PAGE_LIMIT: u32 = 30;

/// Clamps a caller's page size to the suite-wide bounds.
pub fn page_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_PAGE_LIMIT).min(MAX_PAGE_LIMIT) as usize
}

/// A `WasmMsg::Execute` of `msg` on `contract`, without funds: how every typed client calls its contract.
pub fn execute_msg<T: Serialize>(contract: &Addr, msg: &T) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Every contract migrates with an empty message; data migrations are keyed on the stored cw2 version.
#[cw_serde]
pub struct MigrateMsg {}

/// Seconds in a day; block time is seconds since the epoch, so durations count calendar-free days.
pub const DAY_SECONDS: u64 = 24 * 60 * 60;
/// 365 days.
pub const YEAR_SECONDS: u64 = 365 * DAY_SECONDS;

/// Basis points in one whole (100%).
pub const BPS_DENOMINATOR: u16 = 10_000;

#[derive(Error, Debug, PartialEq)]
pub enum MigrationError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("cannot migrate {stored_name} to {name}: different contract")]
    WrongContract { stored_name: String, name: String },

    #[error(
        "cannot migrate from version {stored_version} to {version}: only an older version migrates"
    )]
    NotOlder {
        stored_version: String,
        version: String,
    },
}

/// Accepts a migration only from an older version of the same contract, then records the new
/// version. Returns the version migrated from, for data migrations keyed on it.
pub fn migrate_version(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<semver::Version, MigrationError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != name {
        return Err(MigrationError::WrongContract {
            stored_name: stored.contract,
            name: name.to_string(),
        });
    }
    let parse = |v: &str| {
        v.parse::<semver::Version>()
            .map_err(|e| StdError::generic_err(format!("invalid version {v}: {e}")))
    };
    let stored_version = parse(&stored.version)?;
    if stored_version >= parse(version)? {
        return Err(MigrationError::NotOlder {
            stored_version: stored.version,
            version: version.to_string(),
        });
    }
    cw2::set_contract_version(storage, name, version)?;
    Ok(stored_version)
}
