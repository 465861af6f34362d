#!/usr/bin/env bash
# Single-validator wasmd localnet for InferMesh (chain id, ports and home from lib/common.sh).
#
# usage: scripts/localnet.sh up|down|status|reset|logs [-f]
#   up      initialise on first run, otherwise restart with the existing state; no-op if already running;
#           returns once blocks are being produced
#   down    stop the node (state is kept) and the dApp server serving it
#   status  print height, pid and endpoints; exit code 3 when the node is not running
#   reset   stop the node and delete its state, keys and config (the next `up` starts a new chain)
#   logs    print the end of the node log (`logs -f` follows it)
# env: INFERMESH_LOCALNET_HOME, INFERMESH_{RPC,P2P,GRPC,API,PPROF}_PORT, INFERMESH_CHAIN_ID,
#      INFERMESH_TIMEOUT_COMMIT (default 500ms), INFERMESH_TIMEOUT_PROPOSE (default 1s),
#      INFERMESH_GOV_VOTING_PERIOD (default 6s), INFERMESH_GOV_EXPEDITED_VOTING_PERIOD (default 2s): written into a new
#      chain's genesis so a governance proposal (deploy.sh pins the suite's codes with one) passes in seconds; an
#      existing home keeps the periods it was created with
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"

PID_FILE=$LOCALNET_HOME/node.pid
LOG_FILE=$LOCALNET_HOME/node.log
# Written last by init, so a half-finished init (Ctrl-C, a crash) is redone instead of started.
INIT_MARKER=$LOCALNET_HOME/.initialized
ADDRESSES_FILE=$LOCALNET_HOME/addresses.json
TIMEOUT_COMMIT=${INFERMESH_TIMEOUT_COMMIT:-500ms}
TIMEOUT_PROPOSE=${INFERMESH_TIMEOUT_PROPOSE:-1s}
# Generous balances: tests pay no fees (0 gas price) but send, stake and attach funds to contract calls.
ACCOUNT_BALANCE=1000000000000000 # 1e15 ustake = 1e9 STAKE per account
VALIDATOR_BOND=100000000000      # 1e11 ustake
START_TIMEOUT=${INFERMESH_START_TIMEOUT:-90}
# Governance in seconds, as a localnet needs it: deploy.sh passes a MsgPinCodes proposal, deposited and voted yes by
# the validator (all the bonded stake) in the submitting tx, so it passes when its (expedited) period ends. The
# expedited period must stay below the regular one and the expedited deposit above the regular one (gov's own checks).
GOV_VOTING_PERIOD=${INFERMESH_GOV_VOTING_PERIOD:-6s}
GOV_EXPEDITED_VOTING_PERIOD=${INFERMESH_GOV_EXPEDITED_VOTING_PERIOD:-2s}
GOV_MIN_DEPOSIT=1000000           # 1 STAKE
GOV_EXPEDITED_MIN_DEPOSIT=2000000 # 2 STAKE

KR=(--keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME")

node_pid() {
  # Prints the pid only if it is still our wasmd (pids get reused after a reboot or a crash).
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  # Read into a variable: `tr | grep -q` fails at random under pipefail when grep exits before tr has written all.
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"start --home $LOCALNET_HOME "* ]] || return 1
  printf '%s\n' "$pid"
}

rpc_height() {
  curl -sf --max-time 2 "$RPC_URL/status" | jq -r '.result.sync_info.latest_block_height // empty' 2>/dev/null
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
  log "initialising $CHAIN_ID in $LOCALNET_HOME"
  wipe_state
  mkdir -p "$LOCALNET_HOME"
  "$WASMD" init infermesh-node --chain-id "$CHAIN_ID" --default-denom "$DENOM" --home "$LOCALNET_HOME" \
    >/dev/null 2>&1 || die "wasmd init failed"

  local name addrs='{}' addr
  while IFS= read -r name; do
    addr=$(account_mnemonic "$name" |
      "$WASMD" keys add "$name" --recover "${KR[@]}" --output json 2>/dev/null | jq -er .address) ||
      die "recovering key '$name' failed"
    addrs=$(jq --arg n "$name" --arg a "$addr" '. + {($n): $a}' <<<"$addrs")
  done < <(account_names)
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
  "$WASMD" genesis collect-gentxs --home "$LOCALNET_HOME" >/dev/null 2>&1 || die "collect-gentxs failed"
  local genesis=$LOCALNET_HOME/config/genesis.json
  jq --arg vp "$GOV_VOTING_PERIOD" --arg evp "$GOV_EXPEDITED_VOTING_PERIOD" --arg d "$DENOM" \
    --arg md "$GOV_MIN_DEPOSIT" --arg emd "$GOV_EXPEDITED_MIN_DEPOSIT" \
    '.app_state.gov.params |= (.voting_period = $vp | .expedited_voting_period = $evp
      | .min_deposit = [{denom: $d, amount: $md}] | .expedited_min_deposit = [{denom: $d, amount: $emd}])' \
    "$genesis" >"$genesis.tmp" || die "editing the gov params in $genesis failed"
  mv -f "$genesis.tmp" "$genesis"
  "$WASMD" genesis validate --home "$LOCALNET_HOME" >/dev/null || die "genesis does not validate"

  local cfg=$LOCALNET_HOME/config/config.toml app=$LOCALNET_HOME/config/app.toml
  toml_set "$cfg" timeout_commit "\"$TIMEOUT_COMMIT\""
  toml_set "$cfg" timeout_propose "\"$TIMEOUT_PROPOSE\""
  # Browser dApps (CosmJS, Keplr) talk to RPC directly.
  toml_set "$cfg" cors_allowed_origins '["*"]'
  # One node, no peers: peer exchange would only log noise and could try to dial out.
  toml_set "$cfg" pex false
  toml_set "$app" minimum-gas-prices "\"0$DENOM\""
  # Listen addresses are also passed as flags on start; writing them here keeps a hand-run `wasmd start --home`
  # on loopback too. laddr/address keys repeat across sections, so use confix, which knows the sections
  # (--skip-validate: confix cannot validate CometBFT's config.toml and refuses to write it otherwise).
  "$WASMD" config set config rpc.laddr "$NODE_RPC" --skip-validate --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set config p2p.laddr "tcp://$LISTEN_HOST:$P2P_PORT" --skip-validate --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set config rpc.pprof_laddr "$LISTEN_HOST:$PPROF_PORT" --skip-validate --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set app api.enable true --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set app api.enabled-unsafe-cors true --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set app api.address "tcp://$LISTEN_HOST:$API_PORT" --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set app grpc.address "$GRPC_ADDR" --home "$LOCALNET_HOME" >/dev/null
  # So a developer can type `wasmd --home .localnet q ...` / `tx ...` without repeating flags.
  "$WASMD" config set client chain-id "$CHAIN_ID" --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set client keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME" >/dev/null
  "$WASMD" config set client node "$NODE_RPC" --home "$LOCALNET_HOME" >/dev/null

  date -u +%Y-%m-%dT%H:%M:%SZ >"$INIT_MARKER"
}

