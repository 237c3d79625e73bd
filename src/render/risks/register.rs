//! The risk register: the list with both matrices, one page per risk, the review dashboard
//! and the start page's overview.

use super::*;

pub(super) fn build_matrices(
    m: &Matrix,
    risks: &[Rec<Risk>],
    from: &str,
    list_out: &str,
    env: &RenderEnv<'_>,
) -> Vec<MatrixView> {
    let mut out = Vec::new();
    for (key, caption, residual) in [
        (
            "brutto",
            "Risikomatrix ohne zusätzliche Maßnahmen (Bruttorisiko)",
            false,
        ),
        ("netto", "Risikomatrix mit Maßnahmen (Nettorisiko)", true),
    ] {
        let mut counts = vec![vec![0usize; m.likelihood.len()]; m.impact.len()];
        let mut total = 0;
        for r in risks {
            let rating = if residual { &r.residual } else { &r.inherent };
            if let (Some(i), Some(l)) = (
                m.impact_index(&rating.impact.value),
                m.likelihood_index(&rating.likelihood.value),
            ) {
                counts[i][l] += 1;
                total += 1;
            }
        }
        // Highest impact first, as risk matrices are read.
        let rows = (0..m.impact.len())
            .rev()
            .map(|i| MatrixRow {
                impact: m.impact[i].1.clone(),
                cells: (0..m.likelihood.len())
                    .map(|l| {
                        let lvl = m.cells[i][l];
                        let n = counts[i][l];
                        MatrixCell {
                            level: m.levels[lvl].title.clone(),
                            level_class: level_class(m, lvl),
                            count: n,
                            url: (n > 0).then(|| {
                                format!(
                                    "{}#{}",
                                    env.url(from, list_out),
                                    cell_anchor(key, &m.impact[i].0, &m.likelihood[l].0)
                                )
                            }),
                        }
                    })
                    .collect(),
            })
            .collect();
        out.push(MatrixView {
            id: format!("matrix-{key}"),
            caption: caption.into(),
            likelihood: m.likelihood.iter().map(|(_, t)| t.clone()).collect(),
            rows,
            total,
        });
    }
    out
}

pub(super) fn cell_anchor(key: &str, impact: &str, likelihood: &str) -> String {
    format!("feld-{key}-{}-{}", slugify(impact), slugify(likelihood))
}

