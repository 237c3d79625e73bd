//! Stage 5: check the rendered output of one audience before anything is written — every link
//! and fragment points at something that exists, public pages do not reach internal things, and
//! nothing makes the visitor's browser contact another host.

mod css;
mod gate;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use memchr::memmem;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos, Sources};
use crate::fasthash::FastHash;
use crate::files::Files;
use crate::index::SiteIndex;
use crate::markdown::LinkUse;
use crate::model::Site;
use crate::model::common::Audience;
use crate::msg;
use crate::urls;

/// Element ids of an HTML document. Pages are searched as bytes and only the values are read as
/// text: the check used to validate each page as UTF-8 twice (links, then ids), and `from_utf8`
/// was 7 % of a 10,000-page build's cycles (perf; with Tera and the search index). A static
/// file that is not UTF-8 is read lossily.
pub fn ids_of(html: &[u8]) -> BTreeSet<String> {
    static FINDER: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(" id=\""));
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = FINDER.find(rest) {
        rest = &rest[i + 5..];
        if let Some(end) = memchr::memchr(b'"', rest) {
            ids.insert(html_unescape(&String::from_utf8_lossy(&rest[..end])));
            rest = &rest[end..];
        }
    }
    ids
}

fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[derive(Default)]
pub struct IdCache {
    cache: std::sync::Mutex<BTreeMap<String, std::sync::Arc<BTreeSet<String>>>>,
}

impl IdCache {
    pub fn insert(&self, out: &str, ids: BTreeSet<String>) {
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(out.to_string(), std::sync::Arc::new(ids));
    }

    pub fn get(&self, files: &Files, out: &str) -> Option<std::sync::Arc<BTreeSet<String>>> {
        if let Some(v) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(out)
        {
            return Some(v.clone());
        }
        let bytes = files.get(out)?;
        let ids = std::sync::Arc::new(ids_of(bytes));
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(out.to_string(), ids.clone());
        Some(ids)
    }
}

/// Links written in Markdown: reported at their source position.
pub fn check_source_links(
    file: &Path,
    links: &[LinkUse],
    files: &Files,
    index: &SiteIndex,
    audience: Audience,
    ids: &IdCache,
    diags: &Diagnostics,
) {
    for l in links {
        let target_audience = index.audience_by_out.get(&l.out).copied();
        if let Some(a) = target_audience
            && !a.visible_in(audience)
        {
            diags.push(
                Diagnostic::error(msg!(
                    "öffentlicher Inhalt verlinkt auf internes `{}`",
                    "public content links to internal `{}`";
                    l.written
                ))
                .at(file, l.pos)
                .label(msg!("internes Ziel", "internal target"))
                .hint(msg!(
                    "die öffentliche Ausgabe darf keine internen Seiten oder Einträge verraten: Setzen Sie beim Ziel `audience: public`, oder entfernen Sie den Link (das Intranet behält ihn)",
                    "the public output must not reveal internal pages or records: make the target `audience: public`, or remove the link (the intranet keeps it)"
                )),
            );
            continue;
        }
        if !files.contains_key(&l.out) {
            diags.push(
                Diagnostic::error(msg!(
                    "Linkziel `{}` gehört nicht zu dieser Ausgabe",
                    "link target `{}` is not part of this output";
                    l.written
                ))
                .at(file, l.pos)
                .hint(msg!(
                    "das Ziel ist ein Entwurf oder wurde nicht gebaut; bauen Sie mit --drafts oder entfernen Sie den Link",
                    "the target is a draft or was not built; build with --drafts or remove the link"
                )),
            );
            continue;
        }
        if let Some(f) = &l.fragment
            && let Some(set) = ids.get(files, &l.out)
            && !set.contains(f)
        {
            let mut known: Vec<&String> = set
                .iter()
                .filter(|i| !i.starts_with("fn-") && !i.starts_with("ref-"))
                .collect();
            known.truncate(12);
            let message = if l.written.starts_with('#') {
                msg!(
                    "Sprungmarke `#{f}` gibt es auf dieser Seite nicht",
                    "anchor `#{f}` does not exist on this page"
                )
            } else {
                msg!(
                    "Sprungmarke `#{f}` gibt es in `{}` nicht",
                    "anchor `#{f}` does not exist in `{}`";
                    l.written
                )
            };
            diags.push(
                Diagnostic::error(message)
                    .at(
                        file,
                        Pos {
                            len: l.written.chars().count(),
                            ..l.pos
                        },
                    )
                    .hint(if known.is_empty() {
                        msg!(
                            "die Zielseite hat keine Sprungmarken",
                            "the target page has no anchors"
                        )
                    } else {
                        let list = known
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ");
                        msg!("Sprungmarken dort: {list}", "anchors there: {list}")
                    }),
            );
        }
    }
}

