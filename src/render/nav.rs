//! Navigation derived from the URL hierarchy of one output: menu, breadcrumbs, children,
//! previous/next. Built once per output; every page gets only its own slice (no page carries
//! the whole site, which made peers quadratic).

use std::collections::BTreeMap;

use super::{ChildView, LinkView, MenuItem};
use crate::urls::relative;

#[derive(Debug, Clone)]
pub struct NavEntry {
    pub out: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub weight: i64,
    /// Shown in the main menu when it sits directly under the root.
    pub in_menu: bool,
}

#[derive(Default)]
pub struct Nav {
    entries: BTreeMap<String, NavEntry>,
    /// Folder (`a/b/`) → children's output paths in reading order.
    children: BTreeMap<String, Vec<String>>,
    /// Output path → its place in its folder's `children`: a search of the list per page made
    /// previous/next quadratic (10,000 pages in one folder: 50 million string comparisons).
    place: BTreeMap<String, usize>,
    footer: Vec<(String, String)>,
}

/// `a/b/index.html` → `a/b/`; `a/x.html` → `a/`.
fn dir_of(out: &str) -> &str {
    match out.strip_suffix("index.html") {
        Some(d) => d,
        None => out
            .rsplit_once('/')
            .map_or("", |(d, _)| &out[..d.len() + 1]),
    }
}

/// Folder of the parent: `a/b/` → `a/`, `a/` → ``, `` → None.
fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        return None;
    }
    let trimmed = dir.trim_end_matches('/');
    Some(
        trimmed
            .rsplit_once('/')
            .map_or("", |(p, _)| &dir[..p.len() + 1]),
    )
}

/// One entry per output path. An editor's `_index.md` that introduces a generated list page
/// comes first (pages before generated entries) and names it; the smaller weight places it, so
/// that the list keeps its place in the menu unless the page sets a `weight`.
fn merge_same_out(entries: Vec<NavEntry>) -> Vec<NavEntry> {
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    let mut merged: Vec<NavEntry> = Vec::with_capacity(entries.len());
    for e in entries {
        match at.get(&e.out) {
            Some(&i) => {
                let first = &mut merged[i];
                first.weight = first.weight.min(e.weight);
                first.in_menu |= e.in_menu;
                if first.description.is_none() {
                    first.description = e.description;
                }
                if first.date.is_none() {
                    first.date = e.date;
                }
            }
            None => {
                at.insert(e.out.clone(), merged.len());
                merged.push(e);
            }
        }
    }
    merged
}

impl Nav {
    pub fn new(entries: Vec<NavEntry>, footer: Vec<(String, String)>) -> Self {
        let mut entries = merge_same_out(entries);
        entries.sort_by(|a, b| (a.weight, &a.title, &a.out).cmp(&(b.weight, &b.title, &b.out)));
        let mut nav = Nav {
            footer,
            ..Default::default()
        };
        for e in entries {
            let dir = dir_of(&e.out).to_string();
            // A page's own folder index (`a/index.html`) is a child of the parent folder.
            let parent = if e.out.ends_with("index.html") {
                parent_dir(&dir).map(str::to_string)
            } else {
                Some(dir)
            };
            if let Some(parent) = parent {
                let sibs = nav.children.entry(parent).or_default();
                nav.place.insert(e.out.clone(), sibs.len());
                sibs.push(e.out.clone());
            }
            nav.entries.insert(e.out.clone(), e);
        }
        nav
    }

    pub fn menu(&self, current: &str, _section: &str) -> Vec<MenuItem> {
        self.children
            .get("")
            .into_iter()
            .flatten()
            .filter_map(|o| self.entries.get(o))
            .filter(|e| e.in_menu)
            .map(|e| {
                let dir = dir_of(&e.out);
                MenuItem {
                    title: e.title.clone(),
                    url: relative(current, &e.out),
                    active: current == e.out || (!dir.is_empty() && current.starts_with(dir)),
                }
            })
            .collect()
    }

