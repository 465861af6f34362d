# shellcheck shell=bash
# Bill escrow chain tests, sourced by scripts/chain-test.sh after staking and reputation. "bob" serves jobs as a
# provider, "gateway" routes them, "consumer" pays; validators and the owner ("admin", also the arbiter) decide
# disputes. Payment channels have their own file (40-payment-channels.sh).
ESCROW=$(jq -r '.contracts.bill_escrow // empty' "$DEPLOYMENT")

escrow_send() { # escrow_send <from> <amount> <hook json> -> tx JSON
  local hook
  hook=$(printf '%s' "$3" | base64 -w0)
  wasm_exec "$1" "$TOKEN" "{\"send\":{\"contract\":\"$ESCROW\",\"amount\":\"$2\",\"msg\":\"$hook\"}}"
}
bill() { query_smart "$ESCROW" "{\"bill\":{\"bill_id\":$1}}"; }
escrow_credit() { query_smart "$ESCROW" "{\"credit\":{\"address\":\"$(addr_of "$1")\"}}" | jq -r .; }
escrow_totals() { query_smart "$ESCROW" '{"totals":{}}'; }
# What <key> was paid by the escrow: its tokens plus its credit there (payouts and refunds are credited and withdrawn
# in one transfer for any number of bills, bill-escrow.md §7).
paid() { echo "$(($(cw20_balance "$TOKEN" "$1") + $(escrow_credit "$1")))"; }
quote() { query_smart "$ESCROW" "{\"quote\":{\"model_class\":\"small\",\"latency_class\":\"$1\",\"units\":\"$2\"}}"; }
open_bill() { # open_bill <max units> <latency class> <deadline in s> -> tx JSON; the gateway signs its consent
  local required deadline consent
  required=$(quote "$2" "$1" | jq -r .escrow_required) || return 1
  deadline=$(($(date +%s) + $3))
  consent=$(signed_statement gateway route "$ESCROW" "$(addr_of consumer)" "$(addr_of bob)" small "$2" "$1" \
    "$deadline") || return 1
  escrow_send consumer "$required" "$(jq -nc --arg p "$(addr_of bob)" --arg g "$(addr_of gateway)" --arg u "$1" \
    --arg l "$2" --arg d "$((deadline * 1000000000))" --argjson c "$consent" \
    '{open_bill: {provider: $p, gateway: $g, gateway_consent: $c, model_class: "small", max_units: $u,
      latency_class: $l, deadline: $d}}')"
}
result_hash() { printf 'job-%s' "$1" | sha256sum | cut -c1-64; }
complete() { # complete <from> <bill> <units> <latency ms> [acceptance Signed JSON] -> tx JSON
  wasm_exec "$1" "$ESCROW" "{\"complete\":{\"bill_id\":$2,\"units\":\"$3\",\"latency_ms\":$4,\"result_hash\":\"$(result_hash "$2")\",\"acceptance\":${5:-null}}}"
}

test_escrow_setup() {
  local hook params
  # Operators and a consumer with tokens; the owner shortens the challenge window and the dispute vote to their
  # 60 s minimum.
  for who in bob:30000 gateway:20000 consumer:100000; do
    wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of "${who%%:*}")\",\"amount\":\"$((${who#*:} * MESH))\"}}" >/dev/null ||
      return 1
  done
  wasm_exec bob "$STAKING" '{"register_operator":{"role":"provider","metadata":{"models":["llama-3-8b"],"latency_ms":1000,"endpoint":"https://bob.example.invalid"}}}' >/dev/null &&
    wasm_exec gateway "$STAKING" '{"register_operator":{"role":"gateway","metadata":{"models":[],"latency_ms":50,"endpoint":"https://gateway.example.invalid"}}}' >/dev/null ||
    return 1
  hook=$(printf '{"self_bond":{}}' | base64 -w0)
  for who in bob gateway; do
    wasm_exec "$who" "$TOKEN" "{\"send\":{\"contract\":\"$STAKING\",\"amount\":\"$((10000 * MESH))\",\"msg\":\"$hook\"}}" >/dev/null ||
      return 1
  done
  # The staking tests shortened unbonding to seconds; a bill must stay slashable for its whole exposure (deadline,
  # challenge window, dispute timeout: bill-escrow.md §1), so staking goes back to its 21-day default first, and the
  # escrow refuses its own update until then.
  params=$(query_smart "$ESCROW" '{"params":{}}' | jq -c '.challenge_window_seconds = 60 | .dispute_voting_seconds = 60') ||
    return 1
  wasm_exec_expect_fail admin "$ESCROW" "{\"emergency_update_params\":{\"params\":$params}}" \
    "longer than staking's unbonding period of 6 s" --gas 800000 >/dev/null || return 1
  wasm_exec admin "$STAKING" "{\"emergency_update_params\":{\"params\":$(query_smart "$STAKING" '{"params":{}}' |
    jq -c '.unbonding_period_seconds = 1814400')}}" >/dev/null &&
    wasm_exec admin "$ESCROW" "{\"emergency_update_params\":{\"params\":$params}}" >/dev/null
}

