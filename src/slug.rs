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

/// Unique ids within one page: the second `einleitung` becomes `einleitung-1`.
#[derive(Default)]
pub struct IdSet {
    used: std::collections::BTreeSet<String>,
}

impl IdSet {
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "abschnitt" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        for i in 1.. {
            let cand = format!("{base}-{i}");
            if self.used.insert(cand.clone()) {
                return cand;
            }
        }
        unreachable!("an unbounded counter always finds a free id")
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
