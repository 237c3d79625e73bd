//! `open_data:` in site.yaml: what the DCAT-AP.de catalogue of the public open data says beyond
//! what site.yaml tells already (title, publisher, licence, base address), and the controlled
//! vocabularies of DCAT-AP.de 2.0 those values come from. Every value is optional: a plan with
//! `license` and a public `base_url` gets a catalogue with every mandatory property without it.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Field, SiteConfig, scalar_len};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::common::Date;
use crate::msg;

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenData {
    /// Kind of publisher from the ADMS publisher type vocabulary (default: LocalAuthority).
    #[serde(default)]
    pub publisher_type: Option<PublisherType>,
    /// The office that answers questions about the data (default: legal.publisher).
    #[serde(default)]
    #[schemars(with = "Option<ContactPoint>")]
    pub contact: Option<Spanned<ContactPoint>>,
    /// Keywords of every dataset, besides the name of its collection.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub keywords: Vec<Spanned<String>>,
    /// Categories from the EU data theme vocabulary (default: GOVE).
    #[serde(default)]
    pub themes: Option<Vec<DataTheme>>,
    /// The area the data covers, as a key of the Statistisches Bundesamt.
    #[serde(default)]
    #[schemars(with = "Option<PoliticalGeocoding>")]
    pub political_geocoding: Option<Spanned<PoliticalGeocoding>>,
    /// The licence as a URI of the DCAT-AP.de licence vocabulary (default: from license.url).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub license: Option<Spanned<String>>,
    /// The attribution text users must give (default: municipality).
    #[serde(default)]
    pub attribution: Option<String>,
    /// Date the data was first published.
    #[serde(default)]
    pub issued: Option<Date>,
    /// GovData's id of the data provider, needed only when GovData harvests the plan directly.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub contributor_id: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPoint {
    pub name: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    /// A contact form (recommended by DCAT-AP.de) or web page.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliticalGeocoding {
    /// Default: the level of the key's list.
    #[serde(default)]
    pub level: Option<GeocodingLevel>,
    /// A key of the Statistisches Bundesamt (its length tells the list: 8 digits are an Amtlicher
    /// Gemeindeschlüssel, 12 a Regionalschlüssel …), or a whole URI of the DCAT-AP.de lists.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
}

/// The part of the ADMS publisher types that DCAT-AP.de 2.0 allows (Konvention 37).
#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
pub enum PublisherType {
    #[default]
    LocalAuthority,
    RegionalAuthority,
    NationalAuthority,
    SupraNationalAuthority,
}

impl PublisherType {
    pub fn uri(self) -> String {
        let name = match self {
            PublisherType::LocalAuthority => "LocalAuthority",
            PublisherType::RegionalAuthority => "RegionalAuthority",
            PublisherType::NationalAuthority => "NationalAuthority",
            PublisherType::SupraNationalAuthority => "SupraNationalAuthority",
        };
        format!("http://purl.org/adms/publishertype/{name}")
    }
}

/// The EU data theme vocabulary (Konvention 30).
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
pub enum DataTheme {
    Agri,
    Econ,
    Educ,
    Ener,
    Envi,
    Gove,
    Heal,
    Intr,
    Just,
    Regi,
    Soci,
    Tech,
    Tran,
}

impl DataTheme {
    pub fn uri(self) -> String {
        let code = format!("{self:?}").to_uppercase();
        format!("http://publications.europa.eu/resource/authority/data-theme/{code}")
    }
}

/// `http://dcat-ap.de/def/politicalGeocoding/Level/…`
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum GeocodingLevel {
    Federal,
    State,
    AdministrativeDistrict,
    Municipality,
}

impl GeocodingLevel {
    pub fn uri(self) -> String {
        let name = match self {
            GeocodingLevel::Federal => "federal",
            GeocodingLevel::State => "state",
            GeocodingLevel::AdministrativeDistrict => "administrativeDistrict",
            GeocodingLevel::Municipality => "municipality",
        };
        format!("http://dcat-ap.de/def/politicalGeocoding/Level/{name}")
    }
}

pub const GEOCODING_BASE: &str = "http://dcat-ap.de/def/politicalGeocoding/";

