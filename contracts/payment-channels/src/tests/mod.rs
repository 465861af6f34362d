//! Unit tests against mock dependencies: parameter bounds, pause, address derivation and voucher
//! signatures, including one made exactly as Keplr's `signArbitrary` makes it; the protocol fees
//! kept as sums and their withdrawals; the packed storage. Flows across staking and the token
//! are in the integration tests.

mod adversarial;
mod fees;
mod helpers;
mod storage;
mod unit;
