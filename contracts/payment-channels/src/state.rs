use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use infermesh_types::payment_channels::{Channel, Params, TotalsResponse};

#[cw_serde]
pub struct Config {
    pub token: Addr,
    pub staking: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub guardian: Option<Addr>,
}

impl Config {
    /// Where the governance share goes: the distributor's pool, or the treasury until one exists.
    pub fn governance_pool(&self) -> &Addr {
        self.distributor.as_ref().unwrap_or(&self.treasury)
    }
}

/// Running totals (what the contract owes and counters), kept so invariants need no iteration.
/// Stored apart from [`TotalsResponse`] so the storage layout can change without changing the
/// query's API; the stored JSON has the same field names.
#[cw_serde]
#[derive(Default)]
pub struct Totals {
    pub channel_balances: Uint128,
    pub credits: Uint128,
    pub channels_opened: u64,
    pub fees_burned: Uint128,
    pub paid_to_providers: Uint128,
}

impl From<Totals> for TotalsResponse {
    fn from(totals: Totals) -> Self {
        TotalsResponse {
            channel_balances: totals.channel_balances,
            credits: totals.credits,
            channels_opened: totals.channels_opened,
            fees_burned: totals.fees_burned,
            paid_to_providers: totals.paid_to_providers,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
pub const TOTALS: Item<Totals> = Item::new("totals");
pub const NEXT_CHANNEL_ID: Item<u64> = Item::new("next_channel_id");

/// Channels by id.
pub const CHANNELS: Map<u64, Channel> = Map::new("channels");
/// The list query's indexes: (consumer, id) and (provider, id). Neither party of a channel ever
/// changes, so both entries are written once, at opening; top-ups, redemptions and the reclaim
/// save the channel alone (an `IndexedMap` rewrote both entries on every save).
pub const CHANNELS_BY_CONSUMER: Map<(&Addr, u64), Empty> = Map::new("channels_by_consumer");
pub const CHANNELS_BY_PROVIDER: Map<(&Addr, u64), Empty> = Map::new("channels_by_provider");

/// Saves a new channel with its two index entries.
pub fn save_new_channel(storage: &mut dyn Storage, channel: &Channel) -> StdResult<()> {
    CHANNELS.save(storage, channel.id, channel)?;
    CHANNELS_BY_CONSUMER.save(storage, (&channel.consumer, channel.id), &Empty {})?;
    CHANNELS_BY_PROVIDER.save(storage, (&channel.provider, channel.id), &Empty {})
}
