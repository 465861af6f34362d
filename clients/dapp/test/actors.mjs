// The other parties of the browser tests, driven from Node with CosmJS and the localnet's test keys
// (scripts/accounts.json): the liquidity holder who sells MESH and proposes in the DAO, the public-sale holder who
// funds a vesting grant, the provider who serves bills and redeems vouchers, the gateway. Like scripts/bench: each
// message is simulated, and the fee has no coins (the localnet's gas price is 0).
import { readFileSync } from "node:fs";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { TokenExecuteMsgBuilder } from "../../contracts/dist/src/builders.js";

export const MESH = 1_000_000n;

export function mnemonicOf(accountsFile, name) {
  const accounts = JSON.parse(readFileSync(accountsFile, "utf8"));
  const a = accounts.find((x) => x.name === name);
  if (!a) throw new Error(`no account named ${name} in ${accountsFile}`);
  return a.mnemonic;
}

export class Actor {
  constructor(name, address, client) {
    this.name = name;
    this.address = address;
    this.client = client;
  }

  static async connect(name, mnemonic, rpc) {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "wasm" });
    const [{ address }] = await wallet.getAccounts();
    const client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, { broadcastPollIntervalMs: 250 });
    return new Actor(name, address, client);
  }

  query(contract, msg) {
    return this.client.queryContractSmart(contract, msg);
  }

  async execute(contract, msg) {
    const message = {
      typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
      value: { sender: this.address, contract, msg: toUtf8(JSON.stringify(msg)), funds: [] },
    };
    const gas = await this.client.simulate(this.address, [message], undefined);
    return this.client.execute(this.address, contract, msg, { amount: [], gas: String(Math.ceil(gas * 1.4) + 20_000) });
  }

  /** cw20 Send with a hook. */
  send(token, contract, amount, hook) {
    return this.execute(token, TokenExecuteMsgBuilder.send({ contract, amount: String(amount), msg: toBase64(toUtf8(JSON.stringify(hook))) }));
  }

  transfer(token, recipient, amount) {
    return this.execute(token, TokenExecuteMsgBuilder.transfer({ recipient, amount: String(amount) }));
  }

  disconnect() {
    this.client.disconnect();
  }
}

/** The first `wasm` attribute `key` of a transaction's events. */
export function attribute(result, key) {
  for (const e of result.events) {
    if (e.type !== "wasm") continue;
    const a = e.attributes.find((x) => x.key === key);
    if (a) return a.value;
  }
  return undefined;
}
