use super::*;

#[test]
fn finds_ids_and_urls() {
    let html = r#"<h2 id="a&amp;b">x</h2><a href="../x/index.html#y">l</a><img src="https://cdn.example/x.png" alt="">"#;
    assert!(ids_of(html.as_bytes()).contains("a&b"));
    let s = gate::scan_html(html.as_bytes());
    assert_eq!(s.links, ["../x/index.html#y", "https://cdn.example/x.png"]);
    assert_eq!(s.findings.len(), 1);
    assert_eq!(s.findings[0].how, "<img src>");
}

#[test]
fn external_resource_is_an_error() {
    let mut files = Files::new();
    files.insert("index.html".into(), br#"<link rel="stylesheet" href="https://cdn.example.com/x.css"><a href="https://example.org">ok</a>"#.to_vec(), crate::files::Origin::generated(crate::diagnostics::Msg::same("test")));
    let d = Diagnostics::new();
    check_generated(&files, &Origins::bare("output"), &IdCache::default(), &d);
    let s = d.snapshot();
    assert_eq!(s.len(), 1);
    assert!(
        s[0].message
            .contains("loads `https://cdn.example.com/x.css` from another host")
    );
}

#[test]
fn a_page_that_is_not_utf8_is_still_checked() {
    // a static HTML file in Latin-1: its links are read all the same
    let mut files = Files::new();
    files.insert(
        "alt.html".into(),
        b"<p id=\"gr\xfc\xdfe\">Gr\xfc\xdfe</p><a href=\"fehlt.html\">x</a><a href=\"#gr\xfc\xdfe\">y</a>"
            .to_vec(), crate::files::Origin::generated(crate::diagnostics::Msg::same("test"))
    );
    let d = Diagnostics::new();
    check_generated(&files, &Origins::bare("output"), &IdCache::default(), &d);
    let msgs: Vec<String> = d.snapshot().into_iter().map(|d| d.message.en).collect();
    assert_eq!(msgs, ["`alt.html` links to missing `fehlt.html`"]);
}

#[test]
fn folder_links_and_missing_anchors() {
    let mut files = Files::new();
    files.insert(
        "index.html".into(),
        br#"<a href="a/">x</a><a href="a/index.html#nope">y</a>"#.to_vec(),
        crate::files::Origin::generated(crate::diagnostics::Msg::same("test")),
    );
    files.insert(
        "a/index.html".into(),
        br#"<h1 id="top">A</h1>"#.to_vec(),
        crate::files::Origin::generated(crate::diagnostics::Msg::same("test")),
    );
    let d = Diagnostics::new();
    check_generated(&files, &Origins::bare("output"), &IdCache::default(), &d);
    let msgs: Vec<String> = d.snapshot().into_iter().map(|d| d.message.en).collect();
    assert!(
        msgs.iter().any(|m| m.contains("links to a folder")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("missing anchor")),
        "{msgs:?}"
    );
}
