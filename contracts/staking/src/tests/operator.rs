//! Operators: tiers and status, listings, commission limits, registering twice, unjailing.

use infermesh_types::staking::{
    DelegationsResponse, ExecuteMsg, OperatorsResponse, QueryMsg, Role, SlashClass, Tier,
};

use super::helpers::*;
use crate::StakingError;

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
fn commission_above_max_is_rejected() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.assert_rejected(
        &op,
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: Some(pct(21)),
        },
        StakingError::CommissionAboveMax {
            rate: pct(21),
            max: pct(20),
        },
    );
    ctx.register(&op, Role::Gateway);
    ctx.advance(DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(25) },
        StakingError::CommissionAboveMax {
            rate: pct(25),
            max: pct(20),
        },
    );
}

#[test]
fn commission_changed_too_fast_or_too_soon_is_rejected() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Validator);
    let registered = ctx.env.block.time;
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(6) },
        StakingError::CommissionChangeTooSoon {
            next_allowed: registered.plus_seconds(DAY),
        },
    );
    ctx.advance(DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(7) },
        StakingError::CommissionChangeTooFast {
            current: pct(5),
            requested: pct(7),
            max_change: pct(1),
        },
    );
    ctx.exec(&op, ExecuteMsg::UpdateCommission { rate: pct(6) })
        .unwrap();
    ctx.advance(DAY - 1);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::UpdateCommission { rate: pct(5) },
        StakingError::CommissionChangeTooSoon {
            next_allowed: ctx.env.block.time.plus_seconds(1),
        },
    );
}

#[test]
fn register_twice_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &op,
        ExecuteMsg::RegisterOperator {
            role: Role::Gateway,
            metadata: metadata(),
            commission_rate: None,
        },
        StakingError::AlreadyRegistered {
            operator: op.clone(),
        },
    );
}

#[test]
fn unjail_rules() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::NotJailed {
            operator: op.clone(),
        },
    );
    ctx.exec(
        &addr("escrow"),
        slash_msg(&op, SlashClass::Minor, pct(1), "ev-1"),
    )
    .unwrap();
    let until = ctx.env.block.time.plus_seconds(7 * DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::StillJailed {
            operator: op.clone(),
            until,
        },
    );
    ctx.advance(7 * DAY);
    ctx.exec(&op, ExecuteMsg::Unjail {}).unwrap();
    assert!(ctx.status(&op).active);
    ctx.exec(
        &addr("dao"),
        slash_msg(&op, SlashClass::Severe, pct(20), "ev-2"),
    )
    .unwrap();
    ctx.advance(400 * DAY);
    ctx.assert_rejected(
        &op,
        ExecuteMsg::Unjail {},
        StakingError::OperatorBanned {
            operator: op.clone(),
        },
    );
}
