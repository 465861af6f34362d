//! Unit tests of the contract against mock dependencies: one message at a time, exact errors,
//! and for every rejected message a check that storage did not change at all.

mod helpers;
mod negative;
mod pool;
mod positive;
