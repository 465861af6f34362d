#!/usr/bin/env bash
# Gas and scale benchmark on a real chain, the suite side by side with the peers a team would pick instead
# (docs/benchmark.md). In one run on one fresh localnet (RPC 17657, P2P 17656, gRPC 29090, REST 21317, pprof 26060,
# home in a temp dir, removed on exit):
#   1. builds the peers from their published crates (scripts/bench/build-peers.sh) and the suite if artifacts/ lacks it;
#   2. deploys the whole suite unpinned and owned by "admin", stores every artifact once more to measure its store gas,
#      instantiates the peers for the suite's jobs: cw20-base, cw20-stake, cw4-stake, DAO DAO (dao-dao-core,
#      dao-voting-cw20-staked, dao-proposal-single);
#   3. measures every user-facing action of the suite and its peers' equivalents (scripts/bench/actions.sh) unpinned,
#      pins every code by one governance proposal (MsgPinCodes), and measures them again;
#   4. measures scale, pinned (scripts/bench/bench.mjs, 11,010 distinct CosmJS signers by default): `slash` and
#      `claim_rewards` on operators with 10, 1,000 and INFERMESH_BENCH_SCALE delegators, a DAO `vote` with as many
#      lockers in the vault, a settlement with as many open bills in the escrow, reputation's `report_outcomes` after
#      10, 1,000 and INFERMESH_BENCH_EVENTS events;
#   5. writes target/bench.json and target/bench.md (ratios to the peers of the same run, each target of the gas issue
#      met or missed) and prints the table.
# Not part of scripts/test.sh. Exit status 1 when a hot path's gas differs between the two scales by more than the
# tolerance; a missed comparison target is reported, not fatal.
#
# usage: scripts/bench.sh
# env: INFERMESH_BENCH_SCALE (10000, above 1000), INFERMESH_BENCH_EVENTS (10000, above 1000),
#      INFERMESH_BENCH_CONCURRENCY (24), INFERMESH_BENCH_TIMEOUT (seconds for the whole run, 2400),
#      INFERMESH_BENCH_TOLERANCE_PCT (5), INFERMESH_BENCH_OUT (target/bench.md)
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
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"

