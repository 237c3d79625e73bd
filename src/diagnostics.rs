//! One diagnostic type for every stage, rendered like rustc.
//!
//! Editors fix YAML and Markdown, not Rust: every problem carries the file, the absolute line and
//! column, and a hint. A build collects all of them and prints them together, errors first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// The language messages are shown in. German is the default: the editors are German town-hall
/// staff. English follows `language: en` in site.yaml or `--lang en`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// `de`/`en` (any case) as given to `--lang`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" | "deutsch" | "german" => Some(Lang::De),
            "en" | "englisch" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text an editor reads, in both languages. English is the reference the tests assert on
/// (`Deref` gives it); German is what the terminal shows by default. Build one with [`msg!`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Msg {
    pub de: String,
    pub en: String,
}

impl Msg {
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            de: de.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages: ids, file names, values quoted from the plan.
    pub fn same(text: impl Into<String>) -> Msg {
        let en = text.into();
        Msg { de: en.clone(), en }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.en
    }
}

/// Marks a `Msg` carried through serde, whose custom errors hold one string.
const CARRIED: char = '\u{1f}';

impl Msg {
    /// Both languages in one string, for `serde::de::Error::custom` in a `Deserialize` impl;
    /// [`Msg::uncarry`] (in the YAML error translation) takes it apart again.
    pub fn carry(&self) -> String {
        format!("{CARRIED}{}{CARRIED}{}{CARRIED}", self.de, self.en)
    }

    /// A message [`Msg::carry`] put into a string, wherever it sits in it (serde may add a
    /// prefix or a location).
    pub fn uncarry(s: &str) -> Option<Msg> {
        let (_, rest) = s.split_once(CARRIED)?;
        let (de, rest) = rest.split_once(CARRIED)?;
        let (en, _) = rest.split_once(CARRIED)?;
        Some(Msg::new(de, en))
    }
}

impl std::ops::Deref for Msg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl PartialEq<str> for Msg {
    fn eq(&self, other: &str) -> bool {
        self.en == other
    }
}

impl PartialEq<&str> for Msg {
    fn eq(&self, other: &&str) -> bool {
        self.en == *other
    }
}

