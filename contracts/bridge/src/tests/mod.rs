//! The bridge's entry points driven with cosmwasm-std's mocks: `Side` is one chain's bridge with a
//! book of the cw20 effects of its responses, `Link` two sides joined by a channel, delivering,
//! acknowledging and timing out packets as a relayer would.

mod adversarial;
mod flows;
mod props;

use std::collections::BTreeMap;

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Checksum, CodeInfoResponse, ContractResult, CosmosMsg,
    Env, IbcAcknowledgement, IbcChannel, IbcChannelCloseMsg, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcEndpoint, IbcMsg, IbcOrder, IbcPacket, IbcPacketAckMsg,
    IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcTimeout, MsgResponse, OwnedDeps, Reply, Response,
    SubMsgResponse, SubMsgResult, SystemResult, Uint128, WasmMsg, WasmQuery,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use infermesh_types::bridge::{
    ChannelResponse, ExecuteMsg, Ics20Ack, Ics20Packet, InstantiateMsg, Mode, QueryMsg, RateLimit,
    ReceiveMsg, TransferMsg, ICS20_VERSION,
};

use crate::contract;
use crate::error::BridgeResult;
use crate::send::encode_send_response;

pub const WRAPPED_CODE_ID: u64 = 7;
pub const CONNECTION: &str = "connection-0";
pub const HOME_PORT: &str = "wasm.home";
pub const REMOTE_PORT: &str = "wasm.remote";
pub const CHANNEL: &str = "channel-0";
pub const LIMIT: u128 = 1_000_000_000;
pub const PERIOD: u64 = 3_600;

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub fn rate_limit(max_flow: u128) -> RateLimit {
    RateLimit {
        max_flow: Uint128::new(max_flow),
        period_seconds: PERIOD,
    }
}

/// One chain's bridge and what its responses did to cw20 balances.
pub struct Side {
    pub deps: Deps,
    pub env: Env,
    pub owner: Addr,
    pub guardian: Addr,
    pub token: Addr,
    pub home: bool,
    pub port: String,
    /// (token, holder) → balance, as the responses' cw20 messages moved them.
    pub balances: BTreeMap<(String, String), u128>,
    pub supply: BTreeMap<String, u128>,
    next_sequence: BTreeMap<String, u64>,
}

impl Side {
    pub fn home() -> Side {
        let deps = mock_dependencies();
        let token = deps.api.addr_make("mesh-token");
        Side::new(deps, true, token, HOME_PORT)
    }

    pub fn remote(home_token: &Addr) -> Side {
        let mut deps = mock_dependencies();
        let creator = deps.api.addr_make("code-creator");
        deps.querier.update_wasm(move |query| match query {
            WasmQuery::CodeInfo { code_id } if *code_id == WRAPPED_CODE_ID => {
                SystemResult::Ok(ContractResult::Ok(
                    to_json_binary(&CodeInfoResponse::new(
                        WRAPPED_CODE_ID,
                        creator.clone(),
                        Checksum::from([7u8; 32]),
                    ))
                    .unwrap(),
                ))
            }
            _ => SystemResult::Err(cosmwasm_std::SystemError::NoSuchCode { code_id: 0 }),
        });
        Side::new(deps, false, home_token.clone(), REMOTE_PORT)
    }

