//! Checklists, Markdown task lists and the two-click video on fixture plans: the HTML structure
//! the browser script and the gate rely on, ids that stay put across rebuilds and unrelated
//! edits, and every broken input reported at its exact place.

mod common;

use std::collections::BTreeMap;

use common::*;

const CHECKLISTS: &str = r#"# Checklisten
- id: webmeeting
  title: Webmeetings vorbereiten
  intro: |
    Die Regeln für **dienstliche** Webmeetings. Siehe [Tipps](@/schulung/tipps.md).
  video:
    url: "https://youtu.be/uilwr6ktHbU"
    title: Tipps für gute Webmeetings
    transcript: "@/schulung/tipps.md"
  roles:
    - {id: alle, title: Alle}
    - {id: moderation, title: Moderation}
    - {id: teilnehmende, title: Teilnehmende}
  phases:
    - id: vor
      title: Vor dem Meeting
      items:
        - id: technik-testen
          text: Headset, Mikrofon und Kamera testen
          role: alle
          help: |
            Im **Testraum** prüfen, siehe [Tipps](@/schulung/tipps.md).
          refs: [Z-1, "@/schulung/tipps.md"]
        - id: raum-absichern
          text: Raum mit Warteraum & PIN anlegen
          role: moderation
          refs: [Z-1]
    - id: waehrend
      title: Während des Meetings
      items:
        - id: stumm
          text: Stumm, wenn Sie nicht sprechen
        - id: kamera-aus
          text: Kamera aus ist erlaubt
          role: teilnehmende
    - id: nach
      title: Nach dem Meeting
      items:
        - id: raum-schliessen
          text: Raum schließen
          role: moderation
  audience: public
  internal_note: Nur intern sichtbar.
- id: intern
  title: Interne Prüfliste
  phases:
    - id: a
      title: Alles
      items:
        - {id: eins, text: Eins}
  audience: internal
"#;

const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";

const VORBEREITEN: &str = "---\ntitle: Webmeetings vorbereiten\naudience: public\nweight: 1\n---\nEinleitung.\n\n## Zum Abhaken\n\n- [ ] Headset angeschlossen\n- [x] Mikrofon geprüft\n  - [ ] Pegel im Testraum\n- [ ] Kamera auf Augenhöhe\n\nEine normale Liste:\n\n- Punkt A\n- Punkt B\n";

const TIPPS: &str = "---\ntitle: Tipps – Textfassung\naudience: public\nweight: 2\nvideo: {url: \"https://www.youtube.com/watch?v=uilwr6ktHbU\", title: Tipps für gute Webmeetings, transcript: \"tipps.md\"}\n---\n## Tipp 1\n\nTechnik vorher testen.\n";

const KURZ: &str = "---\ntitle: Kurzfassung\naudience: public\nweight: 3\nvideo:\n  url: https://www.youtube-nocookie.com/embed/uilwr6ktHbU\n  title: Kurzvideo\n  transcript: \"@/schulung/tipps.md#tipp-1\"\n---\nKurz.\n";

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nWillkommen.\n",
        ),
        (
            "content/schulung/_index.md",
            "---\ntitle: Schulung\naudience: public\nweight: 5\n---\nSchulung.\n",
        ),
        ("content/schulung/vorbereiten.md", VORBEREITEN),
        ("content/schulung/tipps.md", TIPPS),
        ("content/schulung/kurz.md", KURZ),
        ("content/data/checklists.yaml", CHECKLISTS),
        ("content/data/goals.yaml", GOALS),
    ]
}

fn good() -> tempfile::TempDir {
    plan(&files())
}

/// A plan like `good()` with one file replaced.
fn with(path: &str, text: &str) -> tempfile::TempDir {
    let mut f = files();
    match f.iter_mut().find(|(p, _)| *p == path) {
        Some(e) => e.1 = Box::leak(text.to_string().into_boxed_str()),
        None => f.push((
            Box::leak(path.to_string().into_boxed_str()),
            Box::leak(text.to_string().into_boxed_str()),
        )),
    }
    plan(&f)
}

