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
#   gov_authority                                                  -> the gov module's address (authority of
#                                                                     MsgPinCodes and other governance messages)
#   gov_pass <title> <messages JSON array>                         -> proposal id once passed; the validator key
#                                                                     deposits and votes yes in the submitting tx
#                                                                     (status 2: voting period too long, not sent)
#   pinned_code_ids                                                -> each pinned code id on its own line
#   pin_codes <code id...> / unpin_codes <code id...>              -> one proposal for the codes not yet (un)pinned;
#                                                                     prints their ids (none: nothing to do)

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

# --- governance and code pinning -------------------------------------------------------------------------------------
# A chain hosting the suite pins its codes with a governance proposal carrying MsgPinCodes (only the gov module may
# pin). A pinned code stays compiled in wasmvm's memory cache, and wasmd charges far less for loading it into a call.
# On the localnet the validator holds all the bonded stake, so its yes alone passes a proposal; localnet.sh gives a
# new chain voting periods of seconds.
GOV_KEY=${INFERMESH_GOV_KEY:-validator}
GOV_EXPEDITED=${INFERMESH_GOV_EXPEDITED:-1}
GOV_MAX_WAIT=${INFERMESH_GOV_MAX_WAIT:-60}

gov_authority() {
  "$WASMD" q auth module-account gov "${_q_flags[@]}" |
    jq -er '.account.value.address // .account.base_account.address // .account.address'
}

# A duration as the CLI prints it -> whole seconds, rounded up: protobuf JSON ("6s", "0.5s", "172800s") or Go's
# format ("24h0m0s", "1m30s", "6s"; older homes' params print this way).
_duration_s() {
  if [[ $1 =~ ^([0-9]+)(\.[0-9]*)?s$ ]]; then
    printf '%s\n' "$((10#${BASH_REMATCH[1]} + (${#BASH_REMATCH[2]} > 1 ? 1 : 0)))"
  elif [[ $1 =~ ^(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)(\.[0-9]*)?s)?$ && -n $1 ]]; then
    printf '%s\n' "$((10#${BASH_REMATCH[2]:-0} * 3600 + 10#${BASH_REMATCH[4]:-0} * 60 + 10#${BASH_REMATCH[6]:-0} +
      (${#BASH_REMATCH[7]} > 1 ? 1 : 0)))"
  else
    echo "unexpected duration '$1'" >&2
    return 1
  fi
}

# _gov_submit_and_vote <proposal.json> <voter address> <proposal id> -> tx JSON
# One tx of two messages: the submission (with its deposit) and the voter's yes on the id the proposal will get. The
# CLI builds single-message txs only, so the tx is generated, extended, signed and broadcast in steps.
_gov_submit_and_vote() {
  local file=$1 voter=$2 id=$3 dir rc=0 tx
  dir=$(mktemp -d)
  {
    "$WASMD" tx gov submit-proposal "$file" --from "$GOV_KEY" --generate-only --gas 1000000 --gas-prices "0$DENOM" \
      --chain-id "$CHAIN_ID" --node "$NODE_RPC" --keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME" \
      -o json >"$dir/unsigned.json" 2>"$dir/err" &&
      jq --arg v "$voter" --arg id "$id" '.body.messages += [{"@type": "/cosmos.gov.v1.MsgVote", proposal_id: $id,
        voter: $v, option: "VOTE_OPTION_YES", metadata: ""}]' "$dir/unsigned.json" >"$dir/both.json" &&
      "$WASMD" tx sign "$dir/both.json" --from "$GOV_KEY" --chain-id "$CHAIN_ID" --node "$NODE_RPC" \
        --keyring-backend "$KEYRING_BACKEND" --home "$LOCALNET_HOME" -o json >"$dir/signed.json" 2>"$dir/err"
  } || {
    echo "gov: building the proposal tx failed: $(_cli_error "$dir/err")" >&2
    rm -rf "$dir"
    return 1
  }
  tx=$(_tx broadcast "$dir/signed.json" --node "$NODE_RPC" -b sync -o json) || rc=1
  rm -rf "$dir"
  ((rc == 0)) || return 1
  printf '%s\n' "$tx"
}

