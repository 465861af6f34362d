//! Payment channel attacks and bad inputs, each reproduced on the full suite: forged vouchers
//! (another key, another channel's id, another chain's id), over-deposit, redeemed by a stranger,
//! replayed or stale nonces, no increase, a channel key that is not the consumer's, a
//! provider bonding up for one redemption to raise its discount, a withdrawal by a payee owed
//! nothing (which must not burn the pending fees), and a new treasury reaching for the fees
//! earned before it. Every rejection is its exact typed error and leaves the contract's storage
//! and totals unchanged.
//!
//! Rows of the adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::{Decimal, Timestamp, Uint128};
use infermesh_kit::CreditError;
use infermesh_kit::SignatureError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_types::payment_channels::{ConfigUpdate, SignMode};

use crate::fixtures::{channel_rejects, channel_world, operator, world, ChannelWorld, DAY, UNIT};
use infermesh_testing::Suite;
use infermesh_types::payment_channels::OpenChannel;
use infermesh_types::staking::Role;
use infermesh_types::staking::SlashClass;

#[test]
fn e2_bad_vouchers_are_rejected_without_change() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    // A second channel of the same consumer and provider.
    let expires = w.suite.now().plus_seconds(DAY);
    let other = w
        .suite
        .open_channel(&key, &provider, 1_000 * UNIT, expires)
        .unwrap();
    let s = &mut w.suite;

    // Bad signature: signed by another key.
    let mallory = s.key_account("mallory");
    let sig = s.sign_voucher(&mallory, channel, 10 * UNIT, 1, SignMode::Plain);
    channel_rejects(
        s,
        PaymentChannelsError::InvalidSignature {
            channel_id: channel,
        },
        |s| s.redeem(&provider, channel, 10 * UNIT, 1, sig, SignMode::Plain),
    );
    // 65 bytes (a recovery byte appended): named before the crypto API would abort the call.
    let mut long = s
        .sign_voucher(&key, channel, 10 * UNIT, 1, SignMode::Plain)
        .to_vec();
    long.push(0);
    channel_rejects(
        s,
        PaymentChannelsError::Signature(SignatureError::SignatureLength {
            expected: 64,
            len: 65,
        }),
        |s| {
            s.redeem(
                &provider,
                channel,
                10 * UNIT,
                1,
                long.into(),
                SignMode::Plain,
            )
        },
    );
    // Another channel's id.
    let sig = s.sign_voucher(&key, other, 10 * UNIT, 1, SignMode::Plain);
    channel_rejects(
        s,
        PaymentChannelsError::InvalidSignature {
            channel_id: channel,
        },
        |s| s.redeem(&provider, channel, 10 * UNIT, 1, sig, SignMode::Plain),
    );
    // Another chain's id.
    let terms = infermesh_types::payment_channels::voucher::VoucherTerms {
        chain_id: "other-chain-1",
        contract: s.payment_channels.addr().as_str(),
        consumer: key.address.as_str(),
        channel_id: channel,
        cumulative_amount: Uint128::new(10 * UNIT),
        nonce: 1,
    };
    let bytes =
        infermesh_types::payment_channels::voucher::sign_bytes(SignMode::Adr036, &terms).unwrap();
    let sig = key.sign(&bytes);
    channel_rejects(
        s,
        PaymentChannelsError::InvalidSignature {
            channel_id: channel,
        },
        |s| s.redeem(&provider, channel, 10 * UNIT, 1, sig, SignMode::Adr036),
    );
    // Above the deposit.
    let sig = s.sign_voucher(&key, channel, 1_001 * UNIT, 1, SignMode::Plain);
    channel_rejects(
        s,
        PaymentChannelsError::AmountAboveDeposit {
            amount: Uint128::new(1_001 * UNIT),
            deposit: Uint128::new(1_000 * UNIT),
        },
        |s| s.redeem(&provider, channel, 1_001 * UNIT, 1, sig, SignMode::Plain),
    );
    // Only the provider redeems.
    let sig = s.sign_voucher(&key, channel, 10 * UNIT, 5, SignMode::Plain);
    let thief = s.addr("thief");
    let sig2 = sig.clone();
    channel_rejects(
        s,
        PaymentChannelsError::NotChannelProvider {
            sender: thief.clone(),
            channel_id: channel,
        },
        |s| s.redeem(&thief, channel, 10 * UNIT, 5, sig2, SignMode::Plain),
    );
    s.redeem(
        &provider,
        channel,
        10 * UNIT,
        5,
        sig.clone(),
        SignMode::Plain,
    )
    .unwrap();
    // Replayed.
    channel_rejects(
        s,
        PaymentChannelsError::NonceNotIncreasing { nonce: 5, last: 5 },
        |s| s.redeem(&provider, channel, 10 * UNIT, 5, sig, SignMode::Plain),
    );
    // An old nonce, even with a higher amount.
    let sig = s.sign_voucher(&key, channel, 20 * UNIT, 4, SignMode::Plain);
    channel_rejects(
        s,
        PaymentChannelsError::NonceNotIncreasing { nonce: 4, last: 5 },
        |s| s.redeem(&provider, channel, 20 * UNIT, 4, sig, SignMode::Plain),
    );
    // A newer nonce that does not raise the amount.
    let sig = s.sign_voucher(&key, channel, 10 * UNIT, 6, SignMode::Plain);
    channel_rejects(
        s,
        PaymentChannelsError::NothingToRedeem {
            amount: Uint128::new(10 * UNIT),
            redeemed: Uint128::new(10 * UNIT),
        },
        |s| s.redeem(&provider, channel, 10 * UNIT, 6, sig, SignMode::Plain),
    );
}