pub(super) fn risks_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let m = &cx.m;
    let out = format!("{}/index.html", cx.seg.risks);
    let d = env.data;
    let mut sorted: Vec<&Rec<Risk>> = d.risks.iter().collect();
    sorted.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut rows = Vec::new();
    for r in &sorted {
        let Some(c) = calc(m, r) else { continue };
        let persp = r
            .perspective
            .as_ref()
            .and_then(|p| find(&d.perspectives, &p.value))
            .map(|p| {
                Cell::link(
                    p.title.clone(),
                    env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
                )
            })
            .unwrap_or_default();
        rows.push(vec![
            Cell::id_link(
                r.id.value.clone(),
                env.url(&out, &record_out(cx.seg.risks, r.id_str())),
            ),
            Cell::text(r.title.clone()),
            persp,
            Cell::text(r.owner.clone().unwrap_or_default()),
            level_cell(m, c.inherent),
            level_cell(m, c.residual),
            Cell::text(treatment_title(r)),
            Cell::text(r.status.title()),
            review_cell(c.next_review, env.build_date),
        ]);
    }
    let register = TableView {
        id: "register".into(),
        heading: Some("Risikoregister".into()),
        caption: format!("Risikoregister: {} Risiken", sorted.len()),
        columns: vec![
            col("ID"),
            col("Risiko"),
            col("Perspektive"),
            col("Verantwortlich"),
            col("Brutto"),
            col("Netto"),
            col("Behandlung"),
            col("Status"),
            col("Nächste Überprüfung"),
        ],
        rows,
        interactive: true,
        empty: "Keine Risiken erfasst.".into(),
    };
    // One list per non-empty matrix cell, the target of the cell links.
    let mut cell_html = String::new();
    for (key, label, residual) in [
        ("brutto", "Bruttorisiko", false),
        ("netto", "Nettorisiko", true),
    ] {
        for i in (0..m.impact.len()).rev() {
            for l in 0..m.likelihood.len() {
                let members: Vec<&&Rec<Risk>> = sorted
                    .iter()
                    .filter(|r| {
                        let rt = if residual { &r.residual } else { &r.inherent };
                        rt.impact.value == m.impact[i].0 && rt.likelihood.value == m.likelihood[l].0
                    })
                    .collect();
                if members.is_empty() {
                    continue;
                }
                cell_html.push_str(&format!(
                    "<h3 id=\"{}\">{label}: Schaden {}, Häufigkeit {} – Stufe {}</h3>\n<ul>\n",
                    cell_anchor(key, &m.impact[i].0, &m.likelihood[l].0),
                    esc(&m.impact[i].1),
                    esc(&m.likelihood[l].1),
                    esc(&m.levels[m.cells[i][l]].title)
                ));
                for r in members {
                    cell_html.push_str(&format!(
                        "<li><a href=\"{}\">{} {}</a></li>\n",
                        env.url(&out, &record_out(cx.seg.risks, r.id_str())),
                        esc(&r.id.value),
                        esc(&r.title)
                    ));
                }
                cell_html.push_str("</ul>\n");
            }
        }
    }
    let intro = format!(
        "<p>Die Stufe eines Risikos ergibt sich aus der Matrix der Methode (Eintrittshäufigkeit × Schadensauswirkung, nachgeschlagen, nicht multipliziert). Bruttorisiko: ohne zusätzliche Maßnahmen; Nettorisiko: mit den Maßnahmen. <a href=\"{}\">Überprüfungen ansehen</a>.</p>",
        env.url(&out, &format!("{}/ueberpruefung/index.html", cx.seg.risks))
    );
    let view = RecordView {
        matrices: build_matrices(m, &d.risks, &out, &out, env),
        blocks: vec![Block {
            heading: None,
            id: None,
            html: intro,
            class: None,
        }],
        tables: vec![register],
        interactive: true,
        ..Default::default()
    };
    let mut view = view;
    view.appendix.push(Block {
        heading: Some("Risiken je Matrixfeld".into()),
        id: Some("matrixfelder".into()),
        html: cell_html,
        class: Some("matrix-cells".into()),
    });
    cx.page(&out, &PathBuf::from("content/data/risks"), "Risiken", &view)
}

