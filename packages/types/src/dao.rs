//! The DAO (docs/dao.md): a vault of locked tokens, stake read from staking, typed proposals
//! with their own thresholds, quorums and timelocks, and the treasury they spend.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, CosmosMsg, Decimal, Timestamp, Uint128};
use cw20::Cw20ReceiveMsg;
use infermesh_kit::ValidationError;

use crate::common::DAY_SECONDS;

/// Base units of one token.
const TOKEN: u128 = 1_000_000;

/// What a proposal may do, and so the bar it must pass (QUIVer §6.1). A proposal of one kind
/// may carry only messages whose kind's threshold and quorum are no higher than its own, so a
/// treasury spend cannot pass under a lower bar than the treasury's.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum ProposalKind {
    /// Code and configuration: migrations, admins, owners, reporters, unpausing (60 %).
    Technical,
    /// Economic parameters: any contract's `update_params` (55 %).
    Economic,
    /// Spending the treasury: bank and cw20 transfers from the DAO (50 %).
    Treasury,
    /// Anything, with a 48-hour timelock (75 %).
    Emergency,
    /// Parameter moves beyond the parameter guard (80 %).
    EmergencyParameter,
}

impl ProposalKind {
    pub const ALL: [ProposalKind; 5] = [
        ProposalKind::Technical,
        ProposalKind::Economic,
        ProposalKind::Treasury,
        ProposalKind::Emergency,
        ProposalKind::EmergencyParameter,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }
}

/// The bar of one proposal kind.
#[cw_serde]
#[derive(Copy)]
pub struct KindRules {
    /// Share of the yes and no votes (abstentions aside) that must be yes.
    pub threshold: Decimal,
    /// Share of the total voting power at the creation height that must vote (abstentions count).
    pub quorum: Decimal,
    /// Time between the end of the vote and the first moment the proposal may be executed.
    pub timelock_seconds: u64,
    /// Votes count the square root of the voter's own bonded stake, and only registered
    /// operators holding at least the lowest tier's bond vote (docs/dao.md §2): splitting a
    /// holding over identities raises its power, and each identity costs a tier bond at risk.
    /// The quorum still counts the voters' linear power.
    #[serde(default)]
    pub quadratic: bool,
}

#[cw_serde]
pub struct Params {
    /// The rules of each kind, in [`ProposalKind::ALL`] order.
    pub kinds: Vec<KindRules>,
    /// Tokens sent with a proposal: returned once the proposal reaches quorum, otherwise kept
    /// by the treasury.
    pub deposit: Uint128,
    /// Between creation and the start of the vote.
    pub discussion_seconds: u64,
    pub voting_seconds: u64,
    /// A passed proposal not executed this long after its timelock ends expires.
    pub execution_window_seconds: u64,
}

const fn rules(threshold_pct: u64, quorum_pct: u64, timelock_seconds: u64) -> KindRules {
    KindRules {
        threshold: Decimal::percent(threshold_pct),
        quorum: Decimal::percent(quorum_pct),
        timelock_seconds,
        quadratic: false,
    }
}

impl Default for Params {
    /// QUIVer §6.1-6.2 and §9.2: thresholds 60 / 55 / 50 / 75 / 80 %; deposit 100,000 tokens;
    /// discussion 7 days, voting 14, timelock 7 (48 hours for the emergency kinds).
    fn default() -> Self {
        Params {
            kinds: vec![
                rules(60, 20, 7 * DAY_SECONDS),
                rules(55, 20, 7 * DAY_SECONDS),
                rules(50, 20, 7 * DAY_SECONDS),
                rules(75, 33, 2 * DAY_SECONDS),
                rules(80, 40, 2 * DAY_SECONDS),
            ],
            deposit: Uint128::new(100_000 * TOKEN),
            discussion_seconds: 7 * DAY_SECONDS,
            voting_seconds: 14 * DAY_SECONDS,
            execution_window_seconds: 14 * DAY_SECONDS,
        }
    }
}

/// Shortest voting period a configuration may set (a localnet's tests use it).
pub const MIN_VOTING_SECONDS: u64 = 30;
/// Longest discussion, voting, timelock or execution window: a year.
pub const MAX_PERIOD_SECONDS: u64 = 365 * DAY_SECONDS;

