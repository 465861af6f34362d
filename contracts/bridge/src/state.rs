//! Every storage key of the bridge.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use infermesh_types::bridge::{ChannelResponse, InFlight, Params, RateLimit};

#[cw_serde]
pub struct Config {
    pub mode: ModeConfig,
    pub guardian: Option<Addr>,
}

#[cw_serde]
pub enum ModeConfig {
    Home {
        token: Addr,
    },
    Remote {
        home_denom: String,
        wrapped_code_id: u64,
        wrapped_name: String,
        wrapped_symbol: String,
        wrapped_decimals: u8,
    },
}

/// One channel the handshake let open, and its books.
#[cw_serde]
pub struct ChannelState {
    pub connection_id: String,
    pub counterparty_port_id: String,
    pub counterparty_channel_id: String,
    pub open: bool,
    pub enabled: bool,
    /// Home: escrowed for the channel; remote: wrapped supply minted for it.
    pub outstanding: Uint128,
    pub wrapped: Option<Addr>,
    pub in_flight: u32,
    pub rate_limit: RateLimit,
    pub period_start: u64,
    pub outflow: Uint128,
    pub inflow: Uint128,
}

impl ChannelState {
    pub fn response(self, channel_id: String) -> ChannelResponse {
        ChannelResponse {
            channel_id,
            connection_id: self.connection_id,
            counterparty_port_id: self.counterparty_port_id,
            counterparty_channel_id: self.counterparty_channel_id,
            open: self.open,
            enabled: self.enabled,
            outstanding: self.outstanding,
            wrapped: self.wrapped,
            in_flight: self.in_flight,
            rate_limit: self.rate_limit,
            period_start: Timestamp::from_seconds(self.period_start),
            outflow: self.outflow,
            inflow: self.inflow,
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
/// This contract's IBC port (`wasm.<address>`), saved by the first channel's handshake.
pub const PORT: Item<String> = Item::new("port");
/// Counterparties channels may open with: (connection id, counterparty port) → rate limit.
pub const COUNTERPARTIES: Map<(&str, &str), RateLimit> = Map::new("counterparties");
pub const CHANNELS: Map<&str, ChannelState> = Map::new("channels");
/// Remote: each wrapped token → the channel it belongs to.
pub const WRAPPED: Map<&Addr, String> = Map::new("wrapped");
/// Sent packets until their acknowledgement or timeout: (channel, sequence) → who gets a refund.
pub const IN_FLIGHT: Map<(&str, u64), InFlight> = Map::new("in_flight");

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, KeySpace};
    vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::item("PORT", &PORT),
        KeySpace::map("COUNTERPARTIES", &COUNTERPARTIES),
        KeySpace::map("CHANNELS", &CHANNELS),
        KeySpace::map("WRAPPED", &WRAPPED),
        KeySpace::map("IN_FLIGHT", &IN_FLIGHT),
        kit::contract_version(),
        kit::ownership(),
        kit::paused(),
        kit::param_history(),
    ]
}
