//! Typed client: how other contracts call and query staking, and the operator check they share.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, Decimal, QuerierWrapper, StdResult, Timestamp, Uint128};

use super::{
    ExecuteMsg, OperatorMetadata, OperatorStatusResponse, QueryMsg, ReceiveMsg, Role, SlashClass,
    SlashRequest, StakeAtHeightResponse, StakeLockResponse, TotalStakeAtHeightResponse,
};
use crate::token::TokenClient;

/// Typed client for the staking contract.
#[cw_serde]
pub struct StakingClient(pub Addr);

/// Why an operator may not take new work ([`StakingClient::active_operator`]).
#[derive(thiserror::Error, Debug, PartialEq)]
pub enum OperatorError {
    #[error("{operator} is not a registered operator")]
    NotRegistered { operator: String },

    #[error("{operator} is registered as {actual:?}, not {expected:?}")]
    WrongRole {
        operator: Addr,
        expected: Role,
        actual: Role,
    },

    #[error("operator {operator} is jailed")]
    Jailed { operator: Addr },

    #[error("operator {operator} is banned")]
    Banned { operator: Addr },
}

impl StakingClient {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        crate::common::execute_msg(&self.0, msg)
    }

    /// The operator's self-bond: a cw20 Send of `amount` from `token`.
    pub fn self_bond_msg(&self, token: &TokenClient, amount: Uint128) -> StdResult<CosmosMsg> {
        token.send_msg(&self.0, amount, &ReceiveMsg::SelfBond {})
    }

    pub fn delegate_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        operator: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            amount,
            &ReceiveMsg::Delegate {
                operator: operator.into(),
            },
        )
    }

    /// Pays staking rewards to `operator`'s delegators (the distributor's message).
    pub fn distribute_rewards_msg(
        &self,
        token: &TokenClient,
        amount: Uint128,
        operator: impl Into<String>,
    ) -> StdResult<CosmosMsg> {
        token.send_msg(
            &self.0,
            amount,
            &ReceiveMsg::DistributeRewards {
                operator: operator.into(),
            },
        )
    }

    pub fn register_operator_msg(
        &self,
        role: Role,
        metadata: OperatorMetadata,
        commission_rate: Option<Decimal>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::RegisterOperator {
            role,
            metadata,
            commission_rate,
        })
    }

    pub fn unbond_msg(&self, operator: impl Into<String>, amount: Uint128) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Unbond {
            operator: operator.into(),
            amount,
        })
    }

    pub fn withdraw_msg(&self) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Withdraw {})
    }

    pub fn claim_rewards_msg(&self, operator: impl Into<String>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::ClaimRewards {
            operator: operator.into(),
        })
    }

    /// The slasher's message (bill-escrow verdicts, DAO proposals).
    pub fn slash_msg(
        &self,
        operator: impl Into<String>,
        class: SlashClass,
        fraction: Decimal,
        evidence_id: impl Into<String>,
        infraction_time: Option<Timestamp>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Slash(SlashRequest {
            operator: operator.into(),
            class,
            fraction,
            evidence_id: evidence_id.into(),
            infraction_time,
        }))
    }

    /// The jailer's message (e.g. reputation on an SLA breach).
    pub fn jail_msg(
        &self,
        operator: impl Into<String>,
        reason: impl Into<String>,
        duration_seconds: Option<u64>,
    ) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Jail {
            operator: operator.into(),
            reason: reason.into(),
            duration_seconds,
        })
    }

    /// The operator's status, when it is registered with `role`, neither banned nor jailed, and
    /// active (bonded at least at the lowest tier): the check every contract makes before an
    /// operator may take new work.
    pub fn active_operator(
        &self,
        querier: &QuerierWrapper,
        operator: &str,
        role: Role,
    ) -> Result<OperatorStatusResponse, OperatorError> {
        let status =
            self.operator_status(querier, operator)
                .map_err(|_| OperatorError::NotRegistered {
                    operator: operator.to_string(),
                })?;
        if status.role != role {
            return Err(OperatorError::WrongRole {
                operator: status.operator,
                expected: role,
                actual: status.role,
            });
        }
        if status.banned {
            return Err(OperatorError::Banned {
                operator: status.operator,
            });
        }
        if status.jailed || !status.active {
            return Err(OperatorError::Jailed {
                operator: status.operator,
            });
        }
        Ok(status)
    }

    pub fn operator_status(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<OperatorStatusResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::OperatorStatus {
                operator: operator.into(),
            },
        )
    }

    pub fn stake_at_height(
        &self,
        querier: &QuerierWrapper,
        address: impl Into<String>,
        height: Option<u64>,
    ) -> StdResult<StakeAtHeightResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::StakeAtHeight {
                address: address.into(),
                height,
            },
        )
    }

    pub fn total_stake_at_height(
        &self,
        querier: &QuerierWrapper,
        height: Option<u64>,
    ) -> StdResult<TotalStakeAtHeightResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::TotalStakeAtHeight { height })
    }

    pub fn stake_lock(
        &self,
        querier: &QuerierWrapper,
        address: impl Into<String>,
    ) -> StdResult<StakeLockResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::StakeLock {
                address: address.into(),
            },
        )
    }
}
