//! One diagnostic type for every stage, rendered like rustc.
//!
//! Editors fix YAML and Markdown, not Rust: every problem carries the file, the absolute line and
//! column, and a hint. A build collects all of them and prints them together, errors first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

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
    pub message: String,
    /// Short text under the caret.
    pub label: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos: None,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
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

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
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

    fn sort_key(&self) -> (Severity, Option<PathBuf>, Option<Pos>, String) {
        (
            self.severity,
            self.file.clone(),
            self.pos,
            self.message.clone(),
        )
    }
}

pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Collects diagnostics from every stage; shared across rayon workers.
#[derive(Default, Clone)]
pub struct Diagnostics {
    inner: Arc<Mutex<Vec<Diagnostic>>>,
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
pub fn render(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
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
            if let Some(l) = &d.label {
                ann = ann.label(l.as_str());
            }
            let mut report = vec![
                level.primary_title(d.message.as_str()).element(
                    Snippet::source(line.as_str())
                        .line_start(p.line)
                        .path(format!("{path}:{}:{}", p.line, p.col))
                        .annotation(ann),
                ),
            ];
            if let Some(h) = &d.hint {
                report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
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
                match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                d.message
            );
            if let Some(path) = &path_str {
                let loc = d.location();
                let _ = write!(out, "\n  --> {}", if loc.is_empty() { path } else { &loc });
            }
            if let Some(l) = &d.label {
                let _ = write!(out, "\n   = {l}");
            }
            if let Some(h) = &d.hint {
                let _ = write!(out, "\n   = help: {h}");
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
pub fn render_all(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, sources, color));
        out.push_str("\n\n");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            out,
            "error: build failed with {errors} {}{}",
            if errors == 1 { "error" } else { "errors" },
            if warnings > 0 {
                format!(
                    " and {warnings} {}",
                    if warnings == 1 { "warning" } else { "warnings" }
                )
            } else {
                String::new()
            }
        );
    } else if warnings > 0 {
        let _ = writeln!(
            out,
            "warning: {warnings} {}",
            if warnings == 1 { "warning" } else { "warnings" }
        );
    }
    out
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
        let d = Diagnostic::error("unknown likelihood `sehr-oft`")
            .at(path, Pos::new(2, 24, 8))
            .label("expected one of: selten, mittel, haeufig, sehr-haeufig")
            .hint("use an id from method.yaml");
        let s = render(&d, &sources, false);
        assert!(s.starts_with("error: unknown likelihood `sehr-oft`"), "{s}");
        assert!(s.contains("--> content/data/risks/r-001.yaml:2:24"), "{s}");
        assert!(
            s.contains("2 | inherent: {likelihood: sehr-oft, impact: begrenzt}"),
            "{s}"
        );
        assert!(s.contains("^^^^^^^^ expected one of"), "{s}");
        assert!(s.contains("help: use an id from method.yaml"), "{s}");
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::error("cannot read file").in_file("content/x.md");
        let s = render(&d, &Sources::default(), false);
        assert_eq!(s, "error: cannot read file\n  --> content/x.md");
    }
}
