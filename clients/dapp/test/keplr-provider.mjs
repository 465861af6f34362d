// A window.keplr for headless tests, standing in for the extension (which cannot be installed here). The page gets a
// thin stub with Keplr's provider API (experimentalSuggestChain, enable, getKey, getOfflineSigner,
// getOfflineSignerOnlyAmino, getOfflineSignerAuto, signAmino, signDirect, signArbitrary, verifyArbitrary); every call
// crosses to Node through page.exposeFunction, where CosmJS wallets (DirectSecp256k1HdWallet and Secp256k1HdWallet,
// prefix wasm, coin type 118) sign, so the browser bundle stays the real dApp.
//
// Like Keplr: chains must be suggested and enabled before keys or signatures; getOfflineSignerAuto gives an Amino-only
// signer for a Ledger key (`setLedger(true)`); a request the person declines throws "Request rejected"
// (`rejectNext()`); a request can wait for the person's approval as long as the test likes (`holdNext()`: the page
// shows its progress meanwhile); signArbitrary signs the ADR-036 amino sign doc of the data (sign/MsgSignData, empty chain id,
// account number and sequence 0) and verifyArbitrary checks one. (@keplr-wallet/provider-mock is not used: its
// signDirect corrupts signatures.)
import { makeSignDoc, serializeSignDoc, Secp256k1HdWallet } from "@cosmjs/amino";
import { Secp256k1, Secp256k1Signature, sha256 } from "@cosmjs/crypto";
import { fromBase64, fromBech32, toBase64, toUtf8 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";

// Values crossing the page boundary as JSON: bytes and bigints are tagged.
const encode = (v) =>
  JSON.stringify(v, (_k, x) => {
    if (x instanceof Uint8Array) return { $bytes: toBase64(x) };
    if (typeof x === "bigint") return { $bigint: x.toString() };
    return x;
  });
const decode = (s) =>
  JSON.parse(s, (_k, x) => {
    if (x && typeof x === "object" && typeof x.$bytes === "string") return fromBase64(x.$bytes);
    if (x && typeof x === "object" && typeof x.$bigint === "string") return BigInt(x.$bigint);
    return x;
  });

/** The ADR-036 sign doc Keplr's signArbitrary signs (keplr-wallet `makeADR36AminoSignDoc`). */
export function adr36SignDoc(signer, data) {
  const bytes = typeof data === "string" ? toUtf8(data) : data;
  return makeSignDoc([{ type: "sign/MsgSignData", value: { signer, data: toBase64(bytes) } }], { gas: "0", amount: [] }, "", "", 0, 0);
}

/**
 * Installs the provider into `page` (before any of its scripts run). Returns the test's controls.
 * @param {import("playwright-core").Page} page
 * @param {{ mnemonic: string, prefix?: string, name?: string }} o
 */
export async function installKeplr(page, o) {
  const prefix = o.prefix ?? "wasm";
  const direct = await DirectSecp256k1HdWallet.fromMnemonic(o.mnemonic, { prefix });
  const amino = await Secp256k1HdWallet.fromMnemonic(o.mnemonic, { prefix });
  const [account] = await direct.getAccounts();
  const state = {
    suggested: new Map(),
    enabled: new Set(),
    ledger: false,
    reject: 0,
    /** The next request waits for `release()` (Keplr's approval window, left open). */
    hold: null,
    /** Every call the page made: { method, chainId, mode? }. */
    calls: [],
  };

  const chainReady = (chainId) => {
    if (!state.suggested.has(chainId)) throw new Error(`There is no chain info for ${chainId}`);
    if (!state.enabled.has(chainId)) throw new Error(`${chainId} is not enabled`);
  };
  const consent = async () => {
    if (state.hold) {
      const held = state.hold;
      state.hold = null;
      held.ask();
      await held.released;
    }
    if (state.reject > 0) {
      state.reject -= 1;
      throw new Error("Request rejected");
    }
  };
  const signerIs = (signer) => {
    if (signer !== account.address) throw new Error(`Unknown signer address ${signer}`);
  };

  const methods = {
    async experimentalSuggestChain(chainInfo) {
      for (const k of ["chainId", "chainName", "rpc", "rest", "bip44", "bech32Config", "currencies", "feeCurrencies", "stakeCurrency"]) {
        if (chainInfo?.[k] === undefined) throw new Error(`Invalid chain info: ${k} is required`);
      }
      if (chainInfo.bip44.coinType !== 118) throw new Error("this test key is coin type 118");
      await consent();
      state.suggested.set(chainInfo.chainId, chainInfo);
    },
    async enable(chainIds) {
      for (const id of [].concat(chainIds)) {
        if (!state.suggested.has(id)) throw new Error(`There is no chain info for ${id}`);
      }
      await consent();
      for (const id of [].concat(chainIds)) state.enabled.add(id);
    },
    async getKey(chainId) {
      chainReady(chainId);
      return {
        name: o.name ?? "test key",
        algo: "secp256k1",
        pubKey: account.pubkey,
        address: fromBech32(account.address).data,
        bech32Address: account.address,
        isNanoLedger: state.ledger,
        isKeystone: false,
      };
    },
    async getAccounts(chainId) {
      chainReady(chainId);
      return [{ address: account.address, algo: "secp256k1", pubkey: account.pubkey }];
    },
    async signDirect(chainId, signer, signDoc) {
      chainReady(chainId);
      signerIs(signer);
      if (state.ledger) throw new Error("Ledger does not support direct signing");
      if (signDoc.chainId !== chainId) throw new Error("Chain id in the sign doc does not match");
      await consent();
      const r = await direct.signDirect(signer, {
        bodyBytes: signDoc.bodyBytes,
        authInfoBytes: signDoc.authInfoBytes,
        chainId: signDoc.chainId,
        accountNumber: BigInt(signDoc.accountNumber),
      });
      return { signed: r.signed, signature: r.signature };
    },
    async signAmino(chainId, signer, signDoc) {
      chainReady(chainId);
      signerIs(signer);
      if (signDoc.chain_id !== chainId) throw new Error("Chain id in the sign doc does not match");
      await consent();
      return amino.signAmino(signer, signDoc);
    },
    async signArbitrary(chainId, signer, data) {
      chainReady(chainId);
      signerIs(signer);
      await consent();
      const { signature } = await amino.signAmino(signer, adr36SignDoc(signer, data));
      return signature;
    },
    async verifyArbitrary(chainId, signer, data, signature) {
      chainReady(chainId);
      signerIs(signer);
      if (signature?.pub_key?.value !== toBase64(account.pubkey)) return false;
      const digest = sha256(serializeSignDoc(adr36SignDoc(signer, data)));
      return Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(fromBase64(signature.signature)), digest, account.pubkey);
    },
  };

  await page.exposeFunction("__keplrNode", async (method, argsJson) => {
    const args = decode(argsJson);
    state.calls.push({ method, chainId: args[0], ledger: state.ledger });
    try {
      if (!Object.hasOwn(methods, method)) throw new Error(`not implemented: ${method}`);
      return encode({ ok: await methods[method](...args) });
    } catch (e) {
      return encode({ error: String(e?.message ?? e) });
    }
  });

  // The page side: Keplr's API shape, each call forwarded to Node. Offline signers behave as Keplr's
  // CosmJSOfflineSigner (direct and amino) and CosmJSOfflineSignerOnlyAmino do.
  await page.addInitScript(() => {
    const b64 = (u8) => btoa(String.fromCharCode(...u8));
    const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const enc = (v) =>
      JSON.stringify(v, (_k, x) => {
        if (x instanceof Uint8Array) return { $bytes: b64(x) };
        if (typeof x === "bigint") return { $bigint: x.toString() };
        if (x && typeof x === "object" && typeof x.low === "number" && typeof x.high === "number" && "unsigned" in x) {
          return { $bigint: (BigInt.asUintN(32, BigInt(x.high)) * 2n ** 32n + BigInt.asUintN(32, BigInt(x.low))).toString() };
        }
        return x;
      });
    const dec = (s) =>
      JSON.parse(s, (_k, x) => {
        if (x && typeof x === "object" && typeof x.$bytes === "string") return unb64(x.$bytes);
        if (x && typeof x === "object" && typeof x.$bigint === "string") return BigInt(x.$bigint);
        return x;
      });
    const call = async (method, ...args) => {
      const r = dec(await window.__keplrNode(method, enc(args)));
      if ("error" in r) throw new Error(r.error);
      return r.ok;
    };
    const keplr = {
      version: "0.12-test",
      mode: "extension",
      experimentalSuggestChain: (chainInfo) => call("experimentalSuggestChain", chainInfo),
      enable: (chainIds) => call("enable", chainIds),
      getKey: (chainId) => call("getKey", chainId),
      signDirect: (chainId, signer, signDoc) => call("signDirect", chainId, signer, signDoc),
      signAmino: (chainId, signer, signDoc) => call("signAmino", chainId, signer, signDoc),
      signArbitrary: (chainId, signer, data) => call("signArbitrary", chainId, signer, data),
      verifyArbitrary: (chainId, signer, data, signature) => call("verifyArbitrary", chainId, signer, data, signature),
      getOfflineSignerOnlyAmino(chainId) {
        return {
          chainId,
          getAccounts: () => call("getAccounts", chainId),
          signAmino: (signer, signDoc) => call("signAmino", chainId, signer, signDoc),
        };
      },
      getOfflineSigner(chainId) {
        return {
          chainId,
          getAccounts: () => call("getAccounts", chainId),
          signAmino: (signer, signDoc) => call("signAmino", chainId, signer, signDoc),
          signDirect: (signer, signDoc) => call("signDirect", chainId, signer, signDoc),
        };
      },
      async getOfflineSignerAuto(chainId) {
        const key = await keplr.getKey(chainId);
        return key.isNanoLedger ? keplr.getOfflineSignerOnlyAmino(chainId) : keplr.getOfflineSigner(chainId);
      },
    };
    window.keplr = keplr;
    window.getOfflineSigner = keplr.getOfflineSigner;
    window.getOfflineSignerOnlyAmino = keplr.getOfflineSignerOnlyAmino;
    window.getOfflineSignerAuto = keplr.getOfflineSignerAuto;
  });

  return {
    address: account.address,
    pubkey: toBase64(account.pubkey),
    calls: state.calls,
    /** A Ledger key: getOfflineSignerAuto gives an Amino-only signer (and signDirect is refused). */
    setLedger(on) {
      state.ledger = on;
    },
    /** The person declines the next request: it throws "Request rejected", as Keplr does. */
    rejectNext(n = 1) {
      state.reject = n;
    },
    /**
     * The next request (suggest, enable or a signature) waits, as Keplr's window does until the person approves:
     * `asked` resolves when the page's request arrives, `release()` lets it go on (to a signature, or to a rejection
     * after `rejectNext()`).
     */
    holdNext() {
      let ask, release;
      const asked = new Promise((r) => (ask = r));
      const released = new Promise((r) => (release = r));
      state.hold = { ask, released };
      return { asked, release };
    },
  };
}
