// Gas benchmark driver, run by scripts/bench.sh against the fresh localnet it started and deployed.
// Staking: operator A gets 10 delegators, operator B gets BENCH_DELEGATORS (1,000); then the gas of `claim_rewards` and
// of `slash` is measured on both. Reputation: the gas of `report_outcomes` (one job) for operator A's 11th event and for the one
// after BENCH_EVENTS (10,000). Plus one plain cw20 transfer as the reference. Writes the numbers as JSON to BENCH_OUT.
//
// env: BENCH_RPC, BENCH_CHAIN_ID, BENCH_DEPLOYMENT (deployments/<chain>.json), BENCH_ACCOUNTS (scripts/accounts.json),
//      BENCH_ADDRESSES (the localnet's addresses.json), BENCH_OUT, BENCH_DEADLINE (epoch seconds),
//      BENCH_DELEGATORS (1000), BENCH_EVENTS (10000), BENCH_CONCURRENCY (24), BENCH_DENOM (ustake),
//      BENCH_REPUTATION (a reputation instance whose outcome reporter is "admin"; default: the deployment's)
import { readFileSync, writeFileSync } from "node:fs";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import {
  Chain,
  checkDeadline,
  cw20SendMsg,
  encodeTxRaw,
  execMsg,
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

const required = (k) => process.env[k] || fail(`${k} is not set`);
const int = (k, d) => {
  const v = Number(process.env[k] ?? d);
  if (!Number.isInteger(v) || v < 1) fail(`${k} must be a positive integer`);
  return v;
};
function fail(msg) {
  throw new Error(msg);
}

const RPC = required("BENCH_RPC");
const CHAIN_ID = required("BENCH_CHAIN_ID");
const OUT = required("BENCH_OUT");
const DENOM = process.env.BENCH_DENOM || "ustake";
const N = int("BENCH_DELEGATORS", 1000);
const EVENTS = int("BENCH_EVENTS", 10000);
const CONCURRENCY = int("BENCH_CONCURRENCY", 24);
setDeadline(Number(required("BENCH_DEADLINE")) * 1000);

const MESH = 1_000_000n;
const SELF_BOND = 10_000n * MESH;
// Every delegator of B bonds PER_DELEGATOR; each of A's 10 delegators a tenth of all of B's together, so both pools
// hold the same tokens and shares and differ only in their number of delegators.
const PER_DELEGATOR = 10n * MESH;
const A_DELEGATORS = 10;
if (N % A_DELEGATORS !== 0 || N < A_DELEGATORS) fail(`BENCH_DELEGATORS must be a multiple of ${A_DELEGATORS}`);
const PER_A_DELEGATOR = (PER_DELEGATOR * BigInt(N)) / BigInt(A_DELEGATORS);
const REWARDS = 1_000n * MESH;
const REPORT_BATCH = 200;
const FUND_BATCH = 100;
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

async function main() {
  const t0 = Date.now();
  const deployment = JSON.parse(readFileSync(required("BENCH_DEPLOYMENT"), "utf8"));
  const { token, staking } = deployment.contracts;
  const reputation = process.env.BENCH_REPUTATION || deployment.contracts.reputation;
  if (!token || !staking || !reputation) fail("the deployment lacks token, staking or reputation");
  const accounts = JSON.parse(readFileSync(required("BENCH_ACCOUNTS"), "utf8"));
  const addresses = JSON.parse(readFileSync(required("BENCH_ADDRESSES"), "utf8"));
  const named = async (name) => {
    const entry = accounts.find((a) => a.name === name) ?? fail(`no account ${name} in BENCH_ACCOUNTS`);
    const w = await mnemonicWallet(entry.mnemonic);
    if (addresses[name] !== w.address) fail(`${name}: derived ${w.address}, the localnet has ${addresses[name]}`);
    return w;
  };

  const chain = await new Chain(RPC, CHAIN_ID).connect();
  log(`connected to ${CHAIN_ID} at ${RPC}; block max_gas ${chain.maxBlockGas}, max_bytes ${chain.maxBlockBytes}`);
  const admin = await named("admin");
  const liquidity = await named("liquidity");
  const consumer = addresses.consumer ?? fail("no consumer address");
  const reporter = (await retry("query", () => chain.query.queryContractSmart(reputation, { config: {} }))).escrow;
  if (reporter !== admin.address) fail(`reputation's outcome reporter is ${reporter}, not admin (${admin.address})`);
  const opA = await seededWallet("infermesh-bench-operator-A");
  const opB = await seededWallet("infermesh-bench-operator-B");
  // Wallets 0..9 delegate to A; the next N to B.
  const delegators = await pool(
    Array.from({ length: N + A_DELEGATORS }, (_, i) => i),
    64,
    (i) => seededWallet(`infermesh-bench-${i}`),
  );
  const smartQuery = (contract, msg) => retry("query", () => chain.query.queryContractSmart(contract, msg));
  const cw20Balance = async (addr) => BigInt((await smartQuery(token, { balance: { address: addr } })).balance);

  // ---- funding ----------------------------------------------------------------------------------------------------
  await phase(`fund ${N + A_DELEGATORS + 2} accounts with 1${DENOM} (MsgMultiSend)`, async () => {
    const everyone = [opA, opB, ...delegators].map((w) => ({ address: w.address, amount: 1 }));
    const msgs = [];
    for (let i = 0; i < everyone.length; i += MULTISEND_OUTPUTS)
      msgs.push(multiSendMsg(liquidity.address, DENOM, everyone.slice(i, i + MULTISEND_OUTPUTS)));
    const r = await chain.batch(liquidity, msgs, "fund ustake", 1);
    log(`ustake funding: ${r.txs} txs, ${r.gasUsed} gas`);
  });
  await phase(`fund operators and delegators with MESH (cw20 transfers, ${FUND_BATCH} per tx)`, async () => {
    const transfer = (to, amount) =>
      execMsg(liquidity.address, token, { transfer: { recipient: to, amount: String(amount) } });
    const msgs = [
      transfer(opA.address, SELF_BOND),
      transfer(opB.address, SELF_BOND),
      ...delegators.map((w, i) => transfer(w.address, i < A_DELEGATORS ? PER_A_DELEGATOR : PER_DELEGATOR)),
    ];
    const r = await chain.batch(liquidity, msgs, "fund MESH", FUND_BATCH);
    log(`MESH funding: ${r.txs} txs, ${r.gasUsed} gas`);
  });

  // ---- operators --------------------------------------------------------------------------------------------------
  await phase("register operators A and B, self-bond 10,000 MESH each", async () => {
    await Promise.all(
      [
        [opA, "a"],
        [opB, "b"],
      ].map(([op, tag]) =>
        chain.tx(
          op,
          [
            execMsg(op.address, staking, {
              register_operator: {
                role: "provider",
                metadata: { models: ["llama-3-8b"], latency_ms: 80, endpoint: `https://operator-${tag}.bench.invalid` },
              },
            }),
            cw20SendMsg(op.address, token, staking, SELF_BOND, { self_bond: {} }),
          ],
          `register + self-bond ${tag.toUpperCase()}`,
        ),
      ),
    );
    log(`A = ${opA.address}`);
    log(`B = ${opB.address}`);
  });

  // ---- delegations ------------------------------------------------------------------------------------------------
  await phase(`${N + A_DELEGATORS} delegations from distinct signers (${A_DELEGATORS} to A, ${N} to B)`, async () => {
    const jobs = delegators.map((w, i) => ({
      w,
      operator: i < A_DELEGATORS ? opA.address : opB.address,
      amount: i < A_DELEGATORS ? PER_A_DELEGATOR : PER_DELEGATOR,
      attempts: 0,
    }));
    const msgOf = (job) => cw20SendMsg(job.w.address, token, staking, job.amount, { delegate: { operator: job.operator } });
    const accountsInfo = await pool(jobs, 16, (job) =>
      retry("account", async () => (await chain.query.getAccount(job.w.address)) ?? fail(`${job.w.address} does not exist`)),
    );
    jobs.forEach((job, i) => {
      job.accountNumber = accountsInfo[i].accountNumber;
      job.sequence = accountsInfo[i].sequence;
    });
    // One simulation sizes every delegation's gas limit (they run the same code on the same pool).
    const probe = jobs[jobs.length - 1];
    const simulated = await chain.simulate(probe.w, [msgOf(probe)], "delegate");
    let gasLimit = Math.ceil(simulated * 1.5) + 30_000;
    log(`delegation: simulated ${simulated} gas, limit ${gasLimit}; concurrency ${CONCURRENCY}`);

    const submit = async (job, resend = false) => {
      if (!job.client) job.client = await SigningCosmWasmClient.offline(job.w.wallet);
      if (!resend) job.attempts++;
      return retry(`delegate ${job.w.address}`, async (attempt) => {
        if (attempt > 1) job.sequence = (await chain.query.getSequence(job.w.address)).sequence;
        const raw = await job.client.sign(job.w.address, [msgOf(job)], fee(job.gas ?? gasLimit), "", {
          accountNumber: job.accountNumber,
          sequence: job.sequence,
          chainId: CHAIN_ID,
        });
        job.hash = await chain.broadcast(encodeTxRaw(raw), "delegate");
      });
    };
    const started = Date.now();
    await pool(jobs, CONCURRENCY, submit);
    log(`broadcast ${jobs.length} delegation txs in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for blocks`);

    let pending = jobs.slice();
    let lastProgress = Date.now();
    while (pending.length) {
      checkDeadline("delegations");
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
      // A failed delegation (most likely out of gas) is re-signed once with twice the gas and the next sequence.
      for (const [job, tx] of failed) {
        if (job.attempts >= 2) fail(`delegation from ${job.w.address} failed twice: ${tx.rawLog}`);
        log(`delegation from ${job.w.address} failed (code ${tx.code}: ${tx.rawLog.slice(0, 160)}); resending`);
        job.gas = (job.gas ?? gasLimit) * 2;
        job.sequence = (await chain.query.getSequence(job.w.address)).sequence;
        await submit(job);
        still.push(job);
      }
      // A tx that vanished from the mempool (never included, sequence unchanged) is broadcast again.
      if (still.length && Date.now() - lastProgress > 30_000) {
        log(`no progress for 30 s with ${still.length} pending; re-broadcasting those whose sequence did not move`);
        await pool(still, 8, async (job) => {
          const seq = (await chain.query.getSequence(job.w.address)).sequence;
          if (seq === job.sequence) await submit(job, true);
        });
        lastProgress = Date.now();
      }
      if (still.length !== pending.length) log(`delegations included: ${jobs.length - still.length}/${jobs.length}`);
      pending = still;
    }
    const throughput = jobs.length / ((Date.now() - started) / 1000);
    log(`all ${jobs.length} delegations included (${throughput.toFixed(1)} tx/s)`);
  });

  // Check the setup on chain: both pools hold the same delegated stake; count B's delegators by paging.
  const status = async (op) => smartQuery(staking, { operator_status: { operator: op.address } });
  const countDelegators = async (op) => {
    let count = 0;
    let startAfter;
    for (;;) {
      const page = await smartQuery(staking, {
        delegators: { operator: op.address, start_after: startAfter ?? null, limit: 30 },
      });
      const ds = page.delegations;
      count += ds.filter((d) => d.delegator !== op.address).length;
      if (ds.length === 0) break;
      startAfter = ds[ds.length - 1].delegator;
    }
    return count;
  };
  const setup = await phase("verify the staking setup", async () => {
    const [sA, sB, cA, cB] = await Promise.all([status(opA), status(opB), countDelegators(opA), countDelegators(opB)]);
    const want = (PER_DELEGATOR * BigInt(N)).toString();
    if (cA !== A_DELEGATORS || cB !== N) fail(`delegator counts: A ${cA}, B ${cB}; expected ${A_DELEGATORS} and ${N}`);
    if (sA.delegated !== want || sB.delegated !== want)
      fail(`delegated: A ${sA.delegated}, B ${sB.delegated}; expected ${want} each`);
    if (sA.self_bond !== SELF_BOND.toString() || sB.self_bond !== SELF_BOND.toString()) fail("self-bonds differ");
    log(`A: ${cA} delegator, B: ${cB} delegators; ${want} delegated to each, tier ${sA.tier}/${sB.tier}`);
    return { delegatorsA: cA, delegatorsB: cB, delegatedEach: want, tierA: sA.tier, tierB: sB.tier };
  });

  await phase("distribute 1,000 MESH rewards to A and to B", async () => {
    await chain.tx(
      liquidity,
      [opA, opB].map((op) =>
        cw20SendMsg(liquidity.address, token, staking, REWARDS, { distribute_rewards: { operator: op.address } }),
      ),
      "distribute rewards",
    );
  });

  // ---- measurements: one message per tx, simulated first, nothing else in flight --------------------------------
  const measure = async (w, msg, what) => {
    const r = await chain.tx(w, [msg], what, { adjustment: 1.5 });
    log(`gas ${what}: ${r.gasUsed} (height ${r.height}, tx ${r.hash})`);
    return { gas: r.gasUsed, height: r.height, tx: r.hash };
  };
  const reference = await phase("reference: one cw20 transfer", () =>
    measure(liquidity, execMsg(liquidity.address, token, { transfer: { recipient: consumer, amount: "1000000" } }), "cw20 transfer"),
  );

  // ---- reputation -------------------------------------------------------------------------------------------------
  // One job per report: the escrow's batch of a single success (value 1 token, 70 ms against 70 ms advertised).
  const report = () =>
    execMsg(admin.address, reputation, {
      report_outcomes: {
        operator: opA.address,
        successes: 1,
        failures: 0,
        timeouts: 0,
        success_value: "1000000",
        failed_value: "0",
        latency_score_value: "1000000000",
        latency_ms_value: "70000000",
        latency_ratio_value: "1000000000",
        compute_units: "100",
      },
    });
  const bills = (from, to) => Array.from({ length: to - from + 1 }, () => report());
  const reportSmall = await phase("reputation: 10 reports, then measure the 11th", async () => {
    await chain.batch(admin, bills(1, 10), "reports 1-10", REPORT_BATCH);
    return measure(admin, report(), "report_outcomes #11");
  });
  const reportLarge = await phase(`reputation: reports up to ${EVENTS}, then measure #${EVENTS + 1}`, async () => {
    if (EVENTS > 11) {
      const r = await chain.batch(admin, bills(12, EVENTS), `reports 12-${EVENTS}`, REPORT_BATCH);
      log(`bulk reports: ${r.txs} txs, ${r.gasUsed} gas (${Math.round(r.gasUsed / (EVENTS - 11))} per report)`);
    }
    return measure(admin, report(), `report_outcomes #${EVENTS + 1}`);
  });
  const score = await smartQuery(reputation, { score: { operator: opA.address } });
  if (score.jobs_30d !== EVENTS + 1) fail(`A's jobs_30d is ${score.jobs_30d}, expected ${EVENTS + 1}`);
  log(`A's reputation: ${score.jobs_30d} jobs in 30 days, score ${score.score}, confidence ${score.confidence}`);

  // ---- staking measurements ---------------------------------------------------------------------------------------
  const delA = delegators[A_DELEGATORS - 1];
  const delB = delegators[N + A_DELEGATORS - 1];
  const claim = async (w, op, tag) => {
    const before = await cw20Balance(w.address);
    const m = await measure(w, execMsg(w.address, staking, { claim_rewards: { operator: op.address } }), `claim_rewards (${tag})`);
    m.claimed = ((await cw20Balance(w.address)) - before).toString();
    if (BigInt(m.claimed) <= 0n) fail(`claim_rewards (${tag}) paid nothing`);
    return m;
  };
  const claims = await phase("claim_rewards by A's delegator and by one of B's", async () => ({
    A: await claim(delA, opA, `A's delegator #${A_DELEGATORS}`),
    B: await claim(delB, opB, `B's delegator #${N}`),
  }));
  const slash = (op, tag) =>
    measure(
      admin,
      execMsg(admin.address, staking, {
        slash: { operator: op.address, class: "minor", fraction: "0.01", evidence_id: `bench-slash-${tag}` },
      }),
      `slash ${tag}`,
    );
  const slashes = await phase("slash A and B (minor, 1%)", async () => {
    const r = { A: await slash(opA, "A"), B: await slash(opB, "B") };
    const [sA, sB] = await Promise.all([status(opA), status(opB)]);
    if (!sA.jailed || !sB.jailed) fail("a slashed operator is not jailed");
    r.A.totalBondedAfter = sA.total_bonded;
    r.B.totalBondedAfter = sB.total_bonded;
    return r;
  });

  const result = {
    chain_id: CHAIN_ID,
    delegators_a: A_DELEGATORS,
    delegators_b: N,
    events: EVENTS,
    setup,
    reference: { cw20_transfer: reference },
    staking: {
      claim_rewards: { A: claims.A, B: claims.B },
      slash: { A: slashes.A, B: slashes.B },
    },
    reputation: { report_small: { nth: 11, ...reportSmall }, report_large: { nth: EVENTS + 1, ...reportLarge } },
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
