// @ts-check
// The load and the checks of scripts/soak.sh (docs/soak.md): a seeded load of real transactions from many accounts
// across the suite on a four-validator localnet, with validators killed under it, then every invariant queried and
// every account checked against an off-chain ledger of what the soak sent.
//
// Every signer is a fresh account derived from the seed; it runs one action at a time: sign offline with its own
// sequence, broadcast to node 0 (never killed), wait for the block. A tx is signed once per sequence and only that
// exact tx is re-broadcast, so nothing can land twice; the ledger applies an action's effect only when its tx is in
// a block with code 0. While the load runs, a controller (driven by the number of actions done) SIGKILLs one
// validator and restarts it, then kills two so the chain halts, waits out the halt and restarts them; the load keeps
// submitting throughout.
//
// env: SOAK_RPC, SOAK_CHAIN_ID, SOAK_DEPLOYMENT, SOAK_ACCOUNTS (scripts/accounts.json), SOAK_ADDRESSES (the localnet's
//      addresses.json), SOAK_LOCALNET (scripts/localnet.sh), SOAK_NODE_RPCS (every node's RPC, comma-separated),
//      SOAK_OUT, SOAK_DEADLINE (epoch seconds), SOAK_SEED, SOAK_SIGNERS, SOAK_ACTIONS, SOAK_DENOM (ustake),
//      SOAK_API (node 0's REST, for queries at one height), SOAK_HALT_SECONDS (how long the chain stays halted, 10)
//
// Type-checked (// @ts-check) by scripts/codegen.sh with clients/contracts/tsconfig.scripts.json: every contract message
// comes from a builder generated from schema/, so a message that drifted from the schema fails there, not on chain.
import { readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { makeCosmoshubPath } from "@cosmjs/amino";
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, sha256 } from "@cosmjs/crypto";
import { toBase64, toHex } from "@cosmjs/encoding";
import { acceptanceText, routeText, signStatement } from "../../clients/ts/dist/consent.js";
import { signVoucher } from "../../clients/ts/dist/voucher.js";
import {
  BillEscrowExecuteMsgBuilder,
  BillEscrowHookBuilder,
  BillEscrowQueryMsgBuilder,
  DaoExecuteMsgBuilder,
  DaoHookBuilder,
  DaoQueryMsgBuilder,
  DistributorQueryMsgBuilder,
  PaymentChannelsExecuteMsgBuilder,
  PaymentChannelsHookBuilder,
  PaymentChannelsQueryMsgBuilder,
  StakingExecuteMsgBuilder,
  StakingHookBuilder,
  StakingQueryMsgBuilder,
  TokenExecuteMsgBuilder,
  TokenQueryMsgBuilder,
} from "../../clients/contracts/dist/src/builders.js";
import {
  Chain,
  checkDeadline,
  cw20SendMsg,
  encodeMsg,
  encodeTxRaw,
  envPositiveInt,
  envRequired,
  execMsg,
  fail,
  fee,
  isRetryable,
  log,
  mnemonicWallet,
  multiSendMsg,
  pool,
  retry,
  setDeadline,
  sleep,
} from "../bench/chain.mjs";

const required = envRequired;
const int = envPositiveInt;

const RPC = required("SOAK_RPC");
const API = required("SOAK_API");
const CHAIN_ID = required("SOAK_CHAIN_ID");
const OUT = required("SOAK_OUT");
const LOCALNET = required("SOAK_LOCALNET");
const NODE_RPCS = required("SOAK_NODE_RPCS").split(",");
const DENOM = process.env.SOAK_DENOM || "ustake";
const SEED = required("SOAK_SEED");
const SIGNERS = int("SOAK_SIGNERS", 40);
const ACTIONS = int("SOAK_ACTIONS", 1500);
const HALT_SECONDS = int("SOAK_HALT_SECONDS", 10);
setDeadline(Number(required("SOAK_DEADLINE")) * 1000);
if (NODE_RPCS.length < 4) fail("the soak needs four validators (SOAK_NODE_RPCS)");

const MESH = 1_000_000n;
const START_MESH = 5_000n * MESH;
const START_USTAKE = 1_000_000_000n;
const OPERATOR_BOND = 10_000n * MESH;
const CHANNEL_STEP = 50_000n; // one unit at the base price
const GAS = 900_000; // every soak tx's limit: gas is free here, an out-of-gas would be a finding
// What the provider settles per tx: MAX_COMPLETIONS bills (packages/types bill_escrow params) and as many redemptions.
const PROVIDER_BATCH = 50;
const GAS_PER_SETTLEMENT = 150_000;

