//! The invariants of docs/invariants.md read from the chain state of a whole [`Suite`] at one
//! moment, for any test to call after each of its transactions: [`check_suite_invariants`].
//!
//! Each law is read from the contracts' own queries, listing what they can list (token holders,
//! bills, channels, grants, operators, proposals); what no contract lists (who holds a ballot,
//! who may have distributor rewards) the caller names in the [`InvariantWatch`]. Laws that
//! compare two moments (the supply never rises, vesting never goes back, burns account for every
//! token the supply lost) compare with what the watch saw at the previous check.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{Addr, Api, Uint128};
use cw20::{AllAccountsResponse, Cw20QueryMsg};
use infermesh_types::bill_escrow::{self, BillStatus, Verdict};
use infermesh_types::dao;
use infermesh_types::distributor;
use infermesh_types::payment_channels::{self, Channel};
use infermesh_types::reputation::{self, MAX_SCORE};
use infermesh_types::staking::{self, voting_multiplier, STAKED_MULTIPLIER};
use infermesh_types::token::TOTAL_SUPPLY;
use infermesh_types::vesting::{self, GrantResponse};

use crate::suite::Suite;

/// Paged listings ask for this many entries (the contracts' common page cap,
/// packages/kit/src/page.rs).
const PAGE: u32 = 30;

/// Rounding the distributor may leave unaccounted per transaction: a unit per member settlement
/// (nine roles of the member a message touches, and the two stake roles of each operator a stake
/// hook reports) and per points role each time emission is assigned (docs/distributor.md §5).
pub const DISTRIBUTOR_DUST_PER_TRANSACTION: u128 = 32;

/// What [`check_suite_invariants`] needs besides the chain: the addresses no contract lists,
/// and what it saw at the previous check.
#[derive(Clone, Debug)]
pub struct InvariantWatch {
    /// Everyone who may have voted in a DAO proposal: the DAO keeps ballots by proposal and
    /// voter, with no listing, so the tally is compared with the ballots of these.
    pub voters: Vec<Addr>,
    /// Everyone who may have rewards in the distributor (workers, voters, operators' pools):
    /// what the books promise is summed over them.
    pub members: Vec<Addr>,
    /// Tokens the holders burned themselves (cw20 `Burn`) since the watch began: no contract
    /// counts them.
    pub burned_by_holders: u128,
    /// Transactions run since the watch began, each allowed
    /// [`DISTRIBUTOR_DUST_PER_TRANSACTION`] of distributor rounding.
    pub transactions: u64,
    /// The distributor's rounding dust when the watch began.
    baseline_dust: u128,
    /// The supply when the watch began, and what the contracts had burned then.
    baseline_supply: u128,
    baseline_burned: u128,
    /// The supply at the previous check.
    last_supply: u128,
    /// Each grant's vested amount at the previous check.
    vested: BTreeMap<u64, Uint128>,
    /// Every holder's balance at the previous check.
    balances: BTreeMap<Addr, u128>,
}

impl InvariantWatch {
    /// A watch starting from the suite as it is now.
    pub fn new(suite: &Suite, voters: Vec<Addr>, members: Vec<Addr>) -> Self {
        let supply = suite.token_info().total_supply.u128();
        let baseline_dust = match &suite.distributor {
            Some(address) => {
                let (accounted, funded, _) = distributor_books(suite, address, &members)
                    .expect("the distributor answers its books");
                funded.saturating_sub(accounted)
            }
            None => 0,
        };
        InvariantWatch {
            voters,
            members,
            burned_by_holders: 0,
            transactions: 0,
            baseline_dust,
            baseline_supply: supply,
            baseline_burned: burned_by_contracts(suite).expect("the contracts answer their totals"),
            last_supply: supply,
            vested: BTreeMap::new(),
            balances: suite.all_balances(),
        }
    }

    /// Every holder's balance as the last check read it (as the watch began before any).
    pub fn balances(&self) -> &BTreeMap<Addr, u128> {
        &self.balances
    }
}

type Checked = Result<(), String>;

