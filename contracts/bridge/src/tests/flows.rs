//! The bridge's paths: a round trip, refunds, the handshake, closing and recovery, limits, pause
//! and parameters.

use cosmwasm_std::{
    from_json, to_json_binary, Binary, IbcChannelCloseMsg, IbcChannelOpenMsg, IbcOrder, Uint128,
};
use infermesh_kit::{ParamGuardError, PauseError};
use infermesh_types::bridge::{
    ExecuteMsg, Ics20Ack, InFlight, Params, QueryMsg, TransferMsg, ICS20_VERSION,
};

use super::*;
use crate::contract;
use crate::error::BridgeError;

fn attr<'a>(response: &'a Response, key: &str) -> Option<&'a str> {
    response
        .attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

#[test]
fn a_round_trip_mints_on_the_remote_side_and_releases_at_home() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let carol = link.home.addr("carol");
    link.fund(&alice, 1_000);

    let packet = link
        .home
        .send(&alice, CHANNEL, 600, transfer(&bob))
        .unwrap()
        .unwrap();
    // ICS-20's JSON, in ibc-go's field order, the empty memo omitted.
    let token = link.home.token.clone();
    assert_eq!(
        String::from_utf8(packet.data.to_vec()).unwrap(),
        format!(
            r#"{{"denom":"cw20:{token}","amount":"600","sender":"{alice}","receiver":"{bob}"}}"#
        )
    );
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(600));
    assert_eq!(link.home.channel(CHANNEL).in_flight, 1);
    let in_flight: Option<InFlight> = link.home.query(QueryMsg::InFlight {
        channel_id: CHANNEL.into(),
        sequence: 1,
    });
    assert_eq!(
        in_flight,
        Some(InFlight {
            sender: alice.clone(),
            amount: Uint128::new(600),
            period_start: link.home.channel(CHANNEL).period_start,
        })
    );

    let (ack, bytes) = link.remote.receive(&packet);
    assert_eq!(ack, Ics20Ack::success());
    // Byte for byte what ibc-go's transfer module writes and compares.
    assert_eq!(bytes, Binary::from(br#"{"result":"AQ=="}"#.to_vec()));
    link.home.acknowledge(&packet, bytes).unwrap();
    let wrapped = link.wrapped().unwrap();
    assert_eq!(link.remote.balance(&wrapped, &bob), 600);
    assert_eq!(link.wrapped_supply(), 600);
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(600));
    assert_eq!(link.home.channel(CHANNEL).in_flight, 0);
    assert_eq!(link.home.balance(&token, &alice), 400);
    assert_eq!(link.home.balance(&token, &link.home.bridge()), 600);

    // A second receipt mints with the same token.
    let packet = link
        .home
        .send(&alice, CHANNEL, 100, transfer(&bob))
        .unwrap()
        .unwrap();
    assert_eq!(link.relay_to_remote(&packet), Ics20Ack::success());
    assert_eq!(link.wrapped(), Some(wrapped.clone()));
    assert_eq!(link.remote.balance(&wrapped, &bob), 700);

    // Back home: burned on the remote side, released at home.
    let back = link
        .remote
        .send(&bob, CHANNEL, 250, transfer(&carol))
        .unwrap()
        .unwrap();
    let sent: infermesh_types::bridge::Ics20Packet = from_json(&back.data).unwrap();
    assert_eq!(sent.denom, format!("{REMOTE_PORT}/{CHANNEL}/cw20:{token}"));
    assert_eq!(link.wrapped_supply(), 450);
    assert_eq!(link.relay_to_home(&back), Ics20Ack::success());
    assert_eq!(link.home.balance(&token, &carol), 250);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::new(450));
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(450));
    assert_eq!(link.remote.channel(CHANNEL).in_flight, 0);
}

