//! Unit tests of the contract against mock dependencies: one message at a time, exact errors,
//! and for every rejected message a check that storage did not change at all.
//!
//! One file per action (bond, unbond, slash, rewards, operator, lock, admin, pause, funds);
//! helpers.rs builds the mock context, pool.rs tests the share arithmetic.

mod admin;
mod bond;
mod funds;
mod helpers;
mod lock;
mod operator;
mod pause;
mod pool;
mod rewards;
mod slash;
mod unbond;
