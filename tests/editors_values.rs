//! Issue 18, impossible values and quiet YAML traps: each mistake, made in an otherwise clean
//! plan, ends in exactly the diagnostics listed — message, file:line:col, label and hint — and
//! nothing else (no follow-on errors, nothing accepted silently).

mod common;

use common::*;
use krisenfest::diagnostics::{Diagnostic, Severity};

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n";
const PERSPECTIVES: &str = "\
- {id: nutzer, title: Nutzer, weight: 60, audience: public, requirements: [{id: N1, title: Einfach}]}
- {id: technik, title: Technik, weight: 40, audience: public}
";
const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";
const MEASURES: &str = "\
- {id: M-001, title: Notebooks, status: geplant, goals: [Z-1], audience: public}
- {id: M-002, title: Headsets, status: geplant, audience: public}
";
const CHECKLISTS: &str = "\
- id: webmeeting
  title: Webmeetings vorbereiten
  roles:
    - {id: moderation, title: Moderation}
  phases:
    - id: vor
      title: Vor dem Meeting
      items:
        - {id: technik-testen, text: Technik testen, role: moderation, refs: [Z-1]}
  audience: public
";
const EVALUATIONS: &str = "\
- id: plattformwahl
  title: Auswahl der Plattform
  options:
    - {id: alpha, title: Angebot Alpha}
    - {id: beta, title: Angebot Beta}
  criteria:
    - {id: k1, perspective: nutzer, title: Bedienung, weight: 1, scores: {alpha: 8, beta: 4}}
  decision: alpha
  audience: public
";
const PAGE: &str = "---\ntitle: Tipps\naudience: public\n---\nText.\n";
const TRANSCRIPT: &str = "---\ntitle: Textfassung\naudience: public\n---\nText.\n";

fn base() -> Vec<(&'static str, String)> {
    vec![
        ("content/site.yaml", SITE.into()),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\n".into(),
        ),
        ("content/data/threats.yaml", THREATS.into()),
        ("content/data/perspectives.yaml", PERSPECTIVES.into()),
        ("content/data/goals.yaml", GOALS.into()),
        ("content/data/measures.yaml", MEASURES.into()),
        ("content/data/risks/r-001.yaml", RISK.into()),
        ("content/data/checklists.yaml", CHECKLISTS.into()),
        ("content/data/evaluations.yaml", EVALUATIONS.into()),
        ("content/schulung/tipps.md", PAGE.into()),
        ("content/schulung/text.md", TRANSCRIPT.into()),
    ]
}

/// One line per diagnostic with every part of it, so a test compares the whole message.
fn line(d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = format!("{sev} {}: {}", d.location(), d.message);
    if let Some(l) = &d.label {
        s.push_str(&format!(" [{l}]"));
    }
    if let Some(h) = &d.hint {
        s.push_str(&format!(" — {h}"));
    }
    s
}

