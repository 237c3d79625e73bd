//! Every number of the data model is refused outside its plausible range, at the value, with
//! the range in the message; values at the limits are accepted.

mod common;

use common::*;

const START: &str = "---\ntitle: Start\naudience: public\n---\n";

/// Field → default value in the provisioning template.
const PROV: &[(&str, &str)] = &[
    ("horizon_years", "5"),
    ("discount_rate", "0.03"),
    ("staff", "120"),
    ("need_share", "0.25"),
    ("simultaneous_share", "0.4"),
    ("price_eur", "95"),
    ("life_years", "3"),
    ("annual_eur", "0"),
    ("reserve", "0.15"),
    ("pool_annual_eur", "3000"),
    ("seats", "30"),
    ("seat_month_eur", "39"),
];

fn provisioning(field: &str, value: &str) -> String {
    let v = |k: &str| {
        if k == field {
            value.to_string()
        } else {
            PROV.iter().find(|(f, _)| *f == k).unwrap().1.to_string()
        }
    };
    format!(
        "id: p\ntitle: P\nhorizon_years: {}\ndiscount_rate: {}\ngroups:\n  - {{id: g, title: G, staff: {}, need_share: {}, simultaneous_share: {}}}\nitems:\n  - {{id: i, title: I, price_eur: {}, life_years: {}, annual_eur: {}}}\noptions:\n  - {{id: pool, kind: pool, title: Pool, reserve: {}, annual_eur: {}}}\n  - {{id: s, kind: service, title: S, seats: {}, seat_month_eur: {}}}\naudience: public\n",
        v("horizon_years"),
        v("discount_rate"),
        v("staff"),
        v("need_share"),
        v("simultaneous_share"),
        v("price_eur"),
        v("life_years"),
        v("annual_eur"),
        v("reserve"),
        v("pool_annual_eur"),
        v("seats"),
        v("seat_month_eur"),
    )
}

/// Errors of a plan with one provisioning record, as (message, location).
fn prov_errors(field: &str, value: &str) -> Vec<(String, String)> {
    let text = provisioning(field, value);
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", START),
        ("content/data/provisioning.yaml", &text),
    ]);
    let r = build_plan(dir.path());
    errors(&r)
        .into_iter()
        .map(|d| (d.message.en.clone(), d.location()))
        .collect()
}

/// (field, accepted values, refused values, message for a refused value)
type Case = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "horizon_years",
        &["1", "50"],
        &["0", "51", "2.5", "1e308", ".inf", ".nan"],
    ),
    (
        "discount_rate",
        &["-0.05", "0", "0.2"],
        &["-0.051", "-0.99", "0.21", ".nan", "-.inf"],
    ),
    (
        "staff",
        &["0", "1000000"],
        &["-1", "1000001", "1.5", "1e308", ".nan"],
    ),
    ("need_share", &["0", "1"], &["-0.01", "1.01", ".nan"]),
    (
        "simultaneous_share",
        &["0", "1"],
        &["-0.01", "1.01", ".inf"],
    ),
    (
        "price_eur",
        &["0", "10000000000"],
        &["-1", "10000000001", "1e308", ".inf", ".nan"],
    ),
    ("life_years", &["1", "50"], &["0", "51", "1.5", ".nan"]),
    ("annual_eur", &["0", "1e10"], &["-0.01", "1.1e10", ".inf"]),
    ("reserve", &["0", "1"], &["-0.1", "1.01", ".nan"]),
    ("pool_annual_eur", &["0", "1e10"], &["-5", "1e11", ".inf"]),
    (
        "seats",
        &["0", "1000000"],
        &["-1", "1000001", "2.5", ".nan"],
    ),
    ("seat_month_eur", &["0", "1e10"], &["-1", "1e308", ".nan"]),
];

