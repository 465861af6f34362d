// InferMesh's web dApp: connect Keplr, see the account (MESH, vesting, stake, reputation, rewards), stake or delegate,
// open and accept bills, open payment channels and sign vouchers with Keplr's signArbitrary, vote in the DAO, send
// MESH over the bridge, and three hand-drawn SVG charts. Every action is a real transaction signed through
// window.keplr; each shows its progress, then the tx hash and gas, or the error in plain words.
import type { Bill } from "../../contracts/src/BillEscrow.types";
import type { LatencyClass, ModelClass, Signed } from "../../contracts/src/BillEscrow.hook";
import type { Channel } from "../../contracts/src/PaymentChannels.types";
import type { ProposalResponse, VoteOption } from "../../contracts/src/Dao.types";
import type { Operator } from "../../contracts/src/Staking.types";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { redeemMsg, voucherSignBytes, voucherText, type Voucher } from "../../ts/voucher";
import { Queries, Session, wasmAttribute, type Progress, type TxOutcome } from "./chain";
import { barChart, donut, lineChart, type LinePoint, type Slice } from "./charts";
import { append, byId, h, replace, table, value } from "./dom";
import { explain } from "./errors";
import { baseUnits, InputError, percent, short, tokens, when, wholeNumber } from "./format";
import { allPages } from "./pages";
import type { Config } from "./types";

let config: Config;
let queries: Queries;
let session: Session | null = null;
let busy = false;
// Keplr switched keys while a transaction or step was pending: reconnect once it ends (not in the middle, where the
// pending tx is still the old key's and its result must land in its own box).
let keystoreChanged = false;
/** Heights of this session's transactions: the reputation chart samples them too. */
const txHeights: number[] = [];
let providers: Operator[] = [];

const mesh = (base: string | bigint | number | null | undefined) => `${tokens(base, config.token.decimals)} ${config.token.symbol}`;
const nowNanos = () => BigInt(Date.now()) * 1_000_000n;

// ---- result boxes ---------------------------------------------------------------------------------------------------

function showPending(box: HTMLElement, label: string, stage: string) {
  box.className = "result pending";
  box.setAttribute("role", "status");
  box.replaceChildren(h("span", { class: "spinner" }), h("b", {}, label), ": ", h("span", { class: "stage" }, stage));
}

function showError(box: HTMLElement, label: string, error: unknown) {
  const e = explain(error);
  box.className = "result error";
  box.setAttribute("role", "alert");
  box.replaceChildren(
    h("strong", { class: "error-title" }, `${label}: ${e.title}`),
    h("span", { class: "error-detail" }, e.detail),
  );
  if (e.raw && e.raw !== e.detail) box.append(h("details", {}, h("summary", {}, "details"), h("pre", {}, e.raw)));
  console.error(label, error);
}

function showOk(box: HTMLElement, label: string, text: string, outcome?: TxOutcome) {
  box.className = "result ok";
  box.setAttribute("role", "status");
  box.replaceChildren(h("b", {}, `✓ ${label}`), text ? ` — ${text}` : "");
  if (outcome) {
    box.append(
      h("br"),
      "tx ",
      h("code", { class: "tx-hash" }, outcome.hash),
      " · gas used ",
      h("span", { class: "gas-used" }, Number(outcome.gasUsed).toLocaleString()),
      ` of ${Number(outcome.gasWanted).toLocaleString()} · block ${outcome.height} · signed ${outcome.signMode === "amino" ? "Amino JSON" : "direct"}`,
    );
  }
}

function showGlobal(error: unknown, label = "Error") {
  showError(byId("global-error"), label, error);
}

function setBusy(on: boolean) {
  busy = on;
  for (const b of document.querySelectorAll<HTMLButtonElement>("button")) b.disabled = on || b.dataset.locked === "1";
  if (!on && keystoreChanged) {
    keystoreChanged = false;
    void connect();
  }
}

/** Runs a step that is not a transaction (connecting, signing a voucher) with progress and errors in `box`. */
async function step(boxId: string, label: string, run: (p: Progress) => Promise<string>) {
  if (busy) return;
  const box = byId(`result-${boxId}`);
  setBusy(true);
  showPending(box, label, "starting…");
  try {
    showOk(box, label, await run((stage) => showPending(box, label, stage)));
  } catch (e) {
    showError(box, label, e);
  } finally {
    setBusy(false);
  }
}

/** Runs a transaction: progress while pending, then hash and gas (and what `describe` adds), or the error. */
async function tx(
  boxId: string,
  label: string,
  run: (s: Session, p: Progress) => Promise<TxOutcome>,
  describe?: (o: TxOutcome) => string,
) {
  if (busy) return;
  const box = byId(`result-${boxId}`);
  if (!session) {
    showError(box, label, new InputError("connect Keplr first"));
    return;
  }
  const s = session;
  setBusy(true);
  showPending(box, label, "preparing…");
  try {
    const outcome = await run(s, (stage) => showPending(box, label, stage));
    txHeights.push(outcome.height);
    showOk(box, label, describe ? describe(outcome) : "", outcome);
    logActivity(label, outcome);
    await refresh();
  } catch (e) {
    showError(box, label, e);
  } finally {
    setBusy(false);
  }
}

