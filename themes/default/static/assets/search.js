/*
 * krisenfest default theme – offline search (EUPL-1.2).
 *
 * Loaded on every page with <script src="…/assets/search.js" defer>. Works on any web server and
 * from file://, and talks to no other host.
 *
 * Markup – form[data-search] (the header field, and the search page's form):
 *   input[name=q], [data-search-status] (live region), ol[data-search-results],
 *   optional [data-search-panel] (header: the drop-down), [data-search-summary], a[data-search-all];
 *   a header form without ol[data-search-results] gets the drop-down from this script;
 *   data-search-root: prefix from this page to the output root (default: where this script was
 *   loaded from, minus assets/search.js; result URLs are relative to it);
 *   data-search-index: URL of the index (default: index.js next to the form's action);
 *   data-search-max: number of results shown (default 8, on the search page 50);
 *   UI texts ({q} query, {n} count): window.krisenfestTexts.search_* (assets/texts.js), else
 *   the form's data-t-* attributes.
 *   [data-search-page]: the search page — it reads ?q= and keeps it up to date, so a search can
 *   be linked and bookmarked; [data-search-nojs] (the "needs JavaScript" notice) is hidden here.
 *
 * The index (written by the build, src/search/shards.rs) is a set of scripts (a <script> loads
 * from file://, a fetch of JSON does not), inserted as <script> elements when they are needed:
 * suche/index.js sets window.krisenfestSearchIndex = JSON.parse('…') (the terms, the stop words,
 * the sections, where the parts begin) on the first keystroke in a search field; then per query
 * the postings parts p/N.js of the terms it matches, then the documents parts d/N.js of the
 * results shown. A part stores itself in window.krisenfestSearchParts ("p3", "d0"). Nothing is
 * loaded by a page view or a focus.
 *
 * Normalisation and ranking are the same as in src/search/ (tests/search.rs runs this file in
 * node with the same cases): lower case; accents folded (ä→a, ß→ss, …); words = runs of letters
 * and digits; stop words (listed in the index) dropped; a light German suffix stemmer; then
 * ae→a, oe→o, ue→u. Every query word must match a term exactly (3), as a prefix (2) or, from four
 * characters on, inside it (1), times the field weight (title 10, heading 3, body 1); order: query
 * words found in the title, score, URL.
 */
