//! The escrow's parameters: their defaults and bounds (docs/bill-escrow.md).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Decimal, Uint128};

use infermesh_kit::ValidationError;
use infermesh_kit::{Governed, Leaves};

use super::Price;
use crate::common::BPS_DENOMINATOR;
use crate::staking::{tier_index_key, SlashClass, Tier, TOKEN_UNIT};

const DAY: u64 = crate::common::DAY_SECONDS;

/// 0.05 token per compute unit (QUIVer §5.1).
pub const DEFAULT_BASE_PRICE: Uint128 = Uint128::new(TOKEN_UNIT / 20);
/// The demand multiplier stays within 0.8–2.0.
pub const MIN_DEMAND_MULTIPLIER: Decimal = Decimal::permille(800);
pub const MAX_DEMAND_MULTIPLIER: Decimal = Decimal::permille(2_000);
/// A latency class's premium factor is at most 0.3 (DGrid).
pub const MAX_LATENCY_FACTOR: Decimal = Decimal::permille(300);
/// A model class multiplier lies in 0.1–100.
pub const MIN_CLASS_MULTIPLIER: Decimal = Decimal::permille(100);
pub const MAX_CLASS_MULTIPLIER: Decimal = Decimal::permille(100_000);
/// 2% of the escrowed amount, taken up front (DGrid).
pub const DEFAULT_NETWORK_FEE_BPS: u16 = 200;
pub const MAX_NETWORK_FEE_BPS: u16 = 1_000;
/// A bill's deadline is at most this far ahead by default: 5 days, so with the challenge window
/// and the dispute timeout a bill's exposure (20 days) stays inside staking's 21-day unbonding
/// period and a provider that unbonds after opening stays slashable for it.
pub const DEFAULT_MAX_DEADLINE_SECONDS: u64 = 5 * DAY;
pub const MAX_MAX_DEADLINE_SECONDS: u64 = 365 * DAY;
/// Default challenge window after a completion: 24 hours.
pub const DEFAULT_CHALLENGE_WINDOW_SECONDS: u64 = DAY;
pub const MIN_CHALLENGE_WINDOW_SECONDS: u64 = 60;
pub const MAX_CHALLENGE_WINDOW_SECONDS: u64 = 30 * DAY;
/// Smallest dispute bond by default: 100 tokens.
pub const DEFAULT_MIN_DISPUTE_BOND: Uint128 = Uint128::new(100 * TOKEN_UNIT);
/// Share of all bonded validator stake at a dispute's opening height that must vote for a
/// validator verdict: one third.
pub const DEFAULT_DISPUTE_QUORUM: Decimal = Decimal::raw(333_333_333_333_333_333);
/// Votes are taken for this long after a dispute opens: 3 days.
pub const DEFAULT_DISPUTE_VOTING_SECONDS: u64 = 3 * DAY;
pub const MIN_DISPUTE_VOTING_SECONDS: u64 = 60;
/// A dispute without a verdict after this long may be finalized (the bill settles, the bond
/// returns): 14 days.
pub const DEFAULT_DISPUTE_TIMEOUT_SECONDS: u64 = 14 * DAY;
pub const MAX_DISPUTE_TIMEOUT_SECONDS: u64 = 90 * DAY;
/// An SLA breach (reported latency above `SLA_LATENCY_MULTIPLE` × the advertised latency) is a
/// minor infraction slashed at this fraction by default: 1%, the bottom of the minor class.
pub const DEFAULT_SLA_SLASH_FRACTION: Decimal = Decimal::percent(1);
pub const SLA_LATENCY_MULTIPLE: u64 = 2;
/// The success-rate SLA is judged over 24 h, kept per provider as two half-day buckets: the
/// current one (`time / SLA_BUCKET_SECONDS`) and the one before it.
pub const SLA_BUCKET_SECONDS: u64 = DAY / 2;
/// A provider's success rate is judged once it has this many jobs in the window (default 20).
pub const DEFAULT_SLA_MIN_JOBS: u32 = 20;
/// A success rate below 95% over 24 h is an SLA breach.
pub const DEFAULT_SLA_MIN_SUCCESS_RATE: Decimal = Decimal::percent(95);
pub const MAX_RESULT_HASH_LEN: usize = 128;
/// Most completions in one `CompleteBatch`: bounds a transaction's work and its gas.
pub const MAX_COMPLETIONS: usize = 50;
/// Successes reach reputation at most this long after the job by default (one hour); failures
/// and timeouts at once.
pub const DEFAULT_REPORT_INTERVAL_SECONDS: u64 = 3_600;
/// At most a day: reputation's buckets are five days long, and a score must not lag longer.
pub const MAX_REPORT_INTERVAL_SECONDS: u64 = DAY;
/// Highest reputation score a consumer may require.
pub const MAX_REPUTATION: u16 = 1_000;

