//! Fuzz harness: mutated copies of the bundled example plan through the whole pipeline
//! (load → validate → render → check), in process.
//!
//! What must hold for every mutation, however broken the plan becomes:
//! - no panic;
//! - every error names a file (an editor cannot act on a message that does not say where);
//! - when the build succeeds, no page carries an event-handler attribute, a `javascript:` URL or
//!   a `<script>` that the theme did not put there, and the outputs are byte-identical when the
//!   same plan is built again.
//!
//! `cargo test` runs a few cases so the harness itself stays tested. Run it for longer with
//! `FUZZ_CASES=2000 cargo test --release --test fuzz -- --nocapture`; a failure prints the
//! minimal mutation proptest shrank it to, and `FUZZ_SEED=N` replays a run.

mod common;

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Text that real editors and attackers put into plans: YAML structure, German number and date
/// spellings, Markdown and HTML that must stay inert, URLs, ids and audience markers.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "\n",
    "\n  - ",
    "\t",
    "\"",
    "'",
    "#",
    " #",
    "---\n",
    "{",
    "}",
    "[",
    "]",
    "&anchor ",
    "*anchor",
    "!!binary ",
    "~",
    "null",
    "yes",
    "41.000",
    "1.150",
    "41.000,00",
    "95 €",
    "30 %",
    "0,3",
    "1e308",
    "-0.99",
    ".nan",
    "-.inf",
    "9223372036854775808",
    "2026-13-45",
    "31.12.2026",
    "audience: internal\n",
    "audience: public\n",
    "audience: both\n",
    "R-001",
    "r-001",
    "M-999",
    "Z.1",
    "目標",
    "@/",
    "@/../../etc/passwd",
    "../",
    "](javascript:alert(1))",
    "[x](Tipps für gute Webmeetings)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{#x\" onmouseover=alert(1)}",
    " {tabindex=0 autofocus onfocus=alert(1)}",
    " {.klasse #id}",
    "<a href='https://evil.example/'>",
    "https://evil.example/x.css",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "{{ config }}",
    "{% raw %}",
    "\u{feff}",
    "\u{202e}",
    "\u{0}",
    "ÄÖÜß",
    "ﬁ",
];

#[derive(Clone, Debug)]
enum Edit {
    /// Insert a token at a fraction of the file's length.
    Insert { at: f64, token: usize },
    /// Delete up to `len` bytes at a fraction of the file's length.
    Delete { at: f64, len: usize },
    /// Repeat the line at a fraction of the file's length.
    DuplicateLine { at: f64 },
    /// Replace a byte (the result may be invalid UTF-8: editors' files sometimes are).
    Byte { at: f64, value: u8 },
    /// Append a token to the line at a fraction of the file (a heading, a list item, a value).
    LineEnd { at: f64, token: usize },
    /// Replace what follows `key: ` on the line at a fraction of the file with a token.
    Value { at: f64, token: usize },
    /// Append a token to the n-th Markdown heading of the file (modulo their number).
    Heading { nth: usize, token: usize },
}