(function (global) {
  'use strict';

  // ---------------------------------------------------------------- normalisation

  var FOLD = {
    'ä': 'a', 'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
    'ö': 'o', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ø': 'o', 'ō': 'o',
    'ü': 'u', 'ù': 'u', 'ú': 'u', 'û': 'u', 'ū': 'u',
    'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
    'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
    'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y',
    'æ': 'ae', 'œ': 'oe', 'ß': 'ss'
  };
  var DROP = /[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]/;
  var NON_WORD = /[^\p{Alphabetic}\p{N}]+/u;

  // Steps 1–2: lower case, accents folded, invisible characters dropped.
  function foldChars(text) {
    var out = '';
    for (var c of String(text).toLowerCase()) {
      if (DROP.test(c)) continue;
      out += Object.prototype.hasOwnProperty.call(FOLD, c) ? FOLD[c] : c;
    }
    return out;
  }

  function stEnding(c) {
    return 'bdfghklmnt'.indexOf(c) >= 0;
  }

  function endsWith(s, suffix) {
    var n = suffix.length;
    if (s.length < n) return false;
    for (var i = 0; i < n; i++) if (s[s.length - n + i] !== suffix[i]) return false;
    return true;
  }

  // Step 5: the light German stemmer (Savoy; Lucene's GermanLightStemmer), on code points.
  function stem(word) {
    var s = Array.from(word);
    var n = s.length;
    if (n > 5 && endsWith(s, 'ern')) s.length = n - 3;
    else if (n > 4 && s[n - 2] === 'e' && 'mnrs'.indexOf(s[n - 1]) >= 0) s.length = n - 2;
    else if (n > 3 && s[n - 1] === 'e') s.length = n - 1;
    else if (n > 3 && s[n - 1] === 's' && stEnding(s[n - 2])) s.length = n - 1;
    n = s.length;
    if (n > 5 && endsWith(s, 'est')) s.length = n - 3;
    else if (n > 4 && s[n - 2] === 'e' && (s[n - 1] === 'r' || s[n - 1] === 'n')) s.length = n - 2;
    else if (n > 4 && s[n - 2] === 's' && s[n - 1] === 't' && stEnding(s[n - 3])) s.length = n - 2;
    return s.join('');
  }

  // Step 6: ae→a, oe→o, ue→u, left to right.
  function foldDigraphs(word) {
    return word.replace(/([aou])e/g, '$1');
  }

  function normaliseFolded(word) {
    return foldDigraphs(stem(word));
  }

  function words(folded) {
    return folded.split(NON_WORD).filter(function (w) { return w !== ''; });
  }

  // One word, all steps: "Geräte" → "gerat".
  function normaliseWord(word) {
    return words(foldChars(word)).map(normaliseFolded).join('');
  }

  // The words of a query: normalised, stop words (folded, from the index) removed, each once.
  function queryTerms(query, stop) {
    var out = [];
    words(foldChars(query)).forEach(function (w) {
      if (stop && stop.has(w)) return;
      var t = normaliseFolded(w);
      if (t !== '' && out.indexOf(t) < 0) out.push(t);
    });
    return out;
  }

  // ---------------------------------------------------------------- index and ranking

  var WEIGHT = [1, 3, 10]; // body, heading, title
  var TITLE = 2;
  var INFIX_MIN = 4;

  // Postings (src/search/shards.rs, Index::to_files): base-32 numbers delta*4+field, every digit but the
  // last from MORE, the last from LAST.
  var MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-';
  var LAST = '0123456789abcdefghijklmnopqrstuv';
  var DIGIT = {};
  for (var di = 0; di < 32; di++) {
    DIGIT[MORE.charCodeAt(di)] = di + 32; // ≥ 32: more digits follow
    DIGIT[LAST.charCodeAt(di)] = di;
  }

  // "…" → [doc, field, doc, field, …]
  function decodePostings(s) {
    var out = [];
    var acc = 0;
    var doc = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d === undefined) continue;
      if (d >= 32) {
        acc = acc * 32 + (d - 32);
        continue;
      }
      var v = acc * 32 + d;
      acc = 0;
      var field = v % 4;
      doc = out.length === 0 ? (v - field) / 4 : doc + (v - field) / 4;
      out.push(doc, field);
    }
    return out;
  }

  // The head (suche/index.js, src/search/shards.rs): terms, stop words, sections, and where the
  // parts begin; the parts themselves arrive later in window.krisenfestSearchParts.
  function prepare(raw) {
    return {
      stop: new Set(raw.stop || []),
      sections: raw.s || [],
      terms: raw.t ? raw.t.split(' ') : [],
      starts: raw.b || [],
      group: raw.g || 1,
      count: raw.n || 0,
      postings: [], // part number → its terms' postings, split
      decoded: []
    };
  }

  function parts() {
    return global.krisenfestSearchParts || {};
  }

  // The postings part that holds term k: the last part starting at or before it.
  function partOf(ix, k) {
    var lo = 0;
    var hi = ix.starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (ix.starts[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // Per query word: the terms it matches, [term number, quality, …].
  function matches(ix, q) {
    return q.map(function (qt) {
      var qlen = Array.from(qt).length;
      var out = [];
      for (var k = 0; k < ix.terms.length; k++) {
        var term = ix.terms[k];
        if (term === qt) out.push(k, 3);
        else if (term.startsWith(qt)) out.push(k, 2);
        else if (qlen >= INFIX_MIN && term.indexOf(qt) >= 0) out.push(k, 1);
      }
      return out;
    });
  }

  // The postings parts a query needs ("p3"), in order. A query word without a matching term
  // makes the query find nothing, so then none are needed.
  function postingParts(ix, query) {
    var m = matches(ix, queryTerms(query, ix.stop));
    if (m.some(function (x) { return x.length === 0; })) return [];
    var seen = {};
    m.forEach(function (x) {
      for (var i = 0; i < x.length; i += 2) seen[partOf(ix, x[i])] = true;
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; })
      .map(function (n) { return 'p' + n; });
  }

  // The documents parts ("d0") that hold the first `max` of `hits`.
  function docParts(ix, hits, max) {
    var seen = {};
    hits.slice(0, max).forEach(function (h) { seen[Math.floor(h.doc / ix.group)] = true; });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; })
      .map(function (n) { return 'd' + n; });
  }

  function postingsOf(ix, k) {
    if (ix.decoded[k]) return ix.decoded[k];
    var n = partOf(ix, k);
    var list = ix.postings[n];
    if (!list) {
      var raw = parts()['p' + n];
      if (typeof raw !== 'string') throw new Error('postings part ' + n + ' not loaded');
      list = ix.postings[n] = raw.split(' ');
    }
    return (ix.decoded[k] = decodePostings(list[k - ix.starts[n]]));
  }

  // Document i: [title, url, section number, excerpt], from its loaded part.
  function docOf(ix, i) {
    var part = parts()['d' + Math.floor(i / ix.group)];
    var d = part && part[i % ix.group];
    if (!d) return null;
    var url = d[1];
    if (url === '' || url.charAt(url.length - 1) === '/') url += 'index.html';
    return [d[0], url, d[2], d[3]];
  }

  // URL of part "p3" of the index at indexUrl: p/3.js next to it.
  function partUrl(indexUrl, name) {
    return indexUrl.replace(/[^/]*$/, '') + name.charAt(0) + '/' + name.slice(1) + '.js';
  }

  // Matching documents, best first: [{doc, titleMatches, score}]. The postings parts of
  // postingParts(ix, query) must be loaded.
  function rank(ix, query) {
    var q = queryTerms(query, ix.stop);
    if (!q.length) return [];
    var m = matches(ix, q);
    if (m.some(function (x) { return x.length === 0; })) return [];
    var acc = new Map(); // doc → [query words matched, in title, score]
    q.forEach(function (qt, qi) {
      var best = new Map(); // doc → [score, in title]
      var x = m[qi];
      for (var i = 0; i < x.length; i += 2) {
        var quality = x[i + 1];
        var ps = postingsOf(ix, x[i]);
        for (var j = 0; j < ps.length; j += 2) {
          var doc = ps[j];
          var field = ps[j + 1];
          var score = quality * WEIGHT[field];
          var e = best.get(doc);
          if (!e) { e = [0, false]; best.set(doc, e); }
          if (score > e[0]) e[0] = score;
          if (field === TITLE) e[1] = true;
        }
      }
      best.forEach(function (e, doc) {
        var a = acc.get(doc);
        if (!a) {
          if (qi !== 0) return;
          a = [0, 0, 0];
          acc.set(doc, a);
        }
        if (a[0] === qi) {
          a[0] += 1;
          a[1] += e[1] ? 1 : 0;
          a[2] += e[0];
        }
      });
    });
    var hits = [];
    acc.forEach(function (a, doc) {
      if (a[0] === q.length) hits.push({ doc: doc, titleMatches: a[1], score: a[2] });
    });
    hits.sort(function (x, y) {
      return (y.titleMatches - x.titleMatches) || (y.score - x.score) || (x.doc - y.doc);
    });
    return hits;
  }

  var api = {
    foldChars: foldChars, stem: stem, foldDigraphs: foldDigraphs, normaliseWord: normaliseWord,
    queryTerms: queryTerms, decodePostings: decodePostings, prepare: prepare, rank: rank,
    postingParts: postingParts, docParts: docParts, docOf: docOf, partUrl: partUrl
  };
  global.KrisenfestSearch = api;
  if (typeof document === 'undefined') return; // node (tests): the functions only

  // ---------------------------------------------------------------- loading the index

  // The output's root, from where this script was loaded (…/assets/search.js): result URLs are
  // relative to it, so pages need not say it.
  var ROOT = (function () {
    var me = document.currentScript;
    var src = me && me.src ? me.src : '';
    return src ? src.replace(/assets\/search\.js(?:[?#].*)?$/, '') : '';
  })();

  // One script per URL, loaded once; a failed one is tried again on the next use.
  var scripts = {}; // url → {done: bool, waiting: [callbacks]}

  function loadScript(url, cb) {
    var s = scripts[url];
    if (s && s.done) { cb(null); return; }
    if (s) { s.waiting.push(cb); return; }
    s = scripts[url] = { done: false, waiting: [cb] };
    var el = document.createElement('script');
    el.src = url;
    el.async = true;
    function finish(err) {
      var cbs = s.waiting;
      s.waiting = [];
      if (err) {
        delete scripts[url];
        if (el.parentNode) el.parentNode.removeChild(el);
      } else {
        s.done = true;
      }
      cbs.forEach(function (f) { f(err); });
    }
    el.onload = function () { finish(null); };
    el.onerror = function () { finish(new Error('cannot load ' + url)); };
    document.head.appendChild(el);
  }

  // All of `urls`, side by side; `cb(err)` once when all are there or one failed.
  function loadAll(urls, cb) {
    var left = urls.length;
    var failed = null;
    if (!left) { cb(null); return; }
    urls.forEach(function (u) {
      loadScript(u, function (err) {
        if (err && !failed) failed = err;
        if (--left === 0) cb(failed);
      });
    });
  }

  var prepared = {}; // index URL → prepared head

  function loadIndex(url, done) {
    if (prepared[url]) { done(null, prepared[url]); return; }
    loadScript(url, function (err) {
      if (err) { done(err); return; }
      var raw = global.krisenfestSearchIndex;
      if (!raw) { done(new Error('no index in ' + url)); return; }
      if (!prepared[url]) prepared[url] = prepare(raw);
      done(null, prepared[url]);
    });
  }

  // ---------------------------------------------------------------- one search form

  // The UI texts: assets/texts.js (written by the build from the theme's strings), else the
  // form's data-t-* attributes, else German.
  function text(form, key, fallback, vars) {
    var texts = global.krisenfestTexts || {};
    var s = texts['search_' + key] || form.getAttribute('data-t-' + key) || fallback;
    // functions as replacements: a query may contain `$&` and the like
    return s.replace('{q}', function () { return vars.q || ''; })
      .replace('{n}', function () { return String(vars.n || 0); });
  }

  // The header form's drop-down, made here rather than sent in every page.
  function addPanel(form) {
    var panel = document.createElement('div');
    panel.className = 'search-form__panel';
    panel.setAttribute('data-search-panel', '');
    panel.hidden = true;
    var summary = document.createElement('p');
    summary.className = 'search-form__summary';
    summary.setAttribute('data-search-summary', '');
    var list = document.createElement('ol');
    list.className = 'search-results';
    list.setAttribute('data-search-results', '');
    var allP = document.createElement('p');
    allP.className = 'search-form__all';
    var all = document.createElement('a');
    all.href = form.getAttribute('action') || 'index.html';
    all.setAttribute('data-search-all', '');
    all.textContent = text(form, 'all', 'Alle Treffer auf der Suchseite', {});
    allP.appendChild(all);
    panel.appendChild(summary);
    panel.appendChild(list);
    panel.appendChild(allP);
    form.appendChild(panel);
  }

  function setup(form) {
    if (form.getAttribute('data-search-ready')) return;
    form.setAttribute('data-search-ready', '1');
    if (!form.closest('[data-search-page]') && !form.querySelector('[data-search-results]')) addPanel(form);
    var input = form.querySelector('input[name="q"]');
    var status = form.querySelector('[data-search-status]');
    var list = form.querySelector('[data-search-results]');
    var panel = form.querySelector('[data-search-panel]');
    var summary = form.querySelector('[data-search-summary]');
    var all = form.querySelector('[data-search-all]');
    if (!input || !list) return;
    var isPage = !!form.closest('[data-search-page]');
    var root = form.hasAttribute('data-search-root') ? form.getAttribute('data-search-root') : ROOT;
    var max = parseInt(form.getAttribute('data-search-max'), 10) || (isPage ? 50 : 8);
    var action = form.getAttribute('action') || 'index.html';
    var indexUrl = form.getAttribute('data-search-index') || action.replace(/[^/]*$/, 'index.js');
    var timer = null;
    var shown = null; // the query whose results are on screen

    function say(msg) {
      if (status && status.textContent !== msg) status.textContent = msg;
      if (summary) summary.textContent = msg;
    }

    function close() {
      if (panel) panel.hidden = true;
    }

    function open() {
      if (panel) panel.hidden = false;
    }

    function clear() {
      while (list.firstChild) list.removeChild(list.firstChild);
      if (isPage) list.hidden = true;
    }

    function render(ix, query, hits) {
      clear();
      hits.slice(0, max).forEach(function (h) {
        var d = docOf(ix, h.doc);
        if (!d) return;
        var li = document.createElement('li');
        li.className = 'search-result';
        var a = document.createElement('a');
        a.className = 'search-result__link';
        a.href = root + d[1];
        a.textContent = d[0];
        li.appendChild(a);
        var section = ix.sections[d[2]];
        if (section) {
          var s = document.createElement('span');
          s.className = 'search-result__section';
          s.textContent = section;
          li.appendChild(s);
        }
        if (d[3]) {
          var p = document.createElement('p');
          p.className = 'search-result__excerpt';
          p.textContent = d[3];
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      if (isPage) list.hidden = hits.length === 0;
      var n = hits.length;
      say(n === 0 ? text(form, 'none', 'Keine Treffer für „{q}“.', { q: query })
        : n === 1 ? text(form, 'one', '1 Treffer für „{q}“.', { q: query })
          : text(form, 'many', '{n} Treffer für „{q}“.', { q: query, n: n }));
      if (all) {
        all.href = action + '?q=' + encodeURIComponent(query);
        all.parentNode.hidden = n === 0;
      }
    }

    function keepInUrl(query) {
      if (!isPage || !global.history || !history.replaceState) return;
      try {
        var url = location.pathname + (query ? '?q=' + encodeURIComponent(query) : '') + location.hash;
        history.replaceState(history.state, '', url);
      } catch (e) {
        /* some browsers refuse on file:// – the results are still shown */
      }
    }

    function run() {
      timer = null;
      var query = input.value.trim();
      if (query === shown) { if (query) open(); return; }
      if (isPage) keepInUrl(query);
      if (query.length < 2) {
        shown = query;
        clear();
        say(query.length === 1 ? text(form, 'short', 'Bitte mindestens zwei Buchstaben eingeben.', {}) : '');
        close();
        return;
      }
      if (!prepared[indexUrl]) say(text(form, 'loading', 'Suche wird geladen …', {}));
      open();
      function failed(err) {
        if (!err) return false;
        if (input.value.trim() === query) say(text(form, 'error', 'Der Suchindex konnte nicht geladen werden.', {}));
        return true;
      }
      // typed on meanwhile: that run will show it
      function stale() { return input.value.trim() !== query; }
      // the head, then the postings of the matched terms, then the shown results' documents
      loadIndex(indexUrl, function (err, ix) {
        if (stale() || failed(err)) return;
        var need = postingParts(ix, query).map(function (n) { return partUrl(indexUrl, n); });
        loadAll(need, function (err) {
          if (stale() || failed(err)) return;
          var hits = rank(ix, query);
          var docs = docParts(ix, hits, max).map(function (n) { return partUrl(indexUrl, n); });
          loadAll(docs, function (err) {
            if (stale() || failed(err)) return;
            shown = query;
            render(ix, query, hits);
          });
        });
      });
    }

    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, 150);
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll('a'));
    }

    var escaped = false; // Esc closed the drop-down: focusing the field again does not reopen it
    // Nothing is loaded on focus (a page view loads no part of the index): the head is
    // fetched on the first keystroke, while the user types on.
    input.addEventListener('focus', function () {
      if (!escaped && panel && shown && input.value.trim() === shown && list.firstChild) open();
      escaped = false;
    });
    input.addEventListener('input', function () {
      loadIndex(indexUrl, function () {});
      later();
    });

    form.addEventListener('submit', function (ev) {
      if (!isPage) return; // the header form goes to the search page (with ?q=)
      ev.preventDefault();
      if (timer) clearTimeout(timer);
      shown = null;
      run();
    });

    // keyboard: ↓ from the field into the results, ↑/↓ between them, Esc closes the drop-down
    form.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' && ev.target === input && timer) {
        clearTimeout(timer); // show the results of what is typed now, then move into them
        run();
      }
      var items = links();
      var i = items.indexOf(document.activeElement);
      if (ev.key === 'ArrowDown' && (ev.target === input || i >= 0) && items.length) {
        ev.preventDefault();
        if (panel) open();
        items[Math.min(i + 1, items.length - 1)].focus();
      } else if (ev.key === 'ArrowUp' && i >= 0) {
        ev.preventDefault();
        if (i === 0) input.focus();
        else items[i - 1].focus();
      } else if (ev.key === 'Escape' && panel && !panel.hidden) {
        ev.preventDefault();
        close();
        escaped = document.activeElement !== input;
        input.focus();
      }
    });

    if (panel) {
      form.addEventListener('focusout', function (ev) {
        var to = ev.relatedTarget;
        if (!to || !form.contains(to)) close();
      });
      document.addEventListener('click', function (ev) {
        if (!form.contains(ev.target)) close();
      });
    }

    if (isPage) {
      var q = '';
      try {
        q = new URLSearchParams(location.search).get('q') || '';
      } catch (e) {
        q = '';
      }
      if (q) {
        input.value = q;
        run();
      }
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-search-nojs]'), function (el) {
      el.hidden = true;
    });
    Array.prototype.forEach.call(document.querySelectorAll('form[data-search]'), setup);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})(typeof window !== 'undefined' ? window : globalThis);
