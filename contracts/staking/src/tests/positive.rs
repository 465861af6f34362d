//! Behaviour: tiers, status, shares, slashing of bonded and unbonding stake, escalation,
//! rewards, snapshots, locks, listings, migration.

use cosmwasm_std::{from_json, CosmosMsg, Decimal, Timestamp, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use infermesh_kit::MigrateMsg;
use infermesh_types::staking::{
    DelegationResponse, DelegationsResponse, ExecuteMsg, OperatorsResponse, Params, QueryMsg,
    ReceiveMsg, Role, SlashClass, SlashRecord, StakeAtHeightResponse, StakeLockResponse, Tier,
    TotalStakeAtHeightResponse, TotalsResponse, UnbondingEntriesResponse,
};

use super::helpers::*;
use crate::StakingError;

fn slash(
    ctx: &mut Ctx,
    op: &cosmwasm_std::Addr,
    class: SlashClass,
    fraction: Decimal,
    id: &str,
    infraction_time: Option<Timestamp>,
) -> cosmwasm_std::Response {
    ctx.exec(
        &addr("escrow"),
        ExecuteMsg::Slash {
            operator: op.to_string(),
            class,
            fraction,
            evidence_id: id.to_string(),
            infraction_time,
        },
    )
    .unwrap()
}

fn burned_in(response: &cosmwasm_std::Response) -> Uint128 {
    match &response.messages[0].msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            assert_eq!(contract_addr, addr("token").as_str());
            match from_json(msg).unwrap() {
                Cw20ExecuteMsg::Burn { amount } => amount,
                other => panic!("expected burn, got {other:?}"),
            }
        }
        other => panic!("expected wasm execute, got {other:?}"),
    }
}

fn stake(ctx: &Ctx, who: &cosmwasm_std::Addr, op: &cosmwasm_std::Addr) -> Uint128 {
    let d: DelegationResponse = ctx.query(QueryMsg::Delegation {
        delegator: who.to_string(),
        operator: op.to_string(),
    });
    d.stake
}

#[test]
fn tiers_follow_self_bond_and_status_tells_everything() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    assert_eq!(ctx.status(&op).tier, None);
    ctx.self_bond(&op, tokens(9_999));
    assert_eq!(ctx.status(&op).tier, None);
    ctx.self_bond(&op, tokens(1));
    assert_eq!(ctx.status(&op).tier, Some(Tier::Bronze));
    ctx.self_bond(&op, tokens(40_000));
    ctx.delegate(&addr("alice"), &op, tokens(1_000_000));
    let status = ctx.status(&op);
    assert_eq!(status.tier, Some(Tier::Silver), "delegations do not count");
    assert_eq!(status.max_slash, pct(10));
    assert_eq!(status.fee_discount, pct(10));
    assert!(!status.exclusive_models);
    assert_eq!(status.self_bond, tokens(50_000));
    assert_eq!(status.delegated, tokens(1_000_000));
    assert_eq!(status.total_bonded, tokens(1_050_000));
    assert_eq!(status.advertised_latency_ms, 120);
    assert_eq!(status.commission_rate, pct(5));
    assert_eq!(status.role, Role::Provider);
    assert!(status.active && !status.jailed && !status.banned);
    ctx.self_bond(&op, tokens(950_000));
    let status = ctx.status(&op);
    assert_eq!(status.tier, Some(Tier::Platinum));
    assert_eq!((status.max_slash, status.fee_discount), (pct(20), pct(30)));
    assert!(status.exclusive_models);
    assert!(status.may_serve(Some(Tier::Gold)));
}

