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

    #[error("invalid version {version}: expected major.minor.patch")]
    InvalidVersion { version: String },

    #[error(
        "cannot migrate from version {stored_version} to {version}: only an older version migrates"
    )]
    NotOlder {
        stored_version: String,
        version: String,
    },
}

/// A release version `major.minor.patch`: what `CARGO_PKG_VERSION` holds for every contract of
/// the suite. Parsed by hand rather than with the `semver` crate, which costs each artifact about
/// 4 KB of code for pre-release and build-metadata rules no contract here uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    pub fn parse(text: &str) -> Result<Self, MigrationError> {
        let invalid = || MigrationError::InvalidVersion {
            version: text.to_string(),
        };
        let mut parts = text.split('.').map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse::<u64>().map_err(|_| invalid())
        });
        let mut next = || parts.next().unwrap_or_else(|| Err(invalid()));
        let version = Version(next()?, next()?, next()?);
        if parts.next().is_some() {
            return Err(invalid());
        }
        Ok(version)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Accepts a migration only from an older version of the same contract, then records the new
/// version. Returns the version migrated from, for data migrations keyed on it.
pub fn migrate_version(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Version, MigrationError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != name {
        return Err(MigrationError::WrongContract {
            stored_name: stored.contract,
            name: name.to_string(),
        });
    }
    let stored_version = Version::parse(&stored.version)?;
    if stored_version >= Version::parse(version)? {
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
    fn versions_compare_numerically_and_bad_ones_are_refused() {
        assert!(Version::parse("0.10.0").unwrap() > Version::parse("0.9.12").unwrap());
        assert_eq!(Version::parse("1.2.3").unwrap().to_string(), "1.2.3");
        for bad in ["1.2", "1.2.3.4", "1.x.3", "", "1..3", "1.2.3-rc1", "+1.2.3"] {
            assert_eq!(
                Version::parse(bad),
                Err(MigrationError::InvalidVersion {
                    version: bad.to_string()
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