function logActivity(label: string, o: TxOutcome) {
  const list = byId("activity");
  if (list.classList.contains("muted")) {
    list.replaceChildren();
    list.classList.remove("muted");
  }
  list.append(
    h("li", {}, h("b", {}, label), " · ", h("code", {}, o.hash.slice(0, 16) + "…"), ` · gas ${Number(o.gasUsed).toLocaleString()} · block ${o.height} · ${o.signMode}`),
  );
}

// ---- connecting -----------------------------------------------------------------------------------------------------

async function connect() {
  await step("overview", "Connect Keplr", async (p) => {
    const keplr = window.keplr;
    if (!keplr) throw new Error("Keplr is not installed in this browser: install the Keplr extension and reload the page");
    p("Suggesting the chain to Keplr and asking for access…");
    session = await Session.connect(config, keplr);
    byId("who").replaceChildren(
      h("div", {}, h("code", { id: "address" }, session.address)),
      h("div", { id: "sign-mode" }, session.signMode === "amino" ? "Amino JSON signing (Ledger)" : "direct signing", ` · ${session.key.name}`),
    );
    byId("connect").textContent = "Reconnect";
    p("Loading your account…");
    await refresh();
    return `connected as ${session.address} (${session.signMode === "amino" ? "Amino JSON" : "direct"} signing)`;
  });
}

// ---- account overview -----------------------------------------------------------------------------------------------

async function refresh() {
  if (!session) return;
  const loaders: [string, () => Promise<void>][] = [
    ["balance", loadBalance],
    ["grants", loadGrants],
    ["bonds", loadBonds],
    ["reward-roles", loadRewards],
    ["bill-list", loadBills],
    ["channel-list", loadChannels],
    ["proposal-list", loadProposals],
    ["bridge-channels", loadBridge],
    ["operator-self", loadOperators],
  ];
  await Promise.all(
    loaders.map(async ([id, load]) => {
      try {
        await load();
      } catch (e) {
        const x = explain(e);
        replace(id, h("span", { class: "load-error" }, `could not load: ${x.title}: ${x.detail}`));
      }
    }),
  );
  await drawReputation().catch((e) => replace("chart-reputation-note", `could not draw: ${explain(e).detail}`));
}

async function loadBalance() {
  const s = session!;
  const { balance } = await s.token.balance({ address: s.address });
  byId("balance").textContent = tokens(balance, config.token.decimals);
  if (s.dao) {
    const power = await s.dao.votingPower({ address: s.address });
    byId("power").textContent = tokens(power.power, config.token.decimals);
  }
}

async function loadGrants() {
  const s = session!;
  if (!s.vesting) return replace("grants", "No vesting contract in this deployment.");
  const vesting = s.vesting;
  const grants = await allPages(
    async (startAfter?: number) => (await vesting.grantsByBeneficiary({ beneficiary: s.address, limit: 30, startAfter })).grants,
    (g) => g.grant.id,
  );
  const claimable = grants.reduce((sum, g) => sum + BigInt(g.claimable), 0n);
  byId("claimable").textContent = tokens(claimable, config.token.decimals);
  if (grants.length === 0) return replace("grants", "No vesting grants for this address.");
  replace(
    "grants",
    table(
      ["grant", "plan", "granted", "vested", "claimed", "claimable", ""],
      grants.map((g) => [
        `#${g.grant.id}`,
        g.grant.plan.replace(/_/g, " "),
        mesh(g.grant.granted),
        mesh(g.vested),
        mesh(g.grant.claimed),
        h("b", {}, mesh(g.claimable)),
        BigInt(g.claimable) > 0n
          ? h("button", {
              class: "claim-grant",
              "data-grant": g.grant.id,
              disabled: busy,
              onclick: () =>
                tx("overview", `Claim vesting grant #${g.grant.id}`, (s, p) => s.tx(p, () => s.vesting!.claim({ grantId: g.grant.id })),
                  (o) => `claimed ${mesh(attr(o, "amount") ?? g.claimable)}`),
            }, "Claim")
          : "",
      ]),
      [2, 3, 4, 5],
    ),
  );
}

const attr = (o: TxOutcome, key: string) => wasmAttribute(o, key);

async function loadBonds() {
  const s = session!;
  if (!s.staking) return replace("bonds", "No staking contract in this deployment.");
  const staking = s.staking;
  const [delegations, status] = await Promise.all([
    allPages(
      async (startAfter?: string) => (await staking.delegations({ delegator: s.address, limit: 30, startAfter })).delegations,
      (d) => d.operator,
    ),
    s.staking.operatorStatus({ operator: s.address }).catch(() => null),
  ]);
  const rows: (string | Node)[][] = [];
  if (status) {
    rows.push([
      "you",
      `your operator: ${status.role}, ${status.tier ?? "no tier"}${status.jailed ? ", jailed" : ""}${status.active ? "" : ", inactive"}; pool ${mesh(status.total_bonded)}`,
      mesh(status.self_bond),
      "",
      "",
    ]);
  }
  // Staking lists an operator's self-bond among its delegations too: it is the row above.
  const others = delegations.filter((d) => d.operator !== s.address);
  for (const d of others) {
    rows.push([
      short(d.operator),
      "delegation",
      mesh(d.stake),
      mesh(d.pending_rewards),
      BigInt(d.pending_rewards) > 0n
        ? h("button", {
            class: "secondary claim-stake-rewards",
            disabled: busy,
            onclick: () =>
              tx("overview", `Claim staking rewards from ${short(d.operator)}`, (s, p) =>
                s.tx(p, () => s.staking!.claimRewards({ operator: d.operator }))),
          }, "Claim")
        : "",
    ]);
  }
  const bonded = others.reduce((sum, d) => sum + BigInt(d.stake), status ? BigInt(status.self_bond) : 0n);
  byId("bonded").textContent = tokens(bonded, config.token.decimals);
  replace("bonds", rows.length ? table(["operator", "what", "stake", "rewards", ""], rows, [2, 3]) : "No stake yet.");
  byId("register-box").hidden = !!status;
  replace(
    "operator-self",
    status
      ? `You are a registered ${status.role} (${status.tier ?? "no tier yet"}), self-bond ${mesh(status.self_bond)}: self-bond more below.`
      : "Register as a provider to self-bond and serve jobs, or delegate to an operator.",
  );
  if (s.reputation && status) {
    const score = await s.reputation.score({ operator: s.address });
    byId("reputation").textContent = `${score.score} / 1000`;
  } else {
    byId("reputation").textContent = status ? "—" : "not an operator";
  }
}

