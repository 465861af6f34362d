//! Bill escrow: the price schedule, per-job bills with a challenge window and disputes, and
//! payment channels with cumulative vouchers (docs/bill-escrow.md).
//!
//! A consumer opens a bill by a cw20 `Send` with [`ReceiveMsg::OpenBill`]. The network fee
//! ([`Params::network_fee_bps`] of the amount sent, default 2%) is taken at once: half burned, the
//! other half (with the odd base unit) to the treasury. The rest stays escrowed and must cover
//! [`Price::cost`] of `max_units`. [`QueryMsg::Quote`] returns the amount to send.
//!
//! Life of a bill:
//! ```text
//! Open ──Complete (provider, before the deadline)──▶ Completed ──Accept / Finalize after window──▶ Settled
//!  │                                                   │
//!  └─RefundTimeout (after the deadline)─▶ TimedOut      └─Dispute (consumer, bond, in window)─▶ Disputed
//!                                                            ├─ provider at fault ─▶ Refunded (+ slash)
//!                                                            ├─ consumer wrong ───▶ Settled (bond to provider)
//!                                                            └─ no verdict by dispute_timeout: Finalize ─▶ Settled (bond back)
//! ```
//!
//! Settlement of the charged cost `C`: provider 80%, gateway 10%, treasury 5%, governance pool
//! 5% (to the distributor, or the treasury while none is configured), each rounded down; the
//! provider's tier fee discount removes that fraction of the protocol's cut (treasury +
//! governance) and gives it to the provider; every rounding remainder goes to the treasury, so
//! the parts sum to exactly `C` ([`split`]). The latency premium is charged only when the
//! reported latency meets the latency class's target; otherwise it returns to the consumer with
//! the unused escrow.
//!
//! A payment channel holds a consumer's deposit for one provider. The consumer signs cumulative
//! vouchers off-chain with the secp256k1 key whose address is the consumer's (checked on open);
//! see [`voucher`] for the exact bytes, in plain mode or as a Keplr `signArbitrary` (ADR-036)
//! sign doc.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    Addr, Binary, CheckedMultiplyFractionError, CosmosMsg, Decimal, QuerierWrapper, StdResult,
    Timestamp, Uint128,
};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::common::BPS_DENOMINATOR;
use crate::staking::{SlashClass, Tier, TOKEN_UNIT};
use crate::token::TokenClient;

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
/// A bill's deadline is at most this far ahead by default: 30 days.
pub const DEFAULT_MAX_DEADLINE_SECONDS: u64 = 30 * DAY;
pub const MAX_MAX_DEADLINE_SECONDS: u64 = 365 * DAY;
/// Default challenge window after a completion: 24 hours.
pub const DEFAULT_CHALLENGE_WINDOW_SECONDS: u64 = DAY;
pub const MIN_CHALLENGE_WINDOW_SECONDS: u64 = 60;
pub const MAX_CHALLENGE_WINDOW_SECONDS: u64 = 30 * DAY;
/// Smallest dispute bond by default: 100 tokens.
pub const DEFAULT_MIN_DISPUTE_BOND: Uint128 = Uint128::new(100 * TOKEN_UNIT);
/// Validator votes on one side that decide a dispute.
pub const DEFAULT_VOTE_QUORUM: u32 = 3;
pub const MAX_VOTE_QUORUM: u32 = 100;
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
/// A timed-out bill counts as a timeout (against the success-rate SLA and in reputation) only
/// when its deadline gave the provider at least this long after opening: bills are opened
/// unilaterally, so shorter ones (which nobody can serve in time) would let anyone get any
/// provider slashed and jailed.
pub const SLA_MIN_DEADLINE_SECONDS: u64 = 60;
/// A provider's success rate is judged once it has this many jobs in the window (default 20).
pub const DEFAULT_SLA_MIN_JOBS: u32 = 20;
/// A success rate below 95% over 24 h is an SLA breach.
pub const DEFAULT_SLA_MIN_SUCCESS_RATE: Decimal = Decimal::percent(95);
/// A channel lives at most this long by default: 1 year.
pub const DEFAULT_MAX_CHANNEL_SECONDS: u64 = 365 * DAY;
pub const MAX_MAX_CHANNEL_SECONDS: u64 = 2 * 365 * DAY;
pub const MAX_RESULT_HASH_LEN: usize = 128;
/// A compressed secp256k1 public key.
pub const COMPRESSED_PUBKEY_LEN: usize = 33;
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
    /// Validator votes on one side that decide a dispute.
    pub vote_quorum: u32,
    pub dispute_timeout_seconds: u64,
    /// Slash of a provider found at fault by the validator quorum.
    pub dispute_slash: SlashSpec,
    /// Minor slash of an SLA breach (latency > 2× advertised, or success below
    /// `sla_min_success_rate` over 24 h), within the minor range.
    pub sla_slash_fraction: Decimal,
    pub max_channel_seconds: u64,
    /// Jobs (settled, timed out or found at fault) a provider needs in its 24-hour SLA window
    /// before its success rate is judged; at least 1.
    pub sla_min_jobs: u32,
    /// Settled / all jobs over 24 h below this is an SLA breach (at most 1): a minor slash at
    /// `sla_slash_fraction`, evidence `sla-success-<provider>-<day>`, at most once per day.
    pub sla_min_success_rate: Decimal,
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
            vote_quorum: DEFAULT_VOTE_QUORUM,
            dispute_timeout_seconds: DEFAULT_DISPUTE_TIMEOUT_SECONDS,
            dispute_slash: SlashSpec {
                class: SlashClass::Major,
                fraction: Decimal::percent(5),
            },
            sla_slash_fraction: DEFAULT_SLA_SLASH_FRACTION,
            max_channel_seconds: DEFAULT_MAX_CHANNEL_SECONDS,
            sla_min_jobs: DEFAULT_SLA_MIN_JOBS,
            sla_min_success_rate: DEFAULT_SLA_MIN_SUCCESS_RATE,
        }
    }
}

