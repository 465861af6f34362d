#!/usr/bin/env bash
# Soak on four validators (docs/soak.md): a fresh four-validator localnet of its own (RPC 14657 and up, P2P 14656 and
# up, gRPC 14090 and up, REST 14317 and up, pprof 14000 and up: node i on each port + 10·i; home in a temp dir, removed
# on exit), the suite deployed by scripts/deploy.sh and pinned, then scripts/soak/soak.mjs: a seeded load from many
# fresh accounts across token, staking, DAO, bill escrow (with reputation and distributor behind it) and payment
# channels; one validator SIGKILLed and restarted mid-run while blocks go on, then two killed so the chain halts,
# restarted, and the load resumes. Afterwards every invariant is queried, every account is checked against the
# off-chain ledger of what the soak sent, and all four nodes must hold the same block and app hash.
# Writes target/soak.json and prints the figures. The relayer's kill is in scripts/bridge-test.sh (the second chain).
#
# usage: scripts/soak.sh
# env: INFERMESH_SOAK_SIGNERS (200), INFERMESH_SOAK_ACTIONS (10000), INFERMESH_SOAK_SEED (1),
#      INFERMESH_SOAK_TIMEOUT (seconds for the whole run, 3600), INFERMESH_SOAK_OUT (target/soak.json)
#      The test command runs it reduced: 40 signers, 1,500 actions.
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
# Its own ports (below the ephemeral range) and home, so a developer's localnet and the other test chains are left alone.
export INFERMESH_RPC_PORT=14657 INFERMESH_P2P_PORT=14656 INFERMESH_GRPC_PORT=14090 INFERMESH_API_PORT=14317 \
  INFERMESH_PPROF_PORT=14000 INFERMESH_VALIDATORS=4
work=$(mktemp -d -t infermesh-soak.XXXXXX)
export INFERMESH_LOCALNET_HOME=$work/localnet INFERMESH_DEPLOYMENTS_DIR=$work/deployments
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"

SIGNERS=${INFERMESH_SOAK_SIGNERS:-200}
ACTIONS=${INFERMESH_SOAK_ACTIONS:-10000}
SEED=${INFERMESH_SOAK_SEED:-1}
TIMEOUT=${INFERMESH_SOAK_TIMEOUT:-3600}
OUT=${INFERMESH_SOAK_OUT:-$REPO_ROOT/target/soak.json}

cleanup() {
  local rc=$?
  "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 || true
  if ((rc != 0)); then
    local i
    mkdir -p "$REPO_ROOT/target"
    for i in 0 1 2 3; do
      local f=$INFERMESH_LOCALNET_HOME/node.log
      ((i == 0)) || f=$INFERMESH_LOCALNET_HOME/node$i/node.log
      [[ ! -f $f ]] || cp "$f" "$REPO_ROOT/target/soak-node$i.log" || true
    done
    warn "soak failed; the nodes' logs are in target/soak-node{0..3}.log"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

t0=$(now_s)
deadline=$(($(date +%s) + TIMEOUT))
for artifact in bill_escrow dao distributor payment_channels reputation staking token vesting; do
  [[ -f $REPO_ROOT/artifacts/infermesh_$artifact.wasm ]] || die "artifacts/ lacks infermesh_$artifact.wasm: run scripts/build.sh"
done
require_wasmd
ensure_wasm_opt # the root's node packages (CosmJS) come with it
ensure_ts_client
ensure_contract_builders # soak.mjs builds every contract message with the builders generated from schema/
"$SCRIPTS_DIR/localnet.sh" up
t_deploy=$(now_s)
"$SCRIPTS_DIR/deploy.sh" >"$work/deploy.log" 2>&1 || {
  tail -n 40 "$work/deploy.log" >&2
  die "deploying on the four-validator localnet failed"
}
log "deployed and pinned on four validators in $(elapsed_since "$t_deploy") s"
rpcs=()
for i in 0 1 2 3; do rpcs+=("http://$LISTEN_HOST:$((INFERMESH_RPC_PORT + 10 * i))"); done
mkdir -p "$(dirname "$OUT")"
t_load=$(now_s)
SOAK_RPC=$RPC_URL SOAK_API=$API_URL SOAK_CHAIN_ID=$CHAIN_ID SOAK_DENOM=$DENOM SOAK_DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json \
  SOAK_ACCOUNTS=$ACCOUNTS_FILE SOAK_ADDRESSES=$INFERMESH_LOCALNET_HOME/addresses.json \
  SOAK_LOCALNET=$SCRIPTS_DIR/localnet.sh SOAK_NODE_RPCS=$(
    IFS=,
    echo "${rpcs[*]}"
  ) SOAK_OUT=$OUT SOAK_DEADLINE=$deadline SOAK_SEED=$SEED SOAK_SIGNERS=$SIGNERS SOAK_ACTIONS=$ACTIONS \
  timeout "$((deadline - $(date +%s)))" node "$SCRIPTS_DIR/soak/soak.mjs" || die "the soak failed (exit $?)"
load_s=$(elapsed_since "$t_load")

jq -r --argjson wall "$(elapsed_since "$t0")" --argjson load "$load_s" '
  "soak: seed \(.seed), \(.signers) signers, 4 validators, \(.blocks) blocks (heights \(.start_height)–\(.end_height))",
  "  txs sent \(.sent), included \(.included), succeeded \(.succeeded), failed \(.failed), re-broadcast \(.rebroadcasts)",
  (.failures | to_entries | sort_by(-.value)[] | "    failed \(.value)× \(.key)"),
  (.by_action | to_entries[] | "  \(.key): sent \(.value.sent), ok \(.value.ok), failed \(.value.failed)"),
  (.faults[] | "  fault: " + (. | tostring)),
  "  missed signatures per validator: " + (.missed_signatures | tostring),
  "  invariant checks: " + ([.invariant_checks[] | "\(.when) \(.checks - .failed)/\(.checks) at height \(.height)"] | join("; ")),
  "  ledger checks: \(.ledger_checks), mismatches \(.ledger_mismatches | length); nodes agree: \(.nodes_agree)",
  "  load \($load) s (driver \(.driver_seconds) s), whole soak \($wall) s"
' "$OUT"
echo "soak: passed"
