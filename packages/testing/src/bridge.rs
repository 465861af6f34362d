//! The home bridge on the suite: its governance (owner, guardian, allowlist, parameters) and its
//! cw20 side. Channels and packets need IBC, which cw-multi-test does not run: they are tested
//! with cosmwasm-std's mocks (contracts/bridge/src/tests) and on two chains
//! (scripts/bridge-test.sh).

use cosmwasm_std::Addr;
use cw_multi_test::Executor;
use infermesh_types::bridge::{InstantiateMsg, Mode};

use crate::contracts::bridge_contract;
use crate::suite::Suite;

impl Suite {
    /// The home bridge of the suite's token, owned by the suite's owner; the council, when
    /// deployed after it, becomes its guardian.
    pub fn deploy_bridge(&mut self) -> Addr {
        let code = self.app.store_code(bridge_contract());
        let owner = self.owner.clone();
        let bridge = self
            .app
            .instantiate_contract(
                code,
                owner.clone(),
                &InstantiateMsg {
                    owner: owner.to_string(),
                    guardian: None,
                    mode: Mode::Home {
                        token: self.token.addr().to_string(),
                    },
                    params: None,
                },
                &[],
                "bridge",
                Some(owner.to_string()),
            )
            .expect("the bridge instantiates");
        self.bridge = Some(bridge.clone());
        bridge
    }
}
