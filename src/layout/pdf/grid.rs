//! Rulings → ruled grids → rows. Rulings that touch form a region; a region with two or
//! more horizontal rules is a [`Grid`] (row boundaries from its horizontal rules, column
//! boundaries from its vertical ones). Text is binned into the grid's cells (merged
//! cells to their top-left cell), and bands that hold several rows or records are cut.

use super::lines::{bbox_of, cell_of, lines_of, word_space_drawn, OutLine, Seg};
use super::rows::{line_pitch, row_gap, split_records};
use super::words::Item;
use super::LayoutSettings;
use crate::ingest::pdf::Ruling;
use crate::model::{Cell, Line};

#[derive(Debug, Clone)]
pub(super) struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y).
    pub ys: Vec<f32>,
    pub h: Vec<Ruling>,
    pub v: Vec<Ruling>,
    /// Column boundaries found from text gaps (no inner vertical rules drawn).
    pub virtual_cols: bool,
    /// Grids of rules drawn between the rows below it are joined to it
    /// ([`super::segment::join_row_ruled`]).
    pub row_ruled: bool,
}

impl Grid {
    fn bbox(&self) -> (f32, f32, f32, f32) {
        (self.xs[0], *self.ys.last().unwrap_or(&0.0), *self.xs.last().unwrap_or(&0.0), self.ys[0])
    }
    /// The grid's area (pt²): of two grids holding a point, the smaller lies inside.
    pub fn area(&self) -> f32 {
        let (x0, y0, x1, y1) = self.bbox();
        (x1 - x0) * (y1 - y0)
    }
    pub fn contains(&self, x: f32, y: f32, set: &LayoutSettings) -> bool {
        let (x0, y0, x1, y1) = self.bbox();
        let e = set.grid_slack;
        x >= x0 - e && x <= x1 + e && y >= y0 - e && y <= y1 + e
    }
}

/// Positions within `tol` of the running mean of a cluster join it; the means, ascending.
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= tol => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

/// Finds ruled regions: rulings that touch form one region; a region with at least two
/// horizontal rules becomes a grid (column boundaries from its vertical rules, which may
/// cover the header only: they are extended downward).
pub(super) fn grids(rulings: &[Ruling], set: &LayoutSettings) -> Vec<Grid> {
    let rs: Vec<Ruling> = rulings.iter().copied().filter(|r| (r.x1 - r.x0).max(r.y1 - r.y0) > set.min_ruling_length).collect();
    let n = rs.len();
    if n < 2 {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let t = set.ruling_touch;
    // Sort by y0 to limit the pairwise test to rulings that overlap vertically.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| rs[a].y0.total_cmp(&rs[b].y0));
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if rs[j].y0 > rs[i].y1 + t {
                break;
            }
            let (a, b) = (&rs[i], &rs[j]);
            if a.x0 <= b.x1 + t && b.x0 <= a.x1 + t {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri] = rj;
                }
            }
        }
    }
    // Ordered by root so that groups whose tops tie keep one order from run to run.
    let mut groups: std::collections::BTreeMap<usize, Vec<Ruling>> = std::collections::BTreeMap::new();
    for (i, r) in rs.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*r);
    }
    let mut groups: Vec<Vec<Ruling>> = groups.into_values().collect();
    // Horizontal rules only (rule over the header, under it, under spanning cells) do not
    // touch each other: stack groups of horizontal rules of about the same width that
    // lie close together into one (header) region.
    let ext = |g: &Vec<Ruling>| {
        (g.iter().map(|r| r.x0).fold(f32::MAX, f32::min), g.iter().map(|r| r.x1).fold(f32::MIN, f32::max),
         g.iter().map(|r| r.y0).fold(f32::MAX, f32::min), g.iter().map(|r| r.y1).fold(f32::MIN, f32::max))
    };
    groups.sort_by(|a, b| ext(b).3.total_cmp(&ext(a).3));
    let mut merged: Vec<Vec<Ruling>> = Vec::new();
    for g in groups {
        let pure_h = g.iter().all(|r| r.horizontal());
        if let Some(prev) = merged.last_mut() {
            let (px0, px1, py0, _) = ext(prev);
            let (x0, x1, _, y1) = ext(&g);
            let overlap = px1.min(x1) - px0.max(x0);
            let narrower = (px1 - px0).min(x1 - x0);
            if pure_h && prev.iter().all(|r| r.horizontal()) && overlap >= set.rule_stack_overlap * narrower && py0 - y1 <= set.rule_stack_gap {
                prev.extend(g);
                continue;
            }
        }
        merged.push(g);
    }
    let mut out = Vec::new();
    for g in merged {
        let (h, v): (Vec<Ruling>, Vec<Ruling>) = g.into_iter().partition(|r| r.horizontal());
        if h.len() < 2 {
            continue;
        }
        let mut ys = cluster(h.iter().map(|r| r.y0).collect(), set.rule_cluster);
        ys.reverse();
        if ys.len() < 2 {
            continue;
        }
        let x0 = h.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
        let x1 = h.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
        let mut xs = cluster(v.iter().map(|r| r.x0).collect(), set.rule_cluster);
        xs.retain(|&x| x > x0 + set.grid_inner_margin && x < x1 - set.grid_inner_margin);
        xs.insert(0, x0);
        xs.push(x1);
        // A lone rule under a title or over a footer is not a table.
        if ys[0] - ys[ys.len() - 1] < set.min_grid_height || x1 - x0 < set.min_grid_width {
            continue;
        }
        out.push(Grid { xs, ys, h, v, virtual_cols: false, row_ruled: false });
    }
    out.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
    out
}

