#!/usr/bin/env bash
# Vendor KERN (the open UX standard of the German administration) into the default theme.
#
#   scripts/vendor-kern.sh            fetch @kern-ux/native at the pinned version and rebuild
#                                     themes/default/static/assets/kern/
#
# What it does:
#   1. `npm pack @kern-ux/native@<VERSION>` into a temporary directory (the ordinary npm client, no
#      install, no scripts run) and checks the tarball's sha512 against the pinned INTEGRITY.
#   2. Builds a subset of dist/kern.min.css (kern-subset.min.css): all tokens (light and dark), base,
#      typography, layers and the components the pages are built from (Kopfzeile, alert, badge,
#      button, form inputs/checkbox/radio/select, fieldset, table, progress, description list,
#      divider, link, list), the icons listed in ICONS below, and any other KERN class that a file
#      in themes/default/ (templates, js, css) mentions. Left out: the utility classes (spacing,
#      flex, display …), grid, card, dialog, dropdown, accordion, loader, input group, summary,
#      task list, other icons. Rules are copied byte for byte; a selector is dropped only when it
#      needs a left-out class (classes inside :not()/:is()/:has()/:where() never cause a drop), a
#      rule when all its selectors are dropped. A template that starts using e.g. kern-card only
#      needs this script to be run again.
#   3. Copies the Fira Sans woff2 files for exactly the font weights the shipped CSS refers to
#      (the subset plus every stylesheet under themes/default/static/; upright, and italic for 400
#      only), writes fonts.css with relative URLs, LICENSE.md, fonts/OFL.txt and VERSION.
#   4. Checks that every `kern-*` class used in themes/default/ exists in the subset (fails if not:
#      add the icon to ICONS or the family to KEEP_EXTRA and run again).
#
# Nothing is loaded from other hosts at run time: the site references only these local files.
# Requires: bash, npm, node (>= 18), tar, sha256sum.
set -euo pipefail

PACKAGE="@kern-ux/native"
VERSION="2.7.2"
# npm's `integrity` of the tarball (sha512, base64). Change together with VERSION.
INTEGRITY="sha512-TN0Mqbasp7S1IOqurXickde8MDj5hIcgT4s3f1i33wyv2iVgA1dTO/FoQyi6rgM9KYTYkIthl9k72g7fBUUvHg=="

# Icons kept besides those found in the theme (class suffix after `kern-icon--`).
# Size modifiers (small, default, large, x-large) are always kept.
ICONS="info success warning danger check close arrow-back arrow-forward chevron-left chevron-right
open-in-new search download autorenew"
# Extra class families to keep even though they are normally left out (regex on the class name).
KEEP_EXTRA=""

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THEME="$ROOT/themes/default"
DEST="$THEME/static/assets/kern"

for tool in npm node tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 2; }
done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "npm pack $PACKAGE@$VERSION"
(cd "$TMP" && npm pack "$PACKAGE@$VERSION" --silent >/dev/null)
TARBALL="$(ls "$TMP"/*.tgz)"
ACTUAL="$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$TARBALL")"
if [ "$ACTUAL" != "$INTEGRITY" ]; then
  echo "error: integrity mismatch for $PACKAGE@$VERSION" >&2
  echo "  expected $INTEGRITY" >&2
  echo "  got      $ACTUAL" >&2
  exit 1
fi
tar -xzf "$TARBALL" -C "$TMP"
PKG="$TMP/package"
node -e 'const p=require(process.argv[1]);if(p.name!==process.argv[2]||p.version!==process.argv[3]){console.error("error: unexpected package.json",p.name,p.version);process.exit(1)}' \
  "$PKG/package.json" "$PACKAGE" "$VERSION"

rm -rf "$DEST"
mkdir -p "$DEST/fonts"

export PKG DEST THEME ICONS KEEP_EXTRA PACKAGE VERSION INTEGRITY
node <<'JS'
'use strict';
const fs = require('fs');
const path = require('path');
const { PKG, DEST, THEME, ICONS, KEEP_EXTRA, PACKAGE, VERSION, INTEGRITY } = process.env;
const dist = path.join(PKG, 'dist');
const fail = (msg) => { console.error('error: ' + msg); process.exit(1); };

