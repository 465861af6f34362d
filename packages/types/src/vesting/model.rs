//! What vesting stores: the allowed funders and the grants.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp, Uint128};

use super::{Schedule, VestingPlan};

#[cw_serde]
pub struct AllowedFunder {
    pub address: Addr,
    pub plan: VestingPlan,
}

#[cw_serde]
pub struct Grant {
    pub id: u64,
    pub beneficiary: Addr,
    /// Who sent the tokens; the token itself for a genesis grant.
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
