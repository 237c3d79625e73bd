//! The page of one provisioning record (Wirtschaftlichkeitsbetrachtung): groups, items, the
//! options' cash flows per year and their comparison.

use super::*;

impl Cx<'_> {
    pub(super) fn provisioning(
        &self,
        rec: &Rec<Provisioning>,
        over_out: &str,
    ) -> (Option<Output>, OverviewEntry) {
        let p = &rec.value;
        let file = rec.file.as_path();
        let seg = segments(self.env.site.config.language).decisions;
        let out = record_out(seg, rec.id_str());
        let input = crate::compute::adapt::provisioning_input(p);
        let calc = pcalc::compute(&input);
        let n = input.horizon_years;
        let title_of = |o: usize| p.options[o].title.clone();

        let groups: Vec<GroupRow> = p
            .groups
            .iter()
            .map(|g| GroupRow {
                title: g.title.clone(),
                staff: decimal_trim(g.staff.value, 2),
                need_share: percent(g.need_share.value),
                simultaneous_share: percent(g.simultaneous_share.value),
                need: pcalc::ceil_clean(g.staff.value * g.need_share.value).to_string(),
                simultaneous: decimal2(
                    g.staff.value * g.need_share.value * g.simultaneous_share.value,
                ),
            })
            .collect();
        let group_totals = GroupRow {
            title: "Summe".into(),
            staff: decimal_trim(input.groups.iter().map(|g| g.staff).sum(), 2),
            need_share: String::new(),
            simultaneous_share: String::new(),
            need: pcalc::individual_sets(&input.groups).to_string(),
            simultaneous: decimal2(pcalc::pool_demand(&input.groups, 0.0)),
        };
        let items: Vec<ItemRow> = p
            .items
            .iter()
            .map(|i| ItemRow {
                title: i.title.clone(),
                price: eur(i.price_eur.value),
                life: years_text(i.life_years.value),
                annual: eur(i.annual_eur.as_ref().map_or(0.0, |a| a.value)),
            })
            .collect();
        let set_price: f64 = input.items.iter().map(|i| i.price).sum();
        let set_annual: f64 = input.items.iter().map(|i| i.annual).sum();

        let options: Vec<ProvOptionView> = p
            .options
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let r = &calc.options[k];
                let oin = &input.options[k];
                let sets = r.sets;
                let (quantity, running) = match oin.kind {
                    pcalc::Kind::Individual => (
                        format!(
                            "Je Gruppe aufgerundet Beschäftigte × Bedarfsanteil, summiert: {} = {} Ausstattungssätze.",
                            input
                                .groups
                                .iter()
                                .map(|g| pcalc::ceil_clean(g.staff * g.need_share).to_string())
                                .collect::<Vec<_>>()
                                .join(" + "),
                            sets
                        ),
                        running_text(sets, set_annual, oin.annual, None),
                    ),
                    pcalc::Kind::Pool { reserve } => (
                        format!(
                            "Gleichzeitiger Bedarf (Summe Beschäftigte × Bedarfsanteil × Gleichzeitigkeit) {} × (1 + {} Reserve) = {}, aufgerundet {} Ausstattungssätze.",
                            decimal2(pcalc::pool_demand(&input.groups, 0.0)),
                            percent(reserve),
                            decimal2(r.demand),
                            sets
                        ),
                        running_text(sets, set_annual, oin.annual, Some("Poolbetrieb")),
                    ),
                    pcalc::Kind::Service { seats, seat_month } => (
                        format!(
                            "{} Plätze beim Dienstleister, keine eigenen Anschaffungen.",
                            decimal_trim(seats, 2)
                        ),
                        {
                            let mut t = format!(
                                "{} Plätze × {} im Monat × 12 = {} im Jahr",
                                decimal_trim(seats, 2),
                                eur2(seat_month),
                                eur(seats * seat_month * 12.0)
                            );
                            if oin.annual != 0.0 {
                                t.push_str(&format!(", dazu {} im Jahr", eur(oin.annual)));
                            }
                            t.push('.');
                            t
                        },
                    ),
                };
                let years: Vec<YearRow> = r
                    .years
                    .iter()
                    .map(|y| {
                        let bought: Vec<String> = y
                            .purchased
                            .iter()
                            .map(|&i| p.items[i].title.clone())
                            .collect();
                        let note = if y.t == 0 && !bought.is_empty() {
                            format!("Anschaffung von {sets} Sätzen")
                        } else if !bought.is_empty() {
                            format!("Ersatz: {}", bought.join(", "))
                        } else {
                            String::new()
                        };
                        YearRow {
                            t: y.t.to_string(),
                            investment: eur(y.investment),
                            replacement: eur(y.replacement),
                            running: eur(y.running),
                            total: eur(y.total),
                            factor: decimal(y.factor, 4),
                            present_value: eur(y.present_value),
                            note,
                        }
                    })
                    .collect();
                let sum = |f: fn(&pcalc::Year) -> f64| r.years.iter().map(f).sum::<f64>();
                let totals = YearRow {
                    t: "Summe".into(),
                    investment: eur(sum(|y| y.investment)),
                    replacement: eur(sum(|y| y.replacement)),
                    running: eur(sum(|y| y.running)),
                    total: eur(sum(|y| y.total)),
                    factor: String::new(),
                    present_value: eur(r.present_value),
                    note: String::new(),
                };
                ProvOptionView {
                    id: format!("option-{}", slugify(&o.id.value)),
                    title: o.title.clone(),
                    kind: o.kind.value.title(),
                    description: self.md(file, &o.description, &out, &format!("option-{}-", slugify(&o.id.value))),
                    sets: sets.to_string(),
                    sets_label: if o.kind.value == OptionKind::Service { "Plätze" } else { "Ausstattungssätze" },
                    quantity,
                    running,
                    years,
                    totals,
                    present_value: eur(r.present_value),
                    annuity: eur(r.annuity),
                }
            })
            .collect();

        let decision = p.decision.as_ref().and_then(|d| p.option_index(&d.value));
        let cheapest = calc.cheapest;
        let comparison: Vec<CompareRow> = calc
            .options
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut notes = Vec::new();
                if Some(k) == cheapest {
                    notes.push("günstigste Option");
                }
                if Some(k) == decision {
                    notes.push("Entscheidung");
                }
                let diff = cheapest.map(|c| r.present_value - calc.options[c].present_value);
                CompareRow {
                    title: title_of(k),
                    kind: p.options[k].kind.value.title(),
                    sets: r.sets.to_string(),
                    present_value: eur(r.present_value),
                    annuity: eur(r.annuity),
                    difference: match diff {
                        Some(d) if Some(k) != cheapest => format!("+{}", eur(d)),
                        _ => "–".into(),
                    },
                    note: notes.join(", "),
                }
            })
            .collect();

        let chart_id = format!("diagramm-{}", slugify(rec.id_str()));
        let bars: Vec<Bar> = calc
            .options
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut label = title_of(k);
                if Some(k) == decision {
                    label.push_str(" (Entscheidung)");
                }
                Bar {
                    label,
                    value: r.present_value,
                    value_text: eur(r.present_value),
                    muted: false,
                }
            })
            .collect();
        let chart_title = format!("Barwerte: {}", p.title);
        let chart_desc = format!(
            "Balkendiagramm der Barwerte über {} bei einem Zinssatz von {}.",
            years_text(f64::from(n)),
            percent(input.discount_rate)
        );
        let chart = charts::bar_chart(&BarChart {
            id: &chart_id,
            title: &chart_title,
            desc: &chart_desc,
            bars: &bars,
            max: None,
        });

        let mut alerts = Vec::new();
        if let (Some(d), Some(c)) = (decision, cheapest)
            && d != c
            && p.rationale
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
        {
            alerts.push(alert(
                "Entscheidung ohne Begründung",
                format!(
                    "Die Entscheidung {} ist nicht die günstigste Option ({}), und es ist keine Begründung festgehalten.",
                    quoted(&title_of(d)),
                    quoted(&title_of(c))
                ),
            ));
        }

        let entry = OverviewEntry {
            title: p.title.clone(),
            url: self.env.url(over_out, &out),
            result: match cheapest {
                Some(c) => format!(
                    "Günstigste Option: {} (Barwert {})",
                    title_of(c),
                    eur(calc.options[c].present_value)
                ),
                None => "Keine Optionen".into(),
            },
            decision: decision.map(title_of),
            note: overview_note(decision, cheapest, &p.rationale),
        };
        let view = ProvView {
            description: self.md(file, &p.description, &out, "beschreibung-"),
            horizon: format!(
                "{} (Jahr 0 bis {})",
                years_text(f64::from(n)),
                n.saturating_sub(1)
            ),
            rate: percent(input.discount_rate),
            groups,
            group_totals,
            items,
            set_price: eur(set_price),
            set_annual: eur(set_annual),
            options,
            comparison,
            chart,
            chart_id,
            cheapest: cheapest.map(title_of),
            decision: decision.map(title_of),
            decision_follows: decision.is_some() && decision == cheapest,
            rationale: self.md(file, &p.rationale, &out, "begruendung-"),
            alerts,
            internal_note: self.internal_note(file, &p.internal_note, &out),
        };
        let description = format!(
            "Wirtschaftlichkeitsbetrachtung mit {} Optionen über {}",
            p.options.len(),
            years_text(f64::from(n))
        );
        let page = self.env.record_page(
            "provisioning.html",
            "provisioning",
            &out,
            file,
            &p.title,
            Some(&description),
            &view,
            self.diags,
        );
        (page, entry)
    }
}

fn years_text(y: f64) -> String {
    if y == 1.0 {
        "1 Jahr".into()
    } else {
        format!("{} Jahre", decimal_trim(y, 2))
    }
}

/// Euros with cents when the amount has them (prices per month): `58 €`, `12,50 €`.
fn eur2(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        eur(x)
    } else {
        format!("{} €", decimal2(x))
    }
}

fn running_text(sets: u64, per_set: f64, fixed: f64, fixed_label: Option<&str>) -> String {
    let mut t = format!(
        "{} Sätze × {} laufende Kosten je Satz = {} im Jahr",
        sets,
        eur2(per_set),
        eur(sets as f64 * per_set)
    );
    if fixed != 0.0 {
        t.push_str(&format!(
            ", dazu {} im Jahr{}",
            eur(fixed),
            fixed_label.map_or(String::new(), |l| format!(" für den {l}"))
        ));
    }
    t.push('.');
    t
}
