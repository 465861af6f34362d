# shellcheck shell=bash
# Distributor chain tests, sourced by scripts/chain-test.sh after the escrow and channels tests. deploy.sh funded the
# pool with the provider-rewards allocation and made "admin" the reporter of the work roles; epochs last 60 s here.
DISTRIBUTOR=$(jq -r '.contracts.distributor // empty' "$DEPLOYMENT")

test_distributor_funded_on_schedule() {
  local emission year1
  emission=$(query_smart "$DISTRIBUTOR" '{"emission":{}}') || return 1
  year1=$(query_smart "$DISTRIBUTOR" '{"schedule":{"year":0}}' | jq -r .year_emission)
  expect_eq "funded with the provider-rewards allocation" $((350000000 * MESH)) "$(jq -r .funded <<<"$emission")" &&
    expect_eq "recorded under the rewards account" "$(addr_of rewards)" "$(jq -r '.funding[0][0]' <<<"$emission")" &&
    expect_eq "year 1 emits 70,000,000 tokens" $((70000000 * MESH)) "$year1"
}

test_distributor_work_claim() {
  local tx config epoch ends wait_s validator alice before got
  validator=$(addr_of validator) alice=$(addr_of alice)
  wasm_exec_expect_fail bob "$DISTRIBUTOR" \
    "$(jq -nc --arg m "$validator" '{report_work: {role: "validators", entries: [{member: $m, weight: "1", fees: "0"}]}}')" \
    "does not report the work of Validators" --gas 600000 >/dev/null || return 1
  tx=$(wasm_exec admin "$DISTRIBUTOR" "$(jq -nc --arg v "$validator" --arg a "$alice" \
    '{report_work: {role: "validators", entries: [{member: $v, weight: "1", fees: "0"}, {member: $a, weight: "3", fees: "0"}]}}')") ||
    return 1
  record_gas "distributor report work (2 members)" "$tx"
  epoch=$(tx_events "$tx" wasm epoch | head -1)
  config=$(query_smart "$DISTRIBUTOR" '{"config":{}}') || return 1
  ends=$(($(jq -r .start <<<"$config") / 1000000000 + (epoch + 1) * $(jq -r .epoch_seconds <<<"$config")))
  wait_s=$((ends - $(date +%s) + 3))
  if ((wait_s > 0)); then
    log "waiting ${wait_s} s for distributor epoch $epoch to close"
    sleep "$wait_s"
  fi
  local pending_v pending_a
  pending_v=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$validator\"}}" | jq -r .total)
  pending_a=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$alice\"}}" | jq -r .total)
  ((pending_v > 0)) || {
    echo "validator earned nothing in epoch $epoch" >&2
    return 1
  }
  before=$(cw20_balance "$TOKEN" validator)
  tx=$(wasm_exec validator "$DISTRIBUTOR" '{"claim":{}}') || return 1
  record_gas "distributor claim (all roles)" "$tx"
  got=$(($(cw20_balance "$TOKEN" validator) - before))
  # Work 1 : 3 of the validators' 10 % of the epoch's emission, each share rounded down.
  expect_eq "claimed what was pending" "$pending_v" "$got" &&
    expect_eq "shared 1 : 3" 1 "$(((pending_a - 3 * pending_v) <= 3 && (3 * pending_v - pending_a) <= 3))" &&
    wasm_exec_expect_fail validator "$DISTRIBUTOR" '{"claim":{}}' "has nothing to claim" --gas 600000 >/dev/null
}

if [[ -n $DISTRIBUTOR ]]; then
  for t in test_distributor_funded_on_schedule test_distributor_work_claim; do
    check "${t#test_}" "$t"
  done
else
  log "no distributor in $DEPLOYMENT: distributor tests skipped"
fi
