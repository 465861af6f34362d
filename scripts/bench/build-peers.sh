#!/usr/bin/env bash
# Builds the peers scripts/bench.sh measures the suite against, from their published crates (bench/peers: one crate
# per contract that only forwards the entry points), the way scripts/build.sh builds the suite: each alone for
# wasm32-unknown-unknown, lowered by the same wasm-opt pass, checked by cosmwasm-check against wasmd v0.61.14's
# capabilities. Writes target/bench-peers/*.wasm. cw20-base, the transfer peer, needs no build here: it is the suite's
# wrapped token (contracts/wrapped-token), cw-plus's cw20-base 2.0.0 as published.
#
# usage: scripts/bench/build-peers.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=../lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"

PEERS_DIR=$REPO_ROOT/bench/peers
OUT=$REPO_ROOT/target/bench-peers
PEERS=(cw20-stake cw4-stake dao-dao-core dao-voting-cw20-staked dao-proposal-single)

ensure_wasm_target
ensure_wasm_opt
ensure_cosmwasm_check

started=$(now_s)
mkdir -p "$OUT"
rm -f "$OUT"/*.wasm
for peer in "${PEERS[@]}"; do
  log "building the peer $peer"
  (cd "$PEERS_DIR/$peer" && cargo build --release --lib --target wasm32-unknown-unknown --locked --quiet)
  name=peer_$(tr - _ <<<"$peer").wasm
  "$WASM_OPT" --enable-bulk-memory --llvm-memory-copy-fill-lowering -Oz --one-caller-inline-max-function-size 200 \
    "$PEERS_DIR/target/wasm32-unknown-unknown/release/$name" -o "$OUT/$name"
done
"$COSMWASM_CHECK" --available-capabilities "$WASMD_CAPABILITIES" "$OUT"/*.wasm >&2
log "built and checked ${#PEERS[@]} peers in $(elapsed_since "$started") s"
