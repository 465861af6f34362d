//! Refresh: a new operator's prior score, stored by anyone's refresh.

use cosmwasm_std::Decimal;
use infermesh_types::reputation::ExecuteMsg;
use infermesh_types::staking::Role;

use super::helpers::*;

#[test]
fn a_new_operator_starts_at_the_prior_with_no_confidence() {
    let mut ctx = Ctx::new();
    let provider = ctx.register("provider", Role::Provider, 0);
    let score = ctx.score(&provider);
    assert_eq!(score.confidence, Decimal::zero());
    assert_eq!(score.updated_at, None);
    // Performance at the prior (500), stake 0 with weight 10%: 450.
    assert_eq!(score.score, 450);
    ctx.exec(
        &addr("anyone"),
        ExecuteMsg::Refresh {
            operator: provider.to_string(),
        },
    )
    .unwrap();
    assert_eq!(ctx.score(&provider).stored_score, 450);
}
