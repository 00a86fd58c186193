//! Glyphs → items: each base character with the Thai marks drawn over or under it (or an
//! ActualText run) becomes one positioned [`Item`], the unit every later step works on;
//! NIKHAHIT + SARA AA drawn as two glyphs becomes SARA AM. The character classes come
//! from [`crate::celltext`], like every other stage's.

use super::vertical::{is_vertical, vertical_items};
use super::LayoutSettings;
use crate::celltext::attaches_to_previous;
use crate::ingest::pdf::{Glyph, GlyphOrigin};

/// A base character with its marks (or an ActualText run): the unit of layout.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
    pub inferred: bool,
    pub unmapped: bool,
    /// Read by OCR: the lowest confidence (0–100) of its words.
    pub ocr: Option<u32>,
    /// In a segment: the word spaces it joined over, as (left word's end, right word's
    /// start, byte offset of the space in `text`), left to right.
    pub spaces: Vec<(f32, f32, usize)>,
    /// The space glyphs drawn right after it on its line, if any (see [`DrawnSpace`]).
    pub drawn_space: Option<DrawnSpace>,
}

impl Item {
    /// The height that says which band or grid an item is in: its baseline raised by
    /// `item_centre` of its size (the middle of its letters, not of its marks).
    pub fn centre_y(&self, set: &LayoutSettings) -> f32 {
        self.y + set.item_centre * self.size
    }
}

/// Space glyphs drawn right after an item, each at its font's own advance: where the
/// last one ends and how many there are. A monospace or wide Thai font spaces words by
/// more than the usual column gap; a gap between cells has no space drawn in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct DrawnSpace {
    pub end: f32,
    pub count: u32,
}

/// Records a space glyph drawn right after the last item on its baseline (or right after
/// the spaces already drawn after it) as that item's [`Item::drawn_space`].
fn space_after_last(out: &mut [Item], g: &Glyph, set: &LayoutSettings) {
    let Some(prev) = out.last_mut() else { return };
    let size = if g.size > set.min_font_size { g.size } else { set.fallback_font_size };
    let from = prev.drawn_space.map_or(prev.x1, |d| d.end);
    if (prev.y - g.y).abs() <= set.baseline_tol * size && (g.x - from).abs() <= set.space_gap * size && g.width > 0.0 {
        let count = prev.drawn_space.map_or(0, |d| d.count) + 1;
        prev.drawn_space = Some(DrawnSpace { end: g.x + g.width, count });
    }
}

/// The items of glyphs in drawing order: blank and unplaceable glyphs dropped (a space
/// kept as the [`DrawnSpace`] of the item before it), marks
/// attached to the item before them when they sit over or under it.
pub(super) fn items<'g>(glyphs: impl IntoIterator<Item = &'g Glyph>, set: &LayoutSettings) -> Vec<Item> {
    let glyphs = glyphs.into_iter();
    let mut out: Vec<Item> = Vec::with_capacity(glyphs.size_hint().1.unwrap_or(0));
    // Glyphs written up or down the page are read as runs of their own (after the rest).
    let mut turned: Vec<&Glyph> = Vec::new();
    for g in glyphs {
        if is_vertical(g) {
            turned.push(g);
            continue;
        }
        if !g.x.is_finite() || !g.y.is_finite() {
            continue;
        }
        if g.unicode.chars().all(char::is_whitespace) {
            if &*g.unicode == " " {
                space_after_last(&mut out, g, set);
            }
            continue;
        }
        let size = if g.size > set.min_font_size { g.size } else { set.fallback_font_size };
        let inferred = g.origin.inferred();
        let unmapped = g.origin == GlyphOrigin::Unmapped;
        let ocr = match g.origin {
            GlyphOrigin::Ocr { confidence } => Some(u32::from(confidence)),
            _ => None,
        };
        let all_marks = g.unicode.chars().all(attaches_to_previous);
        if all_marks {
            if let Some(prev) = out.last_mut() {
                if (prev.y - g.y).abs() < set.mark_attach_dy * size
                    && g.x > prev.x0 - set.mark_attach_left * size
                    && g.x < prev.x1 + set.mark_attach_right * size
                {
                    prev.text.push_str(&g.unicode);
                    prev.inferred |= inferred;
                    prev.unmapped |= unmapped;
                    prev.ocr = min_conf(prev.ocr, ocr);
                    continue;
                }
            }
        }
        // SARA AM drawn as two glyphs, NIKHAHIT (a mark on the base) then SARA AA: the
        // printed letter is SARA AM (fonts without an AM glyph, and Distiller's output).
        if &*g.unicode == "\u{0E32}" {
            if let Some(prev) = out.last_mut() {
                if (prev.y - g.y).abs() < set.sara_am_dy * size && g.x < prev.x1 + set.sara_am_dx * size && join_sara_am(&mut prev.text) {
                    prev.x1 = prev.x1.max(g.x + g.width);
                    prev.inferred |= inferred;
                    continue;
                }
            }
        }
        // Room for the marks that attach to it; a glyph's text is copied whole unless it
        // has a control character (collecting char by char grew the string per push).
        let mut text = String::with_capacity(g.unicode.len().max(8));
        if g.unicode.contains(char::is_control) {
            text.extend(g.unicode.chars().filter(|c| !c.is_control()));
        } else {
            text.push_str(&g.unicode);
        }
        out.push(Item { x0: g.x, x1: g.x + g.width.max(0.0), y: g.y, size, text, inferred, unmapped, ocr, spaces: Vec::new(), drawn_space: None });
    }
    if !turned.is_empty() {
        out.extend(vertical_items(&turned, set));
    }
    out
}

