//! Search: the German normaliser and the ranking, in Rust (src/search/) and through the shipped
//! `assets/search.js` in node with the same cases; the index of real builds (example plan and
//! fixtures) searched on both sides with the same result; no internal text in the public index;
//! deterministic bytes; the search page, its no-JS fallback and the page list. The split into
//! parts is tested in tests/search_parts.rs.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use krisenfest::files::Files;
use krisenfest::search::{self, Index};
use serde_json::{Value, json};

/// (word, normalised form): one table for Rust and for search.js.
const WORDS: &[(&str, &str)] = &[
    ("Geräte", "gerat"),
    ("Geraete", "gerat"),
    ("Gerate", "gerat"),
    ("GERÄTE", "gerat"),
    ("Gera\u{308}te", "gerat"), // decomposed ä (a + combining diaeresis)
    ("Geräten", "gerat"),
    ("Webmeetings", "webmeeting"),
    ("Webmeeting", "webmeeting"),
    ("Arbeitsplätze", "arbeitsplatz"),
    ("Arbeitsplaetze", "arbeitsplatz"),
    ("Arbeitsplatz", "arbeitsplatz"),
    ("Arbeitspl", "arbeitspl"),
    ("Arbeits\u{ad}platz", "arbeitsplatz"), // soft hyphen
    ("Headset", "headset"),
    ("Headsets", "headset"),
    ("Personalausfall", "personalausfall"),
    ("Maße", "mass"),
    ("Masse", "mass"),
    ("Maßnahmen", "massnahm"),
    ("Massnahme", "massnahm"),
    ("Straße", "strass"),
    ("Strasse", "strass"),
    ("Prozess", "prozess"),
    ("Prozesse", "prozess"),
    ("Prüfungen", "prufung"),
    ("Pruefung", "prufung"),
    ("Größe", "gross"),
    ("Groesse", "gross"),
    ("Bauern", "bau"),
    ("Bauer", "bau"),
    ("Feuer", "feu"),
    ("Feuerwehr", "feurwehr"),
    ("aktuell", "aktull"),
    ("Notfallkonzepte", "notfallkonzept"),
    ("Schulungen", "schulung"),
    ("Daten", "dat"),
    ("Café", "caf"),
    ("Dienste", "dien"),
    ("2026", "2026"),
    ("ẞ", "ss"),
];

/// (query, terms after normalisation and stop words).
const QUERIES: &[(&str, &[&str])] = &[
    ("die Geräte", &["gerat"]),
    ("Geräte und Headsets", &["gerat", "headset"]),
    ("  Webmeeting-Dienst  ", &["webmeeting", "dien"]), // -st goes as in "schnellst"
    ("Headset headsets HEADSET", &["headset"]),
    ("R-001", &["r", "001"]),
    ("für", &[]),
    ("Über die Maßnahmen", &["massnahm"]),
    ("", &[]),
];

/// Words that must reach the same form (the issue's examples and the folding rule).
const SAME: &[&[&str]] = &[
    &["Geräte", "Geraete", "Gerate"],
    &["Webmeetings", "Webmeeting"],
    &["Arbeitsplätze", "Arbeitsplatz"],
    &["Maße", "Masse"],
    &["Prüfung", "Pruefung", "Prufung"],
];

fn search_js() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets/search.js")
}

/// Run the shipped search.js in node: normalise `words`, split `queries`.
fn node(words: &[&str], queries: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("run.cjs");
    std::fs::write(
        &script,
        r#"
const fs = require('fs');
const vm = require('vm');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ctx = {};
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(input.script, 'utf8'), ctx, { filename: 'search.js' });
const S = ctx.KrisenfestSearch;
const stop = new Set(input.stop);
const out = {
  words: input.words.map((w) => S.normaliseWord(w)),
  queries: input.queries.map((q) => Array.from(S.queryTerms(q, stop))),
};
process.stdout.write(JSON.stringify(out));
"#,
    )
    .unwrap();
    let stop: Vec<String> = search::stop_words().into_iter().collect();
    let input = json!({
        "script": search_js(),
        "words": words,
        "queries": queries,
        "stop": stop,
    });
    let input_file = dir.path().join("input.json");
    std::fs::write(&input_file, input.to_string()).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&input_file)
        .output()
        .expect("node (>= 20) must be installed to test the shipped search.js");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn normaliser_case_table_in_rust() {
    for (word, want) in WORDS {
        assert_eq!(
            search::normalise_word(word),
            *want,
            "normalise_word({word:?})"
        );
    }
    for (q, want) in QUERIES {
        assert_eq!(search::query_terms(q), *want, "query_terms({q:?})");
    }
    for group in SAME {
        let forms: BTreeSet<String> = group.iter().map(|w| search::normalise_word(w)).collect();
        assert_eq!(forms.len(), 1, "{group:?} → {forms:?}");
    }
    // prefix matching: the part typed first is a prefix of the word's form
    assert!(
        search::normalise_word("Arbeitsplätze").starts_with(&search::normalise_word("Arbeitspl"))
    );
    assert!(search::normalise_word("Feuerwehr").starts_with(&search::normalise_word("Feuer")));
}

