//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Msg, Pos};
use crate::msg;

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

/// A message and its hint, in both languages.
type Words = (Msg, Option<Msg>);

/// serde-saphyr speaks to Rust developers; our readers are editors in a town hall. Every class
/// of error gets a message in their terms and a hint what to write instead.
fn words(e: &serde_saphyr::Error, text: &str) -> Words {
    use serde_saphyr::Error as E;
    match e {
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => msg!("doppelter Schlüssel `{k}`", "duplicate key `{k}`"),
                None => msg!("doppelter Schlüssel", "duplicate key"),
            },
            Some(msg!(
                "Jeder Schlüssel darf nur einmal vorkommen: Entfernen Sie den zweiten, oder führen Sie beide zusammen",
                "each key may appear only once; remove or merge the second one"
            )),
        ),
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            msg!("unbekannter Schlüssel `{field}`", "unknown key `{field}`"),
            Some(with_suggestion(
                field,
                expected,
                msg!("Erlaubte Schlüssel an dieser Stelle", "allowed keys here"),
            )),
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            msg!("unbekannter Wert `{variant}`", "unknown value `{variant}`"),
            Some(with_suggestion(
                variant,
                expected,
                msg!("Erlaubte Werte", "allowed values"),
            )),
        ),
        E::SerdeMissingField { field, .. } => (
            msg!(
                "der Pflichtschlüssel `{field}` fehlt",
                "missing required key `{field}`"
            ),
            Some(msg!(
                "Ergänzen Sie `{field}: …` in diesem Eintrag",
                "add `{field}: …` to this entry"
            )),
        ),
        E::InvalidBooleanStrict { .. } => (
            msg!("nicht `true` oder `false`", "not `true` or `false`"),
            Some(msg!(
                "Schreiben Sie `true` (ja) oder `false` (nein); yes/no/on/off werden nicht angenommen",
                "write `true` (ja) or `false` (nein); yes/no/on/off are not accepted"
            )),
        ),
        E::InvalidScalar { ty, .. } => scalar_words(ty),
        E::SerdeInvalidType { expected, .. } | E::SerdeInvalidValue { expected, .. } => {
            expected_words(expected)
        }
        E::Unexpected { expected, .. } => expected_words(expected),
        E::NullIntoString { .. } => null_words(e, text),
        E::SerdeInvalidLength { expected, .. } => {
            let what = plain_expected(expected);
            (
                msg!("falsche Anzahl von Einträgen", "wrong number of entries"),
                Some(Msg::new(
                    format!("Erwartet wird {}", what.de),
                    format!("expected {}", what.en),
                )),
            )
        }
        E::Eof { .. } => eof_words(),
        E::MultipleDocuments { .. } => (
            msg!(
                "mehr als ein YAML-Dokument (eine zweite Zeile `---`)",
                "more than one YAML document (a second `---` line)"
            ),
            Some(msg!(
                "Entfernen Sie die Zeile `---`, oder teilen Sie die Datei in zwei Dateien auf",
                "remove the `---` line, or split the file in two"
            )),
        ),
        E::UnknownAnchor { .. } => anchor_words(),
        E::ExternalMessage { msg, .. } => parser_words(msg),
        E::Message { msg, .. } => {
            // Our own checks (dates …) speak plainly already; serde's generic ones do not.
            if msg.contains("did not match any variant") {
                (
                    msg!(
                        "dieser Wert hat die falsche Form",
                        "this value has the wrong form"
                    ),
                    Some(msg!(
                        "Sehen Sie in docs/inhalte.md nach, was dieser Schlüssel erwartet",
                        "see docs/inhalte.md for what this key expects"
                    )),
                )
            } else if let Some(m) = Msg::uncarry(msg) {
                // A message of the model's own (an impossible date) in both languages.
                (m, None)
            } else {
                // A text we have no German for: quoted, so the editor still learns what it says.
                (
                    msg!("dieser Wert lässt sich nicht lesen: {msg}", "{msg}"),
                    None,
                )
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
                    msg!(
                        "dieser Eintrag lässt sich nicht lesen",
                        "this entry cannot be read"
                    ),
                    Some(msg!(
                        "Prüfen Sie die Einrückung und die Form `Schlüssel: Wert` anhand von docs/inhalte.md",
                        "check the indentation and the `key: value` form against docs/inhalte.md"
                    )),
                )
            }
        }
    }
}

