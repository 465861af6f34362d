#!/usr/bin/env bash
# Deploys the InferMesh suite from artifacts/*.wasm to the chain set in lib/common.sh (the localnet by default) and
# records it in deployments/<chain-id>.json.
#
# usage: scripts/deploy.sh [--fresh]
#   --fresh   instantiate every contract anew even if the recorded one is still current (codes are still reused)
# Idempotent: a code is stored only if no code with its checksum is on chain; a contract is instantiated only if the
# recorded one is gone, runs other code than the current artifact, or a contract it depends on was just
# (re)instantiated. The token's instantiate creates the vesting contract (docs/token.md §2), so a new vesting artifact
# means a new genesis. Vesting grants funded after genesis are created only if missing.
# Last, the suite's codes are pinned, as a chain hosting the suite would pin them: one governance proposal carrying
# MsgPinCodes for the codes not pinned yet, deposited and voted yes by the validator key (lib/chain.sh's pin_codes;
# a few seconds on a localnet from localnet.sh). Pinned code ids are recorded as pinned_code_ids.
# env: INFERMESH_ARTIFACTS_DIR (default artifacts/), INFERMESH_DEPLOYER (key signing the txs, default admin),
#      INFERMESH_WASM_ADMIN (wasm admin of every contract, default admin; the DAO once it exists),
#      INFERMESH_PIN_CODES (default 1; 0 skips pinning), INFERMESH_GOV_KEY (default validator),
#      INFERMESH_GOV_MAX_WAIT (default 60: a longer voting period skips pinning with a warning),
#      INFERMESH_HAND_OVER (default 1: every contract's ownership and wasm admin go to the DAO; 0 leaves them with the
#      admin), INFERMESH_DAO_VOTING_SECONDS, INFERMESH_DAO_TIMELOCK_SECONDS, INFERMESH_DAO_VOTER, plus those of
#      lib/common.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/chain.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/chain.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dao.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/dao.sh"

ARTIFACTS_DIR=${INFERMESH_ARTIFACTS_DIR:-$REPO_ROOT/artifacts}
DEPLOYER=${INFERMESH_DEPLOYER:-admin}
WASM_ADMIN=${INFERMESH_WASM_ADMIN:-admin}
DEPLOY_FILE=$DEPLOYMENTS_DIR/$CHAIN_ID.json
TOKEN_NAME=${INFERMESH_TOKEN_NAME:-InferMesh}
TOKEN_SYMBOL=${INFERMESH_TOKEN_SYMBOL:-MESH}
PIN_CODES=${INFERMESH_PIN_CODES:-1}

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
# Vesting is instantiated by the token's own instantiate (docs/token.md §2): deploy_vesting only checks and records it.
SUITE=(
  "token        infermesh_token        -"
  "vesting      infermesh_vesting      token"
  "staking      infermesh_staking      token"
  "reputation   infermesh_reputation   staking"
  "bill_escrow  infermesh_bill_escrow  token,staking,reputation"
  "payment_channels infermesh_payment_channels token,staking"
  "distributor  infermesh_distributor  token"
  "bridge       infermesh_bridge       token"
  "council      infermesh_council      -"
  "dao          infermesh_dao          token,staking"
)

# Genesis allocation (category holder share_bps), as enforced by packages/types/src/token. The holder `vesting` is the
# vesting contract the token's instantiate creates (instantiate2: its address is known before it exists); the token
# refuses the team and investor categories anywhere else. The holder `distributor` is the reward distributor, which
# the deployer instantiates later with instantiate2 at the address the genesis minted the provider rewards to; the
# holder `dao` likewise the DAO, whose genesis address is the treasury every contract pays (community_treasury).
TOTAL_SUPPLY=1000000000000000 # 1e9 tokens x 1e6 base units
ALLOCATIONS=(
  "provider_rewards       distributor 3500"
  "community_treasury     dao         2000"
  "team_and_advisors      vesting     1500"
  "early_investors        vesting     1000"
  "public_sale            publicsale  1000"
  "ecosystem_development  ecosystem   500"
  "liquidity              liquidity   500"
)

# Genesis grants, created by the vesting contract's instantiate in the token's genesis tx, that lock the categories
# held by `vesting` above: <plan> <beneficiary key> <amount in base units>; per category they add up to its share.
# Each category's account is the beneficiary of all of it until real beneficiaries exist.
GENESIS_GRANTS=(
  "team_and_advisors  team       150000000000000"
  "early_investors    investors  100000000000000"
)
# Salt of the genesis vesting contract (hex of infermesh_types::token::GENESIS_VESTING_SALT, "infermesh-vesting").
GENESIS_VESTING_SALT=696e6665726d6573682d76657374696e67

