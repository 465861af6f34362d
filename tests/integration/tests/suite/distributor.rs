//! The reward distributor on the suite's token: the schedule, role weights, work epochs with
//! the fee cap, points, claims, expiry burns, pause; the bad inputs with their typed errors;
//! and the property tests of docs/distributor.md §5.

use cosmwasm_std::{Addr, Decimal, Uint128};
use infermesh_distributor::DistributorError;
use infermesh_testing::{distributor_contract, AnyResult, AppResponse, Executor, Suite};
use infermesh_types::distributor::{
    ConfigResponse, EmissionResponse, ExecuteMsg, InstantiateMsg, Params, PendingResponse,
    QueryMsg, ReceiveMsg, RewardRole, Schedule, ScheduleResponse, ScheduleSegment, WorkEntry,
    YEAR_SECONDS,
};
use infermesh_types::token::AllocationCategory;
use proptest::prelude::*;

use crate::fixtures::{proptest_config, DAY, UNIT};

pub(crate) const EPOCH: u64 = 3_600;

pub(crate) struct World {
    pub(crate) suite: Suite,
    pub(crate) distributor: Addr,
    /// Reports the work roles (the escrow's place).
    pub(crate) reporter: Addr,
    pub(crate) owner: Addr,
}

pub(crate) fn world_with(params: Params, schedule: Schedule, funding: u128) -> World {
    let mut suite = Suite::new();
    let code = suite.app.store_code(distributor_contract());
    let owner = suite.owner.clone();
    let reporter = suite.addr("escrow");
    let work_roles = [
        RewardRole::ComputeProviders,
        RewardRole::Gateways,
        RewardRole::GovernanceVoters,
    ];
    let msg = InstantiateMsg {
        owner: owner.to_string(),
        token: suite.token.addr().to_string(),
        reputation: None,
        staking: None,
        guardian: None,
        reporters: work_roles
            .iter()
            .map(|role| (*role, reporter.to_string()))
            .collect(),
        start: None,
        epoch_seconds: Some(EPOCH),
        genesis_funding: Uint128::zero(),
        schedule: Some(schedule),
        params: Some(params),
    };
    let distributor = suite
        .app
        .instantiate_contract(code, owner.clone(), &msg, &[], "distributor", None)
        .unwrap();
    let mut w = World {
        suite,
        distributor,
        reporter,
        owner,
    };
    if funding > 0 {
        let funder = w.suite.holder(AllocationCategory::CommunityTreasury);
        w.fund(&funder, funding).unwrap();
    }
    w
}

/// A distributor of its own (not the suite's genesis one), funded with 100 M tokens by the
/// treasury account.
pub(crate) fn world() -> World {
    world_with(Params::default(), Schedule::default(), 100_000_000 * UNIT)
}

impl World {
    pub(crate) fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let distributor = self.distributor.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), distributor, msg, &[])
    }

    pub(crate) fn fund(&mut self, from: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let distributor = self.distributor.clone();
        self.suite
            .send(from, &distributor, amount, &ReceiveMsg::Fund {})
    }

    pub(crate) fn report(
        &mut self,
        role: RewardRole,
        entries: &[(&Addr, u128, u128)],
    ) -> AnyResult<AppResponse> {
        let reporter = self.reporter.clone();
        let entries = entries
            .iter()
            .map(|(member, weight, fees)| WorkEntry {
                member: member.to_string(),
                weight: Uint128::new(*weight),
                fees: Uint128::new(*fees),
            })
            .collect();
        self.exec(
            &reporter,
            &ExecuteMsg::ReportWork {
                role,
                entries,
                eligible_weight: None,
            },
        )
    }

    pub(crate) fn set_points(
        &mut self,
        role: RewardRole,
        points: &[(&Addr, u128)],
    ) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        let points = points
            .iter()
            .map(|(member, p)| (member.to_string(), Uint128::new(*p)))
            .collect();
        self.exec(&owner, &ExecuteMsg::SetPoints { role, points })
    }

    pub(crate) fn claim(&mut self, member: &Addr) -> AnyResult<AppResponse> {
        self.exec(member, &ExecuteMsg::Claim {})
    }

    pub(crate) fn pending(&self, member: &Addr) -> PendingResponse {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(
                &self.distributor,
                &QueryMsg::Pending {
                    member: member.to_string(),
                },
            )
            .unwrap()
    }

    pub(crate) fn emission(&self) -> EmissionResponse {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.distributor, &QueryMsg::Emission {})
            .unwrap()
    }
}

