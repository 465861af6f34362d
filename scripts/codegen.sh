#!/usr/bin/env bash
# Generates the TypeScript contract clients, clients/contracts/src/, from schema/ (@cosmwasm/ts-codegen for each
# contract's messages and client, json-schema-to-typescript for each cw20 hook) and type-checks them.
# Usage: scripts/codegen.sh          regenerate (run scripts/schema.sh first when messages changed)
#        scripts/codegen.sh --check  fail if the committed clients differ from what schema/ generates
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SCRIPTS_DIR/lib/tools.sh"

need_cmd node npm
ensure_contract_clients
cd "$REPO_ROOT/clients/contracts"
if [[ ${1:-} == --check ]]; then
  node codegen.mjs --check
else
  node codegen.mjs
  log "wrote clients/contracts/src from schema/"
fi
npx --no-install tsc -p . >&2
log "clients/contracts type-checks"