FINALIZE_BILL=
FINALIZE_AFTER=
test_escrow_bill_opens_with_the_fee_taken() {
  local supply_before treasury_before burn_before tx bill_json fee
  supply_before=$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)
  burn_before=$(escrow_totals | jq -r .burn_pending)
  treasury_before=$(paid "$(jq -r .contracts.dao "$DEPLOYMENT")")
  tx=$(open_bill 100 fast 600) || return 1
  record_gas "escrow open bill (cw20 Send)" "$tx"
  FINALIZE_BILL=$(tx_events "$tx" wasm bill_id | head -1)
  bill_json=$(bill "$FINALIZE_BILL") || return 1
  fee=$(jq -r .network_fee <<<"$bill_json")
  tx=$(complete bob "$FINALIZE_BILL" 80 700) || return 1
  record_gas "escrow complete" "$tx"
  FINALIZE_AFTER=$(($(date +%s) + 62))
  # 2% of the deposit: half to burn (rounded down), burned with the next withdrawal; the rest to the treasury.
  expect_eq "fee is 2% of the deposit" "$fee" "$(((($(jq -r .deposit <<<"$bill_json") * 2) + 99) / 100))" &&
    expect_eq "nothing burned at opening" "$supply_before" "$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)" &&
    expect_eq "half the fee pending burning" "$((burn_before + fee / 2))" "$(escrow_totals | jq -r .burn_pending)" &&
    expect_eq "treasury got the rest" "$((fee - fee / 2))" "$(($(paid "$(jq -r .contracts.dao "$DEPLOYMENT")") - treasury_before))" &&
    expect_eq "status" completed "$(bill "$FINALIZE_BILL" | jq -r .status)"
}

test_escrow_bill_end_to_end_accept_and_rate() {
  local tx id provider_before gateway_before consumer_before settled split credit burn supply
  tx=$(open_bill 50 standard 600) || return 1
  id=$(tx_events "$tx" wasm bill_id | head -1)
  complete bob "$id" 40 1200 >/dev/null || return 1
  provider_before=$(paid bob)
  gateway_before=$(paid gateway)
  consumer_before=$(paid consumer)
  tx=$(wasm_exec consumer "$ESCROW" "{\"accept\":{\"bill_id\":$id}}") || return 1
  record_gas "escrow accept (settle)" "$tx"
  settled=$(bill "$id") || return 1
  split=$(jq -c .settlement.split <<<"$settled")
  expect_eq "status" settled "$(jq -r .status <<<"$settled")" &&
    expect_eq "split sums to the charge" "$(jq -r .settlement.charged <<<"$settled")" \
      "$(jq -r '[.provider, .gateway, .treasury, .governance] | map(tonumber) | add' <<<"$split")" &&
    expect_eq "provider paid" "$(jq -r .provider <<<"$split")" "$(($(paid bob) - provider_before))" &&
    expect_eq "gateway paid" "$(jq -r .gateway <<<"$split")" "$(($(paid gateway) - gateway_before))" &&
    expect_eq "unused escrow refunded" "$(jq -r .settlement.refunded <<<"$settled")" \
      "$(($(paid consumer) - consumer_before))" || return 1
  # bob collects everything the escrow credited it so far (several bills) in one transfer; the fee halves pending
  # burning since the last withdrawal are burned with it.
  provider_before=$(cw20_balance "$TOKEN" bob)
  credit=$(escrow_credit bob)
  burn=$(escrow_totals | jq -r .burn_pending)
  supply=$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)
  tx=$(wasm_exec bob "$ESCROW" '{"withdraw":{}}') || return 1
  record_gas "escrow withdraw credit (and the pending burn)" "$tx"
  expect_eq "withdrawn" "$credit" "$(($(cw20_balance "$TOKEN" bob) - provider_before))" &&
    expect_eq "nothing left" 0 "$(escrow_credit bob)" &&
    expect_eq "pending fees burned" "$burn" "$((supply - $(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)))" &&
    expect_eq "no burn pending" 0 "$(escrow_totals | jq -r .burn_pending)" || return 1
  # The consumer of the settled bill rates it in reputation, once.
  tx=$(wasm_exec consumer "$REPUTATION" "{\"rate\":{\"bill_id\":$id,\"stars\":4}}") || return 1
  record_gas "reputation rate (escrow-settled bill)" "$tx"
  wasm_exec_expect_fail alice "$REPUTATION" "{\"rate\":{\"bill_id\":$id,\"stars\":1}}" "is not the consumer of bill $id" \
    --gas 600000 >/dev/null
}