/// The key lists of DCAT-AP.de 2.0: path below [`GEOCODING_BASE`], digits of a key, the level a
/// key of that list stands for.
const GEOCODING_LISTS: &[(&str, usize, GeocodingLevel)] = &[
    ("municipalityKey", 8, GeocodingLevel::Municipality),
    ("regionalKey", 12, GeocodingLevel::Municipality),
    ("municipalAssociationKey", 9, GeocodingLevel::Municipality),
    ("districtKey", 5, GeocodingLevel::AdministrativeDistrict),
    (
        "governmentDistrictKey",
        3,
        GeocodingLevel::AdministrativeDistrict,
    ),
    ("stateKey", 2, GeocodingLevel::State),
];

impl PoliticalGeocoding {
    /// (level URI, area URI), or why not.
    pub fn resolve(&self) -> Result<(String, String), Msg> {
        let raw = self.key.value.trim();
        let (list, code) = match raw
            .strip_prefix(GEOCODING_BASE)
            .or_else(|| raw.strip_prefix("https://dcat-ap.de/def/politicalGeocoding/"))
        {
            Some(rest) => {
                let (list, code) = rest.split_once('/').ok_or_else(|| {
                    msg!("`{raw}` nennt keinen Schlüssel", "`{raw}` names no key")
                })?;
                let Some(found) = GEOCODING_LISTS.iter().find(|(l, ..)| *l == list) else {
                    let names = GEOCODING_LISTS
                        .iter()
                        .map(|(l, ..)| *l)
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(msg!(
                        "`{list}` ist keine Liste der Geokodierung von DCAT-AP.de (bekannt: {names})",
                        "`{list}` is no geocoding list of DCAT-AP.de (known: {names})"
                    ));
                };
                (found, code)
            }
            None if raw.contains(':') => {
                return Err(msg!(
                    "`{raw}` ist keine Adresse der Geokodierungslisten von DCAT-AP.de",
                    "`{raw}` is not an address of the DCAT-AP.de geocoding lists"
                ));
            }
            None => {
                let n = raw.chars().count();
                let found = GEOCODING_LISTS
                    .iter()
                    .find(|(_, digits, _)| *digits == n)
                    .ok_or_else(|| {
                        msg!(
                            "`{raw}` ist kein amtlicher Schlüssel: ein Gemeindeschlüssel hat 8 Ziffern, ein Regionalschlüssel 12",
                            "`{raw}` is no official key: a municipality key has 8 digits, a regional key 12"
                        )
                    })?;
                (found, raw)
            }
        };
        let &(list, digits, level) = list;
        if code.len() != digits || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(msg!(
                "ein Schlüssel der Liste `{list}` hat {digits} Ziffern, nicht `{code}`",
                "a key of the list `{list}` has {digits} digits, not `{code}`"
            ));
        }
        let level = self.level.unwrap_or(level);
        Ok((level.uri(), format!("{GEOCODING_BASE}{list}/{code}")))
    }
}

/// One licence of the DCAT-AP.de licence vocabulary (version 2020-07-15).
pub struct Licence {
    /// The part after `http://dcat-ap.de/def/licenses/`.
    pub id: &'static str,
    /// The licence asks users to name the provider: the catalogue then carries the text to name
    /// (`dcatde:licenseAttributionByText`, Konvention 35).
    pub attribution: bool,
    /// Human-readable pages that stand for exactly this licence, without `http(s)://`, `www.`
    /// and trailing `/`: `license.url` may name one of them.
    pub pages: &'static [&'static str],
}

pub const LICENCE_BASE: &str = "http://dcat-ap.de/def/licenses/";

