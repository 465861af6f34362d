# shellcheck shell=bash
# A hook receiver that burns all its gas (docs/staking.md §11), on the real chain where gas is metered (cw-multi-test
# has no gas): tests/chain/gas-burner.wat, assembled with binaryen's wasm-as, instantiates and spins on every execute.
# The owner ("admin" until 60-dao.sh) points staking's stake hook at it; a delegation must still succeed, the hook
# failing alone within STAKE_HOOK_GAS_LIMIT (400,000) with a `hook_failed` event; then the distributor is restored and
# anyone repairs its view with `sync_stake`.
HOOK_GAS_LIMIT=400000

test_gas_burning_stake_hook_fails_alone() {
  local wasm code burner distributor stake_before tx gas operator failed_hook error rc=0
  # Any operator that takes delegations now (the earlier tests jail the provider).
  operator=$(query_smart "$STAKING" '{"operators":{"limit":30}}' |
    jq -r '[.operators[] | select(.banned == false and .jailed_until == null)][0].address // empty')
  [[ -n $operator ]] || {
    echo "no active operator to delegate to" >&2
    return 1
  }
  wasm=$work/gas-burner.wasm
  "$REPO_ROOT/node_modules/.bin/wasm-as" "$REPO_ROOT/tests/chain/gas-burner.wat" -o "$wasm" || return 1
  code=$(store_code admin "$wasm") || return 1
  burner=$(instantiate admin "$code" '{}' "gas-burner" none) || return 1
  # It really burns: called directly, it takes the whole tx's gas.
  wasm_exec_expect_fail alice "$burner" '{"anything":{}}' "out of gas" --gas 600000 >/dev/null || return 1
  distributor=$(query_smart "$STAKING" '{"config":{}}' | jq -r .distributor) || return 1
  [[ $distributor == wasm1* ]] || {
    echo "staking has no distributor to restore ($distributor)" >&2
    return 1
  }
  wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of delegator)\",\"amount\":\"$((100 * MESH))\"}}" \
    >/dev/null || return 1
  wasm_exec admin "$STAKING" "{\"update_config\":{\"distributor\":\"$burner\"}}" >/dev/null || return 1
  # No delegation yet is an error of the query: zero.
  stake_before=$(query_smart "$STAKING" "{\"delegation\":{\"delegator\":\"$(addr_of delegator)\",\"operator\":\"$operator\"}}" \
    2>/dev/null | jq -r .stake) || true
  [[ $stake_before =~ ^[0-9]+$ ]] || stake_before=0
  tx=$(staking_send delegator $((100 * MESH)) "{\"delegate\":{\"operator\":\"$operator\"}}") || rc=1
  # Restore before judging, so the later tests see the wired distributor whatever happened here.
  wasm_exec admin "$STAKING" "{\"update_config\":{\"distributor\":\"$distributor\"}}" >/dev/null || return 1
  ((rc == 0)) || return 1
  record_gas "staking delegate, stake hook to a gas burner (limit $HOOK_GAS_LIMIT)" "$tx"
  gas=$(gas_used "$tx")
  failed_hook=$(tx_events "$tx" wasm hook | head -1)
  error=$(tx_events "$tx" wasm error | head -1)
  expect_eq "the failed hook" stake "$failed_hook" &&
    expect_eq "the hook's error (wasmd redacts it to its code: 11 is out of gas)" 1 "$([[ $error == *"code: 11"* ]] && echo 1)" &&
    expect_eq "the delegation stands" "$((stake_before + 100 * MESH))" \
      "$(query_smart "$STAKING" "{\"delegation\":{\"delegator\":\"$(addr_of delegator)\",\"operator\":\"$operator\"}}" | jq -r .stake)" &&
    expect_eq "the hook burnt its limit and no more (gas $gas)" 1 \
      "$(((gas > HOOK_GAS_LIMIT && gas < HOOK_GAS_LIMIT + 400000)) && echo 1)" || return 1
  # The distributor missed that change; anyone brings it up to date.
  tx=$(wasm_exec alice "$DISTRIBUTOR" "{\"sync_stake\":{\"operators\":[\"$operator\"]}}") || return 1
  record_gas "distributor sync_stake (1 operator)" "$tx"
}

check "a stake hook that burns all its gas fails alone within its limit" test_gas_burning_stake_hook_fails_alone