impl Params {
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

/// A price, fixed into a bill when it opens so later parameter changes never reprice it.
#[cw_serde]
pub struct Price {
    pub base_price: Uint128,
    pub class_multiplier: Decimal,
    pub demand_multiplier: Decimal,
    pub latency_factor: Decimal,
    pub latency_target_ms: u64,
}

#[cw_serde]
#[derive(Copy, Default, Eq)]
pub struct Cost {
    /// `units × base_price × class × demand`, rounded up.
    pub base_cost: Uint128,
    /// `base_cost × latency_factor`, rounded up; forfeited to the consumer when the target is missed.
    pub latency_premium: Uint128,
    /// `base_cost + latency_premium`.
    pub total: Uint128,
}

impl Price {
    /// `cost = units × base × class × demand × (1 + latency_factor)`; each product rounds up,
    /// in favour of the protocol.
    pub fn cost(&self, units: Uint128) -> Result<Cost, CheckedMultiplyFractionError> {
        let raw = units.checked_mul(self.base_price)?;
        let base_cost = raw
            .checked_mul_ceil(self.class_multiplier)?
            .checked_mul_ceil(self.demand_multiplier)?;
        let latency_premium = base_cost.checked_mul_ceil(self.latency_factor)?;
        Ok(Cost {
            base_cost,
            latency_premium,
            total: base_cost.checked_add(latency_premium)?,
        })
    }
}

/// The network fee on `amount`: `fee_bps` of it, rounded up.
pub fn network_fee(amount: Uint128, fee_bps: u16) -> Result<Uint128, CheckedMultiplyFractionError> {
    amount.checked_mul_ceil(Decimal::from_ratio(fee_bps, BPS_DENOMINATOR))
}

/// The smallest amount to send so that what remains after the network fee covers `cost`.
pub fn escrow_required(
    cost: Uint128,
    fee_bps: u16,
) -> Result<Uint128, CheckedMultiplyFractionError> {
    let keep = Decimal::from_ratio(
        BPS_DENOMINATOR - fee_bps.min(BPS_DENOMINATOR - 1),
        BPS_DENOMINATOR,
    );
    let mut amount = cost.checked_div_floor(keep)?;
    // At most a couple of steps: the floor and the fee's ceiling each cost at most one unit.
    while amount.checked_sub(network_fee(amount, fee_bps)?)? < cost {
        amount = amount.checked_add(Uint128::one())?;
    }
    Ok(amount)
}

/// Half of the network fee is burned (rounded down), the rest goes to the treasury.
pub fn fee_burn_part(fee: Uint128) -> Uint128 {
    fee.multiply_ratio(1u128, 2u128)
}

/// Where a charged cost goes. `provider + gateway + treasury + governance == charged`.
#[cw_serde]
#[derive(Copy, Default, Eq)]
pub struct SplitAmounts {
    pub provider: Uint128,
    pub gateway: Uint128,
    /// Includes every rounding remainder.
    pub treasury: Uint128,
    pub governance: Uint128,
}

impl SplitAmounts {
    pub fn total(&self) -> Uint128 {
        self.provider + self.gateway + self.treasury + self.governance
    }
}

/// Splits `charged` by `split`. The provider's `fee_discount` (0–1) of the protocol's cut
/// (treasury and governance shares) goes to the provider instead, rounded down. Shares round
/// down; the remainder goes to the treasury, so the parts sum to exactly `charged`.
pub fn split(
    charged: Uint128,
    split: &SplitParams,
    fee_discount: Decimal,
) -> Result<SplitAmounts, CheckedMultiplyFractionError> {
    let share = |bps: u16| charged.multiply_ratio(bps, BPS_DENOMINATOR);
    let discount = fee_discount.min(Decimal::one());
    let keep = Decimal::one() - discount;
    let treasury_nominal = share(split.treasury_bps);
    let governance_nominal = share(split.governance_bps);
    // The protocol keeps its part rounded up (and never more than the nominal share, as keep <= 1):
    // the discount moved to the provider rounds down.
    let treasury = treasury_nominal.checked_mul_ceil(keep)?;
    let governance = governance_nominal.checked_mul_ceil(keep)?;
    let provider = share(split.provider_bps)
        .checked_add(treasury_nominal - treasury)?
        .checked_add(governance_nominal - governance)?;
    let gateway = share(split.gateway_bps);
    let assigned = provider
        .checked_add(gateway)?
        .checked_add(treasury)?
        .checked_add(governance)?;
    // The shares sum to at most 10,000 bps, so `assigned <= charged`.
    let dust = charged.checked_sub(assigned)?;
    Ok(SplitAmounts {
        provider,
        gateway,
        treasury: treasury.checked_add(dust)?,
        governance,
    })
}

#[cw_serde]
#[derive(Copy, Eq, Hash)]
pub enum BillStatus {
    /// Escrowed, waiting for the provider's completion.
    Open,
    /// Completed; the challenge window runs.
    Completed,
    /// The consumer disputed the completion.
    Disputed,
    /// Paid out (accepted, finalized, or the consumer lost the dispute).
    Settled,
    /// The provider was found at fault: the consumer got the escrow and the bond back.
    Refunded,
    /// No completion by the deadline: the consumer got the escrow back.
    TimedOut,
}

impl BillStatus {
    /// Stable byte used in the status index.
    pub const fn index_key(self) -> u8 {
        match self {
            BillStatus::Open => 1,
            BillStatus::Completed => 2,
            BillStatus::Disputed => 3,
            BillStatus::Settled => 4,
            BillStatus::Refunded => 5,
            BillStatus::TimedOut => 6,
        }
    }

