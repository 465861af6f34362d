//! Guards and bad inputs on the entry points: who may top up, reclaim and transfer ownership,
//! the opening checks against a staking that answers, unknown replies, migrations, query pages
//! and the distributor's refused work reports. Every refusal is its exact typed error and leaves
//! the storage as it was.
//!
//! Rows of the adversarial checklist (docs/adversarial.md) carry their id in the test name.

use cosmwasm_std::testing::{message_info, mock_dependencies, MockApi};
use cosmwasm_std::{
    from_json, Addr, Api, Binary, ContractResult, Deps, Reply, ReplyOn, StdError, SubMsgResult,
    SystemResult, Timestamp, Uint128, WasmQuery,
};
use cw_ownable::{Action, Ownership, OwnershipError};
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_types::distributor::WorkReport;
use infermesh_types::payment_channels::{
    voucher, Channel, ChannelFilter, ChannelsResponse, ConfigUpdate, ExecuteMsg, InstantiateMsg,
    OpenChannel, Params, QueryMsg, ReceiveMsg, SignMode,
};
use k256::ecdsa::{signature::Signer, Signature};

use super::helpers::*;
use crate::contract::{self, CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::PaymentChannelsError;
use crate::open::derive_address;
use crate::redeem::REPLY_DISTRIBUTOR;
use crate::state::PROVIDERS;

const UNIT: u128 = 1_000_000;

fn consumer(ctx: &Ctx) -> Consumer {
    consumer_from_seed(ctx, b"adversarial-consumer")
}

fn sign(ctx: &Ctx, consumer: &Consumer, channel_id: u64, amount: u128, nonce: u64) -> Binary {
    sign_voucher(ctx, consumer, channel_id, amount, nonce)
}

fn query<T: serde::de::DeserializeOwned>(ctx: &Ctx, msg: QueryMsg) -> T {
    from_json(contract::query(ctx.deps.as_ref(), ctx.env.clone(), msg).unwrap()).unwrap()
}

fn channel_ids(ctx: &Ctx, filter: Option<ChannelFilter>, start_after: Option<u64>) -> Vec<u64> {
    let page: ChannelsResponse = query(
        ctx,
        QueryMsg::Channels {
            filter,
            start_after,
            limit: Some(u32::MAX),
        },
    );
    page.channels.iter().map(|c| c.id).collect()
}

/// Staking as the contract queries it: `provider` is an active Silver provider.
fn with_active_provider(ctx: &mut Ctx, provider: &Addr) {
    let status = format!(
        r#"{{"operator":"{provider}","role":"provider","fee_discount":"0.1","jailed":false,"banned":false,"active":true}}"#
    );
    let staking = addr("staking");
    ctx.deps.querier.update_wasm(move |query| match query {
        WasmQuery::Smart { contract_addr, .. } if *contract_addr == staking.as_str() => {
            SystemResult::Ok(ContractResult::Ok(Binary::from(status.as_bytes())))
        }
        _ => SystemResult::Ok(ContractResult::Err("no such contract".into())),
    });
}

fn open_request(pubkey: &Binary, expires_at: Timestamp) -> ReceiveMsg {
    ReceiveMsg::OpenChannel(OpenChannel {
        provider: addr("provider").to_string(),
        pubkey: pubkey.clone(),
        expires_at,
    })
}

#[test]
fn x3_instantiation_refuses_an_owner_that_is_not_a_valid_address() {
    let api = MockApi::default();
    let wrong_prefix = MockApi::default()
        .with_prefix("osmo")
        .addr_make("dao")
        .to_string();
    for owner in [
        String::new(),
        addr("dao").as_str().to_uppercase(),
        wrong_prefix,
    ] {
        let mut deps = mock_dependencies();
        let result = contract::instantiate(
            deps.as_mut(),
            cosmwasm_std::testing::mock_env(),
            message_info(&addr("creator"), &[]),
            InstantiateMsg {
                owner: owner.clone(),
                token: addr("token").to_string(),
                staking: addr("staking").to_string(),
                treasury: addr("treasury").to_string(),
                distributor: None,
                guardian: None,
                params: None,
            },
        );
        assert_eq!(
            result,
            Err(PaymentChannelsError::Ownership(OwnershipError::Std(
                api.addr_validate(&owner).unwrap_err()
            ))),
            "{owner:?}"
        );
    }
}

/// A chain whose prefix cannot encode an address is the API's error, not a bad key's.
#[test]
fn a_key_whose_address_the_chain_cannot_encode_is_the_apis_error() {
    let ctx = Ctx::new();
    let api = MockApi::default().with_prefix("");
    let deps = Deps {
        storage: &ctx.deps.storage,
        api: &api,
        querier: cosmwasm_std::QuerierWrapper::new(&ctx.deps.querier),
    };
    let pubkey = consumer(&ctx).pubkey;
    assert_eq!(
        derive_address(deps, &pubkey),
        Err(PaymentChannelsError::Std(StdError::generic_err(
            "Invalid bech32 prefix"
        )))
    );
}

#[test]
fn x1_only_the_owner_transfers_ownership() {
    let mut ctx = Ctx::new();
    let mallory = addr("mallory");
    let transfer = |to: &Addr| {
        ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
            new_owner: to.to_string(),
            expiry: None,
        })
    };
    let before = ctx.dump();
    assert_eq!(
        ctx.exec(&mallory, transfer(&mallory)),
        Err(PaymentChannelsError::Ownership(OwnershipError::NotOwner))
    );
    assert_eq!(ctx.dump(), before);
    let council = addr("council");
    ctx.exec(&addr("dao"), transfer(&council)).unwrap();
    let ownership: Ownership<Addr> = query(&ctx, QueryMsg::Ownership {});
    assert_eq!(ownership.owner, Some(addr("dao")));
    assert_eq!(ownership.pending_owner, Some(council));
}

