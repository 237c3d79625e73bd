//! German-aware offline search: the index of one output, the search page (`suche/`) and the page
//! list (`seitenuebersicht/`), the no-JavaScript fallback the search page links to.
//!
//! The index is built from the rendered HTML of the output (`<h1>`, `<h2>`–`<h6>`, the text of
//! `<main>`, `<meta name="description">`), so it covers every page kind and can only contain what
//! the output contains: the public index cannot leak internal text.
//!
//! It is shipped as `suche/index.js`, a script that wraps the JSON in `JSON.parse('…')` (a
//! `<script>` loads from `file://`, a `fetch` of a `.json` file does not), loaded by
//! `assets/search.js` when a search field is first used.
//!
//! # Normalisation (one definition, mirrored in `assets/search.js`)
//!
//! For a text (a page or a query):
//! 1. lower case (Unicode);
//! 2. combining marks U+0300–U+036F, the soft hyphen and zero-width characters are dropped;
//!    `ä à á â ã å ā` → `a`, `ö ò ó ô õ ø ō` → `o`, `ü ù ú û ū` → `u`, `è é ê ë ē` → `e`,
//!    `ì í î ï` → `i`, `ç` → `c`, `ñ` → `n`, `ý ÿ` → `y`, `æ` → `ae`, `œ` → `oe`, `ß` → `ss`;
//! 3. words are the runs of letters and digits (`\p{Alphabetic}` or `\p{N}`);
//! 4. a word whose folded form is in the stop-word list is dropped (the list travels in the index);
//! 5. a light German suffix stemmer (Savoy's, as in Lucene's `GermanLightStemmer`) removes one
//!    inflection ending: `-ern`, `-em -en -er -es`, `-e`, `-s` after b d f g h k l m n t; then
//!    `-est`, `-er -en`, `-st` after those consonants (each only on long enough words);
//! 6. `ae` → `a`, `oe` → `o`, `ue` → `u`, left to right, so that "Geräte", "Geraete" and "Gerate"
//!    are all `gerat`. The price: words with a real "ae/oe/ue" lose the "e" too ("aktuell" →
//!    `aktull`, "Feuerwehr" → `feurwehr`); index and query are folded alike, so they still match,
//!    and two different words rarely fold together. `ss` is kept: "Maße" and "Masse" are one word
//!    (`mass`), "Prozess" stays `prozess`. Stemming comes before step 6 so that "Bauern"/"Bauer"
//!    and "Feuer"/"Feuerwehr" keep their stems.
//!
//! The index side also adds the joined form of hyphenated words ("E-Mail-Archivierung" →
//! `emailarchivierung`), so "Email" and "Webmeetingdienst" find "E-Mail" and "Webmeeting-Dienst".
//!
//! # Ranking (mirrored in `assets/search.js`)
//!
//! Every query word must match. A query word matches an index term exactly (3), as its prefix
//! (2: "Arbeitspl" → "Arbeitsplätze") or, from four characters on, inside it (1: "konzept" →
//! "Notfallkonzept"). That is multiplied by where the term stands in the document: title 10,
//! heading 3, body 1; per query word the best match counts. Documents are ordered by the number
//! of query words found in the title, then by the summed score, then by URL.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::fasthash::FastHash;
use crate::files::Files;
use crate::markdown::TocEntry;
use crate::msg;
use crate::render::RenderEnv;
use crate::urls;

/// Above this size of `suche/index.js` the build warns (mdBook warns at 10 MB; a 38 MB index
/// crashed Mobile Safari).
pub const SIZE_BUDGET: usize = 2 * 1024 * 1024;
/// The excerpt shown under a result, in characters.
pub const EXCERPT_CHARS: usize = 160;

/// Output path of the search index (`suche/index.js`).
pub fn index_file(lang: crate::config::Language) -> String {
    format!("{}/index.js", urls::segments(lang).search)
}

/// Field weights: where in a document a term stands.
pub const FIELD_BODY: u8 = 0;
pub const FIELD_HEADING: u8 = 1;
pub const FIELD_TITLE: u8 = 2;
const FIELD_WEIGHT: [u32; 3] = [1, 3, 10];
/// Match qualities.
const MATCH_EXACT: u32 = 3;
const MATCH_PREFIX: u32 = 2;
const MATCH_INFIX: u32 = 1;
/// Query words shorter than this (in characters) only match exactly or as a prefix.
const INFIX_MIN: usize = 4;

/// Common German function words, not indexed (written as in text; compared after step 2).
pub const STOP_WORDS: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "andere",
    "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "beim", "bis", "bzw", "da",
    "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "dessen", "die", "dies",
    "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "du", "durch", "ein", "eine",
    "einem", "einen", "einer", "eines", "er", "es", "etwa", "für", "gegen", "hat", "hatte", "hier",
    "ich", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "in", "ist", "ja", "jede",
    "jedem", "jeden", "jeder", "jedes", "kann", "man", "mit", "muss", "nach", "nicht", "noch",
    "nur", "ob", "oder", "sich", "sie", "sind", "so", "sowie", "um", "und", "uns", "unter", "vom",
    "von", "vor", "war", "was", "weil", "wenn", "werden", "wie", "wir", "wird", "wo", "wurde",
    "wurden", "zu", "zum", "zur", "über",
];

// ------------------------------------------------------------------------------------------
// normalisation

/// Steps 1–2: lower case and fold accented letters (ß → ss). Also used for the stop words.
pub fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_chars_into(text, &mut out);
    out
}

/// [`fold_chars`], appending to `out` (a buffer the index reuses from page to page).
fn fold_chars_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    // `str::to_lowercase` differs from lower-casing char by char only for Σ (final sigma)
    if text.contains('Σ') {
        for c in text.to_lowercase().chars() {
            fold_char(c, out);
        }
        return;
    }
    // pages are mostly ASCII: copy each ASCII run whole and lower-case it in place
    let mut rest = text;
    loop {
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if run > 0 {
            let at = out.len();
            out.push_str(&rest[..run]);
            out[at..].make_ascii_lowercase();
        }
        let mut chars = rest[run..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        rest = chars.as_str();
        match c {
            // no case mapping in Latin-1 punctuation, its lower-case letters and General
            // Punctuation: the Unicode case tables need not be searched for them
            '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{df}'..='\u{ff}' | '\u{2000}'..='\u{206f}' => {
                fold_char(c, out)
            }
            // Latin-1 capitals: the lower-case letter is 0x20 further on
            '\u{c0}'..='\u{de}' => fold_char(char::from_u32(c as u32 + 0x20).unwrap_or(c), out),
            c => {
                for l in c.to_lowercase() {
                    fold_char(l, out);
                }
            }
        }
    }
}

fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{0300}'..='\u{036f}'
        | '\u{00ad}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{feff}' => {}
        'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => out.push('a'),
        'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => out.push('o'),
        'ü' | 'ù' | 'ú' | 'û' | 'ū' => out.push('u'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' => out.push('e'),
        'ì' | 'í' | 'î' | 'ï' => out.push('i'),
        'ç' => out.push('c'),
        'ñ' => out.push('n'),
        'ý' | 'ÿ' => out.push('y'),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ß' => out.push_str("ss"),
        c => out.push(c),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

fn st_ending(c: char) -> bool {
    matches!(c, 'b' | 'd' | 'f' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 't')
}

/// Step 5: the light German stemmer, on a folded word.
pub fn stem(word: &str) -> &str {
    // Only the last three characters are looked at, and only ASCII ones are removed, so the
    // cut is a number of bytes at the end.
    let n = word.chars().count();
    let mut last = ['\0'; 3]; // last[0] = last character
    for (i, c) in word.chars().rev().take(3).enumerate() {
        last[i] = c;
    }
    // step 1: -ern; -em -en -er -es; -e; -s after b d f g h k l m n t
    let cut1 = if n > 5 && last[2] == 'e' && last[1] == 'r' && last[0] == 'n' {
        3
    } else if n > 4 && last[1] == 'e' && matches!(last[0], 'm' | 'n' | 'r' | 's') {
        2
    } else if n > 3 && (last[0] == 'e' || (last[0] == 's' && st_ending(last[1]))) {
        1
    } else {
        0
    };
    let s = &word[..word.len() - cut1];
    // step 2: -est; -er -en; -st after b d f g h k l m n t
    let n = n - cut1;
    let mut last = ['\0'; 3];
    for (i, c) in s.chars().rev().take(3).enumerate() {
        last[i] = c;
    }
    let cut2 = if n > 5 && last[2] == 'e' && last[1] == 's' && last[0] == 't' {
        3
    } else if n > 4
        && ((last[1] == 'e' && matches!(last[0], 'r' | 'n'))
            || (last[1] == 's' && last[0] == 't' && st_ending(last[2])))
    {
        2
    } else {
        0
    };
    &s[..s.len() - cut2]
}

/// Step 6: `ae` → `a`, `oe` → `o`, `ue` → `u`, left to right, not overlapping.
pub fn fold_digraphs(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut from = 0;
    let mut i = 0;
    while i + 1 < b.len() {
        if matches!(b[i], b'a' | b'o' | b'u') && b[i + 1] == b'e' {
            out.push_str(&word[from..=i]);
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&word[from..]);
    out
}

/// Steps 5–6 on one folded word.
pub fn normalise_folded(word: &str) -> String {
    fold_digraphs(stem(word))
}

/// One word, all steps (no stop-word check): "Geräte" → `gerat`.
pub fn normalise_word(word: &str) -> String {
    let folded = fold_chars(word);
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(normalise_folded)
        .collect()
}

/// The stop words, folded (steps 1–2), as compared with folded words.
pub fn stop_words() -> BTreeSet<String> {
    STOP_WORDS.iter().map(|w| fold_chars(w)).collect()
}

/// The words of a query, normalised, stop words removed, each once, in order.
pub fn query_terms(query: &str) -> Vec<String> {
    let stop = stop_words();
    let mut out: Vec<String> = Vec::new();
    for w in fold_chars(query).split(|c: char| !is_word_char(c)) {
        if w.is_empty() || stop.contains(w) {
            continue;
        }
        let t = normalise_folded(w);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The terms of a document text: normalised words without stop words and one-letter words, plus
/// the joined form of hyphenated words.
pub fn text_terms(text: &str, stop: &BTreeSet<String>, into: &mut BTreeSet<String>) {
    let folded = fold_chars(text);
    each_word(&folded, |w| {
        if indexed(w, stop) {
            into.insert(normalise_folded(w));
        }
    });
}

/// Whether a folded word (or joined hyphen chain) makes a term: not a stop word, not one letter.
fn indexed(word: &str, stop: &BTreeSet<String>) -> bool {
    word.chars().nth(1).is_some() && !stop.contains(word)
}

/// Whether the character starting at byte `i` of `s` is a word character, and its length.
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        // for ASCII, `is_alphabetic() || is_numeric()` is exactly this
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = s[i..].chars().next().unwrap_or_default();
    (is_word_char(c), c.len_utf8())
}

/// The words of [`text_terms`] in a folded text, before the stop-word check and steps 5–6: every
/// word as often as it occurs, and after each chain of hyphenated words its joined form
/// (filtering and normalising is left to the caller, which can memoise both across pages).
fn each_word(folded: &str, mut f: impl FnMut(&str)) {
    let b = folded.as_bytes();
    let len = b.len();
    let mut chain = String::new();
    let mut chain_start: Option<usize> = None;
    let mut chain_parts = 0;
    let mut pos = 0;
    loop {
        // the next word: bytes for ASCII, decoded characters otherwise
        let mut start = pos;
        while start < len {
            let (w, n) = word_char_at(folded, start);
            if w {
                break;
            }
            start += n;
        }
        if start >= len {
            break;
        }
        let mut end = start;
        while end < len {
            let (w, n) = word_char_at(folded, end);
            if !w {
                break;
            }
            end += n;
        }
        f(&folded[start..end]);
        if chain_start.is_none() {
            chain_start = Some(start);
        }
        chain_parts += 1;
        pos = end;
        // `a-b`: a hyphen (or non-breaking hyphen) directly between two words continues a chain
        let hyphen = if b.get(pos) == Some(&b'-') {
            1
        } else if folded[pos..].starts_with('\u{2011}') {
            '\u{2011}'.len_utf8()
        } else {
            0
        };
        if !(hyphen > 0 && pos + hyphen < len && word_char_at(folded, pos + hyphen).0) {
            if chain_parts > 1
                && let Some(cs) = chain_start
            {
                chain.clear();
                chain.extend(folded[cs..pos].chars().filter(|c| is_word_char(*c)));
                f(&chain);
            }
            chain_start = None;
            chain_parts = 0;
        }
    }
}

// ------------------------------------------------------------------------------------------
// reading the rendered HTML

/// What the index takes from one rendered page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Extract {
    /// `<h1>` in `<main>`, else `<title>`.
    pub title: String,
    pub description: Option<String>,
    /// Text of `<h2>`–`<h6>` in `<main>`.
    pub headings: String,
    /// Text of `<main>` without navigation, scripts, SVG, form controls and hidden parts
    /// (white space as in the page).
    pub body: String,
    /// The first paragraph of `<main>` outside figures and headers, with some substance.
    pub first_paragraph: Option<String>,
}

/// Elements whose content is left out of the body.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "script"
            | "style"
            | "template"
            | "svg"
            | "button"
            | "select"
            | "noscript"
            | "textarea"
    )
}

/// Elements that do not separate words.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Attributes of a start tag (`name="value"`, `name='value'`, `name=value`, `name`): the name
/// as written and the value before entity decoding. Borrowed, as most tags are only asked
/// whether they are hidden.
struct Attributes<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let s = self.s;
        let b = s.as_bytes();
        let mut i = self.i;
        while i < b.len() {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
                i += 1;
            }
            if start == i {
                i += 1;
                continue;
            }
            let name = &s[start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vs = i + 1;
                    i = vs;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = &s[vs..i.min(b.len())];
                    i += 1;
                } else {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &s[vs..i];
                }
            }
            self.i = i;
            return Some((name, value));
        }
        self.i = i;
        None
    }
}

