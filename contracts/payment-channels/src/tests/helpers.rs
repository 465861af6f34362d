use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{Addr, Binary, Env, Order, OwnedDeps, Response, Storage, Uint128};
use infermesh_types::payment_channels::{
    Channel, ExecuteMsg, InstantiateMsg, ReceiveMsg, SignMode,
};

use crate::contract::{execute, instantiate};
use crate::error::PaymentChannelsResult;
use crate::state::{load_totals, save_new_channel, save_totals, Totals, NEXT_CHANNEL_ID};
use infermesh_types::payment_channels::Voucher;

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
                treasury: addr("treasury").to_string(),
                distributor: None,
                guardian: Some(addr("guardian").to_string()),
                params: None,
            },
        )
        .unwrap();
        Ctx { deps, env }
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> PaymentChannelsResult<Response> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    /// Stores a channel directly (opening one needs staking, which the mock does not have).
    pub fn put_channel(&mut self, consumer: &Addr, pubkey: Binary, deposit: u128) -> u64 {
        let id = NEXT_CHANNEL_ID.load(&self.deps.storage).unwrap();
        NEXT_CHANNEL_ID
            .save(&mut self.deps.storage, &(id + 1))
            .unwrap();
        let channel = Channel {
            id,
            consumer: consumer.clone(),
            provider: addr("provider"),
            pubkey,
            deposit: Uint128::new(deposit),
            redeemed: Uint128::zero(),
            nonce: 0,
            expires_at: self.env.block.time.plus_seconds(86_400),
            opened_at: self.env.block.time,
            fee_discount: cosmwasm_std::Decimal::zero(),
            closed_at: None,
        };
        save_new_channel(&mut self.deps.storage, &channel).unwrap();
        let mut totals = self.totals();
        totals.channel_balances += Uint128::new(deposit);
        save_totals(&mut self.deps.storage, &totals);
        id
    }

    pub fn redeem(
        &mut self,
        channel_id: u64,
        amount: u128,
        nonce: u64,
        signature: Binary,
        sign_mode: SignMode,
    ) -> PaymentChannelsResult<Response> {
        self.exec(
            &addr("provider"),
            ExecuteMsg::Redeem(Voucher {
                channel_id,
                cumulative_amount: Uint128::new(amount),
                nonce,
                signature,
                sign_mode,
            }),
        )
    }

    /// The cw20 hook as the token would call it for `from`'s Send of `amount`.
    pub fn receive(
        &mut self,
        from: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> PaymentChannelsResult<Response> {
        let msg = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
            sender: from.to_string(),
            amount: Uint128::new(amount),
            msg: cosmwasm_std::to_json_binary(hook).unwrap(),
        });
        self.exec(&addr("token"), msg)
    }

    pub fn totals(&self) -> Totals {
        load_totals(&self.deps.storage).unwrap()
    }

    pub fn dump(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.deps
            .storage
            .range(None, None, Order::Ascending)
            .collect()
    }
}

/// A consumer's secp256k1 key, derived from `seed`, with the address the contract derives from
/// its public key.
pub struct Consumer {
    pub key: k256::ecdsa::SigningKey,
    pub address: Addr,
    pub pubkey: Binary,
}

pub fn consumer_from_seed(ctx: &Ctx, seed: &[u8]) -> Consumer {
    use sha2::{Digest, Sha256};
    let key = k256::ecdsa::SigningKey::from_slice(Sha256::digest(seed).as_slice()).unwrap();
    let pubkey = Binary::from(
        key.verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec(),
    );
    let address = crate::open::derive_address(ctx.deps.as_ref(), &pubkey).unwrap();
    Consumer {
        key,
        address,
        pubkey,
    }
}

/// `consumer`'s plain-mode signature of a voucher on `channel_id`.
pub fn sign_voucher(
    ctx: &Ctx,
    consumer: &Consumer,
    channel_id: u64,
    amount: u128,
    nonce: u64,
) -> Binary {
    use infermesh_types::payment_channels::{voucher, SignMode};
    use k256::ecdsa::{signature::Signer, Signature};
    let terms = voucher::VoucherTerms {
        chain_id: &ctx.env.block.chain_id,
        contract: ctx.env.contract.address.as_str(),
        consumer: consumer.address.as_str(),
        channel_id,
        cumulative_amount: Uint128::new(amount),
        nonce,
    };
    let signature: Signature = consumer
        .key
        .sign(&voucher::sign_bytes(SignMode::Plain, &terms).unwrap());
    Binary::from(signature.to_bytes().to_vec())
}
