//! Validation of the genesis allocation against docs/token.md §2.

use std::collections::BTreeSet;

use cosmwasm_std::Api;
use cw20::Cw20Coin;
use infermesh_types::token::{AllocationCategory, GenesisAllocation, TOKEN_DECIMALS};

use crate::error::TokenError;

/// Checks every category appears once, to its own valid address, at exactly its share, and turns
/// the table into cw20-base initial balances. Together the shares are exactly the total supply.
pub fn initial_balances(
    api: &dyn Api,
    decimals: u8,
    allocations: &[GenesisAllocation],
) -> Result<Vec<Cw20Coin>, TokenError> {
    if decimals != TOKEN_DECIMALS {
        return Err(TokenError::WrongDecimals {
            expected: TOKEN_DECIMALS,
            got: decimals,
        });
    }
    let mut seen_categories = BTreeSet::new();
    let mut seen_addresses = BTreeSet::new();
    let mut balances = Vec::with_capacity(allocations.len());
    for allocation in allocations {
        let category = allocation.category;
        if !seen_categories.insert(category) {
            return Err(TokenError::DuplicateCategory { category });
        }
        // addr_validate rejects upper-case and otherwise non-normalised addresses.
        let address = api.addr_validate(&allocation.address)?;
        if !seen_addresses.insert(address.clone()) {
            return Err(TokenError::DuplicateAddress {
                address: address.into_string(),
            });
        }
        if allocation.amount.is_zero() {
            return Err(TokenError::ZeroAllocation { category });
        }
        let expected = category.genesis_amount();
        if allocation.amount != expected {
            return Err(TokenError::AllocationMismatch {
                category,
                expected,
                got: allocation.amount,
            });
        }
        balances.push(Cw20Coin {
            address: address.into_string(),
            amount: allocation.amount,
        });
    }
    if let Some(&category) = AllocationCategory::ALL
        .iter()
        .find(|category| !seen_categories.contains(category))
    {
        return Err(TokenError::MissingCategory { category });
    }
    Ok(balances)
}