# A job in two transactions: the consumer signs its acceptance of the completion off-chain (as Keplr's signArbitrary
# would), bob's Complete carries it, and the bill settles at once.
test_escrow_job_in_two_transactions() {
  local tx id acceptance open_gas
  tx=$(open_bill 50 standard 600) || return 1
  open_gas=$(gas_used "$tx")
  id=$(tx_events "$tx" wasm bill_id | head -1)
  acceptance=$(signed_statement consumer accept "$ESCROW" "$id" 40 1200 "$(result_hash "$id")") || return 1
  tx=$(complete bob "$id" 40 1200 "$acceptance") || return 1
  record_gas "escrow complete with the consumer's signed acceptance (settles)" "$tx"
  log "a job in two transactions: open $open_gas + complete-and-settle $(gas_used "$tx") gas"
  expect_eq "settled at once" settled "$(bill "$id" | jq -r .status)" &&
    expect_eq "action" complete_accepted_bill "$(tx_events "$tx" wasm action | grep -m1 complete_accepted_bill)"
}

test_escrow_guards_on_chain() {
  local tx id
  tx=$(open_bill 10 standard 600) || return 1
  id=$(tx_events "$tx" wasm bill_id | head -1)
  wasm_exec_expect_fail alice "$ESCROW" "{\"complete\":{\"bill_id\":$id,\"units\":\"5\",\"latency_ms\":10,\"result_hash\":\"x\"}}" \
    "is not the provider of bill $id" --gas 800000 >/dev/null &&
    wasm_exec_expect_fail bob "$ESCROW" "{\"complete\":{\"bill_id\":$id,\"units\":\"11\",\"latency_ms\":10,\"result_hash\":\"x\"}}" \
      "11 units exceed the bill's maximum 10" --gas 800000 >/dev/null &&
    wasm_exec_expect_fail consumer "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$id,\"receipt\":null}}" "has until" \
      --gas 800000 >/dev/null
}