# Grants funded after genesis by cw20 Send: <funder key> <plan> <beneficiary key> <amount in base units>. Each holder
# locks its whole allocation with itself as beneficiary until real beneficiaries exist (scripts/chain-test.sh relies on
# this: the public-sale holder's liquid tokens are the 25% it claims at start). Every funder listed here is also made
# an allowed funder of the vesting contract.
VESTING_GRANTS=(
  "publicsale  public_sale            publicsale  100000000000000"
  "ecosystem   ecosystem_development  ecosystem    50000000000000"
)

# --- deployment record ---------------------------------------------------------------------------------------------
STATE=""
declare -A REINSTANTIATED=()
SUITE_CODE_IDS=() # the code id of every deployed artifact, for the pin step

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
  if declare -F "is_current_$name" >/dev/null; then
    "is_current_$name" || return 1
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
  SUITE_CODE_IDS+=("$code_id")
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

# --- token and its genesis vesting ---------------------------------------------------------------------------------
# The token's instantiate mints the team and investor allocations into the vesting contract and creates that contract
# (WasmMsg::Instantiate2, the token as creator) with the genesis grants that lock them, all in one tx (docs/token.md
# §2). The allocations must name the vesting contract's address before either contract exists, so the token is
# instantiated with instantiate2 too: its address follows from the deployer and a fresh salt, the vesting's from the
# token's address, the vesting code's checksum and GENESIS_VESTING_SALT.

build_address() { # build_address <code checksum hex> <creator> <salt hex> -> the instantiate2 address (offline)
  "$WASMD" query wasm build-address "$1" "$2" "$3" --hex
}

genesis_vesting_address() { # genesis_vesting_address <token> [vesting checksum] -> where that token's vesting lives
  build_address "${2:-$(wasm_checksum "$ARTIFACTS_DIR/infermesh_vesting.wasm")}" "$1" "$GENESIS_VESTING_SALT"
}

# The distributor's instantiate2 salt follows from its genesis's token (one distributor per genesis; a salt is at most
# 64 bytes, so the SHA-256 of the token's address), its creator is the deployer.
genesis_distributor_salt() { printf 'infermesh-distributor %s' "$1" | sha256sum | cut -c1-64; }

genesis_distributor_address() { # genesis_distributor_address <token> [distributor checksum] -> where it will live
  build_address "${2:-$(wasm_checksum "$ARTIFACTS_DIR/infermesh_distributor.wasm")}" "$(addr_of "$DEPLOYER")" \
    "$(genesis_distributor_salt "$1")"
}

genesis_dao_salt() { printf 'infermesh-dao %s' "$1" | sha256sum | cut -c1-64; }

genesis_dao_address() { # genesis_dao_address <token> [dao checksum] -> where the DAO will live
  build_address "${2:-$(wasm_checksum "$ARTIFACTS_DIR/infermesh_dao.wasm")}" "$(addr_of "$DEPLOYER")" \
    "$(genesis_dao_salt "$1")"
}

# The treasury the escrow, the channels and vesting pay: the DAO's genesis address, which holds the community treasury
# from the genesis on, before the DAO exists there and after.
community_treasury() { genesis_dao_address "$(contract token)"; }

# The token is current only while its genesis vesting is the recorded vesting and runs the current vesting artifact,
# and the distributor and the DAO likewise: a vesting change cannot reuse the team and investor tokens, held by the old
# vesting, nor a distributor or DAO change the provider rewards or the community treasury, held by the old one, so
# each means a new genesis.
is_current_token() {
  local wasm=$ARTIFACTS_DIR/infermesh_vesting.wasm token vesting distributor dao
  [[ -f $wasm && -f $ARTIFACTS_DIR/infermesh_distributor.wasm && -f $ARTIFACTS_DIR/infermesh_dao.wasm ]] || return 1
  token=$(recorded contracts token)
  vesting=$(genesis_vesting_address "$token" "$(wasm_checksum "$wasm")") || return 1
  if [[ $(recorded contracts vesting) != "$vesting" ]] || ! contract_exists "$vesting"; then
    log "token: no vesting of the current artifact at $vesting, its genesis address; a new genesis is needed"
    return 1
  fi
  distributor=$(genesis_distributor_address "$token") || return 1
  if [[ $(recorded contracts distributor) != "$distributor" ]] || ! contract_exists "$distributor"; then
    log "token: no distributor of the current artifact at $distributor, its genesis address; a new genesis is needed"
    return 1
  fi
  dao=$(genesis_dao_address "$token") || return 1
  if [[ $(recorded contracts dao) != "$dao" ]] || ! contract_exists "$dao"; then
    log "token: no DAO of the current artifact at $dao, its genesis address; a new genesis is needed"
    return 1
  fi
}