#[test]
fn slash_is_capped_by_tier_burns_and_jails() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let alice = addr("alice");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(10_000)); // Bronze: max 5%
    ctx.delegate(&alice, &op, tokens(90_000));
    let response = slash(&mut ctx, &op, SlashClass::Major, pct(15), "ev-1", None);
    assert_eq!(attr(&response, "action"), "slash");
    assert_eq!(attr(&response, "applied_fraction"), "0.05");
    assert_eq!(burned_in(&response), tokens(5_000));
    assert_eq!(stake(&ctx, &alice, &op), tokens(85_500));
    let status = ctx.status(&op);
    assert_eq!(status.self_bond, tokens(9_500));
    assert_eq!(status.tier, None, "slash drops the operator below Bronze");
    assert!(status.jailed && !status.active);
    assert_eq!(
        status.jailed_until,
        Some(ctx.env.block.time.plus_seconds(7 * DAY))
    );
    let totals: TotalsResponse = ctx.query(QueryMsg::Totals {});
    assert_eq!(totals.bonded, tokens(95_000));
    assert_eq!(totals.burned, tokens(5_000));
    let record: Option<SlashRecord> = ctx.query(QueryMsg::Evidence {
        evidence_id: "ev-1".to_string(),
    });
    assert_eq!(record.unwrap().burned, tokens(5_000));
    // Below Bronze the cap is the largest class maximum.
    let response = slash(&mut ctx, &op, SlashClass::Severe, pct(20), "ev-2", None);
    assert_eq!(attr(&response, "applied_fraction"), "0.2");
    assert!(ctx.status(&op).banned);
}

#[test]
fn third_minor_in_window_escalates_to_major() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Gateway);
    ctx.self_bond(&op, tokens(1_000_000));
    let r = slash(&mut ctx, &op, SlashClass::Minor, pct(1), "m1", None);
    assert_eq!(attr(&r, "applied_class"), "Minor");
    ctx.advance(10 * DAY);
    let r = slash(&mut ctx, &op, SlashClass::Minor, pct(1), "m2", None);
    assert_eq!(attr(&r, "applied_class"), "Minor");
    ctx.advance(10 * DAY);
    let r = slash(&mut ctx, &op, SlashClass::Minor, pct(1), "m3", None);
    assert_eq!(attr(&r, "applied_class"), "Major");
    assert_eq!(attr(&r, "applied_fraction"), "0.05");
    // 31 days after m2 and m3... only m3 (and m4) are in the window: no escalation.
    ctx.advance(21 * DAY);
    let r = slash(&mut ctx, &op, SlashClass::Minor, pct(1), "m4", None);
    assert_eq!(attr(&r, "applied_class"), "Minor");
}

#[test]
fn unbonding_stays_slashable_for_earlier_infractions() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, bob, carol) = (addr("alice"), addr("bob"), addr("carol"));
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000)); // Platinum: cap 20%
    ctx.delegate(&alice, &op, tokens(1_000));
    ctx.delegate(&bob, &op, tokens(1_000));
    ctx.delegate(&carol, &op, tokens(1_000));
    // Alice unbonds before the infraction, Bob and Carol after it.
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1_000),
        },
    )
    .unwrap();
    ctx.advance(2 * DAY);
    let infraction = ctx.env.block.time;
    ctx.advance(DAY);
    ctx.exec(
        &bob,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(1_000),
        },
    )
    .unwrap();
    ctx.advance(DAY);
    ctx.exec(
        &carol,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(500),
        },
    )
    .unwrap();
    ctx.advance(DAY);
    let r = slash(
        &mut ctx,
        &op,
        SlashClass::Major,
        pct(10),
        "ev",
        Some(infraction),
    );
    assert_eq!(attr(&r, "unbonding_pools"), "2");
    assert_eq!(attr(&r, "unbonding_burned"), tokens(150).to_string());
    let entries = |ctx: &Ctx, who: &cosmwasm_std::Addr| -> UnbondingEntriesResponse {
        ctx.query(QueryMsg::UnbondingEntries {
            address: who.to_string(),
        })
    };
    assert_eq!(entries(&ctx, &alice).entries[0].tokens, tokens(1_000));
    assert_eq!(entries(&ctx, &bob).entries[0].tokens, tokens(900));
    assert_eq!(entries(&ctx, &carol).entries[0].tokens, tokens(450));
    assert_eq!(stake(&ctx, &carol, &op), tokens(450));
    ctx.advance(21 * DAY);
    let r = ctx.exec(&bob, ExecuteMsg::Withdraw {}).unwrap();
    assert_eq!(attr(&r, "amount"), tokens(900).to_string());
    let totals: TotalsResponse = ctx.query(QueryMsg::Totals {});
    assert_eq!(totals.unbonding, tokens(1_000 + 450));
}

