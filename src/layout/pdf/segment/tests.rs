//! Tests of how a page is cut into regions: ruled grids joined and cut at empty bands, at
//! prose running past a grid's side, and at a line over a repeat of the header.

use super::super::grid::grids;
use super::super::testutil::{hrule, lay, ruled_grid, vrule, word};
use super::super::words::items;
use super::*;

#[test]
fn two_columns_of_prose_divide_a_label_and_amounts_table_does_not() {
    let set = LayoutSettings::default();
    let mut g = Vec::new();
    for r in 0..6 {
        let y = 700.0 - 12.0 * r as f32;
        g.extend(word("some words of running text here", 50.0, y));
        g.extend(word("and more words on the right side", 250.0, y));
    }
    let x = side_by_side(&lay(g), &set).expect("two columns");
    assert!(x > 190.0 && x < 250.0, "{x}");
    let mut g = Vec::new();
    for r in 0..6 {
        let y = 700.0 - 12.0 * r as f32;
        g.extend(word("a long label of a budget line", 50.0, y));
        g.extend(word("1,200", 300.0, y));
        g.extend(word("3,400", 380.0, y));
    }
    assert_eq!(side_by_side(&lay(g), &set), None);
}

/// Two groups of label/value rows 20 pt apart, each under a one-line heading 35 pt up
/// (wider than a run's break gap, within the join gap).
fn groups(y: f32, amount_x: f32) -> Vec<crate::ingest::pdf::Glyph> {
    let mut g = Vec::new();
    for (k, head) in ["Class A", "Class B"].into_iter().enumerate() {
        let top = y - 110.0 * k as f32;
        g.extend(word(head, 50.0, top + 35.0));
        for r in 0..3 {
            g.extend(word(&format!("value of item {r}"), 50.0, top - 20.0 * r as f32));
            g.extend(word(&format!("{},200", r + 1), amount_x + 20.0 * k as f32, top - 20.0 * r as f32));
        }
    }
    g
}

#[test]
fn runs_cut_by_section_headings_join_when_their_columns_match() {
    let set = LayoutSettings::default();
    let ls = lay(groups(700.0, 300.0));
    let runs = super::super::stream::stream_runs(&ls, &set);
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(join_runs(&ls, runs, &set), vec![(1, 8)]);
    // The second group's amounts in another column: two tables.
    let ls = lay(groups(700.0, 250.0).into_iter().map(|mut g| {
        if g.y < 640.0 && g.x >= 250.0 {
            g.x += 150.0;
        }
        g
    }).collect());
    let runs = super::super::stream::stream_runs(&ls, &set);
    assert_eq!(join_runs(&ls, runs.clone(), &set), runs);
}

#[test]
fn a_table_printed_in_two_halves_divides() {
    let set = LayoutSettings::default();
    let mut g = Vec::new();
    for r in 0..8 {
        let y = 700.0 - 12.0 * r as f32;
        for (k, x) in [50.0, 80.0, 110.0].into_iter().enumerate() {
            g.extend(word(&format!("{}", 100 * (k + 1) + r), x, y));
            if r < 6 {
                g.extend(word(&format!("{}", 100 * (k + 1) + r + 8), x + 150.0, y));
            }
        }
    }
    let x = side_by_side(&lay(g), &set).expect("two halves");
    assert!(x > 130.0 && x < 200.0, "{x}");
}

#[test]
fn a_box_around_a_table_is_a_frame_not_a_table() {
    let set = LayoutSettings::default();
    // A box 50..550 x 100..800, and inside it a 3-column grid.
    let mut rs = vec![hrule(50.0, 550.0, 800.0), hrule(50.0, 550.0, 100.0), vrule(50.0, 100.0, 800.0), vrule(550.0, 100.0, 800.0)];
    rs.extend(ruled_grid(&[100.0, 200.0, 300.0, 400.0], &[600.0, 580.0, 560.0]));
    let gs = table_grids(grids(&rs, &set), &set);
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0].xs.len(), 4);
}

#[test]
fn rules_around_part_of_a_line_mark_it_and_a_boxed_line_is_kept() {
    let set = LayoutSettings::default();
    // A total underlined (a rule over it and one under it) beside its label outside.
    let gs = grids(&[hrule(400.0, 480.0, 712.0), hrule(400.0, 480.0, 696.0)], &set);
    let (label, total) = (items(&word("Total result", 100.0, 700.0), &set), items(&word("1,969,797", 420.0, 700.0), &set));
    assert!(marks_part_of_a_line(&gs[0], &total, &label, &set));
    // The same box with nothing else on its line, or two lines in it: kept.
    let other = items(&word("elsewhere", 100.0, 650.0), &set);
    assert!(!marks_part_of_a_line(&gs[0], &total, &other, &set));
    let two = [total.clone(), items(&word("2", 420.0, 702.0 - 12.0), &set)].concat();
    assert!(!marks_part_of_a_line(&gs[0], &two, &label, &set));
}

#[test]
fn a_box_alone_and_a_grid_with_columns_around_a_table_are_kept() {
    let set = LayoutSettings::default();
    let rs = vec![hrule(50.0, 550.0, 800.0), hrule(50.0, 550.0, 100.0), vrule(50.0, 100.0, 800.0), vrule(550.0, 100.0, 800.0)];
    assert_eq!(table_grids(grids(&rs, &set), &set).len(), 1);
    // An outer grid with a column rule holds a table in one of its cells: both stay.
    let mut rs = ruled_grid(&[50.0, 150.0, 550.0], &[800.0, 100.0]);
    rs.extend(ruled_grid(&[200.0, 300.0, 400.0], &[600.0, 580.0, 560.0]));
    assert_eq!(table_grids(grids(&rs, &set), &set).len(), 2);
}

