//! Bad input and attacks (docs/bridge.md §7): each refused with a typed error or an error
//! acknowledgement, and nothing minted, released or recorded.

use cosmwasm_std::testing::message_info;
use cosmwasm_std::{coins, to_json_binary, Binary, IbcChannelOpenMsg, Uint128};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use infermesh_types::bridge::{
    ExecuteMsg, Ics20Ack, InstantiateMsg, Mode, ReceiveMsg, TransferMsg, MAX_MEMO_BYTES,
    MAX_RECEIVER_BYTES,
};

use super::*;
use crate::contract;
use crate::error::BridgeError;

/// A link where 500 went to the remote side and came back as wrapped tokens held by bob.
fn funded() -> (Link, Addr, Addr) {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    link.fund(&alice, 1_000);
    let packet = link
        .home
        .send(&alice, CHANNEL, 500, transfer(&bob))
        .unwrap()
        .unwrap();
    assert_eq!(link.relay_to_remote(&packet), Ics20Ack::success());
    (link, alice, bob)
}

/// The side's books did not move: same channel state and balances.
fn refused(side: &mut Side, packet: &IbcPacket) -> String {
    let before = (
        side.channel(CHANNEL),
        side.balances.clone(),
        side.supply.clone(),
    );
    let (ack, _) = side.receive(packet);
    assert_eq!(
        before,
        (
            side.channel(CHANNEL),
            side.balances.clone(),
            side.supply.clone()
        )
    );
    match ack {
        Ics20Ack::Error(error) => error,
        ack => panic!("expected an error ack, got {ack:?}"),
    }
}

