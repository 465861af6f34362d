// Errors in plain words: what a wallet, the chain or a contract said, as a person can act on it.
import { InputError } from "./format";

/** A cw20 Send or transfer of more than the sender holds (cw20-base's overflow, said plainly). */
export class InsufficientBalance extends Error {
  constructor(
    readonly have: string,
    readonly need: string,
    readonly symbol: string,
  ) {
    super(`you hold ${have} ${symbol}, this needs ${need} ${symbol}`);
  }
}

export interface Explained {
  title: string;
  detail: string;
  /** The original message, shown under "details" when it says more than `detail`. */
  raw?: string;
}

const contractError = (message: string): string | null => {
  // Simulation: "... failed to execute message; message index: 0: <the contract's error>: execute wasm contract failed ..."
  // Delivery (raw log): "failed to execute message; message index: 0: <error>: execute wasm contract failed".
  const m = /message index: \d+: ([\s\S]*?): execute wasm contract failed/.exec(message);
  if (m) return m[1].trim();
  const q = /query wasm contract failed: ([\s\S]*?)(?:: unknown request|$)/.exec(message);
  return q ? q[1].trim() : null;
};

export function explain(error: unknown): Explained {
  const raw = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError) return { title: "Check the form", detail: raw };
  if (error instanceof InsufficientBalance) {
    return { title: "Insufficient balance", detail: `Not enough ${error.symbol}: ${raw}. Nothing was sent.` };
  }
  if (/Keplr is not installed/.test(raw)) return { title: "Keplr not found", detail: raw };
  if (/request rejected|rejected by (the )?user|user rejected|user denied/i.test(raw)) {
    return {
      title: "Signature rejected",
      detail: "You rejected the request in Keplr, so nothing was signed or sent.",
      raw,
    };
  }
  const contract = contractError(raw);
  if (contract) {
    // An overflow is a shortfall only where the balance was checked (Session.send raises InsufficientBalance then);
    // elsewhere it is the contract's own refusal, said as it is.
    return { title: "The contract refused", detail: `${contract}. Nothing was changed.`, raw };
  }
  if (/insufficient funds/i.test(raw)) {
    return { title: "Insufficient balance", detail: "The account cannot pay this transaction's fee.", raw };
  }
  if (/does not exist on chain/i.test(raw)) {
    return {
      title: "Account not on chain yet",
      detail: "This address has never received any of the chain's own coins, so it cannot sign transactions yet.",
      raw,
    };
  }
  if (/Failed to fetch|NetworkError|ECONNREFUSED|fetch failed|timed? ?out/i.test(raw)) {
    return { title: "Cannot reach the chain", detail: "The node did not answer; check that it runs and try again.", raw };
  }
  if (/was submitted but was not yet found on the chain/i.test(raw)) {
    return { title: "Not confirmed yet", detail: "The transaction was sent but not seen in a block in time.", raw };
  }
  return { title: "Something went wrong", detail: raw };
}