/// A required text given as `null`, `~` or nothing: named by its key when the line shows one.
fn null_words(e: &serde_saphyr::Error, text: &str) -> Words {
    let key = e
        .location()
        .filter(|l| l.line() > 0)
        .and_then(|l| key_before(text, l.line() as usize, l.column() as usize));
    match key {
        Some(k) => (
            msg!("`{k}` hat keinen Wert", "`{k}` has no value"),
            Some(msg!(
                "Schreiben Sie einen Text nach dem Doppelpunkt, oder entfernen Sie die Zeile",
                "write a text after the colon, or remove the line"
            )),
        ),
        None => (
            msg!("hier fehlt ein Wert", "a value is missing here"),
            Some(msg!(
                "Schreiben Sie hier einen Text, oder entfernen Sie die Zeile",
                "write a text here, or remove the line"
            )),
        ),
    }
}

/// The key whose value sits at `line`:`col` (1-based): `title` in `title: null`, `- title: ~`,
/// `{title: }` and `title:` (where serde-saphyr points at the colon). None when the value is not
/// the direct value of a key on that line (an entry of a list, say).
fn key_before(text: &str, line: usize, col: usize) -> Option<String> {
    let here: Vec<char> = text.lines().nth(line.checked_sub(1)?)?.chars().collect();
    let before: String = here.iter().take(col.checked_sub(1)?).collect();
    let key = if here.get(col - 1) == Some(&':') {
        before.as_str()
    } else {
        before.trim_end().strip_suffix(':')?
    };
    let key = key
        .rsplit(['{', ',', ' ', '\t'])
        .next()?
        .trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.starts_with(['-', '[', '#', '*', '&'])).then(|| key.to_string())
}

fn eof_words() -> Words {
    (
        msg!(
            "die Datei endet mitten in einem Eintrag",
            "the file ends in the middle of an entry"
        ),
        Some(msg!(
            "Vervollständigen Sie den letzten Eintrag, oder schließen Sie ein offenes Anführungszeichen oder eine offene Klammer",
            "complete the last entry, or close an open quote or bracket"
        )),
    )
}

fn anchor_words() -> Words {
    (
        msg!(
            "`*name` verweist auf ein `&name`, das es nicht gibt",
            "`*name` refers to an `&name` that does not exist"
        ),
        Some(msg!(
            "Legen Sie die Sprungmarke `&name` an, bevor Sie sie verwenden, oder schreiben Sie den Wert aus",
            "define the anchor `&name` before using it, or write the value out"
        )),
    )
}

fn scalar_words(ty: &str) -> Words {
    match ty {
        t if t.contains("bool") => (
            msg!("nicht `true` oder `false`", "not `true` or `false`"),
            Some(msg!(
                "Schreiben Sie `true` (ja) oder `false` (nein)",
                "write `true` (ja) or `false` (nein)"
            )),
        ),
        t if t.contains('i') || t.contains('u') && !t.contains("float") => (
            msg!("keine ganze Zahl", "not a whole number"),
            Some(msg!(
                "Schreiben Sie nur Ziffern, z. B. `12`: ohne Punkt, ohne Einheit, ohne Tausendertrennzeichen",
                "write digits only, e.g. `12`: no dot, no unit, no thousands separator"
            )),
        ),
        _ => (
            msg!("keine Zahl", "not a number"),
            Some(msg!(
                "Schreiben Sie nur Ziffern, z. B. `41000` oder `0.25`: ohne Einheit, ohne Tausendertrennzeichen, mit einem Punkt vor den Nachkommastellen",
                "write digits only, e.g. `41000` or `0.25`: no unit, no thousands separator, a dot before decimals"
            )),
        ),
    }
}

