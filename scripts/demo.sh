#!/usr/bin/env bash
# A short marketplace scenario through real transactions on the deployed suite, then the CLI commands a user runs next.
# Every step is safe to repeat: a second run moves more tokens but never fails on what the first one did.
# Usage: scripts/demo.sh   (after scripts/deploy.sh)
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"
# shellcheck source=lib/tools.sh
source "$SCRIPTS_DIR/lib/tools.sh"
ensure_ts_client # signs the gateway's route consent

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
MESH=1000000 # base units per token
send_hook() { # send_hook <contract> <amount> <hook json> -> cw20 Send message
  jq -nc --arg c "$1" --arg a "$2" --arg m "$(printf '%s' "$3" | base64 -w0)" '{send: {contract: $c, amount: $a, msg: $m}}'
}
step() { printf '\n\033[1m%s\033[0m\n' "$*" >&2; }

step "1. The public-sale holder claims what has vested (25% at launch, then linear)"
grant=$(query_smart "$VESTING" "$(jq -nc --arg b "$(addr_of publicsale)" '{grants_by_beneficiary: {beneficiary: $b}}')" |
  jq -r '.grants[0].grant.id // empty')
if [[ -n $grant ]]; then
  tx=$(wasm_exec publicsale "$VESTING" "{\"claim\":{\"grant_id\":$grant}}") &&
    log "claimed $(tx_events "$tx" wasm amount | tail -1) base units from grant $grant (gas $(gas_used "$tx"))"
fi