/// Runs `f`, expects `expected`, and checks the distributor's storage did not change.
pub(crate) fn refuses<T: std::fmt::Debug>(
    w: &mut World,
    expected: DistributorError,
    f: impl FnOnce(&mut World) -> AnyResult<T>,
) {
    let before = w.suite.app.dump_wasm_raw(&w.distributor);
    let err = f(w).unwrap_err().downcast::<DistributorError>().unwrap();
    assert_eq!(err, expected);
    assert_eq!(w.suite.app.dump_wasm_raw(&w.distributor), before);
}

/// Only the one role weighted, so its share is the whole emission.
pub(crate) fn only(role: RewardRole) -> Params {
    Params {
        role_weights: RewardRole::ALL
            .iter()
            .map(|r| u32::from(*r == role))
            .collect(),
        ..Params::default()
    }
}

/// A flat schedule: `per_year` every year for 10 years.
pub(crate) fn flat(per_year: u128) -> Schedule {
    Schedule {
        segments: vec![ScheduleSegment {
            start_year: 0,
            end_year: 10,
            per_year: Uint128::new(per_year),
        }],
        halving_years: 4,
    }
}

// ---------------------------------------------------------------- schedule

/// The seed's table (QUIVer §2.3) for years 1-10, then the halvings.
#[test]
fn the_schedule_reproduces_the_seed_table() {
    let w = world();
    let year = |y: u32| -> u128 {
        let r: ScheduleResponse = w
            .suite
            .app
            .wrap()
            .query_wasm_smart(&w.distributor, &QueryMsg::Schedule { year: Some(y) })
            .unwrap();
        r.year_emission.unwrap().u128() / UNIT
    };
    let table = [
        70_000_000, 52_500_000, 35_000_000, 35_000_000, 21_000_000, 21_000_000, 21_000_000,
        21_000_000, 21_000_000, 21_000_000,
    ];
    for (y, tokens) in table.iter().enumerate() {
        assert_eq!(year(y as u32), *tokens, "year {}", y + 1);
    }
    assert_eq!(year(10), 10_500_000);
    assert_eq!(year(13), 10_500_000);
    assert_eq!(year(14), 5_250_000);
    let schedule = Schedule::default();
    let ten_years: u128 = table.iter().sum::<u128>() * UNIT;
    assert_eq!(schedule.emitted(10 * YEAR_SECONDS).u128(), ten_years);
    assert_eq!(schedule.emitted(YEAR_SECONDS / 2).u128(), 35_000_000 * UNIT);
    assert_eq!(
        schedule.emitted(14 * YEAR_SECONDS).u128(),
        ten_years + 4 * 10_500_000 * UNIT
    );
}

#[test]
fn schedules_with_gaps_overlaps_or_empty_segments_are_refused() {
    let segment = |start_year, end_year, per_year: u128| ScheduleSegment {
        start_year,
        end_year,
        per_year: Uint128::new(per_year),
    };
    for segments in [
        vec![segment(1, 2, 5)],
        vec![segment(0, 2, 5), segment(1, 3, 5)],
        vec![segment(0, 2, 5), segment(3, 4, 5)],
        vec![segment(0, 0, 5)],
        vec![segment(0, 1, 0)],
        vec![],
    ] {
        let schedule = Schedule {
            segments,
            halving_years: 4,
        };
        assert!(schedule.validate().is_err(), "{schedule:?}");
    }
}

// ---------------------------------------------------------------- work roles

