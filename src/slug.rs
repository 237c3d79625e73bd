//! German-aware slugs for URLs and heading anchors: ä→ae ö→oe ü→ue ß→ss, lower case, `-`.

pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let mapped: &str = match c {
            'ä' | 'Ä' => "ae",
            'ö' | 'Ö' => "oe",
            'ü' | 'Ü' => "ue",
            'ß' | 'ẞ' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "a",
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => "o",
            'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => "u",
            'ç' | 'Ç' => "c",
            'ñ' | 'Ñ' => "n",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            _ => "",
        };
        if !mapped.is_empty() {
            out.push_str(mapped);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if c == '_' || c == '.' {
            // Keep ids like `G0.33` and file names readable: `.`/`_` are word separators too.
            if !dash && !out.is_empty() {
                out.push('-');
                dash = true;
            }
        } else if (c.is_whitespace()
            || c == '-'
            || c.is_ascii_punctuation()
            || !c.is_alphanumeric())
            && !dash
            && !out.is_empty()
        {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Unique ids within one page: the second `einleitung` becomes `einleitung-1`, the next
/// `einleitung-2`, always the first free number — the scheme readers' bookmarks rely on.
///
/// The next number to try is remembered per base, so `n` equal headings cost O(n) instead of
/// trying `1 … k` again for the k-th (8,000 equal headings took 22 s that way). The remembered
/// number never skips a free id: every number below it was taken, and ids are never released.
#[derive(Default)]
pub struct IdSet {
    used: std::collections::HashSet<String, crate::fasthash::FastHash>,
    next: std::collections::HashMap<String, usize, crate::fasthash::FastHash>,
}

impl IdSet {
    /// Claims `id` as it is; false if the page already has it.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// `base` if free, else `base-1`, `base-2` … (the first free one); `abschnitt` for "".
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "abschnitt" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let cand = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(cand.clone()) {
                return cand;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_before_ascii_folding() {
        assert_eq!(slugify("Digitale Souveränität"), "digitale-souveraenitaet");
        assert_eq!(slugify("Prüfung der Geräte"), "pruefung-der-geraete");
        assert_eq!(slugify("Straße & Maß"), "strasse-mass");
        assert_eq!(slugify("Über uns"), "ueber-uns");
        assert_eq!(slugify("  1. Vor dem Meeting!  "), "1-vor-dem-meeting");
        assert_eq!(slugify("G0.33"), "g0-33");
    }

    #[test]
    fn ids_are_deduplicated() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("ziele"), "ziele");
        assert_eq!(ids.unique("ziele"), "ziele-1");
        assert_eq!(ids.unique("ziele"), "ziele-2");
        assert_eq!(ids.unique(""), "abschnitt");
    }
}