// --- seeded randomness (mulberry32): the same SOAK_SEED gives the same choices in the same order ---------------------
function rng(seedText) {
  let a = Number(BigInt("0x" + toHex(sha256(new TextEncoder().encode(seedText))).slice(0, 8)));
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
/** @type {(r: () => number, lo: bigint, hi: bigint) => bigint} */
const between = (r, lo, hi) => lo + BigInt(Math.floor(r() * Number(hi - lo + 1n)));

async function rawKey(seed) {
  const privkey = sha256(new TextEncoder().encode(seed));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { privkey, pubkey: toBase64(pubkey) };
}
async function mnemonicKey(mnemonic) {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, makeCosmoshubPath(0));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { privkey, pubkey: toBase64(pubkey) };
}

// --- the report ---------------------------------------------------------------------------------------------------
const report = {
  seed: SEED,
  signers: SIGNERS,
  actions_planned: ACTIONS,
  sent: 0,
  included: 0,
  succeeded: 0,
  failed: 0,
  failures: {}, // reason -> count
  by_action: {}, // action -> { sent, ok, failed }
  rebroadcasts: 0,
  faults: [],
  invariant_checks: [],
  ledger_checks: 0,
};
function countAction(action, outcome) {
  const a = (report.by_action[action] ??= { sent: 0, ok: 0, failed: 0 });
  a[outcome]++;
}
// A contract's refusal, shortened to what identifies it (the numbers differ from tx to tx).
const reason = (rawLog) =>
  String(rawLog)
    .replace(/^failed to execute message; message index: \d+: /, "")
    .replace(/: execute wasm contract failed.*$/, "")
    .replace(/wasm1[02-9ac-hj-np-z]{38,58}/g, "<address>")
    .replace(/\d{3,}/g, "N")
    .slice(0, 160);