fn ok(r: &krisenfest::build::BuildResult) {
    let e = errors(r);
    assert!(
        e.is_empty(),
        "{:#?}",
        e.iter()
            .map(|d| (d.message.en.clone(), d.location()))
            .collect::<Vec<_>>()
    );
}

/// Value of attribute `name` in the tag text `tag` (`<input … name="v">`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!(" {name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

/// Every start tag `<name …>` in `html`, with its byte offset.
fn tags<'a>(html: &'a str, name: &str) -> Vec<(usize, &'a str)> {
    let open = format!("<{name}");
    let mut v = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let at = from + i;
        let next = html[at + open.len()..].chars().next();
        if matches!(next, Some(' ' | '>' | '/')) {
            let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
            v.push((at, &html[at..end]));
        }
        from = at + open.len();
    }
    v
}

/// The checkboxes of every `<form data-checklist>`: (checklist, item, DOM id or ""). Also asserts
/// the contract: each box has a data-item and sits inside a `<label>`, inside its form; a box
/// with an id is also named by the label's `for` (those of Markdown pages are labelled by
/// nesting alone, which is all a label needs).
fn checkboxes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let forms = tags(html, "form");
    for (fi, (at, form)) in forms.iter().enumerate() {
        let Some(cl) = attr(form, "data-checklist") else {
            continue;
        };
        let end = html[*at..]
            .find("</form>")
            .map(|e| at + e)
            .expect("form closed");
        if let Some((next, _)) = forms.get(fi + 1) {
            assert!(*next > end, "nested <form> in {cl}");
        }
        let body = &html[*at..end];
        for (i, input) in tags(body, "input") {
            if attr(input, "type").as_deref() != Some("checkbox") {
                continue;
            }
            let item = attr(input, "data-item")
                .unwrap_or_else(|| panic!("checkbox without data-item: {input}"));
            let id = attr(input, "id").unwrap_or_default();
            let before = &body[..i];
            let label_open = before.rfind("<label").expect("checkbox inside a label");
            assert!(
                before.rfind("</label>").is_none_or(|c| c < label_open),
                "checkbox {item} is not inside a <label>"
            );
            let label = &before[label_open..];
            assert_eq!(
                attr(label, "for").unwrap_or_default(),
                id,
                "label names the box: {label}"
            );
            let after = &body[i..];
            let close = after.find("</label>").expect("label closed");
            let text: String = strip_tags(&after[..close]);
            assert!(!text.trim().is_empty(), "label of {item} has text");
            out.push((cl.clone(), item, id));
        }
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn all_html(r: &krisenfest::build::BuildResult) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for o in &r.outputs {
        for (path, bytes) in &o.files {
            if path.ends_with(".html") {
                v.push((
                    o.spec.name.clone(),
                    path.clone(),
                    String::from_utf8(bytes.clone()).unwrap(),
                ));
            }
        }
    }
    v
}

fn ids_unique(html: &str, page: &str) {
    let mut seen = BTreeMap::new();
    for tag in [
        "input", "label", "h2", "progress", "select", "p", "div", "li", "section", "nav", "span",
    ] {
        for (_, t) in tags(html, tag) {
            if let Some(id) = attr(t, "id") {
                assert!(
                    seen.insert(id.clone(), ()).is_none(),
                    "duplicate id `{id}` on {page}"
                );
            }
        }
    }
}

// ------------------------------------------------------------------------------------------

