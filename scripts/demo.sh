#!/usr/bin/env bash
# The main job's marketplace scenario, through real transactions on the deployed suite: two providers stake (one
# honest, "provider"; one cheating, "bob"), a gateway and two validators ("validator", "alice") stake, a delegator
# stakes behind the honest provider; the consumer pays bills, accepts and rates them; the DAO, owner of the suite,
# changes the escrow's network fee by an economic proposal the stakers vote on; the consumer disputes bob's bill, the
# validators' stake finds bob at fault and the escrow slashes it; rewards accrue (jobs, emission, stake, votes) and
# are claimed. Then a summary of who paid and earned what, computed from this run's queries and events, and the CLI
# commands a user runs next.
# Every step is safe to repeat: a second run moves more tokens but never fails on what the first one did (it
# registers nobody twice, tops bonds up, lets bob out of jail, and moves the fee back).
# Time: on a new deployment the DAO first brings the dispute vote (3 days), the jail (7 days) and the staking reward
# stream (7 days) to their minimum, 60 s, on the localnet by an emergency-parameter proposal voted with the fee's. A
# run takes about 2.5 minutes (2 cores), of which about 75 s wait for the chain's clocks, with the transactions
# overlapping the waits where they can: the DAO's vote and timelock (deploy.sh's localnet 30 s + 5 s), then the
# dispute's 60 s vote, which also covers the end of the distributor's 60 s epoch and of the 60 s reward stream.
# Transactions of different keys are sent together (par_exec) and share blocks.
# Usage: scripts/demo.sh   (after scripts/deploy.sh)
# env: INFERMESH_DAPP_URL (printed with the next steps when set; scripts/main.sh prints the dApp's URL after this)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/chain.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dao.sh
source "$SCRIPTS_DIR/lib/dao.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"
ensure_ts_client # signs the gateway's route consents

STARTED=$(now_s)
DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json
[[ -f $DEPLOYMENT ]] || die "no $DEPLOYMENT: run scripts/deploy.sh first"
contract() { jq -r --arg k "$1" '.contracts[$k] // empty' "$DEPLOYMENT"; }
TOKEN=$(contract token)
VESTING=$(contract vesting)
STAKING=$(contract staking)
REPUTATION=$(contract reputation)
ESCROW=$(contract bill_escrow)
CHANNELS=$(contract payment_channels)
DISTRIBUTOR=$(contract distributor)
DAO=$(contract dao)
for name in TOKEN VESTING STAKING REPUTATION ESCROW DISTRIBUTOR DAO; do
  [[ -n ${!name} ]] || die "$DEPLOYMENT has no ${name,,} contract: the scenario needs the whole suite (scripts/deploy.sh)"
done
MESH=1000000 # base units per token
CONSUMER=$(addr_of consumer)
PROVIDER=$(addr_of provider)
BOB=$(addr_of bob)
GATEWAY=$(addr_of gateway)
# Every transaction of the run, one JSON line each (lib/chain.sh appends them), for the count and the gas.
CHAIN_TX_LOG=$(mktemp)
export CHAIN_TX_LOG
trap 'rm -f "$CHAIN_TX_LOG"' EXIT
WAITED=0 # seconds slept waiting for the chain's clocks

