//! Typed client: how other contracts call and query reputation.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{
    ExecuteMsg, MultiplierResponse, OutcomeBatch, QueryMsg, RatingResponse, ScoreAtHeightResponse,
    ScoreResponse,
};

/// Typed client for the reputation contract.
#[cw_serde]
pub struct ReputationClient(pub Addr);

/// The one field of [`ScoreResponse`] other contracts read. Plain `Deserialize` (no `cw_serde`
/// derives, no `deny_unknown_fields`): the other fields are skipped, not decoded.
#[derive(Deserialize)]
struct ScoreOnly {
    score: u16,
}

/// The [`ExecuteMsg`] variant other contracts send, serialized to the same JSON: a contract
/// building it links no serialization of the variants it never sends.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentExecute<'a> {
    ReportOutcomes(&'a OutcomeBatch),
}

/// The [`QueryMsg`] variant other contracts send, serialized to the same JSON.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentQuery<'a> {
    Score { operator: &'a str },
}

impl ReputationClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The escrow's report of a provider's jobs since its previous one (at least one job).
    pub fn report_outcomes_msg(&self, batch: &OutcomeBatch) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, &SentExecute::ReportOutcomes(batch))
    }

    /// The consumer's rating of a bill the escrow settled or refunded with the provider at fault.
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
        self.query_score(querier, operator.into())
    }

    /// The operator's score 0–1000 ([`ScoreResponse::score`]) alone: what a contract should call,
    /// so it links no decoding of the response's other fields.
    pub fn score_value(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<u16> {
        Ok(self
            .query_score::<ScoreOnly>(querier, operator.into())?
            .score)
    }

    fn query_score<T: DeserializeOwned>(
        &self,
        querier: &QuerierWrapper,
        operator: String,
    ) -> StdResult<T> {
        querier.query_wasm_smart(
            &self.0,
            &SentQuery::Score {
                operator: &operator,
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

    /// The stars the consumer gave bill `bill_id` of the current escrow, if rated.
    pub fn rating(&self, querier: &QuerierWrapper, bill_id: u64) -> StdResult<RatingResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Rating { bill_id })
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

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::{from_json, to_json_vec, Decimal, Timestamp, Uint128};

    use super::*;
    use crate::reputation::{JobOutcome, Outcome, ScoreComponents};

    /// The send-only enums serialize exactly as the full messages.
    #[test]
    fn sent_messages_serialize_as_the_full_messages() {
        let mut batch = OutcomeBatch {
            operator: "operator".to_string(),
            ..OutcomeBatch::default()
        };
        batch.add(&JobOutcome {
            outcome: Outcome::Success,
            latency_ms: 120,
            advertised_latency_ms: 100,
            compute_units: Uint128::new(1_000),
            value: Uint128::new(5_000_000),
        });
        assert_eq!(
            to_json_vec(&SentExecute::ReportOutcomes(&batch)).unwrap(),
            to_json_vec(&ExecuteMsg::ReportOutcomes(batch.clone())).unwrap()
        );
        let client = ReputationClient(MockApi::default().addr_make("reputation"));
        assert_eq!(
            client.report_outcomes_msg(&batch).unwrap(),
            crate::common::execute_msg(client.addr(), &ExecuteMsg::ReportOutcomes(batch)).unwrap()
        );
        let sent = SentQuery::Score {
            operator: "operator",
        };
        let full = QueryMsg::Score {
            operator: "operator".to_string(),
        };
        assert_eq!(to_json_vec(&sent).unwrap(), to_json_vec(&full).unwrap());
    }

    /// `score_value`'s decoding reads `score` from the full response's JSON, skipping the rest.
    #[test]
    fn score_only_decodes_the_full_response() {
        let full = ScoreResponse {
            operator: MockApi::default().addr_make("operator"),
            score: 731,
            stored_score: 700,
            measured: 800,
            prior: 500,
            confidence: Decimal::percent(60),
            components: ScoreComponents {
                success_rate: 900,
                latency: 800,
                rating: 700,
                accuracy: 600,
                stake: 500,
            },
            jobs_30d: 10,
            successes_30d: 8,
            failures_30d: 1,
            timeouts_30d: 1,
            compute_units_30d: Uint128::new(12_345),
            value_30d: Uint128::new(1_000_000),
            success_rate_30d: Some(Decimal::percent(80)),
            avg_latency_ms_30d: Some(120),
            latency_ratio_30d: None,
            jobs_90d: 30,
            value_90d: Uint128::new(3_000_000),
            ratings_90d: 4,
            rating_average: Some(Decimal::percent(450)),
            accuracy: 90,
            attestation_count: 3,
            attestations_90d: 7,
            self_bond: Uint128::new(1_000),
            below_threshold: false,
            updated_at: Some(Timestamp::from_seconds(99)),
        };
        let only: ScoreOnly = from_json(to_json_vec(&full).unwrap()).unwrap();
        assert_eq!(only.score, 731);
    }
}
