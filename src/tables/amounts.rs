//! Amounts where no record can use them: a cell holding two or more amounts, or an amount
//! in a header row. Layout keeps one printed line a row, but some cells are printed with
//! several amounts (a plan with its prior-year result, "13,895,727 (17,133,433)", is cut in
//! two by `paired` when its header names the pair; not otherwise) and some joins remain;
//! each such cell is flagged `merged_amounts` with a review item naming it.

use crate::celltext::{ascii_digits, is_thai_digit, shape, Commas, Shape};
use crate::model::{add_flag, Flag, ReviewItem, RowKind, Table};
use std::borrow::Cow;

/// The amounts in a text: numbers grouped in thousands ("1,234", "12,345.50") and
/// decimals of four places ("110.4151", millions of baht to the hundred), Thai digits too.
pub fn amounts(text: &str) -> usize {
    // Thai digits as ASCII digits; most cells have none, and are read as they are.
    let t: Cow<str> = if text.chars().any(is_thai_digit) { Cow::Owned(ascii_digits(text)) } else { Cow::Borrowed(text) };
    // The runs of digits, commas and points, split as bytes (all ASCII: every byte of
    // another character ends a run), each without the commas and points it ends with.
    // Only runs that start with a digit can be amounts: the split also yields an empty
    // run for every byte of Thai text (three a letter), which are skipped before anything
    // else is asked of them (they were most of this function's work).
    let is_run = |b: &u8| b.is_ascii_digit() || matches!(b, b',' | b'.');
    t.as_bytes()
        .split(|b| !is_run(b))
        .filter(|w| w.first().is_some_and(u8::is_ascii_digit))
        .filter_map(|w| std::str::from_utf8(w).ok())
        .filter(|w| is_amount(w.trim_end_matches([',', '.'])))
        .count()
}

/// An amount is a number grouped in thousands (the shape [`shape`] names), or a plain
/// decimal of four places.
fn is_amount(w: &str) -> bool {
    match shape(w) {
        Shape::Number { commas: Commas::Thousands, percent: false, .. } => true,
        Shape::Number { commas: Commas::None, decimals: true, percent: false } => w.split_once('.').is_some_and(|(_, d)| d.len() == 4),
        _ => false,
    }
}

/// Flags the cells of a table that hold amounts no record can use and returns a review
/// item for each.
pub(super) fn flag_merged(table: &mut Table) -> Vec<ReviewItem> {
    let mut out = Vec::new();
    for (ri, row) in table.rows.iter_mut().enumerate() {
        let header = row.kind == RowKind::Header;
        for (ci, cell) in row.cells.iter_mut().enumerate() {
            let n = amounts(if cell.norm.is_empty() { &cell.text } else { &cell.norm });
            if n >= 2 || (header && n == 1) {
                add_flag(&mut cell.flags, Flag::MergedAmounts);
                let what = if n >= 2 { format!("cell holds {n} amounts") } else { "an amount in a header row".to_string() };
                out.push(ReviewItem {
                    table: Some(table.id.clone()),
                    row: Some(ri),
                    column: Some(ci),
                    page: row.page,
                    line: row.line,
                    flag: Flag::MergedAmounts,
                    message: format!("{what}: \"{}\"", cell.text),
                    value: None,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::amounts;

    #[test]
    fn amounts_are_grouped_numbers_and_four_place_decimals() {
        assert_eq!(amounts("78,459,000 บาท"), 1);
        assert_eq!(amounts("13,895,727 ( 17,133,433 )"), 2);
        assert_eq!(amounts("๑,๒๓๔ และ 110.4151"), 2);
        // Years, small numbers, outline codes and wrapped fragments are no amounts.
        assert_eq!(amounts("ปี 2565 ข้อ 7.2.1 จำนวน 250 1,15 12.5"), 0);
        // Words with no digit; amounts written against Thai letters.
        assert_eq!(amounts("บาท ,., ..."), 0);
        assert_eq!(amounts("ก1,234,567.ข๕,๖๗๘,"), 2);
        // Runs that start with a comma or a point are no amounts.
        assert_eq!(amounts(",123,456 .1234 ก,1,234"), 0);
    }
}
