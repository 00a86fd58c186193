//! Columns printed two to a cell: a header cell naming a pair of values, the second in
//! brackets ("เริ่มต้น - ปี 2564 แผน (ผล)": the plan and its result; patterns in
//! `rules/tables.toml`, `header.paired`), over cells printed "amount (amount)", is two
//! columns under that header cell, one per value, so that records read each on its own.
//!
//! Lossless: the header cell stays whole over both sub-columns; a cell is cut at its
//! bracket, the second part keeping the brackets in `text` (its `norm` is the value
//! inside, the brackets being the header's notation); each part gets the box of its
//! own printed words. A cell holding one value stays in the first sub-column.

use crate::celltext::{paired, shape};
use crate::model::{Cell, Line, Piece};
use crate::rules::TableRules;

/// The sub-column names a header text declares, when it names a pair.
fn pair_names(header: &str, rules: &TableRules) -> Option<(String, String)> {
    rules.paired.iter().find_map(|r| {
        let c = r.captures(header)?;
        Some((c.name("first")?.as_str().to_string(), c.name("second")?.as_str().to_string()))
    })
}

/// Both the printed and the normalized text of the cell are a pair.
fn is_pair(cell: &Cell) -> bool {
    paired(&cell.text).is_some() && paired(&cell.norm).is_some()
}

/// Every non-blank cell of column `c` is a pair or one value, and one at least is a pair.
fn column_pairs(body: &[Line], c: usize) -> bool {
    let cells = body.iter().filter_map(|l| l.cells.get(c)).filter(|cell| !cell.is_empty());
    let mut any = false;
    for cell in cells {
        if is_pair(cell) {
            any = true;
        } else if !shape(&cell.norm).fills_slot() {
            return false;
        }
    }
    any
}

/// The part `from..to` of a cell: its text, its words re-based, their box.
fn part(cell: &Cell, (from, to): (usize, usize), norm: String) -> Cell {
    let pieces: Vec<Piece> = cell
        .pieces
        .iter()
        .filter(|p| p.start >= from && p.end <= to)
        .map(|p| Piece { start: p.start - from, end: p.end - from, ..*p })
        .collect();
    Cell { text: cell.text[from..to].to_string(), norm, expanded: None, bbox: cell.part_box(from, to), pieces, ..cell.clone() }
}

/// A pair cut in two: the first value, and the bracketed one.
fn cut(cell: &Cell) -> (Cell, Cell) {
    match (paired(&cell.text), paired(&cell.norm)) {
        (Some([t1, t2, _]), Some([n1, _, n3])) => {
            let first = part(cell, t1, cell.norm[n1.0..n1.1].to_string());
            let second = part(cell, t2, cell.norm[n3.0..n3.1].to_string());
            (first, second)
        }
        _ => (cell.clone(), Cell::default()),
    }
}

