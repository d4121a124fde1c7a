// Time to interactive in Debian's Chromium on an emulated "Fast 3G" connection, for
// the bench (tti.rs runs it). Each page is loaded `runs` times, each time in a fresh
// browser context with the cache disabled; a load counts from navigation start
// (performance.now() is 0 there) to the moment the app marks <body data-hydrated>,
// which it does once the page's islands are live, or at once on a page without any
// (app/src/ui/islands.rs). The first contentful paint is recorded beside it, and the
// wasm and JS the page fetched (what the download goal counts).
//
// Usage: node tti.mjs '<json>' with {base, cookie: {name, value}, pages: [{name,
// path}], runs, end2end, chromium}; prints one JSON object on standard output.

import { createRequire } from "node:module";
import path from "node:path";

const settings = JSON.parse(process.argv[2]);
// Playwright is the end-to-end suite's own copy; it never downloads a browser here.
const require = createRequire(path.resolve(settings.end2end, "package.json"));
const { chromium } = require("playwright");

// The connection, as the issue names it: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
const FAST_3G = {
  offline: false,
  latency: 150,
  downloadThroughput: 200_000,
  uploadThroughput: 93_750,
};

// Runs in the page before any of its own scripts: notes when hydration marks the body.
function watchHydration() {
  const mark = () => {
    if (window.__hydratedAt === undefined && document.body?.dataset.hydrated === "true") {
      window.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-hydrated"],
  });
}

async function load(browser, url) {
  const context = await browser.newContext();
  await context.addCookies([{ ...settings.cookie, url: settings.base }]);
  await context.addInitScript(watchHydration);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", FAST_3G);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  try {
    const response = await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
    if (!response || response.status() !== 200) {
      throw new Error(`${url} answered ${response?.status()}`);
    }
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, {
      timeout: 60_000,
    });
    // A page without islands is live before its first paint is recorded.
    await page
      .waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, {
        timeout: 10_000,
      })
      .catch(() => {});
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      const fetched = performance
        .getEntriesByType("resource")
        .concat(performance.getEntriesByType("navigation"))
        .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
      const scripts = performance
        .getEntriesByType("resource")
        .filter((entry) => /\.(wasm|js)$/.test(new URL(entry.name).pathname))
        .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
      return {
        hydrated_ms: window.__hydratedAt,
        script_bytes: scripts,
        painted_ms: paint ? paint.startTime : null,
        transferred_bytes: fetched,
        final_path: location.pathname,
      };
    });
  } finally {
    await context.close();
  }
}

function median(values) {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
}

const browser = await chromium.launch({
  executablePath: settings.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const pages = [];
  for (const { name, path: pagePath } of settings.pages) {
    const loads = [];
    for (let i = 0; i < settings.runs; i++) {
      loads.push(await load(browser, settings.base + pagePath));
    }
    // A redirect to the sign-in page would measure the wrong page.
    const wrong = loads.find((l) => l.final_path !== pagePath);
    if (wrong) throw new Error(`${pagePath} ended on ${wrong.final_path}`);
    pages.push({
      name,
      path: pagePath,
      hydrated_ms: loads.map((l) => l.hydrated_ms),
      painted_ms: loads.map((l) => l.painted_ms),
      transferred_bytes: loads.map((l) => l.transferred_bytes),
      script_bytes: loads.map((l) => l.script_bytes),
      median_script_bytes: median(loads.map((l) => l.script_bytes)),
      median_hydrated_ms: median(loads.map((l) => l.hydrated_ms)),
      median_painted_ms: median(loads.map((l) => l.painted_ms)),
    });
  }
  console.log(JSON.stringify({ chromium: browser.version(), network: FAST_3G, pages }));
} finally {
  await browser.close();
}
