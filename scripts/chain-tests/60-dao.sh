# shellcheck shell=bash
# DAO chain tests, sourced last by scripts/chain-test.sh (after the gas tests: until here every test acts as the admin).
# deploy.sh deployed the DAO with localnet periods (no discussion, 30 s votes, 5 s timelocks) at the genesis address
# that holds the community treasury, and left the suite with the admin (INFERMESH_HAND_OVER=0). The liquidity holder
# (deploy.sh's DAO_VOTER) locks, proposes and votes. Here deploy.sh hands every
# contract's ownership (offered by the admin, accepted by a DAO proposal) and wasm admin to the DAO; then proposals
# change an escrow parameter (votes reported to the distributor), try one past the parameter guard and pass it as an
# emergency adjustment, and spend the treasury, a proposal whose messages need a higher bar is refused, and the
# DAO unpauses the escrow its guardian council paused.
DAO=$(jq -r '.contracts.dao // empty' "$DEPLOYMENT")
# shellcheck source-path=SCRIPTDIR source=../lib/dao.sh
source "$SCRIPTS_DIR/lib/dao.sh"
DAO_DEPOSIT_BASE=$((100000 * MESH))

test_dao_takes_over_the_suite() {
  local name address
  INFERMESH_HAND_OVER=1 "$SCRIPTS_DIR/deploy.sh" >&2 || return 1
  for name in vesting staking reputation bill_escrow payment_channels distributor bridge; do
    address=$(jq -r --arg n "$name" '.contracts[$n]' "$DEPLOYMENT")
    expect_eq "$name is owned by the DAO" "$DAO" "$(query_smart "$address" '{"ownership":{}}' | jq -r .owner)" || return 1
  done
  for name in token vesting staking reputation bill_escrow payment_channels distributor bridge council dao; do
    address=$(jq -r --arg n "$name" '.contracts[$n]' "$DEPLOYMENT")
    expect_eq "the DAO is $name's wasm admin" "$DAO" \
      "$("$WASMD" q wasm contract "$address" --node "$NODE_RPC" -o json | jq -r .contract_info.admin)" || return 1
  done
  expect_eq "the council guards the bridge" "$(jq -r .contracts.council "$DEPLOYMENT")" \
    "$(query_smart "$(jq -r .contracts.bridge "$DEPLOYMENT")" '{"config":{}}' | jq -r .guardian)" || return 1
  wasm_exec_expect_fail admin "$ESCROW" \
    "$(jq -nc --argjson p "$(query_smart "$ESCROW" '{"params":{}}')" '{update_params: {params: $p}}')" \
    "not the contract's current owner" --gas 600000 >/dev/null
}

# An economic proposal raises the escrow's minimum dispute bond by 10 %; the gas of propose, vote and execute.
test_dao_changes_an_escrow_parameter() {
  local params bond msg tx id
  params=$(query_smart "$ESCROW" '{"params":{}}') || return 1
  bond=$(jq -r .min_dispute_bond <<<"$params")
  msg=$(jq -nc --arg e "$ESCROW" --argjson p "$(jq -c --arg b "$((bond * 11 / 10))" '.min_dispute_bond = $b' <<<"$params")" \
    '[{wasm: {execute: {contract_addr: $e, msg: ({update_params: {params: $p}} | tojson | @base64), funds: []}}}]')
  tx=$(dao_propose liquidity "$TOKEN" "$DAO" "$DAO_DEPOSIT_BASE" economic "raise the minimum dispute bond" "$msg") ||
    return 1
  record_gas "dao propose (cw20 Send deposit, 1 message)" "$tx"
  id=$(tx_events "$tx" wasm proposal_id | head -1)
  wait_blocks 1 || return 1
  tx=$(wasm_exec liquidity "$DAO" "{\"vote\":{\"proposal_id\":$id,\"vote\":\"yes\"}}") || return 1
  record_gas "dao vote (power at the creation height, reported to the distributor)" "$tx"
  # Read off the vote's own events: the distributor's `pending` query closes an epoch whose end has passed, so right
  # at an epoch boundary it shows the report as pending rewards, not as work.
  expect_eq "the vote reached the distributor's voters' role" "report_work GovernanceVoters" \
    "$(tx_events "$tx" wasm action | grep -x report_work) $(tx_events "$tx" wasm role | head -1)" &&
    expect_eq "no hook failed" "" "$(tx_events "$tx" wasm hook)" || return 1
  dao_wait_executable "$DAO" "$id" || return 1
  tx=$(wasm_exec bob "$DAO" "{\"execute\":{\"proposal_id\":$id}}") || return 1
  record_gas "dao execute (escrow update_params, solvency checked, deposit returned)" "$tx"
  ! dao_failed "$tx" &&
    expect_eq "the escrow's bond rose by 10 %" "$((bond * 11 / 10))" "$(query_smart "$ESCROW" '{"params":{}}' | jq -r .min_dispute_bond)" &&
    expect_eq "executed" executed "$(query_smart "$DAO" "{\"proposal\":{\"proposal_id\":$id}}" | jq -r .status)"
}

