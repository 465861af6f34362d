# shellcheck shell=bash
# Distributor chain tests, sourced by scripts/chain-test.sh after the escrow and channels tests. The genesis minted the
# provider-rewards allocation to the distributor's instantiate2 address; deploy.sh wired the escrow and the channels to report providers' and gateways' work,
# staking to report every operator's stake and the DAO its voters (60-dao.sh votes); epochs last 60 s here. The
# admin, still the owner, makes itself a second reporter of voters for a while to see an epoch pay work 1 : 3.
DISTRIBUTOR=$(jq -r '.contracts.distributor // empty' "$DEPLOYMENT")

test_distributor_funded_on_schedule() {
  local emission year1
  emission=$(query_smart "$DISTRIBUTOR" '{"emission":{}}') || return 1
  year1=$(query_smart "$DISTRIBUTOR" '{"schedule":{"year":0}}' | jq -r .year_emission)
  expect_eq "funded with the provider-rewards allocation" $((350000000 * MESH)) "$(jq -r .funded <<<"$emission")" &&
    expect_eq "recorded as the genesis allocation" genesis "$(jq -r '.funding[0][0]' <<<"$emission")" &&
    expect_eq "year 1 emits 70,000,000 tokens" $((70000000 * MESH)) "$year1"
}

test_distributor_work_claim() {
  local tx config epoch ends wait_s validator alice before got reporters
  validator=$(addr_of validator) alice=$(addr_of alice)
  wasm_exec_expect_fail bob "$DISTRIBUTOR" \
    "$(jq -nc --arg m "$validator" '{report_work: {role: "governance_voters", entries: [{member: $m, weight: "1", fees: "0"}]}}')" \
    "does not report the work of GovernanceVoters" --gas 600000 >/dev/null || return 1
  reporters=$(query_smart "$DISTRIBUTOR" '{"config":{}}' | jq -c .reporters) || return 1
  wasm_exec admin "$DISTRIBUTOR" "$(jq -nc --argjson r "$reporters" --arg a "$(addr_of admin)" \
    '{update_reporters: {reporters: ($r + [["governance_voters", $a]])}}')" >/dev/null || return 1
  tx=$(wasm_exec admin "$DISTRIBUTOR" "$(jq -nc --arg v "$validator" --arg a "$alice" \
    '{report_work: {role: "governance_voters", entries: [{member: $v, weight: "1", fees: "0"}, {member: $a, weight: "3", fees: "0"}]}}')") ||
    return 1
  record_gas "distributor report work (2 members)" "$tx"
  wasm_exec admin "$DISTRIBUTOR" "$(jq -nc --argjson r "$reporters" '{update_reporters: {reporters: $r}}')" >/dev/null ||
    return 1
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
  # Work 1 : 3 of the voters' 5 % of the epoch's emission, each share rounded down.
  expect_eq "claimed what was pending" "$pending_v" "$got" &&
    expect_eq "shared 1 : 3" 1 "$(((pending_a - 3 * pending_v) <= 3 && (3 * pending_v - pending_a) <= 3))" &&
    wasm_exec_expect_fail validator "$DISTRIBUTOR" '{"claim":{}}' "has nothing to claim" --gas 600000 >/dev/null
}

# The escrow tests settled bob's jobs routed by "gateway": their work waits in the escrow's records until anyone sends
# it (or it is an interval old); the distributor weighs bob's work (the value it was charged) by its reputation multiplier, and after the epoch
# closes bob claims emission capped at 40 % of the fees its jobs paid.
test_distributor_escrow_work() {
  local tx value working_p working_g config start epoch_s now wait_s pending before got
  tx=$(wasm_exec alice "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$(addr_of bob)\"}}") || return 1
  record_gas "escrow report outcomes and work (provider)" "$tx"
  value=$(tx_events "$tx" wasm provider_work | head -1)
  ((value > 0)) || {
    echo "no settled work of bob waited in the escrow" >&2
    return 1
  }
  tx=$(wasm_exec alice "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$(addr_of gateway)\"}}") || return 1
  working_p=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$(addr_of bob)\"}}" |
    jq -r '[.working[] | select(.[0] == "compute_providers") | .[1] | tonumber] | add // 0')
  working_g=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$(addr_of gateway)\"}}" |
    jq -r '[.working[] | select(.[0] == "gateways") | .[1] | tonumber] | add // 0')
  expect_eq "the gateway's routed work reached the distributor" "$(tx_events "$tx" wasm gateway_work | head -1)" "$working_g" &&
    expect_eq "bob's work weighed by its multiplier (at least 0.5)" 1 "$((working_p * 10 >= value * 5))" ||
    return 1
  config=$(query_smart "$DISTRIBUTOR" '{"config":{}}') || return 1
  start=$(jq -r '(.start | tonumber) / 1000000000 | floor' <<<"$config")
  epoch_s=$(jq -r .epoch_seconds <<<"$config")
  now=$(date +%s)
  wait_s=$((start + ((now - start) / epoch_s + 1) * epoch_s - now + 3))
  log "waiting ${wait_s} s for the distributor's epoch to close"
  sleep "$wait_s"
  pending=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$(addr_of bob)\"}}" | jq -r .total)
  before=$(cw20_balance "$TOKEN" bob)
  tx=$(wasm_exec bob "$DISTRIBUTOR" '{"claim":{}}') || return 1
  got=$(($(cw20_balance "$TOKEN" bob) - before))
  expect_eq "bob claimed its pending emission" "$pending" "$got" &&
    expect_eq "bob earned emission for its work" 1 "$((got > 0))"
}

