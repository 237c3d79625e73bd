//! Risk levels and review dates: pure functions on a validated method.

use crate::model::common::Date;
use crate::model::method::Method;

#[derive(Debug, Clone, PartialEq)]
pub struct LevelInfo {
    pub id: String,
    pub title: String,
    pub colour: Option<String>,
    pub acceptable: bool,
    pub review_days: i64,
}

/// A risk method as plain data: scales low → high and the level of every cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub likelihood: Vec<(String, String)>,
    pub impact: Vec<(String, String)>,
    pub levels: Vec<LevelInfo>,
    /// `cells[impact][likelihood]` = index into `levels`.
    pub cells: Vec<Vec<usize>>,
}

impl Matrix {
    /// Build from a method that passed validation; None if it is inconsistent.
    pub fn from_method(m: &Method) -> Option<Matrix> {
        let levels: Vec<LevelInfo> = m
            .levels
            .value
            .iter()
            .map(|l| LevelInfo {
                id: l.id.value.clone(),
                title: l.title.clone(),
                colour: l.colour.clone(),
                acceptable: l.acceptable,
                review_days: l.review_days.value,
            })
            .collect();
        let likelihood: Vec<(String, String)> = m
            .likelihood
            .value
            .iter()
            .map(|s| (s.id.value.clone(), s.title.clone()))
            .collect();
        let impact: Vec<(String, String)> = m
            .impact
            .value
            .iter()
            .map(|s| (s.id.value.clone(), s.title.clone()))
            .collect();
        let mut cells = Vec::with_capacity(impact.len());
        for (iid, _) in &impact {
            let row = m.matrix.value.get(iid)?;
            if row.value.len() != likelihood.len() {
                return None;
            }
            let mut r = Vec::with_capacity(row.value.len());
            for cell in &row.value {
                r.push(levels.iter().position(|l| l.id == cell.value)?);
            }
            cells.push(r);
        }
        Some(Matrix {
            likelihood,
            impact,
            levels,
            cells,
        })
    }

    pub fn likelihood_index(&self, id: &str) -> Option<usize> {
        self.likelihood.iter().position(|(i, _)| i == id)
    }

    pub fn impact_index(&self, id: &str) -> Option<usize> {
        self.impact.iter().position(|(i, _)| i == id)
    }

    /// Level index of a (likelihood, impact) pair — a table lookup.
    pub fn level(&self, likelihood: &str, impact: &str) -> Option<usize> {
        Some(self.cells[self.impact_index(impact)?][self.likelihood_index(likelihood)?])
    }
}

/// The review date: explicit `next_review`, else `reviewed` + review days of the residual level.
pub fn next_review(
    reviewed: Option<Date>,
    explicit: Option<Date>,
    review_days: i64,
) -> Option<Date> {
    explicit.or_else(|| {
        reviewed.and_then(|r| {
            r.0.checked_add(jiff::Span::new().days(review_days))
                .ok()
                .map(Date)
        })
    })
}

/// Calendar quarter label of a date, for the roadmap: `2026 Q3`.
pub fn quarter(d: Date) -> (i16, i8) {
    (d.0.year(), (d.0.month() - 1) / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::common::parse_date;

    fn bsi() -> Matrix {
        Matrix::from_method(&Method::bsi_default()).unwrap()
    }

    #[test]
    fn bsi_default_matrix_is_the_lookup_table() {
        let m = bsi();
        // Rows impact vernachlässigbar → existenzbedrohend, columns selten → sehr häufig (BSI 200-3 Abb. 3).
        let expect = [
            ["gering", "gering", "gering", "gering"],
            ["gering", "gering", "mittel", "hoch"],
            ["mittel", "mittel", "hoch", "sehr-hoch"],
            ["mittel", "hoch", "sehr-hoch", "sehr-hoch"],
        ];
        for (i, row) in expect.iter().enumerate() {
            for (l, want) in row.iter().enumerate() {
                let got = &m.levels[m.level(&m.likelihood[l].0, &m.impact[i].0).unwrap()].id;
                assert_eq!(got, want, "impact {i} likelihood {l}");
            }
        }
        // No product reproduces it: betraechtlich×selten (3) is mittel, vernachlaessigbar×haeufig (3) gering.
        assert_eq!(
            m.levels[m.level("selten", "betraechtlich").unwrap()].id,
            "mittel"
        );
        assert_eq!(
            m.levels[m.level("haeufig", "vernachlaessigbar").unwrap()].id,
            "gering"
        );
        assert_eq!(m.level("oft", "begrenzt"), None);
    }

    #[test]
    fn five_by_five_method() {
        let yaml = r#"
likelihood: [{id: l1, title: a}, {id: l2, title: b}, {id: l3, title: c}, {id: l4, title: d}, {id: l5, title: e}]
impact: [{id: i1, title: a}, {id: i2, title: b}, {id: i3, title: c}, {id: i4, title: d}, {id: i5, title: e}]
levels:
  - {id: niedrig, title: niedrig, acceptable: true, review_days: 365}
  - {id: mittel, title: mittel, acceptable: true, review_days: 180}
  - {id: hoch, title: hoch, acceptable: false, review_days: 90}
  - {id: kritisch, title: kritisch, acceptable: false, review_days: 30}
matrix:
  i1: [niedrig, niedrig, niedrig, mittel, mittel]
  i2: [niedrig, niedrig, mittel, mittel, hoch]
  i3: [niedrig, mittel, mittel, hoch, hoch]
  i4: [mittel, mittel, hoch, hoch, kritisch]
  i5: [mittel, hoch, hoch, kritisch, kritisch]
"#;
        let m: Method = crate::yaml::parse(yaml, std::path::Path::new("m.yaml"), 0).unwrap();
        let m = Matrix::from_method(&m).unwrap();
        assert_eq!(m.levels[m.level("l5", "i5").unwrap()].id, "kritisch");
        assert_eq!(m.levels[m.level("l1", "i5").unwrap()].id, "mittel");
        assert_eq!(m.levels[m.level("l4", "i1").unwrap()].id, "mittel");
        assert_eq!(m.levels[m.level("l3", "i3").unwrap()].id, "mittel");
    }

    #[test]
    fn review_dates() {
        let r = parse_date("2026-01-15").unwrap();
        assert_eq!(next_review(Some(r), None, 180).unwrap().iso(), "2026-07-14");
        let e = parse_date("2026-03-01").unwrap();
        assert_eq!(next_review(Some(r), Some(e), 180), Some(e));
        assert_eq!(next_review(None, None, 180), None);
        assert_eq!(quarter(parse_date("2026-11-27").unwrap()), (2026, 4));
    }
}
