use std::cell::RefCell;
use std::collections::BTreeMap;

use cosmwasm_std::{instantiate2_address, Addr, Api, QuerierWrapper, Timestamp, Uint128};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, TokenInfoResponse};
use std::cell::Cell;
use std::rc::Rc;

use cosmwasm_std::testing::MockApi;
use cw_multi_test::{App, AppBuilder, AppResponse, BankKeeper, Executor};
use infermesh_types::bill_escrow::{self, BillEscrowClient};
use infermesh_types::payment_channels::{self, PaymentChannelsClient};
use infermesh_types::reputation::{self, ReputationClient};
use infermesh_types::staking::{self, StakingClient};
use infermesh_types::token::{self, AllocationCategory, TokenClient};
use infermesh_types::vesting::{self, GrantResponse, VestingClient, VestingPlan};
use serde::Serialize;

use crate::gas::MeteredStorage;
use crate::payment_channels::KeyAccount;

/// The suite's app: the default modules over a storage that meters the SDK's storage gas.
pub type SuiteApp = App<BankKeeper, MockApi, MeteredStorage>;

use crate::contracts::{
    bill_escrow_contract, dao_contract, distributor_contract, payment_channels_contract,
    receiver_contract, reputation_contract, staking_contract, token_contract, vesting_contract,
};
use infermesh_types::vesting::GrantRequest;

pub type AnyResult<T> = Result<T, cw_multi_test::error::AnyError>;

/// Which named account holds each genesis allocation in the suite (and on the localnet). The
/// categories vested at genesis are held by the vesting contract; their account is the
/// beneficiary of the genesis grant that locks them. The provider-rewards allocation is minted
/// to the reward distributor at its predictable address ([`DISTRIBUTOR_HOLDER`], a contract, not
/// an account), the community treasury to the DAO's ([`DAO_HOLDER`]).
pub const GENESIS_HOLDERS: [(AllocationCategory, &str); 7] = [
    (AllocationCategory::ProviderRewards, DISTRIBUTOR_HOLDER),
    (AllocationCategory::CommunityTreasury, DAO_HOLDER),
    (AllocationCategory::TeamAndAdvisors, "team"),
    (AllocationCategory::EarlyInvestors, "investors"),
    (AllocationCategory::PublicSale, "publicsale"),
    (AllocationCategory::EcosystemDevelopment, "ecosystem"),
    (AllocationCategory::Liquidity, "liquidity"),
];

/// The holder name of the allocation minted to the reward distributor.
pub const DISTRIBUTOR_HOLDER: &str = "distributor";
/// The holder name of the allocation minted to the DAO (the community treasury).
pub const DAO_HOLDER: &str = "dao";

pub fn holder_of(category: AllocationCategory) -> &'static str {
    GENESIS_HOLDERS
        .iter()
        .find(|(c, _)| *c == category)
        .map(|(_, name)| *name)
        .expect("every category has a holder")
}

/// Salt of the suite's token, instantiated with instantiate2 by the owner: its address, and so the
/// address of the vesting contract its genesis creates, are known before it exists.
/// scripts/deploy.sh does the same with a fresh salt per deployment.
pub const TOKEN_SALT: &[u8] = b"infermesh-token";

/// Salt of the suite's distributor, instantiated with instantiate2 by the owner: the genesis
/// mints the provider-rewards allocation to its address before it exists. scripts/deploy.sh
/// does the same with a fresh salt per genesis.
pub const DISTRIBUTOR_SALT: &[u8] = b"infermesh-distributor";

/// Salt of the suite's DAO, instantiated with instantiate2 by the owner: the genesis mints the
/// community treasury to its address before it exists, and the escrow, the channels and vesting
/// pay their treasury shares there. scripts/deploy.sh does the same with a salt per genesis.
pub const DAO_SALT: &[u8] = b"infermesh-dao";

