//! `content/site.yaml`: the site configuration. Unknown keys are errors.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::common::{Audience, Date};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub municipality: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_audience")]
    pub default_audience: Audience,
    #[serde(default = "default_outputs")]
    #[schemars(with = "Vec<OutputConfig>")]
    pub outputs: Vec<Spanned<OutputConfig>>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub legal: Option<Legal>,
    /// Licence of the open-data files and texts (e.g. Datenlizenz Deutschland – Namensnennung 2.0).
    #[serde(default)]
    pub license: Option<License>,
    /// Theme folder name under `themes/` with per-file overrides of the default theme.
    #[serde(default)]
    pub theme: Option<String>,
}

fn default_audience() -> Audience {
    Audience::Internal
}

fn default_outputs() -> Vec<Spanned<OutputConfig>> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    [
        ("public", Audience::Public, "public"),
        ("intranet", Audience::Internal, "intranet"),
    ]
    .into_iter()
    .map(|(n, a, d)| {
        Spanned::new(
            OutputConfig {
                name: n.into(),
                audience: a,
                dir: Spanned::new(d.into(), unknown, unknown),
                base_url: None,
            },
            unknown,
            unknown,
        )
    })
    .collect()
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    De,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    pub name: String,
    pub audience: Audience,
    #[schemars(with = "String")]
    pub dir: Spanned<String>,
    /// Absolute URL the output is published under; needed only for sitemap.xml (and the
    /// `Sitemap:` line of robots.txt), which must contain absolute URLs.
    #[serde(default)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    #[default]
    Escape,
    Allow,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

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
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    pub address: String,
    pub represented_by: String,
    pub email: String,
    pub phone: String,
    #[serde(default)]
    pub legal_form: Option<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
    #[serde(default)]
    pub supervisory_authority: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub email: String,
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
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
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
    pub known_issues: Vec<String>,
    pub feedback_email: String,
    #[serde(default)]
    pub feedback_url: Option<String>,
    pub statement_date: Date,
    #[serde(default)]
    pub method: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    pub url: String,
}
