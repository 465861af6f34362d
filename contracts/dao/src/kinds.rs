//! What each message a proposal carries requires (docs/dao.md §3): a proposal may carry only
//! messages whose kind's threshold and quorum are no higher than its own, so a spend or a
//! parameter change cannot pass under a lower bar than its own; and some messages no proposal
//! may carry, because what they do outlives the execution that checks the DAO's solvency.

use std::collections::BTreeMap;

use cosmwasm_std::{from_json, Addr, Api, BankMsg, CosmosMsg, WasmMsg};
use infermesh_types::dao::{Params, ProposalKind};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// The contracts whose calls the DAO's own safety rests on: itself (its rules) and the token
/// (its balance is the treasury and the vault).
pub struct Trusted<'a> {
    pub dao: &'a Addr,
    pub token: &'a Addr,
}

/// The kind whose bar `msg` must pass, or why no proposal may carry it.
/// * Bank messages, and `transfer`, `send` (not to the DAO itself), `burn` or
///   `decrease_allowance` on the token: the DAO's own tokens move — treasury. Other token calls
///   are refused: an allowance, or a `*_from` call, would let tokens leave after the solvency
///   check, out of the vault.
/// * A call on the DAO itself (its own rules), migrating or changing the admin of any contract,
///   and `update_ownership` other than accepting an ownership offered to the DAO (each would
///   hand a contract's parameters to code or an owner outside the parameter guard): emergency
///   parameter, the highest bar.
/// * `update_params` of another contract: economic (within its parameter guard, 20 % a
///   quarter); `emergency_update_params`, outside the guard: emergency parameter.
/// * Any other wasm message (accepting ownership included): technical. Anything but bank and wasm messages is refused (the DAO
///   holds no native stake, and a Stargate or Any message could grant authz over the DAO).
pub fn required_kind(
    api: &dyn Api,
    msg: &CosmosMsg,
    trusted: &Trusted,
) -> Result<ProposalKind, String> {
    let target = |contract: &str| {
        api.addr_validate(contract)
            .map_err(|_| format!("{contract} is not a normalised address"))
    };
    match msg {
        CosmosMsg::Bank(BankMsg::Send { .. } | BankMsg::Burn { .. }) => Ok(ProposalKind::Treasury),
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            let contract = target(contract_addr)?;
            if contract == *trusted.dao {
                return Ok(ProposalKind::EmergencyParameter);
            }
            let action = action(msg);
            if contract == *trusted.token {
                return token_call(api, action.as_deref(), msg, trusted.dao);
            }
            Ok(match action.as_deref() {
                Some("update_params") => ProposalKind::Economic,
                Some("emergency_update_params") => ProposalKind::EmergencyParameter,
                Some("update_ownership") if accepts_ownership(msg) => ProposalKind::Technical,
                // Giving a contract away (or renouncing it) hands its parameters to an owner
                // outside the guard.
                Some("update_ownership") => ProposalKind::EmergencyParameter,
                _ => ProposalKind::Technical,
            })
        }
        // New code or a new admin can rewrite any contract's state, its parameters too.
        CosmosMsg::Wasm(
            WasmMsg::Migrate { contract_addr, .. }
            | WasmMsg::UpdateAdmin { contract_addr, .. }
            | WasmMsg::ClearAdmin { contract_addr },
        ) => {
            target(contract_addr)?;
            Ok(ProposalKind::EmergencyParameter)
        }
        CosmosMsg::Wasm(_) => Ok(ProposalKind::Technical),
        _ => Err("only bank and wasm messages may be proposed".to_string()),
    }
}

#[derive(Deserialize)]
struct SendCall {
    send: SendArgs,
}

#[derive(Deserialize)]
struct SendArgs {
    contract: String,
}

fn token_call(
    api: &dyn Api,
    action: Option<&str>,
    msg: &[u8],
    dao: &Addr,
) -> Result<ProposalKind, String> {
    match action {
        Some("transfer" | "burn" | "decrease_allowance") => Ok(ProposalKind::Treasury),
        Some("send") => {
            let SendCall { send } =
                from_json(msg).map_err(|e| format!("a token send that does not parse: {e}"))?;
            let to = api
                .addr_validate(&send.contract)
                .map_err(|_| format!("{} is not a normalised address", send.contract))?;
            if to == *dao {
                return Err("the DAO may not send tokens to itself (its vault)".to_string());
            }
            Ok(ProposalKind::Treasury)
        }
        other => Err(format!(
            "the token call {} could move the DAO's tokens after the execution's solvency check",
            other.unwrap_or("(unreadable)")
        )),
    }
}

/// cw-ownable's `UpdateOwnership` as sent: only accepting an offered ownership is told apart.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OwnershipCall {
    UpdateOwnership(OwnershipAction),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OwnershipAction {
    AcceptOwnership,
}

/// The message accepts an ownership offered to the DAO (what the handover proposal carries).
fn accepts_ownership(msg: &[u8]) -> bool {
    matches!(
        from_json(msg),
        Ok(OwnershipCall::UpdateOwnership(
            OwnershipAction::AcceptOwnership
        ))
    )
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
