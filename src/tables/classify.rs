//! Body rows: what each row is (data, section, total, note), the section context it sits
//! in, and rows that only continue the text of the row above.

use super::amounts::amounts;
use super::{line_box, padded};
use crate::model::BBox;

/// Either box, or both merged.
fn union_opt(a: Option<BBox>, b: Option<BBox>) -> Option<BBox> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.union(b)),
        (a, b) => a.or(b),
    }
}
use crate::model::{add_flag, Flag, Line, Row, RowKind};
use crate::celltext::{shape, OutlineCode};
use crate::rules::{any_match, TableRules};

/// The code of a row: in its first cell, or in the second when the first is a group
/// label or a running number (seed 001's "1 | 1.3.2 ...").
pub(super) fn row_code(line: &Line) -> Option<OutlineCode<'_>> {
    let cells: Vec<&str> = line.cells.iter().map(|c| c.norm.as_str()).filter(|s| !s.is_empty()).take(2).collect();
    match cells.as_slice() {
        [first, ..] if OutlineCode::leading(first).is_some_and(|c| c.depth() > 1) || cells.len() == 1 => OutlineCode::leading(first),
        [first, second] if !shape(second).is_value() => OutlineCode::leading(second).filter(|c| c.depth() > 1).or_else(|| OutlineCode::leading(first)),
        [first, _] => OutlineCode::leading(first),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Data,
    Total,
    Section(usize),
    Note,
    Continuation,
}

fn nonempty(line: &Line) -> Vec<usize> {
    line.cells.iter().enumerate().filter(|(_, c)| !c.norm.is_empty()).map(|(i, _)| i).collect()
}

/// Decides what each body line is. Needs the next line to tell a section heading with a
/// code ("1.1 ...", whose children follow) from a data row with empty values ("3.1 ...",
/// followed by its sibling "3.2").
fn kinds(body: &[Line], ncols: usize, rules: &TableRules) -> Vec<Kind> {
    let mut out: Vec<Kind> = Vec::with_capacity(body.len());
    for (i, line) in body.iter().enumerate() {
        let ne = nonempty(line);
        let first_text = ne.first().map(|&j| line.cells[j].norm.as_str()).unwrap_or("");
        let prev_data = out.iter().rev().find(|k| **k != Kind::Continuation).is_some_and(|k| *k == Kind::Data);
        // The row above, skipping continuations already joined to it.
        let above = || &body[i - 1 - out.iter().rev().take_while(|k| **k == Kind::Continuation).count()];
        let kind = if any_match(&rules.total, first_text) {
            Kind::Total
        } else if prev_data
            && !ne.is_empty()
            && ne[0] > 0
            && ne.iter().all(|&j| !shape(&line.cells[j].norm).is_value())
            && !any_match(&rules.enumerator, first_text)
            && ne.iter().all(|&j| above().cells.get(j).is_some_and(|c| !c.norm.is_empty()))
            // An amount under an amount is a line of its own ("- เงินงบประมาณ 20,000,000"
            // under "วงเงินทั้งสิ้น 20,000,000"): one cell holds one amount.
            && !ne.iter().any(|&j| amounts(&line.cells[j].norm) > 0 && above().cells.get(j).is_some_and(|c| amounts(&c.norm) > 0))
        {
            Kind::Continuation
        } else if ne.len() == 1 && ncols > 1 && (ne[0] == 0 || ne[0] == 1 && ncols > 3) {
            // A lone label in the first column (or the second, when the first holds group
            // labels or running numbers): a heading, an item without values, or a stray note.
            match OutlineCode::leading(first_text) {
                Some(code) => {
                    let next = body[i + 1..].iter().find_map(row_code);
                    let child = next.is_some_and(|n| n.is_below(code));
                    if child {
                        Kind::Section(code.depth())
                    } else {
                        Kind::Data
                    }
                }
                None if any_match(&rules.section, first_text) => Kind::Section(0),
                None => Kind::Note,
            }
        } else {
            Kind::Data
        };
        out.push(kind);
    }
    out
}

