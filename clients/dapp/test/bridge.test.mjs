// The dApp's bridge send with a second chain up (scripts/bridge-test.sh runs it on the home chain A once a relayer
// has opened a channel between A's home bridge and B's remote bridge): a person connects the injected Keplr
// (test/keplr-provider.mjs), sees the bridge's channels, sends MESH over the channel to a receiver on B, watches the
// progress while Keplr asks for the signature, reads the packet in plain words, and, once the running relayer has
// delivered it, sees nothing in flight after a refresh. The balances on both chains are checked by the shell from the
// transfer this test records (INFERMESH_DAPP_BRIDGE_RESULT). A screenshot of each step goes to
// <INFERMESH_DAPP_SCREENSHOTS>/<NN-bridge-step>.png. Kept apart from browser.test.mjs, which runs on one chain.
//
// env: INFERMESH_DAPP_DEPLOYMENT, INFERMESH_DAPP_RPC, INFERMESH_DAPP_REST, INFERMESH_DAPP_USER (default rewards),
//      INFERMESH_ACCOUNTS, INFERMESH_DAPP_SCREENSHOTS, INFERMESH_CHROMIUM as in browser.test.mjs, and
//      INFERMESH_DAPP_BRIDGE_CHANNEL (the home bridge's channel to the second chain; without it every test is
//      skipped), INFERMESH_DAPP_BRIDGE_RECEIVER (default the person's own address), INFERMESH_DAPP_BRIDGE_AMOUNT
//      (MESH as typed, default 2.5), INFERMESH_DAPP_BRIDGE_RESULT (a file for the sent transfer, JSON: tx, height,
//      channel, sequence, amount in base units, sender, receiver), INFERMESH_DAPP_BRIDGE_DELIVERY_S (how long to
//      wait for the relayer, default 90)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { makeConfig } from "../write-config.mjs";
import { startServer } from "../serve/dapp-server.mjs";
import { BridgeQueryMsgBuilder, TokenQueryMsgBuilder } from "../../contracts/dist/src/builders.js";
import { Actor, MESH, mnemonicOf } from "./actors.mjs";
import { installKeplr } from "./keplr-provider.mjs";
import { act, assertTx, clearResult, launchChromium, resultOf } from "./page.mjs";

const here = import.meta.dirname;
const repo = resolve(here, "../../..");
const env = process.env;
const deploymentFile = env.INFERMESH_DAPP_DEPLOYMENT;
const channel = env.INFERMESH_DAPP_BRIDGE_CHANNEL;
const skip = !deploymentFile
  ? "INFERMESH_DAPP_DEPLOYMENT is not set (scripts/bridge-test.sh sets it)"
  : !channel
    ? "INFERMESH_DAPP_BRIDGE_CHANNEL is not set: this test needs a second chain and a relayer (scripts/bridge-test.sh)"
    : false;
const accountsFile = env.INFERMESH_ACCOUNTS ?? join(repo, "scripts/accounts.json");
const shots = env.INFERMESH_DAPP_SCREENSHOTS ?? join(repo, "target/dapp-screenshots");
const userKey = env.INFERMESH_DAPP_USER ?? "rewards";
const amountText = env.INFERMESH_DAPP_BRIDGE_AMOUNT ?? "2.5";
const deliveryMs = Number(env.INFERMESH_DAPP_BRIDGE_DELIVERY_S ?? 90) * 1000;
const started = Date.now();
const deployment = deploymentFile ? JSON.parse(readFileSync(deploymentFile, "utf8")) : null;
const C = deployment?.contracts ?? {};

let config, server, browser, page, keplr, work, user, receiver;
const pageErrors = [];
/** What the send left: its sequence, the person's balance after it, the channel's escrow after it. */
let sent;

const log = (...a) => console.log(`[dapp-bridge ${((Date.now() - started) / 1000).toFixed(1)} s]`, ...a);
const screenshot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const balance = async (address) => BigInt((await user.query(C.token, TokenQueryMsgBuilder.balance({ address }))).balance);
const bridgeChannel = () => user.query(C.bridge, BridgeQueryMsgBuilder.channel({ channelId: channel }));

/** "1,234.5 MESH" (as the page writes amounts) → base units. */
function baseUnitsOf(text) {
  const m = /^([\d,]+)(?:\.(\d{1,6}))?(?: MESH)?$/.exec(text.trim());
  assert.ok(m, `"${text}" is no amount of MESH`);
  return BigInt(m[1].replace(/,/g, "")) * MESH + BigInt((m[2] ?? "").padEnd(6, "0"));
}

