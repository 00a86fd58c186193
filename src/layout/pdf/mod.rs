//! PDF page layout: positioned glyphs → clusters (Thai marks kept with their base) →
//! lines → segments → table rows (from ruling grids, or from column gaps aligned across
//! rows) and running-text lines, in reading order.

mod header;

use crate::ingest::pdf::{Glyph, GlyphOrigin, PdfPage, Ruling};
use crate::model::{add_flag, BBox, Cell, Flag, Line};

/// A base character with its marks (or an ActualText run): the unit of layout.
#[derive(Debug, Clone)]
struct Item {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    inferred: bool,
    unmapped: bool,
    /// In a segment: the word spaces it joined over, as (left word's end, right word's
    /// start, byte offset of the space in `text`), left to right.
    spaces: Vec<(f32, f32, usize)>,
}

/// Characters that attach to the glyph before them (Thai above/below marks).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}') || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

fn items(glyphs: &[Glyph]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        if g.unicode.chars().all(char::is_whitespace) || !g.x.is_finite() || !g.y.is_finite() {
            continue;
        }
        let size = if g.size > 0.1 { g.size } else { 10.0 };
        let inferred = g.origin.inferred();
        let unmapped = g.origin == GlyphOrigin::Unmapped;
        let all_marks = g.unicode.chars().all(is_mark);
        if all_marks {
            if let Some(prev) = out.last_mut() {
                if (prev.y - g.y).abs() < 0.6 * size && g.x > prev.x0 - size && g.x < prev.x1 + 0.5 * size {
                    prev.text.push_str(&g.unicode);
                    prev.inferred |= inferred;
                    prev.unmapped |= unmapped;
                    continue;
                }
            }
        }
        // SARA AM drawn as two glyphs, NIKHAHIT (a mark on the base) then SARA AA: the
        // printed letter is SARA AM (fonts without an AM glyph, and Distiller's output).
        if g.unicode == "\u{0E32}" {
            if let Some(prev) = out.last_mut() {
                let tail: Vec<char> = prev.text.chars().rev().take(2).collect();
                let nik = match tail.as_slice() {
                    ['\u{0E4D}', ..] => Some(1),
                    [t, '\u{0E4D}'] if ('\u{0E48}'..='\u{0E4B}').contains(t) => Some(2),
                    _ => None,
                };
                if let (Some(k), true) = (nik, (prev.y - g.y).abs() < 0.3 * size && g.x < prev.x1 + 0.3 * size) {
                    let mut chars: Vec<char> = prev.text.chars().collect();
                    let at = chars.len() - k;
                    chars.remove(at);
                    chars.push('\u{0E33}');
                    prev.text = chars.into_iter().collect();
                    prev.x1 = prev.x1.max(g.x + g.width);
                    prev.inferred |= inferred;
                    continue;
                }
            }
        }
        let text: String = g.unicode.chars().filter(|c| !c.is_control()).collect();
        out.push(Item { x0: g.x, x1: g.x + g.width.max(0.0), y: g.y, size, text, inferred, unmapped, spaces: Vec::new() });
    }
    out
}

/// A run of items on one baseline without a column-sized gap: it has what an item has
/// (extent, baseline, size, text, how its glyphs were mapped), over several items.
type Seg = Item;

#[derive(Debug, Clone)]
struct TLine {
    y: f32,
    size: f32,
    segs: Vec<Seg>,
}

impl TLine {
    fn x0(&self) -> f32 {
        self.segs.first().map_or(0.0, |s| s.x0)
    }
    fn x1(&self) -> f32 {
        self.segs.iter().map(|s| s.x1).fold(f32::MIN, f32::max)
    }
}

/// Gap between items (in font sizes) that is a space, and one that separates segments.
const SPACE_GAP: f32 = 0.18;
const SEG_GAP: f32 = 0.4;

fn join_into(text: &mut String, next: &str, space: bool) {
    if space && !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// Groups items into lines (by baseline) and lines into segments (by gaps).
fn lines_of(mut its: Vec<Item>) -> Vec<TLine> {
    its.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<(f32, f32, Vec<Item>)> = Vec::new();
    for it in its {
        match lines.last_mut() {
            Some((y, sz, v)) if (*y - it.y).abs() <= 0.35 * sz.min(it.size) => {
                v.push(it);
                let _ = sz;
            }
            _ => lines.push((it.y, it.size, vec![it])),
        }
    }
    lines
        .into_iter()
        .map(|(y, _, mut v)| {
            v.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let size = v.iter().map(|i| i.size).fold(0.0, f32::max);
            let mut segs: Vec<Seg> = Vec::new();
            for it in v {
                if let Some(s) = segs.last_mut() {
                    let gap = it.x0 - s.x1;
                    if gap < SEG_GAP * it.size.max(s.size) {
                        let space = gap > SPACE_GAP * it.size && !s.text.is_empty();
                        if space {
                            s.spaces.push((s.x1, it.x0, s.text.len()));
                        }
                        join_into(&mut s.text, &it.text, space);
                        s.x1 = s.x1.max(it.x1);
                        s.inferred |= it.inferred;
                        s.unmapped |= it.unmapped;
                        continue;
                    }
                }
                segs.push(Seg { x0: it.x0, x1: it.x1, y: it.y, size: it.size, text: it.text, inferred: it.inferred, unmapped: it.unmapped, spaces: Vec::new() });
            }
            TLine { y, size, segs }
        })
        .collect()
}

// ------------------------------------------------------------------ ruled grids

#[derive(Debug, Clone)]
struct Grid {
    /// Column boundaries, left to right.
    xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y).
    ys: Vec<f32>,
    h: Vec<Ruling>,
    v: Vec<Ruling>,
    /// Column boundaries found from text gaps (no inner vertical rules drawn).
    virtual_cols: bool,
}