/// Where an output file came from, so that a finding points at the file an editor can change:
/// a static file is copied verbatim, a page is a template (or raw HTML in Markdown) filled in.
pub struct Origins<'a> {
    site: Option<&'a Site>,
    /// The output's folder, to name a generated file (`public/index.html`).
    dir: &'a str,
    sources: Option<&'a Sources>,
    /// Theme template overrides (display path, text), read on the first finding.
    templates: OnceLock<Vec<(PathBuf, String)>>,
}

impl<'a> Origins<'a> {
    pub fn new(site: &'a Site, dir: &'a str, sources: &'a Sources) -> Self {
        Origins {
            site: Some(site),
            dir,
            sources: Some(sources),
            templates: OnceLock::new(),
        }
    }

    /// Without sources: findings point at the generated file.
    pub fn bare(dir: &'a str) -> Self {
        Origins {
            site: None,
            dir,
            sources: None,
            templates: OnceLock::new(),
        }
    }

    fn theme_dir(site: &Site) -> (PathBuf, PathBuf) {
        let name = site.config.theme.as_deref().unwrap_or("default");
        (
            site.root.join("themes").join(name),
            Path::new("themes").join(name),
        )
    }

    fn templates(&self) -> &[(PathBuf, String)] {
        self.templates.get_or_init(|| {
            let Some(site) = self.site else {
                return Vec::new();
            };
            let (dir, display) = Self::theme_dir(site);
            walkdir::WalkDir::new(dir.join("templates"))
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(&dir).ok()?.to_path_buf();
                    let text = std::fs::read_to_string(e.path()).ok()?;
                    Some((display.join(rel), text))
                })
                .collect()
        })
    }

    /// The file and position to report `bytes[start..end]` of the output file `out` at.
    fn locate(&self, out: &str, bytes: &[u8], start: usize, end: usize) -> (PathBuf, Pos) {
        if let Some(site) = self.site {
            let copied = site
                .statics
                .iter()
                .find(|s| s.out == out)
                .map(|s| s.display.clone())
                .or_else(|| {
                    let (dir, display) = Self::theme_dir(site);
                    dir.join("static")
                        .join(out)
                        .is_file()
                        .then(|| display.join("static").join(out))
                });
            if let Some(file) = copied {
                return (file.clone(), self.remember(&file, bytes, start, end));
            }
            let needle = String::from_utf8_lossy(&bytes[start..end]);
            if is_markup(out) && !needle.trim().is_empty() {
                let page = site
                    .pages
                    .iter()
                    .filter(|p| p.out == out)
                    .filter_map(|p| Some((p.file.clone(), self.sources?.get(&p.file)?)));
                let data = site.data.iter().map(|d| (d.file.clone(), d.text.clone()));
                for (file, text) in page.chain(data) {
                    if let Some(i) = text.find(needle.as_ref()) {
                        return (file, pos_at(text.as_bytes(), i, i + needle.len()));
                    }
                }
                for (file, text) in self.templates() {
                    if let Some(i) = text.find(needle.as_ref()) {
                        return (
                            file.clone(),
                            self.remember(file, text.as_bytes(), i, i + needle.len()),
                        );
                    }
                }
            }
        }
        let file = Path::new(self.dir).join(out);
        let pos = self.remember(&file, bytes, start, end);
        (file, pos)
    }

    /// Keeps `text` for the snippet of a diagnostic in `file`.
    fn remember(&self, file: &Path, text: &[u8], start: usize, end: usize) -> Pos {
        if let Some(sources) = self.sources
            && sources.get(file).is_none()
        {
            sources.insert(file, String::from_utf8_lossy(text).into());
        }
        pos_at(text, start, end)
    }
}

/// 1-based line and column (in characters) of `text[start..end]`.
fn pos_at(text: &[u8], start: usize, end: usize) -> Pos {
    let line_start = memchr::memrchr(b'\n', &text[..start]).map_or(0, |i| i + 1);
    let chars = |b: &[u8]| String::from_utf8_lossy(b).chars().count();
    Pos::new(
        memchr::memchr_iter(b'\n', &text[..start]).count() + 1,
        chars(&text[line_start..start]) + 1,
        chars(&text[start..end]),
    )
}

fn is_markup(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".html") || p.ends_with(".htm") || p.ends_with(".xhtml") || p.ends_with(".svg")
}

fn is_css(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".css")
}

