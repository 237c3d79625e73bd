//! What the index takes from a rendered page: reading the HTML.

use std::borrow::Cow;

/// What the index takes from one rendered page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Extract {
    /// `<h1>` in `<main>`, else `<title>`.
    pub title: String,
    pub description: Option<String>,
    /// Text of `<h2>`–`<h6>` in `<main>`.
    pub headings: String,
    /// Text of `<main>` without navigation, scripts, SVG, form controls and hidden parts
    /// (white space as in the page).
    pub body: String,
    /// The first paragraph of `<main>` outside figures and headers, with some substance.
    pub first_paragraph: Option<String>,
}

/// Elements whose content is left out of the body.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "script"
            | "style"
            | "template"
            | "svg"
            | "button"
            | "select"
            | "noscript"
            | "textarea"
    )
}

/// Elements that do not separate words.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Attributes of a start tag (`name="value"`, `name='value'`, `name=value`, `name`): the name
/// as written and the value before entity decoding. Borrowed, as most tags are only asked
/// whether they are hidden.
struct Attributes<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let s = self.s;
        let b = s.as_bytes();
        let mut i = self.i;
        while i < b.len() {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
                i += 1;
            }
            if start == i {
                i += 1;
                continue;
            }
            let name = &s[start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vs = i + 1;
                    i = vs;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = &s[vs..i.min(b.len())];
                    i += 1;
                } else {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &s[vs..i];
                }
            }
            self.i = i;
            return Some((name, value));
        }
        self.i = i;
        None
    }
}

fn attributes(s: &str) -> Attributes<'_> {
    Attributes { s, i: 0 }
}

/// Whether `hidden` (any case) occurs in a start tag at all: both attributes that hide an
/// element contain it, and most tags can so be passed without parsing their attributes.
fn mentions_hidden(attrs: &str) -> bool {
    let b = attrs.as_bytes();
    memchr::memchr2_iter(b'h', b'H', b).any(|i| {
        b.get(i..i + 6)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"hidden"))
    })
}

/// The decoded value of the first attribute `name` (lower case) of a start tag.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attributes(attrs)
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| decode_entities(v))
}

/// HTML character references: numeric ones and the named ones templates and Markdown produce.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = match end {
            Some(e) if rest[e..].starts_with(';') => {
                let name = &rest[1..e];
                let c = if let Some(num) = name.strip_prefix('#') {
                    let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        num.parse().ok()
                    };
                    v.and_then(char::from_u32).map(String::from)
                } else {
                    named_entity(name).map(String::from)
                };
                c.map(|c| (c, e + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "bdquo" => "„",
        "ldquo" => "“",
        "rdquo" => "”",
        "sbquo" => "‚",
        "lsquo" => "‘",
        "rsquo" => "’",
        "laquo" => "«",
        "raquo" => "»",
        "euro" => "€",
        "sect" => "§",
        "copy" => "©",
        "middot" => "·",
        "times" => "×",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        _ => return None,
    })
}

/// Collapse whitespace runs to one space, trim.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Position of `</name` (any case) in `s`.
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&b[from..], b"</") {
        let at = from + i;
        let start = at + 2;
        if b.len() >= start + name.len()
            && b[start..start + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(at);
        }
        from = start;
    }
    None
}

