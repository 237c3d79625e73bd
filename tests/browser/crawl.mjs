#!/usr/bin/env node
// Browser quality gate for krisenfest outputs.
//
// Usage (normally called by run.sh, which starts nginx):
//   node crawl.mjs --base http://127.0.0.1:PORT --site NAME=DIR [--site NAME=DIR ...]
//                  [--concurrency N] [--file-links N] [--no-file-url] [--no-vnu] [--no-orphans]
//                  [--max-pages N] [--chromium PATH]
//
// Each site DIR must be served at BASE/NAME/ (sub-path). Exit code 0 when every check passed,
// 1 when at least one failed, 2 on usage or infrastructure errors.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// options

const CATEGORIES = ['status', 'links', 'fragments', 'axe', 'requests', 'js-errors', 'vnu', 'file-url', 'interactions'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-component-update',
  '--disable-sync',
];

function usage(msg) {
  if (msg) console.error(`crawl.mjs: ${msg}`);
  console.error('usage: node crawl.mjs --base http://127.0.0.1:PORT --site NAME=DIR [...] ' +
    '[--concurrency N] [--file-links N] [--no-file-url] [--no-vnu] [--no-orphans] [--max-pages N] [--chromium PATH]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    base: null, sites: [], concurrency: 2, fileLinks: 20, fileUrl: true, vnu: true, orphans: true,
    maxPages: 5000, chromium: process.env.CHROMIUM || '/usr/bin/chromium', timeout: 30000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    const int = () => { const v = Number(val()); if (!Number.isInteger(v) || v < 0) usage(`${a} needs a number`); return v; };
    switch (a) {
      case '--base': o.base = val().replace(/\/+$/, ''); break;
      case '--site': {
        const v = val(); const eq = v.indexOf('=');
        if (eq < 1) usage(`--site wants NAME=DIR, got ${v}`);
        const name = v.slice(0, eq); const dir = path.resolve(v.slice(eq + 1));
        if (!/^[A-Za-z0-9._-]+$/.test(name)) usage(`site name ${name} must be [A-Za-z0-9._-]+`);
        o.sites.push({ name, dir });
        break;
      }
      case '--concurrency': o.concurrency = Math.max(1, int()); break;
      case '--file-links': o.fileLinks = int(); break;
      case '--no-file-url': o.fileUrl = false; break;
      case '--no-vnu': o.vnu = false; break;
      case '--no-orphans': o.orphans = false; break;
      case '--max-pages': o.maxPages = Math.max(1, int()); break;
      case '--chromium': o.chromium = val(); break;
      case '--timeout': o.timeout = Math.max(1000, int()); break;
      case '-h': case '--help': usage();
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!o.sites.length) usage('no --site given');
  if (!o.base) usage('no --base given');
  for (const s of o.sites) {
    if (!existsSync(path.join(s.dir, 'index.html'))) usage(`${s.dir}/index.html does not exist (site ${s.name})`);
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const ORIGIN = new URL(opts.base).origin;
const SERVING_HOST = new URL(opts.base).host; // host:port

// ---------------------------------------------------------------------------------------------
// results

const results = []; // {category, site, subject, ok}
const findings = []; // {category, site, subject, message}

function record(category, site, subject, messages) {
  const ok = messages.length === 0;
  results.push({ category, site, subject, ok });
  for (const message of messages) findings.push({ category, site, subject, message });
}

const T0 = Date.now();
const log = (...a) => console.error(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s]`, ...a);

// ---------------------------------------------------------------------------------------------
// helpers

function crawlKey(u) {
  const url = new URL(u);
  url.hash = ''; url.search = '';
  let p = url.pathname;
  if (p.endsWith('/')) p += 'index.html';
  try { p = decodeURIComponent(p); } catch { /* keep raw */ }
  return url.origin + p;
}

function shortUrl(u) {
  try {
    const url = new URL(u);
    if (url.origin !== ORIGIN) return u;
    let p = url.pathname + url.search + url.hash;
    try { p = decodeURI(p); } catch { /* keep */ }
    return p;
  } catch { return u; }
}

function isHtmlType(ct) { return /text\/html|application\/xhtml\+xml/i.test(ct || ''); }

// HEAD (falling back to GET) of a same-origin URL, cached; never follows redirects.
const headCache = new Map();
function head(u) {
  const key = u.split('#')[0];
  if (!headCache.has(key)) {
    headCache.set(key, (async () => {
      try {
        let r = await fetch(key, { method: 'HEAD', redirect: 'manual' });
        if (r.status === 405 || r.status === 501) r = await fetch(key, { method: 'GET', redirect: 'manual' });
        return { status: r.status, type: r.headers.get('content-type') || '', location: r.headers.get('location') };
      } catch (e) {
        return { status: 0, type: '', error: String(e.cause?.code || e.message) };
      }
    })());
  }
  return headCache.get(key);
}

function listHtmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (/\.x?html?$/i.test(ent.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function fileToSiteUrl(site, file) {
  const rel = path.relative(site.dir, file).split(path.sep).map(encodeURIComponent).join('/');
  return `${opts.base}/${site.name}/${rel}`;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// ---------------------------------------------------------------------------------------------
// pluggable interaction checks: checks/*.mjs, each `export default { name, selector, run }`,
// run(page, url, ctx) => Promise<string[]> (findings; empty = pass)

async function loadChecks() {
  const dir = path.join(HERE, 'checks');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const checks = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    const c = mod.default;
    if (!c || typeof c.run !== 'function' || typeof c.selector !== 'string') {
      throw new Error(`checks/${f}: default export must be { name, selector, run(page, url, ctx) }`);
    }
    checks.push({ name: c.name || f.replace(/\.mjs$/, ''), selector: c.selector, run: c.run });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// a monitored browser context: every request routed; foreign hosts aborted and logged

async function monitoredContext(browser, { allowScheme = () => false } = {}) {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(opts.timeout);
  const mon = {
    context,
    requests: [],   // {url, type, foreign, allowed}
    failed: [],     // same-host subresources with HTTP >= 400 or load failures: {url, what}
    errors: [],     // {kind, text}
    aborted: new Set(),
    allowedHosts: new Set(),
    allowHost(h) { mon.allowedHosts.add(h); },
  };
  await context.route('**/*', (route) => {
    const req = route.request();
    const url = req.url();
    let scheme = url.slice(0, url.indexOf(':'));
    if (scheme === 'data' || scheme === 'blob' || scheme === 'about') return route.continue();
    if (allowScheme(scheme)) {
      mon.requests.push({ url, type: req.resourceType(), foreign: false, allowed: true });
      return route.continue();
    }
    let host = '';
    try { host = new URL(url).host; } catch { /* keep '' */ }
    if ((scheme === 'http' || scheme === 'https') && host === SERVING_HOST) {
      mon.requests.push({ url, type: req.resourceType(), foreign: false, allowed: true });
      return route.continue();
    }
    const allowed = mon.allowedHosts.has(host);
    mon.requests.push({ url, type: req.resourceType(), foreign: true, allowed });
    mon.aborted.add(url);
    return route.abort('blockedbyclient');
  });
  context.on('response', (resp) => {
    if (resp.status() >= 400) mon.failed.push({ url: resp.url(), what: `HTTP ${resp.status()}`, type: resp.request().resourceType() });
  });
  context.on('requestfailed', (req) => {
    if (mon.aborted.has(req.url())) return;
    mon.failed.push({ url: req.url(), what: req.failure()?.errorText || 'failed', type: req.resourceType() });
  });
  const attach = (page) => {
    page.on('pageerror', (err) => mon.errors.push({ kind: 'pageerror', text: String(err?.stack || err).split('\n').slice(0, 3).join(' | ') }));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const loc = msg.location()?.url || '';
      // resource load failures are reported by the requests / links categories already
      if (/^Failed to load resource/.test(text) && (mon.aborted.has(loc) || mon.failed.some((f) => f.url === loc))) return;
      mon.errors.push({ kind: 'console.error', text: loc ? `${text} (${shortUrl(loc)})` : text });
    });
    // A page of a static site never has a reason to open alert/confirm/prompt: a dialog means a
    // script ran that nobody wrote — e.g. an `onfocus=alert(1)` smuggled into the HTML.
    page.on('dialog', (d) => {
      mon.errors.push({ kind: 'dialog', text: `${d.type()} "${d.message()}" opened by the page (a script ran)` });
      d.dismiss().catch(() => {});
    });
  };
  context.on('page', attach);
  return mon;
}

// ---------------------------------------------------------------------------------------------
// visiting one page over HTTP

async function extractPage(page) {
  return page.evaluate(() => {
    const abs = (raw) => { try { return new URL(raw, document.baseURI).href; } catch { return null; } };
    const links = [];
    const add = (kind, el, attr) => {
      const raw = el.getAttribute(attr) ?? (attr === 'href' ? el.getAttribute('xlink:href') : null);
      if (raw === null) return;
      links.push({ kind, raw, abs: abs(raw.trim()), rel: el.getAttribute('rel') || '' });
    };
    document.querySelectorAll('a[href], a[*|href]').forEach((el) => add('a', el, 'href'));
    document.querySelectorAll('link[href]').forEach((el) => add('link', el, 'href'));
    document.querySelectorAll('script[src]').forEach((el) => add('script', el, 'src'));
    document.querySelectorAll('img[src]').forEach((el) => add('img', el, 'src'));
    const ids = new Set();
    document.querySelectorAll('[id]').forEach((el) => ids.add(el.id));
    document.querySelectorAll('a[name]').forEach((el) => ids.add(el.getAttribute('name')));
    return { links, ids: [...ids] };
  });
}

async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

function formatRequest(r) { return `${r.url} (${r.type})`; }

const DEBUG = !!process.env.KF_DEBUG;

// A worker owns one monitored context with one tab and visits pages one after the other in it
// (a new renderer per page would cost more than the checks). Logs and storage are reset between
// pages; a worker whose tab crashed or hung is replaced.
async function newWorker(browser) {
  const mon = await monitoredContext(browser);
  const page = await mon.context.newPage();
  return { browser, mon, page, broken: false };
}

async function renewWorker(w) {
  await w.mon.context.close().catch(() => {});
  Object.assign(w, await newWorker(w.browser));
}

function resetMonitor(mon) {
  mon.requests.length = 0; mon.failed.length = 0; mon.errors.length = 0;
  mon.aborted.clear(); mon.allowedHosts.clear();
}

async function visitPage(worker, site, url, checks, pageRecords) {
  const subject = shortUrl(url);
  let tLap = Date.now();
  const laps = [];
  const lap = (name) => { if (DEBUG) { const now = Date.now(); laps.push(`${name} ${now - tLap}ms`); tLap = now; } };
  const { mon, page } = worker;
  resetMonitor(mon);
  const rec = { url, key: crawlKey(url), ids: new Set(), links: [], ok: false };
  pageRecords.set(rec.key, rec);
  try {
    let resp;
    try {
      resp = await page.goto(url, { waitUntil: 'load' });
    } catch (e) {
      worker.broken = true;
      record('status', site.name, subject, [`navigation failed: ${e.message.split('\n')[0]}`]);
      return rec;
    }
    const st = [];
    if (!resp) st.push('no response');
    else {
      if (resp.status() !== 200) st.push(`HTTP ${resp.status()}`);
      const redirected = resp.request().redirectedFrom();
      if (redirected) st.push(`reached through a redirect from ${shortUrl(redirected.url())}`);
      if (!isHtmlType(resp.headers()['content-type'])) st.push(`content-type ${resp.headers()['content-type']}, not HTML`);
    }
    record('status', site.name, subject, st);
    if (st.length) return rec;
    rec.ok = true;

    lap('load');
    const ex = await extractPage(page);
    rec.ids = new Set(ex.ids);
    rec.links = ex.links;

    // axe (its CSSOM preload re-fetches the page's stylesheets with XHR; those requests are axe's,
    // not the page's, and are left out of the requests check below)
    const axeMark = mon.requests.length;
    const sheetUrls = new Set(ex.links.filter((l) => l.kind === 'link' && /\bstylesheet\b/i.test(l.rel) && l.abs).map((l) => l.abs));
    let axeMsgs = [];
    try {
      const violations = await runAxe(page);
      for (const v of violations) {
        const shown = v.nodes.slice(0, 8);
        for (const n of shown) axeMsgs.push(`${v.id} (${v.impact}): ${v.help} — ${n.target} [${v.helpUrl}]`);
        if (v.nodes.length > shown.length) axeMsgs.push(`${v.id}: … and ${v.nodes.length - shown.length} more element(s)`);
      }
    } catch (e) {
      axeMsgs = [`axe-core could not run: ${e.message.split('\n')[0]}`];
    }
    record('axe', site.name, subject, axeMsgs);
    lap('axe');

    // requests (foreign hosts) and same-host subresource failures up to now
    const byAxe = (r, i) => i >= axeMark && (r.type === 'xhr' || r.type === 'fetch') && sheetUrls.has(r.url);
    const foreign = mon.requests.filter((r, i) => r.foreign && !byAxe(r, i));
    const reqMsgs = foreign.map((r) => `request to another host blocked: ${formatRequest(r)} — only ${SERVING_HOST} is allowed`);
    // hints that make the browser connect to another host without a request the router would see
    for (const l of ex.links) {
      if (l.kind !== 'link' || !/\b(preconnect|dns-prefetch|prerender)\b/i.test(l.rel) || !l.abs) continue;
      try { if (new URL(l.abs).host !== SERVING_HOST) reqMsgs.push(`<link rel=${l.rel}> ${l.raw}: makes the browser connect to another host`); } catch { /* ignore */ }
    }
    record('requests', site.name, subject, reqMsgs);
    const failedSeen = new Set();
    rec.subresourceFailures = mon.failed
      .filter((f) => f.url.split('#')[0] !== url.split('#')[0] && !failedSeen.has(f.url) && failedSeen.add(f.url))
      .map((f) => `${f.type} ${shortUrl(f.url)}: ${f.what}`);

    // js errors during load and axe
    record('js-errors', site.name, subject, mon.errors.map((e) => `${e.kind}: ${e.text}`));

    // interaction checks
    for (const check of checks) {
      let applies = false;
      try { applies = (await page.$(check.selector)) !== null; } catch { applies = false; }
      if (!applies) continue;
      const errMark = mon.errors.length;
      const ctx = {
        origin: ORIGIN, servingHost: SERVING_HOST, site: site.name, context: mon.context,
        get requests() { return mon.requests; },
        allowHost: (h) => mon.allowHost(h),
        newPage: () => mon.context.newPage(),
      };
      let msgs;
      try {
        msgs = (await check.run(page, url, ctx)) || [];
      } catch (e) {
        msgs = [`check threw: ${e.message.split('\n')[0]}`];
      }
      // errors the page already threw on load (reported under js-errors) are not repeated here
      const loadErrors = new Set(mon.errors.slice(0, errMark).map((e) => e.text));
      const errs = mon.errors.slice(errMark).filter((e) => !loadErrors.has(e.text))
        .map((e) => `${e.kind} during the check: ${e.text}`);
      record('interactions', site.name, `${subject} [${check.name}]`, [...msgs.map((m) => `${check.name}: ${m}`), ...errs]);
      lap(check.name);
    }
  } finally {
    for (const p of mon.context.pages()) if (p !== page) await p.close().catch(() => {});
    try {
      await page.evaluate(() => { try { localStorage.clear(); sessionStorage.clear(); } catch { /* opaque origin */ } });
    } catch { worker.broken = true; }
    lap('reset');
    if (DEBUG) log(`  ${subject}: ${laps.join(', ')}`);
  }
  return rec;
}

// ---------------------------------------------------------------------------------------------
// crawling one site

async function crawlSite(browser, site, checks) {
  const prefix = `${opts.base}/${site.name}/`;
  const startUrl = `${prefix}index.html`;
  const pageRecords = new Map();
  const seen = new Set();
  const queue = [];
  let limitHit = false;
  const enqueue = (u) => {
    const k = crawlKey(u);
    if (seen.has(k)) return;
    if (seen.size >= opts.maxPages) { limitHit = true; return; }
    seen.add(k);
    const clean = new URL(u); clean.hash = ''; clean.search = '';
    if (clean.pathname.endsWith('/')) clean.pathname += 'index.html';
    queue.push(clean.href);
  };
  const inSite = (u) => u.startsWith(prefix);

  const workers = [];
  for (let i = 0; i < opts.concurrency; i++) workers.push(await newWorker(browser));
  const idle = [...workers];
  const runQueue = () => new Promise((resolve) => {
    let active = 0;
    const pump = () => {
      if (!queue.length && active === 0) return resolve();
      while (idle.length && queue.length) {
        const u = queue.shift();
        const w = idle.pop();
        active++;
        visitPage(w, site, u, checks, pageRecords)
          .then(async (rec) => {
            if (pageRecords.size % 25 === 0) log(`  [${site.name}] ${pageRecords.size} pages checked`);
            for (const l of rec.links) {
              if (l.kind !== 'a' || !l.abs || !inSite(l.abs)) continue;
              const h = await head(l.abs);
              if (h.status === 200 && isHtmlType(h.type)) enqueue(l.abs);
            }
          })
          .catch((e) => record('status', site.name, shortUrl(u), [`crawler error: ${e.message.split('\n')[0]}`]))
          .finally(async () => {
            if (w.broken) await renewWorker(w).catch((e) => log(`cannot renew a browser context: ${e.message}`));
            idle.push(w); active--; pump();
          });
      }
    };
    pump();
  });

  log(`[${site.name}] crawling ${startUrl} (${site.dir})`);
  enqueue(startUrl);
  await runQueue();
  const reachable = pageRecords.size;

  let orphans = [];
  if (opts.orphans && !limitHit) {
    for (const f of listHtmlFiles(site.dir)) {
      const u = fileToSiteUrl(site, f);
      if (!seen.has(crawlKey(u))) { orphans.push(shortUrl(u)); enqueue(u); }
    }
    await runQueue();
  }
  log(`[${site.name}] ${reachable} pages reachable by links` +
    (orphans.length ? `, ${orphans.length} more HTML files not linked from anywhere (checked too): ${orphans.slice(0, 10).join(', ')}${orphans.length > 10 ? ', …' : ''}` : ''));
  if (limitHit) log(`[${site.name}] WARNING: --max-pages ${opts.maxPages} reached, crawl truncated`);
  for (const w of workers) await w.mon.context.close().catch(() => {});

  // links and fragments, per page
  for (const rec of pageRecords.values()) {
    if (!rec.ok) continue;
    const subject = shortUrl(rec.url);
    const linkMsgs = [...(rec.subresourceFailures || [])];
    const fragMsgs = [];
    const checked = new Set();
    for (const l of rec.links) {
      const raw = l.raw.trim();
      if (!l.abs) { linkMsgs.push(`<${l.kind}> ${raw}: not a valid URL`); continue; }
      const target = new URL(l.abs);
      if (!/^https?:$/.test(target.protocol)) {
        if (/^(file|ftp):$/.test(target.protocol)) linkMsgs.push(`<${l.kind}> ${raw}: ${target.protocol} URL`);
        continue; // mailto:, tel:, data:, javascript: …
      }
      if (target.origin !== ORIGIN) continue; // external links; requests to other hosts are caught by 'requests'
      const tag = `<${l.kind}${l.kind === 'link' && l.rel ? ` rel=${l.rel}` : ''}> ${raw}`;
      if (raw.startsWith('/')) linkMsgs.push(`${tag}: root-relative link, breaks sub-path serving and file:// (use a relative link naming the file)`);
      if (!inSite(target.href.split('#')[0])) { linkMsgs.push(`${tag}: points outside the site (${shortUrl(target.href)})`); continue; }
      if (l.kind === 'a' && target.pathname.endsWith('/')) {
        linkMsgs.push(`${tag}: links to a folder, not a file (file:// shows a directory listing; name the file, e.g. …/index.html)`);
      }
      const noFrag = target.href.split('#')[0];
      if (!checked.has(noFrag)) {
        checked.add(noFrag);
        const h = await head(noFrag);
        if (h.status === 0) linkMsgs.push(`${tag} → ${shortUrl(noFrag)}: request failed (${h.error})`);
        else if (h.status >= 300 && h.status < 400) linkMsgs.push(`${tag} → ${shortUrl(noFrag)}: HTTP ${h.status} redirect to ${h.location}`);
        else if (h.status !== 200) linkMsgs.push(`${tag} → ${shortUrl(noFrag)}: HTTP ${h.status}`);
      }
      if (l.kind === 'a' && target.hash && target.hash !== '#') {
        let frag = target.hash.slice(1);
        try { frag = decodeURIComponent(frag); } catch { /* keep raw */ }
        const trec = pageRecords.get(crawlKey(target.href));
        if (trec && trec.ok && !trec.ids.has(frag) && frag.toLowerCase() !== 'top') {
          fragMsgs.push(`<a> ${raw}: no element with id (or <a name>) "${frag}" in ${shortUrl(trec.url)}`);
        }
      }
    }
    record('links', site.name, subject, linkMsgs);
    record('fragments', site.name, subject, fragMsgs);
  }
  return { pages: pageRecords.size, orphans: orphans.length };
}

