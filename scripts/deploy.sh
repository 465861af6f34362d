#!/usr/bin/env bash
# Deploys the InferMesh suite from artifacts/*.wasm to the chain set in lib/common.sh (the localnet by default) and
# records it in deployments/<chain-id>.json.
#
# usage: scripts/deploy.sh [--fresh]
#   --fresh   instantiate every contract anew even if the recorded one is still current (codes are still reused)
# Idempotent: a code is stored only if no code with its checksum is on chain; a contract is instantiated only if the
# recorded one is gone, runs other code than the current artifact, or a contract it depends on was just
# (re)instantiated. Vesting grants are created only if missing.
# env: INFERMESH_ARTIFACTS_DIR (default artifacts/), INFERMESH_DEPLOYER (key signing the txs, default admin),
#      INFERMESH_WASM_ADMIN (wasm admin of every contract, default admin; the DAO once it exists), plus those of
#      lib/common.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/chain.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"

ARTIFACTS_DIR=${INFERMESH_ARTIFACTS_DIR:-$REPO_ROOT/artifacts}
DEPLOYER=${INFERMESH_DEPLOYER:-admin}
WASM_ADMIN=${INFERMESH_WASM_ADMIN:-admin}
DEPLOY_FILE=$DEPLOYMENTS_DIR/$CHAIN_ID.json
TOKEN_NAME=${INFERMESH_TOKEN_NAME:-InferMesh}
TOKEN_SYMBOL=${INFERMESH_TOKEN_SYMBOL:-MESH}

fresh=0
for arg in "$@"; do
  case $arg in
    --fresh) fresh=1 ;;
    -h | --help)
      usage_from_header "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument: $arg" ;;
  esac
done

# --- the suite -----------------------------------------------------------------------------------------------------
# One row per contract, in deployment order: <name> <artifact stem> <comma-separated dependencies or ->.
# A contract is deployed when artifacts/<stem>.wasm exists and a function deploy_<name> is defined below; it must
# print the new contract's address. after_deploy_<name>, if defined, runs on every deploy and must be idempotent.
# Dependencies only decide re-instantiation: when a dependency gets a new address, so do its dependents. The rows
# after vesting are placeholders until their contracts exist; fix their dependencies when writing their functions.
SUITE=(
  "token        infermesh_token        -"
  "vesting      infermesh_vesting      token"
  "staking      infermesh_staking      token"
  "reputation   infermesh_reputation   staking"
  "distributor  infermesh_distributor  token,staking,reputation"
  "bill_escrow  infermesh_bill_escrow  token,staking,reputation"
  "payment_channels infermesh_payment_channels token,staking"
  "dao          infermesh_dao          token,staking"
  "bridge       infermesh_bridge       token"
)

# Grants created from the vested genesis allocations: <funder key> <plan> <beneficiary key> <amount in base units>.
# Each holder locks its whole allocation with itself as beneficiary until real beneficiaries exist (scripts/chain-test.sh
# relies on this: the public-sale holder's liquid tokens are the 25% it claims at start). Every funder listed here is
# also made an allowed funder of the vesting contract.
VESTING_GRANTS=(
  "team        team_and_advisors      team        150000000000000"
  "investors   early_investors        investors   100000000000000"
  "publicsale  public_sale            publicsale  100000000000000"
  "ecosystem   ecosystem_development  ecosystem    50000000000000"
)

# Genesis allocation (category key holder share_bps), as enforced by packages/types/src/token.rs.
TOTAL_SUPPLY=1000000000000000 # 1e9 tokens x 1e6 base units
ALLOCATIONS=(
  "provider_rewards       rewards     3500"
  "community_treasury     treasury    2000"
  "team_and_advisors      team        1500"
  "early_investors        investors   1000"
  "public_sale            publicsale  1000"
  "ecosystem_development  ecosystem   500"
  "liquidity              liquidity   500"
)

# --- deployment record ---------------------------------------------------------------------------------------------
STATE=""
declare -A REINSTANTIATED=()

load_state() {
  if [[ -f $DEPLOY_FILE ]]; then
    STATE=$(jq . "$DEPLOY_FILE") || die "$DEPLOY_FILE is not valid JSON"
    local recorded
    recorded=$(jq -r '.chain_id // empty' <<<"$STATE")
    [[ -z $recorded || $recorded == "$CHAIN_ID" ]] || die "$DEPLOY_FILE is for chain '$recorded', not $CHAIN_ID"
  else
    STATE='{}'
  fi
  STATE=$(jq --arg c "$CHAIN_ID" --arg a "$(addr_of "$WASM_ADMIN")" \
    '.chain_id = $c | .admin = $a | .code_ids //= {} | .contracts //= {} | .checksums //= {}' <<<"$STATE")
}

