//! Stage 5: check the rendered output of one audience before anything is written — every link
//! and fragment points at something that exists, public pages do not reach internal things, and
//! nothing makes the visitor's browser contact another host.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use memchr::memmem;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::fasthash::FastHash;
use crate::markdown::LinkUse;
use crate::model::common::Audience;
use crate::render::{Files, SiteIndex};
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
                Diagnostic::error(format!(
                    "public content links to internal `{}`",
                    l.written
                ))
                .at(file, l.pos)
                .label("internal target")
                .hint("the public output must not reveal internal pages or records: make the target `audience: public`, or remove the link (the intranet keeps it)"),
            );
            continue;
        }
        if !files.contains_key(&l.out) {
            diags.push(
                Diagnostic::error(format!("link target `{}` is not part of this output", l.written))
                    .at(file, l.pos)
                    .hint("the target is a draft or was not built; build with --drafts or remove the link"),
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
            let msg = if l.written.starts_with('#') {
                format!("anchor `#{f}` does not exist on this page")
            } else {
                format!("anchor `#{f}` does not exist in `{}`", l.written)
            };
            diags.push(
                Diagnostic::error(msg)
                    .at(
                        file,
                        Pos {
                            len: l.written.chars().count(),
                            ..l.pos
                        },
                    )
                    .hint(if known.is_empty() {
                        "the target page has no anchors".to_string()
                    } else {
                        format!(
                            "anchors there: {}",
                            known
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }),
            );
        }
    }
}

