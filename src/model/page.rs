//! Markdown pages: front matter and body.

use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::{Audience, Date};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// "Stand" of the page.
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Order in menus and lists: lower first, then by title.
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub video: Option<Video>,
}

/// A training video, shown as a two-click element (nothing loads from YouTube before consent).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Video {
    #[schemars(with = "String")]
    pub url: Spanned<String>,
    pub title: String,
    /// Link to the text version (`@/schulung/video-tipps.md`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub transcript: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Path as shown in diagnostics, e.g. `content/schulung/tipps.md`.
    pub file: PathBuf,
    /// Path relative to `content/`, with `/`: `schulung/tipps.md`.
    pub rel: String,
    /// Output file: `schulung/tipps/index.html`.
    pub out: String,
    /// Content-relative folder of the section this page belongs to (`schulung`, or `` for the root).
    pub section: String,
    /// `_index.md` (or a generated section page).
    pub is_section: bool,
    /// A section page made up because the folder has no `_index.md`.
    pub generated: bool,
    pub front: FrontMatter,
    pub audience: Audience,
    pub body: String,
    /// Number of lines before the body in the file (front matter and its fences).
    pub body_offset: usize,
    /// Number of lines before the front matter's YAML (the opening `---`).
    pub front_offset: usize,
    /// The front matter's YAML as written, for checks that need the source (YAML traps).
    pub front_yaml: String,
}

impl Page {
    pub fn weight(&self) -> i64 {
        self.front.weight.unwrap_or(i64::MAX / 2)
    }
}