    /// `token` is the home chain's MESH token on both sides: the home bridge escrows it, the
    /// remote one names it in its home denom.
    fn new(mut deps: Deps, home: bool, token: Addr, port: &str) -> Side {
        let owner = deps.api.addr_make("owner");
        let guardian = deps.api.addr_make("guardian");
        let mode = if home {
            Mode::Home {
                token: token.to_string(),
            }
        } else {
            Mode::Remote {
                home_denom: format!("cw20:{token}"),
                wrapped_code_id: WRAPPED_CODE_ID,
                wrapped_name: "Wrapped InferMesh".into(),
                wrapped_symbol: "wMESH".into(),
                wrapped_decimals: 6,
            }
        };
        let env = mock_env();
        contract::instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&owner, &[]),
            InstantiateMsg {
                owner: owner.to_string(),
                guardian: Some(guardian.to_string()),
                mode,
                params: None,
            },
        )
        .unwrap();
        Side {
            deps,
            env,
            owner,
            guardian,
            token,
            home,
            port: port.to_string(),
            balances: BTreeMap::new(),
            supply: BTreeMap::new(),
            next_sequence: BTreeMap::new(),
        }
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    pub fn bridge(&self) -> Addr {
        self.env.contract.address.clone()
    }

    pub fn execute(&mut self, sender: &Addr, msg: ExecuteMsg) -> BridgeResult<Response> {
        let response = contract::execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )?;
        self.apply(&response.messages);
        Ok(response)
    }

    pub fn allow(&mut self, port: &str, max_flow: u128) {
        let owner = self.owner.clone();
        self.execute(
            &owner,
            ExecuteMsg::AllowCounterparty {
                connection_id: CONNECTION.into(),
                port_id: port.into(),
                rate_limit: rate_limit(max_flow),
            },
        )
        .unwrap();
    }

    pub fn channel_end(&self, channel_id: &str, counterparty_port: &str) -> IbcChannel {
        IbcChannel::new(
            IbcEndpoint {
                port_id: self.port.clone(),
                channel_id: channel_id.into(),
            },
            IbcEndpoint {
                port_id: counterparty_port.into(),
                channel_id: channel_id.into(),
            },
            IbcOrder::Unordered,
            ICS20_VERSION,
            CONNECTION,
        )
    }

    /// The try and confirm steps of a handshake the other side started.
    pub fn open(&mut self, channel_id: &str, counterparty_port: &str) -> BridgeResult<()> {
        let channel = self.channel_end(channel_id, counterparty_port);
        contract::ibc_channel_open(
            self.deps.as_mut(),
            self.env.clone(),
            IbcChannelOpenMsg::new_try(channel.clone(), ICS20_VERSION),
        )?;
        contract::ibc_channel_connect(
            self.deps.as_mut(),
            self.env.clone(),
            IbcChannelConnectMsg::new_confirm(channel),
        )?;
        Ok(())
    }

    pub fn close_confirm(&mut self, channel_id: &str, counterparty_port: &str) {
        let channel = self.channel_end(channel_id, counterparty_port);
        contract::ibc_channel_close(
            self.deps.as_mut(),
            self.env.clone(),
            IbcChannelCloseMsg::new_confirm(channel),
        )
        .unwrap();
    }

    pub fn channel(&self, channel_id: &str) -> ChannelResponse {
        self.query(QueryMsg::Channel {
            channel_id: channel_id.into(),
        })
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(contract::query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    /// The cw20 this side sends from: home, its token; remote, the channel's wrapped token.
    pub fn send_token(&self, channel_id: &str) -> Addr {
        if self.home {
            self.token.clone()
        } else {
            self.channel(channel_id)
                .wrapped
                .unwrap_or_else(|| self.addr("no-wrapped-token"))
        }
    }

    pub fn balance(&self, token: &Addr, holder: &Addr) -> u128 {
        *self
            .balances
            .get(&(token.to_string(), holder.to_string()))
            .unwrap_or(&0)
    }

    pub fn credit(&mut self, token: &Addr, holder: &Addr, amount: u128) {
        *self
            .balances
            .entry((token.to_string(), holder.to_string()))
            .or_default() += amount;
    }

    fn debit(&mut self, token: &Addr, holder: &Addr, amount: u128) {
        let balance = self
            .balances
            .entry((token.to_string(), holder.to_string()))
            .or_default();
        *balance = balance.checked_sub(amount).expect("cw20 balance underflow");
    }

    /// `sender`'s cw20 Send of `amount` to the bridge with `hook`: the tokens move to the bridge
    /// as the cw20 would move them, then the bridge's Receive runs (a refused Receive reverts
    /// both). A committed packet gets its sequence through the reply, as wasmd gives it.
    pub fn send(
        &mut self,
        sender: &Addr,
        channel_id: &str,
        amount: u128,
        hook: TransferMsg,
    ) -> BridgeResult<Option<IbcPacket>> {
        let token = self.send_token(channel_id);
        self.send_hook(
            &token,
            sender,
            amount,
            to_json_binary(&ReceiveMsg::Transfer(hook)).unwrap(),
        )
    }

    pub fn send_hook(
        &mut self,
        token: &Addr,
        sender: &Addr,
        amount: u128,
        hook: Binary,
    ) -> BridgeResult<Option<IbcPacket>> {
        let response = contract::execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(token, &[]),
            ExecuteMsg::Receive(Cw20ReceiveMsg {
                sender: sender.to_string(),
                amount: Uint128::new(amount),
                msg: hook,
            }),
        )?;
        let bridge = self.bridge();
        self.debit(token, sender, amount);
        self.credit(token, &bridge, amount);
        self.apply(&response.messages);
        let mut packet = None;
        for sub in &response.messages {
            if let CosmosMsg::Ibc(IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            }) = &sub.msg
            {
                let sequence = self.next_sequence.entry(channel_id.clone()).or_insert(1);
                let this = *sequence;
                *sequence += 1;
                let counterparty = self.channel(channel_id);
                #[allow(deprecated)]
                let reply = Reply {
                    id: sub.id,
                    payload: sub.payload.clone(),
                    gas_used: 0,
                    result: SubMsgResult::Ok(SubMsgResponse {
                        events: vec![],
                        data: None,
                        msg_responses: vec![MsgResponse {
                            type_url: "/cosmwasm.wasm.v1.MsgIBCSendResponse".into(),
                            value: encode_send_response(this),
                        }],
                    }),
                };
                contract::reply(self.deps.as_mut(), self.env.clone(), reply).unwrap();
                packet = Some(IbcPacket::new(
                    data.clone(),
                    IbcEndpoint {
                        port_id: self.port.clone(),
                        channel_id: channel_id.clone(),
                    },
                    IbcEndpoint {
                        port_id: counterparty.counterparty_port_id,
                        channel_id: counterparty.counterparty_channel_id,
                    },
                    this,
                    timeout.clone(),
                ));
            }
        }
        Ok(packet)
    }

    /// Delivers `packet` here and returns the acknowledgement this bridge wrote.
    pub fn receive(&mut self, packet: &IbcPacket) -> (Ics20Ack, Binary) {
        let relayer = self.addr("relayer");
        let response = contract::ibc_packet_receive(
            self.deps.as_mut(),
            self.env.clone(),
            IbcPacketReceiveMsg::new(packet.clone(), relayer),
        )
        .unwrap();
        self.apply(&response.messages);
        let bytes = response
            .acknowledgement
            .clone()
            .expect("an acknowledgement");
        (from_json(&bytes).unwrap(), bytes)
    }

    pub fn acknowledge(&mut self, packet: &IbcPacket, ack: Binary) -> BridgeResult<Response> {
        let relayer = self.addr("relayer");
        let response = contract::ibc_packet_ack(
            self.deps.as_mut(),
            self.env.clone(),
            IbcPacketAckMsg::new(IbcAcknowledgement::new(ack), packet.clone(), relayer),
        )?;
        self.apply(&response.messages);
        Ok(Response::new().add_attributes(response.attributes))
    }

    pub fn time_out(&mut self, packet: &IbcPacket) -> BridgeResult<Response> {
        let relayer = self.addr("relayer");
        let response = contract::ibc_packet_timeout(
            self.deps.as_mut(),
            self.env.clone(),
            IbcPacketTimeoutMsg::new(packet.clone(), relayer),
        )?;
        self.apply(&response.messages);
        Ok(Response::new().add_attributes(response.attributes))
    }

    /// Applies the cw20 messages of a response to the book, as the chain would execute them.
    fn apply(&mut self, messages: &[cosmwasm_std::SubMsg]) {
        let bridge = self.bridge();
        // Every address a response names is validated as the chain would: a malformed recipient
        // fails the test instead of being booked.
        let api = self.deps.api;
        let valid = |address: &str| cosmwasm_std::Api::addr_validate(&api, address).unwrap();
        for sub in messages {
            match &sub.msg {
                CosmosMsg::Wasm(WasmMsg::Execute {
                    contract_addr, msg, ..
                }) => {
                    let token = valid(contract_addr);
                    match from_json(msg).unwrap() {
                        Cw20ExecuteMsg::Transfer { recipient, amount } => {
                            self.debit(&token, &bridge, amount.u128());
                            self.credit(&token, &valid(&recipient), amount.u128());
                        }
                        Cw20ExecuteMsg::Mint { recipient, amount } => {
                            self.credit(&token, &valid(&recipient), amount.u128());
                            *self.supply.entry(contract_addr.clone()).or_default() += amount.u128();
                        }
                        Cw20ExecuteMsg::Burn { amount } => {
                            self.debit(&token, &bridge, amount.u128());
                            let supply = self.supply.entry(contract_addr.clone()).or_default();
                            *supply = supply.checked_sub(amount.u128()).unwrap();
                        }
                        other => panic!("unexpected cw20 call {other:?}"),
                    }
                }
                CosmosMsg::Wasm(WasmMsg::Instantiate2 { msg, salt, .. }) => {
                    let init: cw20_base::msg::InstantiateMsg = from_json(msg).unwrap();
                    assert_eq!(
                        init.mint.as_ref().map(|m| m.minter.as_str()),
                        Some(bridge.as_str())
                    );
                    // The salt is the channel id; the bridge recorded the token's address there.
                    let channel_id = String::from_utf8(salt.to_vec()).unwrap();
                    let wrapped = self.channel(&channel_id).wrapped.unwrap();
                    for coin in init.initial_balances {
                        self.credit(&wrapped, &valid(&coin.address), coin.amount.u128());
                        *self.supply.entry(wrapped.to_string()).or_default() += coin.amount.u128();
                    }
                }
                CosmosMsg::Ibc(IbcMsg::SendPacket { .. }) => {}
                other => panic!("unexpected message {other:?}"),
            }
        }
    }
}

