// Interaction check: the offline search (src/search.rs, assets/search.js).
//
// Markup contract: the search page has [data-search-page] with form[data-search] containing
// input[name=q], a live region [data-search-status] and ol[data-search-results]; every other page
// has the same form in the header (with [data-search-panel], the drop-down).
//
// On the search page: the "needs JavaScript" notice is hidden; typing each query shows results and
// a status text, and puts ?q= into the address; loading the page with ?q= shows the results.
// Queries are taken from the site itself, so the check works on any plan: a long word from the
// titles of the menu (must find a result whose title contains it), the same word with its umlauts
// written as ae/oe/ue when it has any (folding), and the first five letters of a word (prefix).
// On the start page (a new tab): no file of the index is loaded by the page view nor by focusing
// the header field; typing loads the head and parts of it (p/N.js, d/N.js) and opens the
// drop-down with results, ArrowDown moves the focus to the first result, Escape closes it
// and returns the focus to the field.
// From file:// (the site's folder, from the crawler's --site NAME=DIR arguments): the search page
// with ?q=<word> shows results, and so does typing it into the start page's header field.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Any file of the search index: the head and its parts (src/search/shards.rs).
const INDEX_FILE = /\/(?:suche|search)\/(?:index|[pd]\/\d+)\.js(?:[?#]|$)/;

// Words from the menu and the start page's heading: the longest plain word, and the longest word
// with an umlaut (if any), each to be found again in a result title.
async function queriesFor(ctx, url) {
  const p = await ctx.newPage();
  try {
    await p.goto(new URL('../index.html', url).href, { waitUntil: 'load' });
    const titles = await p.evaluate(() =>
      [...document.querySelectorAll('nav a, h1')].map((a) => a.textContent.trim()).filter(Boolean));
    const words = [...new Set(titles.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u)))].filter((w) => w.length >= 6);
    words.sort((a, b) => b.length - a.length || a.localeCompare(b));
    const plain = words.find((w) => /^[A-Za-z]+$/.test(w)) || words[0];
    const umlaut = words.find((w) => /[äöüÄÖÜ]/.test(w));
    // The prefix first: the live status of a later, longer query would otherwise already
    // contain it.
    const qs = [];
    if (plain) qs.push({ q: plain.slice(0, 5) });
    if (plain) qs.push({ q: plain, titleHas: plain });
    // The bundled example plan also gets the issue's own cases.
    const h1 = await p.evaluate(() => document.querySelector('h1')?.textContent.trim() || '');
    if (h1 === 'IT-Masterplan der Stadt Musterstadt') {
      qs.push({ q: 'Personalausfall', titleHas: 'Personalausfall' }, { q: 'Geraete', titleHas: 'Geräte' }, { q: 'Headset' });
    }
    if (umlaut) {
      const spelled = umlaut.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
        .replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue');
      qs.push({ q: spelled, titleHas: umlaut });
    }
    return qs;
  } finally {
    await p.close().catch(() => {});
  }
}

// Wait until the live status speaks of `q` (results or none), then read the results.
async function results(page, q, timeout = 5000) {
  const arrived = await page.waitForFunction((query) => {
    const s = document.querySelector('[data-search-page] [data-search-status]');
    return s && s.textContent.includes(query);
  }, q, { timeout }).then(() => true, () => false);
  return page.evaluate((arrived) => ({
    arrived,
    status: document.querySelector('[data-search-page] [data-search-status]')?.textContent || '',
    titles: [...document.querySelectorAll('[data-search-page] [data-search-results] li a')].map((a) => a.textContent),
    hrefs: [...document.querySelectorAll('[data-search-page] [data-search-results] li a')].map((a) => a.href),
  }), arrived);
}

function siteDir(site) {
  const argv = process.argv;
  for (let i = 0; i < argv.length - 1; i++) {
    if (argv[i] === '--site' && argv[i + 1].startsWith(`${site}=`)) return path.resolve(argv[i + 1].slice(site.length + 1));
  }
  return null;
}

