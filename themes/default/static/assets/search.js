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
 * The index (suche/index.js, written by the build, src/search.rs) sets
 * window.krisenfestSearchIndex = JSON.parse('…'); it is inserted as a <script> the first time a
 * search field gets the focus or input (a <script> loads from file://, a fetch of JSON does not).
 *
 * Normalisation and ranking are the same as in src/search.rs (tests/search.rs runs this file in
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

  // Postings (src/search.rs, Index::to_js): base-32 numbers delta*4+field, every digit but the
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

  function prepare(raw) {
    var docs = (raw.d || []).map(function (d) {
      var url = d[1];
      if (url === '' || url.charAt(url.length - 1) === '/') url += 'index.html';
      return [d[0], url, d[2], d[3]];
    });
    return {
      stop: new Set(raw.stop || []),
      sections: raw.s || [],
      docs: docs,
      terms: raw.t ? raw.t.split(' ') : [],
      postings: raw.p ? raw.p.split(' ') : [],
      decoded: []
    };
  }

  // Matching documents, best first: [{doc, titleMatches, score}]
  function rank(ix, query) {
    var q = queryTerms(query, ix.stop);
    if (!q.length) return [];
    var acc = new Map(); // doc → [query words matched, in title, score]
    q.forEach(function (qt, qi) {
      var qlen = Array.from(qt).length;
      var best = new Map(); // doc → [score, in title]
      for (var k = 0; k < ix.terms.length; k++) {
        var term = ix.terms[k];
        var quality;
        if (term === qt) quality = 3;
        else if (term.startsWith(qt)) quality = 2;
        else if (qlen >= INFIX_MIN && term.indexOf(qt) >= 0) quality = 1;
        else continue;
        var ps = ix.decoded[k] || (ix.decoded[k] = decodePostings(ix.postings[k]));
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
    queryTerms: queryTerms, decodePostings: decodePostings, prepare: prepare, rank: rank
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

  var prepared = null;
  var waiting = [];
  var loading = false;

  function loadIndex(url, done) {
    if (prepared) { done(null, prepared); return; }
    waiting.push(done);
    if (loading) return;
    loading = true;
    var script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = function () {
      loading = false;
      var raw = global.krisenfestSearchIndex;
      var err = raw ? null : new Error('no index in ' + url);
      if (raw) prepared = prepare(raw);
      flush(err);
    };
    script.onerror = function () {
      loading = false;
      script.parentNode.removeChild(script); // try again on the next use
      flush(new Error('cannot load ' + url));
    };
    document.head.appendChild(script);
  }

  function flush(err) {
    var cbs = waiting;
    waiting = [];
    cbs.forEach(function (cb) { cb(err, prepared); });
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
        var d = ix.docs[h.doc];
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
      if (!prepared) say(text(form, 'loading', 'Suche wird geladen …', {}));
      open();
      loadIndex(indexUrl, function (err, ix) {
        if (input.value.trim() !== query) return; // typed on meanwhile: that run will show it
        if (err) {
          say(text(form, 'error', 'Der Suchindex konnte nicht geladen werden.', {}));
          return;
        }
        shown = query;
        render(ix, query, rank(ix, query));
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
    input.addEventListener('focus', function () {
      loadIndex(indexUrl, function () {});
      if (!escaped && panel && shown && input.value.trim() === shown && list.firstChild) open();
      escaped = false;
    });
    input.addEventListener('input', later);

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
