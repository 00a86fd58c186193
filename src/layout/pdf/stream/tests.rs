//! Tests of the unruled-table rows and runs.

use super::super::columns::stream_columns;
use super::super::testutil::{lay, word};
use super::*;

fn table(rows: usize, y0: f32, pitch: f32) -> Vec<crate::ingest::pdf::Glyph> {
    (0..rows).flat_map(|r| [word(&format!("item {r}"), 100.0, y0 - pitch * r as f32), word(&format!("{}", 100 * (r + 1)), 300.0, y0 - pitch * r as f32)].concat()).collect()
}

#[test]
fn unruled_two_column_table_of_five_rows() {
    let set = LayoutSettings::default();
    let ls = lay(table(5, 700.0, 20.0));
    assert_eq!(stream_runs(&ls, &set), vec![(0, 5)]);
    let refs: Vec<&TLine> = ls.iter().collect();
    let cols = stream_columns(&refs, &set);
    let rows = stream_rows(1, &refs, &cols, true, &[], set.row_rules_min, &set);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|o| o.line.cells.len() == 2 && o.line.tabular));
    assert_eq!(rows[2].line.cells[0].text, "item 2");
    assert_eq!(rows[2].line.cells[1].text, "300");
}

#[test]
fn a_wrapped_cell_continues_its_row() {
    let set = LayoutSettings::default();
    // Rows 30 pt apart; the first row's label wraps onto a second line 14 pt down.
    let mut g = table(3, 700.0, 30.0);
    g.extend(word("more", 100.0, 686.0));
    let ls = lay(g);
    let refs: Vec<&TLine> = ls.iter().collect();
    let cols = stream_columns(&refs, &set);
    let rows = stream_rows(1, &refs, &cols, false, &[], set.row_rules_min, &set);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].line.cells[0].text, "item 0 more");
}

#[test]
fn one_line_rows_at_one_pitch_are_rows() {
    let set = LayoutSettings::default();
    // Rows one line each, set as tightly as wrapped text (no gap tells rows apart);
    // the second row's label wraps over a line of its own, its value on its last line.
    let mut g = table(2, 700.0, 14.0);
    g.extend(word("(2) a long label that", 100.0, 672.0));
    g.extend([word("wrapped", 100.0, 658.0), word("1,000", 300.0, 658.0)].concat());
    g.extend(table(2, 644.0, 14.0).into_iter().map(|mut x| {
        x.unicode = x.unicode.replace('0', "5").into();
        x
    }));
    let ls = lay(g);
    let refs: Vec<&TLine> = ls.iter().collect();
    let cols = stream_columns(&refs, &set);
    let rows = stream_rows(1, &refs, &cols, false, &[], set.row_rules_min, &set);
    let texts: Vec<Vec<&str>> = rows.iter().map(|o| o.line.cells.iter().map(|c| c.text.as_str()).collect()).collect();
    assert_eq!(texts, vec![vec!["item 0", "100"], vec!["item 1", "200"], vec!["(2) a long label that wrapped", "1,000"], vec!["item 5", "155"], vec!["item 1", "255"]]);
}

#[test]
fn amounts_at_the_pitch_in_a_padded_table_are_records() {
    let set = LayoutSettings::default();
    // Wrapped rows 14 pt inside, 20 pt apart; then two amounts with their unit one
    // pitch apart, the second under the first.
    let row = |t: &str, v: &str, y: f32| [word(t, 100.0, y), word(v, 300.0, y)].concat();
    let mut g = [row("item 0", "100", 700.0), word("wrapped words", 100.0, 686.0), row("item 1", "200", 666.0), word("more", 100.0, 652.0)].concat();
    g.extend([row("item 2", "3,000 baht", 632.0), row("item 3", "4,000 baht", 618.0)].concat());
    let ls = lay(g);
    let refs: Vec<&TLine> = ls.iter().collect();
    let cols = stream_columns(&refs, &set);
    let rows = stream_rows(1, &refs, &cols, false, &[], set.row_rules_min, &set);
    let texts: Vec<Vec<&str>> = rows.iter().map(|o| o.line.cells.iter().map(|c| c.text.as_str()).collect()).collect();
    assert_eq!(texts, vec![vec!["item 0 wrapped words", "100"], vec!["item 1 more", "200"], vec!["item 2", "3,000 baht"], vec!["item 3", "4,000 baht"]]);
}