save_state() {
  # Saved after every contract, so an interrupted deploy resumes where it stopped.
  mkdir -p "$DEPLOYMENTS_DIR"
  jq --arg t "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '.updated_at = $t' <<<"$STATE" >"$DEPLOY_FILE.tmp"
  mv -f "$DEPLOY_FILE.tmp" "$DEPLOY_FILE"
}

recorded() { jq -r --arg k "$2" ".$1[\$k] // empty" <<<"$STATE"; } # recorded <section> <name>

record() { # record <name> <code_id> <address> <checksum>
  STATE=$(jq --arg n "$1" --argjson id "$2" --arg a "$3" --arg c "$4" \
    '.code_ids[$n] = $id | .contracts[$n] = $a | .checksums[$n] = $c' <<<"$STATE")
  save_state
}

contract() { # the address of an already deployed contract of the suite, for messages of the ones after it
  local a
  a=$(recorded contracts "$1")
  [[ -n $a ]] || die "contract '$1' is needed but not deployed (is artifacts/ missing its wasm?)"
  printf '%s\n' "$a"
}

# --- generic steps -------------------------------------------------------------------------------------------------
ensure_code() { # ensure_code <name> <wasm> <checksum> -> code id
  local name=$1 wasm=$2 checksum=$3 id
  id=$(recorded code_ids "$name")
  if [[ -n $id ]] && [[ $(code_checksum "$id" 2>/dev/null) == "$checksum" ]]; then
    log "$name: code $id already on chain"
  elif id=$(code_id_by_checksum "$checksum"); then
    log "$name: code $id already on chain (same checksum)"
  else
    log "$name: storing $(basename "$wasm") ($(stat -c %s "$wasm") bytes, gzipped for upload)"
    id=$(store_code "$DEPLOYER" "$wasm") || die "$name: store failed"
    log "$name: stored as code $id (gas $(gas_used <"$CHAIN_LAST_TX"))"
  fi
  printf '%s\n' "$id"
}

