//! The postings encoding, and the size budget of what a search loads.

use super::{Doc, Index, SIZE_BUDGET};
use crate::diagnostics::{Diagnostic, Msg};
use crate::urls;

/// Digits of a posting number that are followed by more digits (see [`Index::to_files`]).
pub const POSTING_MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";
/// The last digit of a posting number.
pub const POSTING_LAST: &str = "0123456789abcdefghijklmnopqrstuv";

pub(super) fn encode_posting(v: u64, out: &mut String) {
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

/// Inverse of the postings encoding of [`Index::to_files`]: (document, field) pairs.
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

/// The warning for a term list (`suche/index.js`, which every search loads before anything
/// else) of `size` bytes over [`SIZE_BUDGET`], naming the documents with the largest `share` of
/// it. The parts a search loads after it are small by construction (see [`super::LAYOUT`]).
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
                "die Begriffsliste des Suchindex der Ausgabe `{output}` ist {} MB groß und damit über der Grenze von {budget} MB",
                decimal_comma(mb)
            ),
            format!(
                "the term list of the search index of output `{output}` is {mb:.1} MB, over the budget of {budget} MB"
            ),
        ))
        .hint(Msg::new(
            format!(
                "jede Suche lädt sie zuerst; sie enthält die {terms} Suchbegriffe von {pages} Seiten (im Schnitt {} KB je Seite), und Smartphones brechen bei großen Dateien mitunter ab. Die Seiten mit den meisten eigenen Begriffen: {}",
                decimal_comma(average),
                names_de.join(", ")
            ),
            format!(
                "every search loads it first; it holds the {terms} terms of {pages} pages ({average:.1} KB per page on average), and phones may give up on large files. Pages that bring the most terms: {}",
                names_en.join(", ")
            ),
        )),
    )
}

/// `x` with one decimal and a decimal comma, as German text writes it: `1,5`.
fn decimal_comma(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}
