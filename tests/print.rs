//! The print edition (`druck/index.html`): the whole plan of an output in one document — every
//! page and record in it, nothing of another audience, ids unique, every link inside resolved.

mod common;

use std::collections::BTreeMap;

use common::*;
use html5gum::{Token, Tokenizer};

/// The text a reader sees (tags dropped, entities decoded, white space collapsed).
fn text(html: &str) -> String {
    let mut s = String::new();
    let mut skip = 0usize;
    for t in Tokenizer::new(html).flatten() {
        match t {
            Token::StartTag(t) if matches!(t.name.as_slice(), b"script" | b"style" | b"head") => {
                skip += 1
            }
            Token::EndTag(t) if matches!(t.name.as_slice(), b"script" | b"style" | b"head") => {
                skip = skip.saturating_sub(1)
            }
            Token::String(v) if skip == 0 => {
                s.push_str(&String::from_utf8_lossy(&v.value));
                s.push(' ');
            }
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `<h1>` of a page, as text.
fn h1(html: &str) -> Option<String> {
    let start = html.find("<h1")?;
    let end = html[start..].find("</h1>")? + start;
    Some(text(&html[start..end + 5]))
}

/// Every id (with how often it occurs) and every fragment link of a document.
fn ids_and_fragments(html: &str) -> (BTreeMap<String, usize>, Vec<String>) {
    let mut ids = BTreeMap::new();
    let mut fragments = Vec::new();
    for t in Tokenizer::new(html).flatten() {
        if let Token::StartTag(t) = t {
            for (k, v) in &t.attributes {
                let v = String::from_utf8_lossy(&v.value).into_owned();
                match k.as_slice() {
                    b"id" => *ids.entry(v).or_insert(0) += 1,
                    b"href" if v.starts_with('#') => fragments.push(v[1..].to_string()),
                    _ => {}
                }
            }
        }
    }
    (ids, fragments)
}

/// The plan at `root`, built without errors.
fn built(root: &std::path::Path) -> krisenfest::build::BuildResult {
    let r = build_plan(root);
    assert!(
        !r.diagnostics.has_errors(),
        "{:#?}",
        r.diagnostics.snapshot()
    );
    r
}

fn output<'a>(r: &'a krisenfest::build::BuildResult, name: &str) -> &'a krisenfest::files::Files {
    &r.outputs
        .iter()
        .find(|o| o.spec.name == name)
        .unwrap()
        .files
}

#[test]
fn the_example_plan_prints_every_page_of_each_output_once() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let r = built(dir.path());
    for name in ["public", "intranet"] {
        let files = output(&r, name);
        let doc = file(&r, name, "druck/index.html");
        let doc_text = text(&doc);
        let mut pages = 0;
        for (path, bytes) in files.iter() {
            // the council paper names the print edition as its attachment: it is not in it
            let skipped = [
                "404.html",
                "suche/index.html",
                "seitenuebersicht/index.html",
                "druck/index.html",
                "druck/vorlage/index.html",
            ];
            if !path.ends_with("index.html") || skipped.contains(&path.as_str()) {
                continue;
            }
            let html = String::from_utf8_lossy(bytes);
            let title = h1(&html).unwrap_or_else(|| panic!("{path} has no h1"));
            assert!(
                doc_text.contains(&title),
                "{name}: „{title}“ ({path}) is not printed"
            );
            let anchor = krisenfest::render::print::anchor(path);
            assert_eq!(
                doc.matches(&format!("id=\"{anchor}\"")).count(),
                1,
                "{path}"
            );
            pages += 1;
        }
        assert!(pages > 80, "{name}: only {pages} pages");
        let (ids, fragments) = ids_and_fragments(&doc);
        let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{name}: ids used twice: {twice:?}");
        for f in &fragments {
            assert!(ids.contains_key(f), "{name}: #{f} leads nowhere");
        }
        // nothing that runs or works only on screen
        for gone in [
            "<script",
            "data-search",
            "<nav class=\"site-nav",
            "hidden>",
            "<template",
        ] {
            assert!(!doc.contains(gone), "{name}: {gone}");
        }
        // every chart keeps its case-sensitive SVG attributes
        assert!(doc.contains("viewBox=\""), "{name}");
        assert!(!doc.contains("viewbox="), "{name}");
    }
    // the same input, the same bytes
    let again = build_plan(dir.path());
    for name in ["public", "intranet"] {
        assert!(
            file(&r, name, "druck/index.html") == file(&again, name, "druck/index.html"),
            "{name} differs between two builds"
        );
    }
}

