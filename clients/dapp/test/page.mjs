// What the dApp's browser tests share (browser.test.mjs on one chain, bridge.test.mjs with a second chain): headless
// Debian chromium driven by playwright-core, and an action's click followed by its result box.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

/** Headless Debian chromium (`INFERMESH_CHROMIUM`, default /usr/bin/chromium): no browser download. */
export function launchChromium(executablePath = "/usr/bin/chromium") {
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Empties the result box `#result-<box>`, so the next outcome is the action's own. */
export function clearResult(page, box) {
  return page.$eval(`#result-${box}`, (e) => {
    e.className = "result";
    e.replaceChildren();
  });
}

/** Waits for `#result-<box>` to show success or an error, and for the page's refresh after it to end. */
export async function resultOf(page, box, timeout = 60_000) {
  const id = `result-${box}`;
  await page.waitForFunction(
    (i) => {
      const e = document.getElementById(i);
      return e && (e.classList.contains("ok") || e.classList.contains("error"));
    },
    id,
    { timeout },
  );
  // The page refreshes the account after a transaction; wait until its buttons are enabled again.
  await page.waitForFunction(() => !document.getElementById("connect").disabled, null, { timeout });
  return page.$eval(`#${id}`, (e) => ({
    ok: e.classList.contains("ok"),
    text: e.innerText,
    title: e.querySelector(".error-title")?.textContent ?? "",
    hash: e.querySelector(".tx-hash")?.textContent ?? "",
    gas: Number((e.querySelector(".gas-used")?.textContent ?? "0").replace(/\D/g, "")),
  }));
}

/** Clicks `selector` and waits for the action's result box (`#result-<box>`) to show success or an error. */
export async function act(page, selector, box, timeout = 60_000) {
  await clearResult(page, box);
  await page.locator(selector).first().click();
  return resultOf(page, box, timeout);
}

export function assertTx(r, what) {
  assert.ok(r.ok, `${what} failed on the page: ${r.text}`);
  assert.match(r.hash, /^[0-9A-F]{64}$/, `${what}: the page shows no tx hash`);
  assert.ok(r.gas > 0, `${what}: the page shows no gas`);
}
