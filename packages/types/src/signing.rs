//! What an account signs off-chain to consent to something on-chain: a canonical JSON statement,
//! signed as is or inside the ADR-036 sign doc Keplr's `signArbitrary` builds. The key and the
//! address check are in the kit (`infermesh_kit::signature`).
//!
//! - [`SignMode::Plain`]: the signed message is the statement text (secp256k1 over its sha256).
//! - [`SignMode::Adr036`]: the signed message is the amino JSON sign doc of
//!   `signArbitrary(chainId, signer, text)` (cosmjs `makeADR36AminoSignDoc` then
//!   `serializeSignDoc`: sorted keys, compact):
//!   `{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"<base64 text>","signer":"<signer>"}}],"sequence":"0"}`.
//!
//! Chain ids, bech32 addresses and base64 never contain the characters cosmjs escapes
//! (`&`, `<`, `>`), so these bytes equal cosmjs's.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{to_json_vec, Binary, StdResult};
use serde::Serialize;

/// How a statement's signature was made.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum SignMode {
    /// `secp256k1(sha256(statement text))`.
    Plain,
    /// Keplr `signArbitrary` (ADR-036): `secp256k1(sha256(amino sign doc of the text))`.
    Adr036,
}

/// A signed statement as submitted: the signer's 33-byte compressed secp256k1 key (its address
/// must be the party that consents), the 64-byte compact signature, and how it was made.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Signed {
    pub pubkey: Binary,
    pub signature: Binary,
    pub sign_mode: SignMode,
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

/// The bytes `signer` signs for `text` in `mode`.
pub fn signed_message(mode: SignMode, signer: &str, text: Vec<u8>) -> StdResult<Vec<u8>> {
    match mode {
        SignMode::Plain => Ok(text),
        SignMode::Adr036 => adr036_sign_doc(signer, &text),
    }
}
