#!/usr/bin/env bash
# wasmd localnet for InferMesh: one validator, or four (or any number) on 127.0.0.1 (chain id, ports and home from
# lib/common.sh).
#
# usage: scripts/localnet.sh up|down|status|reset|logs [-f]|kill <i>|start <i>
#   up      initialise on first run, otherwise restart with the existing state; no-op if already running;
#           returns once blocks are being produced
#   down    stop every node (state is kept) and the dApp server serving it
#   status  print height, pids and endpoints; exit code 3 when node 0 is not running
#   reset   stop the nodes and delete their state, keys and config (the next `up` starts a new chain)
#   logs    print the end of node 0's log (`logs -f` follows it)
#   kill i  SIGKILL validator node i (a crash: no flush, no goodbye to its peers); the others keep running
#   start i restart validator node i with its state; returns once it serves RPC again (it catches up by itself)
# env: INFERMESH_VALIDATORS (default 1): the number of validators of a new chain. Node 0 is the one every script
#      talks to (the ports below, keys in INFERMESH_LOCALNET_HOME); node i > 0 lives in $INFERMESH_LOCALNET_HOME/node<i>
#      and listens on each port + 10·i. Node 0 bonds 40 % of the stake when there are four (the rest split evenly), so
#      its yes alone meets gov's 33.4 % quorum, one node down leaves ≥ 2/3 online and two down halt the chain.
#      An existing home keeps the count it was created with.
#      INFERMESH_LOCALNET_HOME, INFERMESH_{RPC,P2P,GRPC,API,PPROF}_PORT, INFERMESH_CHAIN_ID,
#      INFERMESH_TIMEOUT_COMMIT (default 500ms), INFERMESH_TIMEOUT_PROPOSE (default 1s),
#      INFERMESH_GOV_VOTING_PERIOD (default 6s), INFERMESH_GOV_EXPEDITED_VOTING_PERIOD (default 2s): written into a new
#      chain's genesis so a governance proposal (deploy.sh pins the suite's codes with one) passes in seconds; an
#      existing home keeps the periods it was created with
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

# Written last by init, so a half-finished init (Ctrl-C, a crash) is redone instead of started.
INIT_MARKER=$LOCALNET_HOME/.initialized
ADDRESSES_FILE=$LOCALNET_HOME/addresses.json
# The number of validators the chain in this home was created with (absent: one, as before the file existed).
VALIDATORS_FILE=$LOCALNET_HOME/validators
TIMEOUT_COMMIT=${INFERMESH_TIMEOUT_COMMIT:-500ms}
TIMEOUT_PROPOSE=${INFERMESH_TIMEOUT_PROPOSE:-1s}
# Generous balances: tests pay no fees (0 gas price) but send, stake and attach funds to contract calls.
ACCOUNT_BALANCE=1000000000000000 # 1e15 ustake = 1e9 STAKE per account
VALIDATOR_BOND=100000000000      # 1e11 ustake: node 0
OTHER_VALIDATORS_BOND=150000000000 # 1.5e11 ustake split evenly among nodes 1..n-1: node 0 keeps 40 %
START_TIMEOUT=${INFERMESH_START_TIMEOUT:-90}
# Governance in seconds, as a localnet needs it: deploy.sh passes a MsgPinCodes proposal, deposited and voted yes by
# the validator (all the bonded stake, or 40 % of it with more nodes: above gov's 33.4 % quorum, and the only vote
# cast) in the submitting tx, so it passes when its (expedited) period ends. The expedited period must stay below the
# regular one and the expedited deposit above the regular one (gov's own checks).
GOV_VOTING_PERIOD=${INFERMESH_GOV_VOTING_PERIOD:-6s}
GOV_EXPEDITED_VOTING_PERIOD=${INFERMESH_GOV_EXPEDITED_VOTING_PERIOD:-2s}
GOV_MIN_DEPOSIT=1000000           # 1 STAKE
GOV_EXPEDITED_MIN_DEPOSIT=2000000 # 2 STAKE

