//! The reward distributor's inbound hooks: what the escrow and the channels contract report for
//! every settlement (docs/rules.md). The distributor contract itself is still to come; until one
//! is configured, no work is reported.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, StdResult, Uint128, WasmMsg};

/// Work weight of the provider (and the routed units of the gateway) of one settlement. Channel
/// redemptions report `amount / base_price` units and no gateway.
#[cw_serde]
pub enum DistributorHookMsg {
    WorkSettled {
        provider: String,
        gateway: Option<String>,
        compute_units: Uint128,
        /// `bill-<id>` or `channel-<id>-<nonce>`.
        reference: String,
    },
}

/// The `WorkSettled` message to `distributor`, or none when no units were settled.
pub fn work_settled_msg(
    distributor: &Addr,
    provider: &Addr,
    gateway: Option<&Addr>,
    compute_units: Uint128,
    reference: String,
) -> StdResult<Option<CosmosMsg>> {
    if compute_units.is_zero() {
        return Ok(None);
    }
    Ok(Some(
        WasmMsg::Execute {
            contract_addr: distributor.to_string(),
            msg: to_json_binary(&DistributorHookMsg::WorkSettled {
                provider: provider.to_string(),
                gateway: gateway.map(Addr::to_string),
                compute_units,
                reference,
            })?,
            funds: vec![],
        }
        .into(),
    ))
}
