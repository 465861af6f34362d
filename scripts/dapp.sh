#!/usr/bin/env bash
# The Keplr web dApp (clients/dapp, docs/dapp.md): build it, serve it on 127.0.0.1 for the deployed suite, stop it.
# Usage: scripts/dapp.sh build    npm ci when needed, type-check, bundle with esbuild into clients/dapp/dist/
#        scripts/dapp.sh serve    build when needed, write dist/config.json from deployments/<chain-id>.json and Keplr's
#                                 chain info, start the static server in the background (pid file in the localnet
#                                 home; a running one is kept) and print its URL
#        scripts/dapp.sh stop     stop the server serve started
#        scripts/dapp.sh status   say whether it runs, and where
# env: INFERMESH_DAPP_PORT (default 8080), INFERMESH_DAPP_GATEWAY_KEY (default gateway: the localnet key whose
#      consent to route a bill the server signs, as scripts/demo.sh does; none: no consent service, the person pastes
#      a gateway's consent), plus lib/common.sh's (chain id, ports, localnet home, deployments directory)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"

DAPP_DIR=$REPO_ROOT/clients/dapp
DAPP_PORT=${INFERMESH_DAPP_PORT:-8080}
GATEWAY_KEY=${INFERMESH_DAPP_GATEWAY_KEY:-gateway}
PID_FILE=$LOCALNET_HOME/dapp.pid
LOG_FILE=$LOCALNET_HOME/dapp.log
URL=http://$LISTEN_HOST:$DAPP_PORT/

build() {
  need_cmd node npm
  ensure_dapp
  (cd "$DAPP_DIR" && npx --no-install tsc -p . --noEmit && node build.mjs) >&2
}

# The bundle is stale when any source is newer than it.
built() {
  [[ -f $DAPP_DIR/dist/app.js && -f $DAPP_DIR/dist/index.html ]] || return 1
  [[ -z $(find "$DAPP_DIR/src" "$REPO_ROOT/clients/contracts/src" "$REPO_ROOT/clients/contracts/lib" \
    "$REPO_ROOT/clients/ts/voucher.ts" "$REPO_ROOT/clients/ts/consent.ts" -newer "$DAPP_DIR/dist/app.js" -print -quit) ]]
}

running_pid() { # the server's pid, if the pid file names a live dapp-server
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'dapp-server.mjs' || return 1
  printf '%s\n' "$pid"
}

serve() {
  local deployment=$DEPLOYMENTS_DIR/$CHAIN_ID.json pid service=() mnemonic=""
  [[ -f $deployment ]] || die "no $deployment: start the localnet and run scripts/deploy.sh first"
  built || build
  if [[ $GATEWAY_KEY != none ]]; then
    mnemonic=$(account_mnemonic "$GATEWAY_KEY")
    service=(--gateway-service /api/gateway-consent)
  fi
  node "$DAPP_DIR/write-config.mjs" "$deployment" "$RPC_URL" "$API_URL" --out "$DAPP_DIR/dist/config.json" \
    "${service[@]}" >/dev/null
  if pid=$(running_pid); then
    log "the dApp server already runs (pid $pid); config.json rewritten from ${deployment#"$REPO_ROOT"/}"
    echo "$URL"
    return 0
  fi
  mkdir -p "$LOCALNET_HOME"
  INFERMESH_DAPP_GATEWAY_MNEMONIC=$mnemonic nohup node "$DAPP_DIR/serve/dapp-server.mjs" --port "$DAPP_PORT" \
    --root "$DAPP_DIR/dist" >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  local deadline=$((SECONDS + 10))
  until curl -sf -o /dev/null "$URL"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
      rm -f "$PID_FILE"
      die "the dApp server did not start: $(tail -n 5 "$LOG_FILE")"
    fi
    sleep 0.2
  done
  log "dApp for $CHAIN_ID served by pid $pid (log ${LOG_FILE}); open it in a browser with Keplr"
  echo "$URL"
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    log "stopped the dApp server (pid $pid)"
  else
    log "the dApp server is not running"
  fi
  rm -f "$PID_FILE"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "running (pid $pid) at $URL"
  else
    echo "not running"
  fi
}

case ${1:-} in
  build) build ;;
  serve) serve ;;
  stop) stop ;;
  status) status ;;
  *)
    usage_from_header "$0" >&2
    exit 2
    ;;
esac