KR=(--keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME")

# --- nodes -----------------------------------------------------------------------------------------------------------
# Node 0 is the chain every script talks to; node i > 0 has its own home below node 0's and each port + 10·i.
node_home() { if (($1 == 0)); then printf '%s\n' "$LOCALNET_HOME"; else printf '%s\n' "$LOCALNET_HOME/node$1"; fi; }
node_port() { printf '%s\n' $(($2 + 10 * $1)); } # node_port <i> <node 0's port>
pid_file() { printf '%s/node.pid\n' "$(node_home "$1")"; }
log_file() { printf '%s/node.log\n' "$(node_home "$1")"; }
node_rpc_url() { printf 'http://%s:%s\n' "$LISTEN_HOST" "$(node_port "$1" "$RPC_PORT")"; }

validator_count() {
  if [[ -f $VALIDATORS_FILE ]]; then cat "$VALIDATORS_FILE"; else echo 1; fi
}

node_pid() { # node_pid [i]
  # Prints the pid only if it is still our wasmd (pids get reused after a reboot or a crash).
  local i=${1:-0} file pid cmdline
  file=$(pid_file "$i")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Read into a variable: `tr | grep -q` fails at random under pipefail when grep exits before tr has written all.
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"start --home $(node_home "$i") "* ]] || return 1
  printf '%s\n' "$pid"
}

rpc_height() { # rpc_height [i]
  curl -sf --max-time 2 "$(node_rpc_url "${1:-0}")/status" | jq -r '.result.sync_info.latest_block_height // empty' \
    2>/dev/null
}

port_in_use() {
  # bash's /dev/tcp connects; success means something already listens there.
  (exec 3<>"/dev/tcp/$LISTEN_HOST/$1") 2>/dev/null
}

toml_set() { # file key value: replace the first `key = ...` line; the keys used here are unique in their files
  local file=$1 key=$2 value=$3
  grep -qE "^${key} = " "$file" || die "$key not found in $file"
  sed -i -E "0,/^${key} = .*/s||${key} = ${value}|" "$file"
}

init_chain() {
  local count=${INFERMESH_VALIDATORS:-1}
  [[ $count =~ ^[1-9]$ ]] || die "INFERMESH_VALIDATORS must be 1 to 9, not '$count'"
  log "initialising $CHAIN_ID in $LOCALNET_HOME ($count validator$( ((count > 1)) && echo s))"
  wipe_state
  mkdir -p "$LOCALNET_HOME"
  local i home
  for ((i = 0; i < count; i++)); do
    home=$(node_home "$i")
    mkdir -p "$home"
    "$WASMD" init "infermesh-node$i" --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$home" \
      >/dev/null 2>&1 || die "wasmd init of node $i failed"
  done

  local name addrs='{}' addr
  while IFS= read -r name; do
    addr=$(account_mnemonic "$name" |
      "$WASMD" keys add "$name" --recover "${KR[@]}" --output json 2>/dev/null | jq -er .address) ||
      die "recovering key '$name' failed"
    addrs=$(jq --arg n "$name" --arg a "$addr" '. + {($n): $a}' <<<"$addrs")
  done < <(account_names)
  # The other validators' operator keys are new for each chain (nothing signs with them after genesis) and live in
  # node 0's keyring with the rest, so `wasmd keys list` shows the whole localnet.
  for ((i = 1; i < count; i++)); do
    addr=$("$WASMD" keys add "validator$i" "${KR[@]}" --output json 2>/dev/null | jq -er .address) ||
      die "creating key 'validator$i' failed"
    addrs=$(jq --arg n "validator$i" --arg a "$addr" '. + {($n): $a}' <<<"$addrs")
  done
  # chain.sh's addr_of reads this instead of starting wasmd for each lookup.
  jq . <<<"$addrs" >"$ADDRESSES_FILE"

  jq --arg d "$DENOM" --arg amt "$ACCOUNT_BALANCE" \
    '[to_entries[] | {address: .value, coins: [{denom: $d, amount: $amt}]}]' \
    "$ADDRESSES_FILE" >"$LOCALNET_HOME/genesis-accounts.json"
  "$WASMD" genesis bulk-add-genesis-account "$LOCALNET_HOME/genesis-accounts.json" --home "$LOCALNET_HOME" \
    >/dev/null 2>&1 || die "adding genesis accounts failed"
  rm -f "$LOCALNET_HOME/genesis-accounts.json"

  "$WASMD" genesis gentx validator "$VALIDATOR_BOND$DENOM" --chain-id "$CHAIN_ID" "${KR[@]}" \
    >/dev/null 2>&1 || die "gentx failed"
  local genesis=$LOCALNET_HOME/config/genesis.json
  for ((i = 1; i < count; i++)); do
    # gentx checks the bond against the balance in the genesis of the home it signs for: node i's (a copy of node
    # 0's, with every account), with node i's consensus key; the key itself comes from node 0's keyring.
    home=$(node_home "$i")
    cp "$genesis" "$home/config/genesis.json"
    "$WASMD" genesis gentx "validator$i" "$((OTHER_VALIDATORS_BOND / (count - 1)))$DENOM" --chain-id "$CHAIN_ID" \
      --home "$home" --keyring-dir "$LOCALNET_HOME" --keyring-backend "$KEYRING_BACKEND" --ip "$LISTEN_HOST" \
      --output-document "$LOCALNET_HOME/config/gentx/gentx-node$i.json" >/dev/null 2>&1 ||
      die "gentx of node $i failed"
  done
  "$WASMD" genesis collect-gentxs --home "$LOCALNET_HOME" >/dev/null 2>&1 || die "collect-gentxs failed"
  jq --arg vp "$GOV_VOTING_PERIOD" --arg evp "$GOV_EXPEDITED_VOTING_PERIOD" --arg d "$DENOM" \
    --arg md "$GOV_MIN_DEPOSIT" --arg emd "$GOV_EXPEDITED_MIN_DEPOSIT" \
    '.app_state.gov.params |= (.voting_period = $vp | .expedited_voting_period = $evp
      | .min_deposit = [{denom: $d, amount: $md}] | .expedited_min_deposit = [{denom: $d, amount: $emd}])' \
    "$genesis" >"$genesis.tmp" || die "editing the gov params in $genesis failed"
  mv -f "$genesis.tmp" "$genesis"
  "$WASMD" genesis validate --home "$LOCALNET_HOME" >/dev/null || die "genesis does not validate"

  local peers=() id
  for ((i = 0; i < count; i++)); do
    home=$(node_home "$i")
    ((i == 0)) || cp "$genesis" "$home/config/genesis.json"
    id=$("$WASMD" comet show-node-id --home "$home") || die "reading node $i's id failed"
    peers+=("$id@$LISTEN_HOST:$(node_port "$i" "$P2P_PORT")")
  done
  for ((i = 0; i < count; i++)); do
    configure_node "$i" "$count" "${peers[@]}"
  done
  # So a developer can type `wasmd --home .localnet q ...` / `tx ...` without repeating flags.
  "$WASMD" config set client chain-id "$CHAIN_ID" --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set client keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set client node "$NODE_RPC" --home "$LOCALNET_HOME" >/dev/null

  echo "$count" >"$VALIDATORS_FILE"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$INIT_MARKER"
}