/// Model classes with their price multiplier and minimum provider tier.
#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum ModelClass {
    Small,
    Medium,
    Large,
    /// Exclusive models: served only by providers whose tier may serve exclusive models.
    Exclusive,
}

impl ModelClass {
    pub const ALL: [ModelClass; 4] = [
        ModelClass::Small,
        ModelClass::Medium,
        ModelClass::Large,
        ModelClass::Exclusive,
    ];
}

#[cw_serde]
#[derive(Copy, Eq, Hash, PartialOrd, Ord)]
pub enum LatencyClass {
    Standard,
    Fast,
    Realtime,
}

impl LatencyClass {
    pub const ALL: [LatencyClass; 3] = [
        LatencyClass::Standard,
        LatencyClass::Fast,
        LatencyClass::Realtime,
    ];
}

#[cw_serde]
pub struct ModelClassParams {
    pub class: ModelClass,
    /// Price multiplier (small 1x, medium 3x, large 10x).
    pub multiplier: Decimal,
    /// Lowest provider tier that may serve the class; `None`: any registered provider.
    pub min_tier: Option<Tier>,
}

#[cw_serde]
pub struct LatencyClassParams {
    pub class: LatencyClass,
    /// The latency the provider must meet to earn the premium.
    pub target_ms: u64,
    /// Premium factor 0–0.3: the price is multiplied by `1 + factor`.
    pub factor: Decimal,
}

/// Shares of a settlement's charged cost, in basis points; they sum to 10,000.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct SplitParams {
    pub provider_bps: u16,
    pub gateway_bps: u16,
    pub treasury_bps: u16,
    pub governance_bps: u16,
}

impl Default for SplitParams {
    fn default() -> Self {
        SplitParams {
            provider_bps: 8_000,
            gateway_bps: 1_000,
            treasury_bps: 500,
            governance_bps: 500,
        }
    }
}

impl SplitParams {
    pub fn sum(&self) -> u32 {
        [
            self.provider_bps,
            self.gateway_bps,
            self.treasury_bps,
            self.governance_bps,
        ]
        .iter()
        .map(|b| u32::from(*b))
        .sum()
    }
}

/// Class and fraction of a slash requested from staking.
#[cw_serde]
#[derive(Copy)]
pub struct SlashSpec {
    pub class: SlashClass,
    pub fraction: Decimal,
}

