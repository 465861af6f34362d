#!/usr/bin/env bash
# The main job: build and check the contracts, start (or resume) the localnet, deploy and wire the suite, run a short
# marketplace scenario through real transactions, and print what a user does next.
# Usage: scripts/main.sh
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

started=$(now_s)
"$SCRIPTS_DIR/build.sh"
"$SCRIPTS_DIR/install-wasmd.sh" >/dev/null
"$SCRIPTS_DIR/localnet.sh" up
"$SCRIPTS_DIR/deploy.sh"
"$SCRIPTS_DIR/demo.sh"
log "main job done in $(elapsed_since "$started") s; the localnet keeps running (scripts/localnet.sh down stops it)"
