# shellcheck shell=bash
# Installs, on first use, every build tool the scripts need, and caches it under $TOOLS_DIR so a second run is fast.
# Source it after common.sh.

COSMWASM_CHECK_VERSION=3.0.10 # 3.0.11 needs rustc 1.96; 3.1 accepts bulk memory that wasmd 0.61 rejects.
COSMWASM_CHECK=$TOOLS_DIR/cosmwasm-check-$COSMWASM_CHECK_VERSION/bin/cosmwasm-check
WASM_OPT=$REPO_ROOT/node_modules/.bin/wasm-opt
# wasmd v0.61.14's capabilities (x/wasm/keeper/capabilities.go): a contract needing more is refused on store.
WASMD_CAPABILITIES=iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2,ibc2

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return 0
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
}

ensure_wasm_opt() {
  if [[ -x $WASM_OPT ]] && "$WASM_OPT" --version 2>/dev/null | grep -q 'version 132'; then return 0; fi
  need_cmd npm
  log "installing binaryen 132 (wasm-opt) from npm"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

ensure_cosmwasm_check() {
  [[ -x $COSMWASM_CHECK ]] && return 0
  log "installing cosmwasm-check $COSMWASM_CHECK_VERSION (about 14 minutes on 2 cores, once)"
  cargo install cosmwasm-check --version "$COSMWASM_CHECK_VERSION" --locked \
    --root "$TOOLS_DIR/cosmwasm-check-$COSMWASM_CHECK_VERSION" >&2
}

# The TypeScript client (clients/ts): chain tests sign payment-channel vouchers, gateway consents and provider
# receipts with it.
ensure_ts_client() {
  local dir=$REPO_ROOT/clients/ts
  if [[ ! -d $dir/node_modules/@cosmjs/crypto ]]; then
    log "installing the TypeScript client's packages"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  if [[ ! -f $dir/dist/voucher.js || ! -f $dir/dist/consent.js || $dir/voucher.ts -nt $dir/dist/voucher.js ||
    $dir/consent.ts -nt $dir/dist/consent.js ]]; then
    (cd "$dir" && npm run --silent build >&2)
  fi
}
