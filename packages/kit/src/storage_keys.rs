//! The key spaces a contract's storage objects write to, declared from the objects themselves,
//! and the checks the storage-key tests run on them: no two spaces can hold the same key, and
//! every key a run leaves in a contract's storage lies in exactly one declared space.
//!
//! cw-storage-plus lays keys out two ways: an item (`Item`, a `SnapshotItem`'s current value,
//! the kit's `PackedItem`) is one raw key, its name; a map (`Map`, an `IndexedMap` and each of its
//! indexes, a snapshot's checkpoints and changelog, the kit's `PackedMap`) starts every key with
//! its namespace behind a two-byte big-endian length. Where cw-storage-plus 2.0 keeps a namespace
//! private (a snapshot's primary key and checkpoints, an indexed map's and its indexes'), it is
//! read off what the object does to a recording storage, so the declaration cannot drift from
//! the object.

use std::cell::RefCell;

use cosmwasm_std::{Empty, Order, Record, Storage};
use cw_storage_plus::{Item, Map, Prefix, Prefixer, PrimaryKey, SnapshotItem, SnapshotMap};
use serde::de::DeserializeOwned;
use serde::Serialize;
use thiserror::Error;

use crate::codec::{PackedItem, PackedMap};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Exactly this key.
    Item(Vec<u8>),
    /// Every longer key that starts with this namespace, length-prefixed.
    Map(Vec<u8>),
}

/// One storage object's keys (or one of the several key spaces a snapshot writes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySpace {
    /// The object, for the messages.
    pub name: String,
    pub layout: Layout,
}

#[derive(Error, Debug, PartialEq)]
pub enum KeySpaceError {
    #[error("{first} and {second} are both named {namespace:?}")]
    SharedNamespace {
        first: String,
        second: String,
        namespace: String,
    },

    #[error("{outer} can hold keys of {inner}")]
    Overlap { outer: String, inner: String },

    #[error("no declared key space holds the stored key {key:?}")]
    Unaccounted { key: String },

    #[error("the stored key {key:?} lies in both {first} and {second}")]
    Ambiguous {
        key: String,
        first: String,
        second: String,
    },
}

impl KeySpace {
    pub fn item<T: Serialize + DeserializeOwned>(name: &str, item: &Item<T>) -> Self {
        Self::raw_item(name, item.as_slice())
    }

    pub fn packed_item<T>(name: &str, item: &PackedItem<T>) -> Self {
        Self::raw_item(name, item.as_slice())
    }

    /// A value a contract writes under a raw key of its own.
    pub fn raw_item(name: &str, key: &[u8]) -> Self {
        KeySpace {
            name: name.to_string(),
            layout: Layout::Item(key.to_vec()),
        }
    }

    pub fn map<K, T>(name: &str, map: &Map<K, T>) -> Self {
        Self::namespace(name, map.namespace_bytes())
    }

    pub fn packed_map<K, T>(name: &str, map: &PackedMap<K, T>) -> Self {
        Self::namespace(name, map.namespace_bytes())
    }

    /// The map that `scan` reads whole (e.g. `|s| { map.keys_raw(s, None, None, Order::Ascending); }`):
    /// for an `IndexedMap` or an index, whose namespaces cw-storage-plus keeps private.
    pub fn scanned_map(name: &str, scan: impl FnOnce(&dyn Storage)) -> Self {
        let recorder = Recorder::default();
        scan(&recorder);
        let scanned = recorder.range_starts.into_inner();
        match scanned.as_slice() {
            [start] => Self::namespace(name, leading_namespace(name, start)),
            _ => panic!("scanning {name} read {} ranges, not one", scanned.len()),
        }
    }

    fn namespace(name: &str, namespace: &[u8]) -> Self {
        KeySpace {
            name: name.to_string(),
            layout: Layout::Map(namespace.to_vec()),
        }
    }

    /// The item's key or the map's namespace, without its length prefix.
    pub fn namespace_bytes(&self) -> &[u8] {
        match &self.layout {
            Layout::Item(key) | Layout::Map(key) => key,
        }
    }

    /// What every key of the space starts with.
    fn prefix(&self) -> Vec<u8> {
        match &self.layout {
            Layout::Item(key) => key.clone(),
            Layout::Map(namespace) => length_prefixed(namespace),
        }
    }

    pub fn holds(&self, key: &[u8]) -> bool {
        match &self.layout {
            Layout::Item(item) => key == item.as_slice(),
            // A map's key is never empty, so the bare prefix is no entry of it.
            Layout::Map(namespace) => {
                let prefix = length_prefixed(namespace);
                key.len() > prefix.len() && key.starts_with(&prefix)
            }
        }
    }

