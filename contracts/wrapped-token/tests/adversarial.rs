//! The wrapped token against bad input and misuse, one test per row of the adversarial checklist
//! that applies to it (docs/adversarial.md), each named after its row. The wrapped token is
//! cw20-base as published, so several rows record cw20-base's own choices, which differ from
//! the home token's (docs/token.md): zero amounts pass, native funds are not refused, and an
//! allowance overflow panics. Refusals are matched exactly and leave the storage as it was.

use std::collections::BTreeMap;

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    coins, from_json, Addr, Api, Binary, CosmosMsg, Deps, Env, Order, OverflowError,
    OverflowOperation, OwnedDeps, ReplyOn, Response, StdError, Storage, Uint128,
};
use cw20::{
    AllAccountsResponse, BalanceResponse, Cw20Coin, Cw20ReceiveMsg, EmbeddedLogo, Expiration, Logo,
    MinterResponse, TokenInfoResponse,
};
use cw20_base::msg::{ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg, QueryMsg};
use cw20_base::ContractError;
use infermesh_wrapped_token::{execute, instantiate, query};

struct Token {
    deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    env: Env,
    bridge: Addr,
    alice: Addr,
    bob: Addr,
}

fn base_msg(bridge: &Addr) -> InstantiateMsg {
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
    }
}

/// The token as the bridge instantiates it (itself the only minter, no cap), with 1,000 minted
/// to alice.
fn token() -> Token {
    token_with(|_| {})
}

fn token_with(edit: impl FnOnce(&mut InstantiateMsg)) -> Token {
    let mut deps = mock_dependencies();
    let env = mock_env();
    let bridge = deps.api.addr_make("bridge");
    let alice = deps.api.addr_make("alice");
    let bob = deps.api.addr_make("bob");
    let mut msg = base_msg(&bridge);
    edit(&mut msg);
    instantiate(deps.as_mut(), env.clone(), message_info(&bridge, &[]), msg).unwrap();
    let mut token = Token {
        deps,
        env,
        bridge,
        alice,
        bob,
    };
    let (bridge, alice) = (token.bridge.clone(), token.alice.clone());
    token
        .exec(
            &bridge,
            ExecuteMsg::Mint {
                recipient: alice.to_string(),
                amount: Uint128::new(1_000),
            },
        )
        .unwrap();
    token
}

impl Token {
    fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    fn storage(&self) -> BTreeMap<Vec<u8>, Vec<u8>> {
        self.deps
            .storage
            .range(None, None, Order::Ascending)
            .collect()
    }

    /// `msg` from `sender` fails with `expected` and changes no key.
    fn refuses(&mut self, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
        let before = self.storage();
        assert_eq!(self.exec(sender, msg), Err(expected));
        assert_eq!(self.storage(), before);
    }

    fn balance(&self, address: &Addr) -> u128 {
        let response: BalanceResponse = from_json(
            query(
                self.deps.as_ref(),
                self.env.clone(),
                QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .unwrap(),
        )
        .unwrap();
        response.balance.u128()
    }

    fn supply(&self) -> u128 {
        let info: TokenInfoResponse =
            from_json(query(self.deps.as_ref(), self.env.clone(), QueryMsg::TokenInfo {}).unwrap())
                .unwrap();
        info.total_supply.u128()
    }
}

fn instantiate_err(msg: InstantiateMsg) -> ContractError {
    let mut deps = mock_dependencies();
    let creator = deps.api.addr_make("bridge");
    instantiate(deps.as_mut(), mock_env(), message_info(&creator, &[]), msg).unwrap_err()
}

fn overflow_sub() -> ContractError {
    ContractError::Std(StdError::overflow(OverflowError::new(
        OverflowOperation::Sub,
    )))
}

#[test]
fn x1_strangers_cannot_mint_move_the_minter_or_the_marketing() {
    let mut t = token();
    let alice = t.alice.clone();
    for msg in [
        ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::one(),
        },
        ExecuteMsg::UpdateMinter {
            new_minter: Some(alice.to_string()),
        },
        ExecuteMsg::UpdateMarketing {
            project: Some("mine".to_string()),
            description: None,
            marketing: None,
        },
        ExecuteMsg::UploadLogo(Logo::Url("https://example.invalid/x.png".to_string())),
    ] {
        t.refuses(&alice, msg, ContractError::Unauthorized {});
    }
}

