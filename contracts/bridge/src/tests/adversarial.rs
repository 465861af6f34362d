//! Bad input and attacks (docs/bridge.md §7): each refused with a typed error or an error
//! acknowledgement, and nothing minted, released or recorded.
//!
//! Rows of the adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::testing::message_info;
use cosmwasm_std::{coins, to_json_binary, Api, Binary, IbcChannelOpenMsg, Uint128};
use cw_ownable::OwnershipError;
use cw_utils::PaymentError;
use infermesh_kit::MigrationError;
use infermesh_types::bridge::{
    ChannelsResponse, ConfigResponse, CounterpartiesResponse, Counterparty, ExecuteMsg, Ics20Ack,
    InFlight, InstantiateMsg, Mode, ModeResponse, ReceiveMsg, TransferMsg, MAX_MEMO_BYTES,
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
fn b1_bad_packets_at_home_are_error_acks_that_release_nothing() {
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
fn b1_bad_packets_at_the_remote_side_mint_nothing() {
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
fn b7_bad_transfers_are_typed_errors_that_send_nothing() {
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
fn b3_forged_acknowledgements_and_timeouts_refund_nothing() {
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
fn b2_a_hostile_counterparty_cannot_refund_from_other_channels() {
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
fn x1_only_the_owner_governs_and_instantiation_checks_the_mode() {
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

/// Every owner action that names a channel checks it exists before anything else, so a typo
/// cannot touch another channel's books.
#[test]
fn owner_actions_on_an_unknown_channel_are_refused_by_name() {
    let (mut link, _, _) = funded();
    let home = &mut link.home;
    let owner = home.owner.clone();
    let before: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    let unknown = || BridgeError::UnknownChannel {
        channel_id: "channel-9".into(),
    };
    let cases = [
        ExecuteMsg::UpdateChannel {
            channel_id: "channel-9".into(),
            rate_limit: Some(rate_limit(1)),
            enabled: Some(false),
        },
        ExecuteMsg::ResolveInFlight {
            channel_id: "channel-9".into(),
            sequence: 1,
            refund: true,
        },
        ExecuteMsg::RemapChannel {
            from: "channel-9".into(),
            to: CHANNEL.into(),
        },
        ExecuteMsg::RemapChannel {
            from: CHANNEL.into(),
            to: "channel-9".into(),
        },
    ];
    for msg in cases {
        assert_eq!(home.execute(&owner, msg), Err(unknown()));
    }
    let after: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(after, before);
}

/// A home side with channel-0 to the remote port closed by the counterparty.
fn home_with_a_closed_channel() -> Side {
    let mut home = Side::home();
    home.allow(REMOTE_PORT, LIMIT);
    home.open(CHANNEL, REMOTE_PORT).unwrap();
    home.close_confirm(CHANNEL, REMOTE_PORT);
    home
}

#[test]
fn a_remap_refuses_a_closed_target_and_a_target_to_another_counterparty() {
    let mut home = home_with_a_closed_channel();
    let owner = home.owner.clone();
    // channel-1 leads to the native transfer module, not to the remote bridge.
    home.allow("transfer", LIMIT);
    home.open("channel-1", "transfer").unwrap();
    // channel-2 leads to the remote bridge but is closed too.
    home.allow(REMOTE_PORT, LIMIT);
    home.open("channel-2", REMOTE_PORT).unwrap();
    home.close_confirm("channel-2", REMOTE_PORT);
    let before: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    let remap = |to: &str| ExecuteMsg::RemapChannel {
        from: CHANNEL.into(),
        to: to.into(),
    };
    assert_eq!(
        home.execute(&owner, remap("channel-1")),
        Err(BridgeError::CounterpartyMismatch {
            from: CHANNEL.into(),
            from_counterparty: format!("{CONNECTION}/{REMOTE_PORT}"),
            to: "channel-1".into(),
            to_counterparty: format!("{CONNECTION}/transfer"),
        })
    );
    assert_eq!(
        home.execute(&owner, remap("channel-2")),
        Err(BridgeError::ChannelClosed {
            channel_id: "channel-2".into()
        })
    );
    let after: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(after, before);
}

/// Opens channel-1 on both sides of `link` (a second allowance each).
fn open_second_channel(link: &mut Link) {
    link.home.allow(REMOTE_PORT, LIMIT);
    link.home.open("channel-1", REMOTE_PORT).unwrap();
    link.remote.allow(HOME_PORT, LIMIT);
    link.remote.open("channel-1", HOME_PORT).unwrap();
}

/// Two wrapped tokens can never be merged into one channel: the target's token stays the only
/// one the channel mints, and the closed channel keeps its own.
#[test]
fn a_remote_remap_never_replaces_the_targets_wrapped_token() {
    let (mut link, alice, bob) = funded();
    let first = link.wrapped().unwrap();
    open_second_channel(&mut link);
    let packet = link
        .home
        .send(
            &alice,
            "channel-1",
            100,
            TransferMsg {
                channel_id: "channel-1".into(),
                ..transfer(&bob)
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(link.relay_to_remote(&packet), Ics20Ack::success());
    let second = link.remote.channel("channel-1").wrapped.unwrap();
    assert_ne!(first, second);
    link.remote.close_confirm(CHANNEL, HOME_PORT);
    let before = (
        link.remote.channel(CHANNEL),
        link.remote.channel("channel-1"),
    );
    let owner = link.remote.owner.clone();
    assert_eq!(
        link.remote.execute(
            &owner,
            ExecuteMsg::RemapChannel {
                from: CHANNEL.into(),
                to: "channel-1".into(),
            }
        ),
        Err(BridgeError::WrappedExists {
            channel_id: "channel-1".into(),
            wrapped: second,
        })
    );
    assert_eq!(
        (
            link.remote.channel(CHANNEL),
            link.remote.channel("channel-1")
        ),
        before
    );
}

/// A remote channel closed before its first receipt has no wrapped token: the remap moves
/// nothing and gives the target none.
#[test]
fn a_remote_channel_closed_before_any_receipt_remaps_without_a_token() {
    let mut link = Link::new();
    open_second_channel(&mut link);
    link.remote.close_confirm(CHANNEL, HOME_PORT);
    let owner = link.remote.owner.clone();
    link.remote
        .execute(
            &owner,
            ExecuteMsg::RemapChannel {
                from: CHANNEL.into(),
                to: "channel-1".into(),
            },
        )
        .unwrap();
    let target = link.remote.channel("channel-1");
    assert_eq!(target.wrapped, None);
    assert_eq!(target.outstanding, Uint128::zero());
    assert_eq!(link.remote.channel(CHANNEL).wrapped, None);
}

#[test]
fn x5_x6_allowances_need_connection_and_port_ids_of_1_to_128_bytes() {
    let mut side = Side::home();
    let owner = side.owner.clone();
    let cases = [
        (String::new(), "transfer".to_string(), "connection_id", 0),
        (CONNECTION.to_string(), String::new(), "port_id", 0),
        (
            "c".repeat(129),
            "transfer".to_string(),
            "connection_id",
            129,
        ),
        (
            CONNECTION.to_string(),
            "p".repeat(1 << 20),
            "port_id",
            1 << 20,
        ),
    ];
    for (connection_id, port_id, field, len) in cases {
        assert_eq!(
            side.execute(
                &owner,
                ExecuteMsg::AllowCounterparty {
                    connection_id,
                    port_id,
                    rate_limit: rate_limit(LIMIT),
                }
            ),
            Err(BridgeError::InvalidConfig {
                field: field.into(),
                reason: format!("must be 1 to 128 bytes, not {len}"),
            })
        );
    }
    // 128 bytes is the longest accepted.
    side.execute(
        &owner,
        ExecuteMsg::AllowCounterparty {
            connection_id: "c".repeat(128),
            port_id: "transfer".into(),
            rate_limit: rate_limit(LIMIT),
        },
    )
    .unwrap();
    let allowed: CounterpartiesResponse = side.query(QueryMsg::Counterparties {
        start_after: None,
        limit: None,
    });
    assert_eq!(
        allowed.counterparties,
        vec![Counterparty {
            connection_id: "c".repeat(128),
            port_id: "transfer".into(),
            rate_limit: rate_limit(LIMIT),
        }]
    );
}

#[test]
fn x3_instantiation_refuses_an_owner_that_is_not_a_valid_address() {
    let api = MockApi::default();
    let token = api.addr_make("mesh-token");
    let wrong_prefix = MockApi::default()
        .with_prefix("osmo")
        .addr_make("owner")
        .to_string();
    for owner in [
        String::new(),
        api.addr_make("owner").as_str().to_uppercase(),
        wrong_prefix,
    ] {
        let mut deps = mock_dependencies();
        let sender = api.addr_make("creator");
        let result = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&sender, &[]),
            InstantiateMsg {
                owner: owner.clone(),
                guardian: None,
                mode: Mode::Home {
                    token: token.to_string(),
                },
                params: None,
            },
        );
        assert_eq!(
            result,
            Err(BridgeError::Ownership(OwnershipError::Std(
                api.addr_validate(&owner).unwrap_err()
            ))),
            "{owner:?}"
        );
    }
}

#[test]
fn x5_x6_a_remote_bridge_refuses_wrapped_names_and_decimals_cw20_base_would_refuse() {
    let mut deps = mock_dependencies();
    let owner = deps.api.addr_make("owner");
    let remote = |name: String, decimals: u8| InstantiateMsg {
        owner: owner.to_string(),
        guardian: None,
        mode: Mode::Remote {
            home_denom: "cw20:x".into(),
            wrapped_code_id: WRAPPED_CODE_ID,
            wrapped_name: name,
            wrapped_symbol: "wMESH".into(),
            wrapped_decimals: decimals,
        },
        params: None,
    };
    let bad_name = || BridgeError::InvalidConfig {
        field: "wrapped_name".into(),
        reason: "must be 3 to 50 bytes".into(),
    };
    let bad_decimals = |decimals: u8| BridgeError::InvalidConfig {
        field: "wrapped_decimals".into(),
        reason: format!("{decimals} is above 18"),
    };
    let cases = [
        (remote(String::new(), 6), bad_name()),
        (remote("ab".into(), 6), bad_name()),
        (remote("n".repeat(51), 6), bad_name()),
        (remote("Wrapped InferMesh".into(), 19), bad_decimals(19)),
        (
            remote("Wrapped InferMesh".into(), u8::MAX),
            bad_decimals(u8::MAX),
        ),
    ];
    for (msg, expected) in cases {
        assert_eq!(
            contract::instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg),
            Err(expected)
        );
    }
}

#[test]
fn x9_an_unknown_reply_id_is_refused_and_records_nothing() {
    let (mut link, _, _) = funded();
    let home = &mut link.home;
    for id in [0, 2, u64::MAX] {
        #[allow(deprecated)]
        let reply = Reply {
            id,
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Ok(SubMsgResponse {
                events: vec![],
                data: None,
                msg_responses: vec![MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgIBCSendResponse".into(),
                    value: encode_send_response(2),
                }],
            }),
        };
        assert_eq!(
            contract::reply(home.deps.as_mut(), home.env.clone(), reply),
            Err(BridgeError::UnknownReply { id })
        );
    }
    let in_flight: Option<InFlight> = home.query(QueryMsg::InFlight {
        channel_id: CHANNEL.into(),
        sequence: 2,
    });
    assert_eq!(in_flight, None);
}

/// Chains before wasmd 0.61 leave `msg_responses` empty and carry the send response in `data`.
#[test]
fn a_send_reply_with_the_sequence_in_data_records_the_packet() {
    let mut side = Side::home();
    side.allow(REMOTE_PORT, LIMIT);
    side.open(CHANNEL, REMOTE_PORT).unwrap();
    let alice = side.addr("alice");
    let bob = side.addr("bob");
    let token = side.token.clone();
    side.credit(&token, &alice, 100);
    let response = contract::execute(
        side.deps.as_mut(),
        side.env.clone(),
        message_info(&token, &[]),
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(100),
            msg: to_json_binary(&ReceiveMsg::Transfer(transfer(&bob))).unwrap(),
        }),
    )
    .unwrap();
    let send = &response.messages[0];
    #[allow(deprecated)]
    let reply = Reply {
        id: send.id,
        payload: send.payload.clone(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: Some(encode_send_response(300)),
            msg_responses: vec![],
        }),
    };
    contract::reply(side.deps.as_mut(), side.env.clone(), reply).unwrap();
    let in_flight: Option<InFlight> = side.query(QueryMsg::InFlight {
        channel_id: CHANNEL.into(),
        sequence: 300,
    });
    assert_eq!(
        in_flight.map(|f| (f.sender, f.amount)),
        Some((alice, Uint128::new(100)))
    );
}

#[test]
fn send_response_sequences_are_read_from_any_varint_layout() {
    let read = |bytes: &[u8]| crate::send::send_response_sequence(&Binary::from(bytes));
    assert_eq!(
        crate::send::send_response_sequence(&encode_send_response(300)),
        Some(300)
    );
    assert_eq!(
        crate::send::send_response_sequence(&encode_send_response(u64::MAX)),
        Some(u64::MAX)
    );
    // Another varint field before the sequence is skipped.
    assert_eq!(read(&[0x10, 0x05, 0x08, 0x07]), Some(7));
    // A length-delimited field is not MsgIBCSendResponse.
    assert_eq!(read(&[0x12, 0x01, 0x08, 0x07]), None);
    // A varint cut short, or longer than 64 bits, is not a sequence.
    assert_eq!(read(&[0x08, 0x80]), None);
    assert_eq!(
        read(&[0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        None
    );
    assert_eq!(read(&[]), None);
}

#[test]
fn x10_migration_only_from_an_older_version_of_the_bridge() {
    let mut side = Side::home();
    let migrate = |side: &mut Side| {
        contract::migrate(
            side.deps.as_mut(),
            side.env.clone(),
            infermesh_kit::MigrateMsg {},
        )
    };
    let version = contract::CONTRACT_VERSION;
    // Replayed: the stored version is already this one.
    assert_eq!(
        migrate(&mut side),
        Err(BridgeError::Migration(MigrationError::NotOlder {
            stored_version: version.into(),
            version: version.into(),
        }))
    );
    cw2::set_contract_version(&mut side.deps.storage, contract::CONTRACT_NAME, "999.0.0").unwrap();
    assert_eq!(
        migrate(&mut side),
        Err(BridgeError::Migration(MigrationError::NotOlder {
            stored_version: "999.0.0".into(),
            version: version.into(),
        }))
    );
    cw2::set_contract_version(&mut side.deps.storage, "crates.io:cw20-base", "0.0.1").unwrap();
    assert_eq!(
        migrate(&mut side),
        Err(BridgeError::Migration(MigrationError::WrongContract {
            stored_name: "crates.io:cw20-base".into(),
            name: contract::CONTRACT_NAME.into(),
        }))
    );
    assert_eq!(
        cw2::get_contract_version(&side.deps.storage)
            .unwrap()
            .contract,
        "crates.io:cw20-base"
    );
    cw2::set_contract_version(&mut side.deps.storage, contract::CONTRACT_NAME, "0.0.1").unwrap();
    let response = migrate(&mut side).unwrap();
    assert_eq!(response.attributes[1].value, "0.0.1");
    assert_eq!(
        cw2::get_contract_version(&side.deps.storage)
            .unwrap()
            .version,
        version
    );
    assert_eq!(
        migrate(&mut side),
        Err(BridgeError::Migration(MigrationError::NotOlder {
            stored_version: version.into(),
            version: version.into(),
        }))
    );
}

#[test]
fn x13_channel_pages_cap_a_limit_of_u32_max_and_start_after_any_id() {
    let mut home = Side::home();
    for id in ["channel-0", "channel-1", "channel-2"] {
        home.allow(REMOTE_PORT, LIMIT);
        home.open(id, REMOTE_PORT).unwrap();
    }
    let ids = |home: &Side, start_after: Option<&str>, limit| {
        let page: ChannelsResponse = home.query(QueryMsg::Channels {
            start_after: start_after.map(Into::into),
            limit,
        });
        page.channels
            .into_iter()
            .map(|c| c.channel_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&home, None, Some(u32::MAX)),
        ["channel-0", "channel-1", "channel-2"]
    );
    // An id that was never opened still orders the page.
    assert_eq!(
        ids(&home, Some("channel-0a"), None),
        ["channel-1", "channel-2"]
    );
    assert_eq!(
        ids(&home, Some("channel-9"), Some(u32::MAX)),
        Vec::<String>::new()
    );
    assert_eq!(ids(&home, None, Some(1)), ["channel-0"]);
    let channel: ChannelResponse = home.channel("channel-1");
    assert_eq!(ids(&home, Some("channel-0"), Some(1)), [channel.channel_id]);
}

#[test]
fn the_remote_config_and_ownership_are_what_instantiation_set() {
    let home = Side::home();
    let remote = Side::remote(&home.token);
    let config: ConfigResponse = remote.query(QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            mode: ModeResponse::Remote {
                home_denom: format!("cw20:{}", home.token),
                wrapped_code_id: WRAPPED_CODE_ID,
                wrapped_name: "Wrapped InferMesh".into(),
                wrapped_symbol: "wMESH".into(),
                wrapped_decimals: 6,
            },
            guardian: Some(remote.guardian.clone()),
            paused: false,
        }
    );
    let ownership: cw_ownable::Ownership<Addr> = remote.query(QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(remote.owner.clone()));
    assert_eq!(ownership.pending_owner, None);
}

#[test]
fn b6_a_handshake_ack_with_another_version_is_refused_and_opens_nothing() {
    let mut home = Side::home();
    home.allow(REMOTE_PORT, LIMIT);
    let channel = home.channel_end(CHANNEL, REMOTE_PORT);
    assert_eq!(
        contract::ibc_channel_connect(
            home.deps.as_mut(),
            home.env.clone(),
            IbcChannelConnectMsg::new_ack(channel, "ics20-2"),
        ),
        Err(BridgeError::InvalidVersion {
            version: "ics20-2".into(),
            expected: ICS20_VERSION.into(),
        })
    );
    let channels: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(channels.channels, vec![]);
    // The allowance is still there for a handshake with the right version.
    home.open(CHANNEL, REMOTE_PORT).unwrap();
}

/// A counterparty may close a channel this bridge never connected: nothing to mark, and no
/// channel comes into being.
#[test]
fn a_close_confirm_for_an_unknown_channel_records_nothing() {
    let mut home = Side::home();
    let channel = home.channel_end("channel-7", REMOTE_PORT);
    let response = contract::ibc_channel_close(
        home.deps.as_mut(),
        home.env.clone(),
        IbcChannelCloseMsg::new_confirm(channel),
    )
    .unwrap();
    let keys: Vec<_> = response.attributes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["action", "channel_id"]);
    let channels: ChannelsResponse = home.query(QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(channels.channels, vec![]);
}

/// The owner settling a stranded packet as delivered pays nothing back: the escrow stays for
/// the tokens the other side minted.
#[test]
fn a_stranded_packet_resolved_as_delivered_refunds_nothing() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);
    let packet = link
        .home
        .send(&alice, CHANNEL, 300, transfer(&bob))
        .unwrap()
        .unwrap();
    let (ack, _) = link.remote.receive(&packet);
    assert_eq!(ack, Ics20Ack::success());
    link.home.close_confirm(CHANNEL, REMOTE_PORT);
    let owner = link.home.owner.clone();
    let response = link
        .home
        .execute(
            &owner,
            ExecuteMsg::ResolveInFlight {
                channel_id: CHANNEL.into(),
                sequence: packet.sequence,
                refund: false,
            },
        )
        .unwrap();
    assert!(response.messages.is_empty());
    assert_eq!(link.home.balance(&token, &alice), 700);
    let channel = link.home.channel(CHANNEL);
    assert_eq!(
        (channel.in_flight, channel.outstanding),
        (0, Uint128::new(300))
    );
    assert_eq!(link.wrapped_supply(), 300);
}

/// One `?` per character, so a two-byte `é` is one `?`.
#[test]
fn error_acknowledgement_text_replaces_what_go_would_escape() {
    assert_eq!(
        crate::packet::ack_error_text("a<b>&c\"d\\e\u{e9}\n~"),
        "a?b??c?d?e??~"
    );
}

/// Every key and value the side's bridge holds.
fn snapshot(side: &Side) -> Vec<(Vec<u8>, Vec<u8>)> {
    cosmwasm_std::Storage::range(
        &side.deps.storage,
        None,
        None,
        cosmwasm_std::Order::Ascending,
    )
    .collect()
}

/// Puts the side's storage back as `snapshot` held it: what wasmd does to a contract's writes when
/// a message of its response fails.
fn revert(side: &mut Side, snapshot: &[(Vec<u8>, Vec<u8>)]) {
    let keys: Vec<Vec<u8>> = cosmwasm_std::Storage::range_keys(
        &side.deps.storage,
        None,
        None,
        cosmwasm_std::Order::Ascending,
    )
    .collect();
    for key in keys {
        cosmwasm_std::Storage::remove(&mut side.deps.storage, &key);
    }
    for (key, value) in snapshot {
        cosmwasm_std::Storage::set(&mut side.deps.storage, key, value);
    }
}

/// A cw20 call with no reply, no gas limit: if it fails, the whole entry point fails with it.
fn plain_cw20_call(token: &Addr, msg: &Cw20ExecuteMsg) -> cosmwasm_std::SubMsg {
    cosmwasm_std::SubMsg::new(WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(msg).unwrap(),
        funds: vec![],
    })
}

