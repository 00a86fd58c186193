//! Clipping rectangles: the clip a `W n` path sets narrows the graphics state's box, and
//! text a cell's clip cuts off (a table cell too short for its wrapped text) is moved
//! back into its cell, so that layout reads it there and not with the row below.

use super::*;

/// em. A glyph whose middle (this far above its baseline) lies outside the clipping box,
/// below or above it by at most [`CLIP_REACH`], is text overflowing the cell that clips it
/// (a table cell too short for its wrapped text, cut off by the producer): it is moved
/// onto the box's edge so that layout reads it with that cell, not with the row it spills
/// into. Text farther out is left where it is drawn.
const CLIP_MIDDLE: f32 = 0.3;
/// em. See [`CLIP_MIDDLE`]: about one line of overflow.
const CLIP_REACH: f32 = 1.5;

impl<'a> Walker<'a> {
    /// The path ends (painted or `n`): after `W`/`W*`, its bounding box narrows the clip.
    /// A path with curves is not bounded by its points: the clip is left as it was.
    pub(super) fn end_path(&mut self, gs: &mut Gs) {
        if std::mem::take(&mut self.clip_pending) && !self.path_curved {
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for &(x0, y0, x1, y1) in self.path.iter().filter(|s| !s.0.is_nan()) {
                b = [b[0].min(x0).min(x1), b[1].min(y0).min(y1), b[2].max(x0).max(x1), b[3].max(y0).max(y1)];
            }
            if b.iter().all(|v| v.is_finite()) && b[0] <= b[2] && b[1] <= b[3] {
                gs.clip = Some(match gs.clip {
                    Some(c) => [c[0].max(b[0]), c[1].max(b[1]), c[2].min(b[2]), c[3].min(b[3])],
                    None => b,
                });
            }
        }
        self.path_curved = false;
    }
}

/// Moves an upright glyph that overflows its clipping box by at most [`CLIP_REACH`]
/// (below or above it, within its width) onto the box's edge ([`CLIP_MIDDLE`]).
pub(super) fn unclip(g: &mut Glyph, clip: Option<[f32; 4]>) {
    const SLACK: f32 = 1.0;
    let Some([x0, y0, x1, y1]) = clip else { return };
    let (mx, my) = (g.x + g.width / 2.0, g.y + CLIP_MIDDLE * g.size);
    if mx < x0 - SLACK || mx > x1 + SLACK || y1 < y0 {
        return;
    }
    if my < y0 && y0 - my <= CLIP_REACH * g.size {
        g.y += y0 - my;
    } else if my > y1 && my - y1 <= CLIP_REACH * g.size {
        g.y -= my - y1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::read_pages;
    use super::super::super::synthetic::one_page_pdf;
    use std::path::Path;

    fn glyphs(content: &str) -> Vec<(String, f32)> {
        let pdf = one_page_pdf("/MediaBox [0 0 595 842]", content.as_bytes());
        let doc = read_pages(Path::new("t.pdf"), &pdf, None).expect("reads");
        doc.pages[0].glyphs.iter().map(|g| (g.unicode.to_string(), g.y)).collect()
    }

    #[test]
    fn a_line_cut_off_by_its_cells_clip_is_moved_into_the_cell() {
        // A cell clip from y 700 to 720; "a" drawn inside, "b" a line below (overflow),
        // "c" three lines below (far out: left alone), "d" after the clip is restored.
        let got = glyphs(
            "q 100 700 50 20 re W n BT /F1 10 Tf 110 705 Td (a) Tj 0 -12 Td (b) Tj 0 -36 Td (c) Tj ET Q \
             BT /F1 10 Tf 110 693 Td (d) Tj ET",
        );
        let y = |t: &str| got.iter().find(|g| g.0 == t).map(|g| g.1).unwrap();
        assert_eq!(y("a"), 705.0);
        assert!((y("b") - 697.0).abs() < 0.01, "middle of b on the clip's bottom edge: {got:?}");
        assert_eq!(y("c"), 657.0);
        assert_eq!(y("d"), 693.0);
    }

    #[test]
    fn curved_clips_and_clips_without_a_path_change_nothing() {
        let got = glyphs("q 100 700 m 150 700 150 720 100 720 c h W n BT /F1 10 Tf 110 693 Td (b) Tj ET Q q W n BT /F1 10 Tf 110 600 Td (e) Tj ET Q");
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), vec![693.0, 600.0]);
    }
}
