//! The legal pages hold up: Impressum (§ 5 DDG, § 18 Abs. 2 MStV), Datenschutzerklärung (Art. 13
//! DSGVO) and Erklärung zur Barrierefreiheit (BGG NRW § 10b, BITVNRW, EU model statement) contain
//! every mandatory part; a plan that lacks the data for one is told so at the entry it belongs
//! to (a warning, so that plans written before the key existed keep building; `--strict`
//! refuses them), and a contradiction is an error.

mod common;

use common::*;

const START: &str = "---\ntitle: Start\naudience: public\n---\nHallo.\n";

/// SITE with `from` replaced by `to` (which must occur).
fn site_with(from: &str, to: &str) -> String {
    assert!(SITE.contains(from), "{from}");
    SITE.replace(from, to)
}

fn build(site: &str) -> krisenfest::build::BuildResult {
    let dir = plan(&[("content/site.yaml", site), ("content/_index.md", START)]);
    build_plan(dir.path())
}

/// Every diagnostic but the one SITE always has (no `base_url`, so no sitemap).
fn messages(r: &krisenfest::build::BuildResult) -> Vec<(String, String)> {
    r.diagnostics
        .snapshot()
        .iter()
        .filter(|d| !d.message.en.contains("sitemap.xml"))
        .map(|d| (d.message.en.clone(), d.location()))
        .collect()
}

#[test]
fn the_example_pages_contain_every_mandatory_part() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let r = build_plan(dir.path());
    assert!(!r.diagnostics.has_errors(), "{:?}", messages(&r));
    let imprint = file(&r, "public", "impressum/index.html");
    for part in [
        "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
        "Stefan Beispiel, Leitung der IT-Leitstelle",
        "Vertretungsberechtigt",
        "Telefon: 02151 123-0",
        "§ 5 Digitale-Dienste-Gesetz (DDG)",
    ] {
        assert!(imprint.contains(part), "Impressum lacks {part:?}");
    }
    let privacy = file(&r, "public", "datenschutz/index.html");
    for part in [
        "Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 Abs. 1 Datenschutzgesetz Nordrhein-Westfalen (DSG NRW)",
        "EU-US Data Privacy Framework",
        "Art. 45 DSGVO",
        "Art. 46 Abs. 2 lit. c DSGVO",
        "Art. 13 Abs. 2 lit. e DSGVO",
        "Art. 13 Abs. 2 lit. f DSGVO",
        "suche/index.html?q=",
        "Server-Protokoll",
    ] {
        assert!(
            privacy.contains(part),
            "Datenschutzerklärung lacks {part:?}"
        );
    }
    let public = file(&r, "public", "barrierefreiheit/index.html");
    let intranet = file(&r, "intranet", "barrierefreiheit/index.html");
    for (name, page) in [("public", &public), ("intranet", &intranet)] {
        for part in [
            "erstellt und zuletzt am 01.11.2026 überprüft",
            "mindestens einmal jährlich",
            "Begründung: Unverhältnismäßige Belastung",
            "Barrierefreie Alternative: Die Seite „Tipps für gute Webmeetings – Textfassung“",
            "Fürstenwall 25",
            "ombudsstelle-barrierefreie-it@mags.nrw.de",
            "Telefon: 0211 855-5",
            "barrierefreies Kontaktformular",
        ] {
            assert!(page.contains(part), "{name} statement lacks {part:?}");
        }
    }
    assert!(public.contains(
        "Diese Erklärung gilt für die öffentliche Website „IT-Masterplan der Stadt Musterstadt“ unter <a href=\"https://www.musterstadt.example/it-masterplan/\">"
    ));
    assert!(intranet.contains("Diese Erklärung gilt für die interne Fassung"));
    assert!(!intranet.contains("öffentliche Website „"));
}

#[test]
fn a_plan_without_the_data_for_a_mandatory_part_is_told_where_it_belongs() {
    // (replace, by, message, location, an error rather than a warning)
    let cases: &[(&str, &str, &str, &str, bool)] = &[
        (
            ", responsible_for_content: {name: Pressestelle Teststadt}",
            "",
            "missing `legal.publisher.responsible_for_content`",
            "content/site.yaml:4:",
            false,
        ),
        (
            ", reviewed: 2026-11-01",
            "",
            "missing `legal.accessibility.reviewed`",
            "content/site.yaml:6:",
            false,
        ),
        (
            "[{text: PDF-Dateien, reason: unverhältnismäßige Belastung}]",
            "[\"PDF-Dateien\"]",
            "this inaccessible content has no reason",
            "content/site.yaml:6:",
            false,
        ),
        (
            "[{text: PDF-Dateien, reason: unverhältnismäßige Belastung}]",
            "[{text: PDF-Dateien, alternative: auf Anfrage als Text}]",
            "this inaccessible content has no reason",
            "content/site.yaml:6:",
            false,
        ),
        (
            "reviewed: 2026-11-01",
            "reviewed: 2026-10-01",
            "the last review (01.10.2026) is before the statement was written (01.11.2026)",
            "content/site.yaml:6:",
            true,
        ),
    ];
    for (from, to, message, at, error) in cases {
        let r = build(&site_with(from, to));
        let got = messages(&r);
        assert_eq!(got.len(), 1, "{to:?}: {got:?}");
        assert_eq!(got[0].0, *message, "{to:?}");
        assert!(got[0].1.starts_with(at), "{to:?}: at {}", got[0].1);
        assert_eq!(r.diagnostics.has_errors(), *error, "{to:?}");
    }
    // without `reviewed` the statement says what `statement_date` always meant
    let r = build(&site_with(", reviewed: 2026-11-01", ""));
    let page = file(&r, "public", "barrierefreiheit/index.html");
    assert!(page.contains("Diese Erklärung wurde am 01.11.2026 erstellt oder zuletzt überprüft."));
}