/// serde's `expected …` (a Rust type or a visitor's description) in an editor's words.
fn plain_expected(expected: &str) -> Msg {
    let e = expected.trim();
    let e = e
        .strip_prefix("Option<")
        .map_or(e, |r| r.trim_end_matches('>'));
    if e.contains("sequence") || e.starts_with("Vec") || e.contains("list") {
        msg!("eine Liste", "a list")
    } else if e.contains("map") || e.starts_with("struct") {
        msg!(
            "Schlüssel mit Werten (`Schlüssel: Wert` auf eingerückten Zeilen)",
            "keys with values (`key: value` on indented lines)"
        )
    } else if e.contains("string") || e.contains("str") || e.contains("char") {
        msg!("ein Text", "a text")
    } else if e.contains("f64") || e.contains("f32") || e.contains("float") {
        msg!("eine Zahl", "a number")
    } else if ["i64", "i32", "u64", "u32", "u8", "usize", "integer"]
        .iter()
        .any(|t| e.contains(t))
    {
        msg!("eine ganze Zahl", "a whole number")
    } else if e.contains("bool") {
        msg!("`true` oder `false`", "`true` or `false`")
    } else if e.contains("date") || e.contains("YYYY") {
        msg!("ein Datum (JJJJ-MM-TT)", "a date (YYYY-MM-DD)")
    } else {
        msg!("eine andere Art von Wert", "a different kind of value")
    }
}

fn expected_words(expected: &str) -> Words {
    let what = plain_expected(expected);
    let hint = match what.en.as_str() {
        "a list" => msg!(
            "Schreiben Sie die Einträge als `[a, b]` oder je ein `- a` pro Zeile unter den Schlüssel",
            "write the entries as `[a, b]` or one `- a` per line below the key"
        ),
        "a text" => msg!(
            "Schreiben Sie einen einzelnen Text nach dem Doppelpunkt, keine Liste und keine eingerückten Schlüssel",
            "write a single text after the colon, not a list or indented keys"
        ),
        "a number" => msg!(
            "Schreiben Sie nur Ziffern, z. B. `41000` oder `0.25`",
            "write digits only, e.g. `41000` or `0.25`"
        ),
        "a whole number" => msg!(
            "Schreiben Sie nur Ziffern, z. B. `12`",
            "write digits only, e.g. `12`"
        ),
        "`true` or `false`" => msg!(
            "Schreiben Sie `true` (ja) oder `false` (nein)",
            "write `true` (ja) or `false` (nein)"
        ),
        _ => msg!(
            "Vergleichen Sie den Eintrag mit dem Beispiel in docs/inhalte.md",
            "compare the entry with the example in docs/inhalte.md"
        ),
    };
    (
        Msg::new(
            format!("hier wird {} erwartet", what.de),
            format!("expected {} here", what.en),
        ),
        Some(hint),
    )
}

/// Messages of the YAML scanner, by class.
fn parser_words(msg: &str) -> Words {
    parser_known(msg).unwrap_or_else(|| {
        (
            msg!(
                "diese Zeile ist kein gültiges YAML",
                "this line is not valid YAML"
            ),
            Some(msg!(
                "Prüfen Sie die Einrückung und die Form `Schlüssel: Wert`; setzen Sie einen Text mit `:` oder `#` in Anführungszeichen",
                "check the indentation and the `key: value` form; put text with `:` or `#` in quotes"
            )),
        )
    })
}

