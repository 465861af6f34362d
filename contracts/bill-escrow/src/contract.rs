//! Entry points: payment, authorisation and pause checks and routing only; each action lives in
//! its own module.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response,
    StdResult, Storage, Uint128,
};
use cw20::Cw20ReceiveMsg;
use cw_utils::nonpayable;
use infermesh_types::bill_escrow::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};
use infermesh_types::common::{migrate_version, MigrateMsg};

use crate::admin::{self, ConfigUpdate};
use crate::bill::OpenBill;
use crate::error::{BillEscrowError, BillEscrowResult};
use crate::query::BillFilter;
use crate::state::{Config, Totals, CONFIG, NEXT_BILL_ID, NEXT_CHANNEL_ID, PARAMS, PAUSED, TOTALS};
use crate::{bill, channel, dispute, query, settle};

pub const CONTRACT_NAME: &str = "crates.io:infermesh-bill-escrow";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> BillEscrowResult<Response> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let owner = cw_ownable::initialize_owner(deps.storage, deps.api, Some(&msg.owner))?;
    let params = msg.params.unwrap_or_default();
    admin::validate_params(&params)?;
    let api = deps.api;
    let config = Config {
        token: api.addr_validate(&msg.token)?,
        staking: api.addr_validate(&msg.staking)?,
        reputation: api.addr_validate(&msg.reputation)?,
        treasury: api.addr_validate(&msg.treasury)?,
        distributor: admin::validate_optional(api, msg.distributor)?,
        arbiter: admin::validate_optional(api, msg.arbiter)?,
        guardian: admin::validate_optional(api, msg.guardian)?,
    };
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    PAUSED.save(deps.storage, &false)?;
    TOTALS.save(deps.storage, &Totals::default())?;
    NEXT_BILL_ID.save(deps.storage, &1)?;
    NEXT_CHANNEL_ID.save(deps.storage, &1)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_bill_escrow")
        .add_attribute(
            "owner",
            owner.owner.map(|o| o.into_string()).unwrap_or_default(),
        )
        .add_attribute("token", config.token)
        .add_attribute("staking", config.staking)
        .add_attribute("reputation", config.reputation)
        .add_attribute("treasury", config.treasury))
}

fn assert_not_paused(storage: &dyn Storage) -> BillEscrowResult<()> {
    if PAUSED.load(storage)? {
        return Err(BillEscrowError::Paused {});
    }
    Ok(())
}

/// The guardian and the owner may pause.
fn assert_guardian(storage: &dyn Storage, sender: &Addr) -> BillEscrowResult<()> {
    let config = CONFIG.load(storage)?;
    if config.guardian.as_ref() == Some(sender) || cw_ownable::is_owner(storage, sender)? {
        return Ok(());
    }
    Err(BillEscrowError::NotGuardian {
        sender: sender.clone(),
    })
}

/// The arbiter and the owner (the DAO that appoints it) may resolve disputes.
fn assert_arbiter(storage: &dyn Storage, sender: &Addr) -> BillEscrowResult<()> {
    let config = CONFIG.load(storage)?;
    if config.arbiter.as_ref() == Some(sender) || cw_ownable::is_owner(storage, sender)? {
        return Ok(());
    }
    Err(BillEscrowError::NotArbiter {
        sender: sender.clone(),
    })
}

type ReceiveFn = fn(DepsMut, Env, Addr, Cw20ReceiveMsg) -> BillEscrowResult<Response>;
type OpenBillFn = fn(DepsMut, Env, Config, Addr, Uint128, OpenBill) -> BillEscrowResult<Response>;

