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

fn convert_error(
    e: &serde_saphyr::Error,
    text: &str,
    display: &Path,
    line_offset: usize,
) -> Diagnostic {
    let raw = e.render_with_options(
        serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off },
    );
    let (message, hint) = reword(strip_location_suffix(&raw));
    let mut d = Diagnostic::error(message).in_file(display);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    if let Some(loc) = e.location().filter(|l| l.line() > 0) {
        let line = loc.line() as usize;
        let col = loc.column().max(1) as usize;
        let len = loc
            .span()
            .byte_offset()
            .zip(loc.span().byte_len())
            .and_then(|(off, len)| text.get(off as usize..(off + len) as usize))
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
        d.pos = Some(Pos::new(line + line_offset, col, len));
    }
    d
}

fn strip_location_suffix(msg: &str) -> &str {
    let first = msg.lines().next().unwrap_or(msg);
    match first.rfind(" at line ") {
        Some(i) if first[i..].contains("column") => &first[..i],
        _ => first,
    }
}

/// serde-saphyr speaks to Rust developers; our readers are editors in a town hall.
fn reword(msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return (
            format!("duplicate key `{key}`"),
            Some("each key may appear only once; remove or merge the second one".into()),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (field, expected) = match rest.split_once(", expected one of ") {
            Some((f, e)) => (f, Some(e)),
            None => match rest.split_once(", expected ") {
                Some((f, e)) => (f, Some(e)),
                None => (rest, None),
            },
        };
        return (
            format!("unknown key {field}"),
            expected.map(|e| format!("allowed keys here: {e}")),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (v, expected) = match rest.split_once(", expected one of ") {
            Some((f, e)) => (f, Some(e)),
            None => match rest.split_once(", expected ") {
                Some((f, e)) => (f, Some(e)),
                None => (rest, None),
            },
        };
        return (
            format!("unknown value {v}"),
            expected.map(|e| format!("expected one of: {e}")),
        );
    }
    if msg.starts_with("invalid boolean") {
        return (
            "invalid boolean".into(),
            Some("write `true` or `false` (yes/no/on/off are not accepted)".into()),
        );
    }
    if let Some(field) = msg.strip_prefix("missing field ") {
        return (
            format!("missing required key {field}"),
            Some(format!("add {field} to this entry",)),
        );
    }
    (msg.to_string(), None)
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
        assert_eq!(e.hint.as_deref(), Some("allowed keys here: title, flag"));
    }

    #[test]
    fn line_offset_is_added() {
        let e = parse::<T>("title: x\nflag: yes\n", Path::new("p.md"), 1).unwrap_err();
        assert_eq!(e.message, "invalid boolean");
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
