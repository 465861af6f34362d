//! The wrapped token's own entry points, as the chain calls them: instantiated with the bridge
//! as its only minter, it mints for the bridge alone, its holders transfer, and its queries
//! answer what was minted and moved.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
use cosmwasm_std::{from_json, Addr, Deps, Env, Uint128};
use cw20::{BalanceResponse, MinterResponse, TokenInfoResponse};
use cw20_base::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};
use cw20_base::ContractError;
use infermesh_wrapped_token::{execute, instantiate, query};

fn balance(deps: Deps, env: &Env, address: &Addr) -> u128 {
    let response: BalanceResponse = from_json(
        query(
            deps,
            env.clone(),
            QueryMsg::Balance {
                address: address.to_string(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    response.balance.u128()
}

#[test]
fn only_the_bridge_mints_and_holders_transfer() {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let bridge = deps.api.addr_make("bridge");
    let alice = deps.api.addr_make("alice");
    let bob = deps.api.addr_make("bob");
    instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&bridge, &[]),
        InstantiateMsg {
            name: "Wrapped InferMesh".to_string(),
            symbol: "wIMT".to_string(),
            decimals: 6,
            initial_balances: vec![],
            mint: Some(MinterResponse {
                minter: bridge.to_string(),
                cap: None,
            }),
            marketing: None,
        },
    )
    .unwrap();

    let mint = |amount: u128| ExecuteMsg::Mint {
        recipient: alice.to_string(),
        amount: Uint128::new(amount),
    };
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&bridge, &[]),
        mint(1_000),
    )
    .unwrap();
    assert_eq!(
        execute(
            deps.as_mut(),
            env.clone(),
            message_info(&alice, &[]),
            mint(1)
        )
        .unwrap_err(),
        ContractError::Unauthorized {}
    );
    assert_eq!(balance(deps.as_ref(), &env, &alice), 1_000);

    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&alice, &[]),
        ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(400),
        },
    )
    .unwrap();
    assert_eq!(balance(deps.as_ref(), &env, &alice), 600);
    assert_eq!(balance(deps.as_ref(), &env, &bob), 400);

    let info: TokenInfoResponse =
        from_json(query(deps.as_ref(), env.clone(), QueryMsg::TokenInfo {}).unwrap()).unwrap();
    assert_eq!(
        info,
        TokenInfoResponse {
            name: "Wrapped InferMesh".to_string(),
            symbol: "wIMT".to_string(),
            decimals: 6,
            total_supply: Uint128::new(1_000),
        }
    );
}
