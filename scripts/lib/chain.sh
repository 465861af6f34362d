# shellcheck shell=bash
# Helpers for driving the InferMesh localnet (or any wasmd node set by lib/common.sh's variables) from bash tests
# and scripts. Source it; do not run it.
#
# Conventions
#   - Values go to stdout, logs and errors to stderr, so `x=$(store_code ...)` works.
#   - Every function returns non-zero on failure instead of exiting, so callers may use them in `if` and `||`.
#   - <from> is a key name of the localnet keyring (scripts/accounts.json); wherever an address is expected a key
#     name is accepted too (resolved with addr_of).
#   - The JSON of the last committed tx is kept in $CHAIN_LAST_TX; if CHAIN_TX_LOG is set, every tx is also appended
#     to that file as one JSON line (gas reports).
#
# Functions
#   addr_of <key|address>                                          -> bech32 address
#   tx_wait <txhash>                                               -> tx JSON; fails (raw_log on stderr) if code != 0
#   wasm_exec <from> <contract> <json> [--amount 10ustake ...]     -> tx JSON
#   wasm_exec_expect_fail <from> <contract> <json> <substring> [extra flags...]
#                                                                  -> error text; fails if the tx succeeds or the
#                                                                     error text lacks <substring>
#   gas_used <txjson|->                                            -> gas used (integer)
#   store_code <from> <file.wasm> [extra flags...]                 -> code id (uploads gzip -9)
#   instantiate <from> <code_id> <json> <label> <admin|none> [extra flags...]  -> contract address
#   wasm_migrate <from> <contract> <code_id> <json> [flags]        -> tx JSON
#   query_smart <contract> <json>                                  -> the query's .data as compact JSON
#   bank_send <from> <to> <amount e.g. 100ustake> [flags]          -> tx JSON
#   bank_balance <key|address> [denom]                             -> amount (integer string)
#   cw20_balance <token contract> <key|address>                    -> amount (integer string)
#   tx_events <txjson|-> <event type> <attribute key>              -> each matching attribute value on its own line
#   contract_exists <address>                                      -> exit status only
#   contract_code_id <address>                                     -> code id
#   signed_statement <key> route|receipt|accept <args...>          -> the escrow's `Signed` JSON: <key> signs a
#                                                                     gateway route consent, a provider receipt or a
#                                                                     consumer's acceptance
#                                                                     (clients/ts/sign-statement.mjs, ADR-036)
#   code_checksum <code_id>                                        -> lowercase hex sha256
#   code_id_by_checksum <hex>                                      -> newest code id with that checksum, or fails
#   wasm_checksum <file.wasm>                                      -> lowercase hex sha256 (the on-chain checksum)
#   chain_height                                                   -> latest height
#   wait_blocks [n]                                                -> returns after n (default 1) new blocks

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

CHAIN_LAST_TX=${CHAIN_LAST_TX:-$LOCALNET_HOME/last_tx.json}
TX_WAIT_TIMEOUT=${TX_WAIT_TIMEOUT:-60}
# 1.4: simulation underestimates contract calls that touch storage for the first time.
GAS_ADJUSTMENT=${GAS_ADJUSTMENT:-1.4}

_q_flags=(--node "$NODE_RPC" -o json)
_tx_flags=(
  --chain-id "$CHAIN_ID" --node "$NODE_RPC" --keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME"
  --gas auto --gas-adjustment "$GAS_ADJUSTMENT" --gas-prices "0$DENOM" -b sync -y -o json
)

