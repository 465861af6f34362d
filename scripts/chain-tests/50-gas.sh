# shellcheck shell=bash
# Gas of the job paths with the suite's codes unpinned and pinned, sourced last by scripts/chain-test.sh. It relies on
# the earlier files' setup: 30-bill-escrow.sh registered "gateway", funded "consumer" and set the 60 s challenge
# window; 40-payment-channels.sh registered "alice" as a provider (its dispute test jailed "bob", so alice serves the
# bills here); 10-staking.sh funded "delegator".
#
# chain-test.sh deploys unpinned (INFERMESH_PIN_CODES=0), so every earlier test and the first round here measure
# unpinned codes. Then scripts/deploy.sh runs again with its default pin step (one MsgPinCodes proposal, deposited and
# voted yes by the validator) and the same paths are measured again. Each path meets the same state both times: a
# warm-up job and delegation come first, so neither round pays for an operator's first reputation record or a first
# delegation, and each round opens its own bills and channel. The complete with the consumer's signed acceptance is
# measured only when the deployed escrow knows it. Finalize needs a completed bill past the challenge
# window: two are completed during the setup; after the pinned round one is finalized pinned, then a second proposal
# unpins the codes and the other is finalized unpinned.
#
# The pinned gas of each path is checked against scripts/gas-budgets.tsv: more than INFERMESH_GAS_BUDGET_TOLERANCE
# percent (default 5) above its budget fails the chain tests, and so does a budget whose path went unmeasured; a
# measured path without a budget only warns. The table (path, unpinned, pinned, pinned / pinned cw20
# transfer) goes to $PIN_GAS_REPORT (target/chain-gas-pinning.tsv), printed by chain-test.sh at the end.
GAS_BUDGETS=${INFERMESH_GAS_BUDGETS:-$SCRIPTS_DIR/gas-budgets.tsv}
GAS_TOLERANCE=${INFERMESH_GAS_BUDGET_TOLERANCE:-5}
GAS_TOKEN=$(jq -r '.contracts.token // empty' "$DEPLOYMENT")
GAS_STAKING=$(jq -r '.contracts.staking // empty' "$DEPLOYMENT")
GAS_ESCROW=$(jq -r '.contracts.bill_escrow // empty' "$DEPLOYMENT")
GAS_CHANNELS=$(jq -r '.contracts.payment_channels // empty' "$DEPLOYMENT")
GAS_MESH=1000000
GAS_PROVIDER=alice
# Path labels, in table order; the budgets file uses the same labels.
GAS_TRANSFER="cw20 transfer"
GAS_ACCEPTED="escrow complete with signed acceptance (settles)"
GAS_FROM_CREDIT="escrow open bill from credit (a deposit)"
GAS_BATCH_SIZE=5
GAS_BATCH="escrow complete batch of $GAS_BATCH_SIZE accepted bills, per bill"
GAS_FLUSH="escrow report outcomes and work (reputation and distributor)"
GAS_PATHS=(
  "$GAS_TRANSFER"
  "escrow open bill"
  "$GAS_FROM_CREDIT"
  "escrow complete"
  "escrow accept (settle)"
  "$GAS_ACCEPTED"
  "$GAS_BATCH"
  "$GAS_FLUSH"
  "escrow withdraw credit (and the pending burn)"
  "escrow finalize (after the window)"
  "channels redeem voucher"
  "channels withdraw credit"
  "staking delegate"
)
declare -A GAS_UNPINNED=() GAS_PINNED=()
GAS_FINALIZE_PINNED=
GAS_FINALIZE_UNPINNED=
GAS_ACCEPTANCE=1 # 0 once the deployed escrow turns out to predate Complete's `acceptance` (a job in two txs)

gas_note() { # gas_note unpinned|pinned <path> <txjson>
  local gas
  gas=$(gas_used "$3") || return 1
  if [[ $1 == pinned ]]; then GAS_PINNED[$2]=$gas; else GAS_UNPINNED[$2]=$gas; fi
  log "gas ($1) $2: $gas"
}

