# shellcheck shell=bash
# The side-by-side part of scripts/bench.sh: every user-facing action of the suite and its peers' equivalents,
# measured as the gas_used of real transactions on the benchmark's localnet, first with no code pinned, then after one
# governance proposal (MsgPinCodes) pins every code, the suite's and the peers'. Sourced by scripts/bench.sh after
# lib/chain.sh and lib/dao.sh, with DEPLOYMENT set to a deployment of the whole suite, unpinned, owned by "admin"
# (INFERMESH_PIN_CODES=0 INFERMESH_HAND_OVER=0).
#
# The peers, each instantiated for the suite's job (docs/benchmark.md):
#   cw20-base 2.0.0                 the transfer baseline (the suite's wrapped-token code: cw20-base as published)
#   cw20-stake 2.6.0, cw4-stake 2.0.0   staking MESH: stake/bond, unstake/unbond
#   dao-dao-core + dao-voting-cw20-staked + dao-proposal-single 2.6.0   governance: propose, vote, execute
#
# Each round meets the same state shape: a warm-up round (not recorded) comes first, so no measured action pays for a
# first record (a holder's first balance, a delegator's first delegation, a voter's first ballot of its kind).
#
# Writes one JSON object per measured tx to $BENCH_ACTIONS ({round, action, system, what, gas, tx}) and one per artifact
# to $BENCH_SIZES ({artifact, system, bytes, gzip_bytes, store_gas, code_id}).

B_MESH=1000000
B_TOKEN=$(jq -r .contracts.token "$DEPLOYMENT")
B_STAKING=$(jq -r .contracts.staking "$DEPLOYMENT")
# shellcheck disable=SC2034 # scripts/bench.sh instantiates the scale benchmark's reputation from it
B_REPUTATION_CODE=$(jq -r .code_ids.reputation "$DEPLOYMENT")
B_ESCROW=$(jq -r .contracts.bill_escrow "$DEPLOYMENT")
B_CHANNELS=$(jq -r .contracts.payment_channels "$DEPLOYMENT")
B_DAO=$(jq -r .contracts.dao "$DEPLOYMENT")
B_PEER_DIR=${BENCH_PEER_DIR:-$REPO_ROOT/target/bench-peers}
# The DAO's deposit and its voting and timelock seconds: deploy.sh's (the bench exports the periods it deploys with).
B_DAO_DEPOSIT=$(query_smart "$B_DAO" '{"params":{}}' | jq -r .deposit)
declare -A B_PEER=() # peer name -> contract address
declare -A B_PEER_CODE=() # artifact name -> code id, the suite's and the peers'
B_CHALLENGE_SECONDS=60

b_hook() { printf '%s' "$1" | base64 -w0; }
b_send() { # b_send <from> <token> <contract> <amount> <hook json> -> tx JSON
  wasm_exec "$1" "$2" "$(jq -nc --arg c "$3" --arg a "$4" --arg m "$(b_hook "$5")" '{send: {contract: $c, amount: $a, msg: $m}}')"
}
b_note() { # b_note <round> <action> <system> <what> <tx JSON>
  local gas
  gas=$(gas_used "$5") || return 1
  [[ $1 == warmup ]] || jq -nc --arg r "$1" --arg a "$2" --arg s "$3" --arg w "$4" --argjson g "$gas" \
    --arg h "$(jq -r .txhash <<<"$5")" '{round: $r, action: $a, system: $s, what: $w, gas: $g, tx: $h}' >>"$BENCH_ACTIONS"
  log "gas ($1) $3 $2: $gas"
}
b_store() { # b_store <system> <file.wasm> -> code id (notes the size and the store gas)
  local id tx
  id=$(store_code admin "$2") || return 1
  tx=$(cat "$CHAIN_LAST_TX")
  jq -nc --arg a "$(basename "$2" .wasm)" --arg s "$1" --argjson b "$(stat -c %s "$2")" \
    --argjson z "$(gzip -9 -n -c "$2" | wc -c)" --argjson g "$(gas_used "$tx")" --argjson id "$id" \
    '{artifact: $a, system: $s, bytes: $b, gzip_bytes: $z, store_gas: $g, code_id: $id}' >>"$BENCH_SIZES"
  printf '%s\n' "$id"
}

