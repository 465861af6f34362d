// @ts-check
// Transaction helpers for the gas benchmark (scripts/bench.sh): wallets, batching, retries, local signing and
// waiting for inclusion. Everything talks to the node given by the caller (127.0.0.1 only).
import { SigningCosmWasmClient, CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet, DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import { sha256 } from "@cosmjs/crypto";
// The contract messages come from the builders generated from schema/ (clients/contracts, scripts/codegen.sh), compiled
// to clients/contracts/dist by tsc (scripts/lib/tools.sh ensure_contract_builders).
import { TokenExecuteMsgBuilder } from "../../clients/contracts/dist/src/builders.js";

export const PREFIX = "wasm";
const utf8 = new TextEncoder();
const toHex = (bytes) => Buffer.from(bytes).toString("hex");

// --- configuration from the environment -------------------------------------------------------------------------------
/** @returns {never} */
export function fail(msg) {
  throw new Error(msg);
}
export const envRequired = (k) => process.env[k] || fail(`${k} is not set`);
export const envPositiveInt = (k, d) => {
  const v = Number(process.env[k] ?? d);
  if (!Number.isInteger(v) || v < 1) fail(`${k} must be a positive integer`);
  return v;
};

export const log = (...a) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The whole run has a deadline (set by bench.sh); every wait checks it so nothing hangs past it.
let deadlineMs = Infinity;
export function setDeadline(ms) {
  deadlineMs = ms;
}
export function checkDeadline(what) {
  if (Date.now() > deadlineMs) throw new Error(`time limit of the benchmark reached (${what})`);
}

// --- wallets --------------------------------------------------------------------------------------------------------
export async function mnemonicWallet(mnemonic) {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: PREFIX });
  const [{ address }] = await wallet.getAccounts();
  return { wallet, address };
}

// Deterministic throwaway keys: the same seed always gives the same account, so a run is reproducible.
export async function seededWallet(seed) {
  const wallet = await DirectSecp256k1Wallet.fromKey(sha256(utf8.encode(seed)), PREFIX);
  const [{ address }] = await wallet.getAccounts();
  return { wallet, address };
}

// --- messages -------------------------------------------------------------------------------------------------------
// `msg` is a contract message made by a generated builder (e.g. TokenExecuteMsgBuilder.transfer({ recipient, amount })).
export function execMsg(sender, contract, msg) {
  return {
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender, contract, msg: utf8.encode(JSON.stringify(msg)), funds: [] },
  };
}

// A message as the base64 JSON a cw20 Send's `msg` or a CosmosMsg::Wasm's `msg` carries.
export const encodeMsg = (msg) => Buffer.from(JSON.stringify(msg)).toString("base64");

// A cw20 Send of `amount` to `contract`, whose hook (made by the contract's generated hook builder, e.g.
// StakingHookBuilder.delegate({ operator })) rides in `msg`.
export function cw20SendMsg(sender, token, contract, amount, hook) {
  return execMsg(sender, token, TokenExecuteMsgBuilder.send({ contract, amount: String(amount), msg: encodeMsg(hook) }));
}

export function multiSendMsg(from, denom, outputs) {
  const total = outputs.reduce((s, o) => s + BigInt(o.amount), 0n);
  return {
    typeUrl: "/cosmos.bank.v1beta1.MsgMultiSend",
    value: {
      inputs: [{ address: from, coins: [{ denom, amount: total.toString() }] }],
      outputs: outputs.map((o) => ({ address: o.address, coins: [{ denom, amount: String(o.amount) }] })),
    },
  };
}

// Gas price is 0 on the localnet: a fee with no coins and an explicit limit.
export const fee = (gas) => ({ amount: [], gas: String(gas) });

// --- TxRaw encoding -------------------------------------------------------------------------------------------------
// TxRaw is three length-delimited fields; encoding it here avoids importing cosmjs-types (not a direct dependency).
function varint(n) {
  const out = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
export function encodeTxRaw(txRaw) {
  const parts = [];
  const field = (no, bytes) => {
    parts.push(Uint8Array.from([(no << 3) | 2, ...varint(bytes.length)]), bytes);
  };
  field(1, txRaw.bodyBytes);
  field(2, txRaw.authInfoBytes);
  for (const sig of txRaw.signatures) field(3, sig);
  return Buffer.concat(parts);
}

// --- errors and retries ---------------------------------------------------------------------------------------------
// CheckTx rejections that a fresh sequence or a short wait cures. Anything else (a contract error, out of gas) is real.
const RETRYABLE = /account sequence mismatch|incorrect account sequence|mempool is full|ECONNRESET|ECONNREFUSED|socket hang up|fetch failed|Bad status on response: 5\d\d/i;
export const isRetryable = (e) => RETRYABLE.test(String(e?.message ?? e));

export async function retry(what, fn, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await fn(i);
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
      log(`${what}: retryable error (attempt ${i}/${attempts}): ${String(e.message ?? e).slice(0, 200)}`);
      checkDeadline(what);
      await sleep(500 * i);
    }
  }
}

