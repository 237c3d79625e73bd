//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Pos};

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
    }
    d
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

/// serde-saphyr speaks to Rust developers; our readers are editors in a town hall. Every class
/// of error gets a message in their terms and a hint what to write instead.
fn words(e: &serde_saphyr::Error, text: &str) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    let _ = text;
    match e {
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".into(),
            },
            Some("each key may appear only once; remove or merge the second one".into()),
        ),
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("unknown key `{field}`"),
            Some(with_suggestion(field, expected, "allowed keys here")),
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("unknown value `{variant}`"),
            Some(with_suggestion(variant, expected, "allowed values")),
        ),
        E::SerdeMissingField { field, .. } => (
            format!("missing required key `{field}`"),
            Some(format!("add `{field}: …` to this entry")),
        ),
        E::InvalidBooleanStrict { .. } => (
            "not `true` or `false`".into(),
            Some("write `true` (ja) or `false` (nein); yes/no/on/off are not accepted".into()),
        ),
        E::InvalidScalar { ty, .. } => scalar_words(ty),
        E::SerdeInvalidType { expected, .. } | E::SerdeInvalidValue { expected, .. } => {
            expected_words(expected)
        }
        E::Unexpected { expected, .. } => expected_words(expected),
        E::NullIntoString { .. } => (
            "a value is missing here".into(),
            Some("write the text after the colon, or remove the key".into()),
        ),
        E::SerdeInvalidLength { expected, .. } => (
            "wrong number of entries".into(),
            Some(format!("expected {}", plain_expected(expected))),
        ),
        E::Eof { .. } => (
            "the file ends in the middle of an entry".into(),
            Some("complete the last entry, or close an open quote or bracket".into()),
        ),
        E::MultipleDocuments { .. } => (
            "more than one YAML document (a second `---` line)".into(),
            Some("remove the `---` line, or split the file in two".into()),
        ),
        E::UnknownAnchor { .. } => (
            "`*name` refers to an `&name` that does not exist".into(),
            Some("define the anchor `&name` before using it, or write the value out".into()),
        ),
        E::ExternalMessage { msg, .. } => parser_words(msg),
        E::Message { msg, .. } => {
            // Our own checks (dates …) speak plainly already; serde's generic ones do not.
            if msg.contains("did not match any variant") {
                (
                    "this value has the wrong form".into(),
                    Some("see docs/inhalte.md for what this key expects".into()),
                )
            } else {
                (msg.clone(), None)
            }
        }
        _ => {
            let raw = e.render_with_options(
                serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off },
            );
            let raw = strip_location_suffix(&raw);
            if let Some(m) = parser_known(raw) {
                m
            } else {
                (
                    "this entry cannot be read".into(),
                    Some(
                        "check the indentation and the `key: value` form against docs/inhalte.md"
                            .into(),
                    ),
                )
            }
        }
    }
}

fn scalar_words(ty: &str) -> (String, Option<String>) {
    match ty {
        t if t.contains("bool") => (
            "not `true` or `false`".into(),
            Some("write `true` (ja) or `false` (nein)".into()),
        ),
        t if t.contains('i') || t.contains('u') && !t.contains("float") => (
            "not a whole number".into(),
            Some("write digits only, e.g. `12`: no dot, no unit, no thousands separator".into()),
        ),
        _ => (
            "not a number".into(),
            Some("write digits only, e.g. `41000` or `0.25`: no unit, no thousands separator, a dot before decimals".into()),
        ),
    }
}

/// serde's `expected …` (a Rust type or a visitor's description) in an editor's words.
fn plain_expected(expected: &str) -> String {
    let e = expected.trim();
    let e = e
        .strip_prefix("Option<")
        .map_or(e, |r| r.trim_end_matches('>'));
    if e.contains("sequence") || e.starts_with("Vec") || e.contains("list") {
        "a list".into()
    } else if e.contains("map") || e.starts_with("struct") {
        "keys with values (`key: value` on indented lines)".into()
    } else if e.contains("string") || e.contains("str") || e.contains("char") {
        "a text".into()
    } else if e.contains("f64") || e.contains("f32") || e.contains("float") {
        "a number".into()
    } else if ["i64", "i32", "u64", "u32", "u8", "usize", "integer"]
        .iter()
        .any(|t| e.contains(t))
    {
        "a whole number".into()
    } else if e.contains("bool") {
        "`true` or `false`".into()
    } else if e.contains("date") || e.contains("YYYY") {
        "a date (YYYY-MM-DD)".into()
    } else {
        "a different kind of value".into()
    }
}

