// The dashboard in a real browser (issue 16): a small generated store, imported and trained,
// served by `mercato serve` on a free loopback port, driven by headless Chromium through
// puppeteer-core. Sign in with an admin key; every page loads with no console error and no
// failed request, and each chart has drawn; a customer looked up by email shows their
// recommendations; the Pricing page counts the CLI's price changes and the rules that bound
// them; the Experiments page lists the planted recommendations holdout, draws its
// report's intervals and stops a running experiment; the Recommendations page shows what the
// holdout measured recommendations earned; the Journeys page shows each journey's entries and
// messages as the CLI counts them and the outbox; the at-risk export downloads the CLI's CSV; a
// storefront key cannot sign in
// and the data routes refuse callers without a session; axe-core finds no critical violation.
// Screenshots of every page go to MERCATO_SCREENSHOTS.
//
// Environment: MERCATO_BIN (the mercato binary), MERCATO_SCREENSHOTS (a folder, created),
// CHROMIUM (default /usr/bin/chromium). Run: node --test tests/browser/dashboard.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '../../web');
const requireFromWeb = createRequire(join(webDir, 'package.json'));
const puppeteer = requireFromWeb('puppeteer-core');
const axePath = requireFromWeb.resolve('axe-core/axe.min.js');

const mercato = process.env.MERCATO_BIN;
const screenshots = process.env.MERCATO_SCREENSHOTS || join(tmpdir(), 'dashboard-screenshots');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(mercato && existsSync(mercato), 'set MERCATO_BIN to the mercato binary');
assert.ok(existsSync(chromium), `no Chromium at ${chromium}: run scripts/setup.sh (apt-get install chromium)`);

// Every page, the route it needs, and its charts. The dashboard offers a page only when the
// server has its route; every page here must be offered (a capability that lands adds its page).
const pages = [
  { hash: '#/overview', title: 'Overview', needs: '/v1/dashboard/overview', charts: 1 },
  { hash: '#/customers', title: 'Customers', needs: '/v1/dashboard/customers', charts: 3 },
  { hash: '#/recommendations', title: 'Recommendations', needs: '/v1/dashboard/recommendations', charts: 0 },
  { hash: '#/forecast', title: 'Forecast and inventory', needs: '/v1/inventory/plan', charts: 1 },
  { hash: '#/pricing', title: 'Pricing', needs: '/v1/pricing/recommendations', charts: 1 },
  { hash: '#/experiments', title: 'Experiments', needs: '/v1/dashboard/experiments', charts: 1 },
  { hash: '#/journeys', title: 'Journeys', needs: '/v1/dashboard/journeys', charts: 1 },
  { hash: '#/settings', title: 'Settings and data', needs: '/v1/dashboard/settings', charts: 0 },
];

const work = mkdtempSync(join(tmpdir(), 'mercato-browser-'));
const db = join(work, 'store.db');
let server = null;
let browser = null;
let base = '';
let adminKey = '';
let storefrontKey = '';
let asOf = '';