/// The cw20 hook: only the configured token may call it.
fn receive(
    deps: DepsMut,
    env: Env,
    sender_contract: Addr,
    wrapper: Cw20ReceiveMsg,
) -> BillEscrowResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    if sender_contract != config.token {
        return Err(BillEscrowError::WrongToken {
            received: sender_contract,
            expected: config.token,
        });
    }
    let sender = deps.api.addr_validate(&wrapper.sender)?;
    match from_json(&wrapper.msg)? {
        ReceiveMsg::OpenBill {
            provider,
            gateway,
            model_class,
            max_units,
            latency_class,
            deadline,
            min_reputation,
        } => {
            assert_not_paused(deps.storage)?;
            let open = OpenBill {
                provider,
                gateway,
                model_class,
                max_units,
                latency_class,
                deadline,
                min_reputation,
            };
            let open_bill: OpenBillFn = core::hint::black_box(bill::open);
            open_bill(deps, env, config, sender, wrapper.amount, open)
        }
        ReceiveMsg::Dispute { bill_id } => {
            dispute::open(deps, env, sender, wrapper.amount, bill_id)
        }
        ReceiveMsg::OpenChannel {
            provider,
            pubkey,
            expires_at,
        } => {
            assert_not_paused(deps.storage)?;
            channel::open(
                deps,
                env,
                config,
                sender,
                wrapper.amount,
                provider,
                pubkey,
                expires_at,
            )
        }
        ReceiveMsg::TopUp { channel_id } => {
            assert_not_paused(deps.storage)?;
            channel::top_up(deps, env, sender, wrapper.amount, channel_id)
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> BillEscrowResult<Response> {
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            nonpayable(&info)?;
            // Called through an opaque pointer so the wasm optimiser keeps the cw20 hook out of
            // `execute`: inlined together they exceed wasmd's limit of 100 locals per function.
            let receive: ReceiveFn = core::hint::black_box(receive);
            receive(deps, env, info.sender, wrapper)
        }
        ExecuteMsg::Complete {
            bill_id,
            units,
            latency_ms,
            result_hash,
        } => {
            nonpayable(&info)?;
            bill::complete(
                deps,
                env,
                info.sender,
                bill_id,
                units,
                latency_ms,
                result_hash,
            )
        }
        ExecuteMsg::Accept { bill_id } => {
            nonpayable(&info)?;
            bill::accept(deps, env, info.sender, bill_id)
        }
        ExecuteMsg::ResolveVote {
            bill_id,
            provider_at_fault,
        } => {
            nonpayable(&info)?;
            dispute::vote(deps, env, info.sender, bill_id, provider_at_fault)
        }
        ExecuteMsg::Resolve { bill_id, verdict } => {
            nonpayable(&info)?;
            assert_arbiter(deps.storage, &info.sender)?;
            dispute::resolve(deps, env, info.sender, bill_id, verdict)
        }
        ExecuteMsg::Finalize { bill_id } => {
            nonpayable(&info)?;
            bill::finalize(deps, env, bill_id)
        }
        ExecuteMsg::RefundTimeout { bill_id } => {
            nonpayable(&info)?;
            bill::refund_timeout(deps, env, bill_id)
        }
        ExecuteMsg::Redeem {
            channel_id,
            cumulative_amount,
            nonce,
            signature,
            sign_mode,
        } => {
            nonpayable(&info)?;
            channel::redeem(
                deps,
                env,
                info.sender,
                channel_id,
                cumulative_amount,
                nonce,
                signature,
                sign_mode,
            )
        }
        ExecuteMsg::Reclaim { channel_id } => {
            nonpayable(&info)?;
            channel::reclaim(deps, env, info.sender, channel_id)
        }
        ExecuteMsg::Pause {} => {
            nonpayable(&info)?;
            assert_guardian(deps.storage, &info.sender)?;
            admin::pause(deps, info.sender)
        }
        ExecuteMsg::Unpause {} => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::unpause(deps, info.sender)
        }
        ExecuteMsg::UpdateParams { params } => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_params(deps, params)
        }
        ExecuteMsg::UpdateConfig {
            staking,
            reputation,
            treasury,
            distributor,
            arbiter,
            guardian,
        } => {
            nonpayable(&info)?;
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            admin::update_config(
                deps,
                ConfigUpdate {
                    staking,
                    reputation,
                    treasury,
                    distributor,
                    arbiter,
                    guardian,
                },
            )
        }
        ExecuteMsg::UpdateOwnership(action) => {
            nonpayable(&info)?;
            let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
            Ok(Response::new()
                .add_attribute("action", "update_ownership")
                .add_attributes(ownership.into_attributes()))
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> BillEscrowResult<Response> {
    settle::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&query::params(deps)?),
        QueryMsg::Totals {} => to_json_binary(&query::totals(deps)?),
        QueryMsg::Quote {
            model_class,
            latency_class,
            units,
        } => to_json_binary(&query::quote(deps, model_class, latency_class, units)?),
        QueryMsg::Bill { bill_id } => to_json_binary(&query::bill(deps, bill_id)?),
        QueryMsg::Bills { start_after, limit } => {
            to_json_binary(&query::bills_page(deps, start_after, limit)?)
        }
        QueryMsg::BillsByConsumer {
            consumer,
            start_after,
            limit,
        } => {
            let consumer = deps.api.addr_validate(&consumer)?;
            to_json_binary(&query::bills_by(
                deps,
                BillFilter::Consumer(consumer),
                start_after,
                limit,
            )?)
        }
        QueryMsg::BillsByProvider {
            provider,
            start_after,
            limit,
        } => {
            let provider = deps.api.addr_validate(&provider)?;
            to_json_binary(&query::bills_by(
                deps,
                BillFilter::Provider(provider),
                start_after,
                limit,
            )?)
        }
        QueryMsg::BillsByStatus {
            status,
            start_after,
            limit,
        } => to_json_binary(&query::bills_by(
            deps,
            BillFilter::Status(status),
            start_after,
            limit,
        )?),
        QueryMsg::Vote { bill_id, validator } => {
            to_json_binary(&query::vote(deps, bill_id, validator)?)
        }
        QueryMsg::SlaWindow { provider } => {
            to_json_binary(&query::sla_window(deps, env, provider)?)
        }
        QueryMsg::Channel { channel_id } => to_json_binary(&query::channel(deps, channel_id)?),
        QueryMsg::ChannelsByConsumer {
            consumer,
            start_after,
            limit,
        } => to_json_binary(&query::channels_by(
            deps,
            consumer,
            true,
            start_after,
            limit,
        )?),
        QueryMsg::ChannelsByProvider {
            provider,
            start_after,
            limit,
        } => to_json_binary(&query::channels_by(
            deps,
            provider,
            false,
            start_after,
            limit,
        )?),
        QueryMsg::VoucherSignBytes {
            channel_id,
            cumulative_amount,
            nonce,
            sign_mode,
        } => to_json_binary(&query::voucher_sign_bytes(
            deps,
            env,
            channel_id,
            cumulative_amount,
            nonce,
            sign_mode,
        )?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> BillEscrowResult<Response> {
    let from = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
