// @ts-check
// The scale part of scripts/bench.sh (docs/benchmark.md §1): gas of the hot paths with 10, 1,000 and 10,000 members,
// delegators, bills or events already in state, on the fresh localnet the script started, deployed and pinned.
//   staking     `slash` and `claim_rewards` on three operators with 10, 1,000 and BENCH_SCALE delegators (distinct
//               signers), every pool holding the same stake;
//   DAO         a `vote` once 10, 1,000 and BENCH_SCALE of those signers have locked tokens in the vault (each locks in
//               its delegation tx), on a proposal created after them;
//   escrow      a settlement (`complete` with the consumer's signed acceptance) with 10, 1,000 and BENCH_SCALE open bills
//               in the escrow;
//   reputation  `report_outcomes` after 10, 1,000 and BENCH_EVENTS events of one operator.
// Writes the numbers as JSON to BENCH_OUT.
//
// env: BENCH_RPC, BENCH_CHAIN_ID, BENCH_DEPLOYMENT (deployments/<chain>.json), BENCH_ACCOUNTS (scripts/accounts.json),
//      BENCH_ADDRESSES (the localnet's addresses.json), BENCH_OUT, BENCH_DEADLINE (epoch seconds),
//      BENCH_SCALE (10000), BENCH_EVENTS (10000), BENCH_CONCURRENCY (24), BENCH_DENOM (ustake),
//      BENCH_REPUTATION (a reputation instance whose outcome reporter is "admin"; default: the deployment's)
//
// Type-checked (// @ts-check) by scripts/codegen.sh with clients/contracts/tsconfig.scripts.json: every contract message
// comes from a builder generated from schema/, so a message that drifted from the schema fails there, not on chain.
import { readFileSync, writeFileSync } from "node:fs";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { makeCosmoshubPath } from "@cosmjs/amino";
import { Bip39, EnglishMnemonic, Secp256k1, Slip10, Slip10Curve, sha256 } from "@cosmjs/crypto";
import { toBase64, toHex } from "@cosmjs/encoding";
import { acceptanceText, routeText, signStatement } from "../../clients/ts/dist/consent.js";
import {
  BillEscrowExecuteMsgBuilder,
  BillEscrowHookBuilder,
  BillEscrowQueryMsgBuilder,
  DaoExecuteMsgBuilder,
  DaoHookBuilder,
  DaoQueryMsgBuilder,
  ReputationExecuteMsgBuilder,
  ReputationQueryMsgBuilder,
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
  seededWallet,
  setDeadline,
  sleep,
} from "./chain.mjs";

const required = envRequired;
const int = envPositiveInt;

const RPC = required("BENCH_RPC");
const CHAIN_ID = required("BENCH_CHAIN_ID");
const OUT = required("BENCH_OUT");
const DENOM = process.env.BENCH_DENOM || "ustake";
const SCALE = int("BENCH_SCALE", 10000);
const EVENTS = int("BENCH_EVENTS", 10000);
const CONCURRENCY = int("BENCH_CONCURRENCY", 24);
setDeadline(Number(required("BENCH_DEADLINE")) * 1000);
// The three scales of every path; the first is the baseline the others are compared with.
const LEVELS = [10, 1000, SCALE];
if (!(SCALE > 1000)) fail("BENCH_SCALE must be above 1000");
if (!(EVENTS > 1000)) fail("BENCH_EVENTS must be above 1000");

const MESH = 1_000_000n;
const SELF_BOND = 10_000n * MESH;
// Every pool holds POOL_STAKE from its delegators, split evenly: the pools differ only in their number of delegators.
const POOL_STAKE = 100_000n * MESH;
const VAULT_LOCK = 1n * MESH;
const REWARDS = 1_000n * MESH;
const REPORT_BATCH = 200;
const FUND_BATCH = 100;
const BILL_BATCH = 100;
const MULTISEND_OUTPUTS = 250;

const phases = [];
async function phase(name, fn) {
  checkDeadline(name);
  const t0 = Date.now();
  log(`== ${name}`);
  const r = await fn();
  const seconds = (Date.now() - t0) / 1000;
  phases.push({ name, seconds });
  log(`== ${name}: done in ${seconds.toFixed(1)} s`);
  return r;
}

// A key's raw secp256k1 private key and compressed public key, for the off-chain statements the escrow verifies.
async function statementKey(mnemonic) {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  const { privkey } = Slip10.derivePath(Slip10Curve.Secp256k1, seed, makeCosmoshubPath(0));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { privkey, pubkey: toBase64(pubkey) };
}