# Without bob's receipt only the consumer refunds a timeout, and it counts for nothing; with it (bob signed that it
# took the job) anyone refunds and the timeout counts against bob in reputation.
sla_jobs() { query_smart "$ESCROW" "{\"sla_window\":{\"provider\":\"$(addr_of bob)\"}}" | jq -r .jobs; }
test_escrow_timeout_refund() {
  local tx id consumer_before bill_json receipt unacknowledged jobs_before
  jobs_before=$(sla_jobs)
  tx=$(open_bill 20 standard 8) || return 1
  unacknowledged=$(tx_events "$tx" wasm bill_id | head -1)
  tx=$(open_bill 20 standard 8) || return 1
  id=$(tx_events "$tx" wasm bill_id | head -1)
  bill_json=$(bill "$id")
  receipt=$(signed_statement bob receipt "$ESCROW" "$id" "$(addr_of consumer)" \
    "$(($(jq -r .terms.deadline <<<"$bill_json") / 1000000000))") || return 1
  wasm_exec_expect_fail alice "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$id,\"receipt\":$receipt}}" "has until" \
    --gas 800000 >/dev/null || return 1
  sleep 10
  # A receipt of another bill is refused.
  wasm_exec_expect_fail alice "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$unacknowledged,\"receipt\":$receipt}}" \
    "is not valid for this statement" --gas 800000 >/dev/null || return 1
  wasm_exec_expect_fail alice "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$unacknowledged,\"receipt\":null}}" \
    "is not the consumer of bill $unacknowledged" --gas 800000 >/dev/null || return 1
  tx=$(wasm_exec consumer "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$unacknowledged,\"receipt\":null}}") || return 1
  record_gas "escrow refund after timeout (no receipt)" "$tx"
  expect_eq "no receipt: not acknowledged" false "$(tx_events "$tx" wasm acknowledged | head -1)" &&
    expect_eq "no receipt: nothing counted or reported" "$jobs_before 0" \
      "$(sla_jobs) $(tx_events "$tx" wasm action | grep -c report_outcomes)" || return 1
  consumer_before=$(paid consumer)
  tx=$(wasm_exec alice "$ESCROW" "{\"refund_timeout\":{\"bill_id\":$id,\"receipt\":$receipt}}") || return 1
  record_gas "escrow refund after timeout (provider receipt, ADR-036)" "$tx"
  expect_eq "status" timed_out "$(bill "$id" | jq -r .status)" &&
    expect_eq "receipt: acknowledged" true "$(tx_events "$tx" wasm acknowledged | head -1)" &&
    expect_eq "receipt: timeout counted and reported at once" "$((jobs_before + 1)) 0 1" \
      "$(sla_jobs) $(query_smart "$ESCROW" "{\"sla_window\":{\"provider\":\"$(addr_of bob)\"}}" | jq -r .unreported_jobs) $(tx_events "$tx" wasm action | grep -c report_outcomes)" &&
    expect_eq "escrow back to the consumer (fee stays paid)" "$(jq -r .escrowed <<<"$bill_json")" \
      "$(($(paid consumer) - consumer_before))"
}

