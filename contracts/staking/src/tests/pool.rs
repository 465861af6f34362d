//! Pool share and reward arithmetic.

use cosmwasm_std::{Decimal, Decimal256, Timestamp, Uint128};

use crate::pool::*;
use crate::state::{Pool, RewardDebt, RewardPool};

fn pool(tokens: u128, shares: u128) -> Pool {
    Pool {
        tokens: Uint128::new(tokens),
        shares: Uint128::new(shares),
    }
}

#[test]
fn rounding_favours_the_pool() {
    let p = pool(10, 3);
    assert_eq!(
        p.shares_for_deposit(Uint128::new(4)).unwrap(),
        Uint128::new(1)
    );
    assert_eq!(p.value_of(Uint128::new(1)).unwrap(), Uint128::new(3));
    assert_eq!(
        p.shares_for_withdrawal(Uint128::new(4)).unwrap(),
        Uint128::new(2)
    );
    assert_eq!(
        p.shares_for_withdrawal(Uint128::new(10)).unwrap(),
        Uint128::new(3)
    );
}

#[test]
fn slash_never_empties_a_pool() {
    let mut p = pool(1, 1);
    assert_eq!(p.slash(Decimal::percent(20)).unwrap(), Uint128::zero());
    assert_eq!(p.tokens, Uint128::one());
    let mut p = pool(1_000, 1_000);
    assert_eq!(p.slash(Decimal::percent(5)).unwrap(), Uint128::new(50));
    assert_eq!(p.value_of(Uint128::new(100)).unwrap(), Uint128::new(95));
}

fn at(seconds: u64) -> Timestamp {
    Timestamp::from_seconds(seconds)
}

#[test]
fn rewards_stream_over_the_period_and_settle_by_shares() {
    let mut rewards = RewardPool::default();
    rewards
        .stream(Uint128::new(100), Uint128::new(3), at(1_000), 100)
        .unwrap();
    assert_eq!(
        rewards.reward_per_share,
        Decimal256::zero(),
        "nothing at once"
    );
    rewards.release(Uint128::new(3), at(1_050)).unwrap();
    let mut debt = RewardDebt::default();
    settle(&mut debt, Uint128::new(1), rewards.reward_per_share).unwrap();
    assert_eq!(
        debt.pending,
        Uint128::new(16),
        "half of a third, rounded down"
    );
    // Past the end the stream is spent: 100 / 3 per share in all, each settlement rounding down.
    rewards.release(Uint128::new(3), at(5_000)).unwrap();
    settle(&mut debt, Uint128::new(1), rewards.reward_per_share).unwrap();
    assert_eq!(debt.pending, Uint128::new(32));
    settle(&mut debt, Uint128::new(1), rewards.reward_per_share).unwrap();
    assert_eq!(debt.pending, Uint128::new(32), "settled twice, paid once");
}

#[test]
fn a_payment_mid_stream_ends_at_the_amount_weighted_end() {
    let mut rewards = RewardPool::default();
    rewards
        .stream(Uint128::new(600), Uint128::new(10), at(0), 60)
        .unwrap();
    // 30 s in: 300 released, 300 left for 30 s; 300 more would run 60 s: the 600 end after
    // (300 × 30 + 300 × 60) / 600 = 45 s.
    rewards
        .stream(Uint128::new(300), Uint128::new(10), at(30), 60)
        .unwrap();
    assert_eq!(
        rewards.reward_per_share,
        Decimal256::from_ratio(300u128, 10u128)
    );
    assert_eq!(rewards.stream_end, at(75));
    assert_eq!(rewards.stream_rate, Decimal256::from_ratio(600u128, 45u128));
    rewards.release(Uint128::new(10), at(1_000)).unwrap();
    let paid = rewards.reward_per_share * Decimal256::from_ratio(10u128, 1u128);
    assert!(paid <= Decimal256::from_ratio(900u128, 1u128));
    assert!(paid > Decimal256::from_ratio(899u128, 1u128));
}

/// The review's finding: a base unit every hour re-spread a week's stream over a fresh week, so
/// a third of a payment was still unpaid after its week. A dust payment barely moves the end.
#[test]
fn dust_payments_do_not_push_a_stream_back() {
    let week = 7 * 86_400;
    let mut rewards = RewardPool::default();
    rewards
        .stream(Uint128::new(1_000_000_000), Uint128::new(10), at(0), week)
        .unwrap();
    for hour in 1..168 {
        rewards
            .stream(Uint128::one(), Uint128::new(10), at(hour * 3_600), week)
            .unwrap();
    }
    assert!(
        rewards.stream_end <= at(week + 3_600),
        "ends at {}",
        rewards.stream_end
    );
    rewards.release(Uint128::new(10), at(week + 3_600)).unwrap();
    let paid = rewards.reward_per_share * Decimal256::from_ratio(10u128, 1u128);
    assert!(paid >= Decimal256::from_ratio(1_000_000_000u128, 1u128));
}

#[test]
fn a_stream_with_no_shares_goes_to_the_commission() {
    let mut rewards = RewardPool::default();
    rewards
        .stream(Uint128::new(100), Uint128::new(5), at(0), 100)
        .unwrap();
    rewards.release(Uint128::zero(), at(40)).unwrap();
    assert_eq!(rewards.commission_unclaimed, Uint128::new(40));
    assert_eq!(rewards.reward_per_share, Decimal256::zero());
}

#[test]
fn reward_records_round_trip_packed_whatever_their_size() {
    use infermesh_kit::codec::Packed;
    let huge = Decimal256::new(cosmwasm_std::Uint256::MAX);
    let pool = RewardPool {
        reward_per_share: huge,
        commission_unclaimed: Uint128::MAX,
        stream_rate: Decimal256::percent(3),
        stream_end: at(1_700_000_000),
        streamed_until: at(1_699_000_000),
    };
    assert_eq!(RewardPool::from_bytes(&pool.to_bytes()).unwrap(), pool);
    let debt = RewardDebt {
        index: Decimal256::from_ratio(950u128, 3u128),
        pending: Uint128::new(7),
    };
    assert_eq!(RewardDebt::from_bytes(&debt.to_bytes()).unwrap(), debt);
    assert!(RewardDebt::default().to_bytes().len() <= 3);
    let mut truncated = pool.to_bytes();
    truncated.pop();
    assert!(RewardPool::from_bytes(&truncated).is_err());
}
