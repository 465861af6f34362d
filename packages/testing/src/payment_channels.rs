//! Payment-channel helpers of the suite: consumers that hold a secp256k1 key (their address
//! derives from it, as on a real chain), so vouchers are signed exactly as a wallet would.

use cosmwasm_std::{Addr, Api, Binary, CanonicalAddr, Timestamp, Uint128};
use cw_multi_test::AppResponse;
use infermesh_types::payment_channels::{
    voucher, Channel, ConfigUpdate, ExecuteMsg, Params, QueryMsg, ReceiveMsg, SignMode,
    TotalsResponse,
};
use k256::ecdsa::{signature::Signer, Signature, SigningKey};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

use crate::bill_escrow::attribute;
use crate::suite::{AnyResult, Suite};
use infermesh_types::payment_channels::OpenChannel;
use infermesh_types::payment_channels::Voucher;
use infermesh_types::signing::Signed;

/// A consumer whose address is derived from a secp256k1 key.
#[derive(Clone)]
pub struct KeyAccount {
    pub key: SigningKey,
    /// 33-byte compressed public key.
    pub pubkey: Binary,
    pub address: Addr,
}

impl KeyAccount {
    /// Signs `message` as secp256k1 over its sha256 (what Keplr and cosmjs do), 64-byte compact.
    pub fn sign(&self, message: &[u8]) -> Binary {
        let signature: Signature = self.key.sign(message);
        Binary::from(signature.to_bytes().to_vec())
    }
}

impl Suite {
    /// A deterministic key account for `seed`, remembered so consents can be signed for its
    /// address ([`Suite::key_of`]).
    pub fn key_account(&self, seed: &str) -> KeyAccount {
        let secret = Sha256::digest(format!("infermesh-key-{seed}").as_bytes());
        let key = SigningKey::from_slice(secret.as_slice()).expect("a valid secret key");
        let pubkey = key
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec();
        let hash = Ripemd160::digest(Sha256::digest(&pubkey));
        let address = self
            .app
            .api()
            .addr_humanize(&CanonicalAddr::from(hash.as_slice()))
            .expect("a bech32 address");
        let account = KeyAccount {
            key,
            pubkey: Binary::from(pubkey),
            address,
        };
        self.keys
            .borrow_mut()
            .insert(account.address.clone(), account.clone());
        account
    }

    /// The key account of `address`, if [`Suite::key_account`] made it.
    pub fn key_of(&self, address: &Addr) -> Option<KeyAccount> {
        self.keys.borrow().get(address).cloned()
    }

    /// `signer`'s signed statement of `message` (plain mode); an unsigned placeholder (which the
    /// contracts refuse) when `signer` has no key here.
    pub fn signed_by(&self, signer: &Addr, message: impl Fn(&str) -> Vec<u8>) -> Signed {
        match self.key_of(signer) {
            Some(key) => Signed {
                pubkey: key.pubkey.clone(),
                signature: key.sign(&message(signer.as_str())),
                sign_mode: SignMode::Plain,
            },
            None => Signed {
                pubkey: Binary::default(),
                signature: Binary::default(),
                sign_mode: SignMode::Plain,
            },
        }
    }