function run(...args) {
  return execFileSync(mercato, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function stopServer() {
  if (server && server.exitCode === null) server.kill('SIGKILL');
}
// On every way out (the end, a failure, ctest's timeout, Ctrl-C) the server and Chromium go too.
process.on('exit', () => {
  stopServer();
  if (browser && browser.process()) browser.process().kill('SIGKILL');
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(1));

// Starts `mercato serve --port 0` and resolves to its URL from the line it prints.
function startServer() {
  return new Promise((resolveUrl, reject) => {
    server = spawn(mercato, ['serve', '--db', db, '--host', '127.0.0.1', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`mercato serve did not start:\n${out}${err}`)), 60000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    server.stderr.on('data', (chunk) => { err += chunk; });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mercato serve exited (${code}):\n${out}${err}`));
    });
  });
}

// An email of a generated customer who has ordered (the first row of the customers file).
function someCustomerEmail() {
  const dir = join(work, 'store');
  const file = readdirSync(dir).find((f) => /^customers\.(csv|jsonl)/.test(f));
  const text = readFileSync(join(dir, file), 'utf8');
  const email = text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]+/);
  assert.ok(email, `no email in ${file}`);
  return email[0];
}

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  // With a recommendations holdout (experiment recs-holdout), imported with its exposures, and a
  // second experiment the stop test stops.
  run('generate', '--out', join(work, 'store'), '--customers', '300', '--days', '400', '--seed', '7',
    '--recommendation-lift', '0.3');
  run('import', '--db', db, '--format', 'generic', join(work, 'store'));
  run('experiments', 'import', '--db', db, join(work, 'store', 'experiments.json'),
    join(work, 'store', 'experiment_exposures.csv'));
  run('experiments', 'create', 'search-test', '--db', db, '--capability', 'search', '--status', 'running',
    '--variant', 'control', '--variant', 'ranked');
  run('train', 'recommend', '--db', db);
  // The journeys run once at the store's last order (the generated store ends there), writing
  // their log, holdout exposures and messages.
  asOf = JSON.parse(run('stats', '--db', db, '--json')).orders_range.last;
  run('journeys', 'run', '--db', db, '--as-of', asOf);
  adminKey = JSON.parse(run('keys', 'create', '--db', db, '--scope', 'admin', '--name', 'dash', '--json')).key;
  storefrontKey = JSON.parse(run('keys', 'create', '--db', db, '--scope', 'storefront', '--name', 'shop', '--json')).key;
  base = await startServer();
  const doc = await (await fetch(`${base}/v1/openapi.json`, { headers: { Authorization: `Bearer ${adminKey}` } })).json();
  for (const p of pages) assert.ok(p.needs in doc.paths, `the server has no ${p.needs}`);
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1280,900'],
    defaultViewport: { width: 1280, height: 900 },
  });
});

after(async () => {
  if (browser) await browser.close();
  stopServer();
  rmSync(work, { recursive: true, force: true });
});

// A page that records every console error, page error, failed request and 4xx/5xx answer.
async function watchedPage(context = browser) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A download ends its navigation request as "aborted" by design.
    if (!/customers\?stage=at-risk&format=csv/.test(r.url())) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.request().method()} ${r.url()}`); });
  return { page, problems };
}

async function signIn(page, key) {
  await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#admin-key');
  await page.type('#admin-key', key);
  await page.click('form.sign-in button[type=submit]');
}

// Waits until the page's loads have settled: nothing busy, no "Loading…" left.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), { timeout: 60000 });
  await new Promise((r) => setTimeout(r, 150));  // Chart.js draws on the next animation frame
}

// A number as the page formats it (1,234 in the browser's locale) with its group separators removed.
function digitsOnly(text) {
  return text.replace(/(\d)[,.\u00a0\u202f](?=\d{3}\b)/g, '$1');
}

// For each chart canvas: how many of its pixels are painted (not transparent).
function paintedPixels(page) {
  return page.$$eval('canvas', (canvases) => canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) painted += data[i] > 0;
    return { label: c.getAttribute('aria-label'), painted, of: c.width * c.height };
  }));
}

