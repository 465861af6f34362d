//! Typed client: how funders and other contracts call and query vesting.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, Timestamp, Uint128};

use super::{ExecuteMsg, GrantRequest, GrantResponse, QueryMsg, ReceiveMsg, VestingPlan};
use crate::token::TokenClient;

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