#[test]
fn a_provider_cannot_open_a_channel_to_itself() {
    let mut ctx = Ctx::new();
    let provider = addr("provider");
    with_active_provider(&mut ctx, &provider);
    let pubkey = consumer(&ctx).pubkey;
    let expires_at = ctx.env.block.time.plus_seconds(3_600);
    let before = ctx.dump();
    assert_eq!(
        ctx.receive(&provider, 10 * UNIT, &open_request(&pubkey, expires_at)),
        Err(PaymentChannelsError::SelfDealing { address: provider })
    );
    assert_eq!(ctx.dump(), before);
}

#[test]
fn x5_x6_an_expiry_not_after_now_or_beyond_the_longest_channel_is_refused() {
    let mut ctx = Ctx::new();
    with_active_provider(&mut ctx, &addr("provider"));
    let consumer = consumer(&ctx);
    let now = ctx.env.block.time;
    let longest = Params::default().max_channel_seconds;
    let latest = now.plus_seconds(longest);
    let before = ctx.dump();
    for expires_at in [
        Timestamp::from_nanos(0),
        now,
        latest.plus_nanos(1),
        Timestamp::from_nanos(u64::MAX),
    ] {
        assert_eq!(
            ctx.receive(
                &consumer.address,
                10 * UNIT,
                &open_request(&consumer.pubkey, expires_at)
            ),
            Err(PaymentChannelsError::InvalidExpiry { expires_at, latest })
        );
    }
    assert_eq!(ctx.dump(), before);
    // The longest allowed lifetime opens.
    ctx.receive(
        &consumer.address,
        10 * UNIT,
        &open_request(&consumer.pubkey, latest),
    )
    .unwrap();
    let channel: Channel = query(&ctx, QueryMsg::Channel { channel_id: 1 });
    assert_eq!(
        (channel.consumer, channel.provider, channel.expires_at),
        (consumer.address, addr("provider"), latest)
    );
    assert_eq!(channel.deposit, Uint128::new(10 * UNIT));
}