const fn l(id: &'static str, attribution: bool, pages: &'static [&'static str]) -> Licence {
    Licence {
        id,
        attribution,
        pages,
    }
}

/// Every licence GovData accepts. Only pages of the licence texts themselves are mapped; an
/// address that is not in this table is never guessed.
pub const LICENCES: &[Licence] = &[
    l("dl-by-de/2.0", true, &["govdata.de/dl-de/by-2-0"]),
    l("dl-zero-de/2.0", false, &["govdata.de/dl-de/zero-2-0"]),
    l("dl-by-de/1.0", true, &["govdata.de/dl-de/by-1-0"]),
    l("dl-by-nc-de/1.0", true, &["govdata.de/dl-de/by-nc-1-0"]),
    l("cc-by/4.0", true, &["creativecommons.org/licenses/by/4.0"]),
    l(
        "cc-by-sa/4.0",
        true,
        &["creativecommons.org/licenses/by-sa/4.0"],
    ),
    l(
        "cc-by-nd/4.0",
        true,
        &["creativecommons.org/licenses/by-nd/4.0"],
    ),
    l(
        "cc-by-nc/4.0",
        true,
        &["creativecommons.org/licenses/by-nc/4.0"],
    ),
    l(
        "cc-by-de/3.0",
        true,
        &["creativecommons.org/licenses/by/3.0/de"],
    ),
    l(
        "cc-by-sa-de/3.0",
        true,
        &["creativecommons.org/licenses/by-sa/3.0/de"],
    ),
    l(
        "cc-by-nc-de/3.0",
        true,
        &["creativecommons.org/licenses/by-nc/3.0/de"],
    ),
    l(
        "cc-by-nd/3.0",
        true,
        &["creativecommons.org/licenses/by-nd/3.0"],
    ),
    l(
        "cc-zero",
        false,
        &["creativecommons.org/publicdomain/zero/1.0"],
    ),
    l(
        "ccpdm/1.0",
        false,
        &["creativecommons.org/publicdomain/mark/1.0"],
    ),
    l("cc-by", true, &[]),
    l("cc-by-sa", true, &[]),
    l("cc-by-nd", true, &[]),
    l("cc-by-nc", true, &[]),
    l("odby", true, &[]),
    l("odbl", true, &[]),
    l("odcpddl", false, &[]),
    l("officialWork", false, &[]),
    l("apache", false, &[]),
    l("bsd", false, &[]),
    l("gpl/3.0", false, &[]),
    l("mozilla", false, &[]),
    l("gfdl", false, &[]),
    l("geonutz/20130319", true, &[]),
    l("geoNutz/20131001", true, &[]),
    l("other-open", false, &[]),
    l("other-opensource", false, &[]),
    l("other-freeware", false, &[]),
    l("other-commercial", false, &[]),
    l("other-closed", false, &[]),
];

impl Licence {
    pub fn uri(&self) -> String {
        format!("{LICENCE_BASE}{}", self.id)
    }
}

/// `https://www.x/y/` → `x/y`; the page suffixes Creative Commons uses for the same licence
/// (`deed.de`, `legalcode`, `legalcode.de`) are dropped.
fn page_key(url: &str) -> String {
    let s = url.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let s = s.strip_prefix("www.").unwrap_or(s);
    let mut s = s.trim_end_matches('/').to_string();
    for suffix in ["/deed.de", "/deed.en", "/legalcode.de", "/legalcode"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end_matches('/').to_string();
        }
    }
    s
}

/// The licence `url` names: a URI of the vocabulary itself, or one of the pages of [`LICENCES`].
pub fn licence_of(url: &str) -> Option<&'static Licence> {
    let key = page_key(url);
    if let Some(id) = key.strip_prefix("dcat-ap.de/def/licenses/") {
        return LICENCES.iter().find(|l| l.id == id);
    }
    LICENCES.iter().find(|l| l.pages.contains(&key.as_str()))
}

/// Addresses of `open_data` for the address check of site.yaml.
pub(super) fn address_fields<'a>(o: &'a OpenData, v: &mut Vec<(Msg, Field, &'a Spanned<String>)>) {
    if let Some(c) = &o.contact {
        if let Some(e) = &c.value.email {
            v.push((Msg::same("open_data.contact.email"), Field::Email, e));
        }
        if let Some(u) = &c.value.url {
            v.push((Msg::same("open_data.contact.url"), Field::Link, u));
        }
    }
}

fn pos_of<T>(s: &Spanned<T>, lines: &[&str]) -> Option<Pos> {
    let line = s.referenced.line() as usize;
    let col = s.referenced.column() as usize;
    (line > 0).then(|| {
        let len = lines.get(line - 1).map_or(1, |l| scalar_len(l, col));
        Pos::new(line, col, len)
    })
}

fn located<T>(d: Diagnostic, s: &Spanned<T>, lines: &[&str]) -> Diagnostic {
    let file = "content/site.yaml";
    match pos_of(s, lines) {
        Some(p) => d.at(file, p),
        None => d.in_file(file),
    }
}