async function loadRewards() {
  const s = session!;
  if (!s.distributor) return replace("reward-roles", "No distributor in this deployment.");
  const pending = await s.distributor.pending({ member: s.address });
  byId("rewards").textContent = tokens(pending.total, config.token.decimals);
  const roles = pending.roles.map(([role, amount]) => `${role.replace(/_/g, " ")} ${mesh(amount)}`);
  const working = pending.working.map(([role, w]) => `${role.replace(/_/g, " ")} (work ${w} in the open epoch)`);
  replace(
    "reward-roles",
    h("span", {}, roles.length ? `Claimable: ${roles.join(", ")}. ` : "Nothing to claim from the distributor yet. "),
    working.length ? h("span", { class: "hint" }, `Earning: ${working.join(", ")}. `) : "",
    BigInt(pending.total) > 0n
      ? h("button", {
          id: "claim-rewards",
          disabled: busy,
          onclick: () => tx("overview", "Claim distributor rewards", (s, p) => s.tx(p, () => s.distributor!.claim())),
        }, "Claim")
      : "",
  );
}

// ---- operators (selects) --------------------------------------------------------------------------------------------

async function loadOperators() {
  const q = queries;
  if (!q.staking) return;
  const staking = q.staking;
  const operators = await allPages(
    async (startAfter?: string) => (await staking.operators({ limit: 30, startAfter })).operators,
    (o) => o.address,
  );
  const now = nowNanos();
  const active = operators.filter((o) => !o.banned && !(o.jailed_until && BigInt(o.jailed_until) > now));
  providers = active.filter((o) => o.role === "provider");
  const scores = new Map<string, number>();
  if (q.reputation) {
    const reputation = q.reputation;
    const scored = await allPages(
      async (startAfter?: string) => (await reputation.operators({ limit: 30, startAfter })).operators,
      (o) => o.operator,
    );
    for (const o of scored) scores.set(o.operator, o.score);
  }
  const me = session?.address;
  const label = (o: Operator) =>
    `${short(o.address)} · ${o.role} · ${o.tier ?? "no tier"}${scores.has(o.address) ? ` · score ${scores.get(o.address)}` : ""}${o.address === me ? " (you)" : ""}`;
  const fill = (id: string, list: Operator[]) => {
    const sel = byId<HTMLSelectElement>(id);
    const keep = sel.value;
    sel.replaceChildren(...list.map((o) => h("option", { value: o.address }, label(o))));
    if (list.some((o) => o.address === keep)) sel.value = keep;
  };
  fill("delegate-operator", active.filter((o) => o.address !== me));
  fill("bill-provider", providers.filter((o) => o.address !== me && o.tier));
  fill("channel-provider", providers.filter((o) => o.address !== me));
  const chartSel = byId<HTMLSelectElement>("chart-operator");
  const had = chartSel.value;
  fill("chart-operator", operators.filter((o) => o.role === "provider"));
  if (!had && byId<HTMLSelectElement>("bill-provider").value) chartSel.value = byId<HTMLSelectElement>("bill-provider").value;
}

// ---- staking --------------------------------------------------------------------------------------------------------

function bindStaking() {
  byId("register").addEventListener("click", () => {
    let metadata;
    try {
      metadata = {
        models: value("register-models").split(",").map((m) => m.trim()).filter(Boolean),
        latency_ms: wholeNumber(value("register-latency"), "Latency"),
        endpoint: value("register-endpoint").trim(),
      };
    } catch (e) {
      return showError(byId("result-stake"), "Register as provider", e);
    }
    void tx("stake", "Register as provider", (s, p) => s.tx(p, () => s.staking!.registerOperator({ role: "provider", metadata })));
  });
  byId("selfbond").addEventListener("click", () =>
    tx("stake", "Self-bond", (s, p) => s.sendToStaking(p, baseUnits(value("selfbond-amount"), "Self-bond"), { self_bond: {} }),
      () => `bonded ${value("selfbond-amount")} ${config.token.symbol} to your own operator`),
  );
  byId("delegate").addEventListener("click", () => {
    const operator = value("delegate-operator");
    void tx(
      "stake",
      "Delegate",
      (s, p) => {
        if (!operator) throw new InputError("pick an operator to delegate to");
        return s.sendToStaking(p, baseUnits(value("delegate-amount"), "Delegation"), { delegate: { operator } });
      },
      () => `delegated ${value("delegate-amount")} ${config.token.symbol} to ${short(operator)}`,
    );
  });
}

