//! Segmenting a page into tables: which ruled regions are tables and which are frames
//! drawn around other content (a box around a page or around a table is not itself a
//! one-cell table), and which runs of lines are two blocks side by side (a page set in
//! two columns of prose, a table printed in two halves) to be laid out each on its own.

use super::columns::stream_columns;
use super::grid::Grid;
use super::lines::TLine;
use super::rows::holds_value;
use super::words::Item;
use super::LayoutSettings;

/// The empty vertical strips (x0, x1) between the lines' segments, widest first: no
/// segment of any line reaches into them.
fn gutters(lines: &[TLine]) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = lines.iter().flat_map(|l| l.segs.iter().map(|s| (s.x0, s.x1))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut reach = f32::MIN;
    for (x0, x1) in spans {
        if reach > f32::MIN && x0 > reach {
            out.push((reach, x0));
        }
        reach = reach.max(x1);
    }
    out.sort_by(|a, b| (b.1 - b.0).total_cmp(&(a.1 - a.0)));
    out
}

/// The part of each line on one side of `x`; lines with nothing there are left out.
pub(super) fn side_of(lines: &[TLine], x: f32, left: bool) -> Vec<TLine> {
    lines
        .iter()
        .filter_map(|l| {
            let segs: Vec<_> = l.segs.iter().filter(|s| (s.x1 <= x) == left).cloned().collect();
            (!segs.is_empty()).then_some(TLine { y: l.y, size: l.size, segs })
        })
        .collect()
}

/// Whether most lines of a side are running text: one segment of several words, no
/// amounts, filling most of the side's width.
fn prose(side: &[TLine], set: &LayoutSettings) -> bool {
    let (x0, x1) = (side.iter().map(|l| l.x0()).fold(f32::MAX, f32::min), side.iter().map(|l| l.x1()).fold(f32::MIN, f32::max));
    let wide = |l: &TLine| {
        l.segs.len() == 1
            && l.x1() - l.x0() >= set.prose_fill_share * (x1 - x0)
            && l.segs[0].text.split_whitespace().count() >= set.prose_min_words
            && !l.segs[0].text.split_whitespace().all(holds_value)
    };
    side.len() >= set.run_min_multi && side.iter().filter(|l| wide(l)).count() as f32 >= set.prose_line_share * side.len() as f32
}

/// Whether two sides are the two halves of one table printed side by side: as many
/// columns each, of about the same widths, and the gutter between wider than any gap
/// between columns within either.
fn halves(left: &[TLine], right: &[TLine], gutter: f32, set: &LayoutSettings) -> bool {
    let (l, r) = (stream_columns(&left.iter().collect::<Vec<_>>(), set), stream_columns(&right.iter().collect::<Vec<_>>(), set));
    if l.len() < 2 || l.len() != r.len() {
        return false;
    }
    let inner = |c: &[(f32, f32)]| c.windows(2).map(|w| w[1].0 - w[0].1).fold(0.0, f32::max);
    let alike = l.iter().zip(&r).all(|(a, b)| {
        let (wa, wb) = (a.1 - a.0, b.1 - b.0);
        (wa - wb).abs() <= set.halves_width_tol * wa.max(wb)
    });
    alike && gutter > inner(&l).max(inner(&r))
}

/// Where a run of lines divides into two blocks side by side, each to be laid out on
/// its own: an empty vertical strip at least `gutter_min` wide (em of the lines' median
/// size) with running text on both sides, or the two halves of one table.
pub(super) fn side_by_side(lines: &[TLine], set: &LayoutSettings) -> Option<f32> {
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = *sizes.get(sizes.len() / 2)?;
    for (g0, g1) in gutters(lines) {
        if g1 - g0 < set.gutter_min * size {
            break;
        }
        let x = (g0 + g1) / 2.0;
        let (left, right) = (side_of(lines, x, true), side_of(lines, x, false));
        if (prose(&left, set) && prose(&right, set)) || halves(&left, &right, g1 - g0, set) {
            return Some(x);
        }
    }
    None
}

/// Whether the grid is a box drawn around other content: no inner vertical rule, its
/// two sides drawn over most of its height, and another grid inside it.
fn is_frame(g: &Grid, all: &[Grid], set: &LayoutSettings) -> bool {
    if g.xs.len() != 2 {
        return false;
    }
    let (x0, x1) = (g.xs[0], g.xs[1]);
    let (top, bottom) = (g.ys[0], g.ys[g.ys.len() - 1]);
    let height = top - bottom;
    let side = |x: f32| {
        let drawn: f32 = g.v.iter().filter(|r| (r.x0 - x).abs() <= set.rule_match).map(|r| r.y1 - r.y0).sum();
        drawn >= set.frame_side_share * height
    };
    if !side(x0) || !side(x1) {
        return false;
    }
    let e = set.grid_slack;
    all.iter().any(|o| {
        !std::ptr::eq(o, g)
            && o.xs[0] >= x0 - e
            && o.xs[o.xs.len() - 1] <= x1 + e
            && o.ys[0] <= top + e
            && o.ys[o.ys.len() - 1] >= bottom - e
            && o.area() < g.area()
    })
}

/// The grids that are tables: frames drawn around other grids are dropped, so that what
/// they hold is laid out as the page is (their inner grids, unruled tables, text).
pub(super) fn table_grids(gs: Vec<Grid>, set: &LayoutSettings) -> Vec<Grid> {
    let keep: Vec<bool> = gs.iter().map(|g| !is_frame(g, &gs, set)).collect();
    gs.into_iter().zip(keep).filter(|(_, k)| *k).map(|(g, _)| g).collect()
}

/// Whether a grid of one cell (no inner rule either way) holds one line of text that runs
/// on outside it on the same baseline (`inside`: its items; `outside`: the items in no
/// grid): rules drawn over and under part of a line, a total underlined, not a table.
pub(super) fn marks_part_of_a_line(g: &Grid, inside: &[Item], outside: &[Item], set: &LayoutSettings) -> bool {
    let Some(first) = inside.first() else { return false };
    let on_line = |i: &Item| (i.y - first.y).abs() <= set.baseline_tol * first.size.min(i.size);
    g.xs.len() == 2 && g.ys.len() == 2 && inside.iter().all(on_line) && outside.iter().any(on_line)
}

/// Joins consecutive runs of table lines that are one table cut by its section
/// headings: at most `run_max_single_lines` one-segment lines between, no gap wider than
/// `join_gap` (em), and the same columns (as many, each overlapping its counterpart).
pub(super) fn join_runs(lines: &[TLine], runs: Vec<(usize, usize)>, set: &LayoutSettings) -> Vec<(usize, usize)> {
    let cols_of = |r: (usize, usize)| stream_columns(&lines[r.0..r.1].iter().collect::<Vec<_>>(), set);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for r in runs {
        if let Some(prev) = out.last_mut() {
            let between = &lines[prev.1..r.0];
            let close = lines[prev.1 - 1..=r.0].windows(2).all(|w| w[0].y - w[1].y <= set.join_gap * w[0].size.max(w[1].size));
            if between.len() <= set.run_max_single_lines && between.iter().all(|l| l.segs.len() == 1) && close {
                let (a, b) = (cols_of(*prev), cols_of(r));
                if a.len() >= 2 && a.len() == b.len() && a.iter().zip(&b).all(|(p, q)| p.0 <= q.1 && q.0 <= p.1) {
                    prev.1 = r.1;
                    continue;
                }
            }
        }
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
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
}
