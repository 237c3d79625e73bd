//! Emergency management (BSI 200-4, design §8): reading, rules, pages, and contacts that never
//! leave the intranet.

mod common;

use common::*;

/// SITE with both outputs written out.
static SITE2: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    SITE.replacen(
        "legal:\n",
        "outputs:\n  - {name: public, audience: public, dir: public}\n  - {name: intranet, audience: internal, dir: intranet}\nlegal:\n",
        1,
    )
});

const INDEX: &str = "---\ntitle: Start\naudience: public\n---\nHallo.\n";

const BCMS: &str =
    "stage: reaktiv\nscope: Rathaus\nhorizons: [4h, 1d, 3d, 1w]\ntime_critical_mtpd: 3d\n";

const PROCESSES: &str = "\
- id: P-A
  title: Meldewesen
  impact: {4h: begrenzt, 1d: betraechtlich, 3d: existenzbedrohend}
  mtpd: 3d
  rto: 1d
  rpo: 4h
  depends_on: [RES-EWO, RES-NB]
- id: P-B
  title: Sozialleistungen
  mtpd: 1w
  rto: 8h
  rpo: 1d
  depends_on: [RES-EWO]
- id: P-C
  title: Personalabrechnung
  mtpd: 2d
  rto: 1d
  depends_on: [RES-NB]
";

const RESOURCES: &str = "\
- {id: RES-EWO, kind: it-anwendung, title: Einwohnermeldeverfahren, rto_actual: 2d, rpo_actual: 2h}
- {id: RES-NB, kind: geraete, title: Notebooks, rto_actual: 4h}
- {id: RES-FREI, kind: raum, title: Lager}
";

const SCENARIOS: &str = "\
- {id: S-1, title: Wegfall lokaler Arbeitsplätze, loss: [personal, gebaeude], processes: [P-A], plans: [GFP-A], audience: public}
";

const ROLES: &str = "\
- {id: ROLLE-LEITUNG, title: Leitung Krisenstab, deputies: [ROLLE-VERTRETUNG]}
- {id: ROLLE-VERTRETUNG, title: Allgemeine Vertretung}
";

/// Contacts that say they are public: they must not be.
const CONTACTS: &str = "\
- {role: ROLLE-LEITUNG, name: Zora Geheimname, phone: \"0000 424242\", phone_alt: \"0000 434343\", email: zora@teststadt.example, verified: 2026-10-01, audience: public}
- {role: ROLLE-VERTRETUNG, name: Quirin Verborgen, phone: \"0000 515151\", verified: 2026-10-02, audience: public}
";

const PLANS: &str = "\
- id: GFP-A
  type: geschaeftsfortfuehrung
  for: [P-A, P-C]
  activation: {by: ROLLE-LEITUNG, when: Rathaus gesperrt}
  steps: [{text: Feuerwache öffnen, role: ROLLE-VERTRETUNG, within: 2h}]
  reviewed: 2026-10-01
  audience: public
- id: ALARM
  type: alarmierung
  steps: [{text: Leitung anrufen, role: ROLLE-LEITUNG, within: 1h}, {text: Vertretung anrufen, role: ROLLE-VERTRETUNG}]
  reviewed: 2026-10-01
";

const EXERCISES: &str = "\
- {id: UE-1, type: planbesprechung, covers: [GFP-A], done: 2026-09-10, findings: [{text: Zu wenige Geräte}]}
- {id: UE-2, type: alarmierungsuebung, covers: [ALARM], planned: 2027-03-15, done: null}
";

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("content/site.yaml", SITE2.as_str()),
        ("content/_index.md", INDEX),
        ("content/data/bcms.yaml", BCMS),
        ("content/data/processes.yaml", PROCESSES),
        ("content/data/resources.yaml", RESOURCES),
        ("content/data/scenarios.yaml", SCENARIOS),
        ("content/data/roles.yaml", ROLES),
        ("content/data/contacts.yaml", CONTACTS),
        ("content/data/plans.yaml", PLANS),
        ("content/data/exercises.yaml", EXERCISES),
    ]
}