/// The canonical genesis of the suite (and of the localnet, scripts/deploy.sh): the liquid
/// categories to their holders; the team and investor categories into the vesting contract, each
/// locked by one genesis grant of the whole allocation to its holder account as beneficiary
/// (until real beneficiaries exist); the public-sale and ecosystem holders the funders of their
/// own plans; the provider-rewards allocation to the distributor the owner will instantiate
/// from `distributor_code` with [`DISTRIBUTOR_SALT`], the community treasury to the DAO it will
/// instantiate from `dao_code` with [`DAO_SALT`]. Returns the message, the vesting contract's
/// address, the distributor's and the DAO's.
pub fn genesis_token_msg(
    api: &MockApi,
    querier: &QuerierWrapper,
    owner: &Addr,
    token_code: u64,
    vesting_code: u64,
    distributor_code: u64,
    dao_code: u64,
) -> AnyResult<(token::InstantiateMsg, Addr, Addr, Addr)> {
    let checksum = |code_id| {
        querier
            .query_wasm_code_info(code_id)
            .map(|info| info.checksum)
    };
    let creator = api.addr_canonicalize(owner.as_str())?;
    let token = api.addr_humanize(&instantiate2_address(
        checksum(token_code)?.as_slice(),
        &creator,
        TOKEN_SALT,
    )?)?;
    let vesting = token::genesis_vesting_address(api, &token, &checksum(vesting_code)?)?;
    let distributor = api.addr_humanize(&instantiate2_address(
        checksum(distributor_code)?.as_slice(),
        &creator,
        DISTRIBUTOR_SALT,
    )?)?;
    let dao = api.addr_humanize(&instantiate2_address(
        checksum(dao_code)?.as_slice(),
        &creator,
        DAO_SALT,
    )?)?;
    let account = |category| match category {
        AllocationCategory::ProviderRewards => distributor.to_string(),
        AllocationCategory::CommunityTreasury => dao.to_string(),
        _ => api.addr_make(holder_of(category)).into_string(),
    };
    let genesis_vesting = token::GenesisVesting {
        code_id: vesting_code,
        admin: Some(owner.to_string()),
        label: "vesting".to_string(),
        owner: owner.to_string(),
        treasury: account(AllocationCategory::CommunityTreasury),
        funders: VestingPlan::ALL
            .into_iter()
            .filter(|plan| !plan.category().vested_at_genesis())
            .map(|plan| vesting::FunderEntry {
                address: account(plan.category()),
                plan,
            })
            .collect(),
        grants: VestingPlan::ALL
            .into_iter()
            .filter(|plan| plan.category().vested_at_genesis())
            .map(|plan| vesting::GenesisGrant {
                beneficiary: account(plan.category()),
                plan,
                amount: plan.category().genesis_amount(),
            })
            .collect(),
    };
    let msg = token::InstantiateMsg::genesis(
        "InferMesh",
        "MESH",
        genesis_vesting,
        vesting.as_str(),
        account,
    );
    Ok((msg, vesting, distributor, dao))
}

/// A test's change to the canonical genesis message.
type TokenMsgEdit<'a> = Box<dyn FnOnce(&mut token::InstantiateMsg) + 'a>;

#[derive(Default)]
pub struct SuiteBuilder<'a> {
    token_edit: Option<TokenMsgEdit<'a>>,
}

