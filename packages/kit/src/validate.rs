//! Input validation with one error type: every message field that names addresses or bounded
//! numbers is checked here, and the error names the field and the offending value.

use std::collections::BTreeSet;
use std::fmt::Display;

use cosmwasm_std::{Addr, Api, StdError, StdResult};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ValidationError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{field} holds {count} entries; at most {max}")]
    TooMany {
        field: String,
        count: usize,
        max: usize,
    },

    #[error("{field} lists {address} more than once")]
    DuplicateAddress { field: String, address: Addr },

    #[error("invalid parameters: {reason}")]
    InvalidParams { reason: String },

    #[error("{field} is {value}; it must be within {min}..={max}")]
    OutOfRange {
        field: String,
        value: String,
        min: String,
        max: String,
    },
}

/// Refuses a list longer than `max`.
pub fn list_len(field: &str, count: usize, max: usize) -> Result<(), ValidationError> {
    if count > max {
        return Err(ValidationError::TooMany {
            field: field.to_string(),
            count,
            max,
        });
    }
    Ok(())
}

/// Validates a list of at most `max` distinct addresses, keeping their order.
pub fn address_list(
    api: &dyn Api,
    field: &str,
    addresses: &[String],
    max: usize,
) -> Result<Vec<Addr>, ValidationError> {
    list_len(field, addresses.len(), max)?;
    let mut seen = BTreeSet::new();
    addresses
        .iter()
        .map(|address| {
            let address = api.addr_validate(address)?;
            if !seen.insert(address.clone()) {
                return Err(ValidationError::DuplicateAddress {
                    field: field.to_string(),
                    address,
                });
            }
            Ok(address)
        })
        .collect()
}

/// Validates an optional address.
pub fn optional_address(api: &dyn Api, address: Option<String>) -> StdResult<Option<Addr>> {
    address.map(|a| api.addr_validate(&a)).transpose()
}

/// Refuses a value outside `min..=max`.
pub fn in_range<T: PartialOrd + Display>(
    field: &str,
    value: T,
    min: T,
    max: T,
) -> Result<(), ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::OutOfRange {
            field: field.to_string(),
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    #[test]
    fn address_list_keeps_order() {
        let api = MockApi::default();
        let a = api.addr_make("a");
        let b = api.addr_make("b");
        let list = vec![b.to_string(), a.to_string()];
        assert_eq!(
            address_list(&api, "slashers", &list, 2).unwrap(),
            vec![b, a]
        );
    }

    #[test]
    fn address_list_refuses_too_many_duplicates_and_invalid() {
        let api = MockApi::default();
        let a = api.addr_make("a");
        let list = vec![a.to_string(), a.to_string()];
        assert_eq!(
            address_list(&api, "slashers", &list, 1),
            Err(ValidationError::TooMany {
                field: "slashers".into(),
                count: 2,
                max: 1
            })
        );
        assert_eq!(
            address_list(&api, "slashers", &list, 2),
            Err(ValidationError::DuplicateAddress {
                field: "slashers".into(),
                address: a
            })
        );
        let err = address_list(&api, "slashers", &["bad".to_string()], 2).unwrap_err();
        assert!(matches!(err, ValidationError::Std(_)), "{err:?}");
    }

    #[test]
    fn optional_address_validates_when_present() {
        let api = MockApi::default();
        assert_eq!(optional_address(&api, None).unwrap(), None);
        let a = api.addr_make("a");
        assert_eq!(
            optional_address(&api, Some(a.to_string())).unwrap(),
            Some(a)
        );
        assert!(optional_address(&api, Some("bad".into())).is_err());
    }

    #[test]
    fn range_bounds_are_inclusive() {
        in_range("x", 1u64, 1, 3).unwrap();
        in_range("x", 3u64, 1, 3).unwrap();
        assert_eq!(
            in_range("jail_period_seconds", 0u64, 1, 3),
            Err(ValidationError::OutOfRange {
                field: "jail_period_seconds".into(),
                value: "0".into(),
                min: "1".into(),
                max: "3".into()
            })
        );
        assert!(in_range("x", 4u64, 1, 3).is_err());
    }
}
