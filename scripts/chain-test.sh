#!/usr/bin/env bash
# Chain tests: a fresh localnet on its own ports and home, the suite deployed by scripts/deploy.sh, then real
# transactions checked by queries through the wasmd CLI. The node is stopped and removed at the end.
# The suite is deployed unpinned (INFERMESH_PIN_CODES=0), so the gas report shows unpinned codes; the last file,
# chain-tests/50-gas.sh, re-runs deploy.sh's pin step and measures the job paths unpinned and pinned against
# scripts/gas-budgets.tsv.
# Usage: scripts/chain-test.sh      (prints "chain: N passed, M failed", the gas of each measured tx and the
#                                    unpinned/pinned table of the job paths)
set -euo pipefail
# Its own ports and home, so a developer's running localnet is left alone. Every port stays below the kernel's
# ephemeral range (32768+), where an outgoing connection could hold it for a moment and make the node fail to bind.
export INFERMESH_RPC_PORT=${INFERMESH_TEST_RPC_PORT:-16657} INFERMESH_P2P_PORT=16656 INFERMESH_GRPC_PORT=19090 \
  INFERMESH_API_PORT=11317 INFERMESH_PPROF_PORT=16060
work=$(mktemp -d)
export INFERMESH_LOCALNET_HOME=$work/localnet INFERMESH_DEPLOYMENTS_DIR=$work/deployments
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"
source "$SCRIPTS_DIR/lib/tools.sh"
GAS_REPORT=${INFERMESH_GAS_REPORT:-$REPO_ROOT/target/chain-gas.tsv}
PIN_GAS_REPORT=${INFERMESH_PIN_GAS_REPORT:-$REPO_ROOT/target/chain-gas-pinning.tsv}

cleanup() {
  "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 || true
  # Keep the node's log for a failed run; the rest of the temporary chain goes.
  if [[ -f $INFERMESH_LOCALNET_HOME/node.log ]]; then
    mkdir -p "$REPO_ROOT/target" && cp "$INFERMESH_LOCALNET_HOME/node.log" "$REPO_ROOT/target/chain-test-node.log" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
failures=()
check() { # check <name> <command...>: one test case
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    log "PASS $name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    log "FAIL $name"
  fi
}
expect_eq() { # expect_eq <what> <expected> <actual>
  [[ $2 == "$3" ]] && return 0
  echo "$1: expected '$2', got '$3'" >&2
  return 1
}
record_gas() { # record_gas <operation> <txjson>
  local gas
  gas=$(gas_used "$2")
  printf '%s\t%s\n' "$1" "$gas" >>"$GAS_REPORT"
  log "gas $1: $gas"
}

ensure_ts_client
ensure_contract_clients
"$SCRIPTS_DIR/localnet.sh" up
# Every test acts as the admin until chain-tests/60-dao.sh hands the suite to the DAO, last.
export INFERMESH_HAND_OVER=0
INFERMESH_PIN_CODES=0 "$SCRIPTS_DIR/deploy.sh"
DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json
TOKEN=$(jq -r .contracts.token "$DEPLOYMENT")
VESTING=$(jq -r .contracts.vesting "$DEPLOYMENT")
mkdir -p "$(dirname "$GAS_REPORT")"
: >"$GAS_REPORT"
rm -f "$PIN_GAS_REPORT"

# ---- token ----------------------------------------------------------------------------------------------------------
test_genesis_supply() {
  local info
  info=$(query_smart "$TOKEN" '{"token_info":{}}') || return 1
  expect_eq "total supply" 1000000000000000 "$(jq -r .total_supply <<<"$info")" &&
    expect_eq "decimals" 6 "$(jq -r .decimals <<<"$info")" &&
    expect_eq "minter" null "$(query_smart "$TOKEN" '{"minter":{}}')"
}

test_transfer() {
  local alice before tx
  alice=$(addr_of alice)
  before=$(cw20_balance "$TOKEN" alice)
  tx=$(wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$alice\",\"amount\":\"2500000\"}}") || return 1
  record_gas "cw20 transfer" "$tx"
  expect_eq "alice balance" "$((before + 2500000))" "$(cw20_balance "$TOKEN" alice)"
}

# deploy.sh granted each vested allocation to its holder; public sale releases 25% at once.
test_genesis_grant_claim() {
  local grant before tx claimed
  grant=$(query_smart "$VESTING" "{\"grants_by_beneficiary\":{\"beneficiary\":\"$(addr_of publicsale)\"}}" |
    jq -r '.grants[0].grant.id') || return 1
  before=$(cw20_balance "$TOKEN" publicsale)
  tx=$(wasm_exec publicsale "$VESTING" "{\"claim\":{\"grant_id\":$grant}}") || return 1
  claimed=$(($(cw20_balance "$TOKEN" publicsale) - before))
  # 25% of 100,000,000 MESH, plus the linear part of the seconds since deployment (well under 1%).
  ((claimed >= 25000000000000 && claimed < 25250000000000)) || {
    echo "claimed $claimed, expected 25% of the public-sale allocation" >&2
    return 1
  }
}

# A cw20 Send into the vesting contract creates a grant: the Send and its Receive hook in one tx.
GRANT_ID=
test_send_creates_grant() {
  local bob hook tx
  bob=$(addr_of bob)
  hook=$(printf '{"create_grant":{"beneficiary":"%s","plan":"public_sale"}}' "$bob" | base64 -w0)
  tx=$(wasm_exec publicsale "$TOKEN" "{\"send\":{\"contract\":\"$VESTING\",\"amount\":\"4000000\",\"msg\":\"$hook\"}}") ||
    return 1
  record_gas "cw20 send (create vesting grant)" "$tx"
  GRANT_ID=$(tx_events "$tx" wasm grant_id | head -1)
  local grant
  grant=$(query_smart "$VESTING" "{\"grant\":{\"grant_id\":$GRANT_ID}}") || return 1
  expect_eq "grant beneficiary" "$bob" "$(jq -r .grant.beneficiary <<<"$grant")" &&
    expect_eq "grant amount" 4000000 "$(jq -r .grant.granted <<<"$grant")" &&
    expect_eq "vesting balance covers grant" 1 "$(($(cw20_balance "$TOKEN" "$VESTING") >= 4000000))"
}

test_vesting_claim() {
  local before tx
  before=$(cw20_balance "$TOKEN" bob)
  tx=$(wasm_exec bob "$VESTING" "{\"claim\":{\"grant_id\":$GRANT_ID}}") || return 1
  record_gas "vesting claim" "$tx"
  # The public-sale plan releases 25% at start: 1,000,000 of 4,000,000, plus the linear part of a few seconds.
  local claimed
  claimed=$(($(cw20_balance "$TOKEN" bob) - before))
  ((claimed >= 1000000 && claimed < 1010000)) || {
    echo "claimed $claimed, expected 25% of 4000000 plus a few seconds of linear release" >&2
    return 1
  }
  expect_eq "grant claimed" "$claimed" "$(query_smart "$VESTING" "{\"grant\":{\"grant_id\":$GRANT_ID}}" | jq -r .grant.claimed)"
}

# Bad input must fail on chain (DeliverTx, hence the fixed gas that skips simulation) with the contract's error text.
test_zero_transfer_fails() {
  local before
  before=$(cw20_balance "$TOKEN" liquidity)
  wasm_exec_expect_fail liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of alice)\",\"amount\":\"0\"}}" \
    "amount must be greater than zero" --gas 400000 >/dev/null &&
    expect_eq "balance unchanged" "$before" "$(cw20_balance "$TOKEN" liquidity)"
}

