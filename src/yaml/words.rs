//! The words of a YAML mistake, in the editor's language: what the parser or serde reported,
//! said without parser jargon, with a hint and a "meinten Sie …?" where one fits.

use super::*;

/// A message and its hint, in both languages.
pub(super) type Words = (Msg, Option<Msg>);

/// serde-saphyr speaks to Rust developers; our readers are editors in a town hall. Every class
/// of error gets a message in their terms and a hint what to write instead.
pub(super) fn words(e: &serde_saphyr::Error, text: &str) -> Words {
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
        // `{eur: 3250,50}`: inside braces the comma ends the value, and the cents become a key
        // of their own. Said as what it is, or the editor hunts for a key they never wrote.
        E::SerdeUnknownField { field, .. }
            if !field.is_empty() && field.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (
                msg!(
                    "unbekannter Schlüssel `{field}`: ein Komma in einer Zahl?",
                    "unknown key `{field}`: a comma in a number?"
                ),
                Some(msg!(
                    "In `{{…}}` trennt das Komma die Einträge: Die Ziffern nach dem Komma werden als Schlüssel `{field}` gelesen, die Zahl davor ohne sie. Schreiben Sie Nachkommastellen mit Punkt (`.{field}` statt `,{field}`), ohne Tausenderpunkt",
                    "inside `{{…}}` the comma separates the entries: the digits after it are read as a key `{field}`, the number before it without them. Write decimals with a dot (`.{field}` instead of `,{field}`), no thousands separator"
                )),
            )
        }
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
pub(super) fn null_words(e: &serde_saphyr::Error, text: &str) -> Words {
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
pub(super) fn key_before(text: &str, line: usize, col: usize) -> Option<String> {
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

pub(super) fn eof_words() -> Words {
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

pub(super) fn anchor_words() -> Words {
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

pub(super) fn scalar_words(ty: &str) -> Words {
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
pub(super) fn plain_expected(expected: &str) -> Msg {
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

pub(super) fn expected_words(expected: &str) -> Words {
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
pub(super) fn parser_words(msg: &str) -> Words {
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

pub(super) fn parser_known(msg: &str) -> Option<Words> {
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
pub(super) fn with_suggestion(word: &str, expected: &[&'static str], what: Msg) -> Msg {
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
