//! Every storage key of the contract, in one place.
//!
//! Every redemption reads and rewrites its channel and the totals, so both are packed
//! (`infermesh_kit::codec`), not JSON: fields in a fixed order without names, amounts as varints.
//! Read and write them with [`load_channel`] / [`save_channel`] and [`load_totals`] /
//! [`save_totals`]; the query responses stay the JSON types of `infermesh_types`.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, Binary, Decimal, Empty, Order, StdError, StdResult, Storage, Timestamp, Uint128,
};
use cw_storage_plus::{Item, Map};
use infermesh_kit::codec::{PackedMap, Reader, Writer, MAX_U128_BYTES, MAX_U64_BYTES};
use infermesh_kit::credits::{ProtocolFees, ProtocolPayees};
use infermesh_kit::work::WorkCredit;
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

    /// Who the protocol fees are owed to now.
    pub fn protocol_payees(&self) -> ProtocolPayees<'_> {
        ProtocolPayees {
            treasury: &self.treasury,
            pool: self.governance_pool(),
        }
    }
}

/// Running totals (what the contract owes and counters), kept so invariants need no iteration.
/// Stored packed ([`Totals::to_bytes`]), answered as [`TotalsResponse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub channel_balances: Uint128,
    pub credits: Uint128,
    pub channels_opened: u64,
    /// Every fee assigned to burning, burned or pending in `fees.burn`.
    pub fees_burned: Uint128,
    pub paid_to_providers: Uint128,
    /// The treasury's and governance pool's shares and the burn, owed as sums: a redemption
    /// adds to them instead of crediting two more payees and sending a burn.
    pub fees: ProtocolFees,
}

impl Totals {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.put(self.channel_balances);
        w.put(self.credits);
        w.put(self.channels_opened);
        w.put(self.fees_burned);
        w.put(self.paid_to_providers);
        self.fees.pack(&mut w);
        w.into_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, "payment channels totals");
        let totals = Totals {
            channel_balances: Uint128::new(r.take()?),
            credits: Uint128::new(r.take()?),
            channels_opened: r.take()?,
            fees_burned: Uint128::new(r.take()?),
            paid_to_providers: Uint128::new(r.take()?),
            fees: ProtocolFees::unpack(&mut r),
        };
        r.finish()?;
        Ok(totals)
    }
}