/// Pushes a band cut into the records its lines hold ([`split_records`]: a label and its
/// values on each line), or the band whole at `top` when it holds one record.
fn push_records(band: Vec<Vec<Item>>, top: f32, set: &LayoutSettings, split: &mut Vec<Vec<Vec<Item>>>, tops: &mut Vec<f32>) {
    match split_records(&band, set) {
        Some(records) => {
            for (t, b) in records {
                split.push(b);
                tops.push(t);
            }
        }
        None => {
            split.push(band);
            tops.push(top);
        }
    }
}

/// The band of a grid an item's middle lies in.
fn band_of(g: &Grid, it: &Item, set: &LayoutSettings) -> Option<usize> {
    let cy = it.centre_y(set);
    (0..g.ys.len() - 1).find(|&r| cy <= g.ys[r] + set.grid_slack && cy >= g.ys[r + 1] - set.grid_slack)
}

/// Per band and column boundary: whether a line of the band's text runs across the
/// boundary, two neighbouring items of one line on either side of it closer than a
/// segment gap (a word is never cut by a column boundary).
fn text_across(g: &Grid, its: &[Item], set: &LayoutSettings) -> Vec<Vec<bool>> {
    let nr = g.ys.len() - 1;
    let mut out = vec![vec![false; g.xs.len()]; nr];
    let mut banded: Vec<(usize, &Item)> = its.iter().filter_map(|it| band_of(g, it, set).map(|r| (r, it))).collect();
    banded.sort_by_key(|b| b.0);
    let mut k = 0;
    while k < banded.len() {
        let r = banded[k].0;
        let mut end = k;
        while end < banded.len() && banded[end].0 == r {
            end += 1;
        }
        let mut lines: Vec<Vec<&Item>> = Vec::new();
        for &(_, it) in &banded[k..end] {
            match lines.iter_mut().find(|l| (l[0].y - it.y).abs() <= set.baseline_tol * l[0].size.min(it.size)) {
                Some(l) => l.push(it),
                None => lines.push(vec![it]),
            }
        }
        for mut l in lines {
            l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            for w in l.windows(2) {
                let (a, b) = (w[0], w[1]);
                if b.x0 - a.x1 >= set.segment_gap * a.size.max(b.size) && !word_space_drawn(a, b, set) {
                    continue;
                }
                let (ca, cb) = ((a.x0 + a.x1) / 2.0, (b.x0 + b.x1) / 2.0);
                for (c, &x) in g.xs.iter().enumerate().skip(1) {
                    if ca < x && cb >= x {
                        out[r][c] = true;
                    }
                }
            }
        }
        k = end;
    }
    out
}

/// A run of items (one line's segment in one band) that crosses an undrawn column
/// boundary and lies over a rule under part of the header (the rule under a spanning
/// cell shows the cell's extent) goes to the first column of that cell: the first
/// column whose middle the rule covers, when the label is centred on the rule.
fn span_run(g: &Grid, run: &mut [(Item, usize, usize)], set: &LayoutSettings) {
    let (Some(first), Some(last)) = (run.first(), run.last()) else { return };
    let (r, c0, c1) = (first.1, first.2, column_at(g, last.0.x1));
    if c1 <= c0 || r + 1 >= g.ys.len() {
        return;
    }
    let (x0, x1, size) = (first.0.x0, last.0.x1, first.0.size);
    if let Some(c) = spanned_first_column(g, g.ys[r + 1], x0, x1, size, set) {
        for p in run.iter_mut() {
            p.2 = c;
        }
    }
}