/// A header drawn by two rules, a tall first row (cells of two columns, or a paragraph
/// of running text), then the rule under it and, close under that, a short row with its
/// rule: the two rule groups are too far apart to stack into one region.
fn header_and_rows(cells: bool) -> (Vec<Item>, Vec<crate::ingest::pdf::Ruling>) {
    let set = LayoutSettings::default();
    let mut g = word("activity", 55.0, 785.0);
    g.extend(word("target", 250.0, 785.0));
    for k in 0..6 {
        let y = 768.0 - 12.0 * k as f32;
        if cells {
            g.extend(word(&format!("activity line {k}"), 55.0, y));
            g.extend(word(&format!("target line {k}"), 250.0, y));
        } else {
            g.extend(word(&format!("running text of a paragraph between two tables, line {k}"), 55.0, y));
        }
    }
    g.extend(word("last", 55.0, 690.0));
    g.extend(word("row", 250.0, 690.0));
    let rules = vec![hrule(50.0, 450.0, 800.0), hrule(50.0, 450.0, 780.0), hrule(50.0, 450.0, 703.0), hrule(50.0, 450.0, 685.0)];
    (items(&g, &set), rules)
}

#[test]
fn grids_of_rules_between_rows_join_the_header_grid_and_prose_between_does_not() {
    let set = LayoutSettings::default();
    let (its, rules) = header_and_rows(true);
    let gs = grids(&rules, &set);
    assert_eq!(gs.len(), 2);
    let joined = join_row_ruled(gs, &its, &rules, &set);
    assert_eq!(joined.len(), 1);
    assert_eq!(joined[0].ys, vec![800.0, 780.0, 703.0, 685.0]);
    assert!(joined[0].row_ruled);
    let (its, rules) = header_and_rows(false);
    assert_eq!(join_row_ruled(grids(&rules, &set), &its, &rules, &set).len(), 2);
}

#[test]
fn stacked_rules_with_an_empty_band_between_are_two_tables() {
    let set = LayoutSettings::default();
    // The bottom rules of one table and the header rules of the next, 12 pt apart with
    // nothing between; a double rule (3 pt apart) is no gap.
    let rules = vec![hrule(50.0, 450.0, 800.0), hrule(50.0, 450.0, 780.0), hrule(50.0, 450.0, 777.0), hrule(50.0, 450.0, 765.0), hrule(50.0, 450.0, 745.0)];
    let mut g = word("total", 55.0, 785.0);
    g.extend(word("head", 55.0, 750.0));
    let its = items(&g, &set);
    let gs = grids(&rules, &set);
    assert_eq!(gs.len(), 1);
    let cut = join_row_ruled(gs, &its, &rules, &set);
    assert_eq!(cut.iter().map(|g| g.ys.clone()).collect::<Vec<_>>(), vec![vec![800.0, 780.0, 777.0], vec![765.0, 745.0]]);
}

#[test]
fn stacked_rules_around_a_line_wider_than_the_grid_are_two_tables() {
    let set = LayoutSettings::default();
    // One table's last row, a line of running text under it that runs on past the
    // rules' right end, the next table's header: the band of the line is no row.
    let rules = vec![hrule(50.0, 450.0, 800.0), hrule(50.0, 450.0, 780.0), hrule(50.0, 450.0, 765.0), hrule(50.0, 450.0, 745.0)];
    let with_line = |text: &str| {
        let mut g = word("total", 55.0, 785.0);
        g.extend(word(text, 55.0, 770.0));
        g.extend(word("head", 55.0, 750.0));
        items(&g, &set)
    };
    let wide = with_line("a sentence of running text that goes on well past the right end of the rules drawn above and below it");
    let gs = grids(&rules, &set);
    assert_eq!(gs.len(), 1);
    let cut = join_row_ruled(gs, &wide, &rules, &set);
    assert_eq!(cut.iter().map(|g| g.ys.clone()).collect::<Vec<_>>(), vec![vec![800.0, 780.0], vec![765.0, 745.0]]);
    // The same line inside the rules' width is a row of the table.
    let narrow = with_line("a short row label");
    assert_eq!(join_row_ruled(grids(&rules, &set), &narrow, &rules, &set).len(), 1);
}

#[test]
fn a_line_of_prose_over_a_repeat_of_the_header_cuts_the_grid() {
    let set = LayoutSettings::default();
    // Header, a row, one line of running text inside the rules' width, then the same
    // header again: the line ends neither table. Other words under it are a row.
    let rules: Vec<_> = [800.0, 780.0, 760.0, 740.0, 720.0].iter().map(|&y| hrule(50.0, 450.0, y)).collect();
    let with_under = |a: &str, b: &str| {
        let mut g = word("activity", 55.0, 785.0);
        g.extend(word("target", 250.0, 785.0));
        g.extend(word("row one", 55.0, 765.0));
        g.extend(word("12", 250.0, 765.0));
        g.extend(word("a short line of prose", 55.0, 745.0));
        g.extend(word(a, 55.0, 725.0));
        g.extend(word(b, 250.0, 725.0));
        items(&g, &set)
    };
    let cut = join_row_ruled(grids(&rules, &set), &with_under("activity", "target"), &rules, &set);
    assert_eq!(cut.iter().map(|g| g.ys.clone()).collect::<Vec<_>>(), vec![vec![800.0, 780.0, 760.0], vec![740.0, 720.0]]);
    assert_eq!(join_row_ruled(grids(&rules, &set), &with_under("row two", "34"), &rules, &set).len(), 1);
}
