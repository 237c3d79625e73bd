//! The index as the script files the browser loads.

use serde::Serialize;

use super::{Doc, EXCERPT_CHARS, Index, SIZE_BUDGET, stop_words};
use crate::diagnostics::{Diagnostic, Msg};
use crate::urls;

impl Index {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
