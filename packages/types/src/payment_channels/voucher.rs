//! The exact bytes a consumer signs for a voucher (docs/payment-channels.md §3).
//!
//! The voucher text is canonical JSON (keys sorted, no spaces, every number a string):
//! `{"chain_id":"…","channel_id":"7","contract":"…","cumulative_amount":"1000","nonce":"3"}`.
//! - [`SignMode::Plain`]: the signed message is the voucher text, i.e. the signature is over
//!   `sha256(text)`.
//! - [`SignMode::Adr036`]: the signed message is the amino JSON sign doc Keplr's
//!   `signArbitrary(chainId, signer, text)` builds (cosmjs `makeADR36AminoSignDoc` then
//!   `serializeSignDoc`: sorted keys, compact):
//!   `{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"<base64 text>","signer":"<consumer>"}}],"sequence":"0"}`.
//!
//! Chain ids, bech32 addresses and base64 never contain the characters cosmjs escapes
//! (`&`, `<`, `>`), so these bytes equal cosmjs's.

use cosmwasm_std::{to_json_vec, Binary, StdResult, Uint128, Uint64};
use serde::Serialize;

use super::SignMode;

// Fields in sorted order: serde writes them as declared.
#[derive(Serialize)]
struct VoucherText<'a> {
    chain_id: &'a str,
    channel_id: Uint64,
    contract: &'a str,
    cumulative_amount: Uint128,
    nonce: Uint64,
}

#[derive(Serialize)]
struct Fee {
    amount: [u8; 0],
    gas: &'static str,
}

#[derive(Serialize)]
struct SignDataValue<'a> {
    data: String,
    signer: &'a str,
}

#[derive(Serialize)]
struct SignDataMsg<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: SignDataValue<'a>,
}

#[derive(Serialize)]
struct StdSignDoc<'a> {
    account_number: &'static str,
    chain_id: &'static str,
    fee: Fee,
    memo: &'static str,
    msgs: [SignDataMsg<'a>; 1],
    sequence: &'static str,
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

/// The ADR-036 amino sign doc of `data` signed by `signer`, serialized as cosmjs does.
pub fn adr036_sign_doc(signer: &str, data: &[u8]) -> StdResult<Vec<u8>> {
    to_json_vec(&StdSignDoc {
        account_number: "0",
        chain_id: "",
        fee: Fee {
            amount: [],
            gas: "0",
        },
        memo: "",
        msgs: [SignDataMsg {
            kind: "sign/MsgSignData",
            value: SignDataValue {
                data: Binary::from(data).to_base64(),
                signer,
            },
        }],
        sequence: "0",
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
    match mode {
        SignMode::Plain => Ok(text),
        SignMode::Adr036 => adr036_sign_doc(terms.consumer, &text),
    }
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