#[test]
fn bad_packets_at_home_are_error_acks_that_release_nothing() {
    let (mut link, alice, bob) = funded();
    let token = link.home.token.clone();
    let back = format!("{REMOTE_PORT}/{CHANNEL}/cw20:{token}");
    let home = &mut link.home;
    let cases: Vec<(Binary, &str)> = vec![
        // Unknown denom: a token this bridge never sent.
        (packet_json("uatom", 1, &bob, alice.as_str()), "unknown denom uatom"),
        (packet_json(&format!("cw20:{token}"), 1, &bob, alice.as_str()), "unknown denom cw20:"),
        // Our token, but through another channel or port.
        (packet_json(&format!("{REMOTE_PORT}/channel-9/cw20:{token}"), 1, &bob, alice.as_str()), "unknown denom"),
        (packet_json(&format!("wasm.other/{CHANNEL}/cw20:{token}"), 1, &bob, alice.as_str()), "unknown denom"),
        // More than was escrowed for the channel.
        (packet_json(&back, 501, &bob, alice.as_str()), "amount 501 is above the 500 escrowed for channel channel-0"),
        (packet_json(&back, 0, &bob, alice.as_str()), "amount must be greater than zero"),
        (packet_json(&back, 1, &bob, "not-an-address"), "Error decoding bech32"),
        (packet_json(&back, 1, &bob, &"x".repeat(1 << 20)), "receiver must be 1 to 2048 bytes, not 1048576"),
        (packet_json(&back, 1, &bob, ""), "receiver must be 1 to 2048 bytes, not 0"),
        // Malformed JSON, unknown fields, a number for the amount, a negative amount.
        (Binary::from(b"{not json".to_vec()), "malformed packet"),
        (
            Binary::from(format!(r#"{{"denom":"{back}","amount":"1","sender":"s","receiver":"{alice}","extra":1}}"#).into_bytes()),
            "unknown field `extra`",
        ),
        (
            Binary::from(format!(r#"{{"denom":"{back}","amount":1,"sender":"s","receiver":"{alice}"}}"#).into_bytes()),
            "malformed packet",
        ),
        (
            Binary::from(format!(r#"{{"denom":"{back}","amount":"-1","sender":"s","receiver":"{alice}"}}"#).into_bytes()),
            "malformed packet",
        ),
    ];
    for (i, (data, expected)) in cases.into_iter().enumerate() {
        let error = refused(home, &incoming(home, data, 100 + i as u64));
        assert!(
            error.contains(expected),
            "case {i}: {error:?} does not say {expected:?}"
        );
    }
    // A 1 MB memo.
    let mut data: infermesh_types::bridge::Ics20Packet =
        cosmwasm_std::from_json(packet_json(&back, 1, &bob, alice.as_str())).unwrap();
    data.memo = "m".repeat(1 << 20);
    let error = refused(home, &incoming(home, to_json_binary(&data).unwrap(), 200));
    assert_eq!(
        error,
        format!("memo must be at most {MAX_MEMO_BYTES} bytes, not 1048576")
    );
    // A packet on a channel the bridge never opened.
    let mut packet = incoming(home, packet_json(&back, 1, &bob, alice.as_str()), 201);
    packet.dest.channel_id = "channel-7".into();
    let (ack, _) = home.receive(&packet);
    assert_eq!(
        ack,
        Ics20Ack::Error("channel channel-7 is unknown to the bridge".into())
    );
    assert_eq!(home.balance(&token, &alice), 500);
}

#[test]
fn bad_packets_at_the_remote_side_mint_nothing() {
    let (mut link, alice, bob) = funded();
    let token = link.home.token.clone();
    let remote = &mut link.remote;
    let cases: Vec<(Binary, &str)> = vec![
        (
            packet_json("uatom", 1, &alice, bob.as_str()),
            "unknown denom uatom",
        ),
        (
            packet_json(
                &format!("cw20:{}", remote.addr("other-token")),
                1,
                &alice,
                bob.as_str(),
            ),
            "unknown denom",
        ),
        // A wrapped denom coming back: this side never escrows, so it has nothing to release.
        (
            packet_json(
                &format!("{HOME_PORT}/{CHANNEL}/cw20:{token}"),
                1,
                &alice,
                bob.as_str(),
            ),
            "unknown denom",
        ),
        (
            packet_json(&format!("cw20:{token}"), 1, &alice, "cosmos1invalid"),
            "Error decoding bech32",
        ),
        (
            packet_json(&format!("cw20:{token}"), LIMIT, &alice, bob.as_str()),
            "exceeds its rate limit",
        ),
    ];
    for (i, (data, expected)) in cases.into_iter().enumerate() {
        let error = refused(remote, &incoming(remote, data, 100 + i as u64));
        assert!(
            error.contains(expected),
            "case {i}: {error:?} does not say {expected:?}"
        );
    }
}

#[test]
fn bad_transfers_are_typed_errors_that_send_nothing() {
    let (mut link, alice, bob) = funded();
    let home = &mut link.home;
    let cases = [
        (
            TransferMsg {
                timeout_seconds: Some(0),
                ..transfer(&bob)
            },
            BridgeError::InvalidTimeout {
                timeout_seconds: 0,
                max: 604_800,
            },
        ),
        (
            TransferMsg {
                timeout_seconds: Some(604_801),
                ..transfer(&bob)
            },
            BridgeError::InvalidTimeout {
                timeout_seconds: 604_801,
                max: 604_800,
            },
        ),
        (
            TransferMsg {
                timeout_seconds: Some(u64::MAX),
                ..transfer(&bob)
            },
            BridgeError::InvalidTimeout {
                timeout_seconds: u64::MAX,
                max: 604_800,
            },
        ),
        (
            TransferMsg {
                receiver: "r".repeat(1 << 20),
                ..transfer(&bob)
            },
            BridgeError::InvalidReceiver {
                len: 1 << 20,
                max: MAX_RECEIVER_BYTES,
            },
        ),
        (
            TransferMsg {
                receiver: String::new(),
                ..transfer(&bob)
            },
            BridgeError::InvalidReceiver {
                len: 0,
                max: MAX_RECEIVER_BYTES,
            },
        ),
        (
            TransferMsg {
                memo: Some("m".repeat(1 << 20)),
                ..transfer(&bob)
            },
            BridgeError::MemoTooLong {
                len: 1 << 20,
                max: MAX_MEMO_BYTES,
            },
        ),
        (
            TransferMsg {
                channel_id: "channel-5".into(),
                ..transfer(&bob)
            },
            BridgeError::UnknownChannel {
                channel_id: "channel-5".into(),
            },
        ),
        (
            TransferMsg { ..transfer(&bob) },
            BridgeError::RateLimited {
                channel_id: CHANNEL.into(),
                direction: "outflow".into(),
                amount: Uint128::new(LIMIT),
                used: Uint128::new(500),
                max_flow: Uint128::new(LIMIT),
            },
        ),
    ];
    home.credit(&home.token.clone(), &alice, LIMIT);
    for (i, (hook, expected)) in cases.into_iter().enumerate() {
        let amount = if matches!(expected, BridgeError::RateLimited { .. }) {
            LIMIT
        } else {
            10
        };
        let before = home.channel(CHANNEL);
        assert_eq!(
            home.send(&alice, CHANNEL, amount, hook),
            Err(expected),
            "case {i}"
        );
        assert_eq!(home.channel(CHANNEL), before);
    }
    // Zero tokens, another cw20, an unknown hook field, native funds.
    let token = home.token.clone();
    let hook = to_json_binary(&ReceiveMsg::Transfer(transfer(&bob))).unwrap();
    assert_eq!(
        home.send_hook(&token, &alice, 0, hook.clone()),
        Err(BridgeError::ZeroAmount {})
    );
    let other = home.addr("other-token");
    home.credit(&other, &alice, 10);
    assert_eq!(
        home.send_hook(&other, &alice, 10, hook.clone()),
        Err(BridgeError::UnknownToken { token: other })
    );
    let unknown_field = Binary::from(
        format!(r#"{{"transfer":{{"channel_id":"{CHANNEL}","receiver":"{bob}","timeout_seconds":null,"memo":null,"fee":"1"}}}}"#)
            .into_bytes(),
    );
    assert!(matches!(
        home.send_hook(&token, &alice, 10, unknown_field),
        Err(BridgeError::Receive(infermesh_kit::ReceiveError::InvalidHook { reason, .. }))
            if reason.contains("unknown field `fee`")
    ));
    let paid = contract::execute(
        home.deps.as_mut(),
        home.env.clone(),
        message_info(&alice, &coins(5, "ustake")),
        ExecuteMsg::Pause {},
    );
    assert!(matches!(
        paid,
        Err(BridgeError::Payment(PaymentError::NonPayable {}))
    ));
}

#[test]
fn the_remote_side_burns_only_its_own_wrapped_tokens() {
    let (mut link, alice, bob) = funded();
    let wrapped = link.wrapped().unwrap();
    let hook = to_json_binary(&ReceiveMsg::Transfer(transfer(&alice))).unwrap();
    // A look-alike cw20 is not a wrapped token of this bridge.
    let fake = link.remote.addr("fake-wrapped");
    link.remote.credit(&fake, &bob, 100);
    assert_eq!(
        link.remote.send_hook(&fake, &bob, 100, hook.clone()),
        Err(BridgeError::UnknownToken { token: fake })
    );
    // More than the bridge's books say circulates cannot be burned and sent (the cw20 would not
    // hold it anyway): the subtraction overflows.
    link.remote.credit(&wrapped, &bob, 1);
    assert!(matches!(
        link.remote.send_hook(&wrapped, &bob, 501, hook),
        Err(BridgeError::Overflow(_))
    ));
}

#[test]
fn forged_acknowledgements_and_timeouts_refund_nothing() {
    let (mut link, alice, bob) = funded();
    let token = link.home.token.clone();
    // A packet this bridge never sent (sequence 99), acknowledged with an error and timed out.
    let forged = IbcPacket::new(
        packet_json(&format!("cw20:{token}"), 400, &alice, bob.as_str()),
        IbcEndpoint {
            port_id: HOME_PORT.into(),
            channel_id: CHANNEL.into(),
        },
        IbcEndpoint {
            port_id: REMOTE_PORT.into(),
            channel_id: CHANNEL.into(),
        },
        99,
        IbcTimeout::with_timestamp(link.home.env.block.time),
    );
    let error_ack = to_json_binary(&Ics20Ack::Error("no".into())).unwrap();
    link.home.acknowledge(&forged, error_ack).unwrap();
    link.home.time_out(&forged).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 500);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(500));
    // A timeout after the other side acknowledged with success does not refund either.
    let packet = link
        .home
        .send(&alice, CHANNEL, 100, transfer(&bob))
        .unwrap()
        .unwrap();
    link.relay_to_remote(&packet);
    link.home.time_out(&packet).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 400);
}

#[test]
fn a_hostile_counterparty_cannot_refund_from_other_channels() {
    // The remote side released more than it was sent (it is not our remote bridge): the refund
    // of the packet in flight is cut to what the channel still escrows.
    let mut home = Side::home();
    home.allow(REMOTE_PORT, LIMIT);
    home.allow("wasm.second", LIMIT);
    home.open(CHANNEL, REMOTE_PORT).unwrap();
    home.open("channel-1", "wasm.second").unwrap();
    let alice = home.addr("alice");
    let mallory = home.addr("mallory");
    let token = home.token.clone();
    home.credit(&token, &alice, 1_000);
    // 600 escrowed on channel-1 by someone else.
    home.send(
        &alice,
        "channel-1",
        600,
        TransferMsg {
            channel_id: "channel-1".into(),
            ..transfer(&alice)
        },
    )
    .unwrap();
    home.credit(&token, &mallory, 100);
    let packet = home
        .send(&mallory, CHANNEL, 100, transfer(&mallory))
        .unwrap()
        .unwrap();
    // The counterparty sends "our token back" (100) before acknowledging with an error.
    let back = incoming(
        &home,
        packet_json(
            &format!("{REMOTE_PORT}/{CHANNEL}/cw20:{token}"),
            100,
            &mallory,
            mallory.as_str(),
        ),
        1,
    );
    assert_eq!(home.receive(&back).0, Ics20Ack::success());
    let response = home
        .acknowledge(
            &packet,
            to_json_binary(&Ics20Ack::Error("x".into())).unwrap(),
        )
        .unwrap();
    assert!(response
        .attributes
        .iter()
        .any(|a| a.key == "shortfall" && a.value == "100"));
    assert_eq!(home.balance(&token, &mallory), 100);
    assert_eq!(home.channel("channel-1").outstanding, Uint128::new(600));
    assert_eq!(home.balance(&token, &home.bridge()), 600);
}

#[test]
fn only_the_owner_governs_and_instantiation_checks_the_mode() {
    let mut side = Side::home();
    let stranger = side.addr("stranger");
    let guardian = side.guardian.clone();
    for msg in [
        ExecuteMsg::AllowCounterparty {
            connection_id: CONNECTION.into(),
            port_id: "transfer".into(),
            rate_limit: rate_limit(1),
        },
        ExecuteMsg::RemoveCounterparty {
            connection_id: CONNECTION.into(),
            port_id: "transfer".into(),
        },
        ExecuteMsg::UpdateChannel {
            channel_id: CHANNEL.into(),
            rate_limit: None,
            enabled: Some(true),
        },
        ExecuteMsg::RemapChannel {
            from: CHANNEL.into(),
            to: "channel-1".into(),
        },
        ExecuteMsg::UpdateGuardian { guardian: None },
    ] {
        assert_eq!(
            side.execute(&stranger, msg.clone()),
            Err(OwnershipError::NotOwner.into())
        );
        assert_eq!(
            side.execute(&guardian, msg),
            Err(OwnershipError::NotOwner.into())
        );
    }
    let owner = side.owner.clone();
    assert!(matches!(
        side.execute(
            &owner,
            ExecuteMsg::AllowCounterparty {
                connection_id: CONNECTION.into(),
                port_id: "transfer".into(),
                rate_limit: rate_limit(0)
            }
        ),
        Err(BridgeError::Validation(_))
    ));
    assert_eq!(
        side.execute(
            &owner,
            ExecuteMsg::RemoveCounterparty {
                connection_id: CONNECTION.into(),
                port_id: "transfer".into()
            }
        ),
        Err(BridgeError::CounterpartyNotAllowed {
            connection_id: CONNECTION.into(),
            port_id: "transfer".into()
        })
    );
    // A removed counterparty opens no new channel.
    side.allow("transfer", 1);
    side.execute(
        &owner,
        ExecuteMsg::RemoveCounterparty {
            connection_id: CONNECTION.into(),
            port_id: "transfer".into(),
        },
    )
    .unwrap();
    let channel = side.channel_end(CHANNEL, "transfer");
    assert!(matches!(
        contract::ibc_channel_open(
            side.deps.as_mut(),
            side.env.clone(),
            IbcChannelOpenMsg::new_init(channel)
        ),
        Err(BridgeError::CounterpartyNotAllowed { .. })
    ));

    // Remote mode: the denom must be a home bridge's, the wrapped token a valid cw20-base token.
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let remote = |home_denom: &str, symbol: &str| InstantiateMsg {
        owner: owner.to_string(),
        guardian: None,
        mode: Mode::Remote {
            home_denom: home_denom.into(),
            wrapped_code_id: WRAPPED_CODE_ID,
            wrapped_name: "Wrapped InferMesh".into(),
            wrapped_symbol: symbol.into(),
            wrapped_decimals: 6,
        },
        params: None,
    };
    for (msg, field) in [
        (remote("uatom", "wMESH"), "home_denom"),
        (remote("cw20:", "wMESH"), "home_denom"),
        (remote("transfer/channel-0/cw20:x", "wMESH"), "home_denom"),
        (remote("cw20:x", "w MESH"), "wrapped_symbol"),
        (remote("cw20:x", "wM"), "wrapped_symbol"),
    ] {
        let result =
            contract::instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg);
        assert!(matches!(result, Err(BridgeError::InvalidConfig { field: f, .. }) if f == field));
    }
    // The wrapped code must exist (the mock chain has no code at all).
    assert!(matches!(
        contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&owner, &[]),
            remote("cw20:x", "wMESH")
        ),
        Err(BridgeError::Std(_))
    ));
}

#[test]
fn error_acknowledgements_are_bytes_every_json_encoder_writes_alike() {
    let (mut link, alice, bob) = funded();
    let token = link.home.token.clone();
    let back = format!("{REMOTE_PORT}/{CHANNEL}/cw20:{token}");
    for receiver in ["a<b>&c", "x\u{1b}[31my", "tab\there", "quote\"slash\\", "é"] {
        let packet = incoming(&link.home, packet_json(&back, 1, &bob, receiver), 300);
        let (_, bytes) = link.home.receive(&packet);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with(r#"{"error":""#), "{text}");
        let inner = &text[10..text.len() - 2];
        assert!(
            inner
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && !b"<>&\"\\".contains(&b)),
            "{text}"
        );
    }
    assert_eq!(crate::packet::ack_error_text(&"x".repeat(1_000)).len(), 256);
    assert_eq!(link.home.balance(&token, &alice), 500);
}
