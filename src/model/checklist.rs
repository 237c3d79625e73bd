//! Checklists (design §2, Checklists): phases of items with stable ids, roles, help text and
//! references, rendered as interactive, printable checklist pages.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::Audience;
use super::page::Video;
use super::records::{Md, Record};
use super::risk::record_impl;

/// Role ids that mean "everyone": items with such a role (or none) are shown under every role
/// filter, and the filter offers no separate entry for them.
pub const GENERAL_ROLES: &[&str] = &["alle", "all"];

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Md>,
    #[serde(default)]
    pub video: Option<Video>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Checklist);

impl Checklist {
    /// All items in reading order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.phases.iter().flat_map(|p| p.items.iter())
    }
}

/// A role that items are assigned to (`Moderation`, `Teilnehmende`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
}

impl Role {
    /// A role that stands for everyone (`alle`): not a filter of its own.
    pub fn is_general(&self) -> bool {
        GENERAL_ROLES.contains(&self.id.value.as_str())
    }
}

/// A group of items: a heading on the page (`Vor dem Meeting`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// One thing to tick. `id` is the key of the progress saved in the browser: keep it when the
/// text changes.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub text: String,
    /// A role id from `roles`; none = everyone.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub help: Option<Md>,
    /// Record ids (risks, requirements, measures …) or pages (`@/schulung/tipps.md`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub refs: Vec<Spanned<String>>,
}

/// Whether a `refs` entry names a page rather than a record id.
pub fn ref_is_page(r: &str) -> bool {
    r.starts_with("@/") || r.ends_with(".md") || r.contains(".md#")
}

/// The id of a YouTube video from its address: `https://youtu.be/ID`,
/// `https://www.youtube.com/watch?v=ID` or `…/embed/ID` (also on youtube-nocookie.com).
/// None when the address is not one of these or the id is not 11 characters of `A-Za-z0-9_-`.
pub fn youtube_id(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..host_end].to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host);
    let after = &rest[host_end..];
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or("")),
        None => (after.split('#').next().unwrap_or(""), ""),
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let id = match (host, segments.as_slice()) {
        ("youtu.be", [id]) => (*id).to_string(),
        ("youtube.com" | "youtube-nocookie.com", ["embed", id]) => (*id).to_string(),
        ("youtube.com", ["watch"]) => query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))?
            .to_string(),
        _ => return None,
    };
    let ok = id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_ids() {
        for u in [
            "https://youtu.be/uilwr6ktHbU",
            "https://youtu.be/uilwr6ktHbU?t=42",
            "https://www.youtube.com/watch?v=uilwr6ktHbU",
            "https://youtube.com/watch?feature=share&v=uilwr6ktHbU#x",
            "https://m.youtube.com/watch?v=uilwr6ktHbU",
            "https://www.youtube.com/embed/uilwr6ktHbU",
            "https://www.youtube-nocookie.com/embed/uilwr6ktHbU?autoplay=1",
            "HTTP://YOUTU.BE/uilwr6ktHbU",
        ] {
            assert_eq!(youtube_id(u).as_deref(), Some("uilwr6ktHbU"), "{u}");
        }
        for u in [
            "https://vimeo.com/123456",
            "https://youtu.be/",
            "https://youtu.be/kurz",
            "https://www.youtube.com/watch?list=abc",
            "https://www.youtube.com/channel/uilwr6ktHbU",
            "https://evil.example/youtu.be/uilwr6ktHbU",
            "https://youtu.be.evil.example/uilwr6ktHbU",
            "youtu.be/uilwr6ktHbU",
            "https://youtu.be/uilwr6kt\"bU",
        ] {
            assert_eq!(youtube_id(u), None, "{u}");
        }
    }
}