fn with(replace: &[(&'static str, &'static str)]) -> tempfile::TempDir {
    let mut f = files();
    for (path, text) in replace {
        match f.iter_mut().find(|(p, _)| p == path) {
            Some(e) => e.1 = text,
            None => f.push((path, text)),
        }
    }
    plan(&f)
}

fn clean(r: &krisenfest::build::BuildResult) {
    let all: Vec<(String, String)> = r
        .diagnostics
        .snapshot()
        .into_iter()
        .filter(|d| !d.message.en.contains("sitemap"))
        .map(|d| (d.message.en.clone(), d.location()))
        .collect();
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn the_fixture_builds_clean() {
    let dir = with(&[]);
    let r = build_plan(dir.path());
    clean(&r);
}

#[test]
fn durations_are_read_or_refused_at_the_value() {
    let dir = with(&[(
        "content/data/processes.yaml",
        "- {id: P-A, title: A, mtpd: 3 Tage, depends_on: [RES-EWO]}\n- {id: P-B, title: B, mtpd: 1w, rto: 1.5d}\n",
    )]);
    let r = build_plan(dir.path());
    has_error(
        &r,
        "`3 Tage` is not a duration: write a whole number with `h` (hours), `d` (days) or `w` (weeks), e.g. `4h`, `3d` or `1w`",
        "content/data/processes.yaml:1:29",
    );
    has_error(
        &r,
        "the duration `1.5d` is not a whole number: write `36h`",
        "content/data/processes.yaml:2:38",
    );
}

#[test]
fn unknown_keys_are_errors_with_their_place() {
    let dir = with(&[(
        "content/data/resources.yaml",
        "- {id: RES-EWO, kind: it-anwendung, title: E, rto_ist: 2d}\n- {id: RES-NB, kind: geraete, title: N}\n",
    )]);
    let r = build_plan(dir.path());
    has_error(
        &r,
        "unknown key `rto_ist`",
        "content/data/resources.yaml:1:47",
    );
}

#[test]
fn rto_must_be_below_mtpd() {
    let dir = with(&[(
        "content/data/processes.yaml",
        "- {id: P-A, title: A, mtpd: 1d, rto: 1d}\n",
    )]);
    let r = build_plan(dir.path());
    has_error(
        &r,
        "`rto` (1 Tag) is not below `mtpd` (1 Tag)",
        "content/data/processes.yaml:1:38",
    );
}

#[test]
fn unknown_ids_in_every_reference_with_a_guess() {
    let dir = with(&[
        (
            "content/data/processes.yaml",
            "- {id: P-A, title: A, mtpd: 3d, rto: 1d, depends_on: [RES-EWX]}\n",
        ),
        (
            "content/data/scenarios.yaml",
            "- {id: S-1, title: S, threats: [G0.99], risks: [R-9], processes: [P-Z], plans: [GFP-B]}\n",
        ),
        (
            "content/data/roles.yaml",
            "- {id: ROLLE-LEITUNG, title: L, deputies: [ROLLE-VERTRETUNX]}\n- {id: ROLLE-VERTRETUNG, title: V}\n",
        ),
        (
            "content/data/plans.yaml",
            "- {id: GFP-A, type: geschaeftsfortfuehrung, for: [P-X], activation: {by: ROLLE-LEITUNX, when: x}, steps: [{text: t, role: ROLLE-X}], reviewed: 2026-10-01}\n",
        ),
        (
            "content/data/exercises.yaml",
            "- {id: UE-1, type: planbesprechung, covers: [GFP-AA], done: 2026-09-10, findings: [{text: t, measure: M-404}]}\n",
        ),
    ]);
    let r = build_plan(dir.path());
    let e = errors(&r);
    let msgs: Vec<String> = e.iter().map(|d| d.message.en.clone()).collect();
    for m in [
        "unknown resource `RES-EWX`",
        "unknown threat `G0.99`",
        "unknown risk `R-9`",
        "unknown process `P-Z`",
        "unknown plan `GFP-B`",
        "unknown role `ROLLE-VERTRETUNX`",
        "unknown process `P-X`",
        "unknown role `ROLLE-LEITUNX`",
        "unknown role `ROLLE-X`",
        "unknown plan `GFP-AA`",
        "unknown measure `M-404`",
    ] {
        assert!(msgs.iter().any(|x| x == m), "no `{m}` in {msgs:#?}");
    }
    let guess = e
        .iter()
        .find(|d| d.message.en == "unknown resource `RES-EWX`")
        .unwrap();
    assert_eq!(
        guess.hint.as_ref().map(|h| h.en.as_str()),
        Some("did you mean `RES-EWO`?")
    );
    assert_eq!(guess.location(), "content/data/processes.yaml:1:55");
}

#[test]
fn impacts_come_from_the_method_and_horizons_from_bcms() {
    let dir = with(&[(
        "content/data/processes.yaml",
        "- id: P-A\n  title: A\n  impact: {4h: begrenzt, 2d: hoch}\n  mtpd: 3d\n",
    )]);
    let r = build_plan(dir.path());
    has_error(
        &r,
        "horizon `2d` is not one of the horizons of the business impact analysis",
        "content/data/processes.yaml:3:26",
    );
    has_error(
        &r,
        "unknown impact `hoch`",
        "content/data/processes.yaml:3:30",
    );
}

#[test]
fn warnings_for_missing_plans_reviews_and_verifications() {
    let dir = with(&[
        (
            "content/data/scenarios.yaml",
            "- {id: S-1, title: S, loss: [it]}\n",
        ),
        (
            "content/data/plans.yaml",
            "- {id: GFP-A, type: geschaeftsfortfuehrung, for: [P-C], reviewed: 2025-01-01}\n",
        ),
        (
            "content/data/exercises.yaml",
            "- {id: UE-1, type: planbesprechung, covers: [GFP-A], planned: 2027-01-10}\n- {id: UE-2, type: funktionstest, planned: 2026-11-01}\n",
        ),
        (
            "content/data/contacts.yaml",
            "- {role: ROLLE-LEITUNG, name: N, verified: 2026-01-01}\n- {role: ROLLE-VERTRETUNG, name: M}\n",
        ),
    ]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let w: Vec<(String, String)> = warnings(&r)
        .into_iter()
        .map(|d| (d.message.en.clone(), d.location()))
        .collect();
    for (m, at) in [
        (
            "time-critical process `P-A` (mtpd 3 Tage) has no continuity plan",
            "content/data/processes.yaml:1:7",
        ),
        (
            "scenario `S-1` has no plan",
            "content/data/scenarios.yaml:1:8",
        ),
        (
            "exercise `UE-2` was planned for 01.11.2026 and is not marked as done",
            "content/data/exercises.yaml:2:44",
        ),
        (
            "plan `GFP-A` has been neither exercised nor reviewed since 01.01.2026",
            "content/data/plans.yaml:1:67",
        ),
        (
            "contact „N“ (ROLLE-LEITUNG) was last verified on 01.01.2026, more than 180 days ago",
            "content/data/contacts.yaml:1:44",
        ),
        (
            "contact „M“ (ROLLE-VERTRETUNG) is not marked as verified",
            "content/data/contacts.yaml:2:10",
        ),
    ] {
        assert!(
            w.iter().any(|(x, l)| x == m && l == at),
            "no warning `{m}` at {at} in {w:#?}"
        );
    }
    // P-B (mtpd 1w) is above the limit of 3d: not time-critical, no warning.
    assert!(!w.iter().any(|(x, _)| x.contains("`P-B`")), "{w:#?}");
}

fn output<'a>(
    r: &'a krisenfest::build::BuildResult,
    name: &str,
) -> &'a krisenfest::build::BuiltOutput {
    r.outputs.iter().find(|o| o.spec.name == name).unwrap()
}