send_hook() { # send_hook <contract> <amount> <hook json> -> cw20 Send message
  jq -nc --arg c "$1" --arg a "$2" --arg m "$(printf '%s' "$3" | base64 -w0)" '{send: {contract: $c, amount: $a, msg: $m}}'
}
step() { printf '\n\033[1m%s\033[0m\n' "$*" >&2; }
mesh() { # mesh <base units> -> tokens, up to 6 decimals
  local v=$1 sign="" frac
  if ((v < 0)); then
    sign=-
    v=$((-v))
  fi
  frac=$(printf '%06d' $((v % MESH)))
  while [[ $frac == *0 ]]; do frac=${frac%0}; done
  printf '%s%s%s\n' "$sign" $((v / MESH)) "${frac:+.$frac}"
}
pct() { awk -v b="$1" 'BEGIN { s = sprintf("%.2f", b / 100); sub(/\.?0+$/, "", s); print s " %" }'; } # bps -> "1.8 %"
hms() { date -d "@$1" +%H:%M:%S; }
# contract_attr <tx json> <contract> <key>: the values of <key> in <contract>'s own wasm events of the tx
contract_attr() {
  jq -r --arg c "$2" --arg k "$3" '.events[] | select(.type == "wasm")
    | select(any(.attributes[]; .key == "_contract_address" and .value == $c)) | .attributes[] | select(.key == $k)
    | .value' <<<"$1"
}
# wait_until <unix seconds> <what>: sleeps until then (the chain's block time follows the clock), counted in WAITED.
wait_until() {
  local s=$(($1 - $(date +%s)))
  if ((s > 0)); then
    log "waiting ${s} s for $2"
    sleep "$s"
    WAITED=$((WAITED + s))
  fi
}
# par_exec <key> <contract> <json> [<key> <contract> <json> ...]: broadcasts one tx per triple at once and waits for
# all (distinct keys: each signs with its own account sequence, so they share blocks). PAR_TX[i] is the i-th tx JSON,
# empty when it failed (its error on stderr); returns 1 when any failed.
PAR_TX=()
par_exec() {
  local dir n=0 i rc=0 pids=() keys=()
  dir=$(mktemp -d)
  while (($# >= 3)); do
    wasm_exec "$1" "$2" "$3" >"$dir/$n" 2>"$dir/$n.err" &
    pids+=("$!")
    keys+=("$1")
    n=$((n + 1))
    shift 3
  done
  PAR_TX=()
  for ((i = 0; i < n; i++)); do
    if wait "${pids[i]}"; then
      PAR_TX+=("$(jq -c . "$dir/$i")")
    else
      rc=1
      PAR_TX+=("")
      warn "${keys[i]}: $(tr -s '\n' ' ' <"$dir/$i.err")"
    fi
  done
  rm -rf "$dir"
  return "$rc"
}
bill_q() { query_smart "$ESCROW" "{\"bill\":{\"bill_id\":$1}}"; }
credit_of() { query_smart "$ESCROW" "{\"credit\":{\"address\":\"$(addr_of "$1")\"}}" | jq -r .; }
supply() { query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply; }
status_of() { query_smart "$STAKING" "{\"operator_status\":{\"operator\":\"$(addr_of "$1")\"}}"; }
registered() { query_smart "$STAKING" "{\"operator\":{\"operator\":\"$(addr_of "$1")\"}}" >/dev/null 2>&1; }
delegation_of() { # delegation_of <delegator key> <operator key> -> its stake (0 without one)
  local d
  if d=$(query_smart "$STAKING" "{\"delegation\":{\"delegator\":\"$(addr_of "$1")\",\"operator\":\"$(addr_of "$2")\"}}" 2>/dev/null); then
    jq -r '.stake // "0"' <<<"$d"
  else
    echo 0
  fi
}
result_hash() { printf 'demo %s %s' "$1" "$2" | sha256sum | cut -c1-64; }

# open_bill <provider key> <units> -> the bill id: the consumer pays a small-model, fast-latency job of at most
# <units> into the escrow, routed by the gateway, which signs its consent (as Keplr's signArbitrary would).
open_bill() {
  local provider quote deadline consent tx id
  provider=$(addr_of "$1")
  quote=$(query_smart "$ESCROW" "{\"quote\":{\"model_class\":\"small\",\"latency_class\":\"fast\",\"units\":\"$2\"}}") ||
    return 1
  deadline=$(($(date +%s) + 3600))
  consent=$(signed_statement gateway route "$ESCROW" "$CONSUMER" "$provider" small fast "$2" "$deadline") || return 1
  tx=$(wasm_exec consumer "$TOKEN" "$(send_hook "$ESCROW" "$(jq -r .escrow_required <<<"$quote")" \
    "$(jq -nc --arg p "$provider" --arg g "$GATEWAY" --arg d "$((deadline * 1000000000))" --argjson c "$consent" \
      --arg u "$2" '{open_bill: {provider: $p, gateway: $g, gateway_consent: $c, model_class: "small", max_units: $u,
        latency_class: "fast", deadline: $d}}')")") || return 1
  id=$(tx_events "$tx" wasm bill_id | head -1)
  log "consumer opened bill $id with $1 for up to $2 units: cost $(mesh "$(jq -r .cost.total <<<"$quote")"), sent $(mesh "$(jq -r .escrow_required <<<"$quote")") MESH with the network fee (gas $(gas_used "$tx"))"
  printf '%s\n' "$id"
}
complete_msg() { # complete_msg <bill> <units> <latency ms> <result>
  jq -nc --argjson b "$1" --arg u "$2" --argjson l "$3" --arg h "$(result_hash "$1" "$4")" \
    '{complete: {bill_id: $b, units: $u, latency_ms: $l, result_hash: $h}}'
}

# The books before the run, for the summary.
SUPPLY0=$(supply)
ESCROW_TOTALS0=$(query_smart "$ESCROW" '{"totals":{}}')
STAKING_BURNED0=$(query_smart "$STAKING" '{"totals":{}}' | jq -r .burned)
TREASURY_CREDIT0=$(credit_of "$DAO")

step "1. The public-sale holder claims what has vested (25% at launch, then linear)"
grant=$(query_smart "$VESTING" "$(jq -nc --arg b "$(addr_of publicsale)" '{grants_by_beneficiary: {beneficiary: $b}}')" |
  jq -r '.grants[0].grant.id // empty')
if [[ -n $grant ]]; then
  tx=$(wasm_exec publicsale "$VESTING" "{\"claim\":{\"grant_id\":$grant}}") &&
    log "claimed $(tx_events "$tx" wasm amount | tail -1) base units from grant $grant (gas $(gas_used "$tx"))"
fi

# <key> <role> <self-bond in MESH> <models, comma-separated, or -> <advertised latency in ms>
OPERATORS=(
  "provider   provider   10000  llama-3-8b,mistral-7b  80"
  "bob        provider   10000  llama-3-8b             90"
  "gateway    gateway    10000  -                      20"
  "validator  validator  20000  -                      50"
  "alice      validator  10000  -                      50"
)
DELEGATION=$((5000 * MESH)) # the delegator's stake behind the honest provider
SPARE=$((1000 * MESH))      # liquid tokens each operator and the delegator keep

step "2. Liquidity sells each participant what it lacks: the consumer's budget, the operators' bonds, the delegator's stake"
declare -A BOND_TARGET=()
sales=("consumer $((10000 * MESH))")
for row in "${OPERATORS[@]}"; do
  read -r key _ bond _ <<<"$row"
  BOND_TARGET[$key]=$((bond * MESH))
  have=0
  registered "$key" && have=$(status_of "$key" | jq -r .self_bond)
  sales+=("$key $((bond * MESH > have ? bond * MESH - have + SPARE : SPARE))")
done
sales+=("delegator $((DELEGATION - $(delegation_of delegator provider) + SPARE))")
for sale in "${sales[@]}"; do
  read -r key need <<<"$sale"
  balance=$(cw20_balance "$TOKEN" "$key")
  ((need > balance)) || continue
  tx=$(wasm_exec liquidity "$TOKEN" "$(jq -nc --arg r "$(addr_of "$key")" --arg a "$((need - balance))" \
    '{transfer: {recipient: $r, amount: $a}}')")
  log "$key bought $(mesh $((need - balance))) MESH (gas $(gas_used "$tx"))"
done

step "3. Operators register and stake: two providers (honest and cheating), a gateway, two validators; a delegator stakes behind the honest provider"
args=()
for row in "${OPERATORS[@]}"; do
  read -r key role _ models latency <<<"$row"
  registered "$key" && continue
  args+=("$key" "$STAKING" "$(jq -nc --arg r "$role" --arg m "$models" --argjson l "$latency" --arg e "https://$key.example.invalid" \
    '{register_operator: {role: $r, metadata: {models: (if $m == "-" then [] else ($m | split(",")) end), latency_ms: $l, endpoint: $e}}}')")
done
if ((${#args[@]})); then
  par_exec "${args[@]}" || die "registering the operators failed"
  log "registered $((${#args[@]} / 3)) operators (gas $(for t in "${PAR_TX[@]}"; do gas_used "$t"; done | paste -sd/))"
fi
args=() amounts=()
for row in "${OPERATORS[@]}"; do
  read -r key _ <<<"$row"
  have=$(status_of "$key" | jq -r .self_bond)
  ((have < BOND_TARGET[$key])) || continue
  amounts+=($((BOND_TARGET[$key] - have)))
  args+=("$key" "$TOKEN" "$(send_hook "$STAKING" $((BOND_TARGET[$key] - have)) '{"self_bond":{}}')")
done
delegated=$(delegation_of delegator provider)
if ((delegated < DELEGATION)); then
  amounts+=($((DELEGATION - delegated)))
  args+=(delegator "$TOKEN" "$(send_hook "$STAKING" $((DELEGATION - delegated)) "{\"delegate\":{\"operator\":\"$PROVIDER\"}}")")
fi
if ((${#args[@]})); then
  par_exec "${args[@]}" || die "bonding failed"
  for ((i = 0; i < ${#amounts[@]}; i++)); do
    log "${args[i * 3]} bonded $(mesh "${amounts[i]}") MESH (gas $(gas_used "${PAR_TX[i]}"))"
  done
fi
# An earlier run's slash jailed bob (60 s on the localnet once the DAO shortened the jail): it comes out before it
# takes a bill (bob_unjail); a longer jail (an earlier run made none) leaves this run without a cheating provider.
CHEAT=1 BOB_JAILED_UNTIL=0
bob_status=$(status_of bob)
if [[ $(jq -r .banned <<<"$bob_status") == true ]]; then
  warn "bob is banned: no cheating provider this run"
  CHEAT=0
elif [[ $(jq -r .jailed <<<"$bob_status") == true ]]; then
  BOB_JAILED_UNTIL=$(($(jq -r '.jailed_until // "0" | tonumber' <<<"$bob_status") / 1000000000))
  if ((BOB_JAILED_UNTIL > $(date +%s) + 120)); then
    warn "bob is jailed until $(date -d "@$BOB_JAILED_UNTIL" '+%F %T'): no cheating provider this run"
    CHEAT=0
  fi
fi
bob_unjail() {
  ((BOB_JAILED_UNTIL)) || return 0
  wait_until $((BOB_JAILED_UNTIL + 2)) "bob's jail to end"
  tx=$(wasm_exec bob "$STAKING" '{"unjail":{}}') || return 1
  log "bob served its jail (until $(hms "$BOB_JAILED_UNTIL")) and unjailed (gas $(gas_used "$tx"))"
  BOB_JAILED_UNTIL=0
}
# bob takes a bill, reports the whole job done and delivers nothing worth paying for.
cheating_bill() {
  BILL_C=$(open_bill bob 200) &&
    wasm_exec bob "$ESCROW" "$(complete_msg "$BILL_C" 200 60 junk)" >/dev/null &&
    log "bob reported all 200 units on bill $BILL_C and sent no result worth paying for"
}
for row in "${OPERATORS[@]}"; do
  read -r key _ <<<"$row"
  status_of "$key" | jq -r --arg k "$key" '"  \($k): \(.role), tier \(.tier // "none"), self-bond \(.self_bond), delegated \(.delegated), commission \(.commission_rate), active \(.active)"' >&2
done
STAKE_HEIGHT=$(chain_height)

step "4. The DAO, owner of the suite, proposes changes; liquidity (tokens locked in its vault) and the stakers vote"
ESCROW_OWNER=$(query_smart "$ESCROW" '{"ownership":{}}' | jq -r .owner)
escrow_params=$(query_smart "$ESCROW" '{"params":{}}')
staking_params=$(query_smart "$STAKING" '{"params":{}}')
FEE_BEFORE=$(jq -r .network_fee_bps <<<"$escrow_params")
# The fee moves 10 % a run, down from the 2 % default and back up to it: the parameter guard lets an economic
# proposal move a parameter at most 20 % a quarter (docs/rules.md §10).
if ((FEE_BEFORE >= 200)); then FEE_TARGET=$((FEE_BEFORE * 9 / 10)); else FEE_TARGET=$((FEE_BEFORE * 10 / 9 > 200 ? 200 : FEE_BEFORE * 10 / 9)); fi
wasm_msg() { # wasm_msg <contract> <json> -> a DAO proposal's message
  jq -nc --arg c "$1" --argjson m "$2" '{wasm: {execute: {contract_addr: $c, msg: ($m | tojson | @base64), funds: []}}}'
}
PERIODS_MSGS='[]'
if (($(jq -r .dispute_voting_seconds <<<"$escrow_params") > 60)); then
  escrow_params=$(jq -c '.dispute_voting_seconds = 60' <<<"$escrow_params")
  PERIODS_MSGS=$(jq -c --argjson m "$(wasm_msg "$ESCROW" "{\"emergency_update_params\":{\"params\":$escrow_params}}")" \
    '. + [$m]' <<<"$PERIODS_MSGS")
fi
if (($(jq -r '[.jail_period_seconds, .reward_stream_seconds] | max' <<<"$staking_params") > 60)); then
  PERIODS_MSGS=$(jq -c --argjson m "$(wasm_msg "$STAKING" "{\"emergency_update_params\":{\"params\":$(jq -c \
    '.jail_period_seconds = 60 | .reward_stream_seconds = 60' <<<"$staking_params")}}")" '. + [$m]' <<<"$PERIODS_MSGS")
fi
# After the periods' proposal (executed first), so its dispute vote of 60 s stays.
FEE_MSGS=$(jq -nc --argjson m "$(wasm_msg "$ESCROW" "{\"update_params\":{\"params\":$(jq -c --argjson f "$FEE_TARGET" \
  '.network_fee_bps = $f' <<<"$escrow_params")}}")" '[$m]')
FEE_TITLE="network fee $(pct "$FEE_BEFORE") -> $(pct "$FEE_TARGET")"
P_PERIODS="" P_FEE=""
if [[ $ESCROW_OWNER == "$DAO" ]]; then
  deposit=$(query_smart "$DAO" '{"params":{}}' | jq -r .deposit)
  dao_lock_once liquidity "$TOKEN" "$DAO" $((1000000 * MESH)) # deploy.sh's hand-over locked these already
  if [[ $PERIODS_MSGS != '[]' ]]; then
    tx=$(dao_propose liquidity "$TOKEN" "$DAO" "$deposit" emergency_parameter \
      "localnet periods: 60 s dispute votes, jails and reward streams" "$PERIODS_MSGS")
    P_PERIODS=$(tx_events "$tx" wasm proposal_id | head -1)
    log "proposal $P_PERIODS (emergency parameter: 80 % yes, 40 % quorum): the escrow's dispute vote and staking's jail and reward stream to 60 s on the localnet (gas $(gas_used "$tx"))"
  fi
  tx=$(dao_propose liquidity "$TOKEN" "$DAO" "$deposit" economic "$FEE_TITLE" "$FEE_MSGS")
  P_FEE=$(tx_events "$tx" wasm proposal_id | head -1)
  log "proposal $P_FEE (economic: 55 % yes, 20 % quorum): $FEE_TITLE, deposit $(mesh "$deposit") MESH (gas $(gas_used "$tx"))"
  wait_blocks 1
  # Power is read at each proposal's creation height: tokens locked in the vault 1x, bonded stake 1.5x.
  ballot() { printf '{"vote":{"proposal_id":%s,"vote":"%s"}}' "$1" "${2:-yes}"; }
  if [[ -n $P_PERIODS ]]; then
    args=(liquidity "$DAO" "$(ballot "$P_PERIODS")" validator "$DAO" "$(ballot "$P_PERIODS")" alice "$DAO" "$(ballot "$P_PERIODS")"
      provider "$DAO" "$(ballot "$P_FEE")" delegator "$DAO" "$(ballot "$P_FEE")" gateway "$DAO" "$(ballot "$P_FEE")")
    ((CHEAT)) && args+=(bob "$DAO" "$(ballot "$P_PERIODS" no)") # a cheater likes slow disputes
    par_exec "${args[@]}" || die "voting failed"
    par_exec liquidity "$DAO" "$(ballot "$P_FEE")" validator "$DAO" "$(ballot "$P_FEE")" alice "$DAO" "$(ballot "$P_FEE")" ||
      die "voting failed"
  else
    par_exec liquidity "$DAO" "$(ballot "$P_FEE")" validator "$DAO" "$(ballot "$P_FEE")" alice "$DAO" "$(ballot "$P_FEE")" \
      provider "$DAO" "$(ballot "$P_FEE")" delegator "$DAO" "$(ballot "$P_FEE")" gateway "$DAO" "$(ballot "$P_FEE")" ||
      die "voting failed"
  fi
  LAST_WORK_AT=$(date +%s) # votes are work in the distributor's voters' role
  for id in $P_PERIODS $P_FEE; do
    proposal=$(query_smart "$DAO" "{\"proposal\":{\"proposal_id\":$id}}")
    log "proposal $id: yes $(mesh "$(jq -r .tally.yes <<<"$proposal")"), no $(mesh "$(jq -r .tally.no <<<"$proposal")") of $(mesh "$(jq -r .total_power <<<"$proposal")") power; the vote ends at $(hms $(($(jq -r .voting_ends <<<"$proposal") / 1000000000)))"
  done
else
  warn "the escrow's owner is $ESCROW_OWNER, not the DAO (deployed with INFERMESH_HAND_OVER=0): it makes the changes itself"
  LAST_WORK_AT=$(date +%s)
fi

CONSUMER0=$(($(cw20_balance "$TOKEN" consumer) + $(credit_of consumer)))
step "5. While the vote runs: the consumer pays jobs; the honest provider serves one, bob claims one it did not serve"
BILL_A=$(open_bill provider 200)
tx=$(wasm_exec provider "$ESCROW" "$(complete_msg "$BILL_A" 150 75 ok)")
log "provider reported 150 units in 75 ms on bill $BILL_A (gas $(gas_used "$tx"))"
BILL_C=""
if ((CHEAT && BOB_JAILED_UNTIL == 0)); then cheating_bill || die "bob's bill failed"; fi
tx=$(wasm_exec consumer "$ESCROW" "{\"accept\":{\"bill_id\":$BILL_A}}")
log "consumer accepted bill $BILL_A: $(bill_q "$BILL_A" | jq -c '.settlement | {charged, split, refunded}') (gas $(gas_used "$tx"))"
tx=$(wasm_exec consumer "$REPUTATION" "{\"rate\":{\"bill_id\":$BILL_A,\"stars\":5}}")
log "consumer rated bill $BILL_A 5 stars (gas $(gas_used "$tx"))"

step "6. The proposals pass and anyone executes them after the timelock"
apply_msgs() { # apply_msgs <msgs json>: the owner (admin) sends the messages itself
  local m
  while IFS= read -r m; do
    wasm_exec admin "$(jq -r .contract_addr <<<"$m")" "$(jq -r '.msg | @base64d' <<<"$m")" >/dev/null || return 1
  done < <(jq -c '.[].wasm.execute' <<<"$1")
}
if [[ -n $P_FEE ]]; then
  for id in $P_PERIODS $P_FEE; do
    t0=$(date +%s)
    dao_wait_executable "$DAO" "$id"
    WAITED=$((WAITED + $(date +%s) - t0))
    tx=$(wasm_exec consumer "$DAO" "{\"execute\":{\"proposal_id\":$id}}")
    if dao_failed "$tx"; then
      [[ $id == "$P_FEE" ]] || die "proposal $id's execution failed"
      warn "proposal $id passed but its execution failed (the parameter guard: at most 12 updates a quarter): the fee stays"
    else
      log "proposal $id executed: $(query_smart "$DAO" "{\"proposal\":{\"proposal_id\":$id}}" | jq -r .title) (gas $(gas_used "$tx"))"
    fi
  done
else
  [[ $PERIODS_MSGS == '[]' ]] || apply_msgs "$PERIODS_MSGS" || die "the owner's change of the periods failed"
  apply_msgs "$FEE_MSGS" || warn "the owner's fee change failed"
fi
FEE_AFTER=$(query_smart "$ESCROW" '{"params":{}}' | jq -r .network_fee_bps)
log "the escrow's network fee: $(pct "$FEE_BEFORE") before, $(pct "$FEE_AFTER") after; dispute vote $(query_smart "$ESCROW" '{"params":{}}' | jq -r .dispute_voting_seconds) s, jail and reward stream $(query_smart "$STAKING" '{"params":{}}' | jq -r '"\(.jail_period_seconds) s and \(.reward_stream_seconds) s"')"
# What each operator's pool earned by stake so far (the validators' and the stakers' roles) goes into staking, where
# the operator takes its commission and the rest streams to the pool's shares (60 s now): anyone pushes it.
PUSH_OPS=$(jq -nc --args '$ARGS.positional' "$PROVIDER" "$GATEWAY" "$(addr_of validator)" "$(addr_of alice)")
if PUSH_TX=$(wasm_exec delegator "$DISTRIBUTOR" "$(jq -nc --argjson o "$PUSH_OPS" '{push_stake_rewards: {operators: $o}}')"); then
  log "pushed $(mesh "$(contract_attr "$PUSH_TX" "$DISTRIBUTOR" pushed)") MESH of stake rewards into staking for the pools of provider, gateway, validator and alice (gas $(gas_used "$PUSH_TX"))"
else
  PUSH_TX=""
fi
PUSHED_AT=$(date +%s)
if ((CHEAT)) && [[ -z $BILL_C ]]; then
  bob_unjail || die "bob's unjail failed"
  cheating_bill || die "bob's bill failed"
fi

DISPUTE_ENDS=0
if ((CHEAT)); then
  step "7. The consumer disputes bob's bill with a bond; the validators vote with their stake at the opening height"
  bond=$(query_smart "$ESCROW" '{"params":{}}' | jq -r .min_dispute_bond)
  tx=$(wasm_exec consumer "$TOKEN" "$(send_hook "$ESCROW" "$bond" "{\"dispute\":{\"bill_id\":$BILL_C}}")")
  dispute=$(bill_q "$BILL_C" | jq -c .dispute)
  log "consumer disputed bill $BILL_C with a $(mesh "$bond") MESH bond: validator stake at height $(jq -r .opened_height <<<"$dispute") is $(mesh "$(jq -r .validator_stake <<<"$dispute")"), quorum $(mesh "$(jq -r .quorum <<<"$dispute")") (gas $(gas_used "$tx"))"
  par_exec validator "$ESCROW" "{\"resolve_vote\":{\"bill_id\":$BILL_C,\"provider_at_fault\":true}}" \
    alice "$ESCROW" "{\"resolve_vote\":{\"bill_id\":$BILL_C,\"provider_at_fault\":true}}" || die "the validators' votes failed"
  log "validator and alice voted bob at fault with $(contract_attr "${PAR_TX[0]}" "$ESCROW" weight) and $(contract_attr "${PAR_TX[1]}" "$ESCROW" weight) stake"
  DISPUTE_ENDS=$(($(bill_q "$BILL_C" | jq -r '.dispute.voting_ends_at | tonumber') / 1000000000 + 3))
fi

step "8. Meanwhile the consumer pays another job at the new fee; the payees withdraw; the work goes to the distributor"
BILL_B=$(open_bill provider 100)
wasm_exec provider "$ESCROW" "$(complete_msg "$BILL_B" 100 70 ok)" >/dev/null
wasm_exec consumer "$ESCROW" "{\"accept\":{\"bill_id\":$BILL_B}}" >/dev/null
tx=$(wasm_exec consumer "$REPUTATION" "{\"rate\":{\"bill_id\":$BILL_B,\"stars\":4}}")
log "provider served bill $BILL_B, the consumer accepted it and rated it 4 stars: network fee $(mesh "$(bill_q "$BILL_B" | jq -r .network_fee)") on $(mesh "$(bill_q "$BILL_B" | jq -r .deposit)") sent ($(pct "$FEE_AFTER")), bill $BILL_A paid $(mesh "$(bill_q "$BILL_A" | jq -r .network_fee)") on $(mesh "$(bill_q "$BILL_A" | jq -r .deposit)") ($(pct "$FEE_BEFORE"))"
# Outcomes reach reputation, and settled work the distributor, in batches (report_interval_seconds): anyone may send
# a provider's (and a gateway's) batch now.
par_exec delegator "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$PROVIDER\"}}" \
  alice "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$GATEWAY\"}}" || warn "a report had nothing to send"
LAST_WORK_AT=$(date +%s)
log "work in the distributor's open epoch: provider $(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$PROVIDER\"}}" | jq -c .working) (the charges x its reputation multiplier), gateway $(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$GATEWAY\"}}" | jq -c .working)"
# Settlements credit the payees; each takes any number of jobs' earnings in one transfer, and the pending halves of
# the network fees are burned with it.
declare -A WITHDRAWN=()
par_exec provider "$ESCROW" '{"withdraw":{}}' gateway "$ESCROW" '{"withdraw":{}}' || true
WITHDRAWN[provider]=0 WITHDRAWN[gateway]=0
[[ -z ${PAR_TX[0]} ]] || WITHDRAWN[provider]=$(contract_attr "${PAR_TX[0]}" "$ESCROW" amount)
[[ -z ${PAR_TX[1]} ]] || WITHDRAWN[gateway]=$(contract_attr "${PAR_TX[1]}" "$ESCROW" amount)
log "provider withdrew $(mesh "${WITHDRAWN[provider]}") MESH, gateway $(mesh "${WITHDRAWN[gateway]}") MESH of credited earnings"

SLASH_TX=""
if ((CHEAT)); then
  step "9. The dispute's vote ends: anyone finalizes the verdict; the escrow refunds the consumer and slashes bob"
  wait_until "$DISPUTE_ENDS" "the dispute's vote to end"
  BOB_BOND0=$(status_of bob | jq -r .self_bond)
  SLASH_TX=$(wasm_exec delegator "$ESCROW" "{\"finalize\":{\"bill_id\":$BILL_C}}")
  log "bill $BILL_C $(bill_q "$BILL_C" | jq -r .status) by $(contract_attr "$SLASH_TX" "$ESCROW" resolved_by | head -1): bob slashed $(pct "$(awk -v f="$(contract_attr "$SLASH_TX" "$STAKING" applied_fraction | head -1)" 'BEGIN { print f * 10000 }')") of its stake ($(mesh "$(contract_attr "$SLASH_TX" "$STAKING" burned | head -1)") MESH burned), jailed until $(hms "$(contract_attr "$SLASH_TX" "$STAKING" jailed_until | head -1)") (gas $(gas_used "$SLASH_TX"))"
  tx=$(wasm_exec consumer "$REPUTATION" "{\"rate\":{\"bill_id\":$BILL_C,\"stars\":1}}")
  log "consumer rated bill $BILL_C 1 star; reputation (0-1000; these jobs are too small to move it much): provider $(query_smart "$REPUTATION" "{\"score\":{\"operator\":\"$PROVIDER\"}}" | jq -c '{score, successes_30d, failures_30d, rating_average}'), bob $(query_smart "$REPUTATION" "{\"score\":{\"operator\":\"$BOB\"}}" | jq -c '{score, successes_30d, failures_30d, rating_average}')"
fi
if tx=$(wasm_exec consumer "$ESCROW" '{"withdraw":{}}'); then
  log "consumer withdrew $(mesh "$(contract_attr "$tx" "$ESCROW" amount)") MESH: unused escrow${BILL_C:+, the refund of bill $BILL_C and the bond}"
fi

step "10. Rewards: the distributor's epoch closes; everyone claims"
config=$(query_smart "$DISTRIBUTOR" '{"config":{}}')
start=$(jq -r '(.start | tonumber) / 1000000000 | floor' <<<"$config")
epoch_s=$(jq -r .epoch_seconds <<<"$config")
wait_until $((start + ((LAST_WORK_AT - start) / epoch_s + 1) * epoch_s + 2)) "the distributor's epoch of this run's work and votes to close"
wait_until $((PUSHED_AT + 61)) "the stake rewards' 60 s stream to run out"
declare -A EMISSION=() EMISSION_ROLES=() STAKE_CLAIM=()
CLAIMERS=(provider gateway delegator validator alice liquidity)
args=()
for key in "${CLAIMERS[@]}"; do
  pending=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$(addr_of "$key")\"}}")
  EMISSION[$key]=0
  EMISSION_ROLES[$key]=$(jq -r '[.roles[] | "\(.[0] | gsub("_"; " ")) \(.[1] | tonumber / 1e6)"] | join(", ")' <<<"$pending")
  if (($(jq -r .total <<<"$pending") > 0)); then args+=("$key" "$DISTRIBUTOR" '{"claim":{}}'); fi
done
if ((${#args[@]})); then
  par_exec "${args[@]}" || warn "a claim failed"
  for ((i = 0; i < ${#args[@]}; i += 3)); do
    [[ -z ${PAR_TX[i / 3]} ]] || EMISSION[${args[i]}]=$(contract_attr "${PAR_TX[i / 3]}" "$DISTRIBUTOR" amount | head -1)
  done
fi
for key in "${CLAIMERS[@]}"; do
  if ((EMISSION[$key] > 0)); then log "$key claimed $(mesh "${EMISSION[$key]}") MESH of emission (by role: ${EMISSION_ROLES[$key]})"; fi
done
# Staking: the operators' commission and every share's stream (the delegator's share of the provider's pool).
args=(provider "$STAKING" "{\"claim_rewards\":{\"operator\":\"$PROVIDER\"}}"
  delegator "$STAKING" "{\"claim_rewards\":{\"operator\":\"$PROVIDER\"}}"
  gateway "$STAKING" "{\"claim_rewards\":{\"operator\":\"$GATEWAY\"}}"
  validator "$STAKING" "{\"claim_rewards\":{\"operator\":\"$(addr_of validator)\"}}"
  alice "$STAKING" "{\"claim_rewards\":{\"operator\":\"$(addr_of alice)\"}}")
par_exec "${args[@]}" || warn "a staking claim had nothing to pay"
for ((i = 0; i < ${#args[@]}; i += 3)); do
  STAKE_CLAIM[${args[i]}]=0
  [[ -n ${PAR_TX[i / 3]} ]] || continue
  STAKE_CLAIM[${args[i]}]=$(contract_attr "${PAR_TX[i / 3]}" "$STAKING" amount | head -1)
  log "${args[i]} claimed $(mesh "${STAKE_CLAIM[${args[i]}]}") MESH of staking rewards (commission $(mesh "$(contract_attr "${PAR_TX[i / 3]}" "$STAKING" commission | head -1)"))"
done
# The governance pool's 5 % of every job is owed to the distributor as a sum in the escrow; anyone collects it.
COLLECTED=0
if (($(query_smart "$ESCROW" '{"totals":{}}' | jq -r .pool_fees) > 0)); then
  tx=$(wasm_exec consumer "$DISTRIBUTOR" "{\"collect_fees\":{\"from\":\"$ESCROW\"}}")
  COLLECTED=$(contract_attr "$tx" "$ESCROW" amount | head -1)
  log "the distributor collected $(mesh "$COLLECTED") MESH of pool fees from the escrow into its emission pool (gas $(gas_used "$tx"))"
fi

step "11. Summary"
SUPPLY1=$(supply)
ESCROW_TOTALS1=$(query_smart "$ESCROW" '{"totals":{}}')
CONSUMER1=$(($(cw20_balance "$TOKEN" consumer) + $(credit_of consumer)))
RUN_BILLS=("$BILL_A" ${BILL_C:+"$BILL_C"} "$BILL_B")
bills_json=$(for b in "${RUN_BILLS[@]}"; do bill_q "$b"; done | jq -sc .)
sum_bills() { jq -r --arg p "${2:-}" "[.[] | select(\$p == \"\" or .provider == \$p) | $1 | tonumber] | add // 0" <<<"$bills_json"; }
CHARGED=$(sum_bills '.settlement.charged // "0"')
FEES=$(sum_bills .network_fee)
JOBS_PROVIDER=$(sum_bills '.settlement.split.provider // "0"' "$PROVIDER")
JOBS_GATEWAY=$(sum_bills '.settlement.split.gateway // "0"')
JOBS_BOB=$(sum_bills '.settlement.split.provider // "0"' "$BOB")
SLASH_BURNED=$(($(query_smart "$STAKING" '{"totals":{}}' | jq -r .burned) - STAKING_BURNED0))
FEE_BURNED=$(($(jq -r .fees_burned <<<"$ESCROW_TOTALS1") - $(jq -r .fees_burned <<<"$ESCROW_TOTALS0")))
TREASURY_TAKE=$(($(credit_of "$DAO") - TREASURY_CREDIT0))
POOL_TAKE=$(($(jq -r .pool_fees <<<"$ESCROW_TOTALS1") - $(jq -r .pool_fees <<<"$ESCROW_TOTALS0") + COLLECTED))
earned() { echo $(($1 + EMISSION[$2] + STAKE_CLAIM[$2])); }
EMISSION[bob]=0 STAKE_CLAIM[bob]=0 STAKE_CLAIM[liquidity]=0

{
  printf '\n== What this run did on %s (MESH; every number from this run'"'"'s queries and events) ==\n' "$CHAIN_ID"
  row() { printf '  %-26s %13s %13s   %s\n' "$@"; }
  row "who" "paid" "earned" "how"
  row "consumer" "$(mesh "$((CONSUMER0 - CONSUMER1))")" "-" \
    "${#RUN_BILLS[@]} bills: charged $(mesh "$CHARGED") + network fees $(mesh "$FEES")${BILL_C:+; bill $BILL_C refunded after its dispute, escrow and bond back}"
  row "provider (honest)" "-" "$(mesh "$(earned "$JOBS_PROVIDER" provider)")" \
    "jobs $(mesh "$JOBS_PROVIDER") (80 % of charges), emission $(mesh "${EMISSION[provider]}"), staking $(mesh "${STAKE_CLAIM[provider]}")"
  if [[ -n $BILL_C ]]; then
    bob_bond1=$(status_of bob | jq -r .self_bond)
    row "bob (cheating provider)" "slashed $(mesh "$(contract_attr "$SLASH_TX" "$STAKING" burned | head -1)")" "$(mesh "$JOBS_BOB")" \
      "bill $BILL_C: at fault by $(bill_q "$BILL_C" | jq -r '.dispute | "\(.fault_stake | tonumber / 1e6) of \(.validator_stake | tonumber / 1e6) validator stake (quorum \(.quorum | tonumber / 1e6))"'); self-bond $(mesh "$BOB_BOND0") -> $(mesh "$bob_bond1"), jailed until $(hms "$(contract_attr "$SLASH_TX" "$STAKING" jailed_until | head -1)")"
  fi
  row "gateway" "-" "$(mesh "$(earned "$JOBS_GATEWAY" gateway)")" \
    "jobs $(mesh "$JOBS_GATEWAY") (10 % of charges), emission $(mesh "${EMISSION[gateway]}"), staking $(mesh "${STAKE_CLAIM[gateway]}")"
  row "delegator" "-" "$(mesh "$(earned 0 delegator)")" \
    "staking $(mesh "${STAKE_CLAIM[delegator]}") (its share of the provider's pool), emission $(mesh "${EMISSION[delegator]}") (votes)"
  for key in validator alice; do
    row "$key (validator)" "-" "$(mesh "$(earned 0 "$key")")" \
      "staking $(mesh "${STAKE_CLAIM[$key]}") (its pool's share of the validators' and stakers' roles), emission $(mesh "${EMISSION[$key]}") (votes)"
  done
  if [[ -n $P_FEE ]]; then
    row "liquidity (DAO voter)" "-" "$(mesh "${EMISSION[liquidity]}")" \
      "emission for its votes ($(mesh "$(query_smart "$DAO" "{\"voting_power\":{\"address\":\"$(addr_of liquidity)\"}}" | jq -r .locked)") MESH locked in the DAO's vault)"
  fi
  row "burned" "" "$(mesh "$((SUPPLY0 - SUPPLY1))")" \
    "slash $(mesh "$SLASH_BURNED") + half of the network fees $(mesh "$FEE_BURNED"); supply $(mesh "$SUPPLY0") -> $(mesh "$SUPPLY1")"
  row "treasury (the DAO)" "" "$(mesh "$TREASURY_TAKE")" "the other half of the network fees + 5 % of charges, owed by the escrow"
  row "reward pool (distributor)" "" "$(mesh "$POOL_TAKE")" "5 % of charges, collected into the emission pool"
  if [[ -n $P_FEE ]]; then
    proposal=$(query_smart "$DAO" "{\"proposal\":{\"proposal_id\":$P_FEE}}")
    how="proposal $P_FEE ($(jq -r .kind <<<"$proposal")): yes $(mesh "$(jq -r .tally.yes <<<"$proposal")"), no $(mesh "$(jq -r .tally.no <<<"$proposal")") of $(mesh "$(jq -r .total_power <<<"$proposal")") power, $(jq -r .status <<<"$proposal")"
  else
    how="the owner, $ESCROW_OWNER"
  fi
  row "network fee" "" "" "$(pct "$FEE_BEFORE") before, $(pct "$FEE_AFTER") after, by $how; bill $BILL_A paid \
$(mesh "$(bill_q "$BILL_A" | jq -r .network_fee)"), bill $BILL_B $(mesh "$(bill_q "$BILL_B" | jq -r .network_fee)")"
  if [[ -n $P_PERIODS ]]; then
    proposal=$(query_smart "$DAO" "{\"proposal\":{\"proposal_id\":$P_PERIODS}}")
    row "localnet periods" "" "" "dispute vote, jail, reward stream at 60 s by proposal $P_PERIODS (emergency parameter): yes $(mesh "$(jq -r .tally.yes <<<"$proposal")"), no $(mesh "$(jq -r .tally.no <<<"$proposal")"), $(jq -r .status <<<"$proposal")"
  fi
  printf '  %s transactions, %s gas; %s s, of which %s s waiting for the chain'"'"'s clocks\n' "$(wc -l <"$CHAIN_TX_LOG")" \
    "$(jq -s 'map(.gas_used | tonumber) | add // 0' "$CHAIN_TX_LOG")" "$(elapsed_since "$STARTED")" "$WAITED"
}

step "Deployed on $CHAIN_ID ($RPC_URL, REST $API_URL):"
jq -r '.contracts | to_entries[] | "  \(.key)\t\(.value)"' "$DEPLOYMENT" >&2

W="$WASMD"
BRIDGE=$(contract bridge)
cat <<NEXT

What to do next (copy and paste; the wasmd CLI is $W):
  N="--node $NODE_RPC -o json"
  # token: balance, supply, holders
  $W query wasm contract-state smart $TOKEN '{"balance":{"address":"$CONSUMER"}}' \$N
  $W query wasm contract-state smart $TOKEN '{"token_info":{}}' \$N
  $W query wasm contract-state smart $TOKEN '{"all_accounts":{"limit":30}}' \$N
  # vesting: a beneficiary's grants with vested / claimable amounts
  $W query wasm contract-state smart $VESTING '{"grants_by_beneficiary":{"beneficiary":"$(addr_of team)"}}' \$N
  $W query wasm contract-state smart $VESTING '{"config":{}}' \$N
  # staking: an operator's role, tier, jail status and bonds in one call; operators; stake at a past height; a slash
  $W query wasm contract-state smart $STAKING '{"operator_status":{"operator":"$PROVIDER"}}' \$N
  $W query wasm contract-state smart $STAKING '{"operator_status":{"operator":"$BOB"}}' \$N
  $W query wasm contract-state smart $STAKING '{"operators":{"limit":10}}' \$N
  $W query wasm contract-state smart $STAKING '{"stake_at_height":{"address":"$(addr_of delegator)","height":$STAKE_HEIGHT}}' \$N
  $W query wasm contract-state smart $STAKING '{"evidence":{"evidence_id":"bill-${BILL_C:-1}"}}' \$N
  # distributor: the pool's books, a year of the schedule, what a member may claim (then: wasmd tx wasm execute $DISTRIBUTOR '{"claim":{}}')
  $W query wasm contract-state smart $DISTRIBUTOR '{"emission":{}}' \$N
  $W query wasm contract-state smart $DISTRIBUTOR '{"schedule":{"year":0}}' \$N
  $W query wasm contract-state smart $DISTRIBUTOR '{"pending":{"member":"$PROVIDER"}}' \$N
  # dao: owner of every contract; its proposals, the treasury, a holder's power (README "Governance on the localnet")
  $W query wasm contract-state smart $DAO '{"proposals":{"limit":5}}' \$N
  $W query wasm contract-state smart $DAO '{"treasury":{}}' \$N
  $W query wasm contract-state smart $DAO '{"voting_power":{"address":"$(addr_of liquidity)"}}' \$N
  $W query wasm contract-state smart $STAKING '{"ownership":{}}' \$N
NEXT
if [[ -n $BRIDGE ]]; then
  cat <<NEXT
  # bridge: the home bridge (docs/bridge.md); its IBC port, config and channels. It opens a channel once the DAO allows
  # a counterparty; scripts/bridge-test.sh runs it between two localnets with a relayer
  $W query wasm contract $BRIDGE \$N
  $W query wasm contract-state smart $BRIDGE '{"config":{}}' \$N
  $W query wasm contract-state smart $BRIDGE '{"channels":{}}' \$N
NEXT
fi
cat <<NEXT
  # reputation: score with components, operators by score
  $W query wasm contract-state smart $REPUTATION '{"score":{"operator":"$PROVIDER"}}' \$N
  $W query wasm contract-state smart $REPUTATION '{"operators":{"limit":10}}' \$N
  # bill escrow: a price quote, the parameters (fee, dispute vote), a consumer's bills, a disputed bill, the totals
  $W query wasm contract-state smart $ESCROW '{"quote":{"model_class":"medium","latency_class":"realtime","units":"1000"}}' \$N
  $W query wasm contract-state smart $ESCROW '{"params":{}}' \$N
  $W query wasm contract-state smart $ESCROW '{"bills":{"filter":{"consumer":"$CONSUMER"}}}' \$N
  $W query wasm contract-state smart $ESCROW '{"bill":{"bill_id":${BILL_C:-$BILL_A}}}' \$N
  $W query wasm contract-state smart $ESCROW '{"totals":{}}' \$N
  $W query wasm contract-state smart $ESCROW '{"credit":{"address":"$CONSUMER"}}' \$N
  # payment channels: a consumer's channels, the bytes its wallet signs for a voucher (clients/ts/sign-voucher.mjs)
  $W query wasm contract-state smart $CHANNELS '{"channels":{"filter":{"consumer":"$CONSUMER"}}}' \$N
  $W query wasm contract-state smart $CHANNELS '{"totals":{}}' \$N
  # send a transfer yourself (test keyring of the localnet)
  $W tx wasm execute $TOKEN '{"transfer":{"recipient":"$(addr_of alice)","amount":"1000000"}}' \\
     --from consumer --keyring-backend test --home $LOCALNET_HOME --chain-id $CHAIN_ID --node $NODE_RPC \\
     --gas auto --gas-adjustment 1.4 --gas-prices 0$DENOM -y
  # stop / resume the chain (state is kept)
  scripts/localnet.sh down; scripts/localnet.sh up
  # the dApp on this deployment: ${INFERMESH_DAPP_URL:-its URL is printed by scripts/main.sh below}
NEXT