// Runs `fn` over `items` with at most `limit` calls in flight; results in input order.
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

// --- the chain ------------------------------------------------------------------------------------------------------
export class Chain {
  constructor(rpc, chainId) {
    this.rpc = rpc;
    this.chainId = chainId;
  }

  async connect() {
    this.query = await CosmWasmClient.connect(this.rpc);
    const id = await this.query.getChainId();
    if (id !== this.chainId) throw new Error(`node at ${this.rpc} runs ${id}, expected ${this.chainId}`);
    // Block gas limit (-1: none), so batches are split to fit a block.
    const res = await fetch(`${this.rpc}/consensus_params`);
    const params = (await res.json()).result.consensus_params;
    this.maxBlockGas = Number(params.block.max_gas);
    this.maxBlockBytes = Number(params.block.max_bytes);
    return this;
  }

  async signer(w) {
    if (!w.client) w.client = await SigningCosmWasmClient.connectWithSigner(this.rpc, w.wallet);
    return w.client;
  }

  // Broadcasts signed tx bytes (sync: CheckTx only) and returns the tx hash. A tx the node already holds (a
  // retry after a lost response) counts as accepted.
  async broadcast(bytes, what) {
    const hash = toHex(sha256(bytes)).toUpperCase();
    try {
      const got = await this.query.broadcastTxSync(bytes);
      if (got !== hash) throw new Error(`${what}: node reports hash ${got}, computed ${hash}`);
    } catch (e) {
      if (!/tx already exists in cache/i.test(String(e?.message ?? e))) throw e;
    }
    return hash;
  }

  // Waits until the tx is in a block; returns the indexed tx, throws if it failed.
  async waitTx(hash, what, timeoutMs = 120_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const tx = await this.query.getTx(hash).catch((e) => (isRetryable(e) ? null : Promise.reject(e)));
      if (tx) {
        if (tx.code !== 0) throw new Error(`${what}: tx ${hash} failed (code ${tx.code}): ${tx.rawLog}`);
        return tx;
      }
      checkDeadline(what);
      if (Date.now() > until) throw new Error(`${what}: tx ${hash} not included within ${timeoutMs / 1000}s`);
      await sleep(300);
    }
  }

  async simulate(w, msgs, what) {
    const client = await this.signer(w);
    return retry(`simulate ${what}`, () => client.simulate(w.address, msgs, undefined));
  }

  // Simulates, signs with the chain's current sequence, broadcasts (sync) and waits for the block. A CheckTx
  // rejection for a stale sequence is retried with a fresh one; nothing is re-sent once a tx was accepted.
  /**
   * @param {any} w
   * @param {any[]} msgs
   * @param {string} what
   * @param {{ gas?: number, adjustment?: number }} [options]
   */
  async tx(w, msgs, what, { gas, adjustment = 1.3 } = {}) {
    const client = await this.signer(w);
    let limit = gas;
    if (limit === undefined) {
      const simulated = await this.simulate(w, msgs, what);
      limit = Math.ceil(simulated * adjustment) + 20_000;
    }
    if (this.maxBlockGas > 0 && limit > this.maxBlockGas)
      throw new Error(`${what}: needs ${limit} gas, more than the block limit ${this.maxBlockGas}`);
    const hash = await retry(what, async () =>
      this.broadcast(encodeTxRaw(await client.sign(w.address, msgs, fee(limit), "")), what),
    );
    const tx = await this.waitTx(hash, what);
    return { hash, height: tx.height, gasUsed: Number(tx.gasUsed), gasWanted: Number(tx.gasWanted), events: tx.events };
  }

  // Sends `msgs` from one signer in txs of at most `chunk` messages each (fewer when a chunk's simulated gas would
  // not fit a block), one tx per block.
  async batch(w, msgs, what, chunk) {
    let total = 0;
    let txs = 0;
    for (let i = 0; i < msgs.length; ) {
      checkDeadline(what);
      let n = Math.min(chunk, msgs.length - i);
      let part = msgs.slice(i, i + n);
      let simulated = await this.simulate(w, part, what);
      while (this.maxBlockGas > 0 && simulated * 1.3 + 20_000 > this.maxBlockGas * 0.8 && n > 1) {
        n = Math.ceil(n / 2);
        part = msgs.slice(i, i + n);
        simulated = await this.simulate(w, part, what);
      }
      const r = await this.tx(w, part, `${what} [${i + 1}-${i + n}/${msgs.length}]`, {
        gas: Math.ceil(simulated * 1.3) + 20_000,
      });
      total += r.gasUsed;
      txs++;
      i += n;
    }
    return { txs, gasUsed: total };
  }
}
