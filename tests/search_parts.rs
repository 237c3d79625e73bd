//! The split search index (src/search/shards.rs, assets/search.js): on a plan like the benchmark
//! corpus, the parts search.js loads for a query give exactly the results and order of the
//! reference ranking (`Index::search`, the engine as it was before the split) — with the build's
//! layout and with parts so small that every query spans many of them; a query loads only what
//! it needs; no part of the public output holds an internal page. Also the postings encoding, the
//! size budget of the head and a bench of the search stage.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use krisenfest::files::Files;
use krisenfest::search::{self, Index, Layout};
use serde_json::{Value, json};

const WORDS: &[&str] = &[
    "Datensicherung",
    "Notfallhandbuch",
    "Notfallübung",
    "Passwortrichtlinie",
    "Geräte",
    "Mobilgeräte",
    "Prüfung",
    "Kita-Bereich",
    "Webmeeting-Dienst",
    "E-Mail-Archivierung",
    "Berechtigungskonzept",
    "Löschkonzept",
    "Arbeitsplätze",
    "Serverraum",
    "Stromausfall",
    "Netzersatzanlage",
    "Feuerwehr",
    "Kämmerei",
    "Maßnahmen",
    "Schulung",
    "Verschlüsselung",
    "Zwei-Faktor-Authentisierung",
    "Wiederherstellungstests",
    "Krisenstab",
];

const FILL: &[&str] = &[
    "Die IT-Abteilung prüft",
    "Das Hauptamt dokumentiert",
    "Der Krisenstab legt fest:",
    "Im Zweifel entscheidet die Leitung über",
    "Beschäftigte werden geschult zu",
];

const QUERIES: &[&str] = &[
    "Datensicherung",
    "datensicherung",
    "notfall",
    "Notfallübung",
    "Notfalluebung",
    "konzept",
    "sicherung",
    "Geräte",
    "Geraete",
    "Gerate",
    "Prüfung",
    "Pruefung",
    "arbeitspl",
    "not",
    "zep",
    "Notfall Kita",
    "Kita Schulung Passwort",
    "Kämmerei Feuerwehr",
    "kaemmerei",
    "Maßnahmen",
    "Massnahmen",
    "E-Mail",
    "email",
    "Webmeeting-Dienst",
    "webmeetingdienst",
    "Zwei-Faktor",
    "xyzzy",
    "für",
    "Datensicherung xyzzy",
    "2026",
];