// ---------------------------------------------------------------- a small CSS tree parser
// Nodes: {kind:'rule', sel, body} | {kind:'block-at', prelude, children|raw} | {kind:'at', text}
// Bodies and selectors are kept as the original text; only whole rules and whole selectors are
// ever removed, so nothing inside a kept rule is rewritten.
function skipString(s, i) {            // s[i] is a quote; return index after the closing quote
  const q = s[i]; i++;
  while (i < s.length && s[i] !== q) { if (s[i] === '\\') i++; i++; }
  if (i >= s.length) fail('unterminated string in CSS');
  return i + 1;
}
function skipComment(s, i) {
  const e = s.indexOf('*/', i + 2);
  if (e < 0) fail('unterminated comment in CSS');
  return e + 2;
}
// find the index of the next top-level char in `chars` starting at i (skips strings, comments, parens)
function scan(s, i, chars) {
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipString(s, i); continue; }
    if (c === '/' && s[i + 1] === '*') { i = skipComment(s, i); continue; }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && chars.includes(c)) return i;
    i++;
  }
  return -1;
}
function matchBrace(s, i) {              // s[i] === '{'; return index of matching '}'
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === "'") { i = skipString(s, i); continue; }
    if (c === '/' && s[i + 1] === '*') { i = skipComment(s, i); continue; }
    if (c === '{') depth++;
    else if (c === '}') { depth--; if (depth === 0) return i; }
    i++;
  }
  fail('unbalanced braces in CSS');
}
function parse(s) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '/' && s[i + 1] === '*') { i = skipComment(s, i); continue; }
    const stop = scan(s, i, '{;');
    if (stop < 0) fail('trailing garbage in CSS at ' + i);
    const prelude = s.slice(i, stop).trim();
    if (s[stop] === ';') { out.push({ kind: 'at', text: prelude + ';' }); i = stop + 1; continue; }
    const end = matchBrace(s, stop);
    const body = s.slice(stop + 1, end);
    if (prelude.startsWith('@')) {
      const name = prelude.slice(1).split(/[\s(]/)[0].toLowerCase();
      if (['media', 'supports', 'layer', 'container', 'document'].includes(name)) {
        out.push({ kind: 'block-at', prelude, children: parse(body) });
      } else {                           // @font-face, @keyframes, @page, …: keep verbatim
        out.push({ kind: 'block-at', prelude, raw: body });
      }
    } else {
      out.push({ kind: 'rule', sel: prelude, body });
    }
    i = end + 1;
  }
  return out;
}
function splitSelectors(sel) {
  const parts = [];
  let i = 0, start = 0;
  for (;;) {
    const j = scan(sel, i, ',');
    if (j < 0) { parts.push(sel.slice(start).trim()); break; }
    parts.push(sel.slice(start, j).trim());
    start = i = j + 1;
  }
  return parts;
}
function stripParens(sel) {             // drop the contents of (...) and [...] and strings
  let out = '', depth = 0;
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (c === '"' || c === "'") { const e = skipString(sel, i); i = e - 1; continue; }
    if (c === '(' || c === '[') { depth++; continue; }
    if (c === ')' || c === ']') { depth--; continue; }
    if (depth === 0) out += c;
  }
  return out;
}
const classRe = /\.(kern-[A-Za-z0-9_-]+)/g;
const classesOf = (css) => {
  const set = new Set();
  const walk = (nodes) => nodes.forEach((n) => {
    if (n.kind === 'rule') for (const m of n.sel.matchAll(classRe)) set.add(m[1]);
    if (n.children) walk(n.children);
  });
  walk(parse(css));
  return set;
};
function serialize(nodes) {
  return nodes.map((n) => {
    if (n.kind === 'at') return n.text;
    if (n.kind === 'rule') return n.sel + '{' + n.body + '}';
    if (n.raw !== undefined) return n.prelude + '{' + n.raw + '}';
    return n.prelude + '{' + serialize(n.children) + '}';
  }).join('');
}

// ---------------------------------------------------------------- decide what to drop
const full = fs.readFileSync(path.join(dist, 'kern.min.css'), 'utf8');
const allClasses = classesOf(full);

// Classes the theme uses: templates, static js/css (not the vendored kern dir itself).
const used = new Set();
(function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (path.resolve(p) !== path.resolve(DEST)) walk(p); continue; }
    if (!/\.(html|xml|js|css|yaml|svg)$/.test(e.name)) continue;
    const text = fs.readFileSync(p, 'utf8');
    for (const m of text.matchAll(/(?<![-\w/@])(kern-[a-z0-9]+(?:[_-]{1,2}[a-z0-9]+)*)(?![-\w])/g)) used.add(m[1]);
  }
})(THEME);