/** The channel's row in the page's list of bridge channels. */
const row = () => page.locator("#bridge-channels tr", { has: page.locator(`[data-channel="${channel}"]`) });
const rowCell = async (cls) => (await row().locator(`.${cls}`).textContent()).trim();

before(async () => {
  if (skip) return;
  const chainId = deployment.chain_id ?? deploymentFile.replace(/^.*\//, "").replace(/\.json$/, "");
  assert.ok(C.bridge, `${deploymentFile} has no bridge`);
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "infermesh-dapp-bridge-"));
  config = await makeConfig({
    deployment,
    chainId,
    rpc: env.INFERMESH_DAPP_RPC ?? "http://127.0.0.1:26657",
    rest: env.INFERMESH_DAPP_REST ?? "http://127.0.0.1:1317",
  });
  writeFileSync(join(work, "config.json"), JSON.stringify(config));
  user = await Actor.connect(userKey, mnemonicOf(accountsFile, userKey), config.rpc);
  receiver = env.INFERMESH_DAPP_BRIDGE_RECEIVER || user.address;
  // The person holds MESH (bridge-test.sh funds the key before; by hand, the liquidity holder sells some).
  if ((await balance(user.address)) < 10n * MESH) {
    const liquidity = await Actor.connect("liquidity", mnemonicOf(accountsFile, "liquidity"), config.rpc);
    await liquidity.transfer(C.token, user.address, 10n * MESH);
    liquidity.disconnect();
  }
  server = await startServer({ root: join(here, "../dist"), config: join(work, "config.json"), port: 0, quiet: true });
  browser = await launchChromium(env.INFERMESH_CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  keplr = await installKeplr(page, { mnemonic: mnemonicOf(accountsFile, userKey), name: userKey });
  assert.equal(keplr.address, user.address, "the test provider derives the keyring's address (coin type 118)");
  await page.goto(server.url);
  await page.waitForSelector("#ready", { state: "attached", timeout: 30_000 });
  log(`browser up at ${server.url}; ${userKey} ${user.address} sends ${amountText} MESH over ${channel} to ${receiver}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  user?.disconnect();
  if (work) rmSync(work, { recursive: true, force: true });
  if (!skip) log(`done; screenshots in ${shots}`);
});

test("connects Keplr on the home chain and lists the bridge's channels: where each leads, what is out, what is in flight", { skip }, async () => {
  const r = await act(page, "#connect", "overview");
  assert.ok(r.ok, r.text);
  assert.equal(await page.textContent("#address"), user.address);
  assert.ok(await page.isVisible("#bridge"), "the bridge section is shown");
  const c = await bridgeChannel();
  assert.ok(c.open && c.enabled, `${channel} is open and enabled on the chain`);
  await row().waitFor();
  const text = await row().innerText();
  assert.match(text, /\bopen\b/);
  assert.ok(text.includes(c.counterparty_channel_id), `the row names the other end, ${c.counterparty_channel_id}: ${text}`);
  assert.match(text, c.counterparty_port_id.startsWith("wasm.") ? /bridge wasm1/ : /module/, "the row says what is at the other end");
  assert.equal(baseUnitsOf(await rowCell("bridge-outstanding")), BigInt(c.outstanding));
  assert.equal(Number(await rowCell("bridge-in-flight")), c.in_flight);
  assert.equal(await page.locator(`#bridge-channel-ids option[value="${channel}"]`).count(), 1, "the channel field offers it");
  await screenshot("19-bridge-connected");
});

test("sends MESH over the bridge to the second chain: progress while Keplr asks, then the packet in plain words", { skip }, async () => {
  const amount = baseUnitsOf(amountText);
  const [before, channelBefore] = await Promise.all([balance(user.address), bridgeChannel()]);
  assert.ok(before >= amount, `${userKey} holds ${before}, needs ${amount}`);
  await page.fill("#bridge-channel", channel);
  await page.fill("#bridge-amount", amountText);
  await page.fill("#bridge-receiver", receiver);
  await clearResult(page, "bridge");
  const from = keplr.calls.length;
  // Keplr's window stays open until the person approves: meanwhile the page says what it waits for.
  const held = keplr.holdNext();
  await page.locator("#bridge-send").click();
  let timer;
  await Promise.race([
    held.asked,
    new Promise((_, fail) => (timer = setTimeout(() => fail(new Error("the page never asked Keplr to sign")), 30_000))),
  ]).finally(() => clearTimeout(timer));
  await page.waitForFunction(() => {
    const e = document.getElementById("result-bridge");
    return e?.classList.contains("pending") && /Waiting for your signature in Keplr/.test(e.innerText);
  });
  const pending = await page.textContent("#result-bridge");
  assert.match(pending, /^Send over the bridge: Waiting for your signature in Keplr, then for the block/);
  assert.ok(await page.isDisabled("#bridge-send"), "no second send while one is pending");
  assert.equal(await balance(user.address), before, "nothing moved before the signature");
  await screenshot("20-bridge-send-pending");
  held.release();

  const r = await resultOf(page, "bridge");
  assertTx(r, "bridge send");
  const calls = keplr.calls.slice(from).map((c) => c.method);
  assert.ok(calls.includes("signDirect"), `signed through window.keplr: ${calls.join(", ")}`);
  const m = new RegExp(`^✓ Send over the bridge — ${amountText.replace(".", "\\.")} MESH sent to ${receiver} over ${channel} as packet #(\\d+): the bridge holds them in escrow`).exec(r.text);
  assert.ok(m, `the result in plain words: ${r.text}`);
  const sequence = Number(m[1]);
  const after = await balance(user.address);
  assert.equal(after, before - amount, "the person's MESH fell by the amount");
  const channelAfter = await bridgeChannel();
  assert.equal(BigInt(channelAfter.outstanding), BigInt(channelBefore.outstanding) + amount, "the channel's escrow rose by the amount");
  const inFlight = await user.query(C.bridge, BridgeQueryMsgBuilder.inFlight({ channelId: channel, sequence }));
  if (inFlight) {
    assert.equal(inFlight.amount, String(amount));
    assert.equal(inFlight.sender, user.address);
  }
  // The lists followed: the balance and the channel's escrow as the chain has them now.
  assert.equal(baseUnitsOf(await page.textContent("#balance")), after);
  assert.equal(baseUnitsOf(await rowCell("bridge-outstanding")), BigInt(channelAfter.outstanding));
  assert.match(await page.textContent("#activity"), /Send over the bridge/);
  const height = Number(/block (\d+)/.exec(r.text)?.[1]);
  sent = { sequence, after, outstanding: BigInt(channelAfter.outstanding) };
  if (env.INFERMESH_DAPP_BRIDGE_RESULT) {
    const record = { tx: r.hash, height, channel, sequence, amount: String(amount), sender: user.address, receiver };
    writeFileSync(env.INFERMESH_DAPP_BRIDGE_RESULT, JSON.stringify(record) + "\n");
  }
  log(`sent packet #${sequence} (tx ${r.hash}, block ${height}); in flight at the page's refresh: ${await rowCell("bridge-in-flight")}`);
  await screenshot("21-bridge-send-done");
});

test("the relayer delivers the packet: after a refresh nothing of it is in flight and the MESH stays escrowed", { skip }, async () => {
  assert.ok(sent, "the send above did not complete");
  const deadline = Date.now() + deliveryMs;
  while (await user.query(C.bridge, BridgeQueryMsgBuilder.inFlight({ channelId: channel, sequence: sent.sequence }))) {
    if (Date.now() > deadline) throw new Error(`packet #${sent.sequence} still in flight after ${deliveryMs / 1000} s: is the relayer running?`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // Acknowledged, not refunded: the person's MESH stays on the bridge's side of the channel.
  assert.equal(await balance(user.address), sent.after, "no refund came back");
  const r = await act(page, "#refresh", "overview");
  assert.ok(r.ok, r.text);
  const c = await bridgeChannel();
  assert.equal(BigInt(c.outstanding), sent.outstanding);
  assert.equal(Number(await rowCell("bridge-in-flight")), c.in_flight, "the page shows the chain's packets in flight");
  assert.equal(baseUnitsOf(await rowCell("bridge-outstanding")), sent.outstanding);
  await screenshot("22-bridge-delivered");
  assert.equal(await page.textContent("#global-error"), "", "no unexpected error reached the page");
  assert.deepEqual(pageErrors, [], "no uncaught error in the page");
  assert.equal(await page.locator(".load-error").count(), 0, "every section loaded");
});
