//! Prices, the network fee and the settlement split: the arithmetic of a bill (docs/bill-escrow.md).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{CheckedMultiplyFractionError, Decimal, Uint128};

use super::SplitParams;
use crate::common::BPS_DENOMINATOR;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bill_escrow::{LatencyClass, ModelClass, Params};
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
