# shellcheck shell=bash
# Driving the DAO from bash (scripts/deploy.sh's handover, scripts/chain-tests/60-dao.sh): lock, propose, vote, wait,
# execute. Needs lib/chain.sh. Each function takes the DAO and the token addresses, so it needs no deployment record.

# dao_send <key> <token> <dao> <amount> <hook json> -> tx JSON: a cw20 Send of <amount> to the DAO with <hook>.
dao_send() {
  local hook
  hook=$(printf '%s' "$5" | base64 -w0)
  wasm_exec "$1" "$2" "$(jq -nc --arg c "$3" --arg a "$4" --arg m "$hook" '{send: {contract: $c, amount: $a, msg: $m}}')"
}

# dao_lock_once <key> <token> <dao> <amount>: locks <amount> unless <key> has tokens in the vault; then waits a block,
# so a proposal created next counts them.
dao_lock_once() {
  [[ $(query_smart "$3" "{\"voting_power\":{\"address\":\"$(addr_of "$1")\"}}" | jq -r .locked) == 0 ]] || return 0
  dao_send "$1" "$2" "$3" "$4" '{"lock":{}}' >/dev/null && wait_blocks 1
}

# dao_propose <key> <token> <dao> <deposit> <kind> <title> <msgs json> -> tx JSON (its proposal_id attribute)
dao_propose() {
  dao_send "$1" "$2" "$3" "$4" "$(jq -nc --arg k "$5" --arg t "$6" --argjson m "$7" \
    '{propose: {title: $t, description: "proposed from bash", kind: $k, msgs: $m}}')"
}

# dao_wait_executable <dao> <proposal id>: sleeps until the proposal's timelock is over.
dao_wait_executable() {
  local proposal wait_s
  proposal=$(query_smart "$1" "{\"proposal\":{\"proposal_id\":$2}}") || return 1
  wait_s=$(($(jq -r '(.executable_from | tonumber) / 1000000000 | ceil' <<<"$proposal") - $(date +%s) + 2))
  if ((wait_s > 0)); then
    log "dao: proposal $2 executable in ${wait_s} s"
    sleep "$wait_s"
  fi
}

# dao_pass <key> <token> <dao> <deposit> <kind> <title> <msgs json> -> the execute tx JSON: proposes, votes yes as
# <key> (whose vault tokens must carry the vote), waits out the vote and the timelock, executes.
dao_pass() {
  local tx id
  tx=$(dao_propose "$@") || return 1
  id=$(tx_events "$tx" wasm proposal_id | head -1)
  wait_blocks 1 || return 1
  wasm_exec "$1" "$3" "{\"vote\":{\"proposal_id\":$id,\"vote\":\"yes\"}}" >/dev/null || return 1
  dao_wait_executable "$3" "$id" || return 1
  wasm_exec "$1" "$3" "{\"execute\":{\"proposal_id\":$id}}"
}

# dao_failed <execute tx JSON>: the proposal's messages failed (the DAO answers with an execution_failed event).
dao_failed() {
  tx_events "$1" wasm action | grep -qx execution_failed
}