/// Parameters the owner (the DAO) may change within the bounds above.
#[cw_serde]
pub struct Params {
    /// Price of one compute unit in base units before multipliers (default 50,000 = 0.05 token).
    pub base_price: Uint128,
    /// 0.8–2.0.
    pub demand_multiplier: Decimal,
    /// Exactly one entry per [`ModelClass`], in [`ModelClass::ALL`] order.
    pub model_classes: Vec<ModelClassParams>,
    /// Exactly one entry per [`LatencyClass`], in [`LatencyClass::ALL`] order.
    pub latency_classes: Vec<LatencyClassParams>,
    /// Fee on the amount escrowed (bills) or redeemed (channels); half burned, half treasury.
    pub network_fee_bps: u16,
    pub split: SplitParams,
    pub challenge_window_seconds: u64,
    pub max_deadline_seconds: u64,
    pub min_dispute_bond: Uint128,
    /// Share of all bonded validator stake at the opening height that must vote (0 < q ≤ 1).
    pub dispute_quorum: Decimal,
    /// How long validators vote (at least 60 s, below `dispute_timeout_seconds`).
    pub dispute_voting_seconds: u64,
    /// After this long without a verdict a disputed bill may be finalized, bond returned.
    /// `max_deadline_seconds + challenge_window_seconds + dispute_timeout_seconds` must not
    /// exceed staking's unbonding period (checked against staking when set).
    pub dispute_timeout_seconds: u64,
    /// Slash of a provider found at fault by the validator quorum.
    pub dispute_slash: SlashSpec,
    /// Minor slash of an SLA breach (latency > 2× advertised, or success below
    /// `sla_min_success_rate` over 24 h), within the minor range.
    pub sla_slash_fraction: Decimal,
    /// Jobs (settled, timed out or found at fault) a provider needs in its 24-hour SLA window
    /// before its success rate is judged; at least 1.
    pub sla_min_jobs: u32,
    /// Settled / all jobs over 24 h below this is an SLA breach (at most 1): a minor slash at
    /// `sla_slash_fraction`, evidence `sla-success-<provider>-<day>`, at most once per day.
    pub sla_min_success_rate: Decimal,
    /// A provider's successes are reported to reputation in one batch once the oldest
    /// unreported one is this old (checked when its next bill closes; anyone may report
    /// earlier), so a settlement usually calls no other contract. 0 reports every job at once;
    /// at most `MAX_REPORT_INTERVAL_SECONDS`.
    pub report_interval_seconds: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            base_price: DEFAULT_BASE_PRICE,
            demand_multiplier: Decimal::one(),
            model_classes: vec![
                ModelClassParams {
                    class: ModelClass::Small,
                    multiplier: Decimal::one(),
                    min_tier: Some(Tier::Bronze),
                },
                ModelClassParams {
                    class: ModelClass::Medium,
                    multiplier: Decimal::percent(300),
                    min_tier: Some(Tier::Bronze),
                },
                ModelClassParams {
                    class: ModelClass::Large,
                    multiplier: Decimal::percent(1_000),
                    min_tier: Some(Tier::Silver),
                },
                ModelClassParams {
                    class: ModelClass::Exclusive,
                    multiplier: Decimal::percent(1_000),
                    min_tier: Some(Tier::Platinum),
                },
            ],
            latency_classes: vec![
                LatencyClassParams {
                    class: LatencyClass::Standard,
                    target_ms: 5_000,
                    factor: Decimal::zero(),
                },
                LatencyClassParams {
                    class: LatencyClass::Fast,
                    target_ms: 1_000,
                    factor: Decimal::percent(15),
                },
                LatencyClassParams {
                    class: LatencyClass::Realtime,
                    target_ms: 200,
                    factor: Decimal::percent(30),
                },
            ],
            network_fee_bps: DEFAULT_NETWORK_FEE_BPS,
            split: SplitParams::default(),
            challenge_window_seconds: DEFAULT_CHALLENGE_WINDOW_SECONDS,
            max_deadline_seconds: DEFAULT_MAX_DEADLINE_SECONDS,
            min_dispute_bond: DEFAULT_MIN_DISPUTE_BOND,
            dispute_quorum: DEFAULT_DISPUTE_QUORUM,
            dispute_voting_seconds: DEFAULT_DISPUTE_VOTING_SECONDS,
            dispute_timeout_seconds: DEFAULT_DISPUTE_TIMEOUT_SECONDS,
            dispute_slash: SlashSpec {
                class: SlashClass::Major,
                fraction: Decimal::percent(5),
            },
            sla_slash_fraction: DEFAULT_SLA_SLASH_FRACTION,
            sla_min_jobs: DEFAULT_SLA_MIN_JOBS,
            sla_min_success_rate: DEFAULT_SLA_MIN_SUCCESS_RATE,
            report_interval_seconds: DEFAULT_REPORT_INTERVAL_SECONDS,
        }
    }
}

impl Params {
    /// Longest a bill can stay open to a slash after it opens: its deadline, the challenge window
    /// and the dispute timeout. Staking's unbonding period must cover it.
    pub fn exposure_seconds(&self) -> u64 {
        self.max_deadline_seconds
            .saturating_add(self.challenge_window_seconds)
            .saturating_add(self.dispute_timeout_seconds)
    }

