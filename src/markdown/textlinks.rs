//! Links an editor meant but CommonMark did not make: `[Textfassung](Tipps für gute Webmeetings)`
//! (a target with spaces), `[Text] (ziel.md)` (a space before the parenthesis) and `[Text][ref]`
//! without a definition of `ref`. The parser leaves them as text, so without this check the
//! page would show the raw Markdown and nobody would be told.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// One `[text](dest)` or `[text] (dest)` that is text, with byte ranges in the page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLink {
    pub text: String,
    pub dest: String,
    pub dest_range: Range<usize>,
    /// `[text] (dest)`: a space or tab between `]` and `(`.
    pub spaced: bool,
}

/// Every `[…](…)` in text that the parser left as text. Code spans and code blocks are not
/// text; emphasis inside the brackets is (`[**fett**](a b)`).
pub fn find(source: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<TextLink> {
    let mut found = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let mut code_block = 0usize;
    for (e, range) in events {
        let inline_text = matches!(
            e,
            Event::Text(_)
                | Event::SoftBreak
                | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
                | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
        );
        match e {
            Event::Start(Tag::CodeBlock(_)) => code_block += 1,
            Event::End(TagEnd::CodeBlock) => code_block = code_block.saturating_sub(1),
            _ => {}
        }
        if inline_text && code_block == 0 {
            run = Some(match run {
                Some(r) => r.start.min(range.start)..r.end.max(range.end),
                None => range.clone(),
            });
        } else if let Some(r) = run.take() {
            scan(source, r, &mut found);
        }
    }
    if let Some(r) = run {
        scan(source, r, &mut found);
    }
    found
}

fn escaped(b: &[u8], i: usize) -> bool {
    b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Index of the bracket that closes the one at `open`, before `end`, escape-aware.
fn closing(b: &[u8], open: usize, end: usize, (o, c): (u8, u8), one_line: bool) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &ch) in b.iter().enumerate().take(end).skip(open) {
        if ch == b'\n' && one_line {
            return None;
        }
        if escaped(b, i) {
            continue;
        }
        if ch == o {
            depth += 1;
        } else if ch == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Scans `source[run]`; escapes are judged on the whole source, since a text event of an
/// escaped `\[` starts after its backslash.
fn scan(source: &str, run: Range<usize>, found: &mut Vec<TextLink>) {
    let b = source.as_bytes();
    let end = run.end.min(b.len());
    let mut i = run.start;
    while i < end {
        if b[i] != b'[' || escaped(b, i) {
            i += 1;
            continue;
        }
        let Some(close) = closing(b, i, end, (b'[', b']'), false) else {
            i += 1;
            continue;
        };
        let mut k = close + 1;
        while k < end && (b[k] == b' ' || b[k] == b'\t') {
            k += 1;
        }
        if k >= end || b[k] != b'(' {
            i += 1;
            continue;
        }
        let Some(paren) = closing(b, k, end, (b'(', b')'), true) else {
            i += 1;
            continue;
        };
        let inner = &source[k + 1..paren];
        let lead = inner.len() - inner.trim_start().len();
        let dest = inner.trim();
        let start = k + 1 + lead;
        found.push(TextLink {
            text: source[i + 1..close].to_string(),
            dest: dest.to_string(),
            dest_range: start..start + dest.len(),
            spaced: k > close + 1,
        });
        i = paren + 1;
    }
}

/// Whether `dest` of a `[text] (dest)` looks like a link target rather than a remark in
/// parentheses after a bracket (`[sic] (siehe oben)`, `[1] (2018)`).
pub fn looks_like_target(dest: &str) -> bool {
    !dest.is_empty()
        && !dest.chars().any(char::is_whitespace)
        && dest.contains(['/', '.', '@', '#', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn links(md: &str) -> Vec<(String, String, bool)> {
        let events: Vec<_> = Parser::new_ext(md, crate::markdown::options())
            .into_offset_iter()
            .collect();
        find(md, &events)
            .into_iter()
            .map(|l| {
                assert_eq!(&md[l.dest_range.clone()], l.dest);
                (l.text, l.dest, l.spaced)
            })
            .collect()
    }

    #[test]
    fn text_that_looks_like_a_link_is_found() {
        assert_eq!(
            links("Siehe [Textfassung](Tipps für gute Webmeetings).\n"),
            [(
                "Textfassung".into(),
                "Tipps für gute Webmeetings".into(),
                false
            )]
        );
        assert_eq!(
            links("- [**Plan** (neu)](mein plan (2).pdf)\n"),
            [("**Plan** (neu)".into(), "mein plan (2).pdf".into(), false)]
        );
        assert_eq!(
            links("| a |\n|---|\n| [Plan] ( plan.pdf ) |\n"),
            [("Plan".into(), "plan.pdf".into(), true)]
        );
    }

    #[test]
    fn links_code_and_escapes_are_not_found() {
        for md in [
            "[Plan](plan.pdf) und [Plan](<mein plan.pdf>)\n",
            "`[a](b c)` im Code\n",
            "```\n[a](b c)\n```\n",
            "    [a](b c)\n",
            "\\[a](b c) und [a\\](b c)\n",
            "[a]\n(b c)\n",
            "Text [a] ohne Klammern (b c)\n",
        ] {
            assert_eq!(links(md), [], "{md}");
        }
    }

    #[test]
    fn remarks_in_parentheses_are_no_targets() {
        assert!(!looks_like_target("siehe oben"));
        assert!(!looks_like_target("2018"));
        assert!(looks_like_target("plan.pdf"));
        assert!(looks_like_target("@/schulung/_index.md"));
    }
}
