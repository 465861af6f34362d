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

/** "12.5" tokens → base units "12500000"; refuses what is not a positive amount with at most `decimals` decimals. */
export function baseUnits(text: string, what: string, decimals = 6): string {
  const t = text.trim().replace(/,/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) throw new InputError(`${what}: "${text}" is not an amount of tokens (for example 12.5)`);
  const frac = m[2] ?? "";
  if (frac.length > decimals) throw new InputError(`${what}: at most ${decimals} decimals`);
  const v = BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  if (v <= 0n) throw new InputError(`${what} must be more than zero`);
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
