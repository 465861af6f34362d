// Amounts: the chain counts base units (1 MESH = 10^6), a person reads tokens.

export class InputError extends Error {}

/** Base units → "1,234.5" (trailing zeros dropped). */
export function tokens(base: string | bigint | number | null | undefined, decimals = 6): string {
  if (base === null || base === undefined || base === "") return "0";
  let v = BigInt(base);
  const negative = v < 0n;
  if (negative) v = -v;
  const unit = 10n ** BigInt(decimals);
  const whole = (v / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = (v % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}

const UINT128_MAX = (1n << 128n) - 1n;

/**
 * "12.5" or "1,234.5" tokens → base units; refuses what is not a positive amount with at most `decimals` decimals.
 * A comma is read only as a thousands separator between groups of three digits: "1,5" (a decimal comma) is refused,
 * never read as 15, since Keplr shows the amount only in base units where a 10× slip is easy to miss.
 */
export function baseUnits(text: string, what: string, decimals = 6): string {
  const trimmed = text.trim();
  const plain = /^\d+(?:\.\d*)?$/.test(trimmed);
  const grouped = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(trimmed);
  const m = plain || grouped ? /^(\d+)(?:\.(\d*))?$/.exec(trimmed.replace(/,/g, "")) : null;
  if (!m) {
    throw new InputError(
      `${what}: "${text}" is not an amount of tokens (for example 12.5 or 1,234.5: a point before decimals, commas only between groups of three digits)`,
    );
  }
  const frac = m[2] ?? "";
  if (frac.length > decimals) throw new InputError(`${what}: at most ${decimals} decimals`);
  const v = BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  if (v <= 0n) throw new InputError(`${what} must be more than zero`);
  if (v > UINT128_MAX) throw new InputError(`${what}: more than a cw20 amount can hold`);
  return v.toString();
}

/** A positive whole number from a form field. */
export function wholeNumber(text: string, what: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) <= 0 || !Number.isSafeInteger(Number(t))) {
    throw new InputError(`${what}: "${text}" is not a positive whole number`);
  }
  return Number(t);
}

/** A cosmwasm Timestamp (nanoseconds, a string) → local date and time. */
export function when(nanos: string | null | undefined): string {
  if (!nanos) return "—";
  const d = new Date(Number(BigInt(nanos) / 1_000_000n));
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const short = (address: string) => (address.length > 20 ? `${address.slice(0, 10)}…${address.slice(-6)}` : address);

export const percent = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;
