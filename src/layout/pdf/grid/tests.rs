//! Tests of ruled-grid detection and of binning text into grid cells.

use super::super::testutil::{hrule, ruled_grid, vrule, word};
use super::super::words::items;
use super::*;

fn cells(rows: &[OutLine]) -> Vec<Vec<String>> {
    rows.iter().map(|o| o.line.cells.iter().map(|c| c.text.clone()).collect()).collect()
}

#[test]
fn three_by_three_ruled_grid_gives_three_rows_of_three_cells() {
    let set = LayoutSettings::default();
    // Columns 100-200-300-400, rows 700-680-660-640.
    let rulings = ruled_grid(&[100.0, 200.0, 300.0, 400.0], &[700.0, 680.0, 660.0, 640.0]);
    let gs = grids(&rulings, &set);
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0].xs, vec![100.0, 200.0, 300.0, 400.0]);
    assert_eq!(gs[0].ys, vec![700.0, 680.0, 660.0, 640.0]);
    let mut glyphs = Vec::new();
    for (r, y) in [685.0, 665.0, 645.0].into_iter().enumerate() {
        for (c, x) in [110.0, 210.0, 310.0].into_iter().enumerate() {
            glyphs.extend(word(&format!("r{r}c{c}"), x, y));
        }
    }
    let rows = grid_rows(1, &gs[0], items(&glyphs, &set), &set);
    assert_eq!(cells(&rows), vec![vec!["r0c0", "r0c1", "r0c2"], vec!["r1c0", "r1c1", "r1c2"], vec!["r2c0", "r2c1", "r2c2"]]);
    assert!(rows.iter().all(|o| o.line.tabular));
    assert_eq!(rows[0].top, 700.0);
}

#[test]
fn a_page_frame_is_one_grid_with_one_column() {
    // A rectangle around the page: two horizontal and two vertical rules.
    let set = LayoutSettings::default();
    let frame = vec![hrule(30.0, 565.0, 812.0), hrule(30.0, 565.0, 30.0), vrule(30.0, 30.0, 812.0), vrule(565.0, 30.0, 812.0)];
    let gs = grids(&frame, &set);
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0].xs, vec![30.0, 565.0], "the sides are not columns");
    assert_eq!(gs[0].ys, vec![812.0, 30.0]);
    assert!(gs[0].contains(300.0, 400.0, &set) && !gs[0].contains(10.0, 400.0, &set));
}

#[test]
fn lone_rules_and_dots_are_not_grids() {
    let set = LayoutSettings::default();
    assert!(grids(&[hrule(100.0, 400.0, 700.0)], &set).is_empty());
    // Two rules 3 pt apart (a double underline) are lower than a table.
    assert!(grids(&[hrule(100.0, 400.0, 700.0), hrule(100.0, 400.0, 697.0), vrule(100.0, 697.0, 700.0)], &set).is_empty());
    // Ticks shorter than a rule.
    assert!(grids(&[hrule(100.0, 101.0, 700.0), hrule(100.0, 101.0, 690.0)], &set).is_empty());
}

#[test]
fn cells_merged_across_a_missing_rule_go_to_the_left_cell() {
    let set = LayoutSettings::default();
    // Row 1 has no rule between columns 0 and 1 (a merged cell); row 2 has it.
    let mut rulings = vec![hrule(100.0, 300.0, 700.0), hrule(100.0, 300.0, 680.0), hrule(100.0, 300.0, 660.0)];
    rulings.extend([vrule(100.0, 660.0, 700.0), vrule(300.0, 660.0, 700.0), vrule(200.0, 660.0, 680.0)]);
    let gs = grids(&rulings, &set);
    let glyphs = [word("span", 140.0, 685.0), word("a", 110.0, 665.0), word("b", 210.0, 665.0)].concat();
    let rows = grid_rows(1, &gs[0], items(&glyphs, &set), &set);
    assert_eq!(cells(&rows), vec![vec!["span", ""], vec!["a", "b"]]);
}