// ---------------------------------------------------------------------------------------------
// vnu (the Nu Html Checker) over the output folders, one JVM for all sites

let vnuChild = null;
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    try { vnuChild?.kill('SIGKILL'); } catch { /* gone */ }
    process.exit(code); // playwright-core kills the browser it launched on exit
  });
}

function startVnu(sites) {
  const jar = require('vnu-jar'); // exports the path of vnu.jar
  const args = ['-Xss8m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', ...sites.map((s) => s.dir)];
  return new Promise((resolve) => {
    let out = ''; let err = '';
    let child;
    try {
      child = spawn(process.env.JAVA || 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      vnuChild = child;
    } catch (e) { resolve({ error: e.message }); return; }
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => resolve({ error: `cannot run java: ${e.message}` }));
    child.on('close', (code) => {
      vnuChild = null;
      const text = (err.trim() || out.trim());
      if (!text) return resolve({ messages: [], code });
      try { resolve({ messages: JSON.parse(text).messages || [], code }); } catch {
        resolve({ error: `unparseable vnu output (exit ${code}): ${text.slice(0, 500)}` });
      }
    });
  });
}

function recordVnu(sites, res) {
  if (res.error) {
    for (const s of sites) record('vnu', s.name, s.dir, [res.error]);
    return;
  }
  const byFile = new Map();
  for (const m of res.messages) {
    if (m.type === 'info') continue; // warnings are not requested (--errors-only)
    let file = m.url || '';
    try { if (file.startsWith('file:')) file = fileURLToPath(file); } catch { /* keep */ }
    if (!byFile.has(file)) byFile.set(file, []);
    const where = m.lastLine ? `${m.lastLine}${m.firstColumn || m.lastColumn ? `:${m.firstColumn || m.lastColumn}` : ''}` : '';
    byFile.get(file).push({ where, text: `${m.type === 'non-document-error' ? 'cannot check: ' : ''}${m.message}` });
  }
  const cwd = process.cwd();
  const show = (f) => { const r = path.relative(cwd, f); return !r || r.startsWith('..') ? f : r; };
  for (const s of sites) {
    const files = listHtmlFiles(s.dir);
    const fileSet = new Set(files);
    for (const f of files) {
      const rel = show(f);
      record('vnu', s.name, rel, (byFile.get(f) || []).map((x) => `${rel}${x.where ? `:${x.where}` : ''}: ${x.text}`));
    }
    // messages about files that are not in the list (should not happen), attributed to the site
    for (const [f, msgs] of byFile) {
      if (!fileSet.has(f) && (f === s.dir || f.startsWith(s.dir + path.sep))) {
        const rel = show(f);
        record('vnu', s.name, rel, msgs.map((x) => `${rel}${x.where ? `:${x.where}` : ''}: ${x.text}`));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the output opened from disk (file://), no server

const STYLE_PROPS = ['margin-top', 'margin-left', 'font-family', 'font-size', 'line-height', 'color', 'background-color'];

async function defaultStyle(browser) {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.setContent('<!doctype html><html lang="de"><head><meta charset="utf-8"><title>x</title></head><body><p>x</p></body></html>');
  const s = await p.evaluate((props) => { const cs = getComputedStyle(document.body); return props.map((k) => cs.getPropertyValue(k)); }, STYLE_PROPS);
  await ctx.close();
  return s;
}

async function checkFileUrl(browser, site) {
  const startFile = path.join(site.dir, 'index.html');
  const startUrl = pathToFileURL(startFile).href;
  const rootUrl = pathToFileURL(site.dir + path.sep).href;
  log(`[file://] opening ${startUrl}`);
  const defaults = await defaultStyle(browser);
  const mon = await monitoredContext(browser, { allowScheme: (s) => s === 'file' });

  const loadAndCheck = async (url, subject, extra = []) => {
    const msgs = [...extra];
    const reqMark = mon.requests.length; const failMark = mon.failed.length; const errMark = mon.errors.length;
    const page = await mon.context.newPage();
    let links = [];
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(100);
      const info = await page.evaluate((props) => {
        const cs = getComputedStyle(document.body);
        return {
          style: props.map((k) => cs.getPropertyValue(k)),
          sheets: [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => l.href),
          inlineStyles: document.querySelectorAll('style').length,
          title: document.title,
          listing: !!document.querySelector('#parentDirLinkBox, #listingParsingErrorBox') || /^Index of /.test(document.title),
          links: [...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), abs: a.href })),
        };
      }, STYLE_PROPS);
      links = info.links;
      if (info.listing) msgs.push('shows a directory listing instead of a page');
      if (!info.sheets.length && !info.inlineStyles) msgs.push('no stylesheet referenced');
      const sheetReqs = mon.requests.slice(reqMark).filter((r) => r.type === 'stylesheet');
      const failed = mon.failed.slice(failMark);
      for (const s of info.sheets) {
        const f = failed.find((x) => x.url === s);
        if (f) msgs.push(`stylesheet ${s} did not load: ${f.what}`);
        else if (!sheetReqs.some((r) => r.url === s) && s.startsWith('file:')) msgs.push(`stylesheet ${s} was not requested`);
      }
      if (info.style.every((v, i) => v === defaults[i])) {
        msgs.push(`stylesheets have no effect: computed style of <body> equals the browser default (${STYLE_PROPS.join(', ')})`);
      }
      for (const f of failed) if (!info.sheets.includes(f.url)) msgs.push(`${f.type} ${f.url}: ${f.what}`);
    } catch (e) {
      msgs.push(`could not open: ${e.message.split('\n')[0]}`);
    }
    for (const r of mon.requests.slice(reqMark)) if (r.foreign) msgs.push(`request to another host blocked: ${formatRequest(r)}`);
    for (const e of mon.errors.slice(errMark)) msgs.push(`${e.kind}: ${e.text}`);
    await page.close().catch(() => {});
    record('file-url', site.name, subject, msgs);
    return links;
  };

  try {
    const links = await loadAndCheck(startUrl, startUrl);
    const seen = new Set([startUrl]);
    let followed = 0;
    for (const l of links) {
      if (followed >= opts.fileLinks) break;
      if (!l.abs || !l.abs.startsWith('file:')) continue;
      const noFrag = l.abs.split('#')[0];
      if (seen.has(noFrag)) continue;
      seen.add(noFrag);
      followed++;
      const subject = `${startUrl} → ${l.raw}`;
      if (!noFrag.startsWith(rootUrl)) {
        record('file-url', site.name, subject, [`link leaves the output folder: ${noFrag}`]);
        continue;
      }
      let p;
      try { p = fileURLToPath(noFrag); } catch { record('file-url', site.name, subject, [`not a file URL: ${noFrag}`]); continue; }
      let st = null;
      try { st = statSync(p); } catch { /* missing */ }
      if (noFrag.endsWith('/') || (st && st.isDirectory())) {
        record('file-url', site.name, subject, [`links to a folder (${l.raw}): from file:// the browser shows a directory listing; name the file (…/index.html)`]);
        continue;
      }
      if (!st) { record('file-url', site.name, subject, [`target file does not exist: ${path.relative(site.dir, p)} (in ${site.dir})`]); continue; }
      if (!/\.x?html?$/i.test(p)) { record('file-url', site.name, subject, []); continue; } // a download (CSV, PDF …) that exists
      await loadAndCheck(noFrag, subject);
    }
    log(`[file://] followed ${followed} link(s) from the start page`);
  } finally {
    await mon.context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// summary

function printReport() {
  const out = [];
  const failedFindings = findings;
  if (failedFindings.length) {
    out.push('', '=== findings ===');
    for (const cat of CATEGORIES) {
      const fs = failedFindings.filter((f) => f.category === cat);
      if (!fs.length) continue;
      out.push('', `--- ${cat} (${fs.length}) ---`);
      const bySubject = new Map();
      for (const f of fs) {
        const k = `${f.site}\u0000${f.subject}`;
        if (!bySubject.has(k)) bySubject.set(k, []);
        bySubject.get(k).push(f.message);
      }
      for (const [k, msgs] of bySubject) {
        const [site, subject] = k.split('\u0000');
        out.push(`[${cat}] ${site}: ${subject}`);
        for (const m of msgs) out.push(`    ${m}`);
      }
    }
  }
  out.push('', '=== summary ===');
  out.push(`${'category'.padEnd(14)}${'passed'.padStart(8)}${'failed'.padStart(8)}${'findings'.padStart(10)}`);
  let passed = 0; let failed = 0;
  for (const cat of CATEGORIES) {
    const rs = results.filter((r) => r.category === cat);
    const p = rs.filter((r) => r.ok).length; const f = rs.length - p;
    passed += p; failed += f;
    const n = findings.filter((x) => x.category === cat).length;
    out.push(`${cat.padEnd(14)}${String(p).padStart(8)}${String(f).padStart(8)}${String(n).padStart(10)}`);
  }
  out.push(`${passed} passed, ${failed} failed`);
  console.log(out.join('\n'));
  return failed;
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const t0 = Date.now();
  const checks = await loadChecks();
  log(`interaction checks: ${checks.map((c) => `${c.name} (${c.selector})`).join(', ') || 'none'}`);
  const vnuPromise = opts.vnu ? startVnu(opts.sites) : null;

  const browser = await chromium.launch({
    executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60000,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // our handlers above
  });
  log(`browser: ${opts.chromium} ${browser.version()}, serving host ${SERVING_HOST}`);
  try {
    for (const site of opts.sites) await crawlSite(browser, site, checks);
    if (opts.fileUrl) await checkFileUrl(browser, opts.sites[0]);
  } finally {
    await browser.close().catch(() => {});
  }
  if (vnuPromise) {
    log('vnu: waiting for the Nu Html Checker');
    recordVnu(opts.sites, await vnuPromise);
  }
  const failed = printReport();
  log(`gate finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`crawl.mjs: fatal: ${e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(2);
});
