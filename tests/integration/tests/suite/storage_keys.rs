//! Storage-key uniqueness: each contract declares every key space it writes (its state
//! module's `key_spaces`, read off the storage objects themselves, and the kit's), and after a
//! run that touches most of its state, its raw storage is checked against them: no two declared
//! spaces can hold the same key, and every stored key lies in exactly one of them. A new storage
//! object that reuses a namespace, or one left out of `key_spaces`, fails here.
//!
//! Each test also names the declared spaces its run leaves empty, so a run that stops reaching
//! part of the state is noticed rather than passing on an emptier storage. The snapshots'
//! checkpoints are always among them: `Strategy::EveryBlock` never writes one.

use cosmwasm_std::{Addr, Decimal, Uint128};
use cw20::Cw20ExecuteMsg;
use infermesh_kit::storage_keys::{account, check_disjoint, KeySpace};
use infermesh_testing::{Executor, Suite};
use infermesh_types::bill_escrow;
use infermesh_types::bridge::{self, RateLimit};
use infermesh_types::dao::{ExecuteMsg as DaoMsg, ProposalKind, VoteOption};
use infermesh_types::distributor;
use infermesh_types::payment_channels::{self, SignMode};
use infermesh_types::staking::{self, SlashClass};
use infermesh_types::token::AllocationCategory;

use crate::dao::{test_params, DEPOSIT, DISCUSSION, TIMELOCK, VOTING as DAO_VOTING};
use crate::fixtures::{channel_world, ChannelWorld, DAY, UNIT, VOTING};

/// Checks `contract`'s storage against `spaces`; returns the spaces no stored key lies in.
fn unwritten_spaces(suite: &Suite, contract: &Addr, spaces: &[KeySpace]) -> Vec<String> {
    check_disjoint(spaces).unwrap();
    let stored = suite.app.dump_wasm_raw(contract);
    let coverage = account(spaces, stored.iter().map(|(key, _)| key.as_slice())).unwrap();
    coverage.unwritten().into_iter().map(String::from).collect()
}