    /// Whether some key could lie in both spaces.
    fn overlaps(&self, other: &KeySpace) -> bool {
        match (&self.layout, &other.layout) {
            (Layout::Item(a), Layout::Item(b)) => a == b,
            (Layout::Item(key), Layout::Map(_)) => other.holds(key),
            (Layout::Map(_), Layout::Item(key)) => self.holds(key),
            (Layout::Map(_), Layout::Map(_)) => {
                let (a, b) = (self.prefix(), other.prefix());
                a.starts_with(&b) || b.starts_with(&a)
            }
        }
    }
}

/// A `SnapshotMap`'s three key spaces: its current values, checkpoints and changelog.
pub fn snapshot_map<'a, K, T>(name: &str, map: &SnapshotMap<K, T>) -> [KeySpace; 3]
where
    K: PrimaryKey<'a> + Prefixer<'a> + cw_storage_plus::KeyDeserialize,
    T: Serialize + DeserializeOwned + Clone,
{
    [
        KeySpace::scanned_map(name, |storage| {
            let _ = map.keys_raw(storage, None, None, Order::Ascending);
        }),
        checkpoints(name, |storage| map.add_checkpoint(storage, 0)),
        KeySpace::map(&format!("{name} changelog"), map.changelog()),
    ]
}

/// A `SnapshotItem`'s three key spaces: its current value, checkpoints and changelog.
pub fn snapshot_item<T>(name: &str, item: &SnapshotItem<T>) -> [KeySpace; 3]
where
    T: Serialize + DeserializeOwned + Clone,
{
    let recorder = Recorder::default();
    // An absent value is fine: only the key read matters.
    let _ = item.may_load(&recorder);
    let reads = recorder.reads.into_inner();
    let [key] = reads.as_slice() else {
        panic!("loading {name} read {} keys, not one", reads.len());
    };
    [
        KeySpace::raw_item(name, key),
        checkpoints(name, |storage| item.add_checkpoint(storage, 0)),
        KeySpace::map(&format!("{name} changelog"), &item.changelog()),
    ]
}

/// The namespace a snapshot's `add_checkpoint` writes to (never written under
/// `Strategy::EveryBlock`, which checkpoints implicitly, but still reserved).
fn checkpoints<E: std::fmt::Debug>(
    name: &str,
    add_checkpoint: impl FnOnce(&mut dyn Storage) -> Result<(), E>,
) -> KeySpace {
    let mut recorder = Recorder::default();
    add_checkpoint(&mut recorder).expect("a checkpoint of an empty storage");
    let writes = recorder.writes.into_inner();
    let [key] = writes.as_slice() else {
        panic!("checkpointing {name} wrote {} keys, not one", writes.len());
    };
    KeySpace::namespace(&format!("{name} checkpoints"), leading_namespace(name, key))
}

/// The kit's key spaces, shared by the contracts that use the module writing them.
pub mod kit {
    use super::KeySpace;

    /// cw2's contract name and version (`ownership::initialize`, `migrate`).
    pub fn contract_version() -> KeySpace {
        KeySpace::item("cw2 CONTRACT", &cw2::CONTRACT)
    }

    /// cw-ownable's two-step ownership (`ownership`).
    pub fn ownership() -> KeySpace {
        KeySpace::raw_item("cw-ownable OWNERSHIP", cw_ownable::OWNERSHIP_KEY.as_bytes())
    }

    pub fn paused() -> KeySpace {
        KeySpace::item("pause PAUSED", &crate::pause::PAUSED)
    }

    /// The parameter guard's history (`guard`).
    pub fn param_history() -> KeySpace {
        KeySpace::raw_item("guard HISTORY", crate::guard::history_key())
    }

    pub fn credits() -> KeySpace {
        KeySpace::map("credits CREDITS", &crate::credits::CREDITS)
    }
}

/// Fails when two declared spaces share a name or could hold the same key.
pub fn check_disjoint(spaces: &[KeySpace]) -> Result<(), KeySpaceError> {
    for (i, first) in spaces.iter().enumerate() {
        for second in &spaces[i + 1..] {
            if first.namespace_bytes() == second.namespace_bytes() {
                return Err(KeySpaceError::SharedNamespace {
                    first: first.name.clone(),
                    second: second.name.clone(),
                    namespace: escaped(first.namespace_bytes()),
                });
            }
            if first.overlaps(second) {
                let (outer, inner) = if second.prefix().starts_with(&first.prefix()) {
                    (first, second)
                } else {
                    (second, first)
                };
                return Err(KeySpaceError::Overlap {
                    outer: outer.name.clone(),
                    inner: inner.name.clone(),
                });
            }
        }
    }
    Ok(())
}

/// How many stored keys each declared space holds, in declaration order.
#[derive(Debug, PartialEq)]
pub struct Coverage(pub Vec<(String, usize)>);

