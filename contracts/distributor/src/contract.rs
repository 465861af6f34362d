//! Entry points: payment, authorisation and pause checks and routing only (the kit's dispatch
//! convention); the emission clock is in `ledger`, members' accounting in `members`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Decimal, Deps, DepsMut, Env, MessageInfo, Reply,
    Response, StdResult, SubMsg, Uint128, WasmMsg,
};
use cw_utils::nonpayable;
use infermesh_kit::guard::guard;
use infermesh_kit::hook::HookReply;
use infermesh_kit::migrate::migrate as migrate_contract;
use infermesh_kit::pause::{self, assert_not_paused};
use infermesh_kit::receive::receive;
use infermesh_kit::validate::optional_address;
use infermesh_kit::{ownership, MigrateMsg};
use infermesh_types::distributor::{
    ExecuteMsg, FeeSourceMsg, InstantiateMsg, Params, QueryMsg, ReceiveMsg, RewardRole,
    StakeReport, WorkEntry, DEFAULT_EPOCH_SECONDS, MIN_EPOCH_SECONDS,
};
use infermesh_types::token::TokenClient;
use serde::{Deserialize, Serialize};

use crate::error::{DistributorError, DistributorResult};
use crate::ledger::Ledger;
use crate::members;
use crate::query;
use crate::stake;
use crate::state::{
    Config, Pool, RoleState, RoleStates, CONFIG, FUNDING, PARAMS, POOL, ROLES, SCHEDULE,
};

const REPLY_COLLECT: u64 = 1;

pub const CONTRACT_NAME: &str = "crates.io:infermesh-distributor";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The source the genesis allocation is recorded under.
pub const GENESIS: &str = "genesis";

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> DistributorResult<Response> {
    nonpayable(&info)?;
    let owner = ownership::initialize(
        deps.storage,
        deps.api,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        &msg.owner,
    )?;
    let params = msg.params.unwrap_or_default();
    params.validate()?;
    let schedule = msg.schedule.unwrap_or_default();
    schedule.validate()?;
    let epoch_seconds = msg.epoch_seconds.unwrap_or(DEFAULT_EPOCH_SECONDS);
    if epoch_seconds < MIN_EPOCH_SECONDS {
        return Err(DistributorError::EpochTooShort {
            epoch_seconds,
            min: MIN_EPOCH_SECONDS,
        });
    }
    let config = Config {
        token: deps.api.addr_validate(&msg.token)?,
        reputation: optional_address(deps.api, msg.reputation)?,
        staking: optional_address(deps.api, msg.staking)?,
        guardian: optional_address(deps.api, msg.guardian)?,
        reporters: reporters(deps.as_ref(), msg.reporters)?,
        start: msg.start.unwrap_or(env.block.time),
        epoch_seconds,
    };
    // The genesis allocation was minted to this address before it existed.
    let balance =
        TokenClient(config.token.clone()).balance(&deps.querier, env.contract.address.as_str())?;
    if balance < msg.genesis_funding {
        return Err(DistributorError::GenesisNotFunded {
            balance,
            genesis: msg.genesis_funding,
        });
    }
    if !msg.genesis_funding.is_zero() {
        FUNDING.save(deps.storage, GENESIS, &msg.genesis_funding)?;
    }
    POOL.save(
        deps.storage,
        &Pool {
            funded: msg.genesis_funding,
            clock: config.start.max(env.block.time),
            ..Pool::default()
        },
    );
    ROLES.save(
        deps.storage,
        &RoleStates(vec![RoleState::default(); RewardRole::ALL.len()]),
    );
    CONFIG.save(deps.storage, &config)?;
    PARAMS.save(deps.storage, &params)?;
    SCHEDULE.save(deps.storage, &schedule)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_distributor")
        .add_attribute("owner", owner)
        .add_attribute("token", config.token)
        .add_attribute("genesis_funding", msg.genesis_funding))
}

fn reporters(
    deps: Deps,
    reporters: Vec<(RewardRole, String)>,
) -> DistributorResult<Vec<(RewardRole, Addr)>> {
    reporters
        .into_iter()
        .map(|(role, reporter)| {
            if !role.by_work() {
                return Err(DistributorError::NotAWorkRole { role });
            }
            Ok((role, deps.api.addr_validate(&reporter)?))
        })
        .collect()
}

/// The ledger brought up to the block time.
pub(crate) fn ledger(deps: Deps, env: &Env) -> DistributorResult<(Ledger, Config, Params)> {
    let config = CONFIG.load(deps.storage)?;
    let params = PARAMS.load(deps.storage)?;
    let schedule = SCHEDULE.load(deps.storage)?;
    let mut ledger = Ledger::load(deps.storage)?;
    ledger.advance(&config, &params, &schedule, env.block.time)?;
    Ok((ledger, config, params))
}

