# shellcheck shell=bash
# Staking chain tests, sourced by scripts/chain-test.sh (which provides check, expect_eq, record_gas and the chain
# helpers). The owner ("admin" until the DAO exists) is also a slasher.
STAKING=$(jq -r '.contracts.staking // empty' "$DEPLOYMENT")
MESH=1000000

staking_send() { # staking_send <from> <amount> <hook json> -> tx JSON
  local hook
  hook=$(printf '%s' "$3" | base64 -w0)
  wasm_exec "$1" "$TOKEN" "{\"send\":{\"contract\":\"$STAKING\",\"amount\":\"$2\",\"msg\":\"$hook\"}}"
}
stake_of() { # stake_of <key> [height] -> bonded stake as at the start of that block
  local height=${2:-null}
  query_smart "$STAKING" "{\"stake_at_height\":{\"address\":\"$(addr_of "$1")\",\"height\":$height}}" | jq -r .stake
}

test_staking_bond() {
  local provider tx status
  provider=$(addr_of provider)
  wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$provider\",\"amount\":\"$((60000 * MESH))\"}}" >/dev/null &&
    wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of delegator)\",\"amount\":\"$((20000 * MESH))\"}}" >/dev/null ||
    return 1
  tx=$(wasm_exec provider "$STAKING" '{"register_operator":{"role":"provider","metadata":{"models":["llama-3-8b"],"latency_ms":80,"endpoint":"https://provider.example.invalid"}}}') ||
    return 1
  record_gas "staking register operator" "$tx"
  tx=$(staking_send provider $((50000 * MESH)) '{"self_bond":{}}') || return 1
  record_gas "staking bond (self-bond via cw20 Send)" "$tx"
  status=$(query_smart "$STAKING" "{\"operator_status\":{\"operator\":\"$provider\"}}") || return 1
  expect_eq "tier" silver "$(jq -r .tier <<<"$status")" &&
    expect_eq "self bond" $((50000 * MESH)) "$(jq -r .self_bond <<<"$status")"
}

DELEGATE_HEIGHT=
test_staking_delegate_and_stake_at_past_height() {
  local tx
  tx=$(staking_send delegator $((10000 * MESH)) "{\"delegate\":{\"operator\":\"$(addr_of provider)\"}}") || return 1
  record_gas "staking delegate (cw20 Send)" "$tx"
  DELEGATE_HEIGHT=$(jq -r .height <<<"$tx")
  wait_blocks 1
  # Snapshots read as at the start of a block: nothing at the delegation's block, all of it from the next one.
  expect_eq "stake before delegating" 0 "$(stake_of delegator $((DELEGATE_HEIGHT - 1)))" &&
    expect_eq "stake at the delegation's block" 0 "$(stake_of delegator "$DELEGATE_HEIGHT")" &&
    expect_eq "stake after" $((10000 * MESH)) "$(stake_of delegator $((DELEGATE_HEIGHT + 1)))" &&
    expect_eq "total stake after" $((60000 * MESH)) \
      "$(query_smart "$STAKING" "{\"total_stake_at_height\":{\"height\":$((DELEGATE_HEIGHT + 1))}}" | jq -r .total)"
}

# Rewards stream to the shares over reward_stream_seconds (docs/staking.md §8): the owner shortens the stream to its
# 60 s minimum (an emergency adjustment, past the parameter guard); a claim a few blocks later gets a few seconds'
# worth, the rest streams in by the end.
test_staking_rewards_claim() {
  local tx before params first got
  params=$(query_smart "$STAKING" '{"params":{}}' | jq -c '.reward_stream_seconds = 60') || return 1
  wasm_exec admin "$STAKING" "{\"emergency_update_params\":{\"params\":$params}}" >/dev/null || return 1
  tx=$(staking_send liquidity $((1000 * MESH)) "{\"distribute_rewards\":{\"operator\":\"$(addr_of provider)\"}}") || return 1
  record_gas "staking distribute rewards (cw20 Send)" "$tx"
  before=$(cw20_balance "$TOKEN" delegator)
  # A claim is simulated on the last block: let a block or two pass, so something has streamed.
  sleep 3
  tx=$(wasm_exec delegator "$STAKING" "{\"claim_rewards\":{\"operator\":\"$(addr_of provider)\"}}") || return 1
  record_gas "staking claim rewards" "$tx"
  # 1,000 MESH less 5% commission, split 50,000 : 10,000 -> the delegator's share is 1/6 of 950 MESH, streamed.
  first=$(($(cw20_balance "$TOKEN" delegator) - before))
  ((first > 0 && first < 158333333 / 2)) || {
    echo "a claim just after the payment got $first, expected a few seconds of a 60 s stream of 158.33 MESH" >&2
    return 1
  }
  log "waiting 60 s for the reward stream to run out"
  sleep 60
  wasm_exec delegator "$STAKING" "{\"claim_rewards\":{\"operator\":\"$(addr_of provider)\"}}" >/dev/null || return 1
  got=$(($(cw20_balance "$TOKEN" delegator) - before))
  ((got > 158333330 && got <= 158333333)) || {
    echo "claimed $got in all, expected 158.33 MESH less rounding" >&2
    return 1
  }
}