#[test]
fn a_channel_key_must_be_the_consumers() {
    let mut w = world();
    let key = w.suite.key_account("alice");
    let bob = w.suite.addr("bob");
    w.suite.staking_fund(&bob, 100 * UNIT).unwrap();
    let provider = w.provider.clone();
    let expires = w.suite.now().plus_seconds(DAY);
    let channels = w.suite.payment_channels.addr().clone();
    let msg = infermesh_types::payment_channels::ReceiveMsg::OpenChannel(OpenChannel {
        provider: provider.to_string(),
        pubkey: key.pubkey.clone(),
        expires_at: expires,
    });
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::PubkeyMismatch {
            derived: key.address.clone(),
            sender: bob.clone(),
        },
        |s| s.send(&bob, &channels, 10 * UNIT, &msg),
    );
}

/// Economic security: the fee discount is the provider's tier when the channel opened, so
/// bonding up to Platinum just for one redemption earns nothing more than the Silver split.
#[test]
fn bonding_to_platinum_for_one_redemption_keeps_the_opening_discount() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let s = &mut w.suite;
    assert_eq!(s.channel(channel).fee_discount, Decimal::percent(10));
    s.staking_fund(&provider, 950_000 * UNIT).unwrap();
    s.bond(&provider, 950_000 * UNIT).unwrap();
    let status = s.operator_status(&provider);
    assert_eq!(status.fee_discount, Decimal::percent(30), "now Platinum");
    let before = s.channels_credit(&provider);
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    // 100 tokens: 2 % fee, then 80 % + the 10 % gateway share + Silver's 10 % of the 10 %
    // protocol cut; Platinum's 30 % would have paid 91,140,000.
    assert_eq!(s.channels_credit(&provider) - before, 89_180_000);
}

/// Economic security: the discount fixed at opening is a ceiling, not a right. A provider that
/// unbonds its self-bond and is banned takes no discount on later redemptions (stake that leaves
/// takes its discount with it), however long the channel lives and however much it is topped up.
#[test]
fn a_provider_that_leaves_staking_loses_the_opening_discount() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let s = &mut w.suite;
    s.unbond(&provider, &provider, 50_000 * UNIT).unwrap();
    let owner = s.owner.clone();
    s.slash(
        &owner,
        &provider,
        SlashClass::Severe,
        Decimal::percent(20),
        "ev-1",
        None,
    )
    .unwrap();
    let status = s.operator_status(&provider);
    assert!(status.banned && status.tier.is_none() && status.fee_discount.is_zero());
    s.top_up(&key.address, channel, 5_000 * UNIT).unwrap();
    let before = s.channels_credit(&provider);
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    // 100 tokens: 2 % fee, then 80 % + the 10 % gateway share and no discount.
    assert_eq!(s.channels_credit(&provider) - before, 88_200_000);
}

