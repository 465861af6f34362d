//! Hooks into other contracts (slash, reputation report, distributor work record, stake change)
//! that must never block what users are owed: each is a sub-message that replies only on error,
//! and the reply turns the failure into a `hook_failed` event instead of reverting the action.
//!
//! The reply entry point decodes [`HookReply`], not cosmwasm-std's `Reply`: a hook's owner reads
//! the id, the payload and the error, and decoding the rest (the events, their attributes and
//! the message responses of a successful sub-message) costs about 18 KB of wasm in every
//! contract that has a reply (docs/size.md). [`reply_entry_point!`] exports it.

use cosmwasm_std::{Binary, CosmosMsg, Reply, Response, SubMsg, SubMsgResult};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// A sub-message whose failure is reported, not propagated.
pub fn reply_on_error(msg: CosmosMsg, id: u64) -> SubMsg {
    SubMsg::reply_on_error(msg, id)
}

/// The fields of a sub-message's reply that a hook's owner reads (the JSON of cosmwasm-std's
/// `Reply`, other fields skipped unread).
#[derive(Deserialize)]
pub struct HookReply {
    pub id: u64,
    #[serde(default)]
    pub payload: Binary,
    pub result: HookResult,
}

/// `SubMsgResult` with a success's content skipped.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HookResult {
    Ok(IgnoredAny),
    Error(String),
}

impl From<Reply> for HookReply {
    /// For tests in cw-multi-test, which calls the reply with a decoded `Reply`.
    fn from(reply: Reply) -> Self {
        HookReply {
            id: reply.id,
            payload: reply.payload,
            result: match reply.result {
                SubMsgResult::Ok(_) => HookResult::Ok(IgnoredAny),
                SubMsgResult::Err(error) => HookResult::Error(error),
            },
        }
    }
}

/// Exports `reply` (unless the crate is built with its `library` feature), decoding the chain's
/// reply as a [`HookReply`] and handing it to `$handler: fn(DepsMut, Env, HookReply) ->
/// Result<Response, E>`. cosmwasm-std's `do_migrate` is its runner: like a reply, a migration
/// takes the environment and one message and returns a `Response`, and it is generic over the
/// message's type where `do_reply` is not.
#[macro_export]
macro_rules! reply_entry_point {
    ($handler:path) => {
        #[cfg(all(target_arch = "wasm32", not(feature = "library")))]
        mod __hook_reply_export {
            #[no_mangle]
            extern "C" fn reply(env_ptr: u32, msg_ptr: u32) -> u32 {
                ::cosmwasm_std::do_migrate(&$handler, env_ptr, msg_ptr)
            }
        }
    };
}

/// The reply to a failed hook named `hook`: an event carrying the error, and nothing reverted.
pub fn hook_failed(hook: &str, result: HookResult) -> Response {
    let error = match result {
        HookResult::Error(error) => error,
        HookResult::Ok(_) => String::new(),
    };
    Response::new()
        .add_attribute("action", "hook_failed")
        .add_attribute("hook", hook)
        .add_attribute("error", error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{BankMsg, ReplyOn};

    #[test]
    fn hooks_reply_only_on_error_and_failures_become_events() {
        let msg: CosmosMsg = BankMsg::Burn { amount: vec![] }.into();
        let sub = reply_on_error(msg, 7);
        assert_eq!((sub.id, sub.reply_on), (7, ReplyOn::Error));
        let response = hook_failed("slash", HookResult::Error("out of gas".into()));
        let values: Vec<_> = response
            .attributes
            .iter()
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(values, ["hook_failed", "slash", "out of gas"]);
    }

    #[test]
    fn a_reply_decodes_to_its_id_payload_and_error_whatever_else_it_carries() {
        let json = br#"{"id":3,"payload":"AQI=","gas_used":12,
            "result":{"error":"refused"}}"#;
        let reply: HookReply = cosmwasm_std::from_json(json).unwrap();
        assert_eq!((reply.id, reply.payload.as_slice()), (3, &[1u8, 2][..]));
        assert!(matches!(reply.result, HookResult::Error(e) if e == "refused"));
        let ok = br#"{"id":1,"gas_used":0,"result":{"ok":{"events":[{"type":"wasm",
            "attributes":[{"key":"a","value":"b"}]}],"data":null,"msg_responses":[]}}}"#;
        let reply: HookReply = cosmwasm_std::from_json(ok).unwrap();
        assert!(reply.payload.is_empty());
        assert!(matches!(reply.result, HookResult::Ok(_)));
        // The full Reply of cosmwasm-std, as cw-multi-test hands it over, converts.
        let full: Reply = cosmwasm_std::from_json(json).unwrap();
        assert_eq!(HookReply::from(full).id, 3);
    }
}
