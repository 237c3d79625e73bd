//! Output paths and relative links. Every link names a file (`../a/index.html`) so the site
//! works from `file://`, where a folder link shows a directory listing.

/// Relative URL from the page written at `from` (an output path like `a/b/index.html`) to the
/// output file `to` (like `c/index.html`).
pub fn relative(from: &str, to: &str) -> String {
    // Called for every link of every page: no vectors, one allocation, and `/` found by byte
    // (`str::split('/')` and `matches` went through the generic character searcher, 3 % of the
    // example plan's instructions in callgrind).
    let from_dir = last_slash(from).map_or("", |i| &from[..i]);
    let mut ups = if from_dir.is_empty() {
        0
    } else {
        slashes(from_dir) + 1
    };
    // drop the folders both paths start with (a file name of `to` never counts as one)
    let mut rest = to;
    let mut dirs = (!from_dir.is_empty()).then_some(from_dir);
    while let Some(d) = dirs {
        let (dir, more) = split_first(d);
        match split_first(rest) {
            (head, Some(tail)) if head == dir => {
                ups -= 1;
                rest = tail;
                dirs = more;
            }
            _ => break,
        }
    }
    let mut out = String::with_capacity(ups * 3 + rest.len());
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(rest);
    out
}

fn slashes(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'/').count()
}

fn last_slash(s: &str) -> Option<usize> {
    memchr::memrchr(b'/', s.as_bytes())
}

/// `a/b/c` → (`a`, Some(`b/c`)); `a` → (`a`, None).
fn split_first(s: &str) -> (&str, Option<&str>) {
    match memchr::memchr(b'/', s.as_bytes()) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

/// Prefix from the page at `from` to the output root: `""` or `"../../"`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(slashes(from))
}

/// Percent-encode characters that may not stand raw in an href (spaces, umlauts in asset names).
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Inverse of `encode_path`, for checking links against output files.
pub fn decode_path(p: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    if !p.contains('%') {
        return p.to_string();
    }
    let bytes = p.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // bytes, not `&p[i + 1..i + 3]`: that slice could end inside a multi-byte character
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolve `rel` (a relative URL path without fragment) against the directory of `from`.
/// Returns None when it climbs above the root.
pub fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut out = String::with_capacity(from.len() + rel.len());
    out.push_str(last_slash(from).map_or("", |i| &from[..i]));
    let mut rest = Some(rel);
    while let Some(r) = rest {
        let (seg, more) = split_first(r);
        rest = more;
        match seg {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                let cut = last_slash(&out).unwrap_or(0);
                out.truncate(cut);
            }
            s => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(s);
            }
        }
    }
    Some(out)
}

/// URL segments of generated sections, by site language (design §4).
pub struct Segments {
    pub risks: &'static str,
    pub measures: &'static str,
    pub goals: &'static str,
    pub perspectives: &'static str,
    pub threats: &'static str,
    pub decisions: &'static str,
    pub checklists: &'static str,
    pub search: &'static str,
    pub imprint: &'static str,
    pub privacy: &'static str,
    pub accessibility: &'static str,
    pub data: &'static str,
    /// The change page since the previous edition (design §9).
    pub changes: &'static str,
    /// The print edition and the council paper below it (design §9).
    pub print: &'static str,
    /// Intranet only: how a plan deviates from its baseline (design §10).
    pub deviations: &'static str,
}

impl Segments {
    /// The folder of the pages of a data kind (`risks` → `risiken`); None for kinds without
    /// pages of their own.
    pub fn of_kind(&self, kind: &str) -> Option<&'static str> {
        Some(match kind {
            "risks" => self.risks,
            "measures" => self.measures,
            "goals" => self.goals,
            "perspectives" => self.perspectives,
            "threats" => self.threats,
            "evaluations" | "provisioning" => self.decisions,
            "checklists" => self.checklists,
            _ => return None,
        })
    }
}

pub fn segments(lang: crate::config::Language) -> Segments {
    match lang {
        crate::config::Language::De => Segments {
            risks: "risiken",
            measures: "massnahmen",
            goals: "ziele",
            perspectives: "perspektiven",
            threats: "gefaehrdungen",
            decisions: "entscheidungen",
            checklists: "checklisten",
            search: "suche",
            imprint: "impressum",
            privacy: "datenschutz",
            accessibility: "barrierefreiheit",
            data: "daten",
            changes: "aenderungen",
            print: "druck",
            deviations: "abweichungen",
        },
        crate::config::Language::En => Segments {
            risks: "risks",
            measures: "measures",
            goals: "goals",
            perspectives: "perspectives",
            threats: "threats",
            decisions: "decisions",
            checklists: "checklists",
            search: "search",
            imprint: "imprint",
            privacy: "privacy",
            accessibility: "accessibility",
            data: "data",
            changes: "changes",
            print: "print",
            deviations: "deviations",
        },
    }
}

