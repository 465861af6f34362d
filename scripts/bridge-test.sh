#!/usr/bin/env bash
# Bridge test: two fresh wasmd localnets, infermesha-1 (A, the suite's home chain) and infermeshb-1 (B), each on its
# own ports and home, the Go relayer rly v2.6.0 between them, and ICS-20 transfers checked by queries on both chains.
#   Phase 1 (the infrastructure): a channel between the native `transfer` modules and one bank transfer A -> B.
#   Phase 2 (the bridge): the suite deployed on A by deploy.sh (the home bridge over the MESH token), a remote bridge
#   on B minting wrapped MESH; A -> B, B -> A, a timeout, an invalid receiver, the relayer killed mid-flight, and the
#   home bridge against B's native transfer module (ibc-go's own ICS-20 app must accept the bridge's packets and acks);
#   then the dApp (clients/dapp) served for A's deployment: a person sends MESH to B from the page in headless chromium,
#   signed through an injected window.keplr (clients/dapp/test/bridge.test.mjs, each browser test one test case), and
#   the balances on both chains are checked; a screenshot of each step goes to target/dapp-screenshots/NN-bridge-*.png.
# The nodes and the relayer are stopped and removed at the end; on failure their logs are kept in
# target/bridge-test-{a,b,rly,deploy,dapp}.log.
#
# usage: scripts/bridge-test.sh [--ibc-only]
#   --ibc-only   phase 1 only (needs no bridge artifacts)
# Prints "bridge: N passed, M failed", the gas of the measured txs (also written to target/bridge-gas.tsv) and the
# time of each phase; exits non-zero when a check fails.
# env: INFERMESH_ARTIFACTS_DIR (default artifacts/), INFERMESH_BRIDGE_GAS_REPORT (default target/bridge-gas.tsv),
#      INFERMESH_BRIDGE_KEEP=1 (leave both chains and the relayer running and keep the work directory, for debugging),
#      INFERMESH_DAPP_SCREENSHOTS (default target/dapp-screenshots), INFERMESH_CHROMIUM (default /usr/bin/chromium)
set -euo pipefail
# This shell uses chain.sh only for its helpers that read JSON (tx_events, gas_used) and common.sh's; every chain access
# goes through on_chain (below). It is pointed at no node, so a call made outside on_chain fails instead of reaching
# the developer's localnet.
# shellcheck source-path=SCRIPTDIR source=lib/chain.sh
INFERMESH_RPC_PORT=1 INFERMESH_LOCALNET_HOME=/dev/null/no-chain source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dapp.sh
source "$SCRIPTS_DIR/lib/dapp.sh"

ibc_only=0
for arg in "$@"; do
  case $arg in
    --ibc-only) ibc_only=1 ;;
    -h | --help)
      usage_from_header "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument: $arg" ;;
  esac
done

ARTIFACTS_DIR=${INFERMESH_ARTIFACTS_DIR:-$REPO_ROOT/artifacts}
BRIDGE_WASM=$ARTIFACTS_DIR/infermesh_bridge.wasm
WRAPPED_WASM=$ARTIFACTS_DIR/infermesh_wrapped_token.wasm
GAS_REPORT=${INFERMESH_BRIDGE_GAS_REPORT:-$REPO_ROOT/target/bridge-gas.tsv}
KEEP=${INFERMESH_BRIDGE_KEEP:-0}
if ((!ibc_only)); then
  for f in "$BRIDGE_WASM" "$WRAPPED_WASM" "$ARTIFACTS_DIR/infermesh_token.wasm"; do
    [[ -f $f ]] || die "no $f (run scripts/build.sh; --ibc-only tests the relayer without the bridge)"
  done
fi
need_cmd jq curl setsid sha256sum base64

T_START=$(now_s)
CHAIN_A=infermesha-1
CHAIN_B=infermeshb-1
work=$(mktemp -d)
RLY_HOME=$work/rly
RLY_LOG=$work/rly.log
RLY_PID_FILE=$work/rly.pid
PATH_NAME=ab

# ---- two chains from one script --------------------------------------------------------------------------------------
# Ports stay below the kernel's ephemeral range (32768+) and clear of the dev node (26657...) and chain-test.sh (16657,
# 16656, 19090, 11317, 16060).
chain_env() { # chain_env a|b: export that chain's INFERMESH_* settings
  case $1 in
    a)
      export INFERMESH_CHAIN_ID=$CHAIN_A INFERMESH_LOCALNET_HOME=$work/a INFERMESH_RPC_PORT=17657 \
        INFERMESH_P2P_PORT=17656 INFERMESH_GRPC_PORT=19190 INFERMESH_API_PORT=12317 INFERMESH_PPROF_PORT=17060
      ;;
    b)
      export INFERMESH_CHAIN_ID=$CHAIN_B INFERMESH_LOCALNET_HOME=$work/b INFERMESH_RPC_PORT=18657 \
        INFERMESH_P2P_PORT=18656 INFERMESH_GRPC_PORT=19290 INFERMESH_API_PORT=13317 INFERMESH_PPROF_PORT=18060
      ;;
    *)
      echo "chain_env: a or b, not '$1'" >&2
      return 1
      ;;
  esac
  export INFERMESH_DEPLOYMENTS_DIR=$work/deployments INFERMESH_DENOM=ustake
}

# on_chain a|b <function or command> [args...]: runs it in a subshell set up for that chain. common.sh and chain.sh fix
# their flags (node, chain id, home) when sourced, and common.sh refuses a second sourcing, so the subshell drops the
# guard (and chain.sh's last-tx file, which names the home) and sources chain.sh anew with that chain's variables.
# Scripts (localnet.sh, deploy.sh) inherit the exported variables.
on_chain() {
  local which=${1:?on_chain a|b <command> [args...]}
  shift
  (
    chain_env "$which" || exit 1
    unset _INFERMESH_COMMON_SH CHAIN_LAST_TX
    # shellcheck source-path=SCRIPTDIR source=lib/chain.sh
    source "$SCRIPTS_DIR/lib/chain.sh"
    "$@"
  )
}

# Run inside on_chain: the current chain's CLI with its flags (set by on_chain's sourcing of chain.sh, hence SC2031).
# shellcheck disable=SC2031
chain_q() { "$WASMD" q "$@" "${_q_flags[@]}"; }
# shellcheck disable=SC2031
chain_tx() { _tx "$@" "${_tx_flags[@]}"; }
node_network() { curl -sf --max-time 5 "$RPC_URL/status" | jq -r .result.node_info.network; }
configured_chain_id() { printf '%s\n' "$CHAIN_ID"; }
block_time_ns() { # latest block time of the current chain in ns since the epoch
  local t
  t=$(curl -sf --max-time 5 "$RPC_URL/status" | jq -r .result.sync_info.latest_block_time) || return 1
  # RFC 3339 with nanoseconds; date keeps them with %N.
  date -d "$t" +%s%N
}
block_past() { (($(block_time_ns) > $1)); } # block_past <ns>: the latest block is later

