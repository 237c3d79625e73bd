//! Goals by stakeholder with their progress, the list and one page per goal.

use super::*;

/// (done, total) of the measures serving a goal.
pub(super) fn goal_progress(d: &Data, g: &Goal) -> (usize, usize) {
    let ms: Vec<&Rec<Measure>> = d
        .measures
        .iter()
        .filter(|m| m.goals.iter().any(|x| x.value == g.id.value))
        .collect();
    (
        ms.iter()
            .filter(|m| m.status == MeasureStatus::Umgesetzt)
            .count(),
        ms.len(),
    )
}

pub(super) fn goal_table(env: &RenderEnv<'_>, from: &str, stakeholder: Stakeholder) -> TableView {
    let seg = segments(env.site.config.language);
    let rows = env
        .data
        .goals
        .iter()
        .filter(|g| g.stakeholder == stakeholder)
        .map(|g| {
            let (done, total) = goal_progress(env.data, g);
            vec![
                Cell::id_link(
                    g.id.value.clone(),
                    env.url(from, &record_out(seg.goals, g.id_str())),
                ),
                Cell::text(g.title.clone()),
                Cell::text(g.target.clone().unwrap_or_default()),
                Cell::text(format!("{done} von {total} Maßnahmen umgesetzt"))
                    .sort(format!("{done:04}")),
            ]
        })
        .collect();
    TableView {
        id: format!("ziele-{}", slugify(stakeholder.title())),
        heading: Some(format!("Ziele der {}", stakeholder.title())),
        caption: format!(
            "Ziele der {} und Fortschritt ihrer Maßnahmen",
            stakeholder.title()
        ),
        columns: vec![col("ID"), col("Ziel"), col("Zielwert"), col("Fortschritt")],
        rows,
        interactive: false,
        empty: "Keine Ziele erfasst.".into(),
    }
}

pub(super) fn goals_index(cx: &Ctx<'_>) -> Option<Output> {
    let out = format!("{}/index.html", cx.seg.goals);
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: "<p>Der Masterplan verbindet die Ziele von Politik, Bürgerschaft und Verwaltung. Der Fortschritt zählt die umgesetzten Maßnahmen, die einem Ziel dienen.</p>".into(),
            class: None,
        }],
        tables: Stakeholder::all().into_iter().map(|s| goal_table(cx.env, &out, s)).collect(),
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/goals.yaml"),
        "Ziele",
        &view,
    )
}

pub(super) fn goal_page(cx: &Ctx<'_>, g: &Rec<Goal>) -> Option<Output> {
    let env = cx.env;
    let out = record_out(cx.seg.goals, g.id_str());
    let (done, total) = goal_progress(env.data, g);
    let mut facts = vec![
        Fact {
            label: "Ziel-ID".into(),
            cells: vec![Cell::text(g.id.value.clone())],
        },
        Fact {
            label: "Anspruchsgruppe".into(),
            cells: vec![Cell::text(g.stakeholder.title())],
        },
    ];
    if let Some(i) = &g.indicator {
        facts.push(Fact {
            label: "Kennzahl".into(),
            cells: vec![Cell::text(i.clone())],
        });
    }
    if let Some(t) = &g.target {
        facts.push(Fact {
            label: "Zielwert".into(),
            cells: vec![Cell::text(t.clone())],
        });
    }
    facts.push(Fact {
        label: "Fortschritt".into(),
        cells: vec![Cell::text(format!(
            "{done} von {total} Maßnahmen umgesetzt"
        ))],
    });
    let blocks = cx.description(&g.file, &g.description, &out);
    let rows = env
        .data
        .measures
        .iter()
        .filter(|m| m.goals.iter().any(|x| x.value == g.id.value))
        .map(|m| measure_row(cx, &out, m))
        .collect();
    let view = RecordView {
        id: Some(g.id.value.clone()),
        facts,
        blocks,
        tables: vec![measures_table(
            "massnahmen",
            "Maßnahmen für dieses Ziel",
            &format!("Maßnahmen für {}", g.id.value),
            rows,
        )],
        internal_note: cx.note(&g.file, &g.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &g.file, &format!("{} {}", g.id.value, g.title), &view)
}
