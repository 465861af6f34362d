//! Vesting's messages and query responses.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use super::{AllowedFunder, Grant, VestingPlan};

#[cw_serde]
pub struct InstantiateMsg {
    /// Owner (the DAO, or a named admin until it exists): may revoke and update the config.
    pub owner: String,
    /// The only cw20 whose `Send` funds grants.
    pub token: String,
    /// Receives the unvested part of revoked grants.
    pub treasury: String,
    /// Who may create grants of which plan (the holders of the allocations granted after genesis:
    /// public sale, ecosystem). A funder is bound to its plan so each allocation keeps its
    /// schedule: team funds always vest as revocable team grants.
    pub funders: Vec<FunderEntry>,
    /// Grants that exist from instantiation, funded by what the contract already holds: the token
    /// mints the categories vested at genesis to this contract's instantiate2 address and
    /// instantiates it in the same transaction. Instantiation fails unless they sum to exactly
    /// the contract's balance of `token`. At most `MAX_GENESIS_GRANTS`.
    pub genesis_grants: Vec<GenesisGrant>,
}

/// A grant of tokens the contract holds at instantiation; it starts then, funded by the token.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct GenesisGrant {
    pub beneficiary: String,
    pub plan: VestingPlan,
    pub amount: Uint128,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct FunderEntry {
    pub address: String,
    pub plan: VestingPlan,
}

#[cw_ownable_execute]
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20 hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Transfers everything vested and unclaimed of the grant to its beneficiary.
    Claim { grant_id: u64 },
    /// Owner only: ends a revocable grant; the unvested part goes to the treasury.
    Revoke { grant_id: u64 },
    /// Owner only.
    UpdateConfig {
        treasury: Option<String>,
        funders: Option<Vec<FunderEntry>>,
    },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    CreateGrant(GrantRequest),
}

/// A funder's grant of the tokens it sends ([`ReceiveMsg::CreateGrant`]).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    pub beneficiary: String,
    pub plan: VestingPlan,
    /// Defaults to the block time; never before the contract's instantiation.
    pub start: Option<Timestamp>,
}

#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(GrantResponse)]
    Grant { grant_id: u64 },
    /// Grant state as it will be at `time` (or now), without changing anything.
    #[returns(GrantResponse)]
    GrantAt { grant_id: u64, time: Timestamp },
    #[returns(GrantsResponse)]
    GrantsByBeneficiary {
        beneficiary: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(GrantsResponse)]
    Grants {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub treasury: Addr,
    pub funders: Vec<AllowedFunder>,
    pub earliest_start: Timestamp,
    pub total_granted: Uint128,
    pub total_claimed: Uint128,
    pub total_revoked: Uint128,
}

#[cw_serde]
pub struct GrantResponse {
    pub grant: Grant,
    pub at: Timestamp,
    pub vested: Uint128,
    pub unvested: Uint128,
    pub claimable: Uint128,
}

#[cw_serde]
pub struct GrantsResponse {
    pub grants: Vec<GrantResponse>,
}
