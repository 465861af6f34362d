//! The parameter guard (docs/rules.md §10, QUIVer §6.3): a governed parameter moves at most
//! [`MAX_MOVE_BPS`] (20 %) away from where it stood when the current quarter's window opened,
//! unless the change is an emergency parameter adjustment (the owner's
//! `EmergencyUpdateParams`, which the DAO lets through only under its 80 % bar).
//!
//! Each contract checks its parameters with [`guard`] on the one path that stores them, so no
//! message reaches a parameter around it. The window opens at the first update after the last
//! one expired, with the parameters then in force as its baseline, so a series of small moves
//! cannot add up past the limit within a quarter. Measured against the window's baseline:
//! * a number moves at most 20 % of its baseline (so a parameter at zero moves only by an
//!   emergency adjustment);
//! * a switch, a class, whether an optional value is set, and the length of a list are exact:
//!   they change only by an emergency adjustment.
//!
//! An emergency adjustment is not limited and opens a new window at the adjusted values.

use cosmwasm_std::{Decimal, StdResult, Storage, Timestamp, Uint128};
use thiserror::Error;

use crate::codec::{Packed, PackedItem, Reader, Writer};

/// 20 %, in basis points.
pub const MAX_MOVE_BPS: u128 = 2_000;
/// A quarter of a Julian year (91.3125 days).
pub const WINDOW_SECONDS: u64 = 7_889_400;

/// The window, under the same key in every contract.
const WINDOW: PackedItem<Window> = PackedItem::new("param_window");

#[derive(Error, Debug, PartialEq)]
pub enum ParamGuardError {
    #[error("{field} would move from {baseline} to {proposed}: more than 20 % of where it stood when this quarter's window opened (at {opened_at} s); only an emergency parameter adjustment may")]
    MovedTooFar {
        field: &'static str,
        baseline: Uint128,
        proposed: Uint128,
        opened_at: u64,
    },

    #[error("{field} would change from {current} to {proposed}: a switch, a class, an optional value being set or cleared, or a list's length changes only by an emergency parameter adjustment")]
    NeedsEmergency {
        field: &'static str,
        current: Uint128,
        proposed: Uint128,
    },
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
    /// A quantity: moves at most 20 % a quarter.
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
}

/// The current quarter's window: when it opened and every leaf's value then.
struct Window {
    opened_at: u64,
    baseline: Vec<u128>,
}

impl Packed for Window {
    const WHAT: &'static str = "parameter window";

    fn pack(&self, w: &mut Writer) {
        w.put(self.opened_at);
        for value in &self.baseline {
            w.put(*value);
        }
    }

    fn unpack(r: &mut Reader) -> StdResult<Self> {
        let opened_at = r.take()?;
        let mut baseline = vec![];
        while !r.is_empty() {
            baseline.push(r.take()?);
        }
        Ok(Window {
            opened_at,
            baseline,
        })
    }
}

/// Checks that `proposed` may replace `current` at `now` and records the window; the caller
/// stores `proposed` when this returns `Ok`. `emergency`: the owner's emergency adjustment,
/// not limited, opening a new window at `proposed`.
pub fn guard<P: Governed>(
    storage: &mut dyn Storage,
    now: Timestamp,
    current: &P,
    proposed: &P,
    emergency: bool,
) -> Result<(), ParamGuardError> {
    let now = now.seconds();
    let proposed = Leaves::of(proposed);
    if emergency {
        WINDOW.save(
            storage,
            &Window {
                opened_at: now,
                baseline: proposed.0.iter().map(|leaf| leaf.value).collect(),
            },
        );
        return Ok(());
    }
    let current = Leaves::of(current);
    let window = match WINDOW.may_load(storage).ok().flatten() {
        Some(window)
            if now < window.opened_at.saturating_add(WINDOW_SECONDS)
                && window.baseline.len() == current.0.len() =>
        {
            window
        }
        // None yet, expired, or unreadable: a new window at the parameters in force.
        _ => Window {
            opened_at: now,
            baseline: current.0.iter().map(|leaf| leaf.value).collect(),
        },
    };
    for ((new, old), &baseline) in proposed.0.iter().zip(&current.0).zip(&window.baseline) {
        if new.exact {
            if new.value != old.value {
                return Err(ParamGuardError::NeedsEmergency {
                    field: new.name,
                    current: Uint128::new(old.value),
                    proposed: Uint128::new(new.value),
                });
            }
        } else if Uint128::new(new.value.abs_diff(baseline))
            > Uint128::new(baseline).multiply_ratio(MAX_MOVE_BPS, 10_000u128)
        {
            return Err(ParamGuardError::MovedTooFar {
                field: new.name,
                baseline: Uint128::new(baseline),
                proposed: Uint128::new(new.value),
                opened_at: window.opened_at,
            });
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
    WINDOW.save(storage, &window);
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
        guard(&mut storage, at(0), &current, &up, false).unwrap();
        guard(&mut storage, at(0), &current, &down, false).unwrap();
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
                opened_at: START,
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
                opened_at: START,
            })
        );
        // The next quarter measures from where the parameter stands then.
        guard(&mut storage, at(WINDOW_SECONDS), &current, &third, false).unwrap();
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
    fn an_emergency_opens_a_window_at_its_values() {
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
                opened_at: START,
            })
        );
    }

    proptest! {
        /// Whatever sequence of accepted non-emergency updates lands within one window, every
        /// quantity stays within 20 % of its value when the window opened.
        #[test]
        fn no_sequence_within_a_window_moves_more_than_twenty_percent(
            steps in proptest::collection::vec((0u64..WINDOW_SECONDS, 0u64..3_000), 1..20)
        ) {
            let mut storage = MockStorage::new();
            let mut current = example();
            let mut elapsed = 0;
            let mut opened: Option<(u64, u64)> = None;
            for (gap, fee) in steps {
                elapsed += gap / 8;
                let window = match opened {
                    Some(window) if elapsed < window.0 + WINDOW_SECONDS => window,
                    _ => (elapsed, current.fee),
                };
                let proposed = Example { fee, ..current.clone() };
                if guard(&mut storage, at(elapsed), &current, &proposed, false).is_ok() {
                    prop_assert!(u128::from(fee.abs_diff(window.1)) * 10_000
                        <= u128::from(window.1) * MAX_MOVE_BPS);
                    opened = Some(window);
                    current = proposed;
                }
            }
        }
    }
}
