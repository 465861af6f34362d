# shellcheck shell=bash
# The Keplr web dApp's browser tests (clients/dapp/test, docs/dapp.md) as test cases of a shell suite: the build they
# need and their TAP output read back, each top-level browser test one case of the caller's `check <name> <command...>`.
# Used by scripts/chain-tests/55-dapp.sh (browser.test.mjs, one chain) and scripts/bridge-test.sh (bridge.test.mjs,
# with the second chain). Source it after common.sh and tools.sh.
DAPP_DIR=$REPO_ROOT/clients/dapp
# shellcheck disable=SC2034 # the sourcing scripts pass it to the tests
DAPP_SCREENSHOTS=${INFERMESH_DAPP_SCREENSHOTS:-$REPO_ROOT/target/dapp-screenshots}

# Debian's chromium, the dApp's packages, its type-check and bundle (dist/, which the tests serve).
dapp_prepare() {
  ensure_chromium && ensure_dapp && ensure_contract_builders && (cd "$DAPP_DIR" && npx --no-install tsc -p . --noEmit && node build.mjs) >&2
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

dapp_expect() { # dapp_expect <tap file> <status> <name>: one browser test as a test case
  [[ $2 == ok ]] && return 0
  echo "browser test failed: $3" >&2
  dapp_failure "$1" "$3" >&2
  return 1
}

# dapp_checks <tap file>: each browser test of the run a `check` ("dapp: <name>"; skipped ones are logged); a run
# that reported no test at all is one failed case.
dapp_checks() {
  local tap=$1 status name ran=0
  while IFS=$'\t' read -r status name; do
    ran=$((ran + 1))
    if [[ $status == skip ]]; then
      log "SKIP dapp: $name"
      continue
    fi
    check "dapp: $name" dapp_expect "$tap" "$status" "$name"
  done < <(dapp_results "$tap")
  if ((ran == 0)); then
    tail -n 30 "$tap" >&2
    check "dapp: browser tests ran" false
  fi
}
