//! The exact bytes a consumer signs for a voucher (docs/payment-channels.md §3).
//!
//! The voucher text is canonical JSON (keys sorted, no spaces, every number a string):
//! `{"chain_id":"…","channel_id":"7","contract":"…","cumulative_amount":"1000","nonce":"3"}`.
//! It is signed as is or inside Keplr's ADR-036 sign doc ([`crate::signing`]).

use cosmwasm_std::{to_json_vec, StdResult, Uint128, Uint64};
use serde::Serialize;

pub use crate::signing::adr036_sign_doc;
use crate::signing::{signed_message, SignMode};

// Fields in sorted order: serde writes them as declared.
#[derive(Serialize)]
struct VoucherText<'a> {
    chain_id: &'a str,
    channel_id: Uint64,
    contract: &'a str,
    cumulative_amount: Uint128,
    nonce: Uint64,
}

/// The canonical voucher text.
pub fn voucher_text(
    chain_id: &str,
    contract: &str,
    channel_id: u64,
    cumulative_amount: Uint128,
    nonce: u64,
) -> StdResult<Vec<u8>> {
    to_json_vec(&VoucherText {
        chain_id,
        channel_id: Uint64::new(channel_id),
        contract,
        cumulative_amount,
        nonce: Uint64::new(nonce),
    })
}

/// What a voucher binds a signature to: the chain, the channels contract, the consumer (the
/// ADR-036 signer), the channel, and the cumulative amount with its nonce.
#[derive(Clone, Copy, Debug)]
pub struct VoucherTerms<'a> {
    pub chain_id: &'a str,
    pub contract: &'a str,
    pub consumer: &'a str,
    pub channel_id: u64,
    pub cumulative_amount: Uint128,
    pub nonce: u64,
}

/// The message the consumer signs (its sha256 is what secp256k1 signs).
pub fn sign_bytes(mode: SignMode, terms: &VoucherTerms) -> StdResult<Vec<u8>> {
    let text = voucher_text(
        terms.chain_id,
        terms.contract,
        terms.channel_id,
        terms.cumulative_amount,
        terms.nonce,
    )?;
    signed_message(mode, terms.consumer, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment_channels::voucher;

    #[test]
    fn voucher_text_is_canonical() {
        let text = voucher::voucher_text("chain-1", "wasm1c", 7, Uint128::new(1_000), 3).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"chain_id":"chain-1","channel_id":"7","contract":"wasm1c","cumulative_amount":"1000","nonce":"3"}"#
        );
        let doc = voucher::adr036_sign_doc("wasm1signer", b"hi").unwrap();
        assert_eq!(
            String::from_utf8(doc).unwrap(),
            r#"{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"aGk=","signer":"wasm1signer"}}],"sequence":"0"}"#
        );
    }
}
