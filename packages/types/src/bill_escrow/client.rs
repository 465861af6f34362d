//! Typed client: how other contracts call and query the escrow.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, Uint128};

use super::{
    Bill, ExecuteMsg, LatencyClass, ModelClass, QueryMsg, QuoteResponse, ReceiveMsg,
    TotalsResponse, Verdict,
};
use crate::token::TokenClient;

/// Typed client for the bill escrow.
#[cw_serde]
pub struct BillEscrowClient(pub Addr);

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

    pub fn totals(&self, querier: &QuerierWrapper) -> StdResult<TotalsResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Totals {})
    }
}