# gov_pass <title> <messages JSON array> -> the proposal id, once it has passed
# GOV_KEY (INFERMESH_GOV_KEY, default validator) submits an expedited proposal (INFERMESH_GOV_EXPEDITED=0: a regular
# one) with the minimum deposit and votes yes in the same tx, so nothing races a short voting period; the proposal
# passes when that period ends. Should the id guessed for the vote be taken, it votes in a second tx (an expedited
# proposal that misses its period turns regular and still passes). Returns 2 without submitting when the period is
# longer than INFERMESH_GOV_MAX_WAIT seconds (default 60; a chain with the SDK's 1-2 day defaults, such as a localnet
# home created before localnet.sh shortened them), and 1 when the proposal fails, is rejected or does not end in time.
gov_pass() {
  local title=${1:?gov_pass <title> <messages json>} msgs=${2:?messages json}
  local params expedited=false period deposit voter last file errf tx id voted status deadline rc=0
  params=$("$WASMD" q gov params "${_q_flags[@]}" | jq -c .params) || return 1
  if [[ $GOV_EXPEDITED != 0 ]]; then
    expedited=true
    period=$(_duration_s "$(jq -r .expedited_voting_period <<<"$params")") || return 1
    deposit=$(jq -r '.expedited_min_deposit[0] | .amount + .denom' <<<"$params")
  else
    period=$(_duration_s "$(jq -r .voting_period <<<"$params")") || return 1
    deposit=$(jq -r '.min_deposit[0] | .amount + .denom' <<<"$params")
  fi
  if ((period > GOV_MAX_WAIT)); then
    echo "gov: the voting period is ${period} s, longer than INFERMESH_GOV_MAX_WAIT=${GOV_MAX_WAIT} s; not submitting" >&2
    return 2
  fi
  voter=$(addr_of "$GOV_KEY") || return 1
  last=$("$WASMD" q gov proposals --page-reverse --page-limit 1 "${_q_flags[@]}" |
    jq -r '[.proposals[]?.id | tonumber] | max // 0') || return 1
  file=$(mktemp --suffix .json)
  jq -n --argjson m "$msgs" --arg d "$deposit" --arg t "$title" --argjson e "$expedited" \
    '{messages: $m, metadata: "", deposit: $d, title: $t, summary: $t, expedited: $e}' >"$file"
  errf=$(mktemp)
  if tx=$(_gov_submit_and_vote "$file" "$voter" "$((last + 1))" 2>"$errf"); then
    id=$(tx_events "$tx" submit_proposal proposal_id | head -n1)
    voted=$(tx_events "$tx" proposal_vote proposal_id | head -n1)
  else
    # Most likely the guessed id was not the new proposal's (a concurrent proposal, or a dropped one had the highest).
    echo "gov: submit-and-vote in one tx failed ($(tail -n1 "$errf")); submitting, then voting" >&2
    tx=$(_tx gov submit-proposal "$file" "${_tx_flags[@]}" --from "$GOV_KEY") || rc=1
    id=$(tx_events "$tx" submit_proposal proposal_id 2>/dev/null | head -n1)
    voted=""
  fi
  rm -f "$file" "$errf"
  [[ $rc == 0 && -n $id ]] || {
    echo "gov: submitting '$title' failed" >&2
    return 1
  }
  if [[ $voted != "$id" ]]; then
    _tx gov vote "$id" yes "${_tx_flags[@]}" --from "$GOV_KEY" >/dev/null || return 1
    period=$(_duration_s "$(jq -r .voting_period <<<"$params")") || return 1
  fi
  deadline=$((SECONDS + period + 30))
  while :; do
    status=$("$WASMD" q gov proposal "$id" "${_q_flags[@]}" | jq -r .proposal.status) || return 1
    case $status in
      PROPOSAL_STATUS_PASSED) break ;;
      PROPOSAL_STATUS_VOTING_PERIOD | PROPOSAL_STATUS_DEPOSIT_PERIOD)
        if ((SECONDS > deadline)); then
          echo "gov: proposal $id ('$title') still in $status after $((period + 30)) s" >&2
          return 1
        fi
        sleep 0.3
        ;;
      *)
        echo "gov: proposal $id ('$title') ended $status: $("$WASMD" q gov proposal "$id" "${_q_flags[@]}" |
          jq -r '.proposal.failed_reason // empty')" >&2
        return 1
        ;;
    esac
  done
  printf '%s\n' "$id"
}

pinned_code_ids() { # every pinned code id, one per line, ascending
  local key="" page
  while :; do
    page=$("$WASMD" q wasm pinned --limit 100 ${key:+--page-key "$key"} "${_q_flags[@]}") || return 1
    jq -r '.code_ids[]?' <<<"$page"
    key=$(jq -r '.pagination.next_key // empty' <<<"$page")
    [[ -n $key ]] || break
  done
}

# _set_pinned pin|unpin <code id...>: one proposal for the codes whose state differs; prints their ids.
_set_pinned() {
  local action=$1 pinned todo=() id type authority msgs after
  shift
  pinned=" $(pinned_code_ids | tr '\n' ' ') " || return 1
  for id in $(printf '%s\n' "$@" | sort -nu); do
    if [[ $action == pin && $pinned != *" $id "* ]] || [[ $action == unpin && $pinned == *" $id "* ]]; then
      todo+=("$id")
    fi
  done
  ((${#todo[@]} > 0)) || return 0
  if [[ $action == pin ]]; then type=/cosmwasm.wasm.v1.MsgPinCodes; else type=/cosmwasm.wasm.v1.MsgUnpinCodes; fi
  authority=$(gov_authority) || return 1
  msgs=$(jq -nc --arg t "$type" --arg a "$authority" '[{"@type": $t, authority: $a, code_ids: $ARGS.positional}]' \
    --args "${todo[@]}")
  gov_pass "${action^} codes ${todo[*]}" "$msgs" >/dev/null || return $?
  after=" $(pinned_code_ids | tr '\n' ' ') " || return 1
  for id in "${todo[@]}"; do
    if [[ $action == pin && $after != *" $id "* ]] || [[ $action == unpin && $after == *" $id "* ]]; then
      echo "gov: the proposal to $action code $id passed, but the chain does not show it done" >&2
      return 1
    fi
  done
  printf '%s\n' "${todo[@]}"
}
pin_codes() { _set_pinned pin "$@"; }
unpin_codes() { _set_pinned unpin "$@"; }
