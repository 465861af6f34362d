#!/usr/bin/env bash
# Gas benchmark on a real chain: proves that two hot paths cost the same whatever the scale.
#   staking     `slash` and `claim_rewards` on an operator with 1 delegator vs one with 1,000 delegators
#   reputation  `report_outcomes` for an operator's 11th event vs its 10,001st
#   reference   one plain cw20 `transfer`
# Starts its own fresh localnet (RPC 17657, P2P 17656, gRPC 29090, REST 21317, pprof 26060, home in a temp dir),
# deploys token, vesting, staking and reputation with scripts/deploy.sh, drives 1,000 distinct signers with CosmJS
# (scripts/bench/bench.mjs), prints a markdown table (also written to target/bench.md, the raw numbers to
# target/bench.json) and removes the localnet on exit. Takes a few minutes, so it is not part of scripts/test.sh.
# Exit status 1 when a hot path's gas differs between the two scales by more than the tolerance.
#
# usage: scripts/bench.sh
# env: INFERMESH_BENCH_DELEGATORS (1000), INFERMESH_BENCH_EVENTS (10000), INFERMESH_BENCH_CONCURRENCY (24),
#      INFERMESH_BENCH_TIMEOUT (seconds for the whole run, 1200), INFERMESH_BENCH_TOLERANCE_PCT (1),
#      INFERMESH_BENCH_OUT (target/bench.md)
set -euo pipefail
case ${1:-} in
  -h | --help)
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
    exit 0
    ;;
  "") ;;
  *)
    echo "unknown argument: $1" >&2
    exit 2
    ;;
esac

# Its own ports and home, so a developer's localnet and a running chain-test.sh are left alone.
export INFERMESH_RPC_PORT=${INFERMESH_BENCH_RPC_PORT:-17657} INFERMESH_P2P_PORT=17656 INFERMESH_GRPC_PORT=29090 \
  INFERMESH_API_PORT=21317 INFERMESH_PPROF_PORT=26060
work=$(mktemp -d -t infermesh-bench.XXXXXX)
export INFERMESH_LOCALNET_HOME=$work/localnet INFERMESH_DEPLOYMENTS_DIR=$work/deployments
# shellcheck source-path=SCRIPTDIR source=lib/chain.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"

DELEGATORS=${INFERMESH_BENCH_DELEGATORS:-1000}
EVENTS=${INFERMESH_BENCH_EVENTS:-10000}
CONCURRENCY=${INFERMESH_BENCH_CONCURRENCY:-24}
TIMEOUT=${INFERMESH_BENCH_TIMEOUT:-1200}
TOLERANCE_PCT=${INFERMESH_BENCH_TOLERANCE_PCT:-1}
OUT_MD=${INFERMESH_BENCH_OUT:-$REPO_ROOT/target/bench.md}
RESULTS=$work/results.json
FAILED_LOG=$REPO_ROOT/target/bench-node.log

t0=$(now_s)
deadline=$(($(date +%s) + TIMEOUT))
remaining() { echo $((deadline - $(date +%s))); }

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  if ((rc != 0)) && [[ -f $LOCALNET_HOME/node.log ]]; then
    mkdir -p "$(dirname "$FAILED_LOG")"
    cp "$LOCALNET_HOME/node.log" "$FAILED_LOG" 2>/dev/null && warn "benchmark failed; node log kept in $FAILED_LOG"
  fi
  "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd jq curl node npm timeout
require_wasmd
# Only the contracts measured here, copied into the work dir: the deployment keeps "admin" as reputation's outcome
# reporter (deploy.sh hands that role to the bill escrow whenever its artifact exists), and a rebuild of artifacts/
# during the run cannot change the code under test.
BENCH_CONTRACTS=(token vesting staking reputation)
for c in "${BENCH_CONTRACTS[@]}"; do
  if [[ ! -f $REPO_ROOT/artifacts/infermesh_$c.wasm ]]; then
    log "artifacts missing; building them once"
    "$SCRIPTS_DIR/build.sh" "${BENCH_CONTRACTS[@]}"
    break
  fi
done
export INFERMESH_ARTIFACTS_DIR=$work/artifacts
mkdir -p "$INFERMESH_ARTIFACTS_DIR"
for c in "${BENCH_CONTRACTS[@]}"; do
  cp "$REPO_ROOT/artifacts/infermesh_$c.wasm" "$INFERMESH_ARTIFACTS_DIR/"
done
if [[ ! -d $REPO_ROOT/node_modules/@cosmjs/cosmwasm-stargate || ! -d $REPO_ROOT/node_modules/@cosmjs/proto-signing ]]; then
  log "installing the Node tooling (npm ci)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

