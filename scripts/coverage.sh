#!/usr/bin/env bash
# Line coverage of each contract from cargo-llvm-cov's JSON summary (scripts/test.sh writes target/coverage.json): the
# lines of contracts/<name>/src, less the schema binary and test modules. Prints a table, writes it to
# target/coverage.tsv and fails when a contract is under the floor.
# usage: scripts/coverage.sh <coverage.json>     env: INFERMESH_COVERAGE_FLOOR (percent, default 90)
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

FLOOR=${INFERMESH_COVERAGE_FLOOR:-90}
summary=${1:?usage: coverage.sh <coverage.json>}
out=$REPO_ROOT/target/coverage.tsv
need_cmd jq
jq -r --arg root "$REPO_ROOT/" '
  [ .data[0].files[]
    | (.filename | ltrimstr($root)) as $f
    | select($f | test("^contracts/[^/]+/src/"))
    | select($f | test("/src/bin/|/src/tests/|/tests?\\.rs$|/testing/") | not)
    | { contract: ($f | split("/")[1]), count: .summary.lines.count, covered: .summary.lines.covered } ]
  | group_by(.contract)[]
  | [ .[0].contract, (map(.count) | add), (map(.covered) | add) ]
  | @tsv' "$summary" >"$out.tmp"
[[ -s $out.tmp ]] || die "no contract lines in $summary"
under=0
{
  printf 'contract\tlines\tcovered\tpercent\n'
  while IFS=$'\t' read -r contract lines covered; do
    pct=$(awk -v c="$covered" -v l="$lines" 'BEGIN { printf "%.2f", 100 * c / l }')
    printf '%s\t%s\t%s\t%s\n' "$contract" "$lines" "$covered" "$pct"
  done <"$out.tmp"
} >"$out"
rm -f "$out.tmp"
awk -F'\t' '{ printf "%-20s %8s %8s %8s\n", $1, $2, $3, $4 }' "$out" >&2
while IFS=$'\t' read -r contract _ _ pct; do
  [[ $contract == contract ]] && continue
  if awk -v p="$pct" -v f="$FLOOR" 'BEGIN { exit !(p < f) }'; then
    warn "$contract: line coverage $pct % is under the floor of $FLOOR %"
    under=1
  fi
done <"$out"
((under == 0)) || die "a contract's line coverage is under $FLOOR %"
log "every contract at or above $FLOOR % line coverage (target/coverage.tsv)"
