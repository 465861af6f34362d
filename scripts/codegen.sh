#!/usr/bin/env bash
# Generates the TypeScript contract clients, clients/contracts/src/, from schema/ (@cosmwasm/ts-codegen for each
# contract's messages, client and message builders, json-schema-to-typescript for each cw20 hook's type and ts-codegen's
# message builder for its builder), type-checks and compiles them (clients/contracts/dist), then type-checks the bench
# and soak drivers (scripts/bench/*.mjs, scripts/soak/soak.mjs: JavaScript under @ts-check) against the builders, so a
# message whose shape drifted from schema/ fails here rather than on chain.
# Usage: scripts/codegen.sh          regenerate (run scripts/schema.sh first when messages changed)
#        scripts/codegen.sh --check  fail if the committed clients differ from what schema/ generates
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SCRIPTS_DIR/lib/tools.sh"

need_cmd node npm
ensure_contract_clients
ensure_ts_client # the drivers sign with clients/ts: its declarations take part in their type-check
cd "$REPO_ROOT/clients/contracts"
if [[ ${1:-} == --check ]]; then
  node codegen.mjs --check
else
  node codegen.mjs
  log "wrote clients/contracts/src from schema/"
fi
npx --no-install tsc -p . >&2
log "clients/contracts type-checks"
npx --no-install tsc -p tsconfig.scripts.json >&2
log "the bench and soak drivers' contract messages type-check against the generated builders"