gas_send() { # gas_send <from> <contract> <amount> <hook json> -> tx JSON (cw20 Send with a hook)
  local hook
  hook=$(printf '%s' "$4" | base64 -w0)
  wasm_exec "$1" "$GAS_TOKEN" "$(jq -nc --arg c "$2" --arg a "$3" --arg m "$hook" '{send: {contract: $c, amount: $a, msg: $m}}')"
}

# The same messages as 30-bill-escrow.sh's open_bill and complete, with alice as the provider.
gas_required() { # gas_required <max units> <latency class> -> the amount to send
  query_smart "$GAS_ESCROW" "{\"quote\":{\"model_class\":\"small\",\"latency_class\":\"$2\",\"units\":\"$1\"}}" |
    jq -r .escrow_required
}
gas_bill_terms() { # gas_bill_terms <max units> <latency class> -> the OpenBill JSON, with the gateway's consent
  local deadline consent provider
  provider=$(addr_of "$GAS_PROVIDER")
  deadline=$(($(date +%s) + 600))
  consent=$(signed_statement gateway route "$GAS_ESCROW" "$(addr_of consumer)" "$provider" small "$2" "$1" "$deadline") ||
    return 1
  jq -nc --arg p "$provider" --arg g "$(addr_of gateway)" --arg u "$1" --arg l "$2" --arg d "$((deadline * 1000000000))" \
    --argjson c "$consent" '{provider: $p, gateway: $g, gateway_consent: $c, model_class: "small", max_units: $u,
      latency_class: $l, deadline: $d}'
}
gas_open_bill() { # gas_open_bill <max units> <latency class> -> tx JSON (a cw20 Send of the deposit)
  local required terms
  required=$(gas_required "$1" "$2") && terms=$(gas_bill_terms "$1" "$2") || return 1
  gas_send consumer "$GAS_ESCROW" "$required" "$(jq -nc --argjson t "$terms" '{open_bill: $t}')"
}
gas_open_bill_from_credit() { # gas_open_bill_from_credit <max units> <latency class> -> tx JSON
  local required terms
  required=$(gas_required "$1" "$2") && terms=$(gas_bill_terms "$1" "$2") || return 1
  wasm_exec consumer "$GAS_ESCROW" "$(jq -nc --arg a "$required" --argjson t "$terms" '{open_bill: {amount: $a, bill: $t}}')"
}
gas_result_hash() { printf 'gas-job-%s' "$1" | sha256sum | cut -c1-64; }
gas_complete() { # gas_complete <bill> <units> <latency ms> [acceptance Signed JSON] -> tx JSON
  wasm_exec "$GAS_PROVIDER" "$GAS_ESCROW" "$(jq -nc --argjson b "$1" --arg u "$2" --argjson l "$3" \
    --arg h "$(gas_result_hash "$1")" --argjson a "${4:-null}" \
    '{complete: ({bill_id: $b, units: $u, latency_ms: $l, result_hash: $h} + if $a then {acceptance: $a} else {} end)}')"
}
gas_bill_status() { query_smart "$GAS_ESCROW" "{\"bill\":{\"bill_id\":$1}}" | jq -r .status; }
gas_job() { # gas_job [round]: open, complete and accept one bill; with a round, notes the gas of each step
  local round=${1:-} tx id
  tx=$(gas_open_bill 50 standard) || return 1
  [[ -z $round ]] || gas_note "$round" "escrow open bill" "$tx"
  id=$(tx_events "$tx" wasm bill_id | head -n1)
  tx=$(gas_complete "$id" 40 1200) || return 1
  [[ -z $round ]] || gas_note "$round" "escrow complete" "$tx"
  tx=$(wasm_exec consumer "$GAS_ESCROW" "{\"accept\":{\"bill_id\":$id}}") || return 1
  [[ -z $round ]] || gas_note "$round" "escrow accept (settle)" "$tx"
  expect_eq "bill $id" settled "$(gas_bill_status "$id")"
}
# A job in two txs: open, then a complete carrying the consumer's signed acceptance, which settles the bill. With
# "credit", the bill opens from the consumer's deposit in the escrow instead of a cw20 Send.
gas_job_accepted() { # gas_job_accepted [round] [credit]
  local round=${1:-} tx id acceptance errf
  ((GAS_ACCEPTANCE)) || return 0
  if [[ ${2:-} == credit ]]; then
    tx=$(gas_open_bill_from_credit 50 standard) || return 1
    [[ -z $round ]] || gas_note "$round" "$GAS_FROM_CREDIT" "$tx"
  else
    tx=$(gas_open_bill 50 standard) || return 1
  fi
  id=$(tx_events "$tx" wasm bill_id | head -n1)
  acceptance=$(signed_statement consumer accept "$GAS_ESCROW" "$id" 40 1200 "$(gas_result_hash "$id")") || return 1
  errf=$(mktemp)
  if ! tx=$(gas_complete "$id" 40 1200 "$acceptance" 2>"$errf"); then
    if grep -q 'unknown field .acceptance.' "$errf"; then
      log "the deployed escrow predates Complete's acceptance: '$GAS_ACCEPTED' not measured"
      GAS_ACCEPTANCE=0
      rm -f "$errf"
      return 0
    fi
    cat "$errf" >&2
    rm -f "$errf"
    return 1
  fi
  rm -f "$errf"
  [[ -z $round || ${2:-} == credit ]] || gas_note "$round" "$GAS_ACCEPTED" "$tx"
  expect_eq "bill $id" settled "$(gas_bill_status "$id")"
}
# Several bills of one provider settled by one CompleteBatch, each with its consumer's signed acceptance; the gas per
# bill is noted.
gas_batch() { # gas_batch [round]
  local round=${1:-} tx id ids=() completions='[]' acceptance
  for _ in $(seq "$GAS_BATCH_SIZE"); do
    tx=$(gas_open_bill 50 standard) || return 1
    ids+=("$(tx_events "$tx" wasm bill_id | head -n1)")
  done
  for id in "${ids[@]}"; do
    acceptance=$(signed_statement consumer accept "$GAS_ESCROW" "$id" 40 1200 "$(gas_result_hash "$id")") || return 1
    completions=$(jq -c --argjson b "$id" --arg h "$(gas_result_hash "$id")" --argjson a "$acceptance" \
      '. + [{bill_id: $b, units: "40", latency_ms: 1200, result_hash: $h, acceptance: $a}]' <<<"$completions")
  done
  tx=$(wasm_exec "$GAS_PROVIDER" "$GAS_ESCROW" "$(jq -nc --argjson c "$completions" '{complete_batch: {completions: $c}}')") ||
    return 1
  if [[ -n $round ]]; then
    local gas
    gas=$(gas_used "$tx") || return 1
    if [[ $round == pinned ]]; then GAS_PINNED[$GAS_BATCH]=$((gas / GAS_BATCH_SIZE)); else GAS_UNPINNED[$GAS_BATCH]=$((gas / GAS_BATCH_SIZE)); fi
    log "gas ($round) complete batch of $GAS_BATCH_SIZE: $gas"
  fi
  for id in "${ids[@]}"; do expect_eq "bill $id" settled "$(gas_bill_status "$id")" || return 1; done
}
# The provider's outcomes and settled work since its last report, sent to reputation and the distributor as one
# batch each (anyone may send them).
gas_report() { wasm_exec delegator "$GAS_ESCROW" "{\"report_outcomes\":{\"provider\":\"$(addr_of "$GAS_PROVIDER")\"}}"; }
gas_delegate() { gas_send delegator "$GAS_STAKING" $((100 * GAS_MESH)) "{\"delegate\":{\"operator\":\"$(addr_of "$GAS_PROVIDER")\"}}"; }

