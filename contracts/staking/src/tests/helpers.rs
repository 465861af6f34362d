use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Coin, Decimal, Env, Order, OwnedDeps, Response, Storage,
    Timestamp, Uint128,
};
use cw20::Cw20ReceiveMsg;
use infermesh_types::staking::{
    ExecuteMsg, InstantiateMsg, OperatorMetadata, OperatorStatusResponse, QueryMsg, ReceiveMsg,
    Role, SlashClass, TOKEN_UNIT,
};
use serde::de::DeserializeOwned;

use crate::contract::{execute, instantiate, query};
use crate::error::StakingResult;
use infermesh_types::staking::SlashRequest;

pub const DAY: u64 = 86_400;

pub fn tokens(whole: u128) -> Uint128 {
    Uint128::new(whole * TOKEN_UNIT)
}

pub struct Ctx {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
}

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

pub fn metadata() -> OperatorMetadata {
    OperatorMetadata {
        models: vec!["llama-3-8b".to_string()],
        latency_ms: 120,
        endpoint: "https://node.example".to_string(),
    }
}

impl Ctx {
    pub fn new() -> Self {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let owner = addr("dao");
        instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&owner, &[]),
            InstantiateMsg {
                owner: owner.to_string(),
                token: addr("token").to_string(),
                slashers: vec![owner.to_string(), addr("escrow").to_string()],
                jailers: vec![addr("reputation").to_string()],
                guardian: Some(addr("guardian").to_string()),
                params: None,
            },
        )
        .unwrap();
        Ctx { deps, env }
    }

    pub fn advance(&mut self, seconds: u64) {
        self.env.block.time = self.env.block.time.plus_seconds(seconds);
        self.env.block.height += (seconds / 5).max(1);
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> StakingResult<Response> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    pub fn exec_funds(
        &mut self,
        sender: &Addr,
        funds: &[Coin],
        msg: ExecuteMsg,
    ) -> StakingResult<Response> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    /// A cw20 Send of `amount` by `from`, delivered by `token`.
    pub fn receive_from(
        &mut self,
        token: &Addr,
        from: &Addr,
        amount: Uint128,
        hook: &ReceiveMsg,
    ) -> StakingResult<Response> {
        self.exec(
            token,
            ExecuteMsg::Receive(Cw20ReceiveMsg {
                sender: from.to_string(),
                amount,
                msg: to_json_binary(hook).unwrap(),
            }),
        )
    }

    pub fn receive(
        &mut self,
        from: &Addr,
        amount: Uint128,
        hook: &ReceiveMsg,
    ) -> StakingResult<Response> {
        self.receive_from(&addr("token"), from, amount, hook)
    }

    pub fn register(&mut self, operator: &Addr, role: Role) {
        self.exec(
            operator,
            ExecuteMsg::RegisterOperator {
                role,
                metadata: metadata(),
                commission_rate: None,
            },
        )
        .unwrap();
    }

    pub fn self_bond(&mut self, operator: &Addr, amount: Uint128) {
        self.receive(operator, amount, &ReceiveMsg::SelfBond {})
            .unwrap();
    }

    pub fn delegate(&mut self, delegator: &Addr, operator: &Addr, amount: Uint128) {
        self.receive(
            delegator,
            amount,
            &ReceiveMsg::Delegate {
                operator: operator.to_string(),
            },
        )
        .unwrap();
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn status(&self, operator: &Addr) -> OperatorStatusResponse {
        self.query(QueryMsg::OperatorStatus {
            operator: operator.to_string(),
        })
    }

    pub fn dump(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.deps
            .storage
            .range(None, None, Order::Ascending)
            .collect()
    }

    /// Runs `msg`, expects exactly `expected`, and checks that nothing in storage changed.
    pub fn assert_rejected(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
        expected: crate::StakingError,
    ) {
        let before = self.dump();
        let err = self.exec(sender, msg).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(self.dump(), before, "a rejected message changed storage");
    }

    pub fn assert_receive_rejected(
        &mut self,
        token: &Addr,
        from: &Addr,
        amount: Uint128,
        hook: &ReceiveMsg,
        expected: crate::StakingError,
    ) {
        let before = self.dump();
        let err = self.receive_from(token, from, amount, hook).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(self.dump(), before, "a rejected message changed storage");
    }
}

pub fn attr<'a>(response: &'a Response, key: &str) -> &'a str {
    response
        .attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

pub fn pct(x: u64) -> Decimal {
    Decimal::percent(x)
}

/// A context with a Provider self-bonded 50,000 tokens.
pub fn with_operator() -> (Ctx, Addr) {
    let mut ctx = Ctx::new();
    let op = addr("provider");
    ctx.register(&op, Role::Provider);
    ctx.self_bond(&op, tokens(50_000));
    (ctx, op)
}

/// A `Slash` of `op` with no infraction time.
pub fn slash_msg(op: &Addr, class: SlashClass, fraction: Decimal, id: &str) -> ExecuteMsg {
    ExecuteMsg::Slash(SlashRequest {
        operator: op.to_string(),
        class,
        fraction,
        evidence_id: id.to_string(),
        infraction_time: None,
    })
}

/// Slashes `op` as the escrow (a slasher) and returns the response.
pub fn slash(
    ctx: &mut Ctx,
    op: &Addr,
    class: SlashClass,
    fraction: Decimal,
    id: &str,
    infraction_time: Option<Timestamp>,
) -> Response {
    ctx.exec(
        &addr("escrow"),
        ExecuteMsg::Slash(SlashRequest {
            operator: op.to_string(),
            class,
            fraction,
            evidence_id: id.to_string(),
            infraction_time,
        }),
    )
    .unwrap()
}
