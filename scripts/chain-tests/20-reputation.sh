# shellcheck shell=bash
# Reputation chain tests, sourced by scripts/chain-test.sh after the staking tests (which registered "provider").
# The bill escrow is the only outcome reporter: it sends a provider's jobs summed in one batch (report_outcomes). To
# feed outcomes directly, the owner ("admin") makes itself the reporter for these tests and hands the role back to
# the escrow at the end. Ratings read the bill from the escrow's Bill query: a settled bill is rated in the escrow
# tests (30-bill-escrow.sh); here only the guards that need no bill.
REPUTATION=$(jq -r '.contracts.reputation // empty' "$DEPLOYMENT")

score_of() { query_smart "$REPUTATION" "{\"score\":{\"operator\":\"$(addr_of "$1")\"}}"; }
# A batch of <n> jobs of "provider", each <outcome> in <latency ms>, worth 1,000 tokens (confidence grows with value:
# 20,000 tokens for full confidence) and 100 compute units, summed as the escrow's OutcomeBatch::add sums them: a
# success's latency score is 1000 up to the advertised latency, falling linearly to 500 at twice it.
batch_json() { # batch_json <outcome> <latency ms> <n>
  local outcome=$1 latency=$2 n=$3 value=$((1000 * MESH)) advertised ratio score
  local successes=0 failures=0 timeouts=0 success_value=0 failed_value=0 score_value=0 ms_value=0 ratio_value=0
  advertised=$(query_smart "$STAKING" "{\"operator_status\":{\"operator\":\"$(addr_of provider)\"}}" |
    jq -r .advertised_latency_ms) || return 1
  case $outcome in
  success)
    ratio=$((latency * 1000 / (advertised > 0 ? advertised : 1)))
    score=1000
    ((ratio <= 1000)) || score=$((1000 - ((ratio - 1000 < 1000 ? ratio - 1000 : 1000) * 500 / 1000)))
    successes=$n success_value=$((n * value)) score_value=$((n * score * value))
    ms_value=$((n * latency * value)) ratio_value=$((n * ratio * value))
    ;;
  failure) failures=$n failed_value=$((n * value)) ;;
  timeout) timeouts=$n failed_value=$((n * value)) ;;
  esac
  jq -nc --arg p "$(addr_of provider)" --argjson s "$successes" --argjson f "$failures" --argjson t "$timeouts" \
    --arg sv "$success_value" --arg fv "$failed_value" --arg lsv "$score_value" --arg lmv "$ms_value" \
    --arg lrv "$ratio_value" --arg cu "$((n * 100))" \
    '{report_outcomes: {operator: $p, successes: $s, failures: $f, timeouts: $t, success_value: $sv,
      failed_value: $fv, latency_score_value: $lsv, latency_ms_value: $lmv, latency_ratio_value: $lrv,
      compute_units: $cu}}'
}
report() { # report <outcome> <latency ms> <jobs in the batch>
  local msg
  msg=$(batch_json "$@") || return 1
  wasm_exec admin "$REPUTATION" "$msg"
}

ESCROW_REPORTER=
test_reputation_owner_takes_reporter_role() {
  ESCROW_REPORTER=$(query_smart "$REPUTATION" '{"config":{}}' | jq -r .escrow) || return 1
  wasm_exec admin "$REPUTATION" "{\"update_config\":{\"escrow\":\"$(addr_of admin)\"}}" >/dev/null
}

test_reputation_reporter_role_returns_to_escrow() {
  wasm_exec admin "$REPUTATION" "{\"update_config\":{\"escrow\":\"$ESCROW_REPORTER\"}}" >/dev/null &&
    expect_eq "reporter" "$ESCROW_REPORTER" "$(query_smart "$REPUTATION" '{"config":{}}' | jq -r .escrow)"
}

