//! Typed client: how other contracts call and query reputation.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, Uint128};

use super::{
    ExecuteMsg, MultiplierResponse, Outcome, OutcomeReport, QueryMsg, ScoreAtHeightResponse,
    ScoreResponse,
};

/// Typed client for the reputation contract.
#[cw_serde]
pub struct ReputationClient(pub Addr);

impl ReputationClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The escrow's report of a bill's outcome.
    pub fn report_outcome_msg(
        &self,
        bill_id: u64,
        operator: impl Into<String>,
        consumer: impl Into<String>,
        outcome: Outcome,
        latency_ms: u64,
        compute_units: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ReportOutcome(OutcomeReport {
            bill_id,
            operator: operator.into(),
            consumer: consumer.into(),
            outcome,
            latency_ms,
            compute_units,
        }))
    }

    /// The consumer's rating of a settled bill.
    pub fn rate_msg(&self, bill_id: u64, stars: u8) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Rate { bill_id, stars })
    }

    pub fn attest_msg(&self, operator: impl Into<String>, accuracy: u8) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Attest {
            operator: operator.into(),
            accuracy,
        })
    }

    pub fn refresh_msg(&self, operator: impl Into<String>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Refresh {
            operator: operator.into(),
        })
    }

    pub fn score(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<ScoreResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Score {
                operator: operator.into(),
            },
        )
    }

    pub fn multiplier(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<MultiplierResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Multiplier {
                operator: operator.into(),
            },
        )
    }

    pub fn score_at_height(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
        height: u64,
    ) -> StdResult<ScoreAtHeightResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::ScoreAtHeight {
                operator: operator.into(),
                height,
            },
        )
    }
}
