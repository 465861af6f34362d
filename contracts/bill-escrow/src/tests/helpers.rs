use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    to_json_binary, Addr, ContractResult, Env, Order, OwnedDeps, Response, Storage, SystemError,
    SystemResult, WasmQuery,
};
use infermesh_types::bill_escrow::{ExecuteMsg, InstantiateMsg};
use infermesh_types::staking;

use crate::contract::{execute, instantiate};
use crate::error::BillEscrowResult;

pub struct Ctx {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
}

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

impl Ctx {
    pub fn new() -> Self {
        let mut deps = mock_dependencies();
        // Staking answers its parameters (the escrow checks its exposure against the unbonding
        // period); no other query is made by these tests.
        deps.querier.update_wasm(|query| match query {
            WasmQuery::Smart { .. } => SystemResult::Ok(ContractResult::Ok(
                to_json_binary(&staking::Params::default()).unwrap(),
            )),
            _ => SystemResult::Err(SystemError::Unknown {}),
        });
        let env = mock_env();
        let owner = addr("dao");
        instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&owner, &[]),
            InstantiateMsg {
                owner: owner.to_string(),
                token: addr("token").to_string(),
                staking: addr("staking").to_string(),
                reputation: addr("reputation").to_string(),
                treasury: addr("treasury").to_string(),
                distributor: None,
                arbiter: None,
                guardian: None,
                params: None,
            },
        )
        .unwrap();
        Ctx { deps, env }
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> BillEscrowResult<Response> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    pub fn dump(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.deps
            .storage
            .range(None, None, Order::Ascending)
            .collect()
    }
}
