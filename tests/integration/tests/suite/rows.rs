//! The rows of the adversarial checklist (docs/adversarial.md) that every contract walks the same
//! way: two-step ownership (X2), native funds (X7), migration (X10), panics reachable from an
//! entry point (X14) and the wasm admin (X15). Each contract's adversarial module calls these
//! under its own row-named tests, so every row runs against that contract's own code.

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::path::Path;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, Addr, Api, CanonicalAddr, CosmosMsg, Order, StdError, WasmMsg};
use cw_ownable::{Action, Ownership, OwnershipError};
use cw_utils::{Expiration, PaymentError};
use infermesh_kit::{MigrateMsg, MigrationError};
use infermesh_testing::{Executor, Suite};
use serde::Serialize;

use crate::fixtures::{contract_err, fund_native, Res, NATIVE};

/// The version every contract of the workspace is built at.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every key and value `contract` holds.
pub fn storage(suite: &Suite, contract: &Addr) -> BTreeMap<Vec<u8>, Vec<u8>> {
    suite
        .app
        .contract_storage(contract)
        .range(None, None, Order::Ascending)
        .collect()
}

/// Runs `f`, expects the typed error `expected`, and checks `contract`'s storage is unchanged.
pub fn refused<E, T>(
    suite: &mut Suite,
    contract: &Addr,
    expected: E,
    f: impl FnOnce(&mut Suite) -> Res<T>,
) where
    E: Display + Debug + PartialEq + Send + Sync + 'static,
    T: Debug,
{
    let before = storage(suite, contract);
    assert_eq!(contract_err::<E, T>(f(suite)), expected);
    assert_eq!(storage(suite, contract), before);
}

