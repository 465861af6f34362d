//! The stake roles (docs/distributor.md §4): validators and stakers earn continuously by the
//! stake of each operator's pool, as staking reports it; what a pool earns is paid into staking
//! for the operator's delegators, where it streams over `reward_stream_seconds`, so stake that
//! arrives just before a payment earns only for the time it stays bonded.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, Response, Storage, Timestamp, Uint128};
use infermesh_types::distributor::{Params, RewardRole, StakeReport, MAX_PUSH_OPERATORS};
use infermesh_types::staking::{ReceiveMsg as StakingReceiveMsg, Role};
use infermesh_types::token::TokenClient;
use serde::{Deserialize, Serialize};

use crate::contract::ledger;
use crate::error::{DistributorError, DistributorResult};
use crate::ledger::Ledger;
use crate::members;
use crate::state::Config;

/// The stake roles: an operator's pool is a member of both when it is a validator's.
const STAKE_ROLES: [RewardRole; 2] = [RewardRole::Stakers, RewardRole::Validators];

/// Staking only: the operator's earning stake is now `stake`.
pub fn stake_changed(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    report: StakeReport,
) -> DistributorResult<Response> {
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    if config.staking.as_ref() != Some(&sender) {
        return Err(DistributorError::NotStaking { sender });
    }
    let forfeited = set_stake(
        deps.storage,
        &mut ledger,
        &config,
        &params,
        &report,
        env.block.time,
    )?;
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "stake_changed")
        .add_attribute("operator", report.operator)
        .add_attribute("stake", report.stake)
        .add_attribute("forfeited", forfeited))
}

/// Settles the operator's pool in the stake roles, then weighs it by `report.stake`: in the
/// stakers' role always, in the validators' role when it is a validator's. A pool whose
/// earning stake falls to zero (all of it unbonded, or the operator jailed or banned) forfeits
/// what it earned and nobody pushed: it returns to the pool, since staking would stream it to
/// whoever bonds next (or refuse it), not to the shares that earned it. Returns the forfeit.
fn set_stake(
    storage: &mut dyn Storage,
    ledger: &mut Ledger,
    config: &Config,
    params: &Params,
    report: &StakeReport,
    now: Timestamp,
) -> DistributorResult<Uint128> {
    members::set_points(
        storage,
        ledger,
        config,
        params,
        RewardRole::Stakers,
        &report.operator,
        report.stake,
        now,
    )?;
    let stopped = report.stake.is_zero();
    if report.validator || stopped {
        members::set_points(
            storage,
            ledger,
            config,
            params,
            RewardRole::Validators,
            &report.operator,
            report.stake,
            now,
        )?;
    }
    let mut forfeited = Uint128::zero();
    if stopped {
        // Settled by `set_points` just above: this only takes what it left pending.
        for role in STAKE_ROLES {
            forfeited += members::take_pending(
                storage,
                ledger,
                config,
                params,
                role,
                &report.operator,
                now,
            )?;
        }
        ledger.pool.allocated -= forfeited;
    }
    Ok(forfeited)
}

/// Anyone: each operator's stake read from staking, as its hook would have reported it; zero
/// for an operator the staking contract does not know (or without a staking contract), so
/// pools left behind by a change of staking stop earning.
pub fn sync_stake(deps: DepsMut, env: Env, operators: Vec<String>) -> DistributorResult<Response> {
    check_count(&operators)?;
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    for operator in &operators {
        let operator = deps.api.addr_validate(operator)?;
        let report = read_stake(deps.as_ref(), config.staking.as_ref(), operator);
        set_stake(
            deps.storage,
            &mut ledger,
            &config,
            &params,
            &report,
            env.block.time,
        )?;
    }
    ledger.save(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "sync_stake")
        .add_attribute("operators", operators.len().to_string()))
}

/// Staking's `Operator` query, serialized alone, and the fields of its answer read here.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum OperatorQuery<'a> {
    Operator { operator: &'a str },
}

#[derive(Deserialize)]
struct OperatorAnswer {
    operator: OperatorState,
    total_bonded: Uint128,
}

#[derive(Deserialize)]
struct OperatorState {
    role: Role,
    jailed_until: Option<Timestamp>,
    banned: bool,
}

fn read_stake(deps: Deps, staking: Option<&Addr>, operator: Addr) -> StakeReport {
    let answer: Option<OperatorAnswer> = staking.and_then(|staking| {
        deps.querier
            .query_wasm_smart(
                staking,
                &OperatorQuery::Operator {
                    operator: operator.as_str(),
                },
            )
            .ok()
    });
    match answer {
        Some(answer) => StakeReport::new(
            operator,
            answer.operator.role,
            answer.operator.jailed_until.is_some(),
            answer.operator.banned,
            answer.total_bonded,
        ),
        None => StakeReport {
            operator,
            stake: Uint128::zero(),
            validator: false,
        },
    }
}

/// Anyone: what each operator's pool earned in the stake roles, sent into staking for its
/// delegators (the operator's commission first, as for any staking reward). Works while paused:
/// it pays what is owed. A pool staking refuses (banned, or left without stake) fails the
/// message; its rewards wait, and are burned if they wait past the claim expiry.
pub fn push_stake_rewards(
    deps: DepsMut,
    env: Env,
    operators: Vec<String>,
) -> DistributorResult<Response> {
    check_count(&operators)?;
    let (mut ledger, config, params) = ledger(deps.as_ref(), &env)?;
    let staking = config
        .staking
        .clone()
        .ok_or(DistributorError::NoStaking {})?;
    let token = TokenClient(config.token.clone());
    let mut response = Response::new().add_attribute("action", "push_stake_rewards");
    let mut pushed = Uint128::zero();
    for operator in &operators {
        let operator = deps.api.addr_validate(operator)?;
        let mut earned = Uint128::zero();
        for role in STAKE_ROLES {
            earned += members::take_pending(
                deps.storage,
                &mut ledger,
                &config,
                &params,
                role,
                &operator,
                env.block.time,
            )?;
        }
        if earned.is_zero() {
            continue;
        }
        pushed += earned;
        response = response
            .add_message(token.send_msg(
                &staking,
                earned,
                &StakingReceiveMsg::DistributeRewards {
                    operator: operator.to_string(),
                },
            )?)
            .add_attribute("operator", operator)
            .add_attribute("amount", earned);
    }
    if pushed.is_zero() {
        return Err(DistributorError::NothingToPush {});
    }
    ledger.pool.claimed += pushed;
    ledger.save(deps.storage)?;
    Ok(response.add_attribute("pushed", pushed))
}

fn check_count(operators: &[String]) -> DistributorResult<()> {
    if operators.len() > MAX_PUSH_OPERATORS {
        return Err(DistributorError::TooManyOperators {
            count: operators.len(),
            max: MAX_PUSH_OPERATORS,
        });
    }
    Ok(())
}