export default {
  name: 'search',
  selector: '[data-search-page] form[data-search]',
  async run(page, url, ctx) {
    const findings = [];
    const input = page.locator('[data-search-page] input[name="q"]');

    const nojs = await page.evaluate(() => [...document.querySelectorAll('[data-search-nojs]')].every((e) => e.hidden));
    if (!nojs) findings.push('the "search needs JavaScript" notice is still shown although JavaScript runs');

    const QUERIES = await queriesFor(ctx, url);
    if (!QUERIES.length) findings.push('no word of six or more letters in the menu to search for');
    const probe = QUERIES.length ? QUERIES[QUERIES.length > 1 ? 1 : 0].q : 'Plan';
    for (const { q, titleHas } of QUERIES) {
      await input.fill('');
      await input.fill(q);
      const r = await results(page, q);
      if (!r.arrived) {
        findings.push(`"${q}": the live status never names the query (status: "${r.status}")`);
        continue;
      }
      if (!r.titles.length) {
        findings.push(`"${q}": no results (status: "${r.status}")`);
        continue;
      }
      if (titleHas && !r.titles.some((t) => t.includes(titleHas))) {
        findings.push(`"${q}": no result title contains "${titleHas}": ${r.titles.slice(0, 5).join(' | ')}`);
      }
      const bad = r.hrefs.filter((h) => !h.startsWith(new URL('..', url).href) || !h.endsWith('.html'));
      if (bad.length) findings.push(`"${q}": result links outside the site or not naming a file: ${bad.slice(0, 3).join(', ')}`);
      const inUrl = await page.evaluate(() => new URLSearchParams(location.search).get('q'));
      if (inUrl !== q) findings.push(`"${q}": the address does not keep the query (?q=${inUrl})`);
    }

    // a bookmarked search
    const again = await ctx.newPage();
    try {
      await again.goto(`${url.split('?')[0]}?q=${encodeURIComponent(probe)}`, { waitUntil: 'load' });
      const r = await results(again, probe);
      if (!r.titles.length) findings.push(`?q=${probe}: no results on load (status: "${r.status}")`);
      if ((await again.inputValue('[data-search-page] input[name="q"]')) !== probe) findings.push(`?q=${probe}: the field does not show the query`);
    } finally {
      await again.close().catch(() => {});
    }

    // the header field on the start page: lazy index, drop-down, keyboard
    const home = await ctx.newPage();
    try {
      const mark = ctx.requests.length;
      await home.goto(new URL('../index.html', url).href, { waitUntil: 'load' });
      await home.waitForTimeout(200);
      const indexFiles = () => ctx.requests.slice(mark).filter((r) => INDEX_FILE.test(r.url));
      if (indexFiles().length) findings.push(`the search index is loaded by a page view: ${indexFiles().map((r) => r.url).join(', ')}`);
      const field = home.locator('form[data-search] input[name="q"]').first();
      if (!(await field.count())) {
        findings.push('the start page has no search field in the header');
      } else {
        await field.focus();
        await home.waitForTimeout(200);
        if (indexFiles().length) findings.push('the search index is loaded on focus, before anything is typed');
        await field.pressSequentially(probe, { delay: 20 });
        const open = await home.waitForFunction((q) => {
          const s = document.querySelector('form[data-search] [data-search-status]');
          const p = document.querySelector('[data-search-panel]');
          return s && s.textContent.includes(q) && p && !p.hidden && p.querySelector('[data-search-results] li a');
        }, probe, { timeout: 5000 }).then(() => true, () => false);
        if (!open) {
          findings.push(`header field: typing "${probe}" shows no results`);
        } else {
          await home.keyboard.press('ArrowDown');
          const focused = await home.evaluate(() => !!document.activeElement?.closest('[data-search-results]'));
          if (!focused) findings.push('header field: ArrowDown does not move the focus to the first result');
          await home.keyboard.press('Escape');
          const state = await home.evaluate(() => ({
            hidden: document.querySelector('[data-search-panel]').hidden,
            field: document.activeElement?.getAttribute('name'),
            status: document.querySelector('form[data-search] [data-search-status]')?.textContent || '',
          }));
          if (!state.hidden) findings.push('header field: Escape does not close the results');
          if (state.field !== 'q') findings.push('header field: after Escape the focus is not back in the field');
          if (!state.status.includes(probe)) findings.push(`header field: the live region does not announce the results ("${state.status}")`);
          // the split index: the head, then parts, not one file with everything
          const loaded = indexFiles().map((r) => new URL(r.url).pathname.replace(/^.*\/(?:suche|search)\//, ''));
          if (!loaded.includes('index.js')) findings.push(`header field: the index head was not loaded (${loaded.join(', ')})`);
          if (!loaded.some((f) => f.startsWith('p/')) || !loaded.some((f) => f.startsWith('d/'))) {
            findings.push(`header field: results without postings and documents parts: ${loaded.join(', ')}`);
          }
        }
      }
    } finally {
      await home.close().catch(() => {});
    }

    // from file://, in a context of its own (the crawler's context lets only the server through)
    const dir = siteDir(ctx.site);
    if (dir) {
      const rel = new URL(url).pathname.split(`/${ctx.site}/`)[1] || 'suche/index.html';
      const fileUrl = `${pathToFileURL(path.join(dir, decodeURIComponent(rel))).href}?q=${encodeURIComponent(probe)}`;
      const fctx = await ctx.context.browser().newContext({ locale: 'de-DE' });
      try {
        const fp = await fctx.newPage();
        const errors = [];
        fp.on('pageerror', (e) => errors.push(String(e)));
        await fctx.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
        await fp.goto(fileUrl, { waitUntil: 'load' });
        const r = await results(fp, probe);
        if (!r.titles.length) findings.push(`file:// ${fileUrl}: no results (status: "${r.status}")`);
        // the header field of the start page, typed into, from file:// too
        const homeUrl = pathToFileURL(path.join(dir, 'index.html')).href;
        await fp.goto(homeUrl, { waitUntil: 'load' });
        const hf = fp.locator('form[data-search] input[name="q"]').first();
        if (await hf.count()) {
          await hf.focus();
          await hf.pressSequentially(probe, { delay: 20 });
          const ok = await fp.waitForFunction(() => !!document.querySelector('[data-search-panel] [data-search-results] li a'),
            null, { timeout: 5000 }).then(() => true, () => false);
          if (!ok) findings.push(`file:// ${homeUrl}: typing "${probe}" into the header field shows no results`);
        }
        for (const e of errors) findings.push(`file://: script error: ${e}`);
      } finally {
        await fctx.close().catch(() => {});
      }
    }
    return findings;
  },
};
