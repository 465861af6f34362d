//! Unit tests against mock dependencies: parameter bounds, address derivation and voucher
//! signatures, including one made exactly as Keplr's `signArbitrary` makes it. Flows across
//! staking, reputation and the token are in tests/integration/tests/bill_escrow_*.rs.

mod helpers;
mod unit;
