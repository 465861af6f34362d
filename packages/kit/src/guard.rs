//! The parameter guard (docs/rules.md §10, QUIVer §6.3): within any quarter (a rolling window
//! of [`WINDOW_SECONDS`]), a governed parameter stays within [`MAX_MOVE_BPS`] (20 %) of every
//! value it held in that quarter, unless the change is an emergency parameter adjustment (the
//! owner's `EmergencyUpdateParams`, which the DAO lets through only under its 80 % bar).
//!
//! Each contract checks its parameters with [`guard`] on the one path that stores them, so no
//! message reaches a parameter around it. The contract keeps the values of its recent updates
//! (and the value in force when the quarter began), so neither small moves that add up nor two
//! moves on either side of a window's edge go past the limit:
//! * a number stays within 20 % of each of those values (so a parameter at zero moves only by
//!   an emergency adjustment);
//! * a switch, a class, whether an optional value is set, and the length of a list are exact:
//!   they change only by an emergency adjustment.
//!
//! An emergency adjustment is not limited; the values it changes are measured from it on, as
//! if they had always held them, and the others keep their history (by name when it changes
//! a list's length). A history that does not match the parameters (a migration changed them)
//! lets only an emergency adjustment through.

use cosmwasm_std::{Decimal, StdResult, Storage, Timestamp, Uint128};
use thiserror::Error;

use crate::codec::{Packed, PackedItem, Reader, Writer};

/// 20 %, in basis points.
pub const MAX_MOVE_BPS: u128 = 2_000;
/// A quarter of a Julian year (91.3125 days).
pub const WINDOW_SECONDS: u64 = 7_889_400;
/// Updates remembered within a window; more in one quarter need an emergency adjustment.
pub const MAX_UPDATES_PER_WINDOW: usize = 12;

/// More leaves than any contract's parameters have: a larger count is a corrupt record.
const MAX_LEAVES: usize = 1_024;

/// The history, under the same key in every contract.
const HISTORY: PackedItem<History> = PackedItem::new("param_history");

/// The history's storage key, for the storage-key checks (`crate::storage_keys`).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn history_key() -> &'static [u8] {
    HISTORY.as_slice()
}

#[derive(Error, Debug, PartialEq)]
pub enum ParamGuardError {
    #[error("{field} would move from {baseline} (its value at {set_at} s) to {proposed}: over 20 % in a quarter; emergency adjustment only")]
    MovedTooFar {
        field: &'static str,
        baseline: Uint128,
        proposed: Uint128,
        set_at: u64,
    },

    #[error("{field} would change from {current} to {proposed}: switches, classes, options and list lengths change by emergency adjustment only")]
    NeedsEmergency {
        field: &'static str,
        current: Uint128,
        proposed: Uint128,
    },

    #[error("the parameters changed {limit} times this quarter; emergency adjustment only until the oldest is a quarter old")]
    TooManyUpdates { limit: usize },

    #[error("the parameter history does not match these parameters (a migration changed them); emergency adjustment only")]
    HistoryUnusable {},
}

/// Parameters the guard can compare: every field, in a fixed order, as a number.
pub trait Governed {
    fn leaves(&self, out: &mut Leaves);
}

struct Leaf {
    name: &'static str,
    value: u128,
    exact: bool,
}

/// The parameters flattened by [`Governed::leaves`].
#[derive(Default)]
pub struct Leaves(Vec<Leaf>);

impl Leaves {
    /// A quantity: stays within 20 % of its values of the last quarter.
    pub fn num(&mut self, name: &'static str, value: impl Into<u128>) {
        self.0.push(Leaf {
            name,
            value: value.into(),
            exact: false,
        });
    }

    pub fn decimal(&mut self, name: &'static str, value: Decimal) {
        self.num(name, value.atomics().u128());
    }

    /// A switch, a class or a count of entries: changes only by an emergency adjustment.
    pub fn exact(&mut self, name: &'static str, value: impl Into<u128>) {
        self.0.push(Leaf {
            name,
            value: value.into(),
            exact: true,
        });
    }

