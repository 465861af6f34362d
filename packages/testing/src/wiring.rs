//! The wiring of a deployment, stated once: which address each contract's `config` must hold,
//! given the addresses of the contracts and of the named accounts.
//!
//! The suite test asserts that [`crate::Suite`] wires exactly this; the `expected-wiring` bin
//! prints it for a recorded chain deployment, and scripts/chain-tests/05-wiring.sh compares every
//! deployed contract's config with it, so scripts/deploy.sh cannot drift from the Rust suite.
//! Only the wiring fields are stated; each struct deserializes from the contract's full
//! `ConfigResponse`, ignoring the rest (params, pause flag, totals).

use cosmwasm_std::{Addr, StdResult};
use infermesh_types::bridge::CW20_DENOM_PREFIX;
use infermesh_types::distributor::RewardRole;
use infermesh_types::vesting::{AllowedFunder, VestingPlan};
use infermesh_types::{
    bill_escrow, bridge, distributor, payment_channels, reputation, staking, vesting,
};
use serde::{Deserialize, Serialize};

use crate::suite::{holder_of, Suite};

/// The contracts of one deployment and their owner (the wasm admin; the DAO once it exists).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Deployment {
    pub owner: Addr,
    pub token: Addr,
    pub vesting: Addr,
    pub staking: Addr,
    pub reputation: Addr,
    pub bill_escrow: Addr,
    pub payment_channels: Addr,
    /// Once deployed, the escrow and the channels report work to it and pay it the governance
    /// share.
    pub distributor: Option<Addr>,
    /// Once deployed, the guardian of every pausable contract.
    #[serde(default)]
    pub council: Option<Addr>,
    /// Once deployed, the reporter of the distributor's voters.
    #[serde(default)]
    pub dao: Option<Addr>,
    /// The home bridge, once deployed.
    #[serde(default)]
    pub bridge: Option<Addr>,
    /// The DAO's genesis address, where the genesis minted the community treasury: the treasury
    /// the escrow, the channels and vesting pay, before and after the DAO exists there.
    pub community_treasury: Addr,
}

/// The expected `config` of each contract, keyed by the contract's name in deployments/*.json.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Wiring {
    pub vesting: VestingWiring,
    pub staking: StakingWiring,
    pub reputation: ReputationWiring,
    pub bill_escrow: BillEscrowWiring,
    pub payment_channels: PaymentChannelsWiring,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distributor: Option<DistributorWiring>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bridge: Option<BridgeWiring>,
}

