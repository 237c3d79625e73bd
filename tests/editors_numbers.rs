//! German and everyday number spellings in every numeric field: an error at the value that
//! says what to write, never a silent misreading, never parser words.

mod common;

use common::*;
use krisenfest::diagnostics::Diagnostic;

const START: &str = "---\ntitle: Start\naudience: public\n---\n";

fn run(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut all = vec![("content/site.yaml", SITE), ("content/_index.md", START)];
    all.extend_from_slice(files);
    let dir = plan(&all);
    errors(&build_plan(dir.path()))
}

fn measures(v: &str) -> String {
    format!("- id: M-1\n  title: A\n  status: geplant\n  cost_eur: {v}\n  audience: public\n")
}

fn provisioning(field: &str, v: &str) -> String {
    let d = |k: &str, def: &str| {
        if k == field {
            v.to_string()
        } else {
            def.to_string()
        }
    };
    format!(
        "id: p\ntitle: P\nhorizon_years: {}\ndiscount_rate: {}\ngroups:\n  - id: g\n    title: G\n    staff: {}\n    need_share: {}\n    simultaneous_share: 0.4\nitems:\n  - id: i\n    title: I\n    price_eur: {}\n    life_years: 3\noptions:\n  - id: e\n    kind: individual\n    title: E\naudience: public\n",
        d("horizon_years", "5"),
        d("discount_rate", "0.03"),
        d("staff", "120"),
        d("need_share", "0.25"),
        d("price_eur", "95"),
    )
}

/// (value, message, label, hint) for `cost_eur` (an amount in euros).
const EUR_CASES: &[(&str, &str, &str, &str)] = &[
    (
        "41.000",
        "`cost_eur`: `41.000` is ambiguous",
        "read as 41.0, not as 41000",
        "meinten Sie 41000 (einundvierzigtausend) oder 41,0? Write `41000` without a dot for the thousands, or `41.0` for the decimal number: a dot is always read as a decimal point",
    ),
    (
        "-2.500",
        "`cost_eur`: `-2.500` is ambiguous",
        "read as -2.5, not as -2500",
        "meinten Sie -2500 (minus zweitausendfünfhundert) oder -2,5? Write `-2500` without a dot for the thousands, or `-2.5` for the decimal number: a dot is always read as a decimal point",
    ),
    (
        "\"41.000\"",
        "`cost_eur`: `41.000` is ambiguous",
        "read as 41.0, not as 41000",
        "meinten Sie 41000 (einundvierzigtausend) oder 41,0? Write `41000` without a dot for the thousands, or `41.0` for the decimal number: a dot is always read as a decimal point",
    ),
    (
        "1.234.567",
        "`cost_eur` is not written as a plain number",
        "write 1234567",
        "write `1234567`: without thousands separators (no dots, no spaces)",
    ),
    (
        "95 €",
        "`cost_eur` is not written as a plain number",
        "write 95",
        "write `95`: no unit after the number (`€`)",
    ),
    (
        "95 EUR",
        "`cost_eur` is not written as a plain number",
        "write 95",
        "write `95`: no unit after the number (`EUR`)",
    ),
    (
        "0,3",
        "`cost_eur` is not written as a plain number",
        "write 0.3",
        "write `0.3`: with a dot before the decimals, not a comma",
    ),
    (
        "41.000,00",
        "`cost_eur` is not written as a plain number",
        "write 41000",
        "write `41000`: without thousands separators, with a dot before the decimals",
    ),
    (
        "1 000",
        "`cost_eur` is not written as a plain number",
        "write 1000",
        "write `1000`: without thousands separators (no dots, no spaces)",
    ),
    (
        "41000.-",
        "`cost_eur` is not written as a plain number",
        "write 41000",
        "write `41000`: no unit after the number (`.-`)",
    ),
    (
        "viel",
        "`cost_eur` must be a number",
        "not a number",
        "write digits only, e.g. `41000` or `1150.50`: no unit, no thousands separator, a dot before decimals",
    ),
];

