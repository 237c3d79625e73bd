//! The link index of a plan: which id or page path is published where and for whom, and the
//! resolvers that turn links written in Markdown (`@/path.md#anker`, relative `other.md`,
//! `@ID`) into output paths. Built once per build; render fills it, validate and check ask it.

use std::collections::BTreeMap;

use crate::diagnostics::Msg;
use crate::markdown::{LinkResolver, Target};
use crate::model::Site;
use crate::model::common::Audience;
use crate::msg;

#[derive(Debug, Clone)]
pub struct IndexEntry {
    pub out: String,
    /// Fragment on the page (requirements live on their perspective's page).
    pub anchor: Option<String>,
    pub audience: Audience,
    pub title: String,
}

/// Every addressable thing of the whole plan (all audiences); outputs filter it.
#[derive(Debug, Default)]
pub struct SiteIndex {
    /// Content-relative Markdown path → page.
    pub pages: BTreeMap<String, IndexEntry>,
    /// Record id → record page.
    pub records: BTreeMap<String, IndexEntry>,
    /// Content-relative path of a copied file → its output path.
    pub files: BTreeMap<String, String>,
    /// Output path → audience of what is written there.
    pub audience_by_out: BTreeMap<String, Audience>,
}

impl SiteIndex {
    pub fn from_site(site: &Site) -> Self {
        let mut idx = SiteIndex::default();
        for p in &site.pages {
            idx.pages.insert(
                p.rel.clone(),
                IndexEntry {
                    out: p.out.clone(),
                    anchor: None,
                    audience: p.audience,
                    title: p.front.title.clone(),
                },
            );
            idx.audience_by_out.insert(p.out.clone(), p.audience);
        }
        for s in &site.statics {
            let rel = s
                .display
                .strip_prefix("content")
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            idx.files.insert(rel, s.out.clone());
            // A file beside internal pages is internal: a public page linking to it fails at the
            // link like a link to an internal page.
            idx.audience_by_out
                .entry(s.out.clone())
                .or_insert(s.audience);
        }
        idx
    }

    pub fn add_record(&mut self, id: &str, out: &str, audience: Audience, title: &str) {
        self.records.insert(
            id.to_string(),
            IndexEntry {
                out: out.to_string(),
                anchor: None,
                audience,
                title: title.to_string(),
            },
        );
        self.audience_by_out.insert(out.to_string(), audience);
    }

    /// A record that is a part of another record's page (`@N1` → perspective page `#anforderung-n1`).
    pub fn add_record_anchor(
        &mut self,
        id: &str,
        out: &str,
        anchor: &str,
        audience: Audience,
        title: &str,
    ) {
        self.records.insert(
            id.to_string(),
            IndexEntry {
                out: out.to_string(),
                anchor: Some(anchor.to_string()),
                audience,
                title: title.to_string(),
            },
        );
    }

    /// `@/path.md` of the page whose title is `title`, compared as URL slugs (case, umlauts
    /// and punctuation do not matter); the first by path when several have it.
    pub fn page_titled(&self, title: &str) -> Option<String> {
        let want = crate::slug::slugify(title);
        if want.is_empty() {
            return None;
        }
        self.pages
            .iter()
            .find(|(_, p)| crate::slug::slugify(&p.title) == want)
            .map(|(rel, _)| format!("@/{rel}"))
    }

    /// Resolve `@/…` or a content-relative path (already normalised, no fragment).
    fn lookup_content_path(&self, path: &str) -> Option<String> {
        let path = path.trim_end_matches('/');
        if let Some(p) = self.pages.get(path) {
            return Some(p.out.clone());
        }
        let candidates = if path.is_empty() {
            vec!["_index.md".to_string()]
        } else {
            vec![format!("{path}/_index.md"), format!("{path}.md")]
        };
        for c in candidates {
            if let Some(p) = self.pages.get(&c) {
                return Some(p.out.clone());
            }
        }
        self.files.get(path).cloned()
    }

