//! What each message a proposal carries requires (docs/dao.md §3): a proposal may carry only
//! messages whose kind's threshold and quorum are no higher than its own kind's, so a spend or a
//! parameter change cannot pass under a lower bar than its own.

use std::collections::BTreeMap;

use cosmwasm_std::{from_json, Addr, CosmosMsg, WasmMsg};
use infermesh_types::dao::{Params, ProposalKind};
use serde::de::IgnoredAny;

/// The kind whose bar `msg` must pass.
/// * Any call on the token, and any bank message: the DAO's own tokens move — treasury.
/// * A call on the DAO itself: its own rules (thresholds, quorums, periods) — the highest bar,
///   emergency parameter, so no lower bar can lower the others.
/// * `update_params` of another contract: economic.
/// * Anything else (migrate, admin, ownership, configuration, unpause, other modules):
///   technical.
pub fn required_kind(msg: &CosmosMsg, token: &Addr, dao: &Addr) -> ProposalKind {
    match msg {
        CosmosMsg::Bank(_) => ProposalKind::Treasury,
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            if contract_addr == dao.as_str() {
                ProposalKind::EmergencyParameter
            } else if contract_addr == token.as_str() {
                ProposalKind::Treasury
            } else if action(msg) == Some("update_params".to_string()) {
                ProposalKind::Economic
            } else {
                ProposalKind::Technical
            }
        }
        _ => ProposalKind::Technical,
    }
}

/// The action of an execute message: its JSON object's only key.
fn action(msg: &[u8]) -> Option<String> {
    let object: BTreeMap<String, IgnoredAny> = from_json(msg).ok()?;
    let mut keys = object.into_keys();
    match (keys.next(), keys.next()) {
        (Some(key), None) => Some(key),
        _ => None,
    }
}

/// `kind`'s bar is at least `required`'s in threshold and in quorum.
pub fn may_carry(params: &Params, kind: ProposalKind, required: ProposalKind) -> bool {
    let (own, needed) = (params.rules(kind), params.rules(required));
    own.threshold >= needed.threshold && own.quorum >= needed.quorum
}