/// A plan as design.md shows it (no reason, no review date, no § 18 person) still builds.
#[test]
fn a_plan_written_before_the_new_keys_still_builds() {
    let old = "title: T\nmunicipality: Stadt T\nlegal:\n  publisher: {name: Stadt T, address: \"Markt 1\", represented_by: B, email: info@t.example, phone: \"1\"}\n  data_protection_officer: {name: D, email: ds@t.example}\n  accessibility: {status: teilweise-barrierefrei, known_issues: [\"PDF-Dateien\"], feedback_email: bf@t.example, feedback_url: \"https://t.example/kontakt\", statement_date: 2026-11-01}\n";
    let r = build(old);
    assert!(!r.diagnostics.has_errors(), "{:?}", messages(&r));
    assert_eq!(messages(&r).len(), 3, "{:?}", messages(&r));
    assert!(file(&r, "public", "barrierefreiheit/index.html").contains("<li>PDF-Dateien</li>"));
}

#[test]
fn an_enforcement_body_needs_address_email_and_phone() {
    let site = format!(
        "{SITE}  enforcement_body:\n    name: Schlichtungsstelle\n    url: \"https://schlichtung.example\"\n"
    );
    let r = build(&site);
    let got: Vec<String> = messages(&r).into_iter().map(|(m, _)| m).collect();
    assert_eq!(
        got,
        [
            "missing `legal.enforcement_body.address`",
            "missing `legal.enforcement_body.email`",
            "missing `legal.enforcement_body.phone`",
        ]
    );
    assert!(!r.diagnostics.has_errors());
    let site = format!(
        "{SITE}  enforcement_body:\n    name: Schlichtungsstelle\n    address: Platz 1\n    email: s@schlichtung.example\n    phone: \"030 1\"\n"
    );
    let r = build(&site);
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
    let page = file(&r, "public", "barrierefreiheit/index.html");
    assert!(page.contains("Schlichtungsstelle<br>\nPlatz 1<br>\nE-Mail: "));
    assert!(page.contains("Telefon: 030 1"));
    assert!(!page.contains("Fürstenwall"), "the NRW default still shown");
}

#[test]
fn a_stale_review_and_a_missing_contact_form_are_warnings() {
    // the tests build on 27.11.2026
    let r = build(&site_with(
        "statement_date: 2026-11-01, reviewed: 2026-11-01",
        "statement_date: 2024-05-01, reviewed: 2025-11-01",
    ));
    assert!(!r.diagnostics.has_errors());
    assert_eq!(
        messages(&r)[0].0,
        "the accessibility statement has not been reviewed for more than a year (last on 01.11.2025)"
    );
    let r = build(&site_with(
        ", feedback_url: \"https://www.teststadt.example/kontakt\"",
        "",
    ));
    assert!(!r.diagnostics.has_errors());
    assert_eq!(
        messages(&r)[0].0,
        "the accessibility statement names no contact form"
    );
}

#[test]
fn the_land_of_the_plan_decides_the_legal_basis_of_server_logs() {
    let site =
        format!("{SITE}  data_protection_law: \"Art. 4 Bayerisches Datenschutzgesetz (BayDSG)\"\n");
    let r = build(&site);
    let page = file(&r, "public", "datenschutz/index.html");
    assert!(page.contains("in Verbindung mit Art. 4 Bayerisches Datenschutzgesetz (BayDSG)"));
    assert!(!page.contains("DSG NRW"));
}

#[test]
fn a_statement_written_as_markdown_is_the_editors_own() {
    let dir = plan(&[
        (
            "content/site.yaml",
            &site_with(", reviewed: 2026-11-01", "").replace(
                "[{text: PDF-Dateien, reason: unverhältnismäßige Belastung}]",
                "[\"PDF-Dateien\"]",
            ),
        ),
        ("content/_index.md", START),
        (
            "content/barrierefreiheit.md",
            "---\ntitle: Erklärung zur Barrierefreiheit\naudience: public\n---\nUnsere eigene Erklärung.\n",
        ),
    ]);
    let r = build_plan(dir.path());
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
}