#[test]
fn normaliser_case_table_in_shipped_js() {
    let words: Vec<&str> = WORDS.iter().map(|(w, _)| *w).collect();
    let queries: Vec<&str> = QUERIES.iter().map(|(q, _)| *q).collect();
    let out = node(&words, &queries);
    for (i, (word, want)) in WORDS.iter().enumerate() {
        assert_eq!(out["words"][i], *want, "search.js normaliseWord({word:?})");
    }
    for (i, (q, want)) in QUERIES.iter().enumerate() {
        let got: Vec<String> = serde_json::from_value(out["queries"][i].clone()).unwrap();
        assert_eq!(got, *want, "search.js queryTerms({q:?})");
    }
}

fn site_plan() -> tempfile::TempDir {
    plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nWillkommen.\n",
        ),
        (
            "content/technik/_index.md",
            "---\ntitle: Technik\naudience: public\n---\nAlles zur Technik.\n",
        ),
        (
            "content/technik/headset.md",
            "---\ntitle: Headset-Pflicht\naudience: public\n---\nJede Person braucht ein Gerät mit Kamera.\n",
        ),
        (
            "content/technik/geraete.md",
            "---\ntitle: Geräte im Homeoffice\naudience: public\ndescription: Was an Geräten ausgegeben wird.\n---\n## Zubehör\n\nNotebook, Headset und Kamera werden gestellt.\n",
        ),
        (
            "content/technik/arbeitsplaetze.md",
            "---\ntitle: Arbeitsplätze\naudience: public\n---\nDie Arbeitsplätze im Rathaus.\n",
        ),
        (
            "content/notfall.md",
            "---\ntitle: Notfall\naudience: public\n---\n## Notfallkonzept\n\nDas Konzept für den Personalausfall.\n",
        ),
        (
            "content/zeichen.md",
            "---\ntitle: 'Sonderzeichen: ''Apostroph'', \"Zitat\", Backslash \\ und </script> \u{2028} & Co.'\naudience: public\n---\nText mit <b>Tags</b> & Zeichen.\n",
        ),
        (
            "content/intern.md",
            "---\ntitle: Interne Rufnummern GEHEIMWORT-5521\naudience: internal\n---\nRufbereitschaft GEHEIMWORT-5521, Headset-Ausgabe im Keller.\n",
        ),
    ])
}

fn output<'a>(r: &'a krisenfest::build::BuildResult, name: &str) -> &'a Files {
    &r.outputs
        .iter()
        .find(|o| o.spec.name == name)
        .unwrap_or_else(|| panic!("no output {name}"))
        .files
}

/// The index of a built output, rebuilt from its files the way the build does it.
fn index_of(files: &Files, home: &str) -> Index {
    search::read_and_index(
        files,
        &[
            "suche/index.html",
            "seitenuebersicht/index.html",
            "druck/index.html",
        ],
        home,
    )
    .2
}

/// The search files of an output are exactly those of `index` written with the build's layout.
fn assert_shipped(files: &Files, index: &Index) {
    let written = index.to_files(search::LAYOUT);
    assert_eq!(written.head, files["suche/index.js"]);
    for (p, b) in &written.parts {
        assert_eq!(*b, files[&format!("suche/{p}")], "suche/{p}");
    }
    let shipped = files
        .keys()
        .filter(|p| p.ends_with(".js") && p.starts_with("suche/"))
        .count();
    assert_eq!(shipped, 1 + written.parts.len());
}

fn urls(index: &Index, query: &str) -> Vec<String> {
    index
        .search(query)
        .iter()
        .map(|h| index.docs[h.doc].url.clone())
        .collect()
}

/// Rust ranking (the reference) and search.js ranking over the shipped search files give the
/// same list, each query loading only the parts search.js asks for; the titles search.js shows.
fn same_ranking_in_js(files: &Files, index: &Index, searches: &[&str]) -> Vec<String> {
    let dir = search_dir(files, "suche");
    let out = replay(dir.path(), 0, searches);
    let mut titles = Vec::new();
    for (i, q) in searches.iter().enumerate() {
        let rust: Vec<Value> = index
            .search(q)
            .iter()
            .map(|h| json!([index.docs[h.doc].url, h.title_matches, h.score]))
            .collect();
        let js: Vec<Value> = out["queries"][i]["ranked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                titles.push(r[3].as_str().unwrap().to_string());
                json!([r[0], r[1], r[2]])
            })
            .collect();
        assert_eq!(js, rust, "ranking of {q:?}: search.js vs Rust");
    }
    titles
}

