//! Where one row ends and the next begins, from line spacing alone: the line pitch inside
//! wrapped cells, the row gap (pitch plus cell padding), and the records in one band of a
//! ruled grid whose rows are not ruled.

use super::words::{right_to_left, Item};
use crate::celltext::{attaches_to_previous, is_digit, opens_list_item, shape, Commas, LeadingCode, Shape};
use super::LayoutSettings;
use crate::ingest::pdf::Ruling;

/// The line pitch inside a wrapped cell: the smallest gap between consecutive lines
/// (at least a font size) that occurs twice or more. Rows are set apart by this pitch
/// plus the cell padding.
pub(super) fn line_pitch(ys: &[(f32, f32)], set: &LayoutSettings) -> Option<f32> {
    let size = {
        let mut v: Vec<f32> = ys.iter().map(|y| y.1).collect();
        v.sort_by(f32::total_cmp);
        *v.get(v.len() / 2)?
    };
    // A line pitch is at least 1.2 em (closer baselines are vertically centred cells
    // interleaving); a gap of 1.78 em or more is already a row gap (cell padding).
    let gaps: Vec<f32> = ys.windows(2).map(|w| w[0].0 - w[1].0).filter(|&g| g >= set.min_line_pitch * size).collect();
    smallest_recurring(&gaps, set).filter(|&p| p < set.max_line_pitch * size)
}

/// The smallest gap that recurs: seen at least `pitch_min_count` times within
/// `pitch_match` (a pitch, not one odd gap).
fn smallest_recurring(gaps: &[f32], set: &LayoutSettings) -> Option<f32> {
    gaps.iter()
        .copied()
        .filter(|&g| gaps.iter().filter(|&&h| (h - g).abs() <= set.pitch_match).count() >= set.pitch_min_count)
        .min_by(f32::total_cmp)
}

/// The line pitch inside a table's wrapped cells, measured where cells wrap: the gap
/// above a line whose text lies only in columns the line above fills, and in fewer of
/// them (the next lines of the cells that wrapped). The smallest such gap seen twice, up
/// to `max_wrapped_pitch` em: fonts with tall marks set their lines wider apart than
/// `max_line_pitch`, so that cap alone would call each printed line of a cell a row.
/// `lines` are the lines' baselines, sizes and filled columns, top down.
pub(super) fn wrapped_pitch(lines: &[(f32, f32, Vec<usize>)], set: &LayoutSettings) -> Option<f32> {
    let gaps: Vec<f32> = lines
        .windows(2)
        .filter(|w| !w[1].2.is_empty() && w[1].2.len() < w[0].2.len() && w[1].2.iter().all(|c| w[0].2.contains(c)))
        .filter(|w| (w[0].1 - w[1].1).abs() <= set.pitch_size_match)
        .map(|w| (w[0].0 - w[1].0, w[1].1))
        .filter(|&(g, size)| g >= set.min_line_pitch * size && g < set.max_wrapped_pitch * size)
        .map(|(g, _)| g)
        .collect();
    smallest_recurring(&gaps, set)
}

/// True when a table's spacing tells its rows apart: among lines of one font size, a
/// row gap (the line pitch plus cell padding) recurs beside the line pitch, so rows of
/// several lines are set apart. Otherwise (every line one pitch below the last, or no
/// pitch at all) each printed line may be a row and only the lines' content tells
/// records from wrapped cells. `ys` are the lines' baselines and sizes, top down.
pub(super) fn rows_spaced_apart(ys: &[(f32, f32)], set: &LayoutSettings) -> bool {
    let mut sizes: Vec<f32> = ys.iter().map(|y| y.1).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.dedup_by(|a, b| *a - *b <= set.pitch_size_match);
    sizes.iter().any(|&size| {
        let one = |s: f32| (s - size).abs() <= set.pitch_size_match;
        let gaps: Vec<f32> = ys.windows(2).filter(|w| one(w[0].1) && one(w[1].1)).map(|w| w[0].0 - w[1].0).collect();
        let recurs = |g: f32| gaps.iter().filter(|&&h| (h - g).abs() <= set.pitch_match).count() >= set.pitch_min_count;
        let Some(p) = gaps.iter().copied().filter(|&g| g >= set.min_line_pitch * size && recurs(g)).min_by(f32::total_cmp) else {
            return false;
        };
        let apart = |g: f32| row_gap(g, Some(p), size, set) && g >= p + set.row_apart_min * size;
        gaps.iter().any(|&g| apart(g) && g <= set.run_break_gap * size && recurs(g))
    })
}

