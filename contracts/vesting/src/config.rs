use std::collections::BTreeSet;

use cosmwasm_std::{Addr, Api, DepsMut, Response};
use infermesh_types::vesting::MAX_FUNDERS;

use crate::error::{VestingError, VestingResult};
use crate::state::CONFIG;

pub fn validate_funders(api: &dyn Api, funders: &[String]) -> VestingResult<Vec<Addr>> {
    if funders.len() > MAX_FUNDERS {
        return Err(VestingError::TooManyFunders {
            count: funders.len(),
            max: MAX_FUNDERS,
        });
    }
    let mut seen = BTreeSet::new();
    funders
        .iter()
        .map(|funder| {
            let address = api.addr_validate(funder)?;
            if !seen.insert(address.clone()) {
                return Err(VestingError::DuplicateAddress { address });
            }
            Ok(address)
        })
        .collect()
}

pub fn update(
    deps: DepsMut,
    treasury: Option<String>,
    funders: Option<Vec<String>>,
) -> VestingResult<Response> {
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(treasury) = treasury {
        config.treasury = deps.api.addr_validate(&treasury)?;
    }
    if let Some(funders) = funders {
        config.funders = validate_funders(deps.api, &funders)?;
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("treasury", config.treasury)
        .add_attribute("funders", config.funders.len().to_string()))
}