    /// The escrow of a bill in this status is still held by the contract.
    pub const fn holds_escrow(self) -> bool {
        matches!(
            self,
            BillStatus::Open | BillStatus::Completed | BillStatus::Disputed
        )
    }
}

#[cw_serde]
pub struct Completion {
    pub units: Uint128,
    pub latency_ms: u64,
    pub result_hash: String,
    pub completed_at: Timestamp,
    /// End of the challenge window.
    pub challenge_ends_at: Timestamp,
}

#[cw_serde]
pub struct DisputeState {
    pub bond: Uint128,
    pub opened_at: Timestamp,
    /// Validator votes that the provider is at fault.
    pub fault_votes: u32,
    /// Validator votes that the completion stands.
    pub no_fault_votes: u32,
}

/// How a dispute was decided.
#[cw_serde]
pub enum Verdict {
    /// The consumer is refunded in full with its bond; the provider is slashed.
    ProviderAtFault {
        class: SlashClass,
        fraction: Decimal,
    },
    /// The bond is forfeited to the provider; the bill settles normally.
    ConsumerWrong {},
}

#[cw_serde]
pub struct Settlement {
    /// Units the charge is for.
    pub units: Uint128,
    /// What the consumer paid for the work.
    pub charged: Uint128,
    pub split: SplitAmounts,
    /// Escrow returned to the consumer (unused units, missed latency premium).
    pub refunded: Uint128,
    /// Whether the latency premium was forfeited (latency above the class target).
    pub premium_forfeited: bool,
    /// The provider's fee discount applied.
    pub fee_discount: Decimal,
    pub settled_at: Timestamp,
}

/// What a bill was opened for, fixed at opening.
#[cw_serde]
pub struct BillTerms {
    pub model_class: ModelClass,
    pub latency_class: LatencyClass,
    pub max_units: Uint128,
    pub deadline: Timestamp,
    pub min_reputation: Option<u16>,
    pub price: Price,
    /// The provider's fee discount and advertised latency when the bill opened.
    pub fee_discount: Decimal,
    pub advertised_latency_ms: u32,
}

#[cw_serde]
pub struct Bill {
    pub id: u64,
    pub consumer: Addr,
    pub provider: Addr,
    pub gateway: Addr,
    pub terms: BillTerms,
    /// Amount the consumer sent.
    pub deposit: Uint128,
    /// Network fee taken up front (kept whatever happens).
    pub network_fee: Uint128,
    /// `deposit - network_fee`: held for the bill until it closes.
    pub escrowed: Uint128,
    pub opened_at: Timestamp,
    pub status: BillStatus,
    pub completion: Option<Completion>,
    pub dispute: Option<DisputeState>,
    pub verdict: Option<Verdict>,
    pub settlement: Option<Settlement>,
    pub closed_at: Option<Timestamp>,
}

#[cw_serde]
pub struct Channel {
    pub id: u64,
    pub consumer: Addr,
    pub provider: Addr,
    /// Compressed secp256k1 key whose address is the consumer's.
    pub pubkey: Binary,
    /// Total deposited (opening deposit plus top-ups).
    pub deposit: Uint128,
    /// Cumulative amount redeemed by the provider.
    pub redeemed: Uint128,
    /// Nonce of the last redeemed voucher (0: none).
    pub nonce: u64,
    pub expires_at: Timestamp,
    pub opened_at: Timestamp,
    /// Set when the consumer reclaimed the rest after expiry.
    pub closed_at: Option<Timestamp>,
}

impl Channel {
    /// Deposit not yet redeemed (held for the channel while it is open).
    pub fn balance(&self) -> Uint128 {
        self.deposit.saturating_sub(self.redeemed)
    }
}

/// How a voucher signature was made.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum SignMode {
    /// `secp256k1(sha256(voucher text))`.
    Plain,
    /// Keplr `signArbitrary` (ADR-036): `secp256k1(sha256(amino sign doc of the voucher text))`.
    Adr036,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists).
    pub owner: String,
    /// The only cw20 accepted by `Receive`.
    pub token: String,
    /// Operator registry; the escrow must be one of its slashers.
    pub staking: String,
    /// Outcome sink; the escrow must be its configured reporter.
    pub reputation: String,
    /// Receives the non-burned network fee, the treasury share and dust.
    pub treasury: String,
    /// Governance pool and work-weight hook; until set, the pool share goes to the treasury and
    /// no work is reported.
    pub distributor: Option<String>,
    /// DAO-appointed dispute arbiter (the owner may always resolve too).
    pub arbiter: Option<String>,
    /// May pause (the guardian council); the owner always may.
    pub guardian: Option<String>,
    /// Defaults to [`Params::default`].
    pub params: Option<Params>,
}

