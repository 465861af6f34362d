//! Unit tests against mock dependencies: parameter bounds, pause, address derivation and voucher
//! signatures, including one made exactly as Keplr's `signArbitrary` makes it. Flows across
//! staking and the token are in the integration tests.

mod helpers;
mod unit;