test('signs in with an admin key, and every page loads and draws its charts', async () => {
  const { page, problems } = await watchedPage();
  await signIn(page, adminKey);
  await page.waitForSelector('nav[aria-label="Dashboard pages"]');
  assert.deepEqual(await page.$$eval('nav a', (a) => a.map((x) => x.getAttribute('href'))), pages.map((p) => p.hash));
  // The key went into a cookie the page cannot read, and is not kept in the form.
  assert.equal(await page.$eval('body', (b) => b.innerText.includes('mk_')), false);
  const cookies = await page.cookies();
  const session = cookies.find((c) => c.name === 'mercato_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));
  for (const p of pages) {
    await page.goto(`${base}/${p.hash}`, { waitUntil: 'networkidle0' });
    await settled(page);
    assert.equal(await page.$eval('h1', (h) => h.textContent), p.title);
    assert.deepEqual(await page.$$eval('.error', (e) => e.map((x) => x.textContent)), [], p.hash);
    const charts = await paintedPixels(page);
    assert.ok(charts.length >= p.charts, `${p.hash}: ${charts.length} charts, expected ${p.charts}`);
    for (const c of charts) assert.ok(c.painted > c.of * 0.01, `${p.hash}: "${c.label}" is blank (${c.painted} of ${c.of})`);
    await page.screenshot({ path: join(screenshots, `${p.hash.slice(2)}.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the forecast chart draws the units sold before the forecast', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/forecast`, { waitUntil: 'networkidle0' });
  await settled(page);
  // The chart's datasets: the route's history (as many weeks as its default horizon, 8) is the
  // "Units sold" line, and the P50 forecast starts in the period after it.
  // (A week out of stock has no figure: null, a gap in the line.)
  const datasets = await page.$eval('.chart canvas', (c) =>
    c.chart.data.datasets.map((d) => ({ label: d.label, data: d.data })));
  const sold = datasets.find((d) => d.label === 'Units sold');
  assert.ok(sold, `no history line: ${JSON.stringify(datasets.map((d) => d.label))}`);
  const p50 = datasets.find((d) => d.label === 'P50 forecast').data;
  assert.equal(p50.findIndex((v) => v !== null), 8, JSON.stringify(p50));
  assert.ok(sold.data.slice(0, 8).some((v) => v > 0), `the best seller sold nothing: ${JSON.stringify(sold.data)}`);
  assert.ok(sold.data.slice(8).every((v) => v === null), JSON.stringify(sold.data));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Pricing page shows as many price changes as `mercato pricing recommend` makes, and their rules', async () => {
  const cli = JSON.parse(run('pricing', 'recommend', '--db', db, '--json'));
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/pricing`, { waitUntil: 'networkidle0' });
  await settled(page);
  // The table's caption counts the rows its filter keeps (price changes by default).
  const caption = await page.$eval('[aria-label="Products"] caption', (c) => c.textContent).catch(() => '');
  const shown = caption.match(/of ([\d,]+),/);
  if (cli.n_changed > 0) {
    assert.ok(shown, `no count in the caption: ${caption}`);
    assert.equal(Number(shown[1].replace(/,/g, '')), cli.n_changed, caption);
  }
  // The chart counts every product once, by the rule that bound its price.
  const counts = await page.$eval('.chart canvas', (c) => c.chart.data.datasets[0].data);
  assert.equal(counts.reduce((a, b) => a + b, 0), cli.n_products);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Recommendations page lists each model\'s figures in the order a merchant reads them', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/recommendations`, { waitUntil: 'networkidle0' });
  await settled(page);
  const header = await page.$$eval('[aria-label="Offline figures per model"] thead th', (th) => th.map((x) => x.textContent));
  assert.deepEqual(header, ['Model', 'Surface', 'Chosen', 'Recall', 'Precision', 'Hit rate', 'NDCG', 'MAP', 'Coverage']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Experiments page lists each experiment\'s exposures per variant and draws the report\'s intervals', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/experiments`, { waitUntil: 'networkidle0' });
  await settled(page);
  // The list: every experiment in key order (the journeys' holdouts, journey-*, with the planted
  // recommendations holdout and the search test), the holdout's exposures per variant as the CLI
  // counts them (its report's units per variant).
  const rows = await page.$$eval('[aria-label="Experiments and the units exposed to each variant"] tbody tr',
    (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const keys = JSON.parse(run('experiments', 'list', '--db', db, '--json')).map((e) => e.key);
  assert.deepEqual(rows.map((r) => r[0]), [...keys].sort());
  assert.deepEqual(keys.filter((k) => !k.startsWith('journey-')).sort(), ['recs-holdout', 'search-test']);
  const holdout = rows.find((r) => r[0] === 'recs-holdout');
  const cli = JSON.parse(run('experiments', 'report', 'recs-holdout', '--db', db, '--json'));
  const names = cli.experiment.variants.map((v) => v.name);
  const units = cli.analysis.units_per_variant;
  assert.ok(units.every((n) => n > 0), JSON.stringify(units));
  assert.equal(digitsOnly(holdout[5]), names.map((n, i) => `${n} ${units[i]}`).join(' · '));
  assert.equal(holdout[2], 'Recommendations');
  assert.equal(holdout[3], 'running');
  // The report shown first is the started experiment with the most units exposed, the holdout:
  // the verdict in words, a row per metric and variant, the chart of the relative intervals
  // drawn with one floating bar per row.
  const report = await page.$eval('.experiment-report', (e) => e.innerText);
  assert.match(report, /Report: /);
  assert.ok(report.includes(cli.analysis.verdict_text), report);
  assert.match(report, /Sample ratio (as designed|mismatch)/);
  const metricRows = await page.$$eval('.experiment-report tbody tr', (r) => r.length);
  assert.ok(metricRows >= cli.analysis.metrics.length, `${metricRows} rows`);
  const chart = await page.$eval('.experiment-report canvas', (c) =>
    c.chart.data.datasets.map((d) => ({ label: d.label, data: d.data })));
  const bars = chart.find((d) => d.label === '95% interval').data;
  const withInterval = cli.analysis.metrics.filter((m) => m.relative_ci_low !== null && m.relative_ci_high !== null);
  assert.deepEqual(bars, withInterval.map((m) => [m.relative_ci_low, m.relative_ci_high]));
  const [painted] = await paintedPixels(page);
  assert.ok(painted.painted > painted.of * 0.01, JSON.stringify(painted));
  // The lift summary lists the started experiments by capability.
  const lift = await page.$$eval('[aria-label="The primary metric of every started experiment, by the capability it measures"] tbody th',
    (th) => th.map((x) => x.textContent));
  const lifted = JSON.parse(run('report', 'lift', '--db', db, '--json')).experiments;
  assert.deepEqual(lift, lifted.map((e) => e.capability.charAt(0).toUpperCase() + e.capability.slice(1)));
  assert.ok(lift.includes('Recommendations') && lift.includes('Search') && lift.includes('Journeys'), JSON.stringify(lift));
  await page.screenshot({ path: join(screenshots, 'experiment-report.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('stops a running experiment from its report (PATCH with the session\'s CSRF token)', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/experiments`, { waitUntil: 'networkidle0' });
  await settled(page);
  await page.click('button.show-report[data-key="search-test"]');
  await settled(page);
  // Stopping asks once more: the confirmation is hidden until Stop is clicked.
  const shown = (selector) => page.$eval(selector, (e) => e.offsetParent !== null);
  assert.equal(await shown('#confirm-stop'), false);
  await page.click('#stop-experiment');
  assert.equal(await shown('#confirm-stop'), true);
  assert.equal(await shown('#stop-experiment'), false);
  await page.click('#confirm-stop');
  await page.waitForFunction(() => [...document.querySelectorAll('[aria-label="Experiments and the units exposed to each variant"] tbody tr')]
    .some((tr) => tr.children[0].textContent === 'search-test' && tr.children[3].textContent === 'stopped'), { timeout: 30000 });
  await settled(page);
  assert.equal(await page.$('#stop-experiment'), null, 'a stopped experiment offers no stop');
  assert.equal(JSON.parse(run('experiments', 'show', 'search-test', '--db', db, '--json')).status, 'stopped');
  assert.equal(JSON.parse(run('experiments', 'show', 'recs-holdout', '--db', db, '--json')).status, 'running');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Recommendations page shows what the holdout measured recommendations earned', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/recommendations`, { waitUntil: 'networkidle0' });
  await settled(page);
  const rows = await page.$$eval('[aria-label="Lift of recommendations over their holdout"] tbody tr',
    (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0][0], 'recs-holdout');
  const cli = JSON.parse(run('experiments', 'report', 'recs-holdout', '--db', db, '--json'));
  const treatment = cli.analysis.units_per_variant[cli.experiment.variants.findIndex((v) => v.name !== cli.experiment.control)];
  const control = cli.analysis.units_per_variant[cli.experiment.variants.findIndex((v) => v.name === cli.experiment.control)];
  assert.equal(digitsOnly(rows[0][2]), `${treatment} / ${control}`);
  assert.match(rows[0][5], /^\S+ \(.+ to .+\)$/, 'incremental revenue with its interval');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Journeys page shows each journey\'s entries and messages as the CLI counts them, and the outbox', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/journeys`, { waitUntil: 'networkidle0' });
  await settled(page);
  const rows = await page.$$eval('[aria-label="Each journey, highest priority first, with its figures against its holdout"] tbody tr',
    (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const list = JSON.parse(run('journeys', 'list', '--json')).journeys;
  assert.deepEqual(rows.map((r) => r[0]), list.map((j) => j.name));
  const cli = JSON.parse(run('journeys', 'stats', '--db', db, '--json', '--as-of', asOf)).journeys;
  assert.ok(cli.some((s) => s.entered > 0 && s.messaged > 0), JSON.stringify(cli));
  for (const [i, s] of cli.entries()) {
    assert.equal(digitsOnly(rows[i][5]), String(s.entered), `${s.journey} entered`);
    assert.equal(digitsOnly(rows[i][6]), String(s.messaged), `${s.journey} messages`);
  }
  // The chart draws each journey someone entered, messaged beside holdout.
  const chart = await page.$eval('.chart canvas', (c) => c.chart.data.datasets.map((d) => d.label));
  assert.deepEqual(chart, ['Messaged', 'Holdout']);
  // The outbox holds what the run wrote, none of it delivered yet.
  const outbox = await page.$$eval('[aria-label="Messages in the outbox by status"] tbody tr',
    (trs) => Object.fromEntries(trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])));
  const messages = JSON.parse(run('outbox', 'stats', '--db', db, '--json'));
  assert.equal(digitsOnly(outbox.Total), String(messages.total));
  assert.equal(digitsOnly(outbox.Pending), String(messages.pending));
  assert.ok(messages.total > 0);
  await page.screenshot({ path: join(screenshots, 'journeys.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('looks up a customer by email and shows their recommendations', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}/#/customers`, { waitUntil: 'networkidle0' });
  await settled(page);
  const email = someCustomerEmail();
  await page.type('#customer-query', email);
  await page.click('form[aria-label="Look up a customer"] button');
  await page.waitForFunction(() => /Recommended for/.test(document.querySelector('.lookup-result')?.innerText || ''),
    { timeout: 30000 });
  const text = await page.$eval('.lookup-result', (e) => e.innerText);
  assert.match(text, new RegExp(email.replace(/[.+]/g, '\\$&'), 'i'));
  const rows = await page.$$eval('.lookup-result tbody tr', (r) => r.length);
  assert.ok(rows > 0, text);
  await page.screenshot({ path: join(screenshots, 'customer-lookup.png'), fullPage: true });
  // The email went in a POST body, never in a URL.
  assert.deepEqual(problems, []);
  await page.close();
});

test('exports the at-risk list as the CLI\'s CSV', async () => {
  const downloads = join(work, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const { page } = await watchedPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.goto(`${base}/#/customers`, { waitUntil: 'networkidle0' });
  await settled(page);
  await page.click('#export-at-risk');
  const file = join(downloads, 'customers-at-risk.csv');
  for (let i = 0; i < 100 && !existsSync(file); ++i) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(file), `no download in ${downloads}: ${readdirSync(downloads)}`);
  const csv = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cli = run('customers', 'list', '--db', db, '--stage', 'at-risk').trim().split(/\r?\n/);
  assert.equal(csv[0], cli[0]);
  assert.ok(cli.length > 1, 'the generated store has at-risk customers');
  assert.equal(csv.length, cli.length);
  assert.deepEqual(csv.slice(1).map((l) => l.split(',')[0]).sort(), cli.slice(1).map((l) => l.split(',')[0]).sort());
  await page.close();
});

test('a storefront key cannot sign in, and the data routes need a session', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await signIn(page, storefrontKey);
  await page.waitForFunction(() => /storefront key/.test(document.querySelector('#sign-in-status')?.textContent || ''));
  assert.equal(await page.$('nav[aria-label="Dashboard pages"]'), null);
  assert.equal((await page.cookies()).some((c) => c.name === 'mercato_session'), false);
  for (const path of ['/v1/session', '/v1/dashboard/overview', '/v1/dashboard/customers', '/v1/inventory/plan']) {
    const status = await page.evaluate(async (p) => (await fetch(p)).status, path);
    assert.equal(status, 401, path);
  }
  await context.close();
});

test('axe-core finds no critical accessibility violation on any page', async () => {
  const page = await browser.newPage();  // signed in: the first test's session cookie
  await page.setBypassCSP(true);         // only here, to inject axe-core
  for (const p of pages) {
    await page.goto(`${base}/${p.hash}`, { waitUntil: 'networkidle0' });
    await settled(page);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    const critical = result.filter((v) => v.impact === 'critical');
    assert.deepEqual(critical, [], `${p.hash}: ${JSON.stringify(critical)}`);
    if (result.length) console.log(`${p.hash}: axe (not critical): ${JSON.stringify(result)}`);
  }
  await page.close();
});
