//! A mistake in one record does not drop its siblings, every mistake of a file is reported at
//! once, follow-on errors are not, and no parser jargon reaches an editor.

mod common;

use common::*;
use krisenfest::diagnostics::Diagnostic;

const START: &str = "---\ntitle: Start\naudience: public\n---\n";

const JARGON: &[&str] = &[
    "invalid floating point",
    "mapping values are not allowed",
    "did not find expected",
    "cannot deserialize",
    "Option<",
    "from_str_multiple",
    "invalid type",
    "expected f64",
    "unknown variant",
    "data did not match any variant",
    "scalar",
    "i64",
];

fn run(files: &[(&str, &str)]) -> (krisenfest::build::BuildResult, Vec<Diagnostic>) {
    let mut all = vec![("content/site.yaml", SITE), ("content/_index.md", START)];
    all.extend_from_slice(files);
    let dir = plan(&all);
    let r = build_plan(dir.path());
    let e = errors(&r);
    (r, e)
}

fn m(id: &str, body: &str) -> String {
    format!("- id: {id}\n  title: Maßnahme {id}\n{body}  audience: public\n")
}

/// (mistake in the second of three measures, message, location, hint).
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "  stauts: geplant\n",
        "unknown key `stauts`",
        "7:3",
        "meinten Sie `status`? allowed keys here: id, title, description, responsible, due, status, goals, cost_eur, budget, refs, audience, internal_note",
    ),
    (
        "  status: Geplant\n",
        "unknown value `Geplant`",
        "7:11",
        "meinten Sie `geplant`? allowed values: geplant, in-umsetzung, umgesetzt",
    ),
    (
        "  status: in umsetzung\n",
        "unknown value `in umsetzung`",
        "7:11",
        "meinten Sie `in-umsetzung`? allowed values: geplant, in-umsetzung, umgesetzt",
    ),
    (
        "  status: geplant\n  audience: öffentlich\n",
        "unknown value `öffentlich`",
        "8:13",
        "meinten Sie `public`? allowed values: public, internal",
    ),
    (
        "  responsible: IT\n",
        "missing required key `status`",
        "5:3",
        "add `status: …` to this entry",
    ),
    (
        "  status: geplant\n  goals: Z-1\n",
        "expected a list here",
        "8:10",
        "write the entries as `[a, b]` or one `- a` per line below the key",
    ),
    (
        "  status geplant\n",
        "a `:` is missing after the key",
        "7:3",
        "write `key: value`, with a space after the colon",
    ),
    (
        "  status: geplant\n  description: Ziel: schneller\n",
        "unexpected `:` here",
        "8:20",
        "a text that contains `: ` must be put in quotes (\"…\"); or a key is indented differently from the keys above it",
    ),
    (
        "  status: geplant\n  cost_eur: 95 €\n",
        "`cost_eur` is not written as a plain number",
        "8:13",
        "write `95`: no unit after the number (`€`)",
    ),
];