# ---- relayer ---------------------------------------------------------------------------------------------------------
rly() { "$RLY" "$@" --home "$RLY_HOME"; }

relayer_pid() { # the daemon's pid, if it is still our rly
  [[ -f $RLY_PID_FILE ]] || return 1
  local pid cmdline
  pid=$(<"$RLY_PID_FILE")
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"--home $RLY_HOME"* ]] || return 1
  printf '%s\n' "$pid"
}

start_relayer() {
  relayer_pid >/dev/null && return 0
  echo "---- rly start $(date +%T.%N)" >>"$RLY_LOG"
  # setsid execs rly in place (a background job is no group leader), so $! is the relayer's pid.
  setsid "$RLY" start "$PATH_NAME" --home "$RLY_HOME" </dev/null >>"$RLY_LOG" 2>&1 &
  echo "$!" >"$RLY_PID_FILE"
  # Not a job of this shell any more: no "Killed" report when the mid-flight test SIGKILLs it.
  disown "$!"
}

stop_relayer() { # stop_relayer [signal]: TERM by default; KILL for the mid-flight test
  local sig=${1:-TERM} pid i
  pid=$(relayer_pid) || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  echo "---- rly stopped ($sig) $(date +%T.%N)" >>"$RLY_LOG"
  rm -f "$RLY_PID_FILE"
}

