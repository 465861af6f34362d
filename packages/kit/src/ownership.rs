//! Two-step ownership (cw-ownable) as every contract uses it: set with the cw2 version at
//! instantiate, transferred and accepted through `UpdateOwnership`.

use cosmwasm_std::{Addr, Api, BlockInfo, DepsMut, Response, Storage};
use cw_ownable::{Action, OwnershipError};

/// Records the contract's cw2 name and version and its first owner; returns the owner.
pub fn initialize(
    storage: &mut dyn Storage,
    api: &dyn Api,
    name: &str,
    version: &str,
    owner: &str,
) -> Result<Addr, OwnershipError> {
    cw2::set_contract_version(storage, name, version)?;
    let owner = api.addr_validate(owner)?;
    cw_ownable::initialize_owner(storage, api, Some(owner.as_str()))?;
    Ok(owner)
}

/// The `UpdateOwnership` arm: transfer, accept or renounce, two-step.
pub fn update(
    deps: DepsMut,
    block: &BlockInfo,
    sender: &Addr,
    action: Action,
) -> Result<Response, OwnershipError> {
    let ownership = cw_ownable::update_ownership(deps, block, sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attributes(ownership.into_attributes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn two_step_transfer() {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let next = deps.api.addr_make("next");
        let stored = initialize(
            &mut deps.storage,
            &deps.api,
            "crates.io:x",
            "0.1.0",
            owner.as_str(),
        )
        .unwrap();
        assert_eq!(stored, owner);
        let block = mock_env().block;
        let transfer = Action::TransferOwnership {
            new_owner: next.to_string(),
            expiry: None,
        };
        assert_eq!(
            update(deps.as_mut(), &block, &next, transfer.clone()),
            Err(OwnershipError::NotOwner)
        );
        update(deps.as_mut(), &block, &owner, transfer).unwrap();
        assert!(cw_ownable::is_owner(&deps.storage, &owner).unwrap());
        update(deps.as_mut(), &block, &next, Action::AcceptOwnership).unwrap();
        assert!(cw_ownable::is_owner(&deps.storage, &next).unwrap());
    }

    #[test]
    fn invalid_owner_is_refused() {
        let mut deps = mock_dependencies();
        let err =
            initialize(&mut deps.storage, &deps.api, "crates.io:x", "0.1.0", "nope").unwrap_err();
        assert!(matches!(err, OwnershipError::Std(_)), "{err:?}");
    }
}