    /// An optional quantity: whether it is set is exact, its value a quantity.
    pub fn optional(&mut self, name: &'static str, value: Option<impl Into<u128>>) {
        let value = value.map(Into::into);
        self.exact(name, value.is_some());
        self.num(name, value.unwrap_or(0));
    }

    fn of(params: &impl Governed) -> Leaves {
        let mut leaves = Leaves::default();
        params.leaves(&mut leaves);
        leaves
    }

    fn values(&self) -> Vec<u128> {
        self.0.iter().map(|leaf| leaf.value).collect()
    }
}

/// The values the parameters held in the current quarter, oldest first: each update's time and
/// values, the first one in force when the quarter began.
struct History(Vec<(u64, Vec<u128>)>);

impl Packed for History {
    const WHAT: &'static str = "parameter history";

    fn pack(&self, w: &mut Writer) {
        w.put(self.0.first().map_or(0, |(_, values)| values.len()) as u128);
        for (at, values) in &self.0 {
            w.put(*at);
            for value in values {
                w.put(*value);
            }
        }
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let len: usize = r.get();
        let mut entries = vec![];
        if len > MAX_LEAVES {
            r.fail();
            return Ok(History(entries));
        }
        while !r.is_empty() && entries.len() <= MAX_UPDATES_PER_WINDOW {
            let at = r.get();
            entries.push((at, (0..len).map(|_| r.get()).collect()));
        }
        if !r.is_empty() {
            r.fail();
        }
        Ok(History(entries))
    }
}

/// Checks that `proposed` may replace `current` at `now` and records it; the caller stores
/// `proposed` when this returns `Ok`. `emergency`: the owner's emergency adjustment, not
/// limited.
pub fn guard<P: Governed>(
    storage: &mut dyn Storage,
    now: Timestamp,
    current: &P,
    proposed: &P,
    emergency: bool,
) -> Result<(), ParamGuardError> {
    let now = now.seconds();
    let (current, proposed) = (Leaves::of(current), Leaves::of(proposed));
    let mut history = match HISTORY.may_load(storage) {
        Ok(None) => vec![],
        Ok(Some(History(entries)))
            if entries
                .iter()
                .all(|(_, values)| values.len() == current.0.len()) =>
        {
            entries
        }
        // A history of other parameters (a migration changed them) or an unreadable one:
        // nothing to measure from, so only an emergency adjustment, which starts afresh.
        _ if emergency => vec![],
        _ => return Err(ParamGuardError::HistoryUnusable {}),
    };
    if history.is_empty() {
        history.push((now, current.values()));
    }
    // Keep the value in force when the quarter began (the last update before it) and every
    // update since.
    let start = now.saturating_sub(WINDOW_SECONDS);
    let first = history
        .iter()
        .rposition(|(at, _)| *at <= start)
        .unwrap_or(0);
    history.drain(..first);
    if emergency {
        // Each proposed value keeps the history of the same parameter when the adjustment did
        // not change it, and is measured from its new value otherwise. The same parameter is
        // the one at the same place while the layout is unchanged, else the one of the same
        // name (list entries, whose names repeat, start afresh).
        let same_layout = proposed.0.len() == current.0.len()
            && proposed
                .0
                .iter()
                .zip(&current.0)
                .all(|(new, old)| new.name == old.name);
        let columns: Vec<Option<usize>> = proposed
            .0
            .iter()
            .enumerate()
            .map(|(j, new)| {
                let i = match same_layout {
                    true => Some(j),
                    false => unique(&proposed, new.name).and(unique(&current, new.name)),
                };
                i.filter(|&i| current.0[i].value == new.value)
            })
            .collect();
        for (_, values) in &mut history {
            *values = proposed
                .0
                .iter()
                .zip(&columns)
                .map(|(new, column)| column.map_or(new.value, |i| values[i]))
                .collect();
        }
    } else {
        check(&current, &proposed, &history)?;
        if history.len() > MAX_UPDATES_PER_WINDOW {
            return Err(ParamGuardError::TooManyUpdates {
                limit: MAX_UPDATES_PER_WINDOW,
            });
        }
    }
    history.push((now, proposed.values()));
    if history.len() > MAX_UPDATES_PER_WINDOW + 1 {
        // Only after an emergency: it rewrote what it changed; the oldest entries' other
        // values still bound the rest, so keep the newest.
        history.drain(..history.len() - MAX_UPDATES_PER_WINDOW - 1);
    }
    HISTORY.save(storage, &History(history));
    Ok(())
}

