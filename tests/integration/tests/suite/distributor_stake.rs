//! The stake roles on the full suite (docs/distributor.md §4): staking tells the distributor each
//! operator's earning stake through a hook that never blocks it; validators and stakers earn by
//! it continuously; what a pool earns is pushed into staking for its delegators, where it
//! streams. Bad inputs with their typed errors.

use cosmwasm_std::{Addr, Uint128};
use infermesh_distributor::DistributorError;
use infermesh_testing::{AppResponse, Suite};
use infermesh_types::distributor::{
    ExecuteMsg, Params, RewardRole, Schedule, ScheduleSegment, MAX_PUSH_OPERATORS, YEAR_SECONDS,
};
use infermesh_types::staking::{self, OperatorResponse, Role};

use crate::fixtures::{contract_err, operator, DAY, UNIT};

const EPOCH: u64 = 3_600;

/// Validators and stakers weighted 1 : 1, ten base units a second in all: each role five.
fn stake_roles_only() -> Params {
    Params {
        role_weights: RewardRole::ALL
            .iter()
            .map(|role| u32::from(role.by_stake()))
            .collect(),
        ..Params::default()
    }
}

fn ten_a_second() -> Schedule {
    Schedule {
        segments: vec![ScheduleSegment {
            start_year: 0,
            end_year: 10,
            per_year: Uint128::new(u128::from(YEAR_SECONDS) * 10),
        }],
        halving_years: 4,
    }
}

/// The suite with the distributor deployed at its genesis address (funded by the genesis) and
/// wired: staking reports to it.
fn stake_world() -> (Suite, Addr) {
    let mut suite = Suite::new();
    let distributor =
        suite.deploy_distributor_with(EPOCH, Some(ten_a_second()), Some(stake_roles_only()));
    (suite, distributor)
}

fn for_delegators(suite: &Suite, operator: &Addr) -> Vec<(RewardRole, u128)> {
    suite
        .distributor_pending(operator)
        .for_delegators
        .into_iter()
        .map(|(role, amount)| (role, amount.u128()))
        .collect()
}

fn push(suite: &mut Suite, operators: &[&Addr]) -> crate::fixtures::Res {
    let anyone = suite.addr("keeper");
    suite.distributor_execute(
        &anyone,
        &ExecuteMsg::PushStakeRewards {
            operators: operators.iter().map(|o| o.to_string()).collect(),
        },
    )
}

fn operator_record(suite: &Suite, operator: &Addr) -> OperatorResponse {
    suite.staking_query(&staking::QueryMsg::Operator {
        operator: operator.to_string(),
    })
}

fn failed_hooks(response: &AppResponse, hook: &str) -> usize {
    response
        .events
        .iter()
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| a.key == "hook" && a.value == hook)
        })
        .count()
}

/// Each pool earns by its stake: the validator's in both roles, the provider's in the stakers'
/// role only. The operator cannot claim it; a push pays it into staking, the commission to the
/// operator and the rest streaming to the shares.
#[test]
fn stake_rewards_follow_each_pools_stake_into_staking() {
    let (mut suite, _) = stake_world();
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let alice = suite.addr("alice");
    suite.staking_fund(&alice, 20_000 * UNIT).unwrap();
    suite.delegate(&alice, &validator, 20_000 * UNIT).unwrap();
    suite.advance_time(1_000);
    // Stakers' 5,000 split 30,000 : 10,000; validators' 5,000 all to the only validator (less
    // a unit of rounding: the reward per unit of stake is floored when the stake changes).
    assert_eq!(
        for_delegators(&suite, &validator),
        vec![
            (RewardRole::Validators, 4_999),
            (RewardRole::Stakers, 3_750)
        ]
    );
    assert_eq!(
        for_delegators(&suite, &provider),
        vec![(RewardRole::Stakers, 1_250)]
    );
    assert_eq!(suite.distributor_pending(&validator).total, Uint128::zero());
    assert_eq!(
        contract_err::<DistributorError, _>(
            suite.distributor_execute(&validator, &ExecuteMsg::Claim {})
        ),
        DistributorError::NothingToClaim {
            member: validator.clone()
        }
    );

    let outstanding = suite.staking_totals().rewards_outstanding;
    push(&mut suite, &[&validator, &provider]).unwrap();
    assert_eq!(
        suite.staking_totals().rewards_outstanding - outstanding,
        Uint128::new(9_999)
    );
    // 5 % commission, rounded down, to each operator at once.
    assert_eq!(
        operator_record(&suite, &validator).commission_unclaimed,
        Uint128::new(437)
    );
    assert_eq!(
        operator_record(&suite, &provider).commission_unclaimed,
        Uint128::new(62)
    );
    assert!(for_delegators(&suite, &validator).is_empty());
    // The rest streams to the shares over the stream period: alice holds 2/3 of 8,312.
    let stream = suite.staking_params().reward_stream_seconds;
    suite.advance_time(stream);
    let before = suite.balance(&alice);
    suite.claim_staking_rewards(&alice, &validator).unwrap();
    assert_eq!(suite.balance(&alice) - before, 5_541);
}

