//! Protocol fees kept as sums (docs/payment-channels.md §5): a redemption credits the provider
//! alone and adds the treasury's and pool's shares and the burn to the totals; withdrawals take
//! the fees owed to their payee and carry the pending burn; a change of treasury or distributor
//! credits what was owed to the old payees first.

use cosmwasm_std::{from_json, Addr, Binary, CosmosMsg, Response, Uint128, WasmMsg};
use cw20::Cw20ExecuteMsg;
use infermesh_kit::CreditError;
use infermesh_types::payment_channels::{
    ConfigUpdate, ExecuteMsg, QueryMsg, SignMode, TotalsResponse,
};

use super::helpers::*;
use crate::contract::query;
use crate::error::PaymentChannelsError;
use crate::state::Totals;

const UNIT: u128 = 1_000_000;

fn consumer(ctx: &Ctx) -> Consumer {
    consumer_from_seed(ctx, b"fees-consumer")
}

fn sign(ctx: &Ctx, consumer: &Consumer, channel_id: u64, amount: u128, nonce: u64) -> Binary {
    sign_voucher(ctx, consumer, channel_id, amount, nonce)
}

/// A channel of `deposit` from the fees consumer to "provider".
fn channel(deposit: u128) -> (Ctx, Consumer, u64) {
    let mut ctx = Ctx::new();
    let consumer = consumer(&ctx);
    let id = ctx.put_channel(&consumer.address, consumer.pubkey.clone(), deposit);
    (ctx, consumer, id)
}

fn redeem(ctx: &mut Ctx, consumer: &Consumer, id: u64, amount: u128, nonce: u64) -> Response {
    let signature = sign(ctx, consumer, id, amount, nonce);
    ctx.redeem(id, amount, nonce, signature, SignMode::Plain)
        .unwrap()
}

/// The cw20 transfers (recipient, amount) and the amount burned that `response` sends.
fn token_calls(response: &Response) -> (Vec<(String, u128)>, u128) {
    let (mut transfers, mut burned) = (vec![], 0);
    for msg in &response.messages {
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) = &msg.msg
        else {
            continue;
        };
        if *contract_addr != addr("token").to_string() {
            continue;
        }
        match from_json(msg).unwrap() {
            Cw20ExecuteMsg::Transfer { recipient, amount } => {
                transfers.push((recipient, amount.u128()))
            }
            Cw20ExecuteMsg::Burn { amount } => burned += amount.u128(),
            other => panic!("unexpected token call {other:?}"),
        }
    }
    (transfers, burned)
}

fn totals(ctx: &Ctx) -> TotalsResponse {
    from_json(query(ctx.deps.as_ref(), ctx.env.clone(), QueryMsg::Totals {}).unwrap()).unwrap()
}