async function main() {
  const t0 = Date.now();
  const deployment = JSON.parse(readFileSync(required("BENCH_DEPLOYMENT"), "utf8"));
  const { token, staking, bill_escrow: escrow, dao } = deployment.contracts;
  const reputation = process.env.BENCH_REPUTATION || deployment.contracts.reputation;
  if (!token || !staking || !reputation || !escrow || !dao) fail("the deployment lacks a contract of the suite");
  const accounts = JSON.parse(readFileSync(required("BENCH_ACCOUNTS"), "utf8"));
  const addresses = JSON.parse(readFileSync(required("BENCH_ADDRESSES"), "utf8"));
  const mnemonicOf = (name) => (accounts.find((a) => a.name === name) ?? fail(`no account ${name}`)).mnemonic;
  const named = async (name) => {
    const w = await mnemonicWallet(mnemonicOf(name));
    if (addresses[name] !== w.address) fail(`${name}: derived ${w.address}, the localnet has ${addresses[name]}`);
    return w;
  };

  const chain = await new Chain(RPC, CHAIN_ID).connect();
  log(`connected to ${CHAIN_ID} at ${RPC}; block max_gas ${chain.maxBlockGas}, max_bytes ${chain.maxBlockBytes}`);
  const [admin, liquidity, consumer, provider] = await Promise.all(["admin", "liquidity", "consumer", "provider"].map(named));
  const gateway = addresses.gateway ?? fail("no gateway address");
  const smartQuery = (contract, msg) => retry("query", () => chain.query.queryContractSmart(contract, msg));
  const reporter = (await smartQuery(reputation, ReputationQueryMsgBuilder.config())).escrow;
  if (reporter !== admin.address) fail(`reputation's outcome reporter is ${reporter}, not admin (${admin.address})`);
  const cw20Balance = async (addr) => BigInt((await smartQuery(token, TokenQueryMsgBuilder.balance({ address: addr }))).balance);
  const measure = async (w, msg, what) => {
    const r = await chain.tx(w, [msg], what, { adjustment: 1.5 });
    log(`gas ${what}: ${r.gasUsed} (height ${r.height}, tx ${r.hash})`);
    return { gas: r.gasUsed, height: r.height, tx: r.hash };
  };

  const operators = await Promise.all(LEVELS.map((_, i) => seededWallet(`infermesh-bench-operator-${i}`)));
  // Signers of level i delegate to operator i; level i's signers come after level i-1's, so after stage i the vault
  // holds sum(LEVELS[0..=i]) lockers.
  /** @type {any[]} */
  const signers = [];
  for (const [level, count] of LEVELS.entries())
    for (let j = 0; j < count; j++) signers.push({ level, index: j, seed: `infermesh-bench-${level}-${j}` });
  await pool(signers, 64, async (s) => Object.assign(s, await seededWallet(s.seed)));

  // ---- funding ----------------------------------------------------------------------------------------------------
  await phase(`fund ${signers.length + operators.length} accounts with 1${DENOM} (MsgMultiSend)`, async () => {
    const everyone = [...operators, ...signers].map((w) => ({ address: w.address, amount: 1 }));
    const msgs = [];
    for (let i = 0; i < everyone.length; i += MULTISEND_OUTPUTS)
      msgs.push(multiSendMsg(liquidity.address, DENOM, everyone.slice(i, i + MULTISEND_OUTPUTS)));
    const r = await chain.batch(liquidity, msgs, "fund ustake", 1);
    log(`ustake funding: ${r.txs} txs, ${r.gasUsed} gas`);
  });
  const perDelegator = (level) => POOL_STAKE / BigInt(LEVELS[level]);
  await phase("fund operators and signers with MESH (cw20 transfers)", async () => {
    const transfer = (to, amount) =>
      execMsg(liquidity.address, token, TokenExecuteMsgBuilder.transfer({ recipient: to, amount: String(amount) }));
    const msgs = [
      ...operators.map((op) => transfer(op.address, SELF_BOND)),
      ...signers.map((s) => transfer(s.address, perDelegator(s.level) + VAULT_LOCK)),
    ];
    const r = await chain.batch(liquidity, msgs, "fund MESH", FUND_BATCH);
    log(`MESH funding: ${r.txs} txs, ${r.gasUsed} gas`);
  });
  await phase("register the operators, self-bond 10,000 MESH each", async () => {
    await Promise.all(
      operators.map((op, i) =>
        chain.tx(
          op,
          [
            execMsg(
              op.address,
              staking,
              StakingExecuteMsgBuilder.registerOperator({
                role: "provider",
                metadata: { models: ["llama-3-8b"], latency_ms: 80, endpoint: `https://operator-${i}.bench.invalid` },
              }),
            ),
            cw20SendMsg(op.address, token, staking, SELF_BOND, StakingHookBuilder.selfBond()),
          ],
          `register + self-bond operator ${i}`,
        ),
      ),
    );
  });

  // ---- many signers, one tx each ----------------------------------------------------------------------------------
  // Signs offline with known account numbers and sequences, broadcasts CONCURRENCY at a time, then polls for
  // inclusion; a failed tx is re-signed once with twice the gas, a vanished one re-broadcast.
  async function fromEverySigner(jobs, msgsOf, what) {
    const accountsInfo = await pool(jobs, 16, (job) =>
      retry("account", async () => (await chain.query.getAccount(job.w.address)) ?? fail(`${job.w.address} does not exist`)),
    );
    jobs.forEach((job, i) => {
      job.accountNumber = accountsInfo[i].accountNumber;
      job.sequence = accountsInfo[i].sequence;
      job.attempts = 0;
    });
    const probe = jobs[jobs.length - 1];
    const simulated = await chain.simulate(probe.w, msgsOf(probe), what);
    const gasLimit = Math.ceil(simulated * 1.5) + 30_000;
    log(`${what}: simulated ${simulated} gas, limit ${gasLimit}; concurrency ${CONCURRENCY}`);
    const submit = async (job, resend = false) => {
      if (!job.client) job.client = await SigningCosmWasmClient.offline(job.w.wallet);
      if (!resend) job.attempts++;
      return retry(`${what} ${job.w.address}`, async (attempt) => {
        if (attempt > 1) job.sequence = (await chain.query.getSequence(job.w.address)).sequence;
        const raw = await job.client.sign(job.w.address, msgsOf(job), fee(job.gas ?? gasLimit), "", {
          accountNumber: job.accountNumber,
          sequence: job.sequence,
          chainId: CHAIN_ID,
        });
        job.hash = await chain.broadcast(encodeTxRaw(raw), what);
      });
    };
    const started = Date.now();
    await pool(jobs, CONCURRENCY, submit);
    let pending = jobs.slice();
    let lastProgress = Date.now();
    while (pending.length) {
      checkDeadline(what);
      await sleep(1000);
      const found = await pool(pending, 16, (job) =>
        chain.query.getTx(job.hash).catch((e) => (isRetryable(e) ? null : Promise.reject(e))),
      );
      const still = [];
      const failed = [];
      pending.forEach((job, i) => {
        const tx = found[i];
        if (!tx) still.push(job);
        else if (tx.code !== 0) failed.push([job, tx]);
      });
      if (still.length < pending.length) lastProgress = Date.now();
      for (const [job, tx] of failed) {
        if (job.attempts >= 2) fail(`${what} from ${job.w.address} failed twice: ${tx.rawLog}`);
        log(`${what} from ${job.w.address} failed (code ${tx.code}: ${tx.rawLog.slice(0, 160)}); resending`);
        job.gas = (job.gas ?? gasLimit) * 2;
        job.sequence = (await chain.query.getSequence(job.w.address)).sequence;
        await submit(job);
        still.push(job);
      }
      if (still.length && Date.now() - lastProgress > 30_000) {
        log(`no progress for 30 s with ${still.length} pending; re-broadcasting those whose sequence did not move`);
        await pool(still, 8, async (job) => {
          if ((await chain.query.getSequence(job.w.address)).sequence === job.sequence) await submit(job, true);
        });
        lastProgress = Date.now();
      }
      pending = still;
    }
    log(`${what}: ${jobs.length} txs included (${(jobs.length / ((Date.now() - started) / 1000)).toFixed(1)} tx/s)`);
  }

  // ---- stages: each level's signers delegate to their operator and lock in the vault; then a vote is measured ----
  const proposalMsgs = [
    {
      wasm: {
        execute: {
          contract_addr: token,
          msg: encodeMsg(TokenExecuteMsgBuilder.transfer({ recipient: admin.address, amount: "1" })),
          funds: [],
        },
      },
    },
  ];
  const daoDeposit = (await smartQuery(dao, DaoQueryMsgBuilder.params())).deposit;
  const votes = [];
  let lockers = 0;
  for (const [level, count] of LEVELS.entries()) {
    const jobs = signers.filter((s) => s.level === level).map((s) => ({ w: s, level }));
    await phase(`${count} signers delegate to operator ${level} and lock in the DAO's vault`, () =>
      fromEverySigner(
        jobs,
        (job) => [
          cw20SendMsg(job.w.address, token, staking, perDelegator(level), StakingHookBuilder.delegate({ operator: operators[level].address })),
          cw20SendMsg(job.w.address, token, dao, VAULT_LOCK, DaoHookBuilder.lock()),
        ],
        `delegate + lock (level ${level})`,
      ),
    );
    lockers += count;
    votes.push(
      await phase(`DAO: a vote with ${lockers} lockers in the vault`, async () => {
        await sleep(1500); // the proposal's height must follow the last lock's
        const r = await chain.tx(
          liquidity,
          [
            cw20SendMsg(
              liquidity.address,
              token,
              dao,
              daoDeposit,
              DaoHookBuilder.propose({ title: `bench ${lockers}`, description: "scale", kind: "treasury", msgs: proposalMsgs }),
            ),
          ],
          "propose",
        );
        const id = Number(
          r.events.flatMap((e) => e.attributes).find((a) => a.key === "proposal_id")?.value ?? fail("no proposal_id"),
        );
        const voter = jobs[jobs.length - 1].w;
        const vote = execMsg(voter.address, dao, DaoExecuteMsgBuilder.vote({ proposalId: id, vote: "yes" }));
        return { lockers, proposal: id, ...(await measure(voter, vote, `vote with ${lockers} lockers`)) };
      }),
    );
  }

  await phase("verify the staking setup", async () => {
    for (const [level, op] of operators.entries()) {
      const s = await smartQuery(staking, StakingQueryMsgBuilder.operatorStatus({ operator: op.address }));
      const want = (perDelegator(level) * BigInt(LEVELS[level])).toString();
      if (s.delegated !== want) fail(`operator ${level}: delegated ${s.delegated}, expected ${want}`);
    }
  });
  await phase("distribute 1,000 MESH rewards to each operator", () =>
    chain.tx(
      liquidity,
      operators.map((op) =>
        cw20SendMsg(liquidity.address, token, staking, REWARDS, StakingHookBuilder.distributeRewards({ operator: op.address })),
      ),
      "distribute rewards",
    ),
  );
  await sleep(3000); // rewards stream: let some of them accrue
  const claims = await phase("claim_rewards by the last delegator of each operator", async () => {
    const out = [];
    for (const [level, op] of operators.entries()) {
      const w = signers.filter((s) => s.level === level).at(-1);
      const before = await cw20Balance(w.address);
      const claim = execMsg(w.address, staking, StakingExecuteMsgBuilder.claimRewards({ operator: op.address }));
      const m = await measure(w, claim, `claim_rewards (${LEVELS[level]} delegators)`);
      m.claimed = ((await cw20Balance(w.address)) - before).toString();
      if (BigInt(m.claimed) <= 0n) fail(`claim_rewards with ${LEVELS[level]} delegators paid nothing`);
      out.push({ delegators: LEVELS[level], ...m });
    }
    return out;
  });
  const slashes = await phase("slash each operator (minor, 1 %)", async () => {
    const out = [];
    for (const [level, op] of operators.entries()) {
      const m = await measure(
        admin,
        execMsg(
          admin.address,
          staking,
          StakingExecuteMsgBuilder.slash({ operator: op.address, class: "minor", fraction: "0.01", evidenceId: `bench-slash-${level}` }),
        ),
        `slash (${LEVELS[level]} delegators)`,
      );
      out.push({ delegators: LEVELS[level], ...m });
    }
    return out;
  });

  // ---- escrow: open bills accumulate; a settlement is measured at each level --------------------------------------
  const gatewayKey = await statementKey(mnemonicOf("gateway"));
  const consumerKey = await statementKey(mnemonicOf("consumer"));
  const deadline = Math.floor(Date.now() / 1000) + 3600;
  /** @type {import("../../clients/ts/dist/consent.js").RouteTerms} */
  const terms = {
    chainId: CHAIN_ID,
    contract: escrow,
    consumer: consumer.address,
    provider: provider.address,
    modelClass: "small",
    latencyClass: "standard",
    maxUnits: 1,
    deadline,
  };
  const consent = await signStatement(routeText(terms), "adr036", gateway, gatewayKey.privkey, gatewayKey.pubkey);
  const required_ = (
    await smartQuery(escrow, BillEscrowQueryMsgBuilder.quote({ modelClass: "small", latencyClass: "standard", units: "1" }))
  ).escrow_required;
  const openBill = () =>
    cw20SendMsg(
      consumer.address,
      token,
      escrow,
      required_,
      BillEscrowHookBuilder.openBill({
        provider: provider.address,
        gateway,
        gatewayConsent: consent,
        modelClass: "small",
        maxUnits: "1",
        latencyClass: "standard",
        deadline: String(BigInt(deadline) * 1_000_000_000n),
      }),
    );
  await chain.tx(
    liquidity,
    [
      execMsg(
        liquidity.address,
        token,
        TokenExecuteMsgBuilder.transfer({ recipient: consumer.address, amount: String(BigInt(required_) * BigInt(SCALE + 10)) }),
      ),
    ],
    "fund the consumer's bills",
  );
  const settles = [];
  let opened = 0;
  for (const level of LEVELS) {
    settles.push(
      await phase(`escrow: open bills up to ${level}, then settle one`, async () => {
        if (level > opened) {
          const r = await chain.batch(consumer, Array.from({ length: level - opened }, openBill), `open bills ${opened + 1}-${level}`, BILL_BATCH);
          log(`bulk bills: ${r.txs} txs, ${r.gasUsed} gas (${Math.round(r.gasUsed / (level - opened))} per bill)`);
          opened = level;
        }
        const tx = await chain.tx(consumer, [openBill()], "open the measured bill");
        const billId = tx.events.flatMap((e) => e.attributes).find((a) => a.key === "bill_id")?.value ?? fail("no bill_id");
        const resultHash = toHex(sha256(new TextEncoder().encode(`bench-scale-${billId}`)));
        const acceptance = await signStatement(
          acceptanceText({ chainId: CHAIN_ID, contract: escrow, billId, units: 1, latencyMs: 1000, resultHash }),
          "adr036",
          consumer.address,
          consumerKey.privkey,
          consumerKey.pubkey,
        );
        const m = await measure(
          provider,
          execMsg(
            provider.address,
            escrow,
            BillEscrowExecuteMsgBuilder.complete({ billId: Number(billId), units: "1", latencyMs: 1000, resultHash, acceptance }),
          ),
          `settle with ${level} open bills`,
        );
        return { open_bills: level, bill_id: Number(billId), ...m };
      }),
    );
  }

  // ---- reputation -------------------------------------------------------------------------------------------------
  const report = () =>
    execMsg(
      admin.address,
      reputation,
      ReputationExecuteMsgBuilder.reportOutcomes({
        operator: operators[0].address,
        successes: 1,
        failures: 0,
        timeouts: 0,
        successValue: "1000000",
        failedValue: "0",
        latencyScoreValue: "1000000000",
        latencyMsValue: "70000000",
        latencyRatioValue: "1000000000",
        computeUnits: "100",
      }),
    );
  const reports = [];
  let events = 0;
  for (const level of [10, 1000, EVENTS]) {
    reports.push(
      await phase(`reputation: reports up to ${level}, then measure #${level + 1}`, async () => {
        const r = await chain.batch(admin, Array.from({ length: level - events }, report), `reports ${events + 1}-${level}`, REPORT_BATCH);
        log(`bulk reports: ${r.txs} txs, ${r.gasUsed} gas`);
        events = level + 1;
        return { events: level, ...(await measure(admin, report(), `report_outcomes #${level + 1}`)) };
      }),
    );
  }
  const score = await smartQuery(reputation, ReputationQueryMsgBuilder.score({ operator: operators[0].address }));
  if (score.jobs_30d !== EVENTS + 1) fail(`jobs_30d is ${score.jobs_30d}, expected ${EVENTS + 1}`);

  const result = {
    chain_id: CHAIN_ID,
    levels: LEVELS,
    paths: [
      { path: "staking `slash` (minor, 1 %)", unit: "delegators of the operator", points: slashes.map((m) => ({ n: m.delegators, ...m })) },
      { path: "staking `claim_rewards`", unit: "delegators of the operator", points: claims.map((m) => ({ n: m.delegators, ...m })) },
      { path: "DAO `vote`", unit: "lockers in the vault", points: votes.map((m) => ({ n: m.lockers, ...m })) },
      { path: "escrow settle (`complete` with the consumer's acceptance)", unit: "open bills in the escrow", points: settles.map((m) => ({ n: m.open_bills, ...m })) },
      { path: "reputation `report_outcomes`", unit: "events of the operator", points: reports.map((m) => ({ n: m.events, ...m })) },
    ],
    phases,
    driver_seconds: (Date.now() - t0) / 1000,
  };
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  log(`results written to ${OUT}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`ERROR: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
