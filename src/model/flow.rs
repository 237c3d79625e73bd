//! The items of a data file written as one flow list, `[{id: R-1, …}, {id: R-2, …}]`, found
//! without a YAML parser so that a mistake in one item leaves its siblings readable, as it does
//! in a block list. The scan only has to find where items start and end; reading them is the
//! parser's job. When in doubt it gives up (`None`) and the file is read as a whole.

use std::ops::Range;

/// A character outside quotes and comments, with the nesting depth before it.
struct Sig {
    at: usize,
    c: u8,
    depth: usize,
}

/// The significant characters of `text` from `from` on. A quote opens a quoted scalar only where
/// a node can start (after `[`, `{`, `,`, `:` or `?`), so the apostrophe in `Bürger's` does not;
/// `#` starts a comment only after a space or at a line start. `None` for an unclosed quote.
fn significant(text: &str, from: usize) -> Option<Vec<Sig>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut prev: u8 = b'[';
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' if matches!(prev, b'[' | b'{' | b',' | b':' | b'?') => {
                let start = i;
                i += 1;
                loop {
                    match (b.get(i), b.get(i + 1)) {
                        (None, _) => return None,
                        (Some(b'\\'), Some(_)) if c == b'"' => i += 2,
                        (Some(b'\''), Some(b'\'')) if c == b'\'' => i += 2,
                        (Some(&q), _) if q == c => break,
                        _ => i += 1,
                    }
                }
                // the whole quoted scalar counts as one character of its own
                out.push(Sig {
                    at: start,
                    c: b'q',
                    depth,
                });
                prev = b'q';
            }
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            c => {
                if matches!(c, b']' | b'}') {
                    depth = depth.saturating_sub(1);
                }
                out.push(Sig { at: i, c, depth });
                if matches!(c, b'[' | b'{') {
                    depth += 1;
                }
                prev = c;
            }
        }
        i += 1;
    }
    Some(out)
}

/// Byte ranges of the items of a root flow list whose items are all flow mappings; `None` when
/// the file is not such a list or does not scan cleanly.
pub fn items(text: &str) -> Option<Vec<Range<usize>>> {
    let open = first_content(text)?;
    if text.as_bytes()[open] != b'[' {
        return None;
    }
    let sig = significant(text, open)?;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut closed = false;
    for s in sig.iter().skip(1) {
        if closed {
            return None; // anything after the closing `]`
        }
        // (a closing bracket carries the depth of its opening one)
        let separator = s.depth == 1 && s.c == b',';
        let close = s.depth == 0 && s.c == b']';
        if separator || close {
            if let Some(st) = start.take() {
                out.push(st..last_end);
            }
            closed = close;
            continue;
        }
        if s.depth == 0 {
            return None;
        }
        start.get_or_insert(s.at);
        last_end = match s.c {
            b'q' => quoted_end(text, s.at),
            _ => s.at + 1,
        };
    }
    let mappings = out.iter().all(|r| {
        let t = &text.as_bytes()[r.clone()];
        t.first() == Some(&b'{') && t.last() == Some(&b'}')
    });
    (closed && mappings && !out.is_empty()).then_some(out)
}

fn quoted_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let q = b[at];
    let mut i = at + 1;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', Some(_)) if q == b'"' => i += 2,
            (b'\'', Some(b'\'')) if q == b'\'' => i += 2,
            (c, _) if c == q => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Offset of the first character that is not blank, a comment, `---` or a directive.
fn first_content(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let skip = t.trim().is_empty() || t.starts_with('#') || t.starts_with('%');
        if !skip {
            let rest = t.strip_prefix("---").unwrap_or(t);
            let lead = line.len() - rest.trim_start().len();
            if !rest.trim().is_empty() && !rest.trim_start().starts_with('#') {
                return Some(offset + lead);
            }
        }
        offset += line.len();
    }
    None
}

