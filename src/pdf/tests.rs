use std::process::Command;

use super::*;

const META: PdfMeta<'static> = PdfMeta {
    title: "IT-Masterplan der Stadt Musterstadt",
    municipality: "Stadt Musterstadt",
    lang: "de",
    stand: "7. Dezember 2026",
    date: (2026, 12, 7),
};

/// Editor text with every character typst markup or code would read.
const TRICKY: &str = r#"Preis #1 $5 *fett* _kursiv_ [Klammer] \n \ <label> @ref = Titel `code` // kein Kommentar /* auch nicht */ "Anführung" ~ - -- ... #set page(paper: "a0")"#;

fn sample() -> String {
    let tricky = crate::render::charts::escape(TRICKY);
    let chart = crate::render::charts::bar_chart(&crate::render::charts::BarChart {
        id: "nutzwerte",
        title: "Nutzwerte der Plattformen",
        desc: "Balkendiagramm der Nutzwerte.",
        bars: &[
            crate::render::charts::Bar {
                label: "Plattform A".into(),
                value: 8.0,
                value_text: "8,00".into(),
                muted: false,
            },
            crate::render::charts::Bar {
                label: "Plattform B".into(),
                value: 4.5,
                value_text: "4,50".into(),
                muted: true,
            },
        ],
        max: None,
    });
    format!(
        r##"<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Druck</title><style>body {{ color: red }}</style></head>
<body>
<header class="print-cover"><h1>IT-Masterplan der Stadt Musterstadt</h1><p>Stadt Musterstadt</p>
<dl><dt>Ausgabe</dt><dd>Öffentliche Fassung</dd><dt>Stand</dt><dd>7. Dezember 2026</dd></dl></header>
<nav class="print-toc" aria-labelledby="toc-h"><h2 id="toc-h">Inhalt</h2><ol><li><a href="#p-einfuehrung">Einführung</a></li></ol></nav>
<section class="print-section" id="p-einfuehrung">
<h1 id="einfuehrung">Einführung</h1>
<p>Erster Absatz mit <strong>fett</strong>, <em>kursiv</em>, <code>code &lt;x&gt;</code>, <abbr title="Bundesamt">BSI</abbr>,
<time datetime="2026-12-07">7.&nbsp;Dezember</time>, <mark>markiert</mark>, H<sub>2</sub>O, m<sup>2</sup>, <small>klein</small>
und einem Link <a href="https://example.org/plan">zum Plan</a> sowie <a href="#p-risiken">zu den Risiken</a>
und <a href="../relativ/index.html">relativ</a>.<br>Nach dem Umbruch.</p>
<p>{tricky}</p>
<ul><li>Punkt eins<li>Punkt zwei<ul><li>Unterpunkt</li></ul></li></ul>
<ol start="3"><li>Drei</li><li><p>Vier</p><p>Vier, zweiter Absatz</p></li></ol>
<blockquote><p>Ein Zitat.</p></blockquote>
<pre>fn main() {{
    println!("#set");
}}</pre>
<details><summary>Mehr erfahren</summary><p>Aufgeklappter Inhalt.</p></details>
<unbekannt-element>Text eines unbekannten Elements</unbekannt-element>
<div><span>Text im Div</span><hr><img src="bild.png" alt="Lageplan des Rathauses"></div>
</section>
<section class="print-section" id="p-risiken">
<h1>Risiken</h1>
<h2 id="r-001">R-001 Ausfall der Plattform</h2>
<div class="table-scroll"><table>
<caption>Risikomatrix</caption>
<thead><tr><th scope="col">Risiko</th><th scope="col">Eintritt</th><th scope="col">Schaden</th></tr></thead>
<tbody>
<tr><th scope="row">R-001</th><td class="align-right">hoch</td><td rowspan="2">erheblich</td></tr>
<tr><th scope="row">R-002</th><td>mittel</td></tr>
<tr><td colspan="3">Zusammengefasst über drei Spalten</td></tr>
<tr><td>kurze Zeile</td></tr>
</tbody>
<tfoot><tr><td colspan="2">Summe</td><td>2</td></tr></tfoot>
</table></div>
<figure>{chart}<figcaption>Nutzwerte im Vergleich</figcaption></figure>
<dl><dt>Verantwortlich</dt><dd>Hauptamt</dd><div><dt>Termin</dt><dt>Frist</dt><dd>31.03.2027</dd></div></dl>
<p>Zurück zur <a href="#einfuehrung">Einführung</a>.</p>
</section>
</body></html>
"##
    )
}