fn attributes(s: &str) -> Attributes<'_> {
    Attributes { s, i: 0 }
}

/// Whether `hidden` (any case) occurs in a start tag at all: both attributes that hide an
/// element contain it, and most tags can so be passed without parsing their attributes.
fn mentions_hidden(attrs: &str) -> bool {
    let b = attrs.as_bytes();
    memchr::memchr2_iter(b'h', b'H', b).any(|i| {
        b.get(i..i + 6)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"hidden"))
    })
}

/// The decoded value of the first attribute `name` (lower case) of a start tag.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attributes(attrs)
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| decode_entities(v))
}

/// HTML character references: numeric ones and the named ones templates and Markdown produce.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = match end {
            Some(e) if rest[e..].starts_with(';') => {
                let name = &rest[1..e];
                let c = if let Some(num) = name.strip_prefix('#') {
                    let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        num.parse().ok()
                    };
                    v.and_then(char::from_u32).map(String::from)
                } else {
                    named_entity(name).map(String::from)
                };
                c.map(|c| (c, e + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "bdquo" => "„",
        "ldquo" => "“",
        "rdquo" => "”",
        "sbquo" => "‚",
        "lsquo" => "‘",
        "rsquo" => "’",
        "laquo" => "«",
        "raquo" => "»",
        "euro" => "€",
        "sect" => "§",
        "copy" => "©",
        "middot" => "·",
        "times" => "×",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        _ => return None,
    })
}

/// Collapse whitespace runs to one space, trim.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Position of `</name` (any case) in `s`.
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&b[from..], b"</") {
        let at = from + i;
        let start = at + 2;
        if b.len() >= start + name.len()
            && b[start..start + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(at);
        }
        from = start;
    }
    None
}

/// Read one rendered page.
pub fn extract(html: &str) -> Extract {
    let mut x = Extract::default();
    let mut title_tag = String::new();
    let mut in_title = false;
    let mut main_depth = 0usize;
    // (tag, depth) of an element whose content is left out
    let mut skip: Option<(String, usize)> = None;
    let mut h1: Option<String> = None;
    let mut in_h1 = false;
    let mut in_heading = false;
    let mut figure_or_header = 0usize;
    let mut para: Option<String> = None;
    let mut body = String::new();
    let mut headings = String::new();

    let mut rest = html;
    loop {
        let lt = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        let text = &rest[..lt];
        if !text.is_empty() && (main_depth > 0 || in_title) && skip.is_none() {
            let t = decode_entities(text);
            if in_title {
                title_tag.push_str(&t);
            }
            if main_depth > 0 {
                body.push_str(&t);
                if in_h1 {
                    h1.get_or_insert_with(String::new).push_str(&t);
                }
                if in_heading {
                    headings.push_str(&t);
                }
                if let Some(p) = &mut para {
                    p.push_str(&t);
                }
            }
        }
        if lt >= rest.len() {
            break;
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = memchr::memmem::find(rest.as_bytes(), b"-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = memchr::memchr(b'>', rest.as_bytes()).map_or("", |e| &rest[e + 1..]);
            continue;
        }
        // a tag: name, then attributes up to the closing `>` outside quotes
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest.as_bytes()[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            // a lone `<` in text
            if main_depth > 0 && skip.is_none() {
                body.push('<');
            }
            rest = &rest[1..];
            continue;
        }
        let raw_name = &rest[name_start..name_start + name_len];
        let name: Cow<str> = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw_name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw_name)
        };
        let name: &str = &name;
        // the end of the tag: the first `>` outside a quoted value (memchr, not byte by byte:
        // the example plan's tables carry many attributes)
        let mut i = name_start + name_len;
        let bytes = rest.as_bytes();
        while let Some(k) = memchr::memchr3(b'"', b'\'', b'>', &bytes[i..]) {
            let at = i + k;
            if bytes[at] == b'>' {
                i = at;
                break;
            }
            i = memchr::memchr(bytes[at], &bytes[at + 1..]).map_or(bytes.len(), |e| at + e + 2);
        }
        if i < bytes.len() && bytes[i] != b'>' {
            i = bytes.len();
        }
        let attrs_str = &rest[name_start + name_len..i.min(rest.len())];
        rest = if i < rest.len() { &rest[i + 1..] } else { "" };
        let self_closing = attrs_str.trim_end().ends_with('/');

        // raw text elements: jump over their content
        if !closing && (name == "script" || name == "style") && !self_closing {
            rest = find_end_tag(rest, name).map_or("", |e| &rest[e..]);
            continue;
        }

        if let Some((tag, depth)) = &mut skip {
            if *tag == name && !self_closing {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }

        if closing {
            match name {
                "title" => in_title = false,
                // <title> and <meta> are read: skip the site header and menu
                "head" if main_depth == 0 => {
                    rest =
                        memchr::memmem::find(rest.as_bytes(), b"<main").map_or("", |i| &rest[i..]);
                    continue;
                }
                "main" => {
                    main_depth = main_depth.saturating_sub(1);
                    if main_depth == 0 {
                        break; // the footer is not indexed
                    }
                }
                "h1" => in_h1 = false,
                "h2" | "h3" | "h4" | "h5" | "h6" => {
                    in_heading = false;
                    headings.push(' ');
                }
                "figure" | "header" | "figcaption" => {
                    figure_or_header = figure_or_header.saturating_sub(1)
                }
                "p" => {
                    if let Some(p) = para.take() {
                        let p = squash(&p);
                        if x.first_paragraph.is_none() && p.chars().count() >= 20 {
                            x.first_paragraph = Some(p);
                        }
                    }
                }
                _ => {}
            }
        } else {
            match name {
                "title" => in_title = true,
                "meta" if attribute(attrs_str, "name").as_deref() == Some("description") => {
                    if let Some(c) = attribute(attrs_str, "content") {
                        x.description = Some(squash(&c));
                    }
                }
                "main" => main_depth += 1,
                _ => {}
            }
            if main_depth > 0
                && !is_void(name)
                && !self_closing
                && (is_skipped(name)
                    || (mentions_hidden(attrs_str)
                        && (attributes(attrs_str).any(|(k, _)| k.eq_ignore_ascii_case("hidden"))
                            || attribute(attrs_str, "aria-hidden").as_deref() == Some("true"))))
            {
                skip = Some((name.to_string(), 1));
                continue;
            }
            match name {
                "h1" if h1.is_none() => {
                    in_h1 = true;
                    h1 = Some(String::new());
                }
                "h2" | "h3" | "h4" | "h5" | "h6" => in_heading = true,
                "figure" | "header" | "figcaption" => figure_or_header += 1,
                "p" if main_depth > 0 && figure_or_header == 0 && x.first_paragraph.is_none() => {
                    para = Some(String::new());
                }
                _ => {}
            }
        }
        // block boundaries separate words; inline tags do not
        if main_depth > 0 && !is_inline(name) {
            body.push(' ');
            if in_h1 && let Some(h) = &mut h1 {
                h.push(' ');
            }
            if in_heading {
                headings.push(' ');
            }
            if let Some(p) = &mut para {
                p.push(' ');
            }
        }
    }
    x.title = h1
        .map(|h| squash(&h))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| squash(&title_tag));
    x.headings = squash(&headings);
    x.body = body;
    x
}