/// SARA AA after a text ending in NIKHAHIT (maybe followed by a tone mark): turns that
/// NIKHAHIT into SARA AM at the end (the tone mark stays before it) and says so; the
/// text is left as it is otherwise.
pub(super) fn join_sara_am(text: &mut String) -> bool {
    let tail: Vec<char> = text.chars().rev().take(2).collect();
    let k = match tail.as_slice() {
        ['\u{0E4D}', ..] => 1,
        [t, '\u{0E4D}'] if ('\u{0E48}'..='\u{0E4B}').contains(t) => 2,
        _ => return false,
    };
    let mut chars: Vec<char> = text.chars().collect();
    let at = chars.len() - k;
    chars.remove(at);
    chars.push('\u{0E33}');
    *text = chars.into_iter().collect();
    true
}

/// The lower of two OCR confidences (either may be absent).
pub(super) fn min_conf(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A letter of a script written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms (Unicode blocks U+0590–U+08FF, U+FB1D–U+FDFF, U+FE70–U+FEFF).
pub(super) fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{glyph, word};
    use super::*;

    fn texts(its: &[Item]) -> Vec<&str> {
        its.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn spaces_drawn_after_an_item_are_kept_with_it() {
        let set = LayoutSettings::default();
        // "b" ends at 110, two spaces (2.5 pt each) follow; "d" has none after it.
        let its = items(&word("ab  cd", 100.0, 700.0), &set);
        assert_eq!(texts(&its), vec!["a", "b", "c", "d"]);
        let drawn: Vec<_> = its.iter().map(|i| i.drawn_space.map(|d| (d.end, d.count))).collect();
        assert_eq!(drawn, vec![None, Some((115.0, 2)), None, None]);
        // A space on another baseline, or one drawn away from the word, is not the word's.
        let mut g = word("ab", 100.0, 700.0);
        g.extend(word(" ", 110.0, 650.0));
        g.extend(word(" ", 130.0, 700.0));
        assert_eq!(items(&g, &set)[1].drawn_space, None);
    }

    #[test]
    fn thai_mark_attaches_to_its_base() {
        // ก with MAI EK drawn over it (same x, a little higher), then า.
        let gs = vec![glyph("ก", 100.0, 700.0), glyph("\u{0E48}", 100.5, 702.0), glyph("ข", 105.0, 700.0)];
        let its = items(&gs, &LayoutSettings::default());
        assert_eq!(texts(&its), vec!["ก\u{0E48}", "ข"]);
    }

    #[test]
    fn hebrew_and_arabic_letters_are_right_to_left() {
        assert!(right_to_left('ש') && right_to_left('ب'));
        assert!(!right_to_left('ก') && !right_to_left('a') && !right_to_left('5') && !right_to_left('\u{05BE}'));
    }

    #[test]
    fn mark_a_line_away_stays_alone() {
        let gs = vec![glyph("ก", 100.0, 700.0), glyph("\u{0E48}", 100.0, 680.0)];
        let its = items(&gs, &LayoutSettings::default());
        assert_eq!(texts(&its), vec!["ก", "\u{0E48}"]);
    }

    #[test]
    fn nikhahit_then_sara_aa_is_sara_am() {
        // ท + NIKHAHIT (a mark on ท) + SARA AA: printed "ทำ".
        let gs = vec![glyph("ท", 100.0, 700.0), glyph("\u{0E4D}", 101.0, 700.0), glyph("\u{0E32}", 105.0, 700.0)];
        let its = items(&gs, &LayoutSettings::default());
        assert_eq!(texts(&its), vec!["ทำ"]);
        assert_eq!(its[0].x1, 110.0);
        // With a tone mark between: น + NIKHAHIT + MAI THO... is normalised to น + MAI THO + SARA AM.
        let gs = vec![glyph("น", 100.0, 700.0), glyph("\u{0E49}", 101.0, 702.0), glyph("\u{0E4D}", 101.0, 700.0), glyph("\u{0E32}", 105.0, 700.0)];
        assert_eq!(texts(&items(&gs, &LayoutSettings::default())), vec!["น\u{0E49}\u{0E33}"]);
    }

    #[test]
    fn blank_and_unplaceable_glyphs_are_dropped_and_sizes_defaulted() {
        let mut gs = word("a b", 100.0, 700.0);
        gs.push(glyph("x", f32::NAN, 700.0));
        let mut tiny = glyph("z", 200.0, 700.0);
        tiny.size = 0.0;
        gs.push(tiny);
        let its = items(&gs, &LayoutSettings::default());
        assert_eq!(texts(&its), vec!["a", "b", "z"]);
        assert_eq!(its[2].size, 10.0);
    }
}
