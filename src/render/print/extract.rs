//! A rendered page's `<main>` rewritten for its place in the print edition: what works only on
//! screen dropped, headings moved down to the page's depth, ids made unique in the document,
//! links pointed at the sections that hold their targets.
//!
//! The pages are read with a WHATWG tokenizer (html5gum), as the checks read them, so entities,
//! quoting and raw text are understood as a browser understands them.

use std::collections::{BTreeMap, BTreeSet};

use html5gum::{Token, Tokenizer};

use super::links::{self, Href};
use super::svg_case;

/// How one page is rewritten.
pub struct Place<'a> {
    /// The page's output path (`risiken/r-001/index.html`): relative links start here.
    pub out: &'a str,
    /// The page's section id in the document; every id of the page is prefixed with it.
    pub anchor: &'a str,
    /// Added to every heading level (h1 + 2 → h3), capped at h6.
    pub shift: u8,
    /// Put before the text of the page's first h1 ("3.2").
    pub number: &'a str,
}

/// What the rest of the document knows when a page is rewritten.
pub struct Document<'a> {
    /// Output path → (section anchor, section number) of every page in the document.
    pub sections: &'a BTreeMap<String, (String, String)>,
    /// The output's published address (`https://…/`), printed after links to files outside
    /// the document.
    pub address: Option<&'a str>,
    /// "siehe" before a section number.
    pub see: &'a str,
}

/// Elements that exist for the screen only (with all they contain).
const DROPPED: [&str; 9] = [
    "nav", "script", "style", "template", "noscript", "dialog", "iframe", "object", "embed",
];

/// Classes of elements dropped with all they contain: the video's consent placeholder and its
/// notice about loading from YouTube, which means nothing on paper.
const DROPPED_CLASSES: [&str; 2] = ["video-consent__placeholder", "video-consent__notice"];

/// Attributes whose value is one id or a list of ids.
const IDREFS: [&str; 12] = [
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-details",
    "aria-errormessage",
    "aria-activedescendant",
    "aria-flowto",
];

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

fn tokens(html: &str) -> impl Iterator<Item = Token> + '_ {
    let mut emitter = html5gum::emitters::default::DefaultEmitter::default();
    // <title> inside charts and <textarea> are text, not markup.
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, emitter)
        .flatten()
        .skip_while(|t| !matches!(t, Token::StartTag(s) if &*s.name == b"main"))
        .skip(1)
        .take_while(|t| !matches!(t, Token::EndTag(e) if &*e.name == b"main"))
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

fn dropped(tag: &html5gum::StartTag<()>) -> bool {
    let name = text(&tag.name);
    DROPPED.contains(&name)
        || tag.attributes.contains_key(b"hidden".as_slice())
        || tag.attributes.get(b"class".as_slice()).is_some_and(|c| {
            text(&c.value)
                .split_ascii_whitespace()
                .any(|c| DROPPED_CLASSES.contains(&c))
        })
}

