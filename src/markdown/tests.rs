use super::*;

struct R;
impl LinkResolver for R {
    fn resolve(&self, dest: &str, _image: bool) -> Result<Target, (Msg, Option<Msg>)> {
        if let Some(f) = dest.strip_prefix('#') {
            return Ok(Target::Internal {
                out: "a/index.html".into(),
                fragment: Some(f.into()),
            });
        }
        if dest.starts_with("https://") {
            return Ok(Target::External(dest.into()));
        }
        if dest == "@/b.md" {
            return Ok(Target::Internal {
                out: "b/index.html".into(),
                fragment: None,
            });
        }
        Err((
            crate::diagnostics::Msg::same(format!("broken link `{dest}`")),
            None,
        ))
    }
}

fn md(text: &str) -> Rendered {
    render(
        &Input {
            text,
            file: Path::new("content/a.md"),
            line_offset: 3,
            raw_html: RawHtml::Escape,
            language: Language::De,
            page_out: "a/index.html",
            id_prefix: "",
            checklist: Some("page:a/index.html"),
        },
        &R,
    )
}

#[test]
fn headings_get_german_unique_ids_and_toc() {
    let r =
        md("## Digitale Souveränität\n\n## Digitale Souveränität\n\n### Geräte {#geraete-liste}\n");
    assert!(
        r.html.contains("<h2 id=\"digitale-souveraenitaet\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"digitale-souveraenitaet-1\">"));
    assert!(r.html.contains("<h3 id=\"geraete-liste\">"));
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[2].level, 3);
}

#[test]
fn alerts_get_german_titles() {
    let r = md("> [!WARNING]\n> Nie öffentlich teilen.\n");
    assert!(
        r.html
            .contains("<div class=\"markdown-alert markdown-alert-warning\">")
    );
    assert!(
        r.html
            .contains("<p class=\"markdown-alert-title\">Warnung</p>")
    );
    assert!(!r.html.contains("blockquote"));
}

#[test]
fn task_list_checkbox_is_labelled() {
    let r = md("- [ ] Headset testen\n- [x] Kamera prüfen\n");
    assert!(
        // labelled by nesting (no id, no `for`)
        r.html.contains("<li><label><input type=\"checkbox\" data-item=\"headset-testen\"><span>Headset testen</span></label></li>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("data-item=\"kamera-pruefen\" checked>"));
    assert_eq!(r.tasks.len(), 2);
    assert!(!r.html.contains("disabled"));
}

#[test]
fn task_list_is_a_checklist_form() {
    let r = md("Text\n\n- [ ] Eins\n- [ ] Zwei\n\n- normale Liste\n");
    assert!(
        r.html.starts_with("<p>Text</p>\n<form class=\"checklist checklist--page\" data-checklist=\"page:a/index.html\" autocomplete=\"off\">\n<ul class=\"checklist__items\">\n<li>\n<p><label>"),
        "{}",
        r.html
    );
    // The toolbar works only with the script, which adds it (assets/krisenfest.js).
    assert!(!r.html.contains("data-checklist-toolbar"));
    assert!(!r.html.contains("<progress"));
    // Blank lines make one loose list of three items: still one form.
    assert_eq!(r.html.matches("<form").count(), 1);
    assert_eq!(r.html.matches("</form>").count(), 1);
    assert!(
        r.html
            .contains("<li>\n<p>normale Liste</p>\n</li>\n</ul>\n</form>\n"),
        "{}",
        r.html
    );
}

#[test]
fn plain_lists_stay_plain() {
    let r = md("- a\n- b\n\n1. c\n");
    assert_eq!(
        r.html,
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n"
    );
}

#[test]
fn task_lists_separate_forms_nested_and_ordered() {
    let r = md("- [ ] Eins\n  - [ ] Unterpunkt\n- [ ] Zwei\n\nAbsatz\n\n3. [x] Drei\n4. Vier\n");
    // Two lists, two forms; the nested list is inside the first form, never a nested form.
    assert_eq!(r.html.matches("<form").count(), 2, "{}", r.html);
    assert_eq!(r.html.matches("</form>").count(), 2);
    assert!(
        r.html
            .contains("<span>Eins</span></label><ul class=\"checklist__items\">"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<ol class=\"checklist__items\" start=\"3\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<li>Vier</li>\n</ol>\n</form>"),
        "{}",
        r.html
    );
    let ids: Vec<&str> = r.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["eins", "unterpunkt", "zwei", "drei"]);
    assert!(r.tasks[3].checked);
}

