//! The reward distributor (docs/distributor.md): its messages, the emission schedule, the
//! parameters, and the work report the escrow and the channels send it in batches.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, StdError, StdResult, Timestamp, Uint128, WasmMsg,
};
use infermesh_kit::codec::{Reader, Writer};
use infermesh_kit::work::UnreportedWork;
use serde::Serialize;

/// The message of a fee source (the escrow, the channels) that pays the caller what it owes.
#[cw_serde]
pub enum FeeSourceMsg {
    Withdraw {},
}

/// A batch of work a contract reports to the distributor for one role: one entry per payee.
/// It also rides as the hook's payload (packed, [`WorkReport::to_payload`]), so a refused report
/// is put back where it waited.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkReport {
    pub role: RewardRole,
    pub batches: Vec<WorkBatch>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkBatch {
    pub member: Addr,
    pub work: UnreportedWork,
}

impl WorkBatch {
    pub fn new(member: Addr, work: UnreportedWork) -> Self {
        WorkBatch { member, work }
    }
}

/// The distributor's `ReportWork` as sent (the same JSON as [`ExecuteMsg::ReportWork`]): only
/// this variant is serialized, so a reporter's wasm carries no code for the rest of the
/// distributor's messages.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum ReportWorkMsg {
    ReportWork {
        role: RewardRole,
        entries: Vec<WorkEntry>,
        #[serde(skip_serializing_if = "Option::is_none")]
        eligible_weight: Option<Uint128>,
    },
}

/// The distributor's `ReportWork` of `entries` in `role`, serialized by itself (the reporter's
/// wasm carries no code for the distributor's other messages).
pub fn report_work_msg(
    distributor: &Addr,
    role: RewardRole,
    entries: Vec<WorkEntry>,
    eligible_weight: Option<Uint128>,
) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: distributor.to_string(),
        msg: to_json_binary(&ReportWorkMsg::ReportWork {
            role,
            entries,
            eligible_weight,
        })?,
        funds: vec![],
    }
    .into())
}

impl WorkReport {
    /// The distributor's `ReportWork` for the batches with work, or none without any.
    pub fn msg(&self, distributor: &Addr) -> StdResult<Option<CosmosMsg>> {
        let entries: Vec<WorkEntry> = self
            .batches
            .iter()
            .filter(|batch| !batch.work.value.is_zero())
            .map(|batch| WorkEntry {
                member: batch.member.to_string(),
                weight: batch.work.value,
                fees: batch.work.fees,
            })
            .collect();
        if entries.is_empty() {
            return Ok(None);
        }
        report_work_msg(distributor, self.role, entries, None).map(Some)
    }

    /// Packed (`infermesh_kit::codec`): the role's index, then each batch's member and work.
    pub fn to_payload(&self) -> Binary {
        let mut w = Writer::default();
        w.put(self.role.index());
        for batch in &self.batches {
            w.put_str(batch.member.as_str());
            batch.work.pack(&mut w);
        }
        Binary::from(w.into_bytes())
    }

    /// Reads [`WorkReport::to_payload`]'s bytes (members were validated when they were packed).
    pub fn from_payload(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, "work report");
        let index: u8 = r.take()?;
        let role = *RewardRole::ALL
            .get(usize::from(index))
            .ok_or_else(|| StdError::generic_err(format!("no reward role {index}")))?;
        let mut batches = Vec::new();
        while !r.is_empty() {
            // The payload is this contract's own sub-message's, packed from validated addresses.
            let member = r.take_addr()?;
            batches.push(WorkBatch::new(member, UnreportedWork::unpack(&mut r)));
        }
        r.finish()?;
        Ok(WorkReport { role, batches })
    }
}

/// What staking tells the distributor whenever an operator's earning stake changes (a bond, an
/// unbond, a slash, a jail or an unjail): its bonded tokens, or zero while it is jailed or
/// banned. It weighs the operator's pool in the stakers' role, and in the validators' role for a
/// validator (docs/distributor.md §4).
#[derive(Clone, Debug, PartialEq)]
pub struct StakeReport {
    pub operator: Addr,
    pub stake: Uint128,
    pub validator: bool,
}

