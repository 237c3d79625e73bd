//! German-aware offline search: the index of one output, the search page (`suche/`) and the page
//! list (`seitenuebersicht/`), the no-JavaScript fallback the search page links to.
//!
//! The index is built from the rendered HTML of the output (`<h1>`, `<h2>`–`<h6>`, the text of
//! `<main>`, `<meta name="description">`), so it covers every page kind and can only contain what
//! the output contains: the public index cannot leak internal text.
//!
//! It is shipped as scripts (a `<script>` loads from `file://`, a `fetch` of a `.json` file does
//! not): `suche/index.js`, the term list, which `assets/search.js` loads when a search field is
//! first typed into, and the parts `suche/p/N.js` (postings) and `suche/d/N.js` (titles and
//! excerpts) that it loads for the terms a query matches and the results it shows (`shards.rs`).
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

mod extract;
mod index;
mod normalise;
mod pages;
mod shards;
mod write;

pub use extract::*;
pub use index::*;
pub use normalise::*;
pub use pages::render;
pub use shards::*;
pub use write::*;

use crate::urls;

/// Above this size of `suche/index.js` (the term list every search loads) the build warns (mdBook warns at 10 MB; a 38 MB index
/// crashed Mobile Safari).
pub const SIZE_BUDGET: usize = 2 * 1024 * 1024;
/// The excerpt shown under a result, in characters.
pub const EXCERPT_CHARS: usize = 160;

/// Output path of the search index's head (`suche/index.js`).
pub fn index_file(lang: crate::config::Language) -> String {
    format!("{}/index.js", urls::segments(lang).search)
}

/// Whether `path` is a file of the search index: the head or one of its parts.
pub fn is_index_file(lang: crate::config::Language, path: &str) -> bool {
    let seg = urls::segments(lang).search;
    path.strip_prefix(seg)
        .and_then(|p| p.strip_prefix('/'))
        .is_some_and(|p| {
            p == "index.js"
                || ["p/", "d/"]
                    .iter()
                    .any(|d| p.strip_prefix(d).is_some_and(|f| f.ends_with(".js")))
        })
}

/// Field weights: where in a document a term stands.
pub const FIELD_BODY: u8 = 0;
pub const FIELD_HEADING: u8 = 1;
pub const FIELD_TITLE: u8 = 2;
pub(super) const FIELD_WEIGHT: [u32; 3] = [1, 3, 10];
/// Match qualities.
pub(super) const MATCH_EXACT: u32 = 3;
pub(super) const MATCH_PREFIX: u32 = 2;
pub(super) const MATCH_INFIX: u32 = 1;
/// Query words shorter than this (in characters) only match exactly or as a prefix.
pub(super) const INFIX_MIN: usize = 4;

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