#[test]
fn checklist_page_has_labelled_boxes_phases_roles_and_toolbar() {
    let dir = good();
    let r = build_plan(dir.path());
    ok(&r);
    let html = file(&r, "public", "checklisten/webmeeting/index.html");

    let boxes = checkboxes(&html);
    let items: Vec<&str> = boxes.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(
        items,
        [
            "technik-testen",
            "raum-absichern",
            "stumm",
            "kamera-aus",
            "raum-schliessen"
        ]
    );
    assert!(boxes.iter().all(|b| b.0 == "webmeeting"));
    assert_eq!(boxes[0].2, "punkt-technik-testen");
    ids_unique(&html, "checklisten/webmeeting/index.html");

    // The exact markup of one item: box inside its label, role as text, help described.
    assert!(html.contains(
        "<li class=\"checklist__item\" data-role=\"moderation\">\n<label class=\"kern-form-check checklist__check\" for=\"punkt-raum-absichern\"><input class=\"kern-form-check__checkbox\" type=\"checkbox\" id=\"punkt-raum-absichern\" data-item=\"raum-absichern\"><span class=\"kern-label\">Raum mit Warteraum &amp; PIN anlegen <span class=\"checklist__role\"><span class=\"kern-sr-only\">Rolle: </span>Moderation</span></span></label>"
    ), "{html}");
    // Items for everyone carry no data-role (every filter shows them); items without a role neither.
    assert!(html.contains("<li class=\"checklist__item\">\n<label class=\"kern-form-check checklist__check\" for=\"punkt-technik-testen\"><input class=\"kern-form-check__checkbox\" type=\"checkbox\" id=\"punkt-technik-testen\" data-item=\"technik-testen\" aria-describedby=\"punkt-technik-testen-hilfe\">"));
    assert!(html.contains("<div class=\"checklist__help\" id=\"punkt-technik-testen-hilfe\"><p>Im <strong>Testraum</strong> prüfen, siehe <a href=\"../../schulung/tipps/index.html\">Tipps</a>.</p>"), "{html}");
    assert!(html.contains("data-item=\"stumm\"><span class=\"kern-label\">Stumm, wenn Sie nicht sprechen</span></label>"));
    assert_eq!(html.matches("data-role=\"moderation\"").count(), 2);
    assert_eq!(html.matches("data-role=\"teilnehmende\"").count(), 1);
    assert!(!html.contains("data-role=\"alle\""));

    // Phases are headed groups.
    assert_eq!(
        html.matches("<fieldset class=\"kern-fieldset checklist__phase\">")
            .count(),
        3
    );
    assert!(html.contains("<legend class=\"kern-label\"><h2 class=\"checklist__phase-title\" id=\"phase-waehrend\">Während des Meetings</h2></legend>"));

    // The form, and the controls that need the script, hidden until it runs.
    assert!(html.contains("<form class=\"checklist\" data-checklist=\"webmeeting\" autocomplete=\"off\">\n<div class=\"checklist__toolbar\" data-checklist-toolbar hidden>"), "{html}");
    assert!(html.contains(
        "<label class=\"kern-label\" for=\"checkliste-rolle\">Punkte anzeigen für</label>"
    ));
    let options: Vec<(Option<String>, String)> = tags(&html, "option")
        .into_iter()
        .map(|(at, t)| {
            (
                attr(t, "value"),
                strip_tags(&html[at..at + html[at..].find("</option>").unwrap()]),
            )
        })
        .collect();
    assert_eq!(
        options,
        [
            (Some(String::new()), "Alle".to_string()),
            (Some("moderation".into()), "Moderation".into()),
            (Some("teilnehmende".into()), "Teilnehmende".into())
        ]
    );
    assert!(html.contains(
        "<select class=\"kern-form-input__select\" id=\"checkliste-rolle\" data-checklist-filter>"
    ));
    assert!(html.contains("data-checklist-count data-count-text=\"{done} von {total} erledigt\" aria-live=\"polite\">0 von 5 erledigt</span></label>"));
    assert!(html.contains("<progress id=\"checkliste-fortschritt\" max=\"5\" value=\"0\">"));
    assert!(html.contains(
        "data-checklist-reset><span class=\"kern-label\">Fortschritt zurücksetzen</span></button>"
    ));
    assert!(
        html.contains("data-checklist-print><span class=\"kern-label\">Drucken</span></button>")
    );
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../assets/checklists.css\">"));

    // Intro and references; the internal note only in the intranet.
    assert!(html.contains("Die Regeln für <strong>dienstliche</strong> Webmeetings."));
    assert!(html.contains("<p class=\"checklist__refs\">Siehe:"));
    assert!(html.contains("Z-1"));
    assert!(html.contains(">Tipps – Textfassung</a>"), "{html}");
    assert!(!html.contains("Nur intern sichtbar."));
    let intra = file(&r, "intranet", "checklisten/webmeeting/index.html");
    assert!(intra.contains("Nur intern sichtbar."));

    // No script inline, no handler attributes.
    assert!(
        !html.contains("<script>") && !html.contains(" onclick=") && !html.contains(" onchange=")
    );
}