_json_arg() { # a JSON argument, or stdin when it is "-" or missing
  if [[ $# -eq 0 || $1 == - ]]; then cat; else printf '%s' "$1"; fi
}

addr_of() {
  local name=${1:?addr_of <key|address>} addr
  if [[ $name == wasm1* ]]; then
    printf '%s\n' "$name"
    return 0
  fi
  # localnet.sh writes addresses.json at init; reading it avoids starting wasmd for every lookup.
  if [[ -f $LOCALNET_HOME/addresses.json ]] &&
    addr=$(jq -er --arg n "$name" '.[$n] // empty' "$LOCALNET_HOME/addresses.json" 2>/dev/null); then
    printf '%s\n' "$addr"
    return 0
  fi
  "$WASMD" keys show "$name" -a --keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME" 2>/dev/null || {
    echo "addr_of: no key named '$name' in $LOCALNET_HOME" >&2
    return 1
  }
}

_record_tx() { # keep the last tx for callers that captured only a return value (code id, address)
  mkdir -p "$(dirname "$CHAIN_LAST_TX")"
  printf '%s\n' "$1" >"$CHAIN_LAST_TX"
  if [[ -n ${CHAIN_TX_LOG:-} ]]; then jq -c . <<<"$1" >>"$CHAIN_TX_LOG"; fi
}

tx_wait() {
  local hash=${1:?tx_wait <txhash>} out="" err="" deadline=$((SECONDS + TX_WAIT_TIMEOUT)) code
  # Polling rather than `q wait-tx`: a websocket subscription misses a tx that was committed before it subscribed.
  while ((SECONDS < deadline)); do
    if out=$("$WASMD" q tx "$hash" "${_q_flags[@]}" 2>&1); then
      break
    fi
    err=$out
    out=""
    sleep 0.25
  done
  if [[ -z $out ]]; then
    echo "tx_wait: $hash not committed within ${TX_WAIT_TIMEOUT}s: $err" >&2
    return 1
  fi
  _record_tx "$out"
  printf '%s\n' "$out"
  code=$(jq -r '.code' <<<"$out")
  if [[ $code != 0 ]]; then
    echo "tx $hash failed (code $code): $(jq -r '.raw_log' <<<"$out")" >&2
    return 1
  fi
}

# _cli_error <file>: the error in a failed CLI call's stderr, without colour codes and cobra's usage text.
_cli_error() {
  local text line
  text=$(sed -E 's/\x1b\[[0-9;]*m//g' "$1" | grep -v '^gas estimate:' || true)
  # The SDK reports failures as a log line: ... ERR failure when running app err="<message>"
  line=$(grep -m1 'failure when running app' <<<"$text" || true)
  if [[ -n $line && $line == *'err="'* ]]; then
    line=${line#*err=\"}
    printf '%s\n' "${line%\"}"
  else
    printf '%s\n' "$text"
  fi
}

# _tx_submit <out var> <err var> <wasmd tx args...>
# Callers put "${_tx_flags[@]}" after the positional arguments and their own extra flags after that: for a flag given
# twice the last one wins, so a caller's `--gas 400000` overrides the default `--gas auto`.
# Broadcasts (sync) and sets the two named variables to the CLI's stdout and stderr; returns the CLI's exit status,
# or 1 when CheckTx rejected the tx. Runs in the caller's shell so wasm_exec_expect_fail can read both texts.
_tx_submit() {
  local -n _out=$1 _err=$2
  shift 2
  local errf rc=0
  errf=$(mktemp)
  _out=$("$WASMD" tx "$@" 2>"$errf") || rc=$?
  _err=$(_cli_error "$errf")
  rm -f "$errf"
  ((rc == 0)) || return "$rc"
  if [[ $(jq -r '.code // 0' <<<"$_out" 2>/dev/null) != 0 ]]; then
    _err=$(jq -r '.raw_log' <<<"$_out")
    return 1
  fi
  [[ -n $(jq -r '.txhash // empty' <<<"$_out" 2>/dev/null) ]] || {
    _err="no txhash in CLI output: $_out $_err"
    return 1
  }
}

# _tx <wasmd tx args...>: broadcast, wait for the block, print the tx JSON.
_tx() {
  local out err
  if ! _tx_submit out err "$@"; then
    echo "tx ${1:-} ${2:-} rejected before inclusion: ${err:-$out}" >&2
    return 1
  fi
  tx_wait "$(jq -r .txhash <<<"$out")"
}

wasm_exec() {
  local from=${1:?wasm_exec <from> <contract> <json> [flags]} contract=${2:?contract} msg=${3:?json}
  shift 3
  contract=$(addr_of "$contract") || return 1
  _tx wasm execute "$contract" "$msg" "${_tx_flags[@]}" --from "$from" "$@"
}

wasm_exec_expect_fail() {
  local from=${1:?wasm_exec_expect_fail <from> <contract> <json> <substring> [flags]} contract=${2:?contract}
  local msg=${3:?json} expected=${4:?expected error substring}
  shift 4
  contract=$(addr_of "$contract") || return 1
  local out err stage text tx
  if ! _tx_submit out err wasm execute "$contract" "$msg" "${_tx_flags[@]}" --from "$from" "$@"; then
    # With --gas auto most contract errors surface here, in the simulation, before anything is broadcast.
    stage="simulation/CheckTx"
    text=${err:-$out}
  else
    if tx=$(tx_wait "$(jq -r .txhash <<<"$out")" 2>/dev/null); then
      echo "wasm_exec_expect_fail: tx succeeded, expected an error containing '$expected'" >&2
      jq -c '{txhash, code, gas_used}' <<<"$tx" >&2
      return 1
    fi
    [[ -n $tx ]] || {
      echo "wasm_exec_expect_fail: tx was not committed" >&2
      return 1
    }
    stage="DeliverTx"
    text=$(jq -r .raw_log <<<"$tx")
  fi
  if [[ $text != *"$expected"* ]]; then
    echo "wasm_exec_expect_fail: failed at $stage, but the error lacks '$expected': $text" >&2
    return 1
  fi
  printf '%s\n' "$text"
}

gas_used() {
  _json_arg "$@" | jq -er '.gas_used | tonumber'
}

tx_events() { # tx_events <txjson|-> <type> <key>
  local json
  json=$(_json_arg "${1:--}")
  jq -r --arg t "${2:?event type}" --arg k "${3:?attribute key}" \
    '.events[] | select(.type == $t) | .attributes[] | select(.key == $k) | .value' <<<"$json"
}

wasm_checksum() {
  sha256sum "${1:?wasm_checksum <file.wasm>}" | cut -d' ' -f1
}

store_code() {
  local from=${1:?store_code <from> <file.wasm> [flags]} wasm=${2:?wasm file}
  shift 2
  [[ -f $wasm ]] || {
    echo "store_code: no such file $wasm" >&2
    return 1
  }
  local gz tx rc=0 code_id checksum want
  # gzip -9 -n: smaller than the CLI's own gzip (store gas is per byte) and reproducible (no name/time header).
  gz=$(mktemp --suffix .wasm.gz)
  gzip -9 -n -c "$wasm" >"$gz"
  tx=$(_tx wasm store "$gz" "${_tx_flags[@]}" --from "$from" "$@") || rc=$?
  rm -f "$gz"
  ((rc == 0)) || return "$rc"
  code_id=$(tx_events "$tx" store_code code_id | head -n1)
  checksum=$(tx_events "$tx" store_code code_checksum | head -n1)
  want=$(wasm_checksum "$wasm")
  if [[ -z $code_id || ${checksum,,} != "$want" ]]; then
    echo "store_code: unexpected store_code event (code_id '$code_id', checksum '$checksum', want $want)" >&2
    return 1
  fi
  printf '%s\n' "$code_id"
}

instantiate() {
  local from=${1:?instantiate <from> <code_id> <json> <label> <admin|none> [flags]} code_id=${2:?code id}
  local msg=${3:?json} label=${4:?label} admin=${5:?admin key/address or none}
  shift 5
  local admin_flags tx addr
  if [[ $admin == none ]]; then
    admin_flags=(--no-admin)
  else
    admin_flags=(--admin "$(addr_of "$admin")") || return 1
  fi
  tx=$(_tx wasm instantiate "$code_id" "$msg" "${_tx_flags[@]}" --label "$label" "${admin_flags[@]}" --from "$from" \
    "$@") || return 1
  # The first instantiate event is the contract itself; later ones are contracts it instantiated in submessages.
  addr=$(tx_events "$tx" instantiate _contract_address | head -n1)
  [[ -n $addr ]] || {
    echo "instantiate: no _contract_address in tx $(jq -r .txhash <<<"$tx")" >&2
    return 1
  }
  printf '%s\n' "$addr"
}

wasm_migrate() {
  local from=${1:?wasm_migrate <from> <contract> <code_id> <json> [flags]} contract=${2:?contract}
  local code_id=${3:?code id} msg=${4:?json}
  shift 4
  contract=$(addr_of "$contract") || return 1
  _tx wasm migrate "$contract" "$code_id" "$msg" "${_tx_flags[@]}" --from "$from" "$@"
}

query_smart() {
  local contract=${1:?query_smart <contract> <json>} msg=${2:?json} out errf
  contract=$(addr_of "$contract") || return 1
  errf=$(mktemp)
  if ! out=$("$WASMD" q wasm contract-state smart "$contract" "$msg" "${_q_flags[@]}" 2>"$errf"); then
    echo "query_smart $contract $msg: $(_cli_error "$errf")" >&2
    rm -f "$errf"
    return 1
  fi
  rm -f "$errf"
  jq -c '.data' <<<"$out"
}

bank_send() {
  local from=${1:?bank_send <from> <to> <amount> [flags]} to=${2:?to} amount=${3:?amount}
  shift 3
  to=$(addr_of "$to") || return 1
  _tx bank send "$from" "$to" "$amount" "${_tx_flags[@]}" "$@"
}

bank_balance() {
  local who=${1:?bank_balance <key|address> [denom]} denom=${2:-$DENOM}
  who=$(addr_of "$who") || return 1
  "$WASMD" q bank balance "$who" "$denom" "${_q_flags[@]}" | jq -r '.balance.amount // "0"'
}

cw20_balance() {
  local token=${1:?cw20_balance <token> <key|address>} who=${2:?address}
  who=$(addr_of "$who") || return 1
  query_smart "$token" "$(jq -nc --arg a "$who" '{balance: {address: $a}}')" | jq -r '.balance'
}

contract_exists() {
  "$WASMD" q wasm contract "${1:?contract_exists <address>}" "${_q_flags[@]}" >/dev/null 2>&1
}

contract_code_id() {
  "$WASMD" q wasm contract "${1:?contract_code_id <address>}" "${_q_flags[@]}" |
    jq -er '.contract_info.code_id'
}

code_checksum() {
  # The JSON shows the checksum as upper-case hex (data_hash) in some versions and base64 in others.
  local info
  info=$("$WASMD" q wasm code-info "${1:?code_checksum <code_id>}" "${_q_flags[@]}") || return 1
  _normalise_checksum "$(jq -er '.checksum // .data_hash' <<<"$info")"
}

_normalise_checksum() {
  local v=$1
  if [[ $v =~ ^[0-9a-fA-F]{64}$ ]]; then
    printf '%s\n' "${v,,}"
  else
    base64 -d <<<"$v" | od -An -v -tx1 | tr -d ' \n'
    echo
  fi
}

code_id_by_checksum() {
  local want=${1:?code_id_by_checksum <hex>} key="" page found=""
  want=${want,,}
  # wasmd caps pages at 100 codes; walk them all (newest id wins, so a re-upload is found too).
  while :; do
    page=$("$WASMD" q wasm list-code --limit 100 ${key:+--page-key "$key"} "${_q_flags[@]}") || return 1
    while IFS=$'\t' read -r id hash; do
      [[ -n $id ]] || continue
      [[ $(_normalise_checksum "$hash") == "$want" ]] && found=$id
    done < <(jq -r '.code_infos[]? | [.code_id, (.checksum // .data_hash)] | @tsv' <<<"$page")
    key=$(jq -r '.pagination.next_key // empty' <<<"$page")
    [[ -n $key ]] || break
  done
  [[ -n $found ]] || return 1
  printf '%s\n' "$found"
}

chain_height() {
  curl -sf --max-time 5 "$RPC_URL/status" | jq -er '.result.sync_info.latest_block_height'
}

wait_blocks() {
  local n=${1:-1} start h deadline=$((SECONDS + 60))
  start=$(chain_height) || return 1
  while ((SECONDS < deadline)); do
    h=$(chain_height) || true
    if [[ -n $h ]] && ((h >= start + n)); then return 0; fi
    sleep 0.2
  done
  echo "wait_blocks: no $n new blocks within 60 s" >&2
  return 1
}

# signed_statement <key> route <escrow> <consumer> <provider> <model> <latency> <max units> <deadline s>
# signed_statement <key> receipt <escrow> <bill id> <consumer> <deadline s>
# signed_statement <key> accept <escrow> <bill id> <units> <latency ms> <result hash>
# The key's account signs the statement off-chain the way Keplr's signArbitrary does (docs/bill-escrow.md §4, §8).
signed_statement() {
  local who=$1 kind=$2
  shift 2
  STATEMENT_MNEMONIC=$(account_mnemonic "$who") node "$REPO_ROOT/clients/ts/sign-statement.mjs" "$kind" "$CHAIN_ID" \
    "$@" | jq -c .signed
}