impl Params {
    pub fn rules(&self, kind: ProposalKind) -> KindRules {
        self.kinds[kind.index()]
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        let invalid = |reason: String| ValidationError::InvalidParams { reason };
        if self.kinds.len() != ProposalKind::ALL.len() {
            return Err(invalid(format!(
                "kinds: {} rules given, one per kind ({}) needed",
                self.kinds.len(),
                ProposalKind::ALL.len()
            )));
        }
        for (kind, rules) in ProposalKind::ALL.iter().zip(&self.kinds) {
            for (name, value) in [("threshold", rules.threshold), ("quorum", rules.quorum)] {
                if value.is_zero() || value > Decimal::one() {
                    return Err(invalid(format!(
                        "{kind:?} {name} {value} must be above 0 and at most 1"
                    )));
                }
            }
            if rules.threshold < Decimal::percent(50) {
                return Err(invalid(format!(
                    "{kind:?} threshold {} is below a majority",
                    rules.threshold
                )));
            }
            if rules.timelock_seconds > MAX_PERIOD_SECONDS {
                return Err(invalid(format!("{kind:?} timelock above a year")));
            }
        }
        if self.deposit.is_zero() || self.deposit > MAX_DEPOSIT {
            return Err(invalid(format!(
                "deposit {} must be above 0 and at most {MAX_DEPOSIT}",
                self.deposit
            )));
        }
        // The DAO's own rules are changed under the emergency-parameter bar: it must stay the
        // highest, or a lower bar could lower the others.
        let highest = self.rules(ProposalKind::EmergencyParameter);
        for (kind, rules) in ProposalKind::ALL.iter().zip(&self.kinds) {
            if rules.threshold > highest.threshold || rules.quorum > highest.quorum {
                return Err(invalid(format!(
                    "{kind:?} has a higher bar than EmergencyParameter, which changes the DAO's rules"
                )));
            }
        }
        if self.voting_seconds < MIN_VOTING_SECONDS {
            return Err(invalid(format!(
                "voting_seconds {} below {MIN_VOTING_SECONDS}",
                self.voting_seconds
            )));
        }
        for (name, value) in [
            ("discussion_seconds", self.discussion_seconds),
            ("voting_seconds", self.voting_seconds),
            ("execution_window_seconds", self.execution_window_seconds),
        ] {
            if value > MAX_PERIOD_SECONDS {
                return Err(invalid(format!("{name} {value} above a year")));
            }
        }
        if self.execution_window_seconds == 0 {
            return Err(invalid(
                "execution_window_seconds must be above 0".to_string(),
            ));
        }
        Ok(())
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The only cw20 locked, deposited and spent.
    pub token: String,
    /// Where bonded stake and its locks are read at a proposal's creation height.
    pub staking: String,
    /// Tokens minted to this contract before it existed (the genesis community-treasury
    /// allocation, minted to its predictable address): checked against the balance.
    pub genesis_treasury: Uint128,
    pub params: Option<Params>,
    /// Told of every voter's first vote on a proposal, weighted by its linear power (the
    /// distributor's governance-voters role); none: votes are not rewarded.
    pub distributor: Option<String>,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// Locks the tokens in the vault: 1× voting power from the next block.
    Lock {},
    /// Adds the tokens to the treasury (fee inflows).
    Fund {},
    /// Opens a proposal; the tokens are its deposit (exactly `params.deposit`).
    Propose {
        title: String,
        description: String,
        kind: ProposalKind,
        msgs: Vec<CosmosMsg>,
    },
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum VoteOption {
    Yes,
    No,
    Abstain,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    Receive(Cw20ReceiveMsg),
    /// Takes tokens out of the vault: they stop counting in proposals created from the next
    /// block, and `Withdraw` pays them once a discussion and a vote have passed, so tokens that
    /// counted in a proposal stay with the DAO until its vote is over (no lock on a borrowed
    /// block's tokens).
    Unlock {
        amount: Uint128,
    },
    /// The sender's unlocked tokens, once their cooldown is over.
    Withdraw {},
    /// Votes, or changes the sender's vote, while the vote is open, with its power at the
    /// proposal's creation height.
    Vote {
        proposal_id: u64,
        vote: VoteOption,
    },
    /// Anyone, once a passed proposal's timelock is over and before it expires: runs its
    /// messages, all or none; a failure closes it as failed.
    Execute {
        proposal_id: u64,
    },
    /// Anyone, once the vote is over: settles the deposit (back to the proposer if the
    /// proposal reached quorum, to the treasury otherwise).
    Close {
        proposal_id: u64,
    },
    /// The DAO itself, inside `Execute`: dispatches the proposal's messages, then checks that
    /// the treasury did not spend the vault or the deposits.
    RunProposal {
        proposal_id: u64,
    },
    /// The DAO itself: refuses when its balance is below what it owes lockers and proposers.
    CheckSolvency {},
    /// The DAO itself (a proposal).
    UpdateParams {
        params: Params,
    },
    /// The DAO itself (a proposal): where votes are reported (none: not reported).
    UpdateDistributor {
        distributor: Option<String>,
    },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(Params)]
    Params {},
    #[returns(ProposalResponse)]
    Proposal { proposal_id: u64 },
    /// Newest first.
    #[returns(ProposalsResponse)]
    Proposals {
        start_before: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(Option<Ballot>)]
    Ballot { proposal_id: u64, voter: String },
    /// `address`'s voting power at `height` (default: now), evaluated as a proposal created
    /// then would count it.
    #[returns(VotingPowerResponse)]
    VotingPower {
        address: String,
        height: Option<u64>,
    },
    #[returns(TreasuryResponse)]
    Treasury {},
    #[returns(Option<Unlocking>)]
    Unlocking { address: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub token: Addr,
    pub staking: Addr,
    pub distributor: Option<Addr>,
    pub proposals: u64,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum ProposalStatus {
    /// Created; the vote has not started.
    Discussion,
    Voting,
    /// Passed; its timelock runs.
    Timelocked,
    /// Passed, timelock over: anyone may execute it until it expires.
    Executable,
    Rejected,
    Executed,
    /// Its messages failed when executed: closed.
    ExecutionFailed,
    /// Passed but not executed in its window.
    Expired,
}

#[cw_serde]
pub struct Tally {
    pub yes: Uint128,
    pub no: Uint128,
    pub abstain: Uint128,
}

#[cw_serde]
pub struct ProposalResponse {
    pub id: u64,
    pub proposer: Addr,
    pub title: String,
    pub description: String,
    pub kind: ProposalKind,
    pub msgs: Vec<CosmosMsg>,
    pub status: ProposalStatus,
    /// Power is read at this height.
    pub height: u64,
    pub created_at: Timestamp,
    pub voting_starts: Timestamp,
    pub voting_ends: Timestamp,
    pub executable_from: Timestamp,
    pub expires_at: Timestamp,
    pub tally: Tally,
    /// The linear power of the voters (equal to the tally's sum unless the kind is quadratic):
    /// what the quorum counts.
    pub turnout: Uint128,
    /// Voting power in existence at the creation height: the vault and 1.5× bonded stake.
    pub total_power: Uint128,
    pub rules: KindRules,
    pub deposit: Uint128,
    /// Whether the deposit was returned or kept.
    pub deposit_settled: bool,
}

#[cw_serde]
pub struct ProposalsResponse {
    pub proposals: Vec<ProposalResponse>,
}

#[cw_serde]
pub struct Ballot {
    pub vote: VoteOption,
    /// What the vote counts in the tally.
    pub power: Uint128,
    /// The voter's linear power, counted in the turnout.
    pub turnout: Uint128,
}

#[cw_serde]
pub struct VotingPowerResponse {
    pub address: Addr,
    pub height: u64,
    pub locked: Uint128,
    pub staked: Uint128,
    pub multiplier: Decimal,
    pub power: Uint128,
}

/// Unlocked tokens waiting out their cooldown.
#[cw_serde]
pub struct Unlocking {
    pub amount: Uint128,
    pub ready_at: Timestamp,
}

#[cw_serde]
pub struct TreasuryResponse {
    pub balance: Uint128,
    /// Tokens in the vault.
    pub locked: Uint128,
    /// Tokens unlocked, waiting out their cooldown.
    pub unlocking: Uint128,
    /// Deposits of proposals not settled.
    pub deposits: Uint128,
    /// `balance − locked − unlocking − deposits`: what proposals may spend.
    pub treasury: Uint128,
}

/// Most proposals one `Proposals` query returns.
pub const MAX_PROPOSALS_PAGE: u32 = 30;
/// Longest title and description.
pub const MAX_TITLE_LEN: usize = 256;
pub const MAX_DESCRIPTION_LEN: usize = 8_192;
/// Most messages one proposal carries, and their largest JSON (every vote rewrites the proposal).
pub const MAX_PROPOSAL_MSGS: usize = 32;
pub const MAX_PROPOSAL_MSGS_BYTES: usize = 64 * 1024;
/// Largest deposit a configuration may ask: 10,000,000 tokens (a deposit beyond any holder's
/// means would end proposing for good).
pub const MAX_DEPOSIT: Uint128 = Uint128::new(10_000_000 * TOKEN);