/// Every generated HTML file: relative links resolve, fragments exist; and no HTML, SVG or CSS
/// file makes the browser contact another host. Problems here come from templates (Markdown
/// links were checked with positions).
pub fn check_generated(files: &Files, origins: &Origins<'_>, ids: &IdCache, diags: &Diagnostics) {
    use rayon::prelude::*;
    let scanned: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| is_markup(p) || is_css(p))
        .collect();
    // Every page is looked up dozens of times (menu, breadcrumbs, assets): hash, not tree.
    let paths: PathSet<'_> = files.keys().map(String::as_str).collect();
    let findings: Vec<(&str, &[u8], Vec<gate::Finding>)> = scanned
        .par_iter()
        .map(|(path, bytes)| {
            let found = check_file(files, &paths, path, bytes, ids, diags);
            (path.as_str(), bytes.as_slice(), found)
        })
        .collect();
    report(origins, &findings, diags);
}

/// [`check_generated`] for `pages`, new versions of pages of `files` (the same paths, so links
/// to them resolve in `files`; anchors are looked up in the new versions).
pub fn check_replaced(
    files: &Files,
    pages: &Files,
    origins: &Origins<'_>,
    ids: &IdCache,
    diags: &Diagnostics,
) {
    for (path, bytes) in pages {
        ids.insert(path, ids_of(bytes));
    }
    let paths: PathSet<'_> = files.keys().map(String::as_str).collect();
    let findings: Vec<(&str, &[u8], Vec<gate::Finding>)> = pages
        .iter()
        .filter(|(p, _)| is_markup(p) || is_css(p))
        .map(|(path, bytes)| {
            let found = check_file(files, &paths, path, bytes, ids, diags);
            (path.as_str(), bytes.as_slice(), found)
        })
        .collect();
    report(origins, &findings, diags);
}

type PathSet<'a> = HashSet<&'a str, FastHash>;

/// One diagnostic per offending place in a source: a template override is on every page, and
/// 29 copies of one message would bury the others.
fn report(
    origins: &Origins<'_>,
    findings: &[(&str, &[u8], Vec<gate::Finding>)],
    diags: &Diagnostics,
) {
    type Key<'f> = (PathBuf, Pos, gate::What, &'f str, &'f str);
    let mut places: BTreeMap<Key<'_>, Vec<&str>> = BTreeMap::new();
    for (out, bytes, found) in findings {
        for f in found {
            let (file, pos) = origins.locate(out, bytes, f.start, f.end);
            places
                .entry((file, pos, f.what, f.url.as_str(), f.how.as_str()))
                .or_default()
                .push(out);
        }
    }
    for ((file, pos, what, url, how), mut outs) in places {
        outs.sort_unstable();
        outs.dedup();
        let first = Path::new(origins.dir).join(outs[0]);
        let first = crate::diagnostics::display_path(&first);
        let (who, plural) = match outs.len() {
            1 => (msg!("`{first}`", "`{first}`"), false),
            2 => (
                msg!(
                    "`{first}` und 1 weitere Datei",
                    "`{first}` and 1 other file"
                ),
                true,
            ),
            n => (
                msg!(
                    "`{first}` und {} weitere Dateien",
                    "`{first}` and {} other files";
                    n - 1
                ),
                true,
            ),
        };
        let s = if plural { "" } else { "s" };
        let (de_who, who) = (&who.de, &who.en);
        // German: the verb agrees with one file or several.
        let de = |one: &'static str, many: &'static str| if plural { many } else { one };
        let (message, hint) = match what {
            gate::What::Loads => (
                Msg::new(
                    format!(
                        "{de_who} {} `{url}` von einem anderen Server",
                        de("lädt", "laden")
                    ),
                    format!("{who} load{s} `{url}` from another host"),
                ),
                msg!(
                    "veröffentlichte Seiten dürfen den Browser der Besucher nicht dazu bringen, einen anderen Server zu kontaktieren (Datenschutz, DSGVO): Speichern Sie die Datei in content/static/ oder im Ordner static/ des Themes und verweisen Sie mit einer relativen URL darauf; data:-URLs und Links, die Besucher anklicken (<a href>), sind in Ordnung",
                    "published pages must not make the visitor's browser contact another host (privacy, DSGVO): save the file in content/static/ or the theme's static/ folder and refer to it with a relative URL; data: URLs and links the visitor clicks (<a href>) are fine"
                ),
            ),
            gate::What::SendsForm => (
                Msg::new(
                    format!(
                        "{de_who} {} Formulareingaben an einen anderen Server: `{url}`",
                        de("sendet", "senden")
                    ),
                    format!("{who} send{s} form input to another host: `{url}`"),
                ),
                msg!(
                    "was Besucher eingeben, ginge an einen anderen Server; verlinken Sie das Formular stattdessen mit <a href>",
                    "what visitors type would go to another host; link to the form with <a href> instead"
                ),
            ),
            gate::What::Redirects => (
                Msg::new(
                    format!(
                        "{de_who} {} auf einen anderen Server weiter: `{url}`",
                        de("leitet", "leiten")
                    ),
                    format!("{who} redirect{s} to another host: `{url}`"),
                ),
                msg!(
                    "eine automatische Weiterleitung (refresh) schickt Besucher ungefragt zu einem anderen Server; verlinken Sie das Ziel stattdessen mit <a href>",
                    "a refresh sends visitors to another host without asking; link to it with <a href> instead"
                ),
            ),
            gate::What::SetsBase => (
                Msg::new(
                    format!(
                        "{de_who} {} jede relative URL auf einen anderen Server: `{url}`",
                        de("bezieht", "beziehen")
                    ),
                    format!("{who} resolve{s} every relative URL against another host: `{url}`"),
                ),
                msg!(
                    "Entfernen Sie <base href>: Die Links, die krisenfest schreibt, sind relativ und funktionieren ohne",
                    "remove <base href>: the links krisenfest writes are relative and work without it"
                ),
            ),
        };
        diags.push(
            Diagnostic::error(message)
                .at(file, pos)
                .label(Msg::same(how))
                .hint(hint),
        );
    }
}