/// Splits every paired column of a table in two, in its header and body lines and in the
/// column paths (`paths[c]` gains the two names under the header cell); returns how many
/// columns were added.
pub(super) fn split_columns(header: &mut [Line], body: &mut [Line], paths: &mut Vec<Vec<String>>, rules: &TableRules) -> usize {
    let mut added = 0;
    for c in (0..paths.len()).rev() {
        let Some((first, second)) = paths[c].last().and_then(|h| pair_names(h, rules)) else { continue };
        if !column_pairs(body, c) {
            continue;
        }
        for l in header.iter_mut().chain(body.iter_mut()) {
            if l.cells.len() <= c {
                continue;
            }
            let (a, b) = if is_pair(&l.cells[c]) { cut(&l.cells[c]) } else { (l.cells[c].clone(), Cell::default()) };
            l.cells[c] = a;
            l.cells.insert(c + 1, b);
        }
        let base = paths[c].clone();
        paths[c].push(first);
        let mut sub = base;
        sub.push(second);
        paths.insert(c + 1, sub);
        added += 1;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BBox;

    fn line(cells: &[&str]) -> Line {
        Line { page: 1, number: 1, cells: cells.iter().map(|t| Cell { norm: t.trim().to_string(), ..Cell::raw(*t) }).collect(), tabular: true, bbox: None }
    }

    #[test]
    fn the_pair_shape() {
        let t = "13,895,727 ( 17,133,433 )";
        let [a, b, c] = paired(t).expect("a pair");
        assert_eq!((&t[a.0..a.1], &t[b.0..b.1], &t[c.0..c.1]), ("13,895,727", "( 17,133,433 )", "17,133,433"));
        assert!(paired("- (1,494)").is_some());
        assert!(paired("- ( - )").is_some());
        for no in ["13,895,727", "(50)", "ปี 2564 (ผล)", "1 (2) (3)", "5 (6) x", "(1) 2", "( - )", "5 (x)"] {
            assert!(paired(no).is_none(), "{no}");
        }
    }

    #[test]
    fn a_paired_header_over_pairs_is_two_columns() {
        let rules = TableRules::builtin();
        let mut header = vec![line(&["ตัวชี้วัด", "งบประมาณ", ""]), line(&["", "ปี 2564 แผน (ผล)*", "ปี 2565 แผน"])];
        let mut body = vec![line(&["ก", "13,895,727 ( 17,133,433 )", "3,647,129"]), line(&["ข", "5,000", "49,503"]), line(&["ค", "", "1"])];
        // The second row's words, as layout gives them: the pair on two printed lines.
        let cell = &mut body[0].cells[1];
        let b = |x0: f32, y0: f32, x1: f32| BBox { x0, y0, x1, y1: y0 + 10.0 };
        cell.bbox = Some(b(10.0, 0.0, 60.0));
        cell.pieces = vec![Piece { start: 0, end: 10, bbox: b(10.0, 12.0, 60.0) }, Piece { start: 11, end: 12, bbox: b(12.0, 0.0, 15.0) }, Piece { start: 13, end: 23, bbox: b(16.0, 0.0, 55.0) }, Piece { start: 24, end: 25, bbox: b(56.0, 0.0, 58.0) }];
        let mut paths = vec![vec!["ตัวชี้วัด".to_string()], vec!["งบประมาณ".into(), "ปี 2564 แผน (ผล)*".into()], vec!["งบประมาณ".into(), "ปี 2565 แผน".into()]];
        assert_eq!(split_columns(&mut header, &mut body, &mut paths, &rules), 1);
        assert_eq!(paths[1], vec!["งบประมาณ", "ปี 2564 แผน (ผล)*", "แผน"]);
        assert_eq!(paths[2], vec!["งบประมาณ", "ปี 2564 แผน (ผล)*", "ผล"]);
        assert_eq!(paths[3], vec!["งบประมาณ", "ปี 2565 แผน"]);
        let texts = |l: &Line| l.cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&header[1]), vec!["", "ปี 2564 แผน (ผล)*", "", "ปี 2565 แผน"]);
        assert_eq!(texts(&body[0]), vec!["ก", "13,895,727", "( 17,133,433 )", "3,647,129"]);
        assert_eq!(body[0].cells[2].norm, "17,133,433");
        assert_eq!(texts(&body[1]), vec!["ข", "5,000", "", "49,503"]);
        // Each part has the box of its own words.
        assert_eq!(body[0].cells[1].bbox, Some(b(10.0, 12.0, 60.0)));
        assert_eq!(body[0].cells[2].bbox, Some(BBox { x0: 12.0, y0: 0.0, x1: 58.0, y1: 10.0 }));
    }

    #[test]
    fn records_read_the_plan_and_its_result_each_on_its_own() {
        let text = "ตัวชี้วัด\tหน่วยนับ\tปี 2564 แผน (ผล)\tปี 2565 แผน\nก งาน\tราย\t1,000 ( 900 )\t2,000\nข งาน\tราย\t3,000 ( 2,500 )\t4,000\n";
        let x = crate::Pipeline::new(None).unwrap().extract_bytes(std::path::Path::new("t.txt"), text.as_bytes()).unwrap();
        let r = &x.records[0];
        let f = |k: &str| r.fields.get(k).map(|v| v.csv());
        assert_eq!((f("amount_2564"), f("amount_2564_ผล"), f("amount_2565")), (Some("1000".into()), Some("900".into()), Some("2000".into())));
    }

    #[test]
    fn no_split_without_the_header_or_with_other_cells() {
        let rules = TableRules::builtin();
        let paths0 = vec![vec!["a".to_string()], vec!["ปี 2564 แผน (ผล)".to_string()]];
        // Text in the column: no pair column.
        let mut body = vec![line(&["ก", "1,000 (2,000)"]), line(&["ข", "ดูหมายเหตุ"])];
        let mut paths = paths0.clone();
        assert_eq!(split_columns(&mut [], &mut body, &mut paths, &rules), 0);
        assert_eq!(paths, paths0);
        // A header that names no pair.
        let mut body = vec![line(&["ก", "1,000 (2,000)"])];
        let mut paths = vec![vec!["a".to_string()], vec!["ปี 2564".to_string()]];
        assert_eq!(split_columns(&mut [], &mut body, &mut paths, &rules), 0);
        assert_eq!(body[0].cells.len(), 2);
    }
}