/// A work role's epoch emission is shared by the work reported in it, paid once it closes.
#[test]
fn an_epochs_emission_is_shared_by_its_work() {
    let mut w = world_with(
        only(RewardRole::GovernanceVoters),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let (a, b) = (w.suite.addr("val-a"), w.suite.addr("val-b"));
    // 10 base units a second: an hour's epoch emits 36,000.
    w.report(RewardRole::GovernanceVoters, &[(&a, 1, 0), (&b, 3, 0)])
        .unwrap();
    assert_eq!(
        w.pending(&a).working,
        vec![(RewardRole::GovernanceVoters, Uint128::new(1))]
    );
    w.suite.advance_time(EPOCH);
    // The epoch the report fell in began at instantiation: all of it is shared 1:3.
    assert_eq!(w.pending(&a).total, Uint128::new(9_000));
    assert_eq!(w.pending(&b).total, Uint128::new(27_000));
    w.claim(&a).unwrap();
    assert_eq!(w.suite.balance(&a), 9_000);
    refuses(
        &mut w,
        DistributorError::NothingToClaim { member: a.clone() },
        |w| w.claim(&a),
    );
}

/// An epoch without work gives its emission back to the pool: no role swallows it.
#[test]
fn an_epoch_without_work_returns_its_emission_to_the_pool() {
    let mut w = world_with(
        only(RewardRole::GovernanceVoters),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    w.suite.advance_time(3 * EPOCH);
    let a = w.suite.addr("val-a");
    w.report(RewardRole::GovernanceVoters, &[(&a, 1, 0)])
        .unwrap();
    let e = w.emission();
    // Three idle epochs emitted nothing to anyone; the open one holds what accrued in it (0 s).
    assert_eq!(e.allocated, Uint128::zero());
    assert_eq!(e.undistributed, Uint128::new(1_000 * UNIT));
    w.suite.advance_time(EPOCH);
    assert_eq!(w.pending(&a).total, Uint128::new(36_000));
}

/// Wash trading does not pay: a provider's reward for an epoch never exceeds the fee cap × the
/// fees its work paid, whatever its share; the rest stays in the pool.
#[test]
fn a_providers_reward_is_capped_by_the_fees_its_work_paid() {
    let mut w = world_with(
        only(RewardRole::ComputeProviders),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let washer = w.suite.addr("washer");
    // The only provider: the whole epoch (36,000) would be its share, but its work paid 1,000
    // in fees, and the cap is 40 %.
    w.report(RewardRole::ComputeProviders, &[(&washer, 50_000, 1_000)])
        .unwrap();
    w.suite.advance_time(EPOCH);
    assert_eq!(w.pending(&washer).total, Uint128::new(400));
    w.claim(&washer).unwrap();
    let e = w.emission();
    assert_eq!(e.claimed, Uint128::new(400));
    assert_eq!(e.allocated, Uint128::new(400));
}

#[test]
fn reports_from_anyone_but_the_roles_reporter_are_refused() {
    let mut w = world();
    let (stranger, a) = (w.suite.addr("stranger"), w.suite.addr("a"));
    let entries = vec![WorkEntry {
        member: a.to_string(),
        weight: Uint128::one(),
        fees: Uint128::zero(),
    }];
    let distributor = w.distributor.clone();
    refuses(
        &mut w,
        DistributorError::NotReporter {
            sender: stranger.clone(),
            role: RewardRole::GovernanceVoters,
        },
        |w| {
            w.suite.app.execute_contract(
                stranger.clone(),
                distributor.clone(),
                &ExecuteMsg::ReportWork {
                    role: RewardRole::GovernanceVoters,
                    entries: entries.clone(),
                    eligible_weight: None,
                },
                &[],
            )
        },
    );
    let reporter = w.reporter.clone();
    refuses(
        &mut w,
        DistributorError::NotAWorkRole {
            role: RewardRole::Developers,
        },
        |w| {
            w.suite.app.execute_contract(
                reporter.clone(),
                distributor.clone(),
                &ExecuteMsg::ReportWork {
                    role: RewardRole::Developers,
                    entries: entries.clone(),
                    eligible_weight: None,
                },
                &[],
            )
        },
    );
    refuses(&mut w, DistributorError::EmptyReport {}, |w| {
        w.suite.app.execute_contract(
            reporter.clone(),
            distributor.clone(),
            &ExecuteMsg::ReportWork {
                role: RewardRole::GovernanceVoters,
                entries: vec![],
                eligible_weight: None,
            },
            &[],
        )
    });
}

// ---------------------------------------------------------------- points roles

/// A points role shares continuously by points; a member away earns nothing while away.
#[test]
fn points_share_continuously_and_nothing_is_earned_while_away() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let (a, b) = (w.suite.addr("dev-a"), w.suite.addr("dev-b"));
    // Before anyone holds points, nothing is emitted to the role.
    w.suite.advance_time(100);
    w.set_points(RewardRole::Developers, &[(&a, 1), (&b, 1)])
        .unwrap();
    assert_eq!(w.emission().allocated, Uint128::zero());
    w.suite.advance_time(100);
    assert_eq!(w.pending(&a).total, Uint128::new(500));
    // a leaves for 100 s and returns.
    w.set_points(RewardRole::Developers, &[(&a, 0)]).unwrap();
    w.suite.advance_time(100);
    w.set_points(RewardRole::Developers, &[(&a, 1)]).unwrap();
    w.suite.advance_time(100);
    assert_eq!(w.pending(&a).total, Uint128::new(1_000));
    assert_eq!(w.pending(&b).total, Uint128::new(500 + 1_000 + 500));
    let stranger = w.suite.addr("stranger");
    let distributor = w.distributor.clone();
    assert!(w
        .suite
        .app
        .execute_contract(
            stranger,
            distributor,
            &ExecuteMsg::SetPoints {
                role: RewardRole::Developers,
                points: vec![(a.to_string(), Uint128::one())],
            },
            &[],
        )
        .is_err());
    refuses(
        &mut w,
        DistributorError::NotAPointsRole {
            role: RewardRole::ComputeProviders,
        },
        |w| {
            let owner = w.owner.clone();
            let distributor = w.distributor.clone();
            w.suite.app.execute_contract(
                owner,
                distributor,
                &ExecuteMsg::SetPoints {
                    role: RewardRole::ComputeProviders,
                    points: vec![],
                },
                &[],
            )
        },
    );
}

/// Changing the weights never loses what accrued under the old ones.
#[test]
fn a_weight_change_keeps_what_accrued() {
    let mut params = only(RewardRole::Developers);
    params.role_weights[RewardRole::Community.index() as usize] = 1;
    let mut w = world_with(
        params.clone(),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let (dev, member) = (w.suite.addr("dev"), w.suite.addr("member"));
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    w.set_points(RewardRole::Community, &[(&member, 1)])
        .unwrap();
    w.suite.advance_time(100);
    params.role_weights[RewardRole::Community.index() as usize] = 3;
    let owner = w.owner.clone();
    w.exec(&owner, &ExecuteMsg::EmergencyUpdateParams { params })
        .unwrap();
    w.suite.advance_time(100);
    assert_eq!(w.pending(&dev).total, Uint128::new(500 + 250));
    assert_eq!(w.pending(&member).total, Uint128::new(500 + 750));
}

// ---------------------------------------------------------------- funding, expiry, pause

#[test]
fn emission_never_exceeds_the_pool_and_funding_is_recorded_by_source() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        0,
    );
    let dev = w.suite.addr("dev");
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    w.suite.advance_time(1_000);
    assert_eq!(w.pending(&dev).total, Uint128::zero());
    let rewards = w.suite.holder(AllocationCategory::CommunityTreasury);
    w.fund(&rewards, 3_000).unwrap();
    // Funding late pays no lump: emission restarts at the schedule's rate from the funding.
    w.suite.advance_time(100);
    assert_eq!(w.pending(&dev).total, Uint128::new(1_000));
    w.suite.advance_time(1_000);
    assert_eq!(w.pending(&dev).total, Uint128::new(3_000));
    let e = w.emission();
    assert_eq!(e.funding, vec![(rewards.to_string(), Uint128::new(3_000))]);
    assert_eq!(e.undistributed, Uint128::zero());
}

#[test]
fn rewards_unclaimed_for_180_days_are_burned_by_anyone() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let dev = w.suite.addr("dev");
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    w.suite.advance_time(100);
    w.set_points(RewardRole::Developers, &[(&dev, 0)]).unwrap();
    let earned_at = w.suite.now();
    let anyone = w.suite.addr("anyone");
    let burn = ExecuteMsg::BurnExpired {
        role: RewardRole::Developers,
        member: dev.to_string(),
    };
    let distributor = w.distributor.clone();
    refuses(
        &mut w,
        DistributorError::RewardsNotExpired {
            member: dev.clone(),
            role: RewardRole::Developers,
            expires_at: earned_at.plus_seconds(180 * DAY),
        },
        |w| {
            w.suite
                .app
                .execute_contract(anyone.clone(), distributor.clone(), &burn, &[])
        },
    );
    w.suite.advance_time(180 * DAY);
    let supply = w.suite.token_info().total_supply;
    w.exec(&anyone, &burn).unwrap();
    assert_eq!(
        w.suite.token_info().total_supply,
        supply - Uint128::new(1_000)
    );
    assert_eq!(w.emission().burned, Uint128::new(1_000));
    refuses(
        &mut w,
        DistributorError::NothingToBurn {
            member: dev.clone(),
            role: RewardRole::Developers,
        },
        |w| {
            w.suite
                .app
                .execute_contract(anyone.clone(), distributor.clone(), &burn, &[])
        },
    );
}