/// What a pool earned before a delegation came is pushed into staking as a stream, not a lump: a
/// delegation made just before a push and claimed a minute later takes a minute's sliver. (Staying
/// bonded through the whole stream, it would share the pushed amount by its shares: unpushed
/// earnings go to the shares present when they are pushed — docs/distributor.md §8.)
#[test]
fn a_just_in_time_delegation_takes_a_sliver_not_a_lump() {
    let (mut suite, _) = stake_world();
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    suite.advance_time(DAY);
    let earned: u128 = for_delegators(&suite, &validator)
        .iter()
        .map(|(_, amount)| amount)
        .sum();
    assert_eq!(earned, 864_000);
    let mallory = suite.addr("mallory");
    suite.staking_fund(&mallory, 10_000 * UNIT).unwrap();
    suite.delegate(&mallory, &validator, 10_000 * UNIT).unwrap();
    push(&mut suite, &[&validator]).unwrap();
    suite.advance_time(60);
    let before = suite.balance(&mallory);
    suite.claim_staking_rewards(&mallory, &validator).unwrap();
    let taken = suite.balance(&mallory) - before;
    // Half the shares for 60 s of a week's stream: 820,800 × 1/2 × 60 / 604,800 ≈ 40.
    assert!(taken <= 41, "the just-in-time delegation took {taken}");
}

/// A jailed operator's pool earns nothing until it is unjailed; a stake hook that fails never
/// blocks staking, and anyone's `SyncStake` repairs what the distributor missed.
#[test]
fn jails_stop_a_pools_rewards_and_a_failed_hook_is_repaired_by_sync() {
    let (mut suite, distributor) = stake_world();
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let owner = suite.owner.clone();
    suite.jail(&owner, &validator, Some(DAY)).unwrap();
    suite.advance_time(1_000);
    // The provider's pool holds all the stake that earns; the validators' role has no member,
    // so its share stays in the pool.
    assert!(for_delegators(&suite, &validator).is_empty());
    assert_eq!(
        for_delegators(&suite, &provider),
        vec![(RewardRole::Stakers, 5_000)]
    );
    suite.advance_time(DAY);
    suite.unjail(&validator).unwrap();
    push(&mut suite, &[&provider]).unwrap();

    // Staking now reports to a contract that refuses its hook (the token): the bond stands.
    let token = suite.token.addr().to_string();
    let set_distributor = |distributor: String| staking::ExecuteMsg::UpdateConfig {
        slashers: None,
        jailers: None,
        guardian: None,
        distributor: Some(distributor),
    };
    suite
        .staking_execute(&owner, &set_distributor(token))
        .unwrap();
    suite.staking_fund(&provider, 30_000 * UNIT).unwrap();
    let response = suite.bond(&provider, 30_000 * UNIT).unwrap();
    assert_eq!(failed_hooks(&response, "stake"), 1);
    assert_eq!(
        operator_record(&suite, &provider).total_bonded,
        Uint128::new(40_000 * UNIT)
    );
    suite
        .staking_execute(&owner, &set_distributor(distributor.to_string()))
        .unwrap();
    // The distributor still weighs the provider at 10,000: sync it, then 1,000 s split 1 : 4.
    let keeper = suite.addr("keeper");
    suite
        .distributor_execute(
            &keeper,
            &ExecuteMsg::SyncStake {
                operators: vec![provider.to_string(), validator.to_string()],
            },
        )
        .unwrap();
    let before = for_delegators(&suite, &provider);
    suite.advance_time(1_000);
    let stakers = |entries: &[(RewardRole, u128)]| {
        entries
            .iter()
            .find(|(role, _)| *role == RewardRole::Stakers)
            .map_or(0, |(_, amount)| *amount)
    };
    assert_eq!(
        stakers(&for_delegators(&suite, &provider)) - stakers(&before),
        4_000
    );
    assert_eq!(
        for_delegators(&suite, &validator),
        vec![
            (RewardRole::Validators, 5_000),
            (RewardRole::Stakers, 1_000)
        ]
    );
}