/// An infraction older than the unbonding period (e.g. a dispute resolved late) is clamped to
/// the earliest slashable time: the bonded pool and every unbonding pool not yet matured are
/// slashed, instead of the slash being refused and the operator escaping.
#[test]
fn an_infraction_older_than_the_unbonding_period_is_clamped() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, bob) = (addr("alice"), addr("bob"));
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000)); // Platinum: cap 20%
    ctx.delegate(&alice, &op, tokens(1_000));
    ctx.delegate(&bob, &op, tokens(1_000));
    let infraction = ctx.env.block.time;
    let unbond = |ctx: &mut Ctx, who: &cosmwasm_std::Addr| {
        ctx.exec(
            who,
            ExecuteMsg::Unbond {
                operator: op.to_string(),
                amount: tokens(1_000),
            },
        )
        .unwrap();
    };
    // Bob's unbonding matures before the slash; Alice's is still unbonding at the slash.
    ctx.advance(DAY);
    unbond(&mut ctx, &bob);
    ctx.advance(9 * DAY);
    unbond(&mut ctx, &alice);
    ctx.advance(15 * DAY);
    // 25 days after the infraction, beyond the 21-day unbonding period.
    let r = slash(
        &mut ctx,
        &op,
        SlashClass::Major,
        pct(10),
        "late",
        Some(infraction),
    );
    assert_eq!(attr(&r, "bonded_burned"), tokens(100_000).to_string());
    assert_eq!(attr(&r, "unbonding_pools"), "1");
    assert_eq!(attr(&r, "unbonding_burned"), tokens(100).to_string());
    assert_eq!(attr(&r, "burned"), tokens(100_100).to_string());
    assert_eq!(burned_in(&r), tokens(100_100));
    let entries = |ctx: &Ctx, who: &cosmwasm_std::Addr| -> UnbondingEntriesResponse {
        ctx.query(QueryMsg::UnbondingEntries {
            address: who.to_string(),
        })
    };
    assert_eq!(entries(&ctx, &alice).entries[0].tokens, tokens(900));
    assert_eq!(entries(&ctx, &bob).entries[0].tokens, tokens(1_000));
    assert_eq!(ctx.status(&op).self_bond, tokens(900_000));
    let record: Option<SlashRecord> = ctx.query(QueryMsg::Evidence {
        evidence_id: "late".to_string(),
    });
    assert_eq!(record.unwrap().infraction_time, Some(infraction));
}

#[test]
fn rewards_split_by_shares_after_commission() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let (alice, bob) = (addr("alice"), addr("bob"));
    ctx.register(&op, Role::Validator);
    ctx.self_bond(&op, tokens(100));
    ctx.delegate(&alice, &op, tokens(300));
    ctx.receive(
        &addr("distributor"),
        tokens(1_000),
        &ReceiveMsg::DistributeRewards {
            operator: op.to_string(),
        },
    )
    .unwrap();
    // Bob joins after the rewards: he gets none of them.
    ctx.delegate(&bob, &op, tokens(400));
    let r = ctx
        .exec(
            &alice,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&r, "amount"), Uint128::new(712_500_000).to_string());
    let r = ctx
        .exec(
            &op,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    // 50 commission + 950 / 4.
    assert_eq!(attr(&r, "commission"), tokens(50).to_string());
    assert_eq!(attr(&r, "rewards"), Uint128::new(237_500_000).to_string());
    let err = ctx
        .exec(
            &bob,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap_err();
    assert_eq!(err, StakingError::NothingToClaim {});
    // Unbonding everything keeps the rewards claimable.
    ctx.receive(
        &addr("distributor"),
        tokens(800),
        &ReceiveMsg::DistributeRewards {
            operator: op.to_string(),
        },
    )
    .unwrap();
    ctx.exec(
        &bob,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(400),
        },
    )
    .unwrap();
    let r = ctx
        .exec(
            &bob,
            ExecuteMsg::ClaimRewards {
                operator: op.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&r, "amount"), tokens(380).to_string());
}