/// The whole file with everything outside `item` blanked (line breaks kept, every other byte a
/// space), so that lines, columns and byte offsets stay those of the file.
pub fn isolate(text: &str, item: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if item.contains(&i) || c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

/// `text` with the entry of a flow mapping that starts at `line`:`col` (1-based, in characters)
/// blanked up to and with its comma, and the entry's key: how a mistake in one entry is set aside
/// so that the rest of the record can still be checked.
pub fn set_aside(text: &str, line: usize, col: usize) -> Option<(String, String)> {
    let start = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let here = text[start..].split('\n').next()?;
    let from = start + here.char_indices().nth(col.checked_sub(1)?)?.0;
    let key = text[from..].split(':').next()?.trim().to_string();
    if key.is_empty() || key.contains(['{', '}', ',', '[', ']']) {
        return None;
    }
    let mut open = 0usize;
    let mut end = None;
    for s in significant(text, from)? {
        match s.c {
            b'[' | b'{' => open += 1,
            b']' | b'}' if open == 0 => {
                end = Some(s.at);
                break;
            }
            b']' | b'}' => open -= 1,
            b',' if open == 0 => {
                end = Some(s.at + 1);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    Some((isolate_out(text, from..end), key))
}

/// `text` with `range` blanked (line breaks kept).
fn isolate_out(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if range.contains(&i) && c != '\n' && c != '\r' {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// The `id` of one isolated flow mapping: its value at the mapping's own level.
pub fn id(item: &str) -> Option<String> {
    let open = first_content(item)?;
    let sig = significant(item, open)?;
    for (n, s) in sig.iter().enumerate() {
        let after_sep = n > 0 && matches!(sig[n - 1].c, b'{' | b',') && sig[n - 1].depth == 0;
        if after_sep && s.depth == 1 && item[s.at..].starts_with("id:") {
            let rest = &item[s.at + 3..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            let v = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Option<Vec<&str>> {
        items(t).map(|v| v.into_iter().map(|r| &t[r]).collect())
    }

    #[test]
    fn finds_the_items_of_a_flow_list() {
        let t = "# Kopf\n[{id: a, t: [1, 2]}, {id: b,\n  t: \"x, y]\"},\n {id: c, t: 'it''s'}]\n";
        assert_eq!(
            split(t).unwrap(),
            [
                "{id: a, t: [1, 2]}",
                "{id: b,\n  t: \"x, y]\"}",
                "{id: c, t: 'it''s'}"
            ]
        );
        // an apostrophe inside a plain scalar is not a quote
        let t = "[{id: a, title: Bürger's Amt}, {id: b, title: Amt's}]";
        assert_eq!(split(t).unwrap().len(), 2);
        // a comment may hold brackets
        let t = "[ # Liste ]\n  {id: a}, # {\n  {id: b},\n]\n";
        assert_eq!(split(t).unwrap(), ["{id: a}", "{id: b}"]);
        assert_eq!(split("---\n[{id: a}]").unwrap(), ["{id: a}"]);
    }

    #[test]
    fn gives_up_when_in_doubt() {
        for t in [
            "- id: a\n",
            "[{id: a}, {id: b}",
            "[{id: a}, {id: \"b}]",
            "[{id: a}] x",
            "[a, b]",
            "[]",
            "id: a\n",
        ] {
            assert_eq!(split(t), None, "{t:?}");
        }
    }

    #[test]
    fn an_isolated_item_keeps_its_place() {
        let t = "[{id: ä, x: 1},\n {id: b}]\n";
        let r = items(t).unwrap();
        let one = isolate(t, r[1].clone());
        assert_eq!(one.len(), t.len());
        assert_eq!(one.lines().nth(1), Some(" {id: b} "));
        assert_eq!(id(&one).as_deref(), Some("b"));
        let first = isolate(t, r[0].clone());
        assert_eq!(id(&first).as_deref(), Some("ä"));
        assert_eq!(id("{title: x, sub: {id: no}}"), None);
        assert_eq!(id("{ id: \"R-1\" }").as_deref(), Some("R-1"));
    }

    #[test]
    fn an_entry_is_set_aside_with_its_comma() {
        let t = "  {id: a, stauts: [x, y], t: 'a, b'}";
        let (out, key) = set_aside(t, 1, 11).unwrap();
        assert_eq!(key, "stauts");
        assert_eq!(out, "  {id: a,                 t: 'a, b'}");
        let (out, _) = set_aside(t, 1, 27).unwrap();
        assert_eq!(out, "  {id: a, stauts: [x, y],          }");
        assert_eq!(set_aside(t, 1, 3), None, "not an entry");
    }
}