/// Attribute values (`href`/`src`) of an HTML document with the tag they stand in (bytes, as in
/// [`ids_of`]).
fn urls_in(html: &[u8]) -> Vec<(&'static str, &str, Cow<'_, str>)> {
    static FINDERS: LazyLock<[(&str, memmem::Finder<'static>); 2]> = LazyLock::new(|| {
        [
            ("href", memmem::Finder::new(" href=\"")),
            ("src", memmem::Finder::new(" src=\"")),
        ]
    });
    let mut found = Vec::new();
    for (attr, finder) in FINDERS.iter() {
        let pat_len = finder.needle().len();
        let mut start = 0;
        while let Some(i) = finder.find(&html[start..]) {
            let vs = start + i + pat_len;
            let Some(len) = memchr::memchr(b'"', &html[vs..]) else {
                break;
            };
            let tag_start = memchr::memrchr(b'<', &html[..start + i]).map_or(0, |t| t + 1);
            let tag_len = html[tag_start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(0);
            // ASCII letters and digits only, so always UTF-8
            let tag = std::str::from_utf8(&html[tag_start..tag_start + tag_len]).unwrap_or("");
            let raw = String::from_utf8_lossy(&html[vs..vs + len]);
            let url = if raw.contains('&') {
                Cow::Owned(html_unescape(&raw))
            } else {
                raw
            };
            found.push((*attr, tag, url));
            start = vs + len;
        }
    }
    found
}

/// Every generated HTML file: relative links resolve, fragments exist, no resource from
/// another host. Problems here come from templates (Markdown links were checked with positions).
pub fn check_generated(files: &Files, ids: &IdCache, diags: &Diagnostics) {
    use rayon::prelude::*;
    let pages: Vec<(&String, &Vec<u8>)> =
        files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    // Every page is looked up dozens of times (menu, breadcrumbs, assets): hash, not tree.
    let paths: PathSet<'_> = files.keys().map(String::as_str).collect();
    pages
        .par_iter()
        .for_each(|(path, bytes)| check_page(files, &paths, path, bytes, ids, diags));
}

/// [`check_generated`] for `pages`, new versions of pages of `files` (the same paths, so links
/// to them resolve in `files`; anchors are looked up in the new versions).
pub fn check_replaced(files: &Files, pages: &Files, ids: &IdCache, diags: &Diagnostics) {
    for (path, bytes) in pages {
        ids.insert(path, ids_of(bytes));
    }
    let paths: PathSet<'_> = files.keys().map(String::as_str).collect();
    for (path, bytes) in pages {
        if path.ends_with(".html") {
            check_page(files, &paths, path, bytes, ids, diags);
        }
    }
}

type PathSet<'a> = HashSet<&'a str, FastHash>;

fn check_page(
    files: &Files,
    paths: &PathSet<'_>,
    path: &str,
    bytes: &[u8],
    ids: &IdCache,
    diags: &Diagnostics,
) {
    for (attr, tag, url) in urls_in(bytes) {
        let url = url.as_ref();
        let scheme = |s: &str| {
            url.get(..s.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(s))
        };
        let external = scheme("http:") || scheme("https:") || url.starts_with("//");
        // <link href> loads (stylesheets, icons, preconnect); <a href> only navigates.
        let is_request = attr == "src" || tag.eq_ignore_ascii_case("link");
        if external {
            if is_request {
                diags.push(
                    Diagnostic::error(format!(
                        "`{path}` loads `{url}` from another host"
                    ))
                    .in_file(Path::new("output").join(path))
                    .hint("a published page must not contact other hosts (privacy, BITV/DSGVO); ship the file in static/"),
                );
            }
            continue;
        }
        if scheme("mailto:") || scheme("tel:") || scheme("data:") || scheme("javascript:") {
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
                Diagnostic::error(format!("`{path}` links above the output root: `{url}`"))
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
                Diagnostic::error(format!("`{path}` links to a folder: `{url}`"))
                    .in_file(Path::new("output").join(path))
                    .hint("links must name the file (…/index.html) so the site works from file://"),
            );
            continue;
        }
        if !paths.contains(target.as_str()) {
            diags.push(
                Diagnostic::error(format!("`{path}` links to missing `{url}`"))
                    .in_file(Path::new("output").join(path))
                    .hint("the link comes from a template or generated list"),
            );
            continue;
        }
        if let Some(f) = frag.filter(|f| !f.is_empty())
            && target.ends_with(".html")
            && let Some(set) = ids.get(files, &target)
            && !set.contains(&urls::decode_path(f))
        {
            diags.push(
                Diagnostic::error(format!("`{path}` links to missing anchor `{url}`"))
                    .in_file(Path::new("output").join(path)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_urls() {
        let html = r#"<h2 id="a&amp;b">x</h2><a href="../x/index.html#y">l</a><img src="https://cdn.example/x.png" alt="">"#;
        assert!(ids_of(html.as_bytes()).contains("a&b"));
        let u = urls_in(html.as_bytes());
        assert_eq!(u[0], ("href", "a", "../x/index.html#y".into()));
        assert_eq!(u[1], ("src", "img", "https://cdn.example/x.png".into()));
    }

    #[test]
    fn external_resource_is_an_error() {
        let mut files = Files::new();
        files.insert("index.html".into(), br#"<link rel="stylesheet" href="https://cdn.example.com/x.css"><a href="https://example.org">ok</a>"#.to_vec(), crate::render::Origin::generated("test"));
        let d = Diagnostics::new();
        check_generated(&files, &IdCache::default(), &d);
        let s = d.snapshot();
        assert_eq!(s.len(), 1);
        assert!(
            s[0].message
                .contains("loads `https://cdn.example.com/x.css` from another host")
        );
    }

    #[test]
    fn a_page_that_is_not_utf8_is_still_checked() {
        // a static HTML file in Latin-1: its links are read all the same
        let mut files = Files::new();
        files.insert(
            "alt.html".into(),
            b"<p id=\"gr\xfc\xdfe\">Gr\xfc\xdfe</p><a href=\"fehlt.html\">x</a><a href=\"#gr\xfc\xdfe\">y</a>"
                .to_vec(), crate::render::Origin::generated("test")
        );
        let d = Diagnostics::new();
        check_generated(&files, &IdCache::default(), &d);
        let msgs: Vec<String> = d.snapshot().into_iter().map(|d| d.message).collect();
        assert_eq!(msgs, ["`alt.html` links to missing `fehlt.html`"]);
    }

    #[test]
    fn folder_links_and_missing_anchors() {
        let mut files = Files::new();
        files.insert(
            "index.html".into(),
            br#"<a href="a/">x</a><a href="a/index.html#nope">y</a>"#.to_vec(),
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "a/index.html".into(),
            br#"<h1 id="top">A</h1>"#.to_vec(),
            crate::render::Origin::generated("test"),
        );
        let d = Diagnostics::new();
        check_generated(&files, &IdCache::default(), &d);
        let msgs: Vec<String> = d.snapshot().into_iter().map(|d| d.message).collect();
        assert!(
            msgs.iter().any(|m| m.contains("links to a folder")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("missing anchor")),
            "{msgs:?}"
        );
    }
}
