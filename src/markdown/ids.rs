//! Ids on a Markdown page: the allocator that makes heading, task and footnote ids unique, and the
//! check of a heading's `{#id .class}` attribute block.
//!
//! pulldown-cmark's heading attributes also accept any `key=value` and emit it as an HTML
//! attribute, so `## Titel {autofocus onfocus=alert(1)}` would run a script in every reader's
//! browser even with raw HTML escaped. Only an id and classes are kept, and only when they are
//! made of characters that are harmless in an attribute value and in a URL fragment.

use std::ops::Range;

use crate::diagnostics::Msg;
use crate::msg;

/// Unique ids within one page, assigned in linear time (see [`crate::slug::IdSet`]).
pub use crate::slug::IdSet as PageIds;

/// An id or class an editor may write: ASCII letters, digits, `-` and `_`. Nothing that could end
/// an attribute value, start an entity, need escaping in a URL fragment or look like another
/// letter (Unicode).
pub fn is_safe_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What may be emitted for a heading's attribute block, and what was wrong with it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HeadingAttrs {
    /// Byte range of the `{…}` block in the page text, when there is one.
    pub block: Option<Range<usize>>,
    /// A valid explicit id (`{#id}`); uniqueness is checked by the caller.
    pub id: Option<String>,
    /// Valid classes, in the order written.
    pub classes: Vec<String>,
    /// (message, hint) per problem, all located at the block.
    pub problems: Vec<(Msg, Msg)>,
}

const ALLOWED: &str = "only `{#id}` and `{.class}` may follow a heading";
const ALLOWED_DE: &str = "nach einer Überschrift sind nur `{#id}` und `{.class}` erlaubt";
const CHARS: &str = "ASCII letters, digits, `-` and `_`";
const CHARS_DE: &str = "Buchstaben ohne Umlaute, Ziffern, `-` und `_`";

/// Checks the attribute block of the heading whose source is `text[range]` and whose inline
/// content ends at byte `content_end`. `parsed` is what pulldown-cmark read from the block (id,
/// classes, other attributes as `key` or `key=value`); it is used only when the block cannot be
/// found in the source, so that nothing pulldown accepted goes unchecked.
pub fn check_heading(
    text: &str,
    range: &Range<usize>,
    content_end: usize,
    parsed: &[String],
) -> HeadingAttrs {
    let mut out = HeadingAttrs {
        block: find_block(text, range, content_end),
        ..HeadingAttrs::default()
    };
    // pulldown splits the block the same way; tokens of one character (`#`, `.`, `x`) it drops
    // silently, here they are errors like the rest.
    let tokens: Vec<&str> = match &out.block {
        Some(b) => text[b.start + 1..b.end - 1]
            .split_ascii_whitespace()
            .collect(),
        None => parsed.iter().map(String::as_str).collect(),
    };
    let mut ids: Vec<&str> = Vec::new();
    let mut attrs: Vec<&str> = Vec::new();
    for t in tokens {
        if let Some(id) = t.strip_prefix('#') {
            ids.push(t);
            if !is_safe_id(id) {
                let t = shown(t);
                out.problems.push((
                    msg!(
                        "ungültige Sprungmarke `{t}` an der Überschrift",
                        "invalid heading id `{t}`"
                    ),
                    msg!(
                        "eine Sprungmarke besteht aus `#` und danach nur {CHARS_DE}, z. B. `{{#mein-anker}}`",
                        "an id is `#` and then only {CHARS}, e.g. `{{#mein-anker}}`"
                    ),
                ));
            } else if out.id.is_none() {
                out.id = Some(id.to_string());
            }
        } else if let Some(class) = t.strip_prefix('.') {
            if is_safe_id(class) {
                out.classes.push(class.to_string());
            } else {
                let t = shown(t);
                out.problems.push((
                    msg!(
                        "ungültige Klasse `{t}` an der Überschrift",
                        "invalid heading class `{t}`"
                    ),
                    msg!(
                        "eine Klasse besteht aus `.` und danach nur {CHARS_DE}, z. B. `{{.hinweis}}`",
                        "a class is `.` and then only {CHARS}, e.g. `{{.hinweis}}`"
                    ),
                ));
            }
        } else {
            attrs.push(t);
        }
    }
    if !attrs.is_empty() {
        let list = attrs
            .iter()
            .map(|a| format!("`{}`", shown(a)))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if attrs.len() == 1 {
            msg!(
                "das Attribut {list} an der Überschrift ist nicht erlaubt",
                "heading attribute {list} is not allowed"
            )
        } else {
            msg!(
                "die Attribute {list} an der Überschrift sind nicht erlaubt",
                "heading attributes {list} are not allowed"
            )
        };
        out.problems.push((
            message,
            msg!(
                "{ALLOWED_DE}; entfernen Sie alles andere",
                "{ALLOWED}; remove the rest"
            ),
        ));
    }
    if ids.len() > 1 {
        let list = ids
            .iter()
            .map(|a| format!("`{}`", shown(a)))
            .collect::<Vec<_>>()
            .join(", ");
        out.problems.push((
            msg!(
                "die Überschrift hat mehr als eine Sprungmarke: {list}",
                "heading has more than one id: {list}"
            ),
            msg!(
                "eine Überschrift hat genau eine Sprungmarke: behalten Sie ein `{{#id}}`",
                "a heading has one id: keep one `{{#id}}`"
            ),
        ));
    }
    out
}