// ---- bills ----------------------------------------------------------------------------------------------------------

interface RouteRequest {
  consumer: string;
  provider: string;
  model_class: ModelClass;
  latency_class: LatencyClass;
  max_units: string;
  deadline: number;
}

/** The gateway's signed consent to route these terms: from its consent service, or pasted by the person. */
async function gatewayConsent(terms: RouteRequest): Promise<{ gateway: string; signed: Signed }> {
  if (config.gatewayService) {
    const r = await fetch(config.gatewayService, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(terms),
    });
    const body = (await r.json().catch(() => ({}))) as { gateway?: string; signed?: Signed; error?: string };
    if (!r.ok || !body.gateway || !body.signed) {
      throw new Error(`the gateway did not consent to route this bill: ${body.error ?? `HTTP ${r.status}`}`);
    }
    return { gateway: body.gateway, signed: body.signed };
  }
  const gateway = value("bill-gateway").trim();
  if (!/^wasm1[0-9a-z]{20,}$/.test(gateway)) throw new InputError("paste the gateway's address");
  let signed: Signed;
  try {
    signed = JSON.parse(value("bill-consent")) as Signed;
  } catch {
    throw new InputError("paste the gateway's signed consent (JSON with pubkey, signature and sign_mode)");
  }
  return { gateway, signed };
}

function billTerms() {
  return {
    provider: value("bill-provider"),
    model: value("bill-model") as ModelClass,
    latency: value("bill-latency") as LatencyClass,
    units: String(wholeNumber(value("bill-units"), "Units")),
    minutes: wholeNumber(value("bill-minutes"), "Deadline"),
  };
}

function bindBills() {
  byId("gateway-manual").hidden = !!config.gatewayService;
  byId("quote").addEventListener("click", () =>
    step("bills", "Quote", async () => {
      const t = billTerms();
      const q = await queries.escrow!.quote({ modelClass: t.model, latencyClass: t.latency, units: t.units });
      const text = `${t.units} units cost ${mesh(q.cost.total)}; send ${mesh(q.escrow_required)} (with the ${mesh(q.network_fee)} network fee)`;
      byId("bill-quote").textContent = text;
      return text;
    }),
  );
  byId("open-bill").addEventListener("click", () =>
    tx(
      "bills",
      "Open bill",
      async (s, p) => {
        const t = billTerms();
        if (!t.provider) throw new InputError("pick a provider");
        p("Pricing the job…");
        const q = await s.escrow!.quote({ modelClass: t.model, latencyClass: t.latency, units: t.units });
        const deadline = Math.floor(Date.now() / 1000) + t.minutes * 60;
        p("Asking the gateway to consent to route this bill…");
        const { gateway, signed } = await gatewayConsent({
          consumer: s.address,
          provider: t.provider,
          model_class: t.model,
          latency_class: t.latency,
          max_units: t.units,
          deadline,
        });
        // What Keplr will show only in base units, in words on the page before it asks.
        const sending =
          `Sending ${mesh(q.escrow_required)} to the escrow for bill terms of ${t.units} units: cost ${mesh(q.cost.total)} + ` +
          `network fee ${mesh(q.network_fee)}, routed by gateway ${short(gateway)}; unused escrow comes back to you`;
        byId("bill-quote").textContent = sending;
        p(`${sending}. Confirm in Keplr…`);
        return s.sendToEscrow(p, q.escrow_required, {
          open_bill: {
            provider: t.provider,
            gateway,
            gateway_consent: signed,
            model_class: t.model,
            latency_class: t.latency,
            max_units: t.units,
            deadline: (BigInt(deadline) * 1_000_000_000n).toString(),
          },
        });
      },
      (o) => `bill #${attr(o, "bill_id")} opened; the provider serves it and reports its completion`,
    ),
  );
  byId("withdraw-credit").addEventListener("click", () =>
    tx("bills", "Withdraw escrow credit", (s, p) => s.tx(p, () => s.escrow!.withdraw()), (o) => `withdrew ${mesh(attr(o, "amount"))}`),
  );
}

async function myBills(): Promise<Bill[]> {
  const s = session!;
  const escrow = s.escrow!;
  const all = await allPages(
    async (startAfter?: number) => (await escrow.bills({ filter: { consumer: s.address }, limit: 30, startAfter })).bills,
    (b: Bill) => b.id,
  );
  return all.slice(-8).reverse();
}

async function loadBills() {
  const s = session!;
  if (!s.escrow) return replace("bill-list", "No bill escrow in this deployment.");
  const [bills, credit] = await Promise.all([myBills(), s.escrow.credit({ address: s.address })]);
  byId("escrow-credit").textContent = mesh(credit);
  byId<HTMLButtonElement>("withdraw-credit").hidden = BigInt(credit) === 0n;
  if (bills.length === 0) {
    replace("bill-list", "No bills yet.");
  } else {
    const rows = await Promise.all(bills.map(billRow));
    replace("bill-list", table(["bill", "provider", "status", "units", "escrowed", "charged", ""], rows, [3, 4, 5]));
  }
  const settled = bills.find((b) => b.status === "settled" && b.settlement);
  drawFees(settled);
}

