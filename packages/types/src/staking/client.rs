//! Typed client: how other contracts call and query staking, and the operator check they share.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, CosmosMsg, Decimal, QuerierWrapper, StdResult, Timestamp, Uint128};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{
    ExecuteMsg, OperatorMetadata, OperatorStakeAtHeightResponse, OperatorStatusResponse, QueryMsg,
    ReceiveMsg, Role, SlashClass, SlashRequest, StakeAtHeightResponse, StakeLockResponse, Tier,
    TotalStakeAtHeightResponse,
};
use crate::token::TokenClient;

/// The fields of [`OperatorStakeAtHeightResponse`] a stake-weighted vote reads, decoded from the
/// same JSON (plain `Deserialize`: the other fields are skipped, and their decoding not linked).
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct VoterStake {
    pub stake: Uint128,
    pub counterparty_stake: Uint128,
    pub delegates_to: Option<Addr>,
}

/// Typed client for the staking contract.
#[cw_serde]
pub struct StakingClient(pub Addr);

/// The fields of [`OperatorStatusResponse`] other contracts read, decoded from the same JSON.
///
/// Plain `Deserialize` (no `cw_serde` derives, no `deny_unknown_fields`): the response's other
/// fields are skipped, so a contract links the decoding of these fields only, not of all
/// sixteen.
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct OperatorBrief {
    pub operator: Addr,
    pub role: Role,
    /// Live tier from the current self-bond under the current tier table.
    pub tier: Option<Tier>,
    pub fee_discount: Decimal,
    pub exclusive_models: bool,
    pub jailed: bool,
    pub banned: bool,
    /// May take new jobs and delegations: registered, not jailed, not banned.
    pub active: bool,
    pub self_bond: Uint128,
    /// Bonded by others plus the self-bond.
    pub total_bonded: Uint128,
    pub advertised_latency_ms: u32,
}

impl OperatorBrief {
    /// Whether the operator may serve a job needing at least `min_tier`
    /// (as [`OperatorStatusResponse::may_serve`]).
    pub fn may_serve(&self, min_tier: Option<Tier>) -> bool {
        super::may_serve(self.active, self.tier, min_tier)
    }
}

/// The fields [`StakingClient::active_operator_as`] checks, and the fee discount: the view of
/// [`OperatorStatusResponse`] for a contract reading neither tier nor bonds (payment channels).
#[derive(Deserialize, Clone, Debug, PartialEq)]
pub struct OperatorStanding {
    pub operator: Addr,
    pub role: Role,
    pub fee_discount: Decimal,
    pub jailed: bool,
    pub banned: bool,
    pub active: bool,
}

/// A decoded view of [`OperatorStatusResponse`] holding what [`StakingClient::active_operator_as`]
/// checks.
pub trait OperatorView: DeserializeOwned {
    fn operator(&self) -> &Addr;
    fn role(&self) -> Role;
    fn banned(&self) -> bool;
    /// Jailed, or not active.
    fn inactive(&self) -> bool;
}

macro_rules! operator_view {
    ($($view:ty),*) => {$(
        impl OperatorView for $view {
            fn operator(&self) -> &Addr {
                &self.operator
            }
            fn role(&self) -> Role {
                self.role
            }
            fn banned(&self) -> bool {
                self.banned
            }
            fn inactive(&self) -> bool {
                self.jailed || !self.active
            }
        }
    )*};
}
operator_view!(OperatorStatusResponse, OperatorBrief, OperatorStanding);

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

/// The [`ExecuteMsg`] variants other contracts send, serialized to the same JSON: a contract
/// building these links no serialization of the variants it never sends.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentExecute<'a> {
    Slash(&'a SlashRequest),
    Jail {
        operator: &'a str,
        reason: &'a str,
        duration_seconds: Option<u64>,
    },
}