#[test]
fn ranking_title_first_prefix_and_infix() {
    let dir = site_plan();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = output(&r, "public");
    let index = index_of(public, "Startseite");
    // the shipped files are exactly this index
    assert_shipped(public, &index);

    // title matches first, then headings/body (the section page lists its pages' titles)
    assert_eq!(
        urls(&index, "Headset"),
        [
            "technik/headset/index.html",
            "technik/geraete/index.html",
            "technik/index.html"
        ]
    );
    assert_eq!(urls(&index, "Geraete")[0], "technik/geraete/index.html");
    assert_eq!(urls(&index, "Gerate")[0], "technik/geraete/index.html");
    assert!(urls(&index, "Geräte").contains(&"technik/headset/index.html".to_string()));
    // prefix of a compound, typed first
    assert_eq!(
        urls(&index, "Arbeitspl"),
        ["technik/arbeitsplaetze/index.html", "technik/index.html"]
    );
    // inside a compound (four characters and more), below exact and prefix matches
    assert_eq!(urls(&index, "konzept"), ["notfall/index.html"]);
    assert!(
        urls(&index, "zep").is_empty(),
        "short words only match as prefix"
    );
    // every word must match
    assert_eq!(
        urls(&index, "Headset Kamera Notebook"),
        ["technik/geraete/index.html"]
    );
    assert_eq!(
        urls(&index, "Headset Kamera")[..2],
        ["technik/headset/index.html", "technik/geraete/index.html"]
    );
    assert!(urls(&index, "Headset Personalausfall").is_empty());
    // the section of a result is the title of its folder's page
    let d = &index.docs[index.search("Geraete")[0].doc];
    assert_eq!(d.section, "Technik");
    assert_eq!(d.excerpt, "Was an Geräten ausgegeben wird.");
    let hit = index.search("Headset");
    assert!(hit[0].title_matches == 1 && hit[1].title_matches == 0);

    let zeichen = &index.docs[index.search("Sonderzeichen")[0].doc];
    assert_eq!(
        zeichen.title,
        "Sonderzeichen: 'Apostroph', \"Zitat\", Backslash \\ und </script> & Co." // U+2028 is white space
    );
    let titles = same_ranking_in_js(
        public,
        &index,
        &[
            "Headset",
            "Geraete",
            "Arbeitspl",
            "konzept",
            "Headset Kamera",
            "Personalausfall",
            "die",
            "R-001",
            "x",
            "Sonderzeichen Apostroph",
        ],
    );
    // titles survive the JSON-in-a-JS-string round trip (quotes, backslash, </script>)
    assert!(titles.contains(&zeichen.title), "{titles:?}");
}

