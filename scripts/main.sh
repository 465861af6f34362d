#!/usr/bin/env bash
# The main job: build and check the contracts, start (or resume) the localnet, deploy and wire the suite, run a short
# marketplace scenario through real transactions, serve the Keplr dApp on 127.0.0.1, and print what a user does next.
# Usage: scripts/main.sh
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

started=$(now_s)
"$SCRIPTS_DIR/build.sh"
"$SCRIPTS_DIR/install-wasmd.sh" >/dev/null
"$SCRIPTS_DIR/localnet.sh" up
"$SCRIPTS_DIR/deploy.sh"
# Keplr's chain info for this deployment, checked by Keplr's validator against the running node.
source "$SCRIPTS_DIR/lib/tools.sh"
ensure_contract_clients
KEPLR_INFO=$DEPLOYMENTS_DIR/$CHAIN_ID.keplr.json
(cd "$REPO_ROOT/clients/contracts" && npx --no-install tsc -p . &&
  node --experimental-websocket keplr-chain-info.mjs "$DEPLOYMENTS_DIR/$CHAIN_ID.json" "$RPC_URL" "$API_URL" --online) \
  >"$KEPLR_INFO"
"$SCRIPTS_DIR/demo.sh"
dapp_url=$("$SCRIPTS_DIR/dapp.sh" serve)
log "Keplr chain info (window.keplr.experimentalSuggestChain): ${KEPLR_INFO#"$REPO_ROOT"/}"
log "main job done in $(elapsed_since "$started") s; the localnet and the dApp keep running (scripts/localnet.sh down \
stops both)"
printf '\n\033[1mThe dApp: open %s in a browser with Keplr\033[0m (it suggests %s to Keplr; the MESH token is a cw20 currency)\n' \
  "$dapp_url" "$CHAIN_ID"
