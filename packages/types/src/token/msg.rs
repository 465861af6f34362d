//! The token's instantiate message; execute and query are plain cw20.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Uint128;
use cw20::Logo;

use super::{AllocationCategory, TOKEN_DECIMALS};

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
    /// Exactly one entry per category, each to its own address, amounts per `genesis_amount`.
    pub allocations: Vec<GenesisAllocation>,
    pub marketing: Option<MarketingInfo>,
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
    /// The canonical genesis message: every category at its exact share.
    pub fn genesis(
        name: impl Into<String>,
        symbol: impl Into<String>,
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
                    address: recipients(category),
                    amount: category.genesis_amount(),
                })
                .collect(),
            marketing: None,
        }
    }
}