/// The text of a PDF by poppler's pdftotext; `None` if it is not installed (CI installs it).
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is missing (CI installs poppler-utils)"
            );
            eprintln!("pdftotext not installed: text checks skipped");
            None
        }
    }
}

/// The PDF with its object streams unpacked by qpdf, so the catalog and the structure tree can be
/// read as text; `None` if qpdf is not installed (CI installs it).
fn qdf(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).ok()?;
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&input)
        .arg(&output)
        .status();
    match status {
        Ok(s) if s.success() => {
            Some(String::from_utf8_lossy(&std::fs::read(&output).ok()?).into_owned())
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "qpdf is missing (CI installs it)"
            );
            eprintln!("qpdf not installed: structure checks skipped");
            None
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn tagged_pdf_ua_with_language() {
    let pdf = render(&sample(), &META).unwrap();
    assert!(pdf.starts_with(b"%PDF-1."));
    let Some(raw) = qdf(&pdf) else { return };
    assert!(raw.contains("/StructTreeRoot"), "no structure tree");
    assert!(raw.contains("/Lang (de)"), "no document language");
    assert!(raw.contains("/Marked true"), "not marked as tagged");
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 identifier in XMP"
    );
    assert!(raw.contains("<rdf:li xml:lang=\"x-default\">IT-Masterplan der Stadt Musterstadt"));
    assert!(raw.contains("/DisplayDocTitle true"));
    for tag in [
        "H1",
        "H2",
        "Table",
        "TH",
        "TD",
        "Caption",
        "L",
        "LI",
        "Figure",
        "Link",
        "TOC",
        "BlockQuote",
    ] {
        assert!(
            raw.contains(&format!("/S /{tag}\n")),
            "no {tag} in the structure tree"
        );
    }
    // Header cells carry their scope: the column headers and the `th scope="row"` cells.
    assert!(raw.contains("/Scope /Column"));
    assert!(raw.contains("/Scope /Row"));
    assert!(
        raw.contains("/Alt (Nutzwerte der Plattformen. Balkendiagramm"),
        "the chart has no alt text"
    );
    // The theme's fonts, embedded; no other font.
    assert!(raw.contains("/FontName /") && raw.contains("FiraSans-Regular"));
    assert!(raw.contains("FiraMono-Regular"));
    for line in raw.lines().filter(|l| l.contains("/BaseFont")) {
        assert!(
            line.contains("Fira"),
            "a font that is not the theme's: {line}"
        );
    }
}

