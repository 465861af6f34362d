// The generated message builders (src/*.message-builder.ts, src/*.hook-builder.ts, compiled to dist/ by `npm test`'s
// tsc) make exactly the messages the bench and soak drivers (scripts/bench/bench.mjs, scripts/bench/chain.mjs,
// scripts/soak/soak.mjs) sent as hand-written JSON before they used the builders: each case calls a builder as the
// driver does and compares it with the literal the driver used to send, as the JSON that goes on chain.
//
// The builders write a message's fields in the schema's order (alphabetical), the literals often did not: the content
// is compared (deepStrictEqual of the parsed JSON), and the JSON's length, which is what the tx size is charged on.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import test from "node:test";

const require = createRequire(import.meta.url);
const {
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
  ReputationExecuteMsgBuilder,
  ReputationQueryMsgBuilder,
  StakingExecuteMsgBuilder,
  StakingHookBuilder,
  StakingQueryMsgBuilder,
  TokenExecuteMsgBuilder,
  TokenQueryMsgBuilder,
} = require("./dist/src/builders.js");

// Sample values of the shapes the drivers use (bech32 addresses, base64 keys and signatures, nanosecond timestamps).
const token = "wasm14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s0phg4d";
const staking = "wasm1suhgf5svhu4usrurvxzlgn54ksxmn8gljarjtxqnapv8kjnp4nrss5maay";
const dao = "wasm1ghd753shjuwexxywmgs4xz7x2q732vcnkm6h2pyv9s6ah3hylvrq8welhp";
const escrow = "wasm1nc5tatafv6eyq7llkr2gv50ff9e22mnf70qgjlv737ktmt4eswrqr5j2ht";
const channels = "wasm17p9rzwnnfxcjp32un9ug7yhhzgtkhvl9jfksztgw5uh69wac2pgsm0v070";
const sender = "wasm1cyyzpxplxdzkeea7kwsydadg87357qnahakaks";
const recipient = "wasm18vd8fpwxzck93qlwghaj6arh4p7c5n89k7fvsl";
const operator = "wasm1qnk2n4nlkpw9xfqntladh74w6ujtulwnmxnh3k";
const proposalId = 3;
const billId = "17";
const deadline = 1767225600;
const signed = { pubkey: "A0ZGrlBHMWtCMNAIbIrOxofwCxzZ0dxjT2yzWKwKmo//", sign_mode: "adr036", signature: "c2lnbmF0dXJl" };
const resultHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// What goes on chain: the JSON of the message (JSON.stringify drops the optional fields a builder leaves undefined).
const wire = (msg) => JSON.parse(JSON.stringify(msg));
const b64 = (msg) => Buffer.from(JSON.stringify(msg)).toString("base64");
const unb64 = (s) => JSON.parse(Buffer.from(s, "base64").toString("utf8"));

function same(built, sent) {
  assert.deepStrictEqual(wire(built), wire(sent));
  assert.equal(JSON.stringify(built).length, JSON.stringify(sent).length, "the JSON's length");
}

// A cw20 Send as chain.mjs's cw20SendMsg makes it now, against the literal it made before: the envelope with the hook
// decoded (its base64 differs with the field order), then the hook itself.
function sameSend(contract, amount, hook, sentHook) {
  const built = wire(TokenExecuteMsgBuilder.send({ contract, amount: String(amount), msg: b64(hook) }));
  const before = { send: { contract, amount: String(amount), msg: b64(sentHook) } };
  assert.deepStrictEqual({ send: { ...built.send, msg: unb64(built.send.msg) } }, { send: { ...before.send, msg: sentHook } });
  assert.equal(built.send.msg.length, before.send.msg.length, "the hook's base64 length");
  same(hook, sentHook);
}

test("cw20 transfer (bench and soak: funding, the consumer's bills, soak's transfer action)", () => {
  same(TokenExecuteMsgBuilder.transfer({ recipient, amount: String(5_000_000_000n) }), {
    transfer: { recipient, amount: "5000000000" },
  });
});

test("cw20 send carries the hook (chain.mjs cw20SendMsg)", () => {
  sameSend(staking, 10_000_000_000n, StakingHookBuilder.selfBond(), { self_bond: {} });
});