/// The rows of lines (text, x) per line, 14 pt apart (one even pitch), laid out with
/// given columns and no header search.
fn rows_of(lines: &[&[(&str, f32)]], cols: &[(f32, f32)]) -> Vec<Vec<String>> {
    let set = LayoutSettings::default();
    let g: Vec<_> = lines.iter().enumerate().flat_map(|(k, l)| l.iter().flat_map(move |&(t, x)| word(t, x, 700.0 - 14.0 * k as f32))).collect();
    let ls = lay(g);
    let refs: Vec<&TLine> = ls.iter().collect();
    stream_rows(1, &refs, cols, false, &[], set.row_rules_min, &set).iter().map(|o| o.line.cells.iter().map(|c| c.text.clone()).collect()).collect()
}

#[test]
fn an_amount_under_an_amount_opens_a_record() {
    // A budget box: the second line is indented out of the key column and carries an
    // amount of its own; the third continues its label.
    let cols = [(40.0, 60.0), (75.0, 300.0), (400.0, 450.0)];
    let rows = rows_of(&[&[("7.2", 40.0), ("plan", 75.0), ("1,000,000", 400.0)], &[("7.2.1 output", 90.0), ("1,000,000", 400.0)], &[("purpose", 100.0)]], &cols);
    assert_eq!(rows, vec![vec!["7.2", "plan", "1,000,000"], vec!["", "7.2.1 output purpose", "1,000,000"]]);
    // The same when each amount ends its label in one column.
    let rows = rows_of(&[&[("7.4", 40.0), ("total 20,000,000", 75.0)], &[("- budget 20,000,000", 75.0)]], &cols);
    assert_eq!(rows.len(), 2, "{rows:?}");
    // A number wrapped in a narrow column ("1,15" over "0") still continues its row.
    let rows = rows_of(&[&[("7.2", 40.0), ("plan", 75.0), ("1,15", 400.0)], &[("more", 90.0), ("0", 400.0)]], &cols);
    assert_eq!(rows.len(), 1, "{rows:?}");
}

#[test]
fn short_words_that_would_have_fitted_above_are_rows_of_their_own() {
    // One pitch throughout; under labels, a long column lists one code a line beside
    // short columns filled on the first line only: "C2" would have fitted after "C1"
    // in a column as wide as its label, so it did not wrap. (Nor would "A1" after its
    // label, but a label as wide as its column may have wrapped.)
    let cols = [(100.0, 130.0), (200.0, 230.0), (300.0, 330.0)];
    let lines: &[&[(&str, f32)]] = &[&[("Outer", 100.0), ("Mid", 200.0), ("Long 1", 300.0)], &[("A1", 100.0), ("B1", 200.0), ("C1", 300.0)], &[("C2", 300.0)], &[("C3", 300.0)]];
    assert_eq!(rows_of(lines, &cols), vec![vec!["Outer A1", "Mid B1", "Long 1 C1"], vec!["", "", "C2"], vec!["", "", "C3"]]);
    // A word that would not have fitted in its column's width is wrapped text.
    let lines: &[&[(&str, f32)]] = &[&[("A1", 100.0), ("a long text", 200.0)], &[("more", 200.0)]];
    assert_eq!(rows_of(lines, &cols), vec![vec!["A1", "a long text more", ""]]);
    // Figures say nothing (a number wraps in a narrow column without a space).
    let lines: &[&[(&str, f32)]] = &[&[("A1", 100.0), ("abc", 200.0), ("1,15", 300.0)], &[("0", 300.0)]];
    assert_eq!(rows_of(lines, &cols).len(), 1);
}