fn query<T: serde::de::DeserializeOwned>(
    suite: &Suite,
    contract: &Addr,
    msg: &impl serde::Serialize,
) -> Result<T, String> {
    suite
        .app
        .wrap()
        .query_wasm_smart(contract, msg)
        .map_err(|e| format!("query of {contract} failed: {e}"))
}

fn ensure(condition: bool, message: impl FnOnce() -> String) -> Checked {
    match condition {
        true => Ok(()),
        false => Err(message()),
    }
}

/// Every invariant of docs/invariants.md that the chain state shows now, and the suite's
/// conservation law: every token in existence is some holder's (token holders, contracts
/// included), and the supply fell by exactly what the contracts and the holders burned. The
/// first violation found, with the values that break it.
pub fn check_suite_invariants(suite: &Suite, watch: &mut InvariantWatch) -> Checked {
    check_token(suite, watch)?;
    check_conservation(suite, watch)?;
    check_escrow(suite)?;
    check_channels(suite)?;
    check_staking(suite)?;
    check_distributor(suite, watch)?;
    check_dao(suite, watch)?;
    check_vesting(suite, watch)?;
    check_reputation(suite)?;
    Ok(())
}

impl Suite {
    /// Every token holder and its balance (cw20 `AllAccounts`, paged).
    pub fn all_balances(&self) -> BTreeMap<Addr, u128> {
        let mut balances = BTreeMap::new();
        let mut start_after = None;
        loop {
            let page: AllAccountsResponse = self
                .app
                .wrap()
                .query_wasm_smart(
                    self.token.addr(),
                    &Cw20QueryMsg::AllAccounts {
                        start_after: start_after.take(),
                        limit: Some(PAGE),
                    },
                )
                .expect("all accounts query");
            let Some(last) = page.accounts.last().cloned() else {
                return balances;
            };
            for account in page.accounts {
                let address = self
                    .app
                    .api()
                    .addr_validate(&account)
                    .expect("a holder's address");
                let balance = self.balance(&address);
                balances.insert(address, balance);
            }
            start_after = Some(last);
        }
    }

    /// Every bill of the escrow, by id.
    pub fn all_bills(&self) -> Vec<bill_escrow::Bill> {
        let mut bills = Vec::new();
        loop {
            let page: bill_escrow::BillsResponse = self
                .escrow_query(&bill_escrow::QueryMsg::Bills {
                    filter: None,
                    start_after: bills.last().map(|bill: &bill_escrow::Bill| bill.id),
                    limit: Some(PAGE),
                })
                .expect("bills query");
            if page.bills.is_empty() {
                return bills;
            }
            bills.extend(page.bills);
        }
    }

    /// Every channel of the channels contract, by id.
    pub fn all_channels(&self) -> Vec<Channel> {
        let mut channels = Vec::new();
        loop {
            let page: payment_channels::ChannelsResponse = self
                .channels_query(&payment_channels::QueryMsg::Channels {
                    filter: None,
                    start_after: channels.last().map(|channel: &Channel| channel.id),
                    limit: Some(PAGE),
                })
                .expect("channels query");
            if page.channels.is_empty() {
                return channels;
            }
            channels.extend(page.channels);
        }
    }

    /// Every vesting grant, evaluated now, by id.
    pub fn all_grants(&self) -> Vec<GrantResponse> {
        let mut grants = Vec::new();
        loop {
            let page: vesting::GrantsResponse = self
                .app
                .wrap()
                .query_wasm_smart(
                    self.vesting.addr(),
                    &vesting::QueryMsg::Grants {
                        start_after: grants.last().map(|g: &GrantResponse| g.grant.id),
                        limit: Some(PAGE),
                    },
                )
                .expect("grants query");
            if page.grants.is_empty() {
                return grants;
            }
            grants.extend(page.grants);
        }
    }

    /// Every operator registered in staking, with its pool.
    pub fn all_operators(&self) -> Vec<staking::OperatorResponse> {
        let mut operators: Vec<staking::Operator> = Vec::new();
        loop {
            let page: staking::OperatorsResponse =
                self.staking_query(&staking::QueryMsg::Operators {
                    role: None,
                    tier: None,
                    start_after: operators.last().map(|o| o.address.to_string()),
                    limit: Some(PAGE),
                });
            if page.operators.is_empty() {
                break;
            }
            operators.extend(page.operators);
        }
        operators
            .iter()
            .map(|o| {
                self.staking_query(&staking::QueryMsg::Operator {
                    operator: o.address.to_string(),
                })
            })
            .collect()
    }

