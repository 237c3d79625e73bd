//! Normalisation of words, the same in the index and in a query.

use std::collections::BTreeSet;

use super::STOP_WORDS;

/// Steps 1–2: lower case and fold accented letters (ß → ss). Also used for the stop words.
pub fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_chars_into(text, &mut out);
    out
}

/// [`fold_chars`], appending to `out` (a buffer the index reuses from page to page).
pub(super) fn fold_chars_into(text: &str, out: &mut String) {
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
pub(super) fn indexed(word: &str, stop: &BTreeSet<String>) -> bool {
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
pub(super) fn each_word(folded: &str, mut f: impl FnMut(&str)) {
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
}
