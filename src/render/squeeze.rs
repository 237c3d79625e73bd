//! Template whitespace, squeezed once when the templates are loaded: the indentation that makes a
//! template readable was a twentieth of every page (1,000-page corpus), sent to every phone.
//!
//! In the literal text of a template (outside `{{ }}`, `{% %}`, `{# #}`), a run of whitespace
//! that contains a line break becomes one line break. That never changes what a browser shows:
//! under `white-space: normal` a run of spaces and line breaks renders as one space, whatever its
//! length, so whitespace between inline elements stays a space. Runs without a line break are
//! left alone (they may sit in attribute values), and so is everything inside `<pre>`,
//! `<textarea>`, `<script>` and `<style>`, where whitespace is content.

/// `source` with its literal whitespace squeezed (see the module text).
pub fn squeeze(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    // Literal text since the last copied position, squeezed when flushed.
    let mut text_start = 0;
    // Inside one of the elements whose whitespace is content: the end tag to wait for.
    let mut raw_until: Option<&'static str> = None;
    while i < b.len() {
        if b[i] == b'{' && i + 1 < b.len() && matches!(b[i + 1], b'{' | b'%' | b'#') {
            let close = match b[i + 1] {
                b'{' => "}}",
                b'%' => "%}",
                _ => "#}",
            };
            let end = source[i + 2..]
                .find(close)
                .map_or(b.len(), |p| i + 2 + p + 2);
            flush(&source[text_start..i], raw_until.is_some(), &mut out);
            out.push_str(&source[i..end]);
            i = end;
            text_start = end;
            continue;
        }
        if b[i] == b'<' {
            let rest = &source[i..];
            match raw_until {
                Some(end_tag) => {
                    if starts_with_ignore_case(rest, end_tag) {
                        raw_until = None;
                        // the text up to here was raw: copied as it is
                        flush(&source[text_start..i], true, &mut out);
                        text_start = i;
                    }
                }
                None => {
                    for (open, end_tag) in RAW {
                        if starts_with_ignore_case(rest, open)
                            && rest[open.len()..]
                                .bytes()
                                .next()
                                .is_none_or(|c| c == b'>' || c.is_ascii_whitespace())
                        {
                            flush(&source[text_start..i], false, &mut out);
                            text_start = i;
                            raw_until = Some(end_tag);
                            break;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    flush(&source[text_start..], raw_until.is_some(), &mut out);
    out
}

const RAW: [(&str, &str); 4] = [
    ("<pre", "</pre"),
    ("<textarea", "</textarea"),
    ("<script", "</script"),
    ("<style", "</style"),
];

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn flush(text: &str, raw: bool, out: &mut String) {
    if raw {
        out.push_str(text);
        return;
    }
    let mut run = String::new();
    for c in text.chars() {
        if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
            run.push(c);
            continue;
        }
        push_run(&run, out);
        run.clear();
        out.push(c);
    }
    push_run(&run, out);
}

fn push_run(run: &str, out: &mut String) {
    if run.contains('\n') {
        out.push('\n');
    } else {
        out.push_str(run);
    }
}

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn indentation_becomes_one_line_break() {
        assert_eq!(
            squeeze("<ul>\n    <li>a</li>\n\n    <li>b</li>\n</ul>"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
        );
    }

    #[test]
    fn tags_and_spaces_without_line_breaks_stay() {
        let t = "<a href=\"x\">{{ a }}  {{ b }}</a>\n  {%- if x %}\n  <b>{{ \"a\n   b\" }}</b>{% endif %}";
        assert_eq!(
            squeeze(t),
            "<a href=\"x\">{{ a }}  {{ b }}</a>\n{%- if x %}\n<b>{{ \"a\n   b\" }}</b>{% endif %}"
        );
    }

    #[test]
    fn raw_elements_keep_their_whitespace() {
        let t = "<div>\n  <PRE>\n  x\n    y</pre>\n  <script>\n  a\n</script>\n  <p>";
        assert_eq!(
            squeeze(t),
            "<div>\n<PRE>\n  x\n    y</pre>\n<script>\n  a\n</script>\n<p>"
        );
        assert_eq!(squeeze("<preview>\n  x"), "<preview>\nx");
    }
}
