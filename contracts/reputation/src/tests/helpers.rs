use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Coin, ContractResult, Decimal, Env, Order, OwnedDeps, Record,
    Response, Storage, SystemError, SystemResult, Uint128, WasmQuery,
};
use infermesh_types::bill_escrow::{self, BillStatus};
use infermesh_types::reputation::{
    ExecuteMsg, InstantiateMsg, JobOutcome, Outcome, OutcomeBatch, Params, QueryMsg,
    RatingResponse, ScoreResponse,
};
use infermesh_types::staking::{self, OperatorStatusResponse, Role, TOKEN_UNIT};
use serde::de::DeserializeOwned;

use crate::contract::{execute, instantiate, query};
use crate::error::{ReputationError, ReputationResult};
use crate::state::{load_record, Bucket};

pub const DAY: u64 = 86_400;
/// The value [`Ctx::report`] gives a bill: 400 tokens, so 50 bills make the default
/// `confidence_value` (20,000 tokens) and full confidence.
pub const BILL_VALUE: u128 = 400 * TOKEN_UNIT;
/// Compute units of each job [`Ctx::report`] reports.
pub const JOB_UNITS: u128 = 100;

/// The fields of the escrow's `Bill` reputation reads, as the mock escrow answers them (the
/// contract skips any others; `BillForRating` is checked against a whole bill in the types).
#[derive(serde::Serialize, Clone, Debug)]
pub struct EscrowBill {
    pub consumer: Addr,
    pub provider: Addr,
    pub status: BillStatus,
    pub escrowed: Uint128,
    pub settlement: Option<Charged>,
}

#[derive(serde::Serialize, Clone, Copy, Debug)]
pub struct Charged {
    pub charged: Uint128,
}

impl EscrowBill {
    /// A bill of `value` closed as `outcome` closes one: a success settled (charging `value` of
    /// twice as much escrowed), a failure refunded at the provider's fault and a timeout refunded
    /// (`value` escrowed).
    pub fn closed(consumer: &Addr, provider: &Addr, outcome: Outcome, value: u128) -> Self {
        let (status, escrowed, settlement) = match outcome {
            Outcome::Success => (
                BillStatus::Settled,
                2 * value,
                Some(Charged {
                    charged: Uint128::new(value),
                }),
            ),
            Outcome::Failure => (BillStatus::Refunded, value, None),
            Outcome::Timeout => (BillStatus::TimedOut, value, None),
        };
        EscrowBill {
            consumer: consumer.clone(),
            provider: provider.clone(),
            status,
            escrowed: Uint128::new(escrowed),
            settlement,
        }
    }
}

/// The escrows' bills, by (escrow, bill id).
pub type Bills = Rc<std::cell::RefCell<BTreeMap<(Addr, u64), EscrowBill>>>;

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// The fields of staking's `OperatorStakeAtHeightResponse` reputation reads, as the mock
/// staking answers them (the contract skips any others).
#[derive(serde::Serialize)]
struct StakeAnswer {
    operator: Addr,
    role: Role,
    height: u64,
    stake: Uint128,
    role_total: Uint128,
}

/// A storage that counts reads and writes, to show an execute's work is constant, and estimates
/// the Cosmos SDK gas of its storage operations with the SDK's default `KVGasConfig` (wasmd
/// prefixes every key of a contract with [`CONTRACT_PREFIX_BYTES`]); see [`SdkGas`].
#[derive(Default)]
pub struct CountingStorage {
    pub inner: MockStorage,
    pub reads: Cell<u64>,
    pub writes: u64,
    /// Bytes (key and value) of every `set`.
    pub written_bytes: u64,
    pub gas: Cell<u64>,
}

/// The Cosmos SDK's default `KVGasConfig` (store/types/gas.go), as wasmd charges a contract's
/// storage: a read costs `READ_FLAT` plus `READ_PER_BYTE` per byte of key and value, a write
/// `WRITE_FLAT` plus `WRITE_PER_BYTE` per byte, each step of an iterator `ITER_NEXT_FLAT` plus
/// the read rate per byte.
pub struct SdkGas;

impl SdkGas {
    pub const DELETE: u64 = 1_000;
    pub const READ_FLAT: u64 = 1_000;
    pub const READ_PER_BYTE: u64 = 3;
    pub const WRITE_FLAT: u64 = 2_000;
    pub const WRITE_PER_BYTE: u64 = 30;
    pub const ITER_NEXT_FLAT: u64 = 30;
}

/// wasmd stores a contract's keys under `0x03 ‖ contract address` (32 bytes).
pub const CONTRACT_PREFIX_BYTES: u64 = 33;

