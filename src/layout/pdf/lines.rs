//! Items → text lines and segments: items on one baseline make a line, and within a line
//! items closer than a column gap make a segment (a cell's text on that line), joined
//! with a space where the gap is a word space. Also the output side shared by every
//! table kind: segments → a [`Cell`] (text, box, glyph flags), a running-text line.

use super::words::{min_conf, Item};
use crate::celltext::is_thai;
use super::LayoutSettings;
use crate::model::{add_flag, BBox, Cell, Flag, Line, Piece};

/// A run of items on one baseline without a column-sized gap: it has what an item has
/// (extent, baseline, size, text, how its glyphs were mapped), over several items.
pub(super) type Seg = Item;

/// A text line: its baseline, largest font size and segments left to right.
#[derive(Debug, Clone)]
pub(super) struct TLine {
    pub y: f32,
    pub size: f32,
    pub segs: Vec<Seg>,
}

impl TLine {
    pub fn x0(&self) -> f32 {
        self.segs.first().map_or(0.0, |s| s.x0)
    }
    pub fn x1(&self) -> f32 {
        self.segs.iter().map(|s| s.x1).fold(f32::MIN, f32::max)
    }
}

/// A laid-out line with the top it is ordered by on the page.
#[derive(Debug, Clone)]
pub(super) struct OutLine {
    pub top: f32,
    pub line: Line,
}

/// em. The segment gap between two neighbours on a line: OCR's between two words both
/// read by OCR, the glyphs' otherwise.
pub(super) fn segment_gap(a: &Item, b: &Item, set: &LayoutSettings) -> f32 {
    if a.ocr.is_some() && b.ocr.is_some() {
        set.ocr_segment_gap
    } else {
        set.segment_gap
    }
}

