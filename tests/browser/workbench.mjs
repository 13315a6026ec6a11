// The analyst's workbench clicked through in headless Chromium with playwright-core.
//
//   node tests/browser/workbench.mjs BASE_URL API_KEY ARTIFACT_DIR
//
// Searches a supplier on the home page, opens its organisation page, opens a platform
// page, clicks a finding to focus it in the view, sorts a table, downloads a CSV, runs a
// preset scenario, filters the adversary links, draws the map, and checks every page and
// view for requests to any other origin. Prints one JSON object with what it saw;
// screenshots go to ARTIFACT_DIR. The pytest wrapper (test_workbench_browser.py) asserts.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const [base, apiKey, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const origin = new URL(base).origin;
const out = { pages: {}, external: [], consoleErrors: [], pageErrors: [] };
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "supplynet-pw-"));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1500, height: 950 },
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-dev-shm-usage",
  ],
});
// Every request of every page and frame: anything not from this server is recorded.
context.on("request", (req) => {
  const url = req.url();
  if (!(url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:") ||
        url.startsWith("about:"))) {
    out.external.push(url);
  }
});
const page = context.pages()[0] || (await context.newPage());
page.on("console", (m) => { if (m.type() === "error") out.consoleErrors.push(m.text()); });
page.on("pageerror", (e) => out.pageErrors.push(String(e)));
const shot = (name) => page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage: false });
const ready = (p) => p.waitForFunction(() => window.supplynetPage && (window.supplynetPage.ready || window.supplynetPage.error), null, { timeout: 60000 });