/// At most `max` characters, cut at a word boundary, with "…" when shortened.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = squash(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c))
    )
}

// ------------------------------------------------------------------------------------------
// the index

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    pub title: String,
    /// Output path, percent-encoded (`risiken/r-001/index.html`).
    pub url: String,
    pub section: String,
    pub excerpt: String,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Sorted by output path.
    pub docs: Vec<Doc>,
    /// Term → (document, best field), documents ascending.
    pub terms: BTreeMap<String, Vec<(u32, u8)>>,
}

/// One page as read for the index and the page list.
#[derive(Debug, Clone)]
pub struct PageText {
    pub out: String,
    pub x: Extract,
}

/// The HTML pages of an output the index covers: all but the 404 page and the paths in `exclude`
/// (the search page and the page list), ordered by path.
fn html_pages<'a>(files: &'a Files, exclude: &[&str]) -> Vec<(&'a String, &'a Vec<u8>)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html" && !exclude.contains(&p.as_str()))
        .collect()
}

fn read_page(out: &str, bytes: &[u8]) -> PageText {
    PageText {
        out: out.to_string(),
        x: match std::str::from_utf8(bytes) {
            Ok(s) => extract(s),
            Err(_) => extract(&String::from_utf8_lossy(bytes)),
        },
    }
}

/// Read every HTML page of the output except the 404 page and `exclude` (the search page and the
/// page list), name the sections and build the index, in one pass over the pages: a page is
/// indexed right after it is read, while its text is in the cache, and its body is then dropped
/// (the pages returned have an empty `body`) instead of all bodies being held at once.
pub fn read_and_index(
    files: &Files,
    exclude: &[&str],
    home: &str,
) -> (Vec<PageText>, BTreeMap<String, String>, Index) {
    let stop = stop_words();
    let workers: Vec<(Vec<ReadPage>, Postings)> = html_pages(files, exclude)
        .par_iter()
        .enumerate()
        .with_min_len(PAGES_PER_TASK)
        .fold(
            || (Vec::new(), Postings::default()),
            |(mut read, mut postings), (i, (out, bytes))| {
                let mut p = read_page(out, bytes);
                postings.add_page(i as u32, &p.x, &stop);
                let excerpt = page_excerpt(&p.x);
                p.x.body = String::new();
                read.push((i, p, excerpt));
                (read, postings)
            },
        )
        .collect();
    let mut read = Vec::new();
    let mut postings = Vec::with_capacity(workers.len());
    for (r, p) in workers {
        read.extend(r);
        postings.push(p);
    }
    read.sort_unstable_by_key(|(i, _, _)| *i);
    let (pages, excerpts): (Vec<PageText>, Vec<String>) =
        read.into_iter().map(|(_, p, e)| (p, e)).unzip();
    let sections = section_titles(&pages, home);
    let index = Index {
        docs: docs(&pages, excerpts, &sections),
        terms: Postings::combine(postings),
    };
    (pages, sections, index)
}

/// A page as [`read_and_index`] keeps it: its number, the page without its body, its excerpt.
type ReadPage = (usize, PageText, String);

/// Pages per parallel task. Each task starts with an empty memo of words, and filling it costs
/// about as much as indexing a few pages: with 16 pages a task the memos were 5 % of the example
/// plan's instructions (callgrind). Outputs are indexed side by side, so a hundred pages need not
/// be split finely to keep both cores busy; at 10,000 pages 64 was no slower than 16.
const PAGES_PER_TASK: usize = 64;

/// The text a search result shows under the title.
fn page_excerpt(x: &Extract) -> String {
    let ex = x
        .description
        .as_deref()
        .filter(|d| !d.is_empty())
        .or(x.first_paragraph.as_deref())
        .unwrap_or(&x.body);
    excerpt(ex, EXCERPT_CHARS)
}

fn docs(
    pages: &[PageText],
    excerpts: Vec<String>,
    sections: &BTreeMap<String, String>,
) -> Vec<Doc> {
    pages
        .iter()
        .zip(excerpts)
        .map(|(p, excerpt)| Doc {
            title: p.x.title.clone(),
            url: urls::encode_path(&p.out),
            section: sections
                .get(section_key(&p.out))
                .cloned()
                .unwrap_or_default(),
            excerpt,
        })
        .collect()
}

/// First folder of an output path: `risiken/r-001/index.html` → `risiken`; `index.html` → ``.
pub fn section_key(out: &str) -> &str {
    out.split_once('/').map_or("", |(s, _)| s)
}

/// Section titles: the start page is `home`; a folder is named by the title of its index page.
pub fn section_titles(pages: &[PageText], home: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(String::new(), home.to_string());
    for p in pages {
        let key = section_key(&p.out);
        if !key.is_empty() && p.out == format!("{key}/index.html") {
            m.insert(key.to_string(), p.x.title.clone());
        }
    }
    for p in pages {
        let key = section_key(&p.out);
        m.entry(key.to_string()).or_insert_with(|| key.to_string());
    }
    m
}

/// A hash for the words in [`Postings`]: a memo lookup per word of every page is the index's
/// inner loop, and this reads eight bytes at a time where FNV reads one (multiply-rotate as in
/// FxHash). Nothing is read from the order of the maps it is used in.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn mix(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(Self::K).rotate_left(26);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // byte by byte: a `copy_from_slice` of variable length is a call to `memcpy`
            let mut w = (rest.len() as u64) << 59;
            for (k, &b) in rest.iter().enumerate() {
                w ^= u64::from(b) << (8 * k);
            }
            self.mix(w);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordHash = std::hash::BuildHasherDefault<WordHasher>;

/// Memo value of a word that makes no term.
const NOT_INDEXED: usize = usize::MAX;

/// Postings of the pages one worker has read. Each worker keeps its own postings and a memo of
/// word → term, so a word is stemmed once per worker rather than once per page; the maps are
/// buffers, what reaches the output is sorted (terms by name, postings by document).
#[derive(Default)]
struct Postings {
    /// Folded word → its term's number in `terms`, or [`NOT_INDEXED`] (stop and one-letter words).
    memo: HashMap<String, usize, WordHash>,
    /// Term → its number (several words may normalise to one term).
    ids: HashMap<String, usize, FastHash>,
    /// Term and its (document, best field) pairs.
    terms: Vec<(String, Vec<(u32, u8)>)>,
    /// The folded text of a page field, kept to save an allocation per field.
    folded: String,
}

impl Postings {
    fn term_id(&mut self, term: String) -> usize {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.terms.len();
        self.ids.insert(term.clone(), id);
        self.terms.push((term, Vec::new()));
        id
    }