/// The distributor's `StakeChanged` as sent (the same JSON as [`ExecuteMsg::StakeChanged`]),
/// serialized alone so staking's wasm carries none of the rest.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum StakeChangedMsg<'a> {
    StakeChanged {
        operator: &'a str,
        stake: Uint128,
        validator: bool,
    },
}

/// Gas a stake hook may use: staking sends it with this limit and a reply on error, so a
/// distributor that fails or runs long costs a bond or an unbond this much at most and never
/// blocks it.
pub const STAKE_HOOK_GAS_LIMIT: u64 = 400_000;

impl StakeReport {
    /// The report of an operator of `role` with `bonded` tokens: a jailed or banned operator
    /// earns on nothing until it is unjailed. The one rule for the hook and for `SyncStake`.
    pub fn new(
        operator: Addr,
        role: crate::staking::Role,
        jailed: bool,
        banned: bool,
        bonded: Uint128,
    ) -> Self {
        StakeReport {
            operator,
            stake: if jailed || banned {
                Uint128::zero()
            } else {
                bonded
            },
            validator: role == crate::staking::Role::Validator,
        }
    }

    pub fn msg(&self, distributor: &Addr) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: distributor.to_string(),
            msg: to_json_binary(&StakeChangedMsg::StakeChanged {
                operator: self.operator.as_str(),
                stake: self.stake,
                validator: self.validator,
            })?,
            funds: vec![],
        }
        .into())
    }
}

// ------------------------------------------------------------------ the distributor contract

use cosmwasm_schema::QueryResponses;
use cosmwasm_std::Decimal;
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};
use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

/// Seconds in a schedule year (365 days).
pub const YEAR_SECONDS: u64 = 31_536_000;
/// Base units of one token.
const TOKEN: u128 = 1_000_000;

/// The roles that share the emission (docs/distributor.md §2). Work roles share each epoch's
/// emission by the work reported in that epoch; stake roles share continuously by the operators'
/// stake staking reports, paid into staking for each operator's delegators; point roles share
/// continuously by the points the owner (the DAO) grants.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum RewardRole {
    ComputeProviders,
    Gateways,
    Validators,
    Stakers,
    GovernanceVoters,
    Developers,
    ModelProviders,
    LiquidityProviders,
    Community,
}

impl RewardRole {
    pub const ALL: [RewardRole; 9] = [
        RewardRole::ComputeProviders,
        RewardRole::Gateways,
        RewardRole::Validators,
        RewardRole::Stakers,
        RewardRole::GovernanceVoters,
        RewardRole::Developers,
        RewardRole::ModelProviders,
        RewardRole::LiquidityProviders,
        RewardRole::Community,
    ];

    /// Position in [`RewardRole::ALL`]: the role's storage key.
    pub const fn index(self) -> u8 {
        self as u8
    }

    /// Members earn by work reported per epoch.
    pub const fn by_work(self) -> bool {
        matches!(
            self,
            RewardRole::ComputeProviders | RewardRole::Gateways | RewardRole::GovernanceVoters
        )
    }

    /// Members are staking operators, weighted by the stake staking reports; their rewards are
    /// paid into staking for the operator's pool, never to the operator.
    pub const fn by_stake(self) -> bool {
        matches!(self, RewardRole::Validators | RewardRole::Stakers)
    }
}

/// `per_year` tokens (base units) each year of `[start_year, end_year)`, years counted from 0.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct ScheduleSegment {
    pub start_year: u32,
    pub end_year: u32,
    pub per_year: Uint128,
}

/// The emission schedule as data: contiguous segments from year 0, then the last segment's
/// yearly amount halving every `halving_years`.
#[cw_serde]
pub struct Schedule {
    pub segments: Vec<ScheduleSegment>,
    pub halving_years: u32,
}

