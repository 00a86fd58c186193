//! Column gaps of scanned pages found by alignment: OCR word boxes are loose, so a
//! narrow column gap is no wider than a word space on one line. Across the page's lines,
//! though, a column gap is a vertical channel that (almost) no word crosses and that
//! many lines have a gap in; a word space of an OCR segment lying in such a channel is
//! a column gap, and the segment is cut there (digital segments are left as they are).

use super::columns::cut_at_space;
use super::lines::{Seg, TLine};
use super::LayoutSettings;

/// At most this many one-point bins are counted across a page.
const MAX_CHANNEL_BINS: usize = 20_000;

/// The lines with every OCR segment that has a word space in a column channel cut there.
pub(super) fn cut_at_channels(lines: &mut [TLine], set: &LayoutSettings) {
    if !lines.iter().flat_map(|l| l.segs.iter()).any(|s| s.ocr.is_some() && !s.spaces.is_empty()) {
        return;
    }
    let x0 = lines.iter().map(|l| l.x0()).fold(f32::MAX, f32::min).floor();
    let open = channels(lines, x0, set);
    if !open.iter().any(|&o| o) {
        return;
    }
    // A space lies in a channel when a point strictly between its two words does.
    let in_channel = |a: f32, b: f32| {
        let (i, j) = (bin(a, x0, open.len()) + 1, bin(b, x0, open.len()));
        (i..j).any(|k| open[k])
    };
    for l in lines.iter_mut() {
        let mut out: Vec<Seg> = Vec::with_capacity(l.segs.len());
        for s in l.segs.drain(..) {
            let mut rest = s;
            while rest.ocr.is_some() {
                let Some(&(a, b, at)) = rest.spaces.iter().find(|&&(a, b, _)| in_channel(a, b)) else { break };
                let Some((left, right)) = cut_at_space(&rest, a, b, at) else { break };
                out.push(left);
                rest = right;
            }
            out.push(rest);
        }
        l.segs = out;
    }
}

/// The one-point bin of `x`, from `x0`, among `nb`.
fn bin(x: f32, x0: f32, nb: usize) -> usize {
    ((x - x0).max(0.0) as usize).min(nb.saturating_sub(1))
}

/// One flag a point from `x0`: whether the point lies in a channel, crossed by the words
/// of at most `channel_max_cross` of the lines, between two words of at least
/// `channel_min_lines` of them, and with the words on one side of it ragged (wrapped
/// text ends where it ends, numbers set flush right start where they start); a word
/// space aligned on both sides is the same phrase repeated ("ร้อยละ 50" line after
/// line), not a column gap.
fn channels(lines: &[TLine], x0: f32, set: &LayoutSettings) -> Vec<bool> {
    let x1 = lines.iter().map(|l| l.x1()).fold(f32::MIN, f32::max).ceil();
    if !x0.is_finite() || !x1.is_finite() || x1 <= x0 {
        return Vec::new();
    }
    let nb = ((x1 - x0) as usize + 2).min(MAX_CHANNEL_BINS);
    let words: Vec<Vec<(f32, f32)>> = lines.iter().map(words_of).collect();
    let (mut cross, mut between) = (vec![0u32; nb], vec![0u32; nb]);
    for ws in &words {
        for w in ws {
            for c in &mut cross[bin(w.0, x0, nb)..=bin(w.1, x0, nb)] {
                *c += 1;
            }
        }
        for p in ws.windows(2) {
            let (a, b) = (bin(p[0].1, x0, nb) + 1, bin(p[1].0, x0, nb));
            if a < b {
                for c in &mut between[a..b] {
                    *c += 1;
                }
            }
        }
    }
    let allowed = (set.channel_max_cross * lines.len() as f32).floor() as u32;
    let mut open: Vec<bool> = cross.iter().zip(&between).map(|(&c, &g)| c <= allowed && g as usize >= set.channel_min_lines).collect();
    let size = {
        let mut v: Vec<f32> = lines.iter().map(|l| l.size).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(set.fallback_font_size)
    };
    let mut k = 0;
    while k < nb {
        if !open[k] {
            k += 1;
            continue;
        }
        let start = k;
        while k < nb && open[k] {
            k += 1;
        }
        // The word ends and starts on either side of the run, on the lines with a gap over it.
        let (a, b) = (x0 + start as f32, x0 + k as f32);
        let (mut ends, mut starts) = (Vec::new(), Vec::new());
        for ws in &words {
            if let Some(p) = ws.windows(2).find(|p| p[0].1 < b && p[1].0 > a) {
                ends.push(p[0].1);
                starts.push(p[1].0);
            }
        }
        let spread = |v: &[f32]| v.iter().fold(f32::MIN, |m, &x| m.max(x)) - v.iter().fold(f32::MAX, |m, &x| m.min(x));
        if spread(&ends).max(spread(&starts)) < set.channel_min_ragged * size {
            open[start..k].iter_mut().for_each(|o| *o = false);
        }
    }
    open
}

