use cosmwasm_std::{Deps, Env, Order, StdResult};
use cw_storage_plus::Bound;
use infermesh_kit::page::page_limit;
use infermesh_types::dao::{
    Ballot, ConfigResponse, ProposalResponse, ProposalsResponse, TreasuryResponse,
    VotingPowerResponse, MAX_PROPOSALS_PAGE,
};
use infermesh_types::token::TokenClient;

use crate::power::power_at;
use crate::state::{
    with_votes, Proposal, BALLOTS, CONFIG, DEPOSITS_HELD, PROPOSALS, PROPOSAL_COUNT,
    UNLOCKING_TOTAL, VAULT_TOTAL,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        token: config.token,
        staking: config.staking,
        distributor: config.distributor,
        proposals: PROPOSAL_COUNT.may_load(deps.storage)?.unwrap_or_default(),
    })
}

fn response(proposal: Proposal, env: &Env) -> ProposalResponse {
    ProposalResponse {
        status: proposal.status(env.block.time),
        executable_from: proposal.executable_from(),
        expires_at: proposal.expires_at(),
        id: proposal.id,
        proposer: proposal.proposer,
        title: proposal.title,
        description: proposal.description,
        kind: proposal.kind,
        msgs: proposal.msgs,
        height: proposal.height,
        created_at: proposal.created_at,
        voting_starts: proposal.voting_starts,
        voting_ends: proposal.voting_ends,
        tally: proposal.tally,
        turnout: proposal.turnout,
        total_power: proposal.total_power,
        rules: proposal.rules,
        deposit: proposal.deposit,
        deposit_settled: proposal.deposit_settled,
    }
}

pub fn proposal(deps: Deps, env: Env, proposal_id: u64) -> StdResult<ProposalResponse> {
    let proposal = with_votes(
        deps.storage,
        proposal_id,
        PROPOSALS.load(deps.storage, proposal_id)?,
    )?;
    Ok(response(proposal, &env))
}

pub fn proposals(
    deps: Deps,
    env: Env,
    start_before: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ProposalsResponse> {
    let limit = page_limit(limit).min(MAX_PROPOSALS_PAGE as usize);
    let proposals = PROPOSALS
        .range(
            deps.storage,
            None,
            start_before.map(Bound::exclusive),
            Order::Descending,
        )
        .take(limit)
        .map(|item| {
            let (id, proposal) = item?;
            Ok(response(with_votes(deps.storage, id, proposal)?, &env))
        })
        .collect::<StdResult<_>>()?;
    Ok(ProposalsResponse { proposals })
}

pub fn ballot(deps: Deps, proposal_id: u64, voter: String) -> StdResult<Option<Ballot>> {
    let voter = deps.api.addr_validate(&voter)?;
    BALLOTS.may_load(deps.storage, (proposal_id, &voter))
}

pub fn voting_power(
    deps: Deps,
    env: Env,
    address: String,
    height: Option<u64>,
) -> StdResult<VotingPowerResponse> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    power_at(
        deps,
        &config,
        &address,
        height.unwrap_or(env.block.height),
        env.block.time,
    )
}

pub fn treasury(deps: Deps, env: Env) -> StdResult<TreasuryResponse> {
    let token = TokenClient(CONFIG.load(deps.storage)?.token);
    let balance = token.balance(&deps.querier, env.contract.address.as_str())?;
    let locked = VAULT_TOTAL.may_load(deps.storage)?.unwrap_or_default();
    let unlocking = UNLOCKING_TOTAL.load(deps.storage)?;
    let deposits = DEPOSITS_HELD.load(deps.storage)?;
    Ok(TreasuryResponse {
        balance,
        locked,
        unlocking,
        deposits,
        treasury: balance.saturating_sub(locked + unlocking + deposits),
    })
}
