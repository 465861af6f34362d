//! The token's decimals and fixed supply (docs/token.md §1).

use cosmwasm_std::Uint128;

pub const TOKEN_DECIMALS: u8 = 6;
/// 1,000,000,000 tokens of 10^6 base units each. Minted once; the hard cap equals this supply.
pub const TOTAL_SUPPLY: Uint128 = Uint128::new(1_000_000_000 * 1_000_000);