/// True when the gap between two consecutive lines starts a new row.
pub(super) fn row_gap(gap: f32, pitch: Option<f32>, size: f32, set: &LayoutSettings) -> bool {
    match pitch {
        Some(p) => gap > p + set.row_padding_min.max(set.row_padding_share * p),
        None => gap > set.row_gap_no_pitch * size,
    }
}

/// The heights of the horizontal rules that run across a table between `x0` and `x1`:
/// at each height the rules there (one a cell, when cells draw their own borders) cover
/// at least `full_rule_share` of the width.
pub(super) fn rules_across(rules: &[Ruling], x0: f32, x1: f32, set: &LayoutSettings) -> Vec<f32> {
    let h: Vec<&Ruling> = rules.iter().filter(|r| r.horizontal()).collect();
    let mut ys: Vec<f32> = Vec::new();
    for r in &h {
        let y = (r.y0 + r.y1) / 2.0;
        if ys.iter().any(|&k| (k - y).abs() <= set.rule_match) {
            continue;
        }
        let covered: f32 = h.iter().filter(|o| ((o.y0 + o.y1) / 2.0 - y).abs() <= set.rule_match).map(|o| (o.x1.min(x1) - o.x0.max(x0)).max(0.0)).sum();
        if covered >= set.full_rule_share * (x1 - x0) {
            ys.push(y);
        }
    }
    ys
}

/// Whether rules across the table set its rows apart (a rule under every row, no
/// vertical rules): enough of them lie between its lines (baselines `ys`, top down), so
/// a line with no rule above it continues the row (a wrapped cell) at any spacing. A
/// rule or two between lines (under the header, over a total) is no such layout.
pub(super) fn rows_ruled(rule_ys: &[f32], ys: &[f32], min: usize, set: &LayoutSettings) -> bool {
    let (Some(&top), Some(&bottom)) = (ys.first(), ys.last()) else { return false };
    let inner = rule_ys.iter().filter(|&&y| y < top && y > bottom).count();
    inner >= min && inner as f32 >= set.row_rules_share * ys.len() as f32
}

/// The rules that set a table's rows apart, if its rows are drawn by rules
/// ([`rows_ruled`], at least `min` of them between its lines); `cols` its columns, `ys`
/// its lines' baselines, top down.
pub(super) fn rows_across_rules(rules: &[Ruling], min: usize, cols: &[(f32, f32)], ys: &[f32], set: &LayoutSettings) -> Option<Vec<f32>> {
    let (x0, x1) = (cols.first()?.0, cols.last()?.1);
    let r = rules_across(rules, x0, x1, set);
    rows_ruled(&r, ys, min, set).then_some(r)
}

/// A value of a cell's own: a number, a nil dash, a checkmark or arrows, a number
/// grouped in thousands followed by its unit ("76,947,300 บาท"; "1.1 เงินอุดหนุน" is an
/// outline code before a label), or a number with its currency sign ("8 €", "$12.50").
/// Not other figures: "(17,133,433)" is a prior-year figure printed under its row's value,
/// "1.1.2" an outline code.
pub(super) fn holds_value(text: &str) -> bool {
    shape(text).is_value() || grouped_amount(text) || signed_price(text)
}

/// A number with a sign before or after it that is neither a letter, a digit nor a mark
/// of a number (a currency sign: "8 €", "€ 8", "$12.50"). Told by shape, not by a list of
/// currencies: a letter unit ("12.5CL", "60 ปี") may be words wrapped after a number.
fn signed_price(text: &str) -> bool {
    // A number has a digit: text without one (most labels) is never a price, and is not
    // trimmed (telling a Thai letter from a sign looks it up in Unicode's tables).
    if !text.chars().any(is_digit) {
        return false;
    }
    let sign = |c: char| !c.is_alphanumeric() && !c.is_whitespace() && !attaches_to_previous(c) && !matches!(c, ',' | '.' | '(' | ')' | '-' | '+' | '%' | '/' | '*' | ':');
    let t = text.trim();
    let bare = t.trim_start_matches(sign);
    let bare = bare.trim_end_matches(sign);
    bare.len() < t.len() && shape(bare).is_number()
}