# The governance pool's 5 % of every job is owed to the distributor as a sum in the escrow; anyone collects it.
test_distributor_collects_fees() {
  local owed funded_before tx
  owed=$(query_smart "$ESCROW" '{"totals":{}}' | jq -r .pool_fees)
  ((owed > 0)) || {
    echo "the escrow owes the pool nothing after the escrow tests" >&2
    return 1
  }
  funded_before=$(query_smart "$DISTRIBUTOR" '{"emission":{}}' | jq -r .funded)
  tx=$(wasm_exec alice "$DISTRIBUTOR" "{\"collect_fees\":{\"from\":\"$ESCROW\"}}") || return 1
  record_gas "distributor collect fees (escrow withdraw)" "$tx"
  expect_eq "the pool grew by what the escrow owed it" "$((funded_before + owed))" \
    "$(query_smart "$DISTRIBUTOR" '{"emission":{}}' | jq -r .funded)" &&
    expect_eq "recorded under the escrow" "$owed" \
      "$(query_smart "$DISTRIBUTOR" '{"emission":{}}' | jq -r --arg e "$ESCROW" '.funding[] | select(.[0] == $e) | .[1]')" &&
    expect_eq "the escrow owes the pool nothing" 0 "$(query_smart "$ESCROW" '{"totals":{}}' | jq -r .pool_fees)" &&
    wasm_exec_expect_fail alice "$DISTRIBUTOR" "{\"collect_fees\":{\"from\":\"$(addr_of bob)\"}}" \
      "is not a reporter of this distributor" --gas 600000 >/dev/null
}

# Staking told the distributor of every bond since it was wired: the pools of operators not jailed (the staking and
# escrow tests jailed some, whose unpushed earnings were forfeited) earn in the stakers' role; anyone pushes one into
# staking, for the pool's delegators. Then staking reports to a
# contract that refuses its hook (the token): the provider's self-bond (allowed while the staking tests' slash keeps it
# jailed) still goes through, with a hook_failed event from staking's reply (the kit's light reply export, on the
# chain), and anyone's sync_stake repairs what the distributor missed.
test_distributor_stake_rewards() {
  local provider operator earning="" outstanding tx pushed
  provider=$(addr_of provider)
  sleep 2
  for operator in $(query_smart "$STAKING" '{"operators":{"limit":30}}' | jq -r '.operators[].address'); do
    if query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$operator\"}}" |
      jq -e '[.for_delegators[] | select(.[0] == "stakers")] | length == 1' >/dev/null; then
      earning=$operator
      break
    fi
  done
  [[ -n $earning ]] || {
    echo "no operator's pool earned in the stakers' role" >&2
    return 1
  }
  outstanding=$(query_smart "$STAKING" '{"totals":{}}' | jq -r .rewards_outstanding)
  tx=$(wasm_exec alice "$DISTRIBUTOR" "$(jq -nc --arg p "$earning" '{push_stake_rewards: {operators: [$p]}}')") ||
    return 1
  record_gas "distributor push stake rewards (1 pool, into staking)" "$tx"
  pushed=$(tx_events "$tx" wasm pushed | head -1)
  expect_eq "staking received what the pool earned" "$((outstanding + pushed))" \
    "$(query_smart "$STAKING" '{"totals":{}}' | jq -r .rewards_outstanding)" || return 1
  wasm_exec admin "$STAKING" "$(jq -nc --arg d "$TOKEN" \
    '{update_config: {slashers: null, jailers: null, guardian: null, distributor: $d}}')" >/dev/null || return 1
  wasm_exec liquidity "$TOKEN" "$(jq -nc --arg p "$provider" --arg a "$((2 * MESH))" \
    '{transfer: {recipient: $p, amount: $a}}')" >/dev/null || return 1
  tx=$(staking_send provider "$MESH" '{"self_bond":{}}') || return 1
  expect_eq "a refused stake hook is reported, not propagated" stake "$(tx_events "$tx" wasm hook | head -1)" || return 1
  wasm_exec admin "$STAKING" "$(jq -nc --arg d "$DISTRIBUTOR" \
    '{update_config: {slashers: null, jailers: null, guardian: null, distributor: $d}}')" >/dev/null || return 1
  tx=$(wasm_exec alice "$DISTRIBUTOR" "$(jq -nc --arg p "$provider" '{sync_stake: {operators: [$p]}}')") || return 1
  record_gas "distributor sync stake (1 operator)" "$tx"
  tx=$(staking_send provider "$MESH" '{"self_bond":{}}') || return 1
  expect_eq "the hook succeeds again" "" "$(tx_events "$tx" wasm hook | head -1)"
}

if [[ -n $DISTRIBUTOR ]]; then
  for t in test_distributor_funded_on_schedule test_distributor_work_claim test_distributor_escrow_work \
    test_distributor_collects_fees test_distributor_stake_rewards; do
    check "${t#test_}" "$t"
  done
else
  log "no distributor in $DEPLOYMENT: distributor tests skipped"
fi
