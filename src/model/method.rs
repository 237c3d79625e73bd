//! The risk method (`content/method.yaml`): scales, levels and the matrix. Default: BSI-Standard
//! 200-3. The level of a risk is looked up in the matrix, never computed as a product — no
//! product threshold reproduces the BSI matrix.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleStep {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// CSS colour used as a second channel only (the name is always printed).
    #[serde(default)]
    pub colour: Option<String>,
    pub acceptable: bool,
    #[schemars(with = "u64", range(min = crate::model::bounds::REVIEW_DAYS.min, max = crate::model::bounds::REVIEW_DAYS.max))]
    pub review_days: Spanned<i64>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Method {
    #[schemars(with = "Vec<ScaleStep>")]
    pub likelihood: Spanned<Vec<ScaleStep>>,
    #[schemars(with = "Vec<ScaleStep>")]
    pub impact: Spanned<Vec<ScaleStep>>,
    #[schemars(with = "Vec<Level>")]
    pub levels: Spanned<Vec<Level>>,
    /// impact id → level id per likelihood, in scale order.
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub matrix: Spanned<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
    #[serde(default)]
    pub treatments: Option<Vec<Treatment>>,
}

pub const DEFAULT_METHOD_YAML: &str = r##"# BSI-Standard 200-3, Tabellen 8–10 und Abbildung 3
likelihood:
  - {id: selten, title: selten, description: "Ereignis könnte nach heutigem Kenntnisstand höchstens alle fünf Jahre eintreten."}
  - {id: mittel, title: mittel, description: "Ereignis tritt einmal alle fünf Jahre bis einmal im Jahr ein."}
  - {id: haeufig, title: häufig, description: "Ereignis tritt einmal im Jahr bis einmal pro Monat ein."}
  - {id: sehr-haeufig, title: sehr häufig, description: "Ereignis tritt mehrmals im Monat ein."}
impact:
  - {id: vernachlaessigbar, title: vernachlässigbar, description: "Die Schadensauswirkungen sind gering und können vernachlässigt werden."}
  - {id: begrenzt, title: begrenzt, description: "Die Schadensauswirkungen sind begrenzt und überschaubar."}
  - {id: betraechtlich, title: beträchtlich, description: "Die Schadensauswirkungen können beträchtlich sein."}
  - {id: existenzbedrohend, title: existenzbedrohend, description: "Die Schadensauswirkungen können ein existenziell bedrohliches, katastrophales Ausmaß erreichen."}
levels:
  - {id: gering, title: gering, colour: "#d8efd3", acceptable: true, review_days: 730}
  - {id: mittel, title: mittel, colour: "#fff1b8", acceptable: true, review_days: 365}
  - {id: hoch, title: hoch, colour: "#ffd2b0", acceptable: false, review_days: 180}
  - {id: sehr-hoch, title: sehr hoch, colour: "#f7c1c1", acceptable: false, review_days: 90}
matrix:
  vernachlaessigbar: [gering, gering, gering, gering]
  begrenzt: [gering, gering, mittel, hoch]
  betraechtlich: [mittel, mittel, hoch, sehr-hoch]
  existenzbedrohend: [mittel, hoch, sehr-hoch, sehr-hoch]
treatments:
  - {id: vermeiden, title: vermeiden, description: "Den risikobehafteten Prozess umgestalten oder aufgeben."}
  - {id: reduzieren, title: reduzieren, description: "Weitere Sicherheitsmaßnahmen umsetzen."}
  - {id: uebertragen, title: übertragen, description: "Risiko durch Versicherung oder Auslagerung teilen; die Verantwortung bleibt bei der Stadt."}
  - {id: akzeptieren, title: akzeptieren, description: "Das Risiko bewusst und dokumentiert durch die Leitung tragen."}
"##;

impl Method {
    pub fn bsi_default() -> Method {
        // Parsed once: renderers ask for the method on every page that shows a level.
        static DEFAULT: std::sync::OnceLock<Method> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                crate::yaml::parse(
                    DEFAULT_METHOD_YAML,
                    std::path::Path::new("<built-in method>"),
                    0,
                )
                .expect("the built-in BSI 200-3 method parses")
            })
            .clone()
    }

    pub fn treatments(&self) -> Vec<Treatment> {
        self.treatments
            .clone()
            .unwrap_or_else(|| Method::bsi_default().treatments.unwrap_or_default())
    }
}