fn parser_known(msg: &str) -> Option<Words> {
    let m = |a: Msg, b: Msg| Some((a, Some(b)));
    if msg.contains("mapping values are not allowed") || msg.contains("illegal placement of ':'") {
        m(
            msg!("unerwarteter `:` an dieser Stelle", "unexpected `:` here"),
            msg!(
                "Ein Text, der `: ` enthält, muss in Anführungszeichen stehen (\"…\"); oder ein Schlüssel ist anders eingerückt als die Schlüssel darüber",
                "a text that contains `: ` must be put in quotes (\"…\"); or a key is indented differently from the keys above it"
            ),
        )
    } else if msg.contains("did not find expected key")
        || msg.contains("did not find expected '-'")
        || msg.contains("invalid indentation")
        || msg.contains("block sequence entries are not allowed")
    {
        m(
            msg!(
                "die Einrückung passt hier nicht",
                "the indentation does not fit here"
            ),
            msg!(
                "Rücken Sie die Schlüssel eines Eintrags um gleich viele Leerzeichen ein, und Listeneinträge (`- `) genauso weit wie die übrigen Einträge der Liste",
                "indent the keys of one entry by the same number of spaces, and list items (`- `) like their siblings"
            ),
        )
    } else if msg.contains("tab") {
        m(
            msg!("ein Tabulatorzeichen", "a tab character"),
            msg!(
                "YAML wird nur mit Leerzeichen eingerückt: Ersetzen Sie den Tabulator durch Leerzeichen",
                "YAML is indented with spaces only: replace the tab with spaces"
            ),
        )
    } else if msg.contains("unclosed bracket") || msg.contains("expected ',' or ']'") {
        m(
            msg!(
                "eine Klammer `[` oder `{{` ist nicht geschlossen",
                "a bracket `[` or `{{` is not closed"
            ),
            msg!(
                "Schließen Sie sie mit `]` oder `}}` im selben Eintrag",
                "close it with `]` or `}}` on the same entry"
            ),
        )
    } else if msg.contains("expected ',' or '}'") {
        m(
            msg!(
                "eine geschweifte Klammer `{{` ist nicht geschlossen",
                "a brace `{{` is not closed"
            ),
            msg!("Schließen Sie sie mit `}}`", "close it with `}}`"),
        )
    } else if msg.contains("mismatched bracket") || msg.contains("misplaced bracket") {
        m(
            msg!("Klammern passen nicht zusammen", "brackets do not match"),
            msg!(
                "Schließen Sie `[` mit `]` und `{{` mit `}}`",
                "close `[` with `]` and `{{` with `}}`"
            ),
        )
    } else if msg.contains("unclosed quote") || msg.contains("quoted scalar") {
        m(
            msg!(
                "ein Anführungszeichen ist nicht geschlossen",
                "a quote is not closed"
            ),
            msg!(
                "Beenden Sie den Text mit demselben Anführungszeichen, mit dem er beginnt (\"…\" oder '…')",
                "end the text with the same quote it starts with (\"…\" or '…')"
            ),
        )
    } else if msg.contains("simple key expected ':'") || msg.contains("could not find expected ':'")
    {
        m(
            msg!(
                "nach dem Schlüssel fehlt ein `:`",
                "a `:` is missing after the key"
            ),
            msg!(
                "Schreiben Sie `Schlüssel: Wert`, mit einem Leerzeichen nach dem Doppelpunkt",
                "write `key: value`, with a space after the colon"
            ),
        )
    } else if msg.contains("must be followed by a valid YAML whitespace") {
        m(
            msg!(
                "nach `:` oder `-` fehlt ein Leerzeichen",
                "a space is missing after `:` or `-`"
            ),
            msg!(
                "Schreiben Sie `Schlüssel: Wert` und `- Eintrag`, jeweils mit einem Leerzeichen",
                "write `key: value` and `- item`, with a space"
            ),
        )
    } else if msg.contains("did not find expected node content") || msg.contains("unexpected end") {
        m(
            msg!("hier fehlt ein Wert", "a value is missing here"),
            msg!(
                "Schreiben Sie einen Wert nach dem Doppelpunkt, oder entfernen Sie die Zeile",
                "write a value after the colon, or remove the line"
            ),
        )
    } else if msg.contains("unexpected EOF") || msg.contains("unexpected eof") {
        let (a, b) = eof_words();
        Some((a, b))
    } else if msg.contains("unknown anchor") {
        Some(anchor_words())
    } else {
        None
    }
}