fn credit(ctx: &Ctx, who: &Addr) -> u128 {
    let credit: Uint128 = from_json(
        query(
            ctx.deps.as_ref(),
            ctx.env.clone(),
            QueryMsg::Credit {
                address: who.to_string(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    credit.u128()
}

/// Everything the contract owes: what it must hold.
fn owed(t: &TotalsResponse) -> u128 {
    (t.channel_balances + t.credits + t.treasury_fees + t.pool_fees + t.burn_pending).u128()
}

fn update_config(ctx: &mut Ctx, treasury: Option<&Addr>, distributor: Option<&Addr>) -> Response {
    ctx.exec(
        &addr("dao"),
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            staking: None,
            treasury: treasury.map(|a| a.to_string()),
            distributor: distributor.map(|a| a.to_string()),
            guardian: None,
        }),
    )
    .unwrap()
}

// 100 tokens with no discount: a 2 % fee (half burned), then 80 % + the 10 % gateway share to
// the provider, 5 % + the fee's other half to the treasury, 5 % to the pool.
const PROVIDER: u128 = 88_200_000;
const TREASURY: u128 = 5_900_000;
const POOL: u128 = 4_900_000;
const BURN: u128 = 1_000_000;

#[test]
fn a_redemption_credits_the_provider_and_sums_the_protocol_fees() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    let before = ctx.dump();
    let response = redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    // No token call: no burn, no transfer (and no hook without a distributor).
    assert!(response.messages.is_empty());
    // Three entries written: the channel, the totals, the provider's credit.
    let after = ctx.dump();
    let changed: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(changed.len(), 3, "{changed:?}");
    assert_eq!(after.len(), before.len() + 1);
    let t = totals(&ctx);
    assert_eq!(t.credits.u128(), PROVIDER);
    assert_eq!(t.paid_to_providers.u128(), PROVIDER);
    assert_eq!(
        (
            t.treasury_fees.u128(),
            t.pool_fees.u128(),
            t.burn_pending.u128()
        ),
        (TREASURY, POOL, BURN)
    );
    assert_eq!(t.fees_burned.u128(), BURN, "counts the pending burn");
    assert_eq!(owed(&t), 1_000 * UNIT);
    assert_eq!(credit(&ctx, &addr("provider")), PROVIDER);
    // The treasury is the pool while no distributor is set.
    assert_eq!(credit(&ctx, &addr("treasury")), TREASURY + POOL);
    assert_eq!(credit(&ctx, &addr("stranger")), 0);
}

#[test]
fn any_withdrawal_carries_the_pending_burn() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    let response = ctx
        .exec(&addr("provider"), ExecuteMsg::Withdraw {})
        .unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(addr("provider").to_string(), PROVIDER)], BURN)
    );
    let t = totals(&ctx);
    assert_eq!((t.credits.u128(), t.burn_pending.u128()), (0, 0));
    assert_eq!(t.fees_burned.u128(), BURN);
    // The treasury (also the pool) takes both shares in one transfer; nothing left to burn.
    let response = ctx
        .exec(&addr("treasury"), ExecuteMsg::Withdraw {})
        .unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(addr("treasury").to_string(), TREASURY + POOL)], 0)
    );
    assert_eq!(owed(&totals(&ctx)), 900 * UNIT);
    // The next redemption's burn rides on the treasury's withdrawal.
    redeem(&mut ctx, &consumer, id, 200 * UNIT, 2);
    let response = ctx
        .exec(&addr("treasury"), ExecuteMsg::Withdraw {})
        .unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(addr("treasury").to_string(), TREASURY + POOL)], BURN)
    );
    assert_eq!(totals(&ctx).fees_burned.u128(), 2 * BURN);
}

#[test]
fn a_withdrawal_with_nothing_owed_changes_nothing() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    for who in ["provider", "treasury", "stranger"] {
        assert_eq!(
            ctx.exec(&addr(who), ExecuteMsg::Withdraw {}).unwrap_err(),
            PaymentChannelsError::Credit(CreditError::NothingToWithdraw { payee: addr(who) })
        );
    }
    redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    ctx.exec(&addr("provider"), ExecuteMsg::Withdraw {})
        .unwrap();
    redeem(&mut ctx, &consumer, id, 200 * UNIT, 2);
    // A burn is pending, but a payee owed nothing withdraws nothing and burns nothing.
    let before = ctx.dump();
    for who in ["stranger", "consumer"] {
        assert_eq!(
            ctx.exec(&addr(who), ExecuteMsg::Withdraw {}).unwrap_err(),
            PaymentChannelsError::Credit(CreditError::NothingToWithdraw { payee: addr(who) })
        );
    }
    assert_eq!(ctx.dump(), before);
    assert_eq!(totals(&ctx).burn_pending.u128(), BURN);
}

#[test]
fn a_treasury_change_credits_the_old_treasury() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    let (old, new) = (addr("treasury"), addr("new-treasury"));
    let response = update_config(&mut ctx, Some(&new), None);
    let moved = TREASURY + POOL;
    assert!(response
        .attributes
        .iter()
        .any(|a| a.key == "fees_credited" && a.value == moved.to_string()));
    let t = totals(&ctx);
    assert_eq!((t.treasury_fees.u128(), t.pool_fees.u128()), (0, 0));
    assert_eq!(t.credits.u128(), PROVIDER + moved);
    assert_eq!(t.burn_pending.u128(), BURN, "the burn stays pending");
    assert_eq!(owed(&t), 1_000 * UNIT);
    // What was earned before the change stays the old treasury's; the new one is owed nothing.
    assert_eq!(credit(&ctx, &old), moved);
    assert_eq!(credit(&ctx, &new), 0);
    assert_eq!(
        ctx.exec(&new, ExecuteMsg::Withdraw {}).unwrap_err(),
        PaymentChannelsError::Credit(CreditError::NothingToWithdraw { payee: new.clone() })
    );
    // Later redemptions are owed to the new treasury.
    redeem(&mut ctx, &consumer, id, 200 * UNIT, 2);
    assert_eq!(credit(&ctx, &new), TREASURY + POOL);
    assert_eq!(credit(&ctx, &old), moved);
    let response = ctx.exec(&old, ExecuteMsg::Withdraw {}).unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(old.to_string(), moved)], 2 * BURN)
    );
    let response = ctx.exec(&new, ExecuteMsg::Withdraw {}).unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(new.to_string(), TREASURY + POOL)], 0)
    );
}

