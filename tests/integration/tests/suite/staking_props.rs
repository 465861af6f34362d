//! docs/invariants.md §3 staking invariants under random sequences of bond / delegate / unbond /
//! withdraw / slash / reward / claim / time, on the full suite with the real token:
//!
//! 1. the token balance held by staking ≥ bonded + unbonding + outstanding rewards, always;
//! 2. a slash of applied fraction f takes from every delegation and every unbonding entry at
//!    most f of its value (rounded up to one base unit);
//! 3. shares never create value: what everyone can withdraw and claim never exceeds what was
//!    paid in minus what was burned, and when everyone exits they receive no more than that.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, Decimal, Uint128};
use infermesh_testing::Suite;
use infermesh_types::staking::{DelegationResponse, QueryMsg, Role, SlashClass, SlashRecord};
use proptest::prelude::*;

use crate::fixtures::{DAY, UNIT};

const OPERATORS: usize = 3;
const DELEGATORS: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    Delegate {
        who: usize,
        op: usize,
        amount: u128,
    },
    SelfBond {
        op: usize,
        amount: u128,
    },
    Unbond {
        who: usize,
        op: usize,
        percent: u8,
    },
    Slash {
        op: usize,
        class: SlashClass,
        step: u8,
        days_ago: Option<u64>,
    },
    Reward {
        op: usize,
        amount: u128,
    },
    Advance {
        days: u64,
    },
    Withdraw {
        who: usize,
    },
    Claim {
        who: usize,
        op: usize,
    },
}

fn amount() -> impl Strategy<Value = u128> {
    (1u128..50_000, 0u128..UNIT).prop_map(|(whole, dust)| whole * UNIT + dust)
}

