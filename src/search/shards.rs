//! The index as the script files the browser loads: a term list every search loads, and parts it
//! loads only when a query needs them.
//!
//! Why this cut: a query word may match a term inside it (from four letters on), so the loader
//! must see every term to know which postings it needs; the terms are small (a few KB even at
//! 10,000 pages), the postings and the documents are not. So:
//!
//! - `index.js` (the head): the terms, the stop words, the section names and where each part
//!   begins;
//! - `p/N.js`: the postings of a run of consecutive terms, about [`Layout::postings_bytes`] each
//!   (a term with more postings gets a part of its own), loaded for the terms a query matches;
//! - `d/N.js`: title, URL, section and excerpt of [`Layout::docs_per_part`] consecutive
//!   documents, loaded for the results shown.
//!
//! Every file is a script (a `<script>` loads from `file://`, a `fetch` does not). A part stores
//! itself in `window.krisenfestSearchParts` under its name (`p3`, `d0`), which the loader reads
//! when the script's `load` event fires.

use serde::Serialize;

use super::write::encode_posting;
use super::{Index, stop_words};

/// Sizes of the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A postings part is closed before it would grow beyond this many bytes.
    pub postings_bytes: usize,
    /// Documents per documents part.
    pub docs_per_part: usize,
}

/// The layout of the build. Measured on the benchmark corpus (the 20 queries of
/// `benches/search_queries.json`, the header's eight results; head included): 8 KB / 32
/// documents load a median of 24 KB per query at 1,000 pages and 26 KB at 10,000, with 673 files
/// at 10,000 pages. In a simulation 16 KB / 64 documents loaded about 15 KB more per query with
/// half the files, 4 KB / 16 documents about 4 KB less with 1,100 files.
pub const LAYOUT: Layout = Layout {
    postings_bytes: 8 * 1024,
    docs_per_part: 32,
};

/// The files of an index.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct IndexFiles {
    /// `index.js`.
    pub head: Vec<u8>,
    /// The parts, by path relative to the search folder (`p/0.js`, …, `d/0.js`, …), in this order.
    pub parts: Vec<(String, Vec<u8>)>,
    /// Each document's share of the head: the bytes of the terms it brings (a term found in n
    /// documents counts 1/n for each).
    pub share: Vec<usize>,
}

impl IndexFiles {
    /// All bytes of the index.
    pub fn total_bytes(&self) -> usize {
        self.head.len() + self.parts.iter().map(|(_, b)| b.len()).sum::<usize>()
    }
}

const HEAD_COMMENT: &[u8] =
    b"/* krisenfest search index of this output, generated; read by assets/search.js */\n";

impl Index {
    /// The index as files.
    ///
    /// Head JSON: `v` version (2), `stop` the folded stop words, `s` section names, `t` the terms
    /// (sorted, separated by spaces), `b` the number of the first term of each postings part,
    /// `n` the number of documents, `g` documents per documents part.
    ///
    /// A postings part is a string: the postings of its terms in term order, separated by
    /// spaces. A term's postings are numbers `delta * 4 + field` (delta: document number minus
    /// the previous one, the first is the document number itself; field 0 body, 1 heading, 2
    /// title), each written in base 32, most significant digit first, every digit but the last
    /// from [`super::POSTING_MORE`] and the last from [`super::POSTING_LAST`]: a posting of a
    /// common term is one character.
    ///
    /// A documents part is a JSON array of `[title, url without a final "index.html", section
    /// number, excerpt]`.
    pub fn to_files(&self, layout: Layout) -> IndexFiles {
        let mut sections: Vec<&str> = self.docs.iter().map(|d| d.section.as_str()).collect();
        sections.sort_unstable();
        sections.dedup();

        let mut share = vec![0usize; self.docs.len()];
        let mut terms = String::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut postings: Vec<String> = Vec::new();
        let mut one = String::new();
        for (k, (t, ps)) in self.terms.iter().enumerate() {
            if k > 0 {
                terms.push(' ');
            }
            terms.push_str(t);
            for &(doc, _) in ps {
                share[doc as usize] += (t.len() + 1) / ps.len().max(1);
            }
            one.clear();
            let mut prev = 0u64;
            for (j, &(doc, field)) in ps.iter().enumerate() {
                let doc = u64::from(doc);
                let delta = if j == 0 { doc } else { doc - prev };
                prev = doc;
                encode_posting(delta * 4 + u64::from(field), &mut one);
            }
            match postings.last_mut() {
                Some(part) if part.len() + 1 + one.len() <= layout.postings_bytes => {
                    part.push(' ');
                    part.push_str(&one);
                }
                _ => {
                    starts.push(k);
                    postings.push(one.clone());
                }
            }
        }

        let group = layout.docs_per_part.max(1);
        // The JSON is written directly, compact and with keys sorted, as
        // `serde_json::Value::to_string` writes it.
        let mut json: Vec<u8> = Vec::with_capacity(terms.len() + 4096);
        json.extend_from_slice(b"{\"b\":");
        push_json(&mut json, &starts);
        json.extend_from_slice(b",\"g\":");
        push_json(&mut json, &group);
        json.extend_from_slice(b",\"n\":");
        push_json(&mut json, &self.docs.len());
        json.extend_from_slice(b",\"s\":");
        push_json(&mut json, &sections);
        json.extend_from_slice(b",\"stop\":");
        push_json(&mut json, &stop_words());
        json.extend_from_slice(b",\"t\":");
        push_json(&mut json, &terms);
        json.extend_from_slice(b",\"v\":2}");
        let mut head = Vec::with_capacity(json.len() + 200);
        head.extend_from_slice(HEAD_COMMENT);
        head.extend_from_slice(b"window.krisenfestSearchIndex = JSON.parse('");
        push_js_string(&mut head, &json);
        head.extend_from_slice(b"');\n");

        let mut parts = Vec::with_capacity(postings.len() + self.docs.len() / group + 1);
        for (n, p) in postings.iter().enumerate() {
            // the postings alphabet needs no escaping in a JS string
            let mut out = part_start(&format!("p{n}"));
            out.push(b'\'');
            out.extend_from_slice(p.as_bytes());
            out.extend_from_slice(b"';\n");
            parts.push((format!("p/{n}.js"), out));
        }
        for (n, docs) in self.docs.chunks(group).enumerate() {
            json.clear();
            json.push(b'[');
            for (k, d) in docs.iter().enumerate() {
                if k > 0 {
                    json.push(b',');
                }
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
            }
            json.push(b']');
            let mut out = part_start(&format!("d{n}"));
            out.extend_from_slice(b"JSON.parse('");
            push_js_string(&mut out, &json);
            out.extend_from_slice(b"');\n");
            parts.push((format!("d/{n}.js"), out));
        }
        IndexFiles { head, parts, share }
    }
}