#[test]
fn contacts_never_reach_a_public_file_whatever_they_say() {
    let dir = with(&[]);
    let r = build_plan(dir.path());
    clean(&r);
    let secrets = [
        "Zora Geheimname",
        "Geheimname",
        "Quirin Verborgen",
        "0000 424242",
        "0000424242",
        "0000 434343",
        "0000 515151",
        "zora@teststadt.example",
    ];
    let public = output(&r, "public");
    assert!(public.files.len() > 5);
    for (path, bytes) in &public.files {
        let text = String::from_utf8_lossy(bytes);
        for s in secrets {
            assert!(!text.contains(s), "public/{path} leaks {s}");
        }
    }
    // The anonymised page is there, with what may be said.
    let p = file(&r, "public", "notfallvorsorge/index.html");
    assert!(p.contains("So ist die Verwaltung auf Notfälle vorbereitet"));
    assert!(p.contains("Reaktiv-BCMS"));
    assert!(p.contains("Wegfall lokaler Arbeitsplätze"));
    assert!(!public.files.keys().any(|k| k.starts_with("notfall/")));
    // The intranet has them: on the overview, in the handbook and on the card.
    for f in [
        "notfall/index.html",
        "notfall/notfallhandbuch.html",
        "notfall/notfallkarte.html",
    ] {
        let t = file(&r, "intranet", f);
        assert!(
            t.contains("Zora Geheimname") && t.contains("0000 424242"),
            "{f}"
        );
    }
}

