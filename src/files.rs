//! The files of one output and the single place where they are added. Below rendering: every
//! later stage (search, checks, writing, serve) holds `Files` without depending on render.
//!
//! Every producer (Markdown pages, record pages, generated pages, open data, the search index,
//! service files, theme and plan static files) adds its files through [`Files::insert`] with an
//! [`Origin`]. A second writer for a path that is already taken — or that differs only in upper
//! and lower case, which Windows and macOS file systems treat as the same file — is kept as a
//! [`Conflict`] and reported with both origins by [`Files::report`]; the first file stays.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos, display_path};
use crate::model::Site;
use crate::msg;
use crate::urls::{RecordPage, fold, record_pages};

/// What wrote a file: shown to the editor when another writer wants the same path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub kind: OriginKind,
    /// The source file an editor can change (none for purely generated files).
    pub file: Option<PathBuf>,
    pub pos: Option<Pos>,
    /// How the writer is named in messages: "the page `content/suche.md`".
    pub what: Msg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginKind {
    /// A Markdown page in content/.
    Page,
    /// A record's page, or a list page rendered through the record helper; [`Files::report`]
    /// finds the record (and the position of its id) from the path, only when there is a clash.
    Record,
    /// A file of content/static/.
    Static,
    /// A page or file krisenfest generates.
    Generated,
    /// A file of the theme: the plan's own static file of the same path replaces it.
    Theme,
}

impl Origin {
    pub fn page(file: &Path, pos: Pos) -> Self {
        Origin {
            kind: OriginKind::Page,
            what: msg!("die Seite `{}`", "the page `{}`"; display_path(file)),
            file: Some(file.to_path_buf()),
            pos: Some(pos),
        }
    }

    pub fn record(file: &Path, title: &str) -> Self {
        Origin {
            kind: OriginKind::Record,
            file: Some(file.to_path_buf()),
            pos: None,
            what: msg!(
                "die erzeugte Seite „{title}“",
                "the generated page „{title}“"
            ),
        }
    }

    pub fn static_file(file: &Path) -> Self {
        Origin {
            kind: OriginKind::Static,
            what: msg!(
                "die statische Datei `{}`",
                "the static file `{}`";
                display_path(file)
            ),
            file: Some(file.to_path_buf()),
            pos: None,
        }
    }

    pub fn generated(what: impl Into<Msg>) -> Self {
        Origin {
            kind: OriginKind::Generated,
            file: None,
            pos: None,
            what: what.into(),
        }
    }

    pub fn theme(path: &str) -> Self {
        Origin {
            kind: OriginKind::Theme,
            file: None,
            pos: None,
            what: msg!("die Theme-Datei `{path}`", "the theme file `{path}`"),
        }
    }

    fn editable(&self) -> bool {
        self.file.is_some() && !matches!(self.kind, OriginKind::Generated | OriginKind::Theme)
    }

    fn located(&self) -> Msg {
        match (&self.file, self.pos) {
            (Some(f), Some(p)) if self.kind != OriginKind::Page => {
                let at = format!("{}:{}:{}", display_path(f), p.line, p.col);
                Msg::new(
                    format!("{} ({at})", self.what.de),
                    format!("{} ({at})", self.what.en),
                )
            }
            _ => self.what.clone(),
        }
    }
}

/// One produced file before it is added.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// Two writers for one path (or two paths that differ only in case).
#[derive(Clone, Debug)]
pub struct Conflict {
    pub first_path: String,
    pub first: Origin,
    pub second_path: String,
    pub second: Origin,
}

/// Files of one output, by path relative to the output root. Reads go through the map
/// (`Deref`); writes only through [`Files::insert`].
#[derive(Default, Debug, Clone)]
pub struct Files {
    map: BTreeMap<String, Vec<u8>>,
    origins: HashMap<String, Origin>,
    /// Folded path → path, for paths that are not their own folded form (most are: slugs are
    /// lower case), so the common case costs one scan of the path and no allocation.
    folded: HashMap<String, String>,
    conflicts: Vec<Conflict>,
}

