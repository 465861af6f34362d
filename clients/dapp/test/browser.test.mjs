// Browser tests of the dApp against a deployed suite: headless Debian chromium driven by playwright-core, the real
// bundle (dist/) served by serve/dapp-server.mjs, and a window.keplr test provider that signs in Node
// (test/keplr-provider.mjs). Every action is a real transaction on the chain; the other parties (provider, gateway,
// liquidity holder, public-sale holder) act from Node with CosmJS. A screenshot of each step goes to
// target/dapp-screenshots/<NN-step>.png.
//
// env: INFERMESH_DAPP_DEPLOYMENT (deployments/<chain-id>.json; without it every test is skipped),
//      INFERMESH_DAPP_RPC, INFERMESH_DAPP_REST (the node's endpoints), INFERMESH_DAPP_USER (the test key the person
//      holds, default rewards), INFERMESH_ACCOUNTS (default scripts/accounts.json), INFERMESH_DAPP_SCREENSHOTS,
//      INFERMESH_CHROMIUM (default /usr/bin/chromium)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request as httpRequest } from "node:http";
import { after, before, test } from "node:test";
import { makeConfig } from "../write-config.mjs";
import { startServer } from "../serve/dapp-server.mjs";
import {
  BillEscrowExecuteMsgBuilder,
  BillEscrowQueryMsgBuilder,
  DaoHookBuilder,
  DaoQueryMsgBuilder,
  PaymentChannelsQueryMsgBuilder,
  ReputationQueryMsgBuilder,
  StakingExecuteMsgBuilder,
  StakingHookBuilder,
  StakingQueryMsgBuilder,
  TokenExecuteMsgBuilder,
  TokenQueryMsgBuilder,
  VestingExecuteMsgBuilder,
  VestingHookBuilder,
  VestingQueryMsgBuilder,
} from "../../contracts/dist/src/builders.js";
import { Actor, attribute, MESH, mnemonicOf } from "./actors.mjs";
import { installKeplr } from "./keplr-provider.mjs";
import { act as actOn, assertTx, launchChromium } from "./page.mjs";

const here = import.meta.dirname;
const repo = resolve(here, "../../..");
const env = process.env;
const deploymentFile = env.INFERMESH_DAPP_DEPLOYMENT;
const skip = deploymentFile ? false : "INFERMESH_DAPP_DEPLOYMENT is not set (scripts/chain-tests/55-dapp.sh sets it)";
const accountsFile = env.INFERMESH_ACCOUNTS ?? join(repo, "scripts/accounts.json");
const shots = env.INFERMESH_DAPP_SCREENSHOTS ?? join(repo, "target/dapp-screenshots");
const userKey = env.INFERMESH_DAPP_USER ?? "rewards";
const started = Date.now();
const deployment = deploymentFile ? JSON.parse(readFileSync(deploymentFile, "utf8")) : null;
const C = deployment?.contracts ?? {};

let config, server, browser, page, keplr, work;
let user, liquidity, publicsale, provider, gateway;
const pageErrors = [];
let shot = 0;
let billId, channelId, proposalId;

const log = (...a) => console.log(`[dapp ${((Date.now() - started) / 1000).toFixed(1)} s]`, ...a);

