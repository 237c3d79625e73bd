//! The served state as a machine of builds: the last good full build, pages re-rendered over it
//! by the fast path, and whether the last build failed (the overlay).

use std::path::PathBuf;
use std::sync::Arc;

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Diagnostic, Diagnostics, Lang, Severity, Sources};
use crate::files::Files;
use crate::model::common::Audience;
use crate::msg;

use super::site::Snapshot;

pub(super) enum Outcome {
    /// `changed` files differ from what was served; `quiet`: they are only files no open page
    /// shows (the search index), so no reload is needed.
    Built {
        audience: Audience,
        changed: usize,
        quiet: bool,
    },
    Failed(String),
    UnknownOutput(String),
}

pub(super) struct Rebuilder {
    pub(super) root: PathBuf,
    pub(super) drafts: bool,
    /// `SOURCE_DATE_EPOCH`, read once at the start; `None`: every build takes today.
    pub(super) date: Option<crate::model::common::Date>,
    /// The served output; `None` until the first successful build picks the default.
    pub(super) selected: Option<String>,
    pub(super) color: bool,
    /// `--lang`; without it each build follows the plan's `language:`.
    pub(super) lang_flag: Option<Lang>,
    /// The language of the messages as of the last build.
    pub(super) lang: Lang,
    pub(super) epoch: u64,
    pub(super) counter: u64,
    pub(super) good: Arc<Files>,
    /// Pages re-rendered by the fast path since the last full build.
    pub(super) patched: Arc<Files>,
    /// What the last good full build was rendered from, and its source texts (for the fast path).
    pub(super) prepared: Option<build::Prepared>,
    pub(super) sources: Sources,
    /// The last build failed (the overlay is shown).
    pub(super) failed: bool,
}

impl Rebuilder {
    /// A full build of the served output into memory; prints the diagnostics to the terminal.
    pub(super) fn build(&mut self) -> Outcome {
        let result = build::build(&BuildOptions {
            root: self.root.clone(),
            output: self.selected.clone(),
            drafts: self.drafts,
            date: self.date,
            ..Default::default()
        });
        self.apply(result)
    }

    /// Take a full build's result: the new served state, or the overlay if it failed.
    pub(super) fn apply(&mut self, mut result: build::BuildResult) -> Outcome {
        let mut diags = result.diagnostics.snapshot();
        self.lang = crate::config::messages_lang(self.lang_flag, &result.sources);
        let lang = self.lang;
        if let Some(name) = &result.unknown_output {
            if self.counter == 0 {
                return Outcome::UnknownOutput(name.clone());
            }
            diags.insert(
                0,
                Diagnostic::error(msg!(
                    "die angezeigte Ausgabe `{name}` gibt es nicht mehr",
                    "the served output `{name}` no longer exists"
                ))
                .in_file("content/site.yaml")
                .hint(msg!(
                    "Stellen Sie sie wieder her, oder starten Sie `krisenfest serve` mit einer anderen `--output` neu",
                    "restore it, or restart `krisenfest serve` with another `--output`"
                )),
            );
        }
        let chosen = result
            .outputs
            .iter()
            .position(|o| self.selected.as_ref() == Some(&o.spec.name))
            .or_else(|| {
                if self.selected.is_some() {
                    return None;
                }
                result
                    .outputs
                    .iter()
                    .position(|o| o.spec.audience == Audience::Internal)
                    .or_else(|| (!result.outputs.is_empty()).then_some(0))
            });
        let errors = diags.iter().any(|d| d.severity == Severity::Error);
        if !errors && chosen.is_none() && result.unknown_output.is_none() {
            diags.push(
                Diagnostic::error(msg!(
                    "es gibt keine Ausgabe, die angezeigt werden kann",
                    "there is no output to serve"
                ))
                .in_file("content/site.yaml")
                .hint(msg!(
                    "Legen Sie eine unter `outputs:` an, z. B. `- {{name: intranet, audience: internal, dir: intranet}}`",
                    "define one under `outputs:`, e.g. `- {{name: intranet, audience: internal, dir: intranet}}`"
                )),
            );
        }
        if !diags.is_empty() {
            eprint!(
                "{}",
                diagnostics::render_all(&diags, &result.sources, self.color, lang)
            );
        }
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        self.counter += 1;
        if failed {
            self.failed = true;
            return Outcome::Failed(diagnostics::render_all(
                &diags,
                &result.sources,
                false,
                lang,
            ));
        }
        let Some(idx) = chosen else {
            unreachable!("a build without errors has an output to serve")
        };
        let out = &mut result.outputs[idx];
        if self.selected.is_none() {
            self.selected = Some(out.spec.name.clone());
        }
        let changed = changed_keys(&self.good, &self.patched, &out.files);
        let audience = out.spec.audience;
        // Only the search index and the print edition differ (both are made from the pages):
        // the state after a fast re-render, completed.
        let lang = result.prepared.as_ref().map(|p| p.site.config.language);
        let quiet = !changed.is_empty()
            && changed.iter().all(|k| {
                lang.is_some_and(|l| {
                    crate::search::is_index_file(l, k) || *k == crate::render::print::out(l)
                })
            });
        self.good = Arc::new(std::mem::take(&mut out.files));
        self.patched = Arc::new(Files::new());
        self.prepared = result.prepared.take();
        self.sources = result.sources.clone();
        let was_failed = std::mem::replace(&mut self.failed, false);
        let changed = changed.len();
        Outcome::Built {
            audience,
            changed: if was_failed { changed.max(1) } else { changed },
            quiet: quiet && !was_failed,
        }
    }

