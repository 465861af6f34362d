# shellcheck shell=bash disable=SC2034
# (SC2034: the variables here are used by the scripts that source this file.)
# Shared settings and helpers for InferMesh's shell tooling. Source it; do not run it.
#
# Every value a developer may want to move (cache, localnet home, ports) is read from an INFERMESH_* variable so
# two checkouts, or a second chain for IBC tests, can run side by side without editing files.

# Sourcing twice (a script that sources chain.sh, which sources this) must not reset anything a caller changed.
if [[ -n ${_INFERMESH_COMMON_SH:-} ]]; then return 0; fi
_INFERMESH_COMMON_SH=1

REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPTS_DIR=$REPO_ROOT/scripts
CACHE_DIR=${INFERMESH_CACHE:-$HOME/.cache/infermesh}
TOOLS_DIR=$CACHE_DIR/tools

# --- wasmd -------------------------------------------------------------------------------------------------------
# Pinned: wasmvm 3.0.7 inside it decides which contract features the chain accepts (see docs/toolchain.md §1).
WASMD_VERSION=v0.61.14
WASMD_DIR=$TOOLS_DIR/wasmd-$WASMD_VERSION
WASMD_REAL_BIN=$WASMD_DIR/bin/wasmd
# A tiny launcher written by install-wasmd.sh: it puts libwasmvm on LD_LIBRARY_PATH, so anything (bash, node,
# a relayer config) can run "$WASMD" as a plain executable.
WASMD=${WASMD:-$WASMD_DIR/wasmd}
export WASMD

# --- chain ---------------------------------------------------------------------------------------------------------
CHAIN_ID=${INFERMESH_CHAIN_ID:-infermesh-1}
DENOM=${INFERMESH_DENOM:-ustake}
LOCALNET_HOME=${INFERMESH_LOCALNET_HOME:-$REPO_ROOT/.localnet}
# wasmd resolves a relative --home against its own notion of the directory for some paths (the keyring); be absolute.
[[ $LOCALNET_HOME == /* ]] || LOCALNET_HOME=$PWD/$LOCALNET_HOME
RPC_PORT=${INFERMESH_RPC_PORT:-26657}
P2P_PORT=${INFERMESH_P2P_PORT:-26656}
GRPC_PORT=${INFERMESH_GRPC_PORT:-9090}
API_PORT=${INFERMESH_API_PORT:-1317}
PPROF_PORT=${INFERMESH_PPROF_PORT:-6060}
# Loopback only: the workplace forbids serving on any other address.
LISTEN_HOST=127.0.0.1
NODE_RPC=tcp://$LISTEN_HOST:$RPC_PORT
RPC_URL=http://$LISTEN_HOST:$RPC_PORT
API_URL=http://$LISTEN_HOST:$API_PORT
GRPC_ADDR=$LISTEN_HOST:$GRPC_PORT
# Test keyring: the localnet keys are throwaway and must work without a passphrase prompt in CI.
KEYRING_BACKEND="test"
ACCOUNTS_FILE=$SCRIPTS_DIR/accounts.json
DEPLOYMENTS_DIR=${INFERMESH_DEPLOYMENTS_DIR:-$REPO_ROOT/deployments}

# --- logging -------------------------------------------------------------------------------------------------------
# Logs go to stderr so that functions can return values on stdout and be used inside $(...).
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

# Prints a script's header comment (after the shebang) as its help text, so usage lives in one place.
usage_from_header() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}

need_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is required but not on PATH"
  done
}

# Seconds since the epoch with milliseconds, for timing steps without bash's whole-second SECONDS.
now_s() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

# --- wasmd access --------------------------------------------------------------------------------------------------
# Runs the cached binary directly. Used by install-wasmd.sh before the launcher exists and by anyone who prefers a
# function to "$WASMD".
wasmd_bin() {
  LD_LIBRARY_PATH="$WASMD_DIR/bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$WASMD_REAL_BIN" "$@"
}

wasmd_installed() {
  [[ -x $WASMD_REAL_BIN && -x $WASMD_DIR/wasmd && -f $WASMD_DIR/bin/libwasmvm.x86_64.so ]] &&
    wasmd_bin version >/dev/null 2>&1
}

# Scripts call this before using "$WASMD"; a fresh machine gets wasmd built on first use.
require_wasmd() {
  if [[ $WASMD != "$WASMD_DIR/wasmd" ]]; then
    # A caller pointed WASMD elsewhere on purpose; trust it.
    "$WASMD" version >/dev/null 2>&1 || die "WASMD=$WASMD does not run"
    return 0
  fi
  wasmd_installed || "$SCRIPTS_DIR/install-wasmd.sh" >/dev/null || die "installing wasmd failed"
}

# --- accounts ------------------------------------------------------------------------------------------------------
account_names() { jq -r '.[].name' "$ACCOUNTS_FILE"; }
account_mnemonic() {
  local m
  m=$(jq -er --arg n "$1" '.[] | select(.name == $n) | .mnemonic' "$ACCOUNTS_FILE") ||
    die "no account named '$1' in $ACCOUNTS_FILE"
  printf '%s\n' "$m"
}