async function screenshot(name) {
  shot += 1;
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Clicks `selector` and waits for the action's result box (`#result-<box>`) to show success or an error. */
const act = (selector, box, timeout) => actOn(page, selector, box, timeout);

const balance = async (address) => BigInt((await user.query(C.token, TokenQueryMsgBuilder.balance({ address }))).balance);

/** A registered, bonded, active operator of `role` among `keys` (registering and bonding the first free one if none). */
async function ensureOperator(role, keys) {
  const actors = [];
  for (const key of keys) {
    const a = key === "gateway" && gateway ? gateway : await Actor.connect(key, mnemonicOf(accountsFile, key), config.rpc);
    actors.push(a);
    const status = await a.query(C.staking, StakingQueryMsgBuilder.operatorStatus({ operator: a.address })).catch(() => null);
    if (status && status.role === role && status.active && status.tier && !status.jailed) return a;
  }
  for (const a of actors) {
    const status = await a.query(C.staking, StakingQueryMsgBuilder.operatorStatus({ operator: a.address })).catch(() => null);
    if (status && status.role !== role) continue;
    if (status && (status.jailed || status.banned)) continue;
    log(`setting up ${a.name} as a bonded ${role}`);
    await liquidity.transfer(C.token, a.address, 12_000n * MESH);
    if (!status) {
      await a.execute(
        C.staking,
        StakingExecuteMsgBuilder.registerOperator({
          role,
          metadata: { models: ["llama-3-8b"], latency_ms: 800, endpoint: `https://${a.name}.example.invalid` },
        }),
      );
    }
    await a.send(C.token, C.staking, 10_000n * MESH, StakingHookBuilder.selfBond());
    return a;
  }
  throw new Error(`no key of ${keys.join(", ")} can serve as an active ${role}`);
}

before(async () => {
  if (skip) return;
  const chainId = deployment.chain_id ?? deploymentFile.replace(/^.*\//, "").replace(/\.json$/, "");
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "infermesh-dapp-"));
  config = await makeConfig({
    deployment,
    chainId,
    rpc: env.INFERMESH_DAPP_RPC ?? "http://127.0.0.1:26657",
    rest: env.INFERMESH_DAPP_REST ?? "http://127.0.0.1:1317",
    gatewayService: "/api/gateway-consent",
  });
  writeFileSync(join(work, "config.json"), JSON.stringify(config));

  // The parties, and what the person's account starts with: MESH bought from the liquidity holder and a public-sale
  // vesting grant (25 % claimable at once).
  const connect = (key) => Actor.connect(key, mnemonicOf(accountsFile, key), config.rpc);
  [user, liquidity, publicsale, gateway] = await Promise.all([connect(userKey), connect("liquidity"), connect("publicsale"), connect("gateway")]);
  if ((await balance(user.address)) < 5_000n * MESH) await liquidity.transfer(C.token, user.address, 10_000n * MESH);
  const { grants } = await user.query(C.vesting, VestingQueryMsgBuilder.grantsByBeneficiary({ beneficiary: user.address }));
  if (!grants.some((g) => BigInt(g.claimable) > 0n)) {
    const grantAmount = 400n * MESH;
    if ((await balance(publicsale.address)) < grantAmount) {
      const own = await publicsale.query(C.vesting, VestingQueryMsgBuilder.grantsByBeneficiary({ beneficiary: publicsale.address }));
      await publicsale.execute(C.vesting, VestingExecuteMsgBuilder.claim({ grantId: own.grants[0].grant.id }));
    }
    await publicsale.send(C.token, C.vesting, grantAmount, VestingHookBuilder.createGrant({ beneficiary: user.address, plan: "public_sale" }));
  }
  provider = await ensureOperator("provider", ["provider", "alice"]);
  gateway = await ensureOperator("gateway", ["gateway"]);
  log(`set up: user ${userKey} ${user.address}, provider ${provider.name}, gateway ${gateway.name}`);

  server = await startServer({ root: join(here, "../dist"), config: join(work, "config.json"), port: 0, quiet: true,
    gatewayMnemonic: mnemonicOf(accountsFile, gateway.name) });
  browser = await launchChromium(env.INFERMESH_CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  keplr = await installKeplr(page, { mnemonic: mnemonicOf(accountsFile, userKey), name: userKey });
  assert.equal(keplr.address, user.address, "the test provider derives the keyring's address (coin type 118)");
  await page.goto(server.url);
  await page.waitForSelector("#ready", { state: "attached", timeout: 30_000 });
  log(`browser up at ${server.url}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  for (const a of [user, liquidity, publicsale, provider, gateway]) a?.disconnect();
  if (work) rmSync(work, { recursive: true, force: true });
  if (!skip) log(`done; screenshots in ${shots}`);
});

test("connects Keplr and shows the account: MESH, vesting grants, stake, reputation, rewards, charts", { skip }, async () => {
  const r = await act("#connect", "overview");
  assert.ok(r.ok, r.text);
  assert.equal(await page.textContent("#address"), user.address);
  const methods = keplr.calls.map((c) => c.method);
  for (const m of ["experimentalSuggestChain", "enable", "getKey", "getAccounts"]) assert.ok(methods.includes(m), `the dApp did not call ${m}`);
  const shown = (await page.textContent("#balance")).replace(/,/g, "");
  assert.equal(shown, String(Number(await balance(user.address)) / 1e6));
  assert.ok(await page.locator("#grants .claim-grant").count(), "a claimable vesting grant is listed");
  for (const id of ["bonded", "reputation", "rewards", "claimable", "power"]) assert.notEqual(await page.textContent(`#${id}`), "—", `#${id} is filled`);
  assert.ok((await page.locator("#chart-emissions svg .bar").count()) >= 10, "emissions by year are drawn");
  assert.equal(await page.locator("#chart-fees svg").first().locator("path.slice").count(), 6, "the fee split is drawn");
  await screenshot("01-connected");
});

test("claims vested MESH from a grant", { skip }, async () => {
  const before = await balance(user.address);
  const r = await act("#grants .claim-grant", "overview");
  assertTx(r, "vesting claim");
  assert.ok((await balance(user.address)) > before, "the claim paid the person");
  await screenshot("02-vesting-claimed");
});

test("delegates to a provider (cw20 Send with the staking hook)", { skip }, async () => {
  const before = await user
    .query(C.staking, StakingQueryMsgBuilder.delegation({ delegator: user.address, operator: provider.address }))
    .catch(() => ({ stake: "0" }));
  await page.selectOption("#delegate-operator", provider.address);
  await page.fill("#delegate-amount", "100");
  const r = await act("#delegate", "stake");
  assertTx(r, "delegate");
  const after = await user.query(C.staking, StakingQueryMsgBuilder.delegation({ delegator: user.address, operator: provider.address }));
  assert.ok(BigInt(after.stake) - BigInt(before.stake) >= 99n * MESH, `delegated stake ${before.stake} -> ${after.stake}`);
  assert.match(await page.textContent("#bonds"), /delegation/);
  await screenshot("03-delegated");
});

test("registers as a provider and self-bonds", { skip }, async () => {
  if (await page.isVisible("#register")) {
    const r = await act("#register", "stake");
    assertTx(r, "register operator");
  }
  await page.fill("#selfbond-amount", "50");
  const r = await act("#selfbond", "stake");
  assertTx(r, "self-bond");
  const status = await user.query(C.staking, StakingQueryMsgBuilder.operatorStatus({ operator: user.address }));
  assert.equal(status.role, "provider");
  assert.ok(BigInt(status.self_bond) >= 50n * MESH);
  assert.match(await page.textContent("#operator-self"), /registered provider/);
  await screenshot("04-self-bonded");
});

test("opens a bill to a provider with the gateway's signed consent", { skip }, async () => {
  await page.selectOption("#bill-provider", provider.address);
  await page.selectOption("#bill-model", "small");
  await page.selectOption("#bill-latency", "standard");
  await page.fill("#bill-units", "10");
  const r = await act("#open-bill", "bills");
  assertTx(r, "open bill");
  billId = Number(/bill #(\d+)/.exec(r.text)?.[1]);
  assert.ok(billId > 0, r.text);
  const bill = await user.query(C.bill_escrow, BillEscrowQueryMsgBuilder.bill({ billId }));
  assert.equal(bill.status, "open");
  assert.equal(bill.consumer, user.address);
  assert.equal(bill.gateway, gateway.address);
  // The page said what it would send before Keplr asked, and that is what the bill holds.
  const said = /^Sending ([\d,.]+) MESH to the escrow/.exec(await page.textContent("#bill-quote"));
  assert.ok(said, "the amount is shown before signing");
  const [whole, frac = ""] = said[1].replace(/,/g, "").split(".");
  assert.equal(BigInt(whole) * MESH + BigInt(frac.padEnd(6, "0")), BigInt(bill.deposit));
  assert.match(await page.textContent("#bill-list"), new RegExp(`#${billId}`));
  await screenshot("05-bill-opened");
});

test("accepts the completed bill and rates it", { skip }, async () => {
  // The provider serves the job and reports its completion (8 of the 10 units).
  await provider.execute(
    C.bill_escrow,
    BillEscrowExecuteMsgBuilder.complete({ billId, units: "8", latencyMs: 500, resultHash: "ab".repeat(32) }),
  );
  await act("#refresh", "overview");
  let r = await act(`.accept-bill[data-bill="${billId}"]`, "bills");
  assertTx(r, "accept");
  assert.equal((await user.query(C.bill_escrow, BillEscrowQueryMsgBuilder.bill({ billId }))).status, "settled");
  await page.locator(`.rate-bill[data-bill="${billId}"]`).waitFor();
  r = await act(`.rate-bill[data-bill="${billId}"]`, "bills");
  assertTx(r, "rate");
  assert.equal((await user.query(C.reputation, ReputationQueryMsgBuilder.rating({ billId }))).stars, 5);
  assert.match(await page.textContent("#bill-list"), /rated ★★★★★/);
  assert.equal(await page.locator("#chart-fees svg").count(), 2, "the settled bill's own split is drawn too");
  await screenshot("06-bill-accepted-and-rated");
});

test("signs in Amino JSON mode when Keplr's key is a Ledger (getOfflineSignerAuto gives an Amino-only signer)", { skip }, async () => {
  const credit = await user.query(C.bill_escrow, BillEscrowQueryMsgBuilder.credit({ address: user.address }));
  assert.ok(BigInt(credit) > 0n, "the settled bill credited the unused escrow back");
  keplr.setLedger(true);
  const from = keplr.calls.length;
  await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
  await page.waitForFunction(() => /Amino/.test(document.getElementById("sign-mode")?.textContent ?? ""));
  await page.waitForFunction(() => !document.getElementById("connect").disabled);
  const r = await act("#withdraw-credit", "bills");
  assertTx(r, "withdraw (amino)");
  assert.match(r.text, /signed Amino JSON/);
  const calls = keplr.calls.slice(from).map((c) => c.method);
  assert.ok(calls.includes("signAmino") && !calls.includes("signDirect"), `signed with ${calls.join(", ")}`);
  assert.equal(await user.query(C.bill_escrow, BillEscrowQueryMsgBuilder.credit({ address: user.address })), "0");
  await screenshot("07-amino-signed");
  keplr.setLedger(false);
  await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
  await page.waitForFunction(() => /direct/.test(document.getElementById("sign-mode")?.textContent ?? ""));
  await page.waitForFunction(() => !document.getElementById("connect").disabled);
});

test("opens a payment channel and signs a voucher with signArbitrary that the provider redeems", { skip }, async () => {
  await page.selectOption("#channel-provider", provider.address);
  await page.fill("#channel-deposit", "20");
  let r = await act("#open-channel", "channels");
  assertTx(r, "open channel");
  channelId = Number(/channel #(\d+)/.exec(r.text)?.[1]);
  assert.ok(channelId > 0, r.text);
  const row = page.locator(`.sign-voucher[data-channel="${channelId}"]`);
  await row.waitFor();
  await page.locator("tr", { has: row }).locator(".voucher-amount").fill("1.5");
  const from = keplr.calls.length;
  r = await act(`.sign-voucher[data-channel="${channelId}"]`, "channels");
  assert.ok(r.ok, r.text);
  assert.ok(keplr.calls.slice(from).some((c) => c.method === "signArbitrary"));
  assert.ok(keplr.calls.slice(from).some((c) => c.method === "verifyArbitrary"));
  const redeem = JSON.parse(await page.textContent("#voucher-redeem"));
  assert.equal(redeem.redeem.sign_mode, "adr036");
  assert.match(await page.textContent("#voucher-status"), /verifies over the contract's voucher_sign_bytes with the channel's key/);
  await screenshot("08-voucher-signed");
  // The provider redeems the voucher the page handed over: the chain accepts Keplr's ADR-036 signature.
  await provider.execute(C.payment_channels, redeem);
  const channel = await user.query(C.payment_channels, PaymentChannelsQueryMsgBuilder.channel({ channelId }));
  assert.equal(channel.redeemed, String(1_500_000));
});

test("locks MESH in the DAO vault and votes on an open proposal", { skip }, async () => {
  await page.fill("#lock-amount", "100");
  let r = await act("#lock", "dao");
  assertTx(r, "lock");
  // A holder proposes after the lock's block, so the person's locked tokens count in it.
  const params = await liquidity.query(C.dao, DaoQueryMsgBuilder.params());
  if ((await balance(liquidity.address)) < BigInt(params.deposit)) throw new Error("the liquidity holder cannot pay a proposal deposit");
  const msg = Buffer.from(JSON.stringify(TokenExecuteMsgBuilder.transfer({ recipient: user.address, amount: "1000000" }))).toString("base64");
  const tx = await liquidity.send(
    C.token,
    C.dao,
    params.deposit,
    DaoHookBuilder.propose({
      title: "dApp test: pay the tester 1 MESH",
      description: "proposed by the dApp's browser test",
      kind: "treasury",
      msgs: [{ wasm: { execute: { contract_addr: C.token, msg, funds: [] } } }],
    }),
  );
  proposalId = Number(attribute(tx, "proposal_id"));
  await act("#refresh", "overview");
  const yes = `.vote-yes[data-proposal="${proposalId}"]`;
  await page.locator(yes).waitFor();
  r = await act(yes, "dao");
  assertTx(r, "vote");
  const ballot = await user.query(C.dao, DaoQueryMsgBuilder.ballot({ proposalId, voter: user.address }));
  assert.equal(ballot.vote, "yes");
  assert.ok(BigInt(ballot.power) >= 100n * MESH, `voted with power ${ballot.power}`);
  await screenshot("09-dao-voted");
});

test("shows a contract's refusal in plain words (the bridge has no such channel)", { skip: skip || (C.bridge ? false : "no bridge in this deployment") }, async () => {
  await page.fill("#bridge-channel", "channel-99");
  await page.fill("#bridge-receiver", user.address);
  await page.fill("#bridge-amount", "1");
  const r = await act("#bridge-send", "bridge");
  assert.ok(!r.ok, "the bridge refused");
  assert.match(r.title, /The contract refused/);
  assert.match(r.text, /channel channel-99 is unknown to the bridge/);
  assert.ok(await page.isVisible("#result-bridge.error"));
  await screenshot("10-contract-error");
});

test("shows a signature the person rejected in Keplr", { skip }, async () => {
  const before = await user.query(C.staking, StakingQueryMsgBuilder.delegation({ delegator: user.address, operator: provider.address }));
  keplr.rejectNext();
  await page.selectOption("#delegate-operator", provider.address);
  await page.fill("#delegate-amount", "1");
  const r = await act("#delegate", "stake");
  assert.ok(!r.ok);
  assert.match(r.title, /Signature rejected/);
  assert.match(r.text, /You rejected the request in Keplr, so nothing was signed or sent/);
  assert.ok(await page.isVisible("#result-stake.error"));
  const after = await user.query(C.staking, StakingQueryMsgBuilder.delegation({ delegator: user.address, operator: provider.address }));
  assert.equal(after.stake, before.stake);
  await screenshot("11-signature-rejected");
});

test("shows an insufficient balance in plain words", { skip }, async () => {
  await page.selectOption("#delegate-operator", provider.address);
  await page.fill("#delegate-amount", "100000000");
  const r = await act("#delegate", "stake");
  assert.ok(!r.ok);
  assert.match(r.title, /Insufficient balance/);
  assert.match(r.text, /you hold [\d,.]+ MESH, this needs 100,000,000 MESH/);
  await screenshot("12-insufficient-balance");
});

test("switching Keplr accounts while a transaction is pending reconnects once it has landed", { skip }, async () => {
  const enables = () => keplr.calls.filter((c) => c.method === "enable").length;
  const before = enables();
  await page.selectOption("#delegate-operator", provider.address);
  await page.fill("#delegate-amount", "1");
  for (const id of ["result-stake", "result-overview"]) {
    await page.$eval(`#${id}`, (e) => {
      e.className = "result";
      e.replaceChildren();
    });
  }
  await page.locator("#delegate").first().click();
  await page.waitForFunction(() => document.getElementById("result-stake")?.classList.contains("pending"));
  await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
  // The pending delegation ends in its own box, signed with the key it started with.
  await page.waitForFunction(
    () => ["ok", "error"].some((c) => document.getElementById("result-stake")?.classList.contains(c)),
    null,
    { timeout: 60_000 },
  );
  const stake = await page.$eval("#result-stake", (e) => ({ ok: e.classList.contains("ok"), text: e.innerText }));
  assert.ok(stake.ok, `the pending delegation failed: ${stake.text}`);
  // Then the page connects again, asking Keplr for the (new) key.
  await page.waitForFunction(
    () => /connected as/.test(document.getElementById("result-overview")?.innerText ?? "") && !document.getElementById("connect").disabled,
    null,
    { timeout: 60_000 },
  );
  assert.ok(enables() > before, "the page did not ask Keplr again after the account switch");
  await screenshot("12b-keystore-switch-reconnected");
});

test("refuses an amount with a decimal comma instead of reading 1,5 as 15", { skip }, async () => {
  await page.selectOption("#delegate-operator", provider.address);
  const before = await balance(user.address);
  await page.fill("#delegate-amount", "1,5");
  const r = await act("#delegate", "stake");
  assert.ok(!r.ok);
  assert.match(r.text, /"1,5" is not an amount of tokens/);
  assert.equal(await balance(user.address), before, "nothing was sent");
  await page.fill("#delegate-amount", "1");
});

test("the gateway consent service answers only the dApp's own page", { skip }, async () => {
  const port = new URL(server.url).port;
  const terms = {
    consumer: user.address,
    provider: provider.address,
    model_class: "small",
    latency_class: "standard",
    max_units: "10",
    deadline: Math.floor(Date.now() / 1000) + 600,
  };
  const post = (headers, body = terms) =>
    new Promise((done, fail) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/api/gateway-consent", method: "POST", headers }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => done({ status: res.statusCode, text }));
      });
      req.on("error", fail);
      req.end(JSON.stringify(body));
    });
  const json = { "content-type": "application/json" };
  assert.equal((await post(json)).status, 200, "the page's own request");
  assert.equal((await post({ ...json, host: `rebound.example:${port}` })).status, 421, "another host name (DNS rebinding)");
  assert.equal((await post({ "content-type": "text/plain" })).status, 415, "a body a cross-site form can send");
  assert.equal((await post({ ...json, origin: "https://evil.example" })).status, 403, "another site's origin");
  const far = await post(json, { ...terms, deadline: Math.floor(Date.now() / 1000) + 2 * 86_400 });
  assert.equal(far.status, 400);
  assert.match(far.text, /consents to bills due within 86400 s/);
});

test("draws the reputation history, the emissions by year and the fee split", { skip }, async () => {
  await page.selectOption("#chart-operator", provider.address);
  await page.click("#chart-refresh");
  await page.waitForFunction(() => document.querySelectorAll("#chart-reputation svg circle.dot").length >= 2, null, { timeout: 30_000 });
  assert.match(await page.textContent("#chart-reputation-note"), /score_at_height/);
  assert.ok((await page.locator("#chart-emissions svg .bar").count()) >= 10);
  assert.match(await page.textContent("#chart-fees-note"), /network fee/);
  await page.locator("#chart-reputation-box").scrollIntoViewIfNeeded();
  await screenshot("13-charts");
  assert.equal(await page.textContent("#global-error"), "", "no unexpected error reached the page");
  assert.deepEqual(pageErrors, [], "no uncaught error in the page");
  assert.equal(await page.locator(".load-error").count(), 0, "every section loaded");
  log(`${shot} screenshots`);
});
