#!/usr/bin/env bash
# Builds every contract to wasm, lowers rustc 1.95's bulk-memory instructions so wasmvm 3.0 accepts them, checks the
# result against wasmd v0.61.14's capabilities and writes artifacts/*.wasm with checksums.txt.
# Usage: scripts/build.sh [contract ...]   (default: every directory under contracts/)
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SCRIPTS_DIR/lib/tools.sh"

# wasmd accepts 800 KiB; we keep headroom so a contract never grows into the chain's limit unnoticed.
MAX_WASM_BYTES=${INFERMESH_MAX_WASM_BYTES:-600000}
ARTIFACTS=$REPO_ROOT/artifacts

ensure_wasm_target
ensure_wasm_opt
ensure_cosmwasm_check

started=$(now_s)
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.wasm "$ARTIFACTS/checksums.txt"
if (($# > 0)); then
  dirs=()
  for name in "$@"; do dirs+=("$REPO_ROOT/contracts/$name/"); done
else
  dirs=("$REPO_ROOT"/contracts/*/)
fi
for dir in "${dirs[@]}"; do
  # Each contract alone, as the official optimizer does: a workspace build would unify cosmwasm-std features
  # (one IBC contract's "stargate" would make every contract require it).
  log "building $(basename "$dir")"
  (cd "$dir" && cargo build --release --lib --target wasm32-unknown-unknown --locked --quiet)
done
for dir in "${dirs[@]}"; do
  name=infermesh_$(basename "$dir" | tr - _).wasm
  raw=$REPO_ROOT/target/wasm32-unknown-unknown/release/$name
  "$WASM_OPT" --enable-bulk-memory --llvm-memory-copy-fill-lowering -Os "$raw" -o "$ARTIFACTS/$name"
done
(cd "$ARTIFACTS" && sha256sum -- *.wasm >checksums.txt)
"$COSMWASM_CHECK" --available-capabilities "$WASMD_CAPABILITIES" "$ARTIFACTS"/*.wasm >&2

oversized=0
printf '%-28s %10s\n' contract bytes
for wasm in "$ARTIFACTS"/*.wasm; do
  size=$(stat -c %s "$wasm")
  printf '%-28s %10d\n' "$(basename "$wasm")" "$size"
  if ((size > MAX_WASM_BYTES)); then
    warn "$(basename "$wasm") is $size bytes, over the $MAX_WASM_BYTES-byte limit"
    oversized=1
  fi
done
((oversized == 0)) || die "a contract exceeds the size limit"
log "built and checked $(find "$ARTIFACTS" -name '*.wasm' | wc -l) contracts in $(elapsed_since "$started") s"
