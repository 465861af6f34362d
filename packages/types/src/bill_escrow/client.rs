//! Typed client: how other contracts call and query the escrow.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, Uint128};
use serde::{Deserialize, Serialize};

use super::{
    Bill, BillStatus, ExecuteMsg, LatencyClass, ModelClass, QueryMsg, QuoteResponse, ReceiveMsg,
    TotalsResponse, Verdict,
};
use crate::token::TokenClient;

/// Typed client for the bill escrow.
#[cw_serde]
pub struct BillEscrowClient(pub Addr);

/// The fields of a [`Bill`] reputation reads to take its consumer's rating
/// ([`BillEscrowClient::bill_for_rating`]). Plain `Deserialize` (no `cw_serde` derives, no
/// `deny_unknown_fields`): the bill's other fields are skipped, not decoded, so a contract
/// reading it links no decoding of a whole bill.
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct BillForRating {
    pub consumer: Addr,
    pub provider: Addr,
    pub status: BillStatus,
    /// Held for the bill: what a refund returns to the consumer.
    pub escrowed: Uint128,
    /// Set when the bill settled.
    pub settlement: Option<ChargedOnly>,
}

/// The one field of a [`super::Settlement`] [`BillForRating`] reads.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct ChargedOnly {
    /// What the consumer paid for the work.
    pub charged: Uint128,
}

/// The [`QueryMsg`] variant other contracts send, serialized to the same JSON: a contract sending
/// it links no serialization of the variants it never sends.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentQuery {
    Bill { bill_id: u64 },
}

impl BillEscrowClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The consumer's message opening a bill: a cw20 Send of `amount` (see `Quote`).
    pub fn open_bill_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        open: &ReceiveMsg,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, open)
    }

    pub fn dispute_msg(
        &self,
        token: &TokenClient,
        bond: Uint128,
        bill_id: u64,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, bond, &ReceiveMsg::Dispute { bill_id })
    }

    pub fn resolve_msg(&self, bill_id: u64, verdict: Verdict) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Resolve { bill_id, verdict })
    }

    pub fn quote(
        &self,
        querier: &QuerierWrapper,
        model_class: ModelClass,
        latency_class: LatencyClass,
        units: Uint128,
    ) -> StdResult<QuoteResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Quote {
                model_class,
                latency_class,
                units,
            },
        )
    }

    pub fn bill(&self, querier: &QuerierWrapper, bill_id: u64) -> StdResult<Bill> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Bill { bill_id })
    }

    /// Bill `bill_id`'s parties, status and values alone (see [`BillForRating`]): what a
    /// contract should call to rate or weigh a bill. Fails as the `Bill` query does when the
    /// escrow has no such bill.
    pub fn bill_for_rating(
        &self,
        querier: &QuerierWrapper,
        bill_id: u64,
    ) -> StdResult<BillForRating> {
        querier.query_wasm_smart(&self.0, &SentQuery::Bill { bill_id })
    }

    pub fn totals(&self, querier: &QuerierWrapper) -> StdResult<TotalsResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Totals {})
    }
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::{from_json, to_json_vec, Decimal, Timestamp};

    use super::*;
    use crate::bill_escrow::{BillTerms, Completion, Price, Settlement, SplitAmounts};

    #[test]
    fn the_sent_query_serializes_as_the_full_query() {
        assert_eq!(
            to_json_vec(&SentQuery::Bill { bill_id: 7 }).unwrap(),
            to_json_vec(&QueryMsg::Bill { bill_id: 7 }).unwrap()
        );
    }

    /// `bill_for_rating`'s decoding reads its fields from a whole bill's JSON, skipping the rest.
    #[test]
    fn bill_for_rating_decodes_the_full_bill() {
        let api = MockApi::default();
        let at = Timestamp::from_seconds(1_000);
        let mut bill = Bill {
            id: 7,
            consumer: api.addr_make("consumer"),
            provider: api.addr_make("provider"),
            gateway: api.addr_make("gateway"),
            terms: BillTerms {
                model_class: ModelClass::Small,
                latency_class: LatencyClass::Standard,
                max_units: Uint128::new(100),
                deadline: at.plus_seconds(600),
                min_reputation: Some(700),
                min_tier: None,
                price: Price {
                    base_price: Uint128::new(50_000),
                    class_multiplier: Decimal::one(),
                    demand_multiplier: Decimal::one(),
                    latency_factor: Decimal::percent(20),
                    latency_target_ms: 500,
                },
                fee_discount: Decimal::zero(),
                advertised_latency_ms: 200,
            },
            deposit: Uint128::new(5_102_041),
            network_fee: Uint128::new(102_041),
            escrowed: Uint128::new(5_000_000),
            opened_at: at,
            status: BillStatus::Settled,
            completion: Some(Completion {
                units: Uint128::new(60),
                latency_ms: 120,
                result_hash: "sha256:00".to_string(),
                completed_at: at,
                challenge_ends_at: at,
            }),
            dispute: None,
            verdict: None,
            settlement: Some(Settlement {
                units: Uint128::new(60),
                charged: Uint128::new(3_000_000),
                split: SplitAmounts {
                    provider: Uint128::new(2_400_000),
                    gateway: Uint128::new(300_000),
                    treasury: Uint128::new(150_000),
                    governance: Uint128::new(150_000),
                },
                refunded: Uint128::new(2_000_000),
                premium_forfeited: false,
                fee_discount: Decimal::zero(),
                settled_at: at,
            }),
            closed_at: Some(at),
        };
        let read: BillForRating = from_json(to_json_vec(&bill).unwrap()).unwrap();
        assert_eq!(
            read,
            BillForRating {
                consumer: bill.consumer.clone(),
                provider: bill.provider.clone(),
                status: BillStatus::Settled,
                escrowed: Uint128::new(5_000_000),
                settlement: Some(ChargedOnly {
                    charged: Uint128::new(3_000_000)
                }),
            }
        );
        bill.status = BillStatus::Refunded;
        bill.settlement = None;
        let read: BillForRating = from_json(to_json_vec(&bill).unwrap()).unwrap();
        assert_eq!((read.status, read.settlement), (BillStatus::Refunded, None));
    }
}
