//! The privacy gate: nothing published may make a visitor's browser contact another host
//! (design §4, DSGVO). Pages are read with a WHATWG tokenizer (html5gum), so quoting, line
//! breaks inside tags, upper case and character references (`&#104;ttps:`) read as a browser
//! reads them; stylesheets with [`super::css`].

use std::borrow::Cow;
use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::css;

/// What a finding makes the browser do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum What {
    Loads,
    SendsForm,
    Redirects,
    SetsBase,
}

/// One URL to another host: byte range in the scanned file, the URL as the browser reads it,
/// and the construct it stands in (`<link href>`, `url()`, …).
#[derive(Debug)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub url: String,
    pub what: What,
    pub how: String,
}

#[derive(Default)]
pub struct Scan {
    pub findings: Vec<Finding>,
    /// `href` and `src` values, for the link check.
    pub links: Vec<String>,
}

/// Schemes that name no host. Anything else with a scheme (`http:`, `HTTPS:`, `ftp:`, `ws:`,
/// or one not known here) is treated as leaving the site.
const LOCAL_SCHEMES: [&str; 7] = [
    "data",
    "about",
    "blob",
    "javascript",
    "mailto",
    "tel",
    "sms",
];

/// The scheme of `url`, if it has one (`HTTPS` in `HTTPS://x`).
pub fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let s = &url[..end];
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

/// `url` as the URL parser reads it: without leading and trailing C0 controls and spaces, and
/// without any tab or newline inside (`ht\ntps://x` is `https://x`).
pub fn as_read(url: &str) -> Cow<'_, str> {
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.contains(['\t', '\n', '\r']) {
        url.chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .into()
    } else {
        url.into()
    }
}

/// Whether the browser would fetch `url` from somewhere other than this site.
pub fn leaves_site(url: &str) -> bool {
    let url = as_read(url);
    let b = url.as_bytes();
    // `//host/x`; browsers read `\` as `/` in web URLs, so `\\host` and `/\host` too
    if b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') {
        return true;
    }
    scheme(&url).is_some_and(|s| !LOCAL_SCHEMES.iter().any(|l| s.eq_ignore_ascii_case(l)))
}

/// The URLs of every stylesheet construct in `css` that leaves the site; `how` prefixes the
/// construct name (for CSS inside HTML).
pub fn scan_css(css: &[u8], prefix: &str, out: &mut Vec<Finding>) {
    for u in css::urls(css) {
        if leaves_site(&u.url) {
            out.push(Finding {
                start: u.start,
                end: u.end,
                url: as_read(&u.url).into_owned(),
                what: What::Loads,
                how: format!("{prefix}{}", u.how),
            });
        }
    }
}

/// Where findings of a scanned text sit in the file: offset by `base`, or, for text that was
/// decoded from an attribute (`srcdoc`), at that attribute as a whole.
#[derive(Clone, Copy)]
struct Place {
    base: usize,
    fixed: Option<(usize, usize)>,
}

impl Place {
    fn range(self, start: usize, end: usize) -> (usize, usize) {
        self.fixed.unwrap_or((self.base + start, self.base + end))
    }
}

/// The attributes the gate reads; the others (`class`, `id`, `aria-*`, …) are not copied.
const READ: [&[u8]; 17] = [
    b"href",
    b"xlink:href",
    b"src",
    b"srcset",
    b"imagesrcset",
    b"poster",
    b"background",
    b"ping",
    b"manifest",
    b"data",
    b"action",
    b"formaction",
    b"content",
    b"http-equiv",
    b"rel",
    b"style",
    b"srcdoc",
];

