//! Entry points. Execute and query are cw20-base's own handlers, so wallets see a standard cw20;
//! instantiate enforces the genesis allocation, creates the vesting contract that holds the
//! categories vested at genesis, and leaves no minter.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Uint128};
use cw20_base::msg::{ExecuteMsg, QueryMsg};
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::MigrateMsg;
use infermesh_types::token::InstantiateMsg;

use crate::error::TokenError;
use crate::genesis::{check_grants, initial_balances, instantiate_vesting_msg, vesting_target};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-token";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

fn reject_funds(info: &MessageInfo) -> Result<(), TokenError> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(TokenError::NativeFundsNotAccepted {})
    }
}

/// cw20-base 2.0 dropped its zero-amount checks; a zero movement is always a client bug here.
fn reject_zero_amount(msg: &ExecuteMsg) -> Result<(), TokenError> {
    let amount = match msg {
        ExecuteMsg::Transfer { amount, .. }
        | ExecuteMsg::Send { amount, .. }
        | ExecuteMsg::Burn { amount }
        | ExecuteMsg::TransferFrom { amount, .. }
        | ExecuteMsg::SendFrom { amount, .. }
        | ExecuteMsg::BurnFrom { amount, .. }
        | ExecuteMsg::IncreaseAllowance { amount, .. } => amount,
        _ => return Ok(()),
    };
    if amount.is_zero() {
        Err(TokenError::ZeroAmount {})
    } else {
        Ok(())
    }
}

/// cw20-base adds to an allowance with a panicking `+=`; an overflow must be a typed error instead.
fn reject_allowance_overflow(
    deps: Deps,
    owner: &Addr,
    spender: &str,
    amount: Uint128,
) -> Result<(), TokenError> {
    let current =
        cw20_base::allowances::query_allowance(deps, owner.to_string(), spender.to_string())?
            .allowance;
    current.checked_add(amount)?;
    Ok(())
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, TokenError> {
    reject_funds(&info)?;
    let vesting = vesting_target(deps.as_ref(), &env, msg.vesting.code_id)?;
    let initial_balances =
        initial_balances(deps.api, msg.decimals, &msg.allocations, &vesting.address)?;
    check_grants(&msg.vesting.grants)?;
    let vesting_code_id = msg.vesting.code_id;
    let instantiate_vesting = instantiate_vesting_msg(&env, msg.vesting)?;
    let base_msg = cw20_base::msg::InstantiateMsg {
        name: msg.name,
        symbol: msg.symbol,
        decimals: msg.decimals,
        initial_balances,
        // No minter: the genesis supply is the hard cap, for good.
        mint: None,
        marketing: msg
            .marketing
            .map(|m| cw20_base::msg::InstantiateMarketingInfo {
                project: m.project,
                description: m.description,
                marketing: m.marketing,
                logo: m.logo,
            }),
    };
    let base_response = cw20_base::contract::instantiate(deps.branch(), env, info, base_msg)?;
    // cw20-base recorded its own name; this contract migrates under ours.
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let mut response = Response::new().add_attribute("action", "instantiate_token");
    for allocation in &msg.allocations {
        response = response.add_attribute(
            format!("allocation_{:?}", allocation.category).to_lowercase(),
            format!("{}:{}", allocation.address, allocation.amount),
        );
    }
    // The vesting contract is created in this transaction, after the balances above exist: it
    // holds the vested categories under its genesis grants from the first block.
    Ok(response
        .add_attribute("vesting", vesting.address)
        .add_attribute("vesting_code_id", vesting_code_id.to_string())
        .add_attribute("vesting_checksum", vesting.checksum.to_hex())
        .add_attributes(base_response.attributes)
        .add_message(instantiate_vesting))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, TokenError> {
    reject_funds(&info)?;
    reject_zero_amount(&msg)?;
    if let ExecuteMsg::IncreaseAllowance {
        spender, amount, ..
    } = &msg
    {
        reject_allowance_overflow(deps.as_ref(), &info.sender, spender, *amount)?;
    }
    Ok(cw20_base::contract::execute(deps, env, info, msg)?)
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    cw20_base::contract::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, TokenError> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
