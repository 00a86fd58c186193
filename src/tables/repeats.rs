//! Repeated headers: the same header characters met again, however the rows and cells
//! were cut. A repeat at the top of a block on a new page continues the table; a repeat
//! in the middle of a block, under body rows, starts a new table (small tables set one
//! under another, each with its own copy of the same header, read as one block).

use super::header_row_count;
use crate::model::{Flag, Line};
use crate::rules::TableRules;

/// The fewest header characters that make a repeat worth weighing (a one-word header
/// is met in body rows by chance).
pub(super) const MIN_HEADER_CHARS: usize = 6;

/// The share (percent) of characters a header of two rows or more met again in the
/// middle of a block must have in common with the block's header: looser than a
/// continuation's (`repeat_similarity`), as the next small table under the same header
/// words may plan other years ("60 61 62" under "60 61 62 63 64"). A one-row header may
/// be a first record taken for one (a list with no header), and records alike but for a
/// few characters follow it: it is held to the continuation's share.
const MID_BLOCK_SIMILARITY: usize = 90;

/// The characters (whitespace removed, sorted) of a run of rows.
pub(super) fn char_bag<'a>(rows: impl Iterator<Item = &'a Line>) -> Vec<char> {
    text_bag(rows.flat_map(|l| l.cells.iter().map(|c| c.norm.as_str())))
}

/// The characters (whitespace removed, sorted) of some texts, however they were cut: what
/// [`similarity`] compares.
pub(crate) fn text_bag<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<char> {
    let mut v: Vec<char> = texts.flat_map(str::chars).filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

/// How alike two character bags are: the characters they have in common in per mille of
/// the larger, and whether that reaches `share` percent. Equal but for a few characters
/// (a wrapped header cell whose last line a PDF draws across the rule under the header
/// falls into the next row) still passes.
pub(crate) fn similarity(a: &[char], b: &[char], share: usize) -> (usize, bool) {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let larger = a.len().max(b.len());
    (common * 1000 / larger.max(1), common * 100 >= larger * share)
}

/// The share (percent) two headers' characters must have in common: looser when any of
/// `lines` was read by OCR (misread letters).
pub(super) fn share_for<'a>(lines: impl Iterator<Item = &'a Line>, rules: &TableRules) -> usize {
    let ocr = lines.flat_map(|l| l.cells.iter()).any(|c| c.flags.contains(&Flag::Ocr));
    if ocr { rules.repeat_similarity_ocr } else { rules.repeat_similarity }
}