impl Files {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `bytes` at `path`. If the path (or one differing only in case) is taken, the first
    /// file stays and the clash is kept for [`Files::report`] — except that a plan's file
    /// replaces the theme's file of exactly the same path.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>, origin: Origin) {
        let key = fold(&path);
        let taken: Option<String> = if self.map.contains_key(&path) {
            Some(path.clone())
        } else if let Some(p) = self.folded.get(key.as_ref()) {
            Some(p.clone())
        } else if key != path && self.map.contains_key(key.as_ref()) {
            Some(key.to_string())
        } else {
            None
        };
        if let Some(first_path) = taken {
            let first = self.origins.get(&first_path).cloned();
            let replaces_theme = first_path == path
                && first.as_ref().is_some_and(|o| o.kind == OriginKind::Theme)
                && origin.kind != OriginKind::Theme;
            if !replaces_theme {
                self.conflicts.push(Conflict {
                    first: first.unwrap_or_else(|| {
                        Origin::generated(msg!("eine andere Datei", "another file"))
                    }),
                    first_path,
                    second_path: path,
                    second: origin,
                });
                return;
            }
        }
        if key != path {
            self.folded.insert(key.into_owned(), path.clone());
        }
        self.origins.insert(path.clone(), origin);
        self.map.insert(path, bytes);
    }

    pub fn add(&mut self, o: Output) {
        self.insert(o.path, o.bytes, o.origin);
    }

    /// Add all files of `other` (and the clashes found in it) after those already here.
    pub fn merge(&mut self, mut other: Files) {
        self.conflicts.append(&mut other.conflicts);
        self.extend(other.into_outputs());
    }

    /// A newer version of a file from the same writer (serve's re-rendered pages): replaces
    /// the file rather than clashing with it.
    pub fn replace(&mut self, o: Output) {
        if let Some(old) = self.map.get_mut(&o.path) {
            *old = o.bytes;
            self.origins.insert(o.path, o.origin);
        } else {
            self.add(o);
        }
    }

    /// The files alone.
    pub fn into_map(self) -> BTreeMap<String, Vec<u8>> {
        self.map
    }

    /// The files with their origins, in path order.
    pub fn into_outputs(mut self) -> impl Iterator<Item = Output> {
        let mut origins = std::mem::take(&mut self.origins);
        std::mem::take(&mut self.map)
            .into_iter()
            .map(move |(path, bytes)| Output {
                origin: origins.remove(&path).unwrap_or_else(|| {
                    Origin::generated(msg!("eine erzeugte Datei", "a generated file"))
                }),
                path,
                bytes,
            })
    }

    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// One error per clash, at the writer an editor can change (the second one when both can),
    /// naming the other writer in the hint.
    pub fn report(&self, site: &Site, diags: &Diagnostics) {
        if self.conflicts.is_empty() {
            return;
        }
        let records = record_pages(site);
        for c in &self.conflicts {
            let first = resolve(&c.first, &c.first_path, &records);
            let second = resolve(&c.second, &c.second_path, &records);
            // Validation reports these at the id already: two record ids with one slug, and
            // ids without a slug (their path has an empty segment).
            if (first.kind == OriginKind::Record && second.kind == OriginKind::Record)
                || c.first_path.contains("//")
                || c.second_path.contains("//")
            {
                continue;
            }
            let swap = !second.editable() && first.editable();
            let (here, here_path, other, other_path) = if swap {
                (&first, &c.first_path, &second, &c.second_path)
            } else {
                (&second, &c.second_path, &first, &c.first_path)
            };
            let rename = if other.editable() {
                let located = other.located();
                Msg::new(
                    format!(
                        "{} wird dort ebenfalls veröffentlicht; benennen Sie eine der beiden Dateien um",
                        located.de
                    ),
                    format!("{} is published there too; rename one of them", located.en),
                )
            } else {
                Msg::new(
                    format!(
                        "dort veröffentlicht krisenfest selbst bereits etwas ({}); benennen Sie diese Datei um oder verschieben Sie sie",
                        other.what.de
                    ),
                    format!(
                        "krisenfest publishes {} there itself; rename or move this file",
                        other.what.en
                    ),
                )
            };
            let d = if here_path == other_path {
                Diagnostic::error(Msg::new(
                    format!(
                        "{} und {} würden beide als `{here_path}` veröffentlicht",
                        other.what.de, here.what.de
                    ),
                    format!(
                        "{} and {} would both be published as `{here_path}`",
                        other.what.en, here.what.en
                    ),
                ))
                .hint(Msg::new(
                    format!(
                        "{} (Adressen entstehen aus IDs und Dateinamen: Kleinbuchstaben, ä→ae, `.`, `_` und Leerzeichen → `-`)",
                        rename.de
                    ),
                    format!(
                        "{} (URLs are made from ids and file names: lower case, ä→ae, `.`, `_` and spaces → `-`)",
                        rename.en
                    ),
                ))
            } else {
                Diagnostic::error(Msg::new(
                    format!(
                        "{} würde als `{here_path}` veröffentlicht und unterscheidet sich von `{other_path}` nur in der Groß- und Kleinschreibung",
                        here.what.de
                    ),
                    format!(
                        "{} would be published as `{here_path}`, which differs from `{other_path}` only in upper/lower case",
                        here.what.en
                    ),
                ))
                .hint(Msg::new(
                    format!(
                        "Windows und macOS speichern beide als eine einzige Datei, die Website ließe sich dort also nicht ablegen; {}",
                        rename.de
                    ),
                    format!(
                        "Windows and macOS store both as one file, so the site could not be copied there; {}",
                        rename.en
                    ),
                ))
            };
            diags.push(match (&here.file, here.pos) {
                (Some(f), Some(p)) => d.at(f, p),
                (Some(f), None) => d.in_file(f),
                _ => d,
            });
        }
    }
}