#[test]
fn a_band_of_labelled_amounts_under_header_rules_is_cut_into_records() {
    let set = LayoutSettings::default();
    // Header rules only (columns from the text): a band holding two lines at one
    // pitch, each a label and its amounts.
    let g = Grid { xs: vec![90.0, 250.0, 400.0], ys: vec![700.0, 640.0], h: Vec::new(), v: Vec::new(), virtual_cols: true, row_ruled: false };
    let glyphs = [word("budget", 100.0, 685.0), word("8,871,553,800", 300.0, 685.0), word("outside", 100.0, 664.0), word("16,223,677,000", 300.0, 664.0)].concat();
    let rows = grid_rows(1, &g, items(&glyphs, &set), &set);
    assert_eq!(cells(&rows), vec![vec!["budget", "8,871,553,800"], vec!["outside", "16,223,677,000"]]);
}

#[test]
fn header_only_column_rules_reach_down_unless_text_runs_across_them() {
    let set = LayoutSettings::default();
    // Columns 100-200-300 ruled over the header band (700-680) only; the body bands
    // (680-660, 660-640) are closed by rules and the outer sides.
    let mut rulings: Vec<Ruling> = [700.0, 680.0, 660.0, 640.0].iter().map(|&y| hrule(100.0, 300.0, y)).collect();
    rulings.extend([vrule(100.0, 640.0, 700.0), vrule(300.0, 640.0, 700.0), vrule(200.0, 680.0, 700.0)]);
    let gs = grids(&rulings, &set);
    // Band 1: a section row, one line of text running across x = 200. Band 2: a
    // label and a value in the header's columns.
    let glyphs = [word("head", 110.0, 685.0), word("amount", 210.0, 685.0), word("section-row-text-runs-on", 150.0, 665.0), word("label", 110.0, 645.0), word("12", 250.0, 645.0)].concat();
    let rows = grid_rows(1, &gs[0], items(&glyphs, &set), &set);
    assert_eq!(cells(&rows), vec![vec!["head", "amount"], vec!["section-row-text-runs-on", ""], vec!["label", "12"]]);
}

#[test]
fn a_label_centred_on_the_rule_under_it_goes_to_the_first_column_the_rule_spans() {
    let set = LayoutSettings::default();
    // Columns from gaps: 90-150-180-210-240-270-300-400. Header band 700-680 over a
    // rule under columns 1-5 (150-300); the label "spanning" (205-245) is centred on
    // it but starts in column 2.
    let grid = |rule: (f32, f32)| Grid {
        xs: vec![90.0, 150.0, 180.0, 210.0, 240.0, 270.0, 300.0, 400.0],
        ys: vec![700.0, 680.0, 660.0],
        h: vec![hrule(90.0, 400.0, 700.0), hrule(rule.0, rule.1, 680.0), hrule(90.0, 400.0, 660.0)],
        v: Vec::new(),
        virtual_cols: true,
        row_ruled: false,
    };
    let glyphs = [word("spanning", 205.0, 686.0), word("a", 160.0, 666.0), word("b", 210.0, 666.0), word("c", 260.0, 666.0)].concat();
    let rows = grid_rows(1, &grid((150.0, 300.0)), items(&glyphs, &set), &set);
    assert_eq!(cells(&rows)[0], vec!["", "spanning", "", "", "", "", ""]);
    // The rule runs on under the last column as well (150-400): the label is not
    // centred on it, the rule does not show its cell; it stays where it starts.
    let rows = grid_rows(1, &grid((150.0, 400.0)), items(&glyphs, &set), &set);
    assert_eq!(cells(&rows)[0], vec!["", "", "spanning", "", "", "", ""]);
}

#[test]
fn cluster_joins_close_positions() {
    assert_eq!(cluster(vec![10.0, 11.0, 50.0, 10.5], 1.5), vec![10.5, 50.0]);
}