#[test]
fn public_index_contains_no_internal_text() {
    let dir = site_plan();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = output(&r, "public");
    let intranet = output(&r, "intranet");
    let search_files: Vec<&String> = public.keys().filter(|p| p.starts_with("suche/")).collect();
    assert!(
        search_files.iter().any(|p| p.starts_with("suche/p/"))
            && search_files.iter().any(|p| p.starts_with("suche/d/")),
        "{search_files:?}"
    );
    for f in search_files
        .into_iter()
        .map(String::as_str)
        .chain(["seitenuebersicht/index.html"])
    {
        let text = String::from_utf8_lossy(&public[f]);
        assert!(
            !text.contains("GEHEIMWORT"),
            "public/{f} leaks internal text"
        );
        assert!(
            !text.contains("Rufbereitschaft"),
            "public/{f} leaks internal text"
        );
    }
    let index = index_of(public, "Startseite");
    assert!(urls(&index, "Rufbereitschaft").is_empty());
    assert!(!urls(&index, "Headset").contains(&"intern/index.html".to_string()));
    // the intranet's own index has it
    let internal: String = intranet
        .iter()
        .filter(|(p, _)| p.starts_with("suche/d/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(internal.contains("GEHEIMWORT-5521"));
    let index = index_of(intranet, "Startseite");
    assert_eq!(urls(&index, "Rufbereitschaft"), ["intern/index.html"]);
}

#[test]
fn index_bytes_are_deterministic() {
    let dir = site_plan();
    let a = build_plan(dir.path());
    let b = build_plan(dir.path());
    for o in ["public", "intranet"] {
        let (a, b) = (output(&a, o), output(&b, o));
        let names = |f: &Files| -> Vec<String> {
            f.keys()
                .filter(|p| p.starts_with("suche/") || p.starts_with("seitenuebersicht/"))
                .cloned()
                .collect()
        };
        assert_eq!(names(a), names(b), "{o}: the search files differ");
        assert!(names(a).len() > 3);
        for f in names(a) {
            assert_eq!(a[&f], b[&f], "{o}/{f} differs between builds");
        }
    }
}

#[test]
fn search_page_nojs_fallback_and_page_list() {
    let dir = site_plan();
    let r = build_plan(dir.path());
    let public = output(&r, "public");
    let page = String::from_utf8_lossy(&public["suche/index.html"]).into_owned();
    assert!(
        page.contains(r#"role="search" action="index.html" method="get""#),
        "{page}"
    );
    assert!(page.contains(r#"name="q""#));
    assert!(page.contains(r#"data-search-index="index.js""#));
    assert!(page.contains(r#"aria-live="polite""#));
    assert!(page.contains("Die Suche braucht JavaScript"));
    assert!(page.contains(r#"<a href="../seitenuebersicht/index.html">Seitenübersicht</a>"#));
    // no second search form in the header of the search page itself
    assert_eq!(page.matches("role=\"search\"").count(), 1);

    // the header form on every other page, pointing at the search page of this output
    let home = String::from_utf8_lossy(&public["index.html"]).into_owned();
    assert!(
        home.contains(r#"role="search" action="suche/index.html""#),
        "{home}"
    );
    assert!(home.contains(r#"<label class="kern-label search-form__label" for="kf-suche">"#));
    assert!(home.contains(r#"src="assets/search.js""#));
    // The search styles are part of krisenfest.css; the UI texts come from one file, not from
    // attributes repeated in every page.
    assert!(!home.contains("search.css"));
    assert!(!home.contains("data-t-"));
    assert!(home.contains(r#"src="assets/texts.js""#));
    let texts = String::from_utf8_lossy(&public["assets/texts.js"]).into_owned();
    assert!(
        texts.contains(r#""search_none":"Keine Treffer für „{q}“.""#),
        "{texts}"
    );
    assert!(
        texts.contains(r#""checklist_count":"{done} von {total} erledigt""#),
        "{texts}"
    );
    let deep = String::from_utf8_lossy(&public["technik/headset/index.html"]).into_owned();
    assert!(deep.contains(r#"action="../../suche/index.html""#));
    assert!(
        !deep.contains("suche/index.js"),
        "the index is loaded on first use only"
    );

    // the page list links every page of the output, grouped by section
    let list = String::from_utf8_lossy(&public["seitenuebersicht/index.html"]).into_owned();
    for (href, title) in [
        ("../index.html", "Start"),
        ("../technik/index.html", "Technik"),
        ("../technik/headset/index.html", "Headset-Pflicht"),
        ("../technik/geraete/index.html", "Geräte im Homeoffice"),
        ("../notfall/index.html", "Notfall"),
        ("../impressum/index.html", "Impressum"),
    ] {
        assert!(
            list.contains(&format!(r#"<a href="{href}">{title}</a>"#)),
            "page list lacks {href}: {list}"
        );
    }
    assert!(
        list.contains(r#"<h2 id="bereich-technik">Technik</h2>"#),
        "{list}"
    );
    assert!(!list.contains("intern/index.html"));
    assert!(!list.contains("404.html"));
}

/// The example plan (content/ of this repository), as judged: "Headset" finds the checklist,
/// "Geraete" finds pages with "Geräte", "Personalausfall" finds the risk — in Rust and in JS.
#[test]
fn example_plan_finds_what_the_issue_asks_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = build_plan(root);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = output(&r, "public");
    let index = index_of(public, "Startseite");
    assert_shipped(public, &index);

    let headset = urls(&index, "Headset");
    assert!(
        headset
            .iter()
            .any(|u| u.starts_with("checklisten/") && u != "checklisten/index.html"),
        "Headset: {headset:?}"
    );
    let geraete = urls(&index, "Geraete");
    assert!(!geraete.is_empty());
    let top = &index.docs[index.search("Geraete")[0].doc];
    assert!(top.title.contains("Geräte"), "Geraete → {}", top.title);
    let risk = urls(&index, "Personalausfall");
    assert!(
        risk.iter().any(|u| u.starts_with("risiken/r-")),
        "Personalausfall: {risk:?}"
    );
    assert!(!urls(&index, "Arbeitspl").is_empty());
    assert!(!urls(&index, "Webmeetings").is_empty());

    let titles = same_ranking_in_js(
        public,
        &index,
        &[
            "Headset",
            "Geraete",
            "Geräte",
            "Personalausfall",
            "Arbeitspl",
            "Webmeeting Datenschutz",
            "Notfall",
        ],
    );
    assert!(titles.len() > 50);
    let size = public["suche/index.js"].len();
    assert!(
        size < search::SIZE_BUDGET / 4,
        "example index head is {size} bytes"
    );
}
