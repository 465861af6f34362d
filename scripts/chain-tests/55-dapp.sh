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
# shellcheck source-path=SCRIPTDIR source=../lib/dapp.sh
source "$SCRIPTS_DIR/lib/dapp.sh"

if [[ -n $(jq -r '.contracts.bill_escrow // empty' "$DEPLOYMENT") ]]; then
  if dapp_prepare; then
    dapp_tap=$(mktemp)
    dapp_t0=$(now_s)
    mkdir -p "$DAPP_SCREENSHOTS"
    # Its own screenshots only: the *-bridge-* ones are bridge-test.sh's (clients/dapp/test/bridge.test.mjs).
    find "$DAPP_SCREENSHOTS" -maxdepth 1 -name '*.png' ! -name '*-bridge-*' -delete
    INFERMESH_DAPP_DEPLOYMENT=$DEPLOYMENT INFERMESH_DAPP_RPC=$RPC_URL INFERMESH_DAPP_REST=$API_URL \
      INFERMESH_DAPP_SCREENSHOTS=$DAPP_SCREENSHOTS INFERMESH_CHROMIUM=$CHROMIUM \
      node --test --test-reporter=tap "$DAPP_DIR/test/browser.test.mjs" >"$dapp_tap" 2>&1 || true
    log "dApp browser tests: $(elapsed_since "$dapp_t0") s, screenshots in ${DAPP_SCREENSHOTS#"$REPO_ROOT"/}"
    dapp_checks "$dapp_tap"
    rm -f "$dapp_tap"
  else
    check "dapp: chromium, packages and build" false
  fi
else
  log "no bill escrow in $DEPLOYMENT: dApp browser tests skipped"
fi
