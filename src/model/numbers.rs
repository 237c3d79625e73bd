//! Numbers as editors write them. YAML reads `41.000` as 41 and `1.150` as 1.15, so a German
//! thousands dot would silently shrink a cost a thousandfold; `95 €`, `30 %` or `0,3` fail with
//! parser words. Every value under a numeric key of the bounds table (`model::bounds::FIELDS`)
//! is therefore checked in its source spelling, before the record is read into its type.

use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Msg, Pos};
use crate::model::bounds::{self, Bound};
use crate::msg;

/// Any YAML value, only as far as the scan needs it: keys and where each value sits.
enum Node {
    Map(Vec<(Option<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar,
}

/// A key of any scalar type, as text.
struct Key(Option<String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Key, E> {
                Ok(Key(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Key, E> {
                Ok(Key(None))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element::<Spanned<Node>>()? {
                    v.push(x);
                }
                Ok(Node::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<Key>()? {
                    v.push((k.0, a.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number written the wrong way: the error, and a same-length spelling that reads as a
/// plausible number, so that the record is still read (and no follow-on error appears).
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// Byte range of the value in the text, and its replacement (same length).
    pub fix: (usize, String),
}

/// Check every numeric value of `text` (one record, or one item of a list file).
/// Unreadable YAML yields nothing here: the typed parse reports it.
pub fn scan(text: &str, kind: &str, file: &Path) -> Vec<Finding> {
    let Ok(root) = crate::yaml::parse_raw::<Spanned<Node>>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&root.value, None, text, kind, file, &mut out);
    out
}

fn walk(
    n: &Node,
    parent: Option<&str>,
    text: &str,
    kind: &str,
    file: &Path,
    out: &mut Vec<Finding>,
) {
    match n {
        Node::Seq(items) => {
            for i in items {
                walk(&i.value, parent, text, kind, file, out);
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                let Some(k) = k else { continue };
                if let (Node::Scalar, Some(f)) = (&v.value, bounds::field(kind, parent, k)) {
                    out.extend(check_value(v, text, k, &f.bound, file));
                } else {
                    walk(&v.value, Some(k), text, kind, file, out);
                }
            }
        }
        Node::Scalar => {}
    }
}

fn check_value(
    v: &Spanned<Node>,
    text: &str,
    key: &str,
    b: &Bound,
    file: &Path,
) -> Option<Finding> {
    let span = v.referenced.span();
    let (off, len) = (span.byte_offset()? as usize, span.byte_len()? as usize);
    let raw = text.get(off..off + len)?;
    let (msg, label, hint, value) = judge(raw, key, b)?;
    let pos = Pos::new(
        v.referenced.line() as usize,
        v.referenced.column() as usize,
        raw.chars().count(),
    );
    let mut d = Diagnostic::error(msg).at(file, pos).hint(hint);
    if let Some(l) = label {
        d = d.label(l);
    }
    // A reading inside the bounds, else the bound's lower end: nothing follows from the fix.
    let value = value.filter(|x| b.contains(*x)).unwrap_or(b.min);
    let mut repl = dot(value);
    if repl.len() > raw.len() {
        repl = dot(b.min);
    }
    if repl.len() > raw.len() {
        repl = "0".into();
    }
    let pad = raw.len().saturating_sub(repl.len());
    repl.push_str(&" ".repeat(pad));
    Some(Finding {
        diagnostic: d,
        fix: (off, repl),
    })
}

type Judgement = (Msg, Option<Msg>, Msg, Option<f64>);

/// What is wrong with `raw` (the value as written, quotes included) and what to write instead;
/// None = a number YAML reads as written.
fn judge(raw: &str, key: &str, b: &Bound) -> Option<Judgement> {
    let s = unquote(raw).trim();
    if s.is_empty() || matches!(s, "~" | "null" | "Null" | "NULL") {
        return None;
    }
    if let Some(j) = ambiguous(s, key, "") {
        return Some(j);
    }
    if is_plain(s) {
        return None;
    }
    // YAML's own spellings (`1e6`, `.5`, `.inf`): read as written, the bounds check judges them.
    let lower = s.to_ascii_lowercase();
    if s.parse::<f64>().is_ok() || lower.contains("inf") || lower.contains("nan") {
        return None;
    }
    let (core, unit) = strip_unit(s);
    // (`41.000,-` is a price in thousands: no decimal reading)
    if !matches!(unit, Some(Unit::Dash))
        && let Some(j) = ambiguous(core, key, unit.map_or("", |u| u.word()))
    {
        return Some(j);
    }
    let Some((x, how)) = german(core) else {
        let (ex_de, ex_en) = example(b);
        return Some((
            msg!("`{key}` muss eine Zahl sein", "`{key}` must be a number"),
            Some(msg!("keine Zahl", "not a number")),
            msg!(
                "Schreiben Sie nur Ziffern, z. B. {ex_de}: ohne Einheit, ohne Tausenderpunkt, mit einem Punkt vor den Nachkommastellen",
                "write digits only, e.g. {ex_en}: no unit, no thousands separator, a dot before decimals"
            ),
            None,
        ));
    };
    let (value, what) = match unit {
        Some(Unit::Percent) if b.share => {
            let (pc, share) = (comma(x), dot(x / 100.0));
            (
                x / 100.0,
                msg!(
                    "das ist ein Anteil von 1: {pc} % schreibt man {share}",
                    "this is a share of one: {pc} % is written {share}"
                ),
            )
        }
        Some(Unit::Percent) if b.unit == "%" => (
            x,
            msg!(
                "der Wert ist schon in Prozent, ohne `%`",
                "the value is in percent already, without `%`"
            ),
        ),
        Some(u) => {
            let w = u.word();
            (
                x,
                msg!(
                    "keine Einheit hinter der Zahl (`{w}`)",
                    "no unit after the number (`{w}`)"
                ),
            )
        }
        None => (x, Msg::new(how.0, how.1)),
    };
    let what = match (unit, how) {
        (Some(_), (h_de, h_en)) if !h_en.is_empty() => {
            let (w_de, w_en) = (&what.de, &what.en);
            msg!("{w_de}; {h_de}", "{w_en}; {h_en}")
        }
        _ => what,
    };
    let (v, w_de, w_en) = (dot(value), &what.de, &what.en);
    Some((
        msg!(
            "`{key}` ist nicht als einfache Zahl geschrieben",
            "`{key}` is not written as a plain number"
        ),
        Some(msg!("schreiben Sie {v}", "write {v}")),
        msg!("Schreiben Sie `{v}`: {w_de}", "write `{v}`: {w_en}"),
        Some(value),
    ))
}

/// `41.000`, `-2.500`: one dot and exactly three digits. YAML reads a decimal point; a German
/// editor means thousands. Both readings are offered (`0.250` is only a decimal).
fn ambiguous(s: &str, key: &str, unit: &str) -> Option<Judgement> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.')?;
    let ok = (1..=3).contains(&int.len())
        && frac.len() == 3
        && int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit())
        && !int.trim_start_matches('0').is_empty();
    if !ok {
        return None;
    }
    let sign = if neg { "-" } else { "" };
    let thousands: u64 = format!("{int}{frac}").parse().ok()?;
    let decimal = format!("{int}.{}", trim_frac(frac));
    let (unit_de, unit_en) = if unit.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(", ohne `{unit}`"), format!(", without `{unit}`"))
    };
    let spoken = format!("{}{}", if neg { "minus " } else { "" }, words(thousands));
    let decimal_de = decimal.replace('.', ",");
    Some((
        msg!(
            "`{key}`: `{s}` ist mehrdeutig",
            "`{key}`: `{s}` is ambiguous"
        ),
        Some(msg!(
            "gelesen als {sign}{decimal}, nicht als {sign}{thousands}",
            "read as {sign}{decimal}, not as {sign}{thousands}"
        )),
        msg!(
            "meinten Sie {sign}{thousands} ({spoken}) oder {sign}{decimal_de}? Schreiben Sie `{sign}{thousands}` ohne Punkt für die Tausender oder `{sign}{decimal}` für die Dezimalzahl{unit_de}: ein Punkt wird immer als Dezimalpunkt gelesen",
            "meinten Sie {sign}{thousands} ({spoken}) oder {sign}{decimal_de}? Write `{sign}{thousands}` without a dot for the thousands, or `{sign}{decimal}` for the decimal number{unit_en}: a dot is always read as a decimal point"
        ),
        // (the decimal reading is what YAML sees; the fix keeps whichever lies in the bounds)
        format!("{sign}{decimal}").parse().ok(),
    ))
}

fn trim_frac(frac: &str) -> &str {
    let t = frac.trim_end_matches('0');
    if t.is_empty() { "0" } else { t }
}

fn is_plain(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    let (i, f) = d.split_once('.').unwrap_or((d, "0"));
    !i.is_empty() && !f.is_empty() && i.bytes().chain(f.bytes()).all(|c| c.is_ascii_digit())
}

fn unquote(raw: &str) -> &str {
    let t = raw.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    t
}

#[derive(Clone, Copy)]
enum Unit {
    Euro(&'static str),
    Percent,
    Dash,
}

impl Unit {
    fn word(self) -> &'static str {
        match self {
            Unit::Euro(w) => w,
            Unit::Percent => "%",
            Unit::Dash => ".-",
        }
    }
}

/// `95 €`, `€ 95`, `95 EUR`, `30 %`, `30 Prozent`, `41000.-` → the number and its unit.
fn strip_unit(s: &str) -> (&str, Option<Unit>) {
    const UNITS: &[(&str, Unit)] = &[
        ("€", Unit::Euro("€")),
        ("EUR", Unit::Euro("EUR")),
        ("Euro", Unit::Euro("Euro")),
        ("euro", Unit::Euro("Euro")),
        ("Eur", Unit::Euro("EUR")),
        ("%", Unit::Percent),
        ("Prozent", Unit::Percent),
        ("v. H.", Unit::Percent),
        (".-", Unit::Dash),
        (",-", Unit::Dash),
        (",--", Unit::Dash),
    ];
    for (w, u) in UNITS {
        if let Some(r) = s.strip_suffix(w) {
            let r = r.trim_end();
            let r = r.strip_suffix(".-").or(r.strip_suffix(",-")).unwrap_or(r);
            return (r.trim_end(), Some(*u));
        }
        if let Some(r) = s.strip_prefix(w) {
            return (r.trim_start(), Some(*u));
        }
    }
    (s, None)
}

/// Reads the German and other everyday spellings; the text says what was wrong ("" = nothing).
fn german(s: &str) -> Option<(f64, (&'static str, &'static str))> {
    let (neg, d) = match s.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, s),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let groups = |t: &str, sep: &[char]| {
        let parts: Vec<&str> = t.split(sep).collect();
        parts.len() > 1
            && (1..=3).contains(&parts[0].len())
            && parts.iter().all(|p| digits(p))
            && parts[1..].iter().all(|p| p.len() == 3)
    };
    let num = |t: String| t.parse::<f64>().ok().map(|x| if neg { -x } else { x });
    let spaces: &[char] = &[' ', '\u{a0}', '\u{202f}', '\''];
    if is_plain(d) {
        return Some((num(d.into())?, ("", "")));
    }
    if let Some((int, frac)) = d.split_once(',') {
        if digits(frac) && (digits(int) || groups(int, &['.']) || groups(int, spaces)) {
            let int: String = int.chars().filter(char::is_ascii_digit).collect();
            let how = if int.len() > 3 || d.contains('.') {
                (
                    "ohne Tausenderpunkte, mit einem Punkt vor den Nachkommastellen",
                    "without thousands separators, with a dot before the decimals",
                )
            } else {
                (
                    "mit einem Punkt vor den Nachkommastellen, nicht mit einem Komma",
                    "with a dot before the decimals, not a comma",
                )
            };
            return Some((num(format!("{int}.{frac}"))?, how));
        }
        if groups(d, &[',']) {
            return Some((
                num(d.replace(',', ""))?,
                ("ohne Tausendertrennzeichen", "without thousands separators"),
            ));
        }
        return None;
    }
    if groups(d, &['.']) || groups(d, spaces) {
        let t: String = d.chars().filter(char::is_ascii_digit).collect();
        return Some((
            num(t)?,
            (
                "ohne Tausendertrennzeichen (keine Punkte, keine Leerzeichen)",
                "without thousands separators (no dots, no spaces)",
            ),
        ));
    }
    None
}

fn example(b: &Bound) -> (&'static str, &'static str) {
    if b.share {
        ("`0.3` für 30 %", "`0.3` for 30 %")
    } else if b.unit == "%" {
        ("`30` für 30 %", "`30` for 30 %")
    } else if b.whole {
        ("`12`", "`12`")
    } else {
        ("`41000` oder `1150.50`", "`41000` or `1150.50`")
    }
}

/// `41000`, `0.3`, `-0.05`: how the value is to be written in YAML.
fn dot(x: f64) -> String {
    let s = format!("{:.6}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn comma(x: f64) -> String {
    dot(x).replace('.', ",")
}

/// German number words up to 999 999 (`einundvierzigtausend`), for the thousands reading.
fn words(n: u64) -> String {
    const ONES: [&str; 20] = [
        "null",
        "eins",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "elf",
        "zwölf",
        "dreizehn",
        "vierzehn",
        "fünfzehn",
        "sechzehn",
        "siebzehn",
        "achtzehn",
        "neunzehn",
    ];
    const TENS: [&str; 10] = [
        "", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
        "neunzig",
    ];
    fn below_100(n: u64) -> String {
        match n {
            0..=19 => ONES[n as usize].into(),
            _ if n.is_multiple_of(10) => TENS[(n / 10) as usize].into(),
            _ => {
                let one = if n % 10 == 1 {
                    "ein"
                } else {
                    ONES[(n % 10) as usize]
                };
                format!("{one}und{}", TENS[(n / 10) as usize])
            }
        }
    }
    fn below_1000(n: u64) -> String {
        let (h, r) = (n / 100, n % 100);
        let mut s = String::new();
        if h > 0 {
            s.push_str(if h == 1 { "ein" } else { ONES[h as usize] });
            s.push_str("hundert");
        }
        if r > 0 || h == 0 {
            s.push_str(&below_100(r));
        }
        s
    }
    if n >= 1_000_000 {
        return n.to_string();
    }
    let (t, r) = (n / 1000, n % 1000);
    if t == 0 {
        return below_1000(r);
    }
    let mut s = below_1000(t);
    if s.ends_with("eins") {
        s.pop();
    }
    s.push_str("tausend");
    if r > 0 {
        s.push_str(&below_1000(r));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_words() {
        assert_eq!(words(41000), "einundvierzigtausend");
        assert_eq!(words(1150), "eintausendeinhundertfünfzig");
        assert_eq!(words(2500), "zweitausendfünfhundert");
        assert_eq!(words(101_001), "einhunderteintausendeins");
        assert_eq!(
            words(999_999),
            "neunhundertneunundneunzigtausendneunhundertneunundneunzig"
        );
    }

    #[test]
    fn spellings() {
        let eur = &bounds::EUR;
        let v = |raw: &str, b: &Bound| judge(raw, "k", b).map(|j| (j.2, j.3));
        assert_eq!(v("41000", eur), None);
        assert_eq!(v("0.250", &bounds::SHARE), None);
        assert_eq!(v("1e3", eur), None);
        assert_eq!(v("1.234.567", eur).unwrap().1, Some(1_234_567.0));
        assert_eq!(v("41.000,00", eur).unwrap().1, Some(41000.0));
        assert_eq!(v("1 000", eur).unwrap().1, Some(1000.0));
        assert_eq!(v("95 €", eur).unwrap().1, Some(95.0));
        assert_eq!(v("EUR 95", eur).unwrap().1, Some(95.0));
        assert_eq!(v("41000.-", eur).unwrap().1, Some(41000.0));
        assert_eq!(v("0,3", &bounds::SHARE).unwrap().1, Some(0.3));
        assert_eq!(v("30 %", &bounds::SHARE).unwrap().1, Some(0.3));
        assert_eq!(v("30 %", &bounds::PERCENT).unwrap().1, Some(30.0));
        assert_eq!(v("viel", eur).unwrap().1, None);
    }
}