impl Default for Schedule {
    /// QUIVer §2.3: 70 M, 52.5 M, 35 M × 2, 21 M × 6, then halving every 4 years.
    fn default() -> Self {
        let segment = |start_year, end_year, tokens: u128| ScheduleSegment {
            start_year,
            end_year,
            per_year: Uint128::new(tokens * TOKEN),
        };
        Schedule {
            segments: vec![
                segment(0, 1, 70_000_000),
                segment(1, 2, 52_500_000),
                segment(2, 4, 35_000_000),
                segment(4, 10, 21_000_000),
            ],
            halving_years: 4,
        }
    }
}

/// What a work reporter reports for one member ([`ExecuteMsg::ReportWork`]).
#[cw_serde]
pub struct WorkEntry {
    pub member: String,
    /// The member's work in the epoch: for providers the value their settled work was charged
    /// (which the distributor multiplies by the provider's reputation multiplier), for gateways
    /// the value they routed, votes for governance voters.
    pub weight: Uint128,
    /// What the work irrecoverably paid (fees burned, treasury and governance shares). In the
    /// capped roles the member's reward for the epoch never exceeds `fee_cap × fees`, so work
    /// bought from oneself never pays.
    pub fees: Uint128,
}

#[cw_serde]
pub struct Params {
    /// Weight of each role, in [`RewardRole::ALL`] order: role i gets `w_i / Σw` of the
    /// emission. At least one positive.
    pub role_weights: Vec<u32>,
    /// Compute providers earn at most this × the fees their work paid, per epoch.
    pub provider_fee_cap: Decimal,
    /// Gateways likewise; `provider_fee_cap + gateway_fee_cap < 1`, since one self-dealt job
    /// pays both roles.
    pub gateway_fee_cap: Decimal,
    /// Rewards unclaimed this long after they were earned may be burned by anyone (180 days).
    pub claim_expiry_seconds: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            // Providers 40, gateways 10, validators 10, stakers 15, voters 5, developers 8,
            // model providers 5, liquidity 4, community 3 (of 100).
            role_weights: vec![40, 10, 10, 15, 5, 8, 5, 4, 3],
            provider_fee_cap: Decimal::percent(40),
            gateway_fee_cap: Decimal::percent(10),
            claim_expiry_seconds: 180 * 86_400,
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    pub owner: String,
    /// The only cw20 accepted and paid out.
    pub token: String,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    /// Where the compute providers' reputation multiplier is read (docs/distributor.md §4);
    /// without it providers' work counts at 1×.
    pub reputation: Option<String>,
    /// Who reports the work of each work role (the escrow and the channels for providers and
    /// gateways, the DAO for voters).
    pub reporters: Vec<(RewardRole, String)>,
    /// The staking contract: reports operators' stake for the stake roles and receives their
    /// rewards for the operators' delegators. Without it the stake roles have no members.
    pub staking: Option<String>,
    /// Emission starts here (default: instantiation).
    pub start: Option<Timestamp>,
    /// Length of a work epoch, fixed at instantiation (default a day, at least 60 s).
    pub epoch_seconds: Option<u64>,
    /// Tokens minted to this contract before it existed (the genesis provider-rewards
    /// allocation, minted to its predictable address): recorded as the source "genesis" and
    /// checked against the balance.
    pub genesis_funding: Uint128,
    pub schedule: Option<Schedule>,
    pub params: Option<Params>,
}