fn expected_words(expected: &str) -> (String, Option<String>) {
    let what = plain_expected(expected);
    let hint = match what.as_str() {
        "a list" => "write the entries as `[a, b]` or one `- a` per line below the key",
        "a text" => "write a single text after the colon, not a list or indented keys",
        "a number" => "write digits only, e.g. `41000` or `0.25`",
        "a whole number" => "write digits only, e.g. `12`",
        "`true` or `false`" => "write `true` (ja) or `false` (nein)",
        _ => "compare the entry with the example in docs/inhalte.md",
    };
    (format!("expected {what} here"), Some(hint.into()))
}

/// Messages of the YAML scanner, by class.
fn parser_words(msg: &str) -> (String, Option<String>) {
    parser_known(msg).unwrap_or_else(|| {
        (
            "this line is not valid YAML".into(),
            Some("check the indentation and the `key: value` form; put text with `:` or `#` in quotes".into()),
        )
    })
}

fn parser_known(msg: &str) -> Option<(String, Option<String>)> {
    let m = |a: &str, b: &str| Some((a.to_string(), Some(b.to_string())));
    if msg.contains("mapping values are not allowed") || msg.contains("illegal placement of ':'") {
        m(
            "unexpected `:` here",
            "a text that contains `: ` must be put in quotes (\"…\"); or a key is indented differently from the keys above it",
        )
    } else if msg.contains("did not find expected key")
        || msg.contains("did not find expected '-'")
        || msg.contains("invalid indentation")
        || msg.contains("block sequence entries are not allowed")
    {
        m(
            "the indentation does not fit here",
            "indent the keys of one entry by the same number of spaces, and list items (`- `) like their siblings",
        )
    } else if msg.contains("tab") {
        m(
            "a tab character",
            "YAML is indented with spaces only: replace the tab with spaces",
        )
    } else if msg.contains("unclosed bracket") || msg.contains("expected ',' or ']'") {
        m(
            "a bracket `[` or `{` is not closed",
            "close it with `]` or `}` on the same entry",
        )
    } else if msg.contains("expected ',' or '}'") {
        m("a brace `{` is not closed", "close it with `}`")
    } else if msg.contains("mismatched bracket") || msg.contains("misplaced bracket") {
        m(
            "brackets do not match",
            "close `[` with `]` and `{` with `}`",
        )
    } else if msg.contains("unclosed quote") || msg.contains("quoted scalar") {
        m(
            "a quote is not closed",
            "end the text with the same quote it starts with (\"…\" or '…')",
        )
    } else if msg.contains("simple key expected ':'") || msg.contains("could not find expected ':'")
    {
        m(
            "a `:` is missing after the key",
            "write `key: value`, with a space after the colon",
        )
    } else if msg.contains("must be followed by a valid YAML whitespace") {
        m(
            "a space is missing after `:` or `-`",
            "write `key: value` and `- item`, with a space",
        )
    } else if msg.contains("did not find expected node content") || msg.contains("unexpected end") {
        m(
            "a value is missing here",
            "write a value after the colon, or remove the line",
        )
    } else if msg.contains("unexpected EOF") || msg.contains("unexpected eof") {
        m(
            "the file ends in the middle of an entry",
            "complete the last entry, or close an open quote or bracket",
        )
    } else if msg.contains("unknown anchor") {
        m(
            "`*name` refers to an `&name` that does not exist",
            "define the anchor `&name` before using it, or write the value out",
        )
    } else {
        None
    }
}

/// "meinten Sie `status`? allowed keys here: …"
fn with_suggestion(word: &str, expected: &[&'static str], what: &str) -> String {
    let list = expected.join(", ");
    match suggest(word, expected) {
        Some(s) => format!("meinten Sie `{s}`? {what}: {list}"),
        None => format!("{what}: {list}"),
    }
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
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        flag: Option<bool>,
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let e = parse::<T>("title: x\ntitel: y\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message, "unknown key `titel`");
        assert_eq!(e.location(), "a.yaml:2:1");
        assert_eq!(
            e.hint.as_deref(),
            Some("meinten Sie `title`? allowed keys here: title, flag")
        );
    }

    #[test]
    fn line_offset_is_added() {
        let e = parse::<T>("title: x\nflag: yes\n", Path::new("p.md"), 1).unwrap_err();
        assert_eq!(e.message, "not `true` or `false`");
        assert_eq!(e.location(), "p.md:3:7");
    }

    #[test]
    fn duplicate_key() {
        let e = parse::<T>("title: x\ntitle: y\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message, "duplicate key `title`");
        assert_eq!(e.location(), "a.yaml:2:1");
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        let mut prev = 'a';
        for c in 'b'..='p' {
            y.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = c;
        }
        y.push_str("title: x\n");
        let r = parse::<serde_json::Value>(&y, Path::new("bomb.yaml"), 0);
        assert!(r.is_err());
    }
}
