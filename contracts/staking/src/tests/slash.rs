//! Slash: caps by tier, burns and jails, escalation of repeated minors, unbonding stake that
//! stays slashable, clamped old infractions; and who may slash, with which fraction, evidence and
//! infraction time.

use cosmwasm_std::{from_json, CosmosMsg, Decimal, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use infermesh_types::staking::{
    DelegationResponse, ExecuteMsg, QueryMsg, Role, SlashClass, SlashRecord, TotalsResponse,
    UnbondingEntriesResponse,
};

use super::helpers::*;
use crate::StakingError;
use infermesh_types::staking::SlashRequest;

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
fn slash_by_a_non_slasher_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.assert_rejected(
        &addr("mallory"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
        StakingError::NotASlasher {
            sender: addr("mallory"),
        },
    );
    // A jailer may jail but not slash.
    ctx.assert_rejected(
        &addr("reputation"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
        StakingError::NotASlasher {
            sender: addr("reputation"),
        },
    );
    ctx.assert_rejected(
        &addr("mallory"),
        ExecuteMsg::Jail {
            operator: op.to_string(),
            reason: "grudge".to_string(),
            duration_seconds: None,
        },
        StakingError::NotAJailer {
            sender: addr("mallory"),
        },
    );
}

#[test]
fn slash_twice_with_one_evidence_id_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.exec(
        &addr("escrow"),
        slash_msg(&op, SlashClass::Minor, pct(2), "ev-1"),
    )
    .unwrap();
    ctx.assert_rejected(
        &addr("dao"),
        slash_msg(&op, SlashClass::Major, pct(10), "ev-1"),
        StakingError::EvidenceAlreadyUsed {
            evidence_id: "ev-1".to_string(),
        },
    );
}

#[test]
fn fraction_outside_its_class_is_rejected() {
    let (mut ctx, op) = with_operator();
    for (class, fraction, min, max) in [
        (SlashClass::Minor, pct(6), pct(1), pct(5)),
        (SlashClass::Minor, Decimal::permille(9), pct(1), pct(5)),
        (SlashClass::Major, pct(4), pct(5), pct(15)),
        (SlashClass::Major, pct(16), pct(5), pct(15)),
        (SlashClass::Severe, pct(14), pct(15), pct(20)),
        (SlashClass::Severe, pct(21), pct(15), pct(20)),
    ] {
        ctx.assert_rejected(
            &addr("dao"),
            slash_msg(&op, class, fraction, "ev"),
            StakingError::FractionOutOfRange {
                class,
                fraction,
                min,
                max,
            },
        );
    }
}

#[test]
fn slash_with_future_infraction_time_is_rejected() {
    let (mut ctx, op) = with_operator();
    ctx.advance(30 * DAY);
    let now = ctx.env.block.time;
    let msg = |t| {
        ExecuteMsg::Slash(SlashRequest {
            operator: op.to_string(),
            class: SlashClass::Minor,
            fraction: pct(2),
            evidence_id: "ev".to_string(),
            infraction_time: Some(t),
        })
    };
    ctx.assert_rejected(
        &addr("dao"),
        msg(now.plus_seconds(1)),
        StakingError::InfractionInFuture {
            infraction_time: now.plus_seconds(1),
            now,
        },
    );
    // An infraction older than the unbonding period is not rejected but clamped (see
    // `an_infraction_older_than_the_unbonding_period_is_clamped`).
    let earliest = now.minus_seconds(21 * DAY);
    ctx.exec(&addr("dao"), msg(earliest.minus_seconds(1)))
        .unwrap();
}

/// An operator that expects a slash cannot lower its tier's cap by unbonding its self-bond after
/// the infraction: the cap follows the self-bond it had then (still slashable while unbonding).
#[test]
fn unbonding_after_the_infraction_does_not_lower_the_slash_cap() {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(1_000_000)); // Platinum: max 20%
    let infraction_time = ctx.env.block.time;
    ctx.advance(3_600);
    ctx.exec(
        &op,
        ExecuteMsg::Unbond {
            operator: op.to_string(),
            amount: tokens(990_000),
        },
    )
    .unwrap();
    assert_eq!(ctx.status(&op).self_bond, tokens(10_000)); // Bronze now: max 5%
    let response = ctx
        .exec(
            &addr("escrow"),
            ExecuteMsg::Slash(SlashRequest {
                operator: op.to_string(),
                class: SlashClass::Severe,
                fraction: pct(20),
                evidence_id: "ev-late".to_string(),
                infraction_time: Some(infraction_time),
            }),
        )
        .unwrap();
    assert_eq!(attr(&response, "applied_fraction"), "0.2");
    assert_eq!(attr(&response, "bonded_burned"), tokens(2_000).to_string());
    assert_eq!(
        attr(&response, "unbonding_burned"),
        tokens(198_000).to_string()
    );
    assert_eq!(attr(&response, "burned"), tokens(200_000).to_string());
}
