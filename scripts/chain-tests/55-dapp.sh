# shellcheck shell=bash
# The Keplr web dApp's browser tests (clients/dapp/test/browser.test.mjs, docs/dapp.md), sourced by
# scripts/chain-test.sh after the gas tests and before 60-dao.sh, which hands the suite to the DAO. Debian's chromium
# runs the real bundle against this chain; a window.keplr test provider signs in Node with the `rewards` test key (no
# other test uses it), and the other parties act from Node: liquidity sells it MESH, publicsale funds it a vesting
# grant, "provider" serves its bill and redeems its voucher (alice, or a newly bonded key, when "provider" cannot),
# "gateway" consents to route. What it leaves: the rewards key holds MESH, a delegation to the provider, a 50 MESH
# provider registration without a tier, 100 MESH in the DAO vault and a vote on a treasury proposal of the liquidity
# holder that misses its quorum (its deposit stays with the DAO). Each browser test counts as one chain test; a
# screenshot of each step goes to target/dapp-screenshots/<NN-step>.png.
DAPP_DIR=$REPO_ROOT/clients/dapp
DAPP_SCREENSHOTS=${INFERMESH_DAPP_SCREENSHOTS:-$REPO_ROOT/target/dapp-screenshots}

dapp_prepare() {
  ensure_chromium && ensure_dapp && (cd "$DAPP_DIR" && npx --no-install tsc -p . --noEmit && node build.mjs) >&2
}

# dapp_results <tap file>: "<ok|not ok|skip><TAB><test name>" per top-level test of node's TAP output.
dapp_results() {
  awk '/^(not )?ok [0-9]+ - / {
    status = ($1 == "not") ? "not ok" : "ok"
    name = $0; sub(/^(not )?ok [0-9]+ - /, "", name)
    if (name ~ / # SKIP/) { status = "skip"; sub(/ # SKIP.*/, "", name) }
    print status "\t" name
  }' "$1"
}

# dapp_failure <tap file> <test name>: the YAML block node printed under a failed test.
dapp_failure() {
  awk -v n="$2" '$0 ~ /^not ok [0-9]+ - / { on = (substr($0, index($0, " - ") + 3) == n); next }
    on && /^((not )?ok [0-9]+ - |# Subtest: )/ { exit } on { print }' "$1" | head -n 40
}

dapp_expect() { # dapp_expect <tap file> <status> <name>: one browser test as a chain test case
  [[ $2 == ok ]] && return 0
  echo "browser test failed: $3" >&2
  dapp_failure "$1" "$3" >&2
  return 1
}

if [[ -n $(jq -r '.contracts.bill_escrow // empty' "$DEPLOYMENT") ]]; then
  if dapp_prepare; then
    dapp_tap=$(mktemp)
    dapp_t0=$(now_s)
    mkdir -p "$DAPP_SCREENSHOTS"
    rm -f "$DAPP_SCREENSHOTS"/*.png
    INFERMESH_DAPP_DEPLOYMENT=$DEPLOYMENT INFERMESH_DAPP_RPC=$RPC_URL INFERMESH_DAPP_REST=$API_URL \
      INFERMESH_DAPP_SCREENSHOTS=$DAPP_SCREENSHOTS INFERMESH_CHROMIUM=$CHROMIUM \
      node --test --test-reporter=tap "$DAPP_DIR/test/browser.test.mjs" >"$dapp_tap" 2>&1 || true
    log "dApp browser tests: $(elapsed_since "$dapp_t0") s, screenshots in ${DAPP_SCREENSHOTS#"$REPO_ROOT"/}"
    dapp_ran=0
    while IFS=$'\t' read -r dapp_status dapp_name; do
      dapp_ran=$((dapp_ran + 1))
      if [[ $dapp_status == skip ]]; then
        log "SKIP dapp: $dapp_name"
        continue
      fi
      check "dapp: $dapp_name" dapp_expect "$dapp_tap" "$dapp_status" "$dapp_name"
    done < <(dapp_results "$dapp_tap")
    if ((dapp_ran == 0)); then
      tail -n 30 "$dapp_tap" >&2
      check "dapp: browser tests ran" false
    fi
    rm -f "$dapp_tap"
  else
    check "dapp: chromium, packages and build" false
  fi
else
  log "no bill escrow in $DEPLOYMENT: dApp browser tests skipped"
fi
