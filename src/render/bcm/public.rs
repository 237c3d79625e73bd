//! "So ist die Verwaltung auf Notfälle vorbereitet": the one page of emergency management in
//! a public output. It shows the stage, the scenarios marked public and the kind and day of the
//! exercises held that are marked public — no name, no number, no plan.

use super::*;

pub const TITLE: &str = "So ist die Verwaltung auf Notfälle vorbereitet";

pub(super) fn page(cx: &Cx<'_>) -> Option<Output> {
    let out = PUBLIC_OUT;
    let s = &cx.settings;
    let municipality = &cx.env.site.config.municipality;
    let mut facts = vec![fact(
        "Stufe des Notfallmanagements",
        vec![text(format!("{} nach BSI-Standard 200-4", s.stage.title()))],
    )];
    if !s.scope.is_empty() {
        facts.push(fact("Geltungsbereich", vec![text(s.scope.clone())]));
    }
    let held: Vec<_> = cx.d.exercises.iter().filter(|e| e.done.is_some()).collect();
    facts.push(fact(
        "durchgeführte Übungen",
        vec![text(held.len().to_string())],
    ));
    let intro = Block {
        heading: None,
        id: None,
        html: format!(
            "<p>Die Verwaltung der {} bereitet sich nach dem BSI-Standard 200-4 darauf vor, dass Personal, Gebäude, IT oder Dienstleister ausfallen: Sie hat ermittelt, welche Aufgaben am wenigsten Aufschub vertragen, für sie Notfallpläne aufgestellt und übt diese regelmäßig. Die Pläne selbst, die Zuständigkeiten und die Erreichbarkeiten sind intern.</p>",
            super::overview::esc(municipality)
        ),
        class: Some("prose".into()),
    };
    let mut scen = table(
        "szenarien",
        "Auf diese Lagen ist die Verwaltung vorbereitet",
        "Ausfallszenarien mit Art des Ausfalls",
        &["Szenario", "Ausfall"],
    );
    scen.empty = "Noch keine Szenarien veröffentlicht.".into();
    for sc in &cx.d.scenarios {
        let loss: Vec<&str> = sc.loss.iter().map(|l| l.title()).collect();
        scen.rows.push(vec![
            text(sc.title.clone()),
            text(if loss.is_empty() {
                "–".into()
            } else {
                loss.join(", ")
            }),
        ]);
    }
    let mut ex = table(
        "uebungen",
        "Durchgeführte Übungen",
        "Art und Tag der durchgeführten Übungen",
        &["Art der Übung", "durchgeführt am"],
    );
    ex.empty = "Noch keine Übung veröffentlicht.".into();
    let mut held = held;
    held.sort_by_key(|e| e.done.as_ref().map(|d| d.value));
    for e in held {
        ex.rows.push(vec![
            text(e.kind.title()),
            text(e.done.as_ref().map_or(String::new(), |d| d.value.german())),
        ]);
    }
    let view = RecordView {
        facts,
        blocks: vec![intro],
        tables: vec![scen, ex],
        ..Default::default()
    };
    cx.page(out, &settings_file(cx), TITLE, &view)
}