async function billRow(b: Bill): Promise<(string | Node)[]> {
  const s = session!;
  let action: string | Node = "";
  if (b.status === "completed") {
    action = h("button", {
      class: "accept-bill",
      "data-bill": b.id,
      disabled: busy,
      onclick: () => tx("bills", `Accept bill #${b.id}`, (s, p) => s.tx(p, () => s.escrow!.accept({ billId: b.id })),
        () => "settled: the provider is paid and the unused escrow is credited back to you"),
    }, "Accept");
  } else if (b.status === "settled" && s.reputation) {
    const { stars } = await s.reputation.rating({ billId: b.id });
    if (stars) {
      action = `rated ${"★".repeat(stars)}`;
    } else {
      const select = h("select", { class: "stars", "aria-label": `stars for bill ${b.id}` },
        ...[5, 4, 3, 2, 1].map((n) => h("option", { value: n }, `${n} ★`)));
      action = h("span", {}, select, " ", h("button", {
        class: "secondary rate-bill",
        "data-bill": b.id,
        disabled: busy,
        onclick: () => {
          const stars = Number(select.value);
          void tx("bills", `Rate bill #${b.id}`, (s, p) => s.tx(p, () => s.reputation!.rate({ billId: b.id, stars })),
            () => `${stars} stars for ${short(b.provider)}`);
        },
      }, "Rate"));
    }
  } else if (b.status === "open") {
    action = h("span", { class: "hint" }, `waiting for the provider until ${when(b.terms.deadline)}`);
  }
  const done = b.completion ? `${b.completion.units} of ${b.terms.max_units}` : b.terms.max_units;
  return [
    `#${b.id}`,
    short(b.provider),
    h("span", { class: `tag ${b.status}` }, b.status.replace("_", " ")),
    done,
    mesh(b.escrowed),
    b.settlement ? mesh(b.settlement.charged) : "—",
    action,
  ];
}

// ---- payment channels -----------------------------------------------------------------------------------------------

const lastNonceKey = (c: Channel) => `infermesh:${config.chainId}:${config.contracts.payment_channels}:${c.id}:nonce`;

function bindChannels() {
  byId("open-channel").addEventListener("click", () => {
    const provider = value("channel-provider");
    void tx(
      "channels",
      "Open channel",
      async (s, p) => {
        if (!provider) throw new InputError("pick a provider");
        const hours = wholeNumber(value("channel-hours"), "Expiry");
        const expires = (BigInt(Date.now() + hours * 3_600_000) * 1_000_000n).toString();
        return s.sendToChannels(p, baseUnits(value("channel-deposit"), "Deposit"), {
          open_channel: { provider, pubkey: toBase64(s.key.pubKey), expires_at: expires },
        });
      },
      (o) => `channel #${attr(o, "channel_id")} to ${short(provider)} holds ${value("channel-deposit")} ${config.token.symbol}`,
    );
  });
}

async function loadChannels() {
  const s = session!;
  if (!s.channels) return replace("channel-list", "No payment channels contract in this deployment.");
  const channelsContract = s.channels;
  const channels = await allPages(
    async (startAfter?: number) => (await channelsContract.channels({ filter: { consumer: s.address }, limit: 30, startAfter })).channels,
    (c) => c.id,
  );
  const open = channels.filter((c) => !c.closed_at).slice(-6).reverse();
  if (open.length === 0) return replace("channel-list", "No open channels.");
  replace(
    "channel-list",
    table(
      ["channel", "provider", "deposit", "redeemed", "expires", "voucher (cumulative)"],
      open.map((c) => {
        const amount = h("input", { class: "amount voucher-amount", value: tokens(BigInt(c.redeemed) + 1_000_000n, config.token.decimals), "aria-label": `cumulative amount for channel ${c.id}` });
        return [
          `#${c.id}`,
          short(c.provider),
          mesh(c.deposit),
          mesh(c.redeemed),
          when(c.expires_at),
          h("span", {}, amount, " ", h("button", { class: "sign-voucher", "data-channel": c.id, disabled: busy, onclick: () => signVoucher(c, amount.value) }, "Sign voucher")),
        ];
      }),
      [2, 3],
    ),
  );
}