    /// `word` (folded) occurs in `field` of document `doc`; fields of one document come in
    /// ascending order, so the best field is the last one seen. A word may come any number of
    /// times: one lookup in the memo is cheaper than first collecting a page's distinct words.
    fn add(&mut self, word: &str, doc: u32, field: u8, stop: &BTreeSet<String>) {
        let id = match self.memo.get(word) {
            Some(&id) => id,
            None => {
                let id = if indexed(word, stop) {
                    self.term_id(normalise_folded(word))
                } else {
                    NOT_INDEXED
                };
                self.memo.insert(word.to_string(), id);
                id
            }
        };
        if id == NOT_INDEXED {
            return;
        }
        let list = &mut self.terms[id].1;
        match list.last_mut() {
            Some(last) if last.0 == doc => last.1 = last.1.max(field),
            _ => list.push((doc, field)),
        }
    }

    /// The words of a page's body, headings and title (in this order: see [`Postings::add`]).
    fn add_page(&mut self, doc: u32, x: &Extract, stop: &BTreeSet<String>) {
        for (text, field) in [
            (&x.body, FIELD_BODY),
            (&x.headings, FIELD_HEADING),
            (&x.title, FIELD_TITLE),
        ] {
            let mut folded = std::mem::take(&mut self.folded);
            folded.clear();
            fold_chars_into(text, &mut folded);
            each_word(&folded, |w| self.add(w, doc, field, stop));
            self.folded = folded;
        }
    }

    /// The postings of all workers, term by term. Each worker read one run of consecutive
    /// documents, so each list is the concatenation of ascending runs; appending each worker's
    /// list once (rather than merging workers pairwise) copies every posting at most twice.
    fn combine(workers: Vec<Postings>) -> BTreeMap<String, Vec<(u32, u8)>> {
        let mut terms: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
        for w in workers {
            for (term, list) in w.terms {
                match terms.get_mut(&term) {
                    Some(all) => all.extend(list),
                    None if !list.is_empty() => {
                        terms.insert(term, list);
                    }
                    None => {}
                }
            }
        }
        for list in terms.values_mut() {
            // a stable sort merges the runs in one pass if they are out of order, and documents
            // are distinct, so it sorts as an unstable one would
            list.sort();
        }
        terms
    }
}

impl Index {
    /// The reference ranking (`assets/search.js` does the same): matching documents, best first.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q = query_terms(query);
        if q.is_empty() {
            return Vec::new();
        }
        // per document: (query words matched, in title, score)
        let mut acc: BTreeMap<u32, (usize, usize, u32)> = BTreeMap::new();
        for (qi, qt) in q.iter().enumerate() {
            let qlen = qt.chars().count();
            let mut best: BTreeMap<u32, (u32, bool)> = BTreeMap::new();
            for (term, postings) in &self.terms {
                let quality = if term == qt {
                    MATCH_EXACT
                } else if term.starts_with(qt.as_str()) {
                    MATCH_PREFIX
                } else if qlen >= INFIX_MIN && term.contains(qt.as_str()) {
                    MATCH_INFIX
                } else {
                    continue;
                };
                for &(doc, field) in postings {
                    let score = quality * FIELD_WEIGHT[field as usize];
                    let e = best.entry(doc).or_insert((0, false));
                    e.0 = e.0.max(score);
                    e.1 |= field == FIELD_TITLE;
                }
            }
            for (doc, (score, in_title)) in best {
                let e = acc.entry(doc).or_insert((0, 0, 0));
                if e.0 == qi {
                    e.0 += 1;
                    e.1 += usize::from(in_title);
                    e.2 += score;
                }
            }
        }
        let mut hits: Vec<Hit> = acc
            .into_iter()
            .filter(|(_, (n, _, _))| *n == q.len())
            .map(|(doc, (_, title, score))| Hit {
                doc: doc as usize,
                title_matches: title,
                score,
            })
            .collect();
        hits.sort_by(|a, b| {
            b.title_matches
                .cmp(&a.title_matches)
                .then(b.score.cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        hits
    }

    /// The index as `suche/index.js`, and each document's share of its bytes.
    ///
    /// JSON: `v` version, `stop` the folded stop words, `s` section names, `d` documents
    /// `[title, url without a final "index.html", section number, excerpt]`, `t` the terms
    /// (sorted, separated by spaces), `p` their postings in the same order, separated by spaces.
    /// A term's postings are numbers `delta * 4 + field` (delta: document number minus the
    /// previous one, the first is the document number itself; field 0 body, 1 heading, 2 title),
    /// each written in base 32, most significant digit first, every digit but the last from
    /// [`POSTING_MORE`] and the last from [`POSTING_LAST`]: a posting of a common term is one
    /// character.
    pub fn to_js(&self) -> (Vec<u8>, Vec<usize>) {
        let mut share: Vec<usize> = Vec::with_capacity(self.docs.len());
        let mut sections: Vec<&str> = self.docs.iter().map(|d| d.section.as_str()).collect();
        sections.sort_unstable();
        sections.dedup();
        let mut terms = String::new();
        let mut postings = String::new();
        let mut doc_postings = vec![0usize; self.docs.len()];
        for (t, ps) in &self.terms {
            if !terms.is_empty() {
                terms.push(' ');
                postings.push(' ');
            }
            terms.push_str(t);
            let mut prev = 0u64;
            for (k, &(doc, field)) in ps.iter().enumerate() {
                let doc = u64::from(doc);
                let delta = if k == 0 { doc } else { doc - prev };
                prev = doc;
                let before = postings.len();
                encode_posting(delta * 4 + u64::from(field), &mut postings);
                doc_postings[doc as usize] += postings.len() - before;
            }
        }
        // The JSON is written directly, in the compact form and key order (sorted) of
        // `serde_json::Value::to_string`, the form the index has always had.
        let mut json: Vec<u8> = Vec::with_capacity(
            terms.len() + postings.len() + self.docs.len() * (2 * EXCERPT_CHARS + 100) + 4096,
        );
        json.extend_from_slice(b"{\"d\":[");
        for (k, d) in self.docs.iter().enumerate() {
            if k > 0 {
                json.push(b',');
            }
            let before = json.len();
            let s = sections.binary_search(&d.section.as_str()).unwrap_or(0);
            let url = d.url.strip_suffix("index.html").unwrap_or(&d.url);
            json.push(b'[');
            push_json(&mut json, &d.title);
            json.push(b',');
            push_json(&mut json, url);
            json.push(b',');
            push_json(&mut json, &s);
            json.push(b',');
            push_json(&mut json, &d.excerpt);
            json.push(b']');
            // the document's array and its comma
            share.push(json.len() - before + 1 + doc_postings[k]);
        }
        json.extend_from_slice(b"],\"p\":");
        push_json(&mut json, &postings);
        json.extend_from_slice(b",\"s\":");
        push_json(&mut json, &sections);
        json.extend_from_slice(b",\"stop\":");
        push_json(&mut json, &stop_words());
        json.extend_from_slice(b",\"t\":");
        push_json(&mut json, &terms);
        json.extend_from_slice(b",\"v\":1}");

        const HEAD: &[u8] = b"/* krisenfest search index of this output, generated; read by assets/search.js */\nwindow.krisenfestSearchIndex = JSON.parse('";
        let mut out = Vec::with_capacity(HEAD.len() + json.len() + json.len() / 64 + 16);
        out.extend_from_slice(HEAD);
        // a JS string in single quotes: copy the runs between the bytes that need escaping
        let mut from = 0;
        for (i, &b) in json.iter().enumerate() {
            let (esc, len): (&[u8], usize) = match b {
                b'\\' => (b"\\\\", 1),
                b'\'' => (b"\\'", 1),
                b'\n' => (b"\\n", 1),
                b'\r' => (b"\\r", 1),
                b'<' => (b"\\x3c", 1),
                // U+2028 and U+2029 end a line in older JavaScript
                0xe2 if json.get(i + 1) == Some(&0x80) && json.get(i + 2) == Some(&0xa8) => {
                    (b"\\u2028", 3)
                }
                0xe2 if json.get(i + 1) == Some(&0x80) && json.get(i + 2) == Some(&0xa9) => {
                    (b"\\u2029", 3)
                }
                _ => continue,
            };
            out.extend_from_slice(&json[from..i]);
            out.extend_from_slice(esc);
            from = i + len;
        }
        out.extend_from_slice(&json[from..]);
        out.extend_from_slice(b"');\n");
        (out, share)
    }
}

/// Append `v` as compact JSON (writing to a `Vec` cannot fail).
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(out, v).unwrap_or_default();
}

/// Digits of a posting number that are followed by more digits (see [`Index::to_js`]).
pub const POSTING_MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";
/// The last digit of a posting number.
pub const POSTING_LAST: &str = "0123456789abcdefghijklmnopqrstuv";

fn encode_posting(v: u64, out: &mut String) {
    // base 32, least significant digit first: 13 digits hold any u64
    let mut digits = [0u8; 13];
    let mut n = 0;
    let mut v = v;
    loop {
        digits[n] = (v % 32) as u8;
        n += 1;
        v /= 32;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(POSTING_MORE.as_bytes()[usize::from(digits[i])] as char);
    }
    out.push(POSTING_LAST.as_bytes()[usize::from(digits[0])] as char);
}

/// Inverse of the postings encoding of [`Index::to_js`]: (document, field) pairs.
pub fn decode_postings(s: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    let mut acc = 0u64;
    let mut doc = 0u64;
    for c in s.chars() {
        if let Some(d) = POSTING_MORE.find(c) {
            acc = acc * 32 + d as u64;
        } else if let Some(d) = POSTING_LAST.find(c) {
            let v = acc * 32 + d as u64;
            acc = 0;
            doc = if out.is_empty() { v / 4 } else { doc + v / 4 };
            out.push((doc as u32, (v % 4) as u8));
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub title_matches: usize,
    pub score: u32,
}

// ------------------------------------------------------------------------------------------
// pages

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Order for people: case and accents folded, digit runs compared as numbers ("G0.2" < "G0.11").
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let f = fold_chars(s);
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in f.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
        } else {
            if let Some(n) = num.take() {
                out.push((std::mem::take(&mut text), n));
            }
            text.push(c);
        }
    }
    out.push((text, num.unwrap_or(0)));
    out
}