configure_node() { # configure_node <i> <count> <peer id@host:port...>
  local i=$1 count=$2
  shift 2
  local home cfg app rpc p2p pprof api grpc peers=() peer
  home=$(node_home "$i")
  cfg=$home/config/config.toml app=$home/config/app.toml
  rpc=$(node_port "$i" "$RPC_PORT") p2p=$(node_port "$i" "$P2P_PORT") pprof=$(node_port "$i" "$PPROF_PORT")
  api=$(node_port "$i" "$API_PORT") grpc=$(node_port "$i" "$GRPC_PORT")
  toml_set "$cfg" timeout_commit "\"$TIMEOUT_COMMIT\""
  toml_set "$cfg" timeout_propose "\"$TIMEOUT_PROPOSE\""
  # Browser dApps (CosmJS, Keplr) talk to RPC directly.
  toml_set "$cfg" cors_allowed_origins '["*"]'
  # The peers are fixed and all on loopback: no peer exchange (it could try to dial out), and CometBFT must accept
  # several peers on one IP and addresses that are not routable.
  toml_set "$cfg" pex false
  if ((count > 1)); then
    for peer in "$@"; do
      [[ $peer == *"@$LISTEN_HOST:$p2p" ]] || peers+=("$peer")
    done
    toml_set "$cfg" persistent_peers "\"$(
      IFS=,
      echo "${peers[*]}"
    )\""
    toml_set "$cfg" allow_duplicate_ip true
    toml_set "$cfg" addr_book_strict false
  fi
  toml_set "$app" minimum-gas-prices "\"0$DENOM\""
  # Listen addresses are also passed as flags on start; writing them here keeps a hand-run `wasmd start --home`
  # on loopback too. laddr/address keys repeat across sections, so use confix, which knows the sections
  # (--skip-validate: confix cannot validate CometBFT's config.toml and refuses to write it otherwise).
  "$WASMD" config set config rpc.laddr "tcp://$LISTEN_HOST:$rpc" --skip-validate --home "$home" >/dev/null
  "$WASMD" config set config p2p.laddr "tcp://$LISTEN_HOST:$p2p" --skip-validate --home "$home" >/dev/null
  "$WASMD" config set config rpc.pprof_laddr "$LISTEN_HOST:$pprof" --skip-validate --home "$home" >/dev/null
  "$WASMD" config set app api.enable true --home "$home" >/dev/null
  "$WASMD" config set app api.enabled-unsafe-cors true --home "$home" >/dev/null
  "$WASMD" config set app api.address "tcp://$LISTEN_HOST:$api" --home "$home" >/dev/null
  "$WASMD" config set app grpc.address "$LISTEN_HOST:$grpc" --home "$home" >/dev/null
}