/// Classifies body lines into rows with section context; continuation lines are joined
/// into the row they continue.
pub(super) fn classify_body(body: &[Line], ncols: usize, rules: &TableRules) -> Vec<Row> {
    let kinds = kinds(body, ncols, rules);
    let mut rows: Vec<Row> = Vec::with_capacity(body.len());
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (line, kind) in body.iter().zip(kinds) {
        if kind == Kind::Continuation {
            let row = rows.last_mut().expect("a continuation follows a data row");
            for (j, c) in line.cells.iter().enumerate().take(ncols) {
                if c.norm.is_empty() {
                    continue;
                }
                let cell = &mut row.cells[j];
                cell.text = format!("{}\n{}", cell.text, c.text);
                cell.norm = format!("{} {}", cell.norm, c.norm);
                for f in &c.flags {
                    add_flag(&mut cell.flags, *f);
                }
                cell.bbox = union_opt(cell.bbox, c.bbox.map(crate::model::BBox::rounded));
            }
            row.bbox = union_opt(row.bbox, line_box(line));
            row.joined_lines.push(line.number);
            add_flag(&mut row.flags, Flag::JoinedContinuation);
            continue;
        }
        let first_text = line.cells.iter().map(|c| c.norm.as_str()).find(|s| !s.is_empty()).unwrap_or("").to_string();
        let row_kind = match kind {
            Kind::Section(level) => {
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                RowKind::Section
            }
            Kind::Total => RowKind::Total,
            Kind::Note => RowKind::Note,
            _ => {
                if let Some(code) = row_code(line) {
                    let d = code.depth();
                    while stack.last().is_some_and(|(l, _)| *l >= d && *l > 0) {
                        stack.pop();
                    }
                }
                RowKind::Data
            }
        };
        let section = stack.iter().map(|(_, s)| s.clone()).collect();
        let mut flags = Vec::new();
        if row_kind == RowKind::Note {
            add_flag(&mut flags, Flag::OrphanText);
        }
        rows.push(Row { kind: row_kind, page: line.page, line: line.number, section, cells: padded(line, ncols), flags, joined_lines: Vec::new(), bbox: line_box(line) });
        if let Kind::Section(level) = kind {
            stack.push((level, first_text));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let code = |s| OutlineCode::leading(s).map(OutlineCode::as_str);
        assert_eq!(code("1.1.2 งาน"), Some("1.1.2"));
        assert_eq!(code("3.1. ส่งเสริม"), Some("3.1"));
        assert_eq!(code("(12) รวม"), Some("12"));
        assert_eq!(code("2566 ปี"), None);
        assert_eq!(code("ยุทธศาสตร์"), None);
    }

    #[test]
    fn an_amount_under_an_amount_is_no_continuation() {
        let line = |n: u32, cells: &[&str]| {
            let cells = cells.iter().map(|t| crate::model::Cell { norm: t.to_string(), ..crate::model::Cell::raw(*t) }).collect();
            Line { page: 1, number: n, cells, tabular: true, bbox: None }
        };
        let rules = TableRules::builtin();
        let body = [line(1, &["7.6.3.4", "total 20,000,000", "baht"]), line(2, &["", "- budget 20,000,000", "baht"]), line(3, &["", "more words", "x"])];
        let rows = classify_body(&body, 3, &rules);
        // The second line is a row of its own; the third (no amount) continues it.
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[1].norm, "- budget 20,000,000 more words");
    }

    #[test]
    fn values() {
        for v in ["2,517", "0.5", "-", "√", "↔", "← →", "80%"] {
            assert!(shape(v).is_value(), "{v}");
        }
        for v in ["ร้อยละ 5", "กตส.", ""] {
            assert!(!shape(v).is_value(), "{v}");
        }
    }
}