#[test]
fn x3_recipients_and_the_minter_must_be_valid_addresses() {
    let mut t = token();
    let alice = t.alice.clone();
    let api = MockApi::default();
    let valid = t.bob.to_string();
    for bad in [
        String::new(),
        format!(" {valid}"),
        valid.to_uppercase(),
        MockApi::default()
            .with_prefix("osmo")
            .addr_make("bob")
            .to_string(),
        "garbage".to_string(),
    ] {
        t.refuses(
            &alice,
            ExecuteMsg::Transfer {
                recipient: bad.clone(),
                amount: Uint128::one(),
            },
            ContractError::Std(api.addr_validate(&bad).unwrap_err()),
        );
        let mut msg = base_msg(&t.bridge);
        msg.mint = Some(MinterResponse {
            minter: bad.clone(),
            cap: None,
        });
        assert_eq!(
            instantiate_err(msg),
            ContractError::Std(api.addr_validate(&bad).unwrap_err())
        );
    }
}

/// cw20-base rejects a repeated initial balance before validating addresses (the bridge
/// instantiates with one, the channel's first receipt).
#[test]
fn x4_a_repeated_initial_balance_is_refused() {
    let bridge = MockApi::default().addr_make("bridge");
    let alice = MockApi::default().addr_make("alice");
    let mut msg = base_msg(&bridge);
    msg.initial_balances = vec![
        Cw20Coin {
            address: alice.to_string(),
            amount: Uint128::one(),
        };
        2
    ];
    assert_eq!(
        instantiate_err(msg),
        ContractError::DuplicateInitialBalanceAddresses {}
    );
}

/// cw20-base 2.0 lets a zero transfer through (its `InvalidZeroAmount` is deprecated): it moves
/// nothing. The home token refuses it (x5 of the token); the wrapped token keeps cw20-base's
/// choice.
#[test]
fn x5_a_zero_transfer_passes_and_moves_nothing() {
    let mut t = token();
    let (alice, bob) = (t.alice.clone(), t.bob.clone());
    t.exec(
        &alice,
        ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::zero(),
        },
    )
    .unwrap();
    assert_eq!((t.balance(&alice), t.balance(&bob)), (1_000, 0));
}

/// The cap holds at its last unit (minting past `Uint128::MAX` is row X14: a panic).
#[test]
fn x6_minting_past_the_cap_or_the_largest_supply_is_refused() {
    let mut t = token_with(|msg| {
        msg.mint = Some(MinterResponse {
            minter: MockApi::default().addr_make("bridge").to_string(),
            cap: Some(Uint128::new(1_500)),
        })
    });
    let (bridge, bob) = (t.bridge.clone(), t.bob.clone());
    let mint = |amount: u128| ExecuteMsg::Mint {
        recipient: bob.to_string(),
        amount: Uint128::new(amount),
    };
    t.refuses(&bridge, mint(501), ContractError::CannotExceedCap {});
    t.exec(&bridge, mint(500)).unwrap();
    assert_eq!(t.supply(), 1_500);
}

/// cw20-base does not check funds: coins sent with a wrapped-token message are accepted and
/// stay with the contract, which has no way to return them. Only the bridge and wallets call
/// it, and none attaches coins; the home token refuses them (x7 of the token).
#[test]
fn x7_native_funds_are_not_refused_by_cw20_base() {
    let mut t = token();
    let (alice, bob) = (t.alice.clone(), t.bob.clone());
    execute(
        t.deps.as_mut(),
        t.env.clone(),
        message_info(&alice, &coins(10, "ustake")),
        ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::one(),
        },
    )
    .unwrap();
    assert_eq!(t.balance(&bob), 1);
}

