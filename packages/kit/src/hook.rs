//! Hooks into other contracts (slash, reputation report, distributor work record) that must
//! never block what users are owed: each is a sub-message that replies only on error, and the
//! reply turns the failure into a `hook_failed` event instead of reverting the action.

use cosmwasm_std::{CosmosMsg, Response, SubMsg, SubMsgResult};

/// A sub-message whose failure is reported, not propagated.
pub fn reply_on_error(msg: CosmosMsg, id: u64) -> SubMsg {
    SubMsg::reply_on_error(msg, id)
}

/// The reply to a failed hook named `hook`: an event carrying the error, and nothing reverted.
pub fn hook_failed(hook: &str, result: SubMsgResult) -> Response {
    let error = match result {
        SubMsgResult::Err(error) => error,
        SubMsgResult::Ok(_) => String::new(),
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
        let response = hook_failed("slash", SubMsgResult::Err("out of gas".into()));
        let values: Vec<_> = response
            .attributes
            .iter()
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(values, ["hook_failed", "slash", "out of gas"]);
    }
}
