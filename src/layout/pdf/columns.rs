//! Columns of unruled tables: x intervals found from gaps that (almost) no line of a run
//! crosses, corrected for sparse columns, wrapped spanning header cells, differently
//! aligned cells and the labels of a header's lowest row; then which column a segment
//! belongs to, and the cut of a segment that runs over a column edge.

use super::lines::{Seg, TLine};
use super::LayoutSettings;
use crate::celltext::{shape, Shape};

/// At most this many one-point bins are counted across a run (a page is a few hundred
/// points wide; a hostile file may put text anywhere).
const MAX_COLUMN_BINS: usize = 20_000;
/// At most this many points are tried between two header labels for a cut.
const MAX_CUT_STEPS: f32 = 2000.0;

/// Column intervals of a run of lines: x ranges covered by the segments of the
/// multi-segment lines, separated by gaps that (almost) no line crosses.
pub(super) fn stream_columns(lines: &[&TLine], set: &LayoutSettings) -> Vec<(f32, f32)> {
    let multi: Vec<&&TLine> = lines.iter().filter(|l| l.segs.len() >= 2).collect();
    if multi.is_empty() {
        return Vec::new();
    }
    let x0 = multi.iter().map(|l| l.x0()).fold(f32::MAX, f32::min).floor();
    let x1 = multi.iter().map(|l| l.x1()).fold(f32::MIN, f32::max).ceil();
    // One bin a point.
    let nb = ((x1 - x0).clamp(0.0, MAX_COLUMN_BINS as f32) as usize + 2).min(MAX_COLUMN_BINS);
    let mut cover = vec![0u32; nb];
    for l in &multi {
        for s in &l.segs {
            let a = ((s.x0 - x0).max(0.0) as usize).min(nb - 1);
            let b = ((s.x1 - x0).max(0.0) as usize).min(nb - 1);
            for c in &mut cover[a..=b] {
                *c += 1;
            }
        }
    }
    // A bin crossed by at most this many lines is still a gap (spanning header cells).
    let allowed = ((multi.len() as f32 * set.column_cross_share) as u32).max(u32::from(multi.len() >= set.column_cross_min_lines));
    let mut cols = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &c) in cover.iter().enumerate() {
        if c > allowed {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            cols.push((x0 + s as f32, x0 + i as f32));
        }
    }
    if let Some(s) = start {
        cols.push((x0 + s as f32, x0 + nb as f32));
    }
    let cols = add_sparse_columns(cols, lines, set);
    let cols = refine_with_dense_lines(cols, &multi, set);
    merge_exclusive_columns(cols, lines, set)
}