/// The home bridge carries the suite's token; the council may pause it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BridgeWiring {
    pub mode: bridge::ModeResponse,
    pub guardian: Option<Addr>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DistributorWiring {
    pub token: Addr,
    pub reputation: Option<Addr>,
    pub staking: Option<Addr>,
    pub guardian: Option<Addr>,
    pub reporters: Vec<(RewardRole, Addr)>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct VestingWiring {
    pub token: Addr,
    pub treasury: Addr,
    pub funders: Vec<AllowedFunder>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StakingWiring {
    pub token: Addr,
    pub slashers: Vec<Addr>,
    pub jailers: Vec<Addr>,
    pub guardian: Option<Addr>,
    pub distributor: Option<Addr>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ReputationWiring {
    pub staking: Addr,
    pub escrow: Addr,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BillEscrowWiring {
    pub token: Addr,
    pub staking: Addr,
    pub reputation: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub arbiter: Option<Addr>,
    pub guardian: Option<Addr>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PaymentChannelsWiring {
    pub token: Addr,
    pub staking: Addr,
    pub treasury: Addr,
    pub distributor: Option<Addr>,
    pub guardian: Option<Addr>,
}

/// The wiring of `deployment`; `account` gives the address of a named account (the genesis
/// holders of [`crate::GENESIS_HOLDERS`]), or why it cannot.
pub fn expected_wiring<E>(
    deployment: &Deployment,
    account: impl Fn(&str) -> Result<Addr, E>,
) -> Result<Wiring, E> {
    let Deployment {
        owner,
        token,
        staking,
        reputation,
        bill_escrow,
        payment_channels,
        distributor,
        council,
        dao,
        bridge,
        community_treasury: treasury,
        ..
    } = deployment;
    // Unvested parts of revoked grants and the escrow's and the channels' treasury shares go to
    // the DAO's genesis address.
    let funders = VestingPlan::ALL
        .iter()
        .filter(|plan| !plan.category().vested_at_genesis())
        .map(|&plan| {
            Ok(AllowedFunder {
                address: account(holder_of(plan.category()))?,
                plan,
            })
        })
        .collect::<Result<_, E>>()?;
    Ok(Wiring {
        // Each holder of an allocation granted after genesis funds grants of its own plan only;
        // the team and investor allocations are locked by genesis grants, funded by the token.
        vesting: VestingWiring {
            token: token.clone(),
            treasury: treasury.clone(),
            funders,
        },
        // The owner slashes until the DAO exists; the escrow slashes providers found at fault.
        // Reputation jails operators whose score falls. The guardian council, once deployed, may
        // pause (the owner always may).
        staking: StakingWiring {
            token: token.clone(),
            slashers: vec![owner.clone(), bill_escrow.clone()],
            jailers: vec![reputation.clone()],
            guardian: council.clone(),
            distributor: distributor.clone(),
        },
        // The escrow is reputation's only outcome reporter.
        reputation: ReputationWiring {
            staking: staking.clone(),
            escrow: bill_escrow.clone(),
        },
        // No arbiter yet: the owner arbitrates until the DAO appoints one. The council, once
        // deployed, may pause; the distributor takes the work and the governance share.
        bill_escrow: BillEscrowWiring {
            token: token.clone(),
            staking: staking.clone(),
            reputation: reputation.clone(),
            treasury: treasury.clone(),
            distributor: distributor.clone(),
            arbiter: None,
            guardian: council.clone(),
        },
        // Channels read tiers from staking and pay fees to the treasury.
        payment_channels: PaymentChannelsWiring {
            token: token.clone(),
            staking: staking.clone(),
            treasury: treasury.clone(),
            distributor: distributor.clone(),
            guardian: council.clone(),
        },
        distributor: distributor.as_ref().map(|_| DistributorWiring {
            token: token.clone(),
            reputation: Some(reputation.clone()),
            staking: Some(staking.clone()),
            guardian: council.clone(),
            reporters: distributor_reporters(
                dao.as_ref().unwrap_or(owner),
                bill_escrow,
                payment_channels,
            ),
        }),
        bridge: bridge.as_ref().map(|_| BridgeWiring {
            mode: bridge::ModeResponse::Home {
                token: token.clone(),
                denom: format!("{CW20_DENOM_PREFIX}{token}"),
            },
            guardian: council.clone(),
        }),
    })
}

/// Who reports each work role to the distributor (docs/distributor.md §2): the escrow the
/// providers' and gateways' work, the channels the providers' redemptions; `voters` (the DAO,
/// or the owner until the DAO exists) the voters'. Validators and stakers are not reported:
/// staking tells the distributor each operator's stake.
pub fn distributor_reporters(
    voters: &Addr,
    bill_escrow: &Addr,
    payment_channels: &Addr,
) -> Vec<(RewardRole, Addr)> {
    vec![
        (RewardRole::ComputeProviders, bill_escrow.clone()),
        (RewardRole::Gateways, bill_escrow.clone()),
        (RewardRole::ComputeProviders, payment_channels.clone()),
        (RewardRole::GovernanceVoters, voters.clone()),
    ]
}

impl Suite {
    /// The suite's contracts as a [`Deployment`].
    pub fn deployment(&self) -> Deployment {
        Deployment {
            owner: self.owner.clone(),
            token: self.token.addr().clone(),
            vesting: self.vesting.addr().clone(),
            staking: self.staking.addr().clone(),
            reputation: self.reputation.addr().clone(),
            bill_escrow: self.bill_escrow.addr().clone(),
            payment_channels: self.payment_channels.addr().clone(),
            distributor: self.distributor.clone(),
            council: self.council.clone(),
            dao: self.dao.clone(),
            bridge: self.bridge.clone(),
            community_treasury: self.genesis_dao.clone(),
        }
    }

    /// What the suite's contracts answer to `config`, reduced to their wiring.
    pub fn deployed_wiring(&self) -> StdResult<Wiring> {
        let querier = self.app.wrap();
        Ok(Wiring {
            vesting: querier
                .query_wasm_smart(self.vesting.addr(), &vesting::QueryMsg::Config {})?,
            staking: querier
                .query_wasm_smart(self.staking.addr(), &staking::QueryMsg::Config {})?,
            reputation: querier
                .query_wasm_smart(self.reputation.addr(), &reputation::QueryMsg::Config {})?,
            bill_escrow: querier
                .query_wasm_smart(self.bill_escrow.addr(), &bill_escrow::QueryMsg::Config {})?,
            payment_channels: querier.query_wasm_smart(
                self.payment_channels.addr(),
                &payment_channels::QueryMsg::Config {},
            )?,
            distributor: self
                .distributor
                .as_ref()
                .map(|address| querier.query_wasm_smart(address, &distributor::QueryMsg::Config {}))
                .transpose()?,
            bridge: self
                .bridge
                .as_ref()
                .map(|address| querier.query_wasm_smart(address, &bridge::QueryMsg::Config {}))
                .transpose()?,
        })
    }
}