struct Attr {
    name: &'static [u8],
    value: Vec<u8>,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum RawText {
    Style,
    Noscript,
}

pub fn scan_html(html: &[u8]) -> Scan {
    let mut scan = Scan::default();
    scan_at(
        html,
        Place {
            base: 0,
            fixed: None,
        },
        &mut scan,
    );
    scan
}

fn scan_at(html: &[u8], place: Place, scan: &mut Scan) {
    let mut tag: Vec<u8> = Vec::new();
    let mut attrs: Vec<Attr> = Vec::new();
    let mut raw: Option<RawText> = None;
    // whether the value that follows belongs to an attribute in `attrs`
    let mut reading = false;
    // markup to read once more: `<noscript>` (raw text to the tokenizer, markup to a browser
    // without JavaScript) and `<iframe srcdoc>`
    let mut nested: Vec<(Vec<u8>, Place)> = Vec::new();
    {
        let mut emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
                match event {
                    CallbackEvent::OpenStartTag { name } => {
                        tag.clear();
                        tag.extend_from_slice(name);
                        attrs.clear();
                        raw = None;
                        reading = false;
                    }
                    CallbackEvent::AttributeName { name } => {
                        reading = false;
                        if let Some(known) = READ.iter().find(|r| **r == name) {
                            reading = true;
                            attrs.push(Attr {
                                name: known,
                                value: Vec::new(),
                                start: span.end,
                                end: span.end,
                            });
                        }
                    }
                    CallbackEvent::AttributeValue { value } => {
                        if reading && let Some(a) = attrs.last_mut() {
                            a.value.extend_from_slice(value);
                            a.start = span.start;
                            a.end = span.end;
                        }
                    }
                    CallbackEvent::CloseStartTag { .. } => {
                        on_tag(html, &tag, &attrs, place, scan, &mut nested);
                        raw = match tag.as_slice() {
                            b"style" => Some(RawText::Style),
                            b"noscript" => Some(RawText::Noscript),
                            _ => None,
                        };
                        attrs.clear();
                    }
                    CallbackEvent::EndTag { .. } => {
                        raw = None;
                        attrs.clear();
                    }
                    CallbackEvent::String { value } => match raw {
                        Some(RawText::Style) => {
                            let mut found = Vec::new();
                            scan_css(value, "<style> ", &mut found);
                            for mut f in found {
                                (f.start, f.end) =
                                    place.range(span.start + f.start, span.start + f.end);
                                scan.findings.push(f);
                            }
                        }
                        Some(RawText::Noscript) => nested.push((
                            value.to_vec(),
                            Place {
                                base: place.base + span.start,
                                fixed: place.fixed,
                            },
                        )),
                        None => {}
                    },
                    _ => {}
                }
                None
            },
        );
        emitter.naively_switch_states(true);
        let _ = Tokenizer::new_with_emitter(html, emitter).finish();
    }
    for (inner, place) in nested {
        scan_at(&inner, place, scan);
    }
}

/// `<link rel>` values that only describe a relation: the browser fetches nothing for them.
const LINK_NAVIGATION: [&str; 11] = [
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "prev",
    "tag",
];

fn link_loads(rel: Option<&Attr>) -> bool {
    let Some(rel) = rel else { return true };
    let rel = String::from_utf8_lossy(&rel.value);
    let mut tokens = rel.split_ascii_whitespace().peekable();
    tokens.peek().is_none()
        || !tokens.all(|t| LINK_NAVIGATION.iter().any(|n| t.eq_ignore_ascii_case(n)))
}

fn on_tag(
    html: &[u8],
    tag: &[u8],
    attrs: &[Attr],
    place: Place,
    scan: &mut Scan,
    nested: &mut Vec<(Vec<u8>, Place)>,
) {
    let get = |n: &[u8]| attrs.iter().find(|a| a.name == n);
    let tag_name = String::from_utf8_lossy(tag);
    for a in attrs {
        let value = String::from_utf8_lossy(&a.value);
        let attr_name = String::from_utf8_lossy(a.name);
        // Parts of a value (srcset candidates, CSS) can be placed exactly only where decoding
        // changed nothing; otherwise they point at the whole value.
        let verbatim = html.get(a.start..a.end) == Some(a.value.as_slice());
        let mut found = |what: What, url: &str, start: usize, end: usize| {
            if leaves_site(url) {
                let (start, end) = if verbatim {
                    (a.start + start, a.start + end)
                } else {
                    (a.start, a.end)
                };
                let (start, end) = place.range(start, end);
                scan.findings.push(Finding {
                    start,
                    end,
                    url: as_read(url).into_owned(),
                    what,
                    how: format!("<{tag_name} {attr_name}>"),
                });
            }
        };
        let whole = a.value.len();
        match (a.name, tag) {
            (b"href" | b"xlink:href", b"a" | b"area") => {}
            (b"href" | b"xlink:href", b"link") if link_loads(get(b"rel")) => {
                found(What::Loads, &value, 0, whole)
            }
            (b"href" | b"xlink:href", b"link") => {}
            (b"href" | b"xlink:href", b"base") => found(What::SetsBase, &value, 0, whole),
            // SVG <image>, <use>, <feImage>, <script> and anything else that fetches what it names
            (b"href" | b"xlink:href", _)
            | (b"src" | b"poster" | b"background" | b"ping" | b"manifest", _)
            | (b"data", b"object") => found(What::Loads, &value, 0, whole),
            (b"srcset" | b"imagesrcset", _) => {
                for (s, e) in srcset_urls(&value) {
                    found(What::Loads, &value[s..e], s, e);
                }
            }
            (b"action", b"form") | (b"formaction", _) => found(What::SendsForm, &value, 0, whole),
            (b"content", b"meta")
                if get(b"http-equiv").is_some_and(|h| h.value.eq_ignore_ascii_case(b"refresh")) =>
            {
                if let Some((s, e)) = refresh_url(&value) {
                    found(What::Redirects, &value[s..e], s, e);
                }
            }
            (b"style", _) => {
                for u in css::urls(&a.value) {
                    found(What::Loads, &u.url, u.start, u.end);
                }
            }
            (b"srcdoc", b"iframe") => nested.push((
                a.value.clone(),
                Place {
                    base: 0,
                    fixed: Some(place.range(a.start, a.end)),
                },
            )),
            _ => {}
        }
        // <base href> is no link to a page: it is where the page's links resolve from (the
        // 404 page's output path; a base to another host is a finding above)
        if (a.name == b"href" && tag != b"base") || a.name == b"src" {
            scan.links.push(value.into_owned());
        }
    }
}