deploy_token() {
  local code_id=$1 vesting_wasm vesting_checksum vesting_code deployer admin salt token vesting distributor dao
  local row category holder bps plan beneficiary amount funder address allocations='[]' grants='[]' funders='[]' msg
  vesting_wasm=$ARTIFACTS_DIR/infermesh_vesting.wasm
  [[ -f $vesting_wasm ]] || die "token: no infermesh_vesting.wasm in $ARTIFACTS_DIR; the token's genesis creates vesting"
  [[ -f $ARTIFACTS_DIR/infermesh_distributor.wasm ]] ||
    die "token: no infermesh_distributor.wasm in $ARTIFACTS_DIR; the genesis mints the provider rewards to it"
  [[ -f $ARTIFACTS_DIR/infermesh_dao.wasm ]] ||
    die "token: no infermesh_dao.wasm in $ARTIFACTS_DIR; the genesis mints the community treasury to it"
  vesting_checksum=$(wasm_checksum "$vesting_wasm")
  vesting_code=$(ensure_code vesting "$vesting_wasm" "$vesting_checksum") || return 1
  deployer=$(addr_of "$DEPLOYER") || return 1
  admin=$(addr_of "$WASM_ADMIN") || return 1
  # A fresh salt per genesis: an instantiate2 address can be used once.
  salt=$(printf 'infermesh-token-%s' "$(date +%s%N)" | od -An -v -tx1 | tr -d ' \n')
  token=$(build_address "$(code_checksum "$code_id")" "$deployer" "$salt") || die "token: build-address failed"
  vesting=$(genesis_vesting_address "$token" "$vesting_checksum") || die "vesting: build-address failed"
  distributor=$(genesis_distributor_address "$token") || die "distributor: build-address failed"
  dao=$(genesis_dao_address "$token") || die "dao: build-address failed"
  for row in "${ALLOCATIONS[@]}"; do
    read -r category holder bps <<<"$row"
    case $holder in
      vesting) address=$vesting ;;
      distributor) address=$distributor ;;
      dao) address=$dao ;;
      *) address=$(addr_of "$holder") ;;
    esac
    allocations=$(jq -c --arg c "$category" --arg a "$address" --arg amt "$((TOTAL_SUPPLY * bps / 10000))" \
      '. + [{category: $c, address: $a, amount: $amt}]' <<<"$allocations")
  done
  for row in "${GENESIS_GRANTS[@]}"; do
    read -r plan beneficiary amount <<<"$row"
    grants=$(jq -c --arg b "$(addr_of "$beneficiary")" --arg p "$plan" --arg amt "$amount" \
      '. + [{beneficiary: $b, plan: $p, amount: $amt}]' <<<"$grants")
  done
  # Each holder of an allocation granted after genesis funds grants of its own plan only.
  for row in "${VESTING_GRANTS[@]}"; do
    read -r funder plan _ <<<"$row"
    funders=$(jq -c --arg a "$(addr_of "$funder")" --arg p "$plan" '. + [{address: $a, plan: $p}]' <<<"$funders")
  done
  msg=$(jq -nc --arg name "$TOKEN_NAME" --arg sym "$TOKEN_SYMBOL" --argjson alloc "$allocations" \
    --argjson code "$vesting_code" --arg admin "$admin" --arg treasury "$dao" \
    --argjson funders "$funders" --argjson grants "$grants" '{
      name: $name, symbol: $sym, decimals: 6, allocations: $alloc,
      vesting: {code_id: $code, admin: $admin, label: "infermesh-vesting", owner: $admin, treasury: $treasury,
                funders: $funders, grants: $grants},
      marketing: {project: "InferMesh", description: "Utility token of the InferMesh AI-compute marketplace",
                  marketing: $admin, logo: null}}')
  log "token: instantiating at $token, its genesis vesting at $vesting, its distributor to be at $distributor, its DAO at $dao"
  address=$(instantiate2 "$DEPLOYER" "$code_id" "$msg" "$salt" "infermesh-token" "$WASM_ADMIN") || return 1
  [[ $address == "$token" ]] || die "token: instantiated at $address, but build-address gave $token"
  printf '%s\n' "$address"
}

