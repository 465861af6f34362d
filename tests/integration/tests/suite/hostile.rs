//! Hostile contracts against the whole suite, each a few lines of `ContractWrapper` defined here:
//!
//! - a fake cw20 that calls every contract's cw20 hook (`Receive`) for a victim holding real
//!   funds, with a hook the contract would otherwise accept (`e1_*`): each refuses with its typed
//!   error naming the fake token, and its storage does not change;
//! - a contract that refuses every message: a token `Send` to it reverts entirely (T4), and the
//!   one payout the suite makes by `Send` (the distributor's push of stake rewards into staking)
//!   leaves nothing half done when its receiver fails (`t4_*`); every other payout a contract
//!   builds itself (vesting claims, escrow and channel settlements, distributor claims) is a
//!   cw20 `Transfer`, which never calls the recipient, so a recipient that would fail on
//!   `Receive` is still paid (a DAO proposal pays by whatever message it carries);
//! - the same contract as the target of the suite's hooks, set through each owner's config
//!   update (`s6_*`, `x9_*`): staking's stake hook, the DAO's vote report and the channels' work
//!   report reply only on error, so the user's action stands and a `hook_failed` event records
//!   the failure (docs/staking.md §11, docs/distributor.md §2, docs/dao.md §4,
//!   docs/payment-channels.md §5). The escrow's reports to reputation and the distributor are
//!   built the same way (docs/bill-escrow.md §11); their refusal is tested with a paused
//!   distributor (distributor_work.rs) and a reputation that no longer takes the escrow
//!   (reputation_adversarial.rs).
//!
//! cw-multi-test meters no gas (it ignores a sub-message's `gas_limit`), so a hook target that
//! burns all the gas it is given cannot be simulated here: the hook that always errors stands in
//! for it, and the gas limits themselves are the contracts' own (`STAKE_HOOK_GAS_LIMIT`,
//! `VOTE_REPORT_GAS_LIMIT`).

use std::fmt::{self, Debug, Display};

use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult,
    Uint128,
};
use cw20::Cw20ReceiveMsg;
use cw_multi_test::{Contract, ContractWrapper};
use infermesh_bill_escrow::BillEscrowError;
use infermesh_bridge::BridgeError;
use infermesh_dao::DaoError;
use infermesh_distributor::DistributorError;
use infermesh_kit::ReceiveError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_staking::StakingError;
use infermesh_testing::{AppResponse, Executor, Suite};
use infermesh_types::dao::{self, ProposalKind, VoteOption};
use infermesh_types::signing::SignMode;
use infermesh_types::staking::{self, OperatorResponse, Role};
use infermesh_types::token::AllocationCategory;
use infermesh_types::vesting::{self, GrantRequest, VestingPlan};
use infermesh_types::{bridge, distributor, payment_channels};
use infermesh_vesting::VestingError;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::fixtures::{channel_world, contract_err, operator, world, Res, UNIT};

/// What the victim's forged deposit claims: a million tokens.
const FORGED_AMOUNT: u128 = 1_000_000_000_000;

/// The one error of the always-failing contract, typed so a test can tell it from any other
/// failure on the way.
#[derive(Debug, PartialEq)]
struct Refused;

impl Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the hostile contract refuses every message")
    }
}

impl std::error::Error for Refused {}