# ---- cleanup ---------------------------------------------------------------------------------------------------------
passed=0
failed=0
failures=()
cleanup() {
  local rc=$? c
  if [[ $KEEP == 1 ]]; then
    log "INFERMESH_BRIDGE_KEEP=1: chains and relayer left running; work directory $work"
    log "stop them with: kill $(cat "$RLY_PID_FILE" 2>/dev/null || echo '<no relayer>'); for c in a b; do \
INFERMESH_LOCALNET_HOME=$work/\$c scripts/localnet.sh down; done"
    return
  fi
  stop_relayer || true
  local down_a down_b
  on_chain a "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 &
  down_a=$!
  on_chain b "$SCRIPTS_DIR/localnet.sh" down >/dev/null 2>&1 &
  down_b=$!
  wait "$down_a" "$down_b" || true
  if ((rc != 0 || failed > 0)); then
    mkdir -p "$REPO_ROOT/target"
    for c in a b; do
      [[ -f $work/$c/node.log ]] && cp "$work/$c/node.log" "$REPO_ROOT/target/bridge-test-$c.log"
    done
    [[ -f $RLY_LOG ]] && cp "$RLY_LOG" "$REPO_ROOT/target/bridge-test-rly.log"
    [[ -f $work/deploy-a.log ]] && cp "$work/deploy-a.log" "$REPO_ROOT/target/bridge-test-deploy.log"
    if [[ -f $work/dapp-prepare.log ]]; then
      cat "$work/dapp-prepare.log" "$work/dapp.tap" >"$REPO_ROOT/target/bridge-test-dapp.log" 2>/dev/null || true
    fi
    log "logs kept in target/bridge-test-*.log"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
if ((!ibc_only)); then
  # A snapshot: a build running meanwhile (build.sh empties artifacts/ first) must not change the codes mid-test.
  mkdir -p "$work/artifacts"
  cp "$ARTIFACTS_DIR"/*.wasm "$work/artifacts/"
  ARTIFACTS_DIR=$work/artifacts
  BRIDGE_WASM=$ARTIFACTS_DIR/${BRIDGE_WASM##*/}
  WRAPPED_WASM=$ARTIFACTS_DIR/${WRAPPED_WASM##*/}
fi

check() { # check <name> <command...>: one test case
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    log "PASS $name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    log "FAIL $name"
  fi
}
expect_eq() { # expect_eq <what> <expected> <actual>
  [[ $2 == "$3" ]] && return 0
  echo "$1: expected '$2', got '$3'" >&2
  return 1
}
wait_until() { # wait_until <seconds> <what> <command...>: polls every 0.2 s
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      echo "timed out after ${limit}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

PHASES=()
phase_done() { # phase_done <name> <start time>
  local s
  s=$(elapsed_since "$2")
  PHASES+=("$1"$'\t'"$s")
  log "phase '$1': $s s"
}
mkdir -p "$(dirname "$GAS_REPORT")"
: >"$GAS_REPORT"
record_gas() { # record_gas <operation> <txjson>
  local gas
  gas=$(gas_used "$2") || return 1
  printf '%s\t%s\n' "$1" "$gas" >>"$GAS_REPORT"
  log "gas $1: $gas (tx $(jq -r .txhash <<<"$2"))"
}

# ---- IBC queries (run inside on_chain) -------------------------------------------------------------------------------
channel_state() { chain_q ibc channel end "$1" "$2" | jq -r '.channel.state'; }
channel_open() { [[ $(channel_state "$1" "$2") == STATE_OPEN ]]; }
# find_channel <port> <counterparty port> -> "<channel> <counterparty channel>" of the newest such open channel
find_channel() {
  chain_q ibc channel channels --limit 1000 | jq -er --arg p "$1" --arg cp "$2" '
    [.channels[] | select(.port_id == $p and .counterparty.port_id == $cp and .state == "STATE_OPEN")]
    | sort_by(.channel_id | ltrimstr("channel-") | tonumber) | last | select(. != null)
    | "\(.channel_id) \(.counterparty.channel_id)"'
}
open_connection() {
  chain_q ibc connection connections | jq -er '[.connections[] | select(.state == "STATE_OPEN") | .id] | .[0]'
}
commitments() { # commitments <port> <channel> -> pending sequences, one per line
  chain_q ibc channel packet-commitments "$1" "$2" --limit 1000 | jq -r '.commitments[]?.sequence'
}
no_commitments() { [[ -z $(commitments "$1" "$2") ]]; }
commitment_gone() { # commitment_gone <port> <channel> <sequence>: acked or timed out on the sending chain
  local pending
  pending=$(commitments "$1" "$2") || return 1
  ! grep -qx "$3" <<<"$pending"
}
# find_tx <event query> -> the first tx matching (e.g. "recv_packet.packet_sequence='3' AND ...")
find_tx() {
  chain_q txs --query "$1" --limit 1 | jq -ec '.txs[0] // empty'
}
packet_tx() { # packet_tx recv|acknowledge|timeout <sequence> <channel as seen in that event (dst for recv)>
  local kind=$1 seq=$2 chan=$3 side=src
  [[ $kind == recv ]] && side=dst
  find_tx "${kind}_packet.packet_sequence='$seq' AND ${kind}_packet.packet_${side}_channel='$chan'"
}
wait_packet_tx() { # like packet_tx, polling: the tx indexer lags the block by a moment
  local i out
  for ((i = 0; i < 50; i++)); do
    if out=$(packet_tx "$@" 2>/dev/null) && [[ -n $out ]]; then
      printf '%s\n' "$out"
      return 0
    fi
    sleep 0.2
  done
  echo "no ${1}_packet tx for sequence $2 on ${3}" >&2
  return 1
}
wasm_actions() { tx_events "$1" wasm action; } # wasm_actions <txjson>
# packet_attr <txjson> <event type> <sequence> <hex attribute> -> that packet's attribute, decoded (packet_data_hex,
# packet_ack_hex): the exact bytes on the wire
packet_attr() {
  local hex
  hex=$(jq -r --arg t "$2" --arg s "$3" --arg k "$4" '.events[] | select(.type == $t)
    | select(any(.attributes[]; .key == "packet_sequence" and .value == $s))
    | .attributes[] | select(.key == $k) | .value' <<<"$1" | head -n1)
  # shellcheck disable=SC2001 # every byte pair needs its own \x prefix
  printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")"
}
SUCCESS_ACK='{"result":"AQ=="}' # ICS-20's success ack, byte for byte as ibc-go writes and requires it

# ---- setup: chains, relayer, link ------------------------------------------------------------------------------------
log "work directory $work"
require_wasmd
t=$(now_s)
on_chain a "$SCRIPTS_DIR/localnet.sh" up &
pid_a=$!
on_chain b "$SCRIPTS_DIR/localnet.sh" up &
pid_b=$!
rc_a=0 rc_b=0
wait "$pid_a" || rc_a=$?
wait "$pid_b" || rc_b=$?
((rc_a == 0 && rc_b == 0)) || die "starting the localnets failed (A: $rc_a, B: $rc_b)"
phase_done "chains up (parallel)" "$t"

test_on_chain_switches() {
  expect_eq "chain A id" "$CHAIN_A" "$(on_chain a configured_chain_id)" &&
    expect_eq "chain B id" "$CHAIN_B" "$(on_chain b configured_chain_id)" &&
    expect_eq "chain A node" "$CHAIN_A" "$(on_chain a node_network)" &&
    expect_eq "chain B node" "$CHAIN_B" "$(on_chain b node_network)"
}
check "on_chain reaches each chain" test_on_chain_switches

ALICE=$(on_chain a addr_of alice)
BOB=$(on_chain a addr_of bob)
RELAYER_ADDR=$(on_chain a addr_of relayer)
[[ $(on_chain b addr_of bob) == "$BOB" ]] || die "bob's address differs between the chains (same mnemonic, same prefix)"

# Phase 2's deployments do not touch the relayer's or alice's accounts, so they run while phase 1 links the chains.
if ((!ibc_only)); then
  t_deploy=$(now_s)
  on_chain a env INFERMESH_HAND_OVER=0 INFERMESH_PIN_CODES=0 INFERMESH_ARTIFACTS_DIR="$ARTIFACTS_DIR" \
    "$SCRIPTS_DIR/deploy.sh" >"$work/deploy-a.json" 2>"$work/deploy-a.log" &
  pid_deploy_a=$!
  store_b() {
    store_code admin "$WRAPPED_WASM" >"$work/wrapped-code-b" && store_code admin "$BRIDGE_WASM" >"$work/bridge-code-b"
  }
  on_chain b store_b 2>"$work/store-b.log" &
  pid_store_b=$!
  # The dApp's browser test at the end needs chromium, the dApp's packages and its bundle: made meanwhile too.
  dapp_prepare_timed() {
    local t0
    t0=$(now_s)
    dapp_prepare && elapsed_since "$t0" >"$work/dapp-prepare.s"
  }
  dapp_prepare_timed >"$work/dapp-prepare.log" 2>&1 &
  pid_dapp=$!
fi

t=$(now_s)
ensure_rly || die "installing rly failed"
phase_done "rly install (cached after the first run)" "$t"

t=$(now_s)
rly config init >/dev/null
write_chain_config() { # write_chain_config a|b <gas price>
  local c=$1 price=$2 id port
  if [[ $c == a ]]; then id=$CHAIN_A port=17657; else id=$CHAIN_B port=18657; fi
  jq -n --arg id "$id" --arg rpc "http://127.0.0.1:$port" --arg price "$price" '{type: "cosmos", value: {
    key: "relayer", "chain-id": $id, "rpc-addr": $rpc, "account-prefix": "wasm", "keyring-backend": "test",
    "gas-adjustment": 1.5, "gas-prices": $price, debug: false, timeout: "20s", "output-format": "json",
    "sign-mode": "direct", "min-loop-duration": 100000000}}' >"$work/$c.json"
  printf '%s\n' "$id"
}
for c in a b; do
  id=$(write_chain_config "$c" 0ustake)
  if ! rly chains add --file "$work/$c.json" "$id" >>"$RLY_LOG" 2>&1; then
    warn "rly refused gas price 0ustake for $id; using 0.025ustake (the relayer account is funded)"
    write_chain_config "$c" 0.025ustake >/dev/null
    rly chains add --file "$work/$c.json" "$id" >>"$RLY_LOG" 2>&1 || die "rly chains add $id failed (log: $RLY_LOG)"
  fi
  addr=$(rly keys restore "$id" relayer "$(account_mnemonic relayer)" 2>>"$RLY_LOG") ||
    die "rly keys restore $id failed"
  [[ $addr == "$RELAYER_ADDR" ]] || die "rly derived $addr for the relayer key on $id, expected $RELAYER_ADDR"
done
rly paths new "$CHAIN_A" "$CHAIN_B" "$PATH_NAME" >>"$RLY_LOG" 2>&1 || die "rly paths new failed"
phase_done "rly config" "$t"

# Phase 1: clients, connection and a channel between the native transfer modules.
t=$(now_s)
rly tx link "$PATH_NAME" --src-port transfer --dst-port transfer --order unordered --version ics20-1 \
  >>"$RLY_LOG" 2>&1 || die "rly tx link failed (log: $RLY_LOG)"
pair=$(on_chain a find_channel transfer transfer) || die "no open transfer channel on A"
read -r T_CH_A T_CH_B <<<"$pair"
# The last handshake tx may still be in flight when link returns.
wait_until 30 "transfer channel open on B" on_chain b channel_open transfer "$T_CH_B" ||
  die "B's end of the transfer channel $T_CH_B is not open"
CONN_A=$(on_chain a open_connection)
CONN_B=$(on_chain b open_connection)
log "linked: $CONN_A/transfer/$T_CH_A (A) <-> $CONN_B/transfer/$T_CH_B (B)"
phase_done "link (clients, connection, transfer channel)" "$t"

t=$(now_s)
start_relayer
test_native_transfer() {
  local voucher before tx seq
  voucher=ibc/$(printf 'transfer/%s/ustake' "$T_CH_B" | sha256sum | cut -d' ' -f1 | tr a-f A-F)
  before=$(on_chain b bank_balance "$BOB" "$voucher") || return 1
  tx=$(on_chain a chain_tx ibc-transfer transfer transfer "$T_CH_A" "$BOB" 1000ustake --from alice) || return 1
  seq=$(tx_events "$tx" send_packet packet_sequence | head -n1)
  wait_until 30 "the ack of transfer $seq" on_chain a commitment_gone transfer "$T_CH_A" "$seq" &&
    expect_eq "bob's $voucher on B" "$((before + 1000))" "$(on_chain b bank_balance "$BOB" "$voucher")"
}
check "native ICS-20 transfer A -> B relayed (ustake voucher on B)" test_native_transfer
phase_done "phase 1 transfer round trip" "$t"

if ((ibc_only)); then
  ((failed == 0)) || log "failed: ${failures[*]}"
  log "total wall time $(elapsed_since "$T_START") s"
  printf '%s\n' "${PHASES[@]}" | column -t -s $'\t' >&2
  echo "bridge: $passed passed, $failed failed"
  ((failed == 0))
  exit
fi

# ---- phase 2: the bridge ---------------------------------------------------------------------------------------------
t=$(now_s)
wait "$pid_deploy_a" || {
  tail -n 40 "$work/deploy-a.log" >&2
  die "deploy.sh on A failed"
}
wait "$pid_store_b" || {
  cat "$work/store-b.log" >&2
  die "storing the bridge codes on B failed"
}
phase_done "deploy suite on A, store codes on B (parallel with phase 1; waited here)" "$t_deploy"
t=$(now_s)
DEPLOYMENT=$work/deployments/$CHAIN_A.json
TOKEN=$(jq -er .contracts.token "$DEPLOYMENT") || die "no token in $DEPLOYMENT"
ADMIN=$(on_chain a addr_of admin)
BRIDGE_A=$(jq -er '.contracts.bridge' "$DEPLOYMENT") || die "deploy.sh recorded no home bridge in $DEPLOYMENT"
log "home bridge deployed by deploy.sh: $BRIDGE_A"
WRAPPED_CODE_B=$(<"$work/wrapped-code-b")
BRIDGE_B=$(on_chain b instantiate admin "$(<"$work/bridge-code-b")" "$(jq -nc --arg o "$ADMIN" --arg t "$TOKEN" \
  --argjson w "$WRAPPED_CODE_B" '{owner: $o, guardian: null, mode: {remote: {home_denom: ("cw20:" + $t),
  wrapped_code_id: $w, wrapped_name: "Wrapped InferMesh", wrapped_symbol: "wMESH", wrapped_decimals: 6}},
  params: null}')" "infermesh-bridge-remote" admin) || die "instantiating the remote bridge on B failed"