#[derive(Clone, Debug)]
struct Mutation {
    file: usize,
    edits: Vec<Edit>,
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        4 => (at.clone(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::Insert { at, token }),
        2 => (at.clone(), 1..40usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        1 => at.clone().prop_map(|at| Edit::DuplicateLine { at }),
        1 => (at.clone(), any::<u8>()).prop_map(|(at, value)| Edit::Byte { at, value }),
        3 => (at.clone(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::LineEnd { at, token }),
        3 => (at, 0..TOKENS.len()).prop_map(|(at, token)| Edit::Value { at, token }),
        2 => (0..64usize, 0..TOKENS.len()).prop_map(|(nth, token)| Edit::Heading { nth, token }),
    ]
}

fn mutation(files: usize) -> impl Strategy<Value = Mutation> {
    (0..files, prop::collection::vec(edit(), 1..5))
        .prop_map(|(file, edits)| Mutation { file, edits })
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
    match e {
        Edit::Insert { at, token } => {
            let p = pos(*at, bytes.len());
            bytes.splice(p..p, TOKENS[*token].bytes());
        }
        Edit::Delete { at, len } => {
            let p = pos(*at, bytes.len());
            let end = (p + len).min(bytes.len());
            bytes.drain(p..end);
        }
        Edit::DuplicateLine { at } => {
            let (start, end) = line_at(bytes, pos(*at, bytes.len()));
            let line = bytes[start..end].to_vec();
            bytes.splice(start..start, line);
        }
        Edit::LineEnd { at, token } => {
            let (_, end) = line_at(bytes, pos(*at, bytes.len()));
            let end = if end > 0 && bytes[end - 1] == b'\n' {
                end - 1
            } else {
                end
            };
            bytes.splice(end..end, TOKENS[*token].bytes());
        }
        Edit::Heading { nth, token } => {
            let ends: Vec<usize> = bytes
                .split_inclusive(|&b| b == b'\n')
                .scan(0, |at, line| {
                    *at += line.len();
                    Some((*at, line))
                })
                .filter(|(_, line)| line.starts_with(b"#"))
                .map(|(end, line)| end - usize::from(line.ends_with(b"\n")))
                .collect();
            if !ends.is_empty() {
                let end = ends[nth % ends.len()];
                bytes.splice(end..end, TOKENS[*token].bytes());
            }
        }
        Edit::Value { at, token } => {
            let (start, end) = line_at(bytes, pos(*at, bytes.len()));
            let end = if end > start && bytes[end - 1] == b'\n' {
                end - 1
            } else {
                end
            };
            if let Some(colon) = bytes[start..end].windows(2).position(|w| w == b": ") {
                bytes.splice(start + colon + 2..end, TOKENS[*token].bytes());
            }
        }
        Edit::Byte { at, value } => {
            if !bytes.is_empty() {
                let p = pos(*at, bytes.len() - 1);
                bytes[p] = *value;
            }
        }
    }
}

/// The line around byte `p`, with its line break: (start, end).
fn line_at(bytes: &[u8], p: usize) -> (usize, usize) {
    let start = bytes[..p]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[p..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| p + i + 1);
    (start, end)
}

fn example_files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files: Vec<String> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.ends_with(".md") || p.ends_with(".yaml"))
        .collect();
    files.sort();
    files
}

/// Attributes a page must never carry: the first one found, with its file.
fn script_in(files: &krisenfest::files::Files, theme_scripts: &[String]) -> Option<String> {
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for tag in tags(&html) {
            if let Some(a) = attributes(tag).into_iter().find(|(name, value)| {
                (name.starts_with("on") && name.len() > 2)
                    || value.trim_start().starts_with("javascript:")
            }) {
                return Some(format!("{path}: <{tag}> has {}={:?}", a.0, a.1));
            }
            if tag.starts_with("script") && !theme_scripts.iter().any(|s| s == tag) {
                return Some(format!("{path}: <{tag}> is not a theme script"));
            }
        }
    }
    None
}

/// The insides of the tags of a page (`a href="…"` of `<a href="…">`); text and comments are
/// skipped. The renderer quotes every attribute, so `>` inside a value is the one case to respect.
fn tags(html: &str) -> Vec<&str> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        if html[start..].starts_with("!--") {
            i = html[start..].find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            i = start;
            continue;
        }
        let mut j = start;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        out.push(&html[start..j]);
        i = j;
    }
    out
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = r[1..].find(q).map_or(r.len(), |e| e + 1);
                    (&r[1..end], r.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            value = v.to_string();
            rest = after;
        }
        out.push((name, value));
    }
}