/// A contract that fails every execute and every query, whatever the message.
fn always_failing_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(_: DepsMut, _: Env, _: MessageInfo, _: IgnoredAny) -> Result<Response, Refused> {
        Err(Refused)
    }
    fn query(_: Deps, _: Env, _: IgnoredAny) -> Result<Binary, Refused> {
        Err(Refused)
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

/// What anyone may ask the fake cw20.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
enum FakeCw20Msg {
    /// Calls `contract`'s cw20 hook as a token does after a `Send`, with no tokens moved.
    CallReceive {
        contract: String,
        receive: Cw20ReceiveMsg,
    },
}

/// A cw20 in name only: it holds no balances and forwards any `Receive` it is asked to.
fn fake_cw20_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(_: DepsMut, _: Env, _: MessageInfo, msg: FakeCw20Msg) -> StdResult<Response> {
        let FakeCw20Msg::CallReceive { contract, receive } = msg;
        Ok(Response::new().add_message(receive.into_cosmos_msg(contract)?))
    }
    fn query(_: Deps, _: Env, _: IgnoredAny) -> Result<Binary, Refused> {
        Err(Refused)
    }
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

fn deploy(suite: &mut Suite, contract: Box<dyn Contract<Empty>>, label: &str) -> Addr {
    let code = suite.app.store_code(contract);
    let deployer = suite.addr("attacker");
    suite
        .app
        .instantiate_contract(code, deployer, &Empty {}, &[], label, None)
        .unwrap()
}

fn deploy_always_failing(suite: &mut Suite) -> Addr {
    deploy(suite, always_failing_contract(), "always-failing")
}

/// What a forged deposit could have touched: the target's storage and token balance, the
/// victim's balance and the supply.
#[derive(Debug, PartialEq)]
struct Snapshot {
    storage: Vec<(Vec<u8>, Vec<u8>)>,
    target_balance: u128,
    victim_balance: u128,
    supply: Uint128,
}

fn snapshot(suite: &Suite, target: &Addr, victim: &Addr) -> Snapshot {
    Snapshot {
        storage: suite.app.dump_wasm_raw(target),
        target_balance: suite.balance(target),
        victim_balance: suite.balance(victim),
        supply: suite.token_info().total_supply,
    }
}

/// A fake cw20 calls `target`'s hook with `hook` for `victim` (who must hold real funds, so the
/// forgery is worth something); the target must answer `expected(fake, token)` and change
/// nothing.
fn fake_cw20_is_refused<E>(
    suite: &mut Suite,
    target: &Addr,
    victim: &Addr,
    hook: &impl Serialize,
    expected: impl FnOnce(Addr, Addr) -> E,
) where
    E: Display + Debug + PartialEq + Send + Sync + 'static,
{
    assert!(suite.balance(victim) > 0, "the victim holds real funds");
    let fake = deploy(suite, fake_cw20_contract(), "fake-cw20");
    let attacker = suite.addr("attacker");
    let before = snapshot(suite, target, victim);
    let err: E = contract_err(suite.execute(
        &attacker,
        &fake,
        &FakeCw20Msg::CallReceive {
            contract: target.to_string(),
            receive: Cw20ReceiveMsg {
                sender: victim.to_string(),
                amount: Uint128::new(FORGED_AMOUNT),
                msg: to_json_binary(hook).unwrap(),
            },
        },
    ));
    let token = suite.token.addr().clone();
    assert_eq!(err, expected(fake, token));
    assert_eq!(snapshot(suite, target, victim), before);
}

fn wrong_token(received: Addr, expected: Addr) -> ReceiveError {
    ReceiveError::WrongToken { received, expected }
}

// ---- e1: a fake cw20's Receive, on every contract with a cw20 hook ----

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_staking() {
    let mut suite = Suite::new();
    // A registered operator with liquid tokens: a real self-bond from it would be accepted.
    let victim = operator(&mut suite, "victim", Role::Provider, 0);
    suite.staking_fund(&victim, 10_000 * UNIT).unwrap();
    let staking = suite.staking.addr().clone();
    fake_cw20_is_refused(
        &mut suite,
        &staking,
        &victim,
        &staking::ReceiveMsg::SelfBond {},
        |fake, token| StakingError::Receive(wrong_token(fake, token)),
    );
}

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_bill_escrow() {
    let mut w = world();
    let args = w.args();
    let hook = args.msg(w.suite.gateway_consent(&w.consumer, &args));
    let escrow = w.suite.bill_escrow.addr().clone();
    let consumer = w.consumer.clone();
    fake_cw20_is_refused(&mut w.suite, &escrow, &consumer, &hook, |fake, token| {
        BillEscrowError::Receive(wrong_token(fake, token))
    });
}

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_payment_channels() {
    let mut cw = channel_world(1_000 * UNIT);
    let channels = cw.w.suite.payment_channels.addr().clone();
    let consumer = cw.key.address.clone();
    fake_cw20_is_refused(
        &mut cw.w.suite,
        &channels,
        &consumer,
        &payment_channels::ReceiveMsg::TopUp {
            channel_id: cw.channel,
        },
        |fake, token| PaymentChannelsError::Receive(wrong_token(fake, token)),
    );
}

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_vesting() {
    let mut suite = Suite::new();
    // The public-sale holder is an allowed funder of public-sale grants.
    let funder = suite.holder(AllocationCategory::PublicSale);
    let beneficiary = suite.addr("beneficiary");
    let vesting = suite.vesting.addr().clone();
    fake_cw20_is_refused(
        &mut suite,
        &vesting,
        &funder,
        &vesting::ReceiveMsg::CreateGrant(GrantRequest {
            beneficiary: beneficiary.to_string(),
            plan: VestingPlan::PublicSale,
            start: None,
        }),
        |fake, token| VestingError::Receive(wrong_token(fake, token)),
    );
}

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_distributor() {
    let mut suite = Suite::new();
    let distributor = suite.deploy_distributor(3_600);
    let funder = suite.holder(AllocationCategory::Liquidity);
    fake_cw20_is_refused(
        &mut suite,
        &distributor,
        &funder,
        &distributor::ReceiveMsg::Fund {},
        |fake, token| DistributorError::Receive(wrong_token(fake, token)),
    );
}

#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_dao() {
    let mut suite = Suite::new();
    let dao = suite.deploy_dao(None);
    let locker = suite.holder(AllocationCategory::Liquidity);
    fake_cw20_is_refused(
        &mut suite,
        &dao,
        &locker,
        &dao::ReceiveMsg::Lock {},
        |fake, token| DaoError::Receive(wrong_token(fake, token)),
    );
}

