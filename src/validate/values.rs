//! Values that parse but cannot be meant, and YAML that reads differently than it looks.
//!
//! Serde sees only the values; the traps (` #` starting a comment inside a title, typographic
//! quotes kept as text) and the positions of fields the model keeps without a span are only
//! visible in the source. So every data file and every page's front matter is read a second time
//! as a stream of YAML events: the same parser serde-saphyr uses, so both readings agree.

use std::path::Path;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;
use crate::model::common::{Date, parse_date, span_pos};
use crate::msg;

/// Free-text fields: a plain value there is prose, so a ` #` in it is a slip, not a comment.
const TEXT_KEYS: &[&str] = &[
    "title",
    "name",
    "text",
    "by",
    "owner",
    "responsible",
    "indicator",
    "target",
];

/// Opening and closing typographic quotes (German, English, Swiss/French) that editors type in
/// word processors; YAML only knows `"` and `'`.
const CURLY: &[(char, char)] = &[
    ('„', '“'),
    ('„', '”'),
    ('“', '”'),
    ('”', '”'),
    ('‚', '‘'),
    ('‚', '’'),
    ('‘', '’'),
    ('«', '»'),
    ('»', '«'),
    ('‹', '›'),
    ('›', '‹'),
];

pub fn validate(site: &Site, build_date: Date, diags: &Diagnostics) {
    use rayon::prelude::*;
    site.data.par_iter().for_each(|f| {
        scan(&f.text, &f.file, 0, Scope::Data, build_date, diags);
    });
    site.pages
        .par_iter()
        .filter(|p| !p.generated)
        .for_each(|p| {
            scan(
                &p.front_yaml,
                &p.file,
                p.front_offset,
                Scope::FrontMatter,
                build_date,
                diags,
            );
        });
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Data,
    FrontMatter,
}

/// A scalar as it stands in the source: 1-based line, 1-based column, length in characters.
struct At {
    line: usize,
    col: usize,
    len: usize,
}

impl At {
    fn pos(&self, line_offset: usize) -> Pos {
        Pos::new(self.line + line_offset, self.col, self.len.max(1))
    }
}

enum Frame {
    Map { key: Option<(String, At)> },
    Seq,
}

/// Walk the YAML events of `text`; a syntax error ends the walk quietly (serde reports it).
fn scan(
    text: &str,
    file: &Path,
    line_offset: usize,
    scope: Scope,
    build_date: Date,
    diags: &Diagnostics,
) {
    let lines: Vec<&str> = text.lines().collect();
    let mut stack: Vec<Frame> = Vec::new();
    for ev in Parser::new_from_str(text) {
        let Ok((ev, span)) = ev else { return };
        let at = At {
            line: span.start.line(),
            col: span.start.col() + 1,
            len: if span.end.line() == span.start.line() {
                span.end.col().saturating_sub(span.start.col())
            } else {
                1
            },
        };
        match ev {
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Map { key }) = stack.last_mut()
                    && key.is_none()
                {
                    *key = Some((value.into_owned(), at));
                    continue;
                }
                let path = key_path(&stack);
                let end = (span.end.line(), span.end.col());
                check_scalar(
                    &Scalar {
                        value: &value,
                        style,
                        at,
                        end,
                        path: &path,
                        key_at: current_key_at(&stack),
                    },
                    &lines,
                    file,
                    line_offset,
                    scope,
                    build_date,
                    diags,
                );
                value_done(&mut stack);
            }
            Event::MappingStart(..) => stack.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                value_done(&mut stack);
            }
            Event::Alias(_) => value_done(&mut stack),
            _ => {}
        }
    }
}

fn value_done(stack: &mut [Frame]) {
    if let Some(Frame::Map { key }) = stack.last_mut() {
        *key = None;
    }
}

fn key_path(stack: &[Frame]) -> Vec<&str> {
    stack
        .iter()
        .filter_map(|f| match f {
            Frame::Map { key: Some((k, _)) } => Some(k.as_str()),
            _ => None,
        })
        .collect()
}

fn current_key_at(stack: &[Frame]) -> Option<&At> {
    match stack.last() {
        Some(Frame::Map { key: Some((_, at)) }) => Some(at),
        _ => None,
    }
}

struct Scalar<'a> {
    value: &'a str,
    style: ScalarStyle,
    at: At,
    /// Line (1-based) and column (0-based) just after the scalar.
    end: (usize, usize),
    path: &'a [&'a str],
    key_at: Option<&'a At>,
}

