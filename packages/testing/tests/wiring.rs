//! The suite wires its contracts exactly as `expected_wiring` states (the same fact the chain test
//! scripts/chain-tests/05-wiring.sh checks a real deployment against).

use infermesh_testing::{expected_wiring, Suite};

#[test]
fn suite_config_equals_the_expected_wiring() {
    let suite = Suite::new();
    let expected = expected_wiring(&suite.deployment(), |name| {
        Ok::<_, std::convert::Infallible>(suite.addr(name))
    })
    .unwrap();
    let deployed = suite.deployed_wiring().expect("config queries");
    assert_eq!(deployed.vesting, expected.vesting, "vesting config");
    assert_eq!(deployed.staking, expected.staking, "staking config");
    assert_eq!(
        deployed.reputation, expected.reputation,
        "reputation config"
    );
    assert_eq!(
        deployed.bill_escrow, expected.bill_escrow,
        "bill_escrow config"
    );
    assert_eq!(deployed, expected);
}