PORT_A=$(on_chain a chain_q wasm contract "$BRIDGE_A" | jq -er '.contract_info.ibc_port_id | select(. != "")') ||
  die "the home bridge has no IBC port (built without its IBC entry points?)"
PORT_B=$(on_chain b chain_q wasm contract "$BRIDGE_B" | jq -er '.contract_info.ibc_port_id | select(. != "")') ||
  die "the remote bridge has no IBC port"
log "bridges: A $BRIDGE_A ($PORT_A), B $BRIDGE_B ($PORT_B); token $TOKEN"

# Allowlists first: a bridge refuses a channel handshake from a counterparty it does not know.
RATE_MAX=1000000000000 # 1,000,000 MESH per direction per hour: far above what the scenarios move
allow() { # allow <bridge> <connection> <counterparty port>
  wasm_exec admin "$1" "$(jq -nc --arg c "$2" --arg p "$3" --arg m "$RATE_MAX" \
    '{allow_counterparty: {connection_id: $c, port_id: $p, rate_limit: {max_flow: $m, period_seconds: 3600}}}')" \
    >/dev/null
}
on_chain a allow "$BRIDGE_A" "$CONN_A" "$PORT_B" || die "allowlisting B's bridge on A failed"
on_chain a allow "$BRIDGE_A" "$CONN_A" transfer || die "allowlisting B's transfer module on A failed"
on_chain b allow "$BRIDGE_B" "$CONN_B" "$PORT_A" || die "allowlisting A's bridge on B failed"
phase_done "instantiate and allowlist" "$t"

# The daemon and the handshakes sign with the same relayer keys: stop it while the channels are made.
t=$(now_s)
stop_relayer
rly tx channel "$PATH_NAME" --src-port "$PORT_A" --dst-port "$PORT_B" --order unordered --version ics20-1 \
  >>"$RLY_LOG" 2>&1 || die "rly tx channel bridge <-> bridge failed (log: $RLY_LOG)"
# --override: rly refuses to open a channel on a port that has one already, at either end, unless told to.
rly tx channel "$PATH_NAME" --src-port "$PORT_A" --dst-port transfer --order unordered --version ics20-1 --override \
  >>"$RLY_LOG" 2>&1 || die "rly tx channel bridge <-> transfer failed (log: $RLY_LOG)"
pair=$(on_chain a find_channel "$PORT_A" "$PORT_B") || die "no open bridge channel on A"
read -r CH_A CH_B <<<"$pair"
pair=$(on_chain a find_channel "$PORT_A" transfer) || die "no open bridge-transfer channel on A"
read -r N_CH_A N_CH_B <<<"$pair"
wait_until 30 "bridge channel open on B" on_chain b channel_open "$PORT_B" "$CH_B" || die "$CH_B not open on B"
wait_until 30 "transfer channel open on B" on_chain b channel_open transfer "$N_CH_B" || die "$N_CH_B not open on B"
start_relayer
log "channels: bridge A $CH_A <-> B $CH_B; bridge A $N_CH_A <-> transfer B $N_CH_B"
phase_done "bridge channels (2 handshakes)" "$t"