test_staking_slash_burns() {
  local tx supply_before stake_before stake_after supply_after
  supply_before=$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)
  stake_before=$(query_smart "$STAKING" "{\"delegation\":{\"delegator\":\"$(addr_of delegator)\",\"operator\":\"$(addr_of provider)\"}}" | jq -r .stake)
  tx=$(wasm_exec admin "$STAKING" "{\"slash\":{\"operator\":\"$(addr_of provider)\",\"class\":\"minor\",\"fraction\":\"0.02\",\"evidence_id\":\"chain-test-1\"}}") ||
    return 1
  record_gas "staking slash (minor 2%)" "$tx"
  stake_after=$(query_smart "$STAKING" "{\"delegation\":{\"delegator\":\"$(addr_of delegator)\",\"operator\":\"$(addr_of provider)\"}}" | jq -r .stake)
  supply_after=$(query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply)
  # 2% of the 60,000 MESH pool is burned; the delegator loses 2% of its stake, rounding in the protocol's favour.
  expect_eq "burned" $((1200 * MESH)) "$((supply_before - supply_after))" &&
    expect_eq "delegator lost at most 2%" 1 "$((stake_before - stake_after <= stake_before / 50 + 1))"
}

test_staking_slash_guards() {
  wasm_exec_expect_fail admin "$STAKING" "{\"slash\":{\"operator\":\"$(addr_of provider)\",\"class\":\"minor\",\"fraction\":\"0.02\",\"evidence_id\":\"chain-test-1\"}}" \
    "evidence chain-test-1 has already been used" --gas 600000 >/dev/null &&
    wasm_exec_expect_fail alice "$STAKING" "{\"slash\":{\"operator\":\"$(addr_of provider)\",\"class\":\"minor\",\"fraction\":\"0.02\",\"evidence_id\":\"chain-test-2\"}}" \
      "is not an authorised slasher" --gas 600000 >/dev/null &&
    wasm_exec_expect_fail admin "$STAKING" "{\"slash\":{\"operator\":\"$(addr_of provider)\",\"class\":\"major\",\"fraction\":\"0.5\",\"evidence_id\":\"chain-test-3\"}}" \
      "is outside the Major range" --gas 600000 >/dev/null
}

test_staking_unbond_and_withdraw() {
  local params tx before
  # The owner shortens the unbonding period so the test can withdraw (an emergency adjustment: far past the
  # parameter guard's 20 % a quarter, docs/rules.md §10).
  params=$(query_smart "$STAKING" '{"params":{}}' | jq -c '.unbonding_period_seconds = 6') || return 1
  wasm_exec admin "$STAKING" "{\"emergency_update_params\":{\"params\":$params}}" >/dev/null || return 1
  tx=$(wasm_exec delegator "$STAKING" "{\"unbond\":{\"operator\":\"$(addr_of provider)\",\"amount\":\"$((1000 * MESH))\"}}") ||
    return 1
  record_gas "staking unbond" "$tx"
  wasm_exec_expect_fail delegator "$STAKING" '{"withdraw":{}}' "nothing has finished unbonding" --gas 600000 >/dev/null ||
    return 1
  sleep 8
  before=$(cw20_balance "$TOKEN" delegator)
  tx=$(wasm_exec delegator "$STAKING" '{"withdraw":{}}') || return 1
  record_gas "staking withdraw" "$tx"
  expect_eq "withdrawn" $((1000 * MESH)) "$(($(cw20_balance "$TOKEN" delegator) - before))"
}

if [[ -n $STAKING ]]; then
  for t in test_staking_bond test_staking_delegate_and_stake_at_past_height test_staking_rewards_claim \
    test_staking_slash_burns test_staking_slash_guards test_staking_unbond_and_withdraw; do
    check "${t#test_}" "$t"
  done
fi
