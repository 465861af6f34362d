//! The DAO deployed on the suite: its vault, proposals and treasury driven through typed helpers.

use cosmwasm_std::{Addr, CosmosMsg};
use cw_multi_test::{AppResponse, Executor};
use infermesh_types::dao::{
    ExecuteMsg, InstantiateMsg, Params, ProposalKind, ProposalResponse, QueryMsg, ReceiveMsg,
    TreasuryResponse, VoteOption, VotingPowerResponse,
};
use infermesh_types::distributor;
use infermesh_types::token::AllocationCategory;

use crate::bill_escrow::attribute;
use crate::suite::{AnyResult, Suite, DAO_SALT};
use crate::wiring::distributor_reporters;

impl Suite {
    /// Instantiates the DAO at its genesis address (where the genesis minted the community
    /// treasury) over the suite's token and staking with `params` (default: the production
    /// periods); with a distributor deployed, the DAO reports its voters to it.
    pub fn deploy_dao(&mut self, params: Option<Params>) -> Addr {
        let owner = self.owner.clone();
        let dao = self
            .app
            .instantiate2_contract(
                self.dao_code,
                owner.clone(),
                &InstantiateMsg {
                    token: self.token.addr().to_string(),
                    staking: self.staking.addr().to_string(),
                    genesis_treasury: AllocationCategory::CommunityTreasury.genesis_amount(),
                    params,
                    distributor: self.distributor.as_ref().map(Addr::to_string),
                },
                &[],
                "dao",
                Some(owner.to_string()),
                DAO_SALT,
            )
            .expect("the DAO instantiates");
        assert_eq!(dao, self.genesis_dao);
        self.dao = Some(dao.clone());
        if let Some(distributor) = self.distributor.clone() {
            let reporters =
                distributor_reporters(&dao, self.bill_escrow.addr(), self.payment_channels.addr())
                    .into_iter()
                    .map(|(role, reporter)| (role, reporter.to_string()))
                    .collect();
            self.app
                .execute_contract(
                    owner,
                    distributor,
                    &distributor::ExecuteMsg::UpdateReporters { reporters },
                    &[],
                )
                .expect("the DAO reports the distributor's voters");
        }
        dao
    }

    pub fn dao(&self) -> Addr {
        self.dao.clone().expect("deploy_dao first")
    }

    pub fn dao_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let dao = self.dao();
        self.app.execute_contract(sender.clone(), dao, msg, &[])
    }

    /// `owner` locks `amount` in the vault.
    pub fn dao_lock(&mut self, owner: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let dao = self.dao();
        self.send(owner, &dao, amount, &ReceiveMsg::Lock {})
    }

    /// `funder` adds `amount` to the treasury.
    pub fn dao_fund(&mut self, funder: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let dao = self.dao();
        self.send(funder, &dao, amount, &ReceiveMsg::Fund {})
    }

    /// `proposer` opens a proposal with `deposit`; its id.
    pub fn dao_propose(
        &mut self,
        proposer: &Addr,
        deposit: u128,
        kind: ProposalKind,
        msgs: Vec<CosmosMsg>,
    ) -> AnyResult<u64> {
        let dao = self.dao();
        let response = self.send(
            proposer,
            &dao,
            deposit,
            &ReceiveMsg::Propose {
                title: format!("{kind:?} proposal"),
                description: "a proposal of the test suite".to_string(),
                kind,
                msgs,
            },
        )?;
        Ok(proposal_id(&response))
    }

    pub fn dao_vote(
        &mut self,
        voter: &Addr,
        proposal_id: u64,
        vote: VoteOption,
    ) -> AnyResult<AppResponse> {
        self.dao_execute(voter, &ExecuteMsg::Vote { proposal_id, vote })
    }

    pub fn dao_proposal(&self, proposal_id: u64) -> ProposalResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.dao(), &QueryMsg::Proposal { proposal_id })
            .expect("proposal")
    }

    pub fn dao_power(&self, address: &Addr, height: Option<u64>) -> VotingPowerResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                self.dao(),
                &QueryMsg::VotingPower {
                    address: address.to_string(),
                    height,
                },
            )
            .expect("voting power")
    }

    pub fn dao_treasury(&self) -> TreasuryResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.dao(), &QueryMsg::Treasury {})
            .expect("treasury")
    }
}

/// The `proposal_id` a propose emitted (the DAO's and the council's alike).
pub(crate) fn proposal_id(response: &AppResponse) -> u64 {
    attribute(response, "proposal_id")
        .expect("propose emits the proposal id")
        .parse()
        .expect("a proposal id")
}