#[cw_serde]
pub enum ReceiveMsg {
    /// Adds the amount to the pool, recorded under the cw20 sender.
    Fund {},
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    Receive(Cw20ReceiveMsg),
    /// A reporter of `role` (a work role): work done in the current epoch. `eligible_weight`:
    /// the weight of all who could have done such work (the DAO: its total voting power at the
    /// proposal's creation); the epoch's emission is then divided by at least the largest one
    /// reported, and what absent weight would have earned returns to the pool, so a voter
    /// alone in a quiet epoch earns by its power, not the whole role.
    ReportWork {
        role: RewardRole,
        entries: Vec<WorkEntry>,
        eligible_weight: Option<Uint128>,
    },
    /// Owner: sets members' points in a point role (0 removes the member).
    SetPoints {
        role: RewardRole,
        points: Vec<(String, Uint128)>,
    },
    /// Staking only: `operator`'s earning stake is now `stake` (works while paused: it is
    /// accounting, not funding).
    StakeChanged {
        operator: String,
        stake: Uint128,
        validator: bool,
    },
    /// Anyone: reads each operator's stake from staking and sets it, repairing a stake hook
    /// that failed.
    SyncStake {
        operators: Vec<String>,
    },
    /// Anyone: pays what each operator's pool earned in the stake roles into staking, for its
    /// delegators over staking's reward stream (at most [`MAX_PUSH_OPERATORS`]).
    PushStakeRewards {
        operators: Vec<String>,
    },
    /// The sender's rewards in every work and points role, in one transfer.
    Claim {},
    /// Anyone: burns `member`'s rewards in `role` left unclaimed past the expiry.
    BurnExpired {
        role: RewardRole,
        member: String,
    },
    /// Owner only, within the parameter guard (20 % a quarter, infermesh_kit::guard).
    UpdateParams {
        params: Params,
    },
    /// Owner only: an emergency parameter adjustment, outside the parameter guard's 20 % a
    /// quarter (infermesh_kit::guard); the DAO carries it only under its 80 % bar.
    EmergencyUpdateParams {
        params: Params,
    },
    /// Owner only: replaces the reporters of the work roles.
    UpdateReporters {
        reporters: Vec<(RewardRole, String)>,
    },
    /// Anyone: collects what `from` (the escrow or the channels: a reporter of this
    /// distributor) owes the pool, its governance share of every job, by calling its
    /// `Withdraw {}`; recorded as funding under `from`.
    CollectFees {
        from: String,
    },
    /// Owner only: where providers' reputation multiplier is read (none: 1×).
    UpdateReputation {
        reputation: Option<String>,
    },
    /// Owner only: the staking contract of the stake roles (none: `SyncStake` stops its pools).
    UpdateStaking {
        staking: Option<String>,
    },
    /// Owner only: who may pause besides the owner (the guardian council).
    UpdateGuardian {
        guardian: Option<String>,
    },
    /// Guardian or owner: stops reports, points and funding; accrual and claims continue.
    Pause {},
    /// Owner only.
    Unpause {},
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    /// The schedule and its emission in `year` (years from 0).
    #[returns(ScheduleResponse)]
    Schedule { year: Option<u32> },
    /// Funding, emission and claims so far, evaluated now.
    #[returns(EmissionResponse)]
    Emission {},
    /// What `member` could claim now in each role.
    #[returns(PendingResponse)]
    Pending { member: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub reputation: Option<Addr>,
    pub staking: Option<Addr>,
    pub guardian: Option<Addr>,
    pub reporters: Vec<(RewardRole, Addr)>,
    pub start: Timestamp,
    pub epoch_seconds: u64,
    pub paused: bool,
}

#[cw_serde]
pub struct ScheduleResponse {
    pub schedule: Schedule,
    pub year: Option<u32>,
    /// The schedule's emission in `year`.
    pub year_emission: Option<Uint128>,
}

#[cw_serde]
pub struct EmissionResponse {
    /// What the schedule has released since the start (before the pool's cap).
    pub scheduled: Uint128,
    /// Funded, by source ("genesis" or the cw20 sender).
    pub funding: Vec<(String, Uint128)>,
    pub funded: Uint128,
    /// Emission assigned to members (claimed, claimable, or waiting in an open epoch).
    pub allocated: Uint128,
    pub claimed: Uint128,
    pub burned: Uint128,
    /// `funded − allocated`: still in the pool.
    pub undistributed: Uint128,
    /// Emission held by the work roles' open epochs, shared when they close.
    pub in_open_epochs: Uint128,
}

#[cw_serde]
pub struct PendingResponse {
    pub member: Addr,
    /// Claimable now, by role (roles with nothing omitted).
    pub roles: Vec<(RewardRole, Uint128)>,
    pub total: Uint128,
    /// Work in the current epoch, paid once it closes, by role.
    pub working: Vec<(RewardRole, Uint128)>,
    /// For an operator: what its pool earned in the stake roles, paid into staking for its
    /// delegators by `PushStakeRewards` (not claimable by the operator).
    pub for_delegators: Vec<(RewardRole, Uint128)>,
    /// The part of closed epochs' shares above the member's fee cap: returns to the pool when
    /// the member is next settled.
    pub above_cap: Uint128,
}

/// Most operators one `PushStakeRewards` or `SyncStake` takes.
pub const MAX_PUSH_OPERATORS: usize = 30;

/// Shortest work epoch.
pub const MIN_EPOCH_SECONDS: u64 = 60;
/// Default work epoch: a day.
pub const DEFAULT_EPOCH_SECONDS: u64 = 86_400;

fn invalid(reason: impl Into<String>) -> ValidationError {
    ValidationError::InvalidParams {
        reason: reason.into(),
    }
}

impl Params {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.role_weights.len() != RewardRole::ALL.len() {
            return Err(invalid(
                "role_weights needs one weight per role, in RewardRole::ALL order",
            ));
        }
        if self.role_weights.iter().all(|w| *w == 0) {
            return Err(invalid("role_weights must not all be zero"));
        }
        if self.provider_fee_cap + self.gateway_fee_cap >= Decimal::one() {
            return Err(invalid(
                "provider_fee_cap + gateway_fee_cap must stay below 1: one self-dealt job pays both",
            ));
        }
        if self.claim_expiry_seconds < YEAR_SECONDS / 12 {
            return Err(invalid("claim_expiry_seconds must be at least a month"));
        }
        Ok(())
    }