#[test]
fn e2_only_the_consumer_tops_up_and_reclaims_and_only_an_open_unexpired_channel_takes_more() {
    let mut ctx = Ctx::new();
    let consumer = consumer(&ctx);
    let id = ctx.put_channel(&consumer.address, consumer.pubkey.clone(), 100);
    let expires_at = ctx.env.block.time.plus_seconds(86_400);
    let mallory = addr("mallory");
    let top_up = ReceiveMsg::TopUp { channel_id: id };
    let before = ctx.dump();
    assert_eq!(
        ctx.receive(&mallory, 5, &top_up),
        Err(PaymentChannelsError::NotChannelConsumer {
            sender: mallory.clone(),
            channel_id: id
        })
    );
    assert_eq!(ctx.dump(), before);

    ctx.env.block.time = expires_at;
    assert_eq!(
        ctx.receive(&consumer.address, 5, &top_up),
        Err(PaymentChannelsError::ChannelExpired {
            channel_id: id,
            expires_at
        })
    );
    assert_eq!(
        ctx.exec(&mallory, ExecuteMsg::Reclaim { channel_id: id }),
        Err(PaymentChannelsError::NotChannelConsumer {
            sender: mallory,
            channel_id: id
        })
    );
    assert_eq!(ctx.dump(), before);

    ctx.exec(&consumer.address, ExecuteMsg::Reclaim { channel_id: id })
        .unwrap();
    let closed = ctx.dump();
    assert_eq!(
        ctx.receive(&consumer.address, 5, &top_up),
        Err(PaymentChannelsError::ChannelClosed { channel_id: id })
    );
    assert_eq!(ctx.dump(), closed);
    let channel: Channel = query(&ctx, QueryMsg::Channel { channel_id: id });
    assert_eq!(channel.deposit, Uint128::new(100));
    assert_eq!(channel.closed_at, Some(expires_at));
}

#[test]
fn x9_an_unknown_reply_id_is_refused_without_change() {
    let mut ctx = Ctx::new();
    let before = ctx.dump();
    for id in [0, REPLY_DISTRIBUTOR + 1, u64::MAX] {
        #[allow(deprecated)]
        let reply = Reply {
            id,
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Err("refused".into()),
        };
        assert_eq!(
            contract::reply(ctx.deps.as_mut(), ctx.env.clone(), reply),
            Err(PaymentChannelsError::UnknownReply { id })
        );
    }
    assert_eq!(ctx.dump(), before);
}

#[test]
fn without_a_distributor_there_is_no_work_to_report() {
    let mut ctx = Ctx::new();
    let consumer = consumer(&ctx);
    let id = ctx.put_channel(&consumer.address, consumer.pubkey.clone(), 1_000 * UNIT);
    let signature = sign(&ctx, &consumer, id, 100 * UNIT, 1);
    ctx.redeem(id, 100 * UNIT, 1, signature, SignMode::Plain)
        .unwrap();
    let provider = addr("provider");
    let before = ctx.dump();
    assert_eq!(
        ctx.exec(
            &addr("anyone"),
            ExecuteMsg::ReportWork {
                provider: provider.to_string()
            }
        ),
        Err(PaymentChannelsError::NothingToReport { provider })
    );
    assert_eq!(ctx.dump(), before);
    let api = MockApi::default();
    let uppercase = addr("provider").as_str().to_uppercase();
    assert_eq!(
        ctx.exec(
            &addr("anyone"),
            ExecuteMsg::ReportWork {
                provider: uppercase.clone()
            }
        ),
        Err(PaymentChannelsError::Std(
            api.addr_validate(&uppercase).unwrap_err()
        ))
    );
}