#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// The bill's provider, while it is open and before its deadline.
    Complete {
        bill_id: u64,
        units: Uint128,
        latency_ms: u64,
        /// Hash of the result, 1–128 characters (e.g. hex sha256).
        result_hash: String,
    },
    /// The bill's consumer: settles a completed bill now.
    Accept { bill_id: u64 },
    /// Active validators registered in staking with a tier (self-bond at least Bronze), once per
    /// disputed bill.
    ResolveVote {
        bill_id: u64,
        provider_at_fault: bool,
    },
    /// The arbiter or the owner: decides a disputed bill.
    Resolve { bill_id: u64, verdict: Verdict },
    /// Anyone: settles a completed bill after its challenge window, or a disputed one without a
    /// verdict after `dispute_timeout_seconds` (bond returned).
    Finalize { bill_id: u64 },
    /// Anyone: refunds the escrow of a bill not completed by its deadline (the fee stays paid).
    RefundTimeout { bill_id: u64 },
    /// The channel's provider: redeems a cumulative voucher signed by the consumer.
    Redeem {
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
        /// 64-byte compact secp256k1 signature.
        signature: Binary,
        sign_mode: SignMode,
    },
    /// The channel's consumer, after expiry: takes back the unredeemed deposit and closes it.
    Reclaim { channel_id: u64 },
    /// Guardian or owner: stops new bills, channels and top-ups.
    Pause {},
    /// Owner only.
    Unpause {},
    /// Owner only.
    UpdateParams { params: Params },
    /// Owner only. Each field replaces the stored value when given.
    UpdateConfig {
        staking: Option<String>,
        reputation: Option<String>,
        treasury: Option<String>,
        distributor: Option<String>,
        arbiter: Option<String>,
        guardian: Option<String>,
    },
}