infermesh_kit::execute_entry_point!(crate::contract::execute, ExecuteMsg);

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> DistributorResult<Response> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Receive(wrapper) => {
            let token = CONFIG.load(deps.storage)?.token;
            let received = receive::<ReceiveMsg>(deps.api, &token, &info.sender, wrapper)?;
            assert_not_paused(deps.storage)?;
            let ReceiveMsg::Fund {} = received.msg;
            fund(deps, env, received.sender, received.amount)
        }
        ExecuteMsg::ReportWork {
            role,
            entries,
            eligible_weight,
        } => {
            assert_not_paused(deps.storage)?;
            report_work(deps, env, info.sender, role, entries, eligible_weight)
        }
        ExecuteMsg::SetPoints { role, points } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            assert_not_paused(deps.storage)?;
            set_points(deps, env, role, points)
        }
        ExecuteMsg::StakeChanged {
            operator,
            stake,
            validator,
        } => {
            // Staking is the only sender, so the operator is one of its validated addresses.
            let report = StakeReport {
                operator: deps.api.addr_validate(&operator)?,
                stake,
                validator,
            };
            stake::stake_changed(deps, env, info.sender, report)
        }
        ExecuteMsg::SyncStake { operators } => stake::sync_stake(deps, env, operators),
        ExecuteMsg::PushStakeRewards { operators } => {
            stake::push_stake_rewards(deps, env, operators)
        }
        ExecuteMsg::Claim {} => claim(deps, env, info.sender),
        ExecuteMsg::CollectFees { from } => {
            assert_not_paused(deps.storage)?;
            collect_fees(deps, env, from)
        }
        ExecuteMsg::BurnExpired { role, member } => burn_expired(deps, env, role, member),
        ExecuteMsg::UpdateParams { params } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            update_params(deps, env, params, false)
        }
        ExecuteMsg::EmergencyUpdateParams { params } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            update_params(deps, env, params, true)
        }
        ExecuteMsg::UpdateReporters { reporters: list } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let list = reporters(deps.as_ref(), list)?;
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.reporters = list;
                Ok(config)
            })?;
            Ok(Response::new().add_attribute("action", "update_reporters"))
        }
        ExecuteMsg::UpdateReputation { reputation } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let reputation = optional_address(deps.api, reputation)?;
            let shown = reputation
                .as_ref()
                .map_or("none".to_string(), Addr::to_string);
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.reputation = reputation;
                Ok(config)
            })?;
            Ok(Response::new()
                .add_attribute("action", "update_reputation")
                .add_attribute("reputation", shown))
        }
        ExecuteMsg::UpdateStaking { staking } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let staking = optional_address(deps.api, staking)?;
            let shown = staking.as_ref().map_or("none".to_string(), Addr::to_string);
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.staking = staking;
                Ok(config)
            })?;
            Ok(Response::new()
                .add_attribute("action", "update_staking")
                .add_attribute("staking", shown))
        }
        ExecuteMsg::UpdateGuardian { guardian } => {
            cw_ownable::assert_owner(deps.storage, &info.sender)?;
            let guardian = optional_address(deps.api, guardian)?;
            let shown = guardian
                .as_ref()
                .map_or("none".to_string(), Addr::to_string);
            CONFIG.update(deps.storage, |mut config| -> StdResult<_> {
                config.guardian = guardian;
                Ok(config)
            })?;
            Ok(Response::new()
                .add_attribute("action", "update_guardian")
                .add_attribute("guardian", shown))
        }
        ExecuteMsg::Pause {} => {
            let guardian = CONFIG.load(deps.storage)?.guardian;
            Ok(pause::pause(deps.storage, &info.sender, guardian.as_ref())?)
        }
        ExecuteMsg::Unpause {} => Ok(pause::unpause(deps.storage, &info.sender)?),
        ExecuteMsg::UpdateOwnership(action) => {
            Ok(ownership::update(deps, &env.block, &info.sender, action)?)
        }
    }
}

/// Adds to the pool; the emission up to now was accounted with the pool as it was.
fn fund(deps: DepsMut, env: Env, source: Addr, amount: Uint128) -> DistributorResult<Response> {
    let (mut ledger, _, _) = ledger(deps.as_ref(), &env)?;
    ledger.pool.funded += amount;
    ledger.save(deps.storage)?;
    FUNDING.update(deps.storage, source.as_str(), |funded| -> StdResult<_> {
        Ok(funded.unwrap_or_default() + amount)
    })?;
    Ok(Response::new()
        .add_attribute("action", "fund")
        .add_attribute("source", source)
        .add_attribute("amount", amount))
}