impl Coverage {
    /// The spaces no stored key lies in.
    pub fn unwritten(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(_, keys)| *keys == 0)
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

/// Fails on a stored key that no declared space holds, or that two do.
pub fn account<'k>(
    spaces: &[KeySpace],
    keys: impl IntoIterator<Item = &'k [u8]>,
) -> Result<Coverage, KeySpaceError> {
    let mut counts = vec![0; spaces.len()];
    for key in keys {
        let mut holders = spaces
            .iter()
            .enumerate()
            .filter(|(_, space)| space.holds(key));
        let Some((index, first)) = holders.next() else {
            return Err(KeySpaceError::Unaccounted { key: escaped(key) });
        };
        if let Some((_, second)) = holders.next() {
            return Err(KeySpaceError::Ambiguous {
                key: escaped(key),
                first: first.name.clone(),
                second: second.name.clone(),
            });
        }
        counts[index] += 1;
    }
    Ok(Coverage(
        spaces
            .iter()
            .zip(counts)
            .map(|(space, keys)| (space.name.clone(), keys))
            .collect(),
    ))
}

/// cw-storage-plus's own encoding of a namespace as a key prefix.
fn length_prefixed(namespace: &[u8]) -> Vec<u8> {
    Prefix::<Vec<u8>, Empty>::new(namespace, &[]).to_vec()
}

/// The namespace a map's key or prefix starts with.
fn leading_namespace<'k>(name: &str, key: &'k [u8]) -> &'k [u8] {
    let namespace = match key {
        [high, low, rest @ ..] => rest.get(..usize::from(u16::from_be_bytes([*high, *low]))),
        _ => None,
    };
    namespace.unwrap_or_else(|| panic!("{name} used {key:?}, which starts with no namespace"))
}

fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

/// A storage that is always empty and records what is asked of it.
#[derive(Default)]
struct Recorder {
    reads: RefCell<Vec<Vec<u8>>>,
    range_starts: RefCell<Vec<Vec<u8>>>,
    writes: RefCell<Vec<Vec<u8>>>,
}