/// Output path of a record page: `risiken/r-001/index.html`.
pub fn record_out(segment: &str, id: &str) -> String {
    format!("{segment}/{}/index.html", crate::slug::slugify(id))
}

/// A record's own page: where it is written and where its id stands.
pub struct RecordPage<'a> {
    pub out: String,
    /// How the kind is named in messages: `risk`, `goal` …
    pub kind: &'static str,
    pub file: &'a std::path::Path,
    pub id: &'a str,
    pub pos: crate::diagnostics::Pos,
}

/// Every record that gets a page of its own, kind by kind in the order they are rendered.
pub fn record_pages(site: &crate::model::Site) -> Vec<RecordPage<'_>> {
    use crate::model::records::{Rec, Record};
    fn add<'a, T: Record>(
        v: &mut Vec<RecordPage<'a>>,
        recs: &'a [Rec<T>],
        seg: &str,
        kind: &'static str,
    ) {
        v.extend(recs.iter().map(|r| RecordPage {
            out: record_out(seg, r.id_str()),
            kind,
            file: r.file.as_path(),
            id: r.id_str(),
            pos: r.id_pos(),
        }));
    }
    let seg = segments(site.config.language);
    let d = &site.records;
    let mut v = Vec::new();
    add(&mut v, &d.risks, seg.risks, "risk");
    add(&mut v, &d.measures, seg.measures, "measure");
    add(&mut v, &d.goals, seg.goals, "goal");
    add(&mut v, &d.perspectives, seg.perspectives, "perspective");
    add(&mut v, &d.threats, seg.threats, "threat");
    add(&mut v, &d.evaluations, seg.decisions, "evaluation");
    add(&mut v, &d.provisioning, seg.decisions, "provisioning");
    add(&mut v, &d.checklists, seg.checklists, "checklist");
    v
}

/// The form under which a case-insensitive file system (Windows, macOS) stores `path`, so
/// that two paths it would store as one file compare equal; `a//b` is `a/b` there too.
pub fn fold(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.chars().any(char::is_uppercase) && !path.contains("//") {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut s = path.to_lowercase();
    while s.contains("//") {
        s = s.replace("//", "/");
    }
    std::borrow::Cow::Owned(s)
}

/// Output path of the page list (the search page's fallback without JavaScript).
pub fn page_list(lang: crate::config::Language) -> &'static str {
    match lang {
        crate::config::Language::De => "seitenuebersicht/index.html",
        crate::config::Language::En => "sitemap/index.html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(relative("index.html", "a/index.html"), "a/index.html");
        assert_eq!(relative("a/index.html", "index.html"), "../index.html");
        assert_eq!(
            relative("a/b/index.html", "a/c/index.html"),
            "../c/index.html"
        );
        assert_eq!(relative("a/b/index.html", "a/b/index.html"), "index.html");
        assert_eq!(relative("a/index.html", "a/b/index.html"), "b/index.html");
        assert_eq!(
            relative("a/b/index.html", "assets/x.css"),
            "../../assets/x.css"
        );
        assert_eq!(root_prefix("a/b/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn resolve_and_decode() {
        assert_eq!(
            resolve("a/b/index.html", "../c/index.html").as_deref(),
            Some("a/c/index.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
        assert_eq!(decode_path("bild%20%C3%A4.png"), "bild ä.png");
        // A `%` before a multi-byte character once sliced a character in half (a panic).
        assert_eq!(decode_path("a%aé%"), "a%aé%");
        assert_eq!(decode_path("%é"), "%é");
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(encode_path("bild ä.png"), "bild%20%C3%A4.png");
    }

    /// The straightforward versions `relative` and `resolve` were written as first.
    fn relative_ref(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = from.split('/').collect();
        let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from_dirs
            .iter()
            .zip(to_parts.iter())
            .take_while(|(a, b)| a == b)
            .count()
            .min(to_parts.len().saturating_sub(1));
        let mut out = String::new();
        for _ in common..from_dirs.len() {
            out.push_str("../");
        }
        out.push_str(&to_parts[common..].join("/"));
        out
    }

    fn resolve_ref(from: &str, rel: &str) -> Option<String> {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for seg in rel.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(parts.join("/"))
    }

    #[test]
    fn fast_paths_match_the_reference() {
        let paths = [
            "index.html",
            "a/index.html",
            "a/b/index.html",
            "a/b/c.html",
            "a/x/index.html",
            "ab/index.html",
            "a/bc/index.html",
            "b/a/index.html",
            "assets/kern.css",
            "risiken/r-001/index.html",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(relative(from, to), relative_ref(from, to), "{from} -> {to}");
            }
            for rel in [
                "x.html",
                "../x.html",
                "../../x.html",
                "../../../x.html",
                "./a/../b/",
                "",
                ".",
                "a//b",
                "../a/b/../../c",
            ] {
                assert_eq!(resolve(from, rel), resolve_ref(from, rel), "{from} + {rel}");
            }
        }
    }
}