fn check_scalar(
    s: &Scalar<'_>,
    lines: &[&str],
    file: &Path,
    off: usize,
    scope: Scope,
    build_date: Date,
    diags: &Diagnostics,
) {
    let key = s.path.last().copied().unwrap_or("");
    let in_map = s.key_at.is_some();
    // (a plain empty value is null, which serde already refuses for a title)
    let quoted = matches!(
        s.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    );
    if in_map && key == "title" && s.value.trim().is_empty() && quoted {
        diags.push(
            Diagnostic::error(msg!("leerer `title`", "empty `title`"))
                .at(file, s.at.pos(off))
                .label(msg!("hier fehlt ein Titel", "a title is needed here"))
                .hint(msg!(
                    "Schreiben Sie nach `title:`, worum es geht, z. B. `title: Ausfall der Telefonanlage`; der Titel steht in Listen, Menüs und im Browser-Tab",
                    "write what this is about after `title:`, e.g. `title: Ausfall der Telefonanlage`; the title is shown in lists, menus and the browser tab"
                )),
        );
    }
    if in_map && s.style == ScalarStyle::Plain && TEXT_KEYS.contains(&key) && !s.value.is_empty() {
        comment_cut(s, key, lines, file, off, diags);
    }
    if s.style == ScalarStyle::Plain {
        curly_quotes(s, in_map.then_some(key), file, off, diags);
    }
    let future_date = match scope {
        Scope::FrontMatter => s.path == ["date"],
        Scope::Data => s.path.ends_with(&["acceptance", "date"]),
    };
    if future_date
        && let Ok(d) = parse_date(s.value)
        && d > build_date
    {
        let (day, today) = (d.german(), build_date.german());
        let (message, hint) = match scope {
            Scope::FrontMatter => (
                msg!(
                    "das `date` der Seite ({day}) liegt nach dem Tag des Builds ({today})",
                    "the page's `date` {day} is after the day of the build ({today})"
                ),
                msg!(
                    "`date` ist der Stand der Seite: der Tag, an dem sie zuletzt aktualisiert wurde, und der kann nicht nach heute liegen",
                    "`date` is the \"Stand\" of the page: the day it was last brought up to date, which cannot be after today"
                ),
            ),
            Scope::Data => (
                msg!(
                    "das `date` der Risikoakzeptanz ({day}) liegt nach dem Tag des Builds ({today})",
                    "the acceptance `date` {day} is after the day of the build ({today})"
                ),
                msg!(
                    "`acceptance.date` ist der Tag, an dem das Risiko akzeptiert wurde; tragen Sie ihn ein, sobald die Entscheidung gefallen ist",
                    "`acceptance.date` is the day the risk was accepted; write it once the decision is taken"
                ),
            ),
        };
        diags.push(
            Diagnostic::warning(message)
                .at(file, s.at.pos(off))
                .hint(hint),
        );
    }
}

/// `title: Server #2` reads as `Server`: a ` #` starts a comment even inside a plain value.
fn comment_cut(
    s: &Scalar<'_>,
    key: &str,
    lines: &[&str],
    file: &Path,
    off: usize,
    diags: &Diagnostics,
) {
    let Some(line) = lines.get(s.end.0.wrapping_sub(1)) else {
        return;
    };
    let rest: String = line.chars().skip(s.end.1).collect();
    let trimmed = rest.trim_start();
    if !trimmed.starts_with('#') || trimmed.len() == rest.len() {
        return;
    }
    let col = s.end.1 + (rest.chars().count() - trimmed.chars().count()) + 1;
    let comment = trimmed.trim_end();
    let whole = format!("{} {comment}", s.value).replace('"', "\\\"");
    diags.push(
        Diagnostic::warning(msg!(
            "`{key}` endet vor ` #`: alles nach ` #` wurde als Kommentar gelesen",
            "the {key} ends before ` #`: everything after ` #` was read as a comment"
        ))
        .at(file, Pos::new(s.end.0 + off, col, comment.chars().count()))
        .label(msg!("gehört nicht zu `{key}`", "not part of the {key}"))
        .hint(msg!(
            "Setzen Sie den ganzen Wert in Anführungszeichen: `{key}: \"{whole}\"`; ist es als Kommentar gemeint, schreiben Sie ihn in eine eigene Zeile",
            "put the whole {key} in quotes: `{key}: \"{whole}\"`; if this is meant as a comment, put it on a line of its own"
        )),
    );
}

fn curly_quotes(s: &Scalar<'_>, key: Option<&str>, file: &Path, off: usize, diags: &Diagnostics) {
    let v = s.value.trim();
    let mut cs = v.chars();
    let (Some(first), Some(last)) = (cs.next(), cs.next_back()) else {
        return;
    };
    if !CURLY.contains(&(first, last)) {
        return;
    }
    let inner: String = v.chars().skip(1).take(v.chars().count() - 2).collect();
    let example = format!(
        "{}\"{}\"",
        key.map(|k| format!("{k}: ")).unwrap_or_default(),
        inner.replace('"', "\\\"")
    );
    diags.push(
        Diagnostic::warning(msg!(
            "der Wert steht in typografischen Anführungszeichen `{first}…{last}`, und die bleiben Teil des Textes",
            "the value is wrapped in typographic quotes `{first}…{last}`, which are kept as part of the text"
        ))
        .at(file, s.at.pos(off))
        .label(msg!("wird veröffentlicht als {v}", "published as {v}"))
        .hint(msg!(
            "Schreiben Sie für YAML gerade Anführungszeichen \"…\" oder gar keine: `{example}`",
            "use straight quotes \"…\" for YAML, or no quotes: `{example}`"
        )),
    );
}