#[test]
fn stake_is_readable_at_past_heights_including_slashes() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    let alice = addr("alice");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000));
    ctx.advance(5);
    let h1 = ctx.env.block.height;
    ctx.delegate(&alice, &op, tokens(1_000));
    ctx.advance(5);
    let h2 = ctx.env.block.height;
    slash(&mut ctx, &op, SlashClass::Major, pct(10), "ev", None);
    ctx.advance(5);
    let h3 = ctx.env.block.height;
    let at = |ctx: &Ctx, h: Option<u64>| -> Uint128 {
        let r: StakeAtHeightResponse = ctx.query(QueryMsg::StakeAtHeight {
            address: alice.to_string(),
            height: h,
        });
        r.stake
    };
    assert_eq!(
        at(&ctx, Some(h1)),
        Uint128::zero(),
        "state at the start of h1"
    );
    assert_eq!(at(&ctx, Some(h2)), tokens(1_000));
    assert_eq!(at(&ctx, Some(h3)), tokens(900));
    assert_eq!(at(&ctx, None), tokens(900));
    let total = |ctx: &Ctx, h: Option<u64>| -> Uint128 {
        let r: TotalStakeAtHeightResponse = ctx.query(QueryMsg::TotalStakeAtHeight { height: h });
        r.total
    };
    assert_eq!(total(&ctx, Some(h1)), tokens(1_000_000));
    assert_eq!(total(&ctx, Some(h2)), tokens(1_001_000));
    assert_eq!(total(&ctx, Some(h3)), tokens(900_900));
    ctx.exec(
        &alice,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(900),
        },
    )
    .unwrap();
    ctx.advance(5);
    assert_eq!(at(&ctx, None), Uint128::zero());
    assert_eq!(at(&ctx, Some(h3)), tokens(900));
}

#[test]
fn lock_multiplier_and_snapshot() {
    let mut ctx = Ctx::new();
    let alice = addr("alice");
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(1_500));
    ctx.exec(
        &alice,
        ExecuteMsg::Lock {
            duration_seconds: 365 * DAY,
        },
    )
    .unwrap();
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(2_000));
    ctx.advance(365 * DAY / 2);
    let r: StakeLockResponse = ctx.query(QueryMsg::StakeLock {
        address: alice.to_string(),
    });
    assert_eq!(r.multiplier, Decimal::permille(1_750));
    let at: StakeAtHeightResponse = ctx.query(QueryMsg::StakeAtHeight {
        address: alice.to_string(),
        height: Some(ctx.env.block.height),
    });
    assert_eq!(at.locked_until, r.locked_until);
}