async function signVoucher(listed: Channel, amountText: string) {
  await step("channels", `Sign a voucher for channel #${listed.id}`, async (p) => {
    const s = session;
    if (!s) throw new InputError("connect Keplr first");
    // The channel as it is now, not as the list drew it: the provider may have redeemed (a higher nonce) or the
    // consumer topped up since, and a voucher under the redeemed nonce would be refused when the provider redeems it.
    p("Reading the channel…");
    const c = await queries.channels!.channel({ channelId: listed.id });
    if (c.closed_at) throw new InputError(`channel #${c.id} is closed`);
    const cumulative = baseUnits(amountText, "Voucher amount");
    if (BigInt(cumulative) <= BigInt(c.redeemed)) {
      throw new InputError(`a voucher is cumulative: more than the ${mesh(c.redeemed)} already redeemed`);
    }
    if (BigInt(cumulative) > BigInt(c.deposit)) throw new InputError(`more than the channel's deposit of ${mesh(c.deposit)}`);
    const last = Number(localStorage.getItem(lastNonceKey(c)) ?? 0);
    const nonce = Math.max(c.nonce, last) + 1;
    const voucher: Voucher = {
      chainId: config.chainId,
      contract: config.contracts.payment_channels!,
      channelId: c.id,
      cumulativeAmount: cumulative,
      nonce,
    };
    const text = voucherText(voucher);
    p("Waiting for your signature in Keplr (signArbitrary)…");
    const signature = await s.keplr.signArbitrary(config.chainId, s.address, text);
    p("Checking the signature…");
    const valid = await s.keplr.verifyArbitrary(config.chainId, s.address, text, signature);
    if (!valid) throw new Error("Keplr's verifyArbitrary does not accept the signature it just made");
    if (signature.pub_key.value !== c.pubkey) throw new Error("Keplr signed with another key than the channel's");
    const contractBytes = await queries.channels!.voucherSignBytes({ channelId: c.id, cumulativeAmount: cumulative, nonce, signMode: "adr036" });
    const same = contractBytes === toBase64(voucherSignBytes(voucher, "adr036", s.address));
    if (!same) throw new Error("the contract's voucher_sign_bytes differ from what Keplr signed");
    // The check the contract makes when the provider redeems: the signature over sha256 of its own bytes, by the
    // channel's key. A voucher that passes here is one the provider can redeem.
    const redeemable = await Secp256k1.verifySignature(
      Secp256k1Signature.fromFixedLength(fromBase64(signature.signature)),
      sha256(fromBase64(contractBytes)),
      fromBase64(c.pubkey),
    );
    if (!redeemable) throw new Error("the signature does not verify over the contract's voucher_sign_bytes with the channel's key");
    localStorage.setItem(lastNonceKey(c), String(nonce));
    byId("voucher").hidden = false;
    byId("voucher-text").textContent = text;
    byId("voucher-redeem").textContent = JSON.stringify(redeemMsg(voucher, signature.signature, "adr036"));
    byId("voucher-status").textContent =
      `Voucher #${nonce} of channel #${c.id}: ${mesh(cumulative)} in all. Keplr's verifyArbitrary accepts it, and it verifies over the contract's voucher_sign_bytes with the channel's key, as the contract checks a redeem.`;
    return `voucher #${nonce} for ${mesh(cumulative)} signed: hand it to the provider`;
  });
}

// ---- DAO ------------------------------------------------------------------------------------------------------------

function bindDao() {
  byId("lock").addEventListener("click", () =>
    tx("dao", "Lock in the DAO vault", (s, p) => s.sendToDao(p, baseUnits(value("lock-amount"), "Lock"), { lock: {} }),
      () => `${value("lock-amount")} ${config.token.symbol} locked: they vote in proposals created from the next block`),
  );
}

async function loadProposals() {
  const s = session!;
  if (!s.dao) return replace("proposal-list", "No DAO in this deployment.");
  const dao = s.dao;
  // Newest first; an old proposal can still be open (its periods were set when it was created), so every page is read.
  const proposals = await allPages(
    async (startBefore?: number) => (await dao.proposals({ limit: 30, startBefore })).proposals,
    (p) => p.id,
  );
  const open = proposals.filter((p) => p.status === "voting" || p.status === "discussion");
  if (open.length === 0) return replace("proposal-list", "No open proposals.");
  const rows = await Promise.all(open.map(proposalRow));
  replace("proposal-list", table(["proposal", "kind", "yes / no / abstain", "voting ends", "your vote"], rows));
}

async function proposalRow(prop: ProposalResponse): Promise<(string | Node)[]> {
  const s = session!;
  const ballot = await s.dao!.ballot({ proposalId: prop.id, voter: s.address });
  const vote = (option: VoteOption) =>
    h("button", {
      class: `vote vote-${option} ${option === "yes" ? "" : "secondary"}`,
      "data-proposal": prop.id,
      disabled: busy || prop.status !== "voting",
      "data-locked": prop.status !== "voting" ? "1" : "0",
      onclick: () => tx("dao", `Vote ${option} on proposal #${prop.id}`, (s, p) => s.tx(p, () => s.dao!.vote({ proposalId: prop.id, vote: option })),
        (o) => `with power ${mesh(attr(o, "power"))}`),
    }, option === "yes" ? "Yes" : "No");
  const t = prop.tally;
  return [
    h("span", {}, h("b", {}, `#${prop.id} `), prop.title),
    prop.kind.replace(/_/g, " "),
    `${tokens(t.yes)} / ${tokens(t.no)} / ${tokens(t.abstain)}`,
    prop.status === "discussion" ? `discussion until ${when(prop.voting_starts)}` : when(prop.voting_ends),
    h("span", { class: "ballot" }, ballot ? h("b", {}, `${ballot.vote} `) : "", vote("yes"), " ", vote("no")),
  ];
}

// ---- bridge ---------------------------------------------------------------------------------------------------------

function bindBridge() {
  byId("bridge").hidden = !config.contracts.bridge;
  byId("bridge-send").addEventListener("click", () => {
    const channel = value("bridge-channel").trim();
    const receiver = value("bridge-receiver").trim();
    void tx(
      "bridge",
      "Send over the bridge",
      (s, p) => {
        if (!channel) throw new InputError("name the bridge channel (channel-N)");
        if (!receiver) throw new InputError("name the receiver on the other chain");
        return s.sendToBridge(p, baseUnits(value("bridge-amount"), "Amount"), {
          transfer: { channel_id: channel, receiver, memo: null, timeout_seconds: null },
        });
      },
      // The amount, receiver and sequence as the bridge recorded them (its bridge_send and bridge_packet_sent events).
      (o) =>
        `${mesh(attr(o, "amount"))} sent to ${attr(o, "receiver") ?? receiver} over ${channel} as packet #${attr(o, "sequence") ?? "?"}: ` +
        "the bridge holds them in escrow, a relayer delivers the packet to the other chain, and they come back to you if it times out or is refused there",
    );
  });
}