/// Byte ranges of the URLs of a `srcset` (WHATWG "parse a srcset attribute"): candidates are
/// separated by commas, but a URL may contain commas itself (`data:` URLs do).
fn srcset_urls(v: &str) -> Vec<(usize, usize)> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        if end > start && b[end - 1] == b',' {
            while end > start && b[end - 1] == b',' {
                end -= 1;
            }
        } else {
            // descriptors up to the next comma outside parentheses
            let mut depth = 0;
            while i < b.len() && !(b[i] == b',' && depth == 0) {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
        }
        if end > start {
            out.push((start, end));
        }
    }
    out
}

/// The byte range of the URL in a `<meta http-equiv=refresh content>` value (WHATWG "shared
/// declarative refresh steps"), if it names one: `0;url='x'`, `0, URL = x`, `0; x`.
fn refresh_url(v: &str) -> Option<(usize, usize)> {
    let b = v.as_bytes();
    let ws = |i: &mut usize| {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    let mut i = 0;
    ws(&mut i);
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    ws(&mut i);
    if i < b.len() && (b[i] == b';' || b[i] == b',') {
        i += 1;
    }
    ws(&mut i);
    if b.len() >= i + 3 && b[i..i + 3].eq_ignore_ascii_case(b"url") {
        let mut j = i + 3;
        ws(&mut j);
        if j < b.len() && b[j] == b'=' {
            i = j + 1;
            ws(&mut i);
        }
    }
    let mut end = b.len();
    if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
        let q = b[i];
        i += 1;
        end = b[i..]
            .iter()
            .position(|&c| c == q)
            .map_or(b.len(), |p| i + p);
    }
    while end > i && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (end > i).then_some((i, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_leaves_the_site() {
        for url in [
            "https://x.example/a.css",
            "HTTPS://x.example/",
            "Http://x.example/",
            "//x.example/a.js",
            " \t//x.example/a.js",
            "\\\\x.example/a.js",
            "/\\x.example/a.js",
            "ht\ntps://x.example/",
            "ftp://x.example/",
            "wss://x.example/",
        ] {
            assert!(leaves_site(url), "{url:?}");
        }
        for url in [
            "assets/a.css",
            "../index.html#x",
            "/assets/a.css",
            "data:image/png;base64,AAAA",
            "DATA:image/svg+xml,<svg/>",
            "#top",
            "mailto:a@b.example",
            "?q=https://x.example/",
            "a/https://x.example",
            "",
        ] {
            assert!(!leaves_site(url), "{url:?}");
        }
    }

    #[test]
    fn srcset_candidates() {
        // as a browser reads it: the URL runs to the next whitespace, commas included
        let v = "a.png 1x, https://x.example/b.png 2x,data:image/png;base64,QQ== 3x,c.png";
        let got: Vec<&str> = srcset_urls(v).into_iter().map(|(s, e)| &v[s..e]).collect();
        assert_eq!(
            got,
            [
                "a.png",
                "https://x.example/b.png",
                "data:image/png;base64,QQ==",
                "c.png"
            ]
        );
    }

    #[test]
    fn refresh_targets() {
        for (v, want) in [
            ("0;url=https://x.example/", Some("https://x.example/")),
            ("0; URL = 'https://x.example/' ", Some("https://x.example/")),
            ("5, https://x.example/", Some("https://x.example/")),
            ("30", None),
        ] {
            assert_eq!(refresh_url(v).map(|(s, e)| &v[s..e]), want, "{v}");
        }
    }

    #[test]
    fn ranges_point_at_the_value_in_the_page() {
        let html = b"<p>x</p>\n<link rel='stylesheet'\n  href=https://x.example/a.css>";
        let s = scan_html(html);
        assert_eq!(s.findings.len(), 1);
        let f = &s.findings[0];
        assert_eq!(&html[f.start..f.end], b"https://x.example/a.css");
        assert_eq!(f.how, "<link href>");
    }
}