#[test]
fn pause_stops_reports_and_funding_but_not_claims() {
    let mut w = world_with(
        only(RewardRole::Developers),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let dev = w.suite.addr("dev");
    w.set_points(RewardRole::Developers, &[(&dev, 1)]).unwrap();
    let owner = w.owner.clone();
    w.exec(&owner, &ExecuteMsg::Pause {}).unwrap();
    w.suite.advance_time(100);
    // Accrual continues; the claim pays it.
    w.claim(&dev).unwrap();
    assert_eq!(w.suite.balance(&dev), 1_000);
    let a = w.suite.addr("a");
    assert!(w
        .report(RewardRole::GovernanceVoters, &[(&a, 1, 0)])
        .is_err());
    let rewards = w.suite.holder(AllocationCategory::CommunityTreasury);
    assert!(w.fund(&rewards, 1).is_err());
}

#[test]
fn bad_params_and_receive_from_another_token_are_refused() {
    let mut w = world();
    let owner = w.owner.clone();
    for edit in [
        (|p: &mut Params| p.role_weights = vec![0; 9]) as fn(&mut Params),
        |p| p.role_weights = vec![1; 8],
        |p| p.provider_fee_cap = Decimal::percent(95),
        |p| p.claim_expiry_seconds = 0,
    ] {
        let mut params = Params::default();
        edit(&mut params);
        assert!(w
            .exec(&owner, &ExecuteMsg::UpdateParams { params })
            .is_err());
    }
    let stranger = w.suite.addr("stranger");
    assert!(w
        .exec(
            &stranger,
            &ExecuteMsg::UpdateParams {
                params: Params::default()
            }
        )
        .is_err());
    let fake = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: stranger.to_string(),
        amount: Uint128::new(5),
        msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Fund {}).unwrap(),
    });
    assert!(w.exec(&stranger, &fake).is_err());
    assert_eq!(w.emission().funded, Uint128::new(100_000_000 * UNIT));
}

