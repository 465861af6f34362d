//! Validation of the genesis allocation against docs/token.md §2, and the vesting contract the
//! genesis creates.

use std::collections::BTreeSet;

use cosmwasm_std::{to_json_binary, Addr, Api, Checksum, Deps, Env, Uint128, WasmMsg};
use cw20::Cw20Coin;
use infermesh_types::token::{
    genesis_vesting_address, AllocationCategory, GenesisAllocation, GenesisVesting,
    GENESIS_VESTING_SALT, TOKEN_DECIMALS,
};
use infermesh_types::vesting::{self, GenesisGrant};

use crate::error::TokenError;

/// Where the genesis vesting contract will live, and the code that will run there.
pub struct VestingTarget {
    pub address: Addr,
    pub checksum: Checksum,
}

/// The address the vesting contract of `code_id` gets when this token instantiates it
/// (instantiate2: the code's checksum, the token as creator, [`GENESIS_VESTING_SALT`]).
pub fn vesting_target(deps: Deps, env: &Env, code_id: u64) -> Result<VestingTarget, TokenError> {
    let checksum = deps.querier.query_wasm_code_info(code_id)?.checksum;
    let address = genesis_vesting_address(deps.api, &env.contract.address, &checksum)?;
    Ok(VestingTarget { address, checksum })
}

/// Checks every category appears once, at exactly its share; the categories vested at genesis to
/// `vesting` and nowhere else, every other one to its own valid address. Turns the table into
/// cw20-base initial balances, the vested categories merged into one balance of `vesting`.
/// Together the shares are exactly the total supply.
pub fn initial_balances(
    api: &dyn Api,
    decimals: u8,
    allocations: &[GenesisAllocation],
    vesting: &Addr,
) -> Result<Vec<Cw20Coin>, TokenError> {
    if decimals != TOKEN_DECIMALS {
        return Err(TokenError::WrongDecimals {
            expected: TOKEN_DECIMALS,
            got: decimals,
        });
    }
    let mut seen_categories = BTreeSet::new();
    // The vesting address is taken: no liquid category may share it.
    let mut seen_addresses = BTreeSet::from([vesting.clone()]);
    let mut balances = Vec::with_capacity(allocations.len());
    let mut vested = Uint128::zero();
    for allocation in allocations {
        let category = allocation.category;
        if !seen_categories.insert(category) {
            return Err(TokenError::DuplicateCategory { category });
        }
        // addr_validate rejects upper-case and otherwise non-normalised addresses.
        let address = api.addr_validate(&allocation.address)?;
        if category.vested_at_genesis() {
            if address != *vesting {
                return Err(TokenError::VestedAllocationNotInVesting {
                    category,
                    address,
                    vesting: vesting.clone(),
                });
            }
        } else if !seen_addresses.insert(address.clone()) {
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
        if category.vested_at_genesis() {
            vested = vested.checked_add(allocation.amount)?;
        } else {
            balances.push(Cw20Coin {
                address: address.into_string(),
                amount: allocation.amount,
            });
        }
    }
    if let Some(&category) = AllocationCategory::ALL
        .iter()
        .find(|category| !seen_categories.contains(category))
    {
        return Err(TokenError::MissingCategory { category });
    }
    balances.push(Cw20Coin {
        address: vesting.to_string(),
        amount: vested,
    });
    Ok(balances)
}

/// Checks the genesis grants lock the vested categories exactly: only their plans, and per
/// category exactly its genesis amount. The vesting contract checks the grants against its balance
/// too, and their beneficiaries.
pub fn check_grants(grants: &[GenesisGrant]) -> Result<(), TokenError> {
    if let Some(grant) = grants
        .iter()
        .find(|grant| !grant.plan.category().vested_at_genesis())
    {
        return Err(TokenError::NotAGenesisPlan { plan: grant.plan });
    }
    for category in AllocationCategory::ALL
        .into_iter()
        .filter(|category| category.vested_at_genesis())
    {
        let got = grants
            .iter()
            .filter(|grant| grant.plan.category() == category)
            .try_fold(Uint128::zero(), |total, grant| {
                total.checked_add(grant.amount)
            })?;
        let expected = category.genesis_amount();
        if got != expected {
            return Err(TokenError::GenesisGrantsMismatch {
                category,
                expected,
                got,
            });
        }
    }
    Ok(())
}

/// The sub-message that instantiates the genesis vesting contract (at the address of
/// [`vesting_target`]), this token its token. It runs after the balances are written, so the
/// vesting sees what it holds; if it fails, the whole genesis fails.
pub fn instantiate_vesting_msg(env: &Env, vesting: GenesisVesting) -> Result<WasmMsg, TokenError> {
    let GenesisVesting {
        code_id,
        admin,
        label,
        owner,
        treasury,
        funders,
        grants,
    } = vesting;
    Ok(WasmMsg::Instantiate2 {
        admin,
        code_id,
        label,
        msg: to_json_binary(&vesting::InstantiateMsg {
            owner,
            token: env.contract.address.to_string(),
            treasury,
            funders,
            genesis_grants: grants,
        })?,
        funds: vec![],
        salt: GENESIS_VESTING_SALT.into(),
    })
}
