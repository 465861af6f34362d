//! What several test modules share, defined once: amounts and durations, the error downcasts,
//! operator and grant set-up, storage snapshots and the proptest configuration. A helper that only
//! one module uses stays in that module.

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};

use cosmwasm_std::{coins, to_json_binary, Addr, CosmosMsg, Order, Uint128, WasmMsg};
use cw20::{AllowanceResponse, Cw20QueryMsg};
use cw_multi_test::error::AnyError;
use infermesh_bill_escrow::BillEscrowError;
use infermesh_payment_channels::PaymentChannelsError;
use infermesh_reputation::ReputationError;
use infermesh_staking::StakingError;
use infermesh_testing::{AppResponse, BillArgs, KeyAccount, Suite};
use infermesh_types::common::DAY_SECONDS;
use infermesh_types::staking::{self, Role, SlashRecord};
use infermesh_types::token::AllocationCategory;
use infermesh_vesting::VestingError;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use serde::Serialize;

/// One whole token in base units (the token has 6 decimals).
pub const UNIT: u128 = 1_000_000;
/// One day, in seconds.
pub const DAY: u64 = DAY_SECONDS;
/// A dispute's default voting period (docs/bill-escrow.md §6).
pub const VOTING: u64 = infermesh_types::bill_escrow::DEFAULT_DISPUTE_VOTING_SECONDS;
/// The chain's native denom, which every contract refuses.
pub const NATIVE: &str = "ustake";
/// The amount of [`team_grant`], in base units: the whole team allocation.
pub const GRANT: u128 = 150_000_000 * UNIT;

/// The result of a call on the multi-test app.
pub type Res<T = AppResponse> = Result<T, AnyError>;

/// The typed contract error `E` inside a multi-test error.
pub fn downcast<E: Display + Debug + Send + Sync + 'static>(err: AnyError) -> E {
    err.downcast::<E>()
        .unwrap_or_else(|e| panic!("expected a {}, got {e:?}", std::any::type_name::<E>()))
}

/// The typed contract error `E` of a call that must fail.
pub fn contract_err<E: Display + Debug + Send + Sync + 'static, T: Debug>(result: Res<T>) -> E {
    match result {
        Ok(response) => panic!("expected an error, got {response:?}"),
        Err(e) => downcast(e),
    }
}

pub fn vesting_err(err: AnyError) -> VestingError {
    downcast(err)
}

pub fn staking_err(result: Res) -> StakingError {
    contract_err(result)
}

pub fn rep_err(result: Res) -> ReputationError {
    contract_err(result)
}

pub fn escrow_err<T: Debug>(result: Res<T>) -> BillEscrowError {
    contract_err(result)
}

/// Runs `f`, expects `expected`, and checks the escrow's storage and totals did not change.
pub fn rejects<T: Debug>(
    suite: &mut Suite,
    expected: BillEscrowError,
    f: impl FnOnce(&mut Suite) -> Res<T>,
) {
    let before = suite.escrow_storage();
    let totals = suite.escrow_totals();
    assert_eq!(escrow_err(f(suite)), expected);
    assert_eq!(suite.escrow_storage(), before);
    assert_eq!(suite.escrow_totals(), totals);
}

pub fn channels_err<T: Debug>(result: Res<T>) -> PaymentChannelsError {
    contract_err(result)
}

/// Runs `f`, expects `expected`, and checks the channels contract's storage and totals did not
/// change.
pub fn channel_rejects<T: Debug>(
    suite: &mut Suite,
    expected: PaymentChannelsError,
    f: impl FnOnce(&mut Suite) -> Res<T>,
) {
    let before = suite.channels_storage();
    let totals = suite.channels_totals();
    assert_eq!(channels_err(f(suite)), expected);
    assert_eq!(suite.channels_storage(), before);
    assert_eq!(suite.channels_totals(), totals);
}

/// A registered operator `name` of `role` that self-bonds `self_bond` (none when 0).
pub fn operator(suite: &mut Suite, name: &str, role: Role, self_bond: u128) -> Addr {
    let op = suite.addr(name);
    suite.staking_fund(&op, self_bond.max(1)).unwrap();
    suite.register_operator(&op, role).unwrap();
    if self_bond > 0 {
        suite.bond(&op, self_bond).unwrap();
    }
    op
}

/// The revocable genesis team grant of [`GRANT`], locked in vesting by the token's instantiate:
/// (its beneficiary, the team account; grant id).
pub fn team_grant(suite: &Suite) -> (Addr, u64) {
    let category = AllocationCategory::TeamAndAdvisors;
    (suite.holder(category), suite.genesis_grant(category))
}

