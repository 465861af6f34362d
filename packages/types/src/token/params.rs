//! The token's decimals and fixed supply (docs/token.md §1), and where its genesis vesting
//! contract lives (§2).

use cosmwasm_std::{instantiate2_address, Addr, Api, Checksum, StdError, StdResult, Uint128};

pub const TOKEN_DECIMALS: u8 = 6;
/// 1,000,000,000 tokens of 10^6 base units each. Minted once; the hard cap equals this supply.
pub const TOTAL_SUPPLY: Uint128 = Uint128::new(1_000_000_000 * 1_000_000);

/// Salt of the vesting contract the token instantiates at genesis (`WasmMsg::Instantiate2`, the
/// token as creator). Each token has its own address, so one fixed salt gives each its own vesting.
pub const GENESIS_VESTING_SALT: &[u8] = b"infermesh-vesting";

/// The address of the vesting contract the token at `token` instantiates at genesis from the code
/// with `checksum`: wasmd's `query wasm build-address <checksum> <token> <hex of the salt>`. It is
/// known before either contract exists, and no code but that one can ever run there.
pub fn genesis_vesting_address(
    api: &dyn Api,
    token: &Addr,
    checksum: &Checksum,
) -> StdResult<Addr> {
    let creator = api.addr_canonicalize(token.as_str())?;
    let address = instantiate2_address(checksum.as_slice(), &creator, GENESIS_VESTING_SALT)
        .map_err(|e| StdError::generic_err(e.to_string()))?;
    api.addr_humanize(&address)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    /// A wasmd v0.61.14 localnet genesis: the vesting contract the token created lives where
    /// `wasmd query wasm build-address <checksum> <token> 696e6665726d6573682d76657374696e67`
    /// says, and where this function says.
    #[test]
    fn genesis_vesting_address_is_wasmd_build_address() {
        let api = MockApi::default().with_prefix("wasm");
        let token = api
            .addr_validate("wasm1fufnsgy4nrv3dl3jush853w6tr4tdj9ejxysclgvcm2ax8vdfprq5t4juu")
            .unwrap();
        let checksum =
            Checksum::from_hex("082d645f60a2c664864fc0789095b8404c53a9606638f29eac578a94a8827523")
                .unwrap();
        assert_eq!(
            genesis_vesting_address(&api, &token, &checksum).unwrap(),
            api.addr_validate("wasm1p34xshfgdl9t6w5fp6qc6w6anv3r2cx02z5cuunf44c9jzjtzcdsc36u06")
                .unwrap()
        );
        assert_eq!(
            cosmwasm_std::HexBinary::from(GENESIS_VESTING_SALT).to_hex(),
            "696e6665726d6573682d76657374696e67"
        );
    }
}