/// The bridge takes any cw20 as the caller of its hook (a remote bridge carries several wrapped
/// tokens), so its refusal is its own `UnknownToken`, not the kit's `WrongToken`.
#[test]
fn e1_a_fake_cw20s_receive_is_refused_by_bridge() {
    let mut suite = Suite::new();
    let bridge = suite.deploy_bridge();
    let sender = suite.holder(AllocationCategory::Liquidity);
    fake_cw20_is_refused(
        &mut suite,
        &bridge,
        &sender,
        &bridge::ReceiveMsg::Transfer(bridge::TransferMsg {
            channel_id: "channel-0".into(),
            receiver: "wasm1receiver".into(),
            timeout_seconds: None,
            memo: None,
        }),
        |fake, _| BridgeError::UnknownToken { token: fake },
    );
}

// ---- t4: receivers that fail ----

#[test]
fn t4_a_send_to_a_receiver_that_always_fails_reverts_the_whole_send() {
    let mut suite = Suite::new();
    let hostile = deploy_always_failing(&mut suite);
    let sender = suite.holder(AllocationCategory::Liquidity);
    let token = suite.token.addr().clone();
    let balances = (suite.balance(&sender), suite.balance(&hostile));
    let supply = suite.token_info().total_supply;
    let storage = suite.app.dump_wasm_raw(&token);
    let err: Refused = contract_err(suite.send(&sender, &hostile, 1_000 * UNIT, &Empty {}));
    assert_eq!(err, Refused);
    assert_eq!((suite.balance(&sender), suite.balance(&hostile)), balances);
    assert_eq!(suite.token_info().total_supply, supply);
    assert_eq!(suite.app.dump_wasm_raw(&token), storage);
}

fn push_stake_rewards(suite: &mut Suite, operator: &Addr) -> Res {
    let keeper = suite.addr("keeper");
    suite.distributor_execute(
        &keeper,
        &distributor::ExecuteMsg::PushStakeRewards {
            operators: vec![operator.to_string()],
        },
    )
}

fn point_distributor_at_staking(suite: &mut Suite, staking: &Addr) {
    let owner = suite.owner.clone();
    suite
        .distributor_execute(
            &owner,
            &distributor::ExecuteMsg::UpdateStaking {
                staking: Some(staking.to_string()),
            },
        )
        .unwrap();
}