# instantiate2 <from> <code_id> <json> <salt hex> <label> <admin> -> the contract's address (lib/chain.sh's
# instantiate is the classic one).
instantiate2() {
  local from=$1 code_id=$2 msg=$3 salt=$4 label=$5 admin tx addr
  admin=$(addr_of "$6") || return 1
  tx=$(_tx wasm instantiate2 "$code_id" "$msg" "$salt" --hex "${_tx_flags[@]}" --label "$label" --admin "$admin" \
    --from "$from") || return 1
  # The first instantiate event is the contract itself; later ones are contracts it instantiated in submessages.
  addr=$(tx_events "$tx" instantiate _contract_address | head -n1)
  [[ -n $addr ]] || {
    echo "instantiate2: no _contract_address in tx $(jq -r .txhash <<<"$tx")" >&2
    return 1
  }
  printf '%s\n' "$addr"
}

# The token's genesis tx created vesting: check it is where the genesis put it, runs the current artifact and holds
# the genesis grants, then record it (the gas deploy_one reports is the genesis tx's).
deploy_vesting() {
  local code_id=$1 token vesting config row plan beneficiary amount b_addr found
  token=$(contract token)
  vesting=$(genesis_vesting_address "$token") || die "vesting: build-address failed"
  contract_exists "$vesting" || die "vesting: no contract at $vesting, the genesis address of token $token"
  [[ $(code_checksum "$(contract_code_id "$vesting")") == $(code_checksum "$code_id") ]] ||
    die "vesting: $vesting does not run code $code_id"
  config=$(query_smart "$vesting" '{"config":{}}') || die "vesting: config query failed"
  [[ $(jq -r .token <<<"$config") == "$token" ]] || die "vesting: $vesting is not the vesting of token $token"
  for row in "${GENESIS_GRANTS[@]}"; do
    read -r plan beneficiary amount <<<"$row"
    b_addr=$(addr_of "$beneficiary")
    found=$(query_smart "$vesting" "$(jq -nc --arg b "$b_addr" '{grants_by_beneficiary: {beneficiary: $b, limit: 30}}')" |
      jq -r --arg t "$token" --arg p "$plan" --arg a "$amount" \
        '[.grants[].grant | select(.funder == $t and .plan == $p and .granted == $a) | .id] | first // empty')
    [[ -n $found ]] || die "vesting: no genesis $plan grant of $amount to $beneficiary"
    log "vesting: genesis $plan grant $found locks $amount for $beneficiary"
  done
  printf '%s\n' "$vesting"
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
# Slashers: the owner until the bill escrow and the DAO exist (their deploy steps add themselves). Guardian: the
# council, named by after_deploy_council (the owner may always pause).
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
# Treasury: the DAO's genesis address (community_treasury). Distributor: set once it is deployed (after_deploy_distributor;
# until then the governance share goes to the treasury and no work is kept). Arbiter and guardian: none until the DAO appoints them (the owner may always
# resolve and pause).
deploy_bill_escrow() {
  local code_id=$1 admin msg
  admin=$(addr_of "$WASM_ADMIN")
  msg=$(jq -nc --arg owner "$admin" --arg token "$(contract token)" --arg staking "$(contract staking)" \
    --arg reputation "$(contract reputation)" --arg treasury "$(community_treasury)" \
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
# Treasury: the DAO's genesis address (community_treasury). Distributor: set once it is deployed. Guardian: the council,
# named by after_deploy_council (the owner may always pause).
deploy_payment_channels() {
  local code_id=$1 admin msg
  admin=$(addr_of "$WASM_ADMIN")
  msg=$(jq -nc --arg owner "$admin" --arg token "$(contract token)" --arg staking "$(contract staking)" \
    --arg treasury "$(community_treasury)" \
    '{owner: $owner, token: $token, staking: $staking, treasury: $treasury, distributor: null, guardian: null,
      params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-payment-channels" "$WASM_ADMIN"
}

# --- distributor ---------------------------------------------------------------------------------------------------
# Epochs of DISTRIBUTOR_EPOCH_SECONDS (the contract's default is a day; the localnet's 60 s lets the chain tests see an
# epoch close). Reporters (packages/testing/src/wiring.rs, distributor_reporters, which 05-wiring.sh holds this to):
# the escrow reports providers' and gateways' work, the channels providers' redemptions, the DAO its voters' (the admin
# until the DAO is deployed: after_deploy_dao sets the DAO). Providers' units are weighed by reputation's multiplier. Staking reports every operator's stake
# (the validators' and stakers' roles) and receives what each pool earns.
# The distributor is instantiated once per genesis, at the address the genesis minted the provider rewards to
# (instantiate2), and told that allocation as its genesis funding; the contracts it reads and that report to it are
# set again by after_deploy_distributor whenever they change.
DISTRIBUTOR_EPOCH_SECONDS=${INFERMESH_DISTRIBUTOR_EPOCH_SECONDS:-60}
distributor_reporters() {
  local voters
  voters=$(recorded contracts dao)
  jq -nc --arg voters "${voters:-$(addr_of "$WASM_ADMIN")}" --arg escrow "$(contract bill_escrow)" \
    --arg channels "$(contract payment_channels)" \
    '[["compute_providers", $escrow], ["gateways", $escrow], ["compute_providers", $channels],
      ["governance_voters", $voters]]'
}

# Sets the distributor's reporters to distributor_reporters when they differ (idempotent).
sync_distributor_reporters() {
  local distributor
  distributor=$(contract distributor)
  if [[ $(query_smart "$distributor" '{"config":{}}' | jq -c .reporters) != "$(distributor_reporters)" ]]; then
    wasm_exec "$WASM_ADMIN" "$distributor" "$(jq -nc --argjson r "$(distributor_reporters)" \
      '{update_reporters: {reporters: $r}}')" >/dev/null || die "distributor: setting the reporters failed"
    log "distributor: reporters set"
  fi
}

deploy_distributor() {
  local code_id=$1 admin msg token expected address row category bps funding=""
  admin=$(addr_of "$WASM_ADMIN")
  token=$(contract token)
  for row in "${ALLOCATIONS[@]}"; do
    read -r category _ bps <<<"$row"
    [[ $category == provider_rewards ]] && funding=$((TOTAL_SUPPLY * bps / 10000))
  done
  msg=$(jq -nc --arg owner "$admin" --arg token "$token" --arg reputation "$(contract reputation)" \
    --arg staking "$(contract staking)" --argjson epoch "$DISTRIBUTOR_EPOCH_SECONDS" --arg funding "$funding" \
    --argjson reporters "$(distributor_reporters)" \
    '{owner: $owner, token: $token, reputation: $reputation, staking: $staking, guardian: null, start: null,
      epoch_seconds: $epoch, genesis_funding: $funding, schedule: null, params: null, reporters: $reporters}')
  expected=$(genesis_distributor_address "$token") || die "distributor: build-address failed"
  address=$(instantiate2 "$DEPLOYER" "$code_id" "$msg" "$(genesis_distributor_salt "$token")" "infermesh-distributor" \
    "$WASM_ADMIN") || return 1
  [[ $address == "$expected" ]] || die "distributor: instantiated at $address, but the genesis minted to $expected"
  printf '%s\n' "$address"
}

# The escrow and the channels report work to the distributor and owe it the governance share; staking reports every
# operator's stake to it (operators bonded before are synced from staking, 30 per tx). The distributor reads the
# current reputation and staking and takes reports from the current escrow and channels (each set again when a
# redeploy changed it).
after_deploy_distributor() {
  local distributor config name staking page
  distributor=$(contract distributor)
  staking=$(contract staking)
  config=$(query_smart "$distributor" '{"config":{}}') || die "distributor: config query failed"
  sync_distributor_reporters
  if [[ $(jq -r '.reputation // empty' <<<"$config") != "$(contract reputation)" ]]; then
    wasm_exec "$WASM_ADMIN" "$distributor" "$(jq -nc --arg r "$(contract reputation)" \
      '{update_reputation: {reputation: $r}}')" >/dev/null || die "distributor: setting reputation failed"
    log "distributor: reads the multiplier of $(contract reputation)"
  fi
  if [[ $(jq -r '.staking // empty' <<<"$config") != "$staking" ]]; then
    wasm_exec "$WASM_ADMIN" "$distributor" "$(jq -nc --arg s "$staking" '{update_staking: {staking: $s}}')" \
      >/dev/null || die "distributor: setting staking failed"
    log "distributor: takes the stake of $staking"
  fi
  if [[ $(query_smart "$staking" '{"config":{}}' | jq -r '.distributor // empty') == "$distributor" ]]; then
    log "staking: already reports stake to the distributor"
  else
    wasm_exec "$WASM_ADMIN" "$staking" "$(jq -nc --arg d "$distributor" \
      '{update_config: {slashers: null, jailers: null, guardian: null, distributor: $d}}')" >/dev/null ||
      die "staking: setting the distributor failed"
    log "staking: reports stake to the distributor"
    page=$(query_smart "$staking" '{"operators":{"limit":30}}' | jq -c '[.operators[].address]')
    while [[ $page != "[]" ]]; do
      wasm_exec "$WASM_ADMIN" "$distributor" "$(jq -nc --argjson o "$page" '{sync_stake: {operators: $o}}')" \
        >/dev/null || die "distributor: syncing the stake of $page failed"
      log "distributor: synced the stake of $(jq length <<<"$page") operators"
      page=$(query_smart "$staking" "$(jq -nc --arg s "$(jq -r 'last' <<<"$page")" \
        '{operators: {start_after: $s, limit: 30}}')" | jq -c '[.operators[].address]')
    done
  fi
  for name in bill_escrow payment_channels; do
    if [[ $(query_smart "$(contract "$name")" '{"config":{}}' | jq -r '.distributor // empty') == "$distributor" ]]; then
      log "$name: already reports to the distributor"
    else
      wasm_exec "$WASM_ADMIN" "$(contract "$name")" "$(jq -nc --arg d "$distributor" --arg n "$name" \
        'if $n == "bill_escrow"
         then {update_config: {staking: null, reputation: null, treasury: null, distributor: $d, arbiter: null, guardian: null}}
         else {update_config: {staking: null, treasury: null, distributor: $d, guardian: null}} end')" >/dev/null ||
        die "$name: setting the distributor failed"
      log "$name: reports work to the distributor"
    fi
  done
  log "distributor: holds $(query_smart "$distributor" '{"emission":{}}' | jq -r '.funding[] | select(.[0] == "genesis") | .[1]') from the genesis"
}

# --- council -------------------------------------------------------------------------------------------------------
# The guardian council: cw-plus's cw3-fixed-multisig as published (contracts/council only exports its entry points),
# 5 votes of these 9 keys, named guardian of the escrow, the channels, staking and the distributor. A guardian can only
# pause (packages/kit's pause guard); only the contracts' owner, the DAO, unpauses them or names another council.
COUNCIL_GUARDIANS=(validator admin treasury provider gateway consumer delegator alice bob)
COUNCIL_THRESHOLD=5

deploy_council() {
  local code_id=$1 voters='[]' key msg
  for key in "${COUNCIL_GUARDIANS[@]}"; do
    voters=$(jq -c --arg a "$(addr_of "$key")" '. + [{addr: $a, weight: 1}]' <<<"$voters")
  done
  msg=$(jq -nc --argjson v "$voters" --argjson t "$COUNCIL_THRESHOLD" \
    '{voters: $v, threshold: {absolute_count: {weight: $t}}, max_voting_period: {time: 86400}}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-council" "$WASM_ADMIN"
}

after_deploy_council() {
  local council name address msg
  council=$(contract council)
  for name in bill_escrow payment_channels staking distributor bridge; do
    address=$(recorded contracts "$name")
    [[ -n $address ]] || continue
    [[ $(query_smart "$address" '{"config":{}}' | jq -r '.guardian // empty') == "$council" ]] && continue
    if [[ $(query_smart "$address" '{"ownership":{}}' | jq -r '.owner // empty') != "$(addr_of "$WASM_ADMIN")" ]]; then
      warn "$name: owned by the DAO, so only a proposal can name the council its guardian"
      continue
    fi
    case $name in
      bill_escrow)
        msg='{update_config: {staking: null, reputation: null, treasury: null, distributor: null, arbiter: null, guardian: $c}}'
        ;;
      payment_channels) msg='{update_config: {staking: null, treasury: null, distributor: null, guardian: $c}}' ;;
      staking) msg='{update_config: {slashers: null, jailers: null, guardian: $c, distributor: null}}' ;;
      distributor | bridge) msg='{update_guardian: {guardian: $c}}' ;;
    esac
    wasm_exec "$WASM_ADMIN" "$address" "$(jq -nc --arg c "$council" "$msg")" >/dev/null ||
      die "$name: naming the council its guardian failed"
    log "$name: the council may pause it"
  done
}

