//! `site.yaml` → `legal`: what the Impressum (§ 5 DDG, § 18 MStV), the Datenschutzerklärung
//! (Art. 13 DSGVO) and the Erklärung zur Barrierefreiheit (BGG NRW § 10b, BITVNRW, model statement
//! of Implementing Decision (EU) 2018/1523) are generated from.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::common::Date;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    pub publisher: Option<Publisher>,
    pub data_protection_officer: Option<Contact>,
    pub accessibility: Option<Accessibility>,
    /// Supervisory authority for data protection complaints (default: LDI NRW).
    #[serde(default)]
    pub supervisory_authority: Option<Authority>,
    /// Enforcement body for accessibility (default: Ombudsstelle NRW).
    #[serde(default)]
    pub enforcement_body: Option<Authority>,
    /// The Land's provision that, with Art. 6 (1) e GDPR, is the legal basis of the server logs
    /// (default: § 3 Abs. 1 DSG NRW).
    #[serde(default)]
    pub data_protection_law: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    pub address: String,
    pub represented_by: String,
    #[schemars(with = "String")]
    pub email: Spanned<String>,
    pub phone: String,
    #[serde(default)]
    pub legal_form: Option<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
    #[serde(default)]
    pub supervisory_authority: Option<String>,
    /// Responsible for the content under § 18 Abs. 2 MStV (required).
    #[serde(default)]
    pub responsible_for_content: Option<Responsible>,
}

/// The person responsible for the content (§ 18 Abs. 2 MStV): name, and an address when it is
/// not the publisher's.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[schemars(with = "String")]
    pub email: Spanned<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AccessibilityStatus {
    VollstaendigBarrierefrei,
    TeilweiseBarrierefrei,
    NichtBarrierefrei,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    pub status: AccessibilityStatus,
    #[serde(default)]
    #[schemars(with = "Vec<KnownIssue>")]
    pub known_issues: Vec<Spanned<KnownIssue>>,
    #[schemars(with = "String")]
    pub feedback_email: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub feedback_url: Option<Spanned<String>>,
    pub statement_date: Date,
    /// Date of the last review of the statement (required; it is reviewed yearly).
    #[serde(default)]
    pub reviewed: Option<Date>,
    #[serde(default)]
    pub method: Option<String>,
}

/// A content that is not accessible: what, why (the model statement's reasons: not compatible
/// with the BITV, a disproportionate burden, or outside its scope), and the accessible
/// alternative. Written as a mapping; a bare text is read as `text` without a reason, which the
/// build reports.
#[derive(Debug, Clone, schemars::JsonSchema)]
pub struct KnownIssue {
    pub text: String,
    pub reason: Option<String>,
    pub alternative: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownIssueMap {
    text: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    alternative: Option<String>,
}

impl<'de> Deserialize<'de> for KnownIssue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KnownIssue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a mapping with `text`, `reason` and `alternative`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<KnownIssue, E> {
                Ok(KnownIssue {
                    text: s.to_string(),
                    reason: None,
                    alternative: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<KnownIssue, A::Error> {
                let v =
                    KnownIssueMap::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(KnownIssue {
                    text: v.text,
                    reason: v.reason,
                    alternative: v.alternative,
                })
            }
        }
        d.deserialize_any(V)
    }
}
