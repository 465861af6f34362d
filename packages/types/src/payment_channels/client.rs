//! Typed client: how other contracts and tests call and query the channels contract.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, CosmosMsg, QuerierWrapper, StdResult, Timestamp, Uint128};

use super::{
    Channel, ExecuteMsg, OpenChannel, QueryMsg, ReceiveMsg, SignMode, TotalsResponse, Voucher,
};
use crate::token::TokenClient;

/// Typed client for the payment channels contract.
#[cw_serde]
pub struct PaymentChannelsClient(pub Addr);

impl PaymentChannelsClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    pub fn open_channel_msg(
        &self,
        token: &TokenClient,
        deposit: Uint128,
        provider: impl Into<String>,
        pubkey: Binary,
        expires_at: Timestamp,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            deposit,
            &ReceiveMsg::OpenChannel(OpenChannel {
                provider: provider.into(),
                pubkey,
                expires_at,
            }),
        )
    }

    pub fn top_up_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        channel_id: u64,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, &ReceiveMsg::TopUp { channel_id })
    }

    pub fn redeem_msg(
        &self,
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
        signature: Binary,
        sign_mode: SignMode,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Redeem(Voucher {
            channel_id,
            cumulative_amount,
            nonce,
            signature,
            sign_mode,
        }))
    }

    pub fn reclaim_msg(&self, channel_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Reclaim { channel_id })
    }

    pub fn channel(&self, querier: &QuerierWrapper, channel_id: u64) -> StdResult<Channel> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Channel { channel_id })
    }

    pub fn totals(&self, querier: &QuerierWrapper) -> StdResult<TotalsResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Totals {})
    }
}
