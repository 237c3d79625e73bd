//! A provisioning comparison (everyone, a device pool, a provider): its groups, items and
//! options, with the amounts and shares that the cost comparison computes from.

use super::*;
use crate::model::provisioning::{OptionKind, Provisioning};

pub(super) fn validate_provisioning(rec: &Rec<Provisioning>, diags: &Diagnostics) {
    let p = &rec.value;
    let file = rec.file.as_path();
    let before = diags.error_count();
    bounds::YEARS.check(&p.horizon_years, "horizon_years", file, diags);
    bounds::DISCOUNT_RATE.check(&p.discount_rate, "discount_rate", file, diags);
    unique(GROUP, p.groups.iter().map(|g| &g.id), file, diags);
    unique(ITEM, p.items.iter().map(|g| &g.id), file, diags);
    unique(OPTION, p.options.iter().map(|g| &g.id), file, diags);
    check_ids(GROUP, p.groups.iter().map(|g| &g.id), file, diags);
    check_ids(ITEM, p.items.iter().map(|g| &g.id), file, diags);
    check_ids(OPTION, p.options.iter().map(|g| &g.id), file, diags);
    for g in &p.groups {
        whole_count(&g.staff, "staff", file, diags);
        share(&g.need_share, "need_share", file, diags);
        share(&g.simultaneous_share, "simultaneous_share", file, diags);
    }
    for it in &p.items {
        not_negative(&it.price_eur, "price_eur", file, diags);
        if let Some(a) = &it.annual_eur {
            not_negative(a, "annual_eur", file, diags);
        }
        bounds::YEARS.check(&it.life_years, "life_years", file, diags);
    }
    if p.options.is_empty() {
        let id = &p.id.value;
        diags.push(
            Diagnostic::error(msg!(
                "die Bereitstellung `{id}` hat keine Optionen",
                "provisioning `{id}` has no options"
            ))
            .at(file, rec.id_pos())
            .hint(msg!(
                "Führen Sie die Optionen unter `options:` auf (`kind`: individual, pool oder service)",
                "list the options under `options:` (kind individual, pool or service)"
            )),
        );
    }
    for o in &p.options {
        let kind = o.kind.value;
        let wrong_kind = |key: &str, v: &Spanned<f64>, only: OptionKind| {
            if kind != only {
                let (only, this) = (only.name(), kind.name());
                diags.push(
                    Diagnostic::error(msg!(
                        "`{key}` gilt nur für Optionen der Art `{only}`",
                        "`{key}` applies only to options of kind {only}"
                    ))
                    .at(file, num_pos(v))
                    .hint(msg!(
                        "diese Option ist von der Art `{this}`",
                        "this option is of kind {this}"
                    )),
                );
            }
        };
        if let Some(r) = &o.reserve {
            wrong_kind("reserve", r, OptionKind::Pool);
            bounds::RESERVE.check(r, "reserve", file, diags);
        }
        if let Some(s) = &o.seats {
            wrong_kind("seats", s, OptionKind::Service);
            whole_count(s, "seats", file, diags);
        }
        if let Some(f) = &o.seat_month_eur {
            wrong_kind("seat_month_eur", f, OptionKind::Service);
            not_negative(f, "seat_month_eur", file, diags);
        }
        if let Some(a) = &o.annual_eur {
            not_negative(a, "annual_eur", file, diags);
        }
        if kind == OptionKind::Service {
            for (key, present) in [
                ("seats", o.seats.is_some()),
                ("seat_month_eur", o.seat_month_eur.is_some()),
            ] {
                if !present {
                    let oid = &o.id.value;
                    diags.push(
                        Diagnostic::error(msg!(
                            "die Option `{oid}` der Art `service` braucht `{key}`",
                            "option `{oid}` of kind service needs `{key}`"
                        ))
                        .at(file, pos(&o.kind, kind.name()))
                        .hint(msg!(
                            "eine Dienstleistung kostet im Jahr `seats` × `seat_month_eur` × 12",
                            "a service option is priced as seats × seat_month_eur × 12 per year"
                        )),
                    );
                }
            }
        }
    }
    let buys = p
        .options
        .iter()
        .any(|o| o.kind.value != OptionKind::Service);
    if buys && p.groups.is_empty() {
        let id = &p.id.value;
        diags.push(
            Diagnostic::warning(msg!(
                "die Bereitstellung `{id}` hat keine Beschäftigtengruppen (`groups`)",
                "provisioning `{id}` has no staff `groups`"
            ))
            .at(file, rec.id_pos())
            .hint(msg!(
                "Optionen der Art `individual` und `pool` berechnen die Zahl der Ausstattungen aus den Gruppen",
                "individual and pool options get their number of sets from the groups"
            )),
        );
    }
    if buys && p.items.is_empty() {
        let id = &p.id.value;
        diags.push(
            Diagnostic::warning(msg!(
                "die Bereitstellung `{id}` hat keine Posten (`items`)",
                "provisioning `{id}` has no `items`"
            ))
            .at(file, rec.id_pos())
            .hint(msg!(
                "Optionen der Art `individual` und `pool` kaufen für jede Ausstattung die Posten einer Ausstattung",
                "individual and pool options buy the items of one set for every set"
            )),
        );
    }

    let Some(d) = &p.decision else {
        return;
    };
    let Some(di) = p.option_index(&d.value) else {
        let v = &d.value;
        diags.push(
            Diagnostic::error(msg!(
                "die Entscheidung `{v}` nennt keine Option dieser Bereitstellung",
                "decision `{v}` names no option of this provisioning"
            ))
            .at(file, pos(d, &d.value))
            .hint(options_hint(&d.value, p.options.iter().map(|o| &o.id))),
        );
        return;
    };
    if diags.error_count() > before {
        return;
    }
    let out = crate::compute::adapt::provisioning(p);
    if let Some(c) = out.cheapest
        && c != di
        && !has_text(&p.rationale)
    {
        let (v, cheapest) = (&d.value, &p.options[c].id.value);
        diags.push(
            Diagnostic::warning(msg!(
                "die Entscheidung `{v}` ist nicht die günstigste Option `{cheapest}`, und es gibt keine Begründung (`rationale`)",
                "decision `{v}` is not the cheapest option `{cheapest}`, and there is no `rationale`"
            ))
            .at(file, pos(d, &d.value))
            .hint(msg!(
                "Begründen Sie unter `rationale`, warum die Entscheidung von der günstigsten Option abweicht",
                "explain in `rationale` why the decision differs from the cheapest option"
            )),
        );
    }
}
