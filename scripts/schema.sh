#!/usr/bin/env bash
# Generates every contract's JSON schema into schema/<contract>/.
# Usage: scripts/schema.sh          regenerate
#        scripts/schema.sh --check  fail if the committed schema differs from what the code generates
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

mode=${1:-write}
generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
for dir in "$REPO_ROOT"/contracts/*/; do
  contract=$(basename "$dir")
  [[ -f $dir/src/bin/schema.rs ]] || continue
  # write_api! writes ./schema relative to the working directory.
  mkdir -p "$generated/$contract"
  (cd "$generated/$contract" && cargo run --quiet --locked --manifest-path "$dir/Cargo.toml" --bin schema >/dev/null)
  mv "$generated/$contract/schema" "$generated/$contract.out"
  rm -rf "${generated:?}/$contract"
  mv "$generated/$contract.out" "$generated/$contract"
done
if [[ $mode == --check ]]; then
  if ! diff -r "$REPO_ROOT/schema" "$generated" >&2; then
    die "schema/ is out of date: run scripts/schema.sh and commit the result"
  fi
  log "schema/ matches the code"
else
  rm -rf "$REPO_ROOT/schema"
  cp -r "$generated" "$REPO_ROOT/schema"
  log "wrote $(find "$REPO_ROOT/schema" -name '*.json' | wc -l) schema files"
fi