# --- setup ------------------------------------------------------------------------------------------------------------
bench_store_all() {
  local f
  # The suite's codes again, to measure what storing each costs (deploy.sh stored the ones in use), and the wrapped
  # token's, which is the transfer peer (deploy.sh does not store it on a home chain).
  for f in "$INFERMESH_ARTIFACTS_DIR"/infermesh_*.wasm; do
    B_PEER_CODE[$(basename "$f" .wasm)]=$(b_store infermesh "$f") || return 1
  done
  for f in "$B_PEER_DIR"/peer_*.wasm; do
    B_PEER_CODE[$(basename "$f" .wasm)]=$(b_store peer "$f") || return 1
  done
}

bench_instantiate_peers() {
  local msg voting proposal admin liquidity
  admin=$(addr_of admin)
  liquidity=$(addr_of liquidity)
  msg=$(jq -nc --arg l "$liquidity" '{name: "Peer Token", symbol: "PEER", decimals: 6,
    initial_balances: [{address: $l, amount: "1000000000000000"}], mint: null, marketing: null}')
  B_PEER[cw20_base]=$(instantiate admin "${B_PEER_CODE[infermesh_wrapped_token]}" "$msg" "bench-cw20-base" none) || return 1
  msg=$(jq -nc --arg o "$admin" --arg t "$B_TOKEN" '{owner: $o, token_address: $t, unstaking_duration: {time: 60}}')
  B_PEER[cw20_stake]=$(instantiate admin "${B_PEER_CODE[peer_cw20_stake]}" "$msg" "bench-cw20-stake" none) || return 1
  msg=$(jq -nc --arg t "$B_TOKEN" '{denom: {cw20: $t}, tokens_per_weight: "1000000", min_bond: "1000000",
    unbonding_period: {time: 60}, admin: null}')
  B_PEER[cw4_stake]=$(instantiate admin "${B_PEER_CODE[peer_cw4_stake]}" "$msg" "bench-cw4-stake" none) || return 1
  # DAO DAO for the DAO's job: voting power from MESH staked in its cw20-stake, majority of the votes cast with a 20 %
  # quorum (the DAO's treasury kind: 50 % / 20 %), anyone may propose (no deposit module: the cheaper setup for it).
  voting=$(jq -rn --arg t "$B_TOKEN" --argjson s "${B_PEER_CODE[peer_cw20_stake]}" \
    '{token_info: {existing: {address: $t, staking_contract: {new: {staking_code_id: $s, unstaking_duration: {time: 60}}}}},
      active_threshold: null} | tojson | @base64')
  proposal=$(jq -rn '{threshold: {threshold_quorum: {threshold: {majority: {}}, quorum: {percent: "0.2"}}},
    max_voting_period: {time: 30}, min_voting_period: null, only_members_execute: false, allow_revoting: false,
    pre_propose_info: {anyone_may_propose: {}}, close_proposal_on_execution_failure: true, veto: null} | tojson | @base64')
  msg=$(jq -nc --argjson vc "${B_PEER_CODE[peer_dao_voting_cw20_staked]}" --arg vm "$voting" \
    --argjson pc "${B_PEER_CODE[peer_dao_proposal_single]}" --arg pm "$proposal" \
    '{admin: null, name: "bench DAO", description: "DAO DAO, the governance peer", image_url: null,
      automatically_add_cw20s: true, automatically_add_cw721s: false,
      voting_module_instantiate_info: {code_id: $vc, msg: $vm, admin: {core_module: {}}, funds: [], label: "bench-voting"},
      proposal_modules_instantiate_info: [{code_id: $pc, msg: $pm, admin: {core_module: {}}, funds: [],
        label: "bench-proposal-single"}], initial_items: null, dao_uri: null}')
  B_PEER[dao_core]=$(instantiate admin "${B_PEER_CODE[peer_dao_dao_core]}" "$msg" "bench-dao-dao" none) || return 1
  B_PEER[dao_voting]=$(query_smart "${B_PEER[dao_core]}" '{"voting_module":{}}' | jq -er .) || return 1
  B_PEER[dao_staking]=$(query_smart "${B_PEER[dao_voting]}" '{"staking_contract":{}}' | jq -er .) || return 1
  B_PEER[dao_proposals]=$(query_smart "${B_PEER[dao_core]}" '{"proposal_modules":{}}' | jq -er '.[0].address') || return 1
  local name
  for name in "${!B_PEER[@]}"; do log "peer $name: ${B_PEER[$name]}"; done
}

