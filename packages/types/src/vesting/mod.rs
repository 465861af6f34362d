//! Vesting of the team, investor, public-sale and ecosystem allocations.
//!
//! A grant is created by a cw20 `Send` of the granted amount from an allowed funder, with
//! [`ReceiveMsg::CreateGrant`] as the hook. Beneficiaries claim what has vested; the owner (the DAO)
//! may revoke the unvested rest of a revocable grant, which returns to the treasury.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::common::BPS_DENOMINATOR;
use crate::token::{AllocationCategory, TokenClient};

pub use crate::common::YEAR_SECONDS;
pub const MONTH_SECONDS: u64 = YEAR_SECONDS / 12;

/// Largest number of funder addresses the config holds.
pub const MAX_FUNDERS: usize = 16;

/// The four release plans of docs/vesting.md §1 (QUIVer §2.2).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum VestingPlan {
    /// 4 years linear, 1-year cliff; revocable by the DAO.
    TeamAndAdvisors,
    /// 3 years linear, 6-month cliff.
    EarlyInvestors,
    /// 25% at start, 75% linear over 1 year.
    PublicSale,
    /// 5 years linear.
    EcosystemDevelopment,
}

impl VestingPlan {
    pub const ALL: [VestingPlan; 4] = [
        VestingPlan::TeamAndAdvisors,
        VestingPlan::EarlyInvestors,
        VestingPlan::PublicSale,
        VestingPlan::EcosystemDevelopment,
    ];

    pub fn schedule(self, start: Timestamp) -> Schedule {
        let (cliff_seconds, duration_seconds, immediate_bps) = match self {
            VestingPlan::TeamAndAdvisors => (YEAR_SECONDS, 4 * YEAR_SECONDS, 0),
            VestingPlan::EarlyInvestors => (6 * MONTH_SECONDS, 3 * YEAR_SECONDS, 0),
            VestingPlan::PublicSale => (0, YEAR_SECONDS, 2_500),
            VestingPlan::EcosystemDevelopment => (0, 5 * YEAR_SECONDS, 0),
        };
        Schedule {
            start,
            cliff_seconds,
            duration_seconds,
            immediate_bps,
        }
    }

    /// Only team grants can be revoked (docs/vesting.md §5).
    pub const fn revocable(self) -> bool {
        matches!(self, VestingPlan::TeamAndAdvisors)
    }

    pub const fn category(self) -> AllocationCategory {
        match self {
            VestingPlan::TeamAndAdvisors => AllocationCategory::TeamAndAdvisors,
            VestingPlan::EarlyInvestors => AllocationCategory::EarlyInvestors,
            VestingPlan::PublicSale => AllocationCategory::PublicSale,
            VestingPlan::EcosystemDevelopment => AllocationCategory::EcosystemDevelopment,
        }
    }
}

/// `immediate_bps` of the total is released at `start`; the rest releases linearly over
/// `duration_seconds` from `start`, but nothing of the linear part before `start + cliff_seconds`.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Schedule {
    pub start: Timestamp,
    pub cliff_seconds: u64,
    pub duration_seconds: u64,
    pub immediate_bps: u16,
}

impl Schedule {
    /// Amount of `total` vested at `now`, rounded down so the unvested side keeps any dust.
    pub fn vested(&self, total: Uint128, now: Timestamp) -> Uint128 {
        if now < self.start {
            return Uint128::zero();
        }
        let immediate = total.multiply_ratio(self.immediate_bps, BPS_DENOMINATOR);
        let elapsed = now.seconds() - self.start.seconds();
        if elapsed < self.cliff_seconds {
            return immediate;
        }
        if elapsed >= self.duration_seconds {
            return total;
        }
        // total - immediate cannot underflow: immediate_bps <= 10,000 is checked on creation.
        immediate + (total - immediate).multiply_ratio(elapsed, self.duration_seconds)
    }

    pub fn end(&self) -> Timestamp {
        self.start.plus_seconds(self.duration_seconds)
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists): may revoke and update the config.
    pub owner: String,
    /// The only cw20 whose `Send` funds grants.
    pub token: String,
    /// Receives the unvested part of revoked grants.
    pub treasury: String,
    /// Who may create grants of which plan (the holders of the vested genesis allocations). A
    /// funder is bound to its plan so each allocation keeps its schedule: team funds always vest
    /// as revocable team grants.
    pub funders: Vec<FunderEntry>,
}

#[cw_serde]
pub struct FunderEntry {
    pub address: String,
    pub plan: VestingPlan,
}

#[cw_serde]
pub struct AllowedFunder {
    pub address: Addr,
    pub plan: VestingPlan,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Transfers everything vested and unclaimed of the grant to its beneficiary.
    Claim { grant_id: u64 },
    /// Owner only: ends a revocable grant; the unvested part goes to the treasury.
    Revoke { grant_id: u64 },
    /// Owner only.
    UpdateConfig {
        treasury: Option<String>,
        funders: Option<Vec<FunderEntry>>,
    },
}