# ---- helpers for the scenarios ---------------------------------------------------------------------------------------
# bridge_send <token> <bridge> <from> <amount> <channel> <receiver> [timeout seconds]: a cw20 Send with the transfer
# hook, on the current chain (run inside on_chain).
bridge_send() {
  local token=$1 bridge=$2 from=$3 amount=$4 chan=$5 receiver=$6 timeout=${7:-null} hook
  hook=$(jq -nc --arg c "$chan" --arg r "$receiver" --argjson t "$timeout" \
    '{transfer: {channel_id: $c, receiver: $r, timeout_seconds: $t, memo: null}}' | base64 -w0)
  wasm_exec "$from" "$token" "$(jq -nc --arg c "$bridge" --arg a "$amount" --arg m "$hook" \
    '{send: {contract: $c, amount: $a, msg: $m}}')"
}
send_seq() { tx_events "$1" send_packet packet_sequence | head -n1; }
bridge_channel() { query_smart "$1" "{\"channel\":{\"channel_id\":\"$2\"}}"; } # <bridge> <channel>
outstanding() { bridge_channel "$1" "$2" | jq -r .outstanding; }
in_flight() { query_smart "$1" "{\"in_flight\":{\"channel_id\":\"$2\",\"sequence\":$3}}"; }
token_supply() { query_smart "$1" '{"token_info":{}}' | jq -r .total_supply; }
has_action() { # has_action <txjson> <action>
  grep -qx "$2" <<<"$(wasm_actions "$1")" || {
    echo "tx $(jq -r .txhash <<<"$1") has no wasm action '$2' (actions: $(wasm_actions "$1" | tr '\n' ' '))" >&2
    return 1
  }
}
wait_acked() { # wait_acked a|b <port> <channel> <sequence>: the packet's round trip is over on the sending chain
  wait_until "${ACK_WAIT:-45}" "the ack or timeout of $3 #$4 on $1" on_chain "$1" commitment_gone "$2" "$3" "$4"
}

X=5000000 # 5 MESH
Y=2000000
WRAPPED=""

