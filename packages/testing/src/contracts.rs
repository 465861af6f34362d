//! Contract wrappers for cw-multi-test, including adversarial stand-ins.
//!
//! Execute and query messages reach the suite's contracts as they do on chain: as JSON parsed by
//! the kit's located parser (the entry points `execute_entry_point!`/`query_entry_point!` export),
//! so every multi-contract test also checks that parser against the messages it sends.

use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError, StdResult};
use cw_multi_test::{Contract, ContractWrapper};
use infermesh_kit::parse::Parsed;

/// A contract's `execute` and `query` behind [`Parsed`], with its `instantiate`.
macro_rules! located {
    ($contract:ident, $execute_msg:ty, $query_msg:ty) => {{
        use $contract::contract::{execute, instantiate, query};
        ContractWrapper::new(
            |deps, env, info, msg: Parsed<$execute_msg>| execute(deps, env, info, msg.0),
            instantiate,
            |deps, env, msg: Parsed<$query_msg>| query(deps, env, msg.0),
        )
    }};
}

pub fn token_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_token::contract::migrate;
    Box::new(
        located!(
            infermesh_token,
            cw20_base::msg::ExecuteMsg,
            cw20_base::msg::QueryMsg
        )
        .with_migrate(migrate),
    )
}

pub fn vesting_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_vesting::contract::migrate;
    Box::new(
        located!(
            infermesh_vesting,
            infermesh_types::vesting::ExecuteMsg,
            infermesh_types::vesting::QueryMsg
        )
        .with_migrate(migrate),
    )
}

pub fn staking_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_staking::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_staking,
            infermesh_types::staking::ExecuteMsg,
            infermesh_types::staking::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

pub fn reputation_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_reputation::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_reputation,
            infermesh_types::reputation::ExecuteMsg,
            infermesh_types::reputation::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

pub fn bill_escrow_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_bill_escrow::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_bill_escrow,
            infermesh_types::bill_escrow::ExecuteMsg,
            infermesh_types::bill_escrow::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

pub fn payment_channels_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_payment_channels::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_payment_channels,
            infermesh_types::payment_channels::ExecuteMsg,
            infermesh_types::payment_channels::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

/// A contract that accepts any cw20 `Receive` and holds the tokens: the target of property-test Sends.
pub fn receiver_contract() -> Box<dyn Contract<Empty>> {
    fn instantiate(_: DepsMut, _: Env, _: MessageInfo, _: Empty) -> StdResult<Response> {
        Ok(Response::new())
    }
    fn execute(
        _: DepsMut,
        _: Env,
        _: MessageInfo,
        msg: cw20::Cw20ReceiveMsg,
    ) -> StdResult<Response> {
        Ok(Response::new()
            .add_attribute("action", "receive")
            .add_attribute("amount", msg.amount))
    }
    fn query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
        Err(StdError::generic_err("receiver has no queries"))
    }
    // Execute messages arrive as `{"receive": {...}}`.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum ReceiverMsg {
        Receive(cw20::Cw20ReceiveMsg),
    }
    fn dispatch(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: ReceiverMsg,
    ) -> StdResult<Response> {
        match msg {
            ReceiverMsg::Receive(receive) => execute(deps, env, info, receive),
        }
    }
    Box::new(ContractWrapper::new(dispatch, instantiate, query))
}

pub fn distributor_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_distributor::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_distributor,
            infermesh_types::distributor::ExecuteMsg,
            infermesh_types::distributor::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

pub fn dao_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_dao::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_dao,
            infermesh_types::dao::ExecuteMsg,
            infermesh_types::dao::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}

pub fn council_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_council::{execute, instantiate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

pub fn bridge_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_bridge::contract::{migrate, reply};
    Box::new(
        located!(
            infermesh_bridge,
            infermesh_types::bridge::ExecuteMsg,
            infermesh_types::bridge::QueryMsg
        )
        .with_reply(reply)
        .with_migrate(migrate),
    )
}