/// Calls `from`'s `Withdraw {}`; the reply records what arrived as funding from `from`
/// (measured as the balance's rise, since a cw20 transfer carries no message). Only reporters:
/// contracts of the suite, which cannot call back into the pool while paying it.
fn collect_fees(deps: DepsMut, env: Env, from: String) -> DistributorResult<Response> {
    let from = deps.api.addr_validate(&from)?;
    let config = CONFIG.load(deps.storage)?;
    if !config
        .reporters
        .iter()
        .any(|(_, reporter)| *reporter == from)
    {
        return Err(DistributorError::NotAFeeSource { address: from });
    }
    let before = TokenClient(config.token).balance(&deps.querier, env.contract.address.as_str())?;
    let withdraw = WasmMsg::Execute {
        contract_addr: from.to_string(),
        msg: to_json_binary(&FeeSourceMsg::Withdraw {})?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_submessage(
            SubMsg::reply_on_success(withdraw, REPLY_COLLECT)
                .with_payload(to_json_binary(&(from.clone(), before))?),
        )
        .add_attribute("action", "collect_fees")
        .add_attribute("from", from))
}

/// The reply as cw-multi-test calls it; the wasm's `reply` decodes only what a hook's reply
/// needs (infermesh_kit::hook) and calls [`hook_reply`].
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> DistributorResult<Response> {
    hook_reply(deps, env, msg.into())
}

infermesh_kit::reply_entry_point!(crate::contract::hook_reply);

pub fn hook_reply(deps: DepsMut, env: Env, msg: HookReply) -> DistributorResult<Response> {
    if msg.id != REPLY_COLLECT {
        return Err(DistributorError::UnknownReply { id: msg.id });
    }
    let (from, before): (Addr, Uint128) = from_json(&msg.payload)?;
    let token = CONFIG.load(deps.storage)?.token;
    let after = TokenClient(token).balance(&deps.querier, env.contract.address.as_str())?;
    fund(deps, env, from, after.checked_sub(before)?)
}

/// `emergency`: the owner's emergency adjustment, outside the parameter guard.
fn update_params(
    deps: DepsMut,
    env: Env,
    params: Params,
    emergency: bool,
) -> DistributorResult<Response> {
    params.validate()?;
    // Everything up to now accrues under the old weights.
    let (ledger, _, current) = ledger(deps.as_ref(), &env)?;
    guard(deps.storage, env.block.time, &current, &params, emergency)?;
    ledger.save(deps.storage)?;
    PARAMS.save(deps.storage, &params)?;
    Ok(Response::new()
        .add_attribute("action", "update_params")
        .add_attribute("emergency", emergency.to_string()))
}

fn report_work(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    role: RewardRole,
    entries: Vec<WorkEntry>,
    eligible_weight: Option<Uint128>,
) -> DistributorResult<Response> {
    if !role.by_work() {
        return Err(DistributorError::NotAWorkRole { role });
    }
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    if !config.reporters.contains(&(role, sender.clone())) {
        return Err(DistributorError::NotReporter { sender, role });
    }
    if entries.iter().all(|entry| entry.weight.is_zero()) {
        return Err(DistributorError::EmptyReport {});
    }
    let now = env.block.time;
    for entry in &entries {
        let address = deps.api.addr_validate(&entry.member)?;
        let weight = work_weight(deps.as_ref(), &config, role, &address, entry.weight)?;
        let mut member = members::load(deps.storage, role, &address)?;
        members::settle(
            deps.storage,
            &mut ledger,
            &config,
            &params,
            role,
            &mut member,
            now,
        )?;
        // A voter counts once an epoch, at the most power it voted with: more proposals
        // (spam included) do not multiply it (docs/distributor.md §2).
        let added = match role {
            RewardRole::GovernanceVoters => weight.saturating_sub(member.weight),
            _ => weight,
        };
        // Checked: reports summing past Uint128::MAX are refused with a typed error, not a trap.
        member.weight = member.weight.checked_add(added)?;
        member.fees = member.fees.checked_add(entry.fees)?;
        let state = ledger.role_mut(role);
        state.weight = state.weight.checked_add(added)?;
        members::save(deps.storage, role, &address, &member)?;
    }
    let state = ledger.role_mut(role);
    state.floor = state.floor.max(eligible_weight.unwrap_or_default());
    let epoch = state.epoch;
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "report_work")
        .add_attribute("role", format!("{role:?}"))
        .add_attribute("epoch", epoch.to_string())
        .add_attribute("entries", entries.len().to_string()))
}