#[test]
fn a_group_label_over_its_first_priced_item_is_a_row() {
    // A price list at one even pitch: group labels alone in the key column, each over
    // items with a price; two prices one under the other are two items.
    let cols = [(100.0, 250.0), (300.0, 330.0)];
    let lines: &[&[(&str, f32)]] = &[
        &[("Whites", 100.0), ("12 cl", 300.0)],
        &[("Region A", 100.0)],
        &[("Domain one 2016", 100.0), ("8 €", 300.0)],
        &[("Region B", 100.0)],
        &[("Domain two", 100.0), ("10 €", 300.0)],
        &[("A much longer domain name", 100.0), ("9 €", 300.0)],
    ];
    let rows = rows_of(lines, &cols);
    let keys: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(keys, ["Whites", "Region A", "Domain one 2016", "Region B", "Domain two", "A much longer domain name"]);
    // A key alone over more words (a label broken over lines) still continues its row.
    let rows = rows_of(&[&[("Budget", 100.0), ("5", 300.0)], &[("(million)", 100.0)], &[("baht", 100.0)]], &cols);
    assert_eq!(rows, vec![vec!["Budget (million) baht", "5"]]);
}

#[test]
fn an_outline_code_alone_in_the_key_column_opens_a_record() {
    // Codes of one width fill the key column, so each one "ran to its edge": the code
    // is still the next item's, like a row number.
    let cols = [(40.0, 80.0), (90.0, 300.0), (400.0, 450.0)];
    let rows = rows_of(&[&[("7.6.3.3", 40.0), ("period 1 year", 90.0)], &[("7.6.3.4", 40.0), ("total", 90.0), ("20,000,000", 400.0)]], &cols);
    assert_eq!(rows, vec![vec!["7.6.3.3", "period 1 year", ""], vec!["7.6.3.4", "total", "20,000,000"]]);
}

#[test]
fn the_next_numbered_item_is_never_a_continuation() {
    let seg = |t: &str| lay(word(t, 100.0, 700.0)).remove(0).segs;
    assert!(next_item(&seg("1) staff costs"), &seg("2) running costs")));
    assert!(next_item(&seg("1.1 grants"), &seg("1.2 other")));
    assert!(!next_item(&seg("1) staff costs"), &seg("(2) running costs")));
    assert!(!next_item(&seg("1) staff costs"), &seg("continued text")));
}

#[test]
fn running_text_is_no_run_and_a_far_line_ends_one() {
    let set = LayoutSettings::default();
    let mut g: Vec<_> = (0..3).flat_map(|r| word("one segment of text", 100.0, 760.0 - 14.0 * r as f32)).collect();
    g.extend(table(3, 700.0, 14.0));
    // 100 pt below the table: not part of it.
    g.extend(table(1, 560.0, 14.0));
    let ls = lay(g);
    assert_eq!(stream_runs(&ls, &set), vec![(3, 6)]);
}