/// A line's words, left to right: its segments cut at their word spaces.
fn words_of(l: &TLine) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for s in &l.segs {
        let mut start = s.x0;
        for &(a, b, _) in &s.spaces {
            out.push((start, a));
            start = b;
        }
        out.push((start, s.x1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::pdf::lines::lines_of;
    use crate::layout::pdf::words::items;
    use crate::ingest::pdf::{Glyph, GlyphOrigin};

    /// An OCR word: one glyph of size 10, 5 pt a character.
    fn ocr(text: &str, x: f32, y: f32) -> Glyph {
        let width = 5.0 * text.chars().count() as f32;
        Glyph { x, y, width, size: 10.0, font: u32::MAX, code: 0, unicode: text.into(), origin: GlyphOrigin::Ocr { confidence: 90 }, turn: 0 }
    }

    /// The baseline of the `k`th line of a test page, 14 pt apart.
    fn line_y(k: usize) -> f32 {
        700.0 - 14.0 * k as f32
    }

    /// A line's words from `x`, one OCR glyph each, 4 pt apart.
    fn words_from(line: &str, mut x: f32, y: f32) -> Vec<Glyph> {
        line.split(' ')
            .map(|w| {
                let g = ocr(w, x, y);
                x += 5.0 * w.len() as f32 + 4.0;
                g
            })
            .collect()
    }

    fn texts(lines: &[TLine]) -> Vec<Vec<String>> {
        lines.iter().map(|l| l.segs.iter().map(|s| s.text.clone()).collect()).collect()
    }

    #[test]
    fn a_word_space_aligned_down_the_page_is_a_column_gap() {
        let set = LayoutSettings::default();
        // Two columns 6 pt apart (a word space wide), the left one's words of varying length.
        let mut gs = Vec::new();
        for (k, left) in ["aa bb", "a b", "aaa bb", "aa b", "ab abc"].iter().enumerate() {
            let y = line_y(k);
            gs.extend(words_from(left, 100.0, y));
            gs.push(ocr("cc", 135.0, y));
            gs.push(ocr("dd", 149.0, y));
        }
        let mut lines = lines_of(items(&gs, &set), &set);
        // The lines whose words reach the right column's gap are one segment: the gap is
        // narrower than an OCR segment gap.
        assert_eq!((lines[2].segs.len(), lines[4].segs.len()), (1, 1));
        cut_at_channels(&mut lines, &set);
        let t = texts(&lines);
        // Set 6 pt from the right column, the long lines are cut there; the space between
        // "cc" and "dd", aligned on both sides, is no column gap.
        assert_eq!(t[2], vec!["aaa bb", "cc dd"]);
        assert_eq!(t[4], vec!["ab abc", "cc dd"]);
        assert_eq!(t[1], vec!["a b", "cc dd"]);
    }

    #[test]
    fn prose_with_spaces_that_do_not_align_is_not_cut() {
        let set = LayoutSettings::default();
        let gs: Vec<Glyph> = ["aa bbb cc dd", "a bb ccc ddd", "aaaa b cc d", "aa bb cccc d", "abc de fgh i"].iter().enumerate().flat_map(|(k, line)| words_from(line, 100.0, line_y(k))).collect();
        let mut lines = lines_of(items(&gs, &set), &set);
        let before = texts(&lines);
        cut_at_channels(&mut lines, &set);
        assert_eq!(texts(&lines), before);
    }
}