    pub fn breadcrumbs(&self, current: &str, _section: &str) -> Vec<LinkView> {
        if current == "index.html" {
            return Vec::new();
        }
        let mut crumbs = Vec::new();
        let mut dir = if current.ends_with("index.html") {
            parent_dir(dir_of(current))
        } else {
            Some(dir_of(current))
        };
        while let Some(d) = dir {
            let out = format!("{d}index.html");
            if let Some(e) = self.entries.get(&out) {
                crumbs.push(LinkView {
                    title: e.title.clone(),
                    url: relative(current, &out),
                });
            }
            dir = parent_dir(d);
        }
        crumbs.reverse();
        crumbs
    }

    fn siblings(&self, current: &str) -> Option<&Vec<String>> {
        let dir = dir_of(current);
        let parent = if current.ends_with("index.html") {
            parent_dir(dir)?
        } else {
            dir
        };
        self.children.get(parent)
    }

    pub fn prev_next(&self, current: &str) -> (Option<LinkView>, Option<LinkView>) {
        let Some(sibs) = self.siblings(current) else {
            return (None, None);
        };
        let Some(&i) = self.place.get(current) else {
            return (None, None);
        };
        let view = |o: &String| {
            self.entries.get(o).map(|e| LinkView {
                title: e.title.clone(),
                url: relative(current, o),
            })
        };
        let prev = if i > 0 { view(&sibs[i - 1]) } else { None };
        (prev, sibs.get(i + 1).and_then(view))
    }

    pub fn children(&self, current: &str) -> Vec<ChildView> {
        self.children
            .get(dir_of(current))
            .into_iter()
            .flatten()
            .filter(|o| *o != current)
            .filter_map(|o| self.entries.get(o))
            .map(|e| ChildView {
                title: e.title.clone(),
                url: relative(current, &e.out),
                description: e.description.clone(),
                date: e.date.clone(),
            })
            .collect()
    }

    /// Every entry once, in the order a reader of the whole plan meets them: the start page,
    /// then the root's children by weight, each folder's index followed by its folder's pages
    /// (depth first), then the footer's pages; entries the hierarchy does not reach (a folder
    /// without an index) last, by path. Each with its depth (start page and top level: 1).
    pub fn reading_order(&self) -> Vec<(&str, &str, usize)> {
        fn walk<'a>(
            nav: &'a Nav,
            dir: &str,
            depth: usize,
            seen: &mut std::collections::BTreeSet<&'a str>,
            out: &mut Vec<(&'a NavEntry, usize)>,
        ) {
            for o in nav.children.get(dir).into_iter().flatten() {
                let Some(e) = nav.entries.get(o) else {
                    continue;
                };
                if !seen.insert(e.out.as_str()) {
                    continue;
                }
                out.push((e, depth));
                if e.out.ends_with("index.html") {
                    walk(nav, dir_of(&e.out), depth + 1, seen, out);
                }
            }
        }
        // The footer's pages (the legal notes) close the document wherever they sit.
        let mut seen: std::collections::BTreeSet<&str> =
            self.footer.iter().map(|(_, o)| o.as_str()).collect();
        let mut out = Vec::with_capacity(self.entries.len());
        if let Some(home) = self.entries.get("index.html") {
            seen.insert(home.out.as_str());
            out.push((home, 1));
        }
        walk(self, "", 1, &mut seen, &mut out);
        for e in self.entries.values() {
            if seen.insert(e.out.as_str()) {
                out.push((e, 1));
            }
        }
        let mut order: Vec<(&str, &str, usize)> = out
            .into_iter()
            .map(|(e, d)| (e.out.as_str(), e.title.as_str(), d))
            .collect();
        // Footer pages are often not in the hierarchy (generated legal pages): their link
        // text names them.
        for (title, o) in &self.footer {
            if !order.iter().any(|(x, _, _)| x == o) {
                let title = self.entries.get(o).map_or(title.as_str(), |e| &e.title);
                order.push((o.as_str(), title, 1));
            }
        }
        order
    }