    /// Every proposal of the DAO, oldest first (none without a DAO).
    pub fn dao_proposals(&self) -> Vec<dao::ProposalResponse> {
        let Some(dao) = &self.dao else {
            return Vec::new();
        };
        let config: dao::ConfigResponse = self
            .app
            .wrap()
            .query_wasm_smart(dao, &dao::QueryMsg::Config {})
            .expect("dao config query");
        (1..=config.proposals)
            .map(|id| self.dao_proposal(id))
            .collect()
    }
}

/// What the contracts have burned, ever: slashes, the escrow's and the channels' network fee
/// halves actually burned (assigned less still pending), expired distributor rewards.
fn burned_by_contracts(suite: &Suite) -> Result<u128, String> {
    let staking: staking::TotalsResponse =
        query(suite, suite.staking.addr(), &staking::QueryMsg::Totals {})?;
    let escrow = suite.escrow_totals();
    let channels = suite.channels_totals();
    let distributor = match &suite.distributor {
        Some(address) => {
            let emission: distributor::EmissionResponse =
                query(suite, address, &distributor::QueryMsg::Emission {})?;
            emission.burned.u128()
        }
        None => 0,
    };
    Ok(staking.burned.u128()
        + (escrow.fees_burned - escrow.burn_pending).u128()
        + (channels.fees_burned - channels.burn_pending).u128()
        + distributor)
}

/// §1: the sum of balances is the supply, within the cap, and the supply never rises.
fn check_token(suite: &Suite, watch: &mut InvariantWatch) -> Checked {
    let supply = suite.token_info().total_supply.u128();
    watch.balances = suite.all_balances();
    let sum: u128 = watch.balances.values().sum();
    ensure(sum == supply, || {
        format!("§1: balances sum to {sum}, supply is {supply}")
    })?;
    ensure(supply <= TOTAL_SUPPLY.u128(), || {
        format!("§1: supply {supply} above the cap {TOTAL_SUPPLY}")
    })?;
    ensure(supply <= watch.last_supply, || {
        format!("§1: supply rose from {} to {supply}", watch.last_supply)
    })?;
    watch.last_supply = supply;
    Ok(())
}

/// The whole suite: no path creates or loses a token. The supply fell by exactly what the
/// contracts burned and the holders burned since the watch began.
fn check_conservation(suite: &Suite, watch: &InvariantWatch) -> Checked {
    let supply = suite.token_info().total_supply.u128();
    let burned = burned_by_contracts(suite)? - watch.baseline_burned + watch.burned_by_holders;
    ensure(supply + burned == watch.baseline_supply, || {
        format!(
            "conservation: supply {supply} + burned {burned} (contracts {}, holders {}) != {} at the start",
            burned - watch.burned_by_holders,
            watch.burned_by_holders,
            watch.baseline_supply
        )
    })
}

