//! The print edition as a tagged PDF/UA-1 file, typeset by typst used as a library: no browser,
//! no file system, no system fonts (Fira Sans and Fira Mono are compiled in, OFL-1.1, see
//! `fonts/`). The print HTML is read into a small tree ([`dom`]) and written as typst markup
//! ([`markup`], [`table`]) in which all editor text is string literals, then compiled and
//! exported with PDF/UA-1 validation, a fixed document identifier and the build date as the
//! creation date, so the same input gives the same bytes.
//!
//! Why typst, and why behind the cargo feature `pdf` (off by default): it is the one library
//! that typesets (line breaking, hyphenation, tables across pages) and writes tagged PDF/UA-1
//! without a browser, but it is large. Measured on the 2-core machine (shared with other builds,
//! so wall times are upper bounds): see `docs/pdf.md`.

mod dom;
mod figure;
mod markup;
mod table;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use dom::{Elem, Node};
use markup::{Writer, first_heading, lit};

pub struct PdfMeta<'a> {
    pub title: &'a str,
    pub municipality: &'a str,
    /// "de" or "en".
    pub lang: &'a str,
    /// As printed in the footer, e.g. "7. Dezember 2026".
    pub stand: &'a str,
    /// The build date, written as the PDF's creation date (not the clock: same input, same
    /// bytes).
    pub date: (i32, u8, u8),
}