/// The warning for an index of `size` bytes over [`SIZE_BUDGET`], naming the documents with the
/// largest `share` of it.
pub fn budget_warning(
    output: &str,
    index: &Index,
    size: usize,
    share: &[usize],
) -> Option<Diagnostic> {
    if size <= SIZE_BUDGET {
        return None;
    }
    let mut largest: Vec<(usize, &Doc)> = share.iter().copied().zip(&index.docs).collect();
    largest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.url.cmp(&b.1.url)));
    let names: Vec<(String, f64)> = largest
        .iter()
        .take(5)
        .map(|(n, d)| (urls::decode_path(&d.url), *n as f64 / 1024.0))
        .collect();
    let names_en: Vec<String> = names
        .iter()
        .map(|(u, kb)| format!("{u} ({kb:.1} KB)"))
        .collect();
    let names_de: Vec<String> = names
        .iter()
        .map(|(u, kb)| format!("{u} ({} KB)", decimal_comma(*kb)))
        .collect();
    let docs = index.docs.len().max(1);
    let mb = size as f64 / (1024.0 * 1024.0);
    let budget = SIZE_BUDGET / (1024 * 1024);
    let average = size as f64 / docs as f64 / 1024.0;
    let (pages, terms) = (index.docs.len(), index.terms.len());
    Some(
        Diagnostic::warning(Msg::new(
            format!(
                "der Suchindex der Ausgabe `{output}` ist {} MB groß und damit über der Grenze von {budget} MB",
                decimal_comma(mb)
            ),
            format!(
                "the search index of output `{output}` is {mb:.1} MB, over the budget of {budget} MB"
            ),
        ))
        .hint(Msg::new(
            format!(
                "er enthält {pages} Seiten (im Schnitt {} KB je Seite) und {terms} Suchbegriffe; Browser laden ihn, sobald das Suchfeld zum ersten Mal benutzt wird, und Smartphones brechen bei großen Dateien mitunter ab. Die größten Seiten im Index: {}",
                decimal_comma(average),
                names_de.join(", ")
            ),
            format!(
                "it holds {pages} pages ({average:.1} KB each on average) and {terms} terms; browsers download it when the search field is first used, and phones may give up on large files. Largest pages in the index: {}",
                names_en.join(", ")
            ),
        )),
    )
}