test("staking: register_operator with nested snake_case metadata, as bench and soak send it", () => {
  same(
    StakingExecuteMsgBuilder.registerOperator({
      role: "provider",
      metadata: { models: ["llama-3-8b"], latency_ms: 80, endpoint: "https://operator-0.bench.invalid" },
    }),
    {
      register_operator: {
        role: "provider",
        metadata: { models: ["llama-3-8b"], latency_ms: 80, endpoint: "https://operator-0.bench.invalid" },
      },
    },
  );
  for (const [role, models, latency] of [
    ["provider", ["llama-3-8b"], 1000],
    ["gateway", [], 50],
    ["validator", [], 0],
  ])
    same(
      StakingExecuteMsgBuilder.registerOperator({
        role,
        metadata: { models, latency_ms: latency, endpoint: `https://${role}.soak.invalid` },
      }),
      { register_operator: { role, metadata: { models, latency_ms: latency, endpoint: `https://${role}.soak.invalid` } } },
    );
});

test("staking hooks: self_bond, delegate, distribute_rewards", () => {
  sameSend(staking, 10_000_000_000n, StakingHookBuilder.selfBond(), { self_bond: {} });
  sameSend(staking, 10_000_000n, StakingHookBuilder.delegate({ operator }), { delegate: { operator } });
  sameSend(staking, 1_000_000_000n, StakingHookBuilder.distributeRewards({ operator }), {
    distribute_rewards: { operator },
  });
});

test("staking: claim_rewards, slash (evidence_id), unbond", () => {
  same(StakingExecuteMsgBuilder.claimRewards({ operator }), { claim_rewards: { operator } });
  same(StakingExecuteMsgBuilder.slash({ operator, class: "minor", fraction: "0.01", evidenceId: "bench-slash-2" }), {
    slash: { operator, class: "minor", fraction: "0.01", evidence_id: "bench-slash-2" },
  });
  same(StakingExecuteMsgBuilder.unbond({ operator, amount: String(42_000_000n) }), {
    unbond: { operator, amount: "42000000" },
  });
});

test("DAO hooks: lock, propose (a treasury spend: a CosmosMsg::Wasm whose msg is a cw20 transfer)", () => {
  sameSend(dao, 1_000_000n, DaoHookBuilder.lock(), { lock: {} });
  // The inner transfer, base64 in the CosmosMsg: bench (recipient admin) and soak (recipient liquidity). Its base64
  // differs with the field order, so it is compared decoded here and the proposals below carry the same one.
  const inner = b64(TokenExecuteMsgBuilder.transfer({ recipient, amount: "1" }));
  assert.deepStrictEqual(unb64(inner), { transfer: { recipient, amount: "1" } });
  assert.equal(inner.length, b64({ transfer: { recipient, amount: "1" } }).length);
  const msgsOf = (msg) => [{ wasm: { execute: { contract_addr: token, msg, funds: [] } } }];
  const before = (msg, title, description) => ({
    propose: { title, description, kind: "treasury", msgs: msgsOf(msg) },
  });
  sameSend(
    dao,
    "1000000000",
    DaoHookBuilder.propose({ title: "bench 1010", description: "scale", kind: "treasury", msgs: msgsOf(inner) }),
    before(inner, "bench 1010", "scale"),
  );
  sameSend(
    dao,
    "1000000000",
    DaoHookBuilder.propose({ title: "soak 1 at 10 %", description: "soak", kind: "treasury", msgs: msgsOf(inner) }),
    before(inner, "soak 1 at 10 %", "soak"),
  );
});

test("DAO: vote (proposal_id)", () => {
  for (const vote of ["yes", "no", "abstain"])
    same(DaoExecuteMsgBuilder.vote({ proposalId, vote }), { vote: { proposal_id: proposalId, vote } });
});

test("bill escrow hook: open_bill (gateway_consent, model_class, max_units, latency_class; no min_reputation)", () => {
  const nanos = String(BigInt(deadline) * 1_000_000_000n);
  sameSend(
    escrow,
    "2500000",
    BillEscrowHookBuilder.openBill({
      provider: operator,
      gateway: recipient,
      gatewayConsent: signed,
      modelClass: "small",
      maxUnits: "1",
      latencyClass: "standard",
      deadline: nanos,
    }),
    {
      open_bill: {
        provider: operator,
        gateway: recipient,
        gateway_consent: signed,
        model_class: "small",
        max_units: "1",
        latency_class: "standard",
        deadline: nanos,
      },
    },
  );
});