fn run(m: &Mutation, files: &[String], theme_scripts: &[String]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let path = dir.path().join("content").join(&files[m.file]);
    let mut bytes = std::fs::read(&path).unwrap();
    for e in &m.edits {
        apply(&mut bytes, e);
    }
    std::fs::write(&path, &bytes).unwrap();

    let r = common::build_plan(dir.path());
    let errors = common::errors(&r);
    for e in &errors {
        prop_assert!(
            e.file.is_some(),
            "error without a file in {}: {}",
            files[m.file],
            e.message
        );
    }
    if errors.is_empty() {
        for o in &r.outputs {
            if let Some(found) = script_in(&o.files, theme_scripts) {
                return Err(TestCaseError::fail(format!(
                    "{} in output {}",
                    found, o.spec.name
                )));
            }
        }
        let again = common::build_plan(dir.path());
        for (a, b) in r.outputs.iter().zip(&again.outputs) {
            prop_assert!(
                a.files == b.files,
                "output {} differs on a second build",
                a.spec.name
            );
        }
    }
    Ok(())
}

/// What the theme itself puts on a page: the unmutated example is the reference.
fn theme_scripts() -> Vec<String> {
    let clean = tempfile::tempdir().unwrap();
    common::copy_example(clean.path());
    let r = common::build_plan(clean.path());
    assert!(common::errors(&r).is_empty(), "the example plan must build");
    let mut theme_scripts: Vec<String> = r
        .outputs
        .iter()
        .flat_map(|o| o.files.iter())
        .filter(|(p, _)| p.ends_with(".html"))
        .flat_map(|(_, b)| {
            let html = String::from_utf8_lossy(b).to_ascii_lowercase();
            tags(&html)
                .into_iter()
                .filter(|t| t.starts_with("script"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    theme_scripts.sort();
    theme_scripts.dedup();
    assert!(
        script_in(&r.outputs[0].files, &theme_scripts).is_none(),
        "the scanner must accept the example plan"
    );

    theme_scripts
}

#[test]
fn mutated_example_plans_never_panic_leak_script_or_lose_locations() {
    let files = example_files();
    let theme_scripts = theme_scripts();
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x6b72_6973_656e);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let started = std::time::Instant::now();
    let result = runner.run(&mutation(files.len()), |m| run(&m, &files, &theme_scripts));
    eprintln!(
        "fuzz: {cases} mutated plans (seed {seed}) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Attacks found by hand and by earlier runs: each must be refused or come out inert.
#[test]
fn known_attacks_are_refused_or_inert() {
    let files = example_files();
    let file = |name: &str| files.iter().position(|f| f == name).unwrap();
    let token = |t: &str| TOKENS.iter().position(|x| *x == t).unwrap();
    let page = file("schulung/webmeetings-vorbereiten.md");
    for t in [
        " {tabindex=0 autofocus onfocus=alert(1)}",
        "{#x\" onmouseover=alert(1)}",
        "<img src=x onerror=alert(1)>",
        "](javascript:alert(1))",
    ] {
        let m = Mutation {
            file: page,
            edits: vec![Edit::Heading {
                nth: 0,
                token: token(t),
            }],
        };
        if let Err(e) = run(&m, &files, &theme_scripts()) {
            panic!("{t}: {e}");
        }
    }
}

#[test]
fn the_scanner_finds_what_it_must() {
    for (html, bad) in [
        ("<h2 id=\"a\">A</h2><a href=\"x.html\">x</a>", false),
        ("<h2 tabindex=\"0\" onfocus=\"alert(1)\">A</h2>", true),
        ("<h2 id='a'\nonmouseover='x'>A</h2>", true),
        ("<a href=\" javascript:alert(1)\">x</a>", true),
        ("<p>javascript:alert(1) onclick=x</p>", false),
        ("<script>alert(1)</script>", true),
        ("<!-- <script> -->", false),
    ] {
        let mut files = krisenfest::files::Files::new();
        files.insert(
            "a.html".into(),
            html.as_bytes().to_vec(),
            krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
        );
        assert_eq!(script_in(&files, &[]).is_some(), bad, "{html}");
    }
}