fn class() -> impl Strategy<Value = SlashClass> {
    prop_oneof![
        Just(SlashClass::Minor),
        Just(SlashClass::Major),
        Just(SlashClass::Severe)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    // Actors 0..OPERATORS are the operators themselves; the rest are plain delegators.
    let actor = 0..(OPERATORS + DELEGATORS);
    prop_oneof![
        4 => (actor.clone(), 0..OPERATORS, amount()).prop_map(|(who, op, amount)| Op::Delegate { who, op, amount }),
        1 => (0..OPERATORS, amount()).prop_map(|(op, amount)| Op::SelfBond { op, amount }),
        3 => (actor.clone(), 0..OPERATORS, 1u8..=100).prop_map(|(who, op, percent)| Op::Unbond { who, op, percent }),
        2 => (0..OPERATORS, class(), 0u8..=10, proptest::option::of(0u64..20)).prop_map(|(op, class, step, days_ago)| Op::Slash { op, class, step, days_ago }),
        2 => (0..OPERATORS, 1u128..10_000 * UNIT).prop_map(|(op, amount)| Op::Reward { op, amount }),
        2 => (0u64..6).prop_map(|days| Op::Advance { days }),
        1 => actor.clone().prop_map(|who| Op::Withdraw { who }),
        1 => (actor, 0..OPERATORS).prop_map(|(who, op)| Op::Claim { who, op }),
    ]
}

struct World {
    suite: Suite,
    operators: Vec<Addr>,
    actors: Vec<Addr>,
    evidence: u32,
}

impl World {
    fn new(self_bonds: &[u128]) -> Self {
        let mut suite = Suite::new();
        let operators: Vec<Addr> = (0..OPERATORS)
            .map(|i| suite.addr(&format!("op{i}")))
            .collect();
        let mut actors = operators.clone();
        actors.extend((0..DELEGATORS).map(|i| suite.addr(&format!("delegator{i}"))));
        for actor in &actors {
            suite.staking_fund(actor, 5_000_000 * UNIT).unwrap();
        }
        for (i, op) in operators.iter().enumerate() {
            suite.register_operator(op, Role::ALL[i % 3]).unwrap();
            suite.bond(op, self_bonds[i]).unwrap();
        }
        World {
            suite,
            operators,
            actors,
            evidence: 0,
        }
    }

    fn staking_balance(&self) -> u128 {
        self.suite.balance(self.suite.staking.addr())
    }

    /// Value of every (actor, operator) delegation and every unbonding entry.
    fn positions(&self) -> BTreeMap<String, u128> {
        let mut out = BTreeMap::new();
        for actor in &self.actors {
            for op in &self.operators {
                let d = self.suite.delegation(actor, op);
                out.insert(format!("d:{actor}:{op}"), d.stake.u128());
            }
            for e in self.suite.unbonding_entries(actor).entries {
                out.insert(
                    format!(
                        "u:{actor}:{}:{}",
                        e.entry.operator,
                        e.entry.epoch_start.seconds()
                    ),
                    e.tokens.u128(),
                );
            }
        }
        out
    }

    /// Everything everyone could take out now: stake, unbonding, rewards, commission.
    fn claimable(&self) -> u128 {
        let mut total: u128 = self.positions().values().sum();
        for actor in &self.actors {
            for op in &self.operators {
                let d: DelegationResponse = self.suite.delegation(actor, op);
                total += d.pending_rewards.u128();
            }
        }
        for op in &self.operators {
            let r: infermesh_types::staking::OperatorResponse =
                self.suite.staking_query(&QueryMsg::Operator {
                    operator: op.to_string(),
                });
            total += r.commission_unclaimed.u128();
        }
        total
    }

    fn check_solvency(&self) -> Result<(), TestCaseError> {
        let totals = self.suite.staking_totals();
        let owed = totals.bonded + totals.unbonding + totals.rewards_outstanding;
        prop_assert!(
            Uint128::new(self.staking_balance()) >= owed,
            "balance {} < owed {}",
            self.staking_balance(),
            owed
        );
        Ok(())
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let owner = self.suite.owner.clone();
        match *op {
            Op::Delegate { who, op, amount } => {
                let (who, op) = (self.actors[who].clone(), self.operators[op].clone());
                let _ = self.suite.delegate(&who, &op, amount);
            }
            Op::SelfBond { op, amount } => {
                let op = self.operators[op].clone();
                let _ = self.suite.bond(&op, amount);
            }
            Op::Unbond { who, op, percent } => {
                let (who, op) = (self.actors[who].clone(), self.operators[op].clone());
                let stake = self.suite.delegation(&who, &op).stake.u128();
                let amount = stake * percent as u128 / 100;
                if amount > 0 {
                    let _ = self.suite.unbond(&who, &op, amount);
                }
            }
            Op::Slash {
                op,
                class,
                step,
                days_ago,
            } => {
                let op = self.operators[op].clone();
                let (min, max) = class.range();
                let fraction = min + (max - min) * Decimal::from_ratio(step as u128, 10u128);
                self.evidence += 1;
                let id = format!("ev-{}", self.evidence);
                let infraction_time = days_ago.map(|d| self.suite.now().minus_seconds(d * DAY));
                let before = self.positions();
                let response = self
                    .suite
                    .slash(&owner, &op, class, fraction, &id, infraction_time);
                prop_assert!(response.is_ok(), "slash failed: {:?}", response.err());
                let record: Option<SlashRecord> = self
                    .suite
                    .staking_query(&QueryMsg::Evidence { evidence_id: id });
                let applied = record.unwrap().applied_fraction;
                prop_assert!(applied <= Decimal::percent(20));
                let after = self.positions();
                for (key, value_before) in &before {
                    let value_after = after.get(key).copied().unwrap_or(0);
                    let max_loss = Uint128::new(*value_before).mul_ceil(applied).u128();
                    prop_assert!(
                        value_before.saturating_sub(value_after) <= max_loss,
                        "{key}: {value_before} -> {value_after} with fraction {applied}"
                    );
                }
            }
            Op::Reward { op, amount } => {
                let op = self.operators[op].clone();
                let funder = self.actors[OPERATORS].clone();
                let _ = self.suite.distribute_staking_rewards(&funder, &op, amount);
            }
            Op::Advance { days } => self.suite.advance_time(days * DAY + 1),
            Op::Withdraw { who } => {
                let who = self.actors[who].clone();
                let _ = self.suite.withdraw(&who);
            }
            Op::Claim { who, op } => {
                let (who, op) = (self.actors[who].clone(), self.operators[op].clone());
                let _ = self.suite.claim_staking_rewards(&who, &op);
            }
        }
        self.check_solvency()
    }

    /// Everyone unbonds everything, waits, withdraws and claims.
    fn exit_all(&mut self) -> u128 {
        let balances_before: u128 = self.actors.iter().map(|a| self.suite.balance(a)).sum();
        // Empty the queues first so the final unbonds fit in them.
        self.suite.advance_time(22 * DAY);
        for actor in self.actors.clone() {
            let _ = self.suite.withdraw(&actor);
        }
        for actor in self.actors.clone() {
            for op in self.operators.clone() {
                let stake = self.suite.delegation(&actor, &op).stake.u128();
                if stake > 0 {
                    self.suite.unbond(&actor, &op, stake).unwrap();
                }
            }
        }
        self.suite.advance_time(22 * DAY);
        for actor in self.actors.clone() {
            let _ = self.suite.withdraw(&actor);
            for op in self.operators.clone() {
                let _ = self.suite.claim_staking_rewards(&actor, &op);
            }
        }
        let balances_after: u128 = self.actors.iter().map(|a| self.suite.balance(a)).sum();
        balances_after - balances_before
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn staking_never_creates_value(
        self_bonds in proptest::collection::vec(
            prop_oneof![Just(5_000 * UNIT), Just(60_000 * UNIT), Just(300_000 * UNIT + 7), Just(1_000_000 * UNIT)],
            OPERATORS,
        ),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let mut world = World::new(&self_bonds);
        let supply_start = world.suite.token_info().total_supply.u128();
        let balance_start = world.staking_balance();
        for op in &ops {
            world.apply(op)?;
        }
        // Rewards paid in stream to the shares; once every stream has run out all of it is
        // claimable.
        let stream = world.suite.staking_params().reward_stream_seconds;
        world.suite.advance_time(stream);
        let claimable = world.claimable();
        let balance = world.staking_balance();
        prop_assert!(claimable <= balance, "claimable {claimable} > held {balance}");
        // Burns leave the supply exactly as reported.
        let burned = world.suite.staking_totals().burned.u128();
        prop_assert_eq!(world.suite.token_info().total_supply.u128(), supply_start - burned);
        prop_assert!(balance_start > 0);

        let received = world.exit_all();
        prop_assert!(received <= balance, "paid out {received} > held {balance}");
        // Rounding dust only: at most a few base units per position.
        prop_assert!(
            claimable.abs_diff(received) <= 1_000,
            "claimable {claimable} vs received {received}: more than rounding dust"
        );
        let totals = world.suite.staking_totals();
        prop_assert_eq!(totals.bonded, Uint128::zero());
        prop_assert_eq!(totals.unbonding, Uint128::zero());
        world.check_solvency()?;
    }
}