test_claim_by_stranger_fails() {
  wasm_exec_expect_fail alice "$VESTING" "{\"claim\":{\"grant_id\":$GRANT_ID}}" \
    "is not the beneficiary of grant $GRANT_ID" --gas 400000 >/dev/null
}

test_grant_from_non_funder_fails() {
  local hook
  hook=$(printf '{"create_grant":{"beneficiary":"%s","plan":"public_sale"}}' "$(addr_of alice)" | base64 -w0)
  wasm_exec_expect_fail alice "$TOKEN" "{\"send\":{\"contract\":\"$VESTING\",\"amount\":\"100\",\"msg\":\"$hook\"}}" \
    "is not an allowed grant funder" --gas 400000 >/dev/null
}

# A message of the wrong shape names the field at fault, the form it expects and what it got (docs/errors.md): in an
# execute, in a cw20 hook and in a query from the CLI.
test_wrong_type_names_the_field() {
  wasm_exec_expect_fail liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of alice)\",\"amount\":100}}" \
    'at `transfer.amount`: expected string-encoded integer, found the number 100' --gas 400000 >/dev/null
}

test_malformed_hook_names_the_field() {
  local hook
  hook=$(printf '{"create_grant":{"beneficiary":7,"plan":"public_sale"}}' | base64 -w0)
  wasm_exec_expect_fail alice "$TOKEN" "{\"send\":{\"contract\":\"$VESTING\",\"amount\":\"100\",\"msg\":\"$hook\"}}" \
    'invalid cw20 hook (`msg` of the Send): at `create_grant.beneficiary`: expected a string, found the number 7' \
    --gas 400000 >/dev/null
}

test_query_of_wrong_type_names_the_field() {
  local errors
  errors=$(query_smart "$VESTING" '{"grant":{"grant_id":"1"}}' 2>&1 >/dev/null) && {
    echo "the query succeeded" >&2
    return 1
  }
  grep -qF 'at `grant.grant_id`: expected u64, found the string \"1\"' <<<"$errors" || {
    echo "the query's error does not name the field: $errors" >&2
    return 1
  }
}

for t in test_genesis_supply test_transfer test_genesis_grant_claim test_send_creates_grant test_vesting_claim test_zero_transfer_fails \
  test_claim_by_stranger_fails test_grant_from_non_funder_fails test_wrong_type_names_the_field \
  test_malformed_hook_names_the_field test_query_of_wrong_type_names_the_field; do
  check "${t#test_}" "$t"
done
for extra in "$SCRIPTS_DIR"/chain-tests/*.sh; do
  # Each later contract adds its own file of test_* functions here.
  [[ -f $extra ]] || continue
  source "$extra"
done

log "gas report: $GAS_REPORT"
column -t -s $'\t' "$GAS_REPORT" >&2 || cat "$GAS_REPORT" >&2
if [[ -s $PIN_GAS_REPORT ]]; then
  log "unpinned and pinned gas of the job paths: $PIN_GAS_REPORT"
  column -t -s $'\t' "$PIN_GAS_REPORT" >&2 || cat "$PIN_GAS_REPORT" >&2
fi
((failed == 0)) || log "failed: ${failures[*]}"
echo "chain: $passed passed, $failed failed"
((failed == 0))
