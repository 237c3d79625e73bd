//! The URLs a stylesheet makes the browser fetch, read with the tokenization rules of CSS Syntax
//! Level 3 that matter for them: comments, both quotes, escapes (`u\72l(` is `url(`), any case.
//! A regex or substring search misses exactly the spellings a theme author can stumble into.

/// A URL a stylesheet loads: byte range in the stylesheet, the URL as the browser reads it, and
/// the construct it stands in.
#[derive(Debug, PartialEq, Eq)]
pub struct CssUrl {
    pub start: usize,
    pub end: usize,
    pub url: String,
    pub how: &'static str,
}

/// Every `url(…)`, `src("…")`, `@import "…"` and string in `image-set()` of `css`.
/// `@namespace url(…)` only names a namespace and is left out.
pub fn urls(css: &[u8]) -> Vec<CssUrl> {
    let mut found = Vec::new();
    // function names the scanner is inside of, innermost last ("" for a plain parenthesis)
    let mut functions: Vec<String> = Vec::new();
    let mut at_rule: Option<String> = None;
    let n = css.len();
    let mut i = 0;
    while i < n {
        let c = css[i];
        if c == b'/' && css.get(i + 1) == Some(&b'*') {
            i = memchr::memmem::find(&css[i + 2..], b"*/").map_or(n, |e| i + 2 + e + 2);
            continue;
        }
        if c == b'"' || c == b'\'' {
            let (value, end) = string(css, i);
            let how = match functions.last().map(String::as_str) {
                Some("url" | "src") => Some("url()"),
                Some("image-set" | "-webkit-image-set") => Some("image-set()"),
                None if at_rule.as_deref() == Some("import") => Some("@import"),
                _ => None,
            };
            if let Some(how) = how {
                found.push(CssUrl {
                    start: i,
                    end,
                    url: value,
                    how,
                });
            }
            i = end;
            continue;
        }
        if c == b'@' && starts_ident(css, i + 1) {
            let (name, end) = ident(css, i + 1);
            at_rule = Some(name.to_ascii_lowercase());
            i = end;
            continue;
        }
        if starts_ident(css, i) {
            let (name, end) = ident(css, i);
            if css.get(end) != Some(&b'(') {
                i = end;
                continue;
            }
            let name = name.to_ascii_lowercase();
            let mut k = end + 1;
            while k < n && is_space(css[k]) {
                k += 1;
            }
            if name == "url" && k < n && css[k] != b'"' && css[k] != b'\'' {
                let (value, close) = unquoted_url(css, k);
                if at_rule.as_deref() != Some("namespace") {
                    found.push(CssUrl {
                        start: i,
                        end: close,
                        url: value,
                        how: "url()",
                    });
                }
                i = close;
                continue;
            }
            if at_rule.as_deref() == Some("namespace") {
                functions.push(String::new());
            } else {
                functions.push(name);
            }
            i = end + 1;
            continue;
        }
        match c {
            b'(' => functions.push(String::new()),
            b')' => {
                functions.pop();
            }
            b'{' | b'}' | b';' => {
                at_rule = None;
                functions.clear();
            }
            // an escape that does not start an identifier still hides the next byte
            b'\\' => i += 1,
            _ => {}
        }
        i += 1;
    }
    found
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_name(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-'
}

fn valid_escape(css: &[u8], i: usize) -> bool {
    css.get(i) == Some(&b'\\') && css.get(i + 1).is_some_and(|&b| b != b'\n' && b != b'\r')
}

fn starts_ident(css: &[u8], i: usize) -> bool {
    match css.get(i) {
        Some(b'-') => {
            css.get(i + 1)
                .is_some_and(|&b| is_name_start(b) || b == b'-')
                || valid_escape(css, i + 1)
        }
        Some(&b) if is_name_start(b) => true,
        Some(b'\\') => valid_escape(css, i),
        _ => false,
    }
}

/// The escape at `i` (a backslash): the character it stands for and the index after it.
fn escape(css: &[u8], i: usize, out: &mut Vec<u8>) -> usize {
    let mut j = i + 1;
    let hex_end = (j..css.len().min(j + 6))
        .find(|&k| !css[k].is_ascii_hexdigit())
        .unwrap_or(css.len().min(j + 6));
    if hex_end > j {
        let code = std::str::from_utf8(&css[j..hex_end])
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(|c| if c == 0 { None } else { char::from_u32(c) })
            .unwrap_or('\u{fffd}');
        let mut buf = [0; 4];
        out.extend_from_slice(code.encode_utf8(&mut buf).as_bytes());
        j = hex_end;
        if j < css.len() && is_space(css[j]) {
            j += if css[j] == b'\r' && css.get(j + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        return j;
    }
    if let Some(&b) = css.get(j) {
        out.push(b);
        j += 1;
    }
    j
}

fn ident(css: &[u8], mut i: usize) -> (String, usize) {
    let mut out = Vec::new();
    while i < css.len() {
        if valid_escape(css, i) {
            i = escape(css, i, &mut out);
        } else if is_name(css[i]) {
            out.push(css[i]);
            i += 1;
        } else {
            break;
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

/// The string starting at the quote at `i`: its value and the index after its closing quote.
fn string(css: &[u8], i: usize) -> (String, usize) {
    let quote = css[i];
    let mut out = Vec::new();
    let mut j = i + 1;
    while j < css.len() {
        match css[j] {
            b if b == quote => {
                j += 1;
                break;
            }
            // an unescaped newline ends a (bad) string
            b'\n' => break,
            b'\\' => match css.get(j + 1) {
                Some(b'\n') => j += 2,
                Some(b'\r') => j += if css.get(j + 2) == Some(&b'\n') { 3 } else { 2 },
                Some(_) => j = escape(css, j, &mut out),
                None => j += 1,
            },
            b => {
                out.push(b);
                j += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), j)
}

/// An unquoted `url(` body starting at `i`: its value and the index after the closing `)`.
fn unquoted_url(css: &[u8], mut i: usize) -> (String, usize) {
    let mut out = Vec::new();
    while i < css.len() && css[i] != b')' {
        if valid_escape(css, i) {
            i = escape(css, i, &mut out);
        } else {
            out.push(css[i]);
            i += 1;
        }
    }
    while out.last().is_some_and(|&b| is_space(b)) {
        out.pop();
    }
    (
        String::from_utf8_lossy(&out).into_owned(),
        (i + 1).min(css.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(css: &str) -> Vec<(String, &'static str)> {
        urls(css.as_bytes())
            .into_iter()
            .map(|u| (u.url, u.how))
            .collect()
    }

    #[test]
    fn reads_every_spelling_of_a_url() {
        let css = r#"a{background:url(https://a.example/1.png)}
b{background:URL( "https://b.example/2.png" )}
c{background:url('https://c.example/3.png')}
d{background:u\72l(https://d.example/4.png)}
e{background:url(https\:\/\/e.example/5.png)}
f{background:image-set("https://f.example/6.png" 1x, url(g.png) 2x)}
@import "https://h.example/7.css";
@IMPORT url(https://i.example/8.css) screen;
@font-face{src:url("fonts/x.woff2") format("woff2")}
j{content:"https://prose.example/ is only text"}
/* url(https://comment.example/) */
@namespace svg url(http://www.w3.org/2000/svg);
k{background:src("https://k.example/9.png")}
l{background:url("https://l.\
example/10.png")}"#;
        assert_eq!(
            found(css),
            [
                ("https://a.example/1.png".to_string(), "url()"),
                ("https://b.example/2.png".into(), "url()"),
                ("https://c.example/3.png".into(), "url()"),
                ("https://d.example/4.png".into(), "url()"),
                ("https://e.example/5.png".into(), "url()"),
                ("https://f.example/6.png".into(), "image-set()"),
                ("g.png".into(), "url()"),
                ("https://h.example/7.css".into(), "@import"),
                ("https://i.example/8.css".into(), "url()"),
                ("fonts/x.woff2".into(), "url()"),
                ("https://k.example/9.png".into(), "url()"),
                ("https://l.example/10.png".into(), "url()"),
            ]
        );
    }

    #[test]
    fn ranges_point_at_the_url() {
        let css = b"a { b: url( x.png ) }";
        let u = &urls(css)[0];
        assert_eq!(&css[u.start..u.end], b"url( x.png )");
    }
}
