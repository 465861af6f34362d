#!/usr/bin/env bash
# A short marketplace scenario through real transactions on the deployed suite, then the CLI commands a user runs next.
# Every step is safe to repeat: a second run moves more tokens but never fails on what the first one did.
# Usage: scripts/demo.sh   (after scripts/deploy.sh)
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"

DEPLOYMENT=$DEPLOYMENTS_DIR/$CHAIN_ID.json
[[ -f $DEPLOYMENT ]] || die "no $DEPLOYMENT: run scripts/deploy.sh first"
contract() { jq -r --arg k "$1" '.contracts[$k] // empty' "$DEPLOYMENT"; }
TOKEN=$(contract token)
VESTING=$(contract vesting)
STAKING=$(contract staking)
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
cat <<NEXT
  # send a transfer yourself (test keyring of the localnet)
  $W tx wasm execute $TOKEN '{"transfer":{"recipient":"$(addr_of alice)","amount":"1000000"}}' \\
     --from consumer --keyring-backend test --home $LOCALNET_HOME --chain-id $CHAIN_ID --node $NODE_RPC \\
     --gas auto --gas-adjustment 1.4 --gas-prices 0$DENOM -y
  # stop / resume the chain (state is kept)
  scripts/localnet.sh down; scripts/localnet.sh up
NEXT