#[test]
fn task_ids_come_from_the_text_and_are_unique() {
    let r = md(
        "- [ ] Kamera **prüfen** und [Licht](https://example.org) `an`\n- [ ] Doppelt\n- [ ] Doppelt\n- [ ] ???\n",
    );
    let ids: Vec<&str> = r.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "kamera-pruefen-und-licht-an",
            "doppelt",
            "doppelt-1",
            "punkt"
        ]
    );
    assert!(r.html.contains("data-item=\"doppelt-1\""));
    // An edit elsewhere on the page does not change the ids.
    let r2 = md(
        "## Neu\n\nNeuer Absatz.\n\n- [ ] Kamera **prüfen** und [Licht](https://example.org) `an`\n- [ ] Doppelt\n- [ ] Doppelt\n- [ ] ???\n",
    );
    let ids2: Vec<&str> = r2.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ids2);
}

#[test]
fn task_label_closes_before_blocks() {
    let r = md("- [ ] Punkt\n\n  Erklärung dazu.\n\n  > Zitat\n- [ ] Zweiter\n");
    assert!(
        r.html.contains(
            "<p><label><input type=\"checkbox\" data-item=\"punkt\"><span>Punkt</span></label></p>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("</label></p>\n<p>Erklärung dazu.</p>"),
        "{}",
        r.html
    );
    assert_eq!(
        r.html.matches("<label").count(),
        r.html.matches("</label>").count()
    );
    assert_eq!(
        r.html.matches("<span").count(),
        r.html.matches("</span>").count()
    );
}

#[test]
fn task_lists_without_checklist_id_have_no_form() {
    let r = render(
        &Input {
            text: "- [ ] Eins\n",
            file: Path::new("content/data/x.yaml"),
            line_offset: 0,
            raw_html: RawHtml::Escape,
            language: Language::En,
            page_out: "a/index.html",
            id_prefix: "x-",
            checklist: None,
        },
        &R,
    );
    assert!(!r.html.contains("<form"), "{}", r.html);
    assert!(
        r.html
            .contains("<label><input type=\"checkbox\" data-item=\"eins\">")
    );
}

#[test]
fn checklist_id_is_escaped() {
    let r = render(
        &Input {
            text: "- [ ] Eins\n",
            file: Path::new("content/a.md"),
            line_offset: 0,
            raw_html: RawHtml::Escape,
            language: Language::En,
            page_out: "a/index.html",
            id_prefix: "",
            checklist: Some("page:a\"b/index.html"),
        },
        &R,
    );
    assert!(
        r.html
            .contains("data-checklist=\"page:a&quot;b/index.html\""),
        "{}",
        r.html
    );
}

#[test]
fn footnotes_are_prefixed() {
    let r = md("Text[^1].\n\n[^1]: Quelle: BSI 200-3.\n");
    assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
    assert!(r.html.contains("<li id=\"fn-1\">"));
    assert!(r.html.contains("href=\"#ref-fn-1\""));
}

#[test]
fn raw_html_is_escaped() {
    let r = md("<script>alert(1)</script>\n\nText <b>fett</b>\n");
    assert!(!r.html.contains("<script>"));
    assert!(r.html.contains("&lt;script&gt;"));
    assert!(r.html.contains("&lt;b&gt;"));
}

#[test]
fn tables_use_classes() {
    let r = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
    assert!(
        r.html
            .contains("<th scope=\"col\" class=\"align-left\">a</th>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<td class=\"align-right\">2</td>"));
    assert!(!r.html.contains("style="));
}

#[test]
fn tables_are_named_after_their_heading() {
    let r = md(
        "| a |\n|---|\n| 1 |\n\n## Kosten & Nutzen\n\n| b |\n|---|\n| 2 |\n\n| c |\n|---|\n| 3 |\n",
    );
    assert!(
        r.html
            .contains("aria-label=\"Tabelle 1\">\n<table aria-label=\"Tabelle 1\">"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<table aria-label=\"Kosten &amp; Nutzen\">"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<table aria-label=\"Kosten &amp; Nutzen (Tabelle 2)\">"),
        "{}",
        r.html
    );
}

#[test]
fn broken_link_has_absolute_position() {
    let r = md("Erste Zeile\n\nSiehe [hier](fehlt.md).\n");
    assert_eq!(r.diagnostics.len(), 1);
    // 3 lines of front matter + line 3 of the body; `fehlt.md` starts at column 14.
    assert_eq!(r.diagnostics[0].location(), "content/a.md:6:14");
    assert_eq!(r.diagnostics[0].pos.unwrap().len, 8);
}

#[test]
fn links_are_relative_and_recorded() {
    let r = md("[B](@/b.md) [x](https://example.org)\n");
    assert!(r.html.contains("href=\"../b/index.html\""), "{}", r.html);
    assert!(r.html.contains("href=\"https://example.org\""));
    assert_eq!(r.links.len(), 1);
}
