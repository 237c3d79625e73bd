use std::collections::{BTreeMap, BTreeSet};

use super::extract::{self, Document, Place};
use super::*;

fn page(main: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>x</title><script>var a = '<main>';</script></head><body><nav><a href=\"x.html\">Menü</a></nav><main id=\"inhalt\">{main}</main><footer>Fuß</footer></body></html>"
    )
}

fn rewrite(
    main: &str,
    out: &str,
    sections: &[(&str, &str, &str)],
    ids: &[(&str, &[&str])],
) -> String {
    let sections: BTreeMap<String, (String, String)> = sections
        .iter()
        .map(|(o, a, n)| (o.to_string(), (a.to_string(), n.to_string())))
        .collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = ids
        .iter()
        .map(|(a, v)| (a.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
    let (anchor, number) = sections
        .get(out)
        .cloned()
        .unwrap_or(("p-x".into(), "1".into()));
    let r = extract::rewrite(
        &page(main),
        &Place {
            out,
            anchor: &anchor,
            shift: 1,
            number: &number,
        },
        &Document {
            sections: &sections,
            address: None,
            see: "siehe",
        },
    );
    ids.entry(anchor.clone())
        .or_default()
        .extend(r.ids.iter().cloned());
    extract::finish(r, &ids)
}

#[test]
fn only_main_is_taken_and_what_works_on_screen_only_is_dropped() {
    let html = rewrite(
        "<h1>Titel</h1><nav class=\"toc\"><a href=\"#a\">Auf dieser Seite</a></nav>\
         <p>Text <!-- Kommentar --> bleibt</p>\
         <div hidden><p>Filter</p><div>tief</div></div>\
         <template><p>Vorlage</p></template><noscript>Ohne Skript</noscript>\
         <script>alert(1)</script><style>p{}</style>\
         <img class=\"video-consent__placeholder\" src=\"x.svg\" alt=\"\">\
         <p class=\"video-consent__notice\">Erst nach Klick</p>\
         <button type=\"button\" hidden>Video laden</button><p>Ende</p>",
        "a/index.html",
        &[],
        &[],
    );
    assert_eq!(
        html,
        "<h2><span class=\"print-number\">1</span> Titel</h2><p>Text  bleibt</p><p>Ende</p>"
    );
}

#[test]
fn headings_move_down_to_the_depth_and_stop_at_h6() {
    let html = rewrite(
        "<h1 class=\"t\">A</h1><h2>B</h2><h5>E</h5><h6>F</h6>",
        "a/index.html",
        &[("a/index.html", "p-a", "3.1")],
        &[],
    );
    assert_eq!(
        html,
        "<h2 class=\"t\"><span class=\"print-number\">3.1</span> A</h2><h3>B</h3><h6>E</h6><h6>F</h6>"
    );
}

#[test]
fn ids_and_every_reference_to_them_get_the_section_prefix() {
    let html = rewrite(
        "<div role=\"region\" aria-labelledby=\"cap x\"><table id=\"t\"><caption id=\"cap\">C</caption>\
         <tr><th id=\"h\">H</th><td headers=\"h\">1</td></tr></table></div>\
         <label for=\"c\">L</label><input id=\"c\" type=\"checkbox\" aria-describedby=\"c-hilfe\">\
         <svg viewBox=\"0 0 10 10\" role=\"img\" aria-labelledby=\"s-title\"><title id=\"s-title\">T &amp; U</title>\
         <linearGradient id=\"g\"/><rect fill=\"url(#g)\" width=\"1\"/><use href=\"#g\"/></svg>",
        "a/index.html",
        &[("a/index.html", "p-a", "1")],
        &[],
    );
    for want in [
        "aria-labelledby=\"p-a__cap p-a__x\"",
        "id=\"p-a__t\"",
        "headers=\"p-a__h\"",
        "for=\"p-a__c\"",
        "aria-describedby=\"p-a__c-hilfe\"",
        "<svg aria-labelledby=\"p-a__s-title\" role=\"img\" viewBox=\"0 0 10 10\">",
        "<title id=\"p-a__s-title\">T &amp; U</title>",
        "<linearGradient id=\"p-a__g\"/>",
        "fill=\"url(#p-a__g)\"",
        "<use href=\"#p-a__g\"/>",
    ] {
        assert!(html.contains(want), "{want} in {html}");
    }
}

#[test]
fn controls_become_text_and_details_open() {
    let html = rewrite(
        "<table><tr><th scope=\"col\"><button type=\"button\" class=\"sort-button\">Fällig</button></th></tr></table>\
         <details><summary>Mehr</summary><p>Inhalt</p></details>",
        "a/index.html",
        &[],
        &[],
    );
    assert!(
        html.contains("<th scope=\"col\"><span class=\"sort-button\">Fällig</span></th>"),
        "{html}"
    );
    assert!(
        html.contains("<details open><summary>Mehr</summary>"),
        "{html}"
    );
}

#[test]
fn links_name_the_section_they_lead_to() {
    let html = rewrite(
        "<p><a href=\"../b/index.html#teil\">B</a> und <a href=\"#oben\">oben</a> und \
         <a href=\"https://youtu.be/uilwr6ktHbU\">Video</a> und <a href=\"../daten/r.csv\">CSV</a></p>\
         <img src=\"bild.png\" alt=\"Bild\">",
        "a/index.html",
        &[("a/index.html", "p-a", "1"), ("b/index.html", "p-b", "2")],
        &[("p-b", &["teil"]), ("p-a", &["oben"])],
    );
    assert_eq!(
        html,
        "<p><a href=\"#p-b__teil\">B</a> <span class=\"print-ref\">(siehe 2)</span> und \
         <a href=\"#p-a__oben\">oben</a> und <a href=\"https://youtu.be/uilwr6ktHbU\">Video</a> und \
         <a href=\"../daten/r.csv\">CSV</a></p><img alt=\"Bild\" src=\"../a/bild.png\">"
    );
}

#[test]
fn ids_in_dropped_parts_are_not_kept() {
    let ids = extract::rewrite(
        &page(
            "<h1 id=\"t\">T</h1><nav><h2 id=\"n\">N</h2></nav><div hidden><p id=\"h\">x</p></div><p id=\"e\">e</p>",
        ),
        &Place {
            out: "a/index.html",
            anchor: "p-a",
            shift: 1,
            number: "1",
        },
        &Document {
            sections: &BTreeMap::new(),
            address: None,
            see: "siehe",
        },
    )
    .ids;
    assert_eq!(ids, BTreeSet::from(["t".to_string(), "e".to_string()]));
}

#[test]
fn numbers_follow_the_depths() {
    assert_eq!(
        numbers(&[1, 1, 2, 2, 3, 1, 2, 1]),
        ["1", "2", "2.1", "2.2", "2.2.1", "3", "3.1", "4"]
    );
    // a jump of two levels counts the level between as 1
    assert_eq!(numbers(&[1, 3, 1]), ["1", "1.1.1", "2"]);
}

#[test]
fn anchors_name_the_page() {
    assert_eq!(anchor("index.html"), "p-start");
    assert_eq!(anchor("risiken/r-001/index.html"), "p-risiken_r-001");
    assert_eq!(anchor("a/x.html"), "p-a_x");
}

#[test]
fn the_table_of_contents_nests_by_depth() {
    let e = |n: &str, d: usize| Entry {
        out: format!("{n}.html"),
        title: n.into(),
        depth: d,
        number: n.into(),
        anchor: n.into(),
    };
    let toc = toc(&[
        e("1", 1),
        e("2", 1),
        e("2.1", 2),
        e("2.1.1", 3),
        e("3", 1),
        e("3.1", 2),
    ]);
    let shape: Vec<(&str, bool, usize)> = toc
        .iter()
        .map(|t| (t.number.as_str(), t.opens, t.closes.len()))
        .collect();
    assert_eq!(
        shape,
        [
            ("1", false, 0),
            ("2", true, 0),
            ("2.1", true, 0),
            ("2.1.1", false, 2),
            ("3", true, 0),
            ("3.1", false, 1)
        ]
    );
}

#[test]
fn the_running_footer_is_a_css_string_an_editor_cannot_break_out_of() {
    assert_eq!(
        css_string("Stadt \"A\" \\ </style><script>"),
        "\"Stadt \\\"A\\\" \\\\ \\3C /style>\\3C script>\""
    );
    assert_eq!(css_string("a\nb"), "\"a b\"");
}

#[test]
fn what_loads_from_another_host_is_not_copied() {
    let html = rewrite(
        "<img src=\"https://cdn.example/a.png\" alt=\"A\"><img src=\"HTTPS://cdn.example/b.png\" alt=\"B\">\
         <img srcset=\"//cdn.example/c.png 2x\" alt=\"C\"><p style=\"background:url(https://x.example/d.png)\">D</p>\
         <img src=\"data:image/png;base64,AAAA\" alt=\"E\"><p style=\"color:red\">F</p>",
        "a/index.html",
        &[],
        &[],
    );
    assert_eq!(
        html,
        "<img alt=\"A\"><img alt=\"B\"><img alt=\"C\"><p>D</p>\
         <img alt=\"E\" src=\"data:image/png;base64,AAAA\"><p style=\"color:red\">F</p>"
    );
}