/// The distributor's push of stake rewards is the suite's only payout by cw20 `Send`: when the
/// receiving staking contract fails, the push reverts with it and the rewards stay owed (the
/// ledger, the balances and the supply as before), and a later push to a working staking pays
/// them.
#[test]
fn t4_a_stake_reward_push_into_a_failing_receiver_leaves_nothing_half_done() {
    let mut suite = Suite::new();
    let distributor = suite.deploy_distributor(3_600);
    let validator = operator(&mut suite, "validator", Role::Validator, 10_000 * UNIT);
    suite.advance_time(1_000);
    let staking = suite.staking.addr().clone();
    let hostile = deploy_always_failing(&mut suite);
    point_distributor_at_staking(&mut suite, &hostile);

    let before = snapshot(&suite, &distributor, &hostile);
    let staking_balance = suite.balance(&staking);
    let err: Refused = contract_err(push_stake_rewards(&mut suite, &validator));
    assert_eq!(err, Refused);
    assert_eq!(snapshot(&suite, &distributor, &hostile), before);
    assert_eq!(suite.balance(&staking), staking_balance);

    point_distributor_at_staking(&mut suite, &staking);
    let response = push_stake_rewards(&mut suite, &validator).unwrap();
    let pushed: u128 = attribute(&response, "pushed").parse().unwrap();
    assert!(pushed > 0);
    assert_eq!(suite.balance(&staking), staking_balance + pushed);
    assert_eq!(suite.balance(&distributor), before.target_balance - pushed);
}

/// Vesting pays its claims by cw20 `Transfer`, which does not call the recipient: a beneficiary
/// contract that would refuse any `Receive` is paid all the same.
#[test]
fn t4_a_vesting_claim_pays_a_contract_that_fails_on_receive() {
    let mut suite = Suite::new();
    let hostile = deploy_always_failing(&mut suite);
    let funder = suite.holder(AllocationCategory::PublicSale);
    let amount = 4_000 * UNIT;
    let id = suite
        .create_grant(&funder, amount, &hostile, VestingPlan::PublicSale, None)
        .unwrap();
    // On a chain the beneficiary contract would send its own Claim; multi-test sends it in the
    // contract's name, which runs none of the contract's code.
    suite.claim(&hostile, id).unwrap();
    // A public-sale grant releases a quarter at its start.
    assert_eq!(suite.balance(&hostile), amount / 4);
}

// ---- s6 / x9: hooks into a contract that always fails ----

fn attribute(response: &AppResponse, key: &str) -> String {
    response
        .events
        .iter()
        .flat_map(|event| &event.attributes)
        .find(|attribute| attribute.key == key)
        .map(|attribute| attribute.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} in {response:?}"))
}

/// The `hook_failed` events of `response`, as (hook, error).
fn failed_hooks(response: &AppResponse) -> Vec<(String, String)> {
    response
        .events
        .iter()
        .filter(|event| {
            event
                .attributes
                .iter()
                .any(|a| a.key == "action" && a.value == "hook_failed")
        })
        .map(|event| {
            let value = |key: &str| {
                event
                    .attributes
                    .iter()
                    .find(|a| a.key == key)
                    .map(|a| a.value.clone())
                    .unwrap_or_default()
            };
            (value("hook"), value("error"))
        })
        .collect()
}

/// One `hook_failed` event for `hook`, carrying the hostile contract's error.
fn assert_one_failed_hook(response: &AppResponse, hook: &str) {
    let failed = failed_hooks(response);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, hook);
    assert!(failed[0].1.contains(&Refused.to_string()), "{failed:?}");
}

fn operator_record(suite: &Suite, operator: &Addr) -> OperatorResponse {
    suite.staking_query(&staking::QueryMsg::Operator {
        operator: operator.to_string(),
    })
}