#[test]
fn an_error_ack_or_a_timeout_refunds_once() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);

    // An invalid receiver: the remote side refuses, home refunds, once.
    let bad = TransferMsg {
        receiver: "not-an-address".into(),
        ..transfer(&bob)
    };
    let packet = link.home.send(&alice, CHANNEL, 300, bad).unwrap().unwrap();
    let (ack, bytes) = link.remote.receive(&packet);
    assert!(matches!(ack, Ics20Ack::Error(_)));
    assert_eq!(link.wrapped(), None);
    let response = link.home.acknowledge(&packet, bytes.clone()).unwrap();
    assert_eq!(attr(&response, "action"), Some("bridge_refund"));
    assert_eq!(attr(&response, "reason"), Some("error_ack"));
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::zero());
    // The same acknowledgement again (IBC never delivers it twice; the bridge holds regardless).
    let response = link.home.acknowledge(&packet, bytes).unwrap();
    assert_eq!(attr(&response, "in_flight"), Some("none"));
    assert_eq!(link.home.balance(&token, &alice), 1_000);

    // A timeout: refunded once, a second timeout or a late ack refunds nothing.
    let packet = link
        .home
        .send(&alice, CHANNEL, 200, transfer(&bob))
        .unwrap()
        .unwrap();
    let response = link.home.time_out(&packet).unwrap();
    assert_eq!(attr(&response, "reason"), Some("timeout"));
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    link.home.time_out(&packet).unwrap();
    link.home
        .acknowledge(
            &packet,
            to_json_binary(&Ics20Ack::Error("late".into())).unwrap(),
        )
        .unwrap();
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::zero());
    assert_eq!(link.home.channel(CHANNEL).in_flight, 0);

    // The remote side re-mints what a failed send-back burned.
    let packet = link
        .home
        .send(&alice, CHANNEL, 500, transfer(&bob))
        .unwrap()
        .unwrap();
    link.relay_to_remote(&packet);
    let wrapped = link.wrapped().unwrap();
    let back = link
        .remote
        .send(&bob, CHANNEL, 200, transfer(&alice))
        .unwrap()
        .unwrap();
    assert_eq!(link.wrapped_supply(), 300);
    link.remote.time_out(&back).unwrap();
    assert_eq!(link.wrapped_supply(), 500);
    assert_eq!(link.remote.balance(&wrapped, &bob), 500);
    assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(500));
    // An unreadable acknowledgement is not a success: refunded.
    let back = link
        .remote
        .send(&bob, CHANNEL, 100, transfer(&alice))
        .unwrap()
        .unwrap();
    link.remote
        .acknowledge(&back, Binary::from(b"garbage".to_vec()))
        .unwrap();
    assert_eq!(link.remote.balance(&wrapped, &bob), 500);
}

#[test]
fn the_handshake_takes_only_unordered_ics20_with_an_allowed_counterparty() {
    let mut side = Side::home();
    // Not allowed yet.
    assert_eq!(
        side.open(CHANNEL, REMOTE_PORT),
        Err(BridgeError::CounterpartyNotAllowed {
            connection_id: CONNECTION.into(),
            port_id: REMOTE_PORT.into()
        })
    );
    side.allow(REMOTE_PORT, LIMIT);
    let mut ordered = side.channel_end(CHANNEL, REMOTE_PORT);
    ordered.order = IbcOrder::Ordered;
    assert_eq!(
        contract::ibc_channel_open(
            side.deps.as_mut(),
            side.env.clone(),
            IbcChannelOpenMsg::new_init(ordered)
        ),
        Err(BridgeError::InvalidOrder {
            order: IbcOrder::Ordered
        })
    );
    let mut other = side.channel_end(CHANNEL, REMOTE_PORT);
    other.version = "ics721-1".into();
    assert_eq!(
        contract::ibc_channel_open(
            side.deps.as_mut(),
            side.env.clone(),
            IbcChannelOpenMsg::new_init(other)
        ),
        Err(BridgeError::InvalidVersion {
            version: "ics721-1".into(),
            expected: ICS20_VERSION.into()
        })
    );
    let channel = side.channel_end(CHANNEL, REMOTE_PORT);
    assert_eq!(
        contract::ibc_channel_open(
            side.deps.as_mut(),
            side.env.clone(),
            IbcChannelOpenMsg::new_try(channel.clone(), "ics20-2")
        ),
        Err(BridgeError::InvalidVersion {
            version: "ics20-2".into(),
            expected: ICS20_VERSION.into()
        })
    );
    let response = contract::ibc_channel_open(
        side.deps.as_mut(),
        side.env.clone(),
        IbcChannelOpenMsg::new_init(channel),
    )
    .unwrap();
    assert_eq!(response.unwrap().version, ICS20_VERSION);
    side.open(CHANNEL, REMOTE_PORT).unwrap();
    let channel = side.channel(CHANNEL);
    assert!(channel.open && channel.enabled);
    assert_eq!(channel.rate_limit, rate_limit(LIMIT));
    // Another port over the same connection is still unknown.
    assert!(matches!(
        side.open("channel-1", "wasm.other"),
        Err(BridgeError::CounterpartyNotAllowed { .. })
    ));
}