/// Under a header, each label of its lowest row heads a column of its own: a column found
/// from gaps that holds two of them (narrow columns whose wrapped words run almost into
/// each other close the gap between them) is cut between the two labels, where the
/// fewest words of the body cross. A label that touches no column (a year no body row
/// fills yet, read from too few rows to be a column) heads a column of its own.
pub(super) fn split_under_labels(cols: Vec<(f32, f32)>, lowest: &TLine, body: &[&TLine]) -> Vec<(f32, f32)> {
    // Word extents of the body: segments cut at their word spaces.
    let words: Vec<(f32, f32)> = body
        .iter()
        .flat_map(|l| l.segs.iter())
        .flat_map(|s| {
            let mut starts = vec![s.x0];
            let mut ends = Vec::new();
            for &(a, b, _) in &s.spaces {
                ends.push(a);
                starts.push(b);
            }
            ends.push(s.x1);
            starts.into_iter().zip(ends).collect::<Vec<_>>()
        })
        .collect();
    let crossing = |x: f32| words.iter().filter(|w| w.0 < x && w.1 > x).count();
    let mut out = Vec::new();
    for (c0, c1) in cols {
        let mut labels: Vec<(f32, f32)> = lowest.segs.iter().map(|s| (s.x0, s.x1)).filter(|&(a, b)| (a + b) / 2.0 > c0 && (a + b) / 2.0 < c1).collect();
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut start = c0;
        for w in labels.windows(2) {
            let (from, to) = (w[0].1, w[1].0);
            if to <= from {
                continue;
            }
            // The least-crossed point between the two labels (the middle of the run).
            let steps = ((to - from).min(MAX_CUT_STEPS) as usize).max(1);
            let xs: Vec<(f32, usize)> = (0..=steps).map(|i| from + (to - from) * i as f32 / steps as f32).map(|x| (x, crossing(x))).collect();
            let best = xs.iter().map(|p| p.1).min().unwrap_or(0);
            let run: Vec<f32> = xs.iter().filter(|p| p.1 == best).map(|p| p.0).collect();
            let cut = run[run.len() / 2];
            out.push((start, cut));
            start = cut;
        }
        out.push((start, c1));
    }
    let alone: Vec<(f32, f32)> = lowest.segs.iter().map(|s| (s.x0, s.x1)).filter(|&(a, b)| !out.iter().any(|&(c0, c1)| a < c1 && b > c0)).collect();
    if !out.is_empty() && !alone.is_empty() {
        out.extend(alone);
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

/// Two columns a narrow gap apart that never both hold text on one line are one column
/// whose cells are aligned differently ("-" on the left, numbers on the right, a header
/// label centred over both).
fn merge_exclusive_columns(mut cols: Vec<(f32, f32)>, lines: &[&TLine], set: &LayoutSettings) -> Vec<(f32, f32)> {
    let size = {
        let mut v: Vec<f32> = lines.iter().map(|l| l.size).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(set.fallback_font_size)
    };
    let e = set.edge_slack;
    // A column whose own text (not reaching into its neighbour: a label over both says
    // nothing) is nil dashes only: a dash set flush left in a cell whose numbers are set
    // flush right lies further from them than differently aligned text usually does.
    let nil_only = |c: (f32, f32), other: (f32, f32)| {
        let overlaps = |s: &Seg, c: (f32, f32)| s.x0 < c.1 + e && s.x1 > c.0 - e;
        let mut own = lines.iter().flat_map(|l| l.segs.iter()).filter(|s| overlaps(s, c) && !overlaps(s, other)).peekable();
        own.peek().is_some() && own.all(|s| matches!(shape(&s.text), Shape::Nil(_)))
    };
    let mut k = 0;
    while k + 1 < cols.len() {
        let (a, b) = (cols[k], cols[k + 1]);
        let gap = if nil_only(a, b) || nil_only(b, a) { set.nil_merge_gap } else { set.exclusive_merge_gap };
        let narrow = b.0 - a.1 < gap * size;
        let both = || {
            lines.iter().any(|l| {
                let in_a = l.segs.iter().any(|s| s.x0 < a.1 + e && s.x1 > a.0 && s.x1 < b.0 + e);
                let in_b = l.segs.iter().any(|s| s.x1 > b.0 - e && s.x0 < b.1 && s.x0 > a.1 - e);
                in_a && in_b
            })
        };
        if narrow && !both() {
            cols[k] = (a.0, b.1);
            cols.remove(k + 1);
        } else {
            k += 1;
        }
    }
    cols
}

/// Columns with a value on only a few lines (an item number per group of wrapped rows,
/// a wrapped header label over an empty column) stay under the crossing allowance. They
/// are added back where segments of at least two lines lie wholly between the columns.
fn add_sparse_columns(cols: Vec<(f32, f32)>, lines: &[&TLine], set: &LayoutSettings) -> Vec<(f32, f32)> {
    if cols.is_empty() {
        return cols;
    }
    let e = set.column_slack;
    let free = |s: &Seg| !cols.iter().any(|c| s.x0 < c.1 + e && s.x1 > c.0 - e);
    let mut spots: Vec<(f32, f32, usize)> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        for s in l.segs.iter().filter(|s| free(s)) {
            spots.push((s.x0, s.x1, k));
        }
    }
    spots.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut found: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for (a, z, k) in spots {
        match found.last_mut() {
            Some(f) if a <= f.1 => {
                f.1 = f.1.max(z);
                f.2.push(k);
            }
            _ => found.push((a, z, vec![k])),
        }
    }
    let mut out = cols;
    for (a, z, mut ks) in found {
        ks.dedup();
        // A new column must not bridge two existing ones (then it is a spanning cell).
        if ks.len() >= set.sparse_min_lines && !out.iter().any(|c| c.0 > a && c.1 < z) {
            out.push((a, z));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Wrapped header cells spanning several columns can close a gap for every line they
/// wrap over. The dense lines (body rows with a value in most columns) show the true
/// gaps: a column they split into several pieces is split.
fn refine_with_dense_lines(cols: Vec<(f32, f32)>, multi: &[&&TLine], set: &LayoutSettings) -> Vec<(f32, f32)> {
    let max_segs = multi.iter().map(|l| l.segs.len()).max().unwrap_or(0);
    let need = set.dense_min_segs.max((max_segs as f32 * set.dense_share).ceil() as usize);
    let dense: Vec<&&&TLine> = multi.iter().filter(|l| l.segs.len() >= need).collect();
    if dense.len() < set.dense_min_lines {
        return cols;
    }
    let e = set.column_slack;
    let mut out = Vec::with_capacity(cols.len());
    for &(a, b) in &cols {
        // Intervals covered by dense-line segments that start inside this column.
        let mut pieces: Vec<(f32, f32)> = dense
            .iter()
            .flat_map(|l| l.segs.iter())
            .filter(|s| s.x0 + e >= a && s.x0 + e < b && s.x1 <= b + e)
            .map(|s| (s.x0, s.x1))
            .collect();
        pieces.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut merged: Vec<(f32, f32, usize)> = Vec::new();
        for (p0, p1) in pieces {
            match merged.last_mut() {
                Some(m) if p0 <= m.1 + set.dense_piece_join => {
                    m.1 = m.1.max(p1);
                    m.2 += 1;
                }
                _ => merged.push((p0, p1, 1)),
            }
        }
        // Every piece must be backed by at least two dense lines.
        if merged.len() >= 2 && merged.iter().all(|m| m.2 >= set.dense_min_lines) {
            let k = merged.len();
            for (i, m) in merged.iter().enumerate() {
                let l = if i == 0 { a } else { m.0 };
                let r = if i + 1 == k { b } else { m.1 };
                out.push((l, r));
            }
        } else {
            out.push((a, b));
        }
    }
    out
}

/// Column index for a segment: the column whose interval holds its start (or the last
/// one starting before it).
pub(super) fn column_for(cols: &[(f32, f32)], s: &Seg, set: &LayoutSettings) -> usize {
    let mid = s.x0 + set.column_slack;
    let k = cols.iter().rposition(|c| c.0 <= mid + set.edge_slack).unwrap_or(0);
    // A start that falls in a gap goes to the nearer column (a segment narrower than
    // the column's covered range, starting just left of it).
    match (cols.get(k), cols.get(k + 1)) {
        (Some(c), Some(n)) if s.x0 > c.1 && n.0 - s.x0 < s.x0 - c.1 => k + 1,
        _ => k,
    }
}

/// The column after `k` for a segment that starts in the gap after column `k` and ends
/// within that next column.
pub(super) fn next_free(cols: &[(f32, f32)], s: &Seg, k: usize, set: &LayoutSettings) -> Option<usize> {
    let (c, n) = (cols.get(k)?, cols.get(k + 1)?);
    (s.x0 > c.1 + set.edge_slack && s.x0 < n.0 && s.x1 <= n.1 + set.column_slack).then_some(k + 1)
}

/// A segment that runs from one column into the next over a word space lying in the gap
/// between them is two cells' words set closer than a column gap (narrow columns of
/// wrapped text): it is cut at that space. A segment over several column edges (the last
/// lines of a row's cells, each filling its narrow column) is cut only when a word space
/// lies in every gap it crosses and each piece after it starts where its column starts
/// (cells set flush left); its ends must lie within their columns. Text spanning several
/// columns otherwise (a section heading, a long label) stays whole.
pub(super) fn split_at_column_edges(s: &Seg, cols: &[(f32, f32)], set: &LayoutSettings) -> Option<Vec<Seg>> {
    if s.spaces.is_empty() {
        return None;
    }
    let slack = set.column_edge_slack * s.size;
    let crossed: Vec<usize> = (0..cols.len().saturating_sub(1)).filter(|&k| s.x0 < cols[k].1 && s.x1 > cols[k + 1].0).collect();
    let (&first, &last) = (crossed.first()?, crossed.last()?);
    if s.x0 < cols[first].0 - slack || s.x1 > cols[last + 1].1 + slack {
        return None;
    }
    let several = last > first;
    let mut pieces = Vec::with_capacity(crossed.len() + 1);
    let mut rest = s.clone();
    for k in crossed {
        let (left_col, right_col) = (cols[k], cols[k + 1]);
        let &(a, b, at) = rest.spaces.iter().find(|&&(a, b, _)| {
            a <= right_col.0 + slack && b >= left_col.1 - slack && a >= left_col.0 && b <= right_col.1 && (!several || (b - right_col.0).abs() <= slack)
        })?;
        let (left, right) = cut_at_space(&rest, a, b, at)?;
        pieces.push(left);
        rest = right;
    }
    pieces.push(rest);
    Some(pieces)
}

/// A segment cut at one of its word spaces (from `a` to `b`, at byte `at` of its text).
pub(super) fn cut_at_space(s: &Seg, a: f32, b: f32, at: usize) -> Option<(Seg, Seg)> {
    let right_text = s.text.get(at..)?.trim_start().to_string();
    let left = Seg {
        x1: a,
        text: s.text[..at].to_string(),
        spaces: s.spaces.iter().filter(|sp| sp.2 < at).copied().collect(),
        ..s.clone()
    };
    let shift = s.text.len() - right_text.len();
    let right = Seg {
        x0: b,
        text: right_text,
        spaces: s.spaces.iter().filter(|sp| sp.2 > at).map(|&(x, y, o)| (x, y, o - shift)).collect(),
        ..s.clone()
    };
    Some((left, right))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{lay, word};
    use super::*;

    #[test]
    fn two_columns_from_the_gap_between_them() {
        let set = LayoutSettings::default();
        let glyphs: Vec<_> = (0..5).flat_map(|r| [word("name", 100.0, 700.0 - 14.0 * r as f32), word("12", 300.0, 700.0 - 14.0 * r as f32)].concat()).collect();
        let ls = lay(glyphs);
        let refs: Vec<&TLine> = ls.iter().collect();
        let cols = stream_columns(&refs, &set);
        assert_eq!(cols.len(), 2);
        assert!(cols[0].0 <= 100.0 && cols[0].1 >= 120.0 && cols[0].1 < 300.0 && cols[1].0 > 120.0 && cols[1].0 <= 300.0);
        let seg = &ls[0].segs[1];
        assert_eq!(column_for(&cols, seg, &set), 1);
        assert_eq!(column_for(&cols, &ls[0].segs[0], &set), 0);
    }

    #[test]
    fn a_header_label_over_no_column_heads_one_of_its_own() {
        // Years 60-63 under a header; the body fills only 60 and 61, so the columns
        // found from gaps stop at 61: 62 and 63 each head a column of their own.
        let years: Vec<_> = [("60", 200.0), ("61", 260.0), ("62", 330.0), ("63", 390.0)].iter().flat_map(|&(t, x)| word(t, x, 700.0)).collect();
        let ls = lay(years);
        assert_eq!(ls[0].segs.len(), 4);
        let cols = split_under_labels(vec![(100.0, 150.0), (195.0, 215.0), (255.0, 275.0)], &ls[0], &[]);
        assert_eq!(cols.len(), 5, "{cols:?}");
        assert!(cols[3].0 >= 330.0 && cols[3].1 < 390.0 && cols[4].0 >= 390.0, "{cols:?}");
        // Labels that all touch a column add none.
        let cols = split_under_labels(vec![(100.0, 150.0), (195.0, 275.0), (325.0, 420.0)], &ls[0], &[]);
        assert_eq!(cols.len(), 5, "61 and 63 split their columns, nothing is added: {cols:?}");
        assert!(cols.windows(2).all(|w| w[0].1 <= w[1].0), "{cols:?}");
    }

    #[test]
    fn one_line_spanning_a_gap_does_not_close_it() {
        let set = LayoutSettings::default();
        // Five two-column lines, then a title across both columns: 1 of 6 may cross.
        let mut glyphs: Vec<_> = (0..5).flat_map(|r| [word("aa", 100.0, 700.0 - 14.0 * r as f32), word("bb", 300.0, 700.0 - 14.0 * r as f32)].concat()).collect();
        glyphs.extend(word("a heading that runs across the table", 100.0, 600.0));
        glyphs.extend(word("x", 400.0, 600.0));
        let ls = lay(glyphs);
        let refs: Vec<&TLine> = ls.iter().collect();
        let cols = stream_columns(&refs, &set);
        assert_eq!(cols.len(), 2, "the heading crosses the gap; a lone x on one line is no column: {cols:?}");
        assert!(cols[0].1 < 300.0 && cols[1].0 > 120.0);
    }

    #[test]
    fn a_column_of_flush_left_nil_dashes_joins_the_numbers_it_stands_for() {
        let set = LayoutSettings::default();
        // Numbers flush right at 300-325, nil dashes flush left at 285-290: 10 pt apart,
        // more than differently aligned text is (6 pt), less than a nil column may be.
        let rows = |cell: &dyn Fn(usize) -> (String, f32)| -> Vec<TLine> {
            let glyphs: Vec<_> = (0..6)
                .flat_map(|r| {
                    let y = 700.0 - 14.0 * r as f32;
                    let (t, x) = cell(r);
                    [word(&format!("item{r}"), 100.0, y), word(&t, x, y), word("99", 400.0, y)].concat()
                })
                .collect();
            lay(glyphs)
        };
        let nil = rows(&|r| if r % 2 == 0 { ("1,234".into(), 300.0) } else { ("-".into(), 285.0) });
        let refs: Vec<&TLine> = nil.iter().collect();
        let cols = stream_columns(&refs, &set);
        assert_eq!(cols.len(), 3, "{cols:?}");
        // Words there instead of dashes are a column of their own.
        let words = rows(&|r| if r % 2 == 0 { ("1,234".into(), 300.0) } else { ("x".into(), 285.0) });
        let refs: Vec<&TLine> = words.iter().collect();
        assert_eq!(stream_columns(&refs, &set).len(), 4);
    }

    #[test]
    fn a_segment_in_a_gap_may_go_to_the_next_column_only_if_it_fits_there() {
        let set = LayoutSettings::default();
        let cols = [(100.0, 120.0), (130.0, 150.0)];
        // "-" at 123-128: in the gap after column 0, within column 1.
        let ls = lay([word("12", 105.0, 700.0), word("-", 123.0, 700.0)].concat());
        let dash = &ls[0].segs[1];
        assert_eq!(column_for(&cols, dash, &set), 0, "nearer the first column");
        assert_eq!(next_free(&cols, dash, 0, &set), Some(1));
        // Inside column 0, or running past column 1: no.
        assert_eq!(next_free(&cols, &ls[0].segs[0], 0, &set), None);
        let long = lay(word("-----------", 123.0, 700.0));
        assert_eq!(next_free(&cols, &long[0].segs[0], 0, &set), None);
    }

    #[test]
    fn a_segment_over_a_column_edge_is_cut_at_its_word_space() {
        let set = LayoutSettings::default();
        // "ab cd": ab at 100-110, cd at 113-123 (a word space of 3 pt); columns 100-111, 112-130.
        let ls = lay([word("ab", 100.0, 700.0), word("cd", 113.0, 700.0)].concat());
        let s = &ls[0].segs[0];
        assert_eq!(s.text, "ab cd");
        let p = split_at_column_edges(s, &[(100.0, 111.0), (112.0, 130.0)], &set).expect("cut");
        assert_eq!((p[0].text.as_str(), p[0].x1, p[1].text.as_str(), p[1].x0), ("ab", 110.0, "cd", 113.0));
        // Inside one column: not cut.
        assert!(split_at_column_edges(s, &[(100.0, 130.0), (200.0, 230.0)], &set).is_none());
    }

    #[test]
    fn a_segment_over_several_column_edges_is_cut_only_at_a_space_in_every_gap() {
        let set = LayoutSettings::default();
        // "ab cd ef" at 100-110, 113-123, 126-136; columns 100-111, 112-124, 125-140.
        let ls = lay([word("ab", 100.0, 700.0), word("cd", 113.0, 700.0), word("ef", 126.0, 700.0)].concat());
        let s = &ls[0].segs[0];
        assert_eq!(s.text, "ab cd ef");
        let p = split_at_column_edges(s, &[(100.0, 111.0), (112.0, 124.0), (125.0, 140.0)], &set).expect("cut");
        assert_eq!(p.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(), ["ab", "cd", "ef"]);
        // No word space lies in the second gap (114-115): it stays whole.
        assert!(split_at_column_edges(s, &[(100.0, 111.0), (112.0, 114.0), (115.0, 140.0)], &set).is_none());
    }
}
