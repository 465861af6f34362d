//! Per-channel rate limits (docs/bridge.md §5): fixed periods starting at multiples of the
//! period, each direction counted on its own.

use cosmwasm_std::{Timestamp, Uint128};

use crate::error::{BridgeError, BridgeResult};
use crate::state::ChannelState;

#[derive(Clone, Copy)]
pub enum Direction {
    Out,
    In,
}

/// Counts `amount` against the channel's limit in `direction`, or refuses it.
pub fn take(
    channel: &mut ChannelState,
    channel_id: &str,
    now: Timestamp,
    direction: Direction,
    amount: Uint128,
) -> BridgeResult<()> {
    let period = channel.rate_limit.period_seconds;
    let start = now.seconds() - now.seconds() % period;
    if start != channel.period_start {
        channel.period_start = start;
        channel.outflow = Uint128::zero();
        channel.inflow = Uint128::zero();
    }
    let (used, name) = match direction {
        Direction::Out => (&mut channel.outflow, "outflow"),
        Direction::In => (&mut channel.inflow, "inflow"),
    };
    let total = used.checked_add(amount)?;
    if total > channel.rate_limit.max_flow {
        return Err(BridgeError::RateLimited {
            channel_id: channel_id.to_string(),
            direction: name.to_string(),
            amount,
            used: *used,
            max_flow: channel.rate_limit.max_flow,
        });
    }
    *used = total;
    Ok(())
}