/// Where the only leaf named `name` is.
fn unique(leaves: &Leaves, name: &str) -> Option<usize> {
    let mut found = leaves
        .0
        .iter()
        .enumerate()
        .filter(|(_, leaf)| leaf.name == name);
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

fn check(
    current: &Leaves,
    proposed: &Leaves,
    history: &[(u64, Vec<u128>)],
) -> Result<(), ParamGuardError> {
    for (i, (new, old)) in proposed.0.iter().zip(&current.0).enumerate() {
        if new.exact {
            if new.value != old.value {
                return Err(ParamGuardError::NeedsEmergency {
                    field: new.name,
                    current: Uint128::new(old.value),
                    proposed: Uint128::new(new.value),
                });
            }
            continue;
        }
        for (at, values) in history {
            let baseline = values[i];
            if Uint128::new(new.value.abs_diff(baseline))
                > Uint128::new(baseline).multiply_ratio(MAX_MOVE_BPS, 10_000u128)
            {
                return Err(ParamGuardError::MovedTooFar {
                    field: new.name,
                    baseline: Uint128::new(baseline),
                    proposed: Uint128::new(new.value),
                    set_at: *at,
                });
            }
        }
    }
    // A list's length leaf precedes its entries, so a longer or shorter list stops above.
    if proposed.0.len() != current.0.len() {
        return Err(ParamGuardError::NeedsEmergency {
            field: "the number of parameters",
            current: Uint128::new(current.0.len() as u128),
            proposed: Uint128::new(proposed.0.len() as u128),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockStorage;
    use proptest::prelude::*;

    use super::*;

    #[derive(Clone)]
    struct Example {
        fee: u64,
        ratio: Decimal,
        enabled: bool,
        limit: Option<u64>,
        tiers: Vec<u64>,
    }

    impl Governed for Example {
        fn leaves(&self, out: &mut Leaves) {
            out.num("fee", self.fee);
            out.decimal("ratio", self.ratio);
            out.exact("enabled", self.enabled);
            out.optional("limit", self.limit);
            out.exact("tiers", self.tiers.len() as u128);
            for tier in &self.tiers {
                out.num("tiers.min", *tier);
            }
        }
    }

    fn example() -> Example {
        Example {
            fee: 1_000,
            ratio: Decimal::percent(50),
            enabled: true,
            limit: Some(100),
            tiers: vec![10, 20],
        }
    }

    const START: u64 = 1_700_000_000;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::from_seconds(START + seconds)
    }

    #[test]
    fn twenty_percent_moves_and_twenty_five_does_not() {
        let mut storage = MockStorage::new();
        let current = example();
        let up = Example {
            fee: 1_200,
            ..example()
        };
        let down = Example {
            fee: 800,
            ..example()
        };
        guard(&mut MockStorage::new(), at(0), &current, &up, false).unwrap();
        guard(&mut MockStorage::new(), at(0), &current, &down, false).unwrap();
        let too_far = Example {
            fee: 1_250,
            ..example()
        };
        assert_eq!(
            guard(&mut storage, at(0), &current, &too_far, false),
            Err(ParamGuardError::MovedTooFar {
                field: "fee",
                baseline: Uint128::new(1_000),
                proposed: Uint128::new(1_250),
                set_at: START,
            })
        );
        let ratio = Example {
            ratio: Decimal::percent(61),
            ..example()
        };
        assert!(matches!(
            guard(&mut storage, at(0), &current, &ratio, false),
            Err(ParamGuardError::MovedTooFar { field: "ratio", .. })
        ));
    }

    #[test]
    fn small_moves_do_not_add_up_within_a_quarter() {
        let mut storage = MockStorage::new();
        let mut current = example();
        for (day, fee) in [(0, 1_100), (30, 1_200)] {
            let next = Example {
                fee,
                ..current.clone()
            };
            guard(&mut storage, at(day * 86_400), &current, &next, false).unwrap();
            current = next;
        }
        let third = Example {
            fee: 1_300,
            ..current.clone()
        };
        assert_eq!(
            guard(&mut storage, at(60 * 86_400), &current, &third, false),
            Err(ParamGuardError::MovedTooFar {
                field: "fee",
                baseline: Uint128::new(1_000),
                proposed: Uint128::new(1_300),
                set_at: START,
            })
        );
        // The next quarter measures from where the parameter stands then.
        guard(&mut storage, at(WINDOW_SECONDS), &current, &third, false).unwrap();
    }

    #[test]
    fn two_moves_on_either_side_of_a_quarter_do_not_add_up() {
        let mut storage = MockStorage::new();
        let current = example();
        let up = Example {
            fee: 1_200,
            ..example()
        };
        guard(&mut storage, at(0), &current, &current, false).unwrap();
        guard(&mut storage, at(WINDOW_SECONDS - 1), &current, &up, false).unwrap();
        let again = Example {
            fee: 1_440,
            ..example()
        };
        assert_eq!(
            guard(&mut storage, at(WINDOW_SECONDS), &up, &again, false),
            Err(ParamGuardError::MovedTooFar {
                field: "fee",
                baseline: Uint128::new(1_000),
                proposed: Uint128::new(1_440),
                set_at: START,
            })
        );
        // A quarter after the first move, it is measured from there.
        guard(&mut storage, at(2 * WINDOW_SECONDS - 1), &up, &again, false).unwrap();
    }

    #[test]
    fn more_updates_in_a_quarter_than_remembered_need_an_emergency() {
        let mut storage = MockStorage::new();
        let mut current = example();
        for step in 0..MAX_UPDATES_PER_WINDOW as u64 {
            let next = Example {
                fee: 1_000 + step % 2,
                ..current.clone()
            };
            guard(&mut storage, at(step), &current, &next, false).unwrap();
            current = next;
        }
        let next = Example {
            fee: 1_000,
            ..current.clone()
        };
        assert_eq!(
            guard(&mut storage, at(100), &current, &next, false),
            Err(ParamGuardError::TooManyUpdates {
                limit: MAX_UPDATES_PER_WINDOW
            })
        );
        guard(&mut storage, at(100), &current, &next, true).unwrap();
    }

    #[test]
    fn an_emergency_keeps_the_history_of_what_it_did_not_change() {
        let mut storage = MockStorage::new();
        let current = example();
        let up = Example {
            fee: 1_200,
            ..example()
        };
        guard(&mut storage, at(0), &current, &up, false).unwrap();
        let reclassed = Example {
            enabled: false,
            ..up.clone()
        };
        guard(&mut storage, at(1), &up, &reclassed, true).unwrap();
        let again = Example {
            fee: 1_440,
            ..reclassed.clone()
        };
        assert!(matches!(
            guard(&mut storage, at(2), &reclassed, &again, false),
            Err(ParamGuardError::MovedTooFar { field: "fee", .. })
        ));
    }

    #[test]
    fn an_emergency_changing_a_list_keeps_the_history_of_the_rest() {
        let mut storage = MockStorage::new();
        let current = example();
        let up = Example {
            fee: 1_200,
            ..example()
        };
        guard(&mut storage, at(0), &current, &up, false).unwrap();
        let more_tiers = Example {
            tiers: vec![10, 20, 30],
            ..up.clone()
        };
        guard(&mut storage, at(1), &up, &more_tiers, true).unwrap();
        let again = Example {
            fee: 1_440,
            ..more_tiers.clone()
        };
        assert_eq!(
            guard(&mut storage, at(2), &more_tiers, &again, false),
            Err(ParamGuardError::MovedTooFar {
                field: "fee",
                baseline: Uint128::new(1_000),
                proposed: Uint128::new(1_440),
                set_at: START,
            })
        );
    }

    struct Smaller {
        fee: u64,
    }

    impl Governed for Smaller {
        fn leaves(&self, out: &mut Leaves) {
            out.num("fee", self.fee);
        }
    }

    #[test]
    fn a_history_of_other_parameters_lets_only_an_emergency_through() {
        let mut storage = MockStorage::new();
        guard(&mut storage, at(0), &example(), &example(), false).unwrap();
        let (old, new) = (Smaller { fee: 1_000 }, Smaller { fee: 1_001 });
        assert_eq!(
            guard(&mut storage, at(1), &old, &new, false),
            Err(ParamGuardError::HistoryUnusable {})
        );
        guard(&mut storage, at(1), &old, &new, true).unwrap();
        guard(&mut storage, at(2), &new, &Smaller { fee: 1_200 }, false).unwrap();
    }

    #[test]
    fn switches_classes_options_and_list_lengths_need_an_emergency() {
        let current = example();
        let cases = [
            (
                Example {
                    enabled: false,
                    ..example()
                },
                "enabled",
            ),
            (
                Example {
                    limit: None,
                    ..example()
                },
                "limit",
            ),
            (
                Example {
                    tiers: vec![10, 20, 30],
                    ..example()
                },
                "tiers",
            ),
        ];
        for (proposed, field) in cases {
            let mut storage = MockStorage::new();
            assert!(
                matches!(
                    guard(&mut storage, at(0), &current, &proposed, false),
                    Err(ParamGuardError::NeedsEmergency { field: f, .. }) if f == field
                ),
                "{field}"
            );
            guard(&mut storage, at(0), &current, &proposed, true).unwrap();
        }
    }

    #[test]
    fn a_parameter_at_zero_moves_only_by_an_emergency() {
        let mut storage = MockStorage::new();
        let current = Example {
            fee: 0,
            ..example()
        };
        let proposed = Example {
            fee: 1,
            ..example()
        };
        assert!(matches!(
            guard(&mut storage, at(0), &current, &proposed, false),
            Err(ParamGuardError::MovedTooFar { field: "fee", .. })
        ));
        guard(&mut storage, at(0), &current, &proposed, true).unwrap();
    }

    #[test]
    fn an_emergency_measures_what_it_changed_from_its_new_value() {
        let mut storage = MockStorage::new();
        let current = example();
        let doubled = Example {
            fee: 2_000,
            ..example()
        };
        guard(&mut storage, at(0), &current, &doubled, true).unwrap();
        let next = Example {
            fee: 2_400,
            ..example()
        };
        guard(&mut storage, at(1), &doubled, &next, false).unwrap();
        let back = Example {
            fee: 1_500,
            ..example()
        };
        assert_eq!(
            guard(&mut storage, at(2), &next, &back, false),
            Err(ParamGuardError::MovedTooFar {
                field: "fee",
                baseline: Uint128::new(2_000),
                proposed: Uint128::new(1_500),
                set_at: START,
            })
        );
    }

    proptest! {
        /// Whatever sequence of updates is tried, every accepted value is within 20 % of every
        /// value in force during the quarter before it.
        #[test]
        fn no_accepted_value_is_more_than_twenty_percent_from_the_last_quarter(
            steps in proptest::collection::vec((0u64..WINDOW_SECONDS, 0u64..3_000), 1..24)
        ) {
            let mut storage = MockStorage::new();
            let mut current = example();
            let mut elapsed = 0;
            // (since, value): the value in force from `since` on.
            let mut held: Vec<(u64, u64)> = vec![];
            for (gap, fee) in steps {
                elapsed += gap / 6;
                let proposed = Example { fee, ..current.clone() };
                if guard(&mut storage, at(elapsed), &current, &proposed, false).is_ok() {
                    if held.is_empty() {
                        held.push((elapsed, current.fee));
                    }
                    let start = elapsed.saturating_sub(WINDOW_SECONDS);
                    for (k, &(since, value)) in held.iter().enumerate() {
                        let until = held.get(k + 1).map_or(u64::MAX, |next| next.0);
                        if until > start || k + 1 == held.len() {
                            prop_assert!(u128::from(fee.abs_diff(value)) * 10_000
                                <= u128::from(value) * MAX_MOVE_BPS,
                                "{fee} at {elapsed} vs {value} held from {since}");
                        }
                    }
                    held.push((elapsed, fee));
                    current = proposed;
                }
            }
        }
    }
}