/// A plan of `n` pages in a few sections, titles and text drawn from the corpus vocabulary by a
/// fixed generator, and one internal page.
fn corpus_plan(n: usize) -> tempfile::TempDir {
    let mut seed: u64 = 0x5eed;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % m
    };
    let mut files: Vec<(String, String)> = vec![
        ("content/site.yaml".into(), SITE.into()),
        (
            "content/_index.md".into(),
            "---\ntitle: Start\naudience: public\n---\nWillkommen 2026.\n".into(),
        ),
        (
            "content/intern.md".into(),
            "---\ntitle: Datensicherung intern GEHEIMWORT-7788\naudience: internal\n---\nNotfallhandbuch GEHEIMWORT-7788 im Tresor.\n".into(),
        ),
    ];
    for s in ["leitfaden", "technik", "notfall"] {
        files.push((
            format!("content/{s}/_index.md"),
            format!("---\ntitle: Bereich {s}\naudience: public\n---\nÜbersicht.\n"),
        ));
    }
    for i in 0..n {
        let section = ["leitfaden", "technik", "notfall"][next(3)];
        let title = format!("{} {}", WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
        let mut body = String::new();
        for _ in 0..2 + next(3) {
            body.push_str(&format!("## {}\n\n", WORDS[next(WORDS.len())]));
            for _ in 0..3 + next(4) {
                body.push_str(&format!(
                    "{} {} und {}. ",
                    FILL[next(FILL.len())],
                    WORDS[next(WORDS.len())],
                    WORDS[next(WORDS.len())]
                ));
            }
            body.push_str("\n\n");
        }
        files.push((
            format!("content/{section}/seite-{i:03}.md"),
            format!("---\ntitle: \"{title}\"\naudience: public\n---\n{body}"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    plan(&refs)
}

fn public_files(dir: &std::path::Path) -> Files {
    let r = build_plan(dir);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    r.outputs
        .into_iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files
}

fn index_of(files: &Files) -> Index {
    search::read_and_index(
        files,
        &[
            "suche/index.html",
            "seitenuebersicht/index.html",
            "druck/index.html",
        ],
        "Startseite",
    )
    .2
}

/// The files of `index` written with `layout`, as a search folder.
fn written(index: &Index, layout: Layout) -> tempfile::TempDir {
    let f = index.to_files(layout);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.js"), &f.head).unwrap();
    for (p, b) in &f.parts {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b).unwrap();
    }
    dir
}

/// search.js over `dir` gives the reference ranking for every query, with the reference's
/// titles, sections and excerpts.
fn assert_same_as_reference(index: &Index, dir: &std::path::Path, label: &str) -> Value {
    let out = replay(dir, 0, QUERIES);
    for (i, q) in QUERIES.iter().enumerate() {
        let want: Vec<Value> = index
            .search(q)
            .iter()
            .map(|h| {
                let d = &index.docs[h.doc];
                json!([
                    d.url,
                    h.title_matches,
                    h.score,
                    d.title,
                    d.section,
                    d.excerpt
                ])
            })
            .collect();
        assert_eq!(
            out["queries"][i]["ranked"],
            Value::Array(want),
            "{label}: {q:?}"
        );
    }
    out
}

#[test]
fn split_index_ranks_as_the_reference_on_a_corpus_like_plan() {
    let dir = corpus_plan(240);
    let public = public_files(dir.path());
    let index = index_of(&public);
    assert!(index.docs.len() > 240);

    // the build's own files
    let shipped = search_dir(&public, "suche");
    let out = assert_same_as_reference(&index, shipped.path(), "build layout");
    // the cases the list is meant to cover do occur
    let hits = |q: &str| {
        out["queries"][QUERIES.iter().position(|x| *x == q).unwrap()]["hits"]
            .as_u64()
            .unwrap()
    };
    for q in [
        "konzept",
        "sicherung",
        "Geraete",
        "Notfall Kita",
        "arbeitspl",
        "email",
    ] {
        assert!(hits(q) > 0, "{q} finds nothing");
    }
    assert_eq!(hits("Geraete"), hits("Geräte"));
    assert_eq!(hits("xyzzy"), 0);
    assert_eq!(hits("zep"), 0);
    assert_eq!(hits("Datensicherung xyzzy"), 0);

    // tiny parts: every query spans many of them, and still finds the same
    let tiny = Layout {
        postings_bytes: 40,
        docs_per_part: 3,
    };
    let small = written(&index, tiny);
    let out = assert_same_as_reference(&index, small.path(), "tiny layout");
    let postings_parts = index
        .to_files(tiny)
        .parts
        .iter()
        .filter(|(p, _)| p.starts_with("p/"))
        .count();
    assert!(postings_parts > 20, "{postings_parts}");
    for q in out["queries"].as_array().unwrap() {
        let files = q["files"].as_array().unwrap();
        assert_eq!(files[0], "index.js");
        let p = files
            .iter()
            .filter(|f| f.as_str().unwrap().starts_with("p/"))
            .count();
        assert!(
            p <= postings_parts / 4,
            "{}: loads {p} of {postings_parts} postings parts",
            q["q"]
        );
    }
    let no_hits = &out["queries"][QUERIES.iter().position(|x| *x == "xyzzy").unwrap()];
    assert_eq!(
        no_hits["files"],
        json!(["index.js"]),
        "a word without terms loads no part"
    );
    let stop = &out["queries"][QUERIES.iter().position(|x| *x == "für").unwrap()];
    assert_eq!(stop["files"], json!(["index.js"]));
}

#[test]
fn shown_results_load_only_their_documents_parts() {
    let dir = corpus_plan(240);
    let public = public_files(dir.path());
    let shipped = search_dir(&public, "suche");
    let all = replay(shipped.path(), 0, &["notfall"]);
    let eight = replay(shipped.path(), 8, &["notfall"]);
    let docs_parts = |v: &Value| {
        v["queries"][0]["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f.as_str().unwrap().starts_with("d/"))
            .count()
    };
    assert!(docs_parts(&eight) <= 8);
    assert!(docs_parts(&eight) < docs_parts(&all));
    assert_eq!(
        eight["queries"][0]["ranked"],
        json!(all["queries"][0]["ranked"].as_array().unwrap()[..8])
    );
    assert!(eight["queries"][0]["bytes"].as_u64() < all["queries"][0]["bytes"].as_u64());
}

#[test]
fn no_part_of_the_public_index_holds_an_internal_page() {
    let dir = corpus_plan(60);
    let public = public_files(dir.path());
    let parts: Vec<&String> = public.keys().filter(|p| p.starts_with("suche/")).collect();
    assert!(parts.iter().filter(|p| p.starts_with("suche/d/")).count() >= 2);
    for p in parts {
        let text = String::from_utf8_lossy(&public[p.as_str()]);
        assert!(!text.contains("GEHEIMWORT"), "{p} leaks the internal page");
        assert!(!text.contains("intern/"), "{p} names the internal page");
    }
    let index = index_of(&public);
    assert!(index.search("GEHEIMWORT").is_empty());
}

#[test]
fn size_budget_warning_names_the_largest_pages() {
    let mut index = Index::default();
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        index.docs.push(search::Doc {
            title: name.to_string(),
            url: format!("{name}/index.html"),
            section: String::new(),
            excerpt: String::new(),
        });
        index.terms.insert(format!("wort{i}"), vec![(i as u32, 0)]);
    }
    assert!(search::budget_warning("public", &index, search::SIZE_BUDGET, &[1, 2, 3]).is_none());
    let d = search::budget_warning(
        "public",
        &index,
        3 * 1024 * 1024,
        &[10_000, 900_000, 20_000],
    )
    .expect("a warning over the budget");
    assert_eq!(d.severity, krisenfest::diagnostics::Severity::Warning);
    assert_eq!(
        d.message,
        "the term list of the search index of output `public` is 3.0 MB, over the budget of 2 MB"
    );
    let hint = d.hint.unwrap();
    assert!(
        hint.contains("Pages that bring the most terms: b/index.html (878.9 KB), c/index.html (19.5 KB), a/index.html (9.8 KB)"),
        "{hint}"
    );
}

#[test]
fn postings_round_trip() {
    let ps: Vec<(u32, u8)> = vec![
        (0, 2),
        (1, 0),
        (2, 1),
        (40, 0),
        (1000, 2),
        (1001, 0),
        (70_000, 1),
    ];
    let mut index = Index::default();
    for i in 0..=70_000 {
        index.docs.push(search::Doc {
            title: String::new(),
            url: format!("{i}.html"),
            section: String::new(),
            excerpt: String::new(),
        });
    }
    index.terms.insert("wort".into(), ps.clone());
    let files = index.to_files(search::LAYOUT);
    let (name, js) = &files.parts[0];
    assert_eq!(name, "p/0.js");
    let js = String::from_utf8(js.clone()).unwrap();
    let start = js.find("]='").unwrap() + 3;
    let enc = &js[start..js.rfind("';").unwrap()];
    assert_eq!(search::decode_postings(enc), ps);
}

/// Cost of the search stage on a built output folder (not run by default):
/// `KF_SEARCH_BENCH=DIR/krisenfest/public cargo test --release --test search_parts -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_search_stage_on_a_built_output() {
    let Ok(dir) = std::env::var("KF_SEARCH_BENCH") else {
        eprintln!("set KF_SEARCH_BENCH to a built output folder");
        return;
    };
    let dir = PathBuf::from(dir);
    let mut files = Files::new();
    for e in walkdir_html(&dir) {
        let rel = e
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        files.insert(
            rel,
            std::fs::read(&e).unwrap(),
            krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
        );
    }
    let cpu0 = cpu_ms();
    let t0 = std::time::Instant::now();
    let (_, _, index) = search::read_and_index(
        &files,
        &[
            "suche/index.html",
            "seitenuebersicht/index.html",
            "druck/index.html",
        ],
        "Startseite",
    );
    let t2 = std::time::Instant::now();
    let written = index.to_files(search::LAYOUT);
    let t3 = std::time::Instant::now();
    let cpu = cpu_ms() - cpu0;
    eprintln!(
        "{} pages, {} terms: read HTML and build index {:.0} ms, write {:.0} ms, total {:.0} ms (CPU {cpu} ms); index {} bytes in {} files, head {} bytes",
        index.docs.len(),
        index.terms.len(),
        (t2 - t0).as_secs_f64() * 1000.0,
        (t3 - t2).as_secs_f64() * 1000.0,
        (t3 - t0).as_secs_f64() * 1000.0,
        written.total_bytes(),
        1 + written.parts.len(),
        written.head.len()
    );
    let t4 = std::time::Instant::now();
    for q in [
        "Datensicherung",
        "Geraete",
        "Notfall Feuerwehr",
        "Arbeitspl",
        "konzept",
    ] {
        let n = index.search(q).len();
        eprintln!("  {q}: {n} hits");
    }
    eprintln!(
        "  5 searches (Rust reference): {:.0} ms",
        t4.elapsed().as_secs_f64() * 1000.0
    );
}

fn walkdir_html(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// CPU time of this process so far (user + system, Linux), in milliseconds; 0 elsewhere.
fn cpu_ms() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // fields after the command name in parentheses: utime is the 14th, stime the 15th field
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = after
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse::<i64>().unwrap_or(0).max(0) as u64)
        .collect();
    // after ")" come the state, then ppid, …; utime/stime are fields 14/15 overall, i.e.
    // index 10/11 after the state
    (f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0)) * 10
}
