//! Overflow must be an error in every release build (the root Cargo.toml's "Please do not disable
//! these"): a wrapping `u128` in a contract would mint or lose tokens silently. The benchmark
//! peers (bench/peers, a workspace of its own) must be built the same way, or the comparison
//! would credit InferMesh's checks with gas the peers never pay. Typed overflow errors on the
//! contract paths are tested where they occur (e.g. `token_adversarial`,
//! `x6_allowance_overflow_is_a_typed_error_not_a_panic`).

use toml_edit::{DocumentMut, Item};

const WORKSPACE_MANIFEST: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml"));
const BENCH_PEERS_MANIFEST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../bench/peers/Cargo.toml"
));

/// `[profile.release] overflow-checks` of `manifest`, if set.
fn release_overflow_checks(manifest: &str) -> Option<bool> {
    let document: DocumentMut = manifest.parse().expect("a valid Cargo.toml");
    let release = document.get("profile")?.get("release")?;
    release.get("overflow-checks").and_then(Item::as_bool)
}

#[test]
fn the_release_profile_keeps_overflow_checks() {
    assert_eq!(release_overflow_checks(WORKSPACE_MANIFEST), Some(true));
}

#[test]
fn the_bench_peers_release_profile_keeps_overflow_checks() {
    assert_eq!(release_overflow_checks(BENCH_PEERS_MANIFEST), Some(true));
}

#[test]
fn a_release_profile_without_overflow_checks_is_caught() {
    let off = "[profile.release]\nopt-level = \"z\"\noverflow-checks = false\n";
    assert_eq!(release_overflow_checks(off), Some(false));
    // Set for another profile only: the release profile's default (off) applies.
    let elsewhere = "[profile.dev]\noverflow-checks = true\n[profile.release]\nlto = true\n";
    assert_eq!(release_overflow_checks(elsewhere), None);
    let dotted = "profile.release.overflow-checks = true\n";
    assert_eq!(release_overflow_checks(dotted), Some(true));
}
