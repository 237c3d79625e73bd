//! Public and intranet outputs: the public one never contains anything internal — in any file
//! type — and public things that reference internal ones fail at the reference.

mod common;

use common::*;

const MARKERS: &[&str] = &[
    "GEHEIM-SEITE-7731",
    "GEHEIM-RISIKO-4410",
    "GEHEIM-MASSNAHME-9902",
    "GEHEIM-NOTIZ-1234",
    "GEHEIM-ZIEL-5150",
    "GEHEIM-SEKTION-8080",
];

fn leak_plan() -> tempfile::TempDir {
    plan(&[
        (
            "content/site.yaml",
            &format!(
                "{SITE}license: {{name: DL-DE-BY-2.0, url: \"https://www.govdata.de/dl-de/by-2-0\"}}\n"
            ),
        ),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nÖffentlich.\n",
        ),
        (
            "content/oeffentlich.md",
            "---\ntitle: Öffentlich\naudience: public\n---\nSiehe [R-001](@R-001).\n",
        ),
        (
            "content/intern.md",
            "---\ntitle: Notfallkontakte GEHEIM-SEITE-7731\n---\nNur intern: GEHEIM-SEITE-7731, siehe [R-002](@R-002).\n",
        ),
        (
            "content/geheim/_index.md",
            "---\ntitle: Sektion GEHEIM-SEKTION-8080\naudience: internal\n---\n",
        ),
        (
            "content/geheim/seite.md",
            "---\ntitle: Unterseite\n---\nGEHEIM-SEKTION-8080\n",
        ),
        (
            "content/data/risks.yaml",
            "- id: R-001\n  title: Öffentliches Risiko\n  inherent: {likelihood: mittel, impact: begrenzt}\n  residual: {likelihood: selten, impact: begrenzt}\n  treatment: reduzieren\n  measures: [M-001]\n  status: offen\n  audience: public\n  internal_note: \"Intern: GEHEIM-NOTIZ-1234\"\n\
             - id: R-002\n  title: Internes Risiko GEHEIM-RISIKO-4410\n  description: GEHEIM-RISIKO-4410\n  inherent: {likelihood: haeufig, impact: existenzbedrohend}\n  residual: {likelihood: haeufig, impact: betraechtlich}\n  treatment: reduzieren\n  measures: [M-002]\n  status: offen\n",
        ),
        (
            "content/data/measures.yaml",
            "- {id: M-001, title: Öffentliche Maßnahme, status: geplant, goals: [Z-1], audience: public}\n\
             - {id: M-002, title: Interne Maßnahme GEHEIM-MASSNAHME-9902, status: geplant, goals: [Z-2]}\n",
        ),
        (
            "content/data/goals.yaml",
            "- {id: Z-1, stakeholder: politik, title: Öffentliches Ziel, audience: public}\n\
             - {id: Z-2, stakeholder: verwaltung, title: Internes Ziel GEHEIM-ZIEL-5150}\n",
        ),
    ])
}

#[test]
fn public_output_contains_no_internal_text_anywhere() {
    let dir = leak_plan();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    let intranet = r
        .outputs
        .iter()
        .find(|o| o.spec.name == "intranet")
        .unwrap();
    let mut checked = 0;
    for (path, bytes) in &public.files {
        let text = String::from_utf8_lossy(bytes);
        for m in MARKERS {
            assert!(!text.contains(m), "public/{path} leaks {m}");
        }
        checked += 1;
    }
    // Every kind of file was looked at, including open data and the sitemap-free robots.txt.
    for must in [
        "index.html",
        "robots.txt",
        "daten/risiken.csv",
        "daten/risiken.json",
        "daten/massnahmen.csv",
        "daten/ziele.json",
        "risiken/index.html",
    ] {
        assert!(public.files.contains_key(must), "public lacks {must}");
    }
    assert!(checked > 10);
    // Public counts: one risk in the public matrix.
    let risks = String::from_utf8_lossy(&public.files["risiken/index.html"]).into_owned();
    assert!(risks.contains("Risikoregister: 1 Risiken"), "{risks}");
    assert!(!public.files.contains_key("risiken/r-002/index.html"));
    assert!(!public.files.contains_key("intern/index.html"));
    assert!(!public.files.contains_key("geheim/index.html"));
    let csv = String::from_utf8_lossy(&public.files["daten/risiken.csv"]).into_owned();
    assert!(csv.starts_with("id,titel,perspektive,"), "{csv}");
    assert_eq!(
        csv.matches("\r\n").count(),
        2,
        "header + one public risk: {csv}"
    );

    let all: String = intranet
        .files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for m in MARKERS {
        assert!(all.contains(m), "intranet lacks {m}");
    }
    assert!(
        String::from_utf8_lossy(&intranet.files["risiken/r-001/index.html"])
            .contains("GEHEIM-NOTIZ-1234")
    );
}