#[test]
fn closing_strands_nothing_in_flight_and_a_remap_recovers_the_rest() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);
    let packet = link
        .home
        .send(&alice, CHANNEL, 400, transfer(&bob))
        .unwrap()
        .unwrap();
    link.relay_to_remote(&packet);
    let wrapped = link.wrapped().unwrap();
    let stuck = link
        .home
        .send(&alice, CHANNEL, 100, transfer(&bob))
        .unwrap()
        .unwrap();

    // This side never closes a channel.
    let channel = link.home.channel_end(CHANNEL, REMOTE_PORT);
    assert_eq!(
        contract::ibc_channel_close(
            link.home.deps.as_mut(),
            link.home.env.clone(),
            IbcChannelCloseMsg::new_init(channel)
        ),
        Err(BridgeError::CloseNotAllowed {
            channel_id: CHANNEL.into()
        })
    );
    // The counterparty closed it: no new transfers, the packet in flight times out on close.
    link.home.close_confirm(CHANNEL, REMOTE_PORT);
    link.remote.close_confirm(CHANNEL, HOME_PORT);
    assert!(!link.home.channel(CHANNEL).open);
    assert_eq!(
        link.home.send(&alice, CHANNEL, 1, transfer(&bob)),
        Err(BridgeError::ChannelClosed {
            channel_id: CHANNEL.into()
        })
    );
    let owner = link.home.owner.clone();
    // The first allowance opened channel-0; a new channel needs a new one.
    assert!(matches!(
        link.home.open("channel-1", REMOTE_PORT),
        Err(BridgeError::CounterpartyNotAllowed { .. })
    ));
    link.home.allow(REMOTE_PORT, LIMIT);
    link.home.open("channel-1", REMOTE_PORT).unwrap();
    let remap = || ExecuteMsg::RemapChannel {
        from: CHANNEL.into(),
        to: "channel-1".into(),
    };
    assert_eq!(
        link.home.execute(&owner, remap()),
        Err(BridgeError::ChannelInFlight {
            channel_id: CHANNEL.into(),
            in_flight: 1
        })
    );
    link.home.time_out(&stuck).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 600);

    // The 400 the wrapped token stands for move to the new channel on both sides.
    link.home.execute(&owner, remap()).unwrap();
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::zero());
    assert_eq!(
        link.home.channel("channel-1").outstanding,
        Uint128::new(400)
    );
    link.remote.allow(HOME_PORT, LIMIT);
    link.remote.open("channel-1", HOME_PORT).unwrap();
    let remote_owner = link.remote.owner.clone();
    link.remote.execute(&remote_owner, remap()).unwrap();
    assert_eq!(
        link.remote.channel("channel-1").wrapped,
        Some(wrapped.clone())
    );
    assert_eq!(
        link.remote.channel("channel-1").outstanding,
        Uint128::new(400)
    );
    assert_eq!(
        link.remote.send_hook(
            &wrapped,
            &bob,
            100,
            to_json_binary(&infermesh_types::bridge::ReceiveMsg::Transfer(transfer(
                &alice
            )))
            .unwrap()
        ),
        Err(BridgeError::WrongChannelForToken {
            token: wrapped.clone(),
            channel_id: CHANNEL.into(),
            expected: "channel-1".into()
        })
    );
    let back = link
        .remote
        .send(
            &bob,
            "channel-1",
            400,
            TransferMsg {
                channel_id: "channel-1".into(),
                ..transfer(&alice)
            },
        )
        .unwrap()
        .unwrap();
    let (ack, bytes) = link.home.receive(&back);
    assert_eq!(ack, Ics20Ack::success());
    link.remote.acknowledge(&back, bytes).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    assert_eq!(link.home.channel("channel-1").outstanding, Uint128::zero());
    assert_eq!(link.wrapped_supply(), 0);

    // A remap needs a closed source and an open target to the same port.
    assert_eq!(
        link.home.execute(
            &owner,
            ExecuteMsg::RemapChannel {
                from: "channel-1".into(),
                to: CHANNEL.into()
            }
        ),
        Err(BridgeError::ChannelOpen {
            channel_id: "channel-1".into()
        })
    );
}

