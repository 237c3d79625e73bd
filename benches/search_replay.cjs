// Replays the search of assets/search.js over a built search folder (suche/ or search/) the way
// the browser does it, and says which files each query loads.
//
//   node benches/search_replay.cjs SEARCH_JS SEARCH_DIR MAX QUERY…
//   node benches/search_replay.cjs SEARCH_JS SEARCH_DIR MAX --json FILE   (queries in a JSON array)
//
// MAX is the number of results shown (8 in the header drop-down, 50 on the search page; 0 = all,
// for comparing whole rankings). Each query starts from a fresh page: the head (index.js), then
// the postings parts search.js asks for, then the documents parts of the first MAX results,
// each file evaluated as the <script> it is. Only those files are present in the context, so a
// part the loader forgot to ask for fails the query instead of being found by luck.
// Prints JSON: {queries: [{q, files: [...], bytes, ranked: [[url, titleMatches, score], ...]}],
// median_bytes}.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const [script, dir, maxArg, ...rest] = process.argv.slice(2);
const max = Number(maxArg) || Infinity;
const queries = rest[0] === '--json' ? JSON.parse(fs.readFileSync(rest[1], 'utf8')) : rest;
const code = fs.readFileSync(script, 'utf8');

function run(ctx, rel, files) {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  vm.runInContext(text, ctx, { filename: rel });
  files.push([rel, fs.statSync(file).size]);
}

function replay(q) {
  const ctx = {};
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(code, ctx, { filename: 'search.js' });
  const S = ctx.KrisenfestSearch;
  const files = [];
  run(ctx, 'index.js', files);
  const ix = S.prepare(ctx.krisenfestSearchIndex);
  const rel = (name) => path.relative(dir, path.join(dir, S.partUrl('index.js', name)));
  for (const p of S.postingParts(ix, q)) run(ctx, rel(p), files);
  const hits = S.rank(ix, q);
  for (const d of S.docParts(ix, hits, max)) run(ctx, rel(d), files);
  const shown = hits.slice(0, max);
  const ranked = shown.map((h) => {
    const d = S.docOf(ix, h.doc);
    if (!d) throw new Error(`${q}: document ${h.doc} is not in a loaded part`);
    return [d[1], h.titleMatches, h.score, d[0], ix.sections[d[2]] || '', d[3]];
  });
  return { q, files: files.map((f) => f[0]), bytes: files.reduce((a, f) => a + f[1], 0), hits: hits.length, ranked };
}

const out = queries.map(replay);
const sorted = out.map((r) => r.bytes).sort((a, b) => a - b);
const n = sorted.length;
const median = n === 0 ? 0 : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
process.stdout.write(JSON.stringify({ queries: out, median_bytes: median }));
