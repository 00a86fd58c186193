//! Glyphs written up or down the page (vertical header labels over narrow columns):
//! each run of them along one baseline becomes one [`Item`] whose text reads in writing
//! order, placed where the run stands. Read glyph by glyph as upright text, such a label
//! comes out as one letter a line, bottom to top.

use super::words::{join_sara_am, Item};
use super::LayoutSettings;
use crate::celltext::attaches_to_previous;
use crate::ingest::pdf::{Glyph, GlyphOrigin};

/// Whether a glyph is written up (turn 1) or down (turn 3) the page.
pub(super) fn is_vertical(g: &Glyph) -> bool {
    g.turn % 2 == 1
}

/// A run of turned glyphs being gathered: its baseline x, where it starts and where the
/// next glyph would start (along y), its text and what is known of its glyphs.
struct Run {
    turn: u8,
    x: f32,
    lo: f32,
    hi: f32,
    next: f32,
    size: f32,
    text: String,
    inferred: bool,
    unmapped: bool,
}

impl Run {
    /// The run as an item: across the page it reaches from its baseline to its ascent
    /// (left of the baseline for text running up, right for text running down); its
    /// baseline is its lowest point, so a label in a header cell lies in that cell.
    fn item(self, set: &LayoutSettings) -> Item {
        let (up, down) = (set.ascent * self.size, set.descent * self.size);
        let (x0, x1) = if self.turn == 1 { (self.x - up, self.x + down) } else { (self.x - down, self.x + up) };
        Item { x0, x1, y: self.lo, size: self.size, text: self.text, inferred: self.inferred, unmapped: self.unmapped, ocr: None, spaces: Vec::new(), drawn_space: None }
    }
}

/// The items of turned glyphs, in drawing order: a glyph continues the run before it when
/// it is written the same way on the same baseline (within the baseline tolerance) and
/// starts where that run's last glyph ended, a word space (blank glyphs are not drawn)
/// apart at most; a wider gap or another baseline starts a new item.
pub(super) fn vertical_items(glyphs: &[&Glyph], set: &LayoutSettings) -> Vec<Item> {
    let mut out = Vec::new();
    let mut run: Option<Run> = None;
    for g in glyphs {
        if g.unicode.chars().all(char::is_whitespace) || !g.x.is_finite() || !g.y.is_finite() {
            continue;
        }
        let size = if g.size > set.min_font_size { g.size } else { set.fallback_font_size };
        let dir = if g.turn == 1 { 1.0 } else { -1.0 };
        let text: String = g.unicode.chars().filter(|c| !c.is_control()).collect();
        let mark = text.chars().all(attaches_to_previous);
        let (inferred, unmapped) = (g.origin.inferred(), g.origin == GlyphOrigin::Unmapped);
        let end = g.y + dir * g.width.max(0.0);
        if let Some(r) = run.as_mut() {
            let gap = dir * (g.y - r.next);
            let same_line = r.turn == g.turn && (g.x - r.x).abs() <= set.baseline_tol * size.min(r.size);
            let back = if mark { size } else { set.space_gap * size };
            if same_line && gap >= -back && gap < set.segment_gap * size {
                // NIKHAHIT then SARA AA is SARA AM, as in upright text.
                let joined = text == "\u{0E32}" && join_sara_am(&mut r.text);
                if !joined {
                    if gap > set.space_gap * size && !mark {
                        r.text.push(' ');
                    }
                    r.text.push_str(&text);
                }
                r.lo = r.lo.min(g.y.min(end));
                r.hi = r.hi.max(g.y.max(end));
                if !mark {
                    r.next = end;
                }
                r.inferred |= inferred;
                r.unmapped |= unmapped;
                continue;
            }
        }
        if let Some(r) = run.take() {
            out.push(r.item(set));
        }
        run = Some(Run { turn: g.turn, x: g.x, lo: g.y.min(end), hi: g.y.max(end), next: end, size, text, inferred, unmapped });
    }
    out.extend(run.map(|r| r.item(set)));
    out
}

#[cfg(test)]
mod tests {
    use super::super::testutil::glyph;
    use super::*;

    /// The glyphs of a text written up (turn 1) or down (turn 3) the page from (x, y):
    /// 5 pt a character, 2.5 pt a space, as [`super::super::testutil::word`] lays them across.
    fn turned(text: &str, x: f32, y: f32, turn: u8) -> Vec<Glyph> {
        let dir = if turn == 1 { 1.0 } else { -1.0 };
        let mut at = y;
        let mut out = Vec::new();
        for c in text.chars() {
            let mut g = glyph(&c.to_string(), x, at);
            g.turn = turn;
            if c == ' ' {
                g.width = 2.5;
            }
            at += dir * g.width;
            out.push(g);
        }
        out
    }

    fn texts(its: &[Item]) -> Vec<&str> {
        its.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn a_label_running_up_reads_bottom_to_top() {
        let set = LayoutSettings::default();
        let gs = turned("Poll Book", 100.0, 500.0, 1);
        let its = vertical_items(&gs.iter().collect::<Vec<_>>(), &set);
        assert_eq!(texts(&its), vec!["Poll Book"]);
        // It stands left of its baseline, from where it starts.
        assert_eq!((its[0].x0, its[0].x1, its[0].y), (92.0, 102.5, 500.0));
    }

    #[test]
    fn a_label_running_down_reads_top_to_bottom() {
        let set = LayoutSettings::default();
        let gs = turned("Total", 100.0, 500.0, 3);
        let its = vertical_items(&gs.iter().collect::<Vec<_>>(), &set);
        assert_eq!(texts(&its), vec!["Total"]);
        assert_eq!((its[0].x0, its[0].x1, its[0].y), (97.5, 108.0, 475.0));
    }

    #[test]
    fn nikhahit_then_sara_aa_running_up_is_sara_am() {
        let set = LayoutSettings::default();
        // "ประจําปี" drawn with NIKHAHIT (over จ) and SARA AA as two glyphs.
        let mut gs = turned("ประจ", 100.0, 500.0, 1);
        let mut nik = glyph("\u{0E4D}", 100.0, 520.0);
        nik.turn = 1;
        nik.width = 0.0;
        gs.push(nik);
        gs.extend(turned("าปี", 100.0, 520.0, 1));
        let its = vertical_items(&gs.iter().collect::<Vec<_>>(), &set);
        assert_eq!(texts(&its), vec!["ประจำปี"]);
    }

    #[test]
    fn labels_side_by_side_or_far_apart_are_items_of_their_own() {
        let set = LayoutSettings::default();
        // Two columns' labels, 20 pt apart across; one label's second word 30 pt further up.
        let gs = [turned("Brian", 100.0, 500.0, 1), turned("Jim", 120.0, 500.0, 1), turned("Hines", 120.0, 545.0, 1)].concat();
        let its = vertical_items(&gs.iter().collect::<Vec<_>>(), &set);
        assert_eq!(texts(&its), vec!["Brian", "Jim", "Hines"]);
    }

    #[test]
    fn turned_glyphs_become_items_of_their_own_among_upright_text() {
        use super::super::testutil::word;
        use super::super::words::items;
        let set = LayoutSettings::default();
        let gs = [word("Total", 50.0, 480.0), turned("Number of voters", 100.0, 490.0, 1)].concat();
        let its = items(&gs, &set);
        assert_eq!(texts(&its), vec!["T", "o", "t", "a", "l", "Number of voters"]);
    }
}