/// §2.1 and §2.2: the escrow holds what it owes, its totals are the sums over its bills, and
/// every settlement splits exactly what it charged.
fn check_escrow(suite: &Suite) -> Checked {
    let totals = suite.escrow_totals();
    let held = suite.balance(suite.bill_escrow.addr());
    let owed = totals.open_bills
        + totals.dispute_bonds
        + totals.credits
        + totals.treasury_fees
        + totals.pool_fees
        + totals.burn_pending;
    ensure(Uint128::new(held) >= owed, || {
        format!("§2.1: escrow holds {held}, owes {owed} ({totals:?})")
    })?;
    let (mut open, mut bonds) = (Uint128::zero(), Uint128::zero());
    for bill in suite.all_bills() {
        let id = bill.id;
        ensure(bill.network_fee + bill.escrowed == bill.deposit, || {
            format!(
                "§2.1: bill {id} deposit {} != fee {} + escrow {}",
                bill.deposit, bill.network_fee, bill.escrowed
            )
        })?;
        if bill.status.holds_escrow() {
            open += bill.escrowed;
        }
        if bill.status == BillStatus::Disputed {
            let dispute = bill
                .dispute
                .as_ref()
                .ok_or_else(|| format!("§2.1: disputed bill {id} without a dispute"))?;
            bonds += dispute.bond;
        }
        if let Some(s) = &bill.settlement {
            ensure(s.split.total() == s.charged, || {
                format!(
                    "§2.2: bill {id} split {:?} sums to {}, charged {}",
                    s.split,
                    s.split.total(),
                    s.charged
                )
            })?;
            ensure(s.charged + s.refunded == bill.escrowed, || {
                format!(
                    "§2.2: bill {id} charged {} + refunded {} != escrowed {}",
                    s.charged, s.refunded, bill.escrowed
                )
            })?;
        }
        // §2.3: a bill pays out once, by one path.
        let paid_as_settled = bill.settlement.is_some();
        ensure(
            !(paid_as_settled
                && matches!(bill.status, BillStatus::Refunded | BillStatus::TimedOut)),
            || format!("§2.3: bill {id} is {:?} and settled too", bill.status),
        )?;
        if bill.status == BillStatus::Settled {
            ensure(
                paid_as_settled && !matches!(bill.verdict, Some(Verdict::ProviderAtFault { .. })),
                || format!("§2.3: bill {id} settled without a settlement or against its verdict"),
            )?;
        }
    }
    ensure(open == totals.open_bills, || {
        format!(
            "§2.1: open bills sum to {open}, totals say {}",
            totals.open_bills
        )
    })?;
    ensure(bonds == totals.dispute_bonds, || {
        format!(
            "§2.1: dispute bonds sum to {bonds}, totals say {}",
            totals.dispute_bonds
        )
    })
}

/// §2.4: the channels contract holds what it owes and its total of channel balances is the sum
/// over the channels still open; no channel redeemed more than its deposit.
fn check_channels(suite: &Suite) -> Checked {
    let totals = suite.channels_totals();
    let held = suite.balance(suite.payment_channels.addr());
    let owed = suite.channels_owed();
    ensure(held >= owed, || {
        format!("§2.4: channels hold {held}, owe {owed} ({totals:?})")
    })?;
    let mut balances = Uint128::zero();
    for channel in suite.all_channels() {
        ensure(channel.redeemed <= channel.deposit, || {
            format!(
                "§2.4: channel {} redeemed {} of a deposit of {}",
                channel.id, channel.redeemed, channel.deposit
            )
        })?;
        if channel.closed_at.is_none() {
            balances += channel.balance();
        }
    }
    ensure(balances == totals.channel_balances, || {
        format!(
            "§2.4: open channels hold {balances}, totals say {}",
            totals.channel_balances
        )
    })
}

/// §3.1: staking holds its bonded, unbonding and outstanding rewards; the bonded total is the
/// sum over the operators' pools.
fn check_staking(suite: &Suite) -> Checked {
    let totals = suite.staking_totals();
    let held = suite.balance(suite.staking.addr());
    let owed = totals.bonded + totals.unbonding + totals.rewards_outstanding;
    ensure(Uint128::new(held) >= owed, || {
        format!("§3.1: staking holds {held}, owes {owed} ({totals:?})")
    })?;
    let pools: Uint128 = suite
        .all_operators()
        .iter()
        .map(|operator| operator.total_bonded)
        .sum();
    ensure(pools == totals.bonded, || {
        format!(
            "§3.1: operators' pools sum to {pools}, bonded total is {}",
            totals.bonded
        )
    })
}

/// What the distributor's books account for (claimed, burned, undistributed, open epochs, and
/// what `members` could claim or their pools push, with the above-cap shares their settlement
/// returns), what was funded, and the books themselves.
fn distributor_books(
    suite: &Suite,
    address: &Addr,
    members: &[Addr],
) -> Result<(u128, u128, distributor::EmissionResponse), String> {
    let e: distributor::EmissionResponse =
        query(suite, address, &distributor::QueryMsg::Emission {})?;
    let members: BTreeSet<&Addr> = members.iter().collect();
    let mut promised = 0u128;
    for member in members {
        let p: distributor::PendingResponse = query(
            suite,
            address,
            &distributor::QueryMsg::Pending {
                member: member.to_string(),
            },
        )?;
        let for_delegators: Uint128 = p.for_delegators.iter().map(|(_, amount)| *amount).sum();
        promised += (p.total + for_delegators + p.above_cap).u128();
    }
    let accounted = e.claimed.u128()
        + e.burned.u128()
        + e.undistributed.u128()
        + e.in_open_epochs.u128()
        + promised;
    Ok((accounted, e.funded.u128(), e))
}