/// Rows drawn by a rule under each (each cell drawing its own border), no vertical
/// rules: lines set at one pitch, whose second lines fill both columns like records,
/// are one row per ruled band.
#[test]
fn rules_between_rows_set_the_rows_apart() {
    use super::super::testutil::hrule;
    let set = LayoutSettings::default();
    let mut g = Vec::new();
    let mut rules = Vec::new();
    let mut y = 700.0;
    for r in 0..4 {
        g.extend([word(&format!("item {r}"), 100.0, y), word(&format!("{}", 100 * (r + 1)), 300.0, y)].concat());
        g.extend([word("part two", 100.0, y - 12.0), word("of text", 300.0, y - 12.0)].concat());
        y -= 24.0;
        rules.push(hrule(95.0, 250.0, y + 8.0));
        rules.push(hrule(250.0, 360.0, y + 8.0));
    }
    let ls = lay(g);
    let refs: Vec<&TLine> = ls.iter().collect();
    let cols = stream_columns(&refs, &set);
    let rows = stream_rows(1, &refs, &cols, false, &rules, set.row_rules_min, &set);
    let texts: Vec<Vec<String>> = rows.iter().map(|o| o.line.cells.iter().map(|c| c.text.clone()).collect()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert_eq!(texts[1], vec!["item 1 part two".to_string(), "200 of text".to_string()]);
}

/// Rows whose label wraps a word a line, more lines than `run_max_single_lines`, in a
/// narrow first column: the wrapped lines stay in the run and the rows after them too.
#[test]
fn a_long_wrapped_label_does_not_end_the_run() {
    let set = LayoutSettings::default();
    let mut g = Vec::new();
    let mut y = 700.0;
    for r in 0..3 {
        g.extend(word(&format!("item {r}"), 100.0, y));
        g.extend(word("120", 200.0, y));
        g.extend(word("45", 260.0, y));
        for w in 0..(set.run_max_single_lines + 3) {
            y -= 12.0;
            g.extend(word(&format!("word{w}"), 100.0, y));
        }
        y -= 12.0;
    }
    let ls = lay(g);
    assert_eq!(stream_runs(&ls, &set), vec![(0, ls.len())]);
}

/// As many single lines, but running text as wide as the table under its first row:
/// they end the run as before.
#[test]
fn wide_single_lines_under_a_row_still_end_the_run() {
    let set = LayoutSettings::default();
    let mut g = table(2, 700.0, 12.0);
    let mut y = 676.0;
    for _ in 0..(set.run_max_single_lines + 1) {
        g.extend(word("a line of running text that runs on across the columns", 100.0, y));
        y -= 12.0;
    }
    g.extend(table(2, y, 12.0));
    let ls = lay(g);
    let runs = stream_runs(&ls, &set);
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(runs[0], (0, 2));
}

/// A section row of two cells (a number, a label) whose label wraps onto lines longer
/// than its first one, still within the table's width: the wrapped lines stay in the run.
#[test]
fn a_section_label_wrapping_wider_than_its_first_line_stays_in_the_run() {
    let set = LayoutSettings::default();
    let mut g = table(2, 700.0, 12.0);
    g.extend(word("2", 60.0, 676.0));
    g.extend(word("group", 100.0, 676.0));
    let mut y = 676.0;
    for _ in 0..(set.run_max_single_lines + 2) {
        y -= 12.0;
        g.extend(word("longer wrapped", 100.0, y));
    }
    g.extend(table(2, y - 12.0, 12.0));
    let ls = lay(g);
    assert_eq!(stream_runs(&ls, &set), vec![(0, ls.len())]);
}

#[test]
fn a_bracketed_amount_under_a_short_key_opens_a_record() {
    // Short labels one pitch apart, each with its amount; the last amount negative, in
    // brackets. The key above ended far short of its column's edge: a record of its own.
    let cols = [(40.0, 300.0), (400.0, 450.0)];
    let rows = rows_of(&[&[("Net asset value at the end of the year", 40.0), ("5,111,372", 400.0)], &[("Revaluation", 40.0), ("2,076,667", 400.0)], &[("Costs", 40.0), ("(106,870)", 400.0)]], &cols);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[2], vec!["Costs", "(106,870)"]);
    // A bracketed figure under a key that ran to its column's edge continues the row: the
    // key's next line, with the row's prior-year figure.
    let rows = rows_of(&[&[("Net asset value at the end of the year", 40.0), ("5,111,372", 400.0)], &[("Revaluation of all the assets that were held by", 40.0), ("2,076,667", 400.0)], &[("the fund", 40.0), ("(106,870)", 400.0)]], &cols);
    assert_eq!(rows.len(), 2, "{rows:?}");
}