# The parameter guard: an economic proposal moving the bond 25 % more passes its vote but fails at execution (closed
# as failed, the bond unchanged); an economic proposal may not carry the emergency adjustment; the emergency-parameter
# kind (80 %) carries it and the bond moves. The liquidity holder locks 20,000,000 MESH more first, so its vote alone
# brings that kind's 40 % quorum.
test_dao_parameter_guard() {
  local params bond moved msg tx hook
  params=$(query_smart "$ESCROW" '{"params":{}}') || return 1
  bond=$(jq -r .min_dispute_bond <<<"$params")
  moved=$(jq -c --arg b "$((bond * 5 / 4))" '.min_dispute_bond = $b' <<<"$params")
  msg=$(jq -nc --arg e "$ESCROW" --argjson p "$moved" \
    '[{wasm: {execute: {contract_addr: $e, msg: ({update_params: {params: $p}} | tojson | @base64), funds: []}}}]')
  tx=$(dao_pass liquidity "$TOKEN" "$DAO" "$DAO_DEPOSIT_BASE" economic "raise the bond 25 %" "$msg") || return 1
  # The chain redacts a sub-message's error in the reply: the guard's refusal shows as the proposal's failure.
  dao_failed "$tx" &&
    expect_eq "the bond did not move" "$bond" "$(query_smart "$ESCROW" '{"params":{}}' | jq -r .min_dispute_bond)" ||
    return 1
  msg=$(jq -nc --arg e "$ESCROW" --argjson p "$moved" \
    '[{wasm: {execute: {contract_addr: $e, msg: ({emergency_update_params: {params: $p}} | tojson | @base64), funds: []}}}]')
  hook=$(jq -nc --argjson m "$msg" '{propose: {title: "t", description: "", kind: "economic", msgs: $m}}' | base64 -w0)
  wasm_exec_expect_fail liquidity "$TOKEN" \
    "$(jq -nc --arg c "$DAO" --arg a "$DAO_DEPOSIT_BASE" --arg m "$hook" '{send: {contract: $c, amount: $a, msg: $m}}')" \
    "needs a proposal of kind EmergencyParameter" --gas 900000 >/dev/null || return 1
  dao_send liquidity "$TOKEN" "$DAO" $((20000000 * MESH)) '{"lock":{}}' >/dev/null && wait_blocks 1 || return 1
  tx=$(dao_pass liquidity "$TOKEN" "$DAO" "$DAO_DEPOSIT_BASE" emergency_parameter "raise the bond 25 % now" "$msg") ||
    return 1
  ! dao_failed "$tx" &&
    expect_eq "the emergency adjustment moved the bond 25 %" "$((bond * 5 / 4))" \
      "$(query_smart "$ESCROW" '{"params":{}}' | jq -r .min_dispute_bond)"
}