// ---------------------------------------------------------------- properties

#[derive(Debug, Clone)]
enum Op {
    /// Members 0 and 1 are compute providers, 2 and 3 validators.
    Work {
        member: usize,
        weight: u128,
        fees: u128,
    },
    /// Members 2 and 3 also hold developer and community points.
    Points {
        member: usize,
        role: usize,
        points: u128,
    },
    Claim {
        member: usize,
    },
    Advance {
        seconds: u64,
    },
    Weights {
        weights: Vec<u32>,
    },
}

const MEMBERS: usize = 4;
const POINTS: [RewardRole; 2] = [RewardRole::Developers, RewardRole::Community];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..MEMBERS, 0u128..1_000, 0u128..1_000)
            .prop_map(|(member, weight, fees)| Op::Work { member, weight, fees }),
        2 => (2..MEMBERS, 0..2usize, 0u128..100)
            .prop_map(|(member, role, points)| Op::Points { member, role, points }),
        2 => (0..MEMBERS).prop_map(|member| Op::Claim { member }),
        3 => (1u64..3 * EPOCH).prop_map(|seconds| Op::Advance { seconds }),
        1 => prop::collection::vec(0u32..10, 9)
            .prop_filter("a weight", |w| w.iter().any(|x| *x > 0))
            .prop_map(|weights| Op::Weights { weights }),
    ]
}

/// claimed + claimable + burned + undistributed + what open epochs hold, against funded.
fn accounted(w: &World, members: &[Addr]) -> u128 {
    let e = w.emission();
    let (claimable, above_cap) = members.iter().fold((0, 0), |(c, a), m| {
        let p = w.pending(m);
        (c + p.total.u128(), a + p.above_cap.u128())
    });
    e.claimed.u128()
        + claimable
        + e.burned.u128()
        + e.undistributed.u128()
        + e.in_open_epochs.u128()
        + above_cap
}