/// Names, symbols and decimals cw20-base does not take, and an initial supply above the cap.
#[test]
fn x11_instantiation_refuses_bad_names_decimals_and_a_supply_above_the_cap() {
    let bridge = MockApi::default().addr_make("bridge");
    let alice = MockApi::default().addr_make("alice");
    for (edit, reason) in [
        (
            (|msg: &mut InstantiateMsg| msg.name = "ab".to_string()) as fn(&mut InstantiateMsg),
            "Name is not in the expected format (3-50 UTF-8 bytes)",
        ),
        (
            |msg| msg.symbol = "w1".to_string(),
            "Ticker symbol is not in expected format [a-zA-Z\\-]{3,12}",
        ),
        (|msg| msg.decimals = 19, "Decimals must not exceed 18"),
    ] {
        let mut msg = base_msg(&bridge);
        edit(&mut msg);
        assert_eq!(
            instantiate_err(msg),
            ContractError::Std(StdError::generic_err(reason))
        );
    }
    let mut msg = base_msg(&bridge);
    msg.initial_balances = vec![Cw20Coin {
        address: alice.to_string(),
        amount: Uint128::new(11),
    }];
    msg.mint = Some(MinterResponse {
        minter: bridge.to_string(),
        cap: Some(Uint128::new(10)),
    });
    assert_eq!(
        instantiate_err(msg),
        ContractError::Std(StdError::generic_err("Initial supply greater than cap"))
    );
}

#[test]
fn x13_account_pages_stop_at_30_and_a_missing_start_is_no_error() {
    let mut t = token();
    let bridge = t.bridge.clone();
    let holders: Vec<Addr> = (0..40)
        .map(|i| t.deps.api.addr_make(&format!("holder{i}")))
        .collect();
    for holder in &holders {
        t.exec(
            &bridge,
            ExecuteMsg::Mint {
                recipient: holder.to_string(),
                amount: Uint128::one(),
            },
        )
        .unwrap();
    }
    let page = |deps: Deps, env: &Env, start_after: Option<String>| -> Vec<String> {
        let response: AllAccountsResponse = from_json(
            query(
                deps,
                env.clone(),
                QueryMsg::AllAccounts {
                    start_after,
                    limit: Some(u32::MAX),
                },
            )
            .unwrap(),
        )
        .unwrap();
        response.accounts
    };
    assert_eq!(page(t.deps.as_ref(), &t.env, None).len(), 30);
    let nobody = t.deps.api.addr_make("nobody").to_string();
    let mut after: Vec<String> = holders
        .iter()
        .chain([&t.alice])
        .map(Addr::to_string)
        .filter(|holder| *holder > nobody)
        .collect();
    after.sort();
    after.truncate(30);
    assert_eq!(page(t.deps.as_ref(), &t.env, Some(nobody)), after);
}

/// cw20-base adds allowances and the supply with a panicking `+`: an increase past
/// `Uint128::MAX` aborts the transaction instead of returning an error. Nothing is stored either
/// way, but they are panics reachable from the entry point. The home token checks the allowance
/// sum first (x6 of the token) and has no minter; here only the bridge mints, never more than
/// the home side escrowed, so the supply's panic is out of its reach.
#[test]
fn x14_an_allowance_or_a_supply_past_the_maximum_panics_in_cw20_base() {
    let mut t = token();
    let (alice, bob) = (t.alice.clone(), t.bob.clone());
    let increase = |amount: u128| ExecuteMsg::IncreaseAllowance {
        spender: bob.to_string(),
        amount: Uint128::new(amount),
        expires: None,
    };
    t.exec(&alice, increase(u128::MAX)).unwrap();
    let before = t.storage();
    let aborted =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.exec(&alice, increase(1))))
            .unwrap_err();
    assert_eq!(
        aborted.downcast_ref::<&str>().copied(),
        Some("attempt to add with overflow")
    );
    assert_eq!(t.storage(), before);

    let bridge = t.bridge.clone();
    let aborted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        t.exec(
            &bridge,
            ExecuteMsg::Mint {
                recipient: bob.to_string(),
                amount: Uint128::MAX,
            },
        )
    }))
    .unwrap_err();
    assert_eq!(
        aborted.downcast_ref::<&str>().copied(),
        Some("attempt to add with overflow")
    );
    assert_eq!(t.storage(), before);
}