/// Every contract of the suite at work: bills settled, disputed, left open and left completed,
/// a channel redeemed, stake delegated, rewarded, locked, unbonded and slashed, reputation
/// reported, rated and attested, work rewarded by the distributor, every pausable contract paused and unpaused
/// and every guarded parameter set updated.
fn busy_suite() -> Suite {
    let ChannelWorld {
        mut w,
        key,
        channel,
    } = channel_world(1_000 * UNIT);
    let distributor = w.suite.deploy_distributor(3_600);
    let owner = w.suite.owner.clone();
    let (consumer, provider, gateway) = (w.consumer.clone(), w.provider.clone(), w.gateway.clone());
    let anyone = w.suite.addr("anyone");
    w.suite
        .token_execute(
            &consumer,
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: anyone.to_string(),
                amount: Uint128::new(UNIT),
                expires: None,
            },
        )
        .unwrap();

    // The channel: two redemptions.
    for (amount, nonce) in [(100 * UNIT, 1), (300 * UNIT, 2)] {
        let signature = w
            .suite
            .sign_voucher(&key, channel, amount, nonce, SignMode::Plain);
        w.suite
            .redeem(
                &provider,
                channel,
                amount,
                nonce,
                signature,
                SignMode::Plain,
            )
            .unwrap();
    }
    // A new treasury: what the fees owe the old one becomes its credit.
    let new_treasury = w.suite.addr("new-treasury");
    w.suite
        .update_channels_config(payment_channels::ConfigUpdate {
            staking: None,
            treasury: Some(new_treasury.to_string()),
            distributor: None,
            guardian: None,
        })
        .unwrap();

    // Stake: a delegation, rewards, an unbonding and a lock (and a slash, last: it jails).
    let alice = w.suite.addr("alice");
    w.suite.staking_fund(&alice, 2_000 * UNIT).unwrap();
    w.suite.delegate(&alice, &gateway, 2_000 * UNIT).unwrap();
    let funder = w.suite.holder(AllocationCategory::CommunityTreasury);
    w.suite
        .distribute_staking_rewards(&funder, &gateway, 100 * UNIT)
        .unwrap();
    // The rewards stream in over time: a day of them is there to claim.
    w.suite.advance_time(DAY);
    w.suite.claim_staking_rewards(&alice, &gateway).unwrap();
    w.suite.unbond(&alice, &gateway, 500 * UNIT).unwrap();
    w.suite.lock_stake(&alice, 30 * DAY).unwrap();

    // Bills: one accepted and rated, one left open, one left completed (listed by status), one
    // disputed and refunded (which jails the provider, so it comes last).
    let accepted = w.open_completed(100, 100);
    w.suite.accept_bill(&consumer, accepted).unwrap();
    w.suite.rate_bill(&consumer, accepted, 5).unwrap();
    w.open();
    w.open_completed(100, 100);
    let disputed = w.open_completed(100, 100);
    w.suite
        .dispute_bill(&consumer, disputed, 100 * UNIT)
        .unwrap();
    for validator in w.validators.clone() {
        w.suite.resolve_vote(&validator, disputed, true).unwrap();
    }
    w.suite.advance_time(VOTING);
    w.suite.finalize_bill(&anyone, disputed).unwrap();
    w.suite.escrow_withdraw(&gateway).unwrap();
    for validator in w.validators.clone() {
        w.suite.attest_accuracy(&validator, &provider, 95).unwrap();
    }
    w.suite.refresh_reputation(&provider).unwrap();

    // The distributor closes epochs with the reported work; the provider claims.
    w.suite.advance_time(2 * 3_600);
    w.suite.escrow_withdraw(&provider).unwrap();
    w.suite
        .distributor_execute(&provider, &distributor::ExecuteMsg::Claim {})
        .unwrap();

    // Pauses and guarded parameter updates (the guard keeps a history of them).
    let staking_params = w.suite.staking_params();
    w.suite
        .staking_execute(
            &owner,
            &staking::ExecuteMsg::UpdateParams {
                params: staking_params,
            },
        )
        .unwrap();
    w.suite.pause_staking(&owner).unwrap();
    w.suite.unpause_staking(&owner).unwrap();
    let escrow_params = w.suite.escrow_params();
    w.suite.update_escrow_params(escrow_params).unwrap();
    for msg in [
        bill_escrow::ExecuteMsg::Pause {},
        bill_escrow::ExecuteMsg::Unpause {},
    ] {
        w.suite.escrow_execute(&owner, &msg).unwrap();
    }
    let channels_params = w.suite.channels_params();
    w.suite.update_channels_params(channels_params).unwrap();
    for msg in [
        payment_channels::ExecuteMsg::Pause {},
        payment_channels::ExecuteMsg::Unpause {},
    ] {
        w.suite.channels_execute(&owner, &msg).unwrap();
    }
    let reputation_params = w.suite.reputation_config().params;
    w.suite.update_reputation_params(reputation_params).unwrap();
    let distributor_params: distributor::Params = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(&distributor, &distributor::QueryMsg::Params {})
        .unwrap();
    for msg in [
        distributor::ExecuteMsg::UpdateParams {
            params: distributor_params,
        },
        distributor::ExecuteMsg::Pause {},
        distributor::ExecuteMsg::Unpause {},
    ] {
        w.suite.distributor_execute(&owner, &msg).unwrap();
    }
    w.suite
        .slash(
            &owner,
            &w.validators[0],
            SlashClass::Minor,
            Decimal::percent(1),
            "evidence-1",
            None,
        )
        .unwrap();
    w.suite
}

#[test]
fn storage_keys_token_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.token.addr(),
        &infermesh_token::state::key_spaces(),
    );
    // The genesis sets no marketing information or logo.
    assert_eq!(unwritten, ["cw20-base MARKETING_INFO", "cw20-base LOGO"]);
}

#[test]
fn storage_keys_vesting_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.vesting.addr(),
        &infermesh_vesting::state::key_spaces(),
    );
    assert_eq!(unwritten, Vec::<String>::new());
}

#[test]
fn storage_keys_staking_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.staking.addr(),
        &infermesh_staking::state::key_spaces(),
    );
    assert_eq!(
        unwritten,
        [
            "TOTAL_BONDED checkpoints",
            "role_bonded(Provider) checkpoints",
            "role_bonded(Gateway) checkpoints",
            "role_bonded(Validator) checkpoints",
            "BONDED_POOLS checkpoints",
            "DELEGATION_SHARES checkpoints",
            "DELEGATED_OPERATORS checkpoints",
            "LOCKS checkpoints"
        ]
    );
}

#[test]
fn storage_keys_reputation_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.reputation.addr(),
        &infermesh_reputation::state::key_spaces(),
    );
    assert_eq!(unwritten, ["SCORES checkpoints"]);
}

#[test]
fn storage_keys_bill_escrow_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.bill_escrow.addr(),
        &infermesh_bill_escrow::state::key_spaces(),
    );
    assert_eq!(unwritten, Vec::<String>::new());
}