/// The [`QueryMsg`] variant other contracts send, serialized to the same JSON.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SentQuery<'a> {
    OperatorStatus {
        operator: &'a str,
    },
    TotalStakeAtHeight {
        height: Option<u64>,
        role: Option<Role>,
    },
    OperatorStakeAtHeight {
        operator: String,
        height: Option<u64>,
        counterparties: Vec<String>,
    },
    Params {},
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
        let request = SlashRequest {
            operator: operator.into(),
            class,
            fraction,
            evidence_id: evidence_id.into(),
            infraction_time,
        };
        crate::common::execute_msg(&self.0, &SentExecute::Slash(&request))
    }

    /// The jailer's message (e.g. reputation on an SLA breach).
    pub fn jail_msg(
        &self,
        operator: impl Into<String>,
        reason: impl Into<String>,
        duration_seconds: Option<u64>,
    ) -> StdResult<CosmosMsg> {
        let msg = SentExecute::Jail {
            operator: &operator.into(),
            reason: &reason.into(),
            duration_seconds,
        };
        crate::common::execute_msg(&self.0, &msg)
    }

    /// The operator's status (the fields other contracts read), when it is registered with
    /// `role`, neither banned nor jailed: the check every contract makes before an operator may
    /// take new work. It does not require a tier: callers that need stake at risk check it.
    pub fn active_operator(
        &self,
        querier: &QuerierWrapper,
        operator: &str,
        role: Role,
    ) -> Result<OperatorBrief, OperatorError> {
        self.active_operator_as(querier, operator, role)
    }

    /// [`Self::active_operator`] decoding the status into the view `T`: a contract reading fewer
    /// fields than [`OperatorBrief`] links the decoding of those only.
    pub fn active_operator_as<T: OperatorView>(
        &self,
        querier: &QuerierWrapper,
        operator: &str,
        role: Role,
    ) -> Result<T, OperatorError> {
        let status: T = self
            .query_operator_status(querier, operator.to_string())
            .map_err(|_| OperatorError::NotRegistered {
                operator: operator.to_string(),
            })?;
        if status.role() != role {
            return Err(OperatorError::WrongRole {
                operator: status.operator().clone(),
                expected: role,
                actual: status.role(),
            });
        }
        if status.banned() {
            return Err(OperatorError::Banned {
                operator: status.operator().clone(),
            });
        }
        if status.inactive() {
            return Err(OperatorError::Jailed {
                operator: status.operator().clone(),
            });
        }
        Ok(status)
    }

    pub fn operator_status(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<OperatorStatusResponse> {
        self.query_operator_status(querier, operator.into())
    }

    /// [`Self::operator_status`] decoded into the fields other contracts read: what a contract
    /// should call, so it links no decoding of the fields it ignores.
    pub fn operator_status_brief(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
    ) -> StdResult<OperatorBrief> {
        self.query_operator_status(querier, operator.into())
    }

    /// The operator's live tier fee discount; zero when it cannot be read (an operator that left
    /// staking has no discount).
    pub fn fee_discount(&self, querier: &QuerierWrapper, operator: &Addr) -> Decimal {
        self.query_operator_status::<OperatorStanding>(querier, operator.to_string())
            .map(|standing| standing.fee_discount)
            .unwrap_or_default()
    }

    fn query_operator_status<T: DeserializeOwned>(
        &self,
        querier: &QuerierWrapper,
        operator: String,
    ) -> StdResult<T> {
        querier.query_wasm_smart(
            &self.0,
            &SentQuery::OperatorStatus {
                operator: &operator,
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
        role: Option<Role>,
    ) -> StdResult<TotalStakeAtHeightResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::TotalStakeAtHeight { height, role })
    }

    /// The operator's bonded pool and its role's total at `height` (default: now), the value of the
    /// counterparties' delegations to it, and the first counterparty it delegated to.
    pub fn operator_stake_at_height(
        &self,
        querier: &QuerierWrapper,
        operator: impl Into<String>,
        height: Option<u64>,
        counterparties: &[&Addr],
    ) -> StdResult<OperatorStakeAtHeightResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::OperatorStakeAtHeight {
                operator: operator.into(),
                height,
                counterparties: counterparties.iter().map(|a| a.to_string()).collect(),
            },
        )
    }

    /// All bonded stake of `role` at `height` (default: now), decoding only the total.
    pub fn role_total_at_height(
        &self,
        querier: &QuerierWrapper,
        height: Option<u64>,
        role: Role,
    ) -> StdResult<Uint128> {
        #[derive(Deserialize)]
        struct Total {
            total: Uint128,
        }
        let response: Total = querier.query_wasm_smart(
            &self.0,
            &SentQuery::TotalStakeAtHeight {
                height,
                role: Some(role),
            },
        )?;
        Ok(response.total)
    }

    /// [`Self::operator_stake_at_height`] decoding only what a stake-weighted vote reads.
    pub fn voter_stake_at_height(
        &self,
        querier: &QuerierWrapper,
        voter: impl Into<String>,
        height: Option<u64>,
        counterparties: &[&Addr],
    ) -> StdResult<VoterStake> {
        querier.query_wasm_smart(
            &self.0,
            &SentQuery::OperatorStakeAtHeight {
                operator: voter.into(),
                height,
                counterparties: counterparties.iter().map(|a| a.to_string()).collect(),
            },
        )
    }

    /// Staking's unbonding period: how long stake that leaves stays slashable.
    pub fn unbonding_period_seconds(&self, querier: &QuerierWrapper) -> StdResult<u64> {
        /// The one field of staking's `Params` read here, decoded alone.
        #[derive(Deserialize)]
        struct UnbondingPeriod {
            unbonding_period_seconds: u64,
        }
        let period: UnbondingPeriod = querier.query_wasm_smart(&self.0, &SentQuery::Params {})?;
        Ok(period.unbonding_period_seconds)
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

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::{from_json, to_json_vec};

    use super::*;

    fn full_status() -> OperatorStatusResponse {
        OperatorStatusResponse {
            operator: MockApi::default().addr_make("operator"),
            role: Role::Validator,
            tier: Some(Tier::Gold),
            max_slash: Decimal::percent(20),
            fee_discount: Decimal::percent(15),
            exclusive_models: true,
            jailed: false,
            jailed_until: Some(Timestamp::from_seconds(42)),
            banned: false,
            active: true,
            self_bond: Uint128::new(1_000),
            delegated: Uint128::new(500),
            total_bonded: Uint128::new(1_500),
            advertised_latency_ms: 250,
            commission_rate: Decimal::percent(5),
        }
    }

    /// The send-only enums serialize exactly as the full messages.
    #[test]
    fn sent_messages_serialize_as_the_full_messages() {
        let request = SlashRequest {
            operator: "operator".to_string(),
            class: SlashClass::Major,
            fraction: Decimal::percent(10),
            evidence_id: "bill-7".to_string(),
            infraction_time: Some(Timestamp::from_seconds(1_000)),
        };
        assert_eq!(
            to_json_vec(&SentExecute::Slash(&request)).unwrap(),
            to_json_vec(&ExecuteMsg::Slash(request.clone())).unwrap()
        );
        let request = SlashRequest {
            infraction_time: None,
            ..request
        };
        assert_eq!(
            to_json_vec(&SentExecute::Slash(&request)).unwrap(),
            to_json_vec(&ExecuteMsg::Slash(request.clone())).unwrap()
        );
        for duration_seconds in [None, Some(3_600)] {
            let sent = SentExecute::Jail {
                operator: "operator",
                reason: "low reputation",
                duration_seconds,
            };
            let full = ExecuteMsg::Jail {
                operator: "operator".to_string(),
                reason: "low reputation".to_string(),
                duration_seconds,
            };
            assert_eq!(to_json_vec(&sent).unwrap(), to_json_vec(&full).unwrap());
        }
        let sent = SentQuery::OperatorStatus {
            operator: "operator",
        };
        let full = QueryMsg::OperatorStatus {
            operator: "operator".to_string(),
        };
        assert_eq!(to_json_vec(&sent).unwrap(), to_json_vec(&full).unwrap());
        // And through the client's own builders.
        let client = StakingClient(MockApi::default().addr_make("staking"));
        let built = client
            .slash_msg(
                "operator",
                SlashClass::Minor,
                Decimal::percent(1),
                "e",
                None,
            )
            .unwrap();
        let expected = crate::common::execute_msg(
            client.addr(),
            &ExecuteMsg::Slash(SlashRequest {
                operator: "operator".to_string(),
                class: SlashClass::Minor,
                fraction: Decimal::percent(1),
                evidence_id: "e".to_string(),
                infraction_time: None,
            }),
        )
        .unwrap();
        assert_eq!(built, expected);
        let built = client.jail_msg("operator", "why", Some(60)).unwrap();
        let expected = crate::common::execute_msg(
            client.addr(),
            &ExecuteMsg::Jail {
                operator: "operator".to_string(),
                reason: "why".to_string(),
                duration_seconds: Some(60),
            },
        )
        .unwrap();
        assert_eq!(built, expected);
    }
    #[test]
    fn sent_queries_are_the_query_msgs_json() {
        let pairs = [
            (
                to_json_vec(&SentQuery::TotalStakeAtHeight {
                    height: Some(3),
                    role: Some(Role::Validator),
                }),
                to_json_vec(&QueryMsg::TotalStakeAtHeight {
                    height: Some(3),
                    role: Some(Role::Validator),
                }),
            ),
            (
                to_json_vec(&SentQuery::OperatorStakeAtHeight {
                    operator: "v".into(),
                    height: None,
                    counterparties: vec!["c".into()],
                }),
                to_json_vec(&QueryMsg::OperatorStakeAtHeight {
                    operator: "v".into(),
                    height: None,
                    counterparties: vec!["c".into()],
                }),
            ),
            (
                to_json_vec(&SentQuery::Params {}),
                to_json_vec(&QueryMsg::Params {}),
            ),
        ];
        for (sent, full) in pairs {
            assert_eq!(sent.unwrap(), full.unwrap());
        }
    }

    /// The brief decodes the full response's JSON, skipping the fields it does not hold.
    #[test]
    fn brief_decodes_the_full_response() {
        let full = full_status();
        let brief: OperatorBrief = from_json(to_json_vec(&full).unwrap()).unwrap();
        assert_eq!(
            brief,
            OperatorBrief {
                operator: full.operator.clone(),
                role: full.role,
                tier: full.tier,
                fee_discount: full.fee_discount,
                exclusive_models: full.exclusive_models,
                jailed: full.jailed,
                banned: full.banned,
                active: full.active,
                self_bond: full.self_bond,
                total_bonded: full.total_bonded,
                advertised_latency_ms: full.advertised_latency_ms,
            }
        );
        for min_tier in [
            None,
            Some(Tier::Bronze),
            Some(Tier::Gold),
            Some(Tier::Platinum),
        ] {
            assert_eq!(brief.may_serve(min_tier), full.may_serve(min_tier));
        }
        let standing: OperatorStanding = from_json(to_json_vec(&full).unwrap()).unwrap();
        assert_eq!(
            standing,
            OperatorStanding {
                operator: full.operator.clone(),
                role: full.role,
                fee_discount: full.fee_discount,
                jailed: full.jailed,
                banned: full.banned,
                active: full.active,
            }
        );
        assert_eq!(
            (standing.role(), standing.banned(), standing.inactive()),
            (full.role(), full.banned(), full.inactive())
        );
        let none = OperatorStatusResponse {
            tier: None,
            jailed_until: None,
            ..full
        };
        let brief: OperatorBrief = from_json(to_json_vec(&none).unwrap()).unwrap();
        assert_eq!(brief.tier, None);
    }
}