impl Grid {
    fn bbox(&self) -> (f32, f32, f32, f32) {
        (self.xs[0], *self.ys.last().unwrap_or(&0.0), *self.xs.last().unwrap_or(&0.0), self.ys[0])
    }
    fn contains(&self, x: f32, y: f32) -> bool {
        let (x0, y0, x1, y1) = self.bbox();
        x >= x0 - 1.0 && x <= x1 + 1.0 && y >= y0 - 1.0 && y <= y1 + 1.0
    }
}

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
fn grids(rulings: &[Ruling]) -> Vec<Grid> {
    let rs: Vec<Ruling> = rulings.iter().copied().filter(|r| (r.x1 - r.x0).max(r.y1 - r.y0) > 2.0).collect();
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
    const T: f32 = 2.5;
    // Sort by y0 to limit the pairwise test to rulings that overlap vertically.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| rs[a].y0.total_cmp(&rs[b].y0));
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if rs[j].y0 > rs[i].y1 + T {
                break;
            }
            let (a, b) = (&rs[i], &rs[j]);
            if a.x0 <= b.x1 + T && b.x0 <= a.x1 + T {
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
            if pure_h && prev.iter().all(|r| r.horizontal()) && overlap >= 0.8 * narrower && py0 - y1 <= 50.0 {
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
        let mut ys = cluster(h.iter().map(|r| r.y0).collect(), 1.5);
        ys.reverse();
        if ys.len() < 2 {
            continue;
        }
        let x0 = h.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
        let x1 = h.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
        let mut xs = cluster(v.iter().map(|r| r.x0).collect(), 1.5);
        xs.retain(|&x| x > x0 + 2.0 && x < x1 - 2.0);
        xs.insert(0, x0);
        xs.push(x1);
        // A lone rule under a title or over a footer is not a table.
        if ys[0] - ys[ys.len() - 1] < 4.0 || x1 - x0 < 20.0 {
            continue;
        }
        out.push(Grid { xs, ys, h, v, virtual_cols: false });
    }
    out.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
    out
}

// ------------------------------------------------------------------ output lines

#[derive(Debug, Clone)]
struct OutLine {
    top: f32,
    line: Line,
}

fn cell_of(segs: &[&Seg]) -> Cell {
    let mut c = Cell::default();
    let mut bbox: Option<BBox> = None;
    let mut last_y = f32::NAN;
    let mut last_x1 = f32::NAN;
    for s in segs {
        let b = BBox { x0: s.x0, y0: s.y - 0.25 * s.size, x1: s.x1, y1: s.y + 0.8 * s.size };
        bbox = Some(bbox.map_or(b, |o| o.union(b)));
        if !c.text.is_empty() {
            let new_line = (s.y - last_y).abs() > 0.35 * s.size;
            let prev_thai = c.text.chars().last().is_some_and(is_thai);
            let next_thai = s.text.chars().next().is_some_and(is_thai);
            let space = if new_line { !(prev_thai && next_thai) } else { s.x0 - last_x1 > SPACE_GAP * s.size };
            if space {
                c.text.push(' ');
            }
        }
        c.text.push_str(&s.text);
        last_y = s.y;
        last_x1 = s.x1;
        if s.inferred {
            add_flag(&mut c.flags, Flag::GlyphInferred);
        }
        if s.unmapped {
            add_flag(&mut c.flags, Flag::GlyphUnmapped);
        }
    }
    c.bbox = bbox;
    c
}

fn bbox_of(cells: &[Cell]) -> Option<BBox> {
    cells.iter().filter_map(|c| c.bbox).reduce(BBox::union)
}

fn text_line(page: u32, l: &TLine) -> OutLine {
    let segs: Vec<&Seg> = l.segs.iter().collect();
    let mut c = cell_of(&segs);
    // Segments of a text line are separated by a space, not joined.
    c.text = l.segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    let bbox = c.bbox;
    OutLine { top: l.y + l.size, line: Line { page, number: 0, cells: vec![c], tabular: false, bbox } }
}

/// Rows of a ruled grid: items are binned into grid cells first (text never crosses a
/// drawn rule), merged cells go to their top-left cell, and each cell's items are laid
/// out as lines of their own.
fn grid_rows(page: u32, g: &Grid, its: Vec<Item>) -> Vec<OutLine> {
    let nr = g.ys.len() - 1;
    let nc = g.xs.len() - 1;
    let has_v = |x: f32, y: f32| g.v.iter().any(|r| (r.x0 - x).abs() <= 2.0 && y >= r.y0 - 1.0 && y <= r.y1 + 1.0);
    let has_h = |y: f32, x: f32| g.h.iter().any(|r| (r.y0 - y).abs() <= 2.0 && x >= r.x0 - 1.0 && x <= r.x1 + 1.0);
    // Vertical rules that cover only the header are extended downward: below the lowest
    // drawn piece of a boundary, the boundary counts as drawn (Excel's header-only rules).
    // Only for boundaries drawn over less than half the grid's height.
    let height = g.ys[0] - g.ys[nr];
    let v_lowest: Vec<f32> = g
        .xs
        .iter()
        .map(|&x| {
            let pieces = g.v.iter().filter(|r| (r.x0 - x).abs() <= 2.0);
            let drawn: f32 = pieces.clone().map(|r| r.y1 - r.y0).sum();
            if drawn * 2.0 < height { pieces.map(|r| r.y0).fold(f32::MAX, f32::min) } else { f32::MAX }
        })
        .collect();
    let left_open = |r: usize, c: usize| -> bool {
        let mid = (g.ys[r] + g.ys[r + 1]) / 2.0;
        if g.virtual_cols || has_v(g.xs[c], mid) {
            return false;
        }
        !(v_lowest[c] < f32::MAX && mid < v_lowest[c] - 2.0)
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
    let mut prev: Option<(f32, f32, f32, usize)> = None;
    for it in its {
        let cy = it.y + 0.3 * it.size;
        let cx = (it.x0 + it.x1) / 2.0;
        let r = match (0..nr).find(|&r| cy <= g.ys[r] + 1.0 && cy >= g.ys[r + 1] - 1.0) {
            Some(r) => r,
            None => continue,
        };
        let mut c = (0..nc).rev().find(|&c| cx >= g.xs[c]).unwrap_or(0);
        if g.virtual_cols {
            if let Some((py, px1, psize, pc)) = prev {
                let gap = it.x0 - px1;
                if (py - it.y).abs() <= 0.35 * psize && gap > -0.5 * psize && gap < SEG_GAP * it.size.max(psize) {
                    c = pc;
                }
            }
            prev = Some((it.y, it.x1, it.size, c));
        }
        let (or, oc) = owner[r][c];
        bins[or][oc].push(it);
    }
    // Bands of a grid drawn without inner vertical rules may hold several rows (rules
    // under the header only): cut them where the line spacing is a row spacing.
    let mut split: Vec<Vec<Vec<Item>>> = Vec::new();
    let mut tops: Vec<f32> = Vec::new();
    let mut all_ys: Vec<(f32, f32)> = bins.iter().flatten().flatten().map(|i| (i.y, i.size)).collect();
    all_ys.sort_by(|a, b| b.0.total_cmp(&a.0));
    all_ys.dedup_by(|a, b| (a.0 - b.0).abs() <= 0.35 * a.1);
    let pitch = line_pitch(&all_ys);
    for (r, row_bins) in bins.into_iter().enumerate() {
        if !g.virtual_cols {
            // Columns drawn but no rules between the body's rows: one band may hold
            // several records, each on a line of values.
            match split_records(&row_bins) {
                Some(records) => {
                    for (top, b) in records {
                        split.push(b);
                        tops.push(top);
                    }
                }
                None => {
                    split.push(row_bins);
                    tops.push(g.ys[r]);
                }
            }
            continue;
        }
        // Only the band's own lines cut it: text of a cell merged down over the bands
        // below (a label centred over the header's rows) stays with the band's first row.
        let bottom = g.ys[r + 1] - 1.0;
        let mut ys: Vec<(f32, f32)> = row_bins.iter().flatten().filter(|i| i.y + 0.3 * i.size >= bottom).map(|i| (i.y, i.size)).collect();
        ys.sort_by(|a, b| b.0.total_cmp(&a.0));
        ys.dedup_by(|a, b| (a.0 - b.0).abs() <= 0.35 * a.1);
        let mut starts: Vec<f32> = Vec::new();
        for (k, &(y, sz)) in ys.iter().enumerate() {
            if k == 0 || row_gap(ys[k - 1].0 - y, pitch, sz) {
                starts.push(y + 0.35 * sz);
            }
        }
        if starts.len() <= 1 {
            split.push(row_bins);
            tops.push(g.ys[r]);
            continue;
        }
        let mut sub: Vec<Vec<Vec<Item>>> = vec![vec![Vec::new(); nc]; starts.len()];
        for (c, v) in row_bins.into_iter().enumerate() {
            for it in v {
                let own = it.y + 0.3 * it.size >= bottom;
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
                let tl = lines_of(v);
                let segs: Vec<&Seg> = tl.iter().flat_map(|l| l.segs.iter()).collect();
                cell_of(&segs)
            })
            .collect();
        let bbox = bbox_of(&row);
        out.push(OutLine { top: tops[r], line: Line { page, number: 0, cells: row, tabular: true, bbox } });
    }
    out
}

/// An ASCII or Thai digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// A value standing alone in a cell: a number ("3,579,725", "76.9473", "80%", "(50)") or
/// a nil dash.
fn is_value(text: &str) -> bool {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
    !t.is_empty() && t.chars().all(|c| is_digit(c) || matches!(c, ',' | '.' | '%' | '-' | '+' | ' ')) && (t.chars().any(is_digit) || t == "-")
}

/// Text that opens a list item: "- ", "(1)", "1.", "1)", "•".
fn starts_item(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['-', '•', '–', '*']) {
        return true;
    }
    let inner = t.strip_prefix('(').unwrap_or(t);
    let n = inner.chars().take_while(|&c| is_digit(c) || c == '.').count();
    n > 0 && inner.chars().nth(n).is_some_and(|c| c == ')' || c == ' ' || inner.chars().nth(n - 1) == Some('.'))
}

/// Splits one band of a ruled grid (cells between two horizontal rules) into records
/// when it holds several: Excel tables often rule the columns but not the rows, and then
/// a whole page of indicators sits in one band. A record line has text in every column
/// the band uses but maybe the first (a label merged over several records), its first
/// text a label and a value after it; with two or more record lines the band is cut
/// before each, and before a line that opens a list item ("- ", "(1)"); other lines
/// continue the record above (labels wrap below their first line).
/// A band with one record line (a value over a prior-year figure, a wrapped label) is
/// left whole. Returns the records' tops and cells, or `None` to keep the band.
fn split_records(bins: &[Vec<Item>]) -> Option<Vec<(f32, Vec<Vec<Item>>)>> {
    let used: Vec<usize> = (0..bins.len()).filter(|&c| !bins[c].is_empty()).collect();
    // Records are labelled in the first column (on their first record at least).
    if used.len() < 2 || used[0] != 0 {
        return None;
    }
    let mut ys: Vec<(f32, f32)> = bins.iter().flatten().map(|i| (i.y, i.size)).collect();
    ys.sort_by(|a, b| b.0.total_cmp(&a.0));
    ys.dedup_by(|a, b| (a.0 - b.0).abs() <= 0.35 * a.1);
    // The text of each used column on each baseline.
    let text_at = |c: usize, y: f32, size: f32| -> String {
        let mut on: Vec<&Item> = bins[c].iter().filter(|i| (i.y - y).abs() <= 0.35 * size).collect();
        on.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        on.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(" ")
    };
    let lines: Vec<Vec<String>> = ys.iter().map(|&(y, sz)| used.iter().map(|&c| text_at(c, y, sz)).collect()).collect();
    // The first column may be empty on a record line: a label cell merged over several
    // records is written once, on the first.
    let record = |l: &Vec<String>| {
        let label = l.iter().position(|t| !t.is_empty()).unwrap_or(l.len());
        l[1..].iter().all(|t| !t.is_empty()) && label < l.len() && !is_value(&l[label]) && l[label + 1..].iter().any(|t| is_value(t))
    };
    if lines.iter().filter(|l| record(l)).count() < 2 {
        return None;
    }
    let starts: Vec<usize> = (0..lines.len()).filter(|&k| k == 0 || record(&lines[k]) || starts_item(&lines[k][0])).collect();
    let tops: Vec<f32> = starts.iter().map(|&k| ys[k].0 + 0.35 * ys[k].1).collect();
    let mut out: Vec<(f32, Vec<Vec<Item>>)> = tops.iter().map(|&t| (t, vec![Vec::new(); bins.len()])).collect();
    for (c, v) in bins.iter().enumerate() {
        for it in v {
            let k = tops.iter().rposition(|&t| t >= it.y).unwrap_or(0);
            out[k].1[c].push(it.clone());
        }
    }
    Some(out)
}

// ------------------------------------------------------------------ unruled tables

/// Column intervals of a run of lines: x ranges covered by the segments of the
/// multi-segment lines, separated by gaps that (almost) no line crosses.
fn stream_columns(lines: &[&TLine]) -> Vec<(f32, f32)> {
    let multi: Vec<&&TLine> = lines.iter().filter(|l| l.segs.len() >= 2).collect();
    if multi.is_empty() {
        return Vec::new();
    }
    let x0 = multi.iter().map(|l| l.x0()).fold(f32::MAX, f32::min).floor();
    let x1 = multi.iter().map(|l| l.x1()).fold(f32::MIN, f32::max).ceil();
    // One bin a point, at most 20,000 (a page is a few hundred points wide; a hostile
    // file may put text anywhere).
    let nb = ((x1 - x0).clamp(0.0, 20_000.0) as usize + 2).min(20_000);
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
    let allowed = ((multi.len() as f32 * 0.12) as u32).max(u32::from(multi.len() >= 4));
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
    let cols = add_sparse_columns(cols, lines);
    let cols = refine_with_dense_lines(cols, &multi);
    merge_exclusive_columns(cols, lines)
}

/// Under a header, each label of its lowest row heads a column of its own: a column found
/// from gaps that holds two of them (narrow columns whose wrapped words run almost into
/// each other close the gap between them) is cut between the two labels, where the
/// fewest words of the body cross.
fn split_under_labels(cols: Vec<(f32, f32)>, lowest: &TLine, body: &[&TLine]) -> Vec<(f32, f32)> {
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
            let steps = ((to - from).min(2000.0) as usize).max(1);
            let xs: Vec<(f32, usize)> = (0..=steps).map(|i| from + (to - from) * i as f32 / steps as f32).map(|x| (x, crossing(x))).collect();
            let best = xs.iter().map(|p| p.1).min().unwrap_or(0);
            let run: Vec<f32> = xs.iter().filter(|p| p.1 == best).map(|p| p.0).collect();
            let cut = run[run.len() / 2];
            out.push((start, cut));
            start = cut;
        }
        out.push((start, c1));
    }
    out
}