/// Only staking reports stake; pushes are bounded and need something to push; the stake roles
/// take no points; without staking there is nothing to sync or push.
#[test]
fn stake_reports_pushes_and_points_refuse_bad_input() {
    let (mut suite, _) = stake_world();
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    let stranger = suite.addr("stranger");
    assert_eq!(
        contract_err::<DistributorError, _>(suite.distributor_execute(
            &stranger,
            &ExecuteMsg::StakeChanged {
                operator: stranger.to_string(),
                stake: Uint128::new(1_000_000 * UNIT),
                validator: true,
            }
        )),
        DistributorError::NotStaking {
            sender: stranger.clone()
        }
    );
    assert_eq!(
        contract_err::<DistributorError, _>(push(&mut suite, &[&validator])),
        DistributorError::NothingToPush {}
    );
    let many: Vec<Addr> = (0..=MAX_PUSH_OPERATORS)
        .map(|i| suite.addr(&format!("op-{i}")))
        .collect();
    let many: Vec<&Addr> = many.iter().collect();
    assert_eq!(
        contract_err::<DistributorError, _>(push(&mut suite, &many)),
        DistributorError::TooManyOperators {
            count: MAX_PUSH_OPERATORS + 1,
            max: MAX_PUSH_OPERATORS,
        }
    );
    let owner = suite.owner.clone();
    for role in [RewardRole::Stakers, RewardRole::Validators] {
        assert_eq!(
            contract_err::<DistributorError, _>(suite.distributor_execute(
                &owner,
                &ExecuteMsg::SetPoints {
                    role,
                    points: vec![(stranger.to_string(), Uint128::one())],
                }
            )),
            DistributorError::NotAPointsRole { role }
        );
    }
    assert!(suite
        .distributor_execute(&stranger, &ExecuteMsg::UpdateStaking { staking: None })
        .is_err());
    suite
        .distributor_execute(&owner, &ExecuteMsg::UpdateStaking { staking: None })
        .unwrap();
    suite.advance_time(100);
    assert_eq!(
        contract_err::<DistributorError, _>(push(&mut suite, &[&validator])),
        DistributorError::NoStaking {}
    );
    // Without staking, a sync stops the pool (its unpushed earnings return to the pool).
    assert!(!for_delegators(&suite, &validator).is_empty());
    suite
        .distributor_execute(
            &stranger,
            &ExecuteMsg::SyncStake {
                operators: vec![validator.to_string()],
            },
        )
        .unwrap();
    assert!(for_delegators(&suite, &validator).is_empty());
    // Staking's hook is now refused by the distributor, and staking carries on.
    suite.staking_fund(&validator, UNIT).unwrap();
    let response = suite.bond(&validator, UNIT).unwrap();
    assert_eq!(failed_hooks(&response, "stake"), 1);
}

/// A pool whose stake all left forfeits what nobody pushed: it returns to the pool, so one base
/// unit bonded afterwards cannot collect it.
#[test]
fn an_emptied_pool_forfeits_its_unpushed_rewards() {
    let (mut suite, _) = stake_world();
    let provider = operator(&mut suite, "provider", Role::Provider, 10_000 * UNIT);
    let other = operator(&mut suite, "other", Role::Provider, 10_000 * UNIT);
    suite.advance_time(1_000);
    assert_eq!(
        for_delegators(&suite, &provider),
        vec![(RewardRole::Stakers, 2_500)]
    );
    let allocated = suite_emission_allocated(&suite);
    let response = suite.unbond(&provider, &provider, 10_000 * UNIT).unwrap();
    assert!(response.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "forfeited" && a.value == "2500")));
    assert_eq!(suite_emission_allocated(&suite), allocated - 2_500);
    suite.staking_fund(&provider, 1).unwrap();
    suite.bond(&provider, 1).unwrap();
    assert_eq!(
        contract_err::<DistributorError, _>(push(&mut suite, &[&provider])),
        DistributorError::NothingToPush {}
    );
    push(&mut suite, &[&other]).unwrap();
}

fn suite_emission_allocated(suite: &Suite) -> u128 {
    let emission: infermesh_types::distributor::EmissionResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.distributor(),
            &infermesh_types::distributor::QueryMsg::Emission {},
        )
        .unwrap();
    emission.allocated.u128()
}
