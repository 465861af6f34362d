//! Typed client for the token (any cw20), and the merged payouts of one action.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, OverflowError, QuerierWrapper, StdResult, Uint128,
};
use cw20::{BalanceResponse, Cw20QueryMsg, TokenInfoResponse};
use serde::Serialize;

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

    /// The merged (recipient, amount) pairs, none zero.
    pub fn into_entries(self) -> Vec<(Addr, Uint128)> {
        self.0
    }

    pub fn into_msgs(self, token: &TokenClient) -> StdResult<Vec<CosmosMsg>> {
        self.0
            .into_iter()
            .map(|(to, amount)| token.transfer_msg(to, amount))
            .collect()
    }
}

/// The [`Cw20ExecuteMsg`] variants contracts send, serialized to the same JSON: a contract
/// building them links no serialization of the other variants (wasm size).
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentCw20 {
    Transfer {
        recipient: String,
        amount: Uint128,
    },
    Send {
        contract: String,
        amount: Uint128,
        msg: cosmwasm_std::Binary,
    },
    Burn {
        amount: Uint128,
    },
}

impl TokenClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &SentCw20) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    pub fn transfer_msg(
        &self,
        recipient: impl Into<String>,
        amount: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(&SentCw20::Transfer {
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
        self.call(&SentCw20::Send {
            contract: contract.into(),
            amount,
            msg: to_json_binary(hook)?,
        })
    }

    pub fn burn_msg(&self, amount: Uint128) -> StdResult<CosmosMsg> {
        self.call(&SentCw20::Burn { amount })
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
    use cosmwasm_std::{to_json_binary, to_json_vec, Uint128};
    use cw20::Cw20ExecuteMsg;

    use super::SentCw20;

    /// What the client sends is byte for byte cw20's own message.
    #[test]
    fn sent_messages_are_cw20s_json() {
        let amount = Uint128::new(7);
        let msg = to_json_binary(&"hook").unwrap();
        let pairs = [
            (
                to_json_vec(&SentCw20::Transfer {
                    recipient: "r".into(),
                    amount,
                }),
                to_json_vec(&Cw20ExecuteMsg::Transfer {
                    recipient: "r".into(),
                    amount,
                }),
            ),
            (
                to_json_vec(&SentCw20::Send {
                    contract: "c".into(),
                    amount,
                    msg: msg.clone(),
                }),
                to_json_vec(&Cw20ExecuteMsg::Send {
                    contract: "c".into(),
                    amount,
                    msg,
                }),
            ),
            (
                to_json_vec(&SentCw20::Burn { amount }),
                to_json_vec(&Cw20ExecuteMsg::Burn { amount }),
            ),
        ];
        for (sent, cw20) in pairs {
            assert_eq!(sent.unwrap(), cw20.unwrap());
        }
    }
}