/// docs/staking.md §11, the stake hook: whatever the distributor does, the staking action
/// stands and the failure is a `hook_failed` event with `hook = stake`.
#[test]
fn s6_a_bond_stands_when_the_stake_hook_target_always_fails() {
    let mut suite = Suite::new();
    let hostile = deploy_always_failing(&mut suite);
    let staking = suite.staking.addr().clone();
    let owner = suite.owner.clone();
    suite
        .execute(
            &owner,
            &staking,
            &staking::ExecuteMsg::UpdateConfig {
                slashers: None,
                jailers: None,
                guardian: None,
                distributor: Some(hostile.to_string()),
            },
        )
        .unwrap();
    let validator = operator(&mut suite, "validator", Role::Validator, 0);
    suite.staking_fund(&validator, 10_000 * UNIT).unwrap();
    let (staked, liquid) = (suite.balance(&staking), suite.balance(&validator));

    let response = suite.bond(&validator, 10_000 * UNIT).unwrap();
    assert_one_failed_hook(&response, "stake");
    assert_eq!(
        operator_record(&suite, &validator).total_bonded,
        Uint128::new(10_000 * UNIT)
    );
    assert_eq!(suite.balance(&validator), liquid - 10_000 * UNIT);
    assert_eq!(suite.balance(&staking), staked + 10_000 * UNIT);
}

/// docs/dao.md §4: a vote's report to the distributor replies only on error, so a distributor
/// that refuses is a `hook_failed` event with `hook = vote_report` and the vote counts.
#[test]
fn x9_a_vote_stands_when_the_vote_report_target_always_fails() {
    let mut w = crate::dao::world();
    let hostile = deploy_always_failing(&mut w.suite);
    let dao = w.dao.clone();
    // The DAO is its own owner: an emergency-parameter proposal would send this message
    // (dao_adversarial.rs runs that path); here the DAO's address sends it directly.
    w.suite
        .dao_execute(
            &dao,
            &dao::ExecuteMsg::UpdateDistributor {
                distributor: Some(hostile.to_string()),
            },
        )
        .unwrap();
    let id = w.propose(ProposalKind::Technical, vec![]).unwrap();
    w.suite.advance_time(crate::dao::DISCUSSION);
    let alice = w.alice.clone();
    let power = w
        .suite
        .dao_power(&alice, Some(w.suite.dao_proposal(id).height));

    let response = w.vote(&alice, id, VoteOption::Yes).unwrap();
    assert_one_failed_hook(&response, "vote_report");
    let proposal = w.suite.dao_proposal(id);
    assert_eq!(proposal.tally.yes, power.power);
    assert_eq!(proposal.turnout, power.power);
}

/// docs/payment-channels.md §5: a refused work report is a `hook_failed` event with `hook =
/// distributor`; it never undoes the redemption and puts the batch back, so the next report
/// carries it again.
#[test]
fn x9_a_redemption_stands_and_its_work_waits_when_the_work_report_target_always_fails() {
    let mut cw = channel_world(1_000 * UNIT);
    let hostile = deploy_always_failing(&mut cw.w.suite);
    let owner = cw.w.suite.owner.clone();
    cw.w.suite
        .channels_execute(
            &owner,
            &payment_channels::ExecuteMsg::UpdateConfig(payment_channels::ConfigUpdate {
                staking: None,
                treasury: None,
                distributor: Some(hostile.to_string()),
                guardian: None,
            }),
        )
        .unwrap();
    let provider = cw.w.provider.clone();
    let before = cw.w.suite.channels_totals();
    let signature =
        cw.w.suite
            .sign_voucher(&cw.key, cw.channel, 100 * UNIT, 1, SignMode::Plain);
    cw.w.suite
        .redeem(
            &provider,
            cw.channel,
            100 * UNIT,
            1,
            signature,
            SignMode::Plain,
        )
        .unwrap();
    let redeemed = cw.w.suite.channels_totals();
    assert_eq!(
        redeemed.channel_balances,
        before.channel_balances - Uint128::new(100 * UNIT)
    );

    let anyone = cw.w.suite.addr("anyone");
    let report = payment_channels::ExecuteMsg::ReportWork {
        provider: provider.to_string(),
    };
    for _ in 0..2 {
        let response = cw.w.suite.channels_execute(&anyone, &report).unwrap();
        assert_one_failed_hook(&response, "distributor");
        assert_eq!(cw.w.suite.channels_totals(), redeemed);
    }
}