# 1. A -> B: MESH escrowed on A, wrapped MESH minted to bob on B.
test_a_to_b() {
  local liq_before esc_before tx seq ch_b recv ack
  liq_before=$(on_chain a cw20_balance "$TOKEN" liquidity) || return 1
  esc_before=$(on_chain a cw20_balance "$TOKEN" "$BRIDGE_A") || return 1
  tx=$(on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$X" "$CH_A" "$BOB") || return 1
  record_gas "A: home send (cw20 Send -> bridge, SendPacket)" "$tx"
  has_action "$tx" bridge_send && has_action "$tx" bridge_packet_sent || return 1
  seq=$(send_seq "$tx")
  expect_eq "packet data" "$(jq -nc --arg d "cw20:$TOKEN" --arg a "$X" --arg s "$(on_chain a addr_of liquidity)" \
    --arg r "$BOB" '{denom: $d, amount: $a, sender: $s, receiver: $r}')" \
    "$(packet_attr "$tx" send_packet "$seq" packet_data_hex)" || return 1
  wait_acked a "$PORT_A" "$CH_A" "$seq" || return 1
  recv=$(on_chain b wait_packet_tx recv "$seq" "$CH_B") || return 1
  record_gas "B: relayer recv tx (MsgUpdateClient + MsgRecvPacket, first receive: instantiates wrapped)" "$recv"
  ack=$(on_chain a wait_packet_tx acknowledge "$seq" "$CH_A") || return 1
  record_gas "A: relayer ack tx (MsgUpdateClient + MsgAcknowledgement, success)" "$ack"
  has_action "$recv" bridge_receive && has_action "$ack" bridge_ack &&
    expect_eq "B's ack" "$SUCCESS_ACK" "$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)" || return 1
  ch_b=$(on_chain b bridge_channel "$BRIDGE_B" "$CH_B") || return 1
  WRAPPED=$(jq -r '.wrapped // empty' <<<"$ch_b")
  [[ $WRAPPED == wasm1* ]] || {
    echo "B's channel $CH_B has no wrapped token: $ch_b" >&2
    return 1
  }
  expect_eq "bob's wrapped balance on B" "$X" "$(on_chain b cw20_balance "$WRAPPED" "$BOB")" &&
    expect_eq "A outstanding" "$X" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "B outstanding" "$X" "$(jq -r .outstanding <<<"$ch_b")" &&
    expect_eq "wrapped supply" "$X" "$(on_chain b token_supply "$WRAPPED")" &&
    expect_eq "A bridge escrow" "$((esc_before + X))" "$(on_chain a cw20_balance "$TOKEN" "$BRIDGE_A")" &&
    expect_eq "liquidity on A" "$((liq_before - X))" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "A in_flight for #$seq" null "$(on_chain a in_flight "$BRIDGE_A" "$CH_A" "$seq")"
}

# 2. B -> A: wrapped burnt on B, MESH released from escrow to alice on A.
test_b_to_a() {
  [[ -n $WRAPPED ]] || return 1
  local supply_before alice_before tx seq recv
  supply_before=$(on_chain b token_supply "$WRAPPED") || return 1
  alice_before=$(on_chain a cw20_balance "$TOKEN" "$ALICE") || return 1
  tx=$(on_chain b bridge_send "$WRAPPED" "$BRIDGE_B" bob "$Y" "$CH_B" "$ALICE") || return 1
  record_gas "B: remote send (wrapped cw20 Send -> bridge, SendPacket)" "$tx"
  seq=$(send_seq "$tx")
  wait_acked b "$PORT_B" "$CH_B" "$seq" || return 1
  recv=$(on_chain a wait_packet_tx recv "$seq" "$CH_A") || return 1
  record_gas "A: relayer recv tx (MsgUpdateClient + MsgRecvPacket, unescrow)" "$recv"
  has_action "$recv" bridge_receive &&
    expect_eq "A's ack" "$SUCCESS_ACK" "$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)" &&
    expect_eq "wrapped supply on B" "$((supply_before - Y))" "$(on_chain b token_supply "$WRAPPED")" &&
    expect_eq "alice's MESH on A" "$((alice_before + Y))" "$(on_chain a cw20_balance "$TOKEN" "$ALICE")" &&
    expect_eq "bob's wrapped on B" "$((X - Y))" "$(on_chain b cw20_balance "$WRAPPED" "$BOB")" &&
    expect_eq "A outstanding" "$((X - Y))" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "B outstanding" "$((X - Y))" "$(on_chain b outstanding "$BRIDGE_B" "$CH_B")"
}

# 3. Timeout: no relayer while the packet's timeout passes; the flush delivers MsgTimeout and the sender is refunded.
test_timeout() {
  [[ -n $WRAPPED ]] || return 1
  local z=1000000 liq_before out_before supply_before tx="" seq timeout_ns t refund
  stop_relayer
  liq_before=$(on_chain a cw20_balance "$TOKEN" liquidity) || return 1
  out_before=$(on_chain a outstanding "$BRIDGE_A" "$CH_A") || return 1
  supply_before=$(on_chain b token_supply "$WRAPPED") || return 1
  for t in 5 10 30 60; do
    tx=$(on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$z" "$CH_A" "$BOB" "$t") && break
    warn "a ${t} s timeout was refused; trying a longer one"
    tx=""
  done
  [[ -n $tx ]] || return 1
  seq=$(send_seq "$tx")
  timeout_ns=$(tx_events "$tx" send_packet packet_timeout_timestamp | head -n1)
  log "timeout test: packet #$seq with a ${t} s timeout; waiting for B's clock to pass it"
  expect_eq "liquidity debited while in flight" "$((liq_before - z))" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "in_flight #$seq" "$z" "$(on_chain a in_flight "$BRIDGE_A" "$CH_A" "$seq" | jq -r '.amount // empty')" ||
    return 1
  # B must have committed a block whose time is past the timeout.
  wait_until $((t + 30)) "B's block time past the timeout" on_chain b block_past "$timeout_ns" || return 1
  rly tx flush "$PATH_NAME" "$CH_A" >>"$RLY_LOG" 2>&1 || {
    echo "rly tx flush failed" >&2
    return 1
  }
  wait_acked a "$PORT_A" "$CH_A" "$seq" || return 1
  refund=$(on_chain a wait_packet_tx timeout "$seq" "$CH_A") || return 1
  record_gas "A: relayer timeout tx (MsgUpdateClient + MsgTimeout, refund)" "$refund"
  has_action "$refund" bridge_refund &&
    expect_eq "refund reason" timeout "$(tx_events "$refund" wasm reason | head -n1)" &&
    expect_eq "liquidity refunded once" "$liq_before" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "A outstanding" "$out_before" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "A in_flight #$seq" null "$(on_chain a in_flight "$BRIDGE_A" "$CH_A" "$seq")" &&
    expect_eq "wrapped supply on B" "$supply_before" "$(on_chain b token_supply "$WRAPPED")" || return 1
  # Nothing more once the daemon is back (its start-up flush must not refund or deliver the packet again).
  start_relayer
  sleep 3
  expect_eq "liquidity after the daemon's flush" "$liq_before" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "wrapped supply after the daemon's flush" "$supply_before" "$(on_chain b token_supply "$WRAPPED")"
}

# 4. Invalid receiver: B acks an error, A refunds. (Short on purpose: rly skips ICS-20 packets whose receiver is
# longer than 150 bytes, max-receiver-size.)
test_invalid_receiver() {
  [[ -n $WRAPPED ]] || return 1
  local w=700000 liq_before out_before out_b_before supply_before tx seq recv ack
  start_relayer
  liq_before=$(on_chain a cw20_balance "$TOKEN" liquidity) || return 1
  out_before=$(on_chain a outstanding "$BRIDGE_A" "$CH_A") || return 1
  out_b_before=$(on_chain b outstanding "$BRIDGE_B" "$CH_B") || return 1
  supply_before=$(on_chain b token_supply "$WRAPPED") || return 1
  tx=$(on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$w" "$CH_A" not-an-address) || return 1
  seq=$(send_seq "$tx")
  wait_acked a "$PORT_A" "$CH_A" "$seq" || return 1
  recv=$(on_chain b wait_packet_tx recv "$seq" "$CH_B") || return 1
  record_gas "B: relayer recv tx (error ack: invalid receiver)" "$recv"
  ack=$(on_chain a wait_packet_tx acknowledge "$seq" "$CH_A") || return 1
  record_gas "A: relayer ack tx (MsgUpdateClient + MsgAcknowledgement, refund on error ack)" "$ack"
  local ack_bytes
  ack_bytes=$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)
  log "B's error ack: $ack_bytes"
  jq -e 'keys == ["error"] and (.error | type == "string")' <<<"$ack_bytes" >/dev/null || {
    echo "B's ack is no ICS-20 error ack: $ack_bytes" >&2
    return 1
  }
  has_action "$recv" bridge_receive_refused &&
    has_action "$ack" bridge_refund &&
    expect_eq "refund reason" error_ack "$(tx_events "$ack" wasm reason | head -n1)" &&
    expect_eq "liquidity refunded once" "$liq_before" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "A outstanding" "$out_before" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "B outstanding" "$out_b_before" "$(on_chain b outstanding "$BRIDGE_B" "$CH_B")" &&
    expect_eq "wrapped supply on B" "$supply_before" "$(on_chain b token_supply "$WRAPPED")"
}

# 5. The relayer is SIGKILLed with packets in flight both ways, more are sent, it restarts: every packet arrives once.
test_relayer_killed() {
  [[ -n $WRAPPED ]] || return 1
  local liq0 alice0 bob0 supply0 outa0 outb0 ab=0 ba=0 i amt tx first="" recv
  start_relayer
  liq0=$(on_chain a cw20_balance "$TOKEN" liquidity) || return 1
  alice0=$(on_chain a cw20_balance "$TOKEN" "$ALICE") || return 1
  bob0=$(on_chain b cw20_balance "$WRAPPED" "$BOB") || return 1
  supply0=$(on_chain b token_supply "$WRAPPED") || return 1
  outa0=$(on_chain a outstanding "$BRIDGE_A" "$CH_A") || return 1
  outb0=$(on_chain b outstanding "$BRIDGE_B" "$CH_B") || return 1
  for i in 1 2 3; do
    amt=$((100000 + i))
    tx=$(on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$amt" "$CH_A" "$BOB") || return 1
    ((i == 1)) && first=$(send_seq "$tx")
    ab=$((ab + amt))
    amt=$((10000 + i))
    on_chain b bridge_send "$WRAPPED" "$BRIDGE_B" bob "$amt" "$CH_B" "$ALICE" >/dev/null || return 1
    ba=$((ba + amt))
  done
  stop_relayer KILL
  log "relayer killed; A->B pending: $(on_chain a commitments "$PORT_A" "$CH_A" | tr '\n' ' ')\
B->A pending: $(on_chain b commitments "$PORT_B" "$CH_B" | tr '\n' ' ')"
  for i in 4 5; do
    amt=$((100000 + i))
    on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$amt" "$CH_A" "$BOB" >/dev/null || return 1
    ab=$((ab + amt))
    amt=$((10000 + i))
    on_chain b bridge_send "$WRAPPED" "$BRIDGE_B" bob "$amt" "$CH_B" "$ALICE" >/dev/null || return 1
    ba=$((ba + amt))
  done
  start_relayer
  wait_until 60 "A's commitments on $CH_A to clear" on_chain a no_commitments "$PORT_A" "$CH_A" &&
    wait_until 60 "B's commitments on $CH_B to clear" on_chain b no_commitments "$PORT_B" "$CH_B" || return 1
  # The receive of a packet once the channel's wrapped token exists (the relayer may batch several in one tx).
  recv=$(on_chain b wait_packet_tx recv "$first" "$CH_B") || return 1
  record_gas "B: relayer recv tx (mint, wrapped token exists; $(jq '[.tx.body.messages[] |
    select(."@type" == "/ibc.core.channel.v1.MsgRecvPacket")] | length' <<<"$recv") MsgRecvPacket)" "$recv"
  expect_eq "liquidity on A" "$((liq0 - ab))" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "alice on A" "$((alice0 + ba))" "$(on_chain a cw20_balance "$TOKEN" "$ALICE")" &&
    expect_eq "bob's wrapped on B" "$((bob0 + ab - ba))" "$(on_chain b cw20_balance "$WRAPPED" "$BOB")" &&
    expect_eq "wrapped supply on B" "$((supply0 + ab - ba))" "$(on_chain b token_supply "$WRAPPED")" &&
    expect_eq "A outstanding" "$((outa0 + ab - ba))" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "B outstanding" "$((outb0 + ab - ba))" "$(on_chain b outstanding "$BRIDGE_B" "$CH_B")" &&
    expect_eq "A in_flight" 0 "$(on_chain a bridge_channel "$BRIDGE_A" "$CH_A" | jq -r .in_flight)" &&
    expect_eq "B in_flight" 0 "$(on_chain b bridge_channel "$BRIDGE_B" "$CH_B" | jq -r .in_flight)"
}

# 6. The home bridge against B's native transfer module: ibc-go must accept the bridge's packet and, coming back, its
# ack (ibc-go re-marshals the ack and requires the very bytes).
test_native_counterparty() {
  local v=3000000 v2=1200000 voucher liq0 alice0 tx seq recv
  start_relayer
  voucher=ibc/$(printf 'transfer/%s/cw20:%s' "$N_CH_B" "$TOKEN" | sha256sum | cut -d' ' -f1 | tr a-f A-F)
  liq0=$(on_chain a cw20_balance "$TOKEN" liquidity) || return 1
  alice0=$(on_chain a cw20_balance "$TOKEN" "$ALICE") || return 1
  tx=$(on_chain a bridge_send "$TOKEN" "$BRIDGE_A" liquidity "$v" "$N_CH_A" "$BOB") || return 1
  seq=$(send_seq "$tx")
  wait_acked a "$PORT_A" "$N_CH_A" "$seq" || return 1
  recv=$(on_chain b wait_packet_tx recv "$seq" "$N_CH_B") || return 1
  expect_eq "ibc-go's ack on B" "$SUCCESS_ACK" "$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)" ||
    return 1
  if ! expect_eq "bob's $voucher on B" "$v" "$(on_chain b bank_balance "$BOB" "$voucher")"; then
    echo "bob's balances on B: $(on_chain b chain_q bank balances "$BOB" | jq -c .balances)" >&2
    return 1
  fi
  expect_eq "liquidity on A (success ack, no refund)" "$((liq0 - v))" "$(on_chain a cw20_balance "$TOKEN" liquidity)" &&
    expect_eq "A outstanding on $N_CH_A" "$v" "$(on_chain a outstanding "$BRIDGE_A" "$N_CH_A")" || return 1
  tx=$(on_chain b chain_tx ibc-transfer transfer transfer "$N_CH_B" "$ALICE" "$v2$voucher" --from bob) || return 1
  seq=$(send_seq "$tx")
  # B's transfer module deletes the commitment only if it accepted A's ack bytes.
  wait_acked b transfer "$N_CH_B" "$seq" || return 1
  recv=$(on_chain a wait_packet_tx recv "$seq" "$N_CH_A") || return 1
  record_gas "A: relayer recv tx (from B's transfer module, unescrow)" "$recv"
  expect_eq "the bridge's ack on A" "$SUCCESS_ACK" \
    "$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)" &&
    expect_eq "alice's MESH on A" "$((alice0 + v2))" "$(on_chain a cw20_balance "$TOKEN" "$ALICE")" &&
    expect_eq "bob's voucher on B (success ack, no refund)" "$((v - v2))" \
      "$(on_chain b bank_balance "$BOB" "$voucher")" &&
    expect_eq "A outstanding on $N_CH_A" "$((v - v2))" "$(on_chain a outstanding "$BRIDGE_A" "$N_CH_A")"
}

t=$(now_s)
check "1 A -> B: escrow on A, wrapped minted on B" test_a_to_b
check "2 B -> A: wrapped burnt on B, released on A" test_b_to_a
check "3 timeout: refunded exactly once" test_timeout
check "4 invalid receiver: error ack, refunded exactly once" test_invalid_receiver
check "5 relayer SIGKILLed mid-flight: nothing lost or doubled" test_relayer_killed
check "6 home bridge <-> native transfer module of B" test_native_counterparty
phase_done "scenarios" "$t"

# 7. The dApp served for A's deployment (clients/dapp/test/bridge.test.mjs in headless chromium): the `rewards` key,
# which nothing else here uses, funded with MESH, connects the injected Keplr, sees the bridge's channels, sends 2.5
# MESH over the bridge channel to its own address on B (a Keplr-signed cw20 Send), sees the progress while Keplr asks
# and the packet in plain words, and once the running relayer has delivered it, nothing in flight. Each browser test
# is one test case; then both chains are checked against what the page sent.
DAPP_USER=rewards
DAPP_AMOUNT_TEXT=2.5
DAPP_AMOUNT=2500000 # base units of DAPP_AMOUNT_TEXT
DAPP_RESULT=$work/dapp-bridge.json
run_dapp_bridge() { # inside on_chain a: the browser test against A's node
  INFERMESH_DAPP_DEPLOYMENT=$DEPLOYMENT INFERMESH_DAPP_RPC=$RPC_URL INFERMESH_DAPP_REST=$API_URL \
    INFERMESH_DAPP_USER=$DAPP_USER INFERMESH_DAPP_SCREENSHOTS=$DAPP_SCREENSHOTS INFERMESH_CHROMIUM=$CHROMIUM \
    INFERMESH_DAPP_BRIDGE_CHANNEL=$CH_A INFERMESH_DAPP_BRIDGE_RECEIVER=$DAPP_RECEIVER \
    INFERMESH_DAPP_BRIDGE_AMOUNT=$DAPP_AMOUNT_TEXT INFERMESH_DAPP_BRIDGE_RESULT=$DAPP_RESULT \
    node --test --test-reporter=tap "$DAPP_DIR/test/bridge.test.mjs"
}
# The transfer the page recorded, checked on both chains: its tx on A, the packet's receipt on B, and every balance
# moved by exactly the amount.
test_dapp_bridge_send() {
  local r hash seq tx recv
  [[ -s $DAPP_RESULT ]] || {
    echo "the browser test recorded no transfer (it failed or was skipped)" >&2
    return 1
  }
  r=$(<"$DAPP_RESULT")
  hash=$(jq -r .tx <<<"$r")
  seq=$(jq -r .sequence <<<"$r")
  expect_eq "the page's channel" "$CH_A" "$(jq -r .channel <<<"$r")" &&
    expect_eq "the page's sender" "$DAPP_SENDER" "$(jq -r .sender <<<"$r")" &&
    expect_eq "the page's receiver" "$DAPP_RECEIVER" "$(jq -r .receiver <<<"$r")" &&
    expect_eq "the page's amount" "$DAPP_AMOUNT" "$(jq -r .amount <<<"$r")" || return 1
  tx=$(on_chain a chain_q tx "$hash") || return 1
  log "dApp send: tx $hash on A, packet #$seq on $CH_A, gas $(gas_used "$tx")"
  has_action "$tx" bridge_send && has_action "$tx" bridge_packet_sent &&
    expect_eq "the tx's signer" "$DAPP_SENDER" "$(jq -r '.tx.body.messages[0].sender' <<<"$tx")" &&
    expect_eq "the tx's packet" "$seq" "$(send_seq "$tx")" || return 1
  wait_acked a "$PORT_A" "$CH_A" "$seq" || return 1
  recv=$(on_chain b wait_packet_tx recv "$seq" "$CH_B") || return 1
  has_action "$recv" bridge_receive &&
    expect_eq "B's ack" "$SUCCESS_ACK" "$(packet_attr "$recv" write_acknowledgement "$seq" packet_ack_hex)" &&
    expect_eq "the receiver's wrapped MESH on B" "$((dapp_rcv0 + DAPP_AMOUNT))" \
      "$(on_chain b cw20_balance "$WRAPPED" "$DAPP_RECEIVER")" &&
    expect_eq "the sender's MESH on A" "$((dapp_snd0 - DAPP_AMOUNT))" "$(on_chain a cw20_balance "$TOKEN" "$DAPP_SENDER")" &&
    expect_eq "A bridge escrow" "$((dapp_esc0 + DAPP_AMOUNT))" "$(on_chain a cw20_balance "$TOKEN" "$BRIDGE_A")" &&
    expect_eq "A outstanding" "$((dapp_outa0 + DAPP_AMOUNT))" "$(on_chain a outstanding "$BRIDGE_A" "$CH_A")" &&
    expect_eq "B outstanding" "$((dapp_outb0 + DAPP_AMOUNT))" "$(on_chain b outstanding "$BRIDGE_B" "$CH_B")" &&
    expect_eq "wrapped supply on B" "$((dapp_supply0 + DAPP_AMOUNT))" "$(on_chain b token_supply "$WRAPPED")"
}
t=$(now_s)
if ! wait "$pid_dapp"; then
  tail -n 30 "$work/dapp-prepare.log" >&2
  check "dapp: chromium, packages and build" false
elif [[ -z $WRAPPED ]]; then
  check "7 dApp send A -> B (needs test 1's wrapped token on B)" false
else
  log "dApp packages and build: $(<"$work/dapp-prepare.s") s (in parallel with phase 1)"
  DAPP_SENDER=$(on_chain a addr_of "$DAPP_USER")
  DAPP_RECEIVER=$(on_chain b addr_of "$DAPP_USER") # the person's own address on B
  mkdir -p "$DAPP_SCREENSHOTS"
  rm -f "$DAPP_SCREENSHOTS"/*-bridge-*.png
  start_relayer
  # A funded user: 10 MESH from the liquidity holder, before the balances are read.
  on_chain a wasm_exec liquidity "$TOKEN" "$(jq -nc --arg r "$DAPP_SENDER" '{transfer: {recipient: $r, amount: "10000000"}}')" \
    >/dev/null || die "funding $DAPP_USER on A failed"
  dapp_snd0=$(on_chain a cw20_balance "$TOKEN" "$DAPP_SENDER")
  dapp_esc0=$(on_chain a cw20_balance "$TOKEN" "$BRIDGE_A")
  dapp_outa0=$(on_chain a outstanding "$BRIDGE_A" "$CH_A")
  dapp_rcv0=$(on_chain b cw20_balance "$WRAPPED" "$DAPP_RECEIVER")
  dapp_outb0=$(on_chain b outstanding "$BRIDGE_B" "$CH_B")
  dapp_supply0=$(on_chain b token_supply "$WRAPPED")
  on_chain a run_dapp_bridge >"$work/dapp.tap" 2>&1 || true
  grep '^# \[dapp-bridge' "$work/dapp.tap" | sed 's/^# //' >&2 || true
  dapp_checks "$work/dapp.tap"
  check "7 dApp send A -> B: the page's transfer relayed, exact on both chains" test_dapp_bridge_send
  log "screenshots in ${DAPP_SCREENSHOTS#"$REPO_ROOT"/}: $(cd "$DAPP_SCREENSHOTS" && echo *-bridge-*.png)"
fi
phase_done "dApp: bridge send in the browser" "$t"

log "gas report: $GAS_REPORT"
column -t -s $'\t' "$GAS_REPORT" >&2 || cat "$GAS_REPORT" >&2
log "total wall time $(elapsed_since "$T_START") s; phases:"
printf '%s\n' "${PHASES[@]}" | column -t -s $'\t' >&2
((failed == 0)) || log "failed: ${failures[*]}"
echo "bridge: $passed passed, $failed failed"
((failed == 0))