pub(super) fn risk_page(cx: &Ctx<'_>, r: &Rec<Risk>) -> Option<Output> {
    let env = cx.env;
    let m = &cx.m;
    let d = env.data;
    let out = record_out(cx.seg.risks, r.id_str());
    let c = calc(m, r)?;
    let mut facts = vec![Fact {
        label: "Risiko-ID".into(),
        cells: vec![Cell::text(r.id.value.clone())],
    }];
    if let Some(p) = r
        .perspective
        .as_ref()
        .and_then(|p| find(&d.perspectives, &p.value))
    {
        facts.push(Fact {
            label: "Perspektive".into(),
            cells: vec![Cell::link(
                p.title.clone(),
                env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
            )],
        });
    }
    if let Some(o) = &r.owner {
        facts.push(Fact {
            label: "Verantwortlich".into(),
            cells: vec![Cell::text(o.clone())],
        });
    }
    let threats: Vec<Cell> = r
        .threats
        .iter()
        .filter_map(|t| find(&d.threats, &t.value))
        .map(|t| cx.rec_link(&out, cx.seg.threats, t))
        .collect();
    if !threats.is_empty() {
        facts.push(Fact {
            label: "Gefährdungen".into(),
            cells: threats,
        });
    }
    let rating = |rt: &crate::model::risk::Rating, lvl: usize| {
        let lt = m
            .likelihood_index(&rt.likelihood.value)
            .map(|i| m.likelihood[i].1.clone())
            .unwrap_or_default();
        let it = m
            .impact_index(&rt.impact.value)
            .map(|i| m.impact[i].1.clone())
            .unwrap_or_default();
        vec![
            Cell::text(m.levels[lvl].title.clone()).class(level_class(m, lvl)),
            Cell::text(format!("Häufigkeit {lt}, Schaden {it}")),
        ]
    };
    facts.push(Fact {
        label: "Bruttorisiko (ohne zusätzliche Maßnahmen)".into(),
        cells: rating(&r.inherent, c.inherent),
    });
    facts.push(Fact {
        label: "Nettorisiko (mit Maßnahmen)".into(),
        cells: rating(&r.residual, c.residual),
    });
    facts.push(Fact {
        label: "Behandlung".into(),
        cells: vec![Cell::text(treatment_title(r))],
    });
    facts.push(Fact {
        label: "Status".into(),
        cells: vec![Cell::text(r.status.title())],
    });
    if let Some(rv) = &r.reviewed {
        facts.push(Fact {
            label: "Zuletzt überprüft".into(),
            cells: vec![Cell::text(rv.value.german())],
        });
    }
    facts.push(Fact {
        label: "Nächste Überprüfung".into(),
        cells: vec![review_cell(c.next_review, env.build_date)],
    });
    facts.extend(crate::render::bcm::backlinks(env, &r.id.value, &out));
    let mut blocks = cx.description(&r.file, &r.description, &out);
    if let Some(acc) = &r.acceptance {
        let html = format!(
            "<p>Akzeptiert durch {} am {}.</p>\n{}",
            esc(&acc.by),
            acc.date.german(),
            cx.md(&r.file, &acc.rationale, &out, "akzeptanz-")
        );
        blocks.push(Block {
            heading: Some("Risikoakzeptanz".into()),
            id: Some("akzeptanz".into()),
            html,
            class: Some("prose".into()),
        });
    }
    let measure_rows: Vec<Vec<Cell>> = r
        .measures
        .iter()
        .filter_map(|id| find(&d.measures, &id.value))
        .map(|ms| measure_row(cx, &out, ms))
        .collect();
    let tables = vec![measures_table(
        "massnahmen",
        "Maßnahmen",
        &format!("Maßnahmen zu {}", r.id.value),
        measure_rows,
    )];
    let view = RecordView {
        id: Some(r.id.value.clone()),
        facts,
        blocks,
        tables,
        internal_note: cx.note(&r.file, &r.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &r.file, &format!("{} {}", r.id.value, r.title), &view)
}

/// The table of risks that a record page lists (a measure's, a perspective's, a threat's).
pub(super) fn risks_table(
    cx: &Ctx<'_>,
    out: &str,
    keep: impl Fn(&Risk) -> bool,
    heading: &str,
    caption: String,
    with_inherent: bool,
) -> TableView {
    let rows = cx
        .env
        .data
        .risks
        .iter()
        .filter(|r| keep(r))
        .filter_map(|r| {
            let c = calc(&cx.m, r)?;
            let mut row = vec![
                Cell::id_link(
                    r.id.value.clone(),
                    cx.env.url(out, &record_out(cx.seg.risks, r.id_str())),
                ),
                Cell::text(r.title.clone()),
            ];
            if with_inherent {
                row.push(level_cell(&cx.m, c.inherent));
            }
            row.push(level_cell(&cx.m, c.residual));
            Some(row)
        })
        .collect();
    let mut columns = vec![col("ID"), col("Risiko")];
    if with_inherent {
        columns.push(col("Brutto"));
    }
    columns.push(col("Netto"));
    TableView {
        id: "risiken".into(),
        heading: Some(heading.into()),
        caption,
        columns,
        rows,
        interactive: false,
        empty: "Keine Risiken zugeordnet.".into(),
    }
}

pub(super) fn reviews(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/ueberpruefung/index.html", cx.seg.risks);
    let today = env.build_date;
    let soon = Date(
        today
            .0
            .checked_add(jiff::Span::new().days(90))
            .unwrap_or(today.0),
    );
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    let mut all: Vec<(Date, &Rec<Risk>, RiskCalc)> = env
        .data
        .risks
        .iter()
        .filter_map(|r| calc(&cx.m, r).and_then(|c| c.next_review.map(|n| (n, r, c))))
        .collect();
    all.sort_by(|a, b| (a.0, &a.1.id.value).cmp(&(b.0, &b.1.id.value)));
    for (n, r, c) in all {
        let row = vec![
            Cell::id_link(
                r.id.value.clone(),
                env.url(&out, &record_out(cx.seg.risks, r.id_str())),
            ),
            Cell::text(r.title.clone()),
            level_cell(&cx.m, c.residual),
            Cell::text(r.owner.clone().unwrap_or_default()),
            review_cell(Some(n), today),
        ];
        if n < today {
            overdue.push(row);
        } else if n <= soon {
            upcoming.push(row);
        }
    }
    let cols = || {
        vec![
            col("ID"),
            col("Risiko"),
            col("Netto"),
            col("Verantwortlich"),
            col("Fällig am"),
        ]
    };
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: format!(
                "<p>Stand: {}. Ohne ausdrückliches Datum ist eine Überprüfung fällig, wenn seit der letzten die Frist der Netto-Risikostufe verstrichen ist.</p>",
                today.german()
            ),
            class: None,
        }],
        tables: vec![
            TableView {
                id: "ueberfaellig".into(),
                heading: Some("Überfällige Überprüfungen".into()),
                caption: format!("{} überfällige Überprüfungen", overdue.len()),
                columns: cols(),
                rows: overdue,
                interactive: false,
                empty: "Keine Überprüfung ist überfällig.".into(),
            },
            TableView {
                id: "demnaechst".into(),
                heading: Some("In den nächsten 90 Tagen".into()),
                caption: format!("{} anstehende Überprüfungen", upcoming.len()),
                columns: cols(),
                rows: upcoming,
                interactive: false,
                empty: "In den nächsten 90 Tagen steht keine Überprüfung an.".into(),
            },
        ],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/risks"),
        "Überprüfungen",
        &view,
    )
}

