//! The generic record view every register page is rendered from (facts, matrices, text
//! blocks, tables) with `record.html`: plain data, no HTML but escaped cell text.

use super::*;

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Serialize, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub url: Option<String>,
    pub class: Option<String>,
    /// Sort key for the interactive table (ISO dates, zero-padded levels).
    pub sort: Option<String>,
}

impl Cell {
    pub(super) fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            ..Default::default()
        }
    }
    pub(super) fn link(t: impl Into<String>, url: String) -> Cell {
        Cell {
            text: t.into(),
            url: Some(url),
            ..Default::default()
        }
    }
    /// A record id linking to its page (`R-001`): one line, never "R-" / "001" (class `kf-id`).
    pub(super) fn id_link(t: impl Into<String>, url: String) -> Cell {
        Cell::link(t, url).class("kf-id")
    }
    pub(super) fn class(mut self, c: impl Into<String>) -> Cell {
        self.class = Some(c.into());
        self
    }
    pub(super) fn sort(mut self, s: impl Into<String>) -> Cell {
        self.sort = Some(s.into());
        self
    }
}

#[derive(Serialize, Clone)]
pub struct Fact {
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Serialize, Clone)]
pub struct Block {
    pub heading: Option<String>,
    pub id: Option<String>,
    pub html: String,
    pub class: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Column {
    pub title: String,
    pub numeric: bool,
}

#[derive(Serialize, Clone)]
pub struct TableView {
    pub id: String,
    pub heading: Option<String>,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Sortable and filterable with JavaScript (complete without).
    pub interactive: bool,
    pub empty: String,
}

#[derive(Serialize, Clone)]
pub struct MatrixCell {
    pub level: String,
    pub level_class: String,
    pub count: usize,
    pub url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct MatrixRow {
    pub impact: String,
    pub cells: Vec<MatrixCell>,
}

#[derive(Serialize, Clone)]
pub struct MatrixView {
    pub id: String,
    pub caption: String,
    pub likelihood: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub total: usize,
}

#[derive(Serialize, Clone, Default)]
pub struct RecordView {
    pub id: Option<String>,
    pub facts: Vec<Fact>,
    pub matrices: Vec<MatrixView>,
    pub blocks: Vec<Block>,
    pub tables: Vec<TableView>,
    /// Budget tables (`_budget.html`), between the text blocks and the tables.
    pub budgets: Vec<crate::render::budget::BudgetView>,
    pub internal_note: Option<String>,
    pub interactive: bool,
    /// Blocks after the tables (e.g. the lists behind the matrix cells).
    pub appendix: Vec<Block>,
}

pub(super) fn col(t: &str) -> Column {
    Column {
        title: t.into(),
        numeric: false,
    }
}

pub(super) fn numcol(t: &str) -> Column {
    Column {
        title: t.into(),
        numeric: true,
    }
}