is_current() { # is_current <name> <checksum> <deps>: the recorded contract can be kept
  local name=$1 checksum=$2 deps=$3 addr dep code
  ((!fresh)) || return 1
  addr=$(recorded contracts "$name")
  [[ -n $addr ]] || return 1
  if ! contract_exists "$addr"; then
    log "$name: recorded contract $addr is not on chain"
    return 1
  fi
  code=$(contract_code_id "$addr") || return 1
  if [[ $(code_checksum "$code") != "$checksum" ]]; then
    log "$name: $addr runs code $code, not the current artifact"
    return 1
  fi
  if [[ $deps != - ]]; then
    for dep in ${deps//,/ }; do
      if [[ -n ${REINSTANTIATED[$dep]:-} ]]; then
        log "$name: dependency $dep was re-instantiated"
        return 1
      fi
    done
  fi
}

deploy_one() { # deploy_one <name> <stem> <deps>
  local name=$1 stem=$2 deps=$3 wasm checksum code_id addr
  wasm=$ARTIFACTS_DIR/$stem.wasm
  if [[ ! -f $wasm ]]; then
    log "$name: no $stem.wasm in $ARTIFACTS_DIR, skipped"
    return 0
  fi
  if ! declare -F "deploy_$name" >/dev/null; then
    warn "$name: $stem.wasm exists but deploy.sh has no deploy_$name yet, skipped"
    return 0
  fi
  checksum=$(wasm_checksum "$wasm")
  code_id=$(ensure_code "$name" "$wasm" "$checksum")
  if is_current "$name" "$checksum" "$deps"; then
    log "$name: $(recorded contracts "$name") is current, kept"
    STATE=$(jq --arg n "$name" --argjson id "$code_id" '.code_ids[$n] = $id' <<<"$STATE")
    save_state
  else
    addr=$("deploy_$name" "$code_id") || die "$name: instantiate failed"
    [[ $addr == wasm1* ]] || die "$name: deploy_$name printed '$addr', not an address"
    REINSTANTIATED[$name]=1
    log "$name: instantiated $addr (code $code_id, gas $(gas_used <"$CHAIN_LAST_TX"))"
    record "$name" "$code_id" "$addr" "$checksum"
  fi
  if declare -F "after_deploy_$name" >/dev/null; then
    "after_deploy_$name"
  fi
}

# --- token ---------------------------------------------------------------------------------------------------------
deploy_token() {
  local code_id=$1 row category holder bps allocations='[]' msg
  for row in "${ALLOCATIONS[@]}"; do
    read -r category holder bps <<<"$row"
    allocations=$(jq -c --arg c "$category" --arg a "$(addr_of "$holder")" --arg amt "$((TOTAL_SUPPLY * bps / 10000))" \
      '. + [{category: $c, address: $a, amount: $amt}]' <<<"$allocations")
  done
  msg=$(jq -nc --arg name "$TOKEN_NAME" --arg sym "$TOKEN_SYMBOL" --argjson alloc "$allocations" \
    --arg marketing "$(addr_of "$WASM_ADMIN")" '{
      name: $name, symbol: $sym, decimals: 6, allocations: $alloc,
      marketing: {project: "InferMesh", description: "Utility token of the InferMesh AI-compute marketplace",
                  marketing: $marketing, logo: null}}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-token" "$WASM_ADMIN"
}

# --- vesting -------------------------------------------------------------------------------------------------------
deploy_vesting() {
  local code_id=$1 row funder plan funders='[]' msg
  # Each holder funds grants of its own allocation's plan only.
  for row in "${VESTING_GRANTS[@]}"; do
    read -r funder plan _ <<<"$row"
    funders=$(jq -c --arg a "$(addr_of "$funder")" --arg p "$plan" '. + [{address: $a, plan: $p}]' <<<"$funders")
  done
  msg=$(jq -nc --arg owner "$(addr_of "$WASM_ADMIN")" --arg token "$(contract token)" \
    --arg treasury "$(addr_of treasury)" --argjson funders "$funders" \
    '{owner: $owner, token: $token, treasury: $treasury, funders: $funders}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-vesting" "$WASM_ADMIN"
}

after_deploy_vesting() {
  local vesting token row funder plan beneficiary f_addr b_addr existing amount hook send tx grant_id
  vesting=$(contract vesting)
  token=$(contract token)
  for row in "${VESTING_GRANTS[@]}"; do
    read -r funder plan beneficiary amount <<<"$row"
    f_addr=$(addr_of "$funder")
    b_addr=$(addr_of "$beneficiary")
    existing=$(query_smart "$vesting" "$(jq -nc --arg b "$b_addr" '{grants_by_beneficiary: {beneficiary: $b, limit: 30}}')" |
      jq -r --arg f "$f_addr" --arg p "$plan" \
        '[.grants[].grant | select(.funder == $f and .plan == $p) | .id] | first // empty')
    if [[ -n $existing ]]; then
      log "vesting: $plan grant $existing ($funder -> $beneficiary) exists"
      continue
    fi
    hook=$(jq -nc --arg b "$b_addr" --arg p "$plan" '{create_grant: {beneficiary: $b, plan: $p}}' | base64 -w0)
    send=$(jq -nc --arg c "$vesting" --arg amt "$amount" --arg m "$hook" '{send: {contract: $c, amount: $amt, msg: $m}}')
    tx=$(wasm_exec "$funder" "$token" "$send") || die "vesting: grant from $funder failed"
    grant_id=$(tx_events "$tx" wasm grant_id | head -n1)
    log "vesting: $plan grant $grant_id created ($funder -> $beneficiary, $amount, gas $(gas_used "$tx"))"
  done
}

# --- staking -------------------------------------------------------------------------------------------------------
# Slashers: the owner until the bill escrow and the DAO exist (their deploy steps add themselves). Guardian: none
# until the guardian council exists (the owner may always pause).
deploy_staking() {
  local code_id=$1 admin msg
  admin=$(addr_of "$WASM_ADMIN")
  msg=$(jq -nc --arg owner "$admin" --arg token "$(contract token)" \
    '{owner: $owner, token: $token, slashers: [$owner], jailers: [], guardian: null, params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-staking" "$WASM_ADMIN"
}

# --- reputation ----------------------------------------------------------------------------------------------------
# The outcome reporter is the bill escrow; until it is deployed, the owner reports (the escrow's deploy step moves it).
deploy_reputation() {
  local code_id=$1 admin reporter msg
  admin=$(addr_of "$WASM_ADMIN")
  reporter=$(recorded contracts bill_escrow)
  msg=$(jq -nc --arg owner "$admin" --arg staking "$(contract staking)" --arg escrow "${reporter:-$admin}" \
    '{owner: $owner, staking: $staking, escrow: $escrow, params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-reputation" "$WASM_ADMIN"
}

# Staking must accept reputation as a jailer (never as a slasher).
after_deploy_reputation() {
  local staking reputation jailers
  staking=$(contract staking)
  reputation=$(contract reputation)
  jailers=$(query_smart "$staking" '{"config":{}}' | jq -c '.jailers')
  if jq -e --arg r "$reputation" 'index($r) != null' <<<"$jailers" >/dev/null; then
    log "staking: reputation is already a jailer"
    return 0
  fi
  jailers=$(jq -c --arg r "$reputation" '. + [$r]' <<<"$jailers")
  wasm_exec "$WASM_ADMIN" "$staking" "$(jq -nc --argjson j "$jailers" '{update_config: {slashers: null, jailers: $j, guardian: null}}')" \
    >/dev/null || die "staking: adding reputation as a jailer failed"
  log "staking: reputation added as a jailer"
}

# --- bill escrow ---------------------------------------------------------------------------------------------------
# Treasury: the treasury account until the DAO exists. Distributor: none yet (the governance share goes to the
# treasury and no work is reported). Arbiter and guardian: none until the DAO appoints them (the owner may always
# resolve and pause).
deploy_bill_escrow() {
  local code_id=$1 admin msg
  admin=$(addr_of "$WASM_ADMIN")
  msg=$(jq -nc --arg owner "$admin" --arg token "$(contract token)" --arg staking "$(contract staking)" \
    --arg reputation "$(contract reputation)" --arg treasury "$(addr_of treasury)" \
    '{owner: $owner, token: $token, staking: $staking, reputation: $reputation, treasury: $treasury,
      distributor: null, arbiter: null, guardian: null, params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-bill-escrow" "$WASM_ADMIN"
}

# The escrow slashes providers found at fault (staking slasher) and is the only outcome reporter of reputation.
after_deploy_bill_escrow() {
  local staking reputation escrow slashers reporter
  staking=$(contract staking)
  reputation=$(contract reputation)
  escrow=$(contract bill_escrow)
  slashers=$(query_smart "$staking" '{"config":{}}' | jq -c '.slashers')
  if jq -e --arg e "$escrow" 'index($e) != null' <<<"$slashers" >/dev/null; then
    log "staking: the bill escrow is already a slasher"
  else
    slashers=$(jq -c --arg e "$escrow" '. + [$e]' <<<"$slashers")
    wasm_exec "$WASM_ADMIN" "$staking" \
      "$(jq -nc --argjson s "$slashers" '{update_config: {slashers: $s, jailers: null, guardian: null}}')" >/dev/null ||
      die "staking: adding the bill escrow as a slasher failed"
    log "staking: bill escrow added as a slasher"
  fi
  reporter=$(query_smart "$reputation" '{"config":{}}' | jq -r '.escrow')
  if [[ $reporter == "$escrow" ]]; then
    log "reputation: the bill escrow is already the outcome reporter"
  else
    wasm_exec "$WASM_ADMIN" "$reputation" \
      "$(jq -nc --arg e "$escrow" '{update_config: {staking: null, escrow: $e, params: null}}')" >/dev/null ||
      die "reputation: setting the bill escrow as reporter failed"
    log "reputation: outcome reporter set to the bill escrow"
  fi
}

# --- payment channels ----------------------------------------------------------------------------------------------
# Treasury: the treasury account until the DAO exists. Distributor: none yet. Guardian: none until the DAO's guardian
# council exists (the owner may always pause).
deploy_payment_channels() {
  local code_id=$1 admin msg
  admin=$(addr_of "$WASM_ADMIN")
  msg=$(jq -nc --arg owner "$admin" --arg token "$(contract token)" --arg staking "$(contract staking)" \
    --arg treasury "$(addr_of treasury)" \
    '{owner: $owner, token: $token, staking: $staking, treasury: $treasury, distributor: null, guardian: null,
      params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-payment-channels" "$WASM_ADMIN"
}

# --- main ----------------------------------------------------------------------------------------------------------
main() {
  local t0 row name stem deps height network
  t0=$(now_s)
  need_cmd jq curl gzip sha256sum
  require_wasmd
  height=$(chain_height 2>/dev/null) || die "no node at $RPC_URL (start it with scripts/localnet.sh up)"
  network=$(curl -sf "$RPC_URL/status" | jq -r '.result.node_info.network')
  [[ $network == "$CHAIN_ID" ]] || die "node at $RPC_URL runs '$network', expected $CHAIN_ID"
  compgen -G "$ARTIFACTS_DIR/*.wasm" >/dev/null || die "no wasm in $ARTIFACTS_DIR (run scripts/build.sh)"
  log "deploying to $CHAIN_ID at height $height from $ARTIFACTS_DIR (signer $DEPLOYER, wasm admin $WASM_ADMIN)"

  CHAIN_TX_LOG=$(mktemp)
  export CHAIN_TX_LOG
  trap 'rm -f "$CHAIN_TX_LOG"' EXIT
  load_state
  for row in "${SUITE[@]}"; do
    read -r name stem deps <<<"$row"
    deploy_one "$name" "$stem" "$deps"
  done
  save_state

  local txs gas
  txs=$(wc -l <"$CHAIN_TX_LOG")
  gas=$(jq -s 'map(.gas_used | tonumber) | add // 0' "$CHAIN_TX_LOG")
  log "deployment recorded in ${DEPLOY_FILE#"$REPO_ROOT"/}: $txs txs, $gas gas, $(elapsed_since "$t0") s"
  jq '{code_ids, contracts}' <<<"$STATE"
}

main
