#!/usr/bin/env bash
# Builds every contract to wasm, lowers rustc 1.95's bulk-memory instructions so wasmvm 3.0 accepts them, checks the
# result against wasmd v0.61.14's capabilities and writes artifacts/*.wasm with checksums.txt.
# Usage: scripts/build.sh [contract ...]   (default: every directory under contracts/)
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SCRIPTS_DIR/lib/tools.sh"

# wasmd accepts 800 KiB; we keep headroom so a contract never grows into the chain's limit unnoticed.
MAX_WASM_BYTES=${INFERMESH_MAX_WASM_BYTES:-500000}
# cosmwasm-vm refuses a function declaring more than 100 locals (docs/toolchain.md); gating at 90 fails the build while
# headroom remains instead of on the chain.
MAX_FUNCTION_LOCALS=${INFERMESH_MAX_FUNCTION_LOCALS:-90}
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
  # -Oz with one-caller inlining capped at 200 instructions: binaryen otherwise inlines every function that has a
  # single caller whatever its size, which is how a handler grows past the locals limit (docs/toolchain.md).
  "$WASM_OPT" --enable-bulk-memory --llvm-memory-copy-fill-lowering -Oz \
    --one-caller-inline-max-function-size 200 "$raw" -o "$ARTIFACTS/$name"
done
(cd "$ARTIFACTS" && sha256sum -- *.wasm >checksums.txt)
"$COSMWASM_CHECK" --available-capabilities "$WASMD_CAPABILITIES" \
  --wasm-limits "{\"max_function_locals\":$MAX_FUNCTION_LOCALS}" "$ARTIFACTS"/*.wasm >&2

oversized=0
printf '%-28s %10s %12s\n' contract bytes "max locals"
while read -r file size locals _; do
  printf '%-28s %10d %12d\n' "$file" "$size" "$locals"
  if ((size > MAX_WASM_BYTES)); then
    warn "$file is $size bytes, over the $MAX_WASM_BYTES-byte limit"
    oversized=1
  fi
  if ((locals > MAX_FUNCTION_LOCALS)); then
    warn "$file has a function with $locals locals, over the $MAX_FUNCTION_LOCALS-locals gate"
    oversized=1
  fi
done < <(python3 "$SCRIPTS_DIR/lib/wasm_locals.py" "$ARTIFACTS"/*.wasm)
((oversized == 0)) || die "a contract exceeds the size or locals limit"
log "built and checked $(find "$ARTIFACTS" -name '*.wasm' | wc -l) contracts in $(elapsed_since "$started") s"
