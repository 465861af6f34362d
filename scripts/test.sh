#!/usr/bin/env bash
# The project's whole test command (README, CI): style, lints, unit/integration/property tests, schema drift,
# wasm build + cosmwasm-check, then chain tests on a fresh wasmd localnet, the bridge between two fresh localnets and a
# reduced soak on a fresh four-validator localnet.
# Usage: scripts/test.sh [--no-chain]
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SCRIPTS_DIR/lib/tools.sh"

run_chain=1
[[ ${1:-} == --no-chain ]] && run_chain=0
started=$(now_s)
logs=$(mktemp -d)
cd "$REPO_ROOT"

step() {
  local name=$1
  shift
  local t0
  t0=$(now_s)
  log "== $name"
  "$@"
  log "== $name: ok in $(elapsed_since "$t0") s"
}

step "rustfmt" cargo fmt --all -- --check
step "clippy" cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
# The workspace's tests run once, instrumented: their pass/fail is the test result, their line coverage of each contract
# is held to a floor (docs/toolchain.md §8).
cargo_tests() {
  ensure_cargo_llvm_cov
  "$CARGO_LLVM_COV" llvm-cov --workspace --locked --json --summary-only --output-path "$REPO_ROOT/target/coverage.json" \
    2>&1 | tee "$logs/cargo-test.log" | grep -E '^(test result|running|error|failures)|FAILED|panicked' >&2
  return "${PIPESTATUS[0]}"
}
step "cargo test (with line coverage)" cargo_tests
step "line coverage per contract (floor ${INFERMESH_COVERAGE_FLOOR:-90} %)" "$SCRIPTS_DIR/coverage.sh" "$REPO_ROOT/target/coverage.json"
ts_client_tests() {
  ensure_ts_client
  ensure_contract_clients
  local dir
  for dir in ts contracts; do
    (cd "$REPO_ROOT/clients/$dir" && npm test --silent 2>&1 | tee -a "$logs/ts-test.log" | grep -E '^# (tests|pass|fail)' >&2) ||
      return 1
  done
}
step "TypeScript tests (signers, Keplr chain info)" ts_client_tests
step "schema drift" "$SCRIPTS_DIR/schema.sh" --check
step "TypeScript contract clients: drift and type-check" "$SCRIPTS_DIR/codegen.sh" --check
step "wasm build + cosmwasm-check" "$SCRIPTS_DIR/build.sh"
chain_passed=0
if ((run_chain)); then
  step "chain tests" "$SCRIPTS_DIR/chain-test.sh" | tee "$logs/chain.log"
  chain_passed=$(grep -oE '^chain: [0-9]+ passed' "$logs/chain.log" | grep -oE '[0-9]+' || echo 0)
  step "bridge between two chains (relayer)" "$SCRIPTS_DIR/bridge-test.sh" | tee "$logs/bridge.log"
  bridge_passed=$(grep -oE '^bridge: [0-9]+ passed' "$logs/bridge.log" | grep -oE '[0-9]+' || echo 0)
  chain_passed=$((chain_passed + bridge_passed))
  # The soak at its reduced size (its own command runs 200 signers and 10,000 actions; docs/soak.md).
  step "soak on four validators (40 signers, 1,500 actions, validators killed)" \
    env INFERMESH_SOAK_SIGNERS=40 INFERMESH_SOAK_ACTIONS=1500 "$SCRIPTS_DIR/soak.sh" | tee "$logs/soak.log"
  grep -q '^soak: passed' "$logs/soak.log" && chain_passed=$((chain_passed + 1))
fi

unit_passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$logs/cargo-test.log" | awk '{s += $4} END {print s + 0}')
ts_passed=$(grep -oE '^# pass [0-9]+' "$logs/ts-test.log" | awk '{s += $3} END {print s + 0}')
log "all checks passed in $(elapsed_since "$started") s"
echo "$((unit_passed + ts_passed + chain_passed)) passed, 0 failed"
