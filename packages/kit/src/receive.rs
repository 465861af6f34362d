//! The cw20 Receive hook, once: only the configured token may call it, the hook payload parses
//! into the contract's `ReceiveMsg`, and the cw20 sender is a valid address.

use cosmwasm_std::{Addr, Api, Binary, StdError, Uint128};
use cw20::Cw20ReceiveMsg;
use serde::de::DeserializeOwned;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ReceiveError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("cw20 {received} is not this contract's token {expected}")]
    WrongToken { received: Addr, expected: Addr },

    #[error("invalid cw20 hook (`msg` of the Send): {reason}; expected base64 JSON of one action of schema/<contract>/raw/receive.json")]
    InvalidHook { reason: String },
}

/// Parses a cw20 Send's `msg` as the contract's hook `T`, or says what is wrong with it in words
/// a person can act on: not JSON at all, or the parser's complaint (an unknown action lists the
/// expected ones; a missing field names it).
pub fn parse_hook<T: DeserializeOwned>(msg: &Binary) -> Result<T, ReceiveError> {
    if msg.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ReceiveError::InvalidHook {
            reason: "it is not a JSON object".to_string(),
        });
    }
    crate::parse::from_json_located(msg).map_err(|error| ReceiveError::InvalidHook {
        reason: match error {
            StdError::ParseErr { msg, .. } => msg,
            other => other.to_string(),
        },
    })
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
        msg: parse_hook(&wrapper.msg)?,
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
        assert_eq!(
            err,
            ReceiveError::InvalidHook {
                reason: "unknown variant `withdraw`, expected `deposit`".into()
            }
        );
        for not_json in [&b"true"[..], b"  [1]", b"", b"deposit"] {
            let err = receive::<Hook>(
                &api,
                &token,
                &token,
                wrapper(api.addr_make("a").as_str(), Binary::from(not_json.to_vec())),
            )
            .unwrap_err();
            assert_eq!(
                err,
                ReceiveError::InvalidHook {
                    reason: "it is not a JSON object".into()
                }
            );
        }
        let missing = Binary::from(b"{\"deposit\":{}}".to_vec());
        let err = parse_hook::<Hook>(&missing).unwrap_err();
        assert_eq!(
            err,
            ReceiveError::InvalidHook {
                reason: "at `deposit`: missing field `memo`".into()
            }
        );
        let wrong_type = Binary::from(b"{\"deposit\":{\"memo\":[1,2]}}".to_vec());
        assert_eq!(
            parse_hook::<Hook>(&wrong_type).unwrap_err().to_string(),
            "invalid cw20 hook (`msg` of the Send): at `deposit.memo`: expected a string, found \
             an array of 2; expected base64 JSON of one action of schema/<contract>/raw/receive.json"
        );
        let truncated = Binary::from(b"{\"deposit\":{\"memo\":".to_vec());
        assert!(matches!(
            parse_hook::<Hook>(&truncated),
            Err(ReceiveError::InvalidHook { .. })
        ));
    }
}