#[test]
fn the_home_bridge_speaks_with_the_native_transfer_module() {
    let mut home = Side::home();
    home.allow("transfer", LIMIT);
    home.open(CHANNEL, "transfer").unwrap();
    let alice = home.addr("alice");
    let token = home.token.clone();
    home.credit(&token, &alice, 1_000);
    let packet = home
        .send(
            &alice,
            CHANNEL,
            700,
            TransferMsg {
                receiver: "wasm1receiver".into(),
                ..transfer(&alice)
            },
        )
        .unwrap()
        .unwrap();
    // ibc-go's success acknowledgement ends the transfer.
    home.acknowledge(&packet, Binary::from(br#"{"result":"AQ=="}"#.to_vec()))
        .unwrap();
    assert_eq!(home.channel(CHANNEL).outstanding, Uint128::new(700));
    // The voucher coming back carries the transfer module's end of the channel.
    let back = incoming(
        &home,
        packet_json(
            &format!("transfer/{CHANNEL}/cw20:{token}"),
            300,
            &alice,
            alice.as_str(),
        ),
        1,
    );
    assert_eq!(home.receive(&back).0, Ics20Ack::success());
    assert_eq!(home.balance(&token, &alice), 600);
    // ibc-go's own error acknowledgement refunds.
    let packet = home
        .send(&alice, CHANNEL, 50, transfer(&alice))
        .unwrap()
        .unwrap();
    home.acknowledge(
        &packet,
        Binary::from(
            br#"{"error":"ABCI code: 1: error handling packet: see events for details"}"#.to_vec(),
        ),
    )
    .unwrap();
    assert_eq!(home.balance(&token, &alice), 600);
    assert_eq!(home.channel(CHANNEL).outstanding, Uint128::new(400));
}

#[test]
fn rate_limits_cap_each_direction_per_period() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    link.fund(&alice, 10 * LIMIT);
    let packet = link
        .home
        .send(&alice, CHANNEL, LIMIT - 10, transfer(&bob))
        .unwrap()
        .unwrap();
    assert_eq!(
        link.home.send(&alice, CHANNEL, 11, transfer(&bob)),
        Err(BridgeError::RateLimited {
            channel_id: CHANNEL.into(),
            direction: "outflow".into(),
            amount: Uint128::new(11),
            used: Uint128::new(LIMIT - 10),
            max_flow: Uint128::new(LIMIT)
        })
    );
    link.relay_to_remote(&packet);
    // Inflow on the remote side: over its limit the packet is refused with an error ack.
    let owner = link.remote.owner.clone();
    link.remote
        .execute(
            &owner,
            ExecuteMsg::UpdateChannel {
                channel_id: CHANNEL.into(),
                rate_limit: Some(rate_limit(LIMIT)),
                enabled: None,
            },
        )
        .unwrap();
    link.home.env.block.time = link.home.env.block.time.plus_seconds(PERIOD);
    let packet = link
        .home
        .send(&alice, CHANNEL, 11, transfer(&bob))
        .unwrap()
        .unwrap();
    match link.relay_to_remote(&packet) {
        Ics20Ack::Error(error) => assert!(error.contains("inflow of 11"), "{error}"),
        ack => panic!("expected an error ack, got {ack:?}"),
    }
    // The next period takes it.
    link.remote.env.block.time = link.remote.env.block.time.plus_seconds(PERIOD);
    let packet = link
        .home
        .send(&alice, CHANNEL, 11, transfer(&bob))
        .unwrap()
        .unwrap();
    assert_eq!(link.relay_to_remote(&packet), Ics20Ack::success());
    assert_eq!(link.wrapped_supply(), LIMIT + 1);
    assert_eq!(
        link.home.channel(CHANNEL).outstanding,
        Uint128::new(LIMIT + 1)
    );
}

#[test]
fn a_pause_stops_transfers_and_receipts_but_not_refunds() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);
    let packet = link
        .home
        .send(&alice, CHANNEL, 100, transfer(&bob))
        .unwrap()
        .unwrap();
    let guardian = link.home.guardian.clone();
    link.home.execute(&guardian, ExecuteMsg::Pause {}).unwrap();
    assert_eq!(
        link.home.send(&alice, CHANNEL, 1, transfer(&bob)),
        Err(PauseError::Paused {}.into())
    );
    link.home.time_out(&packet).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    let back = incoming(
        &link.home,
        packet_json(
            &format!("{REMOTE_PORT}/{CHANNEL}/cw20:{token}"),
            1,
            &bob,
            alice.as_str(),
        ),
        1,
    );
    assert!(matches!(link.home.receive(&back).0, Ics20Ack::Error(e) if e.starts_with("paused")));
    assert_eq!(
        link.home.execute(&guardian, ExecuteMsg::Unpause {}),
        Err(PauseError::NotOwner {
            sender: guardian.clone()
        }
        .into())
    );
    let owner = link.home.owner.clone();
    link.home.execute(&owner, ExecuteMsg::Unpause {}).unwrap();
    link.home.send(&alice, CHANNEL, 1, transfer(&bob)).unwrap();
}

