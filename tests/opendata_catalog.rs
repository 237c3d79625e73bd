//! Issue 22: the DCAT-AP.de catalogue of the public open data. Every catalogue here is read back
//! with a real RDF parser (oxrdfio, RDF/XML and JSON-LD) and asked as a graph: one dataset per
//! published collection with what DCAT-AP.de 2.0 makes mandatory, one distribution per file
//! whose size is that of the file on disk, addresses under `base_url`, the licence as the URI of
//! the vocabulary. The mandatory properties are written out here again on purpose, so a rule
//! dropped from the generator's table fails this test.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use assert_cmd::Command;
use common::*;
use oxrdf::Term;
use oxrdfio::{RdfFormat, RdfParser};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const DL_BY: &str = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

/// DCAT-AP.de 2.0: mandatory per class (specification "Pflicht"; the licence by convention 32).
const MANDATORY: &[(&str, &[&str])] = &[
    (
        "dcat:Catalog",
        &[
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dcat:dataset",
        ],
    ),
    ("dcat:Dataset", &["dct:title", "dct:description"]),
    ("dcat:Distribution", &["dcat:accessURL", "dct:license"]),
    ("foaf:Organization", &["foaf:name"]),
];

fn iri(name: &str) -> String {
    let (p, local) = name.split_once(':').unwrap();
    let ns = match p {
        "rdf" => RDF,
        "dcat" => DCAT,
        "dct" => DCT,
        "foaf" => FOAF,
        "vcard" => VCARD,
        "xsd" => XSD,
        "dcatde" => "http://dcat-ap.de/def/dcatde/",
        _ => panic!("{name}"),
    };
    format!("{ns}{local}")
}

/// A parsed catalogue: its triples, subjects as IRIs.
struct Cat {
    triples: HashSet<(String, String, Term)>,
}

impl Cat {
    fn parse(bytes: &[u8], format: RdfFormat) -> Cat {
        let triples = RdfParser::from_format(format)
            .for_slice(bytes)
            .map(|q| {
                let q = q.unwrap_or_else(|e| panic!("does not parse as {format}: {e}"));
                (
                    q.subject.to_string().trim_matches(['<', '>']).to_string(),
                    q.predicate.as_str().to_string(),
                    q.object,
                )
            })
            .collect();
        Cat { triples }
    }

    fn both(rdf: &[u8], jsonld: &[u8]) -> Cat {
        let a = Cat::parse(rdf, RdfFormat::RdfXml);
        let b = Cat::parse(jsonld, RdfFormat::from_extension("jsonld").unwrap());
        assert!(!a.triples.is_empty());
        // The JSON-LD copy is the same graph, triple for triple.
        let differ: Vec<String> = a
            .triples
            .symmetric_difference(&b.triples)
            .map(|t| format!("{t:?}"))
            .collect();
        assert_eq!(differ, Vec::<String>::new());
        a
    }

