//! Stage 1: walk `content/`, decode files, split front matter, parse YAML with spans.
//!
//! Nothing here stops at the first problem: every unreadable file, broken front matter or
//! unknown data kind becomes a diagnostic and the walk goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Sources};
use crate::model::common::Audience;
use crate::model::edition;
use crate::model::page::{FrontMatter, Page};
use crate::model::{DataFile, Site, StaticFile};
use crate::msg;
use crate::slug::slugify;
use crate::source::Plan;
use crate::yaml;

mod adopt;
mod baseline;
mod fields;
mod lock;
mod overrides;
mod pages;

pub use lock::{LOCK_FILE, lock_json};
pub use pages::{Split, page_out, split_front_matter};
use pages::{add_generated_sections, load_page};

/// The record kinds of design §2, in the order they are validated.
pub const DATA_KINDS: &[&str] = &[
    "threats",
    "perspectives",
    "goals",
    "measures",
    "risks",
    "evaluations",
    "provisioning",
    "checklists",
    // emergency management (design §8)
    "bcms",
    "processes",
    "resources",
    "scenarios",
    "roles",
    "contacts",
    "plans",
    "exercises",
];

pub struct LoadOptions {
    pub drafts: bool,
}

enum Entry {
    Page {
        path: PathBuf,
        rel: String,
    },
    Data {
        path: PathBuf,
        rel: String,
        kind: String,
    },
    Static {
        path: PathBuf,
        rel: String,
        out: String,
    },
}

/// Load the whole plan. Returns None only when nothing sensible can follow (no content/ or no
/// readable site.yaml); all problems are in `diags`.
pub fn load(
    root: &Path,
    opts: &LoadOptions,
    diags: &Diagnostics,
    sources: &Sources,
) -> Option<Site> {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(msg!(
                "kein Ordner content/ in `{}`",
                "no content/ folder in `{}`";
                root.display()
            ))
            .hint(msg!(
                "Starten Sie krisenfest im Ordner Ihres Plans, oder geben Sie --root ORDNER an (er muss content/site.yaml enthalten)",
                "run krisenfest in the folder of your plan, or pass --root DIR (it must contain content/site.yaml)"
            )),
        );
        return None;
    }

    // The plan root may be anywhere; `content/` behind a link must still lead into it.
    let plan = Plan::new(root, &[]);
    if plan.is_linked(&content)
        && let Err(d) = plan.check(&content, Path::new("content"))
    {
        diags.push(d);
        return None;
    }
    let config = load_config(&content, &plan, diags, sources);
    // normalised like the folders the build writes, so `./public/` is recognised as `public`
    let output_dirs: Vec<String> = match &config {
        Some(c) => c
            .outputs
            .iter()
            .map(|o| crate::outdir::normalise_dir(&o.value.dir.value))
            .collect(),
        None => vec!["public".into(), "intranet".into()],
    };
    let output_dirs: Vec<&str> = output_dirs.iter().map(String::as_str).collect();
    let plan = Plan::new(root, &output_dirs);
    let mut entries = Vec::new();
    walk(&content, &plan, diags, &mut entries);

    let pages: Vec<Page> = entries
        .par_iter()
        .filter_map(|e| match e {
            Entry::Page { path, rel } => load_page(path, rel, Path::new("content"), diags, sources),
            _ => None,
        })
        .collect();
    let data: Vec<DataFile> = entries
        .par_iter()
        .filter_map(|e| match e {
            Entry::Data { path, rel, kind } => {
                adopt::read_data(path, &Path::new("content").join(rel), kind, diags, sources)
            }
            _ => None,
        })
        .collect();
    let (edition_files, data): (Vec<DataFile>, Vec<DataFile>) = data
        .into_iter()
        .partition(|f| edition::KINDS.contains(&f.kind.as_str()));
    let editions = edition::Editions::from_files(edition_files);
    let statics = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Static { path, rel, out } => Some(StaticFile {
                src: path.clone(),
                display: Path::new("content").join(rel),
                out: out.clone(),
                audience: Audience::Public,
            }),
            _ => None,
        })
        .collect();

    let config = config?;
    let mut pages = pages;
    let mut statics: Vec<StaticFile> = statics;
    let mut data = data;
    let mut baseline_info = None;
    if let Some(b) = &config.baseline {
        let (d, mut info) = adopt::load_baseline(
            root,
            &b.value,
            data,
            &mut pages,
            &mut statics,
            diags,
            sources,
        );
        adopt::index_pages(&mut info, config.language);
        data = d;
        baseline_info = Some(Arc::new(info));
    } else {
        adopt::overrides_without_baseline(root, diags);
    }
    for p in &mut pages {
        p.audience = p
            .front
            .audience
            .as_ref()
            .map_or(config.default_audience, |a| a.value);
    }
    let page_dirs: BTreeSet<String> = pages.iter().map(|p| p.section.clone()).collect();
    if !opts.drafts {
        pages.retain(|p| !p.front.draft);
    }
    settle_colocated(&mut statics, &pages, &page_dirs, config.default_audience);
    add_generated_sections(&mut pages, config.default_audience);
    pages.sort_by(|a, b| a.out.cmp(&b.out));

    Some(Site {
        root: root.to_path_buf(),
        config,
        pages,
        data,
        records: Default::default(),
        statics,
        baseline: baseline_info,
        editions,
    })
}