impl<'a> SuiteBuilder<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Edits the canonical genesis message ([`genesis_token_msg`]) before the token is
    /// instantiated (for tests of instantiation itself).
    pub fn with_token_msg(mut self, edit: impl FnOnce(&mut token::InstantiateMsg) + 'a) -> Self {
        self.token_edit = Some(Box::new(edit));
        self
    }

    pub fn build(self) -> Suite {
        self.try_build().expect("suite deploys")
    }

    pub fn try_build(self) -> AnyResult<Suite> {
        let storage = MeteredStorage::default();
        let storage_gas = storage.meter();
        let mut app = AppBuilder::new().with_storage(storage).build(|_, _, _| {});
        let api = *app.api();
        let owner = api.addr_make("dao");
        let token_code = app.store_code(token_contract());
        let vesting_code = app.store_code(vesting_contract());
        let receiver_code = app.store_code(receiver_contract());
        let staking_code = app.store_code(staking_contract());
        let reputation_code = app.store_code(reputation_contract());
        let bill_escrow_code = app.store_code(bill_escrow_contract());
        let payment_channels_code = app.store_code(payment_channels_contract());
        let distributor_code = app.store_code(distributor_contract());
        let dao_code = app.store_code(dao_contract());
        // The token's instantiate creates the vesting contract (docs/token.md §2).
        let (mut token_msg, vesting, genesis_distributor, genesis_dao) = genesis_token_msg(
            &api,
            &app.wrap(),
            &owner,
            token_code,
            vesting_code,
            distributor_code,
            dao_code,
        )?;
        if let Some(edit) = self.token_edit {
            edit(&mut token_msg);
        }
        let token = app.instantiate2_contract(
            token_code,
            owner.clone(),
            &token_msg,
            &[],
            "token",
            Some(owner.to_string()),
            TOKEN_SALT,
        )?;
        let staking = app.instantiate_contract(
            staking_code,
            owner.clone(),
            &staking::InstantiateMsg {
                owner: owner.to_string(),
                token: token.to_string(),
                slashers: vec![owner.to_string()],
                jailers: vec![],
                guardian: None,
                params: None,
            },
            &[],
            "staking",
            Some(owner.to_string()),
        )?;
        // Reputation: outcomes from the escrow (a named account until the escrow exists); it jails
        // operators whose score falls, so staking lists it as a jailer.
        let reputation = app.instantiate_contract(
            reputation_code,
            owner.clone(),
            &reputation::InstantiateMsg {
                owner: owner.to_string(),
                staking: staking.to_string(),
                escrow: api.addr_make("escrow").into_string(),
                params: None,
            },
            &[],
            "reputation",
            Some(owner.to_string()),
        )?;
        let staking_config: staking::ConfigResponse = app
            .wrap()
            .query_wasm_smart(&staking, &staking::QueryMsg::Config {})?;
        let mut jailers: Vec<String> = staking_config
            .jailers
            .iter()
            .map(|jailer| jailer.to_string())
            .collect();
        jailers.push(reputation.to_string());
        app.execute_contract(
            owner.clone(),
            staking.clone(),
            &staking::ExecuteMsg::UpdateConfig {
                slashers: None,
                jailers: Some(jailers),
                guardian: None,
                distributor: None,
            },
            &[],
        )?;
        // Bill escrow: slashes through staking and is reputation's only outcome reporter.
        let bill_escrow = app.instantiate_contract(
            bill_escrow_code,
            owner.clone(),
            &bill_escrow::InstantiateMsg {
                owner: owner.to_string(),
                token: token.to_string(),
                staking: staking.to_string(),
                reputation: reputation.to_string(),
                treasury: genesis_dao.to_string(),
                distributor: None,
                arbiter: None,
                guardian: None,
                params: None,
            },
            &[],
            "bill-escrow",
            Some(owner.to_string()),
        )?;
        let staking_config: staking::ConfigResponse = app
            .wrap()
            .query_wasm_smart(&staking, &staking::QueryMsg::Config {})?;
        let mut slashers: Vec<String> = staking_config
            .slashers
            .iter()
            .map(|slasher| slasher.to_string())
            .collect();
        slashers.push(bill_escrow.to_string());
        app.execute_contract(
            owner.clone(),
            staking.clone(),
            &staking::ExecuteMsg::UpdateConfig {
                slashers: Some(slashers),
                jailers: None,
                guardian: None,
                distributor: None,
            },
            &[],
        )?;
        app.execute_contract(
            owner.clone(),
            reputation.clone(),
            &reputation::ExecuteMsg::UpdateConfig {
                staking: None,
                escrow: Some(bill_escrow.to_string()),
                params: None,
            },
            &[],
        )?;
        // Payment channels: pays providers by signed vouchers; reads tiers from staking.
        let payment_channels = app.instantiate_contract(
            payment_channels_code,
            owner.clone(),
            &payment_channels::InstantiateMsg {
                owner: owner.to_string(),
                token: token.to_string(),
                staking: staking.to_string(),
                treasury: genesis_dao.to_string(),
                distributor: None,
                guardian: None,
                params: None,
            },
            &[],
            "payment-channels",
            Some(owner.to_string()),
        )?;
        let receiver = app.instantiate_contract(
            receiver_code,
            owner.clone(),
            &cosmwasm_std::Empty {},
            &[],
            "receiver",
            None,
        )?;
        Ok(Suite {
            app,
            owner,
            token: TokenClient(token),
            vesting: VestingClient(vesting),
            staking: StakingClient(staking),
            reputation: ReputationClient(reputation),
            bill_escrow: BillEscrowClient(bill_escrow),
            payment_channels: PaymentChannelsClient(payment_channels),
            distributor: None,
            dao: None,
            council: None,
            bridge: None,
            receiver,
            token_code,
            vesting_code,
            staking_code,
            reputation_code,
            bill_escrow_code,
            payment_channels_code,
            distributor_code,
            dao_code,
            genesis_distributor,
            genesis_dao,
            keys: Default::default(),
            storage_gas,
        })
    }
}