/// §4.1: claimed + claimable + burned + undistributed + open epochs + above-cap shares = funded,
/// short by rounding dust only, and the distributor holds what was funded and not paid out.
fn check_distributor(suite: &Suite, watch: &InvariantWatch) -> Checked {
    let Some(address) = &suite.distributor else {
        return Ok(());
    };
    let (accounted, funded, e) = distributor_books(suite, address, &watch.members)?;
    ensure(accounted <= funded, || {
        format!("§4.1: the books account for {accounted}, more than the {funded} funded ({e:?})")
    })?;
    // The `Pending` queries settle each member in each role as at now, each flooring a unit.
    let reading = 9 * watch.members.len() as u128;
    let dust = watch.baseline_dust
        + reading
        + DISTRIBUTOR_DUST_PER_TRANSACTION * u128::from(watch.transactions);
    ensure(funded - accounted <= dust, || {
        format!(
            "§4.1: {} of the {funded} funded is unaccounted, more than {dust} of dust ({e:?})",
            funded - accounted
        )
    })?;
    let held = suite.balance(address);
    let kept = funded - e.claimed.u128() - e.burned.u128();
    ensure(held >= kept, || {
        format!("§4.1: the distributor holds {held}, its books keep {kept}")
    })
}

/// §6: each ballot's power is the voter's power at the proposal's height (its multiplier at the
/// proposal's creation), the tally is the sum of the ballots, and no token counts twice: the
/// ballots, their stake at the base 1.5×, never exceed the power in existence then (a staking
/// lock lifts a voter up to 2×, above that base, docs/dao.md §2). And docs/dao.md §5: the DAO
/// holds what it owes lockers and proposers.
fn check_dao(suite: &Suite, watch: &InvariantWatch) -> Checked {
    let Some(address) = &suite.dao else {
        return Ok(());
    };
    let treasury = suite.dao_treasury();
    let owed = treasury.locked + treasury.unlocking + treasury.deposits;
    ensure(treasury.balance >= owed, || {
        format!("dao.md §5: the DAO holds {treasury:?}, owes {owed}")
    })?;
    let voters: BTreeSet<&Addr> = watch.voters.iter().collect();
    for proposal in suite.dao_proposals() {
        let id = proposal.id;
        let mut tally = dao::Tally {
            yes: Uint128::zero(),
            no: Uint128::zero(),
            abstain: Uint128::zero(),
        };
        let mut turnout = Uint128::zero();
        let mut base = Uint128::zero();
        for voter in &voters {
            let ballot: Option<dao::Ballot> = query(
                suite,
                address,
                &dao::QueryMsg::Ballot {
                    proposal_id: id,
                    voter: voter.to_string(),
                },
            )?;
            let Some(ballot) = ballot else { continue };
            let power: dao::VotingPowerResponse = query(
                suite,
                address,
                &dao::QueryMsg::VotingPower {
                    address: voter.to_string(),
                    height: Some(proposal.height),
                },
            )?;
            // The query evaluates the multiplier now; the ballot at the creation, with the lock
            // as at the height.
            let stake = suite.stake_at_height(voter, Some(proposal.height));
            let multiplier = voting_multiplier(stake.locked_until, proposal.created_at);
            let linear = power.locked + power.staked.mul_floor(multiplier);
            ensure(ballot.turnout == linear, || {
                format!(
                    "§6: {voter}'s ballot in proposal {id} counts {} of turnout, its power at height {} is {linear}",
                    ballot.turnout, proposal.height
                )
            })?;
            if !proposal.rules.quadratic {
                ensure(ballot.power == linear, || {
                    format!(
                        "§6: {voter}'s ballot in proposal {id} counts {}, its power at height {} is {linear}",
                        ballot.power, proposal.height
                    )
                })?;
            }
            turnout += ballot.turnout;
            base += power.locked + power.staked.mul_floor(STAKED_MULTIPLIER);
            match ballot.vote {
                dao::VoteOption::Yes => tally.yes += ballot.power,
                dao::VoteOption::No => tally.no += ballot.power,
                dao::VoteOption::Abstain => tally.abstain += ballot.power,
            }
        }
        ensure(tally == proposal.tally, || {
            format!(
                "§6: proposal {id}'s ballots sum to {tally:?}, its tally is {:?}",
                proposal.tally
            )
        })?;
        ensure(turnout == proposal.turnout, || {
            format!(
                "§6: proposal {id}'s ballots turn out {turnout}, the proposal says {}",
                proposal.turnout
            )
        })?;
        ensure(base <= proposal.total_power, || {
            format!(
                "§6: proposal {id}'s voters held {base} (stake at 1.5×) at its height, of a total power of {}",
                proposal.total_power
            )
        })?;
    }
    Ok(())
}