    fn of_type(&self, class: &str) -> Vec<String> {
        let (t, c) = (
            iri("rdf:type"),
            Term::NamedNode(oxrdf::NamedNode::new(iri(class)).unwrap()),
        );
        self.triples
            .iter()
            .filter(|(_, p, o)| *p == t && *o == c)
            .map(|(s, ..)| s.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn objects(&self, s: &str, prop: &str) -> Vec<&Term> {
        let p = iri(prop);
        self.triples
            .iter()
            .filter(|(x, q, _)| x == s && *q == p)
            .map(|(.., o)| o)
            .collect()
    }

    fn one(&self, s: &str, prop: &str) -> &Term {
        let o = self.objects(s, prop);
        assert_eq!(o.len(), 1, "{s} {prop}: {o:?}");
        o[0]
    }

    fn iri_of(&self, s: &str, prop: &str) -> String {
        match self.one(s, prop) {
            Term::NamedNode(n) => n.as_str().to_string(),
            t => panic!("{s} {prop} is no IRI: {t}"),
        }
    }

    fn literal(&self, s: &str, prop: &str) -> (String, String) {
        match self.one(s, prop) {
            Term::Literal(l) => (l.value().to_string(), l.datatype().as_str().to_string()),
            t => panic!("{s} {prop} is no literal: {t}"),
        }
    }

    /// Every node of every class of [`MANDATORY`] has a non-empty value of each property.
    fn assert_mandatory(&self) {
        for (class, props) in MANDATORY {
            let nodes = self.of_type(class);
            assert!(!nodes.is_empty(), "no {class}");
            for n in &nodes {
                for p in *props {
                    let values = self.objects(n, p);
                    assert!(
                        values.iter().any(|v| match v {
                            Term::Literal(l) => !l.value().trim().is_empty(),
                            _ => true,
                        }),
                        "{class} {n} lacks {p}"
                    );
                }
            }
        }
    }
}

fn cli_build(root: &Path) {
    pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en", "build", "--root"])
        .arg(root)
        .assert()
        .success();
}

/// Asks the catalogue written into `public` under `root` everything the issue asks; returns it.
/// `base` is the base_url with a trailing `/`, `collections` the file stems expected.
fn assert_catalogue_on_disk(root: &Path, base: &str, collections: &[&str]) -> Cat {
    let daten = root.join("public/daten");
    let read = |f: &str| std::fs::read(daten.join(f)).unwrap();
    let cat = Cat::both(&read("catalog.rdf"), &read("catalog.jsonld"));
    cat.assert_mandatory();
    let catalogs = cat.of_type("dcat:Catalog");
    assert_eq!(catalogs.len(), 1);
    let datasets = cat.of_type("dcat:Dataset");
    assert_eq!(datasets.len(), collections.len(), "{datasets:?}");
    let listed: BTreeSet<String> = cat
        .objects(&catalogs[0], "dcat:dataset")
        .iter()
        .map(|t| t.to_string().trim_matches(['<', '>']).to_string())
        .collect();
    assert_eq!(listed, datasets.iter().cloned().collect());
    // 3.0 draft: every dataset names its publisher, which has a name.
    for d in &datasets {
        let p = cat.iri_of(d, "dct:publisher");
        assert!(cat.of_type("foaf:Organization").contains(&p));
    }
    let mut described = BTreeSet::new();
    for dist in cat.of_type("dcat:Distribution") {
        let url = cat.iri_of(&dist, "dcat:downloadURL");
        assert_eq!(cat.iri_of(&dist, "dcat:accessURL"), url);
        let file = url
            .strip_prefix(&format!("{base}daten/"))
            .unwrap_or_else(|| panic!("{url} is not under {base}daten/"));
        let on_disk = std::fs::metadata(daten.join(file)).unwrap().len();
        assert_eq!(
            cat.literal(&dist, "dcat:byteSize"),
            (on_disk.to_string(), iri("xsd:decimal")),
            "{file}"
        );
        assert_eq!(cat.iri_of(&dist, "dct:license"), DL_BY);
        let (day, ty) = cat.literal(&dist, "dct:modified");
        assert_eq!(ty, iri("xsd:date"));
        assert_eq!(day.len(), 10);
        let format = cat.iri_of(&dist, "dct:format");
        assert!(
            format.starts_with("http://publications.europa.eu/resource/authority/file-type/"),
            "{format}"
        );
        assert!(described.insert(file.to_string()), "{file} twice");
    }
    // One distribution per written file of each published collection, and only those.
    let expected: BTreeSet<String> = collections
        .iter()
        .flat_map(|c| [format!("{c}.csv"), format!("{c}.json")])
        .collect();
    assert_eq!(described, expected);
    for d in &datasets {
        assert_eq!(cat.objects(d, "dcat:distribution").len(), 2, "{d}");
    }
    cat
}

#[test]
fn the_example_plan_writes_a_complete_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    cli_build(dir.path());
    let base = "https://www.musterstadt.example/it-masterplan/";
    let cat = assert_catalogue_on_disk(
        dir.path(),
        base,
        &["risiken", "massnahmen", "massnahmen-haushalt", "ziele"],
    );
    let ds = format!("{base}daten/catalog.rdf#risiken");
    // What the example's open_data section says.
    let area = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05999000";
    assert_eq!(cat.iri_of(&ds, "dcatde:politicalGeocodingURI"), area);
    assert_eq!(cat.iri_of(&ds, "dct:spatial"), area);
    assert_eq!(
        cat.iri_of(&ds, "dcatde:politicalGeocodingLevelURI"),
        "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    );
    let themes: BTreeSet<String> = cat
        .objects(&ds, "dcat:theme")
        .iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(themes.len(), 2, "{themes:?}");
    let contact = cat.iri_of(&ds, "dcat:contactPoint");
    assert_eq!(
        cat.iri_of(&contact, "vcard:hasEmail"),
        "mailto:it-masterplan@musterstadt.example"
    );
    let (issued, ty) = cat.literal(&ds, "dct:issued");
    assert_eq!((issued.as_str(), ty), ("2026-11-01", iri("xsd:date")));
    // Plain text: no Markdown, no HTML in the description.
    let (text, _) = cat.literal(&ds, "dct:description");
    assert!(!text.contains(['*', '<', '#', '[']), "{text}");
    // The Daten page links both forms; the intranet has no catalogue.
    let page = std::fs::read_to_string(dir.path().join("public/daten/index.html")).unwrap();
    assert!(page.contains("href=\"catalog.rdf\""), "{page}");
    assert!(page.contains("href=\"catalog.jsonld\""), "{page}");
    assert!(!dir.path().join("intranet/daten/catalog.rdf").exists());
    assert!(!dir.path().join("intranet/daten/catalog.jsonld").exists());
}

// ----- small plans, one variation each ------------------------------------------------------

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n";
const PERSPECTIVES: &str = "- {id: nutzer, title: Nutzer, weight: 100, audience: public}\n";
const MEASURES: &str =
    "- {id: M-001, title: Notebooks, status: geplant, cost_eur: 41000, audience: public}\n";
const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";
const START: &str = "---\ntitle: Start\naudience: public\ndate: 2026-10-15\n---\nHallo.\n";
const LICENSE: &str = "license:\n  name: \"Datenlizenz Deutschland – Namensnennung – 2.0\"\n  url: \"https://www.govdata.de/dl-de/by-2-0\"\n";
const BASE: &str = "https://www.teststadt.example/verwaltung/it-plan/";

fn outputs(base: Option<&str>) -> String {
    let base = base.map_or(String::new(), |b| format!(", base_url: \"{b}\""));
    format!(
        "outputs:\n  - {{name: public, audience: public, dir: public{base}}}\n  - {{name: intranet, audience: internal, dir: intranet}}\n"
    )
}

/// A plan with one public risk, measure and goal; `site` is the whole site.yaml.
fn small(site: &str) -> tempfile::TempDir {
    plan(&[
        ("content/site.yaml", site),
        ("content/_index.md", START),
        ("content/data/threats.yaml", THREATS),
        ("content/data/perspectives.yaml", PERSPECTIVES),
        ("content/data/measures.yaml", MEASURES),
        ("content/data/goals.yaml", GOALS),
        ("content/data/risks/r-001.yaml", RISK),
    ])
}

fn site(extra: &str, base: Option<&str>) -> String {
    format!("{SITE}{}{extra}", outputs(base))
}

fn catalogue_files(r: &krisenfest::build::BuildResult, output: &str) -> Vec<String> {
    let o = r.outputs.iter().find(|o| o.spec.name == output).unwrap();
    o.files
        .keys()
        .filter(|k| k.contains("catalog."))
        .cloned()
        .collect()
}

/// `content/site.yaml:L:C` of the first `needle` in `text`, columns counted in characters.
fn at(text: &str, needle: &str) -> String {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    let col = line[..line.find(needle).unwrap()].chars().count() + 1;
    format!("content/site.yaml:{}:{col}", i + 1)
}

#[test]
fn a_plan_without_open_data_keys_under_a_sub_path_gets_a_complete_catalogue() {
    // No trailing slash on base_url, a title with every character XML must escape, and no
    // open_data section: publisher and contact come from legal.publisher.
    let title = "IT-Plan <Teststadt> & \"Partner\" – Ü";
    let text = site(LICENSE, Some(BASE.trim_end_matches('/'))).replace(
        "title: IT-Masterplan Teststadt",
        &format!("title: {}", serde_json::to_string(title).unwrap()),
    );
    let dir = small(&text);
    let r = build_plan(dir.path());
    assert_eq!(errors(&r), Vec::new());
    let about_catalogue: Vec<String> = warnings(&r)
        .iter()
        .map(|d| d.message.en.clone())
        .filter(|m| m.contains("catalogue") || m.contains("DCAT"))
        .collect();
    assert_eq!(about_catalogue, Vec::<String>::new());
    cli_build(dir.path());
    let cat = assert_catalogue_on_disk(dir.path(), BASE, &["risiken", "massnahmen", "ziele"]);
    let catalog = &cat.of_type("dcat:Catalog")[0];
    assert_eq!(cat.literal(catalog, "dct:title").0, title);
    let ds = format!("{BASE}daten/catalog.rdf#ziele");
    let contact = cat.iri_of(&ds, "dcat:contactPoint");
    assert_eq!(
        cat.iri_of(&contact, "vcard:hasEmail"),
        "mailto:info@teststadt.example"
    );
    assert_eq!(
        cat.iri_of(&ds, "dcat:theme"),
        "http://publications.europa.eu/resource/authority/data-theme/GOVE"
    );
    let publisher = cat.iri_of(&ds, "dct:publisher");
    assert_eq!(cat.literal(&publisher, "foaf:name").0, "Stadt Teststadt");
    assert_eq!(
        cat.iri_of(&publisher, "dct:type"),
        "http://purl.org/adms/publishertype/LocalAuthority"
    );
    // The plan's date, not the clock: the start page's Stand and the risk's review.
    assert_eq!(cat.literal(&ds, "dct:modified").0, "2026-10-15");
    let risks = format!("{BASE}daten/catalog.rdf#risiken");
    assert_eq!(cat.literal(&risks, "dct:modified").0, "2026-10-15");
}

#[test]
fn without_base_url_there_is_no_catalogue_and_one_warning_says_why() {
    let dir = small(&site(LICENSE, None));
    let r = build_plan(dir.path());
    assert_eq!(errors(&r), Vec::new());
    let public = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    assert!(public.files.contains_key("daten/risiken.csv"));
    assert_eq!(catalogue_files(&r, "public"), Vec::<String>::new());
    let why: Vec<String> = warnings(&r)
        .iter()
        .map(|d| d.message.en.clone())
        .filter(|m| m.contains("catalogue"))
        .collect();
    assert_eq!(
        why,
        ["output `public` has no base_url, so no DCAT catalogue of the open data is written"]
    );
    // The page does not link what is not there.
    assert!(!file(&r, "public", "daten/index.html").contains("catalog.rdf"));
}

#[test]
fn an_unknown_licence_is_never_guessed_but_an_error_at_license_url() {
    let text = site(
        "license:\n  name: Eigene Lizenz\n  url: \"https://www.teststadt.example/lizenz\"\n",
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    has_error(
        &r,
        "the licence `https://www.teststadt.example/lizenz` is not in the DCAT-AP.de licence vocabulary",
        &at(&text, "\"https://www.teststadt.example/lizenz\""),
    );
    // Reported once, not again as a missing licence of every file.
    assert_eq!(errors(&r).len(), 1, "{:#?}", errors(&r));
    // Without a catalogue to write, the licence page is only a link.
    let r = build_plan(
        small(&site(
            "license:\n  name: Eigene Lizenz\n  url: \"https://www.teststadt.example/lizenz\"\n",
            None,
        ))
        .path(),
    );
    assert_eq!(errors(&r), Vec::new());
}

#[test]
fn an_explicit_licence_must_be_a_uri_of_the_vocabulary() {
    let text = site(
        &format!(
            "{LICENSE}open_data:\n  license: \"http://dcat-ap.de/def/licenses/dl-by-de/3.0\"\n"
        ),
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    has_error(
        &r,
        "`http://dcat-ap.de/def/licenses/dl-by-de/3.0` is not a licence of the DCAT-AP.de vocabulary",
        &at(&text, "\"http://dcat-ap.de/def/licenses/dl-by-de/3.0\""),
    );
    // A custom licence with the vocabulary's own entry for it is fine, and wins over license.url.
    let text = site(
        "license:\n  name: Eigene Lizenz\n  url: \"https://www.teststadt.example/lizenz\"\nopen_data:\n  license: \"http://dcat-ap.de/def/licenses/other-open\"\n",
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    assert_eq!(errors(&r), Vec::new());
    let rdf = file(&r, "public", "daten/catalog.rdf");
    let cat = Cat::parse(rdf.as_bytes(), RdfFormat::RdfXml);
    let csv = format!("{BASE}daten/catalog.rdf#risiken-csv");
    assert_eq!(
        cat.iri_of(&csv, "dct:license"),
        "http://dcat-ap.de/def/licenses/other-open"
    );
    // No attribution text for a licence that asks none.
    assert!(
        cat.objects(&csv, "dcatde:licenseAttributionByText")
            .is_empty()
    );
}

#[test]
fn without_any_licence_the_catalogue_fails_at_the_base_url_that_asks_for_it() {
    let text = site("", Some(BASE));
    let r = build_plan(small(&text).path());
    has_error(
        &r,
        "the DCAT catalogue lacks `dct:license` for `dcat:Distribution` https://www.teststadt.example/verwaltung/it-plan/daten/catalog.rdf#risiken-csv (DCAT-AP.de 2.0 Konvention 32, 3.0-Entwurf Pflicht)",
        &at(&text, &format!("\"{BASE}\"")),
    );
    assert_eq!(errors(&r).len(), 1, "{:#?}", errors(&r));
}

#[test]
fn a_contact_needs_an_email_or_a_form() {
    let text = site(
        &format!("{LICENSE}open_data:\n  contact:\n    name: IT-Leitstelle\n"),
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        e[0].message.en,
        "`open_data.contact` needs `email` or `url`"
    );
    let line = at(&text, "name: IT-Leitstelle");
    let line = line.rsplit_once(':').unwrap().0;
    assert!(
        e[0].location().starts_with(line),
        "{} vs {line}",
        e[0].location()
    );
    // A form alone is enough; its address is checked like every address of site.yaml.
    let text = site(
        &format!(
            "{LICENSE}open_data:\n  contact: {{name: IT-Leitstelle, url: \"javascript:alert(1)\"}}\n"
        ),
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    has_error(
        &r,
        "`javascript:` addresses are not allowed in `open_data.contact.url`",
        &at(&text, "\"javascript:alert(1)\""),
    );
}

#[test]
fn a_wrong_political_geocoding_key_is_an_error_at_the_key() {
    let text = site(
        &format!("{LICENSE}open_data:\n  political_geocoding: {{key: \"0515800\"}}\n"),
        Some(BASE),
    );
    let r = build_plan(small(&text).path());
    has_error(
        &r,
        "`0515800` is no official key: a municipality key has 8 digits, a regional key 12",
        &at(&text, "\"0515800\""),
    );
}

#[test]
fn a_plan_without_public_measures_describes_only_what_it_publishes() {
    let dir = plan(&[
        ("content/site.yaml", &site(LICENSE, Some(BASE))),
        ("content/_index.md", START),
        ("content/data/threats.yaml", THREATS),
        ("content/data/perspectives.yaml", PERSPECTIVES),
        (
            "content/data/measures.yaml",
            &MEASURES.replace("audience: public", "audience: internal"),
        ),
        ("content/data/goals.yaml", GOALS),
        (
            "content/data/risks/r-001.yaml",
            &RISK.replace("measures: [M-001]\n", ""),
        ),
    ]);
    assert_eq!(errors(&build_plan(dir.path())), Vec::new());
    cli_build(dir.path());
    // The empty file is still there (its address stays), but no portal is told of it.
    assert!(dir.path().join("public/daten/massnahmen.csv").exists());
    assert_catalogue_on_disk(dir.path(), BASE, &["risiken", "ziele"]);
    let rdf = std::fs::read_to_string(dir.path().join("public/daten/catalog.rdf")).unwrap();
    assert!(!rdf.contains("M-001") && !rdf.contains("Notebooks"));
}

#[test]
fn the_intranet_never_has_a_catalogue_even_with_a_base_url() {
    let text = format!(
        "{SITE}{LICENSE}outputs:\n  - {{name: public, audience: public, dir: public, base_url: \"{BASE}\"}}\n  - {{name: intranet, audience: internal, dir: intranet, base_url: \"https://intranet.teststadt.example/\"}}\n"
    );
    let dir = small(&text);
    let r = build_plan(dir.path());
    assert_eq!(errors(&r), Vec::new());
    assert_eq!(catalogue_files(&r, "intranet"), Vec::<String>::new());
    assert_eq!(
        catalogue_files(&r, "public"),
        ["daten/catalog.jsonld", "daten/catalog.rdf"]
    );
    // And the same bytes every time.
    let again = build_plan(dir.path());
    assert_eq!(
        file(&r, "public", "daten/catalog.rdf"),
        file(&again, "public", "daten/catalog.rdf")
    );
}