test_gas_setup() {
  [[ -n $GAS_TOKEN && -n $GAS_STAKING && -n $GAS_ESCROW && -n $GAS_CHANNELS ]] || {
    echo "the gas paths need token, staking, bill_escrow and payment_channels in $DEPLOYMENT" >&2
    return 1
  }
  [[ $(query_smart "$GAS_STAKING" "{\"operator_status\":{\"operator\":\"$(addr_of "$GAS_PROVIDER")\"}}" | jq -r .active) == true ]] || {
    echo "$GAS_PROVIDER is not an active provider (40-payment-channels.sh registers it)" >&2
    return 1
  }
  wasm_exec liquidity "$GAS_TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of consumer)\",\"amount\":\"$((2000 * GAS_MESH))\"}}" \
    >/dev/null || return 1
  # The consumer's deposit for the bills it opens from credit.
  gas_send consumer "$GAS_ESCROW" $((500 * GAS_MESH)) '{"deposit":{}}' >/dev/null || return 1
  # First, two completed bills whose challenge windows run while everything else is measured.
  local tx var
  for var in GAS_FINALIZE_PINNED GAS_FINALIZE_UNPINNED; do
    tx=$(gas_open_bill 50 standard) || return 1
    printf -v "$var" '%s' "$(tx_events "$tx" wasm bill_id | head -n1)"
    gas_complete "${!var}" 40 1200 >/dev/null || return 1
  done
  # Warm-up: alice's first reputation record and the delegator's delegation to her exist before either round.
  gas_job && gas_job_accepted && gas_job_accepted "" credit && gas_report >/dev/null && gas_delegate >/dev/null
}