    pub fn channels_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let channels = self.payment_channels.addr().clone();
        self.execute(sender, &channels, msg)
    }

    pub fn channels_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> AnyResult<T> {
        Ok(self
            .app
            .wrap()
            .query_wasm_smart(self.payment_channels.addr(), msg)?)
    }

    pub fn channels_totals(&self) -> TotalsResponse {
        self.channels_query(&QueryMsg::Totals {})
            .expect("totals query")
    }

    /// What the channels contract owes, which it must hold at least (docs/invariants.md §2):
    /// unredeemed channel balances, credits, and the protocol fees owed to the treasury and the
    /// governance pool and pending burn.
    pub fn channels_owed(&self) -> u128 {
        let t = self.channels_totals();
        (t.channel_balances + t.credits + t.treasury_fees + t.pool_fees + t.burn_pending).u128()
    }

    pub fn channels_params(&self) -> Params {
        self.channels_query(&QueryMsg::Params {})
            .expect("params query")
    }

    /// The owner's emergency adjustment: tests set parameters up outside the parameter guard
    /// (`UpdateParams` is the guarded path).
    pub fn update_channels_params(&mut self, params: Params) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.channels_execute(&owner, &ExecuteMsg::EmergencyUpdateParams { params })
    }

    /// The owner replaces the given addresses of the channels contract's configuration.
    pub fn update_channels_config(&mut self, update: ConfigUpdate) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.channels_execute(&owner, &ExecuteMsg::UpdateConfig(update))
    }

    /// Opens a channel by cw20 Send of `deposit` from `consumer`'s key account.
    pub fn open_channel(
        &mut self,
        consumer: &KeyAccount,
        provider: &Addr,
        deposit: u128,
        expires_at: Timestamp,
    ) -> AnyResult<u64> {
        let channels = self.payment_channels.addr().clone();
        let response = self.send(
            &consumer.address,
            &channels,
            deposit,
            &ReceiveMsg::OpenChannel(OpenChannel {
                provider: provider.to_string(),
                pubkey: consumer.pubkey.clone(),
                expires_at,
            }),
        )?;
        Ok(attribute(&response, "channel_id")
            .expect("open_channel emits channel_id")
            .parse()?)
    }

    pub fn top_up(
        &mut self,
        consumer: &Addr,
        channel_id: u64,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let channels = self.payment_channels.addr().clone();
        self.send(
            consumer,
            &channels,
            amount,
            &ReceiveMsg::TopUp { channel_id },
        )
    }

    /// The consumer's voucher signature for this suite's chain and channels contract.
    pub fn sign_voucher(
        &self,
        consumer: &KeyAccount,
        channel_id: u64,
        cumulative_amount: u128,
        nonce: u64,
        mode: SignMode,
    ) -> Binary {
        let chain_id = self.app.block_info().chain_id;
        let terms = voucher::VoucherTerms {
            chain_id: &chain_id,
            contract: self.payment_channels.addr().as_str(),
            consumer: consumer.address.as_str(),
            channel_id,
            cumulative_amount: Uint128::new(cumulative_amount),
            nonce,
        };
        let bytes = voucher::sign_bytes(mode, &terms).expect("voucher bytes");
        consumer.sign(&bytes)
    }

    pub fn redeem(
        &mut self,
        provider: &Addr,
        channel_id: u64,
        cumulative_amount: u128,
        nonce: u64,
        signature: Binary,
        sign_mode: SignMode,
    ) -> AnyResult<AppResponse> {
        self.channels_execute(
            provider,
            &ExecuteMsg::Redeem(Voucher {
                channel_id,
                cumulative_amount: Uint128::new(cumulative_amount),
                nonce,
                signature,
                sign_mode,
            }),
        )
    }

    /// The payee withdraws its whole credit from the channels contract, with what the protocol
    /// fees owe it; the pending burn goes with it.
    pub fn channels_withdraw(&mut self, payee: &Addr) -> AnyResult<AppResponse> {
        self.channels_execute(payee, &ExecuteMsg::Withdraw {})
    }

    /// What `payee` may withdraw from the channels contract: its credit and the fees owed to it.
    pub fn channels_credit(&self, payee: &Addr) -> u128 {
        let credit: Uint128 = self
            .channels_query(&QueryMsg::Credit {
                address: payee.to_string(),
            })
            .expect("credit query");
        credit.u128()
    }

    pub fn reclaim(&mut self, consumer: &Addr, channel_id: u64) -> AnyResult<AppResponse> {
        self.channels_execute(consumer, &ExecuteMsg::Reclaim { channel_id })
    }

    pub fn channel(&self, channel_id: u64) -> Channel {
        self.channels_query(&QueryMsg::Channel { channel_id })
            .expect("channel query")
    }

    /// Every raw storage entry of the channels contract, to prove a rejected message changed nothing.
    pub fn channels_storage(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.app.dump_wasm_raw(self.payment_channels.addr())
    }
}