impl From<Totals> for TotalsResponse {
    fn from(totals: Totals) -> Self {
        TotalsResponse {
            channel_balances: totals.channel_balances,
            credits: totals.credits,
            channels_opened: totals.channels_opened,
            fees_burned: totals.fees_burned,
            paid_to_providers: totals.paid_to_providers,
            treasury_fees: totals.fees.treasury,
            pool_fees: totals.fees.pool,
            burn_pending: totals.fees.burn,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
/// The packed [`Totals`]: read and write with [`load_totals`] and [`save_totals`].
const TOTALS_KEY: &[u8] = b"totals";
pub const NEXT_CHANNEL_ID: Item<u64> = Item::new("next_channel_id");
/// provider → its earnings not yet withdrawn and its redeemed work not yet reported to the
/// distributor: one record, so a redemption credits the provider and records the work in one
/// write (counted in the totals' `credits` like any credit).
pub const PROVIDERS: PackedMap<&Addr, WorkCredit> = PackedMap::new("providers");

/// id → packed channel. The key layout only: the value is not JSON, so read and write it with
/// [`load_channel`], [`save_channel`] and [`channels_after`].
const CHANNELS: Map<u64, ()> = Map::new("channels");
/// The list query's indexes: (consumer, id) and (provider, id). Neither party of a channel ever
/// changes, so both entries are written once, at opening; top-ups, redemptions and the reclaim
/// save the channel alone (an `IndexedMap` rewrote both entries on every save).
pub const CHANNELS_BY_CONSUMER: Map<(&Addr, u64), Empty> = Map::new("channels_by_consumer");
pub const CHANNELS_BY_PROVIDER: Map<(&Addr, u64), Empty> = Map::new("channels_by_provider");

/// Largest packed channel whose consumer and provider addresses are `consumer_len` and
/// `provider_len` bytes long (each under 128: a one-byte length): the addresses and the 33-byte
/// key with their lengths, two `u128` amounts, the nonce, two timestamps, the discount's atomics
/// and the closing time with its flag. The id is the key, not stored.
pub const fn max_channel_bytes(consumer_len: usize, provider_len: usize) -> usize {
    (1 + consumer_len)
        + (1 + provider_len)
        + (1 + infermesh_types::payment_channels::COMPRESSED_PUBKEY_LEN)
        + 2 * MAX_U128_BYTES
        + 3 * MAX_U64_BYTES
        + MAX_U128_BYTES
        + 1
        + MAX_U64_BYTES
}

/// A channel's stored form (its id is the key): addresses as text, the key's bytes, amounts,
/// timestamps as nanoseconds, the discount as its atomics (10^-18), the closing time as a flag
/// and the time.
pub fn channel_to_bytes(channel: &Channel) -> Vec<u8> {
    let mut w = Writer::default();
    w.put_str(channel.consumer.as_str());
    w.put_str(channel.provider.as_str());
    w.put_bytes(channel.pubkey.as_slice());
    w.put(channel.deposit);
    w.put(channel.redeemed);
    w.put(channel.nonce);
    w.put(channel.expires_at.nanos());
    w.put(channel.opened_at.nanos());
    w.put(channel.fee_discount.atomics());
    w.put_bool(channel.closed_at.is_some());
    if let Some(closed_at) = channel.closed_at {
        w.put(closed_at.nanos());
    }
    w.into_bytes()
}

pub fn channel_from_bytes(id: u64, bytes: &[u8]) -> StdResult<Channel> {
    let mut r = Reader::new(bytes, "payment channel");
    // The addresses were validated before they were stored.
    let channel = Channel {
        id,
        consumer: r.take_addr()?,
        provider: r.take_addr()?,
        pubkey: Binary::from(r.take_bytes()?),
        deposit: Uint128::new(r.take()?),
        redeemed: Uint128::new(r.take()?),
        nonce: r.take()?,
        expires_at: Timestamp::from_nanos(r.take()?),
        opened_at: Timestamp::from_nanos(r.take()?),
        fee_discount: Decimal::raw(r.take()?),
        closed_at: if r.take_bool()? {
            Some(Timestamp::from_nanos(r.take()?))
        } else {
            None
        },
    };
    r.finish()?;
    Ok(channel)
}

pub fn load_channel(storage: &dyn Storage, id: u64) -> StdResult<Option<Channel>> {
    storage
        .get(&CHANNELS.key(id))
        .map(|bytes| channel_from_bytes(id, &bytes))
        .transpose()
}

pub fn save_channel(storage: &mut dyn Storage, channel: &Channel) {
    storage.set(&CHANNELS.key(channel.id), &channel_to_bytes(channel));
}

/// Saves a new channel with its two index entries.
pub fn save_new_channel(storage: &mut dyn Storage, channel: &Channel) -> StdResult<()> {
    save_channel(storage, channel);
    CHANNELS_BY_CONSUMER.save(storage, (&channel.consumer, channel.id), &Empty {})?;
    CHANNELS_BY_PROVIDER.save(storage, (&channel.provider, channel.id), &Empty {})
}

/// Up to `limit` channels in id order after `start_after`: one range read of their keys.
pub fn channels_after(
    storage: &dyn Storage,
    start_after: Option<u64>,
    limit: usize,
) -> StdResult<Vec<Channel>> {
    let Some(first) = start_after.map_or(Some(0), |id| id.checked_add(1)) else {
        return Ok(vec![]);
    };
    let start = CHANNELS.key(first).to_vec();
    // Every key of the map is its namespace prefix followed by an 8-byte big-endian id.
    let prefix_len = start.len() - 8;
    let prefix = start[..prefix_len].to_vec();
    storage
        .range(Some(&start), None, Order::Ascending)
        .take_while(|(key, _)| key.len() == prefix_len + 8 && key.starts_with(&prefix))
        .take(limit)
        .map(|(key, bytes)| {
            let id: [u8; 8] = key[prefix_len..]
                .try_into()
                .map_err(|_| StdError::generic_err("a channel key without its 8-byte id"))?;
            channel_from_bytes(u64::from_be_bytes(id), &bytes)
        })
        .collect()
}

pub fn load_totals(storage: &dyn Storage) -> StdResult<Totals> {
    let bytes = storage
        .get(TOTALS_KEY)
        .ok_or_else(|| StdError::not_found("payment channels totals"))?;
    Totals::from_bytes(&bytes)
}

pub fn save_totals(storage: &mut dyn Storage, totals: &Totals) {
    storage.set(TOTALS_KEY, &totals.to_bytes());
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, KeySpace};
    vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::raw_item("TOTALS_KEY", TOTALS_KEY),
        KeySpace::item("NEXT_CHANNEL_ID", &NEXT_CHANNEL_ID),
        KeySpace::packed_map("PROVIDERS", &PROVIDERS),
        KeySpace::map("CHANNELS", &CHANNELS),
        KeySpace::map("CHANNELS_BY_CONSUMER", &CHANNELS_BY_CONSUMER),
        KeySpace::map("CHANNELS_BY_PROVIDER", &CHANNELS_BY_PROVIDER),
        kit::contract_version(),
        kit::ownership(),
        kit::paused(),
        kit::param_history(),
        kit::credits(),
    ]
}
