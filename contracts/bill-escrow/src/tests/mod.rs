//! Unit tests against mock dependencies: parameter bounds, ownership, pause, native funds. Flows across
//! staking, reputation and the token are in tests/integration/tests/bill_escrow_*.rs.

mod helpers;
mod storage;
mod unit;
