//! Segmenting a page into tables: which ruled regions are tables and which are frames
//! drawn around other content (a box around a page or around a table is not itself a
//! one-cell table), and which runs of lines are two blocks side by side (a page set in
//! two columns of prose, a table printed in two halves) to be laid out each on its own.

use super::columns::stream_columns;
use super::grid::Grid;
use super::lines::{lines_of, TLine};
use super::rows::{holds_value, rules_across};
use super::words::Item;
use super::LayoutSettings;
use crate::ingest::pdf::Ruling;
use crate::tables::repeats::{similarity, text_bag};

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

/// Joins the grids of a table whose rows are drawn by rules between them and no vertical
/// rules (a ruled header, then a rule under each row: tall rows leave the rules too far
/// apart to stack into one region). A grid of horizontal rules only takes in the next
/// such grid below it of the same width when the text between runs on from one to the
/// other at line spacing (its first line right under the upper grid, its last right
/// over the lower one: a row's padding, not the space after a table), inside their
/// width, and the band of text right above the lower
/// grid (under the last full-width rule between them) is a row of cells: some line of it
/// has two or more segments. Prose between two tables of one width is no row of cells.
/// Grids of horizontal rules only are first cut where two rules hold no text between them
/// and lie at least `empty_band_min` apart, or hold a line running on past the grid's
/// side ([`runs_out_of`]): the gap between two tables, whose rules were stacked into one
/// region. Joined grids are then cut over a band of prose their header repeats under.
pub(super) fn join_row_ruled(gs: Vec<Grid>, its: &[Item], rules: &[Ruling], set: &LayoutSettings) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::new();
    for g in gs.into_iter().flat_map(|g| cut_at_empty_bands(g, its, set)) {
        if let Some(prev) = out.last_mut() {
            if runs_on_to(prev, &g, its, rules, set) {
                if super::page::debug_layout() {
                    eprintln!("rows drawn by rules: grid at {:.1} joins the one above at {:.1}", g.ys[0], prev.ys[0]);
                }
                prev.ys.extend(g.ys.iter().copied());
                prev.h.extend(g.h);
                prev.row_ruled = true;
                continue;
            }
        }
        out.push(g);
    }
    out.into_iter().flat_map(|g| cut_at_repeats(g, its, set)).collect()
}

/// A grid of horizontal rules only cut at its empty bands ([`join_row_ruled`]); parts of
/// one rule are no grid.
fn cut_at_empty_bands(g: Grid, its: &[Item], set: &LayoutSettings) -> Vec<Grid> {
    if g.xs.len() != 2 || !g.v.is_empty() {
        return vec![g];
    }
    let (x0, x1) = (g.xs[0], g.xs[1]);
    let empty = |top: f32, bottom: f32| top - bottom >= set.empty_band_min && !its.iter().any(|i| strictly_between(i.centre_y(set), bottom, top) && i.x1 > x0 && i.x0 < x1);
    cut_bands(g, set.rule_cluster, |g, _, top, bottom| empty(top, bottom) || runs_out_of(g, top, bottom, its, set))
}

/// A grid of horizontal rules only, joined ([`join_row_ruled`]), cut over each band of
/// prose the grid's header repeats under ([`prose_over_repeat`]).
fn cut_at_repeats(g: Grid, its: &[Item], set: &LayoutSettings) -> Vec<Grid> {
    if g.xs.len() != 2 || !g.v.is_empty() {
        return vec![g];
    }
    cut_bands(g, set.rule_cluster, |g, j, _, _| prose_over_repeat(g, j, its, set))
}

/// A grid cut at the bands (index, top rule, bottom rule) `cut` picks; parts of one rule
/// are no grid.
fn cut_bands(g: Grid, tol: f32, cut: impl Fn(&Grid, usize, f32, f32) -> bool) -> Vec<Grid> {
    let mut parts: Vec<Vec<f32>> = vec![vec![g.ys[0]]];
    for (j, w) in g.ys.windows(2).enumerate() {
        if cut(&g, j, w[0], w[1]) {
            parts.push(Vec::new());
        }
        parts.last_mut().expect("one part").push(w[1]);
    }
    if parts.len() == 1 {
        return vec![g];
    }
    parts
        .into_iter()
        .filter(|ys| ys.len() >= 2)
        .map(|ys| {
            let (top, bottom) = (ys[0] + tol, ys[ys.len() - 1] - tol);
            let h = g.h.iter().filter(|r| r.y0 <= top && r.y0 >= bottom).copied().collect();
            Grid { xs: g.xs.clone(), ys, h, v: Vec::new(), virtual_cols: g.virtual_cols, row_ruled: g.row_ruled }
        })
        .collect()
}