/// `(window.krisenfestSearchParts = …)["p3"] = ` — a part that stores itself.
fn part_start(name: &str) -> Vec<u8> {
    format!("(window.krisenfestSearchParts=window.krisenfestSearchParts||{{}})[\"{name}\"]=")
        .into_bytes()
}

/// Append `v` as compact JSON (writing to a `Vec` cannot fail).
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(out, v).unwrap_or_default();
}

/// Append `json` as the inside of a JS string in single quotes: the runs between the bytes that
/// need escaping are copied whole.
fn push_js_string(out: &mut Vec<u8>, json: &[u8]) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Doc, decode_postings};

    /// The inside of a JS string as written character by character, the way it always was.
    fn js_string_plain(json: &str) -> String {
        let mut out = String::new();
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
        out
    }

    fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
        let a = s.find(start).unwrap() + start.len();
        &s[a..a + s[a..].rfind(end).unwrap()]
    }

    fn sample() -> Index {
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
        index
    }

    #[test]
    fn json_is_written_as_serde_json_writes_it() {
        let index = sample();
        let f = index.to_files(Layout {
            postings_bytes: 4,
            docs_per_part: 16,
        });
        let mut sections: Vec<&str> = index.docs.iter().map(|d| d.section.as_str()).collect();
        sections.sort_unstable();
        sections.dedup();
        let stop: Vec<String> = stop_words().into_iter().collect();
        let head = serde_json::json!({
            "v": 2, "stop": stop, "s": sections, "t": "alpha xxx zeta", "b": [0, 1, 2],
            "n": 40, "g": 16,
        })
        .to_string();
        let got = String::from_utf8(f.head.clone()).unwrap();
        assert_eq!(between(&got, "JSON.parse('", "');"), js_string_plain(&head));
        let names: Vec<&str> = f.parts.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            ["p/0.js", "p/1.js", "p/2.js", "d/0.js", "d/1.js", "d/2.js"]
        );
        for (n, chunk) in index.docs.chunks(16).enumerate() {
            let docs: Vec<serde_json::Value> = chunk
                .iter()
                .map(|d| {
                    let s = sections.binary_search(&d.section.as_str()).unwrap_or(0);
                    let url = d.url.strip_suffix("index.html").unwrap_or(&d.url);
                    serde_json::json!([d.title, url, s, d.excerpt])
                })
                .collect();
            let got = String::from_utf8(f.parts[3 + n].1.clone()).unwrap();
            assert!(got.starts_with(&format!(
                "(window.krisenfestSearchParts=window.krisenfestSearchParts||{{}})[\"d{n}\"]=JSON.parse('"
            )));
            assert_eq!(
                between(&got, "JSON.parse('", "');"),
                js_string_plain(&serde_json::Value::Array(docs).to_string())
            );
        }
        assert_eq!(f.share.len(), 40);
        assert_eq!(
            f.total_bytes(),
            f.head.len() + f.parts.iter().map(|p| p.1.len()).sum::<usize>()
        );
    }

    #[test]
    fn postings_parts_round_trip_and_keep_whole_terms() {
        let index = sample();
        for bytes in [1, 4, 8, 1000] {
            let f = index.to_files(Layout {
                postings_bytes: bytes,
                docs_per_part: 7,
            });
            let all: Vec<String> = f
                .parts
                .iter()
                .filter(|(p, _)| p.starts_with("p/"))
                .flat_map(|(_, b)| {
                    let s = String::from_utf8(b.clone()).unwrap();
                    between(&s, "]='", "';")
                        .split(' ')
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect();
            let want: Vec<&Vec<(u32, u8)>> = index.terms.values().collect();
            assert_eq!(all.len(), want.len(), "{bytes}");
            for (s, w) in all.iter().zip(want) {
                assert_eq!(&decode_postings(s), w);
            }
            let docs_parts = f.parts.iter().filter(|(p, _)| p.starts_with("d/")).count();
            assert_eq!(docs_parts, 40usize.div_ceil(7));
        }
        let empty = Index::default().to_files(LAYOUT);
        assert!(empty.parts.is_empty());
        assert!(
            String::from_utf8(empty.head)
                .unwrap()
                .contains(r#"{"b":[],"g":32,"n":0,"s":[],"stop":["#)
        );
    }
}
