//! Contract wrappers for cw-multi-test, including adversarial stand-ins.

use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError, StdResult};
use cw_multi_test::{Contract, ContractWrapper};

pub fn token_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_token::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

pub fn vesting_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_vesting::contract::{execute, instantiate, migrate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

pub fn staking_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_staking::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}

pub fn reputation_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_reputation::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}

pub fn bill_escrow_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_bill_escrow::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}

pub fn payment_channels_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_payment_channels::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
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
    use infermesh_distributor::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}

pub fn dao_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_dao::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}

pub fn council_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_council::{execute, instantiate, query};
    Box::new(ContractWrapper::new(execute, instantiate, query))
}

pub fn bridge_contract() -> Box<dyn Contract<Empty>> {
    use infermesh_bridge::contract::{execute, instantiate, migrate, query, reply};
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_reply(reply)
            .with_migrate(migrate),
    )
}