/// The `{…}` block after the heading's inline content: between `content_end` and the end of the
/// heading there is only whitespace, an ATX closing `#` sequence, the block, and for a setext
/// heading the underline — none of which contains `{`.
fn find_block(text: &str, range: &Range<usize>, content_end: usize) -> Option<Range<usize>> {
    let end = range.end.min(text.len());
    let from = content_end.clamp(range.start, end);
    let rest = text.get(from..end)?;
    let open = from + rest.find('{')?;
    let close = open + text[open..end].find('}')?;
    Some(open..close + 1)
}

/// `s` for a message: control characters shown as escapes, so that a diagnostic cannot move the
/// terminal's cursor or colour the rest of the report.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scheme before amortisation: try `base-1`, `base-2` … from 1 every time.
    fn naive(used: &mut std::collections::BTreeSet<String>, base: &str) -> String {
        let base = if base.is_empty() { "abschnitt" } else { base };
        if used.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|i| format!("{base}-{i}"))
            .find(|c| used.insert(c.clone()))
            .unwrap()
    }

    #[test]
    fn collisions_with_explicit_and_suffixed_ids_stay_unique_and_stable() {
        let mut ids = PageIds::default();
        assert!(ids.reserve("a-2"));
        assert!(!ids.reserve("a-2"));
        let got: Vec<String> = ["a", "a", "a-1", "a", "a-1", "a", "", "", "abschnitt"]
            .iter()
            .map(|b| ids.unique(b))
            .collect();
        assert_eq!(
            got,
            [
                "a",
                "a-1",
                "a-1-1",
                "a-3",
                "a-1-2",
                "a-4",
                "abschnitt",
                "abschnitt-1",
                "abschnitt-2"
            ]
        );
    }

    #[test]
    fn same_ids_as_trying_every_number_from_one() {
        // A deterministic mix of bases that produce each other's suffixed forms, interleaved
        // with reservations: the remembered next number must never skip a free id.
        let bases = ["t", "t-1", "t-2", "t-1-1", "u", "t-10", ""];
        let mut seed = 7u32;
        let mut fast = PageIds::default();
        let mut slow = std::collections::BTreeSet::new();
        for _ in 0..2000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let base = bases[(seed >> 16) as usize % bases.len()];
            if seed.is_multiple_of(5) {
                let id = format!("{base}-{}", (seed >> 8) % 40);
                assert_eq!(fast.reserve(&id), slow.insert(id.clone()), "{id}");
            } else {
                assert_eq!(fast.unique(base), naive(&mut slow, base), "{base}");
            }
        }
    }

    fn check(line: &str) -> HeadingAttrs {
        // content ends where pulldown-cmark says: before the block (here: the first ` {`)
        let content_end = line.find(" {").unwrap_or(line.len());
        check_heading(line, &(0..line.len()), content_end, &[])
    }

    #[test]
    fn only_safe_ids_and_classes_are_kept() {
        let a = check("## Titel {#anker_1 .hinweis .Wichtig-2}");
        assert_eq!(a.block, Some(9..39));
        assert_eq!(a.id.as_deref(), Some("anker_1"));
        assert_eq!(a.classes, ["hinweis", "Wichtig-2"]);
        assert!(a.problems.is_empty());
        for bad in [
            "#x\"", "#x'", "#x`", "#a&amp;", "#a&#34;", "#ä", "#ｘ", "#a=b", "#", "#a:b", "#a.b",
        ] {
            let a = check(&format!("## T {{{bad}}}"));
            assert_eq!(a.id, None, "{bad}");
            assert_eq!(a.problems.len(), 1, "{bad}: {:?}", a.problems);
            assert!(a.problems[0].0.starts_with("invalid heading id"), "{bad}");
        }
        for bad in [".", ".a\"", ".a&lt;", ".ü", ".a=b"] {
            let a = check(&format!("## T {{{bad}}}"));
            assert!(a.classes.is_empty(), "{bad}");
            assert!(
                a.problems[0].0.starts_with("invalid heading class"),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_other_token_is_a_forbidden_attribute() {
        let a = check("## T {tabindex=0 autofocus onfocus=alert(1) x}");
        assert_eq!(a.id, None);
        let problems: Vec<(&str, &str)> = a
            .problems
            .iter()
            .map(|(m, h)| (m.as_str(), h.as_str()))
            .collect();
        assert_eq!(
            problems,
            [(
                "heading attributes `tabindex=0`, `autofocus`, `onfocus=alert(1)`, `x` are not allowed",
                "only `{#id}` and `{.class}` may follow a heading; remove the rest"
            )]
        );
        let a = check("## T {#a #b}");
        assert_eq!(a.id.as_deref(), Some("a"));
        assert_eq!(a.problems[0].0, "heading has more than one id: `#a`, `#b`");
        let a = check("## T {onload=\u{1b}[31m}");
        assert_eq!(
            a.problems[0].0,
            "heading attribute `onload=\\u{1b}[31m` is not allowed"
        );
    }

    #[test]
    fn the_block_of_a_setext_heading_is_found_before_the_underline() {
        let text = "Titel {onfocus=x}\n=====\n";
        let a = check_heading(text, &(0..text.len()), 5, &[]);
        assert_eq!(a.block, Some(6..17));
        assert_eq!(a.problems.len(), 1);
    }

    #[test]
    fn what_pulldown_parsed_is_checked_when_no_block_is_found() {
        let a = check_heading("## T", &(0..4), 4, &["onfocus=x".into(), "#ok".into()]);
        assert_eq!(a.block, None);
        assert_eq!(a.id.as_deref(), Some("ok"));
        assert_eq!(a.problems.len(), 1);
    }
}