step "2. Liquidity sells tokens to a consumer, a provider and a delegator"
for who in consumer:50000 provider:20000 delegator:10000; do
  tx=$(wasm_exec liquidity "$TOKEN" "$(jq -nc --arg r "$(addr_of "${who%%:*}")" --arg a "$((${who#*:} * MESH))" \
    '{transfer: {recipient: $r, amount: $a}}')")
  log "${who%%:*} received ${who#*:} MESH (gas $(gas_used "$tx"))"
done

if [[ -n $STAKING ]]; then
  provider=$(addr_of provider)
  step "3. The provider registers, self-bonds 10,000 MESH (Bronze tier), and a delegator stakes behind it"
  if [[ $(query_smart "$STAKING" "{\"operator\":{\"operator\":\"$provider\"}}" 2>/dev/null || true) == "" ]]; then
    tx=$(wasm_exec provider "$STAKING" '{"register_operator":{"role":"provider","metadata":{"models":["llama-3-8b","mistral-7b"],"latency_ms":80,"endpoint":"https://provider.example.invalid"}}}')
    log "registered provider $provider (gas $(gas_used "$tx"))"
  fi
  tx=$(wasm_exec provider "$TOKEN" "$(send_hook "$STAKING" $((10000 * MESH)) '{"self_bond":{}}')")
  log "self-bonded 10,000 MESH (gas $(gas_used "$tx"))"
  tx=$(wasm_exec delegator "$TOKEN" "$(send_hook "$STAKING" $((5000 * MESH)) "{\"delegate\":{\"operator\":\"$provider\"}}")")
  log "delegated 5,000 MESH (gas $(gas_used "$tx"))"
  query_smart "$STAKING" "{\"operator_status\":{\"operator\":\"$provider\"}}" | jq . >&2
fi

if [[ -n $ESCROW && -n $STAKING ]]; then
  step "4. A gateway registers; the consumer pays a job into the bill escrow, the provider serves it, the consumer accepts and rates"
  gateway=$(addr_of gateway)
  wasm_exec liquidity "$TOKEN" "$(jq -nc --arg r "$gateway" --arg a "$((20000 * MESH))" '{transfer: {recipient: $r, amount: $a}}')" >/dev/null
  if [[ $(query_smart "$STAKING" "{\"operator\":{\"operator\":\"$gateway\"}}" 2>/dev/null || true) == "" ]]; then
    wasm_exec gateway "$STAKING" '{"register_operator":{"role":"gateway","metadata":{"models":[],"latency_ms":20,"endpoint":"https://gateway.example.invalid"}}}' >/dev/null
    wasm_exec gateway "$TOKEN" "$(send_hook "$STAKING" $((10000 * MESH)) '{"self_bond":{}}')" >/dev/null
    log "registered and bonded gateway $gateway"
  fi
  quote=$(query_smart "$ESCROW" '{"quote":{"model_class":"small","latency_class":"fast","units":"200"}}')
  log "quote for 200 units, small model, fast latency: cost $(jq -r .cost.total <<<"$quote"), send $(jq -r .escrow_required <<<"$quote") (with the 2% network fee)"
  deadline=$(($(date +%s) + 3600))
  # The gateway signs its consent to route this bill (as Keplr's signArbitrary would): only then is its share paid.
  consent=$(signed_statement gateway route "$ESCROW" "$(addr_of consumer)" "$provider" small fast 200 "$deadline")
  tx=$(wasm_exec consumer "$TOKEN" "$(send_hook "$ESCROW" "$(jq -r .escrow_required <<<"$quote")" \
    "$(jq -nc --arg p "$provider" --arg g "$gateway" --arg d "$((deadline * 1000000000))" --argjson c "$consent" \
      '{open_bill: {provider: $p, gateway: $g, gateway_consent: $c, model_class: "small", max_units: "200",
        latency_class: "fast", deadline: $d}}')")")
  bill=$(tx_events "$tx" wasm bill_id | head -1)
  log "consumer opened bill $bill (gas $(gas_used "$tx"))"
  tx=$(wasm_exec provider "$ESCROW" "{\"complete\":{\"bill_id\":$bill,\"units\":\"150\",\"latency_ms\":75,\"result_hash\":\"$(echo "demo $bill" | sha256sum | cut -c1-64)\"}}")
  log "provider reported 150 units in 75 ms (gas $(gas_used "$tx"))"
  tx=$(wasm_exec consumer "$ESCROW" "{\"accept\":{\"bill_id\":$bill}}")
  log "consumer accepted; settlement: $(query_smart "$ESCROW" "{\"bill\":{\"bill_id\":$bill}}" | jq -c '.settlement | {charged, split, refunded}') (gas $(gas_used "$tx"))"
  # Settlements credit the payees; each collects any number of jobs' earnings in one transfer.
  tx=$(wasm_exec provider "$ESCROW" '{"withdraw":{}}')
  log "provider withdrew its credited earnings: $(tx_events "$tx" wasm amount | head -1) base units (gas $(gas_used "$tx"))"
  # Outcomes reach reputation, and settled work the distributor, in batches (report_interval_seconds); anyone may send
  # a provider's batch now.
  tx=$(wasm_exec consumer "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$provider\"}}")
  log "the provider's outcomes sent to reputation and its work to the distributor, one batch each (gas $(gas_used "$tx"))"
  tx=$(wasm_exec consumer "$REPUTATION" "{\"rate\":{\"bill_id\":$bill,\"stars\":5}}")
  log "consumer rated the job 5 stars; provider's reputation: $(query_smart "$REPUTATION" "{\"score\":{\"operator\":\"$provider\"}}" | jq -c '{score, confidence, jobs_30d, rating_average}')"
fi

if [[ -n $DISTRIBUTOR ]]; then
  step "5. The reward distributor: emission from the provider-rewards pool, shared by work, capped by the fees it paid"
  log "pool: $(query_smart "$DISTRIBUTOR" '{"emission":{}}' | jq -c '{funded, scheduled, allocated, claimed, undistributed}'); year 1 of the schedule: $(query_smart "$DISTRIBUTOR" '{"schedule":{"year":0}}' | jq -r .year_emission) base units"
  if [[ -n ${bill:-} ]]; then
    # The escrow sent the provider's work with its outcome batch above; the gateway's goes when due, or now.
    wasm_exec consumer "$ESCROW" "{\"report_outcomes\":{\"provider\":\"$gateway\"}}" >/dev/null
    settled=$(query_smart "$ESCROW" "{\"bill\":{\"bill_id\":$bill}}")
    fees=$(jq -r '(.network_fee | tonumber) + (.settlement.split.treasury | tonumber) + (.settlement.split.governance | tonumber)' <<<"$settled")
    log "work in the distributor's open epoch: provider $(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$provider\"}}" | jq -c .working) (the value of its work, the charge, x its reputation multiplier), gateway $(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$gateway\"}}" | jq -c .working)"
    config=$(query_smart "$DISTRIBUTOR" '{"config":{}}')
    start=$(jq -r '(.start | tonumber) / 1000000000 | floor' <<<"$config")
    epoch_s=$(jq -r .epoch_seconds <<<"$config")
    now=$(date +%s)
    wait_s=$((start + ((now - start) / epoch_s + 1) * epoch_s - now + 3))
    log "waiting ${wait_s} s for the epoch to close"
    sleep "$wait_s"
    for who in provider gateway; do
      before=$(cw20_balance "$TOKEN" "$who")
      tx=$(wasm_exec "$who" "$DISTRIBUTOR" '{"claim":{}}')
      log "$who claimed $(($(cw20_balance "$TOKEN" "$who") - before)) base units of emission (gas $(gas_used "$tx")); the job paid $(jq -r .settlement.charged <<<"$settled"), of which $fees irrecoverably (network fee, treasury and pool shares): the emission a job earns is capped at 40 % (provider) and 10 % (gateway) of that, so buying one's own jobs never pays"
    done
  fi
  # Staking reported every bond to the distributor: each operator's pool earns the stakers' share (and a
  # validator's the validators' too) by its bonded stake, for its delegators.
  stake_rewards=$(query_smart "$DISTRIBUTOR" "{\"pending\":{\"member\":\"$provider\"}}" | jq -c .for_delegators)
  if [[ $stake_rewards != "[]" ]]; then
    tx=$(wasm_exec consumer "$DISTRIBUTOR" "{\"push_stake_rewards\":{\"operators\":[\"$provider\"]}}")
    log "the provider's pool earned $stake_rewards as stake rewards; the consumer (anyone may) pushed them into staking, where the provider takes its commission and the rest streams to its delegators (gas $(gas_used "$tx"))"
  fi
fi

step "Deployed on $CHAIN_ID ($RPC_URL, REST $API_URL):"
jq -r '.contracts | to_entries[] | "  \(.key)\t\(.value)"' "$DEPLOYMENT" >&2

W="$WASMD"
cat <<NEXT

What to do next (copy and paste; the wasmd CLI is $W):
  N="--node $NODE_RPC -o json"
  # token: balance, supply, holders
  $W query wasm contract-state smart $TOKEN '{"balance":{"address":"$(addr_of consumer)"}}' \$N
  $W query wasm contract-state smart $TOKEN '{"token_info":{}}' \$N
  $W query wasm contract-state smart $TOKEN '{"all_accounts":{"limit":30}}' \$N
  # vesting: a beneficiary's grants with vested / claimable amounts
  $W query wasm contract-state smart $VESTING '{"grants_by_beneficiary":{"beneficiary":"$(addr_of team)"}}' \$N
  $W query wasm contract-state smart $VESTING '{"config":{}}' \$N
NEXT
if [[ -n $STAKING ]]; then
  cat <<NEXT
  # staking: an operator's role, tier, jail status and bonds in one call; operators; stake at a past height
  $W query wasm contract-state smart $STAKING '{"operator_status":{"operator":"$(addr_of provider)"}}' \$N
  $W query wasm contract-state smart $STAKING '{"operators":{"limit":10}}' \$N
  $W query wasm contract-state smart $STAKING '{"stake_at_height":{"address":"$(addr_of delegator)","height":$(chain_height)}}' \$N
NEXT
fi
if [[ -n $DISTRIBUTOR ]]; then
  cat <<NEXT
  # distributor: the pool's books, a year of the schedule, what a member may claim (then: wasmd tx wasm execute $DISTRIBUTOR '{"claim":{}}')
  $W query wasm contract-state smart $DISTRIBUTOR '{"emission":{}}' \$N
  $W query wasm contract-state smart $DISTRIBUTOR '{"schedule":{"year":0}}' \$N
  $W query wasm contract-state smart $DISTRIBUTOR '{"pending":{"member":"$(addr_of provider)"}}' \$N
NEXT
fi
DAO=$(contract dao)
if [[ -n $DAO ]]; then
  cat <<NEXT
  # dao: owner of every contract; its proposals, the treasury, a holder's power (README "Governance on the localnet")
  $W query wasm contract-state smart $DAO '{"proposals":{"limit":5}}' \$N
  $W query wasm contract-state smart $DAO '{"treasury":{}}' \$N
  $W query wasm contract-state smart $DAO '{"voting_power":{"address":"$(addr_of liquidity)"}}' \$N
  $W query wasm contract-state smart $STAKING '{"ownership":{}}' \$N
NEXT
fi
BRIDGE=$(contract bridge)
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
  $W query wasm contract-state smart $REPUTATION '{"score":{"operator":"$(addr_of provider)"}}' \$N
  $W query wasm contract-state smart $REPUTATION '{"operators":{"limit":10}}' \$N
  # bill escrow: a price quote, a consumer's bills, the escrow's totals
  $W query wasm contract-state smart $ESCROW '{"quote":{"model_class":"medium","latency_class":"realtime","units":"1000"}}' \$N
  $W query wasm contract-state smart $ESCROW '{"bills":{"filter":{"consumer":"$(addr_of consumer)"}}}' \$N
  $W query wasm contract-state smart $ESCROW '{"totals":{}}' \$N
  $W query wasm contract-state smart $ESCROW '{"credit":{"address":"$(addr_of consumer)"}}' \$N
  # payment channels: a consumer's channels, the bytes its wallet signs for a voucher (clients/ts/sign-voucher.mjs)
  $W query wasm contract-state smart $CHANNELS '{"channels":{"filter":{"consumer":"$(addr_of consumer)"}}}' \$N
  $W query wasm contract-state smart $CHANNELS '{"totals":{}}' \$N
  # send a transfer yourself (test keyring of the localnet)
  $W tx wasm execute $TOKEN '{"transfer":{"recipient":"$(addr_of alice)","amount":"1000000"}}' \\
     --from consumer --keyring-backend test --home $LOCALNET_HOME --chain-id $CHAIN_ID --node $NODE_RPC \\
     --gas auto --gas-adjustment 1.4 --gas-prices 0$DENOM -y
  # stop / resume the chain (state is kept)
  scripts/localnet.sh down; scripts/localnet.sh up
NEXT