bench_setup_suite() {
  local who name models latency params
  for who in provider:20000 gateway:20000 validator:20000 consumer:200000 delegator:100000; do
    wasm_exec liquidity "$B_TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of "${who%%:*}")\",\"amount\":\"$((${who#*:} * B_MESH))\"}}" \
      >/dev/null || return 1
  done
  # The provider advertises 1,000 ms and serves in 1,200 (as the chain tests' providers): its reputation stays above
  # the jail threshold through every round.
  for who in 'provider ["llama-3-8b"] 1000' 'gateway [] 50' 'validator [] 0'; do
    read -r name models latency <<<"$who"
    wasm_exec "$name" "$B_STAKING" "$(jq -nc --arg r "$name" --argjson m "$models" --argjson l "$latency" \
      --arg e "https://$name.bench.invalid" '{register_operator: {role: $r, metadata: {models: $m, latency_ms: $l, endpoint: $e}}}')" \
      >/dev/null && b_send "$name" "$B_TOKEN" "$B_STAKING" $((10000 * B_MESH)) '{"self_bond":{}}' >/dev/null || return 1
  done
  # The localnet's short periods, set by the owner: a 60 s challenge window and dispute vote, rewards streamed over
  # 60 s (staking keeps its 21-day unbonding, which the escrow's exposure needs).
  params=$(query_smart "$B_ESCROW" '{"params":{}}' |
    jq -c --argjson w "$B_CHALLENGE_SECONDS" '.challenge_window_seconds = $w | .dispute_voting_seconds = 60') || return 1
  wasm_exec admin "$B_ESCROW" "{\"emergency_update_params\":{\"params\":$params}}" >/dev/null || return 1
  params=$(query_smart "$B_STAKING" '{"params":{}}' | jq -c '.reward_stream_seconds = 60') || return 1
  wasm_exec admin "$B_STAKING" "{\"emergency_update_params\":{\"params\":$params}}" >/dev/null || return 1
  # The voter's power: 1,000,000 MESH locked in the DAO's vault, and as much staked in DAO DAO's cw20-stake; DAO DAO's
  # treasury gets MESH to spend (the DAO's is its genesis community treasury).
  b_send liquidity "$B_TOKEN" "$B_DAO" $((1000000 * B_MESH)) '{"lock":{}}' >/dev/null &&
    b_send liquidity "$B_TOKEN" "${B_PEER[dao_staking]}" $((1000000 * B_MESH)) '{"stake":{}}' >/dev/null &&
    wasm_exec liquidity "$B_TOKEN" "{\"transfer\":{\"recipient\":\"${B_PEER[dao_core]}\",\"amount\":\"$((100000 * B_MESH))\"}}" \
      >/dev/null || return 1
  wait_blocks 1
}