#[test]
fn every_spelling_of_an_amount_is_one_error_at_the_value() {
    for (v, msg, label, hint) in EUR_CASES {
        let e = run(&[("content/data/measures.yaml", &measures(v))]);
        assert_eq!(e.len(), 1, "{v}: {e:#?}");
        assert_eq!(e[0].message, *msg, "{v}");
        assert_eq!(e[0].location(), "content/data/measures.yaml:4:13", "{v}");
        assert_eq!(e[0].label.as_deref(), Some(*label), "{v}");
        assert_eq!(e[0].hint.as_deref(), Some(*hint), "{v}");
    }
}

#[test]
fn plain_numbers_pass() {
    for v in ["41000", "1150.5", "0", "0.250"] {
        assert_eq!(
            run(&[("content/data/measures.yaml", &measures(v))]),
            vec![],
            "{v}"
        );
    }
}

/// Every kind of numeric field, through the one table: (field, value, line:col, label).
#[test]
fn shares_percents_counts_and_years() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("need_share", "30 %", "9:17", "write 0.3"),
        ("need_share", "0,3", "9:17", "write 0.3"),
        ("discount_rate", "3 %", "4:16", "write 0.03"),
        ("staff", "1.000", "8:12", "read as 1.0, not as 1000"),
        ("staff", "1 200", "8:12", "write 1200"),
        ("price_eur", "1.150", "14:16", "read as 1.15, not as 1150"),
        ("price_eur", "1.150 €", "14:16", "read as 1.15, not as 1150"),
        ("horizon_years", "5 Jahre", "3:16", "not a number"),
    ];
    for (field, v, at, label) in cases {
        let e = run(&[("content/data/provisioning.yaml", &provisioning(field, v))]);
        assert_eq!(e.len(), 1, "{field} {v}: {e:#?}");
        assert_eq!(
            e[0].location(),
            format!("content/data/provisioning.yaml:{at}"),
            "{field} {v}"
        );
        assert_eq!(e[0].label.as_deref(), Some(*label), "{field} {v}");
    }
    let share = run(&[(
        "content/data/provisioning.yaml",
        &provisioning("need_share", "30 %"),
    )]);
    assert_eq!(
        share[0].hint.as_deref(),
        Some("write `0.3`: this is a share of one: 30 % is written 0.3")
    );
    let p = "- id: a\n  title: A\n  weight: 30 %\n  audience: public\n- id: b\n  title: B\n  weight: 70\n  audience: public\n";
    let e = run(&[("content/data/perspectives.yaml", p)]);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].location(), "content/data/perspectives.yaml:3:11");
    assert_eq!(
        e[0].hint.as_deref(),
        Some("write `30`: the value is in percent already, without `%`")
    );
}

/// The table names every number of every schema: a numeric field added to the model without
/// an entry would escape the spelling checks.
#[test]
fn every_numeric_property_of_the_schemas_is_in_the_table() {
    fn walk(
        v: &serde_json::Value,
        parent: Option<&str>,
        found: &mut Vec<(String, Option<String>)>,
    ) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (k, p) in props {
                let t = p.get("type").map(|t| t.to_string()).unwrap_or_default();
                if t.contains("number") || t.contains("integer") {
                    found.push((k.clone(), parent.map(str::to_string)));
                }
                walk(p, Some(k), found);
            }
        }
        if let Some(o) = v.as_object() {
            for (k, x) in o {
                if k != "properties" {
                    walk(x, parent, found);
                }
            }
        }
    }
    for (name, schema) in krisenfest::schema::all() {
        let kind = name.trim_end_matches(".schema.json");
        if ["site", "front-matter"].contains(&kind) {
            continue;
        }
        let mut found = Vec::new();
        walk(&schema, None, &mut found);
        for (key, _) in found {
            assert!(
                krisenfest::model::bounds::FIELDS
                    .iter()
                    .any(|f| f.kind == kind && f.key == key),
                "{kind}: numeric `{key}` is not in bounds::FIELDS"
            );
        }
    }
}
