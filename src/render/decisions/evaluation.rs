//! The page of one evaluation (Nutzwertanalyse): gates, scores per perspective, ranking and
//! how stable the ranking is under other weights.

use super::*;

impl Cx<'_> {
    pub(super) fn evaluation(
        &self,
        rec: &Rec<Evaluation>,
        over_out: &str,
    ) -> (Option<Output>, OverviewEntry) {
        let e = &rec.value;
        let file = rec.file.as_path();
        let seg = segments(self.env.site.config.language).decisions;
        let out = record_out(seg, rec.id_str());
        let calc = crate::compute::adapt::evaluation(e, &self.weights);
        let pids = e.perspective_ids(&self.weights);
        let gates = e.gates();
        let scored = e.scored();
        let title_of = |o: usize| e.options[o].title.clone();
        let (min, max) = e.scale_range();

        let options: Vec<Column> = e
            .options
            .iter()
            .map(|o| Column {
                id: format!("option-{}", slugify(&o.id.value)),
                title: o.title.clone(),
            })
            .collect();
        let option_details = if e.options.iter().any(|o| o.description.is_some()) {
            e.options
                .iter()
                .map(|o| OptionDetail {
                    title: o.title.clone(),
                    html: self.md(
                        file,
                        &o.description,
                        &out,
                        &format!("option-{}-", slugify(&o.id.value)),
                    ),
                })
                .collect()
        } else {
            Vec::new()
        };

        let gate_rows: Vec<GateRow> = gates
            .iter()
            .enumerate()
            .map(|(g, c)| GateRow {
                title: c.title.clone(),
                perspective: self.perspective(&c.perspective.value, &out).0,
                description: self.md(
                    file,
                    &c.description,
                    &out,
                    &format!("kriterium-{}-", slugify(&c.id.value)),
                ),
                cells: (0..e.options.len())
                    .map(|o| {
                        let pass = !calc.failed_gates[o].contains(&g);
                        GateCell {
                            text: if pass { "erfüllt" } else { "nicht erfüllt" },
                            pass,
                        }
                    })
                    .collect(),
            })
            .collect();
        let excluded: Vec<ExcludedView> = (0..e.options.len())
            .filter(|&o| !calc.failed_gates[o].is_empty())
            .map(|o| ExcludedView {
                title: title_of(o),
                reasons: calc.failed_gates[o]
                    .iter()
                    .map(|&g| gates[g].title.clone())
                    .collect(),
            })
            .collect();

        let score_text = |s: Option<f64>| s.map_or("–".to_string(), |v| decimal_trim(v, 2));
        let mut perspectives = Vec::new();
        let mut unweighted = Vec::new();
        for (p, pid) in pids.iter().enumerate() {
            let (ptitle, url) = self.perspective(pid, &out);
            let Some(eff) = calc.effective_weights[p] else {
                unweighted.push(ptitle);
                continue;
            };
            let rows: Vec<CriterionRow> = scored
                .iter()
                .enumerate()
                .filter(|(_, c)| c.perspective.value == *pid)
                .map(|(ci, c)| CriterionRow {
                    title: c.title.clone(),
                    description: self.md(
                        file,
                        &c.description,
                        &out,
                        &format!("kriterium-{}-", slugify(&c.id.value)),
                    ),
                    weight: decimal_trim(c.weight.as_ref().map_or(0.0, |w| w.value), 2),
                    share: percent(calc.shares[ci]),
                    scores: e
                        .options
                        .iter()
                        .map(|o| {
                            score_text(
                                c.scores
                                    .as_ref()
                                    .and_then(|s| s.value.get(&o.id.value))
                                    .map(|s| s.value),
                            )
                        })
                        .collect(),
                })
                .collect();
            let weight_sum: f64 = scored
                .iter()
                .filter(|c| c.perspective.value == *pid)
                .map(|c| c.weight.as_ref().map_or(0.0, |w| w.value))
                .sum();
            perspectives.push(PerspectiveTable {
                id: format!("perspektive-{}", slugify(pid)),
                title: ptitle,
                url,
                weight: percent_value(self.weight_of(pid)),
                effective: percent_value(eff),
                weight_sum: decimal_trim(weight_sum, 2),
                criteria: rows,
                partial: calc.partial[p]
                    .iter()
                    .map(|v| v.map_or("–".into(), decimal2))
                    .collect(),
            });
        }
        let rescaled = pids.iter().enumerate().any(|(p, pid)| {
            calc.effective_weights[p].is_some_and(|eff| (eff - self.weight_of(pid)).abs() > 1e-9)
        });
        let contributions: Vec<ContributionRow> = pids
            .iter()
            .enumerate()
            .filter_map(|(p, pid)| {
                let eff = calc.effective_weights[p]?;
                Some(ContributionRow {
                    perspective: self.perspective(pid, &out).0,
                    weight: percent_value(eff),
                    cells: calc.partial[p]
                        .iter()
                        .map(|v| v.map_or("–".into(), |x| decimal2(eff / 100.0 * x)))
                        .collect(),
                })
            })
            .collect();
        let utility_text = |o: usize| calc.utility[o].map_or("–".into(), decimal2);
        let contribution_totals = (0..e.options.len()).map(utility_text).collect();

        let decision = e.decision.as_ref().and_then(|d| e.option_index(&d.value));
        let winner = calc.winner();
        let mut order: Vec<usize> = calc.ranking.clone();
        order.extend((0..e.options.len()).filter(|o| !calc.ranking.contains(o)));
        let ranking: Vec<RankRow> = order
            .iter()
            .map(|&o| {
                let mut notes = Vec::new();
                if !calc.failed_gates[o].is_empty() {
                    notes.push(format!(
                        "ausgeschlossen: {}",
                        calc.failed_gates[o]
                            .iter()
                            .map(|&g| gates[g].title.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                } else if calc.utility[o].is_none() {
                    notes.push("nicht vollständig bewertet".into());
                }
                if Some(o) == winner {
                    notes.push("höchster Nutzwert".into());
                }
                if Some(o) == decision {
                    notes.push("Entscheidung".into());
                }
                RankRow {
                    rank: calc.rank_of(o).map_or("–".into(), |r| format!("{r}.")),
                    title: title_of(o),
                    utility: utility_text(o),
                    cost: e.options[o]
                        .annual_cost_eur
                        .as_ref()
                        .map_or("–".into(), |c| eur(c.value)),
                    per_1000: calc.per_1000_eur[o].map_or("–".into(), decimal2),
                    note: notes.join(", "),
                }
            })
            .collect();

        let chart_id = format!("diagramm-{}", slugify(rec.id_str()));
        let bars: Vec<Bar> = order
            .iter()
            .filter(|&&o| calc.utility[o].is_some())
            .map(|&o| {
                let mut label = title_of(o);
                if !calc.failed_gates[o].is_empty() {
                    label.push_str(" (ausgeschlossen)");
                } else if Some(o) == decision {
                    label.push_str(" (Entscheidung)");
                }
                Bar {
                    label,
                    value: calc.utility[o].unwrap_or(0.0),
                    value_text: utility_text(o),
                    muted: !calc.failed_gates[o].is_empty(),
                }
            })
            .collect();
        let chart_title = format!("Nutzwerte: {}", e.title);
        let chart_desc = format!(
            "Balkendiagramm der Nutzwerte auf der Skala {}–{}; ausgeschlossene Optionen sind grau dargestellt.",
            decimal_trim(min, 2),
            decimal_trim(max, 2)
        );
        let chart = charts::bar_chart(&BarChart {
            id: &chart_id,
            title: &chart_title,
            desc: &chart_desc,
            bars: &bars,
            max: Some(max),
        });

        let sensitivity = self.sensitivity_view(e, &calc, &pids, &out);

        let mut alerts = Vec::new();
        if let (Some(d), Some(w)) = (decision, winner)
            && d != w
        {
            if !calc.failed_gates[d].is_empty() {
                alerts.push(alert(
                    "Entscheidung für eine ausgeschlossene Option",
                    format!(
                        "Die Entscheidung {} erfüllt nicht alle Ausschlusskriterien.",
                        quoted(&title_of(d))
                    ),
                ));
            } else if e
                .rationale
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
            {
                alerts.push(alert(
                    "Entscheidung ohne Begründung",
                    format!(
                        "Die Entscheidung {} weicht von der Option mit dem höchsten Nutzwert ({}) ab, ohne dass eine Begründung festgehalten ist.",
                        quoted(&title_of(d)),
                        quoted(&title_of(w))
                    ),
                ));
            }
        }

        let entry = OverviewEntry {
            title: e.title.clone(),
            url: self.env.url(over_out, &out),
            result: match winner {
                Some(w) => format!("Höchster Nutzwert: {} ({})", title_of(w), utility_text(w)),
                None => "Keine Option erfüllt alle Ausschlusskriterien".into(),
            },
            decision: decision.map(title_of),
            note: overview_note(decision, winner, &e.rationale),
        };
        let view = EvalView {
            description: self.md(file, &e.description, &out, "beschreibung-"),
            scale: format!("{}–{}", decimal_trim(min, 2), decimal_trim(max, 2)),
            options,
            option_details,
            gates: gate_rows,
            excluded,
            perspectives,
            unweighted,
            rescaled,
            contributions,
            contribution_totals,
            ranking,
            chart,
            chart_id,
            sensitivity,
            winner: winner.map(title_of),
            decision: decision.map(title_of),
            decision_follows: decision.is_some() && decision == winner,
            rationale: self.md(file, &e.rationale, &out, "begruendung-"),
            alerts,
            internal_note: self.internal_note(file, &e.internal_note, &out),
        };
        let description = format!("Nutzwertanalyse mit {} Optionen", e.options.len());
        let page = self.env.record_page(
            "evaluation.html",
            "evaluation",
            &out,
            file,
            &e.title,
            Some(&description),
            &view,
            self.diags,
        );
        (page, entry)
    }

    fn sensitivity_view(
        &self,
        e: &Evaluation,
        calc: &ecalc::Output,
        pids: &[&str],
        out: &str,
    ) -> SensitivityView {
        let title_of = |o: usize| e.options[o].title.clone();
        let rows: Vec<SensitivityRow> = calc
            .sensitivity
            .iter()
            .map(|s| {
                let name = self.perspective(pids[s.perspective], out).0;
                match &s.change {
                    Some(c) => SensitivityRow {
                        perspective: name,
                        weight: percent_value(s.weight),
                        change: format!(
                            "{}{}",
                            if c.delta >= 0.0 { "+" } else { "" },
                            decimal2(c.delta)
                        ),
                        new_weight: format!(
                            "{} {}",
                            if c.delta >= 0.0 { "über" } else { "unter" },
                            percent_value(c.new_weight)
                        ),
                        new_winner: title_of(c.new_winner),
                    },
                    None => SensitivityRow {
                        perspective: name,
                        weight: percent_value(s.weight),
                        change: "keine".into(),
                        new_weight: "–".into(),
                        new_winner: "–".into(),
                    },
                }
            })
            .collect();
        let summary = match (calc.winner(), calc.smallest_change()) {
            (None, _) => "Keine Option erfüllt alle Ausschlusskriterien; eine Sensitivitätsanalyse entfällt.".into(),
            (Some(_), _) if calc.ranking.len() < 2 => {
                "Nur eine Option erfüllt alle Ausschlusskriterien; eine Sensitivitätsanalyse entfällt.".into()
            }
            (Some(w), None) => format!(
                "Keine Änderung des Gewichts einer einzelnen Perspektive zwischen 0 % und 100 % (die übrigen anteilig angepasst) ändert das Ergebnis: {} hat stets den höchsten Nutzwert.",
                quoted(&title_of(w))
            ),
            (Some(_), Some(s)) => {
                let c = s.change.as_ref().expect("smallest_change has a change");
                let up = c.delta >= 0.0;
                format!(
                    "Die kleinste Gewichtsänderung, die das Ergebnis ändert, beträgt {} Prozentpunkte: {} das Gewicht von {} von {} auf {} {} (die übrigen Perspektiven anteilig angepasst), hat {} den höchsten Nutzwert.",
                    decimal2(c.delta.abs()),
                    if up { "Steigt" } else { "Sinkt" },
                    quoted(&self.perspective(pids[s.perspective], out).0),
                    percent_value(s.weight),
                    if up { "über" } else { "unter" },
                    percent_value(c.new_weight),
                    quoted(&title_of(c.new_winner))
                )
            }
        };
        SensitivityView { summary, rows }
    }
}
