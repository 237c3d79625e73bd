//! The pipeline's import rules as a test (docs/architecture.md; the review's §4.2): a stage never
//! imports a later one, the leaf helpers know nothing of the plan, and only the command line
//! prints, reads the environment or exits.
//!
//! `KNOWN` lists the back-edges that are still there, each with the move that clears it. The test
//! fails on a new forbidden import and also on a listed one that is gone, so the list stays true
//! and shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of `src/` and what it may import (besides itself and `msg!`).
const RULES: &[(&str, &[&str])] = &[
    // Leaf helpers: text, numbers, YAML, decoding, diagnostics.
    ("diagnostics", &[]),
    ("fasthash", &[]),
    ("format", &[]),
    ("slug", &["fasthash"]),
    ("yaml", &["diagnostics"]),
    ("source", &["diagnostics"]),
    ("outdir", &["diagnostics"]),
    // The link index: which id or page is published where, and the Markdown link resolvers.
    (
        "index",
        &["diagnostics", "markdown", "model", "slug", "urls"],
    ),
    // The files of one output: made by render and search, read by check, write and serve.
    ("files", &["diagnostics", "model", "urls"]),
    ("theme", &["diagnostics", "source", "yaml"]),
    // The model: plain data with serde, no stage logic.
    ("config", &["diagnostics", "model", "yaml", "format"]),
    (
        "model",
        &["config", "diagnostics", "format", "yaml", "slug"],
    ),
    // The URL scheme of a plan (which record or page is published where).
    ("urls", &["config", "diagnostics", "model", "slug"]),
    // Markdown → HTML: knows link syntax and the URL scheme, not the records.
    ("markdown", &["config", "diagnostics", "slug", "urls"]),
    // Stage 1–3.
    (
        "load",
        &[
            "config",
            "diagnostics",
            "model",
            "outdir",
            "slug",
            "source",
            "yaml",
            "urls",
        ],
    ),
    (
        "validate",
        &[
            "index",
            "compute",
            "config",
            "diagnostics",
            "format",
            "markdown",
            "model",
            "outdir",
            "slug",
            "urls",
            "yaml",
        ],
    ),
    ("compute", &["model", "format"]),
    // Stage 4: rendering, and the files made from rendered pages (search index).
    (
        "render",
        &[
            "index",
            "files",
            "compute",
            "config",
            "diagnostics",
            "fasthash",
            "format",
            "markdown",
            "model",
            "slug",
            "theme",
            "urls",
        ],
    ),
    (
        "search",
        &[
            "files",
            "config",
            "diagnostics",
            "fasthash",
            "markdown",
            "model",
            "render",
            "slug",
            "urls",
        ],
    ),
    // Stage 5 and 6: checks of the generated files, and writing them.
    (
        "check",
        &[
            "index",
            "files",
            "diagnostics",
            "fasthash",
            "markdown",
            "model",
            "urls",
        ],
    ),
    ("output", &["files", "diagnostics", "model", "outdir"]),
    // The PDF edition (feature `pdf`): typesets the print edition's HTML; knows no stage (its
    // tests draw a chart with render's chart code).
    ("pdf", &["render"]),
    // The driver calls every stage; the application around it may use everything.
    (
        "build",
        &[
            "index",
            "files",
            "check",
            "compute",
            "config",
            "diagnostics",
            "load",
            "model",
            "outdir",
            "output",
            "pdf",
            "render",
            "search",
            "source",
            "theme",
            "urls",
            "validate",
        ],
    ),
    ("schema", &["config", "load", "model"]),
    ("scaffold", &["diagnostics", "schema", "theme"]),
    ("serve", &["*"]),
    ("cli", &["*"]),
    ("main", &["*"]),
    ("lib", &["*"]),
];

/// Back-edges still to clear: (from, to, the move that clears it).
const KNOWN: &[(&str, &str, &str)] = &[];