wipe_state() {
  # Deletes only what this script creates, so a mistaken INFERMESH_LOCALNET_HOME cannot take other files with it.
  local i
  for ((i = 1; i < 10; i++)); do
    [[ ! -d $LOCALNET_HOME/node$i ]] || rm -rf "$LOCALNET_HOME/node$i/config" "$LOCALNET_HOME/node$i/data" \
      "$LOCALNET_HOME/node$i/wasm" "$LOCALNET_HOME/node$i/node.pid" "$LOCALNET_HOME/node$i/node.log"
    rmdir "$LOCALNET_HOME/node$i" 2>/dev/null || true
  done
  rm -rf "$LOCALNET_HOME/config" "$LOCALNET_HOME/data" "$LOCALNET_HOME/keyring-test" "$LOCALNET_HOME/wasm" \
    "$ADDRESSES_FILE" "$INIT_MARKER" "$VALIDATORS_FILE" "$(pid_file 0)" "$(log_file 0)" \
    "$LOCALNET_HOME/genesis-accounts.json"
}

start_node() { # start_node <i>
  local i=$1 home port rpc p2p grpc api pprof
  home=$(node_home "$i")
  rpc=$(node_port "$i" "$RPC_PORT") p2p=$(node_port "$i" "$P2P_PORT") grpc=$(node_port "$i" "$GRPC_PORT")
  api=$(node_port "$i" "$API_PORT") pprof=$(node_port "$i" "$PPROF_PORT")
  for port in "$rpc" "$p2p" "$grpc" "$api" "$pprof"; do
    port_in_use "$port" && die "port $port on $LISTEN_HOST is already in use (another node? set INFERMESH_*_PORT)"
  done
  # setsid: the node must outlive this script and not receive signals sent to the caller's process group.
  # The launcher execs wasmd, so $! is wasmd's pid.
  setsid "$WASMD" start --home "$home" \
    --rpc.laddr "tcp://$LISTEN_HOST:$rpc" \
    --p2p.laddr "tcp://$LISTEN_HOST:$p2p" \
    --grpc.address "$LISTEN_HOST:$grpc" \
    --rpc.pprof_laddr "$LISTEN_HOST:$pprof" \
    --api.enable --api.enabled-unsafe-cors --api.address "tcp://$LISTEN_HOST:$api" \
    --minimum-gas-prices "0$DENOM" --log_no_color \
    </dev/null >>"$(log_file "$i")" 2>&1 &
  echo "$!" >"$(pid_file "$i")"
}

wait_for_rpc() { # wait_for_rpc <i> <require a new block: 0|1>
  # With 1: returns once the node has committed a block after answering RPC for the first time (proof that consensus
  # runs, not just that a restarted node serves its old state) and is past height 2 (on a new chain the first block is
  # committed before the app answers queries on it). With 0: once it answers RPC (a node restarted while the chain is
  # halted cannot see a new block until enough others are back).
  local i=$1 fresh_block=$2 deadline=$((SECONDS + START_TIMEOUT)) h first="" file
  file=$(pid_file "$i")
  while ((SECONDS < deadline)); do
    if ! node_pid "$i" >/dev/null; then
      # Right after the fork the pid is still the subshell that is about to exec wasmd (its cmdline is not wasmd's
      # yet): only a pid that is gone means wasmd exited.
      if kill -0 "$(<"$file")" 2>/dev/null; then
        sleep 0.2
        continue
      fi
      tail -n 30 "$(log_file "$i")" >&2 || true
      die "wasmd node $i exited during start-up (log: $(log_file "$i"))"
    fi
    h=$(rpc_height "$i" || true)
    if [[ -n $h ]]; then
      first=${first:-$h}
      if ((fresh_block == 0)) || ((h > first && h >= 2)); then
        printf '%s\n' "$h"
        return 0
      fi
    fi
    sleep 0.3
  done
  tail -n 30 "$(log_file "$i")" >&2 || true
  die "node $i: no $( ((fresh_block)) && echo 'new blocks' || echo 'RPC') after ${START_TIMEOUT}s (log: $(log_file "$i"))"
}