/// Two columns a narrow gap apart that never both hold text on one line are one column
/// whose cells are aligned differently ("-" on the left, numbers on the right, a header
/// label centred over both).
fn merge_exclusive_columns(mut cols: Vec<(f32, f32)>, lines: &[&TLine]) -> Vec<(f32, f32)> {
    let size = {
        let mut v: Vec<f32> = lines.iter().map(|l| l.size).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(10.0)
    };
    let mut k = 0;
    while k + 1 < cols.len() {
        let (a, b) = (cols[k], cols[k + 1]);
        let narrow = b.0 - a.1 < 0.6 * size;
        let both = || {
            lines.iter().any(|l| {
                let in_a = l.segs.iter().any(|s| s.x0 < a.1 + 0.5 && s.x1 > a.0 && s.x1 < b.0 + 0.5);
                let in_b = l.segs.iter().any(|s| s.x1 > b.0 - 0.5 && s.x0 < b.1 && s.x0 > a.1 - 0.5);
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
fn add_sparse_columns(cols: Vec<(f32, f32)>, lines: &[&TLine]) -> Vec<(f32, f32)> {
    if cols.is_empty() {
        return cols;
    }
    let free = |s: &Seg| !cols.iter().any(|c| s.x0 < c.1 + 1.0 && s.x1 > c.0 - 1.0);
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
        if ks.len() >= 2 && !out.iter().any(|c| c.0 > a && c.1 < z) {
            out.push((a, z));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Wrapped header cells spanning several columns can close a gap for every line they
/// wrap over. The dense lines (body rows with a value in most columns) show the true
/// gaps: a column they split into several pieces is split.
fn refine_with_dense_lines(cols: Vec<(f32, f32)>, multi: &[&&TLine]) -> Vec<(f32, f32)> {
    let max_segs = multi.iter().map(|l| l.segs.len()).max().unwrap_or(0);
    let need = 3.max((max_segs as f32 * 0.6).ceil() as usize);
    let dense: Vec<&&&TLine> = multi.iter().filter(|l| l.segs.len() >= need).collect();
    if dense.len() < 2 {
        return cols;
    }
    let mut out = Vec::with_capacity(cols.len());
    for &(a, b) in &cols {
        // Intervals covered by dense-line segments that start inside this column.
        let mut pieces: Vec<(f32, f32)> = dense
            .iter()
            .flat_map(|l| l.segs.iter())
            .filter(|s| s.x0 + 1.0 >= a && s.x0 + 1.0 < b && s.x1 <= b + 1.0)
            .map(|s| (s.x0, s.x1))
            .collect();
        pieces.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut merged: Vec<(f32, f32, usize)> = Vec::new();
        for (p0, p1) in pieces {
            match merged.last_mut() {
                Some(m) if p0 <= m.1 + 2.0 => {
                    m.1 = m.1.max(p1);
                    m.2 += 1;
                }
                _ => merged.push((p0, p1, 1)),
            }
        }
        // Every piece must be backed by at least two dense lines.
        if merged.len() >= 2 && merged.iter().all(|m| m.2 >= 2) {
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
fn column_for(cols: &[(f32, f32)], s: &Seg) -> usize {
    let mid = s.x0 + 1.0;
    let k = cols.iter().rposition(|c| c.0 <= mid + 0.5).unwrap_or(0);
    // A start that falls in a gap goes to the nearer column (a segment narrower than
    // the column's covered range, starting just left of it).
    match (cols.get(k), cols.get(k + 1)) {
        (Some(c), Some(n)) if s.x0 > c.1 && n.0 - s.x0 < s.x0 - c.1 => k + 1,
        _ => k,
    }
}

/// A segment that runs from one column into the next over a word space lying in the gap
/// between them is two cells' words set closer than a column gap (narrow columns of
/// wrapped text): it is cut at that space. Only a segment that crosses one column edge,
/// and whose pieces each fit their column, is cut; text spanning several columns (a
/// section heading) stays whole.
fn split_at_column_edge(s: &Seg, cols: &[(f32, f32)]) -> Option<(Seg, Seg)> {
    if s.spaces.is_empty() {
        return None;
    }
    let slack = 0.5 * s.size;
    let mut crossed = (0..cols.len().saturating_sub(1)).filter(|&k| s.x0 < cols[k].1 && s.x1 > cols[k + 1].0);
    let (Some(k), None) = (crossed.next(), crossed.next()) else { return None };
    let (left_col, right_col) = (cols[k], cols[k + 1]);
    let &(a, b, at) = s.spaces.iter().find(|&&(a, b, _)| a <= right_col.0 + slack && b >= left_col.1 - slack && a >= left_col.0 && b <= right_col.1)?;
    if s.x0 < left_col.0 - slack || s.x1 > right_col.1 + slack {
        return None;
    }
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

/// The line pitch inside a wrapped cell: the smallest gap between consecutive lines
/// (at least a font size) that occurs twice or more. Rows are set apart by this pitch
/// plus the cell padding.
fn line_pitch(ys: &[(f32, f32)]) -> Option<f32> {
    let size = {
        let mut v: Vec<f32> = ys.iter().map(|y| y.1).collect();
        v.sort_by(f32::total_cmp);
        *v.get(v.len() / 2)?
    };
    // A line pitch is at least 1.2 em (closer baselines are vertically centred cells
    // interleaving); a gap of 1.78 em or more is already a row gap (cell padding).
    let gaps: Vec<f32> = ys.windows(2).map(|w| w[0].0 - w[1].0).filter(|&g| g >= 1.2 * size).collect();
    let mut best: Option<f32> = None;
    for &g in &gaps {
        let n = gaps.iter().filter(|&&h| (h - g).abs() <= 0.3).count();
        if n >= 2 && best.map_or(true, |b| g < b) {
            best = Some(g);
        }
    }
    best.filter(|&p| p < 1.78 * size)
}

/// The first body line after a rebuilt header has no line above it to continue.
fn prev_y_was_nan(gap: f32) -> bool {
    gap.is_nan()
}

/// True when the gap between two consecutive lines starts a new row.
fn row_gap(gap: f32, pitch: Option<f32>, size: f32) -> bool {
    match pitch {
        Some(p) => gap > p + 0.8f32.max(0.04 * p),
        None => gap > 1.76 * size,
    }
}

/// Builds rows of an unruled table from lines: a line closer to the one above than
/// the row spacing continues that row's cells (wrapped text), any other starts a row.
/// With `find_header` (the lines start at the table's top), a multi-row header is looked
/// for and rebuilt from its cells' geometry.
fn stream_rows(page: u32, lines: &[&TLine], cols: &[(f32, f32)], find_header: bool) -> Vec<OutLine> {
    let ys: Vec<(f32, f32)> = lines.iter().map(|l| (l.y, l.size)).collect();
    let pitch = line_pitch(&ys);
    let mut rows: Vec<(f32, Vec<Vec<Seg>>)> = Vec::new();
    // A header with vertically centred cells is rebuilt from its cells' geometry, and its
    // lowest cells give the columns.
    let head = pitch.filter(|_| find_header).and_then(|p| header::header_len(lines, cols, p).map(|n| (n, p)));
    let (body, edges) = match head {
        Some((n, p)) => {
            let top = lines[0].y + lines[0].size;
            let h = header::build(&lines[..n], &lines[n..], cols, p);
            rows.extend(h.rows.into_iter().map(|r| (top, r)));
            (&lines[n..], Some(h.edges))
        }
        None => (lines, None),
    };
    let nc = edges.as_ref().map_or(cols.len(), |e| e.len() - 1).max(1);
    let column = |s: &Seg| match &edges {
        Some(e) => e[1..e.len() - 1].iter().filter(|&&x| x <= s.x0 + 1.0).count(),
        None => column_for(cols, s),
    };
    let mut prev_y = f32::NAN;
    let mut last_y: Vec<Option<f32>> = vec![None; nc];
    for l in body {
        let mut assigned: Vec<Vec<Seg>> = vec![Vec::new(); nc];
        for s in &l.segs {
            match split_at_column_edge(s, cols) {
                Some((a, b)) => {
                    assigned[column(&a).min(nc - 1)].push(a);
                    assigned[column(&b).min(nc - 1)].push(b);
                }
                None => assigned[column(s).min(nc - 1)].push(s.clone()),
            }
        }
        let gap = prev_y - l.y;
        prev_y = l.y;
        // A line starts a row when it is a row gap below the line above, or when, in a
        // column where the current row already has text, it does not follow that text at
        // the line pitch (vertically centred header cells stagger their baselines, so a
        // small gap alone does not make a continuation).
        let column_break = last_y.iter().zip(&assigned).any(|(ly, v)| !v.is_empty() && ly.is_some_and(|y| row_gap(y - l.y, pitch, l.size)));
        // A line that fills every column of the current row, with a label and a value
        // under a value, is the next record at any spacing (lists of amounts set as
        // tightly as wrapped text; a number wrapped in a narrow column fills no row).
        let labelled = assigned.iter().find(|v| !v.is_empty()).and_then(|v| seg_text(v)).is_some_and(|t| !is_value(&t));
        let stacked_value = labelled
            && rows.last().is_some_and(|(_, cur)| {
                let full = cur.iter().zip(&assigned).all(|(c, a)| c.is_empty() || !a.is_empty());
                full && (1..nc).any(|c| seg_text(&assigned[c]).is_some_and(|t| is_value(&t) && !t.starts_with('(')) && seg_text(&cur[c]).is_some_and(|t| is_value(&t)))
            });
        let continues = !rows.is_empty() && !prev_y_was_nan(gap) && !row_gap(gap, pitch, l.size) && !column_break && !stacked_value;
        if !continues {
            last_y.iter_mut().for_each(|y| *y = None);
        }
        for (c, v) in assigned.iter().enumerate() {
            if !v.is_empty() {
                last_y[c] = Some(l.y);
            }
        }
        if continues {
            let last = &mut rows.last_mut().expect("checked").1;
            for (c, v) in assigned.into_iter().enumerate() {
                last[c].extend(v);
            }
        } else {
            rows.push((l.y + l.size, assigned));
        }
    }
    if head.is_none() {
        lift_centred_header_cells(&mut rows, cols);
    }
    rows.retain(|(_, cells)| cells.iter().any(|v| !v.is_empty()));
    rows.into_iter()
        .map(|(top, cells)| {
            let cells: Vec<Cell> = cells.iter().map(|v| cell_of(&v.iter().collect::<Vec<_>>())).collect();
            let bbox = bbox_of(&cells);
            OutLine { top, line: Line { page, number: 0, cells, tabular: true, bbox } }
        })
        .collect()
}

/// The text of a cell's segments, `None` when it has none.
fn seg_text(segs: &[Seg]) -> Option<String> {
    (!segs.is_empty()).then(|| segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "))
}

/// A header whose first row has a cell spanning several columns has its other cells
/// centred vertically over all header rows, so their text falls into the second or third
/// row. A label there whose column is empty above, and not under a spanning cell, goes
/// up to the first row (where the merged cell starts).
fn lift_centred_header_cells(rows: &mut [(f32, Vec<Vec<Seg>>)], cols: &[(f32, f32)]) {
    let spans = |cells: &Vec<Vec<Seg>>| -> Vec<(f32, f32)> {
        cells.iter().flatten().filter(|s| cols.iter().filter(|c| c.0 > s.x0 + 1.0 && c.0 < s.x1 - 1.0).count() > 0).map(|s| (s.x0, s.x1)).collect()
    };
    if rows.len() < 3 || spans(&rows[0].1).is_empty() {
        return;
    }
    for r in 1..3.min(rows.len()) {
        let above: Vec<(f32, f32)> = rows[..r].iter().flat_map(|(_, c)| spans(c)).collect();
        for c in 0..cols.len().min(rows[r].1.len()) {
            let v = &rows[r].1[c];
            if v.is_empty() || rows[..r].iter().any(|(_, cells)| !cells[c].is_empty()) {
                continue;
            }
            let (x0, x1) = (v.iter().map(|s| s.x0).fold(f32::MAX, f32::min), v.iter().map(|s| s.x1).fold(f32::MIN, f32::max));
            let covered = above.iter().any(|&(a, b)| a < x1 && x0 < b);
            let text: String = v.iter().map(|s| s.text.as_str()).collect();
            let label = text.chars().count() <= 40 && !text.chars().all(|ch| ch.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&ch) || ",.-".contains(ch));
            if !covered && label {
                let moved = std::mem::take(&mut rows[r].1[c]);
                rows[0].1[c] = moved;
            }
        }
    }
}

/// Lines that make up unruled tables: runs of lines where most have two or more
/// segments. Returns (start, end) index ranges into `lines`.
fn stream_runs(lines: &[TLine]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].segs.len() < 2 {
            i += 1;
            continue;
        }
        // Extend while lines are multi-segment or single lines between multi-segment
        // ones (wrapped cells, section rows) at a table-like spacing.
        let mut j = i + 1;
        let mut last_multi = i;
        while j < lines.len() {
            let gap = lines[j - 1].y - lines[j].y;
            if gap > 3.0 * lines[j].size.max(lines[j - 1].size) {
                break;
            }
            if lines[j].segs.len() >= 2 {
                last_multi = j;
            } else if j - last_multi > 4 {
                break;
            }
            j += 1;
        }
        let mut end = last_multi + 1;
        let multi = lines[i..end].iter().filter(|l| l.segs.len() >= 2).count();
        if multi >= 2 {
            // Lines just above and below at table spacing, inside the table's width, are
            // its spanning header line and the wrapped ends of its last row.
            let x0 = lines[i..end].iter().map(|l| l.x0()).fold(f32::MAX, f32::min) - 5.0;
            let x1 = lines[i..end].iter().map(|l| l.x1()).fold(f32::MIN, f32::max) + 5.0;
            let near = |a: &TLine, b: &TLine| a.y - b.y <= 2.0 * a.size.min(b.size);
            let inside = |l: &TLine| l.x0() >= x0 && l.x1() <= x1;
            // Closer than a text line's leading: the staggered lines of a header whose
            // first column is empty on this page's rows.
            let staggered = |a: &TLine, b: &TLine| a.y - b.y <= 1.1 * a.size.min(b.size);
            let floor = out.last().map_or(0, |r: &(usize, usize)| r.1);
            while i > floor && near(&lines[i - 1], &lines[i]) && (inside(&lines[i - 1]) || staggered(&lines[i - 1], &lines[i])) {
                i -= 1;
            }
            while end < lines.len() && near(&lines[end - 1], &lines[end]) && inside(&lines[end]) {
                end += 1;
            }
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// `PLANX_DEBUG_LAYOUT=1` prints the layout's decisions to stderr (grids, the lines and
/// columns of each unruled table, header cells): the first thing to read when a table
/// comes out wrong.
pub(crate) fn debug_layout() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PLANX_DEBUG_LAYOUT").is_some())
}

fn debug_run(what: &str, lines: &[&TLine], cols: &[(f32, f32)]) {
    eprintln!("{what}");
    for l in lines {
        let segs: Vec<String> = l.segs.iter().map(|s| format!("[{:.0}-{:.0} {}]", s.x0, s.x1, s.text)).collect();
        eprintln!("  y{:.1} size {:.1} {}", l.y, l.size, segs.join(" "));
    }
    let cs: Vec<String> = cols.iter().map(|c| format!("{:.0}-{:.0}", c.0, c.1)).collect();
    eprintln!("  columns {}", cs.join(" "));
}

/// The lines of one page, in reading order: table rows (tabular, one cell per column)
/// and running text (one cell), with a blank line between a table and the text around it.
pub fn page_lines(page: &PdfPage) -> Vec<Line> {
    let its = items(&page.glyphs);
    let gs = grids(&page.rulings);
    // Items inside a grid go to that grid; the rest make text lines.
    let mut in_grid: Vec<Vec<Item>> = vec![Vec::new(); gs.len()];
    let mut free: Vec<Item> = Vec::new();
    for it in its {
        let cy = it.y + 0.3 * it.size;
        match gs.iter().position(|g| g.contains((it.x0 + it.x1) / 2.0, cy)) {
            Some(k) => in_grid[k].push(it),
            None => free.push(it),
        }
    }
    let mut blocks: Vec<(f32, Vec<OutLine>, bool)> = Vec::new();
    let mut tl = lines_of(free);
    let mut used = vec![false; tl.len()];
    for (k, g) in gs.iter().enumerate() {
        let its = std::mem::take(&mut in_grid[k]);
        if its.is_empty() {
            continue;
        }
        let mut g = g.clone();
        if debug_layout() {
            eprintln!("grid, page {}: xs {:?} ys {:?}", page.number, g.xs, g.ys);
        }
        if g.xs.len() > 2 {
            let rows = grid_rows(page.number, &g, its);
            blocks.push((g.ys[0], rows, true));
            continue;
        }
        // Horizontal rules only: they frame the header; the body below is unruled.
        // Columns come from gaps aligned across header and body.
        let head = lines_of(its.clone());
        let bottom = *g.ys.last().unwrap_or(&0.0);
        let (gx0, gx1) = (g.xs[0], g.xs[g.xs.len() - 1]);
        let mut body: Vec<usize> = Vec::new();
        let mut prev: Option<(f32, f32)> = None;
        for (i, l) in tl.iter().enumerate() {
            if used[i] || l.y >= bottom || l.x0() < gx0 - 5.0 || l.x1() > gx1 + 5.0 {
                if !body.is_empty() && l.y < bottom {
                    break;
                }
                continue;
            }
            let limit = match prev {
                None => 3.0 * l.size,
                Some((_, sz)) => 2.3 * sz.min(l.size),
            };
            let from = prev.map_or(bottom + l.size, |p| p.0);
            let same_size = prev.map_or(true, |p| (p.1 - l.size).abs() <= 0.3 * p.1);
            if from - l.y > limit || !same_size {
                break;
            }
            body.push(i);
            prev = Some((l.y, l.size));
        }
        let mut all: Vec<&TLine> = head.iter().collect();
        all.extend(body.iter().map(|&i| &tl[i]));
        let cols = stream_columns(&all);
        // The header ends at the first rule under the top one that runs the grid's whole
        // width (rules under spanning header cells are shorter); lines below it, in the
        // grid or under it, are the body.
        let width = gx1 - gx0;
        let full = |y: f32| g.h.iter().filter(|r| (r.y0 - y).abs() <= 2.0).map(|r| r.x1 - r.x0).sum::<f32>() >= 0.9 * width;
        let header_bottom = g.ys.iter().skip(1).copied().find(|&y| full(y)).unwrap_or(bottom);
        let mut body_lines: Vec<&TLine> = head.iter().filter(|l| l.y < header_bottom).collect();
        body_lines.extend(body.iter().map(|&i| &tl[i]));
        let cols = match head.iter().rfind(|l| l.y >= header_bottom) {
            Some(lowest) => split_under_labels(cols, lowest, &body_lines),
            None => cols,
        };
        if debug_layout() {
            debug_run(&format!("header rules only, page {}", page.number), &all, &cols);
        }
        if cols.len() >= 2 {
            g.xs = std::iter::once(gx0.min(cols[0].0 - 1.0))
                .chain(cols.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0))
                .chain(std::iter::once(gx1.max(cols[cols.len() - 1].1 + 1.0)))
                .collect();
            g.virtual_cols = true;
        }
        let mut rows = grid_rows(page.number, &g, its);
        if cols.len() >= 2 && !body.is_empty() {
            let refs: Vec<&TLine> = body.iter().map(|&i| &tl[i]).collect();
            rows.extend(stream_rows(page.number, &refs, &cols, false));
            for &i in &body {
                used[i] = true;
            }
        }
        blocks.push((g.ys[0], rows, true));
    }
    let mut keep = used.iter().map(|u| !u);
    tl.retain(|_| keep.next().unwrap_or(true));
    let runs = stream_runs(&tl);
    let mut k = 0;
    let mut r = 0;
    while k < tl.len() {
        if r < runs.len() && runs[r].0 == k {
            let (a, b) = runs[r];
            let refs: Vec<&TLine> = tl[a..b].iter().collect();
            let cols = stream_columns(&refs);
            if debug_layout() {
                debug_run(&format!("unruled, page {}", page.number), &refs, &cols);
            }
            if cols.len() >= 2 {
                blocks.push((tl[a].y + tl[a].size, stream_rows(page.number, &refs, &cols, true), true));
            } else {
                for l in &tl[a..b] {
                    let o = text_line(page.number, l);
                    blocks.push((o.top, vec![o], false));
                }
            }
            k = b;
            r += 1;
            continue;
        }
        let o = text_line(page.number, &tl[k]);
        blocks.push((o.top, vec![o], false));
        k += 1;
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<Line> = Vec::new();
    let mut prev_tab: Option<bool> = None;
    for (_, rows, tab) in blocks {
        if rows.is_empty() {
            continue;
        }
        if prev_tab.is_some() && (tab || prev_tab == Some(true)) {
            out.push(Line { page: page.number, number: 0, cells: vec![Cell::raw("")], tabular: false, bbox: None });
        }
        prev_tab = Some(tab);
        out.extend(rows.into_iter().map(|o| o.line));
    }
    for (i, l) in out.iter_mut().enumerate() {
        l.number = i as u32 + 1;
    }
    out
}

/// Text drawn outside the visible page, in reading order, its lines separated by " / "
/// (marks kept with their base as on the page).
pub fn off_page_text(page: &PdfPage) -> String {
    let lines = lines_of(items(&page.off_page));
    lines.iter().map(|l| l.segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" / ")
}

/// Renders pages as text: each line's cells joined by TAB, a form feed between pages.
pub fn render_text(pages: &[Vec<Line>]) -> String {
    let mut s = String::new();
    for (i, lines) in pages.iter().enumerate() {
        if i > 0 {
            s.push('\x0c');
        }
        for l in lines {
            s.push_str(&l.joined());
            s.push('\n');
        }
    }
    s
}

/// A page's text in reading order as the benchmark reads it: text lines, and table
/// rows with their cells joined by a space.
pub fn page_text(lines: &[Line]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in lines {
        let t = l.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            parts.push(t);
        }
    }
    parts.join("\n")
}