test_reputation_outcomes_move_the_score() {
  local before tx score
  before=$(score_of provider | jq -r .score) || return 1
  tx=$(report success 60 1) || return 1
  record_gas "reputation report outcomes (1 job)" "$tx"
  # Three jobs in one batch cost about what one does: the batch is added to the bucket as a whole.
  tx=$(report success 70 3) || return 1
  record_gas "reputation report outcomes (3 jobs)" "$tx"
  score=$(score_of provider) || return 1
  expect_eq "jobs over 30 days" 4 "$(jq -r .jobs_30d <<<"$score")" &&
    expect_eq "value over 30 days" "$((4000 * MESH))" "$(jq -r .value_30d <<<"$score")" &&
    expect_eq "confidence: 4,000 of 20,000 tokens" 0.2 "$(jq -r .confidence <<<"$score")" &&
    expect_eq "success rate" 1 "$(jq -r .success_rate_30d <<<"$score")" &&
    expect_eq "score rose" 1 "$(($(jq -r .score <<<"$score") > before))"
}

# Runs after the role returns to the escrow: reputation asks the escrow for the bill.
test_reputation_rating_reads_the_escrows_bill() {
  wasm_exec_expect_fail consumer "$REPUTATION" '{"rate":{"bill_id":900001,"stars":5}}' \
    "bill 900001 is unknown: the escrow has no such bill" --gas 600000 >/dev/null &&
    wasm_exec_expect_fail consumer "$REPUTATION" '{"rate":{"bill_id":900001,"stars":6}}' "6 stars is outside 1-5" \
      --gas 600000 >/dev/null &&
    expect_eq "no rating stored" null "$(query_smart "$REPUTATION" '{"rating":{"bill_id":900001}}' | jq -r .stars)"
}

test_reputation_attestation() {
  local tx hook
  wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of validator)\",\"amount\":\"$((20000 * MESH))\"}}" >/dev/null &&
    wasm_exec validator "$STAKING" '{"register_operator":{"role":"validator","metadata":{"models":[],"latency_ms":0,"endpoint":"https://validator.example.invalid"}}}' >/dev/null ||
    return 1
  hook=$(printf '{"self_bond":{}}' | base64 -w0)
  wasm_exec validator "$TOKEN" "{\"send\":{\"contract\":\"$STAKING\",\"amount\":\"$((10000 * MESH))\",\"msg\":\"$hook\"}}" >/dev/null ||
    return 1
  tx=$(wasm_exec validator "$REPUTATION" "{\"attest\":{\"operator\":\"$(addr_of provider)\",\"accuracy\":95}}") || return 1
  record_gas "reputation attest" "$tx"
  # One attester never moves accuracy off the prior (50): that takes three holding 10 % of validator stake.
  expect_eq "attestations" 1 "$(score_of provider | jq -r .attestation_count)" &&
    expect_eq "accuracy stays at the prior" 50 "$(score_of provider | jq -r .accuracy)" &&
    wasm_exec_expect_fail alice "$REPUTATION" "{\"attest\":{\"operator\":\"$(addr_of provider)\",\"accuracy\":95}}" \
      "is not an active validator registered in staking" --gas 600000 >/dev/null
}

test_reputation_reporter_guard() {
  local msg
  msg=$(batch_json success 10 1) || return 1
  wasm_exec_expect_fail alice "$REPUTATION" "$msg" "is not the bill escrow" --gas 600000 >/dev/null &&
    wasm_exec_expect_fail admin "$REPUTATION" "$(batch_json success 10 0)" "counts no job" --gas 600000 >/dev/null
}

if [[ -n $REPUTATION ]]; then
  for t in test_reputation_owner_takes_reporter_role test_reputation_outcomes_move_the_score \
    test_reputation_attestation test_reputation_reporter_guard test_reputation_reporter_role_returns_to_escrow \
    test_reputation_rating_reads_the_escrows_bill; do
    check "${t#test_}" "$t"
  done
  log "provider's score: $(score_of provider | jq -c '{score, confidence, accuracy, rating_average, success_rate_30d}')"
fi