const FONT_FILES: &[&[u8]] = &[
    include_bytes!("fonts/FiraSans-Regular.ttf"),
    include_bytes!("fonts/FiraSans-Italic.ttf"),
    include_bytes!("fonts/FiraSans-SemiBold.ttf"),
    include_bytes!("fonts/FiraSans-Bold.ttf"),
    include_bytes!("fonts/FiraMono-Regular.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Whether one of the compiled-in fonts has a glyph for `c`. PDF/UA-1 forbids text that no
/// embedded font can show, and typst then fails the whole document: a character the fonts lack
/// (an emoji, a CJK name) is printed as U+FFFD instead, so one character cannot stop the PDF.
pub(crate) fn printable(c: char) -> char {
    let covered = |c: char| {
        (0..FONTS.fonts.len())
            .filter_map(|i| FONTS.book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    };
    if c.is_whitespace() || covered(c) {
        c
    } else if covered('\u{fffd}') {
        '\u{fffd}'
    } else {
        '?'
    }
}

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    // `pdf.header-cell` (row headers of tables) is behind this typst feature flag.
    LazyHash::new(
        Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build(),
    )
});

/// A typst world of one source file and the compiled-in fonts; every file access fails.
struct Doc {
    main: Source,
    today: Datetime,
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// `html` is the whole print document (a complete HTML5 file). Returns the PDF bytes, or a
/// message for the editor.
pub fn render(html: &str, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    let en = meta.lang == "en";
    let (y, m, d) = meta.date;
    let date = Datetime::from_ymd(y, m, d)
        .ok_or_else(|| format!("PDF: invalid build date {y}-{m:02}-{d:02}"))?;
    let source = typst_source(html, meta);
    let id = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/druck.typ").map_err(|e| format!("PDF: {e:?}"))?,
    )
    .intern();
    let world = Doc {
        main: Source::new(id, source),
        today: date,
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled.output.map_err(|errs| messages(&errs, en))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("krisenfest:{}:{}", meta.municipality, meta.title)),
        creator: Smart::Custom(Some(format!("krisenfest {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(date)),
        standards: PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| format!("PDF: {e:?}"))?,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errs| messages(&errs, en));
    // typst memoises across calls; `serve` renders again on every change.
    typst::comemo::evict(10);
    pdf
}

fn messages(errs: &[SourceDiagnostic], en: bool) -> String {
    let head = if en {
        "the PDF could not be typeset"
    } else {
        "das PDF konnte nicht gesetzt werden"
    };
    let mut s = head.to_string();
    for e in errs {
        s.push_str("\n  ");
        s.push_str(&e.message);
        for h in &e.hints {
            s.push_str(" (");
            s.push_str(&h.v);
            s.push(')');
        }
    }
    s
}

/// The print document as typst source: page setup, the cover, typst's outline in place of the
/// HTML one, then the sections (a page break before each top-level one).
fn typst_source(html: &str, meta: &PdfMeta) -> String {
    let root = dom::parse(html);
    let body = root.find("body").unwrap_or(&root);
    let lang = if meta.lang == "en" { "en" } else { "de" };
    let mut w = Writer::new(body, lang);
    preamble(&mut w.out, meta, lang);

    let sections: Vec<&Elem> = body
        .elems()
        .filter(|e| e.name == "section" && e.has_class("print-section"))
        .collect();
    let top = sections
        .iter()
        .filter_map(|s| first_heading(s))
        .filter_map(|h| h.name[1..].parse::<u8>().ok())
        .min()
        .unwrap_or(1);
    let has_cover = body
        .elems()
        .any(|e| e.name == "header" && e.has_class("print-cover"));
    let outline = format!("#outline(depth: {})\n\n#pagebreak()\n\n", (top + 1).min(6));
    if !has_cover {
        w.out.push_str(&outline);
    }
    for node in &body.children {
        let one = std::slice::from_ref(node);
        match node {
            Node::Elem(e) if e.name == "header" && e.has_class("print-cover") => {
                w.out.push_str("#block(width: 100%, inset: (top: 6cm))[\n");
                w.unoutlined = true;
                w.blocks(&e.children);
                w.unoutlined = false;
                w.out.push_str("]\n\n#pagebreak()\n\n");
                w.out.push_str(&outline);
            }
            Node::Elem(e) if e.name == "section" && e.has_class("print-section") => {
                let level = first_heading(e).and_then(|h| h.name[1..].parse::<u8>().ok());
                if level == Some(top) {
                    w.out.push_str("#pagebreak(weak: true)\n\n");
                }
                w.blocks(one);
            }
            _ => w.blocks(one),
        }
    }
    w.out
}

fn preamble(out: &mut String, meta: &PdfMeta, lang: &str) {
    let (stand_word, page_word) = if lang == "en" {
        ("As of", "Page")
    } else {
        ("Stand", "Seite")
    };
    out.push_str("#set document(title: ");
    lit(out, meta.title);
    out.push_str(", author: ");
    lit(out, meta.municipality);
    out.push_str(")\n");
    out.push_str(&format!(
        "#set text(lang: \"{lang}\", font: \"Fira Sans\", size: 10.5pt, hyphenate: true, fill: rgb(\"#131525\"))\n"
    ));
    out.push_str("#let kf-title = ");
    lit(out, meta.title);
    out.push_str("\n#let kf-stand = ");
    lit(out, &format!("{stand_word}: {}", meta.stand));
    out.push_str("\n#let kf-page = ");
    lit(out, page_word);
    out.push('\n');
    out.push_str(PREAMBLE);
}

/// Page and element styles. Colours are the theme's (text #131525, links #2044aa, lines #51577a,
/// all ≥ 7:1 on white).
const PREAMBLE: &str = r##"
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.4cm, bottom: 2.4cm),
  header: context if counter(page).get().first() > 1 {
    set text(size: 8pt, fill: rgb("#51577a"))
    kf-title
  },
  footer: context {
    set text(size: 8pt, fill: rgb("#51577a"))
    kf-stand
    h(1fr)
    kf-page + " " + counter(page).display("1")
  },
)
#set par(leading: 0.6em, spacing: 1.1em)
#show heading: set text(weight: "semibold", fill: rgb("#131525"))
#show heading: set block(above: 1.6em, below: 0.8em)
#show heading.where(level: 1): set text(size: 1.7em)
#show heading.where(level: 2): set text(size: 1.35em)
#show heading.where(level: 3): set text(size: 1.15em)
#show raw: set text(font: "Fira Mono", size: 0.9em)
#show link: set text(fill: rgb("#2044aa"))
#show link: underline
#set figure(numbering: none, gap: 0.6em)
#show figure: set block(breakable: true, width: 100%)
#show figure.caption: set text(weight: "semibold")
#set table(stroke: 0.5pt + rgb("#51577a"), inset: (x: 4pt, y: 3pt), align: left)
#show table: set text(size: 9pt)
#show table: set par(justify: false)
#set list(indent: 0.4em, marker: ([•], [–]))
#set enum(indent: 0.4em)
#set terms(hanging-indent: 1.2em)
#show outline.entry.where(level: 1): set block(above: 0.9em)

"##;