/// A home and a remote bridge joined by `channel-0` (each end's id), as a relayer would open it.
pub struct Link {
    pub home: Side,
    pub remote: Side,
}

impl Link {
    pub fn new() -> Link {
        let mut home = Side::home();
        let mut remote = Side::remote(&home.token);
        home.allow(REMOTE_PORT, LIMIT);
        remote.allow(HOME_PORT, LIMIT);
        home.open(CHANNEL, REMOTE_PORT).unwrap();
        remote.open(CHANNEL, HOME_PORT).unwrap();
        Link { home, remote }
    }

    /// `holder` on the home chain starts with `amount` tokens.
    pub fn fund(&mut self, holder: &Addr, amount: u128) {
        let token = self.home.token.clone();
        self.home.credit(&token, holder, amount);
    }

    pub fn wrapped(&self) -> Option<Addr> {
        self.remote.channel(CHANNEL).wrapped
    }

    pub fn wrapped_supply(&self) -> u128 {
        self.wrapped()
            .map(|w| *self.remote.supply.get(w.as_str()).unwrap_or(&0))
            .unwrap_or(0)
    }

    /// Delivers a home packet to the remote side and its acknowledgement back; returns the ack.
    pub fn relay_to_remote(&mut self, packet: &IbcPacket) -> Ics20Ack {
        let (ack, bytes) = self.remote.receive(packet);
        self.home.acknowledge(packet, bytes).unwrap();
        ack
    }