#[test]
fn required_values_gaps_and_time_critical_processes_are_shown() {
    let dir = with(&[]);
    let r = build_plan(dir.path());
    let ewo = file(&r, "intranet", "notfall/res-ewo/index.html");
    // RES-EWO: P-A (rto 1d, rpo 4h) and P-B (rto 8h, rpo 1d) → 8 hours and 4 hours.
    assert!(ewo.contains("8 Stunden (8h) (gefordert von P-B)"), "{ewo}");
    assert!(ewo.contains("4 Stunden (4h) (gefordert von P-A)"), "{ewo}");
    // actual RTO 2 days > 8 hours: a gap; actual RPO 2h ≤ 4h: none
    assert!(ewo.contains("Wiederanlaufzeit (RTO)"));
    assert!(!ewo.contains("Datenverlust (RPO)</td>"), "{ewo}");
    let nb = file(&r, "intranet", "notfall/res-nb/index.html");
    // RES-NB: P-A (rto 1d, rpo 4h), P-C (rto 1d) → 1 day, 4 hours; rpo_actual missing.
    assert!(nb.contains("1 Tag (1d) (gefordert von P-A, P-C)"), "{nb}");
    assert!(nb.contains("nicht nachgewiesen"), "{nb}");
    let free = file(&r, "intranet", "notfall/res-frei/index.html");
    assert!(free.contains("kein Prozess mit RTO hängt davon ab"));
    let o = file(&r, "intranet", "notfall/index.html");
    assert!(o.contains("Business-Impact-Analyse"));
    assert!(o.contains("Szenarien und Pläne"));
    assert!(o.contains("Alarmierungskette"));
    assert!(o.contains("Übungsplan"));
    // limit 3d: P-A (3d) and P-C (2d) are time-critical, P-B (1w) is not
    let pa = file(&r, "intranet", "notfall/p-a/index.html");
    assert!(pa.contains("ja (MTA höchstens 3 Tage)"), "{pa}");
    let pb = file(&r, "intranet", "notfall/p-b/index.html");
    assert!(!pb.contains("ja (MTA"), "{pb}");
    for page in [
        "notfall/s-1/index.html",
        "notfall/gfp-a/index.html",
        "notfall/ue-1/index.html",
    ] {
        file(&r, "intranet", page);
    }
    let ics = file(&r, "intranet", "notfall/uebungen.ics");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270315"), "{ics}");
    assert!(!ics.contains("UE-1@"), "a held exercise is no date to come");
}