pub struct Suite {
    pub app: SuiteApp,
    /// The SDK storage gas of everything run so far (crate::gas).
    pub storage_gas: Rc<Cell<u64>>,
    /// Owner and wasm admin of every contract (the DAO's place until the DAO exists).
    pub owner: Addr,
    pub token: TokenClient,
    pub vesting: VestingClient,
    pub staking: StakingClient,
    pub reputation: ReputationClient,
    pub bill_escrow: BillEscrowClient,
    pub payment_channels: PaymentChannelsClient,
    /// Set by [`Suite::deploy_distributor`].
    pub distributor: Option<Addr>,
    /// Set by [`Suite::deploy_dao`].
    pub dao: Option<Addr>,
    /// Set by [`Suite::deploy_council`].
    pub council: Option<Addr>,
    /// The home bridge, set by [`Suite::deploy_bridge`] (cw-multi-test has no IBC: its channels
    /// and packets are tested with cosmwasm-std's mocks, contracts/bridge/src/tests).
    pub bridge: Option<Addr>,
    /// A contract that accepts any cw20 Send.
    pub receiver: Addr,
    pub token_code: u64,
    pub vesting_code: u64,
    pub staking_code: u64,
    pub reputation_code: u64,
    pub bill_escrow_code: u64,
    pub payment_channels_code: u64,
    pub distributor_code: u64,
    pub dao_code: u64,
    /// Where [`Suite::deploy_distributor`] instantiates the distributor, and where the genesis
    /// minted the provider-rewards allocation.
    pub genesis_distributor: Addr,
    /// Where [`Suite::deploy_dao`] instantiates the DAO, where the genesis minted the community
    /// treasury and where the escrow, the channels and vesting pay the treasury's shares.
    pub genesis_dao: Addr,
    /// The key accounts made by [`Suite::key_account`], by address: whoever must sign a consent
    /// (a gateway's route, a provider's receipt) signs with its key here.
    pub keys: RefCell<BTreeMap<Addr, KeyAccount>>,
}

impl Suite {
    pub fn new() -> Self {
        SuiteBuilder::new().build()
    }

    /// The SDK storage gas of what `run` does (crate::gas): a transaction's storage cost, to
    /// compare one path's runs with each other.
    pub fn storage_gas_of<T>(&mut self, run: impl FnOnce(&mut Self) -> T) -> (T, u64) {
        let before = self.storage_gas.get();
        let result = run(self);
        (result, self.storage_gas.get() - before)
    }