#[cw_serde]
pub enum ReceiveMsg {
    /// The cw20 sender becomes the consumer of a new bill.
    OpenBill {
        /// Not the consumer itself.
        provider: String,
        /// A registered gateway other than the consumer and the provider.
        gateway: String,
        model_class: ModelClass,
        max_units: Uint128,
        latency_class: LatencyClass,
        deadline: Timestamp,
        /// Lowest reputation score (0–1000) the consumer accepts.
        min_reputation: Option<u16>,
    },
    /// The bill's consumer, in the challenge window: the amount is the bond.
    Dispute { bill_id: u64 },
    /// The cw20 sender opens a channel to `provider`; `pubkey` (33-byte compressed secp256k1)
    /// must be the key of the sender's address.
    OpenChannel {
        provider: String,
        pubkey: Binary,
        expires_at: Timestamp,
    },
    /// The channel's consumer adds to its deposit (before expiry).
    TopUp { channel_id: u64 },
}

/// The hook the escrow sends to the distributor for every settlement: work weight of the
/// provider (and the routed units of the gateway). Channel redemptions report
/// `amount / base_price` units and no gateway.
#[cw_serde]
pub enum DistributorHookMsg {
    WorkSettled {
        provider: String,
        gateway: Option<String>,
        compute_units: Uint128,
        /// `bill-<id>` or `channel-<id>-<nonce>`.
        reference: String,
    },
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(TotalsResponse)]
    Totals {},
    /// The price of `units` and the amount to send to open a bill for them.
    #[returns(QuoteResponse)]
    Quote {
        model_class: ModelClass,
        latency_class: LatencyClass,
        units: Uint128,
    },
    #[returns(Bill)]
    Bill { bill_id: u64 },
    #[returns(BillsResponse)]
    Bills {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(BillsResponse)]
    BillsByConsumer {
        consumer: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(BillsResponse)]
    BillsByProvider {
        provider: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(BillsResponse)]
    BillsByStatus {
        status: BillStatus,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A validator's vote on a disputed bill.
    #[returns(Option<bool>)]
    Vote { bill_id: u64, validator: String },
    /// The provider's success-rate SLA window (the last 12–24 h), evaluated now.
    #[returns(SlaWindowResponse)]
    SlaWindow { provider: String },
    #[returns(Channel)]
    Channel { channel_id: u64 },
    #[returns(ChannelsResponse)]
    ChannelsByConsumer {
        consumer: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(ChannelsResponse)]
    ChannelsByProvider {
        provider: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The exact bytes whose sha256 the consumer signs for this voucher on this chain.
    #[returns(Binary)]
    VoucherSignBytes {
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
        sign_mode: SignMode,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub staking: Addr,
    pub reputation: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub arbiter: Option<Addr>,
    pub guardian: Option<Addr>,
    pub paused: bool,
}

/// What the contract owes, kept without iteration (docs/invariants.md §2).
#[cw_serde]
#[derive(Default)]
pub struct TotalsResponse {
    /// Escrow of open, completed and disputed bills.
    pub open_bills: Uint128,
    /// Unredeemed deposits of open channels.
    pub channel_balances: Uint128,
    pub dispute_bonds: Uint128,
    pub bills_opened: u64,
    pub channels_opened: u64,
    pub fees_burned: Uint128,
    /// Paid to providers, ever (bills and channels).
    pub paid_to_providers: Uint128,
}

#[cw_serde]
pub struct QuoteResponse {
    pub model_class: ModelClass,
    pub latency_class: LatencyClass,
    pub units: Uint128,
    pub price: Price,
    pub cost: Cost,
    /// Network fee on `escrow_required`.
    pub network_fee: Uint128,
    /// Amount to send with `OpenBill` for `units` as `max_units`.
    pub escrow_required: Uint128,
}

#[cw_serde]
pub struct BillsResponse {
    pub bills: Vec<Bill>,
}

/// A provider's jobs in its success-rate SLA window: the current half-day bucket and the one
/// before it (12 to 24 hours of history).
#[cw_serde]
pub struct SlaWindowResponse {
    pub provider: Addr,
    /// Day index (`time / 86,400`) of now: the `<day>` of the evidence id a breach now would use.
    pub day: u64,
    /// Settled bills.
    pub successes: u32,
    /// Settled, timed-out and at-fault bills.
    pub jobs: u32,
    /// `successes / jobs`; `None` without jobs.
    pub success_rate: Option<Decimal>,
    /// Day of the last success-rate slash requested for the provider.
    pub last_breach_day: Option<u64>,
}

#[cw_serde]
pub struct ChannelsResponse {
    pub channels: Vec<Channel>,
}

/// The exact bytes a consumer signs for a voucher (docs/bill-escrow.md §10).
///
/// The voucher text is canonical JSON (keys sorted, no spaces, every number a string):
/// `{"chain_id":"…","channel_id":"7","contract":"…","cumulative_amount":"1000","nonce":"3"}`.
/// - [`SignMode::Plain`]: the signed message is the voucher text, i.e. the signature is over
///   `sha256(text)`.
/// - [`SignMode::Adr036`]: the signed message is the amino JSON sign doc Keplr's
///   `signArbitrary(chainId, signer, text)` builds (cosmjs `makeADR36AminoSignDoc` then
///   `serializeSignDoc`: sorted keys, compact):
///   `{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"<base64 text>","signer":"<consumer>"}}],"sequence":"0"}`.
///
/// Chain ids, bech32 addresses and base64 never contain the characters cosmjs escapes
/// (`&`, `<`, `>`), so these bytes equal cosmjs's.
pub mod voucher {
    use cosmwasm_std::{to_json_vec, Binary, StdResult, Uint128, Uint64};
    use serde::Serialize;

    use super::SignMode;

    // Fields in sorted order: serde writes them as declared.
    #[derive(Serialize)]
    struct VoucherText<'a> {
        chain_id: &'a str,
        channel_id: Uint64,
        contract: &'a str,
        cumulative_amount: Uint128,
        nonce: Uint64,
    }

    #[derive(Serialize)]
    struct Fee {
        amount: [u8; 0],
        gas: &'static str,
    }

    #[derive(Serialize)]
    struct SignDataValue<'a> {
        data: String,
        signer: &'a str,
    }

    #[derive(Serialize)]
    struct SignDataMsg<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        value: SignDataValue<'a>,
    }

    #[derive(Serialize)]
    struct StdSignDoc<'a> {
        account_number: &'static str,
        chain_id: &'static str,
        fee: Fee,
        memo: &'static str,
        msgs: [SignDataMsg<'a>; 1],
        sequence: &'static str,
    }

    /// The canonical voucher text.
    pub fn voucher_text(
        chain_id: &str,
        contract: &str,
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
    ) -> StdResult<Vec<u8>> {
        to_json_vec(&VoucherText {
            chain_id,
            channel_id: Uint64::new(channel_id),
            contract,
            cumulative_amount,
            nonce: Uint64::new(nonce),
        })
    }

    /// The ADR-036 amino sign doc of `data` signed by `signer`, serialized as cosmjs does.
    pub fn adr036_sign_doc(signer: &str, data: &[u8]) -> StdResult<Vec<u8>> {
        to_json_vec(&StdSignDoc {
            account_number: "0",
            chain_id: "",
            fee: Fee {
                amount: [],
                gas: "0",
            },
            memo: "",
            msgs: [SignDataMsg {
                kind: "sign/MsgSignData",
                value: SignDataValue {
                    data: Binary::from(data).to_base64(),
                    signer,
                },
            }],
            sequence: "0",
        })
    }

    /// The message the consumer signs (its sha256 is what secp256k1 signs).
    #[allow(clippy::too_many_arguments)]
    pub fn sign_bytes(
        mode: SignMode,
        chain_id: &str,
        contract: &str,
        consumer: &str,
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
    ) -> StdResult<Vec<u8>> {
        let text = voucher_text(chain_id, contract, channel_id, cumulative_amount, nonce)?;
        match mode {
            SignMode::Plain => Ok(text),
            SignMode::Adr036 => adr036_sign_doc(consumer, &text),
        }
    }
}