fn load_config(
    content: &Path,
    plan: &Plan,
    diags: &Diagnostics,
    sources: &Sources,
) -> Option<SiteConfig> {
    let path = content.join("site.yaml");
    let display = Path::new("content/site.yaml");
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink())
        && let Err(d) = plan.check(&path, display)
    {
        diags.push(d);
        return None;
    }
    if !path.is_file() {
        diags.push(
            Diagnostic::error(msg!("content/site.yaml fehlt", "missing content/site.yaml")).hint(
                msg!(
                    "Jeder Plan braucht eine site.yaml mit mindestens `title` und `municipality`",
                    "every plan needs a site.yaml with at least `title` and `municipality`"
                ),
            ),
        );
        return None;
    }
    let text = match crate::source::read_text(&path, display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    sources.insert(display, text.clone().into());
    match yaml::parse::<SiteConfig>(&text, display, 0) {
        Ok(c) => Some(c),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with("#")
}

/// Files that sit in content/ for the people or the tools working on it, never for readers: notes
/// to editors, what Windows and macOS drop into folders, editor backups and lock files. Hidden
/// ones (`.gitkeep`, `.DS_Store`, `.x.swp`) are skipped by [`is_hidden`] already. Publishing a
/// README as a page, or `Thumbs.db` on the public site, would be silently wrong.
pub fn is_not_content(name: &str) -> bool {
    let lower = name.to_lowercase();
    // `.txt` stays: a text file in static/ may be meant for readers (`liesmich.txt` of a
    // download).
    let stem = lower.strip_suffix(".md").unwrap_or(&lower);
    matches!(stem, "readme" | "liesmich")
        || matches!(lower.as_str(), "thumbs.db" | "desktop.ini")
        || lower.ends_with(".swp")
        || lower.starts_with("~$")
        || is_hidden(name)
}

fn walk(content: &Path, plan: &Plan, diags: &Diagnostics, entries: &mut Vec<Entry>) {
    for path in crate::source::walk_files(plan, content, Path::new("content"), is_hidden, diags) {
        let rel_path = match path.strip_prefix(content) {
            Ok(r) => r,
            Err(_) => continue,
        };
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            diags.push(
                Diagnostic::error(msg!(
                    "der Dateiname ist kein gültiges UTF-8",
                    "file name is not valid UTF-8"
                ))
                .in_file(Path::new("content").join(rel_path))
                .hint(msg!(
                    "Benennen Sie die Datei um; Umlaute sind erlaubt, wenn der Name in UTF-8 geschrieben ist",
                    "rename the file; umlauts are fine when the name is UTF-8"
                )),
            );
            continue;
        };
        if rel_path
            .file_name()
            .is_some_and(|n| is_not_content(&n.to_string_lossy()))
        {
            continue;
        }
        let display = Path::new("content").join(&rel);
        // Read as data, never published: a snapshot holds internal records too.
        if let Some(kind) = edition::kind_of(&rel) {
            entries.push(Entry::Data {
                path,
                rel,
                kind: kind.into(),
            });
            continue;
        }
        if rel == "site.yaml" || rel == "method.yaml" {
            if rel == "method.yaml" {
                entries.push(Entry::Data {
                    path,
                    rel,
                    kind: "method".into(),
                });
            }
            continue;
        }
        if rel == "data/overrides.yaml" || rel == "data/baseline.lock.json" {
            // read by load::baseline, not records of a kind
            continue;
        }
        if let Some(s) = rel.strip_prefix("static/") {
            entries.push(Entry::Static {
                path: path.clone(),
                out: s.to_string(),
                rel,
            });
            continue;
        }
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let is_yaml = matches!(ext.as_deref(), Some("yaml" | "yml"));
        if let Some(d) = rel.strip_prefix("data/") {
            let kind = match d.split_once('/') {
                Some((k, _)) => k.to_string(),
                None => d.rsplit_once('.').map_or(d, |(k, _)| k).to_string(),
            };
            if !is_yaml {
                diags.push(
                    Diagnostic::error(msg!(
                        "in content/data/ gehören nur YAML-Dateien",
                        "only YAML files belong in content/data/"
                    ))
                    .in_file(&display)
                    .hint(msg!(
                        "Verschieben Sie Dokumente und Bilder nach content/static/",
                        "move documents and images to content/static/"
                    )),
                );
            } else if !DATA_KINDS.contains(&kind.as_str()) {
                diags.push(
                    Diagnostic::error(msg!(
                        "unbekannte Datenart `{kind}`",
                        "unknown data kind `{kind}`"
                    ))
                    .in_file(&display)
                    .hint(msg!(
                        "Datendateien heißen content/data/<art>.yaml oder content/data/<art>/*.yaml, mit <art> einer von: {}",
                        "data files are content/data/<kind>.yaml or content/data/<kind>/*.yaml with <kind> one of: {}";
                        DATA_KINDS.join(", ")
                    )),
                );
            } else {
                entries.push(Entry::Data { path, rel, kind });
            }
            continue;
        }
        if ext.as_deref() == Some("md") {
            entries.push(Entry::Page { path, rel });
        } else if is_yaml {
            diags.push(
                Diagnostic::error(msg!(
                    "eine YAML-Datei außerhalb von content/data/ wird nicht gelesen",
                    "YAML file outside content/data/ is not read"
                ))
                .in_file(&display)
                .hint(msg!(
                    "Einträge gehören nach content/data/<art>.yaml, mit <art> einer von: {}",
                    "records go to content/data/<kind>.yaml with <kind> one of: {}";
                    DATA_KINDS.join(", ")
                )),
            );
        } else {
            // Images or PDFs next to a page are published beside it (as in Zola), under the
            // page's slugged folder.
            let out = colocated_out(&rel);
            entries.push(Entry::Static { path, rel, out });
        }
    }
}

