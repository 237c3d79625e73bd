//! The DCAT-AP.de catalogue of the public open data (`daten/catalog.rdf` and
//! `daten/catalog.jsonld`): a `dcat:Dataset` per published collection, a `dcat:Distribution` per
//! file, built from the bytes the open data renderer wrote, so sizes are those of the files.
//!
//! [`RULES`] is the one list of what DCAT-AP.de demands; the catalogue is checked against it
//! after it is built, so the writer cannot leave out a property the check would not notice.

use serde_saphyr::Spanned;

mod rules;

pub use rules::{Level, Miss, RULES, Rule, check};

use super::RenderEnv;
use super::rdf::{Graph, Node, Object};
use crate::config::opendata::{self, OpenData};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::common::Date;
use crate::msg;

/// A file format of the open data: EU file type and IANA media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn file_type(self) -> &'static str {
        match self {
            Format::Csv => "http://publications.europa.eu/resource/authority/file-type/CSV",
            Format::Json => "http://publications.europa.eu/resource/authority/file-type/JSON",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "http://www.iana.org/assignments/media-types/text/csv",
            Format::Json => "http://www.iana.org/assignments/media-types/application/json",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Format::Csv => {
                "CSV nach RFC 4180 in UTF-8, Komma als Trennzeichen, erste Zeile mit den Spaltennamen."
            }
            Format::Json => "JSON: eine Liste mit einem Objekt je Eintrag.",
        }
    }
}

/// One published collection and the files written for it.
pub struct Collection<'a> {
    /// `risiken`: the file stem and the fragment of the dataset's IRI.
    pub name: &'a str,
    /// `Risiken`
    pub label: &'a str,
    /// What one entry holds, as a plain sentence for the description.
    pub about: &'a str,
    pub entries: usize,
    /// Latest date of its public records, if they have any.
    pub latest: Option<Date>,
    /// (output path, bytes written, format)
    pub files: Vec<(String, &'a [u8], Format)>,
}

const SITE: &str = "content/site.yaml";