#[test]
fn a_new_distributor_leaves_the_pool_share_earned_before_it_to_the_treasury() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    let distributor = addr("distributor");
    update_config(&mut ctx, None, Some(&distributor));
    assert_eq!(credit(&ctx, &addr("treasury")), TREASURY + POOL);
    assert_eq!(credit(&ctx, &distributor), 0);
    let response = redeem(&mut ctx, &consumer, id, 200 * UNIT, 2);
    // The work waits in the provider's record for its batch: the redemption sends nothing.
    assert!(response.messages.is_empty());
    assert_eq!(token_calls(&response), (vec![], 0));
    assert_eq!(credit(&ctx, &distributor), POOL);
    assert_eq!(credit(&ctx, &addr("treasury")), 2 * TREASURY + POOL);
    let response = ctx.exec(&distributor, ExecuteMsg::Withdraw {}).unwrap();
    assert_eq!(
        token_calls(&response),
        (vec![(distributor.to_string(), POOL)], 2 * BURN)
    );
    let t = totals(&ctx);
    assert_eq!(
        (
            t.treasury_fees.u128(),
            t.pool_fees.u128(),
            t.burn_pending.u128()
        ),
        (TREASURY, 0, 0)
    );
}

#[test]
fn other_config_changes_leave_the_fees_owed() {
    let (mut ctx, consumer, id) = channel(1_000 * UNIT);
    redeem(&mut ctx, &consumer, id, 100 * UNIT, 1);
    let before: Totals = ctx.totals();
    // The same treasury again, a new staking and guardian: no payee changes.
    let same = addr("treasury");
    ctx.exec(
        &addr("dao"),
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            staking: Some(addr("staking2").to_string()),
            treasury: Some(same.to_string()),
            distributor: None,
            guardian: Some(addr("guardian2").to_string()),
        }),
    )
    .unwrap();
    assert_eq!(ctx.totals(), before);
    assert_eq!(credit(&ctx, &same), TREASURY + POOL);
}

/// Many redemptions with withdrawals in between: the contract's tokens (deposit less what left
/// by transfer or burn) always equal what it owes, and every fee assigned to burning is burned
/// or pending.
#[test]
fn held_tokens_cover_what_is_owed_after_many_redemptions() {
    let deposit = 1_000_000 * UNIT;
    let (mut ctx, consumer, id) = channel(deposit);
    let distributor = addr("distributor");
    let mut held = deposit;
    let mut burned = 0;
    let mut cumulative = 0;
    let payees = [addr("provider"), addr("treasury"), distributor.clone()];
    for nonce in 1..=300u64 {
        // Amounts from 1 base unit up, so rounding is exercised.
        cumulative += u128::from(nonce * nonce % 997) * 1_013 + 1;
        redeem(&mut ctx, &consumer, id, cumulative, nonce);
        if nonce == 100 {
            update_config(&mut ctx, None, Some(&distributor));
        }
        if nonce == 200 {
            update_config(&mut ctx, Some(&addr("treasury2")), None);
        }
        if nonce % 7 == 0 {
            let payee = &payees[(nonce / 7) as usize % payees.len()];
            if let Ok(response) = ctx.exec(payee, ExecuteMsg::Withdraw {}) {
                let (transfers, burn) = token_calls(&response);
                held -= transfers.iter().map(|(_, a)| a).sum::<u128>() + burn;
                burned += burn;
            }
        }
        let t = totals(&ctx);
        assert_eq!(owed(&t), held, "after redemption {nonce}");
        assert_eq!(t.fees_burned.u128(), burned + t.burn_pending.u128());
        assert_eq!(t.channel_balances.u128(), deposit - cumulative);
    }
    // Everyone withdraws: nothing is owed but the channel's balance, and every burn is done.
    for payee in payees.iter().chain([&addr("treasury2")]) {
        // The old treasury may have withdrawn everything already.
        if let Ok(response) = ctx.exec(payee, ExecuteMsg::Withdraw {}) {
            let (transfers, burn) = token_calls(&response);
            held -= transfers.iter().map(|(_, a)| a).sum::<u128>() + burn;
            burned += burn;
        }
    }
    let t = totals(&ctx);
    assert_eq!(owed(&t), held);
    assert_eq!(held, deposit - cumulative);
    assert_eq!(
        t.credits + t.treasury_fees + t.pool_fees + t.burn_pending,
        Uint128::zero()
    );
    assert_eq!(t.fees_burned.u128(), burned);
}