const keepIcons = new Set(ICONS.split(/\s+/).filter(Boolean).map((n) => 'kern-icon--' + n));
for (const s of ['small', 'default', 'large', 'x-large']) keepIcons.add('kern-icon--' + s);
const keepExtra = KEEP_EXTRA ? new RegExp(KEEP_EXTRA) : null;

// Always kept: base, typography, layers, the components the site's pages are built from, and the
// listed icons. Everything else (utility classes, grid, card, dialog, dropdown, accordion, loader,
// input group, summary, task list, other icons) is kept only when the theme uses the class.
const alwaysKeep = new RegExp('^kern-(' + [
  'sr-only', 'error', 'number', 'light', 'dark', 'layer', 'level-\\d',
  'heading', 'body', 'hint', 'label', 'link', 'list', 'subline', 'preline', 'title', 'hgroup',
  'container', 'kopfzeile', 'alert', 'badge', 'btn', 'form-', 'fieldset', 'table',
  'progress', 'description-list', 'divider', 'icon$',
].join('|') + ')');
const drop = new Set();
for (const c of allClasses) {
  if (used.has(c) || keepIcons.has(c) || (keepExtra && keepExtra.test(c))) continue;
  if (c.startsWith('kern-icon--') || !alwaysKeep.test(c)) drop.add(c);
}

let rulesIn = 0, rulesOut = 0;
function filter(nodes) {
  const out = [];
  for (const n of nodes) {
    if (n.kind === 'rule') {
      rulesIn++;
      const sels = splitSelectors(n.sel);
      const kept = sels.filter((s) => {
        for (const m of stripParens(s).matchAll(classRe)) if (drop.has(m[1])) return false;
        return true;
      });
      if (kept.length === 0) continue;
      rulesOut++;
      out.push(kept.length === sels.length ? n : { kind: 'rule', sel: kept.join(','), body: n.body });
    } else if (n.children) {
      const ch = filter(n.children);
      if (ch.length) out.push({ ...n, children: ch });
    } else {
      out.push(n);
    }
  }
  return out;
}
const tree = parse(full);
// sanity: the parser must reproduce the input modulo comments/whitespace between rules
const reser = serialize(tree);
const squash = (t) => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
if (squash(reser) !== squash(full)) fail('CSS parser round trip failed; refusing to subset');

const subsetTree = filter(tree);
let charset = '';
if (subsetTree[0] && subsetTree[0].kind === 'at' && /^@charset/i.test(subsetTree[0].text)) {
  charset = subsetTree.shift().text;
}
const banner = `/*! KERN UX ${PACKAGE} ${VERSION} (EUPL-1.2, https://www.kern-ux.de) - subset of dist/kern.min.css `
  + `built by scripts/vendor-kern.sh: tokens, base, typography and the components the theme uses; `
  + `no utility classes, grid, card, dialog, dropdown, accordion, loader, summary, task list, unused icons */`;
const subset = charset + banner + serialize(subsetTree) + '\n';
fs.writeFileSync(path.join(DEST, 'kern-subset.min.css'), subset);