#[test]
fn listings_paginate_by_role_tier_delegator_and_operator() {
    let mut ctx = Ctx::new();
    let names = ["p1", "p2", "p3", "g1", "v1"];
    for name in names {
        let role = match name.as_bytes()[0] {
            b'p' => Role::Provider,
            b'g' => Role::Gateway,
            _ => Role::Validator,
        };
        ctx.register(&addr(name), role);
    }
    ctx.self_bond(&addr("p1"), tokens(50_000));
    ctx.self_bond(&addr("p2"), tokens(10_000));
    ctx.self_bond(&addr("g1"), tokens(50_000));
    let list = |ctx: &Ctx, role, tier, start_after: Option<String>, limit| -> Vec<String> {
        let r: OperatorsResponse = ctx.query(QueryMsg::Operators {
            role,
            tier,
            start_after,
            limit,
        });
        r.operators
            .into_iter()
            .map(|o| o.address.into_string())
            .collect()
    };
    assert_eq!(list(&ctx, None, None, None, None).len(), 5);
    assert_eq!(list(&ctx, Some(Role::Provider), None, None, None).len(), 3);
    assert_eq!(list(&ctx, None, Some(Tier::Silver), None, None).len(), 2);
    assert_eq!(
        list(&ctx, Some(Role::Provider), Some(Tier::Silver), None, None),
        vec![addr("p1").into_string()]
    );
    let first = list(&ctx, Some(Role::Provider), None, None, Some(2));
    assert_eq!(first.len(), 2);
    let rest = list(
        &ctx,
        Some(Role::Provider),
        None,
        first.last().cloned(),
        Some(2),
    );
    assert_eq!(rest.len(), 1);
    assert!(!first.contains(&rest[0]));

    let alice = addr("alice");
    for name in names {
        ctx.delegate(&alice, &addr(name), tokens(1));
    }
    let r: DelegationsResponse = ctx.query(QueryMsg::Delegations {
        delegator: alice.to_string(),
        start_after: None,
        limit: Some(3),
    });
    assert_eq!(r.delegations.len(), 3);
    let r2: DelegationsResponse = ctx.query(QueryMsg::Delegations {
        delegator: alice.to_string(),
        start_after: Some(r.delegations[2].operator.to_string()),
        limit: Some(3),
    });
    assert_eq!(r2.delegations.len(), 2);
    let r: DelegationsResponse = ctx.query(QueryMsg::Delegators {
        operator: addr("p1").to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(r.delegations.len(), 2);
    assert!(r.delegations.iter().all(|d| d.operator == addr("p1")));
}

#[test]
fn owner_updates_params_and_tier_refresh() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(10_000));
    let mut params: Params = ctx.query(QueryMsg::Params {});
    params.tiers[0].min_self_bond = tokens(20_000);
    let err = ctx
        .exec(
            &op,
            ExecuteMsg::UpdateParams {
                params: params.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        StakingError::Ownership(cw_ownable::OwnershipError::NotOwner)
    );
    ctx.exec(
        &addr("dao"),
        ExecuteMsg::UpdateParams {
            params: params.clone(),
        },
    )
    .unwrap();
    assert_eq!(ctx.status(&op).tier, None, "status is live");
    let r: OperatorsResponse = ctx.query(QueryMsg::Operators {
        role: None,
        tier: Some(Tier::Bronze),
        start_after: None,
        limit: None,
    });
    assert_eq!(
        r.operators.len(),
        1,
        "listing holds the stored tier until refreshed"
    );
    ctx.exec(
        &addr("anyone"),
        ExecuteMsg::RefreshTier {
            operator: op.to_string(),
        },
    )
    .unwrap();
    let r: OperatorsResponse = ctx.query(QueryMsg::Operators {
        role: None,
        tier: Some(Tier::Bronze),
        start_after: None,
        limit: None,
    });
    assert!(r.operators.is_empty());
    params.tiers[1].min_self_bond = tokens(20_000);
    let err = ctx
        .exec(&addr("dao"), ExecuteMsg::UpdateParams { params })
        .unwrap_err();
    assert_eq!(
        err,
        StakingError::InvalidParams {
            reason: "tier minimum self-bonds must be positive and strictly increasing".to_string()
        }
    );
}

#[test]
fn migrate_only_from_older_version() {
    let mut ctx = Ctx::new();
    let err =
        crate::contract::migrate(ctx.deps.as_mut(), ctx.env.clone(), MigrateMsg {}).unwrap_err();
    assert!(matches!(err, StakingError::Migration(_)));
    cw2::set_contract_version(
        ctx.deps.as_mut().storage,
        crate::contract::CONTRACT_NAME,
        "0.0.1",
    )
    .unwrap();
    let r = crate::contract::migrate(ctx.deps.as_mut(), ctx.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&r, "from_version"), "0.0.1");
}