/// The distributor refusing a report never undoes the redemption: the batch comes back to the
/// provider's record, waiting from the refusal, and the next report carries it again.
#[test]
fn a_refused_work_report_waits_again_in_the_providers_record() {
    let mut ctx = Ctx::new();
    ctx.exec(
        &addr("dao"),
        ExecuteMsg::UpdateConfig(ConfigUpdate {
            staking: None,
            treasury: None,
            distributor: Some(addr("distributor").to_string()),
            guardian: None,
        }),
    )
    .unwrap();
    let consumer = consumer(&ctx);
    let id = ctx.put_channel(&consumer.address, consumer.pubkey.clone(), 1_000 * UNIT);
    let signature = sign(&ctx, &consumer, id, 100 * UNIT, 1);
    ctx.redeem(id, 100 * UNIT, 1, signature, SignMode::Plain)
        .unwrap();
    let provider = addr("provider");
    let redeemed = PROVIDERS
        .may_load(&ctx.deps.storage, &provider)
        .unwrap()
        .unwrap();
    assert!(!redeemed.work.is_empty());

    let report = ctx
        .exec(
            &addr("anyone"),
            ExecuteMsg::ReportWork {
                provider: provider.to_string(),
            },
        )
        .unwrap();
    assert_eq!(report.messages.len(), 1);
    let sub = &report.messages[0];
    assert_eq!(
        (sub.id, sub.reply_on.clone()),
        (REPLY_DISTRIBUTOR, ReplyOn::Error)
    );
    let reported = PROVIDERS
        .may_load(&ctx.deps.storage, &provider)
        .unwrap()
        .unwrap();
    assert!(reported.work.is_empty());
    assert_eq!(reported.credit, redeemed.credit);

    ctx.env.block.time = ctx.env.block.time.plus_seconds(60);
    #[allow(deprecated)]
    let reply = Reply {
        id: sub.id,
        payload: sub.payload.clone(),
        gas_used: 0,
        result: SubMsgResult::Err("epoch closed".into()),
    };
    let response = contract::reply(ctx.deps.as_mut(), ctx.env.clone(), reply).unwrap();
    let values: Vec<_> = response
        .attributes
        .iter()
        .map(|a| a.value.as_str())
        .collect();
    assert_eq!(values, ["hook_failed", "distributor", "epoch closed"]);
    let restored = PROVIDERS
        .may_load(&ctx.deps.storage, &provider)
        .unwrap()
        .unwrap();
    assert_eq!(restored.credit, redeemed.credit);
    assert_eq!(
        (restored.work.value, restored.work.fees, restored.work.since),
        (redeemed.work.value, redeemed.work.fees, ctx.env.block.time)
    );
    let again = ctx
        .exec(
            &addr("anyone"),
            ExecuteMsg::ReportWork {
                provider: provider.to_string(),
            },
        )
        .unwrap();
    // The retried batch is the refused one, dated from the refusal.
    let batches = WorkReport::from_payload(&again.messages[0].payload)
        .unwrap()
        .batches;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].member, provider);
    assert_eq!(batches[0].work, restored.work);
}

