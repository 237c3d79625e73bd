//! Measures: the list with its roadmap and one page per measure.

use super::*;

pub(super) fn measure_row(cx: &Ctx<'_>, from: &str, ms: &Rec<Measure>) -> Vec<Cell> {
    vec![
        Cell::id_link(
            ms.id.value.clone(),
            cx.env.url(from, &record_out(cx.seg.measures, ms.id_str())),
        ),
        Cell::text(ms.title.clone()),
        Cell::text(ms.responsible.clone().unwrap_or_default()),
        ms.due
            .as_ref()
            .map(|d| Cell::text(d.value.german()).sort(d.value.iso()))
            .unwrap_or_else(|| Cell::text("–")),
        Cell::text(ms.status.title())
            .class(format!("status status-{}", slugify(ms.status.title()))),
    ]
}

pub(super) fn measures_table(
    id: &str,
    heading: &str,
    caption: &str,
    rows: Vec<Vec<Cell>>,
) -> TableView {
    TableView {
        id: id.into(),
        heading: Some(heading.into()),
        caption: caption.into(),
        columns: vec![
            col("ID"),
            col("Maßnahme"),
            col("Verantwortlich"),
            col("Fällig"),
            col("Status"),
        ],
        rows,
        interactive: false,
        empty: "Keine Maßnahmen zugeordnet.".into(),
    }
}

pub(super) fn measures_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.measures);
    let d = env.data;
    let rows: Vec<Vec<Cell>> = d
        .measures
        .iter()
        .map(|ms| measure_row(cx, &out, ms))
        .collect();
    let done = d
        .measures
        .iter()
        .filter(|m| m.status == MeasureStatus::Umgesetzt)
        .count();
    let mut tables = vec![TableView {
        interactive: true,
        ..measures_table(
            "liste",
            "Alle Maßnahmen",
            &format!("{} Maßnahmen, davon {done} umgesetzt", d.measures.len()),
            rows,
        )
    }];
    // Roadmap: measures by quarter of their due date.
    let mut by_q: BTreeMap<(i16, i8), Vec<Vec<Cell>>> = BTreeMap::new();
    let mut undated = Vec::new();
    for ms in &d.measures {
        match &ms.due {
            Some(due) => by_q
                .entry(quarter(due.value))
                .or_default()
                .push(measure_row(cx, &out, ms)),
            None => undated.push(measure_row(cx, &out, ms)),
        }
    }
    for ((y, q), rows) in by_q {
        tables.push(TableView {
            id: format!("roadmap-{y}-q{q}"),
            heading: Some(format!("Roadmap {q}. Quartal {y}")),
            caption: format!("Maßnahmen mit Fälligkeit im {q}. Quartal {y}"),
            ..measures_table("", "", "", rows)
        });
    }
    if !undated.is_empty() {
        tables.push(TableView {
            id: "roadmap-ohne-termin".into(),
            heading: Some("Ohne Termin".into()),
            caption: "Maßnahmen ohne Fälligkeit".into(),
            ..measures_table("", "", "", undated)
        });
    }
    let progress = format!(
        "<p>{done} von {} Maßnahmen sind umgesetzt.</p>\n<p><progress max=\"{}\" value=\"{done}\" aria-label=\"Fortschritt der Maßnahmen\">{done} von {}</progress></p>",
        d.measures.len(),
        d.measures.len(),
        d.measures.len()
    );
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: progress,
            class: None,
        }],
        budgets: crate::render::budget::financial_effects(
            env,
            "finanzielle-auswirkungen",
            Some("Finanzielle Auswirkungen"),
        )
        .into_iter()
        .collect(),
        tables,
        interactive: true,
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/measures.yaml"),
        "Maßnahmen",
        &view,
    )
}

pub(super) fn measure_page(cx: &Ctx<'_>, ms: &Rec<Measure>) -> Option<Output> {
    let env = cx.env;
    let d = env.data;
    let out = record_out(cx.seg.measures, ms.id_str());
    let mut facts = vec![
        Fact {
            label: "Maßnahmen-ID".into(),
            cells: vec![Cell::text(ms.id.value.clone())],
        },
        Fact {
            label: "Status".into(),
            cells: vec![Cell::text(ms.status.title())],
        },
    ];
    if let Some(r) = &ms.responsible {
        facts.push(Fact {
            label: "Verantwortlich".into(),
            cells: vec![Cell::text(r.clone())],
        });
    }
    if let Some(due) = &ms.due {
        facts.push(Fact {
            label: "Fällig".into(),
            cells: vec![Cell::text(due.value.german())],
        });
    }
    if let Some(c) = &ms.cost_eur {
        facts.push(Fact {
            label: "Kosten".into(),
            cells: vec![Cell::text(crate::format::eur(c.value))],
        });
    }
    let goals: Vec<Cell> = ms
        .goals
        .iter()
        .filter_map(|g| find(&d.goals, &g.value))
        .map(|g| cx.rec_link(&out, cx.seg.goals, g))
        .collect();
    if !goals.is_empty() {
        facts.push(Fact {
            label: "Ziele".into(),
            cells: goals,
        });
    }
    if !ms.refs.is_empty() {
        facts.push(Fact {
            label: "IT-Grundschutz".into(),
            cells: ms.refs.iter().map(|r| Cell::text(r.clone())).collect(),
        });
    }
    facts.extend(crate::render::bcm::backlinks(cx.env, &ms.id.value, &out));
    let blocks = cx.description(&ms.file, &ms.description, &out);
    let table = risks_table(
        cx,
        &out,
        |r| r.measures.iter().any(|m| m.value == ms.id.value),
        "Reduziert diese Risiken",
        format!("Risiken, die {} behandelt", ms.id.value),
        true,
    );
    let view = RecordView {
        id: Some(ms.id.value.clone()),
        facts,
        blocks,
        budgets: crate::render::budget::measure_budget(env, ms)
            .into_iter()
            .collect(),
        tables: vec![table],
        internal_note: cx.note(&ms.file, &ms.internal_note, &out),
        ..Default::default()
    };
    cx.page(
        &out,
        &ms.file,
        &format!("{} {}", ms.id.value, ms.title),
        &view,
    )
}