/// The links of one HTML file (reported here) and the gate's findings in an HTML, SVG or CSS
/// file (returned, for [`report`]).
fn check_file(
    files: &Files,
    paths: &PathSet<'_>,
    path: &str,
    bytes: &[u8],
    ids: &IdCache,
    diags: &Diagnostics,
) -> Vec<gate::Finding> {
    if is_css(path) {
        let mut found = Vec::new();
        gate::scan_css(bytes, "", &mut found);
        return found;
    }
    let scan = gate::scan_html(bytes);
    if path.ends_with(".html") {
        check_links(files, paths, path, &scan.links, ids, diags);
    }
    scan.findings
}

fn check_links(
    files: &Files,
    paths: &PathSet<'_>,
    path: &str,
    links: &[String],
    ids: &IdCache,
    diags: &Diagnostics,
) {
    for url in links {
        let url = url.as_str();
        // other hosts are the gate's; other schemes (mailto:, data:, …) name no file here
        if gate::scheme(url).is_some() || gate::leaves_site(url) {
            continue;
        }
        let (p, frag) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let p = p.split('?').next().unwrap_or(p);
        let target = if p.is_empty() {
            Some(path.to_string())
        } else {
            urls::resolve(path, &urls::decode_path(p))
        };
        let Some(target) = target else {
            diags.push(
                Diagnostic::error(msg!(
                    "`{path}` verlinkt über den obersten Ordner der Ausgabe hinaus: `{url}`",
                    "`{path}` links above the output root: `{url}`"
                ))
                .in_file(Path::new("output").join(path)),
            );
            continue;
        };
        if target.ends_with('/')
            || (!target.is_empty()
                && !paths.contains(target.as_str())
                && paths.contains(format!("{target}/index.html").as_str()))
        {
            diags.push(
                Diagnostic::error(msg!(
                    "`{path}` verlinkt auf einen Ordner: `{url}`",
                    "`{path}` links to a folder: `{url}`"
                ))
                .in_file(Path::new("output").join(path))
                .hint(msg!(
                    "Links müssen die Datei nennen (…/index.html), damit die Website auch über file:// funktioniert",
                    "links must name the file (…/index.html) so the site works from file://"
                )),
            );
            continue;
        }
        if !paths.contains(target.as_str()) {
            diags.push(
                Diagnostic::error(msg!(
                    "`{path}` verlinkt auf fehlendes `{url}`",
                    "`{path}` links to missing `{url}`"
                ))
                .in_file(Path::new("output").join(path))
                .hint(msg!(
                    "der Link stammt aus einer Vorlage oder einer erzeugten Liste",
                    "the link comes from a template or generated list"
                )),
            );
            continue;
        }
        if let Some(f) = frag.filter(|f| !f.is_empty())
            && target.ends_with(".html")
            && let Some(set) = ids.get(files, &target)
            && !set.contains(&urls::decode_path(f))
        {
            diags.push(
                Diagnostic::error(msg!(
                    "`{path}` verlinkt auf fehlende Sprungmarke `{url}`",
                    "`{path}` links to missing anchor `{url}`"
                ))
                .in_file(Path::new("output").join(path)),
            );
        }
    }
}

#[cfg(test)]
mod tests;
