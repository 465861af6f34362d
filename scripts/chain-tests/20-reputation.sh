# shellcheck shell=bash
# Reputation chain tests, sourced by scripts/chain-test.sh after the staking tests (which registered "provider").
# The bill escrow is the only outcome reporter; to feed outcomes directly, the owner ("admin") makes itself the
# reporter for these tests and hands the role back to the escrow at the end. Bill ids from 900001 on never collide
# with the escrow's own.
REPUTATION=$(jq -r '.contracts.reputation // empty' "$DEPLOYMENT")

score_of() { query_smart "$REPUTATION" "{\"score\":{\"operator\":\"$(addr_of "$1")\"}}"; }
# Each report is a bill worth 1,000 tokens: confidence grows with value (20,000 tokens for full confidence).
report() { # report <bill id> <outcome> <latency ms>
  wasm_exec admin "$REPUTATION" "$(jq -nc --argjson b "$1" --arg o "$2" --argjson l "$3" --arg p "$(addr_of provider)" \
    --arg c "$(addr_of consumer)" --arg v "$((1000 * MESH))" \
    '{report_outcome: {bill_id: $b, operator: $p, consumer: $c, outcome: $o, latency_ms: $l, compute_units: "100",
      value: $v}}')"
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
  tx=$(report 900001 success 60) || return 1
  record_gas "reputation report outcome" "$tx"
  for bill in 900002 900003 900004; do report "$bill" success 70 >/dev/null || return 1; done
  score=$(score_of provider) || return 1
  expect_eq "jobs over 30 days" 4 "$(jq -r .jobs_30d <<<"$score")" &&
    expect_eq "value over 30 days" "$((4000 * MESH))" "$(jq -r .value_30d <<<"$score")" &&
    expect_eq "confidence: 4,000 of 20,000 tokens" 0.2 "$(jq -r .confidence <<<"$score")" &&
    expect_eq "success rate" 1 "$(jq -r .success_rate_30d <<<"$score")" &&
    expect_eq "score rose" 1 "$(($(jq -r .score <<<"$score") > before))"
}

test_reputation_rating() {
  local tx
  tx=$(wasm_exec consumer "$REPUTATION" '{"rate":{"bill_id":900001,"stars":5}}') || return 1
  record_gas "reputation rate" "$tx"
  expect_eq "ratings" 1 "$(score_of provider | jq -r .ratings_90d)" &&
    wasm_exec_expect_fail consumer "$REPUTATION" '{"rate":{"bill_id":900001,"stars":4}}' "bill 900001 was already rated 5 stars" \
      --gas 600000 >/dev/null &&
    wasm_exec_expect_fail alice "$REPUTATION" '{"rate":{"bill_id":900002,"stars":1}}' "is not the consumer of bill 900002" \
      --gas 600000 >/dev/null
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
  wasm_exec_expect_fail alice "$REPUTATION" "$(jq -nc --arg p "$(addr_of provider)" --arg c "$(addr_of consumer)" \
    '{report_outcome: {bill_id: 99, operator: $p, consumer: $c, outcome: "success", latency_ms: 10, compute_units: "1",
      value: "1"}}')" \
    "is not the bill escrow" --gas 600000 >/dev/null
}

if [[ -n $REPUTATION ]]; then
  for t in test_reputation_owner_takes_reporter_role test_reputation_outcomes_move_the_score test_reputation_rating \
    test_reputation_attestation test_reputation_reporter_guard test_reputation_reporter_role_returns_to_escrow; do
    check "${t#test_}" "$t"
  done
  log "provider's score: $(score_of provider | jq -c '{score, confidence, accuracy, rating_average, success_rate_30d}')"
fi
