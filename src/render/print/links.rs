//! Where a link of a page points once the page is a section of the print edition
//! (`druck/index.html`): into the document when its target is part of it, else to the file
//! beside the document.

use super::extract::{Document, Place};
use crate::config::browser_scheme;
use crate::render::charts::escape as html_escape;

/// A link with a scheme (`https:`, `mailto:`, as a browser reads it) or a host (`//cdn…`)
/// leaves the output as it is.
fn has_scheme(href: &str) -> bool {
    href.starts_with("//") || browser_scheme(href).is_some()
}

/// Whether a `src`, `srcset` or inline style loads from another host. The page it comes from
/// is refused for it already (check::gate); its copy in the print edition leaves it out, so
/// that the editor reads one error, at the page.
pub fn loads_elsewhere(attr: &str, value: &str) -> bool {
    match attr {
        "style" | "srcset" => value.contains("//"),
        _ => {
            value.trim_start().starts_with("//")
                || browser_scheme(value)
                    .is_some_and(|s| !matches!(s.as_str(), "data" | "blob" | "about"))
        }
    }
}

/// `href` relative to the page at `from`, as a path from the output root (still encoded);
/// `None` when it climbs above the root.
fn resolve(from: &str, href: &str) -> Option<String> {
    let path = crate::urls::resolve(from, href)?;
    Some(if path.is_empty() {
        "index.html".to_string()
    } else if href.ends_with('/') {
        format!("{path}/index.html")
    } else {
        path
    })
}

fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    }
}

/// Where a link goes in the document.
#[derive(Debug, PartialEq)]
pub enum Href {
    Fixed(String),
    /// To the id `fragment` (decoded) of the section `anchor` if the section keeps that id, else
    /// to the section: known only once every page has been read (see `extract::finish`).
    Section {
        anchor: String,
        fragment: String,
    },
}

/// The new `href` of a link on the page at `place`, and what to write after the link: the
/// section number of a target elsewhere in the document, or the published address of a file
/// outside it (printed only).
pub fn rewrite(href: &str, place: &Place<'_>, doc: &Document<'_>) -> (Href, Option<String>) {
    if has_scheme(href) || href.starts_with('/') {
        return (Href::Fixed(href.to_string()), None);
    }
    let (path, fragment) = split_fragment(href);
    let in_section = |anchor: &str| match fragment.map(crate::urls::decode_path) {
        Some(f) if !f.is_empty() => Href::Section {
            anchor: anchor.to_string(),
            fragment: f,
        },
        _ => Href::Fixed(format!("#{anchor}")),
    };
    if path.is_empty() {
        return (in_section(place.anchor), None);
    }
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let Some(target) = resolve(place.out, path) else {
        return (Href::Fixed(href.to_string()), None);
    };
    if query.is_none()
        && let Some((anchor, number)) = doc.sections.get(&crate::urls::decode_path(&target))
    {
        let after = (anchor != place.anchor).then(|| {
            let mut s = String::from(" <span class=\"print-ref\">(");
            s.push_str(&html_escape(doc.see));
            s.push(' ');
            s.push_str(&html_escape(number));
            s.push_str(")</span>");
            s
        });
        return (in_section(anchor), after);
    }
    let mut tail = String::new();
    if let Some(q) = query {
        tail.push('?');
        tail.push_str(q);
    }
    if let Some(f) = fragment {
        tail.push('#');
        tail.push_str(f);
    }
    let after = doc.address.map(|base| {
        format!(
            " <span class=\"print-address\">({})</span>",
            html_escape(&format!("{base}{target}{tail}"))
        )
    });
    (Href::Fixed(format!("../{target}{tail}")), after)
}

