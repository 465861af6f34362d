//! docs/invariants.md §1 (token) and §7 (vesting conservation), under random operation sequences.

use cosmwasm_std::{Addr, Api, Uint128};
use cw20::{AllAccountsResponse, Cw20ExecuteMsg, Cw20QueryMsg, Expiration};
use infermesh_testing::Suite;
use infermesh_types::token::{AllocationCategory, TOTAL_SUPPLY};
use infermesh_types::vesting::{VestingPlan, YEAR_SECONDS};
use proptest::prelude::*;

use crate::fixtures::proptest_config;

const ACTORS: [&str; 4] = ["alice", "bob", "carol", "dave"];

#[derive(Debug, Clone)]
enum TokenOp {
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Send {
        from: usize,
        amount: u128,
    },
    Burn {
        from: usize,
        amount: u128,
    },
    Approve {
        owner: usize,
        spender: usize,
        amount: u128,
        expires_in: Option<u64>,
    },
    TransferFrom {
        spender: usize,
        owner: usize,
        to: usize,
        amount: u128,
    },
    BurnFrom {
        spender: usize,
        owner: usize,
        amount: u128,
    },
    AdvanceBlocks(u64),
}

fn token_op() -> impl Strategy<Value = TokenOp> {
    let actor = 0..ACTORS.len();
    let amount = prop_oneof![0u128..5, 0u128..2_000_000, Just(u128::MAX / 2)];
    prop_oneof![
        (actor.clone(), actor.clone(), amount.clone())
            .prop_map(|(from, to, amount)| TokenOp::Transfer { from, to, amount }),
        (actor.clone(), amount.clone()).prop_map(|(from, amount)| TokenOp::Send { from, amount }),
        (actor.clone(), amount.clone()).prop_map(|(from, amount)| TokenOp::Burn { from, amount }),
        (
            actor.clone(),
            actor.clone(),
            amount.clone(),
            proptest::option::of(1u64..5)
        )
            .prop_map(|(owner, spender, amount, expires_in)| TokenOp::Approve {
                owner,
                spender,
                amount,
                expires_in
            }),
        (actor.clone(), actor.clone(), actor.clone(), amount.clone()).prop_map(
            |(spender, owner, to, amount)| TokenOp::TransferFrom {
                spender,
                owner,
                to,
                amount
            }
        ),
        (actor.clone(), actor.clone(), amount).prop_map(|(spender, owner, amount)| {
            TokenOp::BurnFrom {
                spender,
                owner,
                amount,
            }
        }),
        (1u64..4).prop_map(TokenOp::AdvanceBlocks),
    ]
}

fn sum_of_balances(suite: &Suite) -> u128 {
    let mut total = 0u128;
    let mut start_after = None;
    loop {
        let page: AllAccountsResponse = suite
            .app
            .wrap()
            .query_wasm_smart(
                suite.token.addr(),
                &Cw20QueryMsg::AllAccounts {
                    start_after: start_after.clone(),
                    limit: Some(30),
                },
            )
            .unwrap();
        if page.accounts.is_empty() {
            return total;
        }
        for account in &page.accounts {
            total += suite.balance(&suite.app.api().addr_validate(account).unwrap());
        }
        start_after = page.accounts.last().cloned();
    }
}