/// `x` with one decimal and a decimal comma, as German text writes it: `1,5`.
fn decimal_comma(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// The search index, the search page and the page list of one output.
pub fn render(env: &RenderEnv<'_>, files: &Files, diags: &Diagnostics) -> Files {
    let mut out = Files::new();
    let t = |k: &str, d: &str| env.t(k, d);
    let seg = urls::segments(env.site.config.language).search;
    let search_page = format!("{seg}/index.html");
    let index_file = index_file(env.site.config.language);

    let list_out = urls::page_list(env.site.config.language);
    let (pages, sections, index) =
        read_and_index(files, &[&search_page, list_out], &t("home", "Startseite"));
    let (js, share) = index.to_js();
    if let Some(d) = budget_warning(&env.output.name, &index, js.len(), &share) {
        diags.push(d.in_file(Path::new("output").join(&index_file)));
    }
    out.insert(
        index_file,
        js,
        crate::files::Origin::generated(msg!(
            "der erzeugte Suchindex",
            "the generated search index"
        )),
    );

    // the search page
    let root = urls::root_prefix(&search_page);
    let list_url = urls::relative(&search_page, list_out);
    let title = t("search_title", "Suche");
    let attr = |k: &str, d: &str| esc(&t(k, d));
    let content = format!(
        r#"<div class="search-page" data-search-page>
<form class="search-form search-form--page" role="search" action="index.html" method="get" data-search data-search-root="{root}" data-search-index="index.js" data-search-max="50" data-t-loading="{loading}" data-t-none="{none}" data-t-one="{one}" data-t-many="{many}" data-t-error="{error}" data-t-short="{short}">
  <div class="kern-form-input search-form__field">
    <label class="kern-label" for="suche-begriff">{label}</label>
    <div class="search-form__row">
      <input class="kern-form-input__input search-form__input" id="suche-begriff" name="q" type="search" autocomplete="off" spellcheck="false" enterkeyhint="search" aria-describedby="suche-hinweis" aria-controls="suche-treffer">
      <button type="submit" class="kern-btn kern-btn--primary search-form__button"><span class="kern-label">{button}</span></button>
    </div>
  </div>
  <p class="search-form__hint" id="suche-hinweis">{hint}</p>
  <div class="kern-alert kern-alert--info search-page__nojs" data-search-nojs role="note">
    <div class="kern-alert__body"><p class="kern-body">{nojs} <a href="{list_url}">{list}</a>.</p></div>
  </div>
  <p class="search-form__status" role="status" aria-live="polite" aria-atomic="true" data-search-status></p>
  <ol class="search-results" id="suche-treffer" data-search-results hidden></ol>
</form>
<p class="search-page__list"><a href="{list_url}">{list_all}</a></p>
</div>
"#,
        loading = attr("search_loading", "Suche wird geladen …"),
        none = attr("search_none", "Keine Treffer für „{q}“."),
        one = attr("search_one", "1 Treffer für „{q}“."),
        many = attr("search_many", "{n} Treffer für „{q}“."),
        error = attr("search_error", "Der Suchindex konnte nicht geladen werden."),
        short = attr("search_short", "Bitte mindestens zwei Buchstaben eingeben."),
        label = attr("search_label", "Suchbegriff"),
        button = attr("search_button", "Suchen"),
        hint = attr(
            "search_hint",
            "Groß- und Kleinschreibung und Umlaute spielen keine Rolle („Geraete“ findet „Geräte“); ein Wortanfang genügt."
        ),
        nojs = attr(
            "search_nojs",
            "Die Suche braucht JavaScript. Ohne JavaScript finden Sie alle Seiten in der"
        ),
        list = attr("page_list_title", "Seitenübersicht"),
        list_all = attr(
            "search_page_list",
            "Alle Seiten auf einen Blick: Seitenübersicht"
        ),
    );
    out.extend(env.generated_page(
        &search_page,
        &title,
        &content,
        &[],
        "search",
        Path::new("themes/default/templates/page.html"),
        diags,
    ));

    // the page list, grouped by section in menu order
    let list_title = t("page_list_title", "Seitenübersicht");
    let mut groups: BTreeMap<String, Vec<&PageText>> = BTreeMap::new();
    for p in &pages {
        groups
            .entry(section_key(&p.out).to_string())
            .or_default()
            .push(p);
    }
    let menu_order: Vec<String> = env
        .nav
        .menu(list_out, "")
        .iter()
        .filter_map(|m| urls::resolve(list_out, &urls::decode_path(&m.url)))
        .map(|o| section_key(&o).to_string())
        .collect();
    let rank = |key: &str| -> (usize, Vec<(String, u64)>) {
        if key.is_empty() {
            (0, Vec::new())
        } else if let Some(i) = menu_order.iter().position(|k| k == key) {
            (1 + i, Vec::new())
        } else {
            (
                usize::MAX,
                natural_key(sections.get(key).map_or(key, String::as_str)),
            )
        }
    };
    let mut keys: Vec<&String> = groups.keys().collect();
    keys.sort_by_key(|k| (rank(k), (*k).clone()));
    // single pages in a folder of their own (Impressum, Datenschutz, …) go together at the end
    let other_title = t("page_list_other", "Weitere Seiten");
    let mut others: Vec<&PageText> = Vec::new();
    let mut blocks: Vec<(String, String, Vec<&PageText>)> = Vec::new();
    for k in keys {
        let mut ps = groups[k].clone();
        if !k.is_empty() && ps.len() == 1 && !menu_order.contains(k) {
            others.extend(ps);
            continue;
        }
        ps.sort_by_key(|p| {
            (
                p.out != format!("{k}/index.html") && p.out != "index.html",
                natural_key(&p.x.title),
                p.out.clone(),
            )
        });
        let title = sections.get(k.as_str()).cloned().unwrap_or_default();
        let id = if k.is_empty() {
            "bereich-start".to_string()
        } else {
            format!("bereich-{}", crate::slug::slugify(k))
        };
        blocks.push((id, title, ps));
    }
    if !others.is_empty() {
        others.sort_by_key(|p| (natural_key(&p.x.title), p.out.clone()));
        blocks.push(("bereich-weitere".into(), other_title, others));
    }
    let mut html = String::new();
    html.push_str(&format!(
        "<p>{}</p>\n",
        esc(&t(
            "page_list_intro",
            "Alle Seiten dieser Website, nach Bereichen geordnet."
        ))
    ));
    let mut toc = Vec::new();
    for (id, title, ps) in &blocks {
        html.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n<ul class=\"page-list\">\n",
            esc(id),
            esc(title)
        ));
        for p in ps {
            html.push_str(&format!(
                "  <li><a href=\"{}\">{}</a></li>\n",
                esc(&env.url(list_out, &p.out)),
                esc(&p.x.title)
            ));
        }
        html.push_str("</ul>\n");
        toc.push(TocEntry {
            id: id.clone(),
            title: title.clone(),
            level: 2,
        });
    }
    if toc.len() < 2 {
        toc.clear();
    }
    out.extend(env.generated_page(
        list_out,
        &list_title,
        &html,
        &toc,
        "page",
        Path::new("themes/default/templates/page.html"),
        diags,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_stemming() {
        for (a, b) in [
            ("Geräte", "Geraete"),
            ("Geräte", "Gerate"),
            ("Webmeetings", "Webmeeting"),
            ("Arbeitsplätze", "Arbeitsplatz"),
            ("Maße", "Masse"),
            ("Straße", "Strasse"),
            ("Prozesse", "Prozess"),
            ("Bauern", "Bauer"),
            ("Prüfungen", "Pruefung"),
        ] {
            assert_eq!(normalise_word(a), normalise_word(b), "{a} / {b}");
        }
        assert_eq!(normalise_word("Geräte"), "gerat");
        assert_eq!(normalise_word("HEADSETS"), "headset");
        assert!(normalise_word("Arbeitsplätze").starts_with(&normalise_word("Arbeitspl")));
    }

    #[test]
    fn extract_reads_main_only() {
        let html = r#"<!DOCTYPE html><html><head><title>T – Site</title>
<meta name="description" content="Kurz &amp; gut"></head><body>
<header><nav>Menü Risiken</nav></header>
<main><h1>Ausfall der <span>Geräte</span></h1>
<nav class="toc">Inhalt Sprung</nav>
<figure><p>Bildunterschrift die lang genug ist für einen Absatz</p></figure>
<p>Erster richtiger Absatz mit Headset&shy;pflicht.</p>
<h2>Maß&shy;nahmen</h2><script>var x = "<p>nein</p>";</script>
<div hidden><p>versteckt</p></div><svg><text>Achse</text></svg>
</main><footer>Impressum</footer></body></html>"#;
        let x = extract(html);
        assert_eq!(x.title, "Ausfall der Geräte");
        assert_eq!(x.description.as_deref(), Some("Kurz & gut"));
        assert_eq!(x.headings, "Maß\u{ad}nahmen");
        assert_eq!(
            x.first_paragraph.as_deref(),
            Some("Erster richtiger Absatz mit Headset\u{ad}pflicht.")
        );
        for gone in ["Menü", "Sprung", "nein", "versteckt", "Achse", "Impressum"] {
            assert!(!x.body.contains(gone), "{gone} in {}", x.body);
        }
        let mut terms = BTreeSet::new();
        text_terms(&x.body, &stop_words(), &mut terms);
        assert!(terms.contains("headsetpflicht"), "{terms:?}");
        assert!(terms.contains("massnahm"), "{terms:?}");
    }

    #[test]
    fn extract_skips_quoted_gt_in_attributes() {
        let html = r#"<main><p title="a > b" data-x='c > d'>Erstens</p><a href="x" title='"e>f"'>Zweitens</a><p class="offen>Rest</p></main>"#;
        let x = extract(html);
        assert_eq!(squash(&x.body), "Erstens Zweitens");
        // an unclosed quote runs to the end of the document, as before
        assert!(!x.body.contains("Rest"));
    }

    /// `fold_chars` as it was before its shortcuts: every character through the case tables.
    fn fold_chars_plain(text: &str) -> String {
        let mut out = String::new();
        if text.contains('Σ') {
            for c in text.to_lowercase().chars() {
                fold_char(c, &mut out);
            }
        } else {
            for c in text.chars() {
                for l in c.to_lowercase() {
                    fold_char(l, &mut out);
                }
            }
        }
        out
    }

    #[test]
    fn folding_shortcuts_change_nothing() {
        for c in (0..=0x2fffu32).filter_map(char::from_u32) {
            let s = format!("Ab{c}Cd{c}");
            assert_eq!(fold_chars(&s), fold_chars_plain(&s), "U+{:04X}", c as u32);
        }
        for s in ["ΟΔΟΣ Straße", "ÄÖÜ äöü ẞ İ", "Maß\u{ad}nahmen E-Mail", ""] {
            assert_eq!(fold_chars(s), fold_chars_plain(s), "{s}");
        }
    }

    #[test]
    fn words_and_hyphen_chains() {
        let mut words = Vec::new();
        each_word(
            &fold_chars("E-Mail-Archivierung, a-  b Web\u{2011}Meeting x- ü-ö 3-4"),
            |w| words.push(w.to_string()),
        );
        assert_eq!(
            words,
            [
                "e",
                "mail",
                "archivierung",
                "emailarchivierung",
                "a",
                "b",
                "web",
                "meeting",
                "webmeeting",
                "x",
                "u",
                "o",
                "uo",
                "3",
                "4",
                "34"
            ]
        );
    }

    /// `Index::to_js` as it was: through `serde_json::Value`, escaped character by character.
    fn to_js_via_value(index: &Index) -> Vec<u8> {
        let mut sections: Vec<&str> = index.docs.iter().map(|d| d.section.as_str()).collect();
        sections.sort_unstable();
        sections.dedup();
        let docs: Vec<serde_json::Value> = index
            .docs
            .iter()
            .map(|d| {
                let s = sections.binary_search(&d.section.as_str()).unwrap_or(0);
                let url = d.url.strip_suffix("index.html").unwrap_or(&d.url);
                serde_json::json!([d.title, url, s, d.excerpt])
            })
            .collect();
        let mut terms = String::new();
        let mut postings = String::new();
        for (t, ps) in &index.terms {
            if !terms.is_empty() {
                terms.push(' ');
                postings.push(' ');
            }
            terms.push_str(t);
            let mut prev = 0u64;
            for (k, &(doc, field)) in ps.iter().enumerate() {
                let doc = u64::from(doc);
                let delta = if k == 0 { doc } else { doc - prev };
                prev = doc;
                encode_posting(delta * 4 + u64::from(field), &mut postings);
            }
        }
        let stop: Vec<String> = stop_words().into_iter().collect();
        let json = serde_json::json!({
            "v": 1, "stop": stop, "s": sections, "d": docs, "t": terms, "p": postings,
        })
        .to_string();
        let mut out = String::from(
            "/* krisenfest search index of this output, generated; read by assets/search.js */\nwindow.krisenfestSearchIndex = JSON.parse('",
        );
        for c in json.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                '<' => out.push_str("\\x3c"),
                c => out.push(c),
            }
        }
        out.push_str("');\n");
        out.into_bytes()
    }

    #[test]
    fn js_is_written_as_serde_json_writes_it() {
        let mut index = Index::default();
        let odd =
            "Quote \" back \\ apos ' <tag> \n\r\t\u{1}\u{1f}\u{7f} \u{2028}\u{2029} € 😀 \u{e2}";
        for i in 0..40 {
            index.docs.push(Doc {
                title: [odd, "Start", ""][i % 3].to_string(),
                url: format!("s{i}/index.html"),
                section: if i % 2 == 1 {
                    odd.to_string()
                } else {
                    "B".into()
                },
                excerpt: format!("{odd} {i}"),
            });
        }
        index
            .terms
            .insert("alpha".into(), vec![(0, 2), (1, 0), (2, 1)]);
        index.terms.insert("zeta".into(), vec![(2, 0)]);
        // multi-digit postings: deltas of 9 and more
        index
            .terms
            .insert("x".repeat(3), (0..4).map(|d| (d * 13, 1)).collect());
        let (js, share) = index.to_js();
        assert_eq!(
            String::from_utf8(js).unwrap(),
            String::from_utf8(to_js_via_value(&index)).unwrap()
        );
        assert_eq!(share.len(), 40);
        assert_eq!(
            to_js_via_value(&Index::default()),
            Index::default().to_js().0
        );
    }

    #[test]
    fn excerpts_are_short() {
        let long = "Wort ".repeat(100);
        let e = excerpt(&long, EXCERPT_CHARS);
        assert!(e.chars().count() <= EXCERPT_CHARS, "{e}");
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("  kurz  und   gut ", 160), "kurz und gut");
    }

    #[test]
    fn i18n_points_at_the_search_page() {
        let files = crate::theme::default_files();
        for (lang, l) in [
            ("de", crate::config::Language::De),
            ("en", crate::config::Language::En),
        ] {
            let y = String::from_utf8_lossy(&files[&format!("i18n/{lang}.yaml")]).into_owned();
            let want = format!("search_page: {}/index.html", urls::segments(l).search);
            assert!(
                y.lines().any(|line| line == want),
                "{lang}.yaml lacks `{want}`"
            );
        }
    }
}