#[test]
fn checklist_index_menu_and_audiences() {
    let dir = good();
    let r = build_plan(dir.path());
    ok(&r);
    let list = file(&r, "public", "checklisten/index.html");
    assert!(
        list.contains("<a href=\"webmeeting/index.html\">Webmeetings vorbereiten</a>"),
        "{list}"
    );
    assert!(list.contains("5 Punkte: Vor dem Meeting · Während des Meetings · Nach dem Meeting. Rollen: Moderation, Teilnehmende"));
    assert!(!list.contains("Interne Prüfliste"));
    let home = file(&r, "public", "index.html");
    assert!(
        home.contains("href=\"checklisten/index.html\">Checklisten</a>"),
        "{home}"
    );

    let public = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files;
    assert!(!public.contains_key("checklisten/intern/index.html"));
    let intra = file(&r, "intranet", "checklisten/index.html");
    assert!(intra.contains("Interne Prüfliste"));
    let page = file(&r, "intranet", "checklisten/intern/index.html");
    assert_eq!(
        checkboxes(&page),
        [(
            "intern".to_string(),
            "eins".to_string(),
            "punkt-eins".to_string()
        )]
    );
    // Without specific roles there is no filter.
    assert!(!page.contains("data-checklist-filter"));

    // Only internal checklists: no list page and no menu entry in the public output.
    let dir = with(
        "content/data/checklists.yaml",
        "- {id: intern, title: Intern, phases: [{id: a, title: A, items: [{id: eins, text: Eins}]}], audience: internal}\n",
    );
    let r = build_plan(dir.path());
    ok(&r);
    let public = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files;
    assert!(!public.keys().any(|k| k.starts_with("checklisten/")));
    assert!(!file(&r, "public", "index.html").contains("Checklisten"));
    assert!(file(&r, "intranet", "index.html").contains("Checklisten"));
}

#[test]
fn markdown_task_lists_become_checklists() {
    let dir = good();
    let r = build_plan(dir.path());
    ok(&r);
    let html = file(&r, "public", "schulung/vorbereiten/index.html");
    assert_eq!(html.matches("<form class=\"checklist").count(), 1, "{html}");
    // The toolbar only works with the script, which adds it (assets/krisenfest.js).
    assert!(html.contains("<form class=\"checklist checklist--page\" data-checklist=\"page:schulung/vorbereiten/index.html\" autocomplete=\"off\">\n<ul class=\"checklist__items\">"), "{html}");
    assert!(!html.contains("data-checklist-toolbar"), "{html}");
    let boxes = checkboxes(&html);
    assert_eq!(
        boxes
            .iter()
            .map(|b| (b.1.as_str(), b.2.as_str()))
            .collect::<Vec<_>>(),
        [
            ("headset-angeschlossen", ""),
            ("mikrofon-geprueft", ""),
            ("pegel-im-testraum", ""),
            ("kamera-auf-augenhoehe", ""),
        ]
    );
    assert!(html.contains("<input type=\"checkbox\" data-item=\"mikrofon-geprueft\" checked>"));
    assert!(html.contains("<ul class=\"checklist__items\">\n<li><label><input type=\"checkbox\" data-item=\"headset-angeschlossen\"><span>Headset angeschlossen</span></label></li>"));
    // The plain list after it stays a plain list, outside the form.
    assert!(
        html.contains("</form>\n<p>Eine normale Liste:</p>\n<ul>\n<li>Punkt A</li>"),
        "{html}"
    );
    ids_unique(&html, "schulung/vorbereiten/index.html");
    // Pages without task lists get no form.
    assert!(!file(&r, "public", "schulung/tipps/index.html").contains("data-checklist="));
}

