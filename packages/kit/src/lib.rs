//! The contract kit: the pieces every InferMesh contract needs, written once.
//!
//! Each module has its own typed error; a contract's error enum wraps them with `#[from]`, so a
//! guard is one `?` on the dispatch line. The dispatch convention every contract follows is in
//! this crate's README.

pub mod amount;
pub mod codec;
pub mod credits;
pub mod error;
pub mod guard;
pub mod hook;
pub mod migrate;
pub mod ownership;
pub mod page;
pub mod parse;
pub mod pause;
pub mod receive;
pub mod schema;
pub mod signature;
// Test tooling only: left out of the wasm so the artifacts stay byte-identical.
#[cfg(not(target_arch = "wasm32"))]
pub mod storage_keys;
pub mod validate;
pub mod work;

pub use credits::{CreditError, ProtocolFees, ProtocolPayees, Withdrawal};
pub use guard::{Governed, Leaves, ParamGuardError};
pub use migrate::{migrate, MigrateMsg, MigrationError};
pub use pause::PauseError;
pub use receive::{ReceiveError, Received};
pub use signature::SignatureError;
pub use validate::ValidationError;
