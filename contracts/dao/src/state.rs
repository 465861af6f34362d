//! Every storage key of the contract, in one place.

use cosmwasm_std::{Addr, CosmosMsg, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map, SnapshotItem, SnapshotMap, Strategy};
use infermesh_kit::codec::{Packed, PackedMap, Reader, Writer};
use infermesh_types::dao::{
    Ballot, KindRules, Params, ProposalKind, ProposalStatus, Tally, Unlocking,
};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Config {
    pub token: Addr,
    pub staking: Addr,
    /// Told of votes (the governance-voters role).
    #[serde(default)]
    pub distributor: Option<Addr>,
}

/// What happened to a proposal that is no longer decided by the clock alone.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Open,
    Executed,
    ExecutionFailed,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Proposal {
    pub id: u64,
    pub proposer: Addr,
    pub title: String,
    pub description: String,
    pub kind: ProposalKind,
    pub msgs: Vec<CosmosMsg>,
    /// The kind's rules when it was created: a later change of the parameters does not move
    /// the bar of a proposal under way.
    pub rules: KindRules,
    pub height: u64,
    pub created_at: Timestamp,
    pub voting_starts: Timestamp,
    pub voting_ends: Timestamp,
    pub execution_window_seconds: u64,
    pub total_power: Uint128,
    pub tally: Tally,
    /// Linear power of the voters, for the quorum.
    pub turnout: Uint128,
    pub deposit: Uint128,
    pub deposit_settled: bool,
    pub outcome: Outcome,
}

impl Proposal {
    pub fn executable_from(&self) -> Timestamp {
        self.voting_ends.plus_seconds(self.rules.timelock_seconds)
    }

    pub fn expires_at(&self) -> Timestamp {
        self.executable_from()
            .plus_seconds(self.execution_window_seconds)
    }

    /// The voters' linear power (abstentions included) reaches the quorum of the power at the
    /// creation height.
    pub fn reached_quorum(&self) -> bool {
        !self.total_power.is_zero() && self.turnout >= self.total_power.mul_ceil(self.rules.quorum)
    }

    /// Quorum, yes at least the threshold of yes and no, and more yes than no (a tie never
    /// passes, even at a 50 % threshold).
    pub fn passed(&self) -> bool {
        let decided = self.tally.yes + self.tally.no;
        self.reached_quorum()
            && self.tally.yes > self.tally.no
            && self.tally.yes >= decided.mul_ceil(self.rules.threshold)
    }

    pub fn status(&self, now: Timestamp) -> ProposalStatus {
        match self.outcome {
            Outcome::Executed => return ProposalStatus::Executed,
            Outcome::ExecutionFailed => return ProposalStatus::ExecutionFailed,
            Outcome::Open => {}
        }
        if now < self.voting_starts {
            ProposalStatus::Discussion
        } else if now < self.voting_ends {
            ProposalStatus::Voting
        } else if !self.passed() {
            ProposalStatus::Rejected
        } else if now < self.executable_from() {
            ProposalStatus::Timelocked
        } else if now < self.expires_at() {
            ProposalStatus::Executable
        } else {
            ProposalStatus::Expired
        }
    }
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PARAMS: Item<Params> = Item::new("params");
/// Number of proposals created; the next id is this + 1.
pub const PROPOSAL_COUNT: Item<u64> = Item::new("proposal_count");
pub const PROPOSALS: Map<u64, Proposal> = Map::new("proposals");
/// proposal → its tally and turnout, kept apart from its record so that a vote writes these four
/// varints (at most 76 bytes), not the record with its texts and messages (docs/dao.md §4). A record saved for any
/// other reason carries the same figures; one without votes here (none cast, or cast before the
/// split) counts its own.
pub const VOTES: PackedMap<u64, Votes> = PackedMap::new("votes");

#[derive(Clone, Debug, PartialEq)]
pub struct Votes {
    pub tally: Tally,
    pub turnout: Uint128,
}

impl Packed for Votes {
    const WHAT: &'static str = "proposal votes";