/// A record page's origin with the record named and its id's position; other origins as they
/// are. A page through the record helper that is no record's page is a generated list.
/// The German name, with its article, of a record kind as [`record_pages`] names it.
fn kind_de(kind: &str) -> String {
    match kind {
        "risk" => "das Risiko",
        "measure" => "die Maßnahme",
        "goal" => "das Ziel",
        "perspective" => "die Perspektive",
        "threat" => "die Gefährdung",
        "evaluation" => "die Bewertung",
        "provisioning" => "die Bereitstellung",
        "checklist" => "die Checkliste",
        other => return format!("der Eintrag ({other})"),
    }
    .to_string()
}

fn resolve(o: &Origin, path: &str, records: &[RecordPage<'_>]) -> Origin {
    if o.kind != OriginKind::Record {
        return o.clone();
    }
    match records
        .iter()
        .find(|r| r.out == path && o.file.as_deref() == Some(r.file))
    {
        Some(r) => Origin {
            kind: OriginKind::Record,
            file: Some(r.file.to_path_buf()),
            pos: Some(r.pos),
            what: Msg::new(
                format!("{} `{}`", kind_de(r.kind), r.id),
                format!("{} `{}`", r.kind, r.id),
            ),
        },
        None => Origin {
            kind: OriginKind::Generated,
            file: None,
            pos: None,
            what: o.what.clone(),
        },
    }
}

/// Two outputs are equal when their files are: who wrote them is bookkeeping.
impl PartialEq for Files {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl std::ops::Deref for Files {
    type Target = BTreeMap<String, Vec<u8>>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<'a> IntoIterator for &'a Files {
    type Item = (&'a String, &'a Vec<u8>);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Vec<u8>>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl Extend<Output> for Files {
    fn extend<I: IntoIterator<Item = Output>>(&mut self, iter: I) {
        for o in iter {
            self.add(o);
        }
    }
}

impl FromIterator<Output> for Files {
    fn from_iter<I: IntoIterator<Item = Output>>(iter: I) -> Self {
        let mut f = Files::new();
        f.extend(iter);
        f
    }
}

/// Rendered in parallel, added in the producer's order: which of two clashing writers is the
/// first does not depend on thread scheduling.
impl rayon::iter::FromParallelIterator<Output> for Files {
    fn from_par_iter<I: rayon::iter::IntoParallelIterator<Item = Output>>(iter: I) -> Self {
        use rayon::iter::ParallelIterator;
        let v: Vec<Output> = iter.into_par_iter().collect();
        v.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_leaves_lower_case_paths_alone() {
        assert!(matches!(
            fold("risiken/r-1/index.html"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(fold("static/Bild-Ä.PNG"), "static/bild-ä.png");
        assert_eq!(fold("ziele//index.html"), "ziele/index.html");
    }

    #[test]
    fn second_writer_is_kept_as_a_conflict_in_any_case() {
        let mut f = Files::new();
        f.insert(
            "a/x.png".into(),
            b"1".to_vec(),
            Origin::generated(Msg::same("one")),
        );
        f.insert(
            "a/x.png".into(),
            b"2".to_vec(),
            Origin::generated(Msg::same("two")),
        );
        f.insert(
            "A/X.png".into(),
            b"3".to_vec(),
            Origin::generated(Msg::same("three")),
        );
        f.insert(
            "b/Y.png".into(),
            b"4".to_vec(),
            Origin::generated(Msg::same("four")),
        );
        f.insert(
            "b/y.png".into(),
            b"5".to_vec(),
            Origin::generated(Msg::same("five")),
        );
        f.insert(
            "b/y.PNG".into(),
            b"6".to_vec(),
            Origin::generated(Msg::same("six")),
        );
        assert_eq!(f.get("a/x.png").map(Vec::as_slice), Some(&b"1"[..]));
        assert_eq!(f.len(), 2);
        let pairs: Vec<(&str, &str)> = f
            .conflicts()
            .iter()
            .map(|c| (c.first.what.as_str(), c.second.what.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("one", "two"),
                ("one", "three"),
                ("four", "five"),
                ("four", "six")
            ]
        );
    }

    #[test]
    fn a_plan_file_replaces_the_theme_file_of_the_same_path_only() {
        let mut f = Files::new();
        f.insert(
            "assets/kern.css".into(),
            b"theme".to_vec(),
            Origin::theme("assets/kern.css"),
        );
        f.insert(
            "assets/kern.css".into(),
            b"plan".to_vec(),
            Origin::static_file(Path::new("content/static/assets/kern.css")),
        );
        assert_eq!(
            f.get("assets/kern.css").map(Vec::as_slice),
            Some(&b"plan"[..])
        );
        assert!(f.conflicts().is_empty());
        f.insert(
            "assets/Kern.css".into(),
            b"plan".to_vec(),
            Origin::static_file(Path::new("content/static/assets/Kern.css")),
        );
        assert_eq!(f.conflicts().len(), 1);
    }
}
