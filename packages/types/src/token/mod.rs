//! The InferMesh utility token: a standard cw20 with a fixed genesis allocation.
//!
//! Execute and query messages are plain cw20 (`cw20::Cw20ExecuteMsg`, `cw20::Cw20QueryMsg`), so
//! wallets and explorers see a standard token. Only instantiation is ours: it enforces the
//! allocation table of docs/token.md §1 (QUIVer §2.2).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, OverflowError, QuerierWrapper, StdResult, Uint128,
};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Logo, TokenInfoResponse};
use serde::Serialize;

use crate::common::BPS_DENOMINATOR;

pub const TOKEN_DECIMALS: u8 = 6;
/// 1,000,000,000 tokens of 10^6 base units each. Minted once; the hard cap equals this supply.
pub const TOTAL_SUPPLY: Uint128 = Uint128::new(1_000_000_000 * 1_000_000);

/// The seven genesis allocation buckets.
#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum AllocationCategory {
    /// Emission pool of the reward distributor.
    ProviderRewards,
    /// The DAO treasury.
    CommunityTreasury,
    /// Vested 4 years with a 1-year cliff.
    TeamAndAdvisors,
    /// Vested 3 years with a 6-month cliff.
    EarlyInvestors,
    /// 25% at start, 75% linear over 1 year.
    PublicSale,
    /// Linear over 5 years.
    EcosystemDevelopment,
    Liquidity,
}

impl AllocationCategory {
    pub const ALL: [AllocationCategory; 7] = [
        AllocationCategory::ProviderRewards,
        AllocationCategory::CommunityTreasury,
        AllocationCategory::TeamAndAdvisors,
        AllocationCategory::EarlyInvestors,
        AllocationCategory::PublicSale,
        AllocationCategory::EcosystemDevelopment,
        AllocationCategory::Liquidity,
    ];

    /// Share of the total supply, in basis points. The shares sum to exactly 10,000.
    pub const fn share_bps(self) -> u16 {
        match self {
            AllocationCategory::ProviderRewards => 3_500,
            AllocationCategory::CommunityTreasury => 2_000,
            AllocationCategory::TeamAndAdvisors => 1_500,
            AllocationCategory::EarlyInvestors => 1_000,
            AllocationCategory::PublicSale => 1_000,
            AllocationCategory::EcosystemDevelopment => 500,
            AllocationCategory::Liquidity => 500,
        }
    }

    /// Exact amount in base units this category receives at genesis.
    pub fn genesis_amount(self) -> Uint128 {
        TOTAL_SUPPLY.multiply_ratio(self.share_bps(), BPS_DENOMINATOR)
    }
}

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

/// Typed client for the token (any cw20, in fact).
#[cw_serde]
pub struct TokenClient(pub Addr);

/// Token transfers of one action, merged per recipient, zero amounts skipped (cw20 refuses
/// them): one transfer message per payee however many shares it gets.
#[derive(Default, Debug, PartialEq)]
pub struct Payouts(Vec<(Addr, Uint128)>);

impl Payouts {
    pub fn pay(&mut self, to: &Addr, amount: Uint128) -> Result<(), OverflowError> {
        if amount.is_zero() {
            return Ok(());
        }
        match self.0.iter_mut().find(|(a, _)| a == to) {
            Some((_, total)) => *total = total.checked_add(amount)?,
            None => self.0.push((to.clone(), amount)),
        }
        Ok(())
    }

    pub fn into_msgs(self, token: &TokenClient) -> StdResult<Vec<CosmosMsg>> {
        self.0
            .into_iter()
            .map(|(to, amount)| token.transfer_msg(to, amount))
            .collect()
    }
}

impl TokenClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &Cw20ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    pub fn transfer_msg(
        &self,
        recipient: impl Into<String>,
        amount: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(&Cw20ExecuteMsg::Transfer {
            recipient: recipient.into(),
            amount,
        })
    }

    /// cw20 Send: moves `amount` to `contract` and calls its `Receive` hook with `hook`.
    pub fn send_msg<T: Serialize>(
        &self,
        contract: impl Into<String>,
        amount: Uint128,
        hook: &T,
    ) -> StdResult<CosmosMsg> {
        self.call(&Cw20ExecuteMsg::Send {
            contract: contract.into(),
            amount,
            msg: to_json_binary(hook)?,
        })
    }

    pub fn burn_msg(&self, amount: Uint128) -> StdResult<CosmosMsg> {
        self.call(&Cw20ExecuteMsg::Burn { amount })
    }

    pub fn balance(
        &self,
        querier: &QuerierWrapper,
        address: impl Into<String>,
    ) -> StdResult<Uint128> {
        let response: BalanceResponse = querier.query_wasm_smart(
            &self.0,
            &Cw20QueryMsg::Balance {
                address: address.into(),
            },
        )?;
        Ok(response.balance)
    }

    pub fn token_info(&self, querier: &QuerierWrapper) -> StdResult<TokenInfoResponse> {
        querier.query_wasm_smart(&self.0, &Cw20QueryMsg::TokenInfo {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_the_whole_supply_exactly() {
        let bps: u32 = AllocationCategory::ALL
            .iter()
            .map(|c| c.share_bps() as u32)
            .sum();
        assert_eq!(bps, BPS_DENOMINATOR as u32);
        let amounts: Uint128 = AllocationCategory::ALL
            .iter()
            .map(|c| c.genesis_amount())
            .sum();
        assert_eq!(amounts, TOTAL_SUPPLY);
        assert_eq!(
            AllocationCategory::ProviderRewards.genesis_amount(),
            Uint128::new(350_000_000_000_000)
        );
    }
}
