//! One pause semantics for the whole suite (docs/rules.md):
//! - while paused, actions that create new positions or obligations stop (the dispatcher puts
//!   [`assert_not_paused`] on their arms);
//! - what users already own can always be withdrawn, claimed or refunded: those arms never check;
//! - the guardian and the owner pause; only the owner unpauses.

use cosmwasm_std::{Addr, Response, StdError, StdResult, Storage};
use cw_ownable::OwnershipError;
use cw_storage_plus::Item;
use thiserror::Error;

/// The pause flag, under the same key in every contract. Absent means not paused.
pub const PAUSED: Item<bool> = Item::new("paused");

#[derive(Error, Debug, PartialEq)]
pub enum PauseError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{sender} is not the owner; only the owner unpauses")]
    NotOwner { sender: Addr },

    #[error("paused: no new positions until the owner unpauses; withdrawals, claims and refunds still work")]
    Paused {},

    #[error("not paused")]
    NotPaused {},

    #[error("{sender} is neither the guardian nor the owner")]
    NotGuardian { sender: Addr },
}

pub fn is_paused(storage: &dyn Storage) -> StdResult<bool> {
    Ok(PAUSED.may_load(storage)?.unwrap_or(false))
}

/// The guard on every arm that opens something new.
pub fn assert_not_paused(storage: &dyn Storage) -> Result<(), PauseError> {
    if is_paused(storage)? {
        return Err(PauseError::Paused {});
    }
    Ok(())
}

/// Pauses the contract; `guardian` is the contract's configured guardian, if any.
pub fn pause(
    storage: &mut dyn Storage,
    sender: &Addr,
    guardian: Option<&Addr>,
) -> Result<Response, PauseError> {
    if guardian != Some(sender) && !cw_ownable::is_owner(storage, sender)? {
        return Err(PauseError::NotGuardian {
            sender: sender.clone(),
        });
    }
    if is_paused(storage)? {
        return Err(PauseError::Paused {});
    }
    PAUSED.save(storage, &true)?;
    Ok(Response::new()
        .add_attribute("action", "pause")
        .add_attribute("sender", sender))
}

/// Unpauses the contract: the owner only, so a compromised guardian key can stop the suite but
/// never restart it.
pub fn unpause(storage: &mut dyn Storage, sender: &Addr) -> Result<Response, PauseError> {
    if !cw_ownable::is_owner(storage, sender)? {
        return Err(PauseError::NotOwner {
            sender: sender.clone(),
        });
    }
    if !is_paused(storage)? {
        return Err(PauseError::NotPaused {});
    }
    PAUSED.save(storage, &false)?;
    Ok(Response::new()
        .add_attribute("action", "unpause")
        .add_attribute("sender", sender))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, MockApi};

    fn setup() -> (
        cosmwasm_std::OwnedDeps<
            cosmwasm_std::MemoryStorage,
            MockApi,
            cosmwasm_std::testing::MockQuerier,
        >,
        Addr,
        Addr,
    ) {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let guardian = deps.api.addr_make("guardian");
        cw_ownable::initialize_owner(&mut deps.storage, &deps.api, Some(owner.as_str())).unwrap();
        (deps, owner, guardian)
    }

    #[test]
    fn absent_flag_is_not_paused() {
        let (deps, _, _) = setup();
        assert!(!is_paused(&deps.storage).unwrap());
        assert_not_paused(&deps.storage).unwrap();
    }

    #[test]
    fn guardian_pauses_and_owner_unpauses() {
        let (mut deps, owner, guardian) = setup();
        pause(&mut deps.storage, &guardian, Some(&guardian)).unwrap();
        assert_eq!(assert_not_paused(&deps.storage), Err(PauseError::Paused {}));
        assert_eq!(
            pause(&mut deps.storage, &owner, Some(&guardian)),
            Err(PauseError::Paused {})
        );
        unpause(&mut deps.storage, &owner).unwrap();
        assert_not_paused(&deps.storage).unwrap();
        assert_eq!(
            unpause(&mut deps.storage, &owner),
            Err(PauseError::NotPaused {})
        );
    }

    #[test]
    fn owner_pauses_without_a_guardian() {
        let (mut deps, owner, _) = setup();
        pause(&mut deps.storage, &owner, None).unwrap();
        assert!(is_paused(&deps.storage).unwrap());
    }

    #[test]
    fn stranger_cannot_pause() {
        let (mut deps, _, guardian) = setup();
        let stranger = deps.api.addr_make("stranger");
        assert_eq!(
            pause(&mut deps.storage, &stranger, Some(&guardian)),
            Err(PauseError::NotGuardian { sender: stranger })
        );
        assert!(!is_paused(&deps.storage).unwrap());
    }

    #[test]
    fn guardian_cannot_unpause() {
        let (mut deps, _, guardian) = setup();
        pause(&mut deps.storage, &guardian, Some(&guardian)).unwrap();
        assert_eq!(
            unpause(&mut deps.storage, &guardian),
            Err(PauseError::NotOwner { sender: guardian })
        );
        assert!(is_paused(&deps.storage).unwrap());
    }
}