#[test]
fn storage_keys_payment_channels_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        suite.payment_channels.addr(),
        &infermesh_payment_channels::state::key_spaces(),
    );
    assert_eq!(unwritten, Vec::<String>::new());
}

#[test]
fn storage_keys_distributor_are_unique_and_accounted_for() {
    let suite = busy_suite();
    let unwritten = unwritten_spaces(
        &suite,
        &suite.distributor(),
        &infermesh_distributor::state::key_spaces(),
    );
    assert_eq!(unwritten, Vec::<String>::new());
}

/// A treasury spend proposed, voted, executed; tokens locked, partly unlocked and a proposal
/// left open with its deposit held.
#[test]
fn storage_keys_dao_are_unique_and_accounted_for() {
    let mut suite = Suite::new();
    let dao = suite.deploy_dao(Some(test_params()));
    let proposer = suite.holder(AllocationCategory::Liquidity);
    suite.dao_fund(&proposer, 1_000_000 * UNIT).unwrap();
    let (alice, bob, carol) = (suite.addr("alice"), suite.addr("bob"), suite.addr("carol"));
    for (who, amount) in [(&alice, 300_000 * UNIT), (&bob, 100_000 * UNIT)] {
        suite.staking_fund(who, amount).unwrap();
        suite.dao_lock(who, amount).unwrap();
    }
    suite.advance_blocks(1);
    let spend = suite
        .token
        .transfer_msg(&carol, Uint128::new(1_000 * UNIT))
        .unwrap();
    let id = suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Treasury, vec![spend])
        .unwrap();
    suite.advance_time(DISCUSSION);
    suite.dao_vote(&alice, id, VoteOption::Yes).unwrap();
    suite.dao_vote(&bob, id, VoteOption::Yes).unwrap();
    suite.advance_time(DAO_VOTING + TIMELOCK);
    suite
        .dao_execute(&carol, &DaoMsg::Execute { proposal_id: id })
        .unwrap();
    suite
        .dao_execute(
            &bob,
            &DaoMsg::Unlock {
                amount: Uint128::new(10_000 * UNIT),
            },
        )
        .unwrap();
    suite
        .dao_propose(&proposer, DEPOSIT, ProposalKind::Treasury, vec![])
        .unwrap();
    let unwritten = unwritten_spaces(&suite, &dao, &infermesh_dao::state::key_spaces());
    // RUNNING lives only while `Execute` dispatches a proposal's messages.
    assert_eq!(
        unwritten,
        ["RUNNING", "VAULT checkpoints", "VAULT_TOTAL checkpoints"]
    );
}

/// What the bridge stores without IBC (cw-multi-test opens no channel): configuration, a
/// counterparty, a guarded parameter update and a pause. Channels, wrapped tokens and packets
/// in flight are checked in the bridge's own tests with cosmwasm-std's IBC mocks.
#[test]
fn storage_keys_bridge_are_unique_and_accounted_for() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    let owner = suite.owner.clone();
    let params: bridge::Params = suite
        .app
        .wrap()
        .query_wasm_smart(&bridge, &bridge::QueryMsg::Params {})
        .unwrap();
    for msg in [
        bridge::ExecuteMsg::AllowCounterparty {
            connection_id: "connection-0".into(),
            port_id: "transfer".into(),
            rate_limit: RateLimit {
                max_flow: (1_000_000 * UNIT).into(),
                period_seconds: DAY,
            },
        },
        bridge::ExecuteMsg::UpdateParams { params },
        bridge::ExecuteMsg::Pause {},
    ] {
        suite
            .app
            .execute_contract(owner.clone(), bridge.clone(), &msg, &[])
            .unwrap();
    }
    let unwritten = unwritten_spaces(&suite, &bridge, &infermesh_bridge::state::key_spaces());
    assert_eq!(unwritten, ["PORT", "CHANNELS", "WRAPPED", "IN_FLIGHT"]);
}

/// The check itself fails on a key no declared space holds: the token's cw20-base balances
/// left out of its declaration.
#[test]
fn storage_keys_an_undeclared_namespace_is_reported() {
    let suite = Suite::new();
    let mut spaces = infermesh_token::state::key_spaces();
    spaces.retain(|space| space.namespace_bytes() != b"balance");
    let stored = suite.app.dump_wasm_raw(suite.token.addr());
    let err = account(&spaces, stored.iter().map(|(key, _)| key.as_slice())).unwrap_err();
    assert!(
        matches!(
            &err,
            infermesh_kit::storage_keys::KeySpaceError::Unaccounted { key }
                if key.starts_with("\\x00\\x07balance")
        ),
        "{err}"
    );
}