wipe_state() {
  # Deletes only what this script creates, so a mistaken INFERMESH_LOCALNET_HOME cannot take other files with it.
  rm -rf "$LOCALNET_HOME/config" "$LOCALNET_HOME/data" "$LOCALNET_HOME/keyring-test" "$LOCALNET_HOME/wasm" \
    "$ADDRESSES_FILE" "$INIT_MARKER" "$PID_FILE" "$LOG_FILE" "$LOCALNET_HOME/genesis-accounts.json"
}

start_node() {
  local port
  for port in "$RPC_PORT" "$P2P_PORT" "$GRPC_PORT" "$API_PORT" "$PPROF_PORT"; do
    port_in_use "$port" && die "port $port on $LISTEN_HOST is already in use (another node? set INFERMESH_*_PORT)"
  done
  # setsid: the node must outlive this script and not receive signals sent to the caller's process group.
  # The launcher execs wasmd, so $! is wasmd's pid.
  setsid "$WASMD" start --home "$LOCALNET_HOME" \
    --rpc.laddr "$NODE_RPC" \
    --p2p.laddr "tcp://$LISTEN_HOST:$P2P_PORT" \
    --grpc.address "$GRPC_ADDR" \
    --rpc.pprof_laddr "$LISTEN_HOST:$PPROF_PORT" \
    --api.enable --api.enabled-unsafe-cors --api.address "tcp://$LISTEN_HOST:$API_PORT" \
    --minimum-gas-prices "0$DENOM" --log_no_color \
    </dev/null >>"$LOG_FILE" 2>&1 &
  echo "$!" >"$PID_FILE"
}

wait_for_blocks() {
  # Returns once the node has committed a block after answering RPC for the first time (proof that consensus runs,
  # not just that a restarted node serves its old state) and is past height 2 (on a new chain the first block is
  # committed before the app answers queries on it).
  local deadline=$((SECONDS + START_TIMEOUT)) h first=""
  while ((SECONDS < deadline)); do
    if ! node_pid >/dev/null; then
      # Right after the fork the pid is still the subshell that is about to exec wasmd (its cmdline is not wasmd's
      # yet): only a pid that is gone means wasmd exited.
      if kill -0 "$(<"$PID_FILE")" 2>/dev/null; then
        sleep 0.2
        continue
      fi
      tail -n 30 "$LOG_FILE" >&2 || true
      die "wasmd exited during start-up (log: $LOG_FILE)"
    fi
    h=$(rpc_height || true)
    if [[ -n $h ]]; then
      first=${first:-$h}
      if ((h > first && h >= 2)); then
        printf '%s\n' "$h"
        return 0
      fi
    fi
    sleep 0.3
  done
  tail -n 30 "$LOG_FILE" >&2 || true
  die "no new blocks after ${START_TIMEOUT}s (log: $LOG_FILE)"
}

cmd_up() {
  local t0 pid h
  t0=$(now_s)
  if pid=$(node_pid); then
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
  start_node
  h=$(wait_for_blocks)
  log "$CHAIN_ID up ($( ((fresh)) && echo 'new chain' || echo 'restarted')): height $h, pid $(<"$PID_FILE"), \
started in $(elapsed_since "$t0") s"
  log "RPC $RPC_URL  REST $API_URL  gRPC $GRPC_ADDR  home $LOCALNET_HOME"
}

cmd_down() {
  local pid i
  # The dApp server (scripts/dapp.sh serve) keeps its pid file in this home and serves this node: it stops with it.
  [[ ! -f $LOCALNET_HOME/dapp.pid ]] || "$SCRIPTS_DIR/dapp.sh" stop
  if ! pid=$(node_pid); then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  # wasmd flushes its databases on SIGTERM; killing it harder risks a corrupt state on the next start.
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "wasmd (pid $pid) ignored SIGTERM for 20 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid h
  if ! pid=$(node_pid); then
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
}

cmd_reset() {
  cmd_down
  wipe_state
  log "state wiped; the next 'up' creates a new chain"
}

cmd_logs() {
  [[ -f $LOG_FILE ]] || die "no log at $LOG_FILE"
  if [[ ${1:-} == -f ]]; then
    exec tail -n 50 -f "$LOG_FILE"
  fi
  tail -n "${LOG_LINES:-100}" "$LOG_FILE"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) cmd_logs "${2:-}" ;;
  *)
    usage_from_header "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