    pub fn footer(&self, current: &str) -> Vec<LinkView> {
        self.footer
            .iter()
            .map(|(title, out)| LinkView {
                title: title.clone(),
                url: relative(current, out),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(out: &str, title: &str, w: i64) -> NavEntry {
        NavEntry {
            out: out.into(),
            title: title.into(),
            description: None,
            date: None,
            weight: w,
            in_menu: true,
        }
    }

    #[test]
    fn an_introduction_and_its_generated_list_are_one_entry() {
        let mut intro = e("risiken/index.html", "Unsere Risiken", i64::MAX / 2);
        intro.description = Some("Einleitung".into());
        let nav = Nav::new(
            vec![
                e("index.html", "Start", 0),
                intro,
                e("a/index.html", "A", 30),
                e("risiken/index.html", "Risiken", 20),
            ],
            Vec::new(),
        );
        let menu = nav.menu("index.html", "");
        let titles: Vec<&str> = menu.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Unsere Risiken", "A"]);
        let kids = nav.children("index.html");
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[0].description.as_deref(), Some("Einleitung"));
    }

    #[test]
    fn hierarchy() {
        let nav = Nav::new(
            vec![
                e("index.html", "Start", 0),
                e("a/index.html", "A", 1),
                e("a/x/index.html", "X", 2),
                e("a/y/index.html", "Y", 1),
                e("b/index.html", "B", 0),
            ],
            vec![],
        );
        let menu = nav.menu("a/x/index.html", "a");
        assert_eq!(
            menu.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(),
            ["B", "A"]
        );
        assert!(menu[1].active && !menu[0].active);
        assert_eq!(menu[1].url, "../index.html");
        let bc = nav.breadcrumbs("a/x/index.html", "a");
        assert_eq!(
            bc.iter().map(|b| b.url.as_str()).collect::<Vec<_>>(),
            ["../../index.html", "../index.html"]
        );
        let (p, n) = nav.prev_next("a/x/index.html");
        assert_eq!(p.unwrap().title, "Y");
        assert!(n.is_none());
        let (p, n) = nav.prev_next("a/y/index.html");
        assert!(p.is_none());
        assert_eq!(n.unwrap().url, "../x/index.html");
        // top level: B (weight 0) before A (weight 1); the start page has no siblings
        let (p, n) = nav.prev_next("b/index.html");
        assert!(p.is_none());
        assert_eq!(n.unwrap().title, "A");
        for page in ["index.html", "nowhere/index.html"] {
            let (p, n) = nav.prev_next(page);
            assert!(p.is_none() && n.is_none(), "{page}");
        }
        let kids = nav.children("a/index.html");
        assert_eq!(
            kids.iter().map(|k| k.url.as_str()).collect::<Vec<_>>(),
            ["y/index.html", "x/index.html"]
        );
    }
    #[test]
    fn reading_order_is_depth_first_in_menu_order() {
        let nav = Nav::new(
            vec![
                e("index.html", "Start", 0),
                e("a/index.html", "A", 1),
                e("a/x/index.html", "X", 2),
                e("a/y/index.html", "Y", 1),
                e("b/index.html", "B", 0),
                e("b/z.html", "Z", 0),
                e("lose/ordner/p/index.html", "P", 0),
                e("impressum/index.html", "Impressum", 0),
            ],
            vec![("Impressum".into(), "impressum/index.html".into())],
        );
        let order: Vec<(&str, usize)> = nav
            .reading_order()
            .into_iter()
            .map(|(_, title, d)| (title, d))
            .collect();
        assert_eq!(
            order,
            [
                ("Start", 1),
                ("B", 1),
                ("Z", 2),
                ("A", 1),
                ("Y", 2),
                ("X", 2),
                ("P", 1),
                ("Impressum", 1)
            ]
        );
    }
}