/// An amount grouped in thousands, maybe with its unit ("1,595,800", "76,947,300 บาท"):
/// a value complete in itself, never the fragment of a number wrapped in a narrow column
/// ("1,15" over "0", "256" over "0").
pub(super) fn grouped_amount(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| matches!(shape(w), Shape::Number { commas: Commas::Thousands, .. }))
}

/// A value complete in itself, never the fragment of a number wrapped in a narrow column:
/// an amount grouped in thousands ([`grouped_amount`]) or a number with its currency sign
/// ("8 €").
pub(super) fn whole_value(text: &str) -> bool {
    grouped_amount(text) || signed_price(text)
}

/// A cell that is an outline code and nothing else ("7.6.3.4"): the number of an item,
/// set in a column of its own like a row number.
fn code_alone(text: &str) -> bool {
    let t = text.trim();
    LeadingCode::parse(t).is_some_and(|c| c.len == t.len())
}

/// Whether a printed line that the spacing alone would join to the row above (at the
/// line pitch, or every line of the table equally spaced) is a record of its own. It is
/// when it fills the key (first) column and either holds a value of its own in another
/// column where the row has no words (empty, or a value: a second value is a second
/// record), opens a numbered item ("(2) ...", "3.1 ...") or is the key alone under a row
/// that has its other cells and over a keyed line with a value (`heads_item`), unless the
/// key text above
/// ran to its column's edge (`key_wrapped`): then this line's key text is its
/// continuation, and a value on it sits on a wrapped row's last line. A key that is a
/// value itself (a row number) or an outline code alone ("7.6.3.4") is a record unless
/// it sits under words: a number under
/// words, in any column, is the end of a wrapped text ("... ปี" over "60"). `row` and
/// `line` hold each column's text, `""` when empty.
pub(super) fn opens_record(row: &[String], line: &[String], key_wrapped: bool, heads_item: bool) -> bool {
    let words = |t: &String| !t.trim().is_empty() && !holds_value(t) && !code_alone(t);
    let own = |c: usize| holds_value(&line[c]) && !row.get(c).is_some_and(words);
    let Some(key) = line.first().filter(|t| !t.trim().is_empty()) else {
        return false;
    };
    // A key alone under a row that has its other cells and a key that did not wrap, over
    // a keyed line with a value (`heads_item`), is a group's label over the group's first
    // item: the key text above would have had room for it.
    let key_alone = heads_item && line[1..].iter().all(|t| t.trim().is_empty()) && row.iter().skip(1).any(|t| !t.trim().is_empty());
    if holds_value(key) || code_alone(key) {
        !row.first().is_some_and(words)
    } else {
        // A list item's number on a line whose other words only continue the row's
        // wrapped cells (words without figures under words, no value of its own) is a
        // wrapped key's next line ("กลยุทธ์" over "5.1 พัฒนา..."), unless the row's key is
        // an item too. Figures are a cell's own ("19 ถึง 32" under a "หน้า" header).
        let wrapped_words = |t: &String| words(t) && !t.chars().any(is_digit);
        let continues = (1..line.len()).any(|c| wrapped_words(&line[c]) && row.get(c).is_some_and(words));
        let item = opens_list_item(key) && (!continues || row.first().is_some_and(|k| opens_list_item(k)));
        !key_wrapped && ((1..line.len()).any(own) || item || key_alone)
    }
}

