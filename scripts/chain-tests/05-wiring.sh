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

# The genesis (docs/token.md §2): vesting is the contract the token's instantiate created, at the instantiate2 address
# of (vesting code checksum, token, GENESIS_VESTING_SALT); the team and investor allocations sit in it under exactly
# the genesis grants of deploy.sh's GENESIS_GRANTS (held to the Rust types by packages/testing/tests/deploy_tables.rs),
# funded by the token, and their beneficiaries hold none of it liquid.
genesis_grant_rows() { # <beneficiary key> <plan> <amount>, one line per GENESIS_GRANTS row of deploy.sh
  awk '/^GENESIS_GRANTS=\(/ { on = 1; next } on && /^\)/ { exit } on && NF { gsub(/"/, ""); print $2, $1, $3 }' \
    "$SCRIPTS_DIR/deploy.sh"
}

wiring_genesis_vesting() {
  local salt checksum expected creator want have key plan amount
  salt=$(sed -n 's/^GENESIS_VESTING_SALT=\([0-9a-f]*\).*/\1/p' "$SCRIPTS_DIR/deploy.sh")
  checksum=$(code_checksum "$(contract_code_id "$VESTING")") || return 1
  expected=$("$WASMD" query wasm build-address "$checksum" "$TOKEN" "$salt" --hex) || return 1
  expect_eq "vesting address (instantiate2 by the token)" "$expected" "$VESTING" || return 1
  creator=$("$WASMD" q wasm contract "$VESTING" --node "$NODE_RPC" -o json | jq -r .contract_info.creator) || return 1
  expect_eq "vesting creator" "$TOKEN" "$creator" || return 1
  want=$(genesis_grant_rows | while read -r key plan amount; do
    printf '%s %s %s\n' "$(addr_of "$key")" "$plan" "$amount"
  done | sort)
  have=$(query_smart "$VESTING" '{"grants":{"limit":30}}' |
    jq -r --arg t "$TOKEN" '.grants[].grant | select(.funder == $t) | "\(.beneficiary) \(.plan) \(.granted)"' | sort) ||
    return 1
  expect_eq "genesis grants (beneficiary plan amount)" "$want" "$have" || return 1
  while read -r key _ _; do
    expect_eq "liquid balance of $key" 0 "$(cw20_balance "$TOKEN" "$key")" || return 1
  done < <(genesis_grant_rows)
}

check wiring_genesis_vesting wiring_genesis_vesting

# Keplr's chain info for this chain (clients/contracts/lib/keplr.ts, MESH as a cw20 currency) passes Keplr's own
# validator (@keplr-wallet/chain-validator), online: its RPC (websocket included) and REST answer for this chain id.
wiring_keplr_chain_info() {
  (cd "$REPO_ROOT/clients/contracts" && npx --no-install tsc -p . &&
    node --experimental-websocket keplr-chain-info.mjs "$DEPLOYMENT" "$RPC_URL" "$API_URL" --online) >/dev/null
}
check keplr_chain_info wiring_keplr_chain_info
