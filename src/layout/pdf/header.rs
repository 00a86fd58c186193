//! Headers of tables whose columns are not drawn: the rows of such a header are not
//! separated by rules, and its cells are centred vertically, so a cell that spans the
//! three header rows has its lines between the lines of the cells beside it.
//!
//! The cells are rebuilt from geometry instead of from line order:
//! - a cell is a *block*: segments on consecutive lines at the in-cell line pitch that
//!   share a centre, a left edge or a right edge;
//! - a block's columns are those it is centred over (a merged cell is centred over the
//!   columns it spans, its text may cover only the middle ones);
//! - a block's row is the number of blocks above it whose columns hold its columns
//!   (the spanning cells over it), and its text goes to its leftmost column: the
//!   top-left slot of a merged cell, where a reader of the grid looks for it.

use super::lines::{Seg, TLine};
use super::LayoutSettings;

/// One header cell: its segments top to bottom, extent, and columns.
#[derive(Debug)]
struct Block {
    segs: Vec<Seg>,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    size: f32,
    /// Columns the text covers, then the columns the cell spans.
    raw: (usize, usize),
    span: (usize, usize),
}

impl Block {
    fn centre(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// The point between `g0` and `g1` that the fewest of `segs` (x ranges) cross: the
/// middle of the widest such stretch.
fn least_crossed(g0: f32, g1: f32, segs: &[(f32, f32)]) -> f32 {
    let mut cuts: Vec<f32> = segs.iter().flat_map(|&(a, z)| [a, z]).filter(|&x| x > g0 && x < g1).collect();
    cuts.extend([g0, g1]);
    cuts.sort_by(f32::total_cmp);
    let mut best = (usize::MAX, 0.0f32, (g0 + g1) / 2.0);
    for p in cuts.windows(2) {
        let mid = (p[0] + p[1]) / 2.0;
        let n = segs.iter().filter(|&&(a, z)| a < mid && z > mid).count();
        if n < best.0 || (n == best.0 && p[1] - p[0] > best.1) {
            best = (n, p[1] - p[0], mid);
        }
    }
    best.2
}

/// Left and right edge of each column's cell. Between two columns' covered ranges the
/// edge is put where the fewest of the table's single-column segments cross (the middle
/// of the widest such stretch): a header label wider than the values below it then stays
/// in its column.
pub(super) fn cell_edges(cols: &[(f32, f32)], lines: &[&TLine], set: &LayoutSettings) -> Vec<f32> {
    // The outer edges are the covered range widened by a cell's padding: half the
    // usual gap between columns.
    let mut gaps: Vec<f32> = cols.windows(2).map(|w| w[1].0 - w[0].1).collect();
    gaps.sort_by(f32::total_cmp);
    let pad = gaps.get(gaps.len() / 2).map_or(0.0, |g| g / 2.0);
    let mut b = Vec::with_capacity(cols.len() + 1);
    b.push(cols[0].0 - pad);
    for w in cols.windows(2) {
        let (g0, g1) = (w[0].1, w[1].0);
        // Cells that span the columns cross every edge; they do not say where it is.
        let spans = |s: &Seg| w.iter().any(|c| s.x0 <= c.0 + set.edge_slack && s.x1 >= c.1 - set.edge_slack);
        let segs: Vec<(f32, f32)> = lines.iter().flat_map(|l| l.segs.iter()).filter(|s| s.x1 > g0 && s.x0 < g1 && !spans(s)).map(|s| (s.x0, s.x1)).collect();
        b.push(least_crossed(g0, g1, &segs));
    }
    b.push(cols[cols.len() - 1].1 + pad);
    b
}

/// The columns a range of x overlaps (by more than its ends: a label may stick out of
/// its cell's padding a little).
fn covered(bounds: &[f32], x0: f32, x1: f32, size: f32, set: &LayoutSettings) -> (usize, usize) {
    let n = bounds.len() - 1;
    let m = size.min((x1 - x0) * set.label_overhang).max(0.0);
    let (x0, x1) = (x0 + m, x1 - m);
    let a = (0..n).rev().find(|&c| bounds[c] <= x0 + set.column_slack).unwrap_or(0);
    let b = (0..n).rev().find(|&c| bounds[c] < x1 - set.column_slack).unwrap_or(0).max(a);
    (a, b)
}

/// A baseline gap that is the next line of the same cell: the in-cell line pitch (lines
/// half a pitch apart belong to cells centred beside it).
fn next_line(gap: f32, pitch: f32, set: &LayoutSettings) -> bool {
    gap >= set.next_line_min * pitch && gap <= pitch + set.next_line_slack_min.max(set.next_line_slack_share * pitch)
}

/// Same cell on the next line: a shared centre, left edge or right edge.
fn aligned(b: &Block, s: &Seg, set: &LayoutSettings) -> bool {
    let last = b.segs.last().expect("a block has a segment");
    let tol = set.align_tol_min.max(set.align_tol_share * s.size);
    ((last.x0 + last.x1) / 2.0 - (s.x0 + s.x1) / 2.0).abs() <= tol || (last.x0 - s.x0).abs() <= tol || (last.x1 - s.x1).abs() <= tol
}

fn blocks(lines: &[&TLine], bounds: &[f32], pitch: f32, set: &LayoutSettings) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for l in lines {
        for s in &l.segs {
            let raw = covered(bounds, s.x0, s.x1, s.size, set);
            let join = out
                .iter()
                .enumerate()
                .filter(|(_, b)| {
                    let gap = b.bottom - s.y;
                    next_line(gap, pitch, set) && b.raw.0 <= raw.1 && raw.0 <= b.raw.1 && aligned(b, s, set)
                })
                .min_by(|(_, a), (_, b)| (a.centre() - (s.x0 + s.x1) / 2.0).abs().total_cmp(&(b.centre() - (s.x0 + s.x1) / 2.0).abs()))
                .map(|(i, _)| i);
            match join {
                Some(i) => {
                    let b = &mut out[i];
                    b.x0 = b.x0.min(s.x0);
                    b.x1 = b.x1.max(s.x1);
                    b.bottom = s.y;
                    b.raw = covered(bounds, b.x0, b.x1, b.size, set);
                    b.segs.push(s.clone());
                }
                None => out.push(Block { segs: vec![s.clone()], x0: s.x0, x1: s.x1, top: s.y, bottom: s.y, size: s.size, raw, span: raw }),
            }
        }
    }
    out
}

/// The columns a block is centred over. Candidates are the runs of columns around the
/// ones its text covers in which every other header cell lies a row below it (or that
/// have none); of those whose cells' centre is the block's centre, the widest wins (a
/// label over five year columns is centred over the middle three as well). Only blocks
/// that cross a column edge or have such columns beside them span.
fn spans(blocks: &mut [Block], bounds: &[f32], pitch: f32, set: &LayoutSettings) {
    let n = bounds.len() - 1;
    let lows: Vec<(f32, f32, usize, usize)> = blocks.iter().map(|b| (b.top, b.bottom, b.raw.0, b.raw.1)).collect();
    for (k, b) in blocks.iter_mut().enumerate() {
        let row_below = b.bottom - pitch - set.row_padding_min.max(set.row_padding_share * pitch);
        // Cells wholly above this one (the cells it sits under) do not count.
        let level = b.top + set.item_centre * b.size;
        let under = |c: usize| lows.iter().enumerate().filter(|&(i, &(_, bottom, a, z))| i != k && a <= c && c <= z && bottom <= level).all(|(_, &(top, ..))| top < row_below);
        let tol = set.centre_tol_min.max(set.centre_tol_share * b.size);
        let mut best: Option<(usize, usize, f32)> = None;
        for i in (0..=b.raw.0).rev() {
            if i < b.raw.0 && !under(i) {
                break;
            }
            for j in b.raw.1..n {
                if j > b.raw.1 && !under(j) {
                    break;
                }
                let diff = ((bounds[i] + bounds[j + 1]) / 2.0 - b.centre()).abs();
                let better = match best {
                    None => true,
                    Some((bi, bj, bd)) => {
                        let (w, bw) = (j - i, bj - bi);
                        (diff <= tol && (bd > tol || w > bw || (w == bw && diff < bd))) || (bd > tol && diff < bd)
                    }
                };
                if better {
                    best = Some((i, j, diff));
                }
            }
        }
        if let Some((i, j, diff)) = best {
            if b.raw.0 < b.raw.1 || (j > i && diff <= tol) {
                b.span = (i, j);
            }
        }
    }
}

/// A rebuilt header: its rows (a segment list per column) and the cell edges of its
/// columns, which the body's cells are placed by.
pub(super) struct Header {
    pub rows: Vec<Vec<Vec<Seg>>>,
    pub edges: Vec<f32>,
}

/// Column edges from the header's lowest cells (one per column): between two of them,
/// where the fewest of the table's segments cross. Body text is aligned to a cell's
/// left edge and numbers to its right edge, so the free stretch between them is the edge.
fn leaf_edges(leaves: &[(f32, f32)], lines: &[&TLine], set: &LayoutSettings) -> Vec<f32> {
    let segs: Vec<(f32, f32)> = lines.iter().flat_map(|l| l.segs.iter()).map(|s| (s.x0, s.x1)).collect();
    let mut gaps: Vec<f32> = leaves.windows(2).map(|w| w[1].0 - w[0].1).collect();
    gaps.sort_by(f32::total_cmp);
    let pad = gaps.get(gaps.len() / 2).map_or(0.0, |g| (g / 2.0).min(set.leaf_pad_max));
    let x0 = segs.iter().map(|s| s.0).fold(leaves[0].0, f32::min);
    let x1 = segs.iter().map(|s| s.1).fold(leaves[leaves.len() - 1].1, f32::max);
    let mut edges = vec![x0 - pad];
    for w in leaves.windows(2) {
        edges.push(least_crossed(w[0].1, w[1].0, &segs));
    }
    edges.push(x1 + pad);
    edges
}

/// Cells, columns and rows of the header from its lines; `cols` are the columns found
/// from gaps, which the header's lowest cells then replace (a column whose values are
/// few or wide is still one header label).
pub(super) fn build(head: &[&TLine], body: &[&TLine], cols: &[(f32, f32)], pitch: f32, set: &LayoutSettings) -> Header {
    let first = cell_edges(cols, head, set);
    let mut bs = blocks(head, &first, pitch, set);
    spans(&mut bs, &first, pitch, set);
    // The lowest cells: nothing of the header below them in their columns.
    let mut leaves: Vec<(f32, f32)> = bs
        .iter()
        .enumerate()
        .filter(|&(k, b)| !bs.iter().enumerate().any(|(i, a)| i != k && a.top < b.bottom - set.header_below * b.size && a.raw.0 <= b.span.1 && b.span.0 <= a.raw.1))
        .map(|(_, b)| (b.x0, b.x1))
        .collect();
    leaves.sort_by(|a, b| a.0.total_cmp(&b.0));
    // They replace the columns found from gaps only when they are at least as many (a
    // first row merged across the table is not a header of its columns).
    let apart = leaves.windows(2).all(|w| w[1].0 > w[0].1 + set.leaf_gap_min);
    let edges = if leaves.len() >= 2 && leaves.len() + 1 >= cols.len() && apart {
        let all: Vec<&TLine> = head.iter().chain(body).copied().collect();
        leaf_edges(&leaves, &all, set)
    } else {
        first
    };
    let n = edges.len() - 1;
    for b in &mut bs {
        b.raw = covered(&edges, b.x0, b.x1, b.size, set);
        b.span = b.raw;
    }
    spans(&mut bs, &edges, pitch, set);
    let levels: Vec<usize> = (0..bs.len())
        .map(|k| {
            let b = &bs[k];
            bs.iter()
                .enumerate()
                .filter(|&(i, a)| i != k && a.span.0 <= b.span.0 && b.span.1 <= a.span.1 && a.bottom > b.top + set.item_centre * b.size && (a.span != b.span || a.top > b.top))
                .count()
        })
        .collect();
    if super::page::debug_layout() {
        eprintln!("  header: cell edges {:?}", edges.iter().map(|b| format!("{b:.0}")).collect::<Vec<_>>());
        for (b, lv) in bs.iter().zip(&levels) {
            let text: Vec<&str> = b.segs.iter().map(|s| s.text.as_str()).collect();
            eprintln!("    row {lv} columns {:?} (text over {:?}) y {:.1}..{:.1}: {}", b.span, b.raw, b.top, b.bottom, text.join(" / "));
        }
    }
    let depth = levels.iter().copied().max().unwrap_or(0) + 1;
    let mut rows: Vec<Vec<Vec<Seg>>> = vec![vec![Vec::new(); n]; depth];
    for (b, lv) in bs.into_iter().zip(levels) {
        rows[lv][b.span.0].extend(b.segs);
    }
    Header { rows, edges }
}

/// How many of a table's first lines are its header, when the header's first cell is
/// centred vertically below the first line (it spans header rows that other columns
/// split): the header ends where that cell's mirror image of the first line falls.
pub(super) fn header_len(lines: &[&TLine], cols: &[(f32, f32)], pitch: f32, set: &LayoutSettings) -> Option<usize> {
    if cols.len() < 2 || lines.len() < 3 {
        return None;
    }
    let bounds = cell_edges(cols, lines, set);
    let first_col = |s: &Seg| covered(&bounds, s.x0, s.x1, s.size, set).1 == 0;
    // The first block of the first column.
    let (k0, s0) = lines.iter().enumerate().find_map(|(k, l)| l.segs.iter().find(|s| first_col(s)).map(|s| (k, s)))?;
    if k0 == 0 || k0 > set.header_first_cell_max_line {
        return None;
    }
    let mut bottom = s0.y;
    for l in &lines[k0 + 1..] {
        if let Some(s) = l.segs.iter().find(|s| first_col(s)) {
            let gap = bottom - s.y;
            if next_line(gap, pitch, set) && ((s.x0 + s.x1) / 2.0 - (s0.x0 + s0.x1) / 2.0).abs() <= set.align_tol_min.max(set.align_tol_share * s.size) {
                bottom = s.y;
                continue;
            }
            break;
        }
    }
    let top = lines[0].y;
    let end_y = 2.0 * (s0.y + bottom) / 2.0 - top;
    let tol = set.header_end_tol * lines[0].size;
    let n = lines.iter().take_while(|l| l.y >= end_y - tol).count();
    // The line after the header must start a row (a row gap below the last header line).
    let next_gap = lines.get(n).map_or(f32::MAX, |l| lines[n - 1].y - l.y);
    (n >= 2 && n < lines.len() && next_gap > pitch * set.header_next_gap).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_goes_in_the_widest_uncrossed_stretch() {
        // Between 0 and 100, words over 10-30 and 60-90: the free stretch 30-60 wins.
        assert_eq!(least_crossed(0.0, 100.0, &[(10.0, 30.0), (60.0, 90.0)]), 45.0);
    }

    #[test]
    fn a_label_reaching_into_the_gap_keeps_its_column() {
        use super::super::testutil::{lay, word};
        let set = LayoutSettings::default();
        // Values at 100-110 and 130-140; the second column's label starts at 118, left of
        // the gap's middle (120): the edge goes between 110 and 118.
        let ls = lay([word("ab", 100.0, 700.0), word("ab", 130.0, 700.0), word("abc", 118.0, 714.0)].concat());
        let refs: Vec<&TLine> = ls.iter().collect();
        let e = cell_edges(&[(100.0, 110.0), (130.0, 140.0)], &refs, &set);
        assert!(e[1] > 110.0 && e[1] < 118.0, "{e:?}");
    }

    #[test]
    fn next_line_of_a_cell_is_one_pitch_down() {
        let set = LayoutSettings::default();
        assert!(next_line(14.0, 14.0, &set) && next_line(15.0, 14.0, &set));
        // Half a pitch: a cell centred beside it; a pitch and a padding: the next row.
        assert!(!next_line(7.0, 14.0, &set) && !next_line(16.0, 14.0, &set));
    }

    #[test]
    fn a_label_sticking_out_a_little_covers_its_own_column_only() {
        let set = LayoutSettings::default();
        let bounds = [0.0, 100.0, 200.0, 300.0];
        assert_eq!(covered(&bounds, 90.0, 210.0, 10.0, &set), (1, 1));
        assert_eq!(covered(&bounds, 50.0, 250.0, 10.0, &set), (0, 2));
    }
}
