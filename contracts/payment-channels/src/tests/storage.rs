//! The packed storage of channels and totals: round trips, the size bound, and refusal of
//! corrupt bytes.

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, Api, Binary, CanonicalAddr, Decimal, Timestamp, Uint128};
use infermesh_kit::credits::ProtocolFees;
use infermesh_types::payment_channels::Channel;
use proptest::prelude::*;

use crate::state::{
    channel_from_bytes, channel_to_bytes, channels_after, max_channel_bytes, save_channel, Totals,
};

/// A real bech32 account address (20 bytes) with the chain's prefix, as wasmd makes it.
fn chain_address(prefix: &'static str, byte: u8) -> Addr {
    MockApi::default()
        .with_prefix(prefix)
        .addr_humanize(&CanonicalAddr::from(vec![byte; 20]))
        .unwrap()
}

fn channel(
    consumer: Addr,
    provider: Addr,
    amounts: (u128, u128),
    nonce: u64,
    times: (u64, u64, Option<u64>),
    discount: u128,
) -> Channel {
    let mut pubkey = vec![0xffu8; 33];
    pubkey[0] = 3;
    Channel {
        id: 7,
        consumer,
        provider,
        pubkey: Binary::from(pubkey),
        deposit: Uint128::new(amounts.0),
        redeemed: Uint128::new(amounts.1),
        nonce,
        expires_at: Timestamp::from_nanos(times.0),
        opened_at: Timestamp::from_nanos(times.1),
        fee_discount: Decimal::raw(discount),
        closed_at: times.2.map(Timestamp::from_nanos),
    }
}

#[test]
fn packed_channels_stay_small() {
    let (consumer, provider) = (chain_address("wasm", 0xfe), chain_address("wasm", 0xfd));
    assert_eq!(consumer.as_str().len(), 43);
    // Every field at its type's largest value: the bound is exact.
    let largest = channel(
        consumer.clone(),
        provider.clone(),
        (u128::MAX, u128::MAX),
        u64::MAX,
        (u64::MAX, u64::MAX, Some(u64::MAX)),
        u128::MAX,
    );
    let bytes = channel_to_bytes(&largest);
    assert_eq!(bytes.len(), max_channel_bytes(43, 43));
    assert_eq!(bytes.len(), 220);
    // What a redemption rewrites on chain: an open channel with the largest amounts and nonce,
    // times in 2100 and a 100 % discount, at most 200 bytes (its JSON is over twice that).
    let year_2100 = 4_102_444_800_000_000_000;
    let open = channel(
        consumer,
        provider,
        (u128::MAX, u128::MAX),
        u64::MAX,
        (year_2100, year_2100, None),
        Decimal::one().atomics().u128(),
    );
    let bytes = channel_to_bytes(&open);
    assert!(bytes.len() <= 200, "{} bytes", bytes.len());
    let json = cosmwasm_std::to_json_vec(&open).unwrap();
    assert!(json.len() > 2 * bytes.len(), "{} JSON bytes", json.len());
    assert_eq!(channel_from_bytes(7, &bytes).unwrap(), open);
}

