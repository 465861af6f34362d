//! The token keeps its state in cw20-base's storage objects; this names them for the
//! storage-key test (tests/integration, `storage_keys`).

use cw20_base::state::{
    ALLOWANCES, ALLOWANCES_SPENDER, BALANCES, LOGO, MARKETING_INFO, TOKEN_INFO,
};
use infermesh_kit::storage_keys::{kit, KeySpace};

/// Every key space the token writes: cw20-base's and the cw2 version it records.
pub fn key_spaces() -> Vec<KeySpace> {
    vec![
        KeySpace::item("cw20-base TOKEN_INFO", &TOKEN_INFO),
        KeySpace::item("cw20-base MARKETING_INFO", &MARKETING_INFO),
        KeySpace::item("cw20-base LOGO", &LOGO),
        KeySpace::map("cw20-base BALANCES", &BALANCES),
        KeySpace::map("cw20-base ALLOWANCES", &ALLOWANCES),
        KeySpace::map("cw20-base ALLOWANCES_SPENDER", &ALLOWANCES_SPENDER),
        kit::contract_version(),
    ]
}