impl PartialEq<String> for Msg {
    fn eq(&self, other: &String) -> bool {
        &self.en == other
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> String {
        m.en
    }
}

/// `msg!("deutsch {x}", "english {x}")`, or with arguments for both:
/// `msg!("{} Fehler", "{} errors"; n)`. German first: it is the default.
#[macro_export]
macro_rules! msg {
    ($de:literal, $en:literal $(;)?) => {
        $crate::diagnostics::Msg::new(format!($de), format!($en))
    };
    ($de:literal, $en:literal; $($arg:expr),+ $(,)?) => {
        $crate::diagnostics::Msg::new(format!($de, $($arg),+), format!($en, $($arg),+))
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (in characters), plus the length of the
/// offending text in characters (0 = point at the column only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize, len: usize) -> Self {
        Pos { line, col, len }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path shown to the user (relative to the project root where possible).
    pub file: Option<PathBuf>,
    pub pos: Option<Pos>,
    pub message: Msg,
    /// Short text under the caret.
    pub label: Option<Msg>,
    pub hint: Option<Msg>,
}

impl Diagnostic {
    pub fn error(message: impl Into<Msg>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<Msg>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, file: impl AsRef<Path>, pos: Pos) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.pos = Some(pos);
        self
    }

    pub fn label(mut self, label: impl Into<Msg>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<Msg>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col` as printed after the arrow.
    pub fn location(&self) -> String {
        match (&self.file, self.pos) {
            (Some(f), Some(p)) => format!("{}:{}:{}", display_path(f), p.line, p.col),
            (Some(f), None) => display_path(f),
            _ => String::new(),
        }
    }

    /// By the English text at equal places: the order must not change with a translation.
    fn sort_key(&self) -> (Severity, Option<PathBuf>, Option<Pos>, String) {
        (
            self.severity,
            self.file.clone(),
            self.pos,
            self.message.en.clone(),
        )
    }
}

pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

type Remaps = BTreeMap<(PathBuf, usize), (PathBuf, Pos)>;

/// Collects diagnostics from every stage; shared across rayon workers.
#[derive(Default, Clone)]
pub struct Diagnostics {
    inner: Arc<Mutex<Vec<Diagnostic>>>,
    /// (file, line) → where that line's content was written (see `remap_line`).
    remaps: Arc<Mutex<Remaps>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        let mut v = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        v.extend(ds);
    }

    /// Report whatever is found on `line` of `file` at `to`: a value a plan's override wrote
    /// into a baseline record (design §10) is the editor's, in `overrides.yaml`.
    pub fn remap_line(&self, file: &Path, line: usize, to: &Path, pos: Pos) {
        self.remaps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((file.to_path_buf(), line), (to.to_path_buf(), pos));
    }

    pub fn error_count(&self) -> usize {
        self.snapshot()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// All diagnostics, deduplicated and sorted: errors first, then by file and position, so the
    /// report does not depend on thread scheduling.
    pub fn snapshot(&self) -> Vec<Diagnostic> {
        let mut v = self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let remaps = self.remaps.lock().unwrap_or_else(|e| e.into_inner());
        if !remaps.is_empty() {
            for d in &mut v {
                if let (Some(f), Some(p)) = (&d.file, d.pos)
                    && let Some((to, pos)) = remaps.get(&(f.clone(), p.line))
                {
                    d.file = Some(to.clone());
                    d.pos = Some(*pos);
                }
            }
        }
        drop(remaps);
        v.sort_by_key(|d| d.sort_key());
        v.dedup();
        v
    }
}

/// Source texts for snippets, keyed by the displayed path.
#[derive(Default, Clone)]
pub struct Sources {
    inner: Arc<Mutex<BTreeMap<PathBuf, Arc<str>>>>,
}

impl Sources {
    pub fn insert(&self, path: &Path, text: Arc<str>) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), text);
    }

    pub fn get(&self, path: &Path) -> Option<Arc<str>> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

/// Render one diagnostic like rustc: header, `--> path:line:col`, the source line with a caret
/// under the offending text, and the hint.
pub fn render(d: &Diagnostic, sources: &Sources, color: bool, lang: Lang) -> String {
    let level = match (d.severity, lang) {
        (Severity::Error, Lang::De) => Level::ERROR.with_name("Fehler"),
        (Severity::Warning, Lang::De) => Level::WARNING.with_name("Warnung"),
        (Severity::Error, Lang::En) => Level::ERROR,
        (Severity::Warning, Lang::En) => Level::WARNING,
    };
    let message = d.message.get(lang);
    let label = d.label.as_ref().map(|l| l.get(lang));
    let hint = d.hint.as_ref().map(|h| h.get(lang));
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path_str = d.file.as_deref().map(display_path);
    let line_text = match (&d.file, d.pos) {
        (Some(f), Some(p)) if p.line > 0 => sources
            .get(f)
            .and_then(|s| s.lines().nth(p.line - 1).map(|l| l.to_string())),
        _ => None,
    };
    let mut out = String::new();
    match (line_text, d.pos, &path_str) {
        (Some(line), Some(p), Some(path)) => {
            // Snippet spans are byte ranges within the shown line; positions are characters.
            let start = char_to_byte(&line, p.col.saturating_sub(1));
            let end = char_to_byte(&line, p.col.saturating_sub(1) + p.len.max(1)).max(start);
            let end = if end == start && start < line.len() {
                start + line[start..].chars().next().map_or(0, char::len_utf8)
            } else {
                end
            };
            let mut ann = AnnotationKind::Primary.span(start..end);
            if let Some(l) = label {
                ann = ann.label(l);
            }
            let mut report = vec![
                level.primary_title(message).element(
                    Snippet::source(line.as_str())
                        .line_start(p.line)
                        .path(format!("{path}:{}:{}", p.line, p.col))
                        .annotation(ann),
                ),
            ];
            if let Some(h) = hint {
                let help = match lang {
                    Lang::De => Level::HELP.with_name("Hilfe"),
                    Lang::En => Level::HELP,
                };
                report.push(Group::with_title(help.secondary_title(h)));
            }
            // annotate-snippets prints the line/col it computes itself after the path; we pass the
            // exact location in the path and strip its own suffix below.
            let rendered = renderer.render(&report);
            out.push_str(&fix_location_line(&rendered, path, p));
        }
        _ => {
            let _ = write!(
                out,
                "{}: {}",
                match (d.severity, lang) {
                    (Severity::Error, Lang::De) => "Fehler",
                    (Severity::Warning, Lang::De) => "Warnung",
                    (Severity::Error, Lang::En) => "error",
                    (Severity::Warning, Lang::En) => "warning",
                },
                message
            );
            if let Some(path) = &path_str {
                let loc = d.location();
                let _ = write!(out, "\n  --> {}", if loc.is_empty() { path } else { &loc });
            }
            if let Some(l) = label {
                let _ = write!(out, "\n   = {l}");
            }
            if let Some(h) = hint {
                let help = if lang == Lang::De { "Hilfe" } else { "help" };
                let _ = write!(out, "\n   = {help}: {h}");
            }
        }
    }
    out
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// annotate-snippets appends `:line:col` of the span to the path we give; we already put the
/// exact location into the path, so drop the duplicate.
fn fix_location_line(rendered: &str, path: &str, p: Pos) -> String {
    let wanted = format!("{path}:{}:{}", p.line, p.col);
    rendered
        .lines()
        .map(|l| {
            if let Some(idx) = l.find(&wanted) {
                format!("{}{}", &l[..idx], wanted)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole report: every diagnostic, then a summary line.
pub fn render_all(diags: &[Diagnostic], sources: &Sources, color: bool, lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, sources, color, lang));
        out.push_str("\n\n");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    if let Some(line) = summary(errors, warnings, lang) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `build failed with 2 errors and 1 warning`, or `None` for a clean build.
pub fn summary(errors: usize, warnings: usize, lang: Lang) -> Option<String> {
    let count = |n: usize, de: (&str, &str), en: (&str, &str)| -> String {
        let (one, many) = if lang == Lang::De { de } else { en };
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let e = count(errors, ("Fehler", "Fehlern"), ("error", "errors"));
    let w = count(warnings, ("Warnung", "Warnungen"), ("warning", "warnings"));
    match (errors, warnings, lang) {
        (0, 0, _) => None,
        (0, _, Lang::De) => Some(format!("Warnung: {w}")),
        (0, _, Lang::En) => Some(format!("warning: {w}")),
        (_, 0, Lang::De) => Some(format!("Fehler: Build mit {e} abgebrochen")),
        (_, 0, Lang::En) => Some(format!("error: build failed with {e}")),
        (_, _, Lang::De) => Some(format!("Fehler: Build mit {e} und {w} abgebrochen")),
        (_, _, Lang::En) => Some(format!("error: build failed with {e} and {w}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style_with_snippet_and_hint() {
        let sources = Sources::default();
        let path = Path::new("content/data/risks/r-001.yaml");
        sources.insert(
            path,
            "id: R-001\ninherent: {likelihood: sehr-oft, impact: begrenzt}\n".into(),
        );
        let d = Diagnostic::error(msg!(
            "unbekannte Eintrittshäufigkeit `sehr-oft`",
            "unknown likelihood `sehr-oft`"
        ))
        .at(path, Pos::new(2, 24, 8))
        .label(msg!(
            "erwartet wird einer dieser Werte: selten, mittel, haeufig, sehr-haeufig",
            "expected one of: selten, mittel, haeufig, sehr-haeufig"
        ))
        .hint(msg!(
            "Nehmen Sie eine ID aus method.yaml",
            "use an id from method.yaml"
        ));
        let s = render(&d, &sources, false, Lang::En);
        assert!(s.starts_with("error: unknown likelihood `sehr-oft`"), "{s}");
        assert!(s.contains("--> content/data/risks/r-001.yaml:2:24"), "{s}");
        assert!(
            s.contains("2 | inherent: {likelihood: sehr-oft, impact: begrenzt}"),
            "{s}"
        );
        assert!(s.contains("^^^^^^^^ expected one of"), "{s}");
        assert!(s.contains("help: use an id from method.yaml"), "{s}");
        let de = render(&d, &sources, false, Lang::De);
        assert!(
            de.starts_with("Fehler: unbekannte Eintrittshäufigkeit `sehr-oft`"),
            "{de}"
        );
        assert!(
            de.contains("--> content/data/risks/r-001.yaml:2:24"),
            "{de}"
        );
        assert!(
            de.contains("^^^^^^^^ erwartet wird einer dieser Werte"),
            "{de}"
        );
        assert!(
            de.contains("Hilfe: Nehmen Sie eine ID aus method.yaml"),
            "{de}"
        );
    }

    #[test]
    fn the_summary_counts_in_both_languages() {
        assert_eq!(summary(0, 0, Lang::De), None);
        assert_eq!(
            summary(1, 0, Lang::De).as_deref(),
            Some("Fehler: Build mit 1 Fehler abgebrochen")
        );
        assert_eq!(
            summary(2, 1, Lang::De).as_deref(),
            Some("Fehler: Build mit 2 Fehlern und 1 Warnung abgebrochen")
        );
        assert_eq!(
            summary(0, 3, Lang::De).as_deref(),
            Some("Warnung: 3 Warnungen")
        );
        assert_eq!(
            summary(2, 1, Lang::En).as_deref(),
            Some("error: build failed with 2 errors and 1 warning")
        );
    }

    #[test]
    fn a_message_carried_through_serde_comes_back_whole() {
        let m = msg!("ungültiges Datum", "invalid date");
        let inside = format!("at line 3: {} (column 7)", m.carry());
        assert_eq!(Msg::uncarry(&inside), Some(m));
        assert_eq!(Msg::uncarry("invalid date"), None);
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::error(msg!("die Datei lässt sich nicht lesen", "cannot read file"))
            .in_file("content/x.md");
        let s = render(&d, &Sources::default(), false, Lang::En);
        assert_eq!(s, "error: cannot read file\n  --> content/x.md");
    }
}