async function loadBridge() {
  if (!queries.bridge) return;
  const bridge = queries.bridge;
  const channels = await allPages(
    async (startAfter?: string) => (await bridge.channels({ limit: 30, startAfter })).channels,
    (c) => c.channel_id,
  );
  byId("bridge-channel-ids").replaceChildren(...channels.filter((c) => c.open).map((c) => h("option", { value: c.channel_id })));
  // Where a channel leads: another InferMesh bridge (a wasm contract's port) or a chain's own ICS-20 transfer module.
  const to = (c: (typeof channels)[number]) =>
    `${c.counterparty_port_id.startsWith("wasm.") ? `bridge ${short(c.counterparty_port_id.slice(5))}` : `${c.counterparty_port_id} module`} · ${c.counterparty_channel_id}`;
  replace(
    "bridge-channels",
    channels.length
      ? table(
          ["channel", "leads to", "state", "out on the other chain", "in flight"],
          channels.map((c) => [
            h("code", { class: "bridge-channel", "data-channel": c.channel_id }, c.channel_id),
            to(c),
            c.open ? (c.enabled ? "open" : "disabled") : "closed",
            h("span", { class: "bridge-outstanding" }, mesh(c.outstanding)),
            h("span", { class: "bridge-in-flight" }, String(c.in_flight)),
          ]),
          [3, 4],
        )
      : "No bridge channel is open yet: one opens when the DAO allows a counterparty and a relayer connects the chains.",
  );
  const receiver = byId<HTMLInputElement>("bridge-receiver");
  if (!receiver.value && session) receiver.value = session.address;
}

// ---- charts ---------------------------------------------------------------------------------------------------------

async function drawReputation() {
  const q = queries;
  const operator = value("chart-operator");
  if (!q.reputation || !operator) {
    replace("chart-reputation", lineChart([], { title: "Reputation score", yMin: 0, yMax: 1000, xLabel: String }));
    return;
  }
  const latest = await q.cosmwasm.getHeight();
  const samples = new Set<number>(txHeights.filter((x) => x <= latest));
  const n = 28;
  for (let i = 0; i < n; i++) samples.add(Math.max(1, Math.round(1 + ((latest - 1) * i) / (n - 1))));
  const heights = [...samples].sort((a, b) => a - b);
  const scores = await Promise.all(heights.map((height) => q.reputation!.scoreAtHeight({ operator, height }).catch(() => null)));
  const points: LinePoint[] = [];
  scores.forEach((r, i) => {
    if (r && r.score !== null && r.score !== undefined) points.push({ x: heights[i], y: r.score, label: `block ${heights[i]}: ${r.score}` });
  });
  replace(
    "chart-reputation",
    lineChart(points, { title: `Reputation score of ${operator}`, yMin: 0, yMax: 1000, xLabel: (x) => `#${x}`, yLabel: "score" }),
  );
  let span = "";
  if (points.length > 0) {
    const [first, last] = await Promise.all([q.cosmwasm.getBlock(points[0].x), q.cosmwasm.getBlock(latest)]);
    span = ` from ${new Date(first.header.time).toLocaleString()} to ${new Date(last.header.time).toLocaleString()}`;
  }
  replace(
    "chart-reputation-note",
    points.length
      ? `${short(operator)}: the stored score (0–1000) read with the reputation contract's score_at_height at ${heights.length} block heights${span}, including the blocks of this session's transactions; now ${points[points.length - 1].y}.`
      : `${short(operator)} has no recorded score yet.`,
  );
}

async function drawEmissions() {
  const d = queries.distributor;
  if (!d) return replace("chart-emissions-note", "No distributor in this deployment.");
  const { schedule } = await d.schedule({});
  const lastTable = Math.max(0, ...schedule.segments.map((s) => s.end_year));
  const years = Math.min(20, lastTable + 2 * Math.max(1, schedule.halving_years));
  const rows = await Promise.all(Array.from({ length: years }, (_, y) => d.schedule({ year: y })));
  const bars = rows.map((r, y) => {
    const v = Number(BigInt(r.year_emission ?? "0") / 10n ** BigInt(config.token.decimals)) / 1e6;
    return { label: `Y${y + 1}`, value: v, text: v >= 10 ? `${v.toFixed(0)}M` : `${v.toFixed(1)}M` };
  });
  replace("chart-emissions", barChart(bars, { title: "Emission per year (million MESH)", yLabel: "million MESH" }));
  const total = rows.reduce((s, r) => s + BigInt(r.year_emission ?? "0"), 0n);
  replace(
    "chart-emissions-note",
    `The distributor's schedule (its schedule query per year): ${schedule.segments.length} table segments to year ${lastTable}, then halving every ${schedule.halving_years} years; ${mesh(total)} over the ${years} years shown.`,
  );
}

let feeParams: Awaited<ReturnType<NonNullable<Queries["escrow"]>["params"]>> | null = null;

