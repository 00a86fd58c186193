//! Moved headers: a header repeated with the same words but in other columns is the
//! header of a new table, not of the table continued.

use crate::model::{BBox, Flag, Line};

/// True when a header repeated in a new block stands in other columns than the table's
/// header: the median horizontal shift of the cells whose text is the same in both is
/// over `max_shift` points, measured from each header's left edge. A table continued on
/// another page keeps its columns; a new table with the same header words has its own
/// column widths. Undecided (false) without
/// positions, for OCR, or with fewer than two matching cells.
pub(super) fn header_moved(old: &[Line], new: &[Line], max_shift: f32) -> bool {
    // Cell centres measured from the header's left edge: pages printed for binding move
    // a whole continued table left or right (odd and even margins), which is no move.
    let cells = |rows: &[Line]| -> Vec<(String, f32)> {
        let v: Vec<(String, BBox)> = rows
            .iter()
            .flat_map(|l| l.cells.iter())
            .filter(|c| !c.flags.contains(&Flag::Ocr))
            .filter_map(|c| {
                let key: String = c.norm.chars().filter(|c| !c.is_whitespace()).collect();
                Some((key, c.bbox?)).filter(|(k, _)| !k.is_empty())
            })
            .collect();
        let left = v.iter().map(|(_, b)| b.x0).fold(f32::INFINITY, f32::min);
        v.into_iter().map(|(k, b)| (k, (b.x0 + b.x1) / 2.0 - left)).collect()
    };
    let (old, new) = (cells(old), cells(new));
    let mut shifts: Vec<f32> = new
        .iter()
        .filter_map(|(k, x)| {
            let mut same = old.iter().filter(|(o, _)| o == k);
            let first = same.next()?;
            // A text met twice in the old header ("2560" under two groups) is no anchor.
            same.next().is_none().then(|| (first.1 - x).abs())
        })
        .collect();
    if shifts.len() < 2 {
        return false;
    }
    shifts.sort_by(f32::total_cmp);
    shifts[shifts.len() / 2] > max_shift
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn header(cells: &[(&str, f32)]) -> Vec<Line> {
        let cells = cells
            .iter()
            .map(|&(t, x)| Cell { text: t.into(), norm: t.into(), bbox: Some(BBox { x0: x, y0: 0.0, x1: x + 40.0, y1: 10.0 }), ..Default::default() })
            .collect();
        vec![Line { page: 1, number: 1, cells, tabular: true, bbox: None }]
    }

    #[test]
    fn same_words_in_other_columns_is_a_new_header() {
        let old = header(&[("ชื่อ", 50.0), ("หน่วย", 200.0), ("รวม", 300.0)]);
        let new = header(&[("ชื่อ", 50.0), ("หน่วย", 240.0), ("รวม", 380.0)]);
        assert!(header_moved(&old, &new, 6.0));
    }

    #[test]
    fn a_table_moved_whole_by_the_page_margin_is_not_moved() {
        let old = header(&[("ชื่อ", 50.0), ("หน่วย", 200.0), ("รวม", 300.0)]);
        let new = header(&[("ชื่อ", 70.0), ("หน่วย", 221.0), ("รวม", 320.0)]);
        assert!(!header_moved(&old, &new, 6.0));
    }

    #[test]
    fn without_positions_or_anchors_nothing_is_decided() {
        let old = header(&[("ชื่อ", 50.0), ("หน่วย", 200.0)]);
        let new = header(&[("ชื่อ", 50.0), ("อื่น", 240.0)]);
        assert!(!header_moved(&old, &new, 6.0));
        let mut bare = header(&[("ชื่อ", 50.0), ("หน่วย", 300.0)]);
        bare[0].cells.iter_mut().for_each(|c| c.bbox = None);
        assert!(!header_moved(&old, &bare, 6.0));
    }
}
