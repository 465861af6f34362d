# shellcheck shell=bash
# Wiring chain tests, sourced by scripts/chain-test.sh before the contract tests (which move roles for a while). Each
# deployed contract's config must hold exactly the addresses the Rust suite wires: packages/testing/src/wiring.rs
# states them once, and its expected-wiring bin prints them for this deployment. Lists (slashers, jailers, funders)
# are compared as sets; fields the wiring does not state (params, pause flag, totals) are not compared.

wiring_expected() {
  cargo run --quiet --locked --manifest-path "$REPO_ROOT/Cargo.toml" -p infermesh-testing --bin expected-wiring -- \
    "$DEPLOYMENT" "$LOCALNET_HOME/addresses.json"
}

wiring_check() { # wiring_check <contract>: its config against the expected wiring, one line per differing field
  local name=$1 addr actual diff
  addr=$(jq -r --arg n "$name" '.contracts[$n] // empty' "$DEPLOYMENT")
  [[ -n $addr ]] || {
    echo "$name: not in $DEPLOYMENT" >&2
    return 1
  }
  actual=$(query_smart "$addr" '{"config":{}}') || return 1
  diff=$(jq -r --arg n "$name" --argjson actual "$actual" '
    def norm: if type == "array" then sort else . end;
    .[$n] | to_entries[] | .key as $k | .value as $want
    | if ($actual | has($k)) | not then "\($n).\($k): missing from the config query (the Rust suite wires \($want | tojson))"
      elif ($want | norm) != ($actual[$k] | norm)
      then "\($n).\($k): the Rust suite wires \($want | tojson), the chain has \($actual[$k] | tojson)"
      else empty end' <<<"$WIRING") || return 1
  [[ -z $diff ]] || {
    echo "$diff" >&2
    return 1
  }
}

if WIRING=$(wiring_expected); then
  for contract in $(jq -r 'keys_unsorted[]' <<<"$WIRING"); do
    check "wiring_$contract" wiring_check "$contract"
  done
else
  check wiring_expected false
fi