/// §7: every grant's claimed + claimable + unvested is its total, within what was granted;
/// vested never goes back and is the total once the schedule ends; the contract holds exactly
/// what is granted and neither paid nor returned.
fn check_vesting(suite: &Suite, watch: &mut InvariantWatch) -> Checked {
    let now = suite.now();
    let mut unpaid = Uint128::zero();
    for g in suite.all_grants() {
        let grant = &g.grant;
        let id = grant.id;
        ensure(
            g.grant.claimed + g.claimable + g.unvested == grant.total,
            || {
                format!(
                    "§7: grant {id} claimed {} + claimable {} + unvested {} != total {}",
                    grant.claimed, g.claimable, g.unvested, grant.total
                )
            },
        )?;
        ensure(grant.total <= grant.granted, || {
            format!(
                "§7: grant {id} total {} above granted {}",
                grant.total, grant.granted
            )
        })?;
        let before = watch.vested.insert(id, g.vested).unwrap_or_default();
        ensure(g.vested >= before, || {
            format!("§7: grant {id} vested fell from {before} to {}", g.vested)
        })?;
        if now >= grant.schedule.end() {
            ensure(g.vested == grant.total, || {
                format!(
                    "§7: grant {id} vested {} of {} after its schedule ended",
                    g.vested, grant.total
                )
            })?;
        }
        unpaid += grant.total - grant.claimed;
    }
    let held = suite.balance(suite.vesting.addr());
    ensure(Uint128::new(held) == unpaid, || {
        format!("§7: vesting holds {held}, its grants leave {unpaid} unpaid")
    })?;
    let config: vesting::ConfigResponse =
        query(suite, suite.vesting.addr(), &vesting::QueryMsg::Config {})?;
    let kept = config
        .total_granted
        .checked_sub(config.total_claimed + config.total_revoked)
        .map_err(|_| format!("§7: vesting paid out more than granted: {config:?}"))?;
    ensure(kept.u128() == held, || {
        format!("§7: vesting holds {held}, granted − claimed − returned is {kept}")
    })
}

/// §8: every scored operator's score, stored score and components stay within 0–1000.
fn check_reputation(suite: &Suite) -> Checked {
    let mut start_after: Option<String> = None;
    loop {
        let page: reputation::OperatorsResponse = query(
            suite,
            suite.reputation.addr(),
            &reputation::QueryMsg::Operators {
                start_after: start_after.take(),
                limit: Some(PAGE),
            },
        )?;
        let Some(last) = page.operators.last() else {
            return Ok(());
        };
        start_after = Some(last.operator.to_string());
        for listed in &page.operators {
            let s = suite.reputation_score(&listed.operator);
            let c = &s.components;
            let within = [
                listed.score,
                s.score,
                s.stored_score,
                s.measured,
                s.prior,
                c.success_rate,
                c.latency,
                c.rating,
                c.accuracy,
                c.stake,
            ]
            .iter()
            .all(|value| *value <= MAX_SCORE);
            ensure(
                within && s.accuracy <= 100 && s.confidence <= cosmwasm_std::Decimal::one(),
                || format!("§8: {} scores out of bounds: {s:?}", listed.operator),
            )?;
        }
    }
}