    /// Σw.
    pub fn total_weight(&self) -> u64 {
        self.role_weights.iter().map(|w| u64::from(*w)).sum()
    }

    pub fn weight(&self, role: RewardRole) -> u32 {
        self.role_weights[usize::from(role.index())]
    }

    /// The fee cap of a role whose work can be bought from oneself.
    pub fn fee_cap(&self, role: RewardRole) -> Option<Decimal> {
        match role {
            RewardRole::ComputeProviders => Some(self.provider_fee_cap),
            RewardRole::Gateways => Some(self.gateway_fee_cap),
            _ => None,
        }
    }
}

impl Schedule {
    /// Contiguous segments from year 0, each at least a year and positive; halving after.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut next = 0;
        for segment in &self.segments {
            if segment.start_year != next {
                return Err(invalid(format!(
                    "schedule segments must be contiguous from year 0: one starts at {} instead of {next}",
                    segment.start_year
                )));
            }
            if segment.end_year <= segment.start_year {
                return Err(invalid(format!(
                    "the schedule segment from year {} ends at {}: segments must end after they start",
                    segment.start_year, segment.end_year
                )));
            }
            if segment.per_year.is_zero() {
                return Err(invalid("a schedule segment must emit something"));
            }
            next = segment.end_year;
        }
        if self.segments.is_empty() || self.halving_years == 0 {
            return Err(invalid("a schedule needs a segment and a halving period"));
        }
        Ok(())
    }

    /// The emission of `year` (years from 0).
    pub fn year_emission(&self, year: u32) -> Uint128 {
        if let Some(segment) = self
            .segments
            .iter()
            .find(|s| s.start_year <= year && year < s.end_year)
        {
            return segment.per_year;
        }
        let Some(last) = self.segments.last() else {
            return Uint128::zero();
        };
        let halvings = (year - last.end_year) / self.halving_years + 1;
        if halvings >= 128 {
            return Uint128::zero();
        }
        Uint128::new(last.per_year.u128() >> halvings)
    }

    /// Emitted by the schedule in the first `elapsed` seconds: whole years at their amounts,
    /// the running year pro rata (rounded down). Bounded work: the segments, then at most 128
    /// halvings.
    pub fn emitted(&self, elapsed: u64) -> Uint128 {
        let years = elapsed / YEAR_SECONDS;
        let into_year = elapsed % YEAR_SECONDS;
        let mut total: u128 = 0;
        let mut counted: u64 = 0;
        for segment in &self.segments {
            let from = u64::from(segment.start_year);
            let to = u64::from(segment.end_year).min(years);
            if to > from {
                total = total.saturating_add(segment.per_year.u128() * u128::from(to - from));
                counted = to;
            }
        }
        if let Some(last) = self.segments.last() {
            let mut year = u64::from(last.end_year).max(counted);
            let period = u64::from(self.halving_years);
            while year < years {
                let halvings = (year - u64::from(last.end_year)) / period + 1;
                if halvings >= 128 {
                    break;
                }
                let period_end = u64::from(last.end_year) + halvings * period;
                let span = period_end.min(years) - year;
                total = total.saturating_add((last.per_year.u128() >> halvings) * u128::from(span));
                year += span;
            }
        }
        let year = u32::try_from(years).unwrap_or(u32::MAX);
        let running =
            self.year_emission(year).u128() * u128::from(into_year) / u128::from(YEAR_SECONDS);
        Uint128::new(total.saturating_add(running))
    }
}