/// A provider's settled units count × its reputation multiplier (speed × quality, 0.5× at score
/// 0 to 1.8× at best, docs/reputation.md), read when the work is reported; other work as reported.
fn work_weight(
    deps: Deps,
    config: &Config,
    role: RewardRole,
    member: &Addr,
    units: Uint128,
) -> DistributorResult<Uint128> {
    match (&config.reputation, role) {
        (Some(reputation), RewardRole::ComputeProviders) => {
            let response: MultiplierOnly = deps.querier.query_wasm_smart(
                reputation,
                &MultiplierQuery::Multiplier {
                    operator: member.as_str(),
                },
            )?;
            Ok(units.mul_floor(response.multiplier))
        }
        _ => Ok(units),
    }
}

/// Reputation's `Multiplier` query, and the one field of its answer read here: serializing the
/// query alone keeps the rest of reputation's messages out of this wasm.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum MultiplierQuery<'a> {
    Multiplier { operator: &'a str },
}

#[derive(Deserialize)]
struct MultiplierOnly {
    multiplier: Decimal,
}

fn set_points(
    deps: DepsMut,
    env: Env,
    role: RewardRole,
    points: Vec<(String, Uint128)>,
) -> DistributorResult<Response> {
    if role.by_work() || role.by_stake() {
        return Err(DistributorError::NotAPointsRole { role });
    }
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    for (member, new_points) in &points {
        let address = deps.api.addr_validate(member)?;
        members::set_points(
            deps.storage,
            &mut ledger,
            &config,
            &params,
            role,
            &address,
            *new_points,
            env.block.time,
        )?;
    }
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "set_points")
        .add_attribute("role", format!("{role:?}"))
        .add_attribute("members", points.len().to_string()))
}

/// The sender's rewards in every work and points role, in one transfer: seven reads at most,
/// whatever the number of members or of epochs elapsed. What an operator's pool earns in the
/// stake roles belongs to its delegators: `PushStakeRewards` pays it into staking.
fn claim(deps: DepsMut, env: Env, claimant: Addr) -> DistributorResult<Response> {
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    let mut total = Uint128::zero();
    for role in RewardRole::ALL.into_iter().filter(|role| !role.by_stake()) {
        total += members::take_pending(
            deps.storage,
            &mut ledger,
            &config,
            &params,
            role,
            &claimant,
            env.block.time,
        )?;
    }
    if total.is_zero() {
        return Err(DistributorError::NothingToClaim { member: claimant });
    }
    ledger.pool.claimed += total;
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_message(TokenClient(config.token).transfer_msg(&claimant, total)?)
        .add_attribute("action", "claim")
        .add_attribute("member", claimant)
        .add_attribute("amount", total))
}

/// Anyone: burns a member's rewards in one role once the oldest of them is
/// `claim_expiry_seconds` old (QUIVer §5.3).
fn burn_expired(
    deps: DepsMut,
    env: Env,
    role: RewardRole,
    member: String,
) -> DistributorResult<Response> {
    let address = deps.api.addr_validate(&member)?;
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    let mut member = members::load(deps.storage, role, &address)?;
    members::settle(
        deps.storage,
        &mut ledger,
        &config,
        &params,
        role,
        &mut member,
        env.block.time,
    )?;
    let Some(since) = member.pending_since.filter(|_| !member.pending.is_zero()) else {
        return Err(DistributorError::NothingToBurn {
            member: address,
            role,
        });
    };
    let expires_at = since.plus_seconds(params.claim_expiry_seconds);
    if env.block.time < expires_at {
        return Err(DistributorError::RewardsNotExpired {
            member: address,
            role,
            expires_at,
        });
    }
    let burned = std::mem::take(&mut member.pending);
    member.pending_since = None;
    members::save(deps.storage, role, &address, &member)?;
    ledger.pool.burned += burned;
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_message(TokenClient(config.token).burn_msg(burned)?)
        .add_attribute("action", "burn_expired")
        .add_attribute("member", address)
        .add_attribute("role", format!("{role:?}"))
        .add_attribute("amount", burned))
}

infermesh_kit::query_entry_point!(crate::contract::query, QueryMsg);

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Params {} => to_json_binary(&PARAMS.load(deps.storage)?),
        QueryMsg::Schedule { year } => to_json_binary(&query::schedule(deps, year)?),
        QueryMsg::Emission {} => to_json_binary(&query::emission(deps, env)?),
        QueryMsg::Pending { member } => to_json_binary(&query::pending(deps, env, member)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> DistributorResult<Response> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}

pub(crate) fn ledger_now(deps: Deps, env: &Env) -> StdResult<(Ledger, Config, Params)> {
    ledger(deps, env).map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))
}