# --- bridge --------------------------------------------------------------------------------------------------------
# The home bridge (docs/bridge.md): the token's ICS-20 bridge on its own chain. It opens no channel until its owner
# allows a counterparty (connection and port, with a rate limit); scripts/bridge-test.sh links it to a remote bridge on
# a second localnet. The council becomes its guardian below, the DAO its owner with the rest of the suite.
deploy_bridge() {
  local code_id=$1 msg
  msg=$(jq -nc --arg owner "$(addr_of "$WASM_ADMIN")" --arg token "$(contract token)" \
    '{owner: $owner, guardian: null, mode: {home: {token: $token}}, params: null}')
  instantiate "$DEPLOYER" "$code_id" "$msg" "infermesh-bridge" "$WASM_ADMIN"
}

# --- dao -----------------------------------------------------------------------------------------------------------
# The DAO: the production bars (the kinds' thresholds and quorums below, which packages/testing/tests/deploy_tables.rs
# holds to infermesh_types::dao::Params::default) with localnet periods: no discussion, a vote of
# INFERMESH_DAO_VOTING_SECONDS (default 30 s), timelocks of INFERMESH_DAO_TIMELOCK_SECONDS (default 5 s), a day to
# execute. The DAO is instantiated once per genesis at the address the genesis minted the community treasury to
# (instantiate2), and checks that allocation is there.
# <kind> <threshold> <quorum>
DAO_KINDS=(
  "technical            0.6   0.2"
  "economic             0.55  0.2"
  "treasury             0.5   0.2"
  "emergency            0.75  0.33"
  "emergency_parameter  0.8   0.4"
)
DAO_DEPOSIT=100000000000 # 100,000 MESH
DAO_VOTING_SECONDS=${INFERMESH_DAO_VOTING_SECONDS:-30}
DAO_TIMELOCK_SECONDS=${INFERMESH_DAO_TIMELOCK_SECONDS:-5}
# Hand every contract's ownership and wasm admin to the DAO at the end of the deploy (1), or leave them with the admin
# (0: scripts/chain-test.sh, whose tests act as the admin; chain-tests/60-dao.sh hands over last).
HAND_OVER=${INFERMESH_HAND_OVER:-1}
# The key that locks tokens in the vault and proposes and votes the handover on the localnet: the liquidity holder,
# whose allocation is liquid from the genesis.
DAO_VOTER=${INFERMESH_DAO_VOTER:-liquidity}
DAO_VOTER_LOCK=1000000000000 # 1,000,000 MESH