/// Item ids, DOM ids and checklist ids of every checklist in an output.
fn snapshot(r: &krisenfest::build::BuildResult) -> BTreeMap<String, Vec<(String, String, String)>> {
    all_html(r)
        .into_iter()
        .map(|(o, p, h)| (format!("{o}/{p}"), checkboxes(&h)))
        .filter(|(_, b)| !b.is_empty())
        .collect()
}

#[test]
fn ids_are_stable_across_rebuilds_and_unrelated_edits() {
    let dir = good();
    let first = build_plan(dir.path());
    ok(&first);
    let before = snapshot(&first);
    // webmeeting in both outputs, intern in the intranet, the page's task list in both outputs.
    assert_eq!(before.len(), 5, "{before:#?}");
    // Same input, same bytes.
    let again = build_plan(dir.path());
    for (a, b) in first.outputs.iter().zip(again.outputs.iter()) {
        assert_eq!(a.files, b.files, "rebuild changed output {}", a.spec.name);
    }

    // Unrelated edits: new items and phases around the old ones, changed texts of other items,
    // new text and a new task list above the page's list, a new page.
    let edited = CHECKLISTS
        .replace(
            "    - id: vor\n      title: Vor dem Meeting\n      items:\n",
            "    - id: vorab\n      title: Ganz früh\n      items:\n        - {id: termin, text: Termin finden}\n    - id: vor\n      title: Vor dem Meeting\n      items:\n        - {id: neu, text: Neuer erster Punkt, role: teilnehmende}\n",
        )
        .replace("Kamera aus ist erlaubt", "Kamera ausschalten ist erlaubt")
        .replace("title: Webmeetings vorbereiten\n", "title: Webmeetings gut vorbereiten\n");
    assert_ne!(edited, CHECKLISTS);
    let page = VORBEREITEN.replace(
        "Einleitung.\n",
        "Einleitung, jetzt länger.\n\n## Neu oben\n\n- [ ] Ganz anderer Punkt\n\nText.\n",
    );
    write_files(
        dir.path(),
        &[
            ("content/data/checklists.yaml", &edited),
            ("content/schulung/vorbereiten.md", &page),
            (
                "content/schulung/neu.md",
                "---\ntitle: Neue Seite\naudience: public\nweight: 0\n---\n- [ ] Headset angeschlossen\n",
            ),
        ],
    );
    let after_build = build_plan(dir.path());
    ok(&after_build);
    let after = snapshot(&after_build);
    for (page, boxes) in &before {
        let now = &after[page];
        for b in boxes {
            assert!(now.contains(b), "{page}: {b:?} changed; now {now:#?}");
        }
    }
    // The new items are there too, with their own ids.
    let wm = &after["public/checklisten/webmeeting/index.html"];
    assert!(wm.contains(&("webmeeting".into(), "neu".into(), "punkt-neu".into())));
    let neu = &after["public/schulung/neu/index.html"];
    assert_eq!(neu[0].0, "page:schulung/neu/index.html");
}

