//! Staking helpers of the suite. Stake is funded from the liquidity allocation.

use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::AppResponse;
use infermesh_types::staking::{
    DelegationResponse, ExecuteMsg, OperatorMetadata, OperatorStakeAtHeightResponse,
    OperatorStatusResponse, Params, QueryMsg, ReceiveMsg, Role, SlashClass, StakeAtHeightResponse,
    StakeLockResponse, TotalStakeAtHeightResponse, TotalsResponse, UnbondingEntriesResponse,
};
use infermesh_types::token::AllocationCategory;

use crate::suite::{AnyResult, Suite};
use infermesh_types::staking::SlashRequest;

impl Suite {
    /// Metadata good enough for any operator in tests.
    pub fn operator_metadata(&self) -> OperatorMetadata {
        OperatorMetadata {
            models: vec!["llama-3-8b".to_string()],
            latency_ms: 150,
            endpoint: "https://node.infermesh.example".to_string(),
        }
    }

    /// Gives `address` `amount` base units from the liquidity allocation.
    pub fn staking_fund(&mut self, address: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let liquidity = self.holder(AllocationCategory::Liquidity);
        self.transfer(&liquidity, address, amount)
    }

    pub fn staking_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let staking = self.staking.addr().clone();
        self.execute(sender, &staking, msg)
    }

    pub fn register_operator(&mut self, operator: &Addr, role: Role) -> AnyResult<AppResponse> {
        let metadata = self.operator_metadata();
        self.staking_execute(
            operator,
            &ExecuteMsg::RegisterOperator {
                role,
                metadata,
                commission_rate: None,
            },
        )
    }

    /// Self-bond by cw20 Send (the operator must hold the tokens).
    pub fn bond(&mut self, operator: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let staking = self.staking.addr().clone();
        self.send(operator, &staking, amount, &ReceiveMsg::SelfBond {})
    }

    pub fn delegate(
        &mut self,
        delegator: &Addr,
        operator: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let staking = self.staking.addr().clone();
        self.send(
            delegator,
            &staking,
            amount,
            &ReceiveMsg::Delegate {
                operator: operator.to_string(),
            },
        )
    }

    pub fn distribute_staking_rewards(
        &mut self,
        funder: &Addr,
        operator: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let staking = self.staking.addr().clone();
        self.send(
            funder,
            &staking,
            amount,
            &ReceiveMsg::DistributeRewards {
                operator: operator.to_string(),
            },
        )
    }

    pub fn unbond(
        &mut self,
        delegator: &Addr,
        operator: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.staking_execute(
            delegator,
            &ExecuteMsg::Unbond {
                operator: operator.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    pub fn withdraw(&mut self, address: &Addr) -> AnyResult<AppResponse> {
        self.staking_execute(address, &ExecuteMsg::Withdraw {})
    }

    pub fn claim_staking_rewards(
        &mut self,
        delegator: &Addr,
        operator: &Addr,
    ) -> AnyResult<AppResponse> {
        self.staking_execute(
            delegator,
            &ExecuteMsg::ClaimRewards {
                operator: operator.to_string(),
            },
        )
    }

    pub fn lock_stake(&mut self, address: &Addr, duration_seconds: u64) -> AnyResult<AppResponse> {
        self.staking_execute(address, &ExecuteMsg::Lock { duration_seconds })
    }

    pub fn slash(
        &mut self,
        slasher: &Addr,
        operator: &Addr,
        class: SlashClass,
        fraction: Decimal,
        evidence_id: &str,
        infraction_time: Option<Timestamp>,
    ) -> AnyResult<AppResponse> {
        self.staking_execute(
            slasher,
            &ExecuteMsg::Slash(SlashRequest {
                operator: operator.to_string(),
                class,
                fraction,
                evidence_id: evidence_id.to_string(),
                infraction_time,
            }),
        )
    }

    pub fn jail(
        &mut self,
        jailer: &Addr,
        operator: &Addr,
        duration_seconds: Option<u64>,
    ) -> AnyResult<AppResponse> {
        self.staking_execute(
            jailer,
            &ExecuteMsg::Jail {
                operator: operator.to_string(),
                reason: "test".to_string(),
                duration_seconds,
            },
        )
    }

    pub fn unjail(&mut self, operator: &Addr) -> AnyResult<AppResponse> {
        self.staking_execute(operator, &ExecuteMsg::Unjail {})
    }

    pub fn pause_staking(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.staking_execute(sender, &ExecuteMsg::Pause {})
    }

    pub fn unpause_staking(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.staking_execute(sender, &ExecuteMsg::Unpause {})
    }

    pub fn staking_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(self.staking.addr(), msg)
            .expect("staking query")
    }

    pub fn operator_status(&self, operator: &Addr) -> OperatorStatusResponse {
        self.staking
            .operator_status(&self.app.wrap(), operator)
            .expect("operator status query")
    }

    pub fn delegation(&self, delegator: &Addr, operator: &Addr) -> DelegationResponse {
        self.staking_query(&QueryMsg::Delegation {
            delegator: delegator.to_string(),
            operator: operator.to_string(),
        })
    }

    pub fn unbonding_entries(&self, address: &Addr) -> UnbondingEntriesResponse {
        self.staking_query(&QueryMsg::UnbondingEntries {
            address: address.to_string(),
        })
    }

    pub fn stake_at_height(&self, address: &Addr, height: Option<u64>) -> StakeAtHeightResponse {
        self.staking
            .stake_at_height(&self.app.wrap(), address, height)
            .expect("stake at height query")
    }

    pub fn total_stake_at_height(&self, height: Option<u64>) -> TotalStakeAtHeightResponse {
        self.staking
            .total_stake_at_height(&self.app.wrap(), height, None)
            .expect("total stake at height query")
    }

    /// Bonded stake of all operators of `role` at `height` (default: now).
    pub fn role_stake_at_height(&self, role: Role, height: Option<u64>) -> Uint128 {
        self.staking
            .total_stake_at_height(&self.app.wrap(), height, Some(role))
            .expect("role stake at height query")
            .total
    }

    pub fn operator_stake_at_height(
        &self,
        operator: &Addr,
        height: Option<u64>,
        counterparties: &[&Addr],
    ) -> AnyResult<OperatorStakeAtHeightResponse> {
        Ok(self.staking.operator_stake_at_height(
            &self.app.wrap(),
            operator,
            height,
            counterparties,
        )?)
    }

    pub fn stake_lock(&self, address: &Addr) -> StakeLockResponse {
        self.staking
            .stake_lock(&self.app.wrap(), address)
            .expect("stake lock query")
    }

    pub fn staking_totals(&self) -> TotalsResponse {
        self.staking_query(&QueryMsg::Totals {})
    }

    pub fn staking_params(&self) -> Params {
        self.staking_query(&QueryMsg::Params {})
    }
}
