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

#[test]
fn a_deployed_distributor_is_wired_as_the_expected_wiring_states() {
    let mut suite = Suite::new();
    let distributor = suite.deploy_distributor(60);
    let expected = expected_wiring(&suite.deployment(), |name| {
        Ok::<_, std::convert::Infallible>(suite.addr(name))
    })
    .unwrap();
    let deployed = suite.deployed_wiring().expect("config queries");
    assert_eq!(deployed.bill_escrow.distributor, Some(distributor.clone()));
    assert_eq!(deployed.payment_channels.distributor, Some(distributor));
    assert!(expected.distributor.is_some());
    assert_eq!(deployed, expected);
}

#[test]
fn a_deployed_bridge_is_wired_as_the_expected_wiring_states() {
    let mut suite = Suite::new();
    suite.deploy_bridge();
    let guardians: Vec<_> = (0..9)
        .map(|i| suite.addr(&format!("guardian-{i}")))
        .collect();
    let council = suite.deploy_council(&guardians, 5);
    let expected = expected_wiring(&suite.deployment(), |name| {
        Ok::<_, std::convert::Infallible>(suite.addr(name))
    })
    .unwrap();
    let deployed = suite.deployed_wiring().expect("config queries");
    assert_eq!(deployed.bridge.as_ref().unwrap().guardian, Some(council));
    assert_eq!(deployed, expected);
}
