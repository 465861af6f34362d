//! Payment channels on the full suite: real cw20 Sends, fee burns and split transfers, vouchers
//! signed as a wallet signs them. Attacks and bad inputs are in `payment_channels_adversarial`.

use cosmwasm_std::Uint128;
use infermesh_kit::PauseError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_types::payment_channels::{ExecuteMsg, SignMode};

use crate::fixtures::{channel_rejects, channel_world, ChannelWorld, DAY, UNIT};

#[test]
fn channel_redeems_cumulative_vouchers_in_both_sign_modes_then_reclaims() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let s = &mut w.suite;
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    // 2% fee, then 80% + 10% (no gateway) + 10% of the 10% protocol cut (Silver discount).
    let net = 98 * UNIT;
    let provider_share = 89_180_000;
    // Redemptions credit the payees; one withdrawal collects them all.
    assert_eq!(s.channels_credit(&provider), provider_share);
    let sig = s.sign_voucher(&key, channel, 300 * UNIT, 7, SignMode::Adr036);
    s.redeem(&provider, channel, 300 * UNIT, 7, sig, SignMode::Adr036)
        .unwrap();
    assert_eq!(s.channels_credit(&provider), provider_share * 3);
    assert_eq!(s.balance(&provider), 0);
    s.channels_withdraw(&provider).unwrap();
    assert_eq!(s.balance(&provider), provider_share * 3);
    assert_eq!(s.channels_credit(&provider), 0);
    channel_rejects(
        s,
        PaymentChannelsError::Credit(infermesh_kit::CreditError::NothingToWithdraw {
            payee: provider.clone(),
        }),
        |s| s.channels_withdraw(&provider),
    );
    let c = s.channel(channel);
    assert_eq!(c.redeemed, Uint128::new(300 * UNIT));
    assert_eq!(c.nonce, 7);
    assert_eq!(net, 98 * UNIT);
    s.top_up(&key.address, channel, 50 * UNIT).unwrap();
    assert_eq!(s.channel(channel).deposit, Uint128::new(1_050 * UNIT));
    let before = s.balance(&key.address);
    channel_rejects(
        s,
        PaymentChannelsError::ChannelNotExpired {
            channel_id: channel,
            expires_at: c.expires_at,
        },
        |s| s.reclaim(&key.address, channel),
    );
    s.advance_time(30 * DAY);
    s.reclaim(&key.address, channel).unwrap();
    assert_eq!(s.balance(&key.address), before + 750 * UNIT);
    assert_eq!(s.channels_totals().channel_balances, Uint128::zero());
    // The treasury (also the governance pool while no distributor is set) withdraws the rest.
    let treasury = s.holder(infermesh_types::token::AllocationCategory::CommunityTreasury);
    s.channels_withdraw(&treasury).unwrap();
    assert_eq!(s.channels_totals().credits, Uint128::zero());
    assert_eq!(s.balance(&s.payment_channels.addr().clone()), 0);
}

#[test]
fn the_thousandth_voucher_redeems_in_one_transaction() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    // 1,000 inferences of 0.05 token each, streamed off-chain; only the last voucher lands.
    let mut latest = None;
    for nonce in 1..=1_000u64 {
        let cumulative = u128::from(nonce) * 50_000;
        latest = Some((
            cumulative,
            nonce,
            w.suite
                .sign_voucher(&key, channel, cumulative, nonce, SignMode::Adr036),
        ));
    }
    let (cumulative, nonce, sig) = latest.unwrap();
    assert_eq!(cumulative, 50 * UNIT);
    w.suite
        .redeem(&provider, channel, cumulative, nonce, sig, SignMode::Adr036)
        .unwrap();
    let c = w.suite.channel(channel);
    assert_eq!(c.redeemed, Uint128::new(50 * UNIT));
    assert_eq!(c.nonce, 1_000);
}

#[test]
fn pause_stops_new_channels_and_top_ups_but_not_redemptions() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(100 * UNIT);
    let provider = w.provider.clone();
    let expires = w.suite.now().plus_seconds(30 * DAY);
    let owner = w.suite.owner.clone();
    w.suite
        .channels_execute(&owner, &ExecuteMsg::Pause {})
        .unwrap();
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::Pause(PauseError::Paused {}),
        |s| s.open_channel(&key, &provider, UNIT, expires),
    );
    let address = key.address.clone();
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::Pause(PauseError::Paused {}),
        |s| s.top_up(&address, channel, UNIT),
    );
    // Redeeming keeps working.
    let sig = w
        .suite
        .sign_voucher(&key, channel, 10 * UNIT, 1, SignMode::Plain);
    w.suite
        .redeem(&provider, channel, 10 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    w.suite
        .channels_execute(&owner, &ExecuteMsg::Unpause {})
        .unwrap();
    w.suite.top_up(&address, channel, UNIT).unwrap();
}

/// Pause stops new channels, never exits: a payee withdraws its credit while the contract is
/// paused.
#[test]
fn credits_are_withdrawn_while_paused() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let owner = w.suite.owner.clone();
    let s = &mut w.suite;
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    s.channels_execute(
        &owner,
        &infermesh_types::payment_channels::ExecuteMsg::Pause {},
    )
    .unwrap();
    let credit = s.channels_credit(&provider);
    s.channels_withdraw(&provider).unwrap();
    assert_eq!(s.balance(&provider), credit);
}