    fn pack(&self, w: &mut Writer) {
        w.put(self.tally.yes.u128());
        w.put(self.tally.no.u128());
        w.put(self.tally.abstain.u128());
        w.put(self.turnout.u128());
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        Ok(Votes {
            tally: Tally {
                yes: Uint128::new(r.get()),
                no: Uint128::new(r.get()),
                abstain: Uint128::new(r.get()),
            },
            turnout: Uint128::new(r.get()),
        })
    }
}

/// A proposal's record with its current votes.
pub fn with_votes(storage: &dyn Storage, id: u64, mut proposal: Proposal) -> StdResult<Proposal> {
    if let Some(votes) = VOTES.may_load(storage, id)? {
        proposal.tally = votes.tally;
        proposal.turnout = votes.turnout;
    }
    Ok(proposal)
}

/// Records a vote's effect on the proposal's tally and turnout, and nothing else of it.
pub fn save_votes(storage: &mut dyn Storage, proposal: &Proposal) {
    VOTES.save(
        storage,
        proposal.id,
        &Votes {
            tally: proposal.tally.clone(),
            turnout: proposal.turnout,
        },
    );
}
/// (proposal, voter) → its vote and the power it counted with.
pub const BALLOTS: Map<(u64, &Addr), Ballot> = Map::new("ballots");
/// Deposits of proposals whose deposit is not settled: owed, not the treasury's.
pub const DEPOSITS_HELD: Item<Uint128> = Item::new("deposits_held");
/// address → its unlocked tokens and when `Withdraw` pays them.
pub const UNLOCKING: Map<&Addr, Unlocking> = Map::new("unlocking");
/// The sum of [`UNLOCKING`]: owed, not the treasury's.
pub const UNLOCKING_TOTAL: Item<Uint128> = Item::new("unlocking_total");
/// The proposal whose messages `Execute` is dispatching, for its `RunProposal` only.
pub const RUNNING: Item<u64> = Item::new("running");

/// address → tokens locked in the vault, snapshotted every block: a proposal reads them as at
/// the start of its creation block.
pub const VAULT: SnapshotMap<&Addr, Uint128> = SnapshotMap::new(
    "vault",
    "vault__checkpoints",
    "vault__changelog",
    Strategy::EveryBlock,
);
pub const VAULT_TOTAL: SnapshotItem<Uint128> = SnapshotItem::new(
    "vault_total",
    "vault_total__checkpoints",
    "vault_total__changelog",
    Strategy::EveryBlock,
);

/// Every key space the contract writes, its own objects' and the kit's on its behalf, for the
/// storage-key test (tests/integration, `storage_keys`). Left out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn key_spaces() -> Vec<infermesh_kit::storage_keys::KeySpace> {
    use infermesh_kit::storage_keys::{kit, snapshot_item, snapshot_map, KeySpace};
    let mut spaces = vec![
        KeySpace::item("CONFIG", &CONFIG),
        KeySpace::item("PARAMS", &PARAMS),
        KeySpace::item("PROPOSAL_COUNT", &PROPOSAL_COUNT),
        KeySpace::map("PROPOSALS", &PROPOSALS),
        KeySpace::packed_map("VOTES", &VOTES),
        KeySpace::map("BALLOTS", &BALLOTS),
        KeySpace::item("DEPOSITS_HELD", &DEPOSITS_HELD),
        KeySpace::map("UNLOCKING", &UNLOCKING),
        KeySpace::item("UNLOCKING_TOTAL", &UNLOCKING_TOTAL),
        KeySpace::item("RUNNING", &RUNNING),
        kit::contract_version(),
    ];
    spaces.extend(snapshot_map("VAULT", &VAULT));
    spaces.extend(snapshot_item("VAULT_TOTAL", &VAULT_TOTAL));
    spaces
}