fn key_len(key: &[u8]) -> u64 {
    key.len() as u64 + CONTRACT_PREFIX_BYTES
}

impl CountingStorage {
    pub fn reset(&mut self) {
        self.reads.set(0);
        self.writes = 0;
        self.written_bytes = 0;
        self.gas.set(0);
    }

    fn charge(&self, gas: u64) {
        self.gas.set(self.gas.get() + gas);
    }

    /// Every key and value, for "no state change" assertions.
    pub fn dump(&self) -> Vec<Record> {
        self.inner.range(None, None, Order::Ascending).collect()
    }
}

impl Storage for CountingStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.reads.set(self.reads.get() + 1);
        let value = self.inner.get(key);
        let bytes = key_len(key) + value.as_ref().map_or(0, |v| v.len() as u64);
        self.charge(SdkGas::READ_FLAT + SdkGas::READ_PER_BYTE * bytes);
        value
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        self.reads.set(self.reads.get() + 1);
        Box::new(self.inner.range(start, end, order).inspect(|(k, v)| {
            let bytes = key_len(k) + v.len() as u64;
            self.charge(SdkGas::ITER_NEXT_FLAT + SdkGas::READ_PER_BYTE * bytes);
        }))
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.writes += 1;
        let bytes = key_len(key) + value.len() as u64;
        self.written_bytes += bytes;
        self.charge(SdkGas::WRITE_FLAT + SdkGas::WRITE_PER_BYTE * bytes);
        self.inner.set(key, value)
    }

    fn remove(&mut self, key: &[u8]) {
        self.writes += 1;
        self.charge(SdkGas::DELETE);
        self.inner.remove(key)
    }
}

#[derive(Clone)]
pub struct StakedOperator {
    pub role: Role,
    pub self_bond: Uint128,
    pub total_bonded: Uint128,
    pub jailed: bool,
    pub latency_ms: u32,
}

pub struct Ctx {
    pub deps: OwnedDeps<CountingStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub operators: Rc<std::cell::RefCell<BTreeMap<Addr, StakedOperator>>>,
    pub staking_queries: Rc<Cell<u64>>,
    /// What the mock escrows ([`escrow`] and [`second_escrow`]) answer to `Bill`.
    pub bills: Bills,
}

pub fn owner() -> Addr {
    addr("dao")
}
pub fn escrow() -> Addr {
    addr("escrow")
}
pub fn staking_addr() -> Addr {
    addr("staking")
}
/// Another escrow contract the owner may configure instead of [`escrow`].
pub fn second_escrow() -> Addr {
    addr("second-escrow")
}
/// A contract that answers every query with JSON that is no bill.
pub fn odd_contract() -> Addr {
    addr("odd-contract")
}

impl Ctx {
    pub fn new() -> Self {
        Self::with_params(None)
    }

    pub fn with_params(params: Option<Params>) -> Self {
        let mut ctx = Self::bare();
        ctx.instantiate(params).unwrap();
        ctx
    }

