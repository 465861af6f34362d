//! The token's instantiate message; execute and query are plain cw20.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Uint128;
use cw20::Logo;

use super::{AllocationCategory, TOKEN_DECIMALS};
use crate::vesting::{FunderEntry, GenesisGrant};

#[cw_serde]
pub struct GenesisAllocation {
    pub category: AllocationCategory,
    pub address: String,
    pub amount: Uint128,
}

#[cw_serde]
pub struct InstantiateMsg {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    /// Exactly one entry per category, amounts per `genesis_amount`. The categories vested at
    /// genesis go to the address of the vesting contract `vesting` creates, and only there; every
    /// other category to its own address.
    pub allocations: Vec<GenesisAllocation>,
    /// The vesting contract this instantiate creates in the same transaction, holding the
    /// categories vested at genesis under `grants` (docs/token.md §2).
    pub vesting: GenesisVesting,
    pub marketing: Option<MarketingInfo>,
}

/// The vesting contract of the genesis: instantiated by the token with `WasmMsg::Instantiate2` at
/// [`super::genesis_vesting_address`] (the token's address, the code's checksum and
/// [`super::GENESIS_VESTING_SALT`]), its `token` being the token itself.
#[cw_serde]
pub struct GenesisVesting {
    /// Code id of the vesting contract; its checksum, in the token's events, names the code.
    pub code_id: u64,
    /// Wasm admin of the vesting contract (the DAO, or a named admin until it exists).
    pub admin: Option<String>,
    pub label: String,
    /// The vesting contract's owner, treasury and grant funders (its instantiate message).
    pub owner: String,
    pub treasury: String,
    pub funders: Vec<FunderEntry>,
    /// The grants that lock the categories vested at genesis: only their plans, and per category
    /// exactly its genesis amount.
    pub grants: Vec<GenesisGrant>,
}

/// Marketing metadata shown by wallets and explorers (cw20-base's instantiate shape).
#[cw_serde]
pub struct MarketingInfo {
    pub project: Option<String>,
    pub description: Option<String>,
    /// Address allowed to update the marketing info and logo.
    pub marketing: Option<String>,
    pub logo: Option<Logo>,
}

impl InstantiateMsg {
    /// The canonical genesis message: every category at its exact share, the categories vested at
    /// genesis to `vesting_address` (where the token will instantiate `vesting`), the others to
    /// `recipients`.
    pub fn genesis(
        name: impl Into<String>,
        symbol: impl Into<String>,
        vesting: GenesisVesting,
        vesting_address: &str,
        recipients: impl Fn(AllocationCategory) -> String,
    ) -> Self {
        InstantiateMsg {
            name: name.into(),
            symbol: symbol.into(),
            decimals: TOKEN_DECIMALS,
            allocations: AllocationCategory::ALL
                .iter()
                .map(|&category| GenesisAllocation {
                    category,
                    address: if category.vested_at_genesis() {
                        vesting_address.to_string()
                    } else {
                        recipients(category)
                    },
                    amount: category.genesis_amount(),
                })
                .collect(),
            vesting,
            marketing: None,
        }
    }
}