#[test]
fn provisioning_numbers_at_and_beyond_their_limits() {
    for (field, ok, bad) in CASES {
        let key = field.trim_start_matches("pool_");
        let line = provisioning(field, "@@")
            .lines()
            .position(|l| l.contains("@@"))
            .unwrap()
            + 1;
        let col = provisioning(field, "@@")
            .lines()
            .nth(line - 1)
            .unwrap()
            .find("@@")
            .unwrap()
            + 1;
        for v in *ok {
            let e = prov_errors(field, v);
            assert_eq!(e, Vec::<(String, String)>::new(), "{field}: {v}");
        }
        for v in *bad {
            let e = prov_errors(field, v);
            assert_eq!(e.len(), 1, "{field}: {v}: {e:#?}");
            assert!(
                e[0].0.starts_with(&format!("`{key}` ")),
                "{field}: {v}: {e:#?}"
            );
            assert_eq!(
                e[0].1,
                format!("content/data/provisioning.yaml:{line}:{col}"),
                "{field}: {v}"
            );
        }
    }
}

fn measure_errors(cost: &str) -> Vec<krisenfest::diagnostics::Diagnostic> {
    let text = format!(
        "- {{id: M-1, title: Notebooks, status: geplant, cost_eur: {cost}, audience: public}}\n"
    );
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", START),
        ("content/data/measures.yaml", &text),
    ]);
    errors(&build_plan(dir.path()))
}

#[test]
fn the_whole_diagnostic_states_the_allowed_range() {
    let e = measure_errors("1e308");
    assert_eq!(e.len(), 1, "{e:#?}");
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", START),
        (
            "content/data/measures.yaml",
            "- {id: M-1, title: Notebooks, status: geplant, cost_eur: 1e308, audience: public}\n",
        ),
    ]);
    let r = build_plan(dir.path());
    let e = errors(&r);
    assert_eq!(
        krisenfest::diagnostics::render(&e[0], &r.sources, false, krisenfest::diagnostics::Lang::En),
        "error: `cost_eur` is outside the plausible range
 --> content/data/measures.yaml:1:58
  |
1 | - {id: M-1, title: Notebooks, status: geplant, cost_eur: 1e308, audience: public}
  |                                                          ^^^^^^^^^^^^ allowed: from 0 to 10.000.000.000 €
  |
help: write a value from 0 to 10.000.000.000 €; larger or smaller values are not plausible in a municipal plan"
    );
}

#[test]
fn measure_costs_and_perspective_weights() {
    for v in ["0", "10000000000", "95.5"] {
        assert_eq!(measure_errors(v), [], "{v}");
    }
    for (v, msg) in [
        ("-1", "`cost_eur` is outside the plausible range"),
        ("10000000001", "`cost_eur` is outside the plausible range"),
        (".nan", "`cost_eur` is not a number"),
        (".inf", "`cost_eur` is infinite"),
        ("-.inf", "`cost_eur` is infinite"),
    ] {
        let e = measure_errors(v);
        assert_eq!(
            e.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            [msg],
            "{v}"
        );
        assert_eq!(e[0].location(), "content/data/measures.yaml:1:58", "{v}");
    }
    for (w, errors_expected) in [("100", 0), ("100.5", 1), ("-1", 1), (".nan", 1)] {
        let text = format!("- {{id: nutzer, title: Nutzer, weight: {w}, audience: public}}\n");
        let dir = plan(&[
            ("content/site.yaml", SITE),
            ("content/_index.md", START),
            ("content/data/perspectives.yaml", &text),
        ]);
        let e: Vec<_> = errors(&build_plan(dir.path()))
            .into_iter()
            .filter(|d| d.message.starts_with("`weight`"))
            .collect();
        assert_eq!(e.len(), errors_expected, "{w}: {e:#?}");
    }
}

#[test]
fn the_schema_states_the_bounds() {
    let all = krisenfest::schema::all();
    let text = serde_json::to_string(&all["provisioning.schema.json"]).unwrap();
    assert!(text.contains("\"maximum\":0.2"), "{text}");
    assert!(text.contains("\"minimum\":-0.05"), "{text}");
    assert!(text.contains("\"maximum\":50"), "{text}");
    let text = serde_json::to_string(&all["measures.schema.json"]).unwrap();
    assert!(text.contains("\"maximum\":10000000000"), "{text}");
}