#[test]
fn corrupt_channels_and_totals_are_refused() {
    let c = channel(
        chain_address("wasm", 1),
        chain_address("wasm", 2),
        (10, 5),
        3,
        (30, 20, Some(40)),
        7,
    );
    let bytes = channel_to_bytes(&c);
    for cut in 0..bytes.len() {
        assert!(
            channel_from_bytes(7, &bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(channel_from_bytes(7, &long).is_err());
    // The closing flag is a bool.
    let open = channel_to_bytes(&Channel {
        closed_at: None,
        ..c.clone()
    });
    let mut flag = open.clone();
    *flag.last_mut().unwrap() = 2;
    assert!(channel_from_bytes(7, &flag).is_err());
    let totals = Totals {
        channels_opened: 3,
        ..Totals::default()
    }
    .to_bytes();
    assert!(Totals::from_bytes(&totals[..totals.len() - 1]).is_err());
    assert!(Totals::from_bytes(&[totals.as_slice(), &[0]].concat()).is_err());
}

#[test]
fn channels_are_listed_from_their_keys_in_id_order() {
    let mut storage = cosmwasm_std::testing::MockStorage::new();
    let mut ids = vec![];
    for id in [1u64, 2, 255, 256, 70_000] {
        let mut c = channel(
            chain_address("wasm", 1),
            chain_address("wasm", 2),
            (u128::from(id), 0),
            0,
            (2, 1, None),
            0,
        );
        c.id = id;
        save_channel(&mut storage, &c);
        ids.push(id);
    }
    // Other keys around the namespace are not channels.
    storage_set(&mut storage, b"channel", b"x");
    storage_set(&mut storage, b"\x00\x08channelsx", b"x");
    storage_set(&mut storage, b"totals", b"x");
    let listed = |after, limit| -> Vec<u64> {
        channels_after(&storage, after, limit)
            .unwrap()
            .into_iter()
            .map(|c| {
                assert_eq!(c.deposit.u128(), u128::from(c.id));
                c.id
            })
            .collect()
    };
    assert_eq!(listed(None, 10), ids);
    assert_eq!(listed(Some(2), 2), vec![255, 256]);
    assert_eq!(listed(Some(70_000), 10), Vec::<u64>::new());
    assert_eq!(listed(Some(u64::MAX), 10), Vec::<u64>::new());
}

fn storage_set(storage: &mut dyn cosmwasm_std::Storage, key: &[u8], value: &[u8]) {
    storage.set(key, value);
}

fn address() -> impl Strategy<Value = Addr> {
    (
        any::<[u8; 20]>(),
        prop_oneof![Just("wasm"), Just("cosmwasm")],
    )
        .prop_map(|(bytes, prefix)| {
            MockApi::default()
                .with_prefix(prefix)
                .addr_humanize(&CanonicalAddr::from(bytes.to_vec()))
                .unwrap()
        })
}

proptest! {
    #[test]
    fn channels_round_trip(
        consumer in address(),
        provider in address(),
        pubkey in any::<[u8; 33]>(),
        deposit in any::<u128>(),
        redeemed in any::<u128>(),
        nonce in any::<u64>(),
        expires_at in any::<u64>(),
        opened_at in any::<u64>(),
        discount in any::<u128>(),
        closed_at in proptest::option::of(any::<u64>()),
        id in any::<u64>(),
    ) {
        let c = Channel {
            id,
            consumer,
            provider,
            pubkey: Binary::from(pubkey.to_vec()),
            deposit: Uint128::new(deposit),
            redeemed: Uint128::new(redeemed),
            nonce,
            expires_at: Timestamp::from_nanos(expires_at),
            opened_at: Timestamp::from_nanos(opened_at),
            fee_discount: Decimal::raw(discount),
            closed_at: closed_at.map(Timestamp::from_nanos),
        };
        let bytes = channel_to_bytes(&c);
        prop_assert!(
            bytes.len() <= max_channel_bytes(c.consumer.as_str().len(), c.provider.as_str().len())
        );
        prop_assert_eq!(channel_from_bytes(id, &bytes).unwrap(), c);
    }

    #[test]
    fn totals_round_trip(values in any::<[u128; 7]>(), opened in any::<u64>()) {
        let totals = Totals {
            channel_balances: Uint128::new(values[0]),
            credits: Uint128::new(values[1]),
            channels_opened: opened,
            fees_burned: Uint128::new(values[2]),
            paid_to_providers: Uint128::new(values[3]),
            fees: ProtocolFees {
                treasury: Uint128::new(values[4]),
                pool: Uint128::new(values[5]),
                burn: Uint128::new(values[6]),
            },
        };
        prop_assert_eq!(Totals::from_bytes(&totals.to_bytes()).unwrap(), totals);
    }
}