fn join_into(text: &mut String, next: &str, space: bool) {
    if space && !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// Groups items into lines (by baseline) and lines into segments (by gaps).
pub(super) fn lines_of(its: Vec<Item>, set: &LayoutSettings) -> Vec<TLine> {
    baselines(its, set).into_iter().map(|(y, v)| line_of(y, v, set)).collect()
}

/// The first step of [`lines_of`]: items grouped by baseline, top to bottom, each group
/// with the baseline of its first item (a caller that wants a few lines builds only those).
pub(super) fn baselines(mut its: Vec<Item>, set: &LayoutSettings) -> Vec<(f32, Vec<Item>)> {
    its.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    // Each line's baseline, size (its first item's) and item count, then the items moved
    // into lines of that size (one allocation a line, not one per doubling).
    let mut lines: Vec<(f32, f32, usize)> = Vec::new();
    for it in &its {
        match lines.last_mut() {
            Some((y, sz, n)) if (*y - it.y).abs() <= set.baseline_tol * sz.min(it.size) => *n += 1,
            _ => lines.push((it.y, it.size, 1)),
        }
    }
    let mut its = its.into_iter();
    lines.into_iter().map(|(y, _, n)| (y, its.by_ref().take(n).collect())).collect()
}

/// Whether the gap after `s` before `it` is one word space of a wide font: Thai text
/// before it on its line or right after it (Latin monospace text pads columns with
/// spaces), and one space glyph drawn there, at least a segment gap wide (narrower ones
/// need no help) and at most `drawn_space_max`, that the next word starts right at the
/// end of (`drawn_space_fit`). Justified text moves the next word past its space; spaces
/// that pad text out to a column are several.
pub(super) fn word_space_drawn(s: &Seg, it: &Item, set: &LayoutSettings) -> bool {
    let Some(d) = s.drawn_space else { return false };
    let thai = s.text.chars().any(is_thai) || it.text.chars().next().is_some_and(is_thai);
    let em = it.size.max(s.size);
    d.count == 1
        && thai
        && (set.segment_gap * em..=set.drawn_space_max * em).contains(&(d.end - s.x1))
        && (it.x0 - d.end).abs() <= set.drawn_space_fit * em
}

/// The second step of [`lines_of`]: one baseline's items, left to right, cut into
/// segments by gaps (not by a wide font's drawn word space, [`word_space_drawn`]).
pub(super) fn line_of(y: f32, mut v: Vec<Item>, set: &LayoutSettings) -> TLine {
    v.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let size = v.iter().map(|i| i.size).fold(0.0, f32::max);
    let mut segs: Vec<Seg> = Vec::new();
    for it in v {
        if let Some(s) = segs.last_mut() {
            let gap = it.x0 - s.x1;
            if gap < segment_gap(s, &it, set) * it.size.max(s.size) || word_space_drawn(s, &it, set) {
                let space = gap > set.space_gap * it.size && !s.text.is_empty();
                if space {
                    s.spaces.push((s.x1, it.x0, s.text.len()));
                }
                join_into(&mut s.text, &it.text, space);
                s.x1 = s.x1.max(it.x1);
                s.inferred |= it.inferred;
                s.unmapped |= it.unmapped;
                s.ocr = min_conf(s.ocr, it.ocr);
                s.drawn_space = it.drawn_space;
                continue;
            }
        }
        segs.push(Seg { x0: it.x0, x1: it.x1, y: it.y, size: it.size, text: it.text, inferred: it.inferred, unmapped: it.unmapped, ocr: it.ocr, spaces: Vec::new(), drawn_space: it.drawn_space });
    }
    TLine { y, size, segs }
}

/// One cell from its segments, top to bottom: lines joined by a space (none between two
/// Thai letters: Thai wraps inside words), segments on one line by a space when apart.
pub(super) fn cell_of(segs: &[&Seg], set: &LayoutSettings) -> Cell {
    let mut c = Cell::default();
    let mut bbox: Option<BBox> = None;
    let mut last_y = f32::NAN;
    let mut last_x1 = f32::NAN;
    for s in segs {
        let b = BBox { x0: s.x0, y0: s.y - set.descent * s.size, x1: s.x1, y1: s.y + set.ascent * s.size };
        bbox = Some(bbox.map_or(b, |o| o.union(b)));
        if !c.text.is_empty() {
            let new_line = (s.y - last_y).abs() > set.baseline_tol * s.size;
            let prev_thai = c.text.chars().last().is_some_and(is_thai);
            let next_thai = s.text.chars().next().is_some_and(is_thai);
            let space = if new_line { !(prev_thai && next_thai) } else { s.x0 - last_x1 > set.space_gap * s.size };
            if space {
                c.text.push(' ');
            }
        }
        let start = c.text.len();
        c.text.push_str(&s.text);
        // The segment's words, cut at the spaces it joined over.
        let (y0, y1) = (b.y0, b.y1);
        let (mut from, mut x0) = (0, s.x0);
        for &(x1, next_x0, at) in &s.spaces {
            c.pieces.push(Piece { start: start + from, end: start + at, bbox: BBox { x0, y0, x1, y1 } });
            from = at + 1;
            x0 = next_x0;
        }
        c.pieces.push(Piece { start: start + from, end: c.text.len(), bbox: BBox { x0, y0, x1: s.x1, y1 } });
        last_y = s.y;
        last_x1 = s.x1;
        if s.inferred {
            add_flag(&mut c.flags, Flag::GlyphInferred);
        }
        if s.unmapped {
            add_flag(&mut c.flags, Flag::GlyphUnmapped);
        }
        if s.ocr.is_some() {
            add_flag(&mut c.flags, Flag::Ocr);
            c.ocr_confidence = min_conf(c.ocr_confidence, s.ocr);
        }
    }
    c.bbox = bbox;
    c
}

pub(super) fn bbox_of(cells: &[Cell]) -> Option<BBox> {
    cells.iter().filter_map(|c| c.bbox).reduce(BBox::union)
}

/// A running-text line: one cell, its segments separated by a space.
pub(super) fn text_line(page: u32, l: &TLine, set: &LayoutSettings) -> OutLine {
    let segs: Vec<&Seg> = l.segs.iter().collect();
    let mut c = cell_of(&segs, set);
    // Segments of a text line are separated by a space, not joined.
    let joined = l.segs.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    if joined != c.text {
        // The words' offsets were into the other spacing: the line's box stands for all.
        c.pieces.clear();
        c.text = joined;
    }
    let bbox = c.bbox;
    OutLine { top: l.y + l.size, line: Line { page, number: 0, cells: vec![c], tabular: false, bbox } }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{seg_texts, word};
    use super::super::words::items;
    use super::*;

    fn lay(glyphs: Vec<crate::ingest::pdf::Glyph>) -> Vec<TLine> {
        let set = LayoutSettings::default();
        lines_of(items(&glyphs, &set), &set)
    }

    #[test]
    fn words_farther_apart_than_the_segment_gap_are_two_segments() {
        // "ab" ends at 110; "cd" starts 20 pt (2 em) later: a column gap.
        let mut gs = word("ab", 100.0, 700.0);
        gs.extend(word("cd", 130.0, 700.0));
        let ls = lay(gs);
        assert_eq!(ls.len(), 1);
        assert_eq!(seg_texts(&ls[0]), vec!["ab", "cd"]);
    }

    /// Glyphs of `left`, one space glyph `space` pt wide, then `right` starting `shift` pt
    /// after the space ends, and a far cell "จฉ" (a wide font spaces words 0.6 em).
    fn spaced(left: &str, space: f32, shift: f32, right: &str) -> Vec<crate::ingest::pdf::Glyph> {
        let mut gs = word(&format!("{left} "), 100.0, 700.0);
        let end = gs.last().unwrap().x + space;
        gs.last_mut().unwrap().width = space;
        gs.extend(word(right, end + shift, 700.0));
        gs.extend(word("จฉ", 200.0, 700.0));
        gs
    }

    #[test]
    fn one_wide_space_drawn_in_thai_text_is_a_word_space_not_a_column_gap() {
        // A 6 pt (0.6 em) space, wider than the segment gap (4 pt), the next word right at its end.
        assert_eq!(seg_texts(&lay(spaced("กข", 6.0, 0.0, "คง"))[0]), vec!["กข คง", "จฉ"]);
        assert_eq!(seg_texts(&lay(spaced("กข", 6.0, 0.0, "(12)"))[0]), vec!["กข (12)", "จฉ"]);
        // The same gap with no space drawn in it: a column gap.
        let bare: Vec<_> = spaced("กข", 6.0, 0.0, "คง").into_iter().filter(|g| &*g.unicode != " ").collect();
        assert_eq!(seg_texts(&lay(bare)[0]), vec!["กข", "คง", "จฉ"]);
        // Latin text (monospace reports pad columns with spaces): a column gap.
        assert_eq!(seg_texts(&lay(spaced("ab", 6.0, 0.0, "cd"))[0]), vec!["ab", "cd", "จฉ"]);
        // The next word set past its space (justified text, Tw): a column gap.
        assert_eq!(seg_texts(&lay(spaced("กข", 6.0, 2.0, "คง"))[0]), vec!["กข", "คง", "จฉ"]);
        // A space wider than any font's word space: a column gap.
        assert_eq!(seg_texts(&lay(spaced("กข", 9.0, 0.0, "คง"))[0]), vec!["กข", "คง", "จฉ"]);
        // Two ordinary spaces padding out to a column (5 pt): a column gap.
        let mut gs = word("กข  ", 100.0, 700.0);
        gs.extend(word("คง", 115.0, 700.0));
        assert_eq!(seg_texts(&lay(gs)[0]), vec!["กข", "คง"]);
    }

    #[test]
    fn a_word_space_joins_with_a_space_and_is_remembered() {
        // 3 pt apart: more than the space gap (1.8 pt), less than the segment gap (4 pt).
        let mut gs = word("ab", 100.0, 700.0);
        gs.extend(word("cd", 113.0, 700.0));
        let ls = lay(gs);
        assert_eq!(seg_texts(&ls[0]), vec!["ab cd"]);
        assert_eq!(ls[0].segs[0].spaces, vec![(110.0, 113.0, 2)]);
        // 1 pt apart (kerning): no space.
        let mut gs = word("ab", 100.0, 700.0);
        gs.extend(word("cd", 111.0, 700.0));
        assert_eq!(seg_texts(&lay(gs)[0]), vec!["abcd"]);
    }

    #[test]
    fn baselines_group_into_lines_top_to_bottom() {
        let mut gs = word("low", 100.0, 680.0);
        gs.extend(word("top", 100.0, 700.0));
        // 3 pt above the top line's baseline (0.3 em): still the top line.
        gs.extend(word("sup", 150.0, 703.0));
        let ls = lay(gs);
        assert_eq!(ls.len(), 2);
        assert_eq!(seg_texts(&ls[0]), vec!["top", "sup"]);
        assert_eq!(seg_texts(&ls[1]), vec!["low"]);
        assert_eq!((ls[0].x0(), ls[0].x1()), (100.0, 165.0));
    }

    #[test]
    fn cell_joins_wrapped_thai_without_a_space_and_latin_with_one() {
        let set = LayoutSettings::default();
        let ls = lay([word("กข", 100.0, 700.0), word("คง", 100.0, 686.0), word("ab", 100.0, 672.0)].concat());
        let segs: Vec<&Seg> = ls.iter().flat_map(|l| l.segs.iter()).collect();
        let c = cell_of(&segs, &set);
        assert_eq!(c.text, "กขคง ab");
        let b = c.bbox.unwrap();
        assert_eq!((b.x0, b.x1, b.y0, b.y1), (100.0, 110.0, 672.0 - 2.5, 708.0));
    }

    #[test]
    fn a_cell_keeps_the_box_of_each_printed_word() {
        // "1,000" over "( 900 )" (three words, 3 pt apart): one cell of two lines.
        let set = LayoutSettings::default();
        let mut gs = word("1,000", 100.0, 700.0);
        gs.extend([word("(", 100.0, 686.0), word("900", 108.0, 686.0), word(")", 126.0, 686.0)].concat());
        let ls = lay(gs);
        let segs: Vec<&Seg> = ls.iter().flat_map(|l| l.segs.iter()).collect();
        let c = cell_of(&segs, &set);
        assert_eq!(c.text, "1,000 ( 900 )");
        let words: Vec<(&str, f32, f32)> = c.pieces.iter().map(|p| (&c.text[p.start..p.end], p.bbox.x0, p.bbox.y0)).collect();
        assert_eq!(words, vec![("1,000", 100.0, 700.0 - 2.5), ("(", 100.0, 686.0 - 2.5), ("900", 108.0, 686.0 - 2.5), (")", 126.0, 686.0 - 2.5)]);
        let part = c.part_box(6, 13).unwrap();
        assert_eq!((part.x0, part.x1, part.y1), (100.0, 131.0, 694.0));
    }

    #[test]
    fn text_line_joins_segments_with_a_space() {
        let set = LayoutSettings::default();
        let ls = lay([word("ab", 100.0, 700.0), word("cd", 130.0, 700.0)].concat());
        let o = text_line(3, &ls[0], &set);
        assert_eq!(o.line.cells.len(), 1);
        assert_eq!(o.line.cells[0].text, "ab cd");
        assert!(!o.line.tabular);
        assert_eq!((o.line.page, o.top), (3, 710.0));
    }
}