async function drawFees(bill?: Bill) {
  const e = queries.escrow;
  if (!e) return replace("chart-fees-note", "No bill escrow in this deployment.");
  feeParams ??= await e.params();
  const p = feeParams;
  const deposit = 100;
  const fee = (deposit * p.network_fee_bps) / 10_000;
  const charge = deposit - fee;
  const part = (bps: number) => (charge * bps) / 10_000;
  const fmt = (v: number) => `${v.toLocaleString(undefined, { maximumFractionDigits: 2 })} ${config.token.symbol}`;
  const slices: Slice[] = [
    { label: `Provider (${percent(p.split.provider_bps)} of the charge)`, value: part(p.split.provider_bps), kind: "slice-0", text: fmt(part(p.split.provider_bps)) },
    { label: `Gateway (${percent(p.split.gateway_bps)})`, value: part(p.split.gateway_bps), kind: "slice-1", text: fmt(part(p.split.gateway_bps)) },
    { label: `Treasury (${percent(p.split.treasury_bps)})`, value: part(p.split.treasury_bps), kind: "slice-2", text: fmt(part(p.split.treasury_bps)) },
    { label: `Governance pool (${percent(p.split.governance_bps)})`, value: part(p.split.governance_bps), kind: "slice-3", text: fmt(part(p.split.governance_bps)) },
    { label: `Network fee burned (½ of ${percent(p.network_fee_bps)})`, value: fee / 2, kind: "slice-4", text: fmt(fee / 2) },
    { label: "Network fee to the treasury (½)", value: fee / 2, kind: "slice-5", text: fmt(fee / 2) },
  ];
  const charts: Node[] = [donut(slices, { title: "Where 100 MESH paid into a bill goes", center: String(deposit), sub: `${config.token.symbol} paid in` })];
  if (bill?.settlement) {
    const sp = bill.settlement.split;
    const n = (v: string) => Number(BigInt(v)) / 10 ** config.token.decimals;
    const nf = n(bill.network_fee);
    const burned = Math.floor(Number(BigInt(bill.network_fee) / 2n)) / 10 ** config.token.decimals;
    charts.push(
      h("h3", {}, `Your bill #${bill.id}, settled`),
      donut(
        [
          { label: "Provider", value: n(sp.provider), kind: "slice-0", text: fmt(n(sp.provider)) },
          { label: "Gateway", value: n(sp.gateway), kind: "slice-1", text: fmt(n(sp.gateway)) },
          { label: "Treasury", value: n(sp.treasury), kind: "slice-2", text: fmt(n(sp.treasury)) },
          { label: "Governance pool", value: n(sp.governance), kind: "slice-3", text: fmt(n(sp.governance)) },
          { label: `Network fee (${fmt(burned)} burned)`, value: nf, kind: "slice-4", text: fmt(nf) },
          { label: "Refunded to you", value: n(bill.settlement.refunded), kind: "slice-5", text: fmt(n(bill.settlement.refunded)) },
        ],
        { title: `Bill #${bill.id}`, center: tokens(bill.deposit, config.token.decimals), sub: `${config.token.symbol} paid in` },
      ),
    );
  }
  replace("chart-fees", ...charts);
  replace(
    "chart-fees-note",
    `From the escrow's params: a ${percent(p.network_fee_bps)} network fee on the deposit (half burned, half to the treasury), then the charge split ${percent(p.split.provider_bps)} provider, ${percent(p.split.gateway_bps)} gateway, ${percent(p.split.treasury_bps)} treasury, ${percent(p.split.governance_bps)} governance pool; a provider's tier fee discount moves part of the last two to it, and unused escrow is refunded.`,
  );
}

// ---- start ----------------------------------------------------------------------------------------------------------

async function loadConfig(): Promise<Config> {
  const r = await fetch("config.json", { cache: "no-store" });
  if (!r.ok) throw new Error(`config.json: HTTP ${r.status} (write it with clients/dapp/write-config.mjs)`);
  return (await r.json()) as Config;
}

async function main() {
  window.addEventListener("error", (e) => showGlobal(e.error ?? e.message, "Unexpected error"));
  window.addEventListener("unhandledrejection", (e) => showGlobal(e.reason, "Unexpected error"));
  try {
    config = await loadConfig();
  } catch (e) {
    showGlobal(e, "Cannot load the dApp's configuration");
    return;
  }
  byId("chain").textContent = `${config.chainInfo.chainName} (${config.chainId})`;
  byId("connect").addEventListener("click", () => void connect());
  byId("refresh").addEventListener("click", () =>
    step("overview", "Refresh", async () => {
      if (!session) throw new InputError("connect Keplr first");
      await refresh();
      return `up to date at block ${await queries.cosmwasm.getHeight()}`;
    }),
  );
  byId("chart-refresh").addEventListener("click", () => void drawReputation().catch((e) => showGlobal(e, "Reputation chart")));
  byId("chart-operator").addEventListener("change", () => void drawReputation().catch((e) => showGlobal(e, "Reputation chart")));
  bindStaking();
  bindBills();
  bindChannels();
  bindDao();
  bindBridge();
  // Keplr fires this when the person switches accounts (or a Ledger is connected): sign with the new key from then on.
  window.addEventListener("keplr_keystorechange", () => {
    if (!session) return;
    if (busy) {
      keystoreChanged = true;
      return;
    }
    void connect();
  });
  try {
    queries = await Queries.connect(config);
  } catch (e) {
    showGlobal(e, `Loading the marketplace from ${config.rpc}`);
    return;
  }
  const results = await Promise.allSettled([loadOperators(), drawEmissions(), drawFees(), loadBridge()]);
  for (const r of results) if (r.status === "rejected") showGlobal(r.reason, "Loading the marketplace");
  await drawReputation().catch((e) => showGlobal(e, "Reputation chart"));
  append(document.body, [h("div", { id: "ready", hidden: true })]);
}

void main();