#[test]
fn video_is_two_click_without_any_request_to_youtube() {
    let dir = good();
    let r = build_plan(dir.path());
    ok(&r);
    for (o, p, html) in all_html(&r) {
        assert!(!html.contains("<iframe"), "{o}/{p} has an iframe");
        for (_, tag) in tags(&html, "img")
            .into_iter()
            .chain(tags(&html, "script"))
            .chain(tags(&html, "link"))
        {
            for a in ["src", "href", "srcset"] {
                if let Some(v) = attr(tag, a) {
                    assert!(
                        !v.to_ascii_lowercase().contains("youtube")
                            && !v.contains("ytimg")
                            && !v.starts_with("http")
                            && !v.starts_with("//"),
                        "{o}/{p}: {tag}"
                    );
                }
            }
        }
        assert!(
            !html
                .to_ascii_lowercase()
                .contains("src=\"https://www.youtube"),
            "{o}/{p}"
        );
        assert!(!html.contains(" src=\"http"), "{o}/{p}");
    }

    // The checklist's video, with a transcript link to another page.
    let html = file(&r, "public", "checklisten/webmeeting/index.html");
    let expected = "<figure class=\"video-consent\" data-video=\"https://www.youtube-nocookie.com/embed/uilwr6ktHbU\" data-video-title=\"Video: Tipps für gute Webmeetings\">\n<div class=\"video-consent__stage\">\n<img class=\"video-consent__placeholder\" src=\"../../assets/video-placeholder.svg\" alt=\"\" width=\"640\" height=\"360\">\n<div class=\"video-consent__panel\">\n<p class=\"video-consent__notice\" id=\"kf-video-hinweis\">Das Video wird von YouTube bereitgestellt.";
    assert!(html.contains(expected), "{html}");
    assert!(html.contains("<button type=\"button\" class=\"kern-btn kern-btn--primary video-consent__button\" aria-describedby=\"kf-video-hinweis\" hidden><span class=\"kern-label\">Video laden</span></button>"));
    assert!(html.contains("<p class=\"video-consent__fallback\"><a href=\"https://www.youtube.com/watch?v=uilwr6ktHbU\">Video bei YouTube ansehen</a></p>"));
    assert!(html.contains("<figcaption class=\"video-consent__caption\">Tipps für gute Webmeetings · <a href=\"../../schulung/tipps/index.html\">Textfassung des Videos</a></figcaption>"), "{html}");
    let public = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files;
    assert!(public.contains_key("assets/video-placeholder.svg"));
    let js = String::from_utf8(public["assets/krisenfest.js"].clone()).unwrap();
    assert!(js.contains("https://www.youtube-nocookie.com/embed/") && js.contains("?autoplay=1"));

    // Front matter video: on the transcript page itself, and on another page with an anchor.
    let tipps = file(&r, "public", "schulung/tipps/index.html");
    assert_eq!(tipps.matches("data-video=").count(), 1);
    assert!(tipps.contains("<figcaption class=\"video-consent__caption\">Tipps für gute Webmeetings · Die Textfassung des Videos steht auf dieser Seite.</figcaption>"), "{tipps}");
    let kurz = file(&r, "public", "schulung/kurz/index.html");
    assert!(kurz.contains("data-video=\"https://www.youtube-nocookie.com/embed/uilwr6ktHbU\""));
    assert!(
        kurz.contains("<a href=\"../tipps/index.html#tipp-1\">Textfassung des Videos</a>"),
        "{kurz}"
    );
    // Pages without a video have none.
    assert!(!file(&r, "public", "schulung/vorbereiten/index.html").contains("data-video"));
}

// ------------------------------------------------------------------------------------------
// broken inputs

/// Line (1-based) of the first line containing `needle` in `text`, and the column (1-based,
/// characters) where `needle` starts.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    for (n, line) in text.lines().enumerate() {
        if let Some(i) = line.find(needle) {
            return (n + 1, line[..i].chars().count() + 1);
        }
    }
    panic!("`{needle}` not in text");
}

#[test]
fn duplicate_item_id_unknown_role_and_unknown_reference() {
    let yaml = CHECKLISTS
        .replace("        - id: kamera-aus\n", "        - id: stumm\n")
        .replace("          role: teilnehmende\n", "          role: gaeste\n")
        .replace("refs: [Z-1]\n", "refs: [Z-9]\n");
    let dir = with("content/data/checklists.yaml", &yaml);
    let r = build_plan(dir.path());
    let dup_line = yaml
        .lines()
        .enumerate()
        .filter(|(_, x)| x.trim() == "- id: stumm")
        .nth(1)
        .unwrap()
        .0
        + 1;
    has_error(
        &r,
        "duplicate item id `stumm` in checklist `webmeeting`",
        &format!("content/data/checklists.yaml:{dup_line}:15"),
    );
    let (rl, rc) = locate(&yaml, "gaeste");
    has_error(
        &r,
        "unknown role `gaeste`",
        &format!("content/data/checklists.yaml:{rl}:{rc}"),
    );
    let (zl, zc) = locate(&yaml, "Z-9");
    has_error(
        &r,
        "unknown record `Z-9`",
        &format!("content/data/checklists.yaml:{zl}:{zc}"),
    );
    assert_eq!(errors(&r).len(), 3, "{:#?}", errors(&r));
    let role = errors(&r)
        .into_iter()
        .find(|d| d.message.starts_with("unknown role"))
        .unwrap();
    assert_eq!(
        role.hint.as_deref(),
        Some("roles of this checklist: alle, moderation, teilnehmende")
    );
}

