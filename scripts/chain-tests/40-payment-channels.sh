# shellcheck shell=bash
# Payment channel chain tests, sourced by scripts/chain-test.sh after the bill escrow's (whose setup funds "consumer";
# its dispute test jails "bob", so "alice" serves channels here). Vouchers are signed off-chain by
# clients/ts/sign-voucher.mjs with the consumer's key, the way Keplr's signArbitrary signs them (ADR-036).
CHANNELS=$(jq -r '.contracts.payment_channels // empty' "$DEPLOYMENT")

channels_send() { # channels_send <from> <amount> <hook json> -> tx JSON
  local hook
  hook=$(printf '%s' "$3" | base64 -w0)
  wasm_exec "$1" "$TOKEN" "{\"send\":{\"contract\":\"$CHANNELS\",\"amount\":\"$2\",\"msg\":\"$hook\"}}"
}

test_channel_setup() {
  local hook
  wasm_exec liquidity "$TOKEN" "{\"transfer\":{\"recipient\":\"$(addr_of alice)\",\"amount\":\"$((10000 * MESH))\"}}" >/dev/null &&
    wasm_exec alice "$STAKING" '{"register_operator":{"role":"provider","metadata":{"models":["llama-3-8b"],"latency_ms":1000,"endpoint":"https://alice.example.invalid"}}}' >/dev/null ||
    return 1
  hook=$(printf '{"self_bond":{}}' | base64 -w0)
  wasm_exec alice "$TOKEN" "{\"send\":{\"contract\":\"$STAKING\",\"amount\":\"$((10000 * MESH))\",\"msg\":\"$hook\"}}" >/dev/null
}

channels_totals() { # channels_totals <field>
  query_smart "$CHANNELS" '{"totals":{}}' | jq -r ".$1"
}

token_supply() {
  query_smart "$TOKEN" '{"token_info":{}}' | jq -r .total_supply
}

test_channel_redeems_the_1000th_voucher() {
  local sign pubkey tx channel alice_before redeem expires credit pending_before supply_before treasury_credit
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$CHANNELS" 0 1 1) || return 1
  pubkey=$(jq -r .pubkey <<<"$sign")
  expires="$((($(date +%s) + 3600) * 1000000000))"
  tx=$(channels_send consumer $((100 * MESH)) "$(jq -nc --arg p "$(addr_of alice)" --arg k "$pubkey" --arg e "$expires" \
    '{open_channel: {provider: $p, pubkey: $k, expires_at: $e}}')") || return 1
  record_gas "channels open channel (cw20 Send)" "$tx"
  channel=$(tx_events "$tx" wasm channel_id | head -1)
  # 1,000 cumulative vouchers of 0.05 MESH each, signed off-chain the way Keplr's signArbitrary does (ADR-036).
  sign=$(VOUCHER_MNEMONIC=$(account_mnemonic consumer) node "$REPO_ROOT/clients/ts/sign-voucher.mjs" \
    "$CHAIN_ID" "$CHANNELS" "$channel" 50000 1000 adr036) || return 1
  log "signed $(jq -r .signed <<<"$sign") vouchers off-chain in $(jq -r .signing_ms <<<"$sign") ms"
  redeem=$(jq -c .redeem <<<"$sign")
  alice_before=$(cw20_balance "$TOKEN" alice)
  pending_before=$(channels_totals burn_pending)
  supply_before=$(token_supply)
  tx=$(wasm_exec alice "$CHANNELS" "$redeem") || return 1
  record_gas "channels redeem voucher (1,000th, ADR-036)" "$tx"
  credit=$(query_smart "$CHANNELS" "{\"credit\":{\"address\":\"$(addr_of alice)\"}}" | jq -r .)
  treasury_credit=$(query_smart "$CHANNELS" "{\"credit\":{\"address\":\"$(jq -r .contracts.dao "$DEPLOYMENT")\"}}" | jq -r .)
  # 2 % of 50 MESH: half (500,000) to burn, pending until the next withdrawal; the treasury's and the pool's shares
  # are owed as sums, not sent (the pool is the distributor once deploy.sh wired it, else the treasury).
  expect_eq "redeemed" $((1000 * 50000)) "$(query_smart "$CHANNELS" "{\"channel\":{\"channel_id\":$channel}}" | jq -r .redeemed)" &&
    expect_eq "provider credited its share" 1 "$((credit > 0))" &&
    expect_eq "nothing transferred yet" "$alice_before" "$(cw20_balance "$TOKEN" alice)" &&
    expect_eq "the burn is pending" $((pending_before + 500000)) "$(channels_totals burn_pending)" &&
    expect_eq "nothing burned yet" "$supply_before" "$(token_supply)" &&
    expect_eq "the treasury may withdraw its fees" \
      "$(query_smart "$CHANNELS" '{"totals":{}}' | jq -r --argjson wired "$(query_smart "$CHANNELS" '{"config":{}}' |
        jq '.distributor != null')" '(.treasury_fees | tonumber) + (if $wired then 0 else .pool_fees | tonumber end)')" \
      "$treasury_credit" || return 1
  # One withdrawal collects the credit of any number of redemptions and burns the fees pending burn.
  tx=$(wasm_exec alice "$CHANNELS" '{"withdraw":{}}') || return 1
  record_gas "channels withdraw credit" "$tx"
  expect_eq "provider withdrew its share" "$credit" "$(($(cw20_balance "$TOKEN" alice) - alice_before))" &&
    expect_eq "the withdrawal burned the pending fees" "$((pending_before + 500000))" "$((supply_before - $(token_supply)))" &&
    expect_eq "no burn pending" 0 "$(channels_totals burn_pending)" &&
    expect_eq "totals hold the rest of the deposit" $((100 * MESH - 1000 * 50000)) "$(channels_totals channel_balances)" &&
    wasm_exec_expect_fail alice "$CHANNELS" "$redeem" "is not above the last redeemed nonce 1000" --gas 800000 >/dev/null &&
    wasm_exec_expect_fail alice "$CHANNELS" "$(jq -c '.redeem.cumulative_amount = "99999999" | .redeem.nonce = 1001' <<<"$redeem")" \
      "voucher signature is not valid for channel $channel" --gas 800000 >/dev/null
}

if [[ -n $CHANNELS ]]; then
  for t in test_channel_setup test_channel_redeems_the_1000th_voucher; do
    check "${t#test_}" "$t"
  done
fi