/// Gives `who` `amount` of the [`NATIVE`] denom, to offer it to a contract that must refuse it.
pub fn fund_native(suite: &mut Suite, who: &Addr, amount: u128) {
    suite.app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, who, coins(amount, NATIVE))
            .unwrap()
    });
}

/// The cw20 allowance `owner` gave `spender`.
pub fn allowance(suite: &Suite, owner: &Addr, spender: &Addr) -> Uint128 {
    let response: AllowanceResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            suite.token.addr(),
            &Cw20QueryMsg::Allowance {
                owner: owner.to_string(),
                spender: spender.to_string(),
            },
        )
        .unwrap();
    response.allowance
}

/// Every key and value of the reputation contract.
pub fn reputation_storage(suite: &Suite) -> BTreeMap<Vec<u8>, Vec<u8>> {
    suite
        .app
        .contract_storage(suite.reputation.addr())
        .range(None, None, Order::Ascending)
        .collect()
}

/// The slash recorded in staking under `id`, if any.
pub fn evidence(suite: &Suite, id: &str) -> Option<SlashRecord> {
    suite.staking_query(&staking::QueryMsg::Evidence {
        evidence_id: id.to_string(),
    })
}

/// The bill escrow's usual cast, see [`world`].
pub struct World {
    pub suite: Suite,
    pub consumer: Addr,
    pub provider: Addr,
    pub gateway: Addr,
    pub validators: Vec<Addr>,
    pub treasury: Addr,
}

/// A Silver provider (10% fee discount, advertised latency 150 ms), a gateway, three validators
/// and a consumer holding 100,000 tokens. The provider and the gateway hold keys (their
/// addresses derive from them) so they sign receipts and route consents.
pub fn world() -> World {
    let mut suite = Suite::new();
    let provider = suite.key_account("provider").address;
    let gateway = suite.key_account("gateway").address;
    suite.ready_operator(&provider, Role::Provider, 50_000 * UNIT);
    suite.ready_operator(&gateway, Role::Gateway, 10_000 * UNIT);
    let validators: Vec<Addr> = (0..3)
        .map(|i| {
            let v = suite.addr(&format!("validator{i}"));
            suite.ready_operator(&v, Role::Validator, 10_000 * UNIT);
            v
        })
        .collect();
    let consumer = suite.addr("consumer");
    suite.staking_fund(&consumer, 100_000 * UNIT).unwrap();
    let treasury = suite.holder(AllocationCategory::CommunityTreasury);
    // The stake bonded above lies in a past block, as on a chain: a dispute weighs the stake at
    // the start of its block.
    suite.advance_blocks(1);
    World {
        suite,
        consumer,
        provider,
        gateway,
        validators,
        treasury,
    }
}

impl World {
    pub fn args(&self) -> BillArgs {
        self.suite.bill_args(&self.provider, &self.gateway)
    }

    /// Opens a default bill (100 small, standard units) for exactly the quoted amount.
    pub fn open(&mut self) -> u64 {
        let args = self.args();
        let amount = self.suite.escrow_required(&args);
        let consumer = self.consumer.clone();
        self.suite.open_bill(&consumer, amount, &args).unwrap()
    }

    /// Opens a default bill and completes `units` of it in `latency_ms`.
    pub fn open_completed(&mut self, units: u128, latency_ms: u64) -> u64 {
        let id = self.open();
        let provider = self.provider.clone();
        self.suite
            .complete_bill(&provider, id, units, latency_ms)
            .unwrap();
        id
    }
}

/// A [`world`] where the consumer key account "alice" opened `channel` to the provider.
pub struct ChannelWorld {
    pub w: World,
    pub key: KeyAccount,
    pub channel: u64,
}

/// A [`ChannelWorld`] whose channel holds `deposit` and expires in 30 days.
pub fn channel_world(deposit: u128) -> ChannelWorld {
    let mut w = world();
    let key = w.suite.key_account("alice");
    w.suite.staking_fund(&key.address, 10_000 * UNIT).unwrap();
    let expires = w.suite.now().plus_seconds(30 * DAY);
    let provider = w.provider.clone();
    let channel = w
        .suite
        .open_channel(&key, &provider, deposit, expires)
        .unwrap();
    ChannelWorld { w, key, channel }
}

/// `cases` cases, and failing seeds persisted in `<module>.proptest-regressions` next to the
/// module's source (proptest's default would look for them in a `proptest-regressions/`
/// directory beside the binary's folder, since `main.rs` marks the crate root).
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// `msg` executed on `contract`, as a proposal carries it.
pub fn execute_msg(contract: &Addr, msg: &impl Serialize) -> CosmosMsg {
    WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg).unwrap(),
        funds: vec![],
    }
    .into()
}
