//! Values an editor writes that end up where a browser, a crawler or a spreadsheet interprets
//! them: the addresses in site.yaml (`href`s of the legal and open-data pages), `base_url`
//! (robots.txt, sitemap.xml), the cells of the open-data CSV — and the pages the public site
//! links from every page, which must be public.

mod common;

use common::*;
use krisenfest::build::BuildResult;
use krisenfest::diagnostics::{Diagnostic, render};

/// site.yaml with every address field on a line of its own; `{BASE}` and `{U}` are replaced by
/// YAML double-quoted string bodies (so `\t` in them is a tab for the parser).
const SITE_TEMPLATE: &str = "\
title: T
municipality: Stadt T
outputs:
  - name: public
    audience: public
    dir: public
    base_url: \"{BASE}\"
  - {name: intranet, audience: internal, dir: intranet}
license:
  name: DL
  url: \"{U}\"
legal:
  publisher: {name: Stadt T, address: \"Markt 1\", represented_by: B, email: info@t.example, phone: \"1\", responsible_for_content: {name: R}}
  data_protection_officer: {name: D, email: ds@t.example}
  accessibility:
    status: teilweise-barrierefrei
    feedback_email: bf@t.example
    feedback_url: \"{U}\"
    statement_date: 2026-11-01
    reviewed: 2026-11-01
  supervisory_authority:
    name: LDI
    url: \"{U}\"
  enforcement_body:
    name: Ombud
    url: \"{U}\"
    address: Platz 1
    email: ombud@t.example
    phone: \"2\"
  data_protection_law: \"§ 3 DSG T\"
";

const GOOD_BASE: &str = "https://www.t.example/plan/";
const GOOD_URL: &str = "https://www.t.example/kontakt";
const START: &str = "---\ntitle: Start\naudience: public\n---\nHallo.\n";

/// The link fields of SITE_TEMPLATE: (name in messages, line:col of the value).
const LINK_FIELDS: [(&str, &str); 4] = [
    ("license.url", "11:8"),
    ("legal.accessibility.feedback_url", "18:19"),
    ("legal.supervisory_authority.url", "23:10"),
    ("legal.enforcement_body.url", "26:10"),
];
const BASE_AT: &str = "content/site.yaml:7:15";

fn site(base: &str, url: &str) -> String {
    SITE_TEMPLATE.replace("{BASE}", base).replace("{U}", url)
}

fn build_site(site_yaml: &str, extra: &[(&str, &str)]) -> BuildResult {
    let mut files = vec![
        ("content/site.yaml", site_yaml),
        ("content/_index.md", START),
    ];
    files.extend_from_slice(extra);
    let dir = plan(&files);
    build_plan(dir.path())
}

fn messages_at(errors: &[Diagnostic]) -> Vec<(String, String)> {
    let mut v: Vec<_> = errors
        .iter()
        .map(|d| (d.location(), d.message.en.clone()))
        .collect();
    v.sort();
    v
}

/// What a bad address is refused as.
enum Refused {
    /// A scheme that is not allowed, as a browser reads it.
    Scheme(&'static str),
    /// No scheme at all (relative, protocol-relative, entity or look-alike spellings).
    NotFull,
    /// An allowed scheme, but a character no address may contain.
    Contains(&'static str),
}
use Refused::*;

/// Malicious or broken spellings, as YAML double-quoted string bodies.
const BAD_LINKS: &[(&str, Refused)] = &[
    ("javascript:alert(1)", Scheme("javascript")),
    ("JaVaScRiPt:alert(1)", Scheme("javascript")),
    (" javascript:alert(1)", Scheme("javascript")),
    ("javascript:alert(1) ", Scheme("javascript")),
    ("\\x01\\x1fjavascript:alert(1)", Scheme("javascript")),
    ("java\\tscript:alert(1)", Scheme("javascript")),
    ("java\\nscript:alert(1)", Scheme("javascript")),
    ("java\\r\\nscript:alert(1)", Scheme("javascript")),
    ("\\tjavascript\\t:alert(1)", Scheme("javascript")),
    ("vbscript:msgbox(1)", Scheme("vbscript")),
    (
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        Scheme("data"),
    ),
    ("file:///etc/passwd", Scheme("file")),
    ("ftp://t.example/", Scheme("ftp")),
    ("javascript&colon;alert(1)", NotFull),
    ("&#106;avascript:alert(1)", NotFull),
    ("&#x6A;avascript:alert(1)", NotFull),
    ("%6Aavascript:alert(1)", NotFull),
    ("java\\u200bscript:alert(1)", NotFull),
    ("javascript\\uff1aalert(1)", NotFull),
    ("\\u00a0javascript:alert(1)", NotFull),
    ("//evil.example/", NotFull),
    ("kontakt.html", NotFull),
    ("@/kontakt.md", NotFull),
    ("", NotFull),
    ("https:", NotFull),
    ("https:evil.example", NotFull),
    ("mailto:", NotFull),
    ("https://t.example/\\nDisallow: /", Contains("a line break")),
    ("https://t.example/\\u2028x", Contains("a line break")),
    ("https://t.example/a\\tb", Contains("a tab")),
    ("https://t.example/a\\x00b", Contains("a control character")),
    ("https://t.example/a b", Contains("a space")),
    (" https://t.example/", Contains("a space")),
];

fn expected(field: &str, refused: &Refused, raw: &str) -> String {
    match refused {
        Scheme(s) => format!("`{s}:` addresses are not allowed in `{field}`"),
        NotFull => format!("`{field}` is not a full address: `{raw}`"),
        Contains(what) => format!("`{field}` contains {what}"),
    }
}

/// The value as the parser reads the YAML escapes, shown like the message shows it.
fn decoded(yaml_body: &str) -> String {
    let v: String = serde_saphyr::from_str(&format!("\"{yaml_body}\"")).unwrap();
    v.escape_debug().to_string()
}

#[test]
fn every_address_field_refuses_every_bad_spelling_at_its_value() {
    for (raw, refused) in BAD_LINKS {
        let r = build_site(&site(GOOD_BASE, raw), &[]);
        let got = messages_at(&errors(&r));
        let mut want: Vec<(String, String)> = LINK_FIELDS
            .iter()
            .map(|(field, at)| {
                (
                    format!("content/site.yaml:{at}"),
                    expected(field, refused, &decoded(raw)),
                )
            })
            .collect();
        want.sort();
        assert_eq!(got, want, "spelling {raw:?}");
    }
}

#[test]
fn a_refused_address_is_a_whole_located_diagnostic() {
    let r = build_site(&site(GOOD_BASE, " java\\tscript:alert(1)"), &[]);
    let e = errors(&r);
    let d = e
        .iter()
        .find(|d| d.message.contains("feedback_url"))
        .expect("an error for feedback_url");
    assert_eq!(
        render(d, &r.sources, false, krisenfest::diagnostics::Lang::En),
        "error: `javascript:` addresses are not allowed in `legal.accessibility.feedback_url`
  --> content/site.yaml:18:19
   |
18 |     feedback_url: \" java\\tscript:alert(1)\"
   |                   ^^^^^^^^^^^^^^^^^^^^^^^^ allowed: https:, http:, mailto:, tel:
   |
help: write the address of a web page, like `https://www.musterstadt.example/kontakt`; other kinds of address can run code in the reader's browser or open local files"
    );
}

#[test]
fn good_addresses_pass_and_are_linked() {
    for good in [
        "https://www.t.example/kontakt",
        "HTTPS://WWW.T.EXAMPLE/",
        "http://t.example",
        "mailto:bf@t.example",
        "tel:+49-2151-123",
        "https://t.example/a?b=1&c=2#x",
    ] {
        let r = build_site(&site(GOOD_BASE, good), &[]);
        assert_eq!(errors(&r), Vec::new(), "{good}");
        let page = file(&r, "public", "barrierefreiheit/index.html");
        let href = format!("href=\"{}\"", good.replace('&', "&amp;"));
        assert!(page.contains(&href), "{good} not linked in {page}");
    }
}

#[test]
fn email_fields_take_bare_addresses_only() {
    let yaml = site(GOOD_BASE, GOOD_URL)
        .replace("email: info@t.example", "email: \"mailto:info@t.example\"")
        .replace(
            "email: ds@t.example",
            "email: \"ds@t.example\\nBcc: x@evil.example\"",
        )
        .replace(
            "feedback_email: bf@t.example",
            "feedback_email: javascript:alert(1)",
        );
    let r = build_site(&yaml, &[]);
    assert_eq!(
        messages_at(&errors(&r)),
        [
            (
                "content/site.yaml:13:76".to_string(),
                "`legal.publisher.email` is not an e-mail address: `mailto:info@t.example`"
                    .to_string()
            ),
            (
                "content/site.yaml:14:45".to_string(),
                "`legal.data_protection_officer.email` contains a line break".to_string()
            ),
            (
                "content/site.yaml:17:21".to_string(),
                "`legal.accessibility.feedback_email` is not an e-mail address: `javascript:alert(1)`"
                    .to_string()
            ),
        ]
    );
}

/// Base addresses that are refused, with the message (after "`base_url` of output `public` ").
const BAD_BASES: &[(&str, &str)] = &[
    ("https://t.example/\\nDisallow: /", "contains a line break"),
    (
        "https://t.example/\\r\\nUser-agent: evil",
        "contains a line break",
    ),
    ("https://t.example/\\rx", "contains a line break"),
    ("https://t.example/\\u0085x", "contains a line break"),
    ("https://t.example/\\tx", "contains a tab"),
    ("https://t.example/\\x00", "contains a control character"),
    ("https://t.example/\\x7f", "contains a control character"),
    ("https://t.example/a b/", "contains a space"),
    ("https://t.example/ ", "contains a space"),
    ("https://t.example/?x=1", "contains a query (`?`)"),
    ("https://t.example/#top", "contains a fragment (`#`)"),
    (
        "https://user:pw@t.example/",
        "contains a user name or password",
    ),
    (
        "https://t.example/<b>",
        "contains `<`, which is not allowed in an address",
    ),
    (
        "https://t.example/\\\"x",
        "contains `\"`, which is not allowed in an address",
    ),
];

#[test]
fn base_url_is_an_absolute_http_address_on_one_line() {
    let mut cases: Vec<(String, String)> = BAD_BASES
        .iter()
        .map(|(b, m)| (b.to_string(), format!("`base_url` of output `public` {m}")))
        .collect();
    // Every spelling refused for a link is refused for base_url too, and so are mailto: and tel:.
    for (raw, refused) in BAD_LINKS
        .iter()
        .filter(|(raw, _)| !raw.starts_with("mailto:"))
    {
        let m = match refused {
            Scheme(s) => {
                format!("`{s}:` addresses are not allowed in `base_url` of output `public`")
            }
            NotFull => format!(
                "`base_url` of output `public` is not a full address: `{}`",
                decoded(raw)
            ),
            Contains(what) => format!("`base_url` of output `public` contains {what}"),
        };
        cases.push((raw.to_string(), m));
    }
    cases.push((
        "mailto:a@t.example".into(),
        "`mailto:` addresses are not allowed in `base_url` of output `public`".into(),
    ));
    cases.push((
        "tel:123".into(),
        "`tel:` addresses are not allowed in `base_url` of output `public`".into(),
    ));
    for (raw, message) in cases {
        let r = build_site(&site(&raw, GOOD_URL), &[]);
        assert_eq!(
            messages_at(&errors(&r)),
            [(BASE_AT.to_string(), message)],
            "base_url {raw:?}"
        );
        assert_robots_and_sitemap_well_formed(&r, &raw);
    }
}

/// robots.txt has exactly its four lines and sitemap.xml one `<url>` per line, whatever
/// base_url holds (the build refuses a bad one, but the writers must not rely on that).
fn assert_robots_and_sitemap_well_formed(r: &BuildResult, raw: &str) {
    let robots = file(r, "public", "robots.txt");
    let lines: Vec<&str> = robots.split(['\n', '\r']).collect();
    assert_eq!(lines.len(), 5, "{raw:?}: {robots:?}");
    assert_eq!(lines[..3], ["User-agent: *", "Allow: /", ""], "{raw:?}");
    assert!(lines[3].starts_with("Sitemap: "), "{raw:?}: {robots:?}");
    assert!(
        !lines[3].contains(|c: char| c.is_control() || c.is_whitespace() && c != ' ')
            && lines[3].matches(' ').count() == 1,
        "{raw:?}: {robots:?}"
    );
    assert_eq!(lines[4], "");
    let sitemap = file(r, "public", "sitemap.xml");
    for line in sitemap.lines().skip(2) {
        assert!(
            line == "</urlset>"
                || (line.starts_with("  <url><loc>") && line.ends_with("</loc></url>")),
            "{raw:?}: line {line:?} of {sitemap:?}"
        );
        assert!(!line.contains(['\r', '\u{85}', '\u{2028}']), "{raw:?}");
    }
}

#[test]
fn robots_txt_of_a_good_base_url() {
    let r = build_site(&site(GOOD_BASE, GOOD_URL), &[]);
    assert_eq!(errors(&r), Vec::new());
    assert_eq!(
        file(&r, "public", "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://www.t.example/plan/sitemap.xml\n"
    );
    assert_robots_and_sitemap_well_formed(&r, GOOD_BASE);
}

#[test]
fn one_line_encodes_what_could_break_a_line() {
    assert_eq!(
        krisenfest::config::one_line("https://t/\r\nDisallow: /\u{85}\u{2028}\t\u{0}"),
        "https://t/%0D%0ADisallow:%20/%C2%85%E2%80%A8%09%00"
    );
    assert_eq!(
        krisenfest::config::one_line("https://t.example/ä/"),
        "https://t.example/ä/"
    );
}

// ----- open data: CSV cells a spreadsheet would run ------------------------------------------

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let titles = [
        "=HYPERLINK(\"https://evil.example\",\"Klick\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tTabulator=1",
        "\rWagenrücklauf",
        "-5 Arbeitsplätze",
        "Normal, mit Komma",
        "Normal",
    ];
    let mut measures = String::new();
    for (i, t) in titles.iter().enumerate() {
        let yaml = serde_json::to_string(t).unwrap();
        measures.push_str(&format!(
            "- {{id: M-{i}, title: {yaml}, status: geplant, cost_eur: 1200, audience: public}}\n"
        ));
    }
    let goals = "- {id: Z-1, stakeholder: politik, title: Ziel, target: \"-5\", indicator: \"-0,5\", audience: public}\n\
                 - {id: Z-2, stakeholder: politik, title: Ziel, target: \"-5 Arbeitsplätze\", indicator: \"=1+1\", audience: public}\n";
    // With public data and a base_url a DCAT catalogue is written, which needs a licence the
    // DCAT-AP.de vocabulary knows (the first link field is license.url).
    let licensed =
        site(GOOD_BASE, GOOD_URL).replacen(GOOD_URL, "https://www.govdata.de/dl-de/by-2-0", 1);
    let r = build_site(
        &licensed,
        &[
            ("content/data/measures.yaml", &measures),
            ("content/data/goals.yaml", goals),
        ],
    );
    assert_eq!(errors(&r), Vec::new());
    let csv = file(&r, "public", "daten/massnahmen.csv");
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows,
        [
            "id,titel,verantwortlich,faellig,status,ziele,kosten_eur,grundschutz",
            "M-0,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Klick\"\")\",,,geplant,,1200.0,",
            "M-1,\"'+1+cmd|' /C calc'!A0\",,,geplant,,1200.0,",
            "M-2,\"'-2+3+cmd|' /C calc'!A0\",,,geplant,,1200.0,",
            "M-3,\"'@SUM(1+1)*cmd|' /C calc'!A0\",,,geplant,,1200.0,",
            "M-4,\"'\tTabulator=1\",,,geplant,,1200.0,",
            "M-5,\"'\rWagenrücklauf\",,,geplant,,1200.0,",
            "M-6,\"'-5 Arbeitsplätze\",,,geplant,,1200.0,",
            "M-7,\"Normal, mit Komma\",,,geplant,,1200.0,",
            "M-8,Normal,,,geplant,,1200.0,",
            "",
        ]
    );
    assert_eq!(
        file(&r, "public", "daten/ziele.csv"),
        "id,anspruchsgruppe,titel,kennzahl,zielwert\r\n\
         Z-1,Politik,Ziel,\"-0,5\",-5\r\n\
         Z-2,Politik,Ziel,\"'=1+1\",\"'-5 Arbeitsplätze\"\r\n"
    );
    // JSON is data, not a sheet: the values stay exactly as written.
    assert!(file(&r, "public", "daten/ziele.json").contains("\"zielwert\": \"-5 Arbeitsplätze\""));
}

// ----- pages the public site links from every page -------------------------------------------

#[test]
fn a_required_page_left_internal_is_exactly_one_diagnostic_at_its_front_matter() {
    let base = site(GOOD_BASE, GOOD_URL);
    let fix = "add `audience: public` to its front matter, or delete the page to use the one krisenfest makes from `legal:` in site.yaml";
    // (file, its text, what the public site needs it as, the fix)
    let cases: [(&str, &str, &str, &str); 5] = [
        (
            "content/impressum.md",
            "---\ntitle: Impressum\n---\nText.\n",
            "Impressum",
            fix,
        ),
        (
            "content/datenschutz.md",
            "---\ntitle: Datenschutz\n---\n",
            "Datenschutzerklärung",
            fix,
        ),
        (
            "content/barrierefreiheit/_index.md",
            "---\ntitle: Barrierefreiheit\ntags: [a]\n---\nText.\n",
            "Erklärung zur Barrierefreiheit",
            fix,
        ),
        (
            "content/_index.md",
            "---\ntitle: Start\n---\nText.\n",
            "start page",
            "add `audience: public` to its front matter",
        ),
        (
            "content/impressum.md",
            "\u{feff}---\r\ntitle: Impressum\r\n---\r\nText.\r\n",
            "Impressum",
            fix,
        ),
    ];
    for (path, page, what, fix) in cases {
        // A public page links to it: that link must not repeat the error.
        let link = "---\ntitle: Kontakt\naudience: public\n---\n[Impressum](@/impressum.md), [Datenschutz](@/datenschutz.md), [Start](@/_index.md)\n";
        let r = build_site(&base, &[(path, page), ("content/kontakt.md", link)]);
        let all = r.diagnostics.snapshot();
        assert_eq!(all.len(), 1, "{path}: {all:#?}");
        assert_eq!(
            render(
                &all[0],
                &r.sources,
                false,
                krisenfest::diagnostics::Lang::En
            ),
            format!(
                "error: `{path}` is internal, but the public site needs it as its {what}
 --> {path}:1:1
  |
1 | ---
  | ^^^ no `audience`: `default_audience` (internal) applies
  |
help: the {what} is linked from every page of the public site: {fix}"
            ),
            "{path}"
        );
    }
}

#[test]
fn a_required_page_marked_internal_is_reported_at_its_audience() {
    let r = build_site(
        &site(GOOD_BASE, GOOD_URL),
        &[(
            "content/impressum.md",
            "---\ntitle: Impressum\naudience: internal\n---\nText.\n",
        )],
    );
    let all = r.diagnostics.snapshot();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        render(&all[0], &r.sources, false, krisenfest::diagnostics::Lang::En),
        "error: `content/impressum.md` is internal, but the public site needs it as its Impressum
 --> content/impressum.md:3:11
  |
3 | audience: internal
  |           ^^^^^^^^ internal
  |
help: the Impressum is linked from every page of the public site: change this to `audience: public`"
    );
}

#[test]
fn public_own_legal_pages_and_an_intranet_only_plan_are_fine() {
    let r = build_site(
        &site(GOOD_BASE, GOOD_URL),
        &[(
            "content/impressum.md",
            "---\ntitle: Impressum\naudience: public\n---\nEigener Text.\n",
        )],
    );
    assert_eq!(r.diagnostics.snapshot(), Vec::new());
    assert!(file(&r, "public", "impressum/index.html").contains("Eigener Text."));
    let intranet_only = "title: T\nmunicipality: Stadt T\noutputs:\n  - {name: intranet, audience: internal, dir: intranet}\n";
    let dir = plan(&[
        ("content/site.yaml", intranet_only),
        ("content/_index.md", "---\ntitle: Start\n---\n"),
        ("content/impressum.md", "---\ntitle: Impressum\n---\n"),
    ]);
    assert_eq!(errors(&build_plan(dir.path())), Vec::new());
}

#[test]
fn a_plan_without_any_public_page_names_the_public_output() {
    let dir = plan(&[
        ("content/site.yaml", &site(GOOD_BASE, GOOD_URL)),
        ("content/intern.md", "---\ntitle: Intern\n---\n"),
    ]);
    let r = build_plan(dir.path());
    assert_eq!(
        messages_at(&errors(&r)),
        [(
            "content/site.yaml:4:5".to_string(),
            "output `public` has no start page: no page is public".to_string()
        )]
    );
}

#[test]
fn an_internal_leichte_sprache_page_is_a_warning() {
    let r = build_site(
        &site(GOOD_BASE, GOOD_URL),
        &[(
            "content/leichte-sprache.md",
            "---\ntitle: Leichte Sprache\n---\nText.\n",
        )],
    );
    assert_eq!(errors(&r), Vec::new());
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(
        (w[0].message.as_str(), w[0].location()),
        (
            "`content/leichte-sprache.md` is internal, so the public site does not link it",
            "content/leichte-sprache.md:1:1".to_string()
        )
    );
}
