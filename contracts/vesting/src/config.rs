use cosmwasm_std::{Api, DepsMut, Response};
use infermesh_kit::validate::list_len;
use infermesh_types::vesting::{AllowedFunder, FunderEntry, MAX_FUNDERS};

use crate::error::{VestingError, VestingResult};
use crate::state::CONFIG;

pub fn validate_funders(
    api: &dyn Api,
    funders: &[FunderEntry],
) -> VestingResult<Vec<AllowedFunder>> {
    list_len("funders", funders.len(), MAX_FUNDERS)?;
    let mut allowed: Vec<AllowedFunder> = Vec::with_capacity(funders.len());
    for funder in funders {
        let address = api.addr_validate(&funder.address)?;
        if allowed
            .iter()
            .any(|a| a.address == address && a.plan == funder.plan)
        {
            return Err(VestingError::DuplicateFunder {
                address,
                plan: funder.plan,
            });
        }
        allowed.push(AllowedFunder {
            address,
            plan: funder.plan,
        });
    }
    Ok(allowed)
}

pub fn update(
    deps: DepsMut,
    treasury: Option<String>,
    funders: Option<Vec<FunderEntry>>,
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
