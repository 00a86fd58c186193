//! Header rows and the path of every column through them.

use crate::celltext::shape;
use crate::model::Line;
use crate::rules::TableRules;
use unicode_segmentation::UnicodeSegmentation;

/// Width of a label as a reader counts it: grapheme clusters (a Thai consonant with its
/// marks is one), not code points.
fn width(s: &str) -> usize {
    s.graphemes(true).count()
}

/// How many rows at the top of a table block are header rows.
///
/// The first row is a header when the block has two rows or more, none of its cells is a
/// long statement (a table of label/statement pairs has no header) and none beyond the
/// first is an amount ("478,966,500", "76.9473": a list of amounts has no header), nor does
/// any cell hold an amount among words ("12,500,000 บาท", "7.1 แผนงาน ... 123,666,900":
/// a budget line, never a column label). A row below it is a
/// sub-header while its first cell is empty and all its cells are short labels (long
/// text in a row with an empty first cell is body text that continues from above).
pub fn header_row_count(rows: &[Line], rules: &TableRules) -> usize {
    let long = |l: &Line, max: usize| l.cells.iter().any(|c| width(&c.norm) > max);
    if rows.len() < 2 || long(&rows[0], rules.header_first_row_max_cell_chars) || rows[0].cells.iter().skip(1).any(|c| shape(&c.norm).is_amount()) || holds_amount(&rows[0]) {
        return 0;
    }
    let mut k = 1;
    while k < rows.len() && k < rules.header_max_rows && is_subheader(&rows[k], rules) {
        k += 1;
    }
    k
}

/// True when a cell of the line holds an amount ([`super::amounts::amounts`]).
fn holds_amount(line: &Line) -> bool {
    line.cells.iter().any(|c| super::amounts::amounts(&c.norm) > 0)
}

fn is_subheader(line: &Line, rules: &TableRules) -> bool {
    // Mostly amounts: a row of values. (A sub-header may carry an amount beside its
    // labels, "งบดำเนินงาน | 99,424 บาท | ค.ศ. | จ.น.", and stays a header.)
    let filled = line.cells.iter().filter(|c| !c.norm.is_empty()).count();
    let amounts = line.cells.iter().filter(|c| super::amounts::amounts(&c.norm) > 0).count();
    if 2 * amounts > filled {
        return false;
    }
    let first_empty = line.cells.first().map_or(true, |c| c.norm.is_empty());
    let mut any = false;
    for c in &line.cells {
        if c.norm.is_empty() {
            continue;
        }
        any = true;
        if width(&c.norm) > rules.header_max_cell_chars {
            return false;
        }
    }
    first_empty && any
}

/// The header path of each column: the texts of the header cells that cover it, top down.
///
/// A header cell followed by empty cells spans those columns that have a sub-header
/// below it; an empty header cell that no span covers belongs to the cell above it.
pub fn column_paths(header: &[Vec<String>], ncols: usize) -> Vec<Vec<String>> {
    let h = header.len();
    let text = |r: usize, c: usize| header[r].get(c).map(String::as_str).unwrap_or("");
    let has_below = |r: usize, c: usize| (r + 1..h).any(|rr| !text(rr, c).is_empty());
    // owner[r][c]: the (row, col) of the header cell that covers (r, c).
    let mut owner: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; ncols]; h];
    for r in 0..h {
        for c in 0..ncols {
            if !text(r, c).is_empty() {
                owner[r][c] = Some((r, c));
            } else if c > 0 && owner[r][c - 1].is_some_and(|o| o.0 == r) && has_below(r, c) {
                owner[r][c] = owner[r][c - 1];
            } else if r > 0 {
                owner[r][c] = owner[r - 1][c];
            }
        }
    }
    (0..ncols)
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            let mut prev = None;
            for row in owner.iter() {
                if let Some(o) = row[c] {
                    if prev != Some(o) {
                        path.push(text(o.0, o.1).to_string());
                        prev = Some(o);
                    }
                }
            }
            path
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.split('\t').map(String::from).collect()).collect()
    }

    #[test]
    fn a_row_holding_an_amount_is_no_header() {
        let line = |cells: &[&str]| Line {
            page: 1,
            number: 1,
            cells: cells.iter().map(|t| crate::model::Cell { norm: t.to_string(), ..crate::model::Cell::raw(*t) }).collect(),
            tabular: true,
            bbox: None,
        };
        let rules = TableRules::builtin();
        let body = line(&["7.3.2.1", "purpose", ""]);
        assert_eq!(header_row_count(&[line(&["7.3.2 project", "name", "12,500,000 บาท"]), body.clone()], &rules), 0);
        assert_eq!(header_row_count(&[line(&["7.1 แผนงานบุคลากรภาครัฐ 123,666,900", "", ""]), body.clone()], &rules), 0);
        assert_eq!(header_row_count(&[line(&["กิจกรรม", "ปี 2565", "รวม"]), body.clone()], &rules), 1);
        // A sub-header of labels may carry an amount; a row of amounts is no sub-header.
        let top = line(&["รายการ", "งบ", "ตัวชี้วัด", "", ""]);
        assert_eq!(header_row_count(&[top.clone(), line(&["", "99,424 บาท", "ค.ศ.", "จ.น.", "ค.ศ."]), body.clone()], &rules), 2);
        assert_eq!(header_row_count(&[top, line(&["", "311,011,100", "216,035,100", "", ""]), body], &rules), 1);
    }

    #[test]
    fn spans_cover_sub_headers_and_empty_cells_extend_down() {
        // The road-map header of seed 000, shortened.
        let g = grid(&["ที่\tความจำเป็น\t\t\t\t\tหน่วยงาน\t\tผล", "\tปี 66\tปี 67\tบรรจุ\t\t\tหลัก\tสนับสนุน\t", "\t\t\tปี 68\tปี 69\tปี 70\t\t\t"]);
        let p = column_paths(&g, 9);
        assert_eq!(p[0], vec!["ที่"]);
        assert_eq!(p[1], vec!["ความจำเป็น", "ปี 66"]);
        assert_eq!(p[4], vec!["ความจำเป็น", "บรรจุ", "ปี 69"]);
        assert_eq!(p[7], vec!["หน่วยงาน", "สนับสนุน"]);
        assert_eq!(p[8], vec!["ผล"]);
    }

    #[test]
    fn amounts_are_not_header_labels() {
        for a in ["478,966,500", "76.9473", "-1,000", "5,256,500.25"] {
            assert!(shape(a).is_amount(), "{a}");
        }
        for n in ["2564", "ปี 2564", "(1)", "1,00", "12,3456", ".5", "1.", "แผน", ""] {
            assert!(!shape(n).is_amount(), "{n}");
        }
    }

    #[test]
    fn a_label_without_sub_headers_does_not_span() {
        let g = grid(&["a\tb\t\tc", "\tx\ty\t"]);
        let p = column_paths(&g, 5);
        assert_eq!(p[2], vec!["b", "y"]);
        assert_eq!(p[3], vec!["c"]);
        assert!(p[4].is_empty());
    }
}