#[cw_serde]
pub enum ReceiveMsg {
    CreateGrant(GrantRequest),
}

/// A funder's grant of the tokens it sends ([`ReceiveMsg::CreateGrant`]).
#[cw_serde]
pub struct GrantRequest {
    pub beneficiary: String,
    pub plan: VestingPlan,
    /// Defaults to the block time; never before the contract's instantiation.
    pub start: Option<Timestamp>,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(GrantResponse)]
    Grant { grant_id: u64 },
    /// Grant state as it will be at `time` (or now), without changing anything.
    #[returns(GrantResponse)]
    GrantAt { grant_id: u64, time: Timestamp },
    #[returns(GrantsResponse)]
    GrantsByBeneficiary {
        beneficiary: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(GrantsResponse)]
    Grants {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub treasury: Addr,
    pub funders: Vec<AllowedFunder>,
    pub earliest_start: Timestamp,
    pub total_granted: Uint128,
    pub total_claimed: Uint128,
    pub total_revoked: Uint128,
}

#[cw_serde]
pub struct Grant {
    pub id: u64,
    pub beneficiary: Addr,
    pub funder: Addr,
    pub plan: VestingPlan,
    pub schedule: Schedule,
    /// Amount originally sent.
    pub granted: Uint128,
    /// What the grant will pay in total: `granted`, or what had vested when it was revoked.
    pub total: Uint128,
    pub claimed: Uint128,
    pub revoked_at: Option<Timestamp>,
}

impl Grant {
    /// Vested at `now`; a revoked grant vests nothing after its revocation.
    pub fn vested(&self, now: Timestamp) -> Uint128 {
        self.schedule.vested(self.granted, now).min(self.total)
    }
}

#[cw_serde]
pub struct GrantResponse {
    pub grant: Grant,
    pub at: Timestamp,
    pub vested: Uint128,
    pub unvested: Uint128,
    pub claimable: Uint128,
}

#[cw_serde]
pub struct GrantsResponse {
    pub grants: Vec<GrantResponse>,
}

/// Typed client for the vesting contract.
#[cw_serde]
pub struct VestingClient(pub Addr);

impl VestingClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The funder's message that creates a grant: a cw20 Send of `amount` from `token`.
    pub fn create_grant_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        beneficiary: impl Into<String>,
        plan: VestingPlan,
        start: Option<Timestamp>,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            amount,
            &ReceiveMsg::CreateGrant(GrantRequest {
                beneficiary: beneficiary.into(),
                plan,
                start,
            }),
        )
    }

    pub fn claim_msg(&self, grant_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Claim { grant_id })
    }

    pub fn revoke_msg(&self, grant_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Revoke { grant_id })
    }

    pub fn grant(&self, querier: &QuerierWrapper, grant_id: u64) -> StdResult<GrantResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Grant { grant_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const START: u64 = 1_700_000_000;

    #[test]
    fn team_plan_releases_nothing_before_the_cliff_then_a_quarter() {
        let s = VestingPlan::TeamAndAdvisors.schedule(Timestamp::from_seconds(START));
        let total = Uint128::new(4_000_000);
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS - 1)),
            Uint128::zero()
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS)),
            Uint128::new(1_000_000)
        );
        assert_eq!(s.vested(total, s.end()), total);
    }

    #[test]
    fn public_sale_releases_a_quarter_at_start() {
        let s = VestingPlan::PublicSale.schedule(Timestamp::from_seconds(START));
        let total = Uint128::new(1_000);
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START - 1)),
            Uint128::zero()
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START)),
            Uint128::new(250)
        );
        assert_eq!(
            s.vested(total, Timestamp::from_seconds(START + YEAR_SECONDS / 2)),
            Uint128::new(625)
        );
    }

    proptest! {
        /// docs/invariants.md §7: vested + unvested = grant at every time, and vesting never goes back.
        #[test]
        fn vested_is_monotone_and_bounded(
            plan_index in 0usize..4,
            total in 0u128..=1_000_000_000_000_000u128,
            t1 in 0u64..(7 * YEAR_SECONDS),
            dt in 0u64..(7 * YEAR_SECONDS),
        ) {
            let schedule = VestingPlan::ALL[plan_index].schedule(Timestamp::from_seconds(START));
            let total = Uint128::new(total);
            let a = schedule.vested(total, Timestamp::from_seconds(START - YEAR_SECONDS + t1));
            let b = schedule.vested(total, Timestamp::from_seconds(START - YEAR_SECONDS + t1 + dt));
            prop_assert!(a <= b);
            prop_assert!(b <= total);
            prop_assert_eq!(schedule.vested(total, schedule.end()), total);
        }
    }
}