dao_params() {
  local row kind threshold quorum kinds='[]'
  for row in "${DAO_KINDS[@]}"; do
    read -r kind threshold quorum <<<"$row"
    kinds=$(jq -c --arg t "$threshold" --arg q "$quorum" --argjson l "$DAO_TIMELOCK_SECONDS" \
      '. + [{threshold: $t, quorum: $q, timelock_seconds: $l}]' <<<"$kinds")
  done
  jq -nc --argjson k "$kinds" --arg d "$DAO_DEPOSIT" --argjson v "$DAO_VOTING_SECONDS" \
    '{kinds: $k, deposit: $d, discussion_seconds: 0, voting_seconds: $v, execution_window_seconds: 86400}'
}

deploy_dao() {
  local code_id=$1 msg token row category bps genesis="" expected address
  token=$(contract token)
  for row in "${ALLOCATIONS[@]}"; do
    read -r category _ bps <<<"$row"
    [[ $category == community_treasury ]] && genesis=$((TOTAL_SUPPLY * bps / 10000))
  done
  msg=$(jq -nc --arg token "$token" --arg staking "$(contract staking)" --argjson p "$(dao_params)" \
    --arg distributor "$(recorded contracts distributor)" --arg genesis "$genesis" \
    '{token: $token, staking: $staking, genesis_treasury: $genesis, params: $p,
      distributor: (if $distributor == "" then null else $distributor end)}')
  expected=$(genesis_dao_address "$token") || die "dao: build-address failed"
  address=$(instantiate2 "$DEPLOYER" "$code_id" "$msg" "$(genesis_dao_salt "$token")" "infermesh-dao" "$WASM_ADMIN") ||
    return 1
  [[ $address == "$expected" ]] || die "dao: instantiated at $address, but the genesis minted to $expected"
  printf '%s\n' "$address"
}