/// Economic security: a ban ends the provider's earnings, discount included. A provider still
/// Platinum by self-bond after a severe slash is banned, and its channels opened before the ban
/// pay it the no-discount split (found by a sybil review: staking reported the tier's discount
/// for banned operators).
#[test]
fn a_banned_provider_keeps_no_discount_on_channels_opened_before_the_ban() {
    let mut s = Suite::new();
    let provider = operator(&mut s, "provider", Role::Provider, 1_250_000 * UNIT);
    let key = s.key_account("consumer");
    s.staking_fund(&key.address, 100_000 * UNIT).unwrap();
    let expires = s.now().plus_seconds(30 * DAY);
    let channel = s
        .open_channel(&key, &provider, 100_000 * UNIT, expires)
        .unwrap();
    assert_eq!(s.channel(channel).fee_discount, Decimal::percent(30));
    let owner = s.owner.clone();
    s.slash(
        &owner,
        &provider,
        SlashClass::Severe,
        Decimal::percent(20),
        "ban-1",
        None,
    )
    .unwrap();
    let status = s.operator_status(&provider);
    assert!(status.banned && status.tier.is_some() && status.fee_discount.is_zero());
    let before = s.channels_credit(&provider);
    let sig = s.sign_voucher(&key, channel, 100_000 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100_000 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    // 2 % fee, then 80 % + the 10 % gateway share and no discount (Platinum's 30 % would pay
    // 91,140 tokens).
    assert_eq!(s.channels_credit(&provider) - before, 88_200 * UNIT);
}

/// A payee owed nothing withdraws nothing, even with a burn pending: no transfer, no burn, no
/// change (the burn waits for a payee's withdrawal).
#[test]
fn a_withdrawal_with_nothing_owed_burns_nothing_and_changes_nothing() {
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
    assert_eq!(s.channels_totals().burn_pending.u128(), UNIT);
    let supply = s.token_info().total_supply;
    for who in [s.addr("stranger"), key.address.clone(), s.owner.clone()] {
        channel_rejects(
            s,
            PaymentChannelsError::Credit(CreditError::NothingToWithdraw { payee: who.clone() }),
            |s| s.channels_withdraw(&who),
        );
    }
    assert_eq!(s.token_info().total_supply, supply);
}

/// The owner replacing the treasury does not hand it what the old treasury earned: the fees
/// owed before the change become the old treasury's credit, the new one withdraws only what
/// redemptions after the change owe it.
#[test]
fn a_new_treasury_cannot_take_the_fees_earned_before_it() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let provider = w.provider.clone();
    let old = w.treasury.clone();
    let s = &mut w.suite;
    let sig = s.sign_voucher(&key, channel, 100 * UNIT, 1, SignMode::Plain);
    s.redeem(&provider, channel, 100 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    let mallory = s.addr("mallory");
    s.update_channels_config(ConfigUpdate {
        staking: None,
        treasury: Some(mallory.to_string()),
        distributor: None,
        guardian: None,
    })
    .unwrap();
    // The treasury's 5.41 and the pool's 4.41 (the treasury's while no distributor is set).
    assert_eq!(s.channels_credit(&old), 9_820_000);
    assert_eq!(s.channels_credit(&mallory), 0);
    channel_rejects(
        s,
        PaymentChannelsError::Credit(CreditError::NothingToWithdraw {
            payee: mallory.clone(),
        }),
        |s| s.channels_withdraw(&mallory),
    );
    let before = s.balance(&old);
    s.channels_withdraw(&old).unwrap();
    assert_eq!(s.balance(&old) - before, 9_820_000);
    // Only a later redemption's shares are the new treasury's.
    let sig = s.sign_voucher(&key, channel, 200 * UNIT, 2, SignMode::Plain);
    s.redeem(&provider, channel, 200 * UNIT, 2, sig, SignMode::Plain)
        .unwrap();
    s.channels_withdraw(&mallory).unwrap();
    assert_eq!(s.balance(&mallory), 9_820_000);
    assert_eq!(s.channels_credit(&old), 0);
    let channels = s.payment_channels.addr().clone();
    assert_eq!(s.balance(&channels), s.channels_owed());
}

#[test]
fn x2_ownership_moves_only_in_two_steps() {
    let mut suite = Suite::new();
    let contract = suite.payment_channels.addr().clone();
    crate::rows::x2_ownership_is_two_step::<PaymentChannelsError>(&mut suite, &contract);
}

#[test]
fn x14_no_panics_in_payment_channels() {
    crate::rows::x14_no_panics_in_the_contract_source("payment-channels");
}

#[test]
fn x15_only_the_dao_migrates_payment_channels() {
    let mut suite = Suite::new();
    let contract = suite.payment_channels.addr().clone();
    crate::rows::x15_only_the_dao_is_wasm_admin(&mut suite, &contract);
}

/// Sets the block time to `time`, one block on.
fn at(suite: &mut Suite, time: Timestamp) {
    suite.app.update_block(|block| {
        block.time = time;
        block.height += 1;
    });
}

/// E4, the closing side (docs/payment-channels.md §4-6): the expiry second belongs to the
/// consumer. One second before it the channel still takes a top-up and cannot be reclaimed; from
/// that second on no top-up, and the consumer reclaims, at it or any second after. The provider
/// redeems at the expiry second too, until the reclaim closes the channel.
#[test]
fn e4_a_channel_is_reclaimed_from_its_expiry_second_and_not_one_before() {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let consumer = key.address.clone();
    let provider = w.provider.clone();
    let expires_at = w.suite.channel(channel).expires_at;
    let other = w
        .suite
        .open_channel(&key, &provider, 100 * UNIT, expires_at)
        .unwrap();

    at(&mut w.suite, expires_at.minus_seconds(1));
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::ChannelNotExpired {
            channel_id: channel,
            expires_at,
        },
        |s| s.reclaim(&consumer, channel),
    );
    w.suite.top_up(&consumer, channel, UNIT).unwrap();

    at(&mut w.suite, expires_at);
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::ChannelExpired {
            channel_id: channel,
            expires_at,
        },
        |s| s.top_up(&consumer, channel, UNIT),
    );
    let sig = w
        .suite
        .sign_voucher(&key, channel, 10 * UNIT, 1, SignMode::Plain);
    w.suite
        .redeem(&provider, channel, 10 * UNIT, 1, sig, SignMode::Plain)
        .unwrap();
    let held = w.suite.balance(&consumer);
    w.suite.reclaim(&consumer, channel).unwrap();
    assert_eq!(w.suite.balance(&consumer), held + 991 * UNIT);
    assert_eq!(w.suite.channel(channel).closed_at, Some(expires_at));

    at(&mut w.suite, expires_at.plus_seconds(1));
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::ChannelClosed {
            channel_id: channel,
        },
        |s| s.reclaim(&consumer, channel),
    );
    let sig = w
        .suite
        .sign_voucher(&key, channel, 20 * UNIT, 2, SignMode::Plain);
    channel_rejects(
        &mut w.suite,
        PaymentChannelsError::ChannelClosed {
            channel_id: channel,
        },
        |s| s.redeem(&provider, channel, 20 * UNIT, 2, sig, SignMode::Plain),
    );
    // A second after its expiry the other channel, never reclaimed, is still the consumer's.
    let held = w.suite.balance(&consumer);
    w.suite.reclaim(&consumer, other).unwrap();
    assert_eq!(w.suite.balance(&consumer), held + 100 * UNIT);
}
