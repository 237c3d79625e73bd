//! `krisenfest build --all DIR`: every plan folder under DIR, each into its own outputs, side by
//! side. One plan's errors never stop the others; the exit code says whether all of them built.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Common, say};
use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Lang, Severity};

/// Folders under `dir` (and `dir` itself) that hold a plan (`content/site.yaml`), sorted. A plan
/// folder is not searched further: a plan does not hold plans, and its outputs are not plans.
pub fn plans(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(Ok(e)) = walk.next() {
        if !e.file_type().is_dir() {
            continue;
        }
        let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
        if hidden || e.file_name() == "node_modules" || e.file_name() == "target" {
            walk.skip_current_dir();
            continue;
        }
        if e.path().join("content/site.yaml").is_file() {
            out.push(e.path().to_path_buf());
            walk.skip_current_dir();
        }
    }
    out
}

/// "1 Warnung", "2 Warnungen"; "1 error", "2 errors".
fn counted(n: usize, lang: Lang, de: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = if lang == Lang::De { de } else { en };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What one plan's build came to: its report (diagnostics, then one line per output) and whether
/// it was written.
struct Outcome {
    report: String,
    summary: String,
    ok: bool,
}

/// What every plan of the run is built with.
pub struct Batch<'a> {
    pub common: &'a Common,
    pub output: Option<String>,
    /// `build` writes, `check` does not.
    pub write: bool,
    pub date: Option<crate::model::common::Date>,
    pub flag: Option<Lang>,
    pub color: bool,
}

fn one(b: &Batch<'_>, plan: &Path, shown: &str) -> Outcome {
    let (common, write, flag, color) = (b.common, b.write, b.flag, b.color);
    let opts = BuildOptions {
        root: plan.to_path_buf(),
        output: b.output.clone(),
        drafts: common.drafts,
        date: b.date,
        ..Default::default()
    };
    let result = build::build(&opts);
    let lang = crate::config::messages_lang(flag, &result.sources);
    let de = |s: String, e: String| if lang == Lang::De { s } else { e };
    let diags = result.diagnostics.snapshot();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let mut report = diagnostics::render_all(&diags, &result.sources, color, lang);
    let errs = counted(errors, lang, ("Fehler", "Fehler"), ("error", "errors"));
    let warns = counted(
        warnings,
        lang,
        ("Warnung", "Warnungen"),
        ("warning", "warnings"),
    );
    if let Some(name) = &result.unknown_output {
        let summary = de(
            format!("{shown}: keine Ausgabe namens `{name}`"),
            format!("{shown}: no output named `{name}`"),
        );
        return Outcome {
            report,
            summary,
            ok: false,
        };
    }
    if errors > 0 || (common.strict && warnings > 0) {
        let summary = de(
            format!("{shown}: {errs}, {warns} – nichts geschrieben"),
            format!("{shown}: {errs}, {warns} – nothing written"),
        );
        return Outcome {
            report,
            summary,
            ok: false,
        };
    }
    let outputs: Vec<String> = result
        .outputs
        .iter()
        .map(|o| format!("{} {}", o.spec.name, o.files.len()))
        .collect();
    let outputs = outputs.join(", ");
    if write && let Err(d) = build::write_outputs(plan, &result) {
        report.push_str(&diagnostics::render(&d, &result.sources, color, lang));
        report.push('\n');
        let summary = de(
            format!("{shown}: konnte nicht geschrieben werden"),
            format!("{shown}: could not be written"),
        );
        return Outcome {
            report,
            summary,
            ok: false,
        };
    }
    let summary = if write {
        de(
            format!("{shown}: gebaut ({outputs} Dateien), {warns}"),
            format!("{shown}: built ({outputs} files), {warns}"),
        )
    } else {
        de(
            format!("{shown}: geprüft ({outputs} Dateien), {warns}"),
            format!("{shown}: checked ({outputs} files), {warns}"),
        )
    };
    Outcome {
        report,
        summary,
        ok: true,
    }
}

/// Builds (or checks) every plan under `dir`; exit 0 when all built, 1 when any failed, 2 when
/// there is no plan at all.
pub fn run(dir: &Path, b: &Batch<'_>) -> i32 {
    let lang = b.flag.unwrap_or_default();
    let found = plans(dir);
    if found.is_empty() {
        let d = dir.display();
        say(
            lang,
            format!("Fehler: unter `{d}` liegt kein Plan (kein Ordner mit content/site.yaml)"),
            format!("error: no plan under `{d}` (no folder with content/site.yaml)"),
        );
        return 2;
    }
    let outcomes: Vec<(String, Outcome)> = found
        .par_iter()
        .map(|plan| {
            let shown = plan
                .strip_prefix(dir)
                .ok()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(plan)
                .display()
                .to_string();
            let o = one(b, plan, &shown);
            (shown, o)
        })
        .collect();
    // Diagnostics grouped by plan, in the order of the plans, then one line per plan.
    for (shown, o) in &outcomes {
        if !o.report.is_empty() {
            eprintln!("== {shown}\n{}", o.report.trim_end());
            eprintln!();
        }
    }
    for (_, o) in &outcomes {
        eprintln!("{}", o.summary);
    }
    let failed = outcomes.iter().filter(|(_, o)| !o.ok).count();
    let (n, ok) = (outcomes.len(), outcomes.len() - failed);
    say(
        lang,
        format!("{ok} von {n} Plänen ohne Fehler gebaut, {failed} mit Fehlern"),
        format!("{ok} of {n} plans built without errors, {failed} with errors"),
    );
    i32::from(failed > 0)
}