# The DAO reports its voters to the distributor (the voters' role), which takes them from the DAO only.
after_deploy_dao() {
  [[ -z $(recorded contracts distributor) ]] || sync_distributor_reporters
  ((HAND_OVER)) && hand_over_to_dao
  return 0
}

# Every contract's ownership (two-step: the admin offers it, a DAO proposal accepts it) and wasm admin go to the DAO,
# the DAO's own wasm admin too. Idempotent: only what the DAO does not hold yet moves.
hand_over_to_dao() {
  local dao name address ownership msgs='[]' accept tx
  dao=$(contract dao)
  accept=$(printf '{"update_ownership":"accept_ownership"}' | base64 -w0)
  for name in vesting staking reputation bill_escrow payment_channels distributor bridge; do
    address=$(recorded contracts "$name")
    [[ -n $address ]] || continue
    ownership=$(query_smart "$address" '{"ownership":{}}') || die "$name: ownership query failed"
    [[ $(jq -r '.owner // empty' <<<"$ownership") == "$dao" ]] && continue
    if [[ $(jq -r '.pending_owner // empty' <<<"$ownership") != "$dao" ]]; then
      wasm_exec "$WASM_ADMIN" "$address" "$(jq -nc --arg d "$dao" \
        '{update_ownership: {transfer_ownership: {new_owner: $d, expiry: null}}}')" >/dev/null ||
        die "$name: offering ownership to the DAO failed"
    fi
    msgs=$(jq -c --arg a "$address" --arg m "$accept" \
      '. + [{wasm: {execute: {contract_addr: $a, msg: $m, funds: []}}}]' <<<"$msgs")
  done
  if [[ $msgs != '[]' ]]; then
    dao_lock_once "$DAO_VOTER" "$(contract token)" "$dao" "$DAO_VOTER_LOCK" || die "dao: locking the voter's tokens failed"
    tx=$(dao_pass "$DAO_VOTER" "$(contract token)" "$dao" "$DAO_DEPOSIT" technical "accept ownership of the suite" \
      "$msgs") || die "dao: the handover proposal failed"
    ! dao_failed "$tx" || die "dao: the handover proposal's execution failed"
    log "dao: owns $(jq length <<<"$msgs") contracts (gas of the execution $(gas_used "$tx"))"
  fi
  for name in token vesting staking reputation bill_escrow payment_channels distributor bridge council dao; do
    address=$(recorded contracts "$name")
    [[ -n $address ]] || continue
    if [[ $("$WASMD" q wasm contract "$address" "${_q_flags[@]}" | jq -r .contract_info.admin) != "$dao" ]]; then
      _tx wasm set-contract-admin "$address" "$dao" "${_tx_flags[@]}" --from "$WASM_ADMIN" >/dev/null ||
        die "$name: moving the wasm admin to the DAO failed"
    fi
  done
  log "dao: owner and wasm admin of every contract"
}