log "benchmark: $DELEGATORS delegators, $EVENTS reputation events, limit ${TIMEOUT}s, work dir $work"
timeout "$(remaining)" "$SCRIPTS_DIR/localnet.sh" up
timeout "$(remaining)" "$SCRIPTS_DIR/deploy.sh" >/dev/null
t_deployed=$(now_s)
(($(remaining) > 30)) || die "no time left after the deployment"

BENCH_RPC=$RPC_URL BENCH_CHAIN_ID=$CHAIN_ID BENCH_DENOM=$DENOM \
  BENCH_DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json BENCH_ACCOUNTS=$ACCOUNTS_FILE \
  BENCH_ADDRESSES=$LOCALNET_HOME/addresses.json BENCH_OUT=$RESULTS BENCH_DEADLINE=$deadline \
  BENCH_DELEGATORS=$DELEGATORS BENCH_EVENTS=$EVENTS BENCH_CONCURRENCY=$CONCURRENCY \
  timeout "$(remaining)" node "$SCRIPTS_DIR/bench/bench.mjs" ||
  die "the benchmark driver failed (exit $?)"

wall=$(elapsed_since "$t0")
setup_s=$(awk -v a="$t0" -v b="$t_deployed" 'BEGIN { printf "%.1f", b - a }')

# ---- report -----------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT_MD")"
jq -r --arg wall "$wall" --arg setup "$setup_s" --arg tol "$TOLERANCE_PCT" --arg wasmd "$WASMD_VERSION" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
  def commas: tostring | if length <= 3 then . else (.[0:length - 3] | commas) + "," + .[length - 3:] end;
  def row($path; $small_label; $small; $large_label; $large):
    ($large - $small) as $d
    | (($d / $small * 10000 | round) / 100) as $pct
    | "| \($path) | \($small_label) | \($small | commas) | \($large_label) | \($large | commas) | \(if $d > 0 then "+" else "" end)\($d) | \(if $pct > 0 then "+" else "" end)\($pct) % | \(if ($pct | fabs) <= ($tol | tonumber) then "same (O(1))" else "**DIFFERS**" end) |";
  (.delegators_b | commas) as $n
  | "# InferMesh gas benchmark",
    "",
    "\($date), wasmd \($wasmd), a fresh single-node localnet (chain \(.chain_id)). Gas used by a tx carrying exactly one message (ante handler included), signed after a simulation, alone in its block.",
    "",
    "| hot path | small scale | gas | large scale | gas | Δ gas | Δ | verdict (±\($tol) %) |",
    "|---|---|--:|---|--:|--:|--:|---|",
    row("staking `slash` (minor, 1 %)"; "operator A, 1 delegator"; .staking.slash.A.gas; "operator B, \($n) delegators"; .staking.slash.B.gas),
    row("staking `claim_rewards`"; "A'"'"'s only delegator"; .staking.claim_rewards.A.gas; "one of B'"'"'s \($n) delegators"; .staking.claim_rewards.B.gas),
    row("reputation `report_outcomes`"; "event #\(.reputation.report_small.nth) of A"; .reputation.report_small.gas; "event #\(.reputation.report_large.nth | commas) of A"; .reputation.report_large.gas),
    "| reference: cw20 `transfer` | | \(.reference.cw20_transfer.gas | commas) | | | | | |",
    "",
    "Setup: A and B each self-bond 10,000 MESH and hold the same delegated stake (\(.setup.delegatedEach | tonumber / 1000000 | commas) MESH: A from 1 delegator, B from \($n)), each received 1,000 MESH of rewards before the claims; bill ids of the reports all have 7 digits.",
    "",
    "| step | seconds |",
    "|---|--:|",
    "| start the localnet and deploy the suite | \($setup) |",
    (.phases[] | "| \(.name) | \(.seconds * 10 | round / 10) |"),
    "| **wall time of the run** | **\($wall)** |"
' "$RESULTS" >"$OUT_MD"
# The raw numbers (heights, tx hashes, amounts claimed) next to the table.
jq --argjson wall "$wall" --argjson setup "$setup_s" '. + {wall_seconds: $wall, localnet_and_deploy_seconds: $setup}' \
  "$RESULTS" >"${OUT_MD%.md}.json"
cat "$OUT_MD"
log "written to ${OUT_MD#"$REPO_ROOT"/} and ${OUT_MD%.md}.json; wall time $wall s"

grep -q 'DIFFERS' "$OUT_MD" && die "a hot path's gas depends on the scale by more than ${TOLERANCE_PCT} %"
exit 0
