//! Payment channels on the full suite: real cw20 Sends, credits and protocol fees withdrawn with
//! the pending burn, vouchers signed as a wallet signs them, and the channels' solvency after
//! many redemptions. Attacks and bad inputs are in `payment_channels_adversarial`.

use cosmwasm_std::Uint128;
use infermesh_kit::PauseError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_types::payment_channels::{ConfigUpdate, ExecuteMsg, SignMode};
use infermesh_types::token::AllocationCategory;

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

/// A redemption sends no token call: it credits the provider and adds the treasury's and pool's
/// shares and the fee's burn half to the totals. The burn of every redemption so far goes with
/// the next withdrawal, whoever makes it, and the treasury (the pool too while no distributor is
/// set) collects its shares of many redemptions in one transfer.
#[test]
fn the_fees_burn_with_a_withdrawal_and_the_treasury_collects_its_shares_at_once() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let treasury = w.suite.holder(AllocationCategory::CommunityTreasury);
    let s = &mut w.suite;
    let channels = s.payment_channels.addr().clone();
    let supply = s.token_info().total_supply.u128();
    let treasury_before = s.balance(&treasury);
    for (nonce, cumulative) in [(1, 100 * UNIT), (2, 200 * UNIT), (3, 300 * UNIT)] {
        let sig = s.sign_voucher(&key, channel, cumulative, nonce, SignMode::Plain);
        s.redeem(&provider, channel, cumulative, nonce, sig, SignMode::Plain)
            .unwrap();
    }
    // Each 100 tokens at the Silver discount: 1 burned, 5.41 to the treasury (its 4.41 share
    // and the fee's other half), 4.41 to the pool (the treasury), 89.18 to the provider.
    let t = s.channels_totals();
    assert_eq!(
        s.token_info().total_supply.u128(),
        supply,
        "nothing burned yet"
    );
    assert_eq!(t.burn_pending.u128(), 3 * UNIT);
    assert_eq!(
        t.fees_burned.u128(),
        3 * UNIT,
        "counts what is assigned to burning"
    );
    assert_eq!(t.treasury_fees.u128(), 3 * 5_410_000);
    assert_eq!(t.pool_fees.u128(), 3 * 4_410_000);
    assert_eq!(t.credits.u128(), 3 * 89_180_000);
    assert_eq!(s.channels_credit(&treasury), 3 * 9_820_000);
    assert_eq!(s.balance(&channels), s.channels_owed());
    // The provider's withdrawal burns the three redemptions' burn.
    s.channels_withdraw(&provider).unwrap();
    assert_eq!(s.token_info().total_supply.u128(), supply - 3 * UNIT);
    assert_eq!(s.channels_totals().burn_pending, Uint128::zero());
    assert_eq!(s.channels_totals().fees_burned.u128(), 3 * UNIT);
    // The treasury takes both of its shares of the three redemptions in one transfer.
    s.channels_withdraw(&treasury).unwrap();
    assert_eq!(s.balance(&treasury) - treasury_before, 3 * 9_820_000);
    let t = s.channels_totals();
    assert_eq!(t.treasury_fees + t.pool_fees + t.credits, Uint128::zero());
    assert_eq!(s.balance(&channels), 700 * UNIT);
    assert_eq!(s.balance(&channels), s.channels_owed());
    // The next redemption's burn rides on the treasury's withdrawal.
    let sig = s.sign_voucher(&key, channel, 400 * UNIT, 4, SignMode::Plain);
    s.redeem(&provider, channel, 400 * UNIT, 4, sig, SignMode::Plain)
        .unwrap();
    s.channels_withdraw(&treasury).unwrap();
    assert_eq!(s.token_info().total_supply.u128(), supply - 4 * UNIT);
    assert_eq!(s.channels_totals().fees_burned.u128(), 4 * UNIT);
}

