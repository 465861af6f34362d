use cosmwasm_std::testing::{message_info, MockApi};
use cosmwasm_std::{coins, Api, Binary, Uint128};
use cw_utils::PaymentError;
use infermesh_kit::{PauseError, ValidationError};
use infermesh_types::payment_channels::{voucher, ExecuteMsg, Params, ReceiveMsg, SignMode};
use k256::ecdsa::{signature::Signer, Signature, SigningKey};
use sha2::{Digest, Sha256};

use super::helpers::*;
use crate::contract::execute;
use crate::error::PaymentChannelsError;
use crate::open::derive_address;
use infermesh_types::payment_channels::ConfigUpdate;
use infermesh_types::payment_channels::OpenChannel;

/// The fixture of clients/ts/voucher.test.mjs, made with cosmjs exactly as Keplr's
/// `signArbitrary(chainId, signer, voucherText)` makes it.
const FIXTURE_PUBKEY: &str = "A3RZ1vy3rtSd4VD5/vAe3ZR4FkRmgfABnF0oLmt3CzZ+";
const FIXTURE_ADDRESS: &str = "cosmwasm17s2q8cg29gs68c5xnukrpsjj27zz8c75pl39nf";
const FIXTURE_ADR036: &str =
    "LzPIAS/J6UI5T67JPvdCg5RErqZQwJl6lRUHuoEzbJsFAAmgNX400fbn5/hDrucJukG4tf9eQHMaPGjOmDWmSw==";
const FIXTURE_PLAIN: &str =
    "Kfsju88BSxGnNjnNkVcMFx44/s9V/XMcKwLlaNiC5iQMxkuj7k6g+2bOZNstkbP2DzGNcGl/BXIN2M4L6W9FTg==";
const FIXTURE_CONTRACT: &str =
    "cosmwasm1jpev2csrppg792t22rn8z8uew8h3sjcpglcd0qv9g8gj8ky922tscp8avs";

fn fixture_key() -> SigningKey {
    SigningKey::from_slice(Sha256::digest(b"infermesh-keplr-fixture").as_slice()).unwrap()
}

fn b64(s: &str) -> Binary {
    Binary::from_base64(s).unwrap()
}

#[test]
fn fixture_key_derives_the_fixture_address() {
    let ctx = Ctx::new();
    let derived = derive_address(ctx.deps.as_ref(), &b64(FIXTURE_PUBKEY)).unwrap();
    assert_eq!(derived.as_str(), FIXTURE_ADDRESS);
    let pubkey = fixture_key()
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec();
    assert_eq!(Binary::from(pubkey), b64(FIXTURE_PUBKEY));
}

#[test]
fn keplr_sign_arbitrary_voucher_is_accepted() {
    let mut ctx = Ctx::new();
    assert_eq!(ctx.env.contract.address.as_str(), FIXTURE_CONTRACT);
    assert_eq!(ctx.env.block.chain_id, "cosmos-testnet-14002");
    let consumer = MockApi::default().addr_validate(FIXTURE_ADDRESS).unwrap();
    let id = ctx.put_channel(&consumer, b64(FIXTURE_PUBKEY), 5_000_000);
    assert_eq!(id, 1);
    // The Rust helper's bytes, signed with k256 (RFC 6979), give cosmjs's exact signature.
    let terms = voucher::VoucherTerms {
        chain_id: &ctx.env.block.chain_id,
        contract: FIXTURE_CONTRACT,
        consumer: FIXTURE_ADDRESS,
        channel_id: 1,
        cumulative_amount: Uint128::new(1_000_000),
        nonce: 1,
    };
    let bytes = voucher::sign_bytes(SignMode::Adr036, &terms).unwrap();
    let ours: Signature = fixture_key().sign(&bytes);
    assert_eq!(Binary::from(ours.to_bytes().to_vec()), b64(FIXTURE_ADR036));

    let response = ctx
        .redeem(1, 1_000_000, 1, b64(FIXTURE_ADR036), SignMode::Adr036)
        .unwrap();
    assert_eq!(response.attributes[0].value, "redeem_voucher");
    // The same signature does not pass as a plain-mode signature.
    let mut ctx = Ctx::new();
    ctx.put_channel(&consumer, b64(FIXTURE_PUBKEY), 5_000_000);
    let before = ctx.dump();
    assert_eq!(
        ctx.redeem(1, 1_000_000, 1, b64(FIXTURE_ADR036), SignMode::Plain)
            .unwrap_err(),
        PaymentChannelsError::InvalidSignature { channel_id: 1 }
    );
    assert_eq!(ctx.dump(), before);
    ctx.redeem(1, 1_000_000, 1, b64(FIXTURE_PLAIN), SignMode::Plain)
        .unwrap();
}

#[test]
fn malformed_signature_is_rejected_without_change() {
    let mut ctx = Ctx::new();
    let consumer = MockApi::default().addr_validate(FIXTURE_ADDRESS).unwrap();
    ctx.put_channel(&consumer, b64(FIXTURE_PUBKEY), 5_000_000);
    let before = ctx.dump();
    assert_eq!(
        ctx.redeem(
            1,
            1_000_000,
            1,
            Binary::from(vec![7u8; 64]),
            SignMode::Plain
        )
        .unwrap_err(),
        PaymentChannelsError::InvalidSignature { channel_id: 1 }
    );
    for len in [3, 65] {
        assert_eq!(
            ctx.redeem(
                1,
                1_000_000,
                1,
                Binary::from(vec![0u8; len]),
                SignMode::Plain
            )
            .unwrap_err(),
            PaymentChannelsError::Signature(infermesh_kit::SignatureError::SignatureLength {
                expected: 64,
                len
            })
        );
    }
    assert_eq!(ctx.dump(), before);
}