fn in_flight(side: &Side, sequence: u64) -> Option<InFlight> {
    side.query(QueryMsg::InFlight {
        channel_id: CHANNEL.into(),
        sequence,
    })
}

/// The acknowledgement ibc-go writes when a receive fails with an error (its
/// `NewErrorAcknowledgement`): the other side refunds on it like on any error ack.
fn chain_error_ack() -> Binary {
    to_json_binary(&Ics20Ack::Error(
        "ABCI code: 5: error handling packet: see events for details".into(),
    ))
    .unwrap()
}

/// B4: the refund is a plain cw20 call, so a refund that fails fails the timeout or the
/// acknowledgement with it, and wasmd reverts the bridge's writes: the transfer stays in flight
/// with its tokens escrowed (home) or burned (remote), the unordered channel goes on carrying
/// other packets, and the relayer's retry refunds it, once (docs/bridge.md §4). Nothing is
/// swallowed by a reply, so no refund is marked done without its tokens.
#[test]
fn b4_a_refund_whose_cw20_call_fails_stays_in_flight_and_refunds_once_on_retry() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);
    let stuck = link
        .home
        .send(&alice, CHANNEL, 300, transfer(&bob))
        .unwrap()
        .unwrap();
    let other = link
        .home
        .send(&alice, CHANNEL, 200, transfer(&bob))
        .unwrap()
        .unwrap();

    let before = snapshot(&link.home);
    let relayer = link.home.addr("relayer");
    let response = contract::ibc_packet_timeout(
        link.home.deps.as_mut(),
        link.home.env.clone(),
        cosmwasm_std::IbcPacketTimeoutMsg::new(stuck.clone(), relayer),
    )
    .unwrap();
    assert_eq!(
        response.messages,
        vec![plain_cw20_call(
            &token,
            &Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(300),
            }
        )]
    );
    // The token refuses the transfer: the timeout fails and its writes are reverted.
    revert(&mut link.home, &before);
    assert_eq!(
        in_flight(&link.home, stuck.sequence).unwrap().amount,
        Uint128::new(300)
    );
    let channel = link.home.channel(CHANNEL);
    assert_eq!(
        (channel.outstanding, channel.in_flight),
        (Uint128::new(500), 2)
    );
    assert_eq!(link.home.balance(&token, &alice), 500);

    // The channel is not stuck behind it.
    assert_eq!(link.relay_to_remote(&other), Ics20Ack::success());
    // The relayer's retry refunds it, and only once.
    link.home.time_out(&stuck).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 800);
    assert_eq!(in_flight(&link.home, stuck.sequence), None);
    let again = link.home.time_out(&stuck).unwrap();
    assert!(again
        .attributes
        .iter()
        .any(|a| (a.key.as_str(), a.value.as_str()) == ("in_flight", "none")));
    assert_eq!(link.home.balance(&token, &alice), 800);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(200));

    // The remote side's refund is a mint of what the send burned: the same holds.
    let wrapped = link.wrapped().unwrap();
    let back = link
        .remote
        .send(&bob, CHANNEL, 150, transfer(&alice))
        .unwrap()
        .unwrap();
    let before = snapshot(&link.remote);
    let relayer = link.remote.addr("relayer");
    let response = contract::ibc_packet_ack(
        link.remote.deps.as_mut(),
        link.remote.env.clone(),
        IbcPacketAckMsg::new(
            IbcAcknowledgement::new(chain_error_ack()),
            back.clone(),
            relayer,
        ),
    )
    .unwrap();
    assert_eq!(
        response.messages,
        vec![plain_cw20_call(
            &wrapped,
            &Cw20ExecuteMsg::Mint {
                recipient: bob.to_string(),
                amount: Uint128::new(150),
            }
        )]
    );
    revert(&mut link.remote, &before);
    assert_eq!(
        in_flight(&link.remote, back.sequence).unwrap().amount,
        Uint128::new(150)
    );
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(50));
    assert_eq!(link.wrapped_supply(), 50);
    link.remote.acknowledge(&back, chain_error_ack()).unwrap();
    link.remote.acknowledge(&back, chain_error_ack()).unwrap();
    assert_eq!(link.remote.balance(&wrapped, &bob), 200);
    assert_eq!(link.wrapped_supply(), 200);
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(200));
}