proptest! {
    #![proptest_config(proptest_config(24))]

    /// claimed + claimable + undistributed = funded (with what open epochs hold and what settling
/// will return above fee caps), short by rounding dust only: at most a unit
    /// per member settlement and per points role each time emission is assigned. Every claim
    /// pays what `Pending` promised; a compute provider never earns more than the fee cap × the
    /// fees its work paid, whatever the schedule, weights and strategy.
    #[test]
    fn the_books_balance(ops in prop::collection::vec(op(), 1..40), per_year in 1u128..1_000_000_000) {
        let funding = 10_000_000u128;
        let mut w = world_with(Params::default(), flat(per_year * YEAR_SECONDS as u128 / 1_000), funding);
        let members: Vec<Addr> = (0..MEMBERS).map(|i| w.suite.addr(&format!("m{i}"))).collect();
        let mut fees_paid = [0u128; MEMBERS];
        // Upper bound on rounding dust: settlements plus five points roles per assignment.
        let mut dust_bound = 0u128;
        for op in &ops {
            match op.clone() {
                Op::Work { member, weight, fees } => {
                    let role = if member < 2 { RewardRole::ComputeProviders } else { RewardRole::GovernanceVoters };
                    if w.report(role, &[(&members[member], weight, fees)]).is_ok() {
                        fees_paid[member] += fees;
                    }
                    dust_bound += 1 + 15;
                }
                Op::Points { member, role, points } => {
                    w.set_points(POINTS[role], &[(&members[member], points)]).unwrap();
                    dust_bound += 1 + 15;
                }
                Op::Claim { member } => {
                    let promised = w.pending(&members[member]).total.u128();
                    let before = w.suite.balance(&members[member]);
                    match w.claim(&members[member]) {
                        Ok(_) => prop_assert_eq!(w.suite.balance(&members[member]), before + promised),
                        Err(_) => prop_assert_eq!(promised, 0),
                    }
                    dust_bound += 9 + 15;
                }
                Op::Advance { seconds } => w.suite.advance_time(seconds),
                Op::Weights { weights } => {
                    let params = Params {
                        role_weights: weights,
                        ..Params::default()
                    };
                    let owner = w.owner.clone();
                    w.exec(&owner, &ExecuteMsg::EmergencyUpdateParams { params }).unwrap();
                    dust_bound += 15;
                }
            }
            let accounted = accounted(&w, &members);
            prop_assert!(accounted <= funding, "{} > {}", accounted, funding);
            prop_assert!(funding - accounted <= dust_bound + 15, "dust {} > {}", funding - accounted, dust_bound + 15);
            let held = w.suite.balance(&w.distributor);
            let e = w.emission();
            prop_assert_eq!(held, funding - e.claimed.u128() - e.burned.u128());
        }
        w.suite.advance_time(EPOCH);
        for (member, fees) in fees_paid.iter().enumerate().take(2) {
            let earned = w.suite.balance(&members[member]) + w.pending(&members[member]).total.u128();
            prop_assert!(earned * 10 <= fees * 4, "provider {} earned {} for {} of fees", member, earned, fees);
        }
    }
}

/// A distributor of the suite's token with nothing wired and nothing funded: what the
/// instantiation tests vary one field at a time.
pub(crate) fn bare_instantiate(suite: &Suite) -> InstantiateMsg {
    InstantiateMsg {
        owner: suite.owner.to_string(),
        token: suite.token.addr().to_string(),
        reputation: None,
        staking: None,
        guardian: None,
        reporters: vec![],
        start: None,
        epoch_seconds: None,
        genesis_funding: Uint128::zero(),
        schedule: None,
        params: None,
    }
}

/// Instantiation refuses a genesis funding the contract does not hold, a too short epoch and a
/// reporter for a points role.
#[test]
fn instantiation_checks_its_funding_epoch_and_reporters() {
    let mut suite = Suite::new();
    let code = suite.app.store_code(distributor_contract());
    let owner = suite.owner.clone();
    let base = bare_instantiate(&suite);
    let refused = |suite: &mut Suite, msg: &InstantiateMsg| -> DistributorError {
        suite
            .app
            .instantiate_contract(code, owner.clone(), msg, &[], "distributor", None)
            .unwrap_err()
            .downcast()
            .unwrap()
    };
    let mut msg = base.clone();
    msg.genesis_funding = Uint128::new(5);
    assert_eq!(
        refused(&mut suite, &msg),
        DistributorError::GenesisNotFunded {
            balance: Uint128::zero(),
            genesis: Uint128::new(5),
        }
    );
    let mut msg = base.clone();
    msg.epoch_seconds = Some(59);
    assert_eq!(
        refused(&mut suite, &msg),
        DistributorError::EpochTooShort {
            epoch_seconds: 59,
            min: 60,
        }
    );
    let mut msg = base.clone();
    msg.reporters = vec![(RewardRole::Stakers, owner.to_string())];
    assert_eq!(
        refused(&mut suite, &msg),
        DistributorError::NotAWorkRole {
            role: RewardRole::Stakers,
        }
    );
    suite
        .app
        .instantiate_contract(code, owner.clone(), &base, &[], "distributor", None)
        .unwrap();
}

