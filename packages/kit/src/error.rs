//! The error variants every contract shares, declared once.

/// Declares a contract's error enum: the variants written in the call, plus the ones every
/// contract shares, each wrapping its source with `#[from]` so `?` converts it: cosmwasm's
/// standard and arithmetic errors, ownership, native funds, migration, and the kit's pause,
/// Receive and validation errors. The enum derives `thiserror::Error`, `Debug` and `PartialEq`
/// (tests compare errors exactly), so the calling crate depends on `thiserror`.
///
/// ```ignore
/// infermesh_kit::contract_error! {
///     pub enum StakingError {
///         #[error("amount must be greater than zero")]
///         ZeroAmount {},
///     }
/// }
/// ```
#[macro_export]
macro_rules! contract_error {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($variants:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(::thiserror::Error, Debug, PartialEq)]
        $vis enum $name {
            #[error("{0}")]
            Std(#[from] $crate::error::shared::StdError),

            #[error("{0}")]
            Overflow(#[from] $crate::error::shared::OverflowError),

            #[error("{0}")]
            DivideByZero(#[from] $crate::error::shared::DivideByZeroError),

            #[error("{0}")]
            MultiplyRatio(#[from] $crate::error::shared::CheckedMultiplyRatioError),

            #[error("{0}")]
            MultiplyFraction(#[from] $crate::error::shared::CheckedMultiplyFractionError),

            #[error("{0}")]
            FromRatio(#[from] $crate::error::shared::CheckedFromRatioError),

            #[error("{0}")]
            Conversion(#[from] $crate::error::shared::ConversionOverflowError),

            #[error("{0}")]
            Ownership(#[from] $crate::error::shared::OwnershipError),

            #[error("{0}")]
            Payment(#[from] $crate::error::shared::PaymentError),

            #[error("{0}")]
            Migration(#[from] $crate::MigrationError),

            #[error("{0}")]
            Pause(#[from] $crate::PauseError),

            #[error("{0}")]
            Receive(#[from] $crate::ReceiveError),

            #[error("{0}")]
            Validation(#[from] $crate::ValidationError),

            #[error("{0}")]
            ParamGuard(#[from] $crate::ParamGuardError),

            $($variants)*
        }
    };
}

/// The shared variants' source types, named from one place for [`contract_error!`].
#[doc(hidden)]
pub mod shared {
    pub use cosmwasm_std::{
        CheckedFromRatioError, CheckedMultiplyFractionError, CheckedMultiplyRatioError,
        ConversionOverflowError, DivideByZeroError, OverflowError, StdError,
    };
    pub use cw_ownable::OwnershipError;
    pub use cw_utils::PaymentError;
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::{OverflowError, OverflowOperation, StdError};

    use crate::PauseError;

    crate::contract_error! {
        pub enum ExampleError {
            #[error("bill {bill_id} does not exist")]
            NotFound { bill_id: u64 },
        }
    }

    fn overflow() -> Result<(), ExampleError> {
        Err(OverflowError::new(OverflowOperation::Add))?;
        Ok(())
    }

    #[test]
    fn shared_and_own_variants_convert_and_display() {
        assert_eq!(
            overflow(),
            Err(ExampleError::Overflow(OverflowError::new(
                OverflowOperation::Add
            )))
        );
        let paused: ExampleError = PauseError::Paused {}.into();
        assert_eq!(paused.to_string(), PauseError::Paused {}.to_string());
        let std: ExampleError = StdError::generic_err("x").into();
        assert!(matches!(std, ExampleError::Std(_)));
        assert_eq!(
            ExampleError::NotFound { bill_id: 3 }.to_string(),
            "bill 3 does not exist"
        );
    }
}
