//! Durations as editors write them in the BIA: `4h`, `3d`, `1w`, held in hours.

use serde::de::{Deserialize, Deserializer, Visitor};

use crate::diagnostics::Msg;
use crate::msg;

/// A duration written `4h`, `3d` or `2w`, held in hours. Days are calendar days (24 h): an
/// emergency does not stop at closing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(pub u32);

/// Ten years: anything longer is no recovery time but a typo.
const MAX_HOURS: u64 = 87_600;

impl Hours {
    /// German reading form: `4 Stunden`, `1 Tag`, `3 Tage`, `2 Wochen`.
    pub fn german(self) -> String {
        let h = self.0;
        let (n, one, many) = if h > 0 && h.is_multiple_of(168) {
            (h / 168, "Woche", "Wochen")
        } else if h > 0 && h.is_multiple_of(24) {
            (h / 24, "Tag", "Tage")
        } else {
            (h, "Stunde", "Stunden")
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// After this long: `nach 4 Stunden`, `nach 1 Tag`, `nach 3 Tagen` (the dative plural).
    pub fn after(self) -> String {
        let g = self.german();
        match g.strip_suffix(" Tage") {
            Some(n) => format!("nach {n} Tagen"),
            None => format!("nach {g}"),
        }
    }

    /// The short form an editor writes (`4h`, `3d`, `1w`).
    pub fn short(self) -> String {
        let h = self.0;
        if h > 0 && h.is_multiple_of(168) {
            format!("{}w", h / 168)
        } else if h > 0 && h.is_multiple_of(24) {
            format!("{}d", h / 24)
        } else {
            format!("{h}h")
        }
    }
}

fn hint_text() -> Msg {
    msg!(
        "Schreiben Sie eine ganze Zahl mit `h` (Stunden), `d` (Tage) oder `w` (Wochen), z. B. `4h`, `3d` oder `1w`",
        "write a whole number with `h` (hours), `d` (days) or `w` (weeks), e.g. `4h`, `3d` or `1w`"
    )
}

/// `4h` → 4, `3d` → 72, `1w` → 168; anything else is an error that says how to write it.
pub fn parse_hours(s: &str) -> Result<Hours, Msg> {
    let t = s.trim();
    let (hint_de, hint_en) = {
        let h = hint_text();
        (h.de, h.en)
    };
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) => (&t[..i], Some(c.to_ascii_lowercase())),
        None => ("", None),
    };
    let factor = match unit {
        Some('h') => 1u64,
        Some('d') => 24,
        Some('w') => 168,
        _ => 0,
    };
    if factor > 0 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = digits.parse().unwrap_or(u64::MAX);
        let h = n.saturating_mul(factor);
        if h > MAX_HOURS {
            return Err(msg!(
                "die Dauer `{t}` ist länger als zehn Jahre",
                "the duration `{t}` is longer than ten years"
            ));
        }
        return Ok(Hours(h as u32));
    }
    // `1.5d`, `1,5d`: say what it is in hours when that is whole.
    if factor > 0
        && let Ok(x) = digits.replace(',', ".").parse::<f64>()
    {
        let h = x * factor as f64;
        if h.is_finite() && h > 0.0 && h.fract() == 0.0 && h <= MAX_HOURS as f64 {
            let h = h as u64;
            return Err(msg!(
                "die Dauer `{t}` ist keine ganze Zahl: Schreiben Sie `{h}h`",
                "the duration `{t}` is not a whole number: write `{h}h`"
            ));
        }
    }
    Err(msg!(
        "`{t}` ist keine Dauer: {hint_de}",
        "`{t}` is not a duration: {hint_en}"
    ))
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Hours;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a duration such as 4h, 3d or 1w")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Hours, E> {
                parse_hours(v).map_err(|m| E::custom(m.carry()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Hours, E> {
                Err(E::custom(
                    msg!(
                        "die Dauer `{v}` hat keine Einheit: Schreiben Sie `{v}h` für Stunden oder `{v}d` für Tage",
                        "the duration `{v}` has no unit: write `{v}h` for hours or `{v}d` for days"
                    )
                    .carry(),
                ))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Hours, E> {
                let Msg { de, en } = hint_text();
                Err(E::custom(
                    msg!(
                        "`{v}` ist keine Dauer: {de}",
                        "`{v}` is not a duration: {en}"
                    )
                    .carry(),
                ))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Hours, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for Hours {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hours".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+[hdwHDW]$",
            "description": "Dauer: ganze Zahl mit h, d oder w, z. B. 4h, 3d, 1w"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_hours("4h").unwrap(), Hours(4));
        assert_eq!(parse_hours("1d").unwrap(), Hours(24));
        assert_eq!(parse_hours("3d").unwrap(), Hours(72));
        assert_eq!(parse_hours("1w").unwrap(), Hours(168));
        assert_eq!(parse_hours("0h").unwrap(), Hours(0));
        assert!(
            parse_hours("3 Tage")
                .unwrap_err()
                .en
                .contains("is not a duration")
        );
        assert_eq!(
            parse_hours("1.5d").unwrap_err().en,
            "the duration `1.5d` is not a whole number: write `36h`"
        );
        assert!(parse_hours("d").is_err());
        assert!(parse_hours("3ä").is_err());
        assert!(parse_hours("99999w").is_err());
        assert_eq!(Hours(72).german(), "3 Tage");
        assert_eq!(Hours(72).after(), "nach 3 Tagen");
        assert_eq!(Hours(24).after(), "nach 1 Tag");
        assert_eq!(Hours(336).after(), "nach 2 Wochen");
        assert_eq!(Hours(4).after(), "nach 4 Stunden");
        assert_eq!(Hours(24).german(), "1 Tag");
        assert_eq!(Hours(4).short(), "4h");
        assert_eq!(Hours(336).short(), "2w");
    }
}