/// With a distributor set, the governance share is owed to it; what the pool earned before
/// (owed to the treasury) became the treasury's credit when the distributor was set.
#[test]
fn a_distributor_set_later_collects_only_the_pool_shares_after_it() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let treasury = w.suite.holder(AllocationCategory::CommunityTreasury);
    let s = &mut w.suite;
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    // A plain account stands in for the distributor: the work hook fails and is ignored.
    let pool = s.addr("distributor");
    s.update_channels_config(ConfigUpdate {
        staking: None,
        treasury: None,
        distributor: Some(pool.to_string()),
        guardian: None,
    })
    .unwrap();
    let t = s.channels_totals();
    assert_eq!(
        (t.treasury_fees, t.pool_fees),
        (Uint128::zero(), Uint128::zero())
    );
    assert_eq!(t.credits.u128(), 89_180_000 + 9_820_000);
    assert_eq!(s.channels_credit(&treasury), 9_820_000);
    assert_eq!(s.channels_credit(&pool), 0);
    let sig = s.sign_voucher(&key, channel, 200 * UNIT, 2, SignMode::Plain);
    s.redeem(&provider, channel, 200 * UNIT, 2, sig, SignMode::Plain)
        .unwrap();
    assert_eq!(s.channels_credit(&pool), 4_410_000);
    assert_eq!(s.channels_credit(&treasury), 9_820_000 + 5_410_000);
    s.channels_withdraw(&pool).unwrap();
    assert_eq!(s.balance(&pool), 4_410_000);
    assert_eq!(
        s.balance(&s.payment_channels.addr().clone()),
        s.channels_owed()
    );
}

/// docs/invariants.md §2: after many redemptions on several channels, with withdrawals, a
/// treasury change and reclaims in between, the channels contract holds exactly what it owes:
/// channel balances + credits + treasury and pool fees + burn pending; every fee assigned to
/// burning is burned or pending.
#[test]
fn the_channels_hold_what_they_owe_after_many_redemptions() {
    let mut w = crate::fixtures::world();
    let provider = w.provider.clone();
    let s = &mut w.suite;
    let channels = s.payment_channels.addr().clone();
    let supply = s.token_info().total_supply.u128();
    let keys: Vec<_> = (0..3)
        .map(|i| s.key_account(&format!("payer{i}")))
        .collect();
    let mut open = vec![];
    for key in &keys {
        s.staking_fund(&key.address, 10_000 * UNIT).unwrap();
        let expires = s.now().plus_seconds(30 * DAY);
        let id = s
            .open_channel(key, &provider, 5_000 * UNIT, expires)
            .unwrap();
        open.push((key.clone(), id, 0u128));
    }
    let old_treasury = s.holder(AllocationCategory::CommunityTreasury);
    let new_treasury = s.addr("treasury2");
    let payees = [provider.clone(), old_treasury.clone(), new_treasury.clone()];
    for nonce in 1..=120u64 {
        let (key, id, cumulative) = &mut open[nonce as usize % 3];
        *cumulative += u128::from(nonce * 7_919 % 1_000) * 3_001 + 1;
        let sig = s.sign_voucher(key, *id, *cumulative, nonce, SignMode::Adr036);
        s.redeem(&provider, *id, *cumulative, nonce, sig, SignMode::Adr036)
            .unwrap();
        if nonce == 60 {
            s.update_channels_config(ConfigUpdate {
                staking: None,
                treasury: Some(new_treasury.to_string()),
                distributor: None,
                guardian: None,
            })
            .unwrap();
        }
        if nonce % 11 == 0 {
            let _ = s.channels_withdraw(&payees[nonce as usize % 3]);
        }
        let t = s.channels_totals();
        assert_eq!(
            s.balance(&channels),
            s.channels_owed(),
            "redemption {nonce}"
        );
        let burned = supply - s.token_info().total_supply.u128();
        assert_eq!(t.fees_burned.u128(), burned + t.burn_pending.u128());
    }
    s.advance_time(30 * DAY);
    for (key, id, _) in &open {
        s.reclaim(&key.address, *id).unwrap();
    }
    for payee in &payees {
        let _ = s.channels_withdraw(payee);
    }
    let t = s.channels_totals();
    assert_eq!(s.channels_owed(), 0);
    assert_eq!(s.balance(&channels), 0);
    assert_eq!(
        t.fees_burned.u128(),
        supply - s.token_info().total_supply.u128()
    );
}