#[test]
fn x13_channel_pages_cap_u32_max_and_start_after_a_missing_id() {
    let mut ctx = Ctx::new();
    let (alice, bob) = (addr("alice"), addr("bob"));
    let pubkey = consumer(&ctx).pubkey;
    for owner in [&alice, &bob, &alice] {
        ctx.put_channel(owner, pubkey.clone(), 10);
    }
    assert_eq!(channel_ids(&ctx, None, None), [1, 2, 3]);
    assert_eq!(channel_ids(&ctx, None, Some(1)), [2, 3]);
    assert_eq!(channel_ids(&ctx, None, Some(99)), Vec::<u64>::new());
    let of_alice = Some(ChannelFilter::Consumer(alice.to_string()));
    assert_eq!(channel_ids(&ctx, of_alice.clone(), None), [1, 3]);
    assert_eq!(channel_ids(&ctx, of_alice, Some(2)), [3]);
    let of_provider = Some(ChannelFilter::Provider(addr("provider").to_string()));
    assert_eq!(channel_ids(&ctx, of_provider.clone(), Some(0)), [1, 2, 3]);
    assert_eq!(
        channel_ids(&ctx, of_provider, Some(u64::MAX)),
        Vec::<u64>::new()
    );
    let nobody = Some(ChannelFilter::Provider(addr("nobody").to_string()));
    assert_eq!(channel_ids(&ctx, nobody, None), Vec::<u64>::new());
    // A filter's address is validated, not matched as text.
    let uppercase = addr("provider").as_str().to_uppercase();
    let err = contract::query(
        ctx.deps.as_ref(),
        ctx.env.clone(),
        QueryMsg::Channels {
            filter: Some(ChannelFilter::Provider(uppercase.clone())),
            start_after: None,
            limit: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        MockApi::default().addr_validate(&uppercase).unwrap_err()
    );
}

#[test]
fn voucher_sign_bytes_are_what_a_redemption_verifies() {
    let mut ctx = Ctx::new();
    let consumer = consumer(&ctx);
    let id = ctx.put_channel(&consumer.address, consumer.pubkey.clone(), 1_000 * UNIT);
    for mode in [SignMode::Plain, SignMode::Adr036] {
        let bytes: Binary = query(
            &ctx,
            QueryMsg::VoucherSignBytes {
                channel_id: id,
                cumulative_amount: Uint128::new(5 * UNIT),
                nonce: 3,
                sign_mode: mode,
            },
        );
        let terms = voucher::VoucherTerms {
            chain_id: &ctx.env.block.chain_id,
            contract: ctx.env.contract.address.as_str(),
            consumer: consumer.address.as_str(),
            channel_id: id,
            cumulative_amount: Uint128::new(5 * UNIT),
            nonce: 3,
        };
        assert_eq!(bytes.to_vec(), voucher::sign_bytes(mode, &terms).unwrap());
    }
    // Signing the queried bytes redeems.
    let bytes: Binary = query(
        &ctx,
        QueryMsg::VoucherSignBytes {
            channel_id: id,
            cumulative_amount: Uint128::new(5 * UNIT),
            nonce: 3,
            sign_mode: SignMode::Plain,
        },
    );
    let signature: Signature = consumer.key.sign(&bytes);
    ctx.redeem(
        id,
        5 * UNIT,
        3,
        Binary::from(signature.to_bytes().to_vec()),
        SignMode::Plain,
    )
    .unwrap();
    let err = contract::query(
        ctx.deps.as_ref(),
        ctx.env.clone(),
        QueryMsg::VoucherSignBytes {
            channel_id: 9,
            cumulative_amount: Uint128::new(1),
            nonce: 1,
            sign_mode: SignMode::Plain,
        },
    )
    .unwrap_err();
    assert_eq!(err, StdError::not_found("channel 9"));
}

#[test]
fn x10_migration_only_from_an_older_version_of_the_payment_channels() {
    let mut ctx = Ctx::new();
    let migrate =
        |ctx: &mut Ctx| contract::migrate(ctx.deps.as_mut(), ctx.env.clone(), MigrateMsg {});
    let not_older = |stored: &str| {
        Err(PaymentChannelsError::Migration(MigrationError::NotOlder {
            stored_version: stored.into(),
            version: CONTRACT_VERSION.into(),
        }))
    };
    assert_eq!(migrate(&mut ctx), not_older(CONTRACT_VERSION));
    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, "999.0.0").unwrap();
    assert_eq!(migrate(&mut ctx), not_older("999.0.0"));
    cw2::set_contract_version(&mut ctx.deps.storage, "crates.io:cw20-base", "0.0.1").unwrap();
    let before = ctx.dump();
    assert_eq!(
        migrate(&mut ctx),
        Err(PaymentChannelsError::Migration(
            MigrationError::WrongContract {
                stored_name: "crates.io:cw20-base".into(),
                name: CONTRACT_NAME.into(),
            }
        ))
    );
    assert_eq!(ctx.dump(), before);
    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let response = migrate(&mut ctx).unwrap();
    assert_eq!(response.attributes[1].value, "0.0.1");
    assert_eq!(
        cw2::get_contract_version(&ctx.deps.storage)
            .unwrap()
            .version,
        CONTRACT_VERSION
    );
    // Replayed: the version is now this one.
    assert_eq!(migrate(&mut ctx), not_older(CONTRACT_VERSION));
}