    /// A real bech32 address for a name; the same name always gives the same address.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// The holder of a genesis allocation: a named account, the distributor's address for the
    /// provider rewards, the DAO's for the community treasury.
    pub fn holder(&self, category: AllocationCategory) -> Addr {
        match category {
            AllocationCategory::ProviderRewards => self.genesis_distributor.clone(),
            AllocationCategory::CommunityTreasury => self.genesis_dao.clone(),
            _ => self.addr(holder_of(category)),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    /// Moves time forward, one block per call, at the chain's usual ~5 s per block.
    pub fn advance_time(&mut self, seconds: u64) {
        self.app.update_block(|block| {
            block.time = block.time.plus_seconds(seconds);
            block.height += (seconds / 5).max(1);
        });
    }

    pub fn advance_blocks(&mut self, blocks: u64) {
        self.app.update_block(|block| {
            block.height += blocks;
            block.time = block.time.plus_seconds(5 * blocks);
        });
    }

    pub fn execute<T: Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &T,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), contract.clone(), msg, &[])
    }

    // ---- token ----

    pub fn token_execute(&mut self, sender: &Addr, msg: &Cw20ExecuteMsg) -> AnyResult<AppResponse> {
        let token = self.token.addr().clone();
        self.execute(sender, &token, msg)
    }

    pub fn transfer(
        &mut self,
        sender: &Addr,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.token_execute(
            sender,
            &Cw20ExecuteMsg::Transfer {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    pub fn send<T: Serialize>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        amount: u128,
        hook: &T,
    ) -> AnyResult<AppResponse> {
        self.token_execute(
            sender,
            &Cw20ExecuteMsg::Send {
                contract: contract.to_string(),
                amount: Uint128::new(amount),
                msg: cosmwasm_std::to_json_binary(hook)?,
            },
        )
    }

    pub fn balance(&self, address: &Addr) -> u128 {
        let response: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.token.addr(),
                &Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .expect("balance query");
        response.balance.u128()
    }

    pub fn token_info(&self) -> TokenInfoResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.token.addr(), &Cw20QueryMsg::TokenInfo {})
            .expect("token info query")
    }

    // ---- vesting ----

    /// The holder of `plan`'s allocation funds a grant of `amount` by cw20 Send.
    pub fn create_grant(
        &mut self,
        funder: &Addr,
        amount: u128,
        beneficiary: &Addr,
        plan: VestingPlan,
        start: Option<Timestamp>,
    ) -> AnyResult<u64> {
        let vesting = self.vesting.addr().clone();
        let response = self.send(
            funder,
            &vesting,
            amount,
            &vesting::ReceiveMsg::CreateGrant(GrantRequest {
                beneficiary: beneficiary.to_string(),
                plan,
                start,
            }),
        )?;
        let id = response
            .events
            .iter()
            .flat_map(|event| event.attributes.iter())
            .find(|attribute| attribute.key == "grant_id")
            .map(|attribute| attribute.value.parse::<u64>())
            .expect("create_grant emits grant_id")?;
        Ok(id)
    }

    /// The genesis grant that locks `category` (one per category vested at genesis in the
    /// suite), found among its beneficiary's grants as the one the token funded.
    pub fn genesis_grant(&self, category: AllocationCategory) -> u64 {
        let grants: vesting::GrantsResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.vesting.addr(),
                &vesting::QueryMsg::GrantsByBeneficiary {
                    beneficiary: self.holder(category).to_string(),
                    start_after: None,
                    limit: None,
                },
            )
            .expect("grants query");
        grants
            .grants
            .iter()
            .map(|response| &response.grant)
            .find(|grant| grant.funder == *self.token.addr() && grant.plan.category() == category)
            .map(|grant| grant.id)
            .expect("a genesis grant of the category")
    }

    pub fn claim(&mut self, sender: &Addr, grant_id: u64) -> AnyResult<AppResponse> {
        let vesting = self.vesting.addr().clone();
        self.execute(sender, &vesting, &vesting::ExecuteMsg::Claim { grant_id })
    }

    pub fn revoke(&mut self, sender: &Addr, grant_id: u64) -> AnyResult<AppResponse> {
        let vesting = self.vesting.addr().clone();
        self.execute(sender, &vesting, &vesting::ExecuteMsg::Revoke { grant_id })
    }

    pub fn grant(&self, grant_id: u64) -> GrantResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.vesting.addr(), &vesting::QueryMsg::Grant { grant_id })
            .expect("grant query")
    }
}

impl Default for Suite {
    fn default() -> Self {
        Self::new()
    }
}