SCALE=${INFERMESH_BENCH_SCALE:-10000}
EVENTS=${INFERMESH_BENCH_EVENTS:-10000}
CONCURRENCY=${INFERMESH_BENCH_CONCURRENCY:-24}
TIMEOUT=${INFERMESH_BENCH_TIMEOUT:-2400}
TOLERANCE_PCT=${INFERMESH_BENCH_TOLERANCE_PCT:-5}
OUT_MD=${INFERMESH_BENCH_OUT:-$REPO_ROOT/target/bench.md}
# The size every artifact should keep under after optimisation (docs/benchmark.md).
MAX_ARTIFACT_BYTES=400000
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
    cp "$work"/*.jsonl "$(dirname "$FAILED_LOG")/" 2>/dev/null || true
  fi
  "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd jq curl node npm timeout gzip
require_wasmd
# The suite's artifacts, copied into the work dir so a rebuild of artifacts/ during the run cannot change the code
# under test.
if ! compgen -G "$REPO_ROOT/artifacts/infermesh_*.wasm" >/dev/null; then
  log "artifacts missing; building them once"
  "$SCRIPTS_DIR/build.sh"
fi
export INFERMESH_ARTIFACTS_DIR=$work/artifacts
mkdir -p "$INFERMESH_ARTIFACTS_DIR"
cp "$REPO_ROOT"/artifacts/infermesh_*.wasm "$INFERMESH_ARTIFACTS_DIR/"
"$SCRIPTS_DIR/bench/build-peers.sh"
export BENCH_PEER_DIR=$work/peers
mkdir -p "$BENCH_PEER_DIR"
cp "$REPO_ROOT"/target/bench-peers/peer_*.wasm "$BENCH_PEER_DIR/"
if [[ ! -d $REPO_ROOT/node_modules/@cosmjs/cosmwasm-stargate || ! -d $REPO_ROOT/node_modules/@cosmjs/proto-signing ]]; then
  log "installing the Node tooling (npm ci)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
ensure_ts_client
ensure_contract_builders # bench.mjs builds every contract message with the builders generated from schema/

log "benchmark: scale $SCALE, $EVENTS reputation events, limit ${TIMEOUT}s, work dir $work"
timeout "$(remaining)" "$SCRIPTS_DIR/localnet.sh" up
INFERMESH_PIN_CODES=0 INFERMESH_HAND_OVER=0 timeout "$(remaining)" "$SCRIPTS_DIR/deploy.sh" >/dev/null
t_deployed=$(now_s)
DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json
export CHAIN_LAST_TX=$work/last_tx.json
BENCH_ACTIONS=$work/actions.jsonl
BENCH_SIZES=$work/sizes.jsonl
: >"$BENCH_ACTIONS"
: >"$BENCH_SIZES"
# shellcheck source-path=SCRIPTDIR source=lib/dao.sh
source "$SCRIPTS_DIR/lib/dao.sh"
# shellcheck source-path=SCRIPTDIR source=bench/actions.sh
source "$SCRIPTS_DIR/bench/actions.sh"

phases_json='[]'
phase() { # phase <name> <command...>: runs it, records its seconds
  local name=$1 t
  shift
  (($(remaining) > 30)) || die "no time left before: $name"
  t=$(now_s)
  log "== $name"
  "$@" || die "$name failed"
  phases_json=$(jq -c --arg n "$name" --argjson s "$(elapsed_since "$t")" '. + [{name: $n, seconds: $s}]' <<<"$phases_json")
}
phase "store every artifact once more (store gas)" bench_store_all
phase "instantiate the peers" bench_instantiate_peers
phase "operators, params, voters" bench_setup_suite
phase "warm-up round (not recorded)" bench_round warmup
phase "actions, nothing pinned" bench_round unpinned
phase "pin every code (one MsgPinCodes proposal)" bench_pin_everything
phase "actions, every code pinned" bench_round pinned

# Scale, pinned: a reputation instance of the deployed (now pinned) code whose outcome reporter is "admin", standing in
# for the escrow so that 10,000 events can be reported in bulk.
scale_reputation=$(instantiate admin "$B_REPUTATION_CODE" "$(jq -nc --arg a "$(addr_of admin)" --arg s "$B_STAKING" \
  '{owner: $a, staking: $s, escrow: $a, params: null}')" "bench-reputation" none) ||
  die "instantiating the scale benchmark's reputation failed"
t_scale=$(now_s)
BENCH_RPC=$RPC_URL BENCH_CHAIN_ID=$CHAIN_ID BENCH_DENOM=$DENOM BENCH_REPUTATION=$scale_reputation \
  BENCH_DEPLOYMENT=$DEPLOYMENT BENCH_ACCOUNTS=$ACCOUNTS_FILE \
  BENCH_ADDRESSES=$LOCALNET_HOME/addresses.json BENCH_OUT=$RESULTS BENCH_DEADLINE=$deadline \
  BENCH_SCALE=$SCALE BENCH_EVENTS=$EVENTS BENCH_CONCURRENCY=$CONCURRENCY \
  timeout "$(remaining)" node "$SCRIPTS_DIR/bench/bench.mjs" ||
  die "the scale driver failed (exit $?)"
phases_json=$(jq -c --arg n "scale (CosmJS driver)" --argjson s "$(elapsed_since "$t_scale")" '. + [{name: $n, seconds: $s}]' <<<"$phases_json")

wall=$(elapsed_since "$t0")
setup_s=$(awk -v a="$t0" -v b="$t_deployed" 'BEGIN { printf "%.1f", b - a }')

# ---- report -----------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT_MD")"
jq -n --slurpfile actions <(jq -s . "$BENCH_ACTIONS") --slurpfile sizes <(jq -s . "$BENCH_SIZES") \
  --slurpfile scale "$RESULTS" --argjson phases "$phases_json" --argjson wall "$wall" --argjson setup "$setup_s" \
  --argjson tol "$TOLERANCE_PCT" --arg wasmd "$WASMD_VERSION" --arg chain "$CHAIN_ID" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson max_bytes "$MAX_ARTIFACT_BYTES" -f "$SCRIPTS_DIR/bench/targets.jq" \
  >"${OUT_MD%.md}.json"
jq -r -f "$SCRIPTS_DIR/bench/report.jq" "${OUT_MD%.md}.json" >"$OUT_MD"
cat "$OUT_MD"
log "written to ${OUT_MD#"$REPO_ROOT"/} and ${OUT_MD%.md}.json; wall time $wall s"

grep -q 'DIFFERS' "$OUT_MD" && die "a hot path's gas depends on the scale by more than ${TOLERANCE_PCT} %"
exit 0
