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

# Line coverage of the contracts (scripts/test.sh): cargo-llvm-cov over rustup's llvm-tools. About 2 minutes cold, once.
CARGO_LLVM_COV_VERSION=0.9.1
CARGO_LLVM_COV=$TOOLS_DIR/cargo-llvm-cov-$CARGO_LLVM_COV_VERSION/bin/cargo-llvm-cov
ensure_cargo_llvm_cov() {
  if ! rustup component list --installed 2>/dev/null | grep -q '^llvm-tools'; then
    log "installing rustup's llvm-tools (for line coverage)"
    rustup component add llvm-tools-preview >&2
  fi
  [[ -x $CARGO_LLVM_COV ]] && return 0
  log "installing cargo-llvm-cov $CARGO_LLVM_COV_VERSION (about 2 minutes on 2 cores, once)"
  cargo install cargo-llvm-cov --version "$CARGO_LLVM_COV_VERSION" --locked \
    --root "$TOOLS_DIR/cargo-llvm-cov-$CARGO_LLVM_COV_VERSION" >&2
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

# The Go relayer, for the two-chain IBC test (scripts/bridge-test.sh). v2.6.0 works with wasmd v0.61.14's ibc-go
# v10.5.0. A plain `go install ...@v2.6.0` fails (the proxy refuses the module's version list while loading
# deprecations): download the module first, then install from the local module cache with the real proxy second
# (the checksum database is reached through it). GOTOOLCHAIN=local: build with the installed Go, never fetch one.
# The binary is named `relayer`; `rly` is a symlink beside it. Sets RLY. About 5 minutes cold, once.
RLY_VERSION=2.6.0
RLY_DIR=$TOOLS_DIR/rly-v$RLY_VERSION
RLY=$RLY_DIR/bin/rly

ensure_rly() {
  if [[ -x $RLY ]] && "$RLY" version 2>/dev/null | grep -q "$RLY_VERSION"; then return 0; fi
  need_cmd go
  log "installing the Go relayer rly v$RLY_VERSION (about 5 minutes, once)"
  local mod=github.com/cosmos/relayer/v2 modcache proxy
  modcache=$(GOTOOLCHAIN=local go env GOMODCACHE) || return 1
  proxy=$(GOTOOLCHAIN=local go env GOPROXY) || return 1
  GOTOOLCHAIN=local go mod download "$mod@v$RLY_VERSION" >&2 || return 1
  mkdir -p "$RLY_DIR/bin"
  GOTOOLCHAIN=local GOBIN=$RLY_DIR/bin GOPROXY="file://$modcache/cache/download,$proxy" \
    go install -ldflags "-X $mod/cmd.Version=$RLY_VERSION" "$mod@v$RLY_VERSION" >&2 || return 1
  ln -sfn relayer "$RLY_DIR/bin/rly"
  "$RLY" version 2>/dev/null | grep -q "$RLY_VERSION" || {
    echo "ensure_rly: $RLY does not report version $RLY_VERSION" >&2
    return 1
  }
}

# The generated contract clients (clients/contracts): @cosmwasm/ts-codegen, json-schema-to-typescript and tsc.
ensure_contract_clients() {
  local dir=$REPO_ROOT/clients/contracts
  [[ -d $dir/node_modules/@cosmwasm/ts-codegen && $dir/node_modules/.package-lock.json -nt $dir/package-lock.json ]] &&
    return 0
  log "installing the contract clients' code generator"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

# The generated contract clients compiled to clients/contracts/dist (CommonJS): the bench and soak drivers import the
# message builders from dist/src/builders.js. Compiles when dist is missing or older than a source.
ensure_contract_builders() {
  local dir=$REPO_ROOT/clients/contracts
  ensure_contract_clients || return 1
  [[ -f $dir/dist/src/builders.js && -z $(find "$dir/src" "$dir/lib" "$dir/tsconfig.json" -newer "$dir/dist/src/builders.js" \
    -print -quit) ]] && return 0
  log "compiling the generated contract clients (clients/contracts/dist)"
  (cd "$dir" && npm run --silent build >&2)
}

# Debian's chromium, for the dApp's headless browser tests (clients/dapp/test, driven by npm playwright-core with
# executablePath /usr/bin/chromium: no browser download). Installs it with apt-get (we run as root), refreshing the
# package lists first when the install fails on stale ones.
CHROMIUM=${INFERMESH_CHROMIUM:-/usr/bin/chromium}

ensure_chromium() {
  [[ -x $CHROMIUM ]] && return 0
  need_cmd apt-get
  log "installing Debian's chromium (the dApp's browser tests)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; then
    DEBIAN_FRONTEND=noninteractive apt-get update >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 || return 1
  fi
  [[ -x $CHROMIUM ]] || {
    echo "ensure_chromium: $CHROMIUM is still missing after installing chromium" >&2
    return 1
  }
}

# The Keplr web dApp (clients/dapp): esbuild, playwright-core and CosmJS 0.39.0 pinned by npm overrides. It imports the
# generated contract clients (clients/contracts) and the voucher bytes of clients/ts, whose packages come first.
ensure_dapp() {
  local dir=$REPO_ROOT/clients/dapp
  ensure_ts_client || return 1
  ensure_contract_clients || return 1
  [[ -d $dir/node_modules/esbuild && -d $dir/node_modules/playwright-core &&
    $dir/node_modules/.package-lock.json -nt $dir/package-lock.json ]] && return 0
  log "installing the dApp's packages"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
}