gas_round() { # gas_round unpinned|pinned
  local round=$1 tx sign channel expires
  tx=$(wasm_exec liquidity "$GAS_TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of "$GAS_PROVIDER")\",\"amount\":\"$GAS_MESH\"}}") ||
    return 1
  gas_note "$round" "$GAS_TRANSFER" "$tx" || return 1
  gas_job "$round" && gas_job_accepted "$round" && gas_job_accepted "$round" credit && gas_batch "$round" || return 1
  tx=$(gas_report) || return 1
  gas_note "$round" "$GAS_FLUSH" "$tx" || return 1
  tx=$(wasm_exec "$GAS_PROVIDER" "$GAS_ESCROW" '{"withdraw":{}}') || return 1
  gas_note "$round" "escrow withdraw credit (and the pending burn)" "$tx" || return 1
  # A new channel, and the first redeem on it: the 1,000th voucher, as in 40-payment-channels.sh.
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$GAS_CHANNELS" 0 1 1) || return 1
  expires=$((($(date +%s) + 3600) * 1000000000))
  tx=$(gas_send consumer "$GAS_CHANNELS" $((100 * GAS_MESH)) "$(jq -nc --arg p "$(addr_of "$GAS_PROVIDER")" \
    --arg k "$(jq -r .pubkey <<<"$sign")" --arg e "$expires" '{open_channel: {provider: $p, pubkey: $k, expires_at: $e}}')") ||
    return 1
  channel=$(tx_events "$tx" wasm channel_id | head -n1)
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$GAS_CHANNELS" "$channel" 50000 1000 adr036) || return 1
  tx=$(wasm_exec "$GAS_PROVIDER" "$GAS_CHANNELS" "$(jq -c .redeem <<<"$sign")") || return 1
  gas_note "$round" "channels redeem voucher" "$tx" || return 1
  # One withdrawal of the credit of every redemption so far.
  tx=$(wasm_exec "$GAS_PROVIDER" "$GAS_CHANNELS" '{"withdraw":{}}') || return 1
  gas_note "$round" "channels withdraw credit" "$tx" || return 1
  tx=$(gas_delegate) || return 1
  gas_note "$round" "staking delegate" "$tx"
}

test_gas_unpinned() {
  [[ -z $(pinned_code_ids) ]] || {
    echo "codes are pinned before the unpinned round: $(pinned_code_ids | tr '\n' ' ')" >&2
    return 1
  }
  gas_round unpinned
}

# deploy.sh's default pin step, on the deployed suite: it keeps every contract and pins every code.
# shellcheck disable=SC2046 # pin_codes takes one id per word
test_gas_deploy_pins_the_suite() {
  local before t0 took
  before=$(jq -c .contracts "$DEPLOYMENT")
  t0=$(now_s)
  INFERMESH_PIN_CODES=1 "$SCRIPTS_DIR/deploy.sh" >/dev/null || return 1
  took=$(elapsed_since "$t0")
  log "deploy.sh re-run with its pin step: $took s"
  expect_eq "contracts kept" "$before" "$(jq -c .contracts "$DEPLOYMENT")" &&
    expect_eq "pinned_code_ids recorded" "$(jq -c '[.code_ids[]] | unique' "$DEPLOYMENT")" \
      "$(jq -c '.pinned_code_ids | sort' "$DEPLOYMENT")" &&
    expect_eq "on chain" "$(jq -r '.pinned_code_ids | sort | .[]' "$DEPLOYMENT" | tr '\n' ' ')" \
      "$(pinned_code_ids | tr '\n' ' ')" &&
    expect_eq "a second pin submits nothing" "" "$(pin_codes $(jq -r '.pinned_code_ids[]' "$DEPLOYMENT"))"
}