/// The catalogue of `collections` in the output `env`, as (RDF/XML, JSON-LD) bytes, or `None`
/// when there is no `base_url` (warned) or nothing to describe. `page` is the Daten page and
/// `dir` the folder of the files; `stand` the plan's date for collections without dates.
pub fn catalogue(
    env: &RenderEnv<'_>,
    dir: &str,
    page: &str,
    collections: &[Collection<'_>],
    stand: Date,
    diags: &Diagnostics,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let published: Vec<&Collection> = collections.iter().filter(|c| c.entries > 0).collect();
    if published.is_empty() {
        return None;
    }
    let cfg = &env.site.config;
    let Some(base) = env.output.base_url.as_deref() else {
        diags.push(
            Diagnostic::warning(msg!(
                "die Ausgabe `{}` hat keine `base_url`, deshalb wird kein DCAT-Katalog der offenen Daten geschrieben",
                "output `{}` has no base_url, so no DCAT catalogue of the open data is written";
                env.output.name
            ))
            .in_file(SITE)
            .hint(msg!(
                "GovData und Open.NRW finden offene Daten nur über einen Katalog mit vollständigen Adressen: ergänzen Sie bei dieser Ausgabe `base_url: https://…/` (siehe docs/offene-daten.md)",
                "GovData and Open.NRW find open data only through a catalogue with absolute addresses: add `base_url: https://…/` to this output (see docs/offene-daten.md)"
            )),
        );
        return None;
    };
    let base = crate::config::one_line(base);
    let base = if base.ends_with('/') {
        base
    } else {
        format!("{base}/")
    };
    let abs = |path: &str| format!("{base}{}", crate::urls::encode_path(path));
    let doc = abs(&format!("{dir}/catalog.rdf"));
    let id = |frag: &str| format!("{doc}#{frag}");
    let o = cfg.open_data.clone().unwrap_or_default();
    let located = Locator::new(env);
    let licence = licence(cfg, &o, &located, diags);
    // Generated sentences are German; names and the title are in the plan's language.
    let lang = "de";
    let own = cfg.language.code();
    let modified = published
        .iter()
        .filter_map(|c| c.latest)
        .chain([stand])
        .max()
        .unwrap_or(stand);

    let publisher_name = cfg
        .legal
        .as_ref()
        .and_then(|l| l.publisher.as_ref())
        .map_or(cfg.municipality.clone(), |p| p.name.clone());
    let mut publisher = Node::new(id("herausgeber"), "foaf:Organization");
    publisher.add("foaf:name", Object::text(&publisher_name, own));
    publisher.iri("dct:type", o.publisher_type.unwrap_or_default().uri());

    let contact = contact_point(cfg, &o, &id("kontakt"), own);

    let mut catalog = Node::new(id("katalog"), "dcat:Catalog");
    catalog.add("dct:title", Object::text(&cfg.title, own));
    catalog.add(
        "dct:description",
        Object::text(
            format!(
                "Offene Daten aus „{}“ ({}): {} als CSV und JSON.",
                cfg.title,
                cfg.municipality,
                published
                    .iter()
                    .map(|c| c.label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            lang,
        ),
    );
    catalog.iri("dct:publisher", &publisher.iri);
    catalog.iri("foaf:homepage", abs("index.html"));
    catalog.iri("dct:language", language_uri(cfg.language));
    catalog.iri(
        "dcat:themeTaxonomy",
        "http://publications.europa.eu/resource/authority/data-theme",
    );
    if let Some(l) = &licence {
        catalog.iri("dct:license", l.uri());
    }
    if let Some(d) = o.issued {
        catalog.add("dct:issued", Object::typed(d.iso(), "xsd:date"));
    }
    catalog.add("dct:modified", Object::typed(modified.iso(), "xsd:date"));

    let geocoding = o
        .political_geocoding
        .as_ref()
        .and_then(|g| g.value.resolve().ok());
    let themes = o.themes.clone().unwrap_or(vec![opendata::DataTheme::Gove]);
    let attribution = o
        .attribution
        .clone()
        .unwrap_or_else(|| cfg.municipality.clone());
    let mut datasets = Vec::new();
    let mut distributions = Vec::new();
    for c in &published {
        let changed = c.latest.map_or(stand, |d| d.max(stand));
        let mut ds = Node::new(id(c.name), "dcat:Dataset");
        ds.add(
            "dct:title",
            Object::text(format!("{} – {}", c.label, cfg.title), lang),
        );
        ds.add(
            "dct:description",
            Object::text(
                format!(
                    "{} aus „{}“ ({}), {} Einträge. {} Die Kennungen (Spalte id) bleiben über Fassungen des Plans hinweg gleich.",
                    c.label, cfg.title, cfg.municipality, c.entries, c.about
                ),
                lang,
            ),
        );
        ds.add("dct:identifier", Object::plain(ds.iri.clone()));
        ds.iri("dcat:landingPage", abs(page));
        ds.iri("dct:publisher", &publisher.iri);
        if let Some(k) = &contact {
            ds.iri("dcat:contactPoint", &k.iri);
        }
        ds.add("dcat:keyword", Object::text(c.label, lang));
        for k in &o.keywords {
            ds.add("dcat:keyword", Object::text(k.value.trim(), own));
        }
        for t in &themes {
            ds.iri("dcat:theme", t.uri());
        }
        if let Some((level, area)) = &geocoding {
            ds.iri("dcatde:politicalGeocodingLevelURI", level);
            ds.iri("dcatde:politicalGeocodingURI", area);
            // Konvention 11: mirrored in dct:spatial for European portals.
            ds.iri("dct:spatial", area);
        }
        if let Some(cid) = &o.contributor_id {
            ds.iri("dcatde:contributorID", cid.value.trim());
        }
        ds.iri("dct:language", language_uri(cfg.language));
        ds.iri(
            "dct:accessRights",
            "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        );
        if let Some(d) = o.issued {
            ds.add("dct:issued", Object::typed(d.iso(), "xsd:date"));
        }
        ds.add("dct:modified", Object::typed(changed.iso(), "xsd:date"));
        for (path, bytes, format) in &c.files {
            let file = path.rsplit('/').next().unwrap_or(path);
            let mut d = Node::new(id(&file.replace('.', "-")), "dcat:Distribution");
            d.add(
                "dct:title",
                Object::text(format!("{} ({})", c.label, format.label()), lang),
            );
            d.add("dct:description", Object::text(format.description(), lang));
            d.iri("dcat:accessURL", abs(path));
            d.iri("dcat:downloadURL", abs(path));
            d.iri("dct:format", format.file_type());
            d.iri("dcat:mediaType", format.media_type());
            if let Some(l) = &licence {
                d.iri("dct:license", l.uri());
                if l.attribution {
                    d.add(
                        "dcatde:licenseAttributionByText",
                        Object::text(&attribution, own),
                    );
                }
            }
            // DCAT-AP.de 2.0 types the size as xsd:decimal (3.0 will take xsd:nonNegativeInteger).
            d.add(
                "dcat:byteSize",
                Object::typed(bytes.len().to_string(), "xsd:decimal"),
            );
            if let Some(day) = o.issued {
                d.add("dct:issued", Object::typed(day.iso(), "xsd:date"));
            }
            d.add("dct:modified", Object::typed(changed.iso(), "xsd:date"));
            ds.iri("dcat:distribution", &d.iri);
            distributions.push(d);
        }
        catalog.iri("dcat:dataset", &ds.iri);
        datasets.push(ds);
    }
    let mut g = Graph::default();
    g.nodes.push(catalog);
    g.nodes.push(publisher);
    g.nodes.extend(contact);
    g.nodes.extend(datasets);
    g.nodes.extend(distributions);

    let licence_reported = licence.is_none() && cfg.license.is_some();
    let mut seen = Vec::new();
    for m in check(&g, RULES) {
        // One message per rule: a missing licence is missing in every file.
        if seen.contains(&(m.rule.class, m.rule.any_of))
            || (m.rule.key == "license" && licence_reported)
        {
            continue;
        }
        seen.push((m.rule.class, m.rule.any_of));
        diags.push(located.miss(&m));
    }
    Some((
        super::rdf::to_rdfxml(&g).into_bytes(),
        super::rdf::to_jsonld(&g).into_bytes(),
    ))
}

fn language_uri(l: crate::config::Language) -> &'static str {
    match l {
        crate::config::Language::De => {
            "http://publications.europa.eu/resource/authority/language/DEU"
        }
        crate::config::Language::En => {
            "http://publications.europa.eu/resource/authority/language/ENG"
        }
    }
}

/// `open_data.contact`, else the publisher of the Impressum (its e-mail address).
fn contact_point(
    cfg: &crate::config::SiteConfig,
    o: &OpenData,
    iri: &str,
    lang: &'static str,
) -> Option<Node> {
    let (name, email, url) = match &o.contact {
        // Validation reports a contact without either at the key.
        Some(c) if c.value.email.is_none() && c.value.url.is_none() => return None,
        Some(c) => (
            c.value.name.clone(),
            c.value.email.as_ref().map(|e| e.value.trim().to_string()),
            c.value.url.as_ref().map(|u| u.value.trim().to_string()),
        ),
        None => {
            let p = cfg.legal.as_ref()?.publisher.as_ref()?;
            (p.name.clone(), Some(p.email.value.trim().to_string()), None)
        }
    };
    let mut k = Node::new(iri, "vcard:Organization");
    k.add("vcard:fn", Object::text(name, lang));
    if let Some(e) = email.filter(|e| !e.is_empty()) {
        k.iri("vcard:hasEmail", format!("mailto:{e}"));
    }
    if let Some(u) = url.filter(|u| !u.is_empty()) {
        k.iri("vcard:hasURL", u);
    }
    Some(k)
}

/// The licence of the files: `open_data.license`, else what `license.url` names. A `license.url`
/// that names no licence of the vocabulary is an error at it; nothing is guessed.
fn licence(
    cfg: &crate::config::SiteConfig,
    o: &OpenData,
    at: &Locator,
    diags: &Diagnostics,
) -> Option<&'static opendata::Licence> {
    if let Some(u) = &o.license {
        // Validation reports a wrong one at the value.
        return opendata::licence_of(&u.value);
    }
    let l = cfg.license.as_ref()?;
    let found = opendata::licence_of(&l.url.value);
    if found.is_none() {
        let raw = &l.url.value;
        diags.push(
            at.span(
                Diagnostic::error(msg!(
                    "die Lizenz `{raw}` steht nicht im Lizenzvokabular von DCAT-AP.de",
                    "the licence `{raw}` is not in the DCAT-AP.de licence vocabulary"
                ))
                .label(msg!(
                    "keine bekannte Seite einer Lizenz",
                    "not a known page of a licence"
                )),
                &l.url,
            )
            .hint(opendata::licence_hint()),
        );
    }
    found
}

/// Where a missing value is reported: at its key when site.yaml has it, else at the `base_url`
/// that asks for the catalogue.
struct Locator {
    text: Option<std::sync::Arc<str>>,
    base: Option<Spanned<String>>,
}

impl Locator {
    fn new(env: &RenderEnv<'_>) -> Self {
        let base = env
            .site
            .config
            .outputs
            .iter()
            .find(|o| o.value.name == env.output.name)
            .and_then(|o| o.value.base_url.clone());
        Locator {
            text: env.sources.get(std::path::Path::new(SITE)),
            base,
        }
    }

    fn span<T>(&self, d: Diagnostic, s: &Spanned<T>) -> Diagnostic {
        let line = s.referenced.line() as usize;
        let col = s.referenced.column() as usize;
        if line == 0 {
            return d.in_file(SITE);
        }
        let len = self
            .text
            .as_deref()
            .and_then(|t| t.lines().nth(line - 1))
            .map_or(1, |l| l.chars().count().saturating_sub(col - 1).max(1));
        d.at(SITE, Pos::new(line, col, len))
    }

    /// The line of a top-level `key:` of site.yaml.
    fn top_key(&self, key: &str) -> Option<Pos> {
        let text = self.text.as_deref()?;
        let i = text.lines().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })?;
        Some(Pos::new(i + 1, 1, key.chars().count()))
    }

    fn miss(&self, m: &Miss<'_>) -> Diagnostic {
        let r = m.rule;
        let prop = r.any_of.join("` oder `");
        let prop_en = r.any_of.join("` or `");
        let (class, node, key, source) = (r.class, &m.node, r.key, r.source);
        let d = match r.level {
            Level::V2 => Diagnostic::error(msg!(
                "dem DCAT-Katalog fehlt `{prop}` bei `{class}` {node} (DCAT-AP.de {source})",
                "the DCAT catalogue lacks `{prop_en}` for `{class}` {node} (DCAT-AP.de {source})"
            )),
            Level::V3Draft => Diagnostic::warning(msg!(
                "dem DCAT-Katalog fehlt `{prop}` bei `{class}` {node}, den der Entwurf von DCAT-AP.de 3.0 verlangt ({source})",
                "the DCAT catalogue lacks `{prop_en}` for `{class}` {node}, which the DCAT-AP.de 3.0 draft requires ({source})"
            )),
        };
        let d = d.hint(msg!(
            "Der Wert kommt aus `{key}` in site.yaml: tragen Sie ihn dort ein (siehe docs/offene-daten.md)",
            "the value comes from `{key}` in site.yaml: fill it in there (see docs/offene-daten.md)"
        ));
        let top = key.split(['.', '[']).next().unwrap_or(key);
        match (self.top_key(top), &self.base) {
            (Some(p), _) if key != "outputs[].base_url" => d.at(SITE, p),
            (_, Some(b)) => self.span(d, b),
            _ => d.in_file(SITE),
        }
    }
}