#[test]
fn every_text_is_in_the_pdf() {
    let pdf = render(&sample(), &META).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = squash(&text);
    for needle in [
        "IT-Masterplan der Stadt Musterstadt",
        "Öffentliche Fassung",
        "Erster Absatz mit fett, kursiv, code <x>, BSI,",
        "7. Dezember",
        "zum Plan",
        "Nach dem Umbruch.",
        "Punkt zwei",
        "Unterpunkt",
        "Vier, zweiter Absatz",
        "Ein Zitat.",
        "println!(\"#set\");",
        "Mehr erfahren",
        "Aufgeklappter Inhalt.",
        "Text eines unbekannten Elements",
        "Text im Div",
        "Lageplan des Rathauses",
        "Risikomatrix",
        "Zusammengefasst über drei Spalten",
        "kurze Zeile",
        "Summe",
        "Nutzwerte im Vergleich",
        "Verantwortlich",
        "Hauptamt",
        "31.03.2027",
        "Stand: 7. Dezember 2026",
        "Inhaltsverzeichnis",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The head (title, style) and the HTML table of contents are not printed.
    assert!(!text.contains("color: red"));
    assert!(!text.contains("Druck"));
}

#[test]
fn editor_text_is_never_typst_code() {
    let pdf = render(&sample(), &META).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = squash(&text);
    // Line breaks may fall anywhere; compare without them.
    let flat = text.replace("- ", "-");
    for part in TRICKY.split(' ') {
        assert!(
            text.contains(part) || flat.contains(part),
            "{part:?} not printed literally in:\n{text}"
        );
    }
}

#[test]
fn same_input_same_bytes() {
    let a = render(&sample(), &META).unwrap();
    let b = render(&sample(), &META).unwrap();
    assert!(a == b, "two renders differ");
    let other = PdfMeta {
        date: (2027, 1, 2),
        ..META
    };
    assert!(
        render(&sample(), &other).unwrap() != a,
        "the date is not used"
    );
}

#[test]
fn english_and_empty_documents() {
    let en = PdfMeta {
        lang: "en",
        stand: "7 December 2026",
        ..META
    };
    let pdf = render("<!DOCTYPE html><html lang=en><body></body></html>", &en).unwrap();
    if let Some(raw) = qdf(&pdf) {
        assert!(raw.contains("/Lang (en)"));
    }
    // Not even a body: still a PDF, never a panic.
    render("", &META).unwrap();
    render("<p>unclosed <strong>tags <table><tr><td>x", &META).unwrap();
}

#[test]
fn invalid_date_is_an_error() {
    let bad = PdfMeta {
        date: (2026, 13, 40),
        ..META
    };
    assert!(render("<p>x</p>", &bad).is_err());
}

#[test]
fn literals_escape_everything() {
    let mut s = String::new();
    markup::lit(&mut s, "a\"b\\c\nd\u{7}e#");
    assert_eq!(s, r#""a\"b\\c\nd\u{7}e#""#);
}

#[test]
fn implied_end_tags() {
    let root = dom::parse(
        "<ul><li>a<li>b<ul><li>c</ul></ul><p>x<p>y<table><tr><td>1<td>2<tr><td>3</table>",
    );
    let ul = root.find("ul").unwrap();
    assert_eq!(ul.elems().count(), 2);
    let table = root.find("table").unwrap();
    let rows: Vec<_> = table.elems().collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].elems().count(), 2);
    assert_eq!(root.elems().filter(|e| e.name == "p").count(), 2);
}

#[test]
fn svg_keeps_its_source_case() {
    let root = dom::parse(
        r#"<figure><svg viewBox="0 0 10 10"><linearGradient id="g"/><title id="t">T</title></svg></figure>"#,
    );
    let svg = root.find("svg").unwrap();
    let raw = svg.raw.as_deref().unwrap();
    assert!(raw.starts_with("<svg viewBox=") && raw.ends_with("</svg>"));
    assert!(raw.contains("linearGradient"));
}

#[test]
fn awkward_structure_still_renders() {
    // Skipped heading levels, an empty heading, a chart without title, an empty table, a link
    // without text, a figure of text only, characters no compiled-in font has.
    let html = r##"<body><section class="print-section" id="p-a"><h1>A</h1><h4>Tief</h4><h2></h2>
<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10"><rect width="5" height="5"/></svg></figure>
<table></table><table><tr></tr></table><a href="https://example.org"></a>
<figure><p>Nur Text</p><figcaption>Beschriftung</figcaption></figure>
<p>Emoji 🚒 und 中文 und ‣</p></section></body>"##;
    let pdf = render(html, &META).unwrap();
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("Nur Text") && text.contains("Beschriftung"));
        assert!(text.contains("Emoji ? und ?? und ?"), "{text}");
    }
}