test_gas_pinned() { gas_round pinned; }

test_gas_finalize() {
  local ends wait_s tx t0
  ends=$(query_smart "$GAS_ESCROW" "{\"bill\":{\"bill_id\":$GAS_FINALIZE_UNPINNED}}" | jq -r .completion.challenge_ends_at) ||
    return 1
  wait_s=$((ends / 1000000000 - $(date +%s) + 2))
  if ((wait_s > 0)); then
    log "waiting ${wait_s} s for the challenge windows of bills $GAS_FINALIZE_PINNED and $GAS_FINALIZE_UNPINNED"
    sleep "$wait_s"
  fi
  tx=$(wasm_exec alice "$GAS_ESCROW" "{\"finalize\":{\"bill_id\":$GAS_FINALIZE_PINNED}}") || return 1
  gas_note pinned "escrow finalize (after the window)" "$tx" || return 1
  t0=$(now_s)
  # shellcheck disable=SC2046 # one id per word
  unpin_codes $(pinned_code_ids) >/dev/null || return 1
  log "codes unpinned by a governance proposal in $(elapsed_since "$t0") s"
  tx=$(wasm_exec alice "$GAS_ESCROW" "{\"finalize\":{\"bill_id\":$GAS_FINALIZE_UNPINNED}}") || return 1
  gas_note unpinned "escrow finalize (after the window)" "$tx" &&
    expect_eq "bill $GAS_FINALIZE_PINNED" settled "$(gas_bill_status "$GAS_FINALIZE_PINNED")" &&
    expect_eq "bill $GAS_FINALIZE_UNPINNED" settled "$(gas_bill_status "$GAS_FINALIZE_UNPINNED")"
}