    /// The fast path (see [`build::rerender_pages`]): `None` when the change needs a full build.
    pub(super) fn rerender(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        if self.failed {
            return None;
        }
        let name = self.selected.clone()?;
        let prep = self.prepared.as_mut()?;
        let diags = Diagnostics::new();
        let new = build::rerender_pages(prep, changed, &name, &self.good, &diags, &self.sources);
        let Some(new) = new else {
            // Possibly half-updated: the full build that follows replaces it.
            self.prepared = None;
            return None;
        };
        // Problems (and warnings) are reported by the full build, with all of the plan in view.
        if !diags.snapshot().is_empty() {
            self.prepared = None;
            return None;
        }
        let audience = self
            .prepared
            .as_ref()
            .and_then(|p| {
                p.site
                    .config
                    .outputs
                    .iter()
                    .find(|o| o.value.name == name)
                    .map(|o| o.value.audience)
            })
            .unwrap_or(Audience::Internal);
        let mut patched = (*self.patched).clone();
        let mut n = 0;
        for o in new.into_outputs() {
            if self.patched.get(&o.path).or_else(|| self.good.get(&o.path)) != Some(&o.bytes) {
                n += 1;
            }
            patched.replace(o);
        }
        self.patched = Arc::new(patched);
        self.counter += 1;
        Some(Outcome::Built {
            audience,
            changed: n,
            quiet: false,
        })
    }

    pub(super) fn snapshot_for(&self, outcome: &Outcome) -> Snapshot {
        Snapshot {
            files: Arc::clone(&self.good),
            patched: Arc::clone(&self.patched),
            errors: match outcome {
                Outcome::Failed(text) => Some(text.clone()),
                _ => None,
            },
            version: format!("{:x}-{}", self.epoch, self.counter),
            lang: self.lang,
            good: !self.good.is_empty(),
        }
    }
}

/// Files added, removed or changed between what is served (`good` with `patched` pages over
/// it; patched pages are always pages of `good`) and a new build.
fn changed_keys(good: &Files, patched: &Files, new: &Files) -> Vec<String> {
    let mut keys: Vec<String> = new
        .iter()
        .filter(|(k, v)| patched.get(*k).or_else(|| good.get(*k)) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(good.keys().filter(|k| !new.contains_key(*k)).cloned());
    keys
}