/// Read one rendered page.
pub fn extract(html: &str) -> Extract {
    let mut x = Extract::default();
    let mut title_tag = String::new();
    let mut in_title = false;
    let mut main_depth = 0usize;
    // (tag, depth) of an element whose content is left out
    let mut skip: Option<(String, usize)> = None;
    let mut h1: Option<String> = None;
    let mut in_h1 = false;
    let mut in_heading = false;
    let mut figure_or_header = 0usize;
    let mut para: Option<String> = None;
    let mut body = String::new();
    let mut headings = String::new();

    let mut rest = html;
    loop {
        let lt = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        let text = &rest[..lt];
        if !text.is_empty() && (main_depth > 0 || in_title) && skip.is_none() {
            let t = decode_entities(text);
            if in_title {
                title_tag.push_str(&t);
            }
            if main_depth > 0 {
                body.push_str(&t);
                if in_h1 {
                    h1.get_or_insert_with(String::new).push_str(&t);
                }
                if in_heading {
                    headings.push_str(&t);
                }
                if let Some(p) = &mut para {
                    p.push_str(&t);
                }
            }
        }
        if lt >= rest.len() {
            break;
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = memchr::memmem::find(rest.as_bytes(), b"-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = memchr::memchr(b'>', rest.as_bytes()).map_or("", |e| &rest[e + 1..]);
            continue;
        }
        // a tag: name, then attributes up to the closing `>` outside quotes
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest.as_bytes()[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            // a lone `<` in text
            if main_depth > 0 && skip.is_none() {
                body.push('<');
            }
            rest = &rest[1..];
            continue;
        }
        let raw_name = &rest[name_start..name_start + name_len];
        let name: Cow<str> = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw_name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw_name)
        };
        let name: &str = &name;
        // the end of the tag: the first `>` outside a quoted value (memchr, not byte by byte:
        // the example plan's tables carry many attributes)
        let mut i = name_start + name_len;
        let bytes = rest.as_bytes();
        while let Some(k) = memchr::memchr3(b'"', b'\'', b'>', &bytes[i..]) {
            let at = i + k;
            if bytes[at] == b'>' {
                i = at;
                break;
            }
            i = memchr::memchr(bytes[at], &bytes[at + 1..]).map_or(bytes.len(), |e| at + e + 2);
        }
        if i < bytes.len() && bytes[i] != b'>' {
            i = bytes.len();
        }
        let attrs_str = &rest[name_start + name_len..i.min(rest.len())];
        rest = if i < rest.len() { &rest[i + 1..] } else { "" };
        let self_closing = attrs_str.trim_end().ends_with('/');

        // raw text elements: jump over their content
        if !closing && (name == "script" || name == "style") && !self_closing {
            rest = find_end_tag(rest, name).map_or("", |e| &rest[e..]);
            continue;
        }

        if let Some((tag, depth)) = &mut skip {
            if *tag == name && !self_closing {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }

        if closing {
            match name {
                "title" => in_title = false,
                // <title> and <meta> are read: skip the site header and menu
                "head" if main_depth == 0 => {
                    rest =
                        memchr::memmem::find(rest.as_bytes(), b"<main").map_or("", |i| &rest[i..]);
                    continue;
                }
                "main" => {
                    main_depth = main_depth.saturating_sub(1);
                    if main_depth == 0 {
                        break; // the footer is not indexed
                    }
                }
                "h1" => in_h1 = false,
                "h2" | "h3" | "h4" | "h5" | "h6" => {
                    in_heading = false;
                    headings.push(' ');
                }
                "figure" | "header" | "figcaption" => {
                    figure_or_header = figure_or_header.saturating_sub(1)
                }
                "p" => {
                    if let Some(p) = para.take() {
                        let p = squash(&p);
                        if x.first_paragraph.is_none() && p.chars().count() >= 20 {
                            x.first_paragraph = Some(p);
                        }
                    }
                }
                _ => {}
            }
        } else {
            match name {
                "title" => in_title = true,
                "meta" if attribute(attrs_str, "name").as_deref() == Some("description") => {
                    if let Some(c) = attribute(attrs_str, "content") {
                        x.description = Some(squash(&c));
                    }
                }
                "main" => main_depth += 1,
                _ => {}
            }
            if main_depth > 0
                && !is_void(name)
                && !self_closing
                && (is_skipped(name)
                    || (mentions_hidden(attrs_str)
                        && (attributes(attrs_str).any(|(k, _)| k.eq_ignore_ascii_case("hidden"))
                            || attribute(attrs_str, "aria-hidden").as_deref() == Some("true"))))
            {
                skip = Some((name.to_string(), 1));
                continue;
            }
            match name {
                "h1" if h1.is_none() => {
                    in_h1 = true;
                    h1 = Some(String::new());
                }
                "h2" | "h3" | "h4" | "h5" | "h6" => in_heading = true,
                "figure" | "header" | "figcaption" => figure_or_header += 1,
                "p" if main_depth > 0 && figure_or_header == 0 && x.first_paragraph.is_none() => {
                    para = Some(String::new());
                }
                _ => {}
            }
        }
        // block boundaries separate words; inline tags do not
        if main_depth > 0 && !is_inline(name) {
            body.push(' ');
            if in_h1 && let Some(h) = &mut h1 {
                h.push(' ');
            }
            if in_heading {
                headings.push(' ');
            }
            if let Some(p) = &mut para {
                p.push(' ');
            }
        }
    }
    x.title = h1
        .map(|h| squash(&h))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| squash(&title_tag));
    x.headings = squash(&headings);
    x.body = body;
    x
}

/// At most `max` characters, cut at a word boundary, with "…" when shortened.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = squash(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{EXCERPT_CHARS, stop_words, text_terms};
    use std::collections::BTreeSet;

    #[test]
    fn extract_reads_main_only() {
        let html = r#"<!DOCTYPE html><html><head><title>T – Site</title>
<meta name="description" content="Kurz &amp; gut"></head><body>
<header><nav>Menü Risiken</nav></header>
<main><h1>Ausfall der <span>Geräte</span></h1>
<nav class="toc">Inhalt Sprung</nav>
<figure><p>Bildunterschrift die lang genug ist für einen Absatz</p></figure>
<p>Erster richtiger Absatz mit Headset&shy;pflicht.</p>
<h2>Maß&shy;nahmen</h2><script>var x = "<p>nein</p>";</script>
<div hidden><p>versteckt</p></div><svg><text>Achse</text></svg>
</main><footer>Impressum</footer></body></html>"#;
        let x = extract(html);
        assert_eq!(x.title, "Ausfall der Geräte");
        assert_eq!(x.description.as_deref(), Some("Kurz & gut"));
        assert_eq!(x.headings, "Maß\u{ad}nahmen");
        assert_eq!(
            x.first_paragraph.as_deref(),
            Some("Erster richtiger Absatz mit Headset\u{ad}pflicht.")
        );
        for gone in ["Menü", "Sprung", "nein", "versteckt", "Achse", "Impressum"] {
            assert!(!x.body.contains(gone), "{gone} in {}", x.body);
        }
        let mut terms = BTreeSet::new();
        text_terms(&x.body, &stop_words(), &mut terms);
        assert!(terms.contains("headsetpflicht"), "{terms:?}");
        assert!(terms.contains("massnahm"), "{terms:?}");
    }

    #[test]
    fn extract_skips_quoted_gt_in_attributes() {
        let html = r#"<main><p title="a > b" data-x='c > d'>Erstens</p><a href="x" title='"e>f"'>Zweitens</a><p class="offen>Rest</p></main>"#;
        let x = extract(html);
        assert_eq!(squash(&x.body), "Erstens Zweitens");
        // an unclosed quote runs to the end of the document, as before
        assert!(!x.body.contains("Rest"));
    }

    #[test]
    fn excerpts_are_short() {
        let long = "Wort ".repeat(100);
        let e = excerpt(&long, EXCERPT_CHARS);
        assert!(e.chars().count() <= EXCERPT_CHARS, "{e}");
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("  kurz  und   gut ", 160), "kurz und gut");
    }
}