# A treasury proposal pays bob 1,000 MESH; a treasury proposal carrying a parameter change is refused at creation.
test_dao_spends_the_treasury() {
  local before msg tx genesis
  genesis=$(query_smart "$DAO" '{"treasury":{}}' | jq -r .treasury) || return 1
  expect_eq "the DAO holds the community treasury the genesis minted to it" 1 \
    "$((genesis >= 200000000 * MESH))" || return 1
  before=$(cw20_balance "$TOKEN" bob)
  msg=$(jq -nc --arg t "$TOKEN" --arg b "$(addr_of bob)" --arg a "$((1000 * MESH))" \
    '[{wasm: {execute: {contract_addr: $t, msg: ({transfer: {recipient: $b, amount: $a}} | tojson | @base64), funds: []}}}]')
  tx=$(dao_pass liquidity "$TOKEN" "$DAO" "$DAO_DEPOSIT_BASE" treasury "pay bob" "$msg") || return 1
  ! dao_failed "$tx" &&
    expect_eq "bob was paid from the treasury" "$((before + 1000 * MESH))" "$(cw20_balance "$TOKEN" bob)" || return 1
  msg=$(jq -nc --arg e "$ESCROW" --argjson p "$(query_smart "$ESCROW" '{"params":{}}')" \
    '[{wasm: {execute: {contract_addr: $e, msg: ({update_params: {params: $p}} | tojson | @base64), funds: []}}}]')
  local hook
  hook=$(jq -nc --argjson m "$msg" '{propose: {title: "t", description: "", kind: "treasury", msgs: $m}}' | base64 -w0)
  wasm_exec_expect_fail liquidity "$TOKEN" \
    "$(jq -nc --arg c "$DAO" --arg a "$DAO_DEPOSIT_BASE" --arg m "$hook" '{send: {contract: $c, amount: $a, msg: $m}}')" \
    "needs a proposal of kind Economic" --gas 900000 >/dev/null
}

# Five of the council's nine guardians pause the escrow (cw3 proposal, four more votes, execute); the DAO, its owner,
# unpauses it by a technical proposal.
test_dao_unpauses_what_the_guardians_paused() {
  local council pause msg tx id key
  council=$(jq -r '.contracts.council // empty' "$DEPLOYMENT")
  [[ -n $council ]] || {
    echo "no council in $DEPLOYMENT" >&2
    return 1
  }
  pause=$(printf '{"pause":{}}' | base64 -w0)
  tx=$(wasm_exec validator "$council" "$(jq -nc --arg e "$ESCROW" --arg m "$pause" \
    '{propose: {title: "pause the escrow", description: "", latest: null,
                msgs: [{wasm: {execute: {contract_addr: $e, msg: $m, funds: []}}}]}}')") || return 1
  id=$(tx_events "$tx" wasm proposal_id | head -1)
  for key in admin treasury provider gateway; do
    wasm_exec "$key" "$council" "{\"vote\":{\"proposal_id\":$id,\"vote\":\"yes\"}}" >/dev/null || return 1
  done
  tx=$(wasm_exec consumer "$council" "{\"execute\":{\"proposal_id\":$id}}") || return 1
  record_gas "council execute (5 of 9 pause the escrow)" "$tx"
  expect_eq "the guardians paused the escrow" true "$(query_smart "$ESCROW" '{"config":{}}' | jq -r .paused)" || return 1
  msg=$(jq -nc --arg e "$ESCROW" \
    '[{wasm: {execute: {contract_addr: $e, msg: ({unpause: {}} | tojson | @base64), funds: []}}}]')
  tx=$(dao_pass liquidity "$TOKEN" "$DAO" "$DAO_DEPOSIT_BASE" technical "unpause the escrow" "$msg") || return 1
  ! dao_failed "$tx" &&
    expect_eq "the DAO unpaused the escrow" false "$(query_smart "$ESCROW" '{"config":{}}' | jq -r .paused)"
}

if [[ -n $DAO ]]; then
  for t in test_dao_takes_over_the_suite test_dao_changes_an_escrow_parameter test_dao_parameter_guard \
    test_dao_spends_the_treasury test_dao_unpauses_what_the_guardians_paused; do
    check "${t#test_}" "$t"
  done
else
  log "no DAO in $DEPLOYMENT: DAO tests skipped"
fi