test("bill escrow: complete (bill_id, latency_ms, result_hash) and complete_batch", () => {
  same(
    BillEscrowExecuteMsgBuilder.complete({
      billId: Number(billId),
      units: "1",
      latencyMs: 1000,
      resultHash,
      acceptance: signed,
    }),
    { complete: { bill_id: 17, units: "1", latency_ms: 1000, result_hash: resultHash, acceptance: signed } },
  );
  // The completions are nested structs: they keep the schema's snake_case keys, as the soak writes them.
  const completions = [17, 18].map((bill_id) => ({
    bill_id,
    units: "1",
    latency_ms: 1000,
    result_hash: resultHash,
    acceptance: signed,
  }));
  same(BillEscrowExecuteMsgBuilder.completeBatch({ completions }), { complete_batch: { completions } });
});

test("payment channels hook: open_channel (expires_at); redeem (channel_id, cumulative_amount, sign_mode)", () => {
  const expires = String(BigInt(deadline) * 1_000_000_000n);
  sameSend(
    channels,
    5_000_000n,
    PaymentChannelsHookBuilder.openChannel({ provider: operator, pubkey: signed.pubkey, expiresAt: expires }),
    { open_channel: { provider: operator, pubkey: signed.pubkey, expires_at: expires } },
  );
  same(
    PaymentChannelsExecuteMsgBuilder.redeem({
      channelId: 4,
      cumulativeAmount: String(2_500_000n),
      nonce: 1,
      signature: signed.signature,
      signMode: "plain",
    }),
    {
      redeem: { channel_id: 4, cumulative_amount: "2500000", nonce: 1, signature: signed.signature, sign_mode: "plain" },
    },
  );
});

test("reputation: report_outcomes (success_value, failed_value, latency_*_value, compute_units)", () => {
  same(
    ReputationExecuteMsgBuilder.reportOutcomes({
      operator,
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
    {
      report_outcomes: {
        operator,
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
    },
  );
});

test("queries of the drivers", () => {
  same(ReputationQueryMsgBuilder.config(), { config: {} });
  same(ReputationQueryMsgBuilder.score({ operator }), { score: { operator } });
  same(TokenQueryMsgBuilder.balance({ address: sender }), { balance: { address: sender } });
  same(TokenQueryMsgBuilder.tokenInfo(), { token_info: {} });
  // The first page has no start_after (undefined: left out of the JSON), the next ones the last account seen.
  same(TokenQueryMsgBuilder.allAccounts({ startAfter: undefined, limit: 30 }), { all_accounts: { start_after: undefined, limit: 30 } });
  same(TokenQueryMsgBuilder.allAccounts({ startAfter: sender, limit: 30 }), { all_accounts: { start_after: sender, limit: 30 } });
  same(DaoQueryMsgBuilder.params(), { params: {} });
  same(DaoQueryMsgBuilder.proposal({ proposalId }), { proposal: { proposal_id: proposalId } });
  same(DaoQueryMsgBuilder.ballot({ proposalId, voter: sender }), { ballot: { proposal_id: proposalId, voter: sender } });
  same(DaoQueryMsgBuilder.votingPower({ address: sender, height: 1234 }), { voting_power: { address: sender, height: 1234 } });
  same(DaoQueryMsgBuilder.votingPower({ address: sender }), { voting_power: { address: sender } });
  same(StakingQueryMsgBuilder.operatorStatus({ operator }), { operator_status: { operator } });
  same(StakingQueryMsgBuilder.operators({}), { operators: {} });
  same(StakingQueryMsgBuilder.totals(), { totals: {} });
  same(StakingQueryMsgBuilder.delegation({ delegator: sender, operator }), { delegation: { delegator: sender, operator } });
  same(BillEscrowQueryMsgBuilder.quote({ modelClass: "small", latencyClass: "standard", units: "1" }), {
    quote: { model_class: "small", latency_class: "standard", units: "1" },
  });
  same(BillEscrowQueryMsgBuilder.totals(), { totals: {} });
  same(PaymentChannelsQueryMsgBuilder.totals(), { totals: {} });
  same(DistributorQueryMsgBuilder.emission(), { emission: {} });
});