/// The scale of a role's share under the parameter guard.
const SHARE_SCALE: u128 = 1_000_000_000_000;

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        // Each role is paid its share of the emission, w / Σw, so the share is what is
        // guarded (scaled by 10^12, fine enough that rounding hides no move): weights scaled
        // together do not move it, and one role's share cannot grow past the limit by cutting
        // all the others.
        out.exact("role_weights", self.role_weights.len() as u128);
        let total = u128::from(self.total_weight()).max(1);
        for weight in &self.role_weights {
            out.num(
                "role_weights.share",
                u128::from(*weight) * SHARE_SCALE / total,
            );
        }
        out.decimal("provider_fee_cap", self.provider_fee_cap);
        out.decimal("gateway_fee_cap", self.gateway_fee_cap);
        out.num("claim_expiry_seconds", self.claim_expiry_seconds);
    }
}

#[cfg(test)]
mod work_report_tests {
    use super::*;
    use cosmwasm_std::from_json;

    fn addr(name: &str) -> Addr {
        cosmwasm_std::testing::MockApi::default().addr_make(name)
    }

    fn report() -> WorkReport {
        let work = |value, fees, seconds| UnreportedWork {
            value: Uint128::new(value),
            fees: Uint128::new(fees),
            since: Timestamp::from_seconds(seconds),
        };
        WorkReport {
            role: RewardRole::Gateways,
            batches: vec![
                WorkBatch::new(addr("gateway-a"), work(5, 2, 100)),
                WorkBatch::new(addr("gateway-b"), work(0, 0, 0)),
            ],
        }
    }

    #[test]
    fn a_report_survives_its_payload_and_a_truncated_one_is_refused() {
        let report = report();
        let payload = report.to_payload();
        assert_eq!(WorkReport::from_payload(&payload).unwrap(), report);
        assert!(WorkReport::from_payload(&payload[..payload.len() - 1]).is_err());
        assert!(WorkReport::from_payload(&[9]).is_err(), "no tenth role");
    }

    #[test]
    fn the_message_is_the_distributors_report_work_for_the_batches_with_units() {
        let Some(CosmosMsg::Wasm(WasmMsg::Execute { msg, .. })) =
            report().msg(&addr("distributor")).unwrap()
        else {
            panic!("a wasm execute");
        };
        let ExecuteMsg::ReportWork { role, entries, .. } = from_json(&msg).unwrap() else {
            panic!("ReportWork");
        };
        assert_eq!(role, RewardRole::Gateways);
        assert_eq!(
            entries,
            vec![WorkEntry {
                member: addr("gateway-a").to_string(),
                weight: Uint128::new(5),
                fees: Uint128::new(2),
            }]
        );
        let empty = WorkReport {
            role: RewardRole::ComputeProviders,
            batches: vec![],
        };
        assert_eq!(empty.msg(&addr("distributor")).unwrap(), None);
    }
}
