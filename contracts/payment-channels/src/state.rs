use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, MultiIndex};
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
    pub channels_opened: u64,
    pub fees_burned: Uint128,
    pub paid_to_providers: Uint128,
}

impl From<Totals> for TotalsResponse {
    fn from(totals: Totals) -> Self {
        TotalsResponse {
            channel_balances: totals.channel_balances,
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

pub struct ChannelIndexes<'a> {
    pub consumer: MultiIndex<'a, Addr, Channel, u64>,
    pub provider: MultiIndex<'a, Addr, Channel, u64>,
}

impl IndexList<Channel> for ChannelIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Channel>> + '_> {
        let v: Vec<&dyn Index<Channel>> = vec![&self.consumer, &self.provider];
        Box::new(v.into_iter())
    }
}

pub fn channels<'a>() -> IndexedMap<u64, Channel, ChannelIndexes<'a>> {
    IndexedMap::new(
        "channels",
        ChannelIndexes {
            consumer: MultiIndex::new(|_, c| c.consumer.clone(), "channels", "channels__consumer"),
            provider: MultiIndex::new(|_, c| c.provider.clone(), "channels", "channels__provider"),
        },
    )
}