/// Whether the band of grid `g` between rules `top` and `bottom` holds a line that starts
/// inside the grid and runs on past its side by more than `run_margin`: running text
/// wider than the table (the prose between two tables whose rules were stacked into one
/// region), which no cell holds.
fn runs_out_of(g: &Grid, top: f32, bottom: f32, its: &[Item], set: &LayoutSettings) -> bool {
    let (x0, x1) = (g.xs[0], g.xs[g.xs.len() - 1]);
    let band: Vec<Item> = its.iter().filter(|i| strictly_between(i.centre_y(set), bottom, top)).cloned().collect();
    if band.is_empty() {
        return false;
    }
    lines_of(band, set).iter().any(|l| {
        let starts_inside = l.x0() >= x0 - set.run_margin && l.x0() < x1;
        starts_inside && l.x1() > x1 + set.run_margin
    })
}

/// Whether band `j` of grid `g` holds one line of one segment (running text) and the
/// bands under it repeat the grid's header (the bands over its first full-width rule
/// under the top): the prose between two tables under the same header, which belongs to
/// neither.
fn prose_over_repeat(g: &Grid, j: usize, its: &[Item], set: &LayoutSettings) -> bool {
    let (x0, x1) = (g.xs[0], g.xs[g.xs.len() - 1]);
    let full = |y: f32| g.h.iter().filter(|r| (r.y0 - y).abs() <= set.rule_match).map(|r| r.x1 - r.x0).sum::<f32>() >= set.full_rule_share * (x1 - x0);
    let Some(k) = g.ys.iter().skip(1).position(|&y| full(y)).map(|p| p + 1) else { return false };
    if j < k || j + 1 + k >= g.ys.len() {
        return false;
    }
    let within = |top: f32, bottom: f32| its.iter().filter(move |i| strictly_between(i.centre_y(set), bottom, top) && i.x1 > x0 && i.x0 < x1);
    let band = lines_of(within(g.ys[j], g.ys[j + 1]).cloned().collect(), set);
    if band.len() != 1 || band[0].segs.len() != 1 {
        return false;
    }
    let bag = |top: f32, bottom: f32| text_bag(within(top, bottom).map(|i| i.text.as_str()));
    let head = bag(g.ys[0], g.ys[k]);
    !head.is_empty() && similarity(&head, &bag(g.ys[j + 1], g.ys[j + 1 + k]), set.repeat_band_share).1
}

/// Whether `y` lies strictly between `low` and `high`.
fn strictly_between(y: f32, low: f32, high: f32) -> bool {
    y > low && y < high
}

/// Whether grid `lower` continues the table of grid `upper` ([`join_row_ruled`]).
fn runs_on_to(upper: &Grid, lower: &Grid, its: &[Item], rules: &[Ruling], set: &LayoutSettings) -> bool {
    let (x0, x1) = (upper.xs[0], upper.xs[upper.xs.len() - 1]);
    let bottom = upper.ys[upper.ys.len() - 1];
    let top = lower.ys[0];
    let same_width = (lower.xs[0] - x0).abs() <= set.row_rule_width_tol && (lower.xs[lower.xs.len() - 1] - x1).abs() <= set.row_rule_width_tol;
    if upper.xs.len() != 2 || lower.xs.len() != 2 || !lower.v.is_empty() || !same_width || top >= bottom {
        return false;
    }
    let between: Vec<Item> = its.iter().filter(|i| strictly_between(i.centre_y(set), top, bottom)).cloned().collect();
    let lines = lines_of(between, set);
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else { return false };
    let inside = lines.iter().all(|l| l.x0() >= x0 - set.run_margin && l.x1() <= x1 + set.run_margin);
    let close = bottom - first.y <= set.row_rule_top_gap * first.size && last.y - top <= set.row_rule_bottom_gap * last.size;
    let spaced = lines.windows(2).all(|w| w[0].y - w[1].y <= set.header_body_line_gap * w[0].size.min(w[1].size));
    let cut = rules_across(rules, x0, x1, set).into_iter().filter(|&y| y > top && y < bottom).fold(bottom, f32::min);
    let row = lines.iter().filter(|l| l.y < cut).any(|l| l.segs.len() >= 2);
    inside && close && spaced && row
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
mod tests;