# --- one round --------------------------------------------------------------------------------------------------------
b_result_hash() { printf 'bench-job-%s' "$1" | sha256sum | cut -c1-64; }
b_open_bill() { # b_open_bill -> tx JSON: the consumer pays a job of at most 50 units with the gateway's consent
  local required deadline consent provider terms
  provider=$(addr_of provider)
  required=$(query_smart "$B_ESCROW" '{"quote":{"model_class":"small","latency_class":"standard","units":"50"}}' |
    jq -r .escrow_required) || return 1
  deadline=$(($(date +%s) + 600))
  consent=$(signed_statement gateway route "$B_ESCROW" "$(addr_of consumer)" "$provider" small standard 50 "$deadline") ||
    return 1
  terms=$(jq -nc --arg p "$provider" --arg g "$(addr_of gateway)" --arg d "$((deadline * 1000000000))" \
    --argjson c "$consent" '{open_bill: {provider: $p, gateway: $g, gateway_consent: $c, model_class: "small",
      max_units: "50", latency_class: "standard", deadline: $d}}')
  b_send consumer "$B_TOKEN" "$B_ESCROW" "$required" "$terms"
}
b_complete_msg() { # b_complete_msg <bill> [acceptance]
  jq -nc --argjson b "$1" --arg h "$(b_result_hash "$1")" --argjson a "${2:-null}" \
    '{complete: ({bill_id: $b, units: "40", latency_ms: 1200, result_hash: $h} + if $a then {acceptance: $a} else {} end)}'
}
b_bill_id() { tx_events "$1" wasm bill_id | head -n1; }

