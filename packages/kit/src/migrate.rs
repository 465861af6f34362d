//! Migration: only from an older version of the same contract (docs/rules.md).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Response, StdError, Storage};
use thiserror::Error;

/// Every contract migrates with an empty message; data migrations are keyed on the stored cw2 version.
#[cw_serde]
pub struct MigrateMsg {}

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

/// The whole `migrate` entry point of a contract without data migrations.
pub fn migrate(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, MigrationError> {
    let from = migrate_version(storage, name, version)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    const NAME: &str = "crates.io:infermesh-example";

    #[test]
    fn older_version_migrates() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, NAME, "0.1.0").unwrap();
        let response = migrate(&mut storage, NAME, "0.2.0").unwrap();
        assert_eq!(response.attributes[1].value, "0.1.0");
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.2.0"
        );
    }

    #[test]
    fn same_or_newer_version_is_refused() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, NAME, "0.2.0").unwrap();
        for version in ["0.2.0", "0.1.9"] {
            assert_eq!(
                migrate(&mut storage, NAME, version),
                Err(MigrationError::NotOlder {
                    stored_version: "0.2.0".into(),
                    version: version.into()
                })
            );
        }
    }

    #[test]
    fn other_contract_is_refused() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, "crates.io:cw20-base", "0.1.0").unwrap();
        assert_eq!(
            migrate(&mut storage, NAME, "0.2.0"),
            Err(MigrationError::WrongContract {
                stored_name: "crates.io:cw20-base".into(),
                name: NAME.into()
            })
        );
    }
}
