//! The stake hook (docs/staking.md §11): every change of an operator's earning stake is told to
//! the reward distributor, which weighs the operator's pool by it in the stakers' and the
//! validators' roles. Sent with a gas limit and a reply on error, so the distributor can never
//! block a bond, an unbond, a slash or a jail.

use cosmwasm_std::{DepsMut, Env, Response, Storage, SubMsg, Uint128};
use infermesh_kit::hook::{hook_failed, reply_on_error, HookReply};
use infermesh_types::distributor::{StakeReport, STAKE_HOOK_GAS_LIMIT};
use infermesh_types::staking::Operator;

use crate::error::{StakingError, StakingResult};
use crate::state::CONFIG;

pub const REPLY_STAKE_HOOK: u64 = 1;

/// The hook telling the distributor that `operator`'s bonded pool now holds `bonded` tokens (its
/// earning stake: zero while jailed or banned, `StakeReport::new`).
pub fn stake_hook(
    storage: &dyn Storage,
    operator: &Operator,
    bonded: Uint128,
) -> StakingResult<Option<SubMsg>> {
    let Some(distributor) = CONFIG.load(storage)?.distributor else {
        return Ok(None);
    };
    let report = StakeReport::new(
        operator.address.clone(),
        operator.role,
        operator.jailed_until.is_some(),
        operator.banned,
        bonded,
    );
    Ok(Some(
        reply_on_error(report.msg(&distributor)?, REPLY_STAKE_HOOK)
            .with_gas_limit(STAKE_HOOK_GAS_LIMIT),
    ))
}

/// A failed stake hook becomes a `hook_failed` event; the staking action stands. Anyone can
/// repair the distributor's view with its `SyncStake`.
pub fn reply(_deps: DepsMut, _env: Env, msg: HookReply) -> StakingResult<Response> {
    if msg.id != REPLY_STAKE_HOOK {
        return Err(StakingError::UnknownReply { id: msg.id });
    }
    Ok(hook_failed("stake", msg.result))
}