/// B5: a receipt's cw20 call (home's release, the remote side's mint or its wrapped token's
/// instantiation) is a plain message, so when it fails the receive fails, wasmd reverts the
/// bridge's writes and ibc-go writes an error acknowledgement: the sending side refunds, and the
/// books of both sides still match (docs/bridge.md §4).
#[test]
fn b5_a_receipt_whose_cw20_call_fails_reverts_and_the_sender_is_refunded() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);

    // The channel's first receipt instantiates the wrapped token; the instantiation fails.
    let first = link
        .home
        .send(&alice, CHANNEL, 300, transfer(&bob))
        .unwrap()
        .unwrap();
    let before = snapshot(&link.remote);
    let relayer = link.remote.addr("relayer");
    let response = contract::ibc_packet_receive(
        link.remote.deps.as_mut(),
        link.remote.env.clone(),
        IbcPacketReceiveMsg::new(first.clone(), relayer.clone()),
    )
    .unwrap();
    assert!(matches!(
        response.messages.as_slice(),
        [cosmwasm_std::SubMsg {
            msg: CosmosMsg::Wasm(WasmMsg::Instantiate2 { .. }),
            reply_on: cosmwasm_std::ReplyOn::Never,
            gas_limit: None,
            ..
        }]
    ));
    revert(&mut link.remote, &before);
    assert_eq!(link.wrapped(), None);
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::zero());
    link.home.acknowledge(&first, chain_error_ack()).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::zero());

    // Once the token exists, a later receipt's mint fails the same way.
    let packet = link
        .home
        .send(&alice, CHANNEL, 500, transfer(&bob))
        .unwrap()
        .unwrap();
    assert_eq!(link.relay_to_remote(&packet), Ics20Ack::success());
    let wrapped = link.wrapped().unwrap();
    let packet = link
        .home
        .send(&alice, CHANNEL, 100, transfer(&bob))
        .unwrap()
        .unwrap();
    let before = snapshot(&link.remote);
    let response = contract::ibc_packet_receive(
        link.remote.deps.as_mut(),
        link.remote.env.clone(),
        IbcPacketReceiveMsg::new(packet.clone(), relayer),
    )
    .unwrap();
    assert_eq!(
        response.messages,
        vec![plain_cw20_call(
            &wrapped,
            &Cw20ExecuteMsg::Mint {
                recipient: bob.to_string(),
                amount: Uint128::new(100),
            }
        )]
    );
    revert(&mut link.remote, &before);
    link.home.acknowledge(&packet, chain_error_ack()).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 500);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(500));
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(500));
    assert_eq!(link.wrapped_supply(), 500);

    // Home's release of tokens coming back fails: the escrow stays, the remote side re-mints.
    let back = link
        .remote
        .send(&bob, CHANNEL, 200, transfer(&alice))
        .unwrap()
        .unwrap();
    let before = snapshot(&link.home);
    let relayer = link.home.addr("relayer");
    let response = contract::ibc_packet_receive(
        link.home.deps.as_mut(),
        link.home.env.clone(),
        IbcPacketReceiveMsg::new(back.clone(), relayer),
    )
    .unwrap();
    assert_eq!(
        response.messages,
        vec![plain_cw20_call(
            &token,
            &Cw20ExecuteMsg::Transfer {
                recipient: alice.to_string(),
                amount: Uint128::new(200),
            }
        )]
    );
    revert(&mut link.home, &before);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(500));
    link.remote.acknowledge(&back, chain_error_ack()).unwrap();
    assert_eq!(link.remote.balance(&wrapped, &bob), 500);
    assert_eq!(link.wrapped_supply(), 500);
    assert_eq!(link.home.balance(&token, &alice), 500);
    assert_eq!(link.home.balance(&token, &link.home.bridge()), 500);
}