/// "Meinten Sie `status`? Erlaubte Schlüssel an dieser Stelle: …"
fn with_suggestion(word: &str, expected: &[&'static str], what: Msg) -> Msg {
    let list = expected.join(", ");
    let Msg { de, en } = what;
    match suggest(word, expected) {
        Some(s) => msg!(
            "Meinten Sie `{s}`? {de}: {list}",
            "meinten Sie `{s}`? {en}: {list}"
        ),
        None => msg!("{de}: {list}", "{en}: {list}"),
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
    fn null_for_a_required_text_names_the_key() {
        for (y, at) in [
            ("title: null\n", "a.yaml:1:8"),
            ("title: ~\n", "a.yaml:1:8"),
            ("title:\n", "a.yaml:1:6"),
            ("{title: }\n", "a.yaml:1:7"),
        ] {
            let e = parse::<T>(y, Path::new("a.yaml"), 0).unwrap_err();
            assert_eq!(e.message, "`title` has no value", "{y:?}");
            assert_eq!(e.message.de, "`title` hat keinen Wert", "{y:?}");
            assert_eq!(e.location(), at, "{y:?}");
            let hint = e.hint.unwrap();
            assert_eq!(hint, "write a text after the colon, or remove the line");
            assert_eq!(
                hint.de,
                "Schreiben Sie einen Text nach dem Doppelpunkt, oder entfernen Sie die Zeile"
            );
            assert!(!e.message.de.contains("Option") && !e.message.en.contains("Option"));
        }
        // A list entry has no key of its own.
        let e = parse::<Vec<String>>("- a\n- ~\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message, "a value is missing here");
        assert_eq!(e.message.de, "hier fehlt ein Wert");
    }

    #[test]
    fn messages_are_german_too() {
        let e = parse::<T>("title: x\ntitel: y\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message.de, "unbekannter Schlüssel `titel`");
        assert_eq!(
            e.hint.unwrap().de,
            "Meinten Sie `title`? Erlaubte Schlüssel an dieser Stelle: title, flag"
        );
        let e = parse::<T>("title: \"x\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message.de, "ein Anführungszeichen ist nicht geschlossen");
    }

    #[test]
    fn invalid_dates_are_german_too() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct D {
            date: crate::model::common::Date,
        }
        let e = parse::<D>("date: 2026-02-30\n", Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(
            e.message,
            "invalid date `2026-02-30`: this day does not exist; February 2026 has 28 days, so the last one is 2026-02-28"
        );
        assert_eq!(
            e.message.de,
            "ungültiges Datum `2026-02-30`: diesen Tag gibt es nicht; der Februar 2026 hat 28 Tage, der letzte ist also der 2026-02-28"
        );
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opens() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct R {
            threats: Vec<String>,
            perspective: String,
        }
        for text in [
            "threats: [G0.33\nperspective: nutzer\n",
            "threats: [G0.33, \"a]\" # ]\nperspective: nutzer\n",
        ] {
            let e = parse::<R>(text, Path::new("r.yaml"), 0).unwrap_err();
            assert_eq!(e.message, "the `[` is not closed", "{text}");
            assert_eq!(e.location(), "r.yaml:1:10", "{text}");
        }
        // A list over several lines that is closed is not touched.
        let ok = "threats: [G0.33,\n  G0.20]\nperspective: nutzer\n";
        assert!(parse::<R>(ok, Path::new("r.yaml"), 0).is_ok());
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
