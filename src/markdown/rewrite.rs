//! Links after parsing: which spans are no links (code, raw HTML) and the rewrite of every
//! link target to the page it resolves to.

use super::*;

/// Errors for links the parser left as text (see [`textlinks`]), at their destination.
pub(super) fn not_links(
    input: &Input<'_>,
    events: &[(Event<'_>, Range<usize>)],
    broken: &[(Range<usize>, LinkType)],
    resolver: &dyn LinkResolver,
    out: &mut Rendered,
) {
    let at = |range: &Range<usize>| {
        let (l, c) = line_col(input.text, range.start);
        let len = input.text[range.clone()].chars().count().max(1);
        Pos::new(l + input.line_offset, c, len)
    };
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    for l in textlinks::find(input.text, events) {
        let titled = resolver.page_titled(&l.dest);
        if l.spaced && titled.is_none() && !textlinks::looks_like_target(&l.dest) {
            continue;
        }
        let shown = format!(
            "[{}]{}({})",
            l.text,
            if l.spaced { " " } else { "" },
            l.dest
        );
        let message = if l.spaced {
            msg!(
                "`{shown}` ist kein Link: zwischen `]` und `(` steht ein Leerzeichen",
                "`{shown}` is not a link: there is a space between `]` and `(`"
            )
        } else if l.dest.chars().any(char::is_whitespace) {
            msg!(
                "`{shown}` ist kein Link: ein Linkziel darf keine Leerzeichen enthalten",
                "`{shown}` is not a link: a link target cannot contain spaces"
            )
        } else {
            msg!(
                "`{shown}` ist kein Link: `{}` ist kein Linkziel",
                "`{shown}` is not a link: `{}` is not a link target";
                l.dest
            )
        };
        let hint = match &titled {
            Some(path) => msg!(
                "`{}` ist der Titel einer Seite: meinten Sie `[{}]({path})`?",
                "`{}` is the title of a page: did you mean `[{}]({path})`?";
                l.dest, l.text
            ),
            None if l.spaced => msg!(
                "schreiben Sie `[{}]({})` ohne das Leerzeichen; die Seite zeigt den Text so, wie er geschrieben ist",
                "write `[{}]({})` without the space; the page shows the text as it is written";
                l.text, l.dest
            ),
            None => msg!(
                "schreiben Sie den Pfad ohne Leerzeichen (benennen Sie die Datei um, z. B. `{}`) oder setzen Sie ihn in spitze Klammern: `[{}](<{}>)`; die Seite zeigt den Text so, wie er geschrieben ist",
                "write the path without spaces (rename the file, e.g. `{}`) or put it in angle brackets: `[{}](<{}>)`; the page shows the text as it is written";
                l.dest.split_whitespace().collect::<Vec<_>>().join("-"),
                l.text,
                l.dest
            ),
        };
        let d = Diagnostic::error(message)
            .at(input.file, at(&l.dest_range))
            .label(msg!(
                "als Text geschrieben, nicht als Link",
                "written as text, not as a link"
            ))
            .hint(hint);
        found.push((l.dest_range.start, d));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (span, kind) in broken {
        if !matches!(kind, LinkType::Reference | LinkType::Collapsed) || !seen.insert(span.start) {
            continue;
        }
        let mut span = span.clone();
        // the span of `[text][]` ends before its `[]`
        if *kind == LinkType::Collapsed && input.text[span.end..].starts_with("[]") {
            span.end += 2;
        }
        let Some(written) = input.text.get(span.clone()) else {
            continue;
        };
        // the reference is in the last brackets; `[text][]` refers to its text
        let (open, close) = (
            written.rfind('[').unwrap_or(0),
            written.len().saturating_sub(1),
        );
        let mut reference = span.start + open + 1..span.start + close;
        if reference.is_empty() {
            let first = written.find(']').unwrap_or(1);
            reference = span.start + 1..span.start + first;
        }
        let name = &input.text[reference.clone()];
        let d = Diagnostic::error(msg!(
            "`{written}` ist kein Link: `[{name}]` ist nirgends festgelegt",
            "`{written}` is not a link: there is no definition of `[{name}]`"
        ))
        .at(input.file, at(&reference))
        .label(msg!("unbekannter Verweis", "undefined reference"))
        .hint(msg!(
            "fügen Sie irgendwo auf der Seite eine Zeile `[{name}]: @/pfad/seite.md` (oder eine Adresse) ein, oder schreiben Sie den Link direkt: `[…](@/pfad/seite.md)`",
            "add a line `[{name}]: @/pfad/seite.md` (or an address) anywhere on the page, or write the link inline: `[…](@/pfad/seite.md)`"
        ));
        found.push((reference.start, d));
    }
    found.sort_by_key(|(start, _)| *start);
    out.diagnostics.extend(found.into_iter().map(|(_, d)| d));
}

pub(super) fn rewrite<'a>(
    dest: &CowStr<'a>,
    image: bool,
    resolver: &dyn LinkResolver,
    input: &Input<'_>,
    range: &Range<usize>,
    pos_at: &dyn Fn(&Range<usize>, Option<&str>) -> Pos,
    out: &mut Rendered,
) -> CowStr<'a> {
    let pos = pos_at(range, Some(dest.as_ref()));
    match resolver.resolve(dest, image) {
        Ok(Target::External(u)) => CowStr::from(u),
        Ok(Target::Internal {
            out: file,
            fragment,
        }) => {
            let rel = if file == input.page_out && fragment.is_some() {
                String::new()
            } else {
                crate::urls::encode_path(&crate::urls::relative(input.page_out, &file))
            };
            let url = match &fragment {
                Some(f) => format!("{rel}#{f}"),
                None => rel,
            };
            out.links.push(LinkUse {
                out: file,
                fragment,
                written: dest.to_string(),
                pos,
            });
            CowStr::from(url)
        }
        Err((msg, hint)) => {
            let mut d = Diagnostic::error(msg).at(input.file, pos);
            if let Some(h) = hint {
                d = d.hint(h);
            }
            out.diagnostics.push(d);
            dest.clone()
        }
    }
}
