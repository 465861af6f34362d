//! The reward distributor deployed and wired into the suite as scripts/deploy.sh does: the
//! reporters of [`crate::wiring::distributor_reporters`], reputation's multiplier, and the escrow
//! and the channels configured to report work to it.

use cosmwasm_std::Addr;
use cw_multi_test::Executor;
use infermesh_types::distributor::{
    ExecuteMsg, InstantiateMsg, Params, PendingResponse, QueryMsg, ReceiveMsg, Schedule,
};
use infermesh_types::token::AllocationCategory;
use infermesh_types::{bill_escrow, payment_channels, staking};

use crate::suite::{AnyResult, Suite, DISTRIBUTOR_SALT};
use crate::wiring::distributor_reporters;
use cw_multi_test::AppResponse;

impl Suite {
    /// Instantiates the distributor at its genesis address ([`Suite::genesis_distributor`], where
    /// the token minted the provider-rewards allocation, recorded as its genesis funding) with
    /// work epochs of `epoch_seconds`, and wires the escrow, the channels and staking to it.
    pub fn deploy_distributor(&mut self, epoch_seconds: u64) -> Addr {
        self.deploy_distributor_with(epoch_seconds, None, None)
    }

    /// [`Suite::deploy_distributor`] with a schedule and parameters of the test's.
    pub fn deploy_distributor_with(
        &mut self,
        epoch_seconds: u64,
        schedule: Option<Schedule>,
        params: Option<Params>,
    ) -> Addr {
        let code = self.distributor_code;
        let owner = self.owner.clone();
        let msg = InstantiateMsg {
            owner: owner.to_string(),
            token: self.token.addr().to_string(),
            reputation: Some(self.reputation.addr().to_string()),
            staking: Some(self.staking.addr().to_string()),
            guardian: None,
            reporters: distributor_reporters(
                self.dao.as_ref().unwrap_or(&owner),
                self.bill_escrow.addr(),
                self.payment_channels.addr(),
            )
            .into_iter()
            .map(|(role, reporter)| (role, reporter.to_string()))
            .collect(),
            start: None,
            epoch_seconds: Some(epoch_seconds),
            genesis_funding: AllocationCategory::ProviderRewards.genesis_amount(),
            schedule,
            params,
        };
        let distributor = self
            .app
            .instantiate2_contract(
                code,
                owner.clone(),
                &msg,
                &[],
                "distributor",
                Some(owner.to_string()),
                DISTRIBUTOR_SALT,
            )
            .expect("distributor instantiates");
        assert_eq!(distributor, self.genesis_distributor);
        let escrow = self.bill_escrow.addr().clone();
        self.app
            .execute_contract(
                owner.clone(),
                escrow,
                &bill_escrow::ExecuteMsg::UpdateConfig(bill_escrow::ConfigUpdate {
                    staking: None,
                    reputation: None,
                    treasury: None,
                    distributor: Some(distributor.to_string()),
                    arbiter: None,
                    guardian: None,
                }),
                &[],
            )
            .expect("the escrow takes the distributor");
        let channels = self.payment_channels.addr().clone();
        self.app
            .execute_contract(
                owner,
                channels,
                &payment_channels::ExecuteMsg::UpdateConfig(payment_channels::ConfigUpdate {
                    staking: None,
                    treasury: None,
                    distributor: Some(distributor.to_string()),
                    guardian: None,
                }),
                &[],
            )
            .expect("the channels take the distributor");
        let staking = self.staking.addr().clone();
        self.app
            .execute_contract(
                self.owner.clone(),
                staking,
                &staking::ExecuteMsg::UpdateConfig {
                    slashers: None,
                    jailers: None,
                    guardian: None,
                    distributor: Some(distributor.to_string()),
                },
                &[],
            )
            .expect("staking takes the distributor");
        self.distributor = Some(distributor.clone());
        distributor
    }

    pub fn distributor(&self) -> Addr {
        self.distributor.clone().expect("deploy_distributor first")
    }

    /// `from` funds the distributor's pool by cw20 Send.
    pub fn fund_distributor(&mut self, from: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let distributor = self.distributor();
        self.send(from, &distributor, amount, &ReceiveMsg::Fund {})
    }

    pub fn distributor_execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let distributor = self.distributor();
        self.app
            .execute_contract(sender.clone(), distributor, msg, &[])
    }

    pub fn distributor_pending(&self, member: &Addr) -> PendingResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                self.distributor(),
                &QueryMsg::Pending {
                    member: member.to_string(),
                },
            )
            .expect("pending")
    }
}