/// Modules allowed to print, read the environment or exit.
const APP: &[&str] = &["cli", "serve", "main"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("//") => "",
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names with `crate::x` or `use crate::{x, …}`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for part in group.split(',') {
                let m = ident(part.trim());
                if !m.is_empty() {
                    out.insert(m);
                }
            }
        } else {
            let m = ident(rest);
            if !m.is_empty() {
                out.insert(m);
            }
        }
    }
    out.remove("msg");
    out
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn sources() -> Vec<(String, std::path::PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // A module's unit tests (`#[cfg(test)] mod tests;` in `x/tests.rs`) are outside the rules,
    // as they are when written inline.
    files.retain(|f| f.file_name().is_none_or(|n| n != "tests.rs"));
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (module_of(&src, &f), f, code(&text))
        })
        .collect()
}

#[test]
fn every_module_has_a_rule() {
    let rules: BTreeMap<&str, _> = RULES.iter().copied().collect();
    for (m, f, _) in sources() {
        assert!(
            rules.contains_key(m.as_str()),
            "{} belongs to module `{m}`, which has no row in RULES",
            f.display()
        );
    }
}

#[test]
fn no_stage_imports_a_later_one() {
    let rules: BTreeMap<&str, &[&str]> = RULES.iter().copied().collect();
    let mut found: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (m, f, code) in sources() {
        let Some(allowed) = rules.get(m.as_str()) else {
            continue;
        };
        if allowed.contains(&"*") {
            continue;
        }
        for to in imports(&code) {
            if to != m && !allowed.contains(&to.as_str()) {
                found
                    .entry((m.clone(), to))
                    .or_default()
                    .push(f.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(a, b, _)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = found.iter().filter(|(k, _)| !known.contains(*k)).collect();
    assert!(
        new.is_empty(),
        "imports against the pipeline (from → to, in files): {new:#?}"
    );
    let gone: Vec<_> = known.iter().filter(|k| !found.contains_key(*k)).collect();
    assert!(
        gone.is_empty(),
        "back-edges cleared, remove them from KNOWN: {gone:?}"
    );
}

#[test]
fn only_the_command_line_prints_reads_the_environment_or_exits() {
    // The build date too comes in as an option (the command line reads SOURCE_DATE_EPOCH).
    let mut found = Vec::new();
    for (m, f, code) in sources() {
        if APP.contains(&m.as_str()) {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            let bad = ["println!", "print!(", "eprint!(", "dbg!(", "process::exit"]
                .iter()
                .any(|p| line.contains(p))
                || line.contains("env::var");
            if bad {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// Modules below rendering: they hold data and rules, and a page's markup belongs to the theme
/// and the renderers, so none of them may write an HTML tag.
const BELOW_RENDERING: &[&str] = &[
    "diagnostics",
    "fasthash",
    "format",
    "slug",
    "yaml",
    "source",
    "outdir",
    "index",
    "files",
    "config",
    "model",
    "urls",
    "load",
    "validate",
    "compute",
];

/// An HTML tag in a string literal: `<p>`, `</a>`, `<div class=…`.
fn html_tag(line: &str) -> Option<&str> {
    const TAGS: &[&str] = &[
        "a", "p", "div", "span", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3",
        "h4", "br", "strong", "em", "code", "section", "nav", "img", "form", "input", "button",
    ];
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        let after = rest[i + 1..].trim_start_matches('/');
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let next = after[name.len()..].chars().next();
        if TAGS.contains(&name.as_str()) && matches!(next, Some('>' | ' ' | '/')) {
            return Some(&rest[i..]);
        }
        rest = &rest[i + 1..];
    }
    None
}

#[test]
fn nothing_below_rendering_knows_html() {
    let mut found = Vec::new();
    for (m, f, code) in sources() {
        if !BELOW_RENDERING.contains(&m.as_str()) {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            // only string literals: `Vec<T>` and `a < b` are not markup
            let literal = line
                .split('"')
                .skip(1)
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(tag) = html_tag(&literal) {
                found.push(format!("{}:{}: {tag}", f.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "HTML below rendering: {found:#?}");
    assert_eq!(html_tag("<p>Text</p>"), Some("<p>Text</p>"));
    assert_eq!(html_tag("x </a> y"), Some("</a> y"));
    assert_eq!(html_tag("Vec<String>, a < b, <Stufe>"), None);
}

#[test]
fn the_import_scanner_sees_both_forms() {
    let got = imports("use crate::{model::Site, urls};\nlet x = crate::format::decimal(1.0);\n");
    let want: BTreeSet<String> = ["model", "urls", "format"].map(String::from).into();
    assert_eq!(got, want);
}
