//! The cw20 Receive hook, once: only the configured token may call it, the hook payload parses
//! into the contract's `ReceiveMsg`, and the cw20 sender is a valid address.

use cosmwasm_std::{from_json, Addr, Api, StdError, Uint128};
use cw20::Cw20ReceiveMsg;
use serde::de::DeserializeOwned;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ReceiveError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("cw20 {received} is not this contract's token {expected}")]
    WrongToken { received: Addr, expected: Addr },
}

/// A checked cw20 deposit: who sent it, how much, and what for.
#[derive(Debug, PartialEq)]
pub struct Received<T> {
    pub sender: Addr,
    pub amount: Uint128,
    pub msg: T,
}

/// Checks that `caller` (the `info.sender` of the Receive call) is `token`, then parses the hook.
pub fn receive<T: DeserializeOwned>(
    api: &dyn Api,
    token: &Addr,
    caller: &Addr,
    wrapper: Cw20ReceiveMsg,
) -> Result<Received<T>, ReceiveError> {
    if caller != token {
        return Err(ReceiveError::WrongToken {
            received: caller.clone(),
            expected: token.clone(),
        });
    }
    Ok(Received {
        sender: api.addr_validate(&wrapper.sender)?,
        amount: wrapper.amount,
        msg: from_json(&wrapper.msg)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::to_json_binary;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Hook {
        Deposit { memo: String },
    }

    fn wrapper(sender: &str, msg: cosmwasm_std::Binary) -> Cw20ReceiveMsg {
        Cw20ReceiveMsg {
            sender: sender.to_string(),
            amount: Uint128::new(42),
            msg,
        }
    }

    #[test]
    fn token_hook_parses() {
        let api = MockApi::default();
        let token = api.addr_make("token");
        let alice = api.addr_make("alice");
        let msg = to_json_binary(&Hook::Deposit { memo: "m".into() }).unwrap();
        let received: Received<Hook> =
            receive(&api, &token, &token, wrapper(alice.as_str(), msg)).unwrap();
        assert_eq!(
            received,
            Received {
                sender: alice,
                amount: Uint128::new(42),
                msg: Hook::Deposit { memo: "m".into() }
            }
        );
    }

    #[test]
    fn other_token_is_refused() {
        let api = MockApi::default();
        let token = api.addr_make("token");
        let fake = api.addr_make("fake");
        let msg = to_json_binary(&Hook::Deposit { memo: "m".into() }).unwrap();
        let err = receive::<Hook>(
            &api,
            &token,
            &fake,
            wrapper(api.addr_make("a").as_str(), msg),
        )
        .unwrap_err();
        assert_eq!(
            err,
            ReceiveError::WrongToken {
                received: fake,
                expected: token
            }
        );
    }

    #[test]
    fn invalid_sender_and_bad_hook_are_refused() {
        let api = MockApi::default();
        let token = api.addr_make("token");
        let msg = to_json_binary(&Hook::Deposit { memo: "m".into() }).unwrap();
        let err = receive::<Hook>(&api, &token, &token, wrapper("not-bech32", msg)).unwrap_err();
        assert!(matches!(err, ReceiveError::Std(_)), "{err:?}");
        let bad = cosmwasm_std::Binary::from(b"{\"withdraw\":{}}".to_vec());
        let err = receive::<Hook>(
            &api,
            &token,
            &token,
            wrapper(api.addr_make("a").as_str(), bad),
        )
        .unwrap_err();
        assert!(
            matches!(err, ReceiveError::Std(StdError::ParseErr { .. })),
            "{err:?}"
        );
    }
}