const INTERNAL_RISK: &str = "\
id: R-002
title: Geheimer Schwachpunkt Serverraum
threats: [G0.33]
perspective: nutzer
inherent: {likelihood: mittel, impact: betraechtlich}
residual: {likelihood: selten, impact: begrenzt}
treatment: reduzieren
measures: [M-001]
status: offen
reviewed: 2026-10-01
audience: internal
";

fn small_plan(extra_site: &str) -> tempfile::TempDir {
    let site = format!(
        "{SITE}{extra_site}license: {{name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}}\noutputs:\n  - {{name: public, audience: public, dir: public, base_url: \"https://www.teststadt.example/plan/\"}}\n  - {{name: intranet, audience: internal, dir: intranet}}\n"
    );
    plan(&[
        ("content/site.yaml", &site),
        (
            "content/_index.md",
            "---\ntitle: IT-Masterplan Teststadt\naudience: public\n---\nDer Plan. Siehe [die Methode](einfuehrung/methode.md#skala).\n",
        ),
        (
            "content/einfuehrung/_index.md",
            "---\ntitle: Einführung\naudience: public\n---\nWarum ein Plan.\n",
        ),
        (
            "content/einfuehrung/methode.md",
            "---\ntitle: Methode\naudience: public\nweight: 1\n---\n## Skala {#skala}\n\nVier Stufen. [Zurück](../_index.md)\n\n<details><summary>Mehr</summary>Mehr Text</details>\n",
        ),
        (
            "content/einfuehrung/intern.md",
            "---\ntitle: Nur im Haus\naudience: internal\nweight: 2\n---\nDie Zugangsdaten liegen im Tresor Zimmer 204.\n",
        ),
        (
            "content/data/threats.yaml",
            "- {id: G0.33, title: Personalausfall, audience: public}\n",
        ),
        (
            "content/data/perspectives.yaml",
            "- {id: nutzer, title: Nutzer, weight: 100, audience: public}\n",
        ),
        (
            "content/data/measures.yaml",
            "- {id: M-001, title: Notebooks beschaffen, status: geplant, audience: public}\n",
        ),
        ("content/data/risks/r1.yaml", RISK),
        ("content/data/risks/r2.yaml", INTERNAL_RISK),
    ])
}

#[test]
fn the_public_print_edition_holds_nothing_internal() {
    let dir = small_plan("");
    let r = built(dir.path());
    let public = text(&file(&r, "public", "druck/index.html"));
    let intranet = text(&file(&r, "intranet", "druck/index.html"));
    for secret in [
        "Geheimer Schwachpunkt",
        "R-002",
        "Nur im Haus",
        "Tresor Zimmer 204",
    ] {
        assert!(
            !public.contains(secret),
            "public print edition shows „{secret}“"
        );
        assert!(
            intranet.contains(secret),
            "intranet print edition lacks „{secret}“"
        );
    }
    for public_text in [
        "Ausfall der Telefonanlage",
        "Notebooks beschaffen",
        "Vier Stufen",
        "Impressum",
    ] {
        assert!(public.contains(public_text), "{public_text}");
    }
}

/// The whole document of a small plan: its order, numbers, headings, references and cover.
#[test]
fn print_edition_of_a_small_plan() {
    let dir = small_plan("");
    let r = built(dir.path());
    insta::assert_snapshot!(file(&r, "public", "druck/index.html"));
}

#[test]
fn an_english_plan_gets_an_english_print_edition() {
    let dir = small_plan("language: en\n");
    let r = built(dir.path());
    let doc = file(&r, "public", "print/index.html");
    for words in ["<html lang=\"en\">", "Print edition", ">Contents<", "(see "] {
        assert!(doc.contains(words), "{words}");
    }
    let home = file(&r, "public", "index.html");
    assert!(
        home.contains("href=\"print/index.html\">Print edition</a>"),
        "footer"
    );
    assert!(home.contains(">Open data</a>"), "footer");
}

/// A plan without `content/_index.md` has a start page without a title of its own: links to it
/// (breadcrumbs, the print edition's contents) are named after the plan, never empty.
#[test]
fn a_start_page_without_a_title_is_named_after_the_plan() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        (
            "content/a/seite.md",
            "---\ntitle: Eine Seite\naudience: public\n---\nText.\n",
        ),
    ]);
    let r = built(dir.path());
    let page = file(&r, "public", "a/seite/index.html");
    assert!(
        page.contains("<li><a href=\"../../index.html\">IT-Masterplan Teststadt</a></li>"),
        "breadcrumbs"
    );
    let doc = file(&r, "public", "druck/index.html");
    assert!(
        doc.contains("<span class=\"print-toc__number\">1</span> IT-Masterplan Teststadt</a>"),
        "contents"
    );
}