/// Cuts a table block where its header (the rows [`header_row_count`] finds at its top)
/// is met again below body rows: rows that read as a header and hold the same characters
/// as the block's header (cut into rows and cells in any way), with a row under them.
/// Each part after the first starts at such a repeat. A block without a header, or
/// without a repeat, comes back whole.
pub(super) fn split_at_repeated_headers(mut lines: Vec<Line>, rules: &TableRules) -> Vec<Vec<Line>> {
    let h = header_row_count(&lines, rules);
    let head = char_bag(lines[..h].iter());
    if h == 0 || head.len() < MIN_HEADER_CHARS {
        return vec![lines];
    }
    let sizes: Vec<usize> = lines.iter().map(char_bag_size).collect();
    let mut cuts = Vec::new();
    // At least one body row stands between a header and its repeat.
    let mut i = h + 1;
    while i < lines.len() {
        match repeat_at(&lines, &sizes, i, &head, h, rules) {
            Some(k) => {
                cuts.push(i);
                i += k + 1;
            }
            None => i += 1,
        }
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    for &c in cuts.iter().rev() {
        parts.push(lines.split_off(c));
    }
    parts.push(lines);
    parts.reverse();
    parts
}

/// The number of characters [`char_bag`] takes from a row.
fn char_bag_size(l: &Line) -> usize {
    l.cells.iter().map(|c| c.norm.chars().filter(|c| !c.is_whitespace()).count()).sum()
}

/// The number of rows from `i` that repeat the header of `head_rows` rows whose
/// characters are `head`, if they do: rows that read as a header, the best match among
/// the counts up to the header's row limit, each leaving a body row under them. Rows
/// whose number of characters (`sizes`, per line) cannot reach the share are passed over
/// before any bag is sorted, and whether the rows read as a header is asked last (most
/// rows of a block are neither).
fn repeat_at(lines: &[Line], sizes: &[usize], i: usize, head: &[char], head_rows: usize, rules: &TableRules) -> Option<usize> {
    if lines[i].is_blank() {
        return None;
    }
    let (_, k) = (1..=rules.header_max_rows)
        .filter(|&k| i + k < lines.len())
        .filter_map(|k| {
            let rows = &lines[i..i + k];
            let share = share_for(rows.iter(), rules);
            let share = if head_rows >= 2 { share.min(MID_BLOCK_SIMILARITY) } else { share };
            let n: usize = sizes[i..i + k].iter().sum();
            if n.min(head.len()) * 100 < n.max(head.len()) * share {
                return None;
            }
            let (score, ok) = similarity(head, &char_bag(rows.iter()), share);
            ok.then_some((score, k))
        })
        .max_by_key(|&(score, k)| (score, k))?;
    (header_row_count(&lines[i..], rules) > 0).then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn line(n: u32, cells: &[&str]) -> Line {
        let cells = cells.iter().map(|t| Cell { norm: t.to_string(), ..Cell::raw(*t) }).collect();
        Line { page: 1, number: n, cells, tabular: true, bbox: None }
    }

    fn block(rows: &[&[&str]]) -> Vec<Line> {
        rows.iter().enumerate().map(|(n, r)| line(n as u32 + 1, r)).collect()
    }

    fn starts(parts: &[Vec<Line>]) -> Vec<u32> {
        parts.iter().map(|p| p[0].number).collect()
    }

    #[test]
    fn a_header_met_again_under_body_rows_starts_a_new_part() {
        let rules = TableRules::builtin();
        // The second copy of the header is cut into cells differently (other column
        // widths): still the same header.
        let b = block(&[
            &["กิจกรรม", "เป้าหมาย (ปี)", "", ""],
            &["", "60", "61", "62"],
            &["1.1 งานแรก", "ทำ", "", ""],
            &["1.2 งานสอง", "", "ทำ", ""],
            &["กิจกรรม", "", "เป้าหมาย (ปี)", ""],
            &["", "60", "61 62", ""],
            &["1.1 อื่น", "ทำ", "", ""],
        ]);
        let parts = split_at_repeated_headers(b, &rules);
        assert_eq!(starts(&parts), vec![1, 5]);
        assert_eq!(parts[1].len(), 3);
        // The next table under the same header words plans one year less.
        let b = block(&[
            &["กิจกรรม (งานที่จะทำ)", "เป้าหมายและตัวชี้วัด (ปี)", "", "", ""],
            &["", "2560 - 2564", "", "", ""],
            &["", "60", "61", "62", "63"],
            &["1.1 งานแรก", "ทำ", "", "", ""],
            &["กิจกรรม (งานที่จะทำ)", "เป้าหมายและตัวชี้วัด (ปี)", "", "", ""],
            &["", "2560 - 2564", "", "", ""],
            &["", "60", "61", "62", ""],
            &["1.1 อื่น", "ทำ", "", "", ""],
        ]);
        assert_eq!(starts(&split_at_repeated_headers(b, &rules)), vec![1, 5]);
    }

    #[test]
    fn no_repeat_no_header_or_nothing_under_it_leaves_the_block_whole() {
        let rules = TableRules::builtin();
        let whole = |b: Vec<Line>| split_at_repeated_headers(b, &rules).len() == 1;
        // Body rows that share some of the header's words are no repeat.
        assert!(whole(block(&[&["กิจกรรม", "เป้าหมาย (ปี)"], &["1.1 กิจกรรมแรก", "เป้าหมายปีละ 1"], &["1.2 งาน", "2"]])));
        // A repeat with no row under it (the next page goes on) is left to the next block.
        assert!(whole(block(&[&["กิจกรรม", "เป้าหมาย (ปี)"], &["1.1 งาน", "ทำ"], &["กิจกรรม", "เป้าหมาย (ปี)"]])));
        // A block without a header (a list of amounts) is never cut.
        assert!(whole(block(&[&["ก", "478,966,500"], &["ข", "1,000"], &["ก", "478,966,500"], &["ค", "2"]])));
        // A first record taken for a one-row header: records alike but for a few
        // characters under it are no repeat.
        assert!(whole(block(&[&["11/20/2015", "Boeing Company", "Long Beach", "28"], &["11/24/2015", "Runaway Corp", "Irvine", "73"], &["11/20/2015", "Boeing Company", "Long Beach", "10"], &["12/02/2015", "CommScope", "San Jose", "90"]])));
        // Right under the header: the header's second copy is part of it, not a repeat.
        let b = block(&[&["กิจกรรม", "เป้าหมาย (ปี)"], &["กิจกรรม", "เป้าหมาย (ปี)"], &["1.1 งาน", "ทำ"]]);
        assert_eq!(split_at_repeated_headers(b, &rules).len(), 1);
    }
}