/// Position of a string value at its first character: after the opening quote, if any.
pub fn str_pos(v: &Spanned<String>, line_offset: usize) -> Pos {
    let mut pos = span_pos(v, v.value.chars().count().max(1), line_offset);
    let quoted = v
        .referenced
        .span()
        .byte_len()
        .is_some_and(|l| l as usize >= v.value.len() + 2);
    if quoted {
        pos.col += 1;
    }
    pos
}

/// Characters an id may hold besides letters and digits: ids appear in web addresses, in
/// `@ID` links and in lists like `measures: [M-1, M-2]`.
const ID_MARKS: &[char] = &['-', '_', '.'];

/// An id with a character outside letters, digits, `-`, `_` and `.`: an error at the id.
/// Returns whether the id is fine.
pub fn check_id(what: &str, id: &Spanned<String>, file: &Path, diags: &Diagnostics) -> bool {
    check_id_as(what, super::kind_de(what), id, file, diags)
}

/// [`check_id`] with the German name of the id given (where the English word is ambiguous:
/// a checklist `item` is a Punkt, a provisioning `item` a Posten).
pub(crate) fn check_id_as(
    what: &str,
    de: super::KindDe,
    id: &Spanned<String>,
    file: &Path,
    diags: &Diagnostics,
) -> bool {
    let v = &id.value;
    let Some(bad) = v
        .chars()
        .find(|c| !(c.is_alphanumeric() || ID_MARKS.contains(c)))
    else {
        return true;
    };
    let named = match bad {
        ' ' => msg!("ein Leerzeichen", "a space"),
        '\u{a0}' => msg!("ein geschütztes Leerzeichen", "a no-break space"),
        '\t' => msg!("einen Tabulator", "a tab"),
        c => crate::diagnostics::Msg::same(format!("`{c}`")),
    };
    let fixed: String = v
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || ID_MARKS.contains(&c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let (noun, named_de, named_en) = (de.noun, &named.de, &named.en);
    diags.push(
        Diagnostic::error(msg!(
            "die ID `{v}` ({noun}) enthält {named_de}",
            "{what} id `{v}` contains {named_en}"
        ))
        .at(file, str_pos(id, 0))
        .label(msg!("in einer ID nicht erlaubt", "not allowed in an id"))
        .hint(msg!(
            "IDs bestehen aus Buchstaben, Ziffern, `-`, `_` und `.`, z. B. `{fixed}`; sie werden Teil von Webadressen und `@ID`-Links",
            "ids are made of letters, digits, `-`, `_` and `.`, e.g. `{fixed}`; they become part of web addresses and `@ID` links"
        )),
    );
    false
}

/// Lower case with umlauts spelt out, so `Häufig`, `haeufig` and `HAEUFIG` compare equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// Edit distance with adjacent swaps (`M-010` for `M-001` is one slip, not two).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The known value the editor most likely meant by `wrong`: the same after case and umlaut
/// folding, else the one closest within two edits. None when nothing is close, or when several
/// are equally close (suggesting `M-001` for `M-009` among `M-001`…`M-008` would mislead).
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = fold(wrong);
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    for k in known {
        if k == wrong {
            continue;
        }
        let d = distance(&w, &fold(k));
        if d > 2 || d >= w.chars().count() {
            continue;
        }
        match best {
            Some((bd, b)) if d == bd && b != k => tie = true,
            Some((bd, _)) if d >= bd => {}
            _ => {
                best = Some((d, k));
                tie = false;
            }
        }
    }
    match best {
        Some((0, k)) => Some(k),
        Some((_, k)) if !tie => Some(k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["M-001", "M-002", "R-001", "haeufig", "nutzer", "Z-P1"];
        let cases = [
            ("m-001", Some("M-001")),
            ("M-01", Some("M-001")),
            ("M-00", None), // M-001 and M-002 both one edit away
            ("R-01", Some("R-001")),
            ("Häufig", Some("haeufig")),
            ("HAEUFIG", Some("haeufig")),
            ("hauefig", Some("haeufig")),
            ("nutzr", Some("nutzer")),
            ("Z-PI", Some("Z-P1")),
            ("ZP1", Some("Z-P1")),
            ("technik", None),
            ("M-001", None),
            ("X", None),
        ];
        for (wrong, want) in cases {
            assert_eq!(suggest(wrong, ids), want, "{wrong}");
        }
        assert_eq!(suggest("M-9", ["M-1", "M-2"]), None);
        assert_eq!(suggest("M-3", ["M-1"]), Some("M-1"));
    }

    #[test]
    fn distances() {
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("abc", "acb"), 1);
        assert_eq!(distance("", "ab"), 2);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn folding() {
        assert_eq!(fold(" Bürgerschaft "), "buergerschaft");
        assert_eq!(fold("STRAẞE"), "strasse");
    }
}