try {
  // 1. Home page: enter the key, search a supplier, pick the suggestion.
  await page.goto(base + "/");
  await page.fill("#key-input", apiKey);
  await page.click("#key-form button[type=submit]");
  await page.waitForFunction(() => window.supplynetHome && window.supplynetHome.ready, null, { timeout: 60000 });
  await page.fill("#search-input", "galium refin");
  await page.waitForSelector("#suggestions li", { timeout: 20000 });
  out.suggestions = await page.$$eval("#suggestions li", (lis) => lis.map((l) => l.dataset.id));
  await shot("01-home-search");
  await page.click('#suggestions li[data-id="o-ga-cn1"]');
  await page.waitForSelector("#found a", { timeout: 20000 });
  out.pages.home = { chosen: await page.evaluate(() => window.supplynetHome.search.chosen) };

  // 2. The supplier's organisation page.
  await Promise.all([page.waitForURL(/\/pages\/organisations\//), page.click("#found a")]);
  await ready(page);
  out.pages.organisation = await page.evaluate(() => ({
    error: window.supplynetPage.error,
    title: document.getElementById("page-title").textContent,
    reasons: Array.from(document.querySelectorAll("#reasons li")).map((li) => li.textContent),
    platforms: window.supplynetPage.profile.platforms.map((p) => p.id),
  }));
  await page.waitForFunction(() => window.supplynetPage.viewLoaded, null, { timeout: 60000 });
  await shot("02-organisation");

  // 3. A platform page: click a finding, it is focused in the view.
  await page.goto(base + "/pages/platforms/p-ad-radar");
  await ready(page);
  await page.waitForFunction(() => window.supplynetPage.viewLoaded, null, { timeout: 60000 });
  const frame = page.frameLocator("#view");
  await frame.locator("body[data-drawn=true]").waitFor({ timeout: 60000 });
  // The view runs in an opaque origin (sandboxed frame): read it through its own frame.
  const viewFrame = await (await page.$("#view")).contentFrame();
  await page.click("#table-blocking button.focus");
  const focused = await viewFrame.waitForFunction(() => supplynetData.focused, null, { timeout: 20000 })
    .then((h) => h.jsonValue()).catch(() => null);
  const view = await viewFrame.evaluate(() => ({
    drawn: supplynetData.nodes.length, scale: network.getScale(),
    selected: network.getSelectedNodes(),
    status: document.getElementById("find-status").textContent,
  }));
  // Find and focus inside the view itself.
  await viewFrame.fill("#find-input", "radome");
  await viewFrame.press("#find-input", "Enter");
  view.found = await viewFrame.evaluate(() => document.getElementById("find-status").textContent);
  out.pages.platform = {
    error: await page.evaluate(() => window.supplynetPage.error),
    focused, view, url: page.url(), pageFocused: await page.evaluate(() => window.supplynetPage.focused),
    tables: await page.evaluate(() => Object.fromEntries(Object.entries(window.supplynetPage.tables)
      .map(([k, t]) => [k, t.rows.length]))),
  };
  await shot("03-platform-focused");
  // Sort the concentration table by the adversary-owned share, twice: largest first.
  const header = page.locator("#table-concentration th", { hasText: "From adversary-owned suppliers" });
  await header.click();
  await header.click();
  out.pages.platform.topOwned = await page.$eval("#table-concentration tbody tr td", (td) => td.textContent);
  // Download a findings table as CSV.
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 20000 }),
    page.click("#table-concentration h2 button.csv"),
  ]);
  const csvPath = path.join(artifacts, download.suggestedFilename());
  await download.saveAs(csvPath);
  out.pages.platform.csv = { name: download.suggestedFilename(), text: fs.readFileSync(csvPath, "utf8") };
  // A PNG of the view, from the view's own Save PNG button (inside the sandboxed frame).
  const [png] = await Promise.all([
    page.waitForEvent("download", { timeout: 20000 }),
    viewFrame.click("#save-png"),
  ]);
  const pngPath = path.join(artifacts, png.suggestedFilename());
  await png.saveAs(pngPath);
  const head = fs.readFileSync(pngPath).subarray(0, 8).toString("hex");
  out.pages.platform.png = { name: png.suggestedFilename(), bytes: fs.statSync(pngPath).size, head };
  // The shared URL restores the view state, and carries no key.
  await page.fill("#o-budget", "40");
  await page.click("#view-form button[type=submit]");
  await page.waitForFunction(() => window.supplynetPage.viewLoaded, null, { timeout: 60000 });
  out.pages.platform.sharedUrl = page.url();

  // 4. A preset scenario, run and read.
  await page.goto(base + "/pages/scenarios");
  await page.waitForFunction(() => window.supplynetPage.loaded || window.supplynetPage.error, null, { timeout: 60000 });
  await page.selectOption("#preset", { label: "cn-2023-gallium-germanium-licensing" });
  await page.click("#run-preset");
  await ready(page);
  out.pages.scenarios = await page.evaluate(() => ({
    error: window.supplynetPage.error,
    presets: window.supplynetPage.presets,
    summary: document.getElementById("summary").textContent,
    lost: window.supplynetPage.result ? window.supplynetPage.result.platforms_lost : null,
    degraded: document.getElementById("degraded").textContent,
    bottlenecks: document.getElementById("bottlenecks").textContent,
    degradedRefs: window.supplynetPage.result
      ? window.supplynetPage.result.degraded_items.map((d) => d.item) : null,
  }));
  await shot("04-scenario");

  // 5. Adversary links filtered by reason and platform (state in the URL).
  await page.goto(base + "/pages/adversary-links?reason=designation&platform=p-thermal-sight");
  await ready(page);
  out.pages.links = await page.evaluate(() => ({
    error: window.supplynetPage.error,
    ids: window.supplynetPage.rows.map((r) => r.id),
    kinds: window.supplynetPage.rows.map((r) => r.reasons.map((x) => x.kind)),
  }));
  await shot("05-adversary-links");

  // 6. The facilities map.
  await page.goto(base + "/pages/map");
  await ready(page);
  out.pages.map = await page.evaluate(() => ({
    error: window.supplynetPage.error,
    facilities: window.supplynetPage.facilities,
    dots: window.supplynetPage.dots,
    countries: document.querySelectorAll("svg.map path").length,
    red: document.querySelectorAll('svg.map circle[fill="#D62728"]').length,
  }));
  await shot("06-map");

  // 7. The interactive API docs, offline.
  await page.goto(base + "/docs");
  await page.waitForSelector(".swagger-ui .opblock-tag", { timeout: 60000 });
  out.pages.docs = { operations: await page.locator(".opblock").count() };
  await shot("07-docs");
} catch (e) {
  out.error = String(e && e.stack || e);
  await shot("99-failure").catch(() => {});
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + "\n");
