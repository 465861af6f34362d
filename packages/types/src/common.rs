//! Conventions every contract's messages share: ownership actions, execute messages, units of time and ratio.

use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, StdResult, WasmMsg};
use serde::Serialize;

pub use cw_ownable::{Action as OwnershipAction, Ownership};

/// A `WasmMsg::Execute` of `msg` on `contract`, without funds: how every typed client calls its contract.
pub fn execute_msg<T: Serialize>(contract: &Addr, msg: &T) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Seconds in a day; block time is seconds since the epoch, so durations count calendar-free days.
pub const DAY_SECONDS: u64 = 24 * 60 * 60;
/// 365 days.
pub const YEAR_SECONDS: u64 = 365 * DAY_SECONDS;

/// Basis points in one whole (100%).
pub const BPS_DENOMINATOR: u16 = 10_000;