proptest! {
    #![proptest_config(proptest_config(48))]

    /// Sum of balances = total supply ≤ cap, and the supply never grows after genesis.
    #[test]
    fn balances_sum_to_supply_and_supply_only_falls(ops in proptest::collection::vec(token_op(), 1..25)) {
        let mut suite = Suite::new();
        let actors: Vec<_> = ACTORS.iter().map(|name| suite.addr(name)).collect();
        let liquidity = suite.holder(AllocationCategory::Liquidity);
        for actor in &actors {
            suite.transfer(&liquidity, actor, 1_000_000).unwrap();
        }
        let receiver = suite.receiver.clone();
        let mut supply = suite.token_info().total_supply;
        for op in ops {
            // Failed operations must change nothing; the invariant is checked either way.
            let _ = match op {
                TokenOp::Transfer { from, to, amount } => suite.transfer(&actors[from], &actors[to], amount),
                TokenOp::Send { from, amount } => suite.send(&actors[from], &receiver, amount, &"x"),
                TokenOp::Burn { from, amount } => {
                    suite.token_execute(&actors[from], &Cw20ExecuteMsg::Burn { amount: Uint128::new(amount) })
                }
                TokenOp::Approve { owner, spender, amount, expires_in } => {
                    let height = suite.app.block_info().height;
                    suite.token_execute(&actors[owner], &Cw20ExecuteMsg::IncreaseAllowance {
                        spender: actors[spender].to_string(),
                        amount: Uint128::new(amount),
                        expires: expires_in.map(|blocks| Expiration::AtHeight(height + blocks)),
                    })
                }
                TokenOp::TransferFrom { spender, owner, to, amount } => suite.token_execute(&actors[spender], &Cw20ExecuteMsg::TransferFrom {
                    owner: actors[owner].to_string(),
                    recipient: actors[to].to_string(),
                    amount: Uint128::new(amount),
                }),
                TokenOp::BurnFrom { spender, owner, amount } => suite.token_execute(&actors[spender], &Cw20ExecuteMsg::BurnFrom {
                    owner: actors[owner].to_string(),
                    amount: Uint128::new(amount),
                }),
                TokenOp::AdvanceBlocks(blocks) => { suite.advance_blocks(blocks); Ok(Default::default()) }
            };
            let now_supply = suite.token_info().total_supply;
            prop_assert!(now_supply <= supply, "supply grew from {supply} to {now_supply}");
            prop_assert!(now_supply <= TOTAL_SUPPLY);
            prop_assert_eq!(Uint128::new(sum_of_balances(&suite)), now_supply);
            supply = now_supply;
        }
    }

    /// For every grant at every time, the genesis grants included: claimed + claimable + unvested
    /// = total, what the contract holds is exactly every grant's unpaid part, and revocation moves
    /// only the unvested part.
    #[test]
    fn vesting_conserves_every_grant(
        steps in proptest::collection::vec((0u64..(2 * YEAR_SECONDS), 0u8..4), 1..12),
        plans in proptest::collection::vec((0usize..2, 1u128..1_000_000_000), 1..5),
    ) {
        let mut suite = Suite::new();
        let beneficiary = suite.addr("beneficiary");
        // The team and investor allocations, locked from genesis: (beneficiary, grant id).
        let mut grants: Vec<(Addr, u64)> = AllocationCategory::ALL
            .into_iter()
            .filter(|category| category.vested_at_genesis())
            .map(|category| (suite.holder(category), suite.genesis_grant(category)))
            .collect();
        let mut granted: u128 = AllocationCategory::ALL
            .into_iter()
            .filter(|category| category.vested_at_genesis())
            .map(|category| category.genesis_amount().u128())
            .sum();
        // Then grants funded by the holders of the plans granted after genesis.
        let funded = [VestingPlan::PublicSale, VestingPlan::EcosystemDevelopment];
        for (plan_index, amount) in plans {
            let plan = funded[plan_index];
            let funder = suite.holder(plan.category());
            grants.push((beneficiary.clone(), suite.create_grant(&funder, amount, &beneficiary, plan, None).unwrap()));
            granted += amount;
        }
        let treasury = suite.holder(AllocationCategory::CommunityTreasury);
        let treasury_start = suite.balance(&treasury);
        let owner = suite.owner.clone();
        for (seconds, action) in steps {
            suite.advance_time(seconds);
            let (who, id) = grants[action as usize % grants.len()].clone();
            let _ = match action {
                0 | 1 => suite.claim(&who, id),
                2 => suite.revoke(&owner, id),
                _ => Ok(Default::default()),
            };
            let mut unpaid = 0u128;
            for (_, id) in &grants {
                let g = suite.grant(*id);
                prop_assert_eq!(g.grant.claimed + g.claimable + g.unvested, g.grant.total);
                prop_assert!(g.grant.total <= g.grant.granted);
                unpaid += (g.grant.total - g.grant.claimed).u128();
            }
            let held = suite.balance(suite.vesting.addr());
            prop_assert_eq!(held, unpaid);
            let returned = suite.balance(&treasury) - treasury_start;
            let mut beneficiaries: Vec<&Addr> = grants.iter().map(|(who, _)| who).collect();
            beneficiaries.sort();
            beneficiaries.dedup();
            let paid: u128 = beneficiaries.into_iter().map(|who| suite.balance(who)).sum();
            prop_assert_eq!(paid + held + returned, granted);
        }
    }
}