gas_ratio() { # gas_ratio <gas|-> <transfer gas> -> gas / transfer with two decimals
  if [[ $1 == - ]]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

gas_budget() { # gas_budget <path> -> its budget from the budgets file (label TAB gas; # comments)
  awk -F '\t' -v p="$1" '!/^#/ && $1 == p { gsub(/[^0-9]/, "", $2); print $2; exit }' "$GAS_BUDGETS"
}

# The table, then each pinned path against its budget.
test_gas_within_budgets() {
  local path transfer u p budget limit bad=0 open complete accept finalize
  transfer=${GAS_PINNED[$GAS_TRANSFER]:-}
  [[ -n $transfer ]] || {
    echo "no pinned cw20 transfer measured" >&2
    return 1
  }
  {
    printf 'path\tunpinned gas\tpinned gas\tpinned / pinned transfer\tpinned budget\n'
    for path in "${GAS_PATHS[@]}"; do
      u=${GAS_UNPINNED[$path]:--} p=${GAS_PINNED[$path]:--}
      printf '%s\t%s\t%s\t%s\t%s\n' "$path" "$u" "$p" "$(gas_ratio "$p" "$transfer")" "$(gas_budget "$path")"
    done
    open=${GAS_PINNED["escrow open bill"]:-0} complete=${GAS_PINNED["escrow complete"]:-0}
    accept=${GAS_PINNED["escrow accept (settle)"]:-0} finalize=${GAS_PINNED["escrow finalize (after the window)"]:-0}
    u=$((${GAS_UNPINNED["escrow open bill"]:-0} + ${GAS_UNPINNED["escrow complete"]:-0}))
    printf '%s\t%s\t%s\t%s\t\n' "job: open + complete + accept" "$((u + ${GAS_UNPINNED["escrow accept (settle)"]:-0}))" \
      "$((open + complete + accept))" "$(gas_ratio $((open + complete + accept)) "$transfer")"
    if [[ -n ${GAS_PINNED[$GAS_ACCEPTED]:-} ]]; then
      printf '%s\t%s\t%s\t%s\t\n' "job: open + complete with signed acceptance" \
        "$((${GAS_UNPINNED["escrow open bill"]:-0} + ${GAS_UNPINNED[$GAS_ACCEPTED]:-0}))" \
        "$((open + GAS_PINNED[$GAS_ACCEPTED]))" "$(gas_ratio $((open + GAS_PINNED[$GAS_ACCEPTED])) "$transfer")"
    fi
    if [[ -n ${GAS_PINNED[$GAS_ACCEPTED]:-} && -n ${GAS_PINNED[$GAS_FROM_CREDIT]:-} ]]; then
      printf '%s\t%s\t%s\t%s\t\n' "job: open from credit + complete with signed acceptance" \
        "$((${GAS_UNPINNED[$GAS_FROM_CREDIT]:-0} + ${GAS_UNPINNED[$GAS_ACCEPTED]:-0}))" \
        "$((GAS_PINNED[$GAS_FROM_CREDIT] + GAS_PINNED[$GAS_ACCEPTED]))" \
        "$(gas_ratio $((GAS_PINNED[$GAS_FROM_CREDIT] + GAS_PINNED[$GAS_ACCEPTED])) "$transfer")"
    fi
    if [[ -n ${GAS_PINNED[$GAS_ACCEPTED]:-} ]]; then
      # The same job when its outcome is reported to reputation on its own (report_interval_seconds 0, or the first
      # job after an hour without one): the worst case of a job in two transactions.
      printf '%s\t%s\t%s\t%s\t\n' "job: open + complete with signed acceptance + its own report" \
        "$((${GAS_UNPINNED["escrow open bill"]:-0} + ${GAS_UNPINNED[$GAS_ACCEPTED]:-0} + ${GAS_UNPINNED[$GAS_FLUSH]:-0}))" \
        "$((open + GAS_PINNED[$GAS_ACCEPTED] + ${GAS_PINNED[$GAS_FLUSH]:-0}))" \
        "$(gas_ratio $((open + GAS_PINNED[$GAS_ACCEPTED] + ${GAS_PINNED[$GAS_FLUSH]:-0})) "$transfer")"
    fi
    printf '%s\t%s\t%s\t%s\t\n' "job: open + complete + finalize" \
      "$((u + ${GAS_UNPINNED["escrow finalize (after the window)"]:-0}))" "$((open + complete + finalize))" \
      "$(gas_ratio $((open + complete + finalize)) "$transfer")"
  } >"$PIN_GAS_REPORT"
  [[ -f $GAS_BUDGETS ]] || {
    echo "no budgets file $GAS_BUDGETS" >&2
    return 1
  }
  for path in "${GAS_PATHS[@]}"; do
    p=${GAS_PINNED[$path]:-}
    budget=$(gas_budget "$path")
    if [[ -z $p ]]; then
      [[ -z $budget ]] || continue # reported by the loop over the budgets below
      log "$path: not measured (the deployed contracts lack it) and not budgeted"
    elif [[ -z $budget ]]; then
      warn "$path: no budget in ${GAS_BUDGETS#"$REPO_ROOT"/} yet; add one: pinned gas $p, rounded up to $(((p + 999) / 1000 * 1000))"
    else
      limit=$((budget * (100 + GAS_TOLERANCE) / 100))
      if ((p > limit)); then
        echo "$path: pinned gas $p is more than ${GAS_TOLERANCE} % above its budget $budget (limit $limit)" >&2
        bad=1
      fi
    fi
  done
  while IFS=$'\t' read -r path _; do
    [[ -n $path && $path != \#* ]] || continue
    [[ -n ${GAS_PINNED[$path]:-} ]] || {
      echo "$path: budgeted in ${GAS_BUDGETS#"$REPO_ROOT"/} but not measured by 50-gas.sh" >&2
      bad=1
    }
  done <"$GAS_BUDGETS"
  ((bad == 0))
}

for t in test_gas_setup test_gas_unpinned test_gas_deploy_pins_the_suite test_gas_pinned test_gas_finalize \
  test_gas_within_budgets; do
  check "${t#test_}" "$t"
done