/// The start page's overview: residual matrix, goal progress, overdue reviews.
pub fn dashboard(env: &RenderEnv<'_>, from: &str) -> Option<RecordView> {
    if env.data.risks.is_empty() && env.data.goals.is_empty() {
        return None;
    }
    let method = env.site.records.method();
    let m = Matrix::from_method(&method)?;
    let seg = segments(env.site.config.language);
    let mut view = RecordView::default();
    if !env.data.risks.is_empty() {
        view.matrices = build_matrices(
            &m,
            &env.data.risks,
            from,
            &format!("{}/index.html", seg.risks),
            env,
        )
        .into_iter()
        .filter(|mv| mv.id == "matrix-netto")
        .collect();
        let today = env.build_date;
        let rows: Vec<Vec<Cell>> = env
            .data
            .risks
            .iter()
            .filter_map(|r| {
                let c = calc(&m, r)?;
                let n = c.next_review?;
                (n < today).then(|| {
                    vec![
                        Cell::id_link(
                            r.id.value.clone(),
                            env.url(from, &record_out(seg.risks, r.id_str())),
                        ),
                        Cell::text(r.title.clone()),
                        review_cell(Some(n), today),
                    ]
                })
            })
            .collect();
        view.tables.push(TableView {
            id: "ueberfaellige-ueberpruefungen".into(),
            heading: Some("Überfällige Überprüfungen".into()),
            caption: format!("{} überfällige Risikoüberprüfungen", rows.len()),
            columns: vec![col("ID"), col("Risiko"), col("Fällig seit")],
            rows,
            interactive: false,
            empty: "Keine Überprüfung ist überfällig.".into(),
        });
    }
    if !env.data.goals.is_empty() {
        for s in Stakeholder::all() {
            let mut t = goal_table(env, from, s);
            t.id = format!("start-{}", t.id);
            view.tables.push(t);
        }
    }
    Some(view)
}