/// The column an x lies in.
fn column_at(g: &Grid, x: f32) -> usize {
    (0..g.xs.len() - 1).rev().find(|&c| x >= g.xs[c]).unwrap_or(0)
}

/// First column of the spanning cell whose label runs from `x0` to `x1` over the rule at
/// `y` (see [`span_run`]); None when no partial rule lies under the label there.
fn spanned_first_column(g: &Grid, y: f32, x0: f32, x1: f32, size: f32, set: &LayoutSettings) -> Option<usize> {
    let width = g.xs[g.xs.len() - 1] - g.xs[0];
    let e = set.grid_slack + set.column_slack;
    let rule = g.h.iter().find(|h| (h.y0 - y).abs() <= set.rule_match && h.x1 - h.x0 < set.full_rule_share * width && h.x0 <= x0 + e && h.x1 >= x1 - e)?;
    let mid = |c: usize| (g.xs[c] + g.xs[c + 1]) / 2.0;
    let under: Vec<usize> = (0..g.xs.len() - 1).filter(|&c| mid(c) >= rule.x0 && mid(c) <= rule.x1).collect();
    let (&a, &z) = (under.first()?, under.last()?);
    let centre = (x0 + x1) / 2.0;
    let tol = set.centre_tol_min.max(set.centre_tol_share * size);
    // A label off the rule's centre shares the rule with other cells (one rule under
    // several spanning cells): their extents are not shown.
    (z > a && ((rule.x0 + rule.x1) / 2.0 - centre).abs() <= tol).then_some(a)
}

