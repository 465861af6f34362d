//! docs/adversarial.md against the sources: every contract's table lists each row of the
//! adversarial checklist that concerns it exactly once, and every test it names exists as
//! `fn <name>(` in the file it names. A renamed or deleted test, or a row dropped from a table,
//! fails here instead of leaving the table stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The rows every contract walks.
const CROSS_CUTTING: usize = 16;

/// Each contract's table, and the rows of its kind besides X1–X16.
const CONTRACTS: [(&str, &str, usize); 11] = [
    ("token", "T", 6),
    ("wrapped-token", "T", 6),
    ("vesting", "", 0),
    ("staking", "S", 7),
    ("reputation", "R", 3),
    ("bill-escrow", "E", 5),
    ("payment-channels", "E", 5),
    ("distributor", "D", 6),
    ("dao", "G", 7),
    ("council", "", 0),
    ("bridge", "B", 9),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository path a table's `file::name` names: `suite/` is the integration suite.
fn source(file: &str) -> PathBuf {
    match file.strip_prefix("suite/") {
        Some(rest) => repo().join("tests/integration/tests/suite").join(rest),
        None => repo().join(file),
    }
}

/// The tables of docs/adversarial.md: (contract, row, cell), in order.
fn tables() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(repo().join("docs/adversarial.md")).unwrap();
    let mut contract = None;
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            contract = Some(heading.trim().to_string());
            continue;
        }
        let Some(contract) = &contract else { continue };
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| row | test |" splits into ["", row, test, ""].
        if cells.len() != 4 || cells[1] == "row" || cells[1].starts_with("---") {
            continue;
        }
        rows.push((contract.clone(), cells[1].to_string(), cells[2].to_string()));
    }
    rows
}

/// The `file.rs::name` references of a cell (other quoted text, such as `Uint128::MAX`, is
/// prose).
fn references(cell: &str) -> Vec<(String, String)> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|quoted| quoted.rsplit_once("::"))
        .filter(|(file, _)| file.ends_with(".rs"))
        .map(|(file, name)| (file.to_string(), name.to_string()))
        .collect()
}

#[test]
fn every_contract_lists_each_of_its_rows_once() {
    let rows = tables();
    for (contract, kind, count) in CONTRACTS {
        let mut expected: Vec<String> = (1..=CROSS_CUTTING).map(|i| format!("X{i}")).collect();
        expected.extend((1..=count).map(|i| format!("{kind}{i}")));
        let listed: Vec<String> = rows
            .iter()
            .filter(|(c, _, _)| c == contract)
            .map(|(_, row, _)| row.clone())
            .collect();
        assert_eq!(listed, expected, "docs/adversarial.md, table {contract}");
    }
    let tabled: BTreeSet<&str> = rows.iter().map(|(c, _, _)| c.as_str()).collect();
    let known: BTreeSet<&str> = CONTRACTS.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(
        tabled, known,
        "docs/adversarial.md has a table per contract"
    );
}

#[test]
fn every_test_the_tables_name_exists() {
    let mut missing = Vec::new();
    let mut named = 0;
    for (contract, row, cell) in tables() {
        let refs = references(&cell);
        if refs.is_empty() {
            assert!(
                cell.starts_with("n/a: ") || cell.starts_with("open: "),
                "{contract} {row} names no test and says neither n/a nor open: {cell}"
            );
            continue;
        }
        for (file, name) in refs {
            named += 1;
            let text = std::fs::read_to_string(source(&file)).unwrap_or_default();
            if !text.contains(&format!("fn {name}(")) {
                missing.push(format!("{contract} {row}: {file}::{name}"));
            }
        }
    }
    assert!(named > 100, "only {named} tests named");
    assert!(missing.is_empty(), "tests not found: {missing:#?}");
}