    pub fn relay_to_home(&mut self, packet: &IbcPacket) -> Ics20Ack {
        let (ack, bytes) = self.home.receive(packet);
        self.remote.acknowledge(packet, bytes).unwrap();
        ack
    }
}

pub fn transfer(receiver: &Addr) -> TransferMsg {
    TransferMsg {
        channel_id: CHANNEL.into(),
        receiver: receiver.to_string(),
        timeout_seconds: None,
        memo: None,
    }
}

/// A packet as another chain would send it to `side` over `channel-0`.
pub fn incoming(side: &Side, data: impl Into<Binary>, sequence: u64) -> IbcPacket {
    let counterparty = side.channel(CHANNEL);
    IbcPacket::new(
        data,
        IbcEndpoint {
            port_id: counterparty.counterparty_port_id,
            channel_id: counterparty.counterparty_channel_id,
        },
        IbcEndpoint {
            port_id: side.port.clone(),
            channel_id: CHANNEL.into(),
        },
        sequence,
        IbcTimeout::with_timestamp(side.env.block.time.plus_seconds(600)),
    )
}

pub fn packet_json(denom: &str, amount: u128, sender: &Addr, receiver: &str) -> Binary {
    to_json_binary(&Ics20Packet {
        denom: denom.into(),
        amount: Uint128::new(amount),
        sender: sender.to_string(),
        receiver: receiver.into(),
        memo: String::new(),
    })
    .unwrap()
}