#[test]
fn the_handbook_stands_alone() {
    let dir = with(&[]);
    let r = build_plan(dir.path());
    let h = file(&r, "intranet", "notfall/notfallhandbuch.html");
    for bad in ["<script", "<link", "<img", "src=", "href=\"http", "url("] {
        assert!(!h.contains(bad), "the handbook has `{bad}`");
    }
    // every link is to an anchor of the file itself
    for part in h.split("href=\"").skip(1) {
        assert!(part.starts_with('#'), "{}", &part[..40.min(part.len())]);
    }
    assert!(h.contains("Ausdruck vom") && h.contains("Stand"));
    assert!(h.contains("break-before: page"));
    assert!(h.contains("GFP-A") && h.contains("Feuerwache öffnen"));
}

#[test]
fn the_example_plan_publishes_no_contact_data() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let contacts = std::fs::read_to_string(root.join("content/data/contacts.yaml")).unwrap();
    // every value of `name`, `phone`, `phone_alt` and `email`, as written
    let mut secrets = Vec::new();
    for key in ["name: ", "phone: ", "phone_alt: ", "email: "] {
        for part in contacts.split(key).skip(1) {
            let v = part
                .split([',', '}', '\n'])
                .next()
                .unwrap()
                .trim()
                .trim_matches('"');
            if !v.is_empty() {
                secrets.push(v.to_string());
            }
        }
    }
    assert!(secrets.len() >= 16, "{secrets:?}");
    let r = build_plan(root);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = output(&r, "public");
    for (path, bytes) in &public.files {
        let text = String::from_utf8_lossy(bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "public/{path} leaks {s}");
        }
    }
    let intranet: String = output(&r, "intranet")
        .files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    // names and numbers are on the intranet (addresses are not shown anywhere)
    for s in secrets.iter().filter(|s| !s.contains('@')) {
        assert!(intranet.contains(s.as_str()), "intranet lacks {s}");
    }
}

#[test]
fn the_bia_is_also_data() {
    let dir = with(&[]);
    let r = build_plan(dir.path());
    let v: serde_json::Value =
        serde_json::from_str(&file(&r, "intranet", "notfall/bia.json")).unwrap();
    let res = &v["resources"];
    assert_eq!(res[0]["id"], "RES-EWO");
    assert_eq!(res[0]["required_rto_hours"], 8);
    assert_eq!(res[0]["required_rpo_hours"], 4);
    assert_eq!(res[1]["required_rto_hours"], 24);
    assert!(res[2]["required_rto_hours"].is_null());
    let gaps: Vec<(String, String)> = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["resource"].as_str().unwrap().to_string(),
                g["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [
            ("RES-EWO".to_string(), "rto".to_string()),
            ("RES-NB".to_string(), "rpo".to_string())
        ]
    );
    let tc: Vec<bool> = v["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["time_critical"].as_bool().unwrap())
        .collect();
    assert_eq!(tc, [true, false, true]);
    assert!(!output(&r, "public").files.contains_key("notfall/bia.json"));
}

#[test]
fn a_contact_typed_into_a_public_page_is_an_error_at_the_contact() {
    let dir = with(&[(
        "content/hilfe.md",
        "---\ntitle: Hilfe\naudience: public\n---\nIm Notfall: Zora Geheimname, Tel. 0000/42 42 42.\n",
    )]);
    let r = build_plan(dir.path());
    let e = errors(&r);
    let msgs: Vec<(String, String)> = e
        .iter()
        .map(|d| (d.message.en.clone(), d.location()))
        .collect();
    assert!(
        msgs.contains(&(
            "the public file `hilfe/index.html` holds contact data of role `ROLLE-LEITUNG` („Zora Geheimname“)".into(),
            "content/data/contacts.yaml:1:10".into()
        )),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|(m, _)| m.contains("(„0000 424242“)")),
        "{msgs:#?}"
    );
    assert!(r.outputs.is_empty() || errors(&r).len() >= 2);
}