bench_round() { # bench_round warmup|unpinned|pinned
  local r=$1 tx b1 b2 ids=() completions='[]' id acceptance sign channel expires bond proposal peer_proposal
  local provider ready_at
  provider=$(addr_of provider)

  # Transfers: 1 token from one holder to another that already holds some.
  tx=$(wasm_exec liquidity "$B_TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of consumer)\",\"amount\":\"$B_MESH\"}}") &&
    b_note "$r" transfer infermesh "MESH transfer (the suite's token: cw20-base behind its genesis)" "$tx" || return 1
  tx=$(wasm_exec liquidity "${B_PEER[cw20_base]}" "{\"transfer\":{\"recipient\":\"$(addr_of consumer)\",\"amount\":\"$B_MESH\"}}") &&
    b_note "$r" transfer cw20-base "cw20-base transfer" "$tx" || return 1

  # Bills whose challenge windows run while the rest is measured: b1 to finalize, b2 to dispute.
  tx=$(b_open_bill) && b_note "$r" "open bill" infermesh "escrow open bill (cw20 Send, gateway consent)" "$tx" || return 1
  b1=$(b_bill_id "$tx")
  tx=$(wasm_exec provider "$B_ESCROW" "$(b_complete_msg "$b1")") &&
    b_note "$r" complete infermesh "escrow complete" "$tx" || return 1
  ready_at=$(($(date +%s) + B_CHALLENGE_SECONDS + 2))
  tx=$(b_open_bill) && b2=$(b_bill_id "$tx") &&
    wasm_exec provider "$B_ESCROW" "$(b_complete_msg "$b2")" >/dev/null || return 1
  bond=$(query_smart "$B_ESCROW" '{"params":{}}' | jq -r .min_dispute_bond) || return 1
  tx=$(b_send consumer "$B_TOKEN" "$B_ESCROW" "$bond" "{\"dispute\":{\"bill_id\":$b2}}") &&
    b_note "$r" dispute infermesh "escrow dispute (cw20 Send of the bond, validator stake snapshot)" "$tx" || return 1

  # Governance: a treasury spend of 1,000 MESH to bob in both.
  local spend
  spend=$(jq -nc --arg t "$B_TOKEN" --arg b "$(addr_of bob)" --arg a "$((1000 * B_MESH))" \
    '[{wasm: {execute: {contract_addr: $t, msg: ({transfer: {recipient: $b, amount: $a}} | tojson | @base64), funds: []}}}]')
  tx=$(b_send liquidity "$B_TOKEN" "$B_DAO" "$B_DAO_DEPOSIT" "$(jq -nc --argjson m "$spend" \
    '{propose: {title: "pay bob", description: "bench", kind: "treasury", msgs: $m}}')") &&
    b_note "$r" propose infermesh "DAO propose (cw20 Send of the deposit, treasury kind)" "$tx" || return 1
  proposal=$(tx_events "$tx" wasm proposal_id | head -n1)
  tx=$(wasm_exec liquidity "${B_PEER[dao_proposals]}" "$(jq -nc --argjson m "$spend" \
    '{propose: {title: "pay bob", description: "bench", msgs: $m, proposer: null, vote: null}}')") &&
    b_note "$r" propose dao-dao "dao-proposal-single propose" "$tx" || return 1
  peer_proposal=$(tx_events "$tx" wasm proposal_id | head -n1)
  wait_blocks 1 || return 1
  tx=$(wasm_exec liquidity "$B_DAO" "{\"vote\":{\"proposal_id\":$proposal,\"vote\":\"yes\"}}") &&
    b_note "$r" vote infermesh "DAO vote (power at the creation height)" "$tx" || return 1
  tx=$(wasm_exec liquidity "${B_PEER[dao_proposals]}" "{\"vote\":{\"proposal_id\":$peer_proposal,\"vote\":\"yes\",\"rationale\":null}}") &&
    b_note "$r" vote dao-dao "dao-proposal-single vote" "$tx" || return 1
  tx=$(wasm_exec liquidity "${B_PEER[dao_proposals]}" "{\"execute\":{\"proposal_id\":$peer_proposal}}") &&
    b_note "$r" execute dao-dao "dao-proposal-single execute (core runs the transfer)" "$tx" || return 1

  # Staking 100 MESH, unstaking 10.
  tx=$(b_send delegator "$B_TOKEN" "$B_STAKING" $((100 * B_MESH)) "{\"delegate\":{\"operator\":\"$provider\"}}") &&
    b_note "$r" stake infermesh "staking delegate (cw20 Send; stake hook to the distributor)" "$tx" || return 1
  tx=$(b_send delegator "$B_TOKEN" "${B_PEER[cw20_stake]}" $((100 * B_MESH)) '{"stake":{}}') &&
    b_note "$r" stake cw20-stake "cw20-stake stake (cw20 Send)" "$tx" || return 1
  tx=$(b_send delegator "$B_TOKEN" "${B_PEER[cw4_stake]}" $((100 * B_MESH)) '{"bond":{}}') &&
    b_note "$r" stake cw4-stake "cw4-stake bond (cw20 Send)" "$tx" || return 1
  tx=$(wasm_exec delegator "$B_STAKING" "{\"unbond\":{\"operator\":\"$provider\",\"amount\":\"$((10 * B_MESH))\"}}") &&
    b_note "$r" unstake infermesh "staking unbond (stake hook to the distributor)" "$tx" || return 1
  tx=$(wasm_exec delegator "${B_PEER[cw20_stake]}" "{\"unstake\":{\"amount\":\"$((10 * B_MESH))\"}}") &&
    b_note "$r" unstake cw20-stake "cw20-stake unstake" "$tx" || return 1
  tx=$(wasm_exec delegator "${B_PEER[cw4_stake]}" "{\"unbond\":{\"tokens\":\"$((10 * B_MESH))\"}}") &&
    b_note "$r" unstake cw4-stake "cw4-stake unbond" "$tx" || return 1
  b_send liquidity "$B_TOKEN" "$B_STAKING" $((1000 * B_MESH)) "{\"distribute_rewards\":{\"operator\":\"$provider\"}}" \
    >/dev/null || return 1

  # Several bills of the provider settled at once, each with its consumer's signed acceptance.
  for _ in 1 2 3 4 5; do
    tx=$(b_open_bill) || return 1
    ids+=("$(b_bill_id "$tx")")
  done
  for id in "${ids[@]}"; do
    acceptance=$(signed_statement consumer accept "$B_ESCROW" "$id" 40 1200 "$(b_result_hash "$id")") || return 1
    completions=$(jq -c --argjson b "$id" --arg h "$(b_result_hash "$id")" --argjson a "$acceptance" \
      '. + [{bill_id: $b, units: "40", latency_ms: 1200, result_hash: $h, acceptance: $a}]' <<<"$completions")
  done
  tx=$(wasm_exec provider "$B_ESCROW" "$(jq -nc --argjson c "$completions" '{complete_batch: {completions: $c}}')") &&
    b_note "$r" "settle batch of 5" infermesh "escrow complete_batch of 5 accepted bills (whole tx)" "$tx" || return 1

  # A payment channel: open it, then the provider redeems one voucher for 1,000 inferences.
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$B_CHANNELS" 0 1 1) || return 1
  expires=$((($(date +%s) + 3600) * 1000000000))
  tx=$(b_send consumer "$B_TOKEN" "$B_CHANNELS" $((100 * B_MESH)) "$(jq -nc --arg p "$provider" \
    --arg k "$(jq -r .pubkey <<<"$sign")" --arg e "$expires" '{open_channel: {provider: $p, pubkey: $k, expires_at: $e}}')") &&
    b_note "$r" "open channel" infermesh "channels open (cw20 Send of the deposit)" "$tx" || return 1
  channel=$(tx_events "$tx" wasm channel_id | head -n1)
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$B_CHANNELS" "$channel" 50000 1000 adr036) || return 1
  tx=$(wasm_exec provider "$B_CHANNELS" "$(jq -c .redeem <<<"$sign")") &&
    b_note "$r" "redeem voucher" infermesh "channels redeem one voucher (1,000 inferences)" "$tx" || return 1

  tx=$(wasm_exec delegator "$B_STAKING" "{\"claim_rewards\":{\"operator\":\"$provider\"}}") &&
    b_note "$r" "claim rewards" infermesh "staking claim_rewards (a delegator's share)" "$tx" || return 1

  # After the challenge window and the DAO's vote and timelock.
  local wait_s=$((ready_at - $(date +%s)))
  ((wait_s <= 0)) || sleep "$wait_s"
  tx=$(wasm_exec provider "$B_ESCROW" "{\"finalize\":{\"bill_id\":$b1}}") &&
    b_note "$r" finalize infermesh "escrow finalize (after the window; settles)" "$tx" || return 1
  dao_wait_executable "$B_DAO" "$proposal" || return 1
  tx=$(wasm_exec liquidity "$B_DAO" "{\"execute\":{\"proposal_id\":$proposal}}") &&
    b_note "$r" execute infermesh "DAO execute (solvency check, the transfer, deposit back)" "$tx" || return 1
  [[ $(query_smart "$B_DAO" "{\"proposal\":{\"proposal_id\":$proposal}}" | jq -r .status) == executed ]] || {
    echo "the DAO's proposal $proposal did not end executed" >&2
    return 1
  }
}

# Every code on the chain, the suite's and the peers', pinned by one governance proposal.
bench_pin_everything() {
  local ids=()
  # shellcheck disable=SC2154 # _q_flags: lib/chain.sh's query flags
  mapfile -t ids < <("$WASMD" q wasm list-code --limit 1000 "${_q_flags[@]}" | jq -r '.code_infos[].code_id')
  pin_codes "${ids[@]}" >/dev/null || return 1
  [[ $(pinned_code_ids | wc -l) == "${#ids[@]}" ]] || {
    echo "pinning: $(pinned_code_ids | wc -l) of ${#ids[@]} codes pinned" >&2
    return 1
  }
}