    pub fn model_class(&self, class: ModelClass) -> Option<&ModelClassParams> {
        self.model_classes.iter().find(|c| c.class == class)
    }

    pub fn latency_class(&self, class: LatencyClass) -> Option<&LatencyClassParams> {
        self.latency_classes.iter().find(|c| c.class == class)
    }

    /// The price of a job of `model` and `latency` under these parameters.
    pub fn price(&self, model: ModelClass, latency: LatencyClass) -> Option<Price> {
        let m = self.model_class(model)?;
        let l = self.latency_class(latency)?;
        Some(Price {
            base_price: self.base_price,
            class_multiplier: m.multiplier,
            demand_multiplier: self.demand_multiplier,
            latency_factor: l.factor,
            latency_target_ms: l.target_ms,
        })
    }
}

fn invalid(reason: impl Into<String>) -> ValidationError {
    ValidationError::InvalidParams {
        reason: reason.into(),
    }
}

impl Params {
    /// Checks every bound of docs/bill-escrow.md §1 (the constants above); the DAO's guard
    /// limits the pace of change.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let params = self;
        if params.base_price.is_zero() {
            return Err(invalid("base_price must be positive"));
        }
        if params.demand_multiplier < MIN_DEMAND_MULTIPLIER
            || params.demand_multiplier > MAX_DEMAND_MULTIPLIER
        {
            return Err(invalid(format!(
                "demand_multiplier must lie in {MIN_DEMAND_MULTIPLIER}..={MAX_DEMAND_MULTIPLIER}"
            )));
        }
        let classes: Vec<ModelClass> = params.model_classes.iter().map(|c| c.class).collect();
        if classes != ModelClass::ALL {
            return Err(invalid(
                "model_classes must list small, medium, large, exclusive once, in that order",
            ));
        }
        for class in &params.model_classes {
            if class.multiplier < MIN_CLASS_MULTIPLIER || class.multiplier > MAX_CLASS_MULTIPLIER {
                return Err(invalid(format!(
                    "{:?} multiplier must lie in {MIN_CLASS_MULTIPLIER}..={MAX_CLASS_MULTIPLIER}",
                    class.class
                )));
            }
        }
        let latencies: Vec<LatencyClass> = params.latency_classes.iter().map(|c| c.class).collect();
        if latencies != LatencyClass::ALL {
            return Err(invalid(
                "latency_classes must list standard, fast, realtime once, in that order",
            ));
        }
        for class in &params.latency_classes {
            if class.factor > MAX_LATENCY_FACTOR {
                return Err(invalid(format!(
                    "{:?} latency factor must be at most {MAX_LATENCY_FACTOR}",
                    class.class
                )));
            }
            if class.target_ms == 0 {
                return Err(invalid("latency targets must be positive"));
            }
        }
        if params.network_fee_bps > MAX_NETWORK_FEE_BPS {
            return Err(invalid(format!(
                "network_fee_bps must be at most {MAX_NETWORK_FEE_BPS}"
            )));
        }
        if params.split.sum() != u32::from(BPS_DENOMINATOR) {
            return Err(invalid("split shares must sum to 10000 bps"));
        }
        if !(MIN_CHALLENGE_WINDOW_SECONDS..=MAX_CHALLENGE_WINDOW_SECONDS)
            .contains(&params.challenge_window_seconds)
        {
            return Err(invalid(format!(
            "challenge_window_seconds must lie in {MIN_CHALLENGE_WINDOW_SECONDS}..={MAX_CHALLENGE_WINDOW_SECONDS}"
        )));
        }
        if params.max_deadline_seconds == 0
            || params.max_deadline_seconds > MAX_MAX_DEADLINE_SECONDS
        {
            return Err(invalid(format!(
                "max_deadline_seconds must lie in 1..={MAX_MAX_DEADLINE_SECONDS}"
            )));
        }
        if params.min_dispute_bond.is_zero() {
            return Err(invalid("min_dispute_bond must be positive"));
        }
        if params.dispute_quorum.is_zero() || params.dispute_quorum > Decimal::one() {
            return Err(invalid("dispute_quorum must lie in (0, 1]"));
        }
        if params.dispute_voting_seconds < MIN_DISPUTE_VOTING_SECONDS
            || params.dispute_voting_seconds >= params.dispute_timeout_seconds
        {
            return Err(invalid(format!(
                "dispute_voting_seconds must lie in {MIN_DISPUTE_VOTING_SECONDS}..dispute_timeout_seconds"
            )));
        }
        if params.dispute_timeout_seconds < params.challenge_window_seconds
            || params.dispute_timeout_seconds > MAX_DISPUTE_TIMEOUT_SECONDS
        {
            return Err(invalid(format!(
            "dispute_timeout_seconds must lie in challenge_window_seconds..={MAX_DISPUTE_TIMEOUT_SECONDS}"
        )));
        }
        let (min, max) = params.dispute_slash.class.range();
        if params.dispute_slash.fraction < min || params.dispute_slash.fraction > max {
            return Err(invalid(
                "dispute_slash fraction must lie in its class's range",
            ));
        }
        let (min, max) = SlashClass::Minor.range();
        if params.sla_slash_fraction < min || params.sla_slash_fraction > max {
            return Err(invalid(format!(
                "sla_slash_fraction must lie in the minor range {min}..={max}"
            )));
        }
        if params.sla_min_jobs == 0 {
            return Err(invalid("sla_min_jobs must be at least 1"));
        }
        if params.sla_min_success_rate > Decimal::one() {
            return Err(invalid("sla_min_success_rate must be at most 1"));
        }
        if params.report_interval_seconds > MAX_REPORT_INTERVAL_SECONDS {
            return Err(invalid(format!(
                "report_interval_seconds must be at most {MAX_REPORT_INTERVAL_SECONDS}"
            )));
        }
        Ok(())
    }
}

