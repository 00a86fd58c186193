//! Column gaps of scanned pages found by alignment: OCR word boxes are loose, so a
//! narrow column gap is no wider than a word space on one line. Down a table's lines,
//! though, a column gap is a vertical channel that (almost) none of them crosses and
//! that many have a gap in; a word space of an OCR segment lying in such a channel is
//! a column gap, and the segment is cut there (digital segments are left as they are).
//! Crossings are counted over the lines of the stretch the channel runs down, not over
//! the whole page: the prose above and below a table crosses every one of its gaps.

use super::columns::cut_at_space;
use super::lines::{Seg, TLine};
use super::LayoutSettings;

/// At most this many one-point bins are counted across a page.
const MAX_CHANNEL_BINS: usize = 20_000;

/// What a line has at a point: nothing, a gap between two of its words, or a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Empty,
    Gap,
    Word,
}

/// The lines with every OCR segment that has a word space in a column channel cut there.
pub(super) fn cut_at_channels(lines: &mut [TLine], set: &LayoutSettings) {
    if !lines.iter().flat_map(|l| l.segs.iter()).any(|s| s.ocr.is_some() && !s.spaces.is_empty()) {
        return;
    }
    let x0 = lines.iter().map(|l| l.x0()).fold(f32::MAX, f32::min).floor();
    let open = channels(lines, x0, set);
    for (l, open) in lines.iter_mut().zip(&open) {
        if !open.iter().any(|&o| o) {
            continue;
        }
        // A space lies in a channel when a point strictly between its two words does.
        let in_channel = |a: f32, b: f32| {
            let (i, j) = (bin(a, x0, open.len()) + 1, bin(b, x0, open.len()));
            (i..j).any(|k| open[k])
        };
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

/// For each line, one flag a point from `x0`: whether the point lies in a channel on
/// that line. A channel at a point runs down a stretch of lines (top to bottom) that
/// begins and ends with a gap between two words there, holds such a gap on at least
/// `channel_min_lines` lines, and is crossed by the words of at most
/// `channel_max_cross` of its lines; the words on one side of it must be ragged
/// (wrapped text ends where it ends, numbers set flush right start where they start):
/// a word space aligned on both sides is the same phrase repeated ("ร้อยละ 50" line
/// after line), not a column gap.
fn channels(lines: &[TLine], x0: f32, set: &LayoutSettings) -> Vec<Vec<bool>> {
    let x1 = lines.iter().map(|l| l.x1()).fold(f32::MIN, f32::max).ceil();
    if !x0.is_finite() || !x1.is_finite() || x1 <= x0 {
        return vec![Vec::new(); lines.len()];
    }
    let nb = ((x1 - x0) as usize + 2).min(MAX_CHANNEL_BINS);
    let words: Vec<Vec<(f32, f32)>> = lines.iter().map(words_of).collect();
    let state: Vec<Vec<At>> = words
        .iter()
        .map(|ws| {
            let mut at = vec![At::Empty; nb];
            for p in ws.windows(2) {
                let (a, b) = (bin(p[0].1, x0, nb) + 1, bin(p[1].0, x0, nb));
                if a < b {
                    at[a..b].iter_mut().for_each(|s| *s = At::Gap);
                }
            }
            for w in ws {
                at[bin(w.0, x0, nb)..=bin(w.1, x0, nb)].iter_mut().for_each(|s| *s = At::Word);
            }
            at
        })
        .collect();
    let size = {
        let mut v: Vec<f32> = lines.iter().map(|l| l.size).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(set.fallback_font_size)
    };
    let n = lines.len();
    let mut open = vec![vec![false; nb]; n];
    for k in 0..nb {
        let mut i = 0;
        while i < n {
            if state[i][k] != At::Gap {
                i += 1;
                continue;
            }
            // The longest stretch from line i that ends on a gap and is crossed little enough.
            let (mut cross, mut gaps, mut end, mut gaps_to_end) = (0usize, 0usize, i, 0usize);
            for (j, st) in state.iter().enumerate().skip(i) {
                match st[k] {
                    At::Word => cross += 1,
                    At::Gap => {
                        gaps += 1;
                        if cross as f32 <= set.channel_max_cross * (j - i + 1) as f32 {
                            end = j;
                            gaps_to_end = gaps;
                        }
                    }
                    At::Empty => {}
                }
            }
            if gaps_to_end >= set.channel_min_lines && ragged(&words, &state, i..=end, k, x0, nb, set.channel_min_ragged * size) {
                open[i..=end].iter_mut().for_each(|o| o[k] = true);
                i = end + 1;
            } else {
                i += 1;
            }
        }
    }
    open
}

/// Whether, on the `lines` with a gap at bin `k`, the word ends left of the gap or the
/// word starts right of it spread over at least `min` points.
fn ragged(words: &[Vec<(f32, f32)>], state: &[Vec<At>], lines: std::ops::RangeInclusive<usize>, k: usize, x0: f32, nb: usize, min: f32) -> bool {
    let (mut ends, mut starts) = ((f32::MAX, f32::MIN), (f32::MAX, f32::MIN));
    for l in lines.filter(|&l| state[l][k] == At::Gap) {
        let Some(p) = words[l].windows(2).find(|p| bin(p[0].1, x0, nb) < k && bin(p[1].0, x0, nb) > k) else { continue };
        ends = (ends.0.min(p[0].1), ends.1.max(p[0].1));
        starts = (starts.0.min(p[1].0), starts.1.max(p[1].0));
    }
    (ends.1 - ends.0).max(starts.1 - starts.0) >= min
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
    fn a_channel_is_crossed_by_its_own_lines_only_not_the_prose_around() {
        let set = LayoutSettings::default();
        // Six prose lines run across the page above a table of five lines: a column gap
        // the prose crosses is still one down the table's lines.
        let mut gs = Vec::new();
        for k in 0..6 {
            gs.extend(words_from("aaaaaaaaaaaa bbbbbbbbbbb cccccccccccc", 100.0, line_y(k)));
        }
        for (k, left) in ["aa bb", "a b", "aaa bb", "aa b", "ab abc"].iter().enumerate() {
            let y = line_y(k + 6);
            gs.extend(words_from(left, 100.0, y));
            gs.push(ocr("cc", 135.0, y));
            gs.push(ocr("dd", 149.0, y));
        }
        let mut lines = lines_of(items(&gs, &set), &set);
        cut_at_channels(&mut lines, &set);
        let t = texts(&lines);
        assert_eq!(t[8], vec!["aaa bb", "cc dd"]);
        assert_eq!(t[10], vec!["ab abc", "cc dd"]);
        // The prose is not cut.
        assert!(t[..6].iter().all(|l| l.len() == 1));
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