# Two disputes opened together: on the first, "validator" (the only validator, registered by the reputation tests,
# so all validator stake at the opening height) votes the provider at fault and Finalize applies the verdict after the
# voting period; nobody votes on the second, so after the period the arbiter ("admin") decides it.
test_escrow_dispute_decided_by_validator_stake() {
  local tx id other supply_before consumer_before bob_before bond opened weight total ends_at wait_s
  tx=$(open_bill 30 standard 600) || return 1
  id=$(tx_events "$tx" wasm bill_id | head -1)
  tx=$(open_bill 30 standard 600) || return 1
  other=$(tx_events "$tx" wasm bill_id | head -1)
  complete bob "$id" 30 500 >/dev/null && complete bob "$other" 30 500 >/dev/null || return 1
  bond=$(query_smart "$ESCROW" '{"params":{}}' | jq -r .min_dispute_bond)
  tx=$(escrow_send consumer "$bond" "{\"dispute\":{\"bill_id\":$id}}") || return 1
  record_gas "escrow dispute (cw20 Send bond, validator stake snapshot)" "$tx"
  escrow_send consumer "$bond" "{\"dispute\":{\"bill_id\":$other}}" >/dev/null || return 1
  wasm_exec_expect_fail consumer "$ESCROW" "{\"accept\":{\"bill_id\":$id}}" "is Disputed; cannot" --gas 800000 >/dev/null ||
    return 1
  opened=$(bill "$id" | jq -r .dispute.opened_height)
  total=$(bill "$id" | jq -r .dispute.validator_stake)
  weight=$(query_smart "$STAKING" "{\"operator_stake_at_height\":{\"operator\":\"$(addr_of validator)\",\"height\":$opened,\"counterparties\":[]}}" |
    jq -r .stake)
  expect_eq "validator stake at the opening height is the staking role total" "$total" \
    "$(query_smart "$STAKING" "{\"total_stake_at_height\":{\"height\":$opened,\"role\":\"validator\"}}" | jq -r .total)" ||
    return 1
  tx=$(wasm_exec validator "$ESCROW" "{\"resolve_vote\":{\"bill_id\":$id,\"provider_at_fault\":true}}") || return 1
  record_gas "escrow dispute vote (weighed at the opening height)" "$tx"
  expect_eq "the vote weighs the validator's stake at the opening height" "$weight" \
    "$(tx_events "$tx" wasm weight | head -1)" &&
    expect_eq "it holds the one-third quorum" 1 "$((weight * 3 >= total))" || return 1
  # No verdict before the voting period ends, from the validators or the arbiter.
  wasm_exec_expect_fail alice "$ESCROW" "{\"finalize\":{\"bill_id\":$id}}" "voting on bill $id runs until" \
    --gas 800000 >/dev/null &&
    wasm_exec_expect_fail admin "$ESCROW" "{\"resolve\":{\"bill_id\":$other,\"verdict\":{\"consumer_wrong\":{}}}}" \
      "voting on bill $other runs until" --gas 800000 >/dev/null || return 1
  ends_at=$(bill "$other" | jq -r .dispute.voting_ends_at)
  wait_s=$((ends_at / 1000000000 - $(date +%s) + 2))
  ((wait_s > 0)) && sleep "$wait_s"
  supply_before=$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)
  consumer_before=$(paid consumer)
  tx=$(wasm_exec alice "$ESCROW" "{\"finalize\":{\"bill_id\":$id}}") || return 1
  record_gas "escrow finalize dispute (validator verdict: refund + slash)" "$tx"
  # The consumer gets the escrow and the bond back; 5% of bob's 10,000 MESH self-bond is burned.
  expect_eq "resolved by" validators "$(tx_events "$tx" wasm resolved_by | head -1)" &&
    expect_eq "refunded" "$(($(bill "$id" | jq -r .escrowed) + bond))" "$(($(paid consumer) - consumer_before))" &&
    expect_eq "slash burned" $((500 * MESH)) "$((supply_before - $(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)))" &&
    expect_eq "evidence recorded" "bill-$id" "$(query_smart "$STAKING" "{\"evidence\":{\"evidence_id\":\"bill-$id\"}}" | jq -r .evidence_id)" ||
    return 1
  bob_before=$(paid bob)
  tx=$(wasm_exec admin "$ESCROW" "{\"resolve\":{\"bill_id\":$other,\"verdict\":{\"consumer_wrong\":{}}}}") || return 1
  record_gas "escrow resolve dispute (arbiter after a vote without quorum)" "$tx"
  expect_eq "arbiter settled" settled "$(bill "$other" | jq -r .status)" &&
    expect_eq "bob paid with the bond" "$(($(bill "$other" | jq -r .settlement.split.provider) + bond))" \
      "$(($(paid bob) - bob_before))"
}

test_escrow_permissionless_finalize() {
  local wait_s tx
  wait_s=$((FINALIZE_AFTER - $(date +%s)))
  ((wait_s > 0)) && sleep "$wait_s"
  tx=$(wasm_exec alice "$ESCROW" "{\"finalize\":{\"bill_id\":$FINALIZE_BILL}}") || return 1
  record_gas "escrow finalize (after the window)" "$tx"
  expect_eq "status" settled "$(bill "$FINALIZE_BILL" | jq -r .status)" &&
    wasm_exec_expect_fail alice "$ESCROW" "{\"finalize\":{\"bill_id\":$FINALIZE_BILL}}" "is Settled; cannot" --gas 800000 >/dev/null
}

if [[ -n $ESCROW ]]; then
  for t in test_escrow_setup test_escrow_bill_opens_with_the_fee_taken test_escrow_bill_end_to_end_accept_and_rate \
    test_escrow_job_in_two_transactions test_escrow_guards_on_chain test_escrow_timeout_refund \
    test_escrow_dispute_decided_by_validator_stake test_escrow_permissionless_finalize; do
    check "${t#test_}" "$t"
  done
fi
