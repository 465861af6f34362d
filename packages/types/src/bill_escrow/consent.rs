//! The statements the parties of a bill sign off-chain (docs/bill-escrow.md §4.4, §8): canonical
//! JSON, keys sorted, no spaces, every number a string, signed as is or inside Keplr's ADR-036
//! sign doc ([`crate::signing`]).
//!
//! - The gateway agrees to route a bill (its share is paid only with this consent):
//!   `{"chain_id":"…","consumer":"…","contract":"…","deadline":"<seconds>","kind":"route_bill","latency_class":"fast","max_units":"10","model_class":"small","provider":"…"}`.
//! - The consumer, having received the result, accepts the completion the provider will claim
//!   (its `Complete` carries this and settles at once, with no challenge window):
//!   `{"bill_id":"7","chain_id":"…","contract":"…","kind":"accept_bill","latency_ms":"120","result_hash":"…","units":"80"}`.
//! - The provider acknowledges it received a bill's job (a timeout counts against it only with
//!   this receipt), naming the consumer and the deadline it accepts to serve by:
//!   `{"bill_id":"7","chain_id":"…","consumer":"…","contract":"…","deadline":"<seconds>","kind":"bill_receipt"}`.

use cosmwasm_std::{to_json_vec, StdResult, Uint128, Uint64};
use serde::Serialize;

use super::{LatencyClass, ModelClass};
use crate::signing::{signed_message, SignMode};

pub const ROUTE_BILL: &str = "route_bill";
pub const BILL_RECEIPT: &str = "bill_receipt";
pub const ACCEPT_BILL: &str = "accept_bill";

/// What a gateway's consent binds: the chain, the escrow, and the bill's parties and terms.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct RouteTerms<'a> {
    pub chain_id: &'a str,
    pub consumer: &'a str,
    pub contract: &'a str,
    pub deadline: Uint64,
    pub kind: &'static str,
    pub latency_class: LatencyClass,
    pub max_units: Uint128,
    pub model_class: ModelClass,
    pub provider: &'a str,
}

/// What a provider's receipt binds: the chain, the escrow, the bill, its consumer and its
/// deadline. Fields in sorted order: serde writes them as declared.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct ReceiptTerms<'a> {
    pub bill_id: Uint64,
    pub chain_id: &'a str,
    pub consumer: &'a str,
    pub contract: &'a str,
    pub deadline: Uint64,
    pub kind: &'static str,
}

/// What a consumer's acceptance binds: the chain, the escrow, the bill and the completion the
/// provider claims. Fields in sorted order: serde writes them as declared.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct AcceptanceTerms<'a> {
    pub bill_id: Uint64,
    pub chain_id: &'a str,
    pub contract: &'a str,
    pub kind: &'static str,
    pub latency_ms: Uint64,
    pub result_hash: &'a str,
    pub units: Uint128,
}

/// The message `consumer` signs to accept the completion of `terms`.
pub fn acceptance_sign_bytes(
    mode: SignMode,
    consumer: &str,
    terms: &AcceptanceTerms,
) -> StdResult<Vec<u8>> {
    signed_message(mode, consumer, to_json_vec(terms)?)
}

/// The message `gateway` signs to route the bill of `terms`.
pub fn route_sign_bytes(mode: SignMode, gateway: &str, terms: &RouteTerms) -> StdResult<Vec<u8>> {
    signed_message(mode, gateway, to_json_vec(terms)?)
}

/// The message `provider` signs to acknowledge the bill of `terms`.
pub fn receipt_sign_bytes(
    mode: SignMode,
    provider: &str,
    terms: &ReceiptTerms,
) -> StdResult<Vec<u8>> {
    signed_message(mode, provider, to_json_vec(terms)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_canonical() {
        let terms = RouteTerms {
            chain_id: "chain-1",
            consumer: "wasm1consumer",
            contract: "wasm1escrow",
            deadline: Uint64::new(1_700_000_000),
            kind: ROUTE_BILL,
            latency_class: LatencyClass::Fast,
            max_units: Uint128::new(10),
            model_class: ModelClass::Small,
            provider: "wasm1provider",
        };
        let text = route_sign_bytes(SignMode::Plain, "wasm1gateway", &terms).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"chain_id":"chain-1","consumer":"wasm1consumer","contract":"wasm1escrow","deadline":"1700000000","kind":"route_bill","latency_class":"fast","max_units":"10","model_class":"small","provider":"wasm1provider"}"#
        );
        let receipt = ReceiptTerms {
            bill_id: Uint64::new(7),
            chain_id: "chain-1",
            consumer: "wasm1consumer",
            contract: "wasm1escrow",
            deadline: Uint64::new(1_700_000_000),
            kind: BILL_RECEIPT,
        };
        let receipt = receipt_sign_bytes(SignMode::Plain, "wasm1p", &receipt).unwrap();
        let acceptance = AcceptanceTerms {
            bill_id: Uint64::new(7),
            chain_id: "chain-1",
            contract: "wasm1escrow",
            kind: ACCEPT_BILL,
            latency_ms: Uint64::new(120),
            result_hash: "ab12",
            units: Uint128::new(80),
        };
        assert_eq!(
            String::from_utf8(
                acceptance_sign_bytes(SignMode::Plain, "wasm1c", &acceptance).unwrap()
            )
            .unwrap(),
            r#"{"bill_id":"7","chain_id":"chain-1","contract":"wasm1escrow","kind":"accept_bill","latency_ms":"120","result_hash":"ab12","units":"80"}"#
        );
        assert_eq!(
            String::from_utf8(receipt).unwrap(),
            r#"{"bill_id":"7","chain_id":"chain-1","consumer":"wasm1consumer","contract":"wasm1escrow","deadline":"1700000000","kind":"bill_receipt"}"#
        );
    }
}
