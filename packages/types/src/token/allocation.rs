//! The genesis allocation table: each category's share of the supply and its exact amount
//! (docs/token.md §1, QUIVer §2.2).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Uint128;

use super::TOTAL_SUPPLY;
use crate::common::BPS_DENOMINATOR;

/// The seven genesis allocation buckets.
#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum AllocationCategory {
    /// Emission pool of the reward distributor.
    ProviderRewards,
    /// The DAO treasury.
    CommunityTreasury,
    /// Vested 4 years with a 1-year cliff; minted into vesting under genesis grants.
    TeamAndAdvisors,
    /// Vested 3 years with a 6-month cliff; minted into vesting under genesis grants.
    EarlyInvestors,
    /// 25% at start, 75% linear over 1 year; its holder grants it by cw20 Send.
    PublicSale,
    /// Linear over 5 years; its holder grants it by cw20 Send.
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

    /// Locked from genesis: the token mints it straight into the vesting contract its instantiate
    /// creates, where genesis grants of its plan hold all of it (docs/token.md §2). It is never
    /// liquid, whoever its beneficiaries are.
    pub const fn vested_at_genesis(self) -> bool {
        matches!(
            self,
            AllocationCategory::TeamAndAdvisors | AllocationCategory::EarlyInvestors
        )
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