/// Every field under the parameter guard (infermesh_kit::guard).
impl Governed for Params {
    fn leaves(&self, out: &mut Leaves) {
        out.num("base_price", self.base_price);
        out.decimal("demand_multiplier", self.demand_multiplier);
        out.exact("model_classes", self.model_classes.len() as u128);
        for class in &self.model_classes {
            out.exact("model_classes.class", class.class as u8);
            out.decimal("model_classes.multiplier", class.multiplier);
            out.exact("model_classes.min_tier", tier_index_key(class.min_tier));
        }
        out.exact("latency_classes", self.latency_classes.len() as u128);
        for class in &self.latency_classes {
            out.exact("latency_classes.class", class.class as u8);
            out.num("latency_classes.target_ms", class.target_ms);
            out.decimal("latency_classes.factor", class.factor);
        }
        out.num("network_fee_bps", self.network_fee_bps);
        self.split.leaves(out);
        out.num("challenge_window_seconds", self.challenge_window_seconds);
        out.num("max_deadline_seconds", self.max_deadline_seconds);
        out.num("min_dispute_bond", self.min_dispute_bond);
        out.decimal("dispute_quorum", self.dispute_quorum);
        out.num("dispute_voting_seconds", self.dispute_voting_seconds);
        out.num("dispute_timeout_seconds", self.dispute_timeout_seconds);
        out.exact("dispute_slash.class", self.dispute_slash.class as u8);
        out.decimal("dispute_slash.fraction", self.dispute_slash.fraction);
        out.decimal("sla_slash_fraction", self.sla_slash_fraction);
        out.num("sla_min_jobs", self.sla_min_jobs);
        out.decimal("sla_min_success_rate", self.sla_min_success_rate);
        out.num("report_interval_seconds", self.report_interval_seconds);
    }
}

impl Governed for SplitParams {
    fn leaves(&self, out: &mut Leaves) {
        out.num("split.provider_bps", self.provider_bps);
        out.num("split.gateway_bps", self.gateway_bps);
        out.num("split.treasury_bps", self.treasury_bps);
        out.num("split.governance_bps", self.governance_bps);
    }
}
