//! The index of one output: documents, terms and their postings, and the reference ranking.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::normalise::{each_word, fold_chars_into, indexed};
use super::{
    EXCERPT_CHARS, Extract, FIELD_BODY, FIELD_HEADING, FIELD_TITLE, FIELD_WEIGHT, INFIX_MIN,
    MATCH_EXACT, MATCH_INFIX, MATCH_PREFIX, excerpt, extract, normalise_folded, query_terms,
    stop_words,
};
use crate::fasthash::FastHash;
use crate::files::Files;
use crate::urls;

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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub title_matches: usize,
    pub score: u32,
}