async function main() {
  const t0 = Date.now();
  const deployment = JSON.parse(readFileSync(required("SOAK_DEPLOYMENT"), "utf8"));
  const { token, staking, bill_escrow: escrow, payment_channels: channels, dao, distributor } = deployment.contracts;
  if (!token || !staking || !escrow || !channels || !dao || !distributor) fail("the deployment lacks a contract");
  const accounts = JSON.parse(readFileSync(required("SOAK_ACCOUNTS"), "utf8"));
  const addresses = JSON.parse(readFileSync(required("SOAK_ADDRESSES"), "utf8"));
  const mnemonicOf = (name) => (accounts.find((a) => a.name === name) ?? fail(`no account ${name}`)).mnemonic;
  const named = async (name) => {
    const w = await mnemonicWallet(mnemonicOf(name));
    if (addresses[name] !== w.address) fail(`${name}: derived ${w.address}, the localnet has ${addresses[name]}`);
    return w;
  };
  const chain = await new Chain(RPC, CHAIN_ID).connect();
  const q = (contract, msg) => retry("query", () => chain.query.queryContractSmart(contract, msg));
  const cw20 = async (addr) => BigInt((await q(token, TokenQueryMsgBuilder.balance({ address: addr }))).balance);
  const bank = async (addr) => BigInt((await retry("bank", () => chain.query.getBalance(addr, DENOM))).amount);
  const height = async (rpc = RPC) => {
    const res = await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(2000) });
    return Number((await res.json()).result.sync_info.latest_block_height);
  };

  const [liquidity, provider, gateway, validatorOp] = await Promise.all(
    ["liquidity", "provider", "gateway", "validator"].map(named),
  );
  const gatewayKey = await mnemonicKey(mnemonicOf("gateway"));
  const r = rng(`infermesh-soak ${SEED}`);
  const signers = [];
  for (let i = 0; i < SIGNERS; i++) {
    const seed = `infermesh-soak ${SEED} signer ${i}`;
    const key = await rawKey(seed);
    const { DirectSecp256k1Wallet } = await import("@cosmjs/proto-signing");
    const wallet = await DirectSecp256k1Wallet.fromKey(key.privkey, "wasm");
    const [{ address }] = await wallet.getAccounts();
    signers.push({ i, address, wallet, key, mesh: START_MESH, ustake: START_USTAKE, delegated: {}, locked: 0n, r: rng(seed) });
  }

  // ---- set-up: operators (provider, gateway, validator: Bronze), signers funded ------------------------------------
  log(`set-up: ${SIGNERS} signers, 3 operators`);
  await chain.batch(
    liquidity,
    [
      multiSendMsg(liquidity.address, DENOM, signers.map((s) => ({ address: s.address, amount: START_USTAKE }))),
    ],
    "fund ustake",
    1,
  );
  const transfer = (to, amount) =>
    execMsg(liquidity.address, token, TokenExecuteMsgBuilder.transfer({ recipient: to, amount: String(amount) }));
  await chain.batch(
    liquidity,
    [
      ...[provider, gateway, validatorOp].map((w) => transfer(w.address, OPERATOR_BOND)),
      ...signers.map((s) => transfer(s.address, START_MESH)),
    ],
    "fund MESH",
    50,
  );
  /** @type {Array<[typeof provider, "provider" | "gateway" | "validator", string[], number]>} */
  const operators = [
    [provider, "provider", ["llama-3-8b"], 1000],
    [gateway, "gateway", [], 50],
    [validatorOp, "validator", [], 0],
  ];
  for (const [w, role, models, latency] of operators) {
    const existing = await q(staking, StakingQueryMsgBuilder.operators({}));
    if (existing.operators.some((o) => (o.address ?? o.operator) === w.address)) continue;
    await chain.tx(
      w,
      [
        execMsg(
          w.address,
          staking,
          StakingExecuteMsgBuilder.registerOperator({
            role,
            metadata: { models, latency_ms: latency, endpoint: `https://${role}.soak.invalid` },
          }),
        ),
        cw20SendMsg(w.address, token, staking, OPERATOR_BOND, StakingHookBuilder.selfBond()),
      ],
      `register ${role}`,
    );
  }
  const operatorAddrs = [provider.address, gateway.address, validatorOp.address];
  const quote = await q(escrow, BillEscrowQueryMsgBuilder.quote({ modelClass: "small", latencyClass: "standard", units: "1" }));
  const billEscrow = BigInt(quote.escrow_required);
  const daoDeposit = BigInt((await q(dao, DaoQueryMsgBuilder.params())).deposit);
  const supplyAtStart = BigInt((await q(token, TokenQueryMsgBuilder.tokenInfo())).total_supply);
  const startHeight = await height();

  // ---- invariants --------------------------------------------------------------------------------------------------
  let lastSupply = supplyAtStart;
  const proposals = new Map(); // id -> Map voter -> height of the vote's block
  const proposalHeights = new Map(); // id -> height of the block that created it
  // Smart queries at one height (REST with x-cosmos-block-height): the checks run while the load goes on, and sums over
  // many queries are only meaningful if they all read the same state.
  const qAt = (at, contract, msg) =>
    retry("query at height", async () => {
      const b64 = Buffer.from(JSON.stringify(msg)).toString("base64");
      const res = await fetch(`${API}/cosmwasm/wasm/v1/contract/${contract}/smart/${encodeURIComponent(b64)}`, {
        headers: { "x-cosmos-block-height": String(at) },
        signal: AbortSignal.timeout(10_000),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`query ${JSON.stringify(msg)} at ${at}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      return body.data;
    });
  async function checkInvariants(when) {
    const results = [];
    // The last committed height (the newest may still be executing on the node).
    const at = (await height()) - 1;
    const cw20At = async (addr) => BigInt((await qAt(at, token, TokenQueryMsgBuilder.balance({ address: addr }))).balance);
    const check = (name, ok, detail) => {
      results.push({ name, ok, detail });
      if (!ok) log(`INVARIANT FAILED (${when}): ${name}: ${detail}`);
    };
    // §1 token: the sum of all balances is the supply, which never rises.
    let sum = 0n;
    let holders = 0;
    let start_after;
    for (;;) {
      const page = await qAt(at, token, TokenQueryMsgBuilder.allAccounts({ startAfter: start_after, limit: 30 }));
      for (const a of page.accounts) {
        sum += await cw20At(a);
        holders++;
      }
      if (page.accounts.length < 30) break;
      start_after = page.accounts.at(-1);
    }
    const supply = BigInt((await qAt(at, token, TokenQueryMsgBuilder.tokenInfo())).total_supply);
    check("§1 token: sum of balances = total supply", sum === supply, `sum ${sum} over ${holders} holders, supply ${supply}`);
    check("§1 token: supply never rises", supply <= lastSupply, `supply ${supply}, before ${lastSupply}`);
    lastSupply = supply;
    // §2 escrow and channels hold at least what they owe.
    const et = await qAt(at, escrow, BillEscrowQueryMsgBuilder.totals());
    const owedEscrow = [et.open_bills, et.dispute_bonds, et.credits, et.treasury_fees, et.pool_fees, et.burn_pending]
      .map(BigInt)
      .reduce((a, b) => a + b);
    const heldEscrow = await cw20At(escrow);
    check("§2 escrow: balance ≥ open bills + bonds + credits + fees owed", heldEscrow >= owedEscrow, `held ${heldEscrow}, owed ${owedEscrow}`);
    const ct = await qAt(at, channels, PaymentChannelsQueryMsgBuilder.totals());
    const owedChannels = [ct.channel_balances, ct.credits, ct.treasury_fees, ct.pool_fees, ct.burn_pending]
      .map(BigInt)
      .reduce((a, b) => a + b);
    const heldChannels = await cw20At(channels);
    check("§2 channels: balance ≥ channel balances + credits + fees owed", heldChannels >= owedChannels, `held ${heldChannels}, owed ${owedChannels}`);
    // §3 staking holds at least what is bonded, unbonding and owed as rewards.
    const st = await qAt(at, staking, StakingQueryMsgBuilder.totals());
    const owedStaking = BigInt(st.bonded) + BigInt(st.unbonding) + BigInt(st.rewards_outstanding);
    const heldStaking = await cw20At(staking);
    check("§3 staking: balance ≥ bonded + unbonding + rewards outstanding", heldStaking >= owedStaking, `held ${heldStaking}, owed ${owedStaking}`);
    // §4 distributor: it holds exactly what was funded and neither claimed nor burned.
    const em = await qAt(at, distributor, DistributorQueryMsgBuilder.emission());
    const heldDistributor = await cw20At(distributor);
    const expected = BigInt(em.funded) - BigInt(em.claimed) - BigInt(em.burned);
    check("§4 distributor: balance = funded − claimed − burned", heldDistributor === expected, `held ${heldDistributor}, books ${expected}`);
    // §6 DAO: every soak ballot counts the voter's power at the proposal's creation height, and the tally is their sum.
    for (const [id, voters] of proposals) {
      if (proposalHeights.get(id) > at) continue;
      const p = await qAt(at, dao, DaoQueryMsgBuilder.proposal({ proposalId: id }));
      const tally = { yes: 0n, no: 0n, abstain: 0n };
      // Every soak signer's ballot at that height (a vote being included right now may not be in `voters` yet), so the
      // sum is over exactly the ballots the tally counts.
      let mismatches = 0;
      let counted = 0;
      let missing = 0;
      await pool(signers, 8, async (sg) => {
        const ballot = await qAt(at, dao, DaoQueryMsgBuilder.ballot({ proposalId: id, voter: sg.address }));
        const votedAt = voters.get(sg.address);
        if (!ballot) {
          if (votedAt !== undefined && votedAt <= at) missing++;
          return;
        }
        counted++;
        const power = await qAt(at, dao, DaoQueryMsgBuilder.votingPower({ address: sg.address, height: p.height }));
        if (ballot.power !== power.power) mismatches++;
        tally[ballot.vote] += BigInt(ballot.power);
      });
      check(`§6 DAO proposal ${id}: every vote included is a ballot`, missing === 0, `${missing} missing`);
      check(`§6 DAO proposal ${id}: ${counted} ballots at the creation height's power`, mismatches === 0, `${mismatches} differ`);
      // Ballots other than the soak's (none on a fresh chain) would make the tally differ: it must equal theirs.
      const same = ["yes", "no", "abstain"].every((k) => BigInt(p.tally[k]) === tally[k]);
      check(`§6 DAO proposal ${id}: tally = sum of ballots`, same, `tally ${JSON.stringify(p.tally)}, ballots yes ${tally.yes} no ${tally.no} abstain ${tally.abstain}`);
    }
    report.invariant_checks.push({ when, height: at, checks: results.length, failed: results.filter((x) => !x.ok).length, results });
    return results.every((x) => x.ok);
  }
  await checkInvariants("before the load");

  // ---- transactions --------------------------------------------------------------------------------------------------
  const accountInfo = async (addr) => retry("account", async () => (await chain.query.getAccount(addr)) ?? fail(`${addr} does not exist`));
  async function prepare(w) {
    const info = await accountInfo(w.address);
    w.accountNumber = info.accountNumber;
    w.sequence = info.sequence;
    w.client = await SigningCosmWasmClient.offline(w.wallet);
  }
  // Signs at the account's sequence and broadcasts; a stale sequence (CheckTx refusal: the tx is not in any mempool)
  // is refreshed and re-signed. Waits for the block however long the chain is halted, re-broadcasting the same bytes
  // if node 0's mempool lost them. Returns the indexed tx.
  async function send(w, msgs, action, gas = GAS) {
    report.sent++;
    countAction(action, "sent");
    let bytes;
    let hash;
    for (let attempt = 1; ; attempt++) {
      checkDeadline(action);
      const raw = await w.client.sign(w.address, msgs, fee(gas), "", {
        accountNumber: w.accountNumber,
        sequence: w.sequence,
        chainId: CHAIN_ID,
      });
      bytes = encodeTxRaw(raw);
      try {
        hash = await chain.broadcast(bytes, action);
        break;
      } catch (e) {
        const text = String(e?.message ?? e);
        if (/sequence mismatch|incorrect account sequence/i.test(text) && attempt < 6) {
          w.sequence = (await accountInfo(w.address)).sequence;
          continue;
        }
        if (isRetryable(e) && attempt < 30) {
          await sleep(500);
          continue;
        }
        throw new Error(`${action} from ${w.address}: broadcast refused: ${text.slice(0, 300)}`);
      }
    }
    w.sequence++;
    let lastPoke = Date.now();
    for (;;) {
      checkDeadline(action);
      const tx = await chain.query.getTx(hash).catch((e) => (isRetryable(e) ? null : Promise.reject(e)));
      if (tx) {
        report.included++;
        if (tx.code === 0) {
          report.succeeded++;
          countAction(action, "ok");
        } else {
          report.failed++;
          countAction(action, "failed");
          const why = reason(tx.rawLog);
          report.failures[`${action}: ${why}`] = (report.failures[`${action}: ${why}`] ?? 0) + 1;
        }
        return tx;
      }
      // Not in a block yet: if the account's sequence has not moved for a while, node 0 may have dropped it.
      if (Date.now() - lastPoke > 20_000) {
        lastPoke = Date.now();
        const onChain = (await accountInfo(w.address)).sequence;
        if (onChain < w.sequence) {
          report.rebroadcasts++;
          await chain.broadcast(bytes, action).catch(() => {});
        }
      }
      await sleep(400);
    }
  }

  // ---- the load --------------------------------------------------------------------------------------------------
  let done = 0;
  let claimed = 0; // actions handed out
  const billQueue = []; // { bill_id, signer }
  const channelQueue = []; // { channel_id, signer, deposit }
  let openProposal = null; // { id, voters: Set }
  const deadlineSeconds = () => Math.floor(Date.now() / 1000) + 3600;

  const actions = {
    async transfer(s) {
      const to = pick(s.r, signers.filter((x) => x !== s));
      const amount = between(s.r, 1n, 50n) * MESH;
      const msg = TokenExecuteMsgBuilder.transfer({ recipient: to.address, amount: String(amount) });
      const tx = await send(s, [execMsg(s.address, token, msg)], "transfer");
      if (tx.code === 0) {
        s.mesh -= amount;
        to.mesh += amount;
      }
    },
    async bank_send(s) {
      const to = pick(s.r, signers.filter((x) => x !== s));
      const amount = between(s.r, 1n, 1000n);
      const tx = await send(
        s,
        [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: s.address, toAddress: to.address, amount: [{ denom: DENOM, amount: String(amount) }] } }],
        "bank_send",
      );
      if (tx.code === 0) {
        s.ustake -= amount;
        to.ustake += amount;
      }
    },
    async delegate(s) {
      const op = pick(s.r, operatorAddrs);
      const amount = between(s.r, 1n, 200n) * MESH;
      const tx = await send(s, [cw20SendMsg(s.address, token, staking, amount, StakingHookBuilder.delegate({ operator: op }))], "delegate");
      if (tx.code === 0) {
        s.mesh -= amount;
        s.delegated[op] = (s.delegated[op] ?? 0n) + amount;
      }
    },
    async unbond(s) {
      const ops = Object.keys(s.delegated).filter((op) => s.delegated[op] > 0n);
      const op = ops.length ? pick(s.r, ops) : pick(s.r, operatorAddrs);
      // Sometimes more than is delegated, on purpose: the refusal must change nothing.
      const have = s.delegated[op] ?? 0n;
      const amount = s.r() < 0.15 ? have + 1n : between(s.r, 1n, have > 1n ? have / 2n : 1n);
      const msg = StakingExecuteMsgBuilder.unbond({ operator: op, amount: String(amount) });
      const tx = await send(s, [execMsg(s.address, staking, msg)], "unbond");
      if (tx.code === 0) s.delegated[op] = have - amount;
    },
    async lock(s) {
      const amount = between(s.r, 1n, 100n) * MESH;
      const tx = await send(s, [cw20SendMsg(s.address, token, dao, amount, DaoHookBuilder.lock())], "dao_lock");
      if (tx.code === 0) {
        s.mesh -= amount;
        s.locked += amount;
      }
    },
    async vote(s) {
      const p = openProposal;
      // Mostly while the vote is open; now and then after it closed, where the refusal must change nothing.
      if (!p || p.voters.has(s.address) || (Date.now() > p.closesAtMs && s.r() < 0.9)) return actions.lock(s);
      const vote = pick(s.r, ["yes", "no", "abstain"]);
      const tx = await send(s, [execMsg(s.address, dao, DaoExecuteMsgBuilder.vote({ proposalId: p.id, vote }))], "dao_vote");
      if (tx.code === 0) p.voters.set(s.address, tx.height);
    },
    async open_bill(s) {
      const deadline = deadlineSeconds();
      /** @type {import("../../clients/ts/dist/consent.js").RouteTerms} */
      const terms = {
        chainId: CHAIN_ID,
        contract: escrow,
        consumer: s.address,
        provider: provider.address,
        modelClass: "small",
        latencyClass: "standard",
        maxUnits: 1,
        deadline,
      };
      const consent = await signStatement(routeText(terms), "adr036", gateway.address, gatewayKey.privkey, gatewayKey.pubkey);
      const tx = await send(
        s,
        [
          cw20SendMsg(
            s.address,
            token,
            escrow,
            billEscrow,
            BillEscrowHookBuilder.openBill({
              provider: provider.address,
              gateway: gateway.address,
              gatewayConsent: consent,
              modelClass: "small",
              maxUnits: "1",
              latencyClass: "standard",
              deadline: String(BigInt(deadline) * 1_000_000_000n),
            }),
          ),
        ],
        "open_bill",
      );
      if (tx.code === 0) {
        s.mesh -= billEscrow;
        const id = tx.events.flatMap((e) => e.attributes).find((a) => a.key === "bill_id")?.value;
        if (!id) fail(`open_bill ${tx.hash}: no bill_id`);
        billQueue.push({ bill_id: Number(id), signer: s });
      }
    },
    async open_channel(s) {
      const deposit = between(s.r, 1n, 20n) * CHANNEL_STEP * 10n;
      const expires = BigInt(deadlineSeconds()) * 1_000_000_000n;
      const tx = await send(
        s,
        [
          cw20SendMsg(
            s.address,
            token,
            channels,
            deposit,
            PaymentChannelsHookBuilder.openChannel({ provider: provider.address, pubkey: s.key.pubkey, expiresAt: String(expires) }),
          ),
        ],
        "open_channel",
      );
      if (tx.code === 0) {
        s.mesh -= deposit;
        const id = tx.events.flatMap((e) => e.attributes).find((a) => a.key === "channel_id")?.value;
        if (!id) fail(`open_channel ${tx.hash}: no channel_id`);
        channelQueue.push({ channel_id: Number(id), signer: s, deposit });
      }
    },
  };
  // The mix: weights per action.
  /** @type {Array<[string, number]>} */
  const mix = [
    ["transfer", 5],
    ["bank_send", 2],
    ["delegate", 3],
    ["unbond", 2],
    ["lock", 2],
    ["vote", 2],
    ["open_bill", 4],
    ["open_channel", 2],
  ];
  const totalWeight = mix.reduce((a, [, w]) => a + w, 0);
  const chooseAction = (rr) => {
    let x = rr() * totalWeight;
    for (const [name, w] of mix) if ((x -= w) < 0) return name;
    return mix[0][0];
  };

  await pool([liquidity, provider, ...signers], 16, prepare);
  const signerLoop = async (s) => {
    while (claimed < ACTIONS) {
      claimed++;
      await actions[chooseAction(s.r)](s);
      done++;
    }
  };
  // The provider settles what the signers opened: bills with each consumer's signed acceptance (complete_batch),
  // channels by redeeming a voucher the consumer signed for part of the deposit.
  let loadOver = false;
  const providerLoop = async () => {
    while (!loadOver || billQueue.length || channelQueue.length) {
      if (!billQueue.length && !channelQueue.length) {
        await sleep(500);
        continue;
      }
      const bills = billQueue.splice(0, PROVIDER_BATCH);
      const chans = channelQueue.splice(0, PROVIDER_BATCH);
      const completions = await Promise.all(
        bills.map(async (b) => {
          const resultHash = toHex(sha256(new TextEncoder().encode(`soak ${SEED} bill ${b.bill_id}`)));
          const acceptance = await signStatement(
            acceptanceText({ chainId: CHAIN_ID, contract: escrow, billId: b.bill_id, units: 1, latencyMs: 1000, resultHash }),
            "adr036",
            b.signer.address,
            b.signer.key.privkey,
            b.signer.key.pubkey,
          );
          return { bill_id: b.bill_id, units: "1", latency_ms: 1000, result_hash: resultHash, acceptance };
        }),
      );
      const redeems = await Promise.all(
        chans.map(async (c) => {
          const cumulative = c.deposit / 2n;
          const voucher = { chainId: CHAIN_ID, contract: channels, channelId: c.channel_id, cumulativeAmount: cumulative, nonce: 1 };
          const signature = await signVoucher(voucher, "plain", c.signer.address, c.signer.key.privkey);
          return execMsg(
            provider.address,
            channels,
            PaymentChannelsExecuteMsgBuilder.redeem({
              channelId: c.channel_id,
              cumulativeAmount: String(cumulative),
              nonce: 1,
              signature,
              signMode: "plain",
            }),
          );
        }),
      );
      const msgs = [
        ...(completions.length ? [execMsg(provider.address, escrow, BillEscrowExecuteMsgBuilder.completeBatch({ completions }))] : []),
        ...redeems,
      ];
      await send(provider, msgs, "settle_and_redeem", GAS + GAS_PER_SETTLEMENT * (bills.length + chans.length));
    }
  };
  // Proposals: the liquidity account opens one (a treasury spend of 1 base unit to itself) at 10 % and 50 % of the load,
  // once some signers have locked; each signer votes at most once on the open one.
  const proposerLoop = async () => {
    for (const at of [0.1, 0.5]) {
      while (done < ACTIONS * at && !loadOver) await sleep(300);
      if (loadOver) return;
      const msg = encodeMsg(TokenExecuteMsgBuilder.transfer({ recipient: liquidity.address, amount: "1" }));
      const tx = await send(
        liquidity,
        [
          cw20SendMsg(
            liquidity.address,
            token,
            dao,
            daoDeposit,
            DaoHookBuilder.propose({
              title: `soak ${SEED} at ${at * 100} %`,
              description: "soak",
              kind: "treasury",
              msgs: [{ wasm: { execute: { contract_addr: token, msg, funds: [] } } }],
            }),
          ),
        ],
        "dao_propose",
      );
      if (tx.code !== 0) fail(`propose failed: ${tx.rawLog}`);
      const id = Number(tx.events.flatMap((e) => e.attributes).find((a) => a.key === "proposal_id")?.value);
      const { voting_ends: ends } = await q(dao, DaoQueryMsgBuilder.proposal({ proposalId: id }));
      openProposal = { id, voters: new Map(), closesAtMs: Number(BigInt(ends) / 1_000_000n) };
      proposalHeights.set(id, tx.height);
      proposals.set(id, openProposal.voters);
    }
  };

  // ---- faults ------------------------------------------------------------------------------------------------------
  const localnet = (...args) =>
    new Promise((resolve, reject) => {
      const child = spawn(LOCALNET, args, { stdio: ["ignore", "ignore", "inherit"] });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`localnet.sh ${args.join(" ")} exited ${code}`))));
    });
  const waitDone = async (fraction) => {
    while (done < ACTIONS * fraction) await sleep(200);
  };
  const waitHeightAbove = async (h, what, timeoutMs = 120_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const now = await height().catch(() => 0);
      if (now > h) return now;
      if (Date.now() > until) fail(`${what}: no block above ${h} within ${timeoutMs / 1000} s`);
      await sleep(300);
    }
  };
  const faultLoop = async () => {
    await waitDone(0.2);
    let h = await height();
    let t = Date.now();
    let at = done;
    await localnet("kill", "3");
    // One of four down (20 % of the stake): the chain must keep producing blocks.
    await waitHeightAbove(h + 3, "with node 3 killed");
    report.faults.push({ fault: "SIGKILL node 3", at_action: at, height: h, three_blocks_after_seconds: (Date.now() - t) / 1000 });
    await waitDone(0.35);
    at = done;
    await localnet("start", "3");
    report.faults.push({ fault: "restart node 3", at_action: at, height: await height(), down_seconds: (Date.now() - t) / 1000 });
    await checkInvariants("after node 3 came back");

    await waitDone(0.55);
    h = await height();
    t = Date.now();
    at = done;
    await Promise.all([localnet("kill", "2"), localnet("kill", "3")]);
    // Two of four down (40 % of the stake offline, 60 % online, under 2/3): the chain must halt.
    await sleep(3000);
    const stuck = await height();
    await sleep(HALT_SECONDS * 1000);
    const stillStuck = await height();
    if (stillStuck !== stuck) fail(`with two of four validators killed the chain went on from ${stuck} to ${stillStuck}`);
    await Promise.all([localnet("start", "2"), localnet("start", "3")]);
    const resumed = await waitHeightAbove(stillStuck, "after restarting nodes 2 and 3");
    report.faults.push({
      fault: "SIGKILL nodes 2 and 3 (chain halts), restart both",
      at_action: at,
      halted_at_height: stillStuck,
      halted_seconds: (Date.now() - t) / 1000,
      resumed_at_height: resumed,
    });
    await checkInvariants("after the halt");
  };

  log(`load: ${ACTIONS} actions from ${SIGNERS} signers; faults at 20 %, 35 %, 55 %`);
  const tLoad = Date.now();
  const progress = setInterval(() => log(`progress: ${done}/${ACTIONS} actions, ${report.succeeded} ok, ${report.failed} failed`), 15_000);
  const faults = faultLoop();
  const providerDone = providerLoop();
  const proposerDone = proposerLoop();
  await Promise.all(signers.map(signerLoop));
  loadOver = true;
  await Promise.all([faults, providerDone, proposerDone]);
  clearInterval(progress);
  const loadSeconds = (Date.now() - tLoad) / 1000;
  const endHeight = await height();

  // ---- afterwards ----------------------------------------------------------------------------------------------------
  // Every node reaches the same block with the same app hash.
  const common = endHeight;
  for (const rpc of NODE_RPCS) await waitHeightAbove(common, `node ${rpc} catching up`, 180_000).catch(() => 0);
  const hashes = await Promise.all(
    NODE_RPCS.map(async (rpc) => {
      const b = await (await fetch(`${rpc}/block?height=${common}`)).json();
      return `${b.result.block_id.hash}/${b.result.block.header.app_hash}`;
    }),
  );
  const agree = hashes.every((x) => x === hashes[0]);
  // Blocks each validator did not sign, from the commits of the load's blocks.
  const validators = (await (await fetch(`${RPC}/validators?height=${common}&per_page=100`)).json()).result.validators;
  const missed = Object.fromEntries(validators.map((v) => [v.address, 0]));
  const heights = [];
  for (let hh = startHeight + 1; hh <= common; hh++) heights.push(hh);
  await pool(heights, 8, async (hh) => {
    const c = await (await fetch(`${RPC}/commit?height=${hh}`)).json();
    const signed = new Set(c.result.signed_header.commit.signatures.filter((x) => x.block_id_flag === 2).map((x) => x.validator_address));
    for (const v of validators) if (!signed.has(v.address)) missed[v.address]++;
  });

  const invariantsOk = await checkInvariants("after the load");
  // The ledger: every signer's MESH, ustake, delegations and DAO lock are what its included actions say.
  const mismatches = [];
  await pool(signers, 8, async (s) => {
    const [mesh, ustake, power] = await Promise.all([
      cw20(s.address),
      bank(s.address),
      q(dao, DaoQueryMsgBuilder.votingPower({ address: s.address })),
    ]);
    report.ledger_checks += 3;
    if (mesh !== s.mesh) mismatches.push(`${s.address} MESH ${mesh}, ledger ${s.mesh}`);
    if (ustake !== s.ustake) mismatches.push(`${s.address} ${DENOM} ${ustake}, ledger ${s.ustake}`);
    if (BigInt(power.locked) !== s.locked) mismatches.push(`${s.address} locked ${power.locked}, ledger ${s.locked}`);
    for (const op of operatorAddrs) {
      const d = await q(staking, StakingQueryMsgBuilder.delegation({ delegator: s.address, operator: op })).catch(() => null);
      const have = BigInt(d?.stake ?? 0);
      report.ledger_checks++;
      if (have !== (s.delegated[op] ?? 0n)) mismatches.push(`${s.address} delegation to ${op} ${have}, ledger ${s.delegated[op] ?? 0n}`);
    }
  });
  const result = {
    ...report,
    chain_id: CHAIN_ID,
    validators: NODE_RPCS.length,
    load_seconds: loadSeconds,
    driver_seconds: (Date.now() - t0) / 1000,
    start_height: startHeight,
    end_height: common,
    blocks: common - startHeight,
    missed_signatures: missed,
    nodes_agree: agree,
    node_block_hashes: hashes,
    ledger_mismatches: mismatches,
    invariants_ok: invariantsOk,
  };
  writeFileSync(OUT, JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
  log(`results written to ${OUT}`);
  const problems = [];
  if (!agree) problems.push(`the nodes disagree at height ${common}: ${hashes.join(" ")}`);
  if (!invariantsOk) problems.push("an invariant failed");
  if (mismatches.length) problems.push(`${mismatches.length} ledger mismatches: ${mismatches.slice(0, 5).join("; ")}`);
  if (report.succeeded < report.sent * 0.5) problems.push(`only ${report.succeeded} of ${report.sent} txs succeeded`);
  if (problems.length) fail(problems.join("\n"));
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`ERROR: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