    pub fn bare() -> Self {
        let operators: Rc<std::cell::RefCell<BTreeMap<Addr, StakedOperator>>> = Rc::default();
        let staking_queries: Rc<Cell<u64>> = Rc::default();
        let bills: Bills = Rc::default();
        let mut querier = MockQuerier::default();
        let ops = operators.clone();
        let count = staking_queries.clone();
        let escrow_bills = bills.clone();
        querier.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, .. } if *contract_addr == odd_contract().as_str() => {
                SystemResult::Ok(ContractResult::Ok(br#"{"odd":true}"#.into()))
            }
            WasmQuery::Smart { contract_addr, msg }
                if [escrow(), second_escrow()]
                    .iter()
                    .any(|e| e.as_str() == contract_addr) =>
            {
                let Ok(bill_escrow::QueryMsg::Bill { bill_id }) = from_json(msg) else {
                    return SystemResult::Err(SystemError::Unknown {});
                };
                let bills = escrow_bills.borrow();
                let bill = bills
                    .iter()
                    .find(|((e, id), _)| e.as_str() == contract_addr && *id == bill_id);
                SystemResult::Ok(match bill {
                    Some((_, bill)) => ContractResult::Ok(to_json_binary(bill).unwrap()),
                    None => ContractResult::Err(format!("bill {bill_id} not found")),
                })
            }
            WasmQuery::Smart { contract_addr, msg }
                if *contract_addr == staking_addr().as_str() =>
            {
                count.set(count.get() + 1);
                let ops = ops.borrow();
                let found = |operator: &str| {
                    ops.iter()
                        .find(|(address, _)| address.as_str() == operator)
                        .ok_or_else(|| format!("operator {operator} not found"))
                };
                let answer = match from_json(msg) {
                    Ok(staking::QueryMsg::OperatorStatus { operator }) => found(&operator)
                        .map(|(address, op)| to_json_binary(&status(address, op)).unwrap()),
                    Ok(staking::QueryMsg::OperatorStakeAtHeight { operator, .. }) => {
                        found(&operator).map(|(address, op)| {
                            let role_total = ops
                                .values()
                                .filter(|o| o.role == op.role)
                                .map(|o| o.total_bonded)
                                .sum();
                            to_json_binary(&StakeAnswer {
                                operator: address.clone(),
                                role: op.role,
                                height: 0,
                                stake: op.total_bonded,
                                role_total,
                            })
                            .unwrap()
                        })
                    }
                    _ => return SystemResult::Err(SystemError::Unknown {}),
                };
                SystemResult::Ok(match answer {
                    Ok(binary) => ContractResult::Ok(binary),
                    Err(error) => ContractResult::Err(error),
                })
            }
            _ => SystemResult::Err(SystemError::Unknown {}),
        });
        Ctx {
            deps: OwnedDeps {
                storage: CountingStorage::default(),
                api: MockApi::default(),
                querier,
                custom_query_type: std::marker::PhantomData,
            },
            env: mock_env(),
            operators,
            staking_queries,
            bills,
        }
    }

    pub fn instantiate(&mut self, params: Option<Params>) -> ReputationResult<Response> {
        instantiate(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(&owner(), &[]),
            InstantiateMsg {
                owner: owner().to_string(),
                staking: staking_addr().to_string(),
                escrow: escrow().to_string(),
                params,
            },
        )
    }

    pub fn register(&mut self, name: &str, role: Role, self_bond_tokens: u128) -> Addr {
        let address = addr(name);
        let bond = Uint128::new(self_bond_tokens * TOKEN_UNIT);
        self.operators.borrow_mut().insert(
            address.clone(),
            StakedOperator {
                role,
                self_bond: bond,
                total_bonded: bond,
                jailed: false,
                latency_ms: 200,
            },
        );
        address
    }

    /// Sets `address`'s bonded pool (self-bond and delegations) to `tokens`.
    pub fn set_bonded(&mut self, address: &Addr, tokens: u128) {
        if let Some(op) = self.operators.borrow_mut().get_mut(address) {
            op.total_bonded = Uint128::new(tokens * TOKEN_UNIT);
            op.self_bond = op.self_bond.min(op.total_bonded);
        }
    }

    pub fn set_jailed(&mut self, address: &Addr, jailed: bool) {
        if let Some(op) = self.operators.borrow_mut().get_mut(address) {
            op.jailed = jailed;
        }
    }

    pub fn advance(&mut self, seconds: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(seconds);
        self.env.block.height += (seconds / 5).max(1);
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> ReputationResult<Response> {
        self.exec_funds(sender, &[], msg)
    }

    pub fn exec_funds(
        &mut self,
        sender: &Addr,
        funds: &[Coin],
        msg: ExecuteMsg,
    ) -> ReputationResult<Response> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    /// Bill `bill_id` of `escrow` as the escrow's `Bill` query shows it.
    pub fn set_bill(&mut self, escrow: &Addr, bill_id: u64, bill: EscrowBill) {
        self.bills
            .borrow_mut()
            .insert((escrow.clone(), bill_id), bill);
    }

    /// One job of `operator` as the escrow counts it: against the operator's advertised latency
    /// in staking (none when staking does not know it), [`JOB_UNITS`] compute units.
    pub fn job(
        &self,
        operator: &Addr,
        outcome: Outcome,
        latency_ms: u64,
        value: u128,
    ) -> JobOutcome {
        let advertised_latency_ms = self
            .operators
            .borrow()
            .get(operator)
            .map_or(0, |op| op.latency_ms);
        JobOutcome {
            outcome,
            latency_ms,
            advertised_latency_ms,
            compute_units: Uint128::new(JOB_UNITS),
            value: Uint128::new(value),
        }
    }

    /// A batch of `jobs` of `operator`, summed by `OutcomeBatch::add` as the escrow sums them.
    pub fn batch(&self, operator: &Addr, jobs: &[JobOutcome]) -> OutcomeBatch {
        let mut batch = OutcomeBatch {
            operator: operator.to_string(),
            ..OutcomeBatch::default()
        };
        jobs.iter().for_each(|job| batch.add(job));
        batch
    }

    /// `batch` sent by the escrow.
    pub fn report_batch(&mut self, batch: OutcomeBatch) -> ReputationResult<Response> {
        self.exec(&escrow(), ExecuteMsg::ReportOutcomes(batch))
    }

    /// The escrow closes bill `bill_id` worth [`BILL_VALUE`] as `outcome` and reports its job
    /// alone.
    pub fn report(
        &mut self,
        bill_id: u64,
        operator: &Addr,
        consumer: &Addr,
        outcome: Outcome,
        latency_ms: u64,
    ) -> ReputationResult<Response> {
        self.report_value(bill_id, operator, consumer, outcome, latency_ms, BILL_VALUE)
    }

    /// The escrow closes bill `bill_id` worth `value` base units as `outcome` (as its `Bill`
    /// query then shows it, for a rating) and reports its job alone, in a batch of one.
    pub fn report_value(
        &mut self,
        bill_id: u64,
        operator: &Addr,
        consumer: &Addr,
        outcome: Outcome,
        latency_ms: u64,
        value: u128,
    ) -> ReputationResult<Response> {
        let bill = EscrowBill::closed(consumer, operator, outcome, value);
        self.set_bill(&escrow(), bill_id, bill);
        let job = self.job(operator, outcome, latency_ms, value);
        let batch = self.batch(operator, &[job]);
        self.report_batch(batch)
    }

    pub fn rate(&mut self, sender: &Addr, bill_id: u64, stars: u8) -> ReputationResult<Response> {
        self.exec(sender, ExecuteMsg::Rate { bill_id, stars })
    }

    pub fn attest(
        &mut self,
        sender: &Addr,
        operator: &Addr,
        accuracy: u8,
    ) -> ReputationResult<Response> {
        self.exec(
            sender,
            ExecuteMsg::Attest {
                operator: operator.to_string(),
                accuracy,
            },
        )
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn score(&self, operator: &Addr) -> ScoreResponse {
        self.query(QueryMsg::Score {
            operator: operator.to_string(),
        })
    }

    pub fn dump(&self) -> Vec<Record> {
        self.deps.storage.dump()
    }

    /// The stars stored for bill `bill_id` of the current escrow.
    pub fn rating(&self, bill_id: u64) -> Option<u8> {
        self.query::<RatingResponse>(QueryMsg::Rating { bill_id })
            .stars
    }

    /// The operator's current bucket as stored (the bucket of its latest event).
    pub fn current_bucket(&self, operator: &Addr) -> Bucket {
        load_record(&self.deps.storage, operator)
            .unwrap()
            .expect("an operator record")
            .current
    }
}

fn status(address: &Addr, op: &StakedOperator) -> OperatorStatusResponse {
    OperatorStatusResponse {
        operator: address.clone(),
        role: op.role,
        tier: staking::Params::default()
            .tier_for(op.self_bond)
            .map(|t| t.tier),
        max_slash: Decimal::percent(20),
        fee_discount: Decimal::zero(),
        exclusive_models: false,
        jailed: op.jailed,
        jailed_until: None,
        banned: false,
        active: !op.jailed,
        self_bond: op.self_bond,
        delegated: op.total_bonded - op.self_bond,
        total_bonded: op.total_bonded,
        advertised_latency_ms: op.latency_ms,
        commission_rate: Decimal::percent(5),
    }
}

/// Number of jail sub-messages in a response.
pub fn jails(response: &Response) -> usize {
    response.messages.len()
}

pub fn attr<'a>(response: &'a Response, key: &str) -> Option<&'a str> {
    response
        .attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

/// A provider, a validator and a consumer around the context of [`world`].
pub struct World {
    pub ctx: Ctx,
    pub provider: Addr,
    pub validator: Addr,
    pub consumer: Addr,
}

/// A provider with a settled bill 1 (success), a timed-out bill 2, and an active validator.
pub fn world() -> World {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 10_000);
    let validator = ctx.register("validator", Role::Validator, 50_000);
    let consumer = addr("consumer");
    ctx.report(1, &provider, &consumer, Outcome::Success, 100)
        .unwrap();
    ctx.report(2, &provider, &consumer, Outcome::Timeout, 0)
        .unwrap();
    World {
        ctx,
        provider,
        validator,
        consumer,
    }
}

/// Runs `f`, asserts its error, and that storage did not change.
pub fn rejects(
    ctx: &mut Ctx,
    expected: ReputationError,
    f: impl FnOnce(&mut Ctx) -> Result<Response, ReputationError>,
) {
    let before = ctx.dump();
    assert_eq!(f(ctx).unwrap_err(), expected);
    assert_eq!(ctx.dump(), before, "state changed on {expected:?}");
}