#[test]
fn a_disabled_channel_refuses_both_ways() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    link.fund(&alice, 1_000);
    let owner = link.remote.owner.clone();
    let disable = ExecuteMsg::UpdateChannel {
        channel_id: CHANNEL.into(),
        rate_limit: None,
        enabled: Some(false),
    };
    link.remote.execute(&owner, disable.clone()).unwrap();
    let packet = link
        .home
        .send(&alice, CHANNEL, 10, transfer(&bob))
        .unwrap()
        .unwrap();
    assert!(
        matches!(link.relay_to_remote(&packet), Ics20Ack::Error(e) if e == "channel channel-0 is disabled")
    );
    let owner = link.home.owner.clone();
    link.home.execute(&owner, disable).unwrap();
    assert_eq!(
        link.home.send(&alice, CHANNEL, 10, transfer(&bob)),
        Err(BridgeError::ChannelDisabled {
            channel_id: CHANNEL.into()
        })
    );
}

#[test]
fn parameters_move_within_the_guard_unless_an_emergency() {
    let mut side = Side::home();
    let owner = side.owner.clone();
    let params = |default_timeout_seconds, max_timeout_seconds| Params {
        default_timeout_seconds,
        max_timeout_seconds,
    };
    side.execute(
        &owner,
        ExecuteMsg::UpdateParams {
            params: params(700, 604_800),
        },
    )
    .unwrap();
    assert!(matches!(
        side.execute(
            &owner,
            ExecuteMsg::UpdateParams {
                params: params(700, 86_400)
            }
        ),
        Err(BridgeError::ParamGuard(ParamGuardError::MovedTooFar { .. }))
    ));
    side.execute(
        &owner,
        ExecuteMsg::EmergencyUpdateParams {
            params: params(700, 86_400),
        },
    )
    .unwrap();
    let stored: Params = side.query(QueryMsg::Params {});
    assert_eq!(stored, params(700, 86_400));
    assert!(matches!(
        side.execute(
            &owner,
            ExecuteMsg::EmergencyUpdateParams {
                params: params(90_000, 86_400)
            }
        ),
        Err(BridgeError::Validation(_))
    ));
}

