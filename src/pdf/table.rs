//! HTML tables as typst tables. Header rows repeat on every page, `th scope="row"` becomes a row
//! header cell of the tagged PDF, and rows are padded to the full width, because typst fills a
//! short row from the next one (HTML leaves the gap).

use std::fmt::Write as _;

use super::dom::Elem;
use super::markup::{Writer, is_skipped};

#[derive(Clone, Copy, PartialEq)]
enum Group {
    Head,
    Body,
    Foot,
}

/// Cells wider or taller than this are clamped: a generated `colspan="9999"` must not make a
/// grid of a million cells.
const MAX_SPAN: usize = 64;

fn span(e: &Elem, name: &str) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

fn cells_of(r: &Elem) -> Vec<&Elem> {
    r.elems()
        .filter(|c| (c.name == "td" || c.name == "th") && !is_skipped(c))
        .collect()
}

pub fn table(w: &mut Writer, t: &Elem, caption: Option<&Elem>) {
    let mut rows: Vec<(Group, &Elem)> = Vec::new();
    let mut own_caption = None;
    for c in t.elems() {
        match c.name.as_str() {
            "caption" => own_caption = own_caption.or(Some(c)),
            "thead" | "tbody" | "tfoot" => {
                let g = match c.name.as_str() {
                    "thead" => Group::Head,
                    "tfoot" => Group::Foot,
                    _ => Group::Body,
                };
                rows.extend(c.elems().filter(|r| r.name == "tr").map(|r| (g, r)));
            }
            "tr" => rows.push((Group::Body, c)),
            _ => {}
        }
    }
    // Without a `thead`, a leading row of `th` only is the header.
    if !rows.iter().any(|(g, _)| *g == Group::Head)
        && let Some((g, first)) = rows.first_mut()
    {
        let cells = cells_of(first);
        if !cells.is_empty() && cells.iter().all(|c| c.name == "th") {
            *g = Group::Head;
        }
    }
    // Typst wants the header first and the footer last.
    rows.sort_by_key(|(g, _)| match g {
        Group::Head => 0,
        Group::Body => 1,
        Group::Foot => 2,
    });
    if rows.is_empty() {
        return;
    }

    // Occupancy of the grid as HTML's table model places cells, so the widest row (with
    // row spans from above) gives the column count and each row's gap is known.
    let mut occupied: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    let mut placed: Vec<Vec<(&Elem, usize, usize)>> = Vec::new();
    for (r, (group, row)) in rows.iter().enumerate() {
        // A row span ends with its group: typst keeps a header's cells inside the header.
        let group_end = rows[r..]
            .iter()
            .position(|(g, _)| g != group)
            .map_or(rows.len(), |n| r + n);
        let mut col = 0;
        let mut cells = Vec::new();
        for cell in cells_of(row) {
            while occupied[r].get(col).copied().unwrap_or(false) {
                col += 1;
            }
            let cs = span(cell, "colspan");
            let rs = span(cell, "rowspan").min(group_end - r);
            for row_occ in occupied.iter_mut().skip(r).take(rs) {
                if row_occ.len() < col + cs {
                    row_occ.resize(col + cs, false);
                }
                for slot in &mut row_occ[col..col + cs] {
                    *slot = true;
                }
            }
            cells.push((cell, cs, rs));
            col += cs;
        }
        placed.push(cells);
    }
    let columns = occupied.iter().map(Vec::len).max().unwrap_or(0).max(1);

    let captioned = caption.or(own_caption);
    if let Some(c) = captioned {
        w.out
            .push_str("#figure(kind: table, caption: figure.caption(position: top, ");
        w.content_block(&c.children);
        w.out.push_str("), ");
    } else {
        w.out.push('#');
    }
    let _ = write!(w.out, "table(columns: {columns}");
    let mut open: Option<Group> = None;
    for (r, ((group, _), cells)) in rows.iter().zip(&placed).enumerate() {
        if open != Some(*group) {
            if matches!(open, Some(Group::Head | Group::Foot)) {
                w.out.push(')');
            }
            match group {
                Group::Head => w.out.push_str(", table.header(repeat: true"),
                Group::Foot => w.out.push_str(", table.footer(repeat: false"),
                Group::Body => {}
            }
            open = Some(*group);
        }
        for &(cell, cs, rs) in cells {
            w.out.push_str(", ");
            self::cell(w, cell, *group, cs, rs);
        }
        let filled = occupied[r].iter().filter(|o| **o).count();
        for _ in filled..columns {
            w.out.push_str(", []");
        }
    }
    if matches!(open, Some(Group::Head | Group::Foot)) {
        w.out.push(')');
    }
    w.out.push(')');
    if captioned.is_some() {
        w.out.push(')');
    }
    w.out.push_str("\n\n");
}

fn cell(w: &mut Writer, c: &Elem, group: Group, colspan: usize, rowspan: usize) {
    let header = c.name == "th";
    // A `th` outside the header row labels its row unless it says otherwise.
    let scope = match (group, header, c.attr("scope")) {
        (Group::Head, _, _) | (_, false, _) => None,
        (_, true, Some("col" | "colgroup")) => Some("column"),
        (_, true, _) => Some("row"),
    };
    if let Some(s) = scope {
        let _ = write!(w.out, "pdf.header-cell(scope: \"{s}\", ");
    }
    let mut args = Vec::new();
    if colspan > 1 {
        args.push(format!("colspan: {colspan}"));
    }
    if rowspan > 1 {
        args.push(format!("rowspan: {rowspan}"));
    }
    if c.has_class("align-right") || c.has_class("num") {
        args.push("align: right".to_string());
    }
    if !args.is_empty() {
        let _ = write!(w.out, "table.cell({})", args.join(", "));
    }
    w.in_cell = true;
    if header {
        w.out.push_str("[#strong");
        w.content_block(&c.children);
        w.out.push(']');
    } else {
        w.content_block(&c.children);
    }
    w.in_cell = false;
    if scope.is_some() {
        w.out.push(')');
    }
}