/// Walks the tokens of `<main>`, calling `f` for every token outside a dropped element.
fn walk(html: &str, mut f: impl FnMut(&Token, bool)) {
    // (name, depth of same-named elements) of the element being skipped
    let mut skipping: Option<(Vec<u8>, usize)> = None;
    let mut svg_depth = 0usize;
    for t in tokens(html) {
        if let Some((name, depth)) = &mut skipping {
            match &t {
                Token::StartTag(s) if s.name.as_slice() == name.as_slice() && !s.self_closing => {
                    *depth += 1
                }
                Token::EndTag(e) if e.name.as_slice() == name.as_slice() => {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match &t {
            Token::StartTag(s) if dropped(s) => {
                let void = VOID.contains(&text(&s.name)) || s.self_closing;
                if !void {
                    skipping = Some((s.name.to_vec(), 1));
                }
                continue;
            }
            Token::StartTag(s) if &*s.name == b"svg" && !s.self_closing => svg_depth += 1,
            Token::EndTag(e) if &*e.name == b"svg" => svg_depth = svg_depth.saturating_sub(1),
            _ => {}
        }
        f(&t, svg_depth > 0);
    }
}

/// A page's section as rewritten, but for the links to ids of sections, which are known only
/// once every page has been read: they stand as `\0n\0` for `deferred[n]` until [`finish`].
pub struct Rewritten {
    pub html: String,
    /// The ids the page keeps (those outside dropped elements), unprefixed.
    pub ids: BTreeSet<String>,
    deferred: Vec<(String, String)>,
}

/// The `href` of a link to the id `fragment` of the section `anchor`: the id if the section
/// keeps it, else the section.
pub fn section_href(
    anchor: &str,
    fragment: &str,
    ids: &BTreeMap<String, BTreeSet<String>>,
) -> String {
    if ids.get(anchor).is_some_and(|k| k.contains(fragment)) {
        format!("#{anchor}__{fragment}")
    } else {
        format!("#{anchor}")
    }
}

#[cfg(test)]
pub fn href(h: &Href, ids: &BTreeMap<String, BTreeSet<String>>) -> String {
    match h {
        Href::Fixed(s) => s.clone(),
        Href::Section { anchor, fragment } => section_href(anchor, fragment, ids),
    }
}

/// The section's final text, with every deferred link resolved against the ids of all pages.
pub fn finish(r: Rewritten, ids: &BTreeMap<String, BTreeSet<String>>) -> String {
    if r.deferred.is_empty() {
        return r.html;
    }
    let mut out = String::with_capacity(r.html.len() + r.deferred.len() * 16);
    // Text and attribute values never hold a NUL (see `escape_text`): every one is ours.
    for (i, part) in r.html.split('\0').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else if let Some((anchor, fragment)) =
            part.parse::<usize>().ok().and_then(|n| r.deferred.get(n))
        {
            escape_attr(&section_href(anchor, fragment, ids), &mut out);
        }
    }
    out
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// The page's `<main>`, rewritten for its place in the document.
pub fn rewrite(html: &str, place: &Place<'_>, doc: &Document<'_>) -> Rewritten {
    let mut out = String::with_capacity(html.len() / 2);
    let mut ids = BTreeSet::new();
    let mut deferred: Vec<(String, String)> = Vec::new();
    let prefix = |id: &str| format!("{}__{id}", place.anchor);
    let mut numbered = place.number.is_empty();
    // What to write after the link being written (the section number of its target).
    let mut pending: Vec<Option<String>> = Vec::new();
    walk(html, |t, in_svg| match t {
        Token::StartTag(s) => {
            let raw = text(&s.name);
            let mut name = match heading_level(raw) {
                Some(l) => format!("h{}", (l + place.shift).min(6)),
                None if in_svg => svg_case::element(raw).to_string(),
                None => raw.to_string(),
            };
            if raw == "button" {
                // Sort buttons hold a column's header text: keep the text, not the control.
                name = "span".into();
            }
            out.push('<');
            out.push_str(&name);
            // (name, value, value is a placeholder of ours and goes out unescaped)
            let mut attrs: Vec<(String, String, bool)> = Vec::with_capacity(s.attributes.len() + 1);
            for (k, v) in &s.attributes {
                let k = text(k);
                let v = text(&v.value);
                // Script hooks (`data-checklist`, `data-video` …) would wake the site's scripts'
                // expectations; `data-label` names a stacked table's cells on narrow screens.
                if (k.starts_with("data-") && k != "data-label")
                    || (raw == "button" && matches!(k, "type" | "aria-describedby" | "disabled"))
                {
                    continue;
                }
                if matches!(k, "src" | "srcset" | "poster" | "style")
                    && links::loads_elsewhere(k, v)
                {
                    continue;
                }
                let mut placeholder = false;
                let v = if k == "id" {
                    ids.insert(v.to_string());
                    prefix(v)
                } else if IDREFS.contains(&k) {
                    v.split_ascii_whitespace()
                        .map(prefix)
                        .collect::<Vec<_>>()
                        .join(" ")
                } else if k == "href" && !in_svg && matches!(raw, "a" | "area") {
                    let (href, after) = links::rewrite(v, place, doc);
                    if raw == "a" {
                        pending.push(after);
                    }
                    match href {
                        Href::Fixed(h) => h,
                        Href::Section { anchor, fragment } => {
                            deferred.push((anchor, fragment));
                            placeholder = true;
                            format!("\0{}\0", deferred.len() - 1)
                        }
                    }
                } else if matches!(k, "src" | "poster") && !in_svg {
                    links::local(v, place.out)
                } else if in_svg && matches!(k, "href" | "xlink:href") && v.starts_with('#') {
                    format!("#{}", prefix(&v[1..]))
                } else if v.contains("url(#") {
                    v.replace("url(#", &format!("url(#{}__", place.anchor))
                } else {
                    v.to_string()
                };
                let k = if in_svg {
                    svg_case::attribute(k).to_string()
                } else {
                    k.to_string()
                };
                attrs.push((k, v, placeholder));
            }
            if raw == "details" && !s.attributes.contains_key(b"open".as_slice()) {
                attrs.push(("open".into(), String::new(), false));
            }
            if raw == "a" && !s.attributes.contains_key(b"href".as_slice()) {
                pending.push(None);
            }
            for (k, v, placeholder) in attrs {
                out.push(' ');
                out.push_str(&k);
                if placeholder {
                    out.push_str("=\"");
                    out.push_str(&v);
                    out.push('"');
                } else if !v.is_empty() || k != "open" {
                    out.push_str("=\"");
                    escape_attr(&v, &mut out);
                    out.push('"');
                }
            }
            if s.self_closing && in_svg {
                out.push_str("/>");
            } else {
                out.push('>');
            }
            if !numbered && raw == "h1" {
                numbered = true;
                out.push_str("<span class=\"print-number\">");
                escape_text(place.number, &mut out);
                out.push_str("</span> ");
            }
        }
        Token::EndTag(e) => {
            let raw = text(&e.name);
            let name = match raw {
                "button" => "span".to_string(),
                _ => match heading_level(raw) {
                    Some(l) => format!("h{}", (l + place.shift).min(6)),
                    None if in_svg || raw == "svg" => svg_case::element(raw).to_string(),
                    None => raw.to_string(),
                },
            };
            out.push_str("</");
            out.push_str(&name);
            out.push('>');
            if raw == "a"
                && let Some(Some(after)) = pending.pop()
            {
                out.push_str(&after);
            }
        }
        Token::String(s) => escape_text(text(&s.value), &mut out),
        Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
    });
    Rewritten {
        html: out,
        ids,
        deferred,
    }
}