# --- pinning -------------------------------------------------------------------------------------------------------
# A pinned code stays compiled in wasmvm's memory cache and wasmd charges far less to load it into a call (README,
# "Measured on the localnet"); only governance pins. Idempotent: already pinned codes are left out of the proposal,
# and nothing is submitted when all are pinned. Codes of replaced artifacts stay pinned until a proposal unpins them.
pin_suite() {
  local ids changed rc=0 t0
  ids=$(printf '%s\n' "${SUITE_CODE_IDS[@]}" | sort -nu)
  [[ -n $ids ]] || return 0
  if [[ $PIN_CODES == 0 ]]; then
    log "pinning: skipped (INFERMESH_PIN_CODES=0)"
  else
    t0=$(now_s)
    # shellcheck disable=SC2086 # one id per word
    changed=$(pin_codes $ids) || rc=$?
    case $rc in
      0)
        if [[ -n $changed ]]; then
          log "pinning: codes ${changed//$'\n'/ } pinned by a governance proposal in $(elapsed_since "$t0") s"
        else
          log "pinning: codes ${ids//$'\n'/ } already pinned"
        fi
        ;;
      2) warn "pinning skipped: this chain's voting period is too long to wait for (a localnet home created before \
localnet.sh shortened it: 'scripts/localnet.sh reset' makes a new chain; or INFERMESH_PIN_CODES=0)" ;;
      *) die "pinning: the MsgPinCodes proposal did not pass (INFERMESH_PIN_CODES=0 deploys without pinning)" ;;
    esac
  fi
  # What the chain shows, whether this run pinned or not.
  STATE=$(jq --argjson s "$(jq -R tonumber <<<"$ids" | jq -s .)" --argjson p "$(pinned_code_ids | jq -R tonumber | jq -s .)" \
    '.pinned_code_ids = [$s[] | select(IN($p[]))]' <<<"$STATE")
  save_state
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
  pin_suite

  local txs gas
  txs=$(wc -l <"$CHAIN_TX_LOG")
  gas=$(jq -s 'map(.gas_used | tonumber) | add // 0' "$CHAIN_TX_LOG")
  log "deployment recorded in ${DEPLOY_FILE#"$REPO_ROOT"/}: $txs txs, $gas gas, $(elapsed_since "$t0") s"
  jq '{code_ids, pinned_code_ids, contracts}' <<<"$STATE"
}

main