/// Check the values of `open_data` that the parser cannot (`text` is site.yaml, for the carets).
/// What depends on the catalogue being written (a licence at all) is checked where it is made.
pub fn validate(c: &SiteConfig, text: &str, diags: &Diagnostics) {
    let Some(o) = &c.open_data else { return };
    let lines: Vec<&str> = text.lines().collect();
    if let Some(contact) = &o.contact
        && contact.value.email.is_none()
        && contact.value.url.is_none()
    {
        diags.push(
            located(
                Diagnostic::error(msg!(
                    "`open_data.contact` braucht `email` oder `url`",
                    "`open_data.contact` needs `email` or `url`"
                )),
                contact,
                &lines,
            )
            .hint(msg!(
                "DCAT-AP.de verlangt für eine Ansprechstelle eine E-Mail-Adresse oder ein Kontaktformular (Konvention 01): ergänzen Sie etwa `email: it@musterstadt.example`",
                "DCAT-AP.de asks for an e-mail address or a contact form for a contact point (convention 01): add, say, `email: it@musterstadt.example`"
            )),
        );
    }
    for k in &o.keywords {
        if k.value.trim().is_empty() {
            diags.push(
                located(
                    Diagnostic::error(msg!(
                        "ein Schlagwort in `open_data.keywords` ist leer",
                        "a keyword in `open_data.keywords` is empty"
                    )),
                    k,
                    &lines,
                )
                .hint(msg!(
                    "Schreiben Sie ein Wort, oder entfernen Sie den Eintrag",
                    "write a word or remove the entry"
                )),
            );
        }
    }
    if let Some(g) = &o.political_geocoding
        && let Err(why) = g.value.resolve()
    {
        diags.push(
            located(Diagnostic::error(why), &g.value.key, &lines).hint(msg!(
                "Schreiben Sie den Amtlichen Gemeindeschlüssel Ihrer Kommune, etwa `key: \"05158004\"` (8 Ziffern, in Anführungszeichen), oder ihren Regionalschlüssel (12 Ziffern)",
                "write your municipality's Amtlicher Gemeindeschlüssel, like `key: \"05158004\"` (8 digits, in quotes), or its regional key (12 digits)"
            )),
        );
    }
    if let Some(u) = &o.license
        && licence_of(&u.value)
            .filter(|_| is_vocabulary(&u.value))
            .is_none()
    {
        let raw = &u.value;
        diags.push(
            located(
                Diagnostic::error(msg!(
                    "`{raw}` ist keine Lizenz aus dem Vokabular von DCAT-AP.de",
                    "`{raw}` is not a licence of the DCAT-AP.de vocabulary"
                )),
                u,
                &lines,
            )
            .label(msg!(
                "erwartet: http://dcat-ap.de/def/licenses/…",
                "expected http://dcat-ap.de/def/licenses/…"
            ))
            .hint(licence_hint()),
        );
    }
    if let Some(id) = &o.contributor_id {
        let raw = id.value.trim();
        let ok = raw
            .strip_prefix("http://dcat-ap.de/def/contributors/")
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()));
        if !ok {
            diags.push(
                located(
                    Diagnostic::error(msg!(
                        "`{raw}` ist keine Datenbereitsteller-ID von GovData",
                        "`{raw}` is not a GovData contributor id"
                    )),
                    id,
                    &lines,
                )
                .hint(msg!(
                    "Die ID vergibt die Geschäftsstelle von GovData; sie hat die Form `http://dcat-ap.de/def/contributors/NAME`. Lassen Sie den Schlüssel weg, wenn Open.NRW oder ein anderes Landesportal Ihren Katalog abholt",
                    "GovData's office assigns the id; it reads `http://dcat-ap.de/def/contributors/NAME`. Leave the key out when Open.NRW or another state portal harvests your catalogue"
                )),
            );
        }
    }
}

/// `open_data.license` must be the vocabulary URI itself, not a page that maps to it.
fn is_vocabulary(raw: &str) -> bool {
    page_key(raw).starts_with("dcat-ap.de/def/licenses/")
}