/// Typed client for the bill escrow.
#[cw_serde]
pub struct BillEscrowClient(pub Addr);

impl BillEscrowClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The consumer's message opening a bill: a cw20 Send of `amount` (see `Quote`).
    pub fn open_bill_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        open: &ReceiveMsg,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, open)
    }

    pub fn dispute_msg(
        &self,
        token: &TokenClient,
        bond: Uint128,
        bill_id: u64,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, bond, &ReceiveMsg::Dispute { bill_id })
    }

    pub fn open_channel_msg(
        &self,
        token: &TokenClient,
        deposit: Uint128,
        provider: impl Into<String>,
        pubkey: Binary,
        expires_at: Timestamp,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            deposit,
            &ReceiveMsg::OpenChannel {
                provider: provider.into(),
                pubkey,
                expires_at,
            },
        )
    }

    pub fn top_up_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        channel_id: u64,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, &ReceiveMsg::TopUp { channel_id })
    }

    pub fn complete_msg(
        &self,
        bill_id: u64,
        units: Uint128,
        latency_ms: u64,
        result_hash: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Complete {
            bill_id,
            units,
            latency_ms,
            result_hash: result_hash.into(),
        })
    }

    pub fn accept_msg(&self, bill_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Accept { bill_id })
    }

    pub fn finalize_msg(&self, bill_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Finalize { bill_id })
    }

    pub fn refund_timeout_msg(&self, bill_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::RefundTimeout { bill_id })
    }

    pub fn resolve_vote_msg(&self, bill_id: u64, provider_at_fault: bool) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ResolveVote {
            bill_id,
            provider_at_fault,
        })
    }

    pub fn resolve_msg(&self, bill_id: u64, verdict: Verdict) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Resolve { bill_id, verdict })
    }

    pub fn redeem_msg(
        &self,
        channel_id: u64,
        cumulative_amount: Uint128,
        nonce: u64,
        signature: Binary,
        sign_mode: SignMode,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Redeem {
            channel_id,
            cumulative_amount,
            nonce,
            signature,
            sign_mode,
        })
    }

    pub fn reclaim_msg(&self, channel_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Reclaim { channel_id })
    }

    pub fn quote(
        &self,
        querier: &QuerierWrapper,
        model_class: ModelClass,
        latency_class: LatencyClass,
        units: Uint128,
    ) -> StdResult<QuoteResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Quote {
                model_class,
                latency_class,
                units,
            },
        )
    }

    pub fn bill(&self, querier: &QuerierWrapper, bill_id: u64) -> StdResult<Bill> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Bill { bill_id })
    }

    pub fn channel(&self, querier: &QuerierWrapper, channel_id: u64) -> StdResult<Channel> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Channel { channel_id })
    }

    pub fn totals(&self, querier: &QuerierWrapper) -> StdResult<TotalsResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Totals {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_price_follows_the_seeds() {
        let params = Params::default();
        let price = params
            .price(ModelClass::Large, LatencyClass::Realtime)
            .unwrap();
        let cost = price.cost(Uint128::new(100)).unwrap();
        // 100 units × 0.05 × 10 = 50 tokens; +30% premium = 65 tokens.
        assert_eq!(cost.base_cost, Uint128::new(50_000_000));
        assert_eq!(cost.latency_premium, Uint128::new(15_000_000));
        assert_eq!(cost.total, Uint128::new(65_000_000));
        assert_eq!(SplitParams::default().sum(), 10_000);
    }

    #[test]
    fn escrow_required_covers_cost_after_fee() {
        let required = escrow_required(Uint128::new(98), 200).unwrap();
        assert_eq!(required, Uint128::new(100));
        let fee = network_fee(required, 200).unwrap();
        assert_eq!(fee, Uint128::new(2));
        assert_eq!(fee_burn_part(Uint128::new(3)), Uint128::new(1));
    }

    #[test]
    fn discount_moves_the_protocol_cut_to_the_provider() {
        let s = split(
            Uint128::new(1_000_000),
            &SplitParams::default(),
            Decimal::percent(30),
        )
        .unwrap();
        assert_eq!(s.provider, Uint128::new(830_000));
        assert_eq!(s.gateway, Uint128::new(100_000));
        assert_eq!(s.treasury, Uint128::new(35_000));
        assert_eq!(s.governance, Uint128::new(35_000));
    }

    /// docs/rules.md §2: rounding favours the protocol. The discount moves at most the exact
    /// discounted fraction of the protocol's cut to the provider, rounded down; the protocol keeps
    /// the rounding.
    #[test]
    fn discount_rounding_favours_the_protocol() {
        // Nominal treasury and governance shares are 250,001 each; 10% of them is 25,000.1.
        let s = split(
            Uint128::new(5_000_020),
            &SplitParams::default(),
            Decimal::percent(10),
        )
        .unwrap();
        assert_eq!(s.gateway, Uint128::new(500_002));
        assert_eq!(s.treasury, Uint128::new(225_001));
        assert_eq!(s.governance, Uint128::new(225_001));
        assert_eq!(s.provider, Uint128::new(4_000_016 + 2 * 25_000));
        assert_eq!(s.total(), Uint128::new(5_000_020));
    }

    #[test]
    fn voucher_text_is_canonical() {
        let text = voucher::voucher_text("chain-1", "wasm1c", 7, Uint128::new(1_000), 3).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"chain_id":"chain-1","channel_id":"7","contract":"wasm1c","cumulative_amount":"1000","nonce":"3"}"#
        );
        let doc = voucher::adr036_sign_doc("wasm1signer", b"hi").unwrap();
        assert_eq!(
            String::from_utf8(doc).unwrap(),
            r#"{"account_number":"0","chain_id":"","fee":{"amount":[],"gas":"0"},"memo":"","msgs":[{"type":"sign/MsgSignData","value":{"data":"aGk=","signer":"wasm1signer"}}],"sequence":"0"}"#
        );
    }

    proptest! {
        /// docs/bill-escrow.md §7: every split sums exactly to the charged cost.
        #[test]
        fn split_sums_exactly(
            charged in 0u128..=1_000_000_000_000_000u128,
            discount in 0u64..=100,
            provider in 0u16..=10_000,
            gateway_raw in 0u16..=10_000,
            treasury_raw in 0u16..=10_000,
        ) {
            let gateway = gateway_raw.min(10_000 - provider);
            let treasury = treasury_raw.min(10_000 - provider - gateway);
            let params = SplitParams {
                provider_bps: provider,
                gateway_bps: gateway,
                treasury_bps: treasury,
                governance_bps: 10_000 - provider - gateway - treasury,
            };
            let s = split(Uint128::new(charged), &params, Decimal::percent(discount)).unwrap();
            prop_assert_eq!(s.total(), Uint128::new(charged));
        }

        #[test]
        fn escrow_required_is_minimal(cost in 0u128..=1_000_000_000_000u128, bps in 0u16..=1_000) {
            let cost = Uint128::new(cost);
            let e = escrow_required(cost, bps).unwrap();
            prop_assert!(e - network_fee(e, bps).unwrap() >= cost);
            if !e.is_zero() {
                let less = e - Uint128::one();
                prop_assert!(less - network_fee(less, bps).unwrap() < cost);
            }
        }
    }
}