/// Rows of a ruled grid: items are binned into grid cells first (text never crosses a
/// drawn rule), merged cells go to their top-left cell, and each cell's items are laid
/// out as lines of their own.
pub(super) fn grid_rows(page: u32, g: &Grid, its: Vec<Item>, set: &LayoutSettings) -> Vec<OutLine> {
    let nr = g.ys.len() - 1;
    let nc = g.xs.len() - 1;
    let (m, e) = (set.rule_match, set.grid_slack);
    let has_v = |x: f32, y: f32| g.v.iter().any(|r| (r.x0 - x).abs() <= m && y >= r.y0 - e && y <= r.y1 + e);
    let has_h = |y: f32, x: f32| g.h.iter().any(|r| (r.y0 - y).abs() <= m && x >= r.x0 - e && x <= r.x1 + e);
    // Vertical rules that cover only the header are extended downward: below the lowest
    // drawn piece of a boundary, the boundary counts as drawn (Excel's header-only rules).
    // Only for boundaries drawn over less than half the grid's height.
    let height = g.ys[0] - g.ys[nr];
    let v_lowest: Vec<f32> = g
        .xs
        .iter()
        .map(|&x| {
            let pieces = g.v.iter().filter(|r| (r.x0 - x).abs() <= m);
            let drawn: f32 = pieces.clone().map(|r| r.y1 - r.y0).sum();
            if drawn * 2.0 < height { pieces.map(|r| r.y0).fold(f32::MAX, f32::min) } else { f32::MAX }
        })
        .collect();
    // ... unless a band's text runs across the boundary: then the band is a cell merged
    // over it (a section row spanning a table whose rows below the header are all
    // merged), not a column of an Excel body.
    let runs_across = if v_lowest.iter().any(|&l| l < f32::MAX) { text_across(g, &its, set) } else { vec![vec![false; g.xs.len()]; nr] };
    let left_open = |r: usize, c: usize| -> bool {
        let mid = (g.ys[r] + g.ys[r + 1]) / 2.0;
        if g.virtual_cols || has_v(g.xs[c], mid) {
            return false;
        }
        !(v_lowest[c] < f32::MAX && mid < v_lowest[c] - m) || runs_across[r][c]
    };
    let top_open = |r: usize, c: usize| -> bool { !has_h(g.ys[r], (g.xs[c] + g.xs[c + 1]) / 2.0) };
    let mut owner = vec![vec![(0usize, 0usize); nc]; nr];
    for r in 0..nr {
        for c in 0..nc {
            owner[r][c] = if c > 0 && left_open(r, c) {
                owner[r][c - 1]
            } else if r > 0 && top_open(r, c) {
                owner[r - 1][c]
            } else {
                (r, c)
            };
        }
    }
    let mut bins: Vec<Vec<Vec<Item>>> = vec![vec![Vec::new(); nc]; nr];
    let mut its = its;
    if g.virtual_cols {
        // Column boundaries found from gaps are not drawn: a word never crosses them,
        // so an item close to the one before it on its line stays in that one's column.
        its.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    }
    // Each item with its band and column: a run of items closer than a segment gap on
    // one line (a word never crosses an undrawn boundary) keeps the column of its first
    // item, or the first column of the cell it is centred over (a spanning label).
    let mut placed: Vec<(Item, usize, usize)> = Vec::with_capacity(its.len());
    let mut run_start = 0;
    for it in its {
        let cx = (it.x0 + it.x1) / 2.0;
        let r = match band_of(g, &it, set) {
            Some(r) => r,
            None => continue,
        };
        let mut c = (0..nc).rev().find(|&c| cx >= g.xs[c]).unwrap_or(0);
        if g.virtual_cols {
            let joined = placed.last().is_some_and(|(p, _, _)| {
                let gap = it.x0 - p.x1;
                (p.y - it.y).abs() <= set.baseline_tol * p.size && gap > -set.word_overlap * p.size && (gap < set.segment_gap * it.size.max(p.size) || word_space_drawn(p, &it, set))
            });
            if joined {
                c = placed[placed.len() - 1].2;
            } else {
                span_run(g, &mut placed[run_start..], set);
                run_start = placed.len();
            }
        }
        placed.push((it, r, c));
    }
    if g.virtual_cols {
        span_run(g, &mut placed[run_start..], set);
    }
    for (it, r, c) in placed {
        let (or, oc) = owner[r][c];
        bins[or][oc].push(it);
    }
    // Bands of a grid drawn without inner vertical rules may hold several rows (rules
    // under the header only): cut them where the line spacing is a row spacing.
    let mut split: Vec<Vec<Vec<Item>>> = Vec::new();
    let mut tops: Vec<f32> = Vec::new();
    let mut all_ys: Vec<(f32, f32)> = bins.iter().flatten().flatten().map(|i| (i.y, i.size)).collect();
    all_ys.sort_by(|a, b| b.0.total_cmp(&a.0));
    all_ys.dedup_by(|a, b| (a.0 - b.0).abs() <= set.baseline_tol * a.1);
    let pitch = line_pitch(&all_ys, set);
    for (r, row_bins) in bins.into_iter().enumerate() {
        if !g.virtual_cols {
            // Columns drawn but no rules between the body's rows: one band may hold
            // several records, each on a line of values.
            push_records(row_bins, g.ys[r], set, &mut split, &mut tops);
            continue;
        }
        // Only the band's own lines cut it: text of a cell merged down over the bands
        // below (a label centred over the header's rows) stays with the band's first row.
        let bottom = g.ys[r + 1] - e;
        let mut ys: Vec<(f32, f32)> = row_bins.iter().flatten().filter(|i| i.centre_y(set) >= bottom).map(|i| (i.y, i.size)).collect();
        ys.sort_by(|a, b| b.0.total_cmp(&a.0));
        ys.dedup_by(|a, b| (a.0 - b.0).abs() <= set.baseline_tol * a.1);
        let mut starts: Vec<f32> = Vec::new();
        for (k, &(y, sz)) in ys.iter().enumerate() {
            if k == 0 || row_gap(ys[k - 1].0 - y, pitch, sz, set) {
                starts.push(y + set.record_top * sz);
            }
        }
        if starts.len() <= 1 {
            // Lines at the pitch may still be records of their own: a label and its
            // amounts on each line of a band (a budget summary under a ruled header).
            push_records(row_bins, g.ys[r], set, &mut split, &mut tops);
            continue;
        }
        let mut sub: Vec<Vec<Vec<Item>>> = vec![vec![Vec::new(); nc]; starts.len()];
        for (c, v) in row_bins.into_iter().enumerate() {
            for it in v {
                let own = it.centre_y(set) >= bottom;
                let k = if own { starts.iter().rposition(|&t| t >= it.y).unwrap_or(0) } else { 0 };
                sub[k][c].push(it);
            }
        }
        for (k, b) in sub.into_iter().enumerate() {
            split.push(b);
            tops.push(starts[k]);
        }
    }
    let mut out = Vec::new();
    for (r, row_bins) in split.into_iter().enumerate() {
        if row_bins.iter().all(|v| v.is_empty()) {
            continue;
        }
        let row: Vec<Cell> = row_bins
            .into_iter()
            .map(|v| {
                let tl = lines_of(v, set);
                let segs: Vec<&Seg> = tl.iter().flat_map(|l| l.segs.iter()).collect();
                cell_of(&segs, set)
            })
            .collect();
        let bbox = bbox_of(&row);
        out.push(OutLine { top: tops[r], line: Line { page, number: 0, cells: row, tabular: true, bbox } });
    }
    out
}

#[cfg(test)]
mod tests;
