//! Types shared by pages and every record kind.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostics::{Msg, Pos};
use crate::msg;

#[derive(
    Debug,
    Clone,
    Copy,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Public,
    Internal,
}

impl Audience {
    /// Whether something meant for `self` may appear in an output for `output`.
    pub fn visible_in(self, output: Audience) -> bool {
        self == Audience::Public || output == Audience::Internal
    }
}

/// A calendar date written `YYYY-MM-DD`. Impossible dates (2026-02-30) are errors at the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// The UTC date of `secs` seconds since 1970, as `SOURCE_DATE_EPOCH` gives it.
    pub fn from_epoch(secs: &str) -> Result<Date, Msg> {
        let s = secs.trim();
        let n: i64 = s.parse().map_err(|_| {
            msg!(
                "SOURCE_DATE_EPOCH `{s}` ist keine Zahl von Sekunden",
                "SOURCE_DATE_EPOCH `{s}` is not a number of seconds"
            )
        })?;
        let ts = jiff::Timestamp::from_second(n).map_err(|e| {
            msg!(
                "SOURCE_DATE_EPOCH `{s}` liegt außerhalb des gültigen Bereichs: {e}",
                "SOURCE_DATE_EPOCH `{s}` is out of range: {e}"
            )
        })?;
        Ok(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// German display form, `27.11.2026`.
    pub fn german(&self) -> String {
        format!(
            "{:02}.{:02}.{:04}",
            self.0.day(),
            self.0.month(),
            self.0.year()
        )
    }

    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

const MONTHS: [(&str, &str); 12] = [
    ("Januar", "January"),
    ("Februar", "February"),
    ("März", "March"),
    ("April", "April"),
    ("Mai", "May"),
    ("Juni", "June"),
    ("Juli", "July"),
    ("August", "August"),
    ("September", "September"),
    ("Oktober", "October"),
    ("November", "November"),
    ("Dezember", "December"),
];

pub fn parse_date(s: &str) -> Result<Date, Msg> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let bad = || {
        msg!(
            "ungültiges Datum `{s}`: Schreiben Sie es als JJJJ-MM-TT, z. B. 2026-03-31",
            "invalid date `{s}`: write it as YYYY-MM-DD, e.g. 2026-03-31"
        )
    };
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: i16 = parts[0].parse().map_err(|_| bad())?;
    let m: i8 = parts[1].parse().map_err(|_| bad())?;
    let d: i8 = parts[2].parse().map_err(|_| bad())?;
    jiff::civil::Date::new(y, m, d).map(Date).map_err(|_| {
        // Say why, so that `2026-02-30` and `2026-13-01` are fixed without a calendar.
        let why = match jiff::civil::Date::new(y, m, 1) {
            Err(_) => msg!(
                "einen Monat {m:02} gibt es nicht, die Monate gehen von 01 bis 12",
                "there is no month {m:02}, months go from 01 to 12"
            ),
            Ok(first) => {
                let last = first.days_in_month();
                let (de, en) = MONTHS[(m - 1) as usize];
                msg!(
                    "der {de} {y} hat {last} Tage, der letzte ist also der {y:04}-{m:02}-{last:02}",
                    "{en} {y} has {last} days, so the last one is {y:04}-{m:02}-{last:02}"
                )
            }
        };
        let (why_de, why_en) = (&why.de, &why.en);
        msg!(
            "ungültiges Datum `{s}`: diesen Tag gibt es nicht; {why_de}",
            "invalid date `{s}`: this day does not exist; {why_en}"
        )
    })
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // serde carries one text: both languages in it, which crate::yaml takes apart.
        parse_date(&s).map_err(|m| serde::de::Error::custom(m.carry()))
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "Datum im Format JJJJ-MM-TT, z. B. 2026-03-31"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// Where a value came from: file (as displayed) and position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Origin {
    pub file: PathBuf,
    pub pos: Pos,
}

/// Position of a `Spanned` value inside a file whose YAML starts after `line_offset` lines.
pub fn span_pos<T>(s: &Spanned<T>, len: usize, line_offset: usize) -> Pos {
    Pos::new(
        s.referenced.line() as usize + line_offset,
        s.referenced.column() as usize,
        len,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-03-01").unwrap().german(), "01.03.2026");
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(parse_date("1.3.2026").unwrap_err().contains("YYYY-MM-DD"));
        for (bad, why) in [
            (
                "2026-02-30",
                "February 2026 has 28 days, so the last one is 2026-02-28",
            ),
            (
                "2028-02-30",
                "February 2028 has 29 days, so the last one is 2028-02-29",
            ),
            (
                "2026-04-31",
                "April 2026 has 30 days, so the last one is 2026-04-30",
            ),
            (
                "2026-06-00",
                "June 2026 has 30 days, so the last one is 2026-06-30",
            ),
            (
                "2026-13-01",
                "there is no month 13, months go from 01 to 12",
            ),
            (
                "2026-00-10",
                "there is no month 00, months go from 01 to 12",
            ),
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err(),
                format!("invalid date `{bad}`: this day does not exist; {why}")
            );
        }
    }

    #[test]
    fn audience_visibility() {
        assert!(Audience::Public.visible_in(Audience::Public));
        assert!(!Audience::Internal.visible_in(Audience::Public));
        assert!(Audience::Internal.visible_in(Audience::Internal));
    }
}