#[test]
fn t1_overdraws_overspent_and_expired_allowances_and_self_allowances_are_refused() {
    let mut t = token();
    let (alice, bob) = (t.alice.clone(), t.bob.clone());
    for msg in [
        ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(1_001),
        },
        ExecuteMsg::Burn {
            amount: Uint128::new(1_001),
        },
    ] {
        t.refuses(&alice, msg, overflow_sub());
    }
    let height = t.env.block.height;
    t.exec(
        &alice,
        ExecuteMsg::IncreaseAllowance {
            spender: bob.to_string(),
            amount: Uint128::new(100),
            expires: Some(Expiration::AtHeight(height + 10)),
        },
    )
    .unwrap();
    let spend = |amount: u128| ExecuteMsg::TransferFrom {
        owner: alice.to_string(),
        recipient: bob.to_string(),
        amount: Uint128::new(amount),
    };
    t.refuses(&bob, spend(101), overflow_sub());
    t.exec(&bob, spend(40)).unwrap();
    t.env.block.height += 10;
    t.refuses(&bob, spend(1), ContractError::Expired {});
    t.refuses(
        &alice,
        ExecuteMsg::IncreaseAllowance {
            spender: alice.to_string(),
            amount: Uint128::one(),
            expires: None,
        },
        ContractError::CannotSetOwnAccount {},
    );
    assert_eq!((t.balance(&alice), t.balance(&bob)), (960, 40));
}

/// Only the bridge mints, never past the cap, nobody moves the minter but the bridge, and once
/// the minter is unset nobody mints at all.
#[test]
fn t2_only_the_minter_mints_and_nobody_after_it_is_unset() {
    let mut t = token();
    let (bridge, alice) = (t.bridge.clone(), t.alice.clone());
    let mint = ExecuteMsg::Mint {
        recipient: alice.to_string(),
        amount: Uint128::one(),
    };
    t.refuses(&alice, mint.clone(), ContractError::Unauthorized {});
    t.refuses(
        &alice,
        ExecuteMsg::UpdateMinter { new_minter: None },
        ContractError::Unauthorized {},
    );
    t.exec(&bridge, ExecuteMsg::UpdateMinter { new_minter: None })
        .unwrap();
    t.refuses(&bridge, mint, ContractError::Unauthorized {});
    assert_eq!(t.supply(), 1_000);
}

/// A Send's `Receive` is a plain message, not a submessage with a reply: if the receiver fails,
/// the chain reverts the whole transaction, the debit with it (walked on a real receiver by
/// t4_a_send_to_a_receiver_that_always_fails_reverts_the_whole_send on the same cw20-base code).
#[test]
fn t4_a_send_calls_the_receiver_without_a_reply_so_its_failure_reverts_the_send() {
    let mut t = token();
    let alice = t.alice.clone();
    let receiver = t.deps.api.addr_make("receiver");
    let response = t
        .exec(
            &alice,
            ExecuteMsg::Send {
                contract: receiver.to_string(),
                amount: Uint128::new(10),
                msg: Binary::default(),
            },
        )
        .unwrap();
    assert_eq!(response.messages.len(), 1);
    assert_eq!(response.messages[0].reply_on, ReplyOn::Never);
    let receive: CosmosMsg = Cw20ReceiveMsg {
        sender: alice.to_string(),
        amount: Uint128::new(10),
        msg: Binary::default(),
    }
    .into_cosmos_msg(receiver.to_string())
    .unwrap();
    assert_eq!(response.messages[0].msg, receive);
    assert_eq!(t.balance(&alice), 990);
}

#[test]
fn t6_oversized_and_malformed_logos_are_refused() {
    let marketer = MockApi::default().addr_make("marketer");
    let mut t = token_with(|msg| {
        msg.marketing = Some(InstantiateMarketingInfo {
            project: None,
            description: None,
            marketing: Some(marketer.to_string()),
            logo: None,
        })
    });
    for (logo, expected) in [
        (
            EmbeddedLogo::Png(Binary::from(vec![0u8; 5 * 1024 + 1])),
            ContractError::LogoTooBig {},
        ),
        (
            EmbeddedLogo::Svg(Binary::from(b"not xml".to_vec())),
            ContractError::InvalidXmlPreamble {},
        ),
        (
            EmbeddedLogo::Png(Binary::from(b"GIF89a....".to_vec())),
            ContractError::InvalidPngHeader {},
        ),
    ] {
        t.refuses(
            &marketer,
            ExecuteMsg::UploadLogo(Logo::Embedded(logo)),
            expected,
        );
    }
}