/// X4: the bridge's only repeatable inputs are an allowance and a remap's two channels. An
/// allowance given twice is one allowance (the later rate limit) and opens one channel; a remap
/// of a channel onto itself is refused whether it is open or closed, and moves nothing.
#[test]
fn x4_a_repeated_allowance_opens_one_channel_and_a_self_remap_is_refused() {
    let mut side = Side::home();
    side.allow(REMOTE_PORT, LIMIT);
    side.allow(REMOTE_PORT, 5);
    let allowed: CounterpartiesResponse = side.query(QueryMsg::Counterparties {
        start_after: None,
        limit: None,
    });
    assert_eq!(allowed.counterparties.len(), 1);
    assert_eq!(allowed.counterparties[0].rate_limit, rate_limit(5));
    side.open(CHANNEL, REMOTE_PORT).unwrap();
    assert_eq!(side.channel(CHANNEL).rate_limit, rate_limit(5));
    let before = snapshot(&side);
    assert_eq!(
        side.open("channel-1", REMOTE_PORT),
        Err(BridgeError::CounterpartyNotAllowed {
            connection_id: CONNECTION.into(),
            port_id: REMOTE_PORT.into()
        })
    );
    assert_eq!(snapshot(&side), before);

    let owner = side.owner.clone();
    let remap = ExecuteMsg::RemapChannel {
        from: CHANNEL.into(),
        to: CHANNEL.into(),
    };
    assert_eq!(
        side.execute(&owner, remap.clone()),
        Err(BridgeError::ChannelOpen {
            channel_id: CHANNEL.into()
        })
    );
    side.close_confirm(CHANNEL, REMOTE_PORT);
    let before = snapshot(&side);
    assert_eq!(
        side.execute(&owner, remap),
        Err(BridgeError::ChannelClosed {
            channel_id: CHANNEL.into()
        })
    );
    assert_eq!(snapshot(&side), before);
}