#[test]
fn one_broken_measure_leaves_its_siblings_and_no_follow_on_errors() {
    for (body, msg, at, hint) in CASES {
        let text = format!(
            "{}{}{}",
            m("M-1", "  status: geplant\n"),
            m("M-2", body),
            m("M-3", "  status: geplant\n")
        );
        // The risk refers to all three: none of them may be "unknown".
        let risk = "id: R-1\ntitle: R\ninherent: {likelihood: selten, impact: begrenzt}\nresidual: {likelihood: selten, impact: begrenzt}\ntreatment: reduzieren\nmeasures: [M-1, M-2, M-3]\nstatus: offen\naudience: public\n";
        let (r, e) = run(&[
            ("content/data/measures.yaml", &text),
            ("content/data/risks/r-1.yaml", risk),
        ]);
        let got: Vec<_> = e
            .iter()
            .map(|d| (d.message.as_str(), d.location(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![(
                *msg,
                format!("content/data/measures.yaml:{at}"),
                Some(*hint)
            )],
            "{body:?}"
        );
        for d in r.diagnostics.snapshot() {
            let text = format!("{} {:?} {:?}", d.message, d.label, d.hint);
            for j in JARGON {
                assert!(!text.contains(j), "{body:?}: jargon `{j}` in {text}");
            }
        }
        // The siblings are read (and would be published once the mistake is fixed).
        assert!(
            r.diagnostics
                .snapshot()
                .iter()
                .all(|d| !d.message.contains("M-1") && !d.message.contains("M-3"))
        );
    }
}

#[test]
fn siblings_are_published_when_the_mistake_is_only_a_warning_away() {
    // A build with an error publishes nothing; fix the broken entry and all three are there.
    let text = format!(
        "{}{}",
        m("M-1", "  status: geplant\n"),
        m("M-3", "  status: geplant\n")
    );
    let (r, e) = run(&[("content/data/measures.yaml", &text)]);
    assert_eq!(e, vec![]);
    let html = r
        .outputs
        .iter()
        .flat_map(|o| o.files.iter())
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .collect::<String>();
    assert!(html.contains("Maßnahme M-1") && html.contains("Maßnahme M-3"));
}

#[test]
fn every_mistake_of_a_file_is_reported_in_file_order() {
    let text = format!(
        "{}{}{}",
        m("M-1", "  stauts: geplant\n  status: geplant\n"),
        m(
            "M-2",
            "  status: geplant\n  cost_eur: 41.000\n  respnsible: IT\n"
        ),
        m("M-3", "  status: gplant\n")
    );
    let (_, e) = run(&[("content/data/measures.yaml", &text)]);
    let got: Vec<_> = e
        .iter()
        .map(|d| (d.message.as_str(), d.location()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "unknown key `stauts`",
                "content/data/measures.yaml:3:3".into()
            ),
            (
                "`cost_eur`: `41.000` is ambiguous",
                "content/data/measures.yaml:9:13".into()
            ),
            (
                "unknown key `respnsible`",
                "content/data/measures.yaml:10:3".into()
            ),
            (
                "unknown value `gplant`",
                "content/data/measures.yaml:14:11".into()
            ),
        ]
    );
}

#[test]
fn missing_key_in_a_nested_mapping_is_reported_where_it_starts() {
    let risk = "id: R-1\ntitle: R\ninherent:\n  likelihood: selten\nresidual: {likelihood: selten}\ntreatment: reduzieren\nstatus: offen\n";
    let (_, e) = run(&[("content/data/risks/r-1.yaml", risk)]);
    let got: Vec<_> = e
        .iter()
        .map(|d| (d.message.as_str(), d.location()))
        .collect();
    assert_eq!(
        got,
        vec![(
            "missing required key `impact`",
            "content/data/risks/r-1.yaml:4:3".into()
        )]
    );
}

/// The same mistakes in a file written as one flow list `[{…}, {…}, {…}]`: reported at the
/// same place, and the siblings are still read.
#[test]
fn one_broken_measure_in_a_flow_list_leaves_its_siblings() {
    let flow = |id: &str, body: &str| {
        format!("{{id: {id}, title: Maßnahme {id}, {body}audience: public}}")
    };
    let cases: &[(&str, &str, &str)] = &[
        ("stauts: geplant, ", "unknown key `stauts`", "2:33"),
        ("status: Geplant, ", "unknown value `Geplant`", "2:41"),
        (
            "status: geplant, goals: Z-1, ",
            "expected a list here",
            "2:57",
        ),
        (
            "status: geplant, cost_eur: 95 €, ",
            "`cost_eur` is not written as a plain number",
            "2:60",
        ),
        ("responsible: IT, ", "missing required key `status`", "2:3"),
    ];
    for (body, msg, at) in cases {
        let text = format!(
            "[{},\n {},\n {}]\n",
            flow("M-1", "status: geplant, "),
            flow("M-2", body),
            flow("M-3", "status: umgesetzt, ")
        );
        let risk = "id: R-1\ntitle: R\ninherent: {likelihood: selten, impact: begrenzt}\nresidual: {likelihood: selten, impact: begrenzt}\ntreatment: reduzieren\nmeasures: [M-1, M-2, M-3]\nstatus: offen\naudience: public\n";
        let (r, e) = run(&[
            ("content/data/measures.yaml", &text),
            ("content/data/risks/r-1.yaml", risk),
        ]);
        let got: Vec<_> = e
            .iter()
            .map(|d| (d.message.as_str(), d.location()))
            .collect();
        assert_eq!(
            got,
            vec![(*msg, format!("content/data/measures.yaml:{at}"))],
            "{text}"
        );
        // M-1 and M-3 were read: the risk's references to them are not "unknown", and
        // nothing about them is reported.
        assert!(
            r.diagnostics
                .snapshot()
                .iter()
                .all(|d| !d.message.contains("M-1") && !d.message.contains("M-3")),
            "{text}"
        );
    }
    // A clean flow list is read as one, with nothing reported.
    let text = format!(
        "[{}, {}]\n",
        flow("M-1", "status: geplant, "),
        flow("M-2", "status: umgesetzt, ")
    );
    let (r, e) = run(&[("content/data/measures.yaml", &text)]);
    assert!(e.is_empty(), "{e:?}");
    assert!(
        r.outputs
            .iter()
            .any(|o| o.files.keys().any(|k| k.contains("m-2")))
    );
}