impl Storage for Recorder {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.reads.borrow_mut().push(key.to_vec());
        None
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        _end: Option<&[u8]>,
        _order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        self.range_starts
            .borrow_mut()
            .push(start.unwrap_or_default().to_vec());
        Box::new(std::iter::empty())
    }

    fn set(&mut self, key: &[u8], _value: &[u8]) {
        self.writes.borrow_mut().push(key.to_vec());
    }

    fn remove(&mut self, _key: &[u8]) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{testing::MockApi, Addr, MemoryStorage};
    use cw_storage_plus::{Index, IndexList, IndexedMap, MultiIndex, Strategy};

    const CONFIG: Item<u64> = Item::new("config");
    const BALANCES: Map<&Addr, u64> = Map::new("balances");
    const VOTES: Map<(u64, &Addr), bool> = Map::new("votes");
    const STAKE: SnapshotMap<&Addr, u64> = SnapshotMap::new(
        "stake",
        "stake__checkpoints",
        "stake__changelog",
        Strategy::EveryBlock,
    );
    const TOTAL: SnapshotItem<u64> = SnapshotItem::new(
        "total",
        "total__checkpoints",
        "total__changelog",
        Strategy::EveryBlock,
    );

    struct ByOwner<'a> {
        owner: MultiIndex<'a, (u8, Addr), Addr, u64>,
    }

    impl IndexList<Addr> for ByOwner<'_> {
        fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Addr>> + '_> {
            Box::new(std::iter::once(&self.owner as &dyn Index<Addr>))
        }
    }

    fn things<'a>() -> IndexedMap<u64, Addr, ByOwner<'a>> {
        IndexedMap::new(
            "things",
            ByOwner {
                owner: MultiIndex::new(|_, owner| (0, owner.clone()), "things", "things__owner"),
            },
        )
    }

    fn spaces() -> Vec<KeySpace> {
        let mut spaces = vec![
            KeySpace::item("CONFIG", &CONFIG),
            KeySpace::map("BALANCES", &BALANCES),
            KeySpace::map("VOTES", &VOTES),
            KeySpace::scanned_map("THINGS", |s| {
                let _ = things().keys_raw(s, None, None, Order::Ascending);
            }),
            KeySpace::scanned_map("THINGS by owner", |s| {
                let _ = things().idx.owner.keys_raw(s, None, None, Order::Ascending);
            }),
        ];
        spaces.extend(snapshot_map("STAKE", &STAKE));
        spaces.extend(snapshot_item("TOTAL", &TOTAL));
        spaces
    }

    #[test]
    fn namespaces_are_read_off_the_objects() {
        let namespaces: Vec<_> = spaces()
            .iter()
            .map(|space| escaped(space.namespace_bytes()))
            .collect();
        assert_eq!(
            namespaces,
            [
                "config",
                "balances",
                "votes",
                "things",
                "things__owner",
                "stake",
                "stake__checkpoints",
                "stake__changelog",
                "total",
                "total__checkpoints",
                "total__changelog"
            ]
        );
        assert!(matches!(spaces()[8].layout, Layout::Item(_)));
        assert!(matches!(spaces()[5].layout, Layout::Map(_)));
    }

    #[test]
    fn every_key_the_objects_write_is_accounted_for() {
        let api = MockApi::default();
        let (alice, bob) = (api.addr_make("alice"), api.addr_make("bob"));
        let mut storage = MemoryStorage::new();
        CONFIG.save(&mut storage, &1).unwrap();
        BALANCES.save(&mut storage, &alice, &2).unwrap();
        VOTES.save(&mut storage, (3, &bob), &true).unwrap();
        things().save(&mut storage, 4, &alice).unwrap();
        STAKE.save(&mut storage, &alice, &5, 10).unwrap();
        STAKE.save(&mut storage, &alice, &6, 11).unwrap();
        STAKE.add_checkpoint(&mut storage, 12).unwrap();
        TOTAL.save(&mut storage, &7, 10).unwrap();
        TOTAL.save(&mut storage, &8, 11).unwrap();
        let spaces = spaces();
        check_disjoint(&spaces).unwrap();
        let stored: Vec<_> = storage
            .range(None, None, Order::Ascending)
            .map(|(key, _)| key)
            .collect();
        let coverage = account(&spaces, stored.iter().map(Vec::as_slice)).unwrap();
        assert_eq!(coverage.unwritten(), ["TOTAL checkpoints"]);
        let counts: Vec<usize> = coverage.0.iter().map(|(_, keys)| *keys).collect();
        assert_eq!(counts, [1, 1, 1, 1, 1, 1, 1, 2, 1, 0, 2]);
    }

    #[test]
    fn a_stray_key_is_unaccounted() {
        let api = MockApi::default();
        let mut storage = MemoryStorage::new();
        // A map under a namespace nobody declared, and an item the contract forgot to declare.
        Map::<&Addr, u64>::new("balance")
            .save(&mut storage, &api.addr_make("alice"), &1)
            .unwrap();
        let keys: Vec<_> = storage
            .range(None, None, Order::Ascending)
            .map(|(key, _)| key)
            .collect();
        assert!(matches!(
            account(&spaces(), keys.iter().map(Vec::as_slice)),
            Err(KeySpaceError::Unaccounted { key }) if key.starts_with("\\x00\\x07balance")
        ));
        assert_eq!(
            account(&spaces(), [b"configs".as_slice()]),
            Err(KeySpaceError::Unaccounted {
                key: "configs".to_string()
            })
        );
        // The bare prefix of a map is no entry of it.
        assert!(account(&spaces(), [b"\x00\x08balances".as_slice()]).is_err());
    }

    #[test]
    fn a_key_two_spaces_hold_is_ambiguous() {
        let spaces = [
            KeySpace::map("BALANCES", &BALANCES),
            KeySpace::raw_item("RAW", b"\x00\x08balancesx"),
        ];
        assert_eq!(
            account(&spaces, [b"\x00\x08balancesx".as_slice()]),
            Err(KeySpaceError::Ambiguous {
                key: "\\x00\\x08balancesx".to_string(),
                first: "BALANCES".to_string(),
                second: "RAW".to_string()
            })
        );
    }

    #[test]
    fn shared_or_overlapping_namespaces_are_refused() {
        let shared = [
            KeySpace::item("CONFIG", &CONFIG),
            KeySpace::map("CONFIGS", &Map::<u64, u64>::new("config")),
        ];
        assert_eq!(
            check_disjoint(&shared),
            Err(KeySpaceError::SharedNamespace {
                first: "CONFIG".to_string(),
                second: "CONFIGS".to_string(),
                namespace: "config".to_string()
            })
        );
        // A raw key inside a map's key space.
        let inside = [
            KeySpace::map("BALANCES", &BALANCES),
            KeySpace::raw_item("RAW", b"\x00\x08balancesx"),
        ];
        assert_eq!(
            check_disjoint(&inside),
            Err(KeySpaceError::Overlap {
                outer: "BALANCES".to_string(),
                inner: "RAW".to_string()
            })
        );
        // Two snapshots declared under one name share every namespace.
        let mut twice = snapshot_map("STAKE", &STAKE).to_vec();
        twice.extend(snapshot_map("STAKE again", &STAKE));
        assert!(matches!(
            check_disjoint(&twice),
            Err(KeySpaceError::SharedNamespace { .. })
        ));
        check_disjoint(&spaces()).unwrap();
    }
}