cmd_up() {
  local t0 pid h i count
  t0=$(now_s)
  if pid=$(node_pid 0); then
    log "already running (pid $pid, height $(rpc_height || echo '?'))"
    return 0
  fi
  need_cmd jq curl setsid
  require_wasmd
  local fresh=0 genesis_chain
  if [[ ! -f $INIT_MARKER ]]; then
    init_chain
    fresh=1
  fi
  genesis_chain=$(jq -r '.chain_id' "$LOCALNET_HOME/config/genesis.json")
  [[ $genesis_chain == "$CHAIN_ID" ]] ||
    die "$LOCALNET_HOME holds chain '$genesis_chain', not $CHAIN_ID: run '$0 reset' or set INFERMESH_LOCALNET_HOME"
  count=$(validator_count)
  for ((i = 0; i < count; i++)); do
    node_pid "$i" >/dev/null || start_node "$i"
  done
  h=$(wait_for_rpc 0 1)
  log "$CHAIN_ID up ($( ((fresh)) && echo 'new chain' || echo 'restarted'), $count validator$( ((count > 1)) && echo s)):\
 height $h, pid $(<"$(pid_file 0)"), started in $(elapsed_since "$t0") s"
  log "RPC $RPC_URL  REST $API_URL  gRPC $GRPC_ADDR  home $LOCALNET_HOME"
}

stop_node() { # stop_node <i>
  local i=$1 pid n
  if ! pid=$(node_pid "$i"); then
    rm -f "$(pid_file "$i")"
    return 1
  fi
  kill -TERM "$pid"
  # wasmd flushes its databases on SIGTERM; killing it harder risks a corrupt state on the next start.
  for ((n = 0; n < 100; n++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "wasmd node $i (pid $pid) ignored SIGTERM for 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$i")"
  log "stopped node $i (pid $pid)"
}

cmd_down() {
  local i stopped=0
  # The dApp server (scripts/dapp.sh serve) keeps its pid file in this home and serves this node: it stops with it.
  [[ ! -f $LOCALNET_HOME/dapp.pid ]] || "$SCRIPTS_DIR/dapp.sh" stop
  for ((i = $(validator_count) - 1; i >= 0; i--)); do
    ! stop_node "$i" || stopped=1
  done
  ((stopped)) || log "not running"
}

node_index() { # node_index <i>: validates a node number of this chain
  local count
  count=$(validator_count)
  if ! [[ ${1:-} =~ ^[0-9]$ ]] || (($1 >= count)); then
    die "no node '${1:-}': this chain has nodes 0 to $((count - 1))"
  fi
  printf '%s\n' "$1"
}

cmd_kill() {
  local i pid
  i=$(node_index "${1:-}")
  pid=$(node_pid "$i") || die "node $i is not running"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$(pid_file "$i")"
  log "killed node $i (pid $pid, SIGKILL)"
}

cmd_start() {
  local i h t0
  t0=$(now_s)
  i=$(node_index "${1:-}")
  if node_pid "$i" >/dev/null; then
    log "node $i already running"
    return 0
  fi
  start_node "$i"
  h=$(wait_for_rpc "$i" 0)
  log "node $i serving RPC again at height $h after $(elapsed_since "$t0") s (pid $(<"$(pid_file "$i")"))"
}

cmd_status() {
  local pid h i count
  count=$(validator_count)
  if ! pid=$(node_pid 0); then
    if [[ -f $INIT_MARKER ]]; then
      echo "status: stopped (state kept in $LOCALNET_HOME)"
    else
      echo "status: not initialised ($LOCALNET_HOME)"
    fi
    return 3
  fi
  h=$(rpc_height || true)
  echo "status: running"
  echo "chain_id: $CHAIN_ID"
  echo "height: ${h:-unknown}"
  echo "pid: $pid"
  echo "rpc: $RPC_URL"
  echo "rest: $API_URL"
  echo "grpc: $GRPC_ADDR"
  echo "home: $LOCALNET_HOME"
  echo "validators: $count"
  for ((i = 1; i < count; i++)); do
    if pid=$(node_pid "$i"); then
      echo "node $i: running, pid $pid, height $(rpc_height "$i" || echo '?'), rpc $(node_rpc_url "$i")"
    else
      echo "node $i: stopped"
    fi
  done
}

cmd_reset() {
  cmd_down
  wipe_state
  log "state wiped; the next 'up' creates a new chain"
}

cmd_logs() {
  local file
  file=$(log_file 0)
  [[ -f $file ]] || die "no log at $file"
  if [[ ${1:-} == -f ]]; then
    exec tail -n 50 -f "$file"
  fi
  tail -n "${LOG_LINES:-100}" "$file"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) cmd_logs "${2:-}" ;;
  kill) cmd_kill "${2:-}" ;;
  start) cmd_start "${2:-}" ;;
  *)
    usage_from_header "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