#[test]
fn invalid_pubkeys_are_rejected() {
    let ctx = Ctx::new();
    for key in [vec![2u8; 32], vec![4u8; 33], vec![2u8; 65]] {
        assert_eq!(
            derive_address(ctx.deps.as_ref(), &key).unwrap_err(),
            PaymentChannelsError::InvalidPubkey { expected: 33 }
        );
    }
}

#[test]
fn native_funds_are_refused() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    let err = execute(
        ctx.deps.as_mut(),
        ctx.env.clone(),
        message_info(&addr("alice"), &coins(5, "ustake")),
        ExecuteMsg::Reclaim { channel_id: 1 },
    )
    .unwrap_err();
    assert_eq!(
        err,
        PaymentChannelsError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(ctx.dump(), before);
}

#[test]
fn params_outside_their_bounds_are_rejected() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    let owner = addr("dao");
    let fee = Params {
        network_fee_bps: 1_001,
        ..Params::default()
    };
    let mut split = Params::default();
    split.split.provider_bps += 1;
    let price = Params {
        base_price: Uint128::zero(),
        ..Params::default()
    };
    let lifetime = Params {
        max_channel_seconds: 0,
        ..Params::default()
    };
    let cases = [
        (
            fee,
            PaymentChannelsError::Validation(ValidationError::OutOfRange {
                field: "network_fee_bps".into(),
                value: "1001".into(),
                min: "0".into(),
                max: "1000".into(),
            }),
        ),
        (
            split,
            PaymentChannelsError::Validation(ValidationError::InvalidParams {
                reason: "split shares sum to 10001 bps; they must sum to 10000".into(),
            }),
        ),
        (
            price,
            PaymentChannelsError::Validation(ValidationError::OutOfRange {
                field: "base_price".into(),
                value: "0".into(),
                min: "1".into(),
                max: Uint128::MAX.to_string(),
            }),
        ),
        (
            lifetime,
            PaymentChannelsError::Validation(ValidationError::OutOfRange {
                field: "max_channel_seconds".into(),
                value: "0".into(),
                min: "1".into(),
                max: "63072000".into(),
            }),
        ),
    ];
    for (params, expected) in cases {
        let err = ctx
            .exec(&owner, ExecuteMsg::UpdateParams { params })
            .unwrap_err();
        assert_eq!(err, expected);
    }
    assert_eq!(ctx.dump(), before);
}

#[test]
fn only_the_owner_updates_params_and_config() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    let mallory = addr("mallory");
    let err = ctx
        .exec(
            &mallory,
            ExecuteMsg::UpdateParams {
                params: Params::default(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        PaymentChannelsError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    let err = ctx
        .exec(
            &mallory,
            ExecuteMsg::UpdateConfig(ConfigUpdate {
                staking: None,
                treasury: Some(mallory.to_string()),
                distributor: None,
                guardian: None,
            }),
        )
        .unwrap_err();
    assert_eq!(
        err,
        PaymentChannelsError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    assert_eq!(ctx.dump(), before);
}

#[test]
fn pause_stops_new_channels_and_top_ups_but_not_reclaims() {
    let mut ctx = Ctx::new();
    let mallory = addr("mallory");
    assert_eq!(
        ctx.exec(&mallory, ExecuteMsg::Pause {}).unwrap_err(),
        PaymentChannelsError::Pause(PauseError::NotGuardian { sender: mallory })
    );
    let consumer = addr("consumer");
    let id = ctx.put_channel(&consumer, b64(FIXTURE_PUBKEY), 1_000);
    ctx.exec(&addr("guardian"), ExecuteMsg::Pause {}).unwrap();
    for hook in [
        ReceiveMsg::TopUp { channel_id: id },
        ReceiveMsg::OpenChannel(OpenChannel {
            provider: addr("provider").to_string(),
            pubkey: b64(FIXTURE_PUBKEY),
            expires_at: ctx.env.block.time.plus_seconds(60),
        }),
    ] {
        let before = ctx.dump();
        let err = ctx.receive(&consumer, 10, &hook).unwrap_err();
        assert_eq!(err, PaymentChannelsError::Pause(PauseError::Paused {}));
        assert_eq!(ctx.dump(), before);
    }
    assert_eq!(
        ctx.exec(&addr("guardian"), ExecuteMsg::Unpause {})
            .unwrap_err(),
        PaymentChannelsError::Pause(PauseError::NotOwner {
            sender: addr("guardian")
        })
    );
    // What the consumer owns comes back while paused.
    ctx.env.block.time = ctx.env.block.time.plus_seconds(86_400);
    let response = ctx
        .exec(&consumer, ExecuteMsg::Reclaim { channel_id: id })
        .unwrap();
    assert_eq!(response.messages.len(), 1);
}