/// Splits one band of a ruled grid (cells between two horizontal rules) into records
/// when it holds several: Excel tables often rule the columns but not the rows, and then
/// a whole page of indicators sits in one band. A record line has text in every column
/// the band uses but maybe the first (a label merged over several records), its first
/// text a label and a value after it (figures, or an amount with its unit, "114,586,700
/// บาท"); with two or more record lines the band is cut
/// before each, and before a line that opens a list item ("- ", "(1)"); other lines
/// continue the record above (labels wrap below their first line).
/// A band with one record line (a value over a prior-year figure, a wrapped label) is
/// left whole. A right-to-left table (labels in Hebrew or Arabic letters in the last
/// column, values left of them) is read the same way, mirrored, when more lines read as
/// records that way. Returns the records' tops and cells, or `None` to keep the band.
pub(super) fn split_records(bins: &[Vec<Item>], set: &LayoutSettings) -> Option<Vec<(f32, Vec<Vec<Item>>)>> {
    let used: Vec<usize> = (0..bins.len()).filter(|&c| !bins[c].is_empty()).collect();
    // Records are labelled in the first column (on their first record at least), or in
    // the last one when it is written right to left.
    let last = bins.len() - 1;
    let (ltr, rtl) = (used.first() == Some(&0), used.last() == Some(&last) && bins[last].iter().any(|i| i.text.chars().any(right_to_left)));
    if used.len() < 2 || !(ltr || rtl) {
        return None;
    }
    let mut ys: Vec<(f32, f32)> = bins.iter().flatten().map(|i| (i.y, i.size)).collect();
    ys.sort_by(|a, b| b.0.total_cmp(&a.0));
    ys.dedup_by(|a, b| (a.0 - b.0).abs() <= set.baseline_tol * a.1);
    // Two records need two lines: a band of one line is kept without reading its texts.
    if ys.len() < 2 {
        return None;
    }
    // The text of each used column on each baseline, its items joined as printed (a
    // space only where a word space is).
    let text_at = |c: usize, y: f32, size: f32| -> String {
        let mut on: Vec<&Item> = bins[c].iter().filter(|i| (i.y - y).abs() <= set.baseline_tol * size).collect();
        on.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut text = String::new();
        for (k, i) in on.iter().enumerate() {
            if k > 0 && i.x0 - on[k - 1].x1 > set.space_gap * i.size {
                text.push(' ');
            }
            text.push_str(&i.text);
        }
        text
    };
    let lines: Vec<Vec<String>> = ys.iter().map(|&(y, sz)| used.iter().map(|&c| text_at(c, y, sz)).collect()).collect();
    // The first column may be empty on a record line: a label cell merged over several
    // records is written once, on the first.
    let record_ltr = |l: &[String]| {
        let label = l.iter().position(|t| !t.is_empty()).unwrap_or(l.len());
        l[1..].iter().all(|t| !t.is_empty()) && label < l.len() && !shape(&l[label]).holds_figures() && l[label + 1..].iter().any(|t| shape(t).holds_figures() || grouped_amount(t))
    };
    // Which lines are records, read as written and (for a right-to-left table only) mirrored.
    let records = |ls: &[Vec<String>]| -> Vec<bool> { ls.iter().map(|l| record_ltr(l)).collect() };
    let count = |r: &[bool]| r.iter().filter(|&&b| b).count();
    let as_written = if ltr { records(&lines) } else { Vec::new() };
    let mirrored: Vec<Vec<String>> = if rtl { lines.iter().map(|l| l.iter().rev().cloned().collect()).collect() } else { Vec::new() };
    let as_mirrored = records(&mirrored);
    let (n_ltr, n_rtl) = (count(&as_written), count(&as_mirrored));
    // Read as written (labels first) unless the mirrored reading finds more records.
    let (read, is_record) = if n_rtl > n_ltr { (&mirrored, &as_mirrored) } else { (&lines, &as_written) };
    if n_ltr.max(n_rtl) < 2 {
        return None;
    }
    let starts: Vec<usize> = (0..read.len()).filter(|&k| k == 0 || is_record[k] || opens_list_item(&read[k][0])).collect();
    let tops: Vec<f32> = starts.iter().map(|&k| ys[k].0 + set.record_top * ys[k].1).collect();
    let mut out: Vec<(f32, Vec<Vec<Item>>)> = tops.iter().map(|&t| (t, vec![Vec::new(); bins.len()])).collect();
    for (c, v) in bins.iter().enumerate() {
        for it in v {
            let k = tops.iter().rposition(|&t| t >= it.y).unwrap_or(0);
            out[k].1[c].push(it.clone());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::word;
    use super::super::words::items;
    use super::*;

    #[test]
    fn rules_across_sum_cell_borders_and_count_only_inner_ones() {
        use super::super::testutil::hrule;
        let set = LayoutSettings::default();
        // Per-cell borders at 3 heights make full rules; a short rule under a spanning cell does not.
        let rules = vec![hrule(100.0, 200.0, 650.0), hrule(200.0, 300.0, 650.0), hrule(100.0, 300.0, 630.0), hrule(100.0, 300.0, 610.0), hrule(100.0, 150.0, 590.0)];
        let ys = rules_across(&rules, 100.0, 300.0, &set);
        assert_eq!(ys.len(), 3);
        let lines = [660.0, 640.0, 620.0, 600.0, 580.0];
        assert!(rows_ruled(&ys, &lines, 2, &set));
        assert!(!rows_ruled(&ys, &lines, 4, &set));
        // A single rule between the lines (under a header, over a total): not rows drawn by rules.
        assert!(!rows_ruled(&ys[..1], &lines, 2, &set));
        // Rules outside the lines (over and under the table) do not count.
        assert!(!rows_ruled(&[700.0, 570.0], &lines, 1, &set));
    }

    #[test]
    fn pitch_is_the_smallest_gap_seen_twice() {
        let set = LayoutSettings::default();
        // Lines 14 pt apart three times, then a 20 pt row gap.
        let ys = [(700.0, 10.0), (686.0, 10.0), (672.0, 10.0), (658.0, 10.0), (638.0, 10.0)];
        assert_eq!(line_pitch(&ys, &set), Some(14.0));
        // One gap each: no pitch.
        assert_eq!(line_pitch(&[(700.0, 10.0), (686.0, 10.0), (666.0, 10.0)], &set), None);
        // A repeated gap of 1.8 em is a row gap, not a pitch.
        assert_eq!(line_pitch(&[(700.0, 10.0), (682.0, 10.0), (664.0, 10.0)], &set), None);
    }

    #[test]
    fn wrapped_pitch_is_measured_where_cells_wrap() {
        let set = LayoutSettings::default();
        let full = vec![0, 1, 2];
        // A row whose key wraps over three more lines 2 em apart (a tall font), then a
        // row 2.2 em below: the pitch is the gap into the wrapped lines.
        let wrapped = [(700.0, 10.0, full.clone()), (680.0, 10.0, vec![0, 2]), (660.0, 10.0, vec![0]), (638.0, 10.0, full.clone())];
        assert_eq!(wrapped_pitch(&wrapped, &set), Some(20.0));
        // One-line rows, each filling every column: nothing wraps, no pitch.
        let flat: Vec<(f32, f32, Vec<usize>)> = (0..5).map(|k| (700.0 - 20.0 * k as f32, 10.0, full.clone())).collect();
        assert_eq!(wrapped_pitch(&flat, &set), None);
        // A line in a column the line above leaves empty is no wrapped text.
        let apart = [(700.0, 10.0, vec![0, 1]), (680.0, 10.0, vec![2]), (660.0, 10.0, vec![0, 1]), (640.0, 10.0, vec![2])];
        assert_eq!(wrapped_pitch(&apart, &set), None);
    }

    #[test]
    fn row_gap_is_pitch_plus_padding() {
        let set = LayoutSettings::default();
        assert!(!row_gap(14.5, Some(14.0), 10.0, &set));
        assert!(row_gap(15.0, Some(14.0), 10.0, &set));
        assert!(!row_gap(17.0, None, 10.0, &set));
        assert!(row_gap(18.0, None, 10.0, &set));
    }

    #[test]
    fn rows_are_spaced_apart_only_when_a_row_gap_recurs_beside_the_pitch() {
        let set = LayoutSettings::default();
        // Wrapped rows: 14 pt inside a row, 20 pt between rows, twice.
        let padded = [(700.0, 10.0), (686.0, 10.0), (666.0, 10.0), (652.0, 10.0), (632.0, 10.0)];
        assert!(rows_spaced_apart(&padded, &set));
        // One-line rows at one pitch, and closer than any pitch: nothing to tell rows apart.
        let even: Vec<(f32, f32)> = (0..6).map(|k| (700.0 - 14.0 * k as f32, 10.0)).collect();
        assert!(!rows_spaced_apart(&even, &set));
        let tight: Vec<(f32, f32)> = (0..6).map(|k| (700.0 - 11.5 * k as f32, 10.0)).collect();
        assert!(!rows_spaced_apart(&tight, &set));
        // A title set larger and wider apart above evenly spaced body lines is no row gap.
        let titled = [(760.0, 15.0), (739.0, 15.0), (718.0, 15.0), (700.0, 10.0), (686.0, 10.0), (672.0, 10.0)];
        assert!(!rows_spaced_apart(&titled, &set));
    }

    #[test]
    fn values_and_records() {
        assert!(holds_value("1,595,800") && holds_value("76,947,300 บาท") && holds_value("-") && holds_value("01"));
        assert!(!holds_value("(17,133,433)") && !holds_value("1.1 เงินอุดหนุนทั่วไป") && !holds_value("ปี 2565 ตั้งงบประมาณ"));
        // A number with its currency sign is a value; a number glued to a letter unit is not.
        assert!(holds_value("8 €") && holds_value("€ 8") && holds_value("$12.50") && holds_value("฿1,000"));
        assert!(!holds_value("12.5CL") && !holds_value("60 ปี") && !holds_value("€") && !holds_value("(8) €x"));
        let v = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // A keyed line with a value of its own is a record, under a value or an empty cell.
        assert!(opens_record(&v(&["01", "Aguascalientes", "001"]), &v(&["01", "Aguascalientes", "002"]), false, false));
        assert!(opens_record(&v(&["(1) เงินอุดหนุน", "", "1,595,800"]), &v(&["วงเงินทั้งสิ้น", "7,693,300", ""]), false, false));
        // Not when its key continues a wrapped key text, nor without a key or a value.
        assert!(!opens_record(&v(&["(2) ค่าใช้จ่ายโครงการ", ""]), &v(&["ในภูมิภาค", "1,125,000 บาท"]), true, false));
        assert!(!opens_record(&v(&["item", "100"]), &v(&["", "200"]), false, false));
        assert!(!opens_record(&v(&["item", "100"]), &v(&["more words", ""]), true, false));
        assert!(!opens_record(&v(&["item", ""]), &v(&["more words", ""]), false, true));
        // A key alone under a whole row whose key did not wrap, over an item with a value,
        // is the next group's label; not when it wrapped, nor over more words.
        assert!(opens_record(&v(&["item", "100"]), &v(&["next group", ""]), false, true));
        assert!(!opens_record(&v(&["item", "100"]), &v(&["next group", ""]), true, true));
        // A numbered item is a record without a value, unless the key above wrapped.
        assert!(opens_record(&v(&["(1) item", "100"]), &v(&["(2) next item", ""]), false, false));
        assert!(!opens_record(&v(&["a label ending in", "100"]), &v(&["(2560 - 2564)", ""]), true, false));
        // Nor when its other cells only continue the row's wrapped words, under a key
        // that is no item itself; under an item it is the next item.
        assert!(!opens_record(&v(&["กลยุทธ์", "2. จำนวน", "60"]), &v(&["5.1 พัฒนาระบบ", "สหกรณ์และ", ""]), false, false));
        assert!(opens_record(&v(&["1. item", "long text", "60"]), &v(&["2. next", "more text", ""]), false, false));
        assert!(opens_record(&v(&["กลยุทธ์", "2. จำนวน", "60"]), &v(&["5.1 พัฒนาระบบ", "", ""]), false, false));
        assert!(opens_record(&v(&["(ข)", "หน้า"]), &v(&["(2) สำนักงาน", "19 ถึง 32"]), false, false));
        // A number under words is the end of a wrapped text, in the key column or another.
        assert!(!opens_record(&v(&["label", "คัดเลือกฯ ปี"]), &v(&["more", "60"]), false, false));
        assert!(!opens_record(&v(&["ประมาณการ ๕", "๕"]), &v(&["๑", "๐"]), false, false));
        // A row number never continues words, even after a key that ran to its edge.
        assert!(opens_record(&v(&["9", "108"]), &v(&["10", "109"]), true, false));
    }

    #[test]
    fn a_band_of_labelled_values_is_cut_into_records() {
        let set = LayoutSettings::default();
        // Column 0: labels (the second wraps onto a line of its own); column 1: values.
        let col0 = items(&[word("alpha", 100.0, 700.0), word("beta", 100.0, 686.0), word("wrapped", 100.0, 672.0)].concat(), &set);
        let col1 = items(&[word("1,000", 300.0, 700.0), word("2,000", 300.0, 686.0)].concat(), &set);
        let bins = vec![col0, col1];
        let recs = split_records(&bins, &set).expect("two records");
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].0, 703.5);
        let text = |cell: &Vec<Item>| cell.iter().map(|i| i.text.as_str()).collect::<String>();
        assert_eq!(text(&recs[0].1[0]), "alpha");
        assert_eq!(text(&recs[1].1[0]), "betawrapped");
        assert_eq!(text(&recs[1].1[1]), "2,000");
    }

    #[test]
    fn a_right_to_left_band_is_cut_at_its_labels_on_the_right() {
        let set = LayoutSettings::default();
        // Columns 0 and 1: values; column 2: labels (the second wraps onto a line of its own).
        let vals = |x: f32| items(&[word("1.5", x, 700.0), word("2.5", x, 686.0)].concat(), &set);
        let labels = |t: [&str; 3]| items(&[word(t[0], 300.0, 700.0), word(t[1], 300.0, 686.0), word(t[2], 300.0, 672.0)].concat(), &set);
        let recs = split_records(&[vals(100.0), vals(200.0), labels(["אלף", "בית", "עוד"])], &set).expect("two records");
        assert_eq!(recs.len(), 2);
        let text = |cell: &Vec<Item>| cell.iter().map(|i| i.text.as_str()).collect::<String>();
        assert_eq!(text(&recs[1].1[2]), "ביתעוד");
        assert_eq!(text(&recs[1].1[0]), "2.5");
        // Words written left to right in the last column are remarks, not labels.
        assert!(split_records(&[vals(100.0), vals(200.0), labels(["alpha", "beta", "more"])], &set).is_none());
        // Values on the right of their labels are read left to right as before.
        let left = items(&[word("alpha", 100.0, 700.0), word("beta", 100.0, 686.0)].concat(), &set);
        assert_eq!(split_records(&[left, vals(200.0), vals(300.0)], &set).map(|r| r.len()), Some(2));
    }

    #[test]
    fn amounts_with_their_unit_are_values_of_record_lines() {
        // "budget | 2,360,722,200 บาท | 1,139,080,300 บาท" over "outside | 114,586,700 บาท | ...".
        let set = LayoutSettings::default();
        let col0 = items(&[word("budget", 100.0, 700.0), word("outside", 100.0, 686.0)].concat(), &set);
        let col1 = items(&[word("2,360,722,200 บาท", 300.0, 700.0), word("114,586,700 บาท", 300.0, 686.0)].concat(), &set);
        let col2 = items(&[word("1,139,080,300 บาท", 450.0, 700.0), word("30,000,000 บาท", 450.0, 686.0)].concat(), &set);
        let recs = split_records(&[col0, col1, col2], &set).expect("two records");
        assert_eq!(recs.len(), 2);
        let text = |cell: &Vec<Item>| cell.iter().map(|i| i.text.as_str()).collect::<String>();
        assert_eq!(text(&recs[1].1[0]), "outside");
        assert_eq!(text(&recs[1].1[2]), "30,000,000บาท");
    }

    #[test]
    fn a_band_with_one_record_line_is_kept_whole() {
        let set = LayoutSettings::default();
        let bins = vec![items(&word("alpha", 100.0, 700.0), &set), items(&[word("1,000", 300.0, 700.0), word("(900)", 300.0, 686.0)].concat(), &set)];
        assert!(split_records(&bins, &set).is_none());
    }
}