/// All diagnostics of the base plan with `file` replaced by (or added as) `text`.
fn diagnostics_with(file: &str, text: &str) -> Vec<String> {
    let mut files = base();
    match files.iter_mut().find(|(p, _)| *p == file) {
        Some(f) => f.1 = text.to_string(),
        None => files.push((
            Box::leak(file.to_string().into_boxed_str()),
            text.to_string(),
        )),
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = plan(&refs);
    let r = build_plan(dir.path());
    // (the test site.yaml has no licence and no base_url; not what these tests are about)
    let mut v: Vec<String> = r
        .diagnostics
        .snapshot()
        .iter()
        .filter(|d| d.location() != "content/site.yaml")
        .map(line)
        .collect();
    v.sort();
    v
}

#[test]
fn the_base_plan_is_clean() {
    assert_eq!(
        diagnostics_with("content/extra.md", "---\ntitle: Extra\n---\n"),
        Vec::<String>::new()
    );
}

const R: &str = "content/data/risks/r-001.yaml";
const P: &str = "content/schulung/tipps.md";

fn risk(from: &str, to: &str) -> (&'static str, String) {
    assert!(RISK.contains(from), "{from}");
    (R, RISK.replacen(from, to, 1))
}

fn page(front: &str) -> (&'static str, String) {
    (P, format!("---\n{front}\naudience: public\n---\nText.\n"))
}

fn data(file: &'static str, base: &str, from: &str, to: &str) -> (&'static str, String) {
    assert!(base.contains(from), "{from}");
    (file, base.replacen(from, to, 1))
}

/// (case, file and its new text, every diagnostic expected)
type Case = (
    &'static str,
    (&'static str, String),
    &'static [&'static str],
);

fn run(cases: &[Case]) {
    let mut failed = Vec::new();
    for (name, (file, text), want) in cases {
        let got = diagnostics_with(file, text);
        if got != *want {
            failed.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Values no plan can mean: a review in the future, dates out of order, empty titles, ids
/// outside the id alphabet, days that do not exist, scale steps the method does not have.
#[test]
fn impossible_values_are_errors_at_the_value() {
    run(&[
        (
            "reviewed future",
            risk("reviewed: 2026-10-01", "reviewed: 2026-12-24"),
            &[
                "error content/data/risks/r-001.yaml:10:11: `reviewed` is 24.12.2026, after the day of the build (27.11.2026) [a review that has not happened yet] — `reviewed` is the day of the last review; a planned review goes into `next_review`",
            ],
        ),
        (
            "next_review before reviewed",
            risk(
                "audience: public",
                "audience: public\nnext_review: 2026-09-01",
            ),
            &[
                "error content/data/risks/r-001.yaml:12:14: `next_review` (01.09.2026) is before `reviewed` (01.10.2026) [the next review comes after the last one] — correct one of the two dates, or remove `next_review`: then it is `reviewed` plus the review interval of the risk's level",
            ],
        ),
        (
            "empty title risk",
            risk("title: Ausfall der Telefonanlage", "title: \"\""),
            &[
                "error content/data/risks/r-001.yaml:2:8: empty `title` [a title is needed here] — write what this is about after `title:`, e.g. `title: Ausfall der Telefonanlage`; the title is shown in lists, menus and the browser tab",
            ],
        ),
        (
            "blank title page",
            page("title: \"  \""),
            &[
                "error content/schulung/tipps.md:2:8: empty `title` [a title is needed here] — write what this is about after `title:`, e.g. `title: Ausfall der Telefonanlage`; the title is shown in lists, menus and the browser tab",
            ],
        ),
        (
            "blank title measure",
            data(
                "content/data/measures.yaml",
                MEASURES,
                "title: Headsets",
                "title: ' '",
            ),
            &[
                "error content/data/measures.yaml:2:22: empty `title` [a title is needed here] — write what this is about after `title:`, e.g. `title: Ausfall der Telefonanlage`; the title is shown in lists, menus and the browser tab",
            ],
        ),
        (
            "id with space",
            risk("id: R-001", "id: R 001"),
            &[
                "error content/data/risks/r-001.yaml:1:5: risk id `R 001` contains a space [not allowed in an id] — ids are made of letters, digits, `-`, `_` and `.`, e.g. `R-001`; they become part of web addresses and `@ID` links",
            ],
        ),
        (
            "item id with space",
            data(
                "content/data/checklists.yaml",
                CHECKLISTS,
                "id: technik-testen",
                "id: technik testen",
            ),
            &[
                "error content/data/checklists.yaml:9:16: item id `technik testen` contains a space [not allowed in an id] — ids are made of letters, digits, `-`, `_` and `.`, e.g. `technik-testen`; they become part of web addresses and `@ID` links",
            ],
        ),
        (
            "criterion id slash",
            data(
                "content/data/evaluations.yaml",
                EVALUATIONS,
                "{id: k1,",
                "{id: \"k/1\",",
            ),
            &[
                "error content/data/evaluations.yaml:7:13: criterion id `k/1` contains `/` [not allowed in an id] — ids are made of letters, digits, `-`, `_` and `.`, e.g. `k-1`; they become part of web addresses and `@ID` links",
            ],
        ),
        (
            "feb 30",
            risk("reviewed: 2026-10-01", "reviewed: 2026-02-30"),
            &[
                "error content/data/risks/r-001.yaml:10:11: invalid date `2026-02-30`: this day does not exist; February 2026 has 28 days, so the last one is 2026-02-28",
            ],
        ),
        (
            "unknown likelihood",
            risk("likelihood: mittel", "likelihood: Mittel"),
            &[
                "error content/data/risks/r-001.yaml:5:24: unknown likelihood `Mittel` [expected one of: selten, mittel, haeufig, sehr-haeufig] — did you mean `mittel`?",
            ],
        ),
        (
            "page date future",
            page("title: Tipps\ndate: 2027-01-15"),
            &[
                "warning content/schulung/tipps.md:3:7: the page's `date` 15.01.2027 is after the day of the build (27.11.2026) — `date` is the \"Stand\" of the page: the day it was last brought up to date, which cannot be after today",
            ],
        ),
        (
            "acceptance future",
            risk(
                "treatment: reduzieren",
                "treatment: reduzieren\nacceptance: {by: Verwaltungsvorstand, date: 2027-03-01, rationale: Tragbar}",
            ),
            &[
                "warning content/data/risks/r-001.yaml:8:45: the acceptance `date` 01.03.2027 is after the day of the build (27.11.2026) — `acceptance.date` is the day the risk was accepted; write it once the decision is taken",
            ],
        ),
    ]);
}

/// YAML that parses but reads differently than it looks, in data files and front matter alike;
/// and a video start time the embed would drop. Quoted values and comments after non-text
/// values are left alone.
#[test]
fn yaml_traps_are_warnings_at_the_value() {
    run(&[
        (
            "hash risk",
            risk(
                "title: Ausfall der Telefonanlage",
                "title: Ausfall #2 der Telefonanlage",
            ),
            &[
                "warning content/data/risks/r-001.yaml:2:16: the title ends before ` #`: everything after ` #` was read as a comment [not part of the title] — put the whole title in quotes: `title: \"Ausfall #2 der Telefonanlage\"`; if this is meant as a comment, put it on a line of its own",
            ],
        ),
        (
            "hash page",
            page("title: Raum #3 buchen"),
            &[
                "warning content/schulung/tipps.md:2:13: the title ends before ` #`: everything after ` #` was read as a comment [not part of the title] — put the whole title in quotes: `title: \"Raum #3 buchen\"`; if this is meant as a comment, put it on a line of its own",
            ],
        ),
        (
            "hash phase",
            data(
                "content/data/checklists.yaml",
                CHECKLISTS,
                "title: Vor dem Meeting",
                "title: Vor dem Meeting   # Teil 1",
            ),
            &[
                "warning content/data/checklists.yaml:7:32: the title ends before ` #`: everything after ` #` was read as a comment [not part of the title] — put the whole title in quotes: `title: \"Vor dem Meeting # Teil 1\"`; if this is meant as a comment, put it on a line of its own",
            ],
        ),
        (
            "curly de",
            risk(
                "title: Ausfall der Telefonanlage",
                "title: „Ausfall der Telefonanlage“",
            ),
            &[
                "warning content/data/risks/r-001.yaml:2:8: the value is wrapped in typographic quotes `„…“`, which are kept as part of the text [published as „Ausfall der Telefonanlage“] — use straight quotes \"…\" for YAML, or no quotes: `title: \"Ausfall der Telefonanlage\"`",
            ],
        ),
        (
            "curly en page",
            page("title: “Tipps”"),
            &[
                "warning content/schulung/tipps.md:2:8: the value is wrapped in typographic quotes `“…”`, which are kept as part of the text [published as “Tipps”] — use straight quotes \"…\" for YAML, or no quotes: `title: \"Tipps\"`",
            ],
        ),
        (
            "curly single",
            data(
                "content/data/measures.yaml",
                MEASURES,
                "title: Headsets",
                "title: ‚Headsets‘",
            ),
            &[
                "warning content/data/measures.yaml:2:22: the value is wrapped in typographic quotes `‚…‘`, which are kept as part of the text [published as ‚Headsets‘] — use straight quotes \"…\" for YAML, or no quotes: `title: \"Headsets\"`",
            ],
        ),
        (
            "curly guillemets",
            data(
                "content/data/checklists.yaml",
                CHECKLISTS,
                "title: Vor dem Meeting",
                "title: «Vor dem Meeting»",
            ),
            &[
                "warning content/data/checklists.yaml:7:14: the value is wrapped in typographic quotes `«…»`, which are kept as part of the text [published as «Vor dem Meeting»] — use straight quotes \"…\" for YAML, or no quotes: `title: \"Vor dem Meeting\"`",
            ],
        ),
        (
            "no trap",
            risk(
                "title: Ausfall der Telefonanlage",
                "title: \"„Digital“ – Ausfall #2\"\nowner: 'Zentrale Dienste #IT'",
            ),
            &[],
        ),
        (
            "no trap 2",
            risk("status: offen", "status: offen # noch prüfen"),
            &[],
        ),
        (
            "video t",
            page(
                "title: Tipps\nvideo: {url: \"https://youtu.be/uilwr6ktHbU?t=90\", title: Tipps, transcript: \"@/schulung/text.md\"}",
            ),
            &[
                "warning content/schulung/tipps.md:3:15: the start time `t=90` in the video address is not used [the embedded video always starts at the beginning] — remove the start time from the address and say in the text where the part begins, e.g. „ab Minute 1:30“",
            ],
        ),
        (
            "video start",
            page(
                "title: Tipps\nvideo:\n  url: https://www.youtube.com/embed/uilwr6ktHbU?start=90\n  title: Tipps\n  transcript: \"@/schulung/text.md\"",
            ),
            &[
                "warning content/schulung/tipps.md:4:8: the start time `start=90` in the video address is not used [the embedded video always starts at the beginning] — remove the start time from the address and say in the text where the part begins, e.g. „ab Minute 1:30“",
            ],
        ),
    ]);
}

/// Unknown references name the id that was most likely meant (case, umlauts, two edits); with
/// none close, the known ids are listed as before.
#[test]
fn unknown_ids_get_the_closest_known_one() {
    run(&[
        (
            "measure typo",
            risk("measures: [M-001]", "measures: [M-01]"),
            &[
                "error content/data/risks/r-001.yaml:8:12: unknown measure `M-01` — did you mean `M-001`?",
            ],
        ),
        (
            "threat case",
            risk("threats: [G0.33]", "threats: [g0.33]"),
            &[
                "error content/data/risks/r-001.yaml:3:11: unknown threat `g0.33` — did you mean `G0.33`?",
            ],
        ),
        (
            "perspective case",
            risk("perspective: nutzer", "perspective: Nutzer"),
            &[
                "error content/data/risks/r-001.yaml:4:14: unknown perspective `Nutzer` — did you mean `nutzer`?",
            ],
        ),
        (
            "checklist ref",
            data(
                "content/data/checklists.yaml",
                CHECKLISTS,
                "refs: [Z-1]",
                "refs: [z-1]",
            ),
            &[
                "error content/data/checklists.yaml:9:79: unknown record `z-1` — did you mean `Z-1`?",
            ],
        ),
        (
            "role",
            data(
                "content/data/checklists.yaml",
                CHECKLISTS,
                "role: moderation",
                "role: Moderation",
            ),
            &[
                "error content/data/checklists.yaml:9:60: unknown role `Moderation` — did you mean `moderation`? roles of this checklist: moderation",
            ],
        ),
        (
            "decision",
            data(
                "content/data/evaluations.yaml",
                EVALUATIONS,
                "decision: alpha",
                "decision: Alpha",
            ),
            &[
                "error content/data/evaluations.yaml:8:13: decision `Alpha` names no option of this evaluation — did you mean `alpha`? options: alpha, beta",
            ],
        ),
        (
            "treatment umlaut",
            risk("treatment: reduzieren", "treatment: Reduzieren"),
            &[
                "error content/data/risks/r-001.yaml:7:12: unknown treatment `Reduzieren` [expected one of: vermeiden, reduzieren, uebertragen, akzeptieren] — did you mean `reduzieren`?",
            ],
        ),
        (
            "no guess",
            risk("measures: [M-001]", "measures: [X-9]"),
            &[
                "error content/data/risks/r-001.yaml:8:12: unknown measure `X-9` — known ids: M-001, M-002",
            ],
        ),
    ]);
}
