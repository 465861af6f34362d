//! scripts/deploy.sh restates the genesis table for bash (TOTAL_SUPPLY, ALLOCATIONS), the genesis
//! grants that lock the team and investor allocations in vesting (GENESIS_GRANTS, with
//! GENESIS_VESTING_SALT) and the grants funded after genesis (VESTING_GRANTS). These tests parse
//! those arrays and hold them to the Rust definitions (packages/types/src/token, vesting, and the
//! holders of the suite), so the script cannot drift from the types without a failing test that
//! names the row.

use std::collections::BTreeMap;

use cosmwasm_std::{from_json, HexBinary, Uint128};
use infermesh_testing::holder_of;
use infermesh_types::token::{AllocationCategory, GENESIS_VESTING_SALT, TOTAL_SUPPLY};
use infermesh_types::vesting::VestingPlan;
use serde::de::DeserializeOwned;

fn deploy_sh() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/deploy.sh");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The value of a top-level `NAME=value # comment` assignment.
fn scalar(script: &str, name: &str) -> String {
    let prefix = format!("{name}=");
    let line = script
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("deploy.sh has no {name}=..."));
    line[prefix.len()..]
        .split('#')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches('"')
        .to_string()
}

/// The rows of a top-level `NAME=( "a b c" ... )` array, each split on whitespace.
fn rows(script: &str, name: &str) -> Vec<Vec<String>> {
    let start = format!("{name}=(");
    let mut lines = script.lines().skip_while(|line| !line.starts_with(&start));
    assert!(lines.next().is_some(), "deploy.sh has no {name}=( ... )");
    lines
        .map(str::trim)
        .take_while(|line| *line != ")")
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            line.trim_matches('"')
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A value from its serde name (`"team_and_advisors"` -> `TeamAndAdvisors`).
fn parse<T: DeserializeOwned>(name: &str) -> Option<T> {
    from_json(format!("\"{name}\"")).ok()
}

/// The ALLOCATIONS holder that stands for the genesis vesting contract.
const VESTING_HOLDER: &str = "vesting";

fn check(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "scripts/deploy.sh disagrees with the Rust definitions:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn total_supply_matches_the_token_type() {
    let script = deploy_sh();
    assert_eq!(
        scalar(&script, "TOTAL_SUPPLY"),
        TOTAL_SUPPLY.to_string(),
        "deploy.sh TOTAL_SUPPLY vs infermesh_types::token::TOTAL_SUPPLY"
    );
}

#[test]
fn allocations_match_the_genesis_table() {
    let script = deploy_sh();
    let supply: u128 = scalar(&script, "TOTAL_SUPPLY")
        .parse()
        .expect("TOTAL_SUPPLY");
    let mut problems = vec![];
    let mut seen = vec![];
    for row in rows(&script, "ALLOCATIONS") {
        let text = row.join(" ");
        let [category, holder, bps] = row.as_slice() else {
            problems.push(format!(
                "ALLOCATIONS row '{text}': expected <category> <holder> <bps>"
            ));
            continue;
        };
        let Some(category) = parse::<AllocationCategory>(category) else {
            problems.push(format!(
                "ALLOCATIONS row '{text}': unknown category '{category}'"
            ));
            continue;
        };
        if seen.contains(&category) {
            problems.push(format!("ALLOCATIONS row '{text}': category listed twice"));
        }
        seen.push(category);
        // The categories vested at genesis are minted into the vesting contract the token creates.
        let expected_holder = if category.vested_at_genesis() {
            VESTING_HOLDER
        } else {
            holder_of(category)
        };
        if holder != expected_holder {
            problems.push(format!(
                "ALLOCATIONS row '{text}': holder '{holder}', the suite's holder is '{expected_holder}'"
            ));
        }
        if *bps != category.share_bps().to_string() {
            problems.push(format!(
                "ALLOCATIONS row '{text}': share {bps} bps, token.rs says {} bps",
                category.share_bps()
            ));
        } else if Uint128::new(supply * u128::from(category.share_bps()) / 10_000)
            != category.genesis_amount()
        {
            problems.push(format!(
                "ALLOCATIONS row '{text}': deploy.sh mints {} (TOTAL_SUPPLY * bps / 10000), token.rs \
                 requires {}",
                supply * u128::from(category.share_bps()) / 10_000,
                category.genesis_amount()
            ));
        }
    }
    for category in AllocationCategory::ALL {
        if !seen.contains(&category) {
            problems.push(format!("ALLOCATIONS has no row for {category:?}"));
        }
    }
    check(problems);
}

#[test]
fn genesis_vesting_salt_matches_the_token_type() {
    let script = deploy_sh();
    assert_eq!(
        scalar(&script, "GENESIS_VESTING_SALT"),
        HexBinary::from(GENESIS_VESTING_SALT).to_hex(),
        "deploy.sh GENESIS_VESTING_SALT vs infermesh_types::token::GENESIS_VESTING_SALT"
    );
}

#[test]
fn genesis_grants_lock_exactly_the_categories_vested_at_genesis() {
    let script = deploy_sh();
    let mut problems = vec![];
    let mut granted: BTreeMap<AllocationCategory, u128> = BTreeMap::new();
    for row in rows(&script, "GENESIS_GRANTS") {
        let text = row.join(" ");
        let [plan, beneficiary, amount] = row.as_slice() else {
            problems.push(format!(
                "GENESIS_GRANTS row '{text}': expected <plan> <beneficiary> <amount>"
            ));
            continue;
        };
        let Some(plan) = parse::<VestingPlan>(plan) else {
            problems.push(format!(
                "GENESIS_GRANTS row '{text}': unknown plan '{plan}'"
            ));
            continue;
        };
        let category = plan.category();
        if !category.vested_at_genesis() {
            problems.push(format!(
                "GENESIS_GRANTS row '{text}': {category:?} is not vested at genesis (its holder \
                 grants it after genesis, VESTING_GRANTS)"
            ));
            continue;
        }
        if beneficiary != holder_of(category) {
            problems.push(format!(
                "GENESIS_GRANTS row '{text}': beneficiary '{beneficiary}', the suite's is '{}'",
                holder_of(category)
            ));
        }
        let Ok(amount) = amount.parse::<u128>() else {
            problems.push(format!(
                "GENESIS_GRANTS row '{text}': amount '{amount}' is not a number"
            ));
            continue;
        };
        *granted.entry(category).or_default() += amount;
    }
    for category in AllocationCategory::ALL {
        if category.vested_at_genesis() {
            let got = granted.get(&category).copied().unwrap_or_default();
            if got != category.genesis_amount().u128() {
                problems.push(format!(
                    "GENESIS_GRANTS lock {got} of {category:?}, its allocation is {}",
                    category.genesis_amount()
                ));
            }
        }
    }
    check(problems);
}

#[test]
fn vesting_grants_lock_each_allocation_granted_after_genesis_under_its_plan() {
    let script = deploy_sh();
    let mut problems = vec![];
    let mut seen = vec![];
    for row in rows(&script, "VESTING_GRANTS") {
        let text = row.join(" ");
        let [funder, plan, _beneficiary, amount] = row.as_slice() else {
            problems.push(format!(
                "VESTING_GRANTS row '{text}': expected <funder> <plan> <beneficiary> <amount>"
            ));
            continue;
        };
        let Some(plan) = parse::<VestingPlan>(plan) else {
            problems.push(format!(
                "VESTING_GRANTS row '{text}': unknown plan '{plan}'"
            ));
            continue;
        };
        if seen.contains(&plan) {
            problems.push(format!("VESTING_GRANTS row '{text}': plan listed twice"));
        }
        seen.push(plan);
        let category = plan.category();
        if category.vested_at_genesis() {
            problems.push(format!(
                "VESTING_GRANTS row '{text}': {category:?} is locked in vesting from genesis \
                 (GENESIS_GRANTS); nobody holds it to send"
            ));
            continue;
        }
        if funder != holder_of(category) {
            problems.push(format!(
                "VESTING_GRANTS row '{text}': funder '{funder}', but {plan:?} vests the {category:?} \
                 allocation held by '{}'",
                holder_of(category)
            ));
        }
        if *amount != category.genesis_amount().to_string() {
            problems.push(format!(
                "VESTING_GRANTS row '{text}': amount {amount}, the whole {category:?} allocation is {}",
                category.genesis_amount()
            ));
        }
    }
    for plan in VestingPlan::ALL {
        if !plan.category().vested_at_genesis() && !seen.contains(&plan) {
            problems.push(format!("VESTING_GRANTS has no row for plan {plan:?}"));
        }
    }
    check(problems);
}

/// The localnet DAO keeps the production bars: DAO_KINDS lists every proposal kind once, in
/// order, with `Params::default()`'s threshold and quorum, and DAO_DEPOSIT is its deposit.
#[test]
fn dao_kinds_match_the_default_bars() {
    use infermesh_types::dao::{Params, ProposalKind};
    let script = deploy_sh();
    let defaults = Params::default();
    let mut problems = Vec::new();
    let rows = rows(&script, "DAO_KINDS");
    if rows.len() != ProposalKind::ALL.len() {
        problems.push(format!(
            "DAO_KINDS has {} rows, one per kind ({}) needed",
            rows.len(),
            ProposalKind::ALL.len()
        ));
    }
    for (row, kind) in rows.iter().zip(ProposalKind::ALL) {
        let text = row.join(" ");
        let rules = defaults.rules(kind);
        let expected = [
            cosmwasm_std::to_json_string(&kind)
                .unwrap()
                .trim_matches('"')
                .to_string(),
            rules.threshold.to_string(),
            rules.quorum.to_string(),
        ];
        if row.as_slice() != expected.as_slice() {
            problems.push(format!(
                "DAO_KINDS row '{text}': expected '{}'",
                expected.join(" ")
            ));
        }
    }
    if scalar(&script, "DAO_DEPOSIT") != defaults.deposit.to_string() {
        problems.push(format!(
            "DAO_DEPOSIT {} vs the default deposit {}",
            scalar(&script, "DAO_DEPOSIT"),
            defaults.deposit
        ));
    }
    check(problems);
}