/// A file beside pages belongs to them, as a Hugo or Zola page bundle does: it goes into an
/// output when at least one page of its folder does. A folder without pages of its own (`bilder/`
/// beside the pages) belongs to the nearest folder above that has pages, and a file no page is
/// near takes `default_audience`. Files beside draft pages only go nowhere unless drafts are
/// built. `content/static/` is public by definition and untouched here.
fn settle_colocated(
    statics: &mut Vec<StaticFile>,
    pages: &[Page],
    page_dirs: &BTreeSet<String>,
    default_audience: Audience,
) {
    let mut built: BTreeMap<&str, Audience> = BTreeMap::new();
    for p in pages {
        let a = built.entry(p.section.as_str()).or_insert(p.audience);
        if p.audience == Audience::Public {
            *a = Audience::Public;
        }
    }
    statics.retain_mut(|s| {
        let Some(rel) = s
            .display
            .strip_prefix("content")
            .ok()
            .and_then(Path::to_str)
        else {
            return true;
        };
        if rel.starts_with("static/") {
            return true;
        }
        let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            if page_dirs.contains(dir) {
                return match built.get(dir) {
                    Some(a) => {
                        s.audience = *a;
                        true
                    }
                    None => false,
                };
            }
            if dir.is_empty() {
                s.audience = default_audience;
                return true;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    });
}

fn colocated_out(rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect();
    parts.push(name.to_string());
    parts.join("/")
}

#[cfg(test)]
mod tests;