/// What to write when the licence cannot be read from site.yaml.
pub fn licence_hint() -> Msg {
    msg!(
        "Geben Sie die Lizenz als Adresse aus dem Lizenzvokabular von DCAT-AP.de an, etwa `open_data: {{license: \"http://dcat-ap.de/def/licenses/dl-by-de/2.0\"}}` (Datenlizenz Deutschland – Namensnennung – 2.0); für eine eigene Lizenz gibt es `…/other-open` und `…/other-closed`. Die Liste steht in docs/offene-daten.md",
        "give the licence as an address of the DCAT-AP.de licence vocabulary, like `open_data: {{license: \"http://dcat-ap.de/def/licenses/dl-by-de/2.0\"}}` (Datenlizenz Deutschland – Namensnennung – 2.0); for a licence of your own there are `…/other-open` and `…/other-closed`. The list is in docs/offene-daten.md"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_pages_map_to_their_vocabulary_uri_and_nothing_else() {
        let uri = |u: &str| licence_of(u).map(Licence::uri);
        let by = Some("http://dcat-ap.de/def/licenses/dl-by-de/2.0".to_string());
        assert_eq!(uri("https://www.govdata.de/dl-de/by-2-0"), by);
        assert_eq!(uri("http://govdata.de/dl-de/by-2-0/"), by);
        assert_eq!(uri("http://dcat-ap.de/def/licenses/dl-by-de/2.0"), by);
        assert_eq!(uri("https://www.dcat-ap.de/def/licenses/dl-by-de/2.0/"), by);
        assert_eq!(
            uri("https://creativecommons.org/licenses/by/4.0/deed.de"),
            Some("http://dcat-ap.de/def/licenses/cc-by/4.0".into())
        );
        assert_eq!(
            uri("https://www.govdata.de/dl-de/zero-2-0"),
            Some("http://dcat-ap.de/def/licenses/dl-zero-de/2.0".into())
        );
        // Near misses are not guessed.
        assert_eq!(uri("https://www.govdata.de/dl-de/by-2-1"), None);
        assert_eq!(uri("https://www.govdata.de/lizenzen"), None);
        assert_eq!(uri("http://dcat-ap.de/def/licenses/dl-by-de"), None);
        assert_eq!(uri("https://www.musterstadt.example/lizenz"), None);
        // The vocabulary has every id once.
        let mut ids: Vec<&str> = LICENCES.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), LICENCES.len());
    }

    fn geo(key: &str) -> PoliticalGeocoding {
        let at = serde_saphyr::Location::UNKNOWN;
        PoliticalGeocoding {
            level: None,
            key: Spanned::new(key.to_string(), at, at),
        }
    }

    #[test]
    fn political_geocoding_resolves_keys_to_the_lists_of_dcat_ap_de() {
        let level = "http://dcat-ap.de/def/politicalGeocoding/Level/";
        assert_eq!(
            geo("05158004").resolve().unwrap(),
            (
                format!("{level}municipality"),
                "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05158004".into()
            )
        );
        assert_eq!(
            geo("051580004004").resolve().unwrap().1,
            "http://dcat-ap.de/def/politicalGeocoding/regionalKey/051580004004"
        );
        let (l, u) = geo("http://dcat-ap.de/def/politicalGeocoding/districtKey/08128")
            .resolve()
            .unwrap();
        assert_eq!(l, format!("{level}administrativeDistrict"));
        assert!(u.ends_with("districtKey/08128"));
        assert_eq!(geo("05").resolve().unwrap().0, format!("{level}state"));
        let mut g = geo(&format!("{GEOCODING_BASE}stateKey/05"));
        g.level = Some(GeocodingLevel::Municipality);
        assert_eq!(g.resolve().unwrap().0, format!("{level}municipality"));
        for bad in [
            "5158004",
            "0515800x",
            "",
            "http://example.org/05158004",
            &format!("{GEOCODING_BASE}cityKey/05158004"),
            &format!("{GEOCODING_BASE}municipalityKey/051580040"),
        ] {
            assert!(geo(bad).resolve().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn vocabulary_uris() {
        assert_eq!(
            DataTheme::Gove.uri(),
            "http://publications.europa.eu/resource/authority/data-theme/GOVE"
        );
        assert_eq!(
            PublisherType::default().uri(),
            "http://purl.org/adms/publishertype/LocalAuthority"
        );
    }
}