#[test]
fn public_checklist_must_not_reference_internal_things() {
    let dir = with(
        "content/data/goals.yaml",
        "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: internal}\n",
    );
    write_files(
        dir.path(),
        &[(
            "content/schulung/tipps.md",
            &TIPPS.replace("audience: public", "audience: internal"),
        )],
    );
    let r = build_plan(dir.path());
    let (l1, c1) = locate(CHECKLISTS, "Z-1, ");
    has_error(
        &r,
        "public record references internal goal `Z-1`",
        &format!("content/data/checklists.yaml:{l1}:{c1}"),
    );
    let (l2, c2) = locate(CHECKLISTS, "@/schulung/tipps.md\"]");
    has_error(
        &r,
        "public reference `@/schulung/tipps.md` links to an internal page",
        &format!("content/data/checklists.yaml:{l2}:{c2}"),
    );
    let (l3, c3) = locate(CHECKLISTS, "@/schulung/tipps.md\"");
    assert!(
        CHECKLISTS
            .lines()
            .nth(l3 - 1)
            .unwrap()
            .contains("transcript:")
    );
    has_error(
        &r,
        "public transcript `@/schulung/tipps.md` links to an internal page",
        &format!("content/data/checklists.yaml:{l3}:{c3}"),
    );
}

#[test]
fn broken_markdown_links_in_fields_are_reported_where_they_stand() {
    // Markdown in a block scalar (`intro: |`), a plain scalar and a quoted one: the error points
    // at the link in the YAML file in each case.
    let yaml = CHECKLISTS
        .replace(
            "Siehe [Tipps](@/schulung/tipps.md).\n  video",
            "Siehe [Tipps](@/fehlt-block.md).\n  video",
        )
        .replace(
            "internal_note: Nur intern sichtbar.",
            "internal_note: Siehe [hier](@/fehlt-plain.md).",
        )
        .replace(
            "          help: |\n            Im **Testraum** prüfen, siehe [Tipps](@/schulung/tipps.md).\n",
            "          help: \"Im **Testraum** prüfen, siehe [Tipps](@/fehlt-quoted.md).\"\n",
        );
    assert_eq!(yaml.matches("@/fehlt-").count(), 3);
    let dir = with("content/data/checklists.yaml", &yaml);
    let r = build_plan(dir.path());
    for target in ["@/fehlt-block.md", "@/fehlt-plain.md", "@/fehlt-quoted.md"] {
        let (l, c) = locate(&yaml, target);
        let at = format!("content/data/checklists.yaml:{l}:{c}");
        assert!(
            errors(&r)
                .iter()
                .any(|d| d.message.contains(target) && d.location() == at),
            "no error for `{target}` at {at}: {:#?}",
            errors(&r)
        );
    }
}

#[test]
fn video_url_must_be_youtube_and_transcript_must_be_a_page() {
    let yaml = CHECKLISTS
        .replace(
            "\"https://youtu.be/uilwr6ktHbU\"",
            "\"https://vimeo.com/12345\"",
        )
        .replace(
            "transcript: \"@/schulung/tipps.md\"",
            "transcript: \"@/schulung/fehlt.md\"",
        );
    let dir = with("content/data/checklists.yaml", &yaml);
    let r = build_plan(dir.path());
    let (l, c) = locate(&yaml, "https://vimeo.com");
    has_error(
        &r,
        "`https://vimeo.com/12345` is not the address of a YouTube video",
        &format!("content/data/checklists.yaml:{l}:{c}"),
    );
    let (l, c) = locate(&yaml, "@/schulung/fehlt.md");
    has_error(
        &r,
        "link to missing page `@/schulung/fehlt.md`",
        &format!("content/data/checklists.yaml:{l}:{c}"),
    );
    assert_eq!(errors(&r).len(), 2, "{:#?}", errors(&r));

    // An external transcript is not a page of the plan.
    let yaml = CHECKLISTS.replace(
        "transcript: \"@/schulung/tipps.md\"",
        "transcript: https://example.org/text",
    );
    let dir = with("content/data/checklists.yaml", &yaml);
    let r = build_plan(dir.path());
    let (l, c) = locate(&yaml, "https://example.org/text");
    assert_eq!(
        only_error(&r),
        (
            "transcript `https://example.org/text` is not a page of this plan".to_string(),
            format!("content/data/checklists.yaml:{l}:{c}")
        )
    );
}