#[test]
fn public_record_referencing_internal_record_fails_at_the_reference() {
    let dir = leak_plan();
    write_files(
        dir.path(),
        &[(
            "content/data/measures.yaml",
            "- {id: M-001, title: Öffentliche Maßnahme, status: geplant, goals: [Z-2], audience: public}\n\
             - {id: M-002, title: Interne Maßnahme, status: geplant, goals: [Z-2]}\n",
        )],
    );
    let r = build_plan(dir.path());
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "public record references internal goal `Z-2`");
    assert_eq!(loc, "content/data/measures.yaml:1:69");
}

#[test]
fn public_page_linking_internal_record_fails_at_the_link() {
    let dir = leak_plan();
    write_files(
        dir.path(),
        &[(
            "content/oeffentlich.md",
            "---\ntitle: Öffentlich\naudience: public\n---\nSiehe [R-002](@R-002).\n",
        )],
    );
    let r = build_plan(dir.path());
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "public content links to internal `@R-002`");
    assert_eq!(loc, "content/oeffentlich.md:5:15");
}

#[test]
fn missing_legal_data_names_the_key() {
    let dir = plan(&[
        (
            "content/site.yaml",
            "title: T\nmunicipality: Stadt T\nlegal:\n  publisher: {name: Stadt T, address: \"Markt 1\", represented_by: B, email: a@t.example, phone: \"1\"}\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\n",
        ),
    ]);
    let r = build_plan(dir.path());
    let msgs: Vec<String> = errors(&r).into_iter().map(|d| d.message.en).collect();
    assert_eq!(
        msgs,
        [
            "missing `legal.accessibility` in site.yaml",
            "missing `legal.data_protection_officer` in site.yaml"
        ]
    );
}

#[test]
fn legal_pages_and_footer_links_in_both_outputs() {
    let dir = leak_plan();
    let r = build_plan(dir.path());
    for out in ["public", "intranet"] {
        let imp = file(&r, out, "impressum/index.html");
        assert!(
            imp.contains("Bürgermeisterin Test") && imp.contains("§ 5 Digitale-Dienste-Gesetz")
        );
        let dse = file(&r, out, "datenschutz/index.html");
        assert!(
            dse.contains("Datenschutz Teststadt")
                && dse.contains("youtube-nocookie.com")
                && dse.contains("Art. 15")
        );
        let bf = file(&r, out, "barrierefreiheit/index.html");
        assert!(
            bf.contains("teilweise vereinbar")
                && bf.contains("https://www.lbbp.nrw.de/ombudsstelle")
                && bf.contains("PDF-Dateien")
        );
        let home = file(&r, out, "index.html");
        for link in [
            "impressum/index.html",
            "datenschutz/index.html",
            "barrierefreiheit/index.html",
        ] {
            assert!(
                home.contains(&format!("href=\"{link}\"")),
                "{out} footer lacks {link}"
            );
        }
    }
}

#[test]
fn leichte_sprache_page_is_in_every_footer_and_legal_pages_are_linkable() {
    let dir = leak_plan();
    write_files(
        dir.path(),
        &[(
            "content/leichte-sprache.md",
            "---\ntitle: Leichte Sprache\naudience: public\n---\nHier steht der Plan in Leichter Sprache. Siehe [Impressum](@/impressum.md).\n",
        )],
    );
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    for out in ["public", "intranet"] {
        let page = file(&r, out, "risiken/r-001/index.html");
        assert!(
            page.contains("href=\"../../leichte-sprache/index.html\">Leichte Sprache</a>"),
            "{out}"
        );
    }
    assert!(
        file(&r, "public", "leichte-sprache/index.html")
            .contains("href=\"../impressum/index.html\"")
    );
}