// ---------------------------------------------------------------- check the result
const subsetClasses = classesOf(subset);
const missing = [...used].filter((c) => !subsetClasses.has(c) && allClasses.has(c));
const unknown = [...used].filter((c) => !allClasses.has(c));
if (unknown.length) console.warn('note: classes used in the theme that KERN does not define (fine if intended): ' + unknown.sort().join(' '));
if (missing.length) fail('classes used by the theme but missing from the subset: ' + missing.sort().join(' '));
if (/url\(\s*(?!["']?data:)/i.test(subset)) fail('subset references external url()');
if (/@import/i.test(subset)) fail('subset contains @import');

// ---------------------------------------------------------------- fonts: only weights in use
// the subset plus every other stylesheet of the theme (krisenfest.css, checklists.css, …)
let cssForWeights = subset;
(function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (path.resolve(p) !== path.resolve(DEST)) walk(p); continue; }
    if (e.name.endsWith('.css')) cssForWeights += '\n' + fs.readFileSync(p, 'utf8');
  }
})(path.join(THEME, 'static'));
const weights = new Set();
for (const m of cssForWeights.matchAll(/font-weight\s*:\s*([^;}]+)/g)) {
  const v = m[1].trim();
  const nums = v.match(/\b[1-9]00\b/g) || [];          // literal or var() fallback
  nums.forEach((n) => weights.add(Number(n)));
  if (/^bold(er)?$/.test(v)) weights.add(700);
}
for (const m of cssForWeights.matchAll(/--kern-typography-font-weight-[a-z-]+\s*:\s*([1-9]00)\b/g)) weights.add(Number(m[1]));
weights.add(400);
const faces = [];
const fontCss = fs.readFileSync(path.join(dist, 'fonts/fira-sans.css'), 'utf8');
for (const m of fontCss.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
  const body = m[1];
  const url = (body.match(/url\(["']?([^"')]+)["']?\)/) || [])[1];
  const weight = Number((body.match(/font-weight:\s*(\d+)/) || [])[1]);
  const style = (body.match(/font-style:\s*(\w+)/) || [])[1];
  if (!url || !weight || !style) fail('cannot read fonts/fira-sans.css');
  // upright: every weight in use; italic: regular only (em/cite), the browser slants the rest
  if (!weights.has(weight) || (style === 'italic' && weight !== 400)) continue;
  const file = path.basename(url);
  fs.copyFileSync(path.join(dist, 'fonts', url), path.join(DEST, 'fonts', file));
  faces.push(`@font-face {\n  font-family: 'Fira Sans';\n  src: url("fonts/${file}") format("woff2");\n`
    + `  font-weight: ${weight};\n  font-style: ${style};\n  font-display: swap;\n}\n`);
}
if (!faces.length) fail('no font faces selected');
fs.writeFileSync(path.join(DEST, 'fonts.css'),
  `/* Fira Sans (SIL Open Font License 1.1, see fonts/OFL.txt), files from ${PACKAGE} ${VERSION}\n`
  + `   dist/fonts/fira-sans/; weights in use: ${[...weights].sort().join(', ')} + italic 400.\n`
  + `   Written by scripts/vendor-kern.sh. */\n` + faces.join('\n'));

console.log(`kern-subset.min.css: ${subset.length} bytes (full kern.min.css ${full.length}), `
  + `rules ${rulesOut}/${rulesIn}, dropped classes ${drop.size}`);
console.log(`fonts: ${faces.length} faces, weights ${[...weights].sort().join(', ')}`);
fs.writeFileSync(path.join(process.env.DEST, '.stats'), JSON.stringify({ bytes: subset.length, full: full.length, faces: faces.length }));
JS

cp "$PKG/LICENSE.md" "$DEST/LICENSE.md"
cat > "$DEST/fonts/OFL.txt" <<'EOF'
Fira Sans
Copyright (c) 2012-2015, The Mozilla Foundation and Telefonica S.A.
Digitized data copyright (c) 2012-2015, Carrois Corporate GbR / bBox Type GmbH.

The woff2 files in this folder are unmodified copies from the npm package
@kern-ux/native (dist/fonts/fira-sans/). Fira Sans is licensed under the
SIL Open Font License, Version 1.1 (https://openfontlicense.org/ ,
SPDX: OFL-1.1); the licence text is also embedded in each font file's
name table. KERN's own code and styles are licensed under EUPL-1.2
(../LICENSE.md).
EOF

SIZE="$(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).bytes))' "$DEST/.stats")"
rm -f "$DEST/.stats"
{
  echo "package: $PACKAGE"
  echo "version: $VERSION"
  echo "integrity: $INTEGRITY"
  echo "license: EUPL-1.2 (LICENSE.md); Fira Sans fonts: OFL-1.1 (fonts/OFL.txt)"
  echo "source: https://registry.npmjs.org/@kern-ux/native/-/native-$VERSION.tgz"
  echo "built-by: scripts/vendor-kern.sh"
  echo "files:"
  (cd "$DEST" && find . -type f ! -name VERSION | LC_ALL=C sort | while read -r f; do
     printf '  %s %s\n' "$(sha256sum "$f" | cut -c1-16)" "${f#./}"; done)
} > "$DEST/VERSION"
echo "vendored $PACKAGE@$VERSION into ${DEST#"$ROOT"/} (kern-subset.min.css: $SIZE bytes)"
