//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Msg, Pos};
use crate::msg;

mod words;

use words::*;

fn options() -> serde_saphyr::Options {
    // `yes`/`on` must not silently become booleans; snippets are rendered by us.
    serde_saphyr::options! { strict_booleans: true, with_snippet: false }
}

/// Parse `text` (a whole file, or front matter starting at line `line_offset + 1`).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    display: &Path,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| convert_error(&e, text, display, line_offset))
}

/// Where a `Spanned` value sits, as a diagnostic position (absolute in the file).
pub fn pos_of(loc: &serde_saphyr::Location, text_len_hint: usize, line_offset: usize) -> Pos {
    Pos::new(
        loc.line() as usize + line_offset,
        loc.column() as usize,
        text_len_hint,
    )
}

/// Parse without turning errors into diagnostics (for scans whose errors the typed parse reports).
pub fn parse_raw<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, options())
}

pub(crate) fn convert_error(
    e: &serde_saphyr::Error,
    text: &str,
    display: &Path,
    line_offset: usize,
) -> Diagnostic {
    let inner = innermost(e);
    let (message, hint) = words(inner, text);
    let mut d = Diagnostic::error(message).in_file(display);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    if let Some(loc) = e.location().filter(|l| l.line() > 0) {
        let mut line = loc.line() as usize;
        let mut col = loc.column().max(1) as usize;
        let mut len = loc
            .span()
            .byte_offset()
            .zip(loc.span().byte_len())
            .and_then(|(off, len)| text.get(off as usize..(off + len) as usize))
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
        if matches!(inner, serde_saphyr::Error::SerdeMissingField { .. }) {
            // serde notices a missing key at the end of the mapping; the editor looks for it
            // where the mapping starts.
            (line, col) = mapping_start(text, line, col);
            len = 1;
        }
        d.pos = Some(Pos::new(line + line_offset, col, len));
        if let Some((l, c, open)) = unclosed_flow(text, line, col) {
            // `threats: [G0.33` ran into the next key: the editor's mistake is at the `[`.
            let close = if open == '[' { ']' } else { '}' };
            d.message = msg!(
                "die Klammer `{open}` wird nicht geschlossen",
                "the `{open}` is not closed"
            );
            d.label = Some(msg!("hier geöffnet", "opened here"));
            d.hint = Some(msg!(
                "Schließen Sie die Liste mit `{close}` in derselben Zeile, z. B. `threats: [G0.33, G0.20]`",
                "close it with `{close}` on the same line, e.g. `threats: [G0.33, G0.20]`"
            ));
            d.pos = Some(Pos::new(l + line_offset, c, 1));
        }
    }
    d
}

/// The `[` or `{` (line, column, char; 1-based) still open at `line`:`col` when it was opened on
/// an earlier line and a block key (`key: value` at the start of a line) follows it: a list or
/// mapping written on one line and left open, so the parser stumbles only at a later line.
fn unclosed_flow(text: &str, line: usize, col: usize) -> Option<(usize, usize, char)> {
    let mut stack: Vec<(usize, usize, char)> = Vec::new();
    let mut block_key_after = false;
    for (i, l) in text.lines().enumerate().take(line) {
        let n = i + 1;
        if !stack.is_empty() && is_block_key(l) {
            block_key_after = true;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (j, c) in l.chars().enumerate() {
            if n == line && j + 1 >= col {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if prev.is_whitespace() || "[{,:".contains(prev) => {
                    quote = Some(c)
                }
                (None, '#') if prev.is_whitespace() => break,
                (None, '[' | '{') => stack.push((n, j + 1, c)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    let &(l, c, open) = stack.last()?;
    (l < line && block_key_after).then_some((l, c, open))
}

fn is_block_key(l: &str) -> bool {
    let t = l.trim_start().trim_start_matches("- ");
    let key: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    !key.is_empty() && t[key.len()..].starts_with(": ")
}

fn innermost(e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match e {
        serde_saphyr::Error::AliasError { error, .. } => innermost(error),
        _ => e,
    }
}

/// The first key of the mapping that holds the key at `line`:`col` (1-based): the `{` of a
/// flow mapping, the first key at the same indentation in a block mapping.
fn mapping_start(text: &str, line: usize, col: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(here) = lines.get(line - 1) else {
        return (line, col);
    };
    // Flow mapping: an unclosed `{` before the key on its line.
    let before: Vec<char> = here.chars().take(col - 1).collect();
    let mut depth = 0i32;
    for (i, c) in before.iter().enumerate().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => return (line, i + 2),
            '{' => depth -= 1,
            _ => {}
        }
    }
    let key_col = |l: &str| -> Option<(usize, bool)> {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            return None;
        }
        let mut c = l.len() - t.len();
        let mut rest = t;
        let mut dash = false;
        while let Some(r) = rest.strip_prefix("- ") {
            let r2 = r.trim_start();
            c += 2 + (r.len() - r2.len());
            rest = r2;
            dash = true;
        }
        Some((c + 1, dash))
    };
    let mut best = (line, col);
    if key_col(here).is_some_and(|(_, dash)| dash) {
        return best;
    }
    for l in (0..line - 1).rev() {
        let Some((c, dash)) = key_col(lines[l]) else {
            continue;
        };
        if c > col {
            continue;
        }
        if c < col {
            break;
        }
        best = (l + 1, c);
        if dash {
            break;
        }
    }
    best
}

/// Case, umlauts, spaces and `_` do not count; a few German words mean an English value.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            ' ' | '_' => out.push('-'),
            c => out.push(c),
        }
    }
    match out.as_str() {
        "oeffentlich" | "offentlich" | "oeffentl" => "public".into(),
        "intern" | "nicht-oeffentlich" => "internal".into(),
        "ja" | "wahr" => "true".into(),
        "nein" | "falsch" => "false".into(),
        _ => out,
    }
}

/// The candidate the editor most likely meant: equal after folding, within two edits, or a
/// prefix either way.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = fold(word);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let f = fold(c);
        let d = if f == w {
            0
        } else if w.chars().count() >= 3 && (f.starts_with(&w) || w.starts_with(&f)) {
            2
        } else {
            edit_distance(&w, &f)
        };
        if d <= 2 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn strip_location_suffix(msg: &str) -> &str {
    let first = msg.lines().next().unwrap_or(msg);
    match first.rfind(" at line ") {
        Some(i) if first[i..].contains("column") => &first[..i],
        _ => first,
    }
}

#[cfg(test)]
mod tests;