    pub fn resolve_from(
        &self,
        base_dir: &str,
        page_out: &str,
        dest: &str,
        image: bool,
    ) -> Result<Target, (Msg, Option<Msg>)> {
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
        {
            if image {
                return Err((
                    msg!(
                        "das Bild `{dest}` würde von einem anderen Server geladen",
                        "image `{dest}` would be loaded from another host"
                    ),
                    Some(msg!(
                        "die Browser der Besucherinnen und Besucher dürfen keine anderen Server ansprechen: speichern Sie das Bild in content/static/ und verlinken Sie es mit @/static/…",
                        "visitors' browsers must not contact other hosts: save the image in content/static/ and link it with @/static/…"
                    )),
                ));
            }
            return Ok(Target::External(dest.to_string()));
        }
        if lower.starts_with("mailto:") || lower.starts_with("tel:") {
            return Ok(Target::External(dest.to_string()));
        }
        if lower.starts_with("javascript:")
            || lower.starts_with("data:")
            || lower.starts_with("file:")
        {
            let scheme = &dest[..dest.find(':').unwrap_or(0) + 1];
            return Err((
                msg!(
                    "Links mit `{scheme}` sind nicht erlaubt",
                    "links with `{scheme}` are not allowed"
                ),
                None,
            ));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string()).filter(|f| !f.is_empty())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return match fragment {
                Some(f) => Ok(Target::Internal {
                    out: page_out.to_string(),
                    fragment: Some(f),
                }),
                None => Ok(Target::Internal {
                    out: page_out.to_string(),
                    fragment: None,
                }),
            };
        }
        if let Some(id) = path.strip_prefix('@').filter(|p| !p.starts_with('/')) {
            return match self.records.get(id) {
                Some(r) => Ok(Target::Internal {
                    out: r.out.clone(),
                    fragment: fragment.or_else(|| r.anchor.clone()),
                }),
                None => Err((
                    msg!(
                        "Link auf den unbekannten Eintrag `{id}`",
                        "link to unknown record `{id}`"
                    ),
                    Some(msg!(
                        "`@ID` verlinkt ein Risiko, eine Maßnahme, ein Ziel, eine Gefährdung, eine Perspektive, eine Checkliste oder eine Entscheidung über seine ID",
                        "`@ID` links to a risk, measure, goal, threat, perspective, checklist or decision by its id"
                    )),
                )),
            };
        }
        let decoded = crate::urls::decode_path(path);
        let content_path = if let Some(p) = decoded.strip_prefix("@/") {
            normalise("", p)
        } else if decoded.starts_with('/') {
            return Err((
                msg!(
                    "der Link `{dest}` beginnt im Hauptverzeichnis des Webservers",
                    "link `{dest}` starts at the web server root"
                ),
                Some(msg!(
                    "solche Links gehen kaputt, wenn der Plan unter einem Unterpfad veröffentlicht oder direkt von der Festplatte geöffnet wird; schreiben Sie `@/pfad/seite.md` für einen Pfad ab content/",
                    "such links break when the plan is published under a sub-path or opened from disk; write `@/path/page.md` for a path from content/"
                )),
            ));
        } else {
            normalise(base_dir, &decoded)
        };
        let Some(content_path) = content_path else {
            return Err((
                msg!(
                    "der Link `{dest}` führt aus dem Ordner content/ hinaus",
                    "link `{dest}` leaves the content folder"
                ),
                None,
            ));
        };
        match self.lookup_content_path(&content_path) {
            Some(out) => Ok(Target::Internal { out, fragment }),
            None => Err((
                if image {
                    msg!(
                        "Link auf das fehlende Bild `{dest}`",
                        "link to missing image `{dest}`"
                    )
                } else {
                    msg!(
                        "Link auf die fehlende Seite `{dest}`",
                        "link to missing page `{dest}`"
                    )
                },
                Some(if dest.starts_with("@/") {
                    msg!(
                        "`@/`-Pfade beginnen in content/, z. B. `@/schulung/_index.md`",
                        "`@/` paths start in content/, e.g. `@/schulung/_index.md`"
                    )
                } else {
                    msg!(
                        "relative Pfade beginnen im Ordner dieser Seite (content/{base_dir}); schreiben Sie `@/…` für einen Pfad ab content/",
                        "relative paths start in the folder of this page (content/{base_dir}); use `@/…` for a path from content/"
                    )
                }),
            )),
        }
    }
}

/// Join `rel` onto `base` (content-relative folders) and fold `.`/`..`.
fn normalise(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if rel.ends_with('/') {
        s.push('/');
    }
    Some(s)
}

pub struct PageResolver<'a> {
    pub index: &'a SiteIndex,
    pub page_rel: &'a str,
}

impl LinkResolver for PageResolver<'_> {
    fn resolve(&self, dest: &str, image: bool) -> Result<Target, (Msg, Option<Msg>)> {
        let base = self.page_rel.rsplit_once('/').map_or("", |(d, _)| d);
        let out = self
            .index
            .pages
            .get(self.page_rel)
            .map(|p| p.out.as_str())
            .unwrap_or("index.html");
        self.index.resolve_from(base, out, dest, image)
    }

    fn page_titled(&self, title: &str) -> Option<String> {
        self.index.page_titled(title)
    }
}

/// Resolver for Markdown in a record field (its page is `out`, relative links start in content/).
pub struct RecordResolver<'a> {
    pub index: &'a SiteIndex,
    pub out: &'a str,
}

impl LinkResolver for RecordResolver<'_> {
    fn resolve(&self, dest: &str, image: bool) -> Result<Target, (Msg, Option<Msg>)> {
        self.index.resolve_from("", self.out, dest, image)
    }

    fn page_titled(&self, title: &str) -> Option<String> {
        self.index.page_titled(title)
    }
}
