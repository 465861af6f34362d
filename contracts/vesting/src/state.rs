//! Every storage key of the contract, in one place.

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, MultiIndex};
use infermesh_types::vesting::{AllowedFunder, Grant};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub token: Addr,
    pub treasury: Addr,
    pub funders: Vec<AllowedFunder>,
    /// Instantiation time: no grant may be backdated before it.
    pub earliest_start: Timestamp,
}

/// Running totals, kept so queries and invariants need no iteration.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Totals {
    pub granted: Uint128,
    pub claimed: Uint128,
    pub revoked: Uint128,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const TOTALS: Item<Totals> = Item::new("totals");
pub const NEXT_GRANT_ID: Item<u64> = Item::new("next_grant_id");

pub struct GrantIndexes<'a> {
    pub beneficiary: MultiIndex<'a, Addr, Grant, u64>,
}

impl IndexList<Grant> for GrantIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Grant>> + '_> {
        let v: Vec<&dyn Index<Grant>> = vec![&self.beneficiary];
        Box::new(v.into_iter())
    }
}

pub fn grants<'a>() -> IndexedMap<u64, Grant, GrantIndexes<'a>> {
    IndexedMap::new(
        "grants",
        GrantIndexes {
            beneficiary: MultiIndex::new(
                |_pk, g| g.beneficiary.clone(),
                "grants",
                "grants__beneficiary",
            ),
        },
    )
}

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use cosmwasm_std::Order;
    use infermesh_kit::storage_keys::{kit, KeySpace};
    vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("TOTALS", &TOTALS),
        KeySpace::item("NEXT_GRANT_ID", &NEXT_GRANT_ID),
        KeySpace::scanned_map("grants", |s| {
            let _ = grants().keys_raw(s, None, None, Order::Ascending);
        }),
        KeySpace::scanned_map("grants by beneficiary", |s| {
            let _ = grants()
                .idx
                .beneficiary
                .keys_raw(s, None, None, Order::Ascending);
        }),
        kit::contract_version(),
        kit::ownership(),
    ]
}