#[test]
fn a_packet_a_close_stranded_is_resolved_by_the_owner() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    let token = link.home.token.clone();
    link.fund(&alice, 1_000);
    // Delivered, but its error acknowledgement never comes back before the close.
    let packet = link
        .home
        .send(
            &alice,
            CHANNEL,
            300,
            TransferMsg {
                receiver: "nowhere".into(),
                ..transfer(&bob)
            },
        )
        .unwrap()
        .unwrap();
    let (ack, _) = link.remote.receive(&packet);
    assert!(!ack.is_success());
    let owner = link.home.owner.clone();
    let resolve = |refund| ExecuteMsg::ResolveInFlight {
        channel_id: CHANNEL.into(),
        sequence: 1,
        refund,
    };
    assert_eq!(
        link.home.execute(&owner, resolve(true)),
        Err(BridgeError::ChannelOpen {
            channel_id: CHANNEL.into()
        })
    );
    link.home.close_confirm(CHANNEL, REMOTE_PORT);
    let stranger = link.home.addr("stranger");
    assert_eq!(
        link.home.execute(&stranger, resolve(true)),
        Err(cw_ownable::OwnershipError::NotOwner.into())
    );
    link.home.execute(&owner, resolve(true)).unwrap();
    assert_eq!(link.home.balance(&token, &alice), 1_000);
    assert_eq!(link.home.channel(CHANNEL).in_flight, 0);
    assert_eq!(link.home.channel(CHANNEL).outstanding, Uint128::zero());
    assert_eq!(
        link.home.execute(&owner, resolve(true)),
        Err(BridgeError::NotInFlight {
            channel_id: CHANNEL.into(),
            sequence: 1
        })
    );
}

#[test]
fn a_refund_in_the_same_period_gives_the_outflow_back() {
    let mut link = Link::new();
    let alice = link.home.addr("alice");
    let bob = link.remote.addr("bob");
    link.fund(&alice, 2 * LIMIT);
    // A transfer made to fail holds the whole limit only until its refund.
    let hook = TransferMsg {
        timeout_seconds: Some(1),
        ..transfer(&bob)
    };
    let packet = link
        .home
        .send(&alice, CHANNEL, LIMIT, hook)
        .unwrap()
        .unwrap();
    assert!(matches!(
        link.home.send(&alice, CHANNEL, 1, transfer(&bob)),
        Err(BridgeError::RateLimited { .. })
    ));
    link.home.time_out(&packet).unwrap();
    assert_eq!(link.home.channel(CHANNEL).outflow, Uint128::zero());
    link.home
        .send(&alice, CHANNEL, LIMIT, transfer(&bob))
        .unwrap();
    // A refund in a later period leaves that period's count alone.
    link.home.env.block.time = link.home.env.block.time.plus_seconds(PERIOD);
    let early = link
        .home
        .send(&alice, CHANNEL, 10, transfer(&bob))
        .unwrap()
        .unwrap();
    link.home.env.block.time = link.home.env.block.time.plus_seconds(PERIOD);
    link.home.send(&alice, CHANNEL, 5, transfer(&bob)).unwrap();
    link.home.time_out(&early).unwrap();
    assert_eq!(link.home.channel(CHANNEL).outflow, Uint128::new(5));
}

#[test]
fn an_allowance_opens_one_channel() {
    let mut side = Side::home();
    side.allow(REMOTE_PORT, LIMIT);
    side.open(CHANNEL, REMOTE_PORT).unwrap();
    assert_eq!(
        side.open("channel-1", REMOTE_PORT),
        Err(BridgeError::CounterpartyNotAllowed {
            connection_id: CONNECTION.into(),
            port_id: REMOTE_PORT.into()
        })
    );
    let allowed: infermesh_types::bridge::CounterpartiesResponse =
        side.query(QueryMsg::Counterparties {
            start_after: None,
            limit: None,
        });
    assert!(allowed.counterparties.is_empty());
}