/// A report and a claim cost the same storage gas with 10 and with 10,000 members in the role
/// (within 5 %): nothing iterates over members or epochs.
#[test]
fn reports_and_claims_cost_the_same_with_ten_thousand_members() {
    let mut w = world_with(
        only(RewardRole::GovernanceVoters),
        flat(YEAR_SECONDS as u128 * 10),
        1_000 * UNIT,
    );
    let measured = w.suite.addr("measured");
    let others: Vec<Addr> = (0..10_000)
        .map(|i| w.suite.addr(&format!("v{i}")))
        .collect();
    let measure = |w: &mut World, members: usize| -> (u64, u64) {
        for chunk in others[..members].chunks(100) {
            let entries: Vec<_> = chunk.iter().map(|m| (m, 1, 0)).collect();
            w.report(RewardRole::GovernanceVoters, &entries).unwrap();
        }
        w.suite.advance_time(EPOCH);
        // The measured member's report, then its claim of that epoch once it closed.
        let before = w.suite.storage_gas.get();
        w.report(RewardRole::GovernanceVoters, &[(&measured, 1, 0)])
            .unwrap();
        let report = w.suite.storage_gas.get() - before;
        w.suite.advance_time(EPOCH);
        let before = w.suite.storage_gas.get();
        w.claim(&measured).unwrap();
        (report, w.suite.storage_gas.get() - before)
    };
    let small = measure(&mut w, 10);
    let large = measure(&mut w, 10_000);
    let within = |a: u64, b: u64| a.abs_diff(b) * 20 <= a.max(b);
    assert!(within(small.0, large.0), "report {small:?} vs {large:?}");
    assert!(within(small.1, large.1), "claim {small:?} vs {large:?}");
}

#[test]
fn only_the_owner_sets_the_multiplier_source_and_no_fees_are_collected_while_paused() {
    let mut w = world();
    let stranger = w.suite.addr("stranger");
    let reputation = w.suite.reputation.addr().clone();
    let update = ExecuteMsg::UpdateReputation {
        reputation: Some(reputation.to_string()),
    };
    refuses(
        &mut w,
        DistributorError::Ownership(cw_ownable::OwnershipError::NotOwner),
        |w| w.exec(&stranger, &update),
    );
    let owner = w.owner.clone();
    w.exec(&owner, &update).unwrap();
    let config: ConfigResponse = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(&w.distributor, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.reputation, Some(reputation));

    w.exec(&owner, &ExecuteMsg::Pause {}).unwrap();
    let reporter = w.reporter.to_string();
    refuses(
        &mut w,
        DistributorError::Pause(infermesh_kit::PauseError::Paused {}),
        |w| {
            w.exec(
                &stranger,
                &ExecuteMsg::CollectFees {
                    from: reporter.clone(),
                },
            )
        },
    );
}

/// The genesis mints the provider-rewards allocation to the distributor's instantiate2 address
/// before it exists; instantiated there, the distributor records it as its genesis funding.
#[test]
fn the_genesis_funds_the_distributor_at_its_predictable_address() {
    let mut suite = Suite::new();
    let allocation = AllocationCategory::ProviderRewards.genesis_amount();
    let address = suite.genesis_distributor.clone();
    assert_eq!(suite.holder(AllocationCategory::ProviderRewards), address);
    assert_eq!(suite.balance(&address), allocation.u128());
    let distributor = suite.deploy_distributor(EPOCH);
    assert_eq!(distributor, address);
    let emission: EmissionResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&distributor, &QueryMsg::Emission {})
        .unwrap();
    assert_eq!(emission.funded, allocation);
    assert_eq!(emission.funding, vec![("genesis".to_string(), allocation)]);
}