/// The `UpdateOwnership` arm cw-ownable adds to every owned contract's `ExecuteMsg`.
#[derive(Serialize, Debug)]
#[serde(rename_all = "snake_case")]
enum OwnershipMsg {
    UpdateOwnership(Action),
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum OwnershipQuery {
    Ownership {},
}

fn ownership(suite: &Suite, contract: &Addr) -> Ownership<Addr> {
    suite
        .app
        .wrap()
        .query_wasm_smart(contract, &OwnershipQuery::Ownership {})
        .unwrap()
}

fn update_ownership(suite: &mut Suite, contract: &Addr, sender: &Addr, action: Action) -> Res {
    suite.app.execute_contract(
        sender.clone(),
        contract.clone(),
        &OwnershipMsg::UpdateOwnership(action),
        &[],
    )
}

/// X2: only the pending owner accepts, and only before its expiry; nothing is pending before a
/// transfer; a stranger neither transfers nor renounces; a renounced contract has no owner left
/// to transfer it.
pub fn x2_ownership_is_two_step<E>(suite: &mut Suite, contract: &Addr)
where
    E: From<OwnershipError> + Display + Debug + PartialEq + Send + Sync + 'static,
{
    let owner = suite.owner.clone();
    let next = suite.addr("next-owner");
    let stranger = suite.addr("stranger");
    assert_eq!(ownership(suite, contract).owner, Some(owner.clone()));
    let c = contract.clone();
    let (n, s) = (next.clone(), stranger.clone());

    refused(
        suite,
        contract,
        E::from(OwnershipError::TransferNotFound),
        |suite| update_ownership(suite, &c, &n, Action::AcceptOwnership),
    );
    let to_next = |expiry| Action::TransferOwnership {
        new_owner: next.to_string(),
        expiry,
    };
    refused(
        suite,
        contract,
        E::from(OwnershipError::NotOwner),
        |suite| update_ownership(suite, &c, &s, to_next(None)),
    );
    refused(
        suite,
        contract,
        E::from(OwnershipError::NotOwner),
        |suite| update_ownership(suite, &c, &s, Action::RenounceOwnership),
    );

    let deadline = suite.app.block_info().height + 5;
    update_ownership(
        suite,
        contract,
        &owner,
        to_next(Some(Expiration::AtHeight(deadline))),
    )
    .unwrap();
    refused(
        suite,
        contract,
        E::from(OwnershipError::NotPendingOwner),
        |suite| update_ownership(suite, &c, &s, Action::AcceptOwnership),
    );
    // AtHeight is expired from the deadline's own block on.
    suite.advance_blocks(5);
    refused(
        suite,
        contract,
        E::from(OwnershipError::TransferExpired),
        |suite| update_ownership(suite, &c, &n, Action::AcceptOwnership),
    );
    assert_eq!(ownership(suite, contract).owner, Some(owner.clone()));

    update_ownership(suite, contract, &owner, to_next(None)).unwrap();
    update_ownership(suite, contract, &next, Action::AcceptOwnership).unwrap();
    assert_eq!(
        ownership(suite, contract),
        Ownership {
            owner: Some(next.clone()),
            pending_owner: None,
            pending_expiry: None,
        }
    );
    let o = owner.clone();
    refused(
        suite,
        contract,
        E::from(OwnershipError::NotOwner),
        |suite| update_ownership(suite, &c, &o, Action::RenounceOwnership),
    );
    update_ownership(suite, contract, &next, Action::RenounceOwnership).unwrap();
    assert_eq!(ownership(suite, contract).owner, None);
    refused(suite, contract, E::from(OwnershipError::NoOwner), |suite| {
        update_ownership(suite, &c, &n, to_next(None))
    });
}

/// X7: `msg` with the chain's native coin attached is refused with `expected`, and the coins stay
/// with their sender.
pub fn x7_native_funds_are_refused<E, M>(suite: &mut Suite, contract: &Addr, msg: &M, expected: E)
where
    E: Display + Debug + PartialEq + Send + Sync + 'static,
    M: Serialize + Debug,
{
    let payer = suite.addr("native-payer");
    fund_native(suite, &payer, 10);
    let c = contract.clone();
    let p = payer.clone();
    refused(suite, contract, expected, |suite| {
        suite.app.execute_contract(p, c, msg, &coins(10, NATIVE))
    });
    let held = suite.app.wrap().query_balance(&payer, NATIVE).unwrap();
    assert_eq!(held.amount.u128(), 10);
}

/// [`x7_native_funds_are_refused`] with the kit's `nonpayable` error.
pub fn x7_nonpayable<E, M>(suite: &mut Suite, contract: &Addr, msg: &M)
where
    E: From<PaymentError> + Display + Debug + PartialEq + Send + Sync + 'static,
    M: Serialize + Debug,
{
    x7_native_funds_are_refused(suite, contract, msg, E::from(PaymentError::NonPayable {}));
}

fn set_version(suite: &mut Suite, contract: &Addr, name: &str, version: &str) {
    cw2::set_contract_version(
        &mut *suite.app.contract_storage_mut(contract),
        name,
        version,
    )
    .unwrap();
}

/// X10: a migration is refused from another contract's state, from a newer version, from the
/// same version (a replay of one already run) and from a version that does not parse; it runs
/// once from an older version, and then is refused when replayed. The migrate message is empty,
/// so it has no parameters to validate, and a migration only rewrites the cw2 record: its work
/// does not grow with what the contract stores.
pub fn x10_migration_only_from_an_older_version<E>(suite: &mut Suite, contract: &Addr, name: &str)
where
    E: From<MigrationError> + Display + Debug + PartialEq + Send + Sync + 'static,
{
    let owner = suite.owner.clone();
    let code = suite
        .app
        .wrap()
        .query_wasm_contract_info(contract)
        .unwrap()
        .code_id;
    let migrate = |suite: &mut Suite| {
        suite
            .app
            .migrate_contract(owner.clone(), contract.clone(), &MigrateMsg {}, code)
    };
    let not_older = |stored: &str| {
        E::from(MigrationError::NotOlder {
            stored_version: stored.to_string(),
            version: VERSION.to_string(),
        })
    };
    refused(suite, contract, not_older(VERSION), migrate);

    set_version(suite, contract, name, "999.0.0");
    refused(suite, contract, not_older("999.0.0"), migrate);

    set_version(suite, contract, "crates.io:cw20-base", "0.0.1");
    refused(
        suite,
        contract,
        E::from(MigrationError::WrongContract {
            stored_name: "crates.io:cw20-base".to_string(),
            name: name.to_string(),
        }),
        migrate,
    );

    set_version(suite, contract, name, "0.1");
    refused(
        suite,
        contract,
        E::from(MigrationError::InvalidVersion {
            version: "0.1".to_string(),
        }),
        migrate,
    );

    set_version(suite, contract, name, "0.0.1");
    migrate(suite).unwrap();
    let stored = cw2::get_contract_version(&*suite.app.contract_storage(contract)).unwrap();
    assert_eq!(
        (stored.contract.as_str(), stored.version.as_str()),
        (name, VERSION)
    );
    refused(suite, contract, not_older(VERSION), migrate);
}

/// X15: the contract's wasm admin is the owner (the DAO's place in the suite), and a stranger
/// can neither migrate it nor change or clear its admin.
pub fn x15_only_the_dao_is_wasm_admin(suite: &mut Suite, contract: &Addr) {
    let owner = suite.owner.clone();
    let info = suite.app.wrap().query_wasm_contract_info(contract).unwrap();
    assert_eq!(info.admin, Some(owner.clone()));
    let stranger = suite.addr("stranger");
    let before = storage(suite, contract);
    let err = suite
        .app
        .migrate_contract(
            stranger.clone(),
            contract.clone(),
            &MigrateMsg {},
            info.code_id,
        )
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!("Only admin can migrate contract: {:?}", Some(owner.clone()))
    );
    for msg in [
        WasmMsg::UpdateAdmin {
            contract_addr: contract.to_string(),
            admin: stranger.to_string(),
        },
        WasmMsg::ClearAdmin {
            contract_addr: contract.to_string(),
        },
    ] {
        let err = suite
            .app
            .execute(stranger.clone(), CosmosMsg::Wasm(msg))
            .unwrap_err();
        assert_eq!(
            err.root_cause().to_string(),
            format!(
                "Only admin can update the contract admin: {:?}",
                Some(owner.clone())
            )
        );
    }
    let after = suite.app.wrap().query_wasm_contract_info(contract).unwrap();
    assert_eq!((after.admin, after.code_id), (Some(owner), info.code_id));
    assert_eq!(storage(suite, contract), before);
}