#[test]
fn front_matter_video_rules_point_into_the_page() {
    // Bad URL in block style (unquoted) on line 6 of the file; missing transcript: a warning.
    let page = "---\ntitle: Kurzfassung\naudience: public\nweight: 3\nvideo:\n  url: https://www.youtube.com/channel/abc\n  title: Kurzvideo\n---\nKurz.\n";
    let dir = with("content/schulung/kurz.md", page);
    let r = build_plan(dir.path());
    assert_eq!(
        only_error(&r),
        (
            "`https://www.youtube.com/channel/abc` is not the address of a YouTube video"
                .to_string(),
            "content/schulung/kurz.md:6:8".to_string()
        )
    );
    let w = warnings(&r);
    let missing: Vec<_> = w
        .iter()
        .filter(|d| d.message == "video `Kurzvideo` has no transcript")
        .collect();
    assert_eq!(missing.len(), 1, "{w:#?}");
    assert_eq!(missing[0].location(), "content/schulung/kurz.md:6:8");

    // Flow style, quoted; a relative transcript link that misses; a BOM and CRLF line ends.
    let page = "\u{feff}---\r\ntitle: Kurzfassung\r\naudience: public\r\nvideo: {url: \"https://youtu.be/uilwr6ktHbU\", title: Kurz, transcript: \"tipp.md\"}\r\n---\r\nKurz.\r\n";
    let dir = with("content/schulung/kurz.md", page);
    let r = build_plan(dir.path());
    let (_, c) = locate(page, "tipp.md");
    assert_eq!(
        only_error(&r),
        (
            "link to missing page `tipp.md`".to_string(),
            format!("content/schulung/kurz.md:4:{c}")
        )
    );
    assert!(
        warnings(&r)
            .iter()
            .all(|d| !d.message.contains("has no transcript"))
    );

    // A public page whose transcript is internal.
    let dir = good();
    write_files(
        dir.path(),
        &[
            (
                "content/schulung/tipps.md",
                &TIPPS.replace("audience: public", "audience: internal"),
            ),
            (
                "content/data/checklists.yaml",
                &CHECKLISTS
                    .replace("\n    transcript: \"@/schulung/tipps.md\"", "")
                    .replace(", \"@/schulung/tipps.md\"]", "]")
                    .replace(" Siehe [Tipps](@/schulung/tipps.md).", "")
                    .replace(", siehe [Tipps](@/schulung/tipps.md)", ""),
            ),
        ],
    );
    let r = build_plan(dir.path());
    let (l, c) = locate(KURZ, "@/schulung/tipps.md#tipp-1");
    assert_eq!(
        only_error(&r),
        (
            "public transcript `@/schulung/tipps.md#tipp-1` links to an internal page".to_string(),
            format!("content/schulung/kurz.md:{l}:{c}")
        )
    );
}

#[test]
fn checklist_keys_are_strict() {
    let yaml = CHECKLISTS.replace(
        "          role: moderation\n          refs: [Z-1]\n",
        "          role: moderation\n          rolle: moderation\n",
    );
    let dir = with("content/data/checklists.yaml", &yaml);
    let r = build_plan(dir.path());
    let (msg, loc) = only_error(&r);
    let (l, c) = locate(&yaml, "rolle:");
    assert!(msg.starts_with("unknown key `rolle`"), "{msg}");
    assert_eq!(loc, format!("content/data/checklists.yaml:{l}:{c}"));
}