/// A file the page embeds (an image), from the document's folder.
pub fn local(src: &str, from: &str) -> String {
    if has_scheme(src) || src.starts_with('/') {
        return src.to_string();
    }
    let (path, rest) = match src.find(['?', '#']) {
        Some(i) => (&src[..i], &src[i..]),
        None => (src, ""),
    };
    match resolve(from, path) {
        Some(target) => format!("../{target}{rest}"),
        None => src.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn doc<'a>(
        sections: &'a BTreeMap<String, (String, String)>,
        address: Option<&'a str>,
    ) -> Document<'a> {
        Document {
            sections,
            address,
            see: "siehe",
        }
    }

    fn fixed(h: &str) -> Href {
        Href::Fixed(h.to_string())
    }

    #[test]
    fn links_into_the_document_become_fragments_with_a_section_number() {
        let sections = BTreeMap::from([
            (
                "risiken/r-001/index.html".to_string(),
                ("p-r1".to_string(), "4.1".to_string()),
            ),
            (
                "massnahmen/m-001/index.html".to_string(),
                ("p-m1".to_string(), "5.1".to_string()),
            ),
        ]);
        let ids = BTreeMap::from([(
            "p-m1".to_string(),
            BTreeSet::from(["beschreibung".to_string(), "ä".to_string()]),
        )]);
        let d = doc(&sections, Some("https://x.example/plan/"));
        let place = Place {
            out: "risiken/r-001/index.html",
            anchor: "p-r1",
            shift: 1,
            number: "4.1",
        };
        let cases = [
            ("../../massnahmen/m-001/index.html", "#p-m1", Some("5.1")),
            (
                "../../massnahmen/m-001/index.html#beschreibung",
                "#p-m1__beschreibung",
                Some("5.1"),
            ),
            // a fragment the section does not keep: the section itself
            (
                "../../massnahmen/m-001/index.html#weg",
                "#p-m1",
                Some("5.1"),
            ),
            (
                "../../massnahmen/m-001/index.html#%C3%A4",
                "#p-m1__ä",
                Some("5.1"),
            ),
            ("../../massnahmen/m-001/", "#p-m1", Some("5.1")),
            ("./index.html", "#p-r1", None),
            ("#top", "#p-r1", None),
        ];
        for (href, want, number) in cases {
            let (got, after) = rewrite(href, &place, &d);
            assert_eq!(super::super::extract::href(&got, &ids), want, "{href}");
            assert_eq!(after.is_some(), number.is_some(), "{href}");
            if let (Some(a), Some(n)) = (after, number) {
                assert!(a.contains(&format!("(siehe {n})")), "{a}");
            }
        }
    }

    #[test]
    fn other_links_point_from_the_document_folder_and_print_their_address() {
        let sections = BTreeMap::new();
        let place = Place {
            out: "a/b/index.html",
            anchor: "p-a_b",
            shift: 2,
            number: "1.1",
        };
        let d = doc(&sections, Some("https://x.example/plan/"));
        let (href, after) = rewrite("../../daten/risiken.csv", &place, &d);
        assert_eq!(href, fixed("../daten/risiken.csv"));
        assert_eq!(
            after.as_deref(),
            Some(
                " <span class=\"print-address\">(https://x.example/plan/daten/risiken.csv)</span>"
            )
        );
        let (href, _) = rewrite("../../suche/index.html?q=a&b", &place, &d);
        assert_eq!(href, fixed("../suche/index.html?q=a&b"));
        for external in [
            "https://youtu.be/uilwr6ktHbU",
            "mailto:a@b.example",
            "//cdn.example/x",
        ] {
            assert_eq!(rewrite(external, &place, &d), (fixed(external), None));
        }
        let d = doc(&sections, None);
        assert_eq!(rewrite("../x.pdf", &place, &d), (fixed("../a/x.pdf"), None));
        assert_eq!(
            local("../../assets/bild%20a.png", "a/b/index.html"),
            "../assets/bild%20a.png"
        );
        assert_eq!(local("bild.svg#x", "a/b/index.html"), "../a/b/bild.svg#x");
    }
}