/// What may abort a contract from user input: an unwrap, an expect or a panicking macro.
const PANICS: [&str; 6] = [
    ".unwrap()",
    ".expect(",
    "panic!(",
    "unimplemented!(",
    "todo!(",
    "unreachable!(",
];

/// X14: no source file of `contracts/<name>/src` (its tests and schema binary aside) holds a
/// panic: every failure an entry point can reach is a typed error. A file's test module, when it
/// has one, is its tail from `#[cfg(test)]` on.
pub fn x14_no_panics_in_the_contract_source(name: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../contracts")
        .join(name)
        .join("src");
    let mut scanned = 0;
    let mut found = Vec::new();
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if file != "tests" && file != "bin" {
                    dirs.push(path);
                }
                continue;
            }
            if !file.ends_with(".rs") {
                continue;
            }
            scanned += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("#[cfg(test)]") {
                    break;
                }
                let code = line.split("//").next().unwrap_or_default();
                if PANICS.iter().any(|panic| code.contains(panic)) {
                    found.push(format!(
                        "{}:{}: {}",
                        path.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(scanned > 0, "no source under contracts/{name}/src");
    assert!(found.is_empty(), "panics reachable in {name}: {found:#?}");
}

/// X3: the spellings of an address `addr_validate` must refuse: empty, padded with whitespace,
/// upper case, another chain's prefix, and not bech32 at all. Each comes with the error the
/// chain's API gives for it.
pub fn bad_addresses(suite: &Suite) -> Vec<(String, StdError)> {
    let api = suite.app.api();
    let valid = suite.addr("someone").to_string();
    [
        String::new(),
        format!(" {valid}"),
        valid.to_uppercase(),
        MockApi::default()
            .with_prefix("osmo")
            .addr_make("someone")
            .to_string(),
        "garbage".to_string(),
    ]
    .into_iter()
    .map(|bad| {
        let err = api.addr_validate(&bad).unwrap_err();
        (bad, err)
    })
    .collect()
}

/// A valid address of 20 bytes (an account's length; `addr_make` gives 32, a contract's): the
/// contracts take both.
pub fn short_address(suite: &Suite) -> Addr {
    suite
        .app
        .api()
        .addr_humanize(&CanonicalAddr::from(vec![7u8; 20]))
        .unwrap()
}

/// X3: `msg(bad)` from `sender` is refused with `expected(err)` for each of [`bad_addresses`],
/// with `contract`'s storage unchanged.
pub fn x3_bad_addresses_are_refused<E, M>(
    suite: &mut Suite,
    contract: &Addr,
    sender: &Addr,
    msg: impl Fn(&str) -> M,
    expected: impl Fn(StdError) -> E,
) where
    E: Display + Debug + PartialEq + Send + Sync + 'static,
    M: Serialize + Debug,
{
    for (bad, err) in bad_addresses(suite) {
        let (c, s) = (contract.clone(), sender.clone());
        let m = msg(&bad);
        refused(suite, contract, expected(err), |suite| {
            suite.app.execute_contract(s, c, &m, &[])
        });
    }
}
