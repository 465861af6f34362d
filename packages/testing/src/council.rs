//! The guardian council on the suite: cw-plus's cw3-fixed-multisig as deployed, named guardian
//! of the pausable contracts, and driven through its proposals.

use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, WasmMsg};
use cw3::Vote;
use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, Voter};
use cw_multi_test::{AppResponse, Executor};
use cw_utils::{Duration, Threshold};
use infermesh_types::{bill_escrow, bridge, distributor, payment_channels, staking};

use crate::contracts::council_contract;
use crate::dao::proposal_id;
use crate::suite::{AnyResult, Suite};

impl Suite {
    /// A council of `guardians` (one vote each) that acts on `threshold` votes, named guardian
    /// of the escrow, the channels, staking and (when deployed) the distributor and the bridge.
    pub fn deploy_council(&mut self, guardians: &[Addr], threshold: u64) -> Addr {
        let code = self.app.store_code(council_contract());
        let owner = self.owner.clone();
        let council = self
            .app
            .instantiate_contract(
                code,
                owner.clone(),
                &InstantiateMsg {
                    voters: guardians
                        .iter()
                        .map(|guardian| Voter {
                            addr: guardian.to_string(),
                            weight: 1,
                        })
                        .collect(),
                    threshold: Threshold::AbsoluteCount { weight: threshold },
                    max_voting_period: Duration::Time(7 * 86_400),
                },
                &[],
                "council",
                Some(owner.to_string()),
            )
            .expect("the council instantiates");
        let guardian = Some(council.to_string());
        let escrow = self.bill_escrow.addr().clone();
        self.app
            .execute_contract(
                owner.clone(),
                escrow,
                &bill_escrow::ExecuteMsg::UpdateConfig(bill_escrow::ConfigUpdate {
                    staking: None,
                    reputation: None,
                    treasury: None,
                    distributor: None,
                    arbiter: None,
                    guardian: guardian.clone(),
                }),
                &[],
            )
            .expect("the escrow takes the council");
        let channels = self.payment_channels.addr().clone();
        self.app
            .execute_contract(
                owner.clone(),
                channels,
                &payment_channels::ExecuteMsg::UpdateConfig(payment_channels::ConfigUpdate {
                    staking: None,
                    treasury: None,
                    distributor: None,
                    guardian: guardian.clone(),
                }),
                &[],
            )
            .expect("the channels take the council");
        let staking = self.staking.addr().clone();
        self.app
            .execute_contract(
                owner.clone(),
                staking,
                &staking::ExecuteMsg::UpdateConfig {
                    slashers: None,
                    jailers: None,
                    guardian: guardian.clone(),
                    distributor: None,
                },
                &[],
            )
            .expect("staking takes the council");
        if let Some(distributor) = self.distributor.clone() {
            self.app
                .execute_contract(
                    owner,
                    distributor,
                    &distributor::ExecuteMsg::UpdateGuardian { guardian },
                    &[],
                )
                .expect("the distributor takes the council");
        }
        if let Some(bridge) = self.bridge.clone() {
            self.app
                .execute_contract(
                    self.owner.clone(),
                    bridge,
                    &bridge::ExecuteMsg::UpdateGuardian {
                        guardian: Some(council.to_string()),
                    },
                    &[],
                )
                .expect("the bridge takes the council");
        }
        self.council = Some(council.clone());
        council
    }

    pub fn council(&self) -> Addr {
        self.council.clone().expect("deploy_council first")
    }

    /// `proposer` (a guardian) proposes that the council send `msg` to `contract`; its id.
    pub fn council_propose(
        &mut self,
        proposer: &Addr,
        contract: &Addr,
        msg: &impl serde::Serialize,
    ) -> AnyResult<u64> {
        let council = self.council();
        let execute: CosmosMsg = WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into();
        let response = self.app.execute_contract(
            proposer.clone(),
            council,
            &ExecuteMsg::Propose {
                title: "guardians".to_string(),
                description: "a council proposal of the test suite".to_string(),
                msgs: vec![execute],
                latest: None,
            },
            &[],
        )?;
        Ok(proposal_id(&response))
    }

    pub fn council_vote(&mut self, guardian: &Addr, proposal_id: u64) -> AnyResult<AppResponse> {
        let council = self.council();
        self.app.execute_contract(
            guardian.clone(),
            council,
            &ExecuteMsg::Vote {
                proposal_id,
                vote: Vote::Yes,
            },
            &[],
        )
    }

    pub fn council_execute(&mut self, sender: &Addr, proposal_id: u64) -> AnyResult<AppResponse> {
        let council = self.council();
        self.app.execute_contract(
            sender.clone(),
            council,
            &ExecuteMsg::Execute { proposal_id },
            &[],
        )
    }
}
