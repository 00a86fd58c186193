//! Pages whose text runs up or down the page: a landscape table set on a portrait page
//! by turning the text matrix rather than by `/Rotate`. Such a page is turned so its
//! text reads left to right, as a reader turns the paper; layout then sees the table as
//! it is read.

use super::{Glyph, PdfPage, Ruling};

/// Glyphs counted by the quarter turn of their writing direction (0 upright, 1 running
/// up the page, 2 upside down, 3 running down).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Turns([usize; 4]);

impl Turns {
    /// Counts a glyph drawn with the text rendering matrix `trm` (its first row is the
    /// writing direction), whose quarter turn `turn` is `quarter_turn(trm)`; blank glyphs
    /// do not count.
    pub(super) fn count(&mut self, turn: u8, trm: &[f32; 6], text: &str) {
        if text.trim().is_empty() || !(trm[0].is_finite() && trm[1].is_finite()) || (trm[0] == 0.0 && trm[1] == 0.0) {
            return;
        }
        self.0[usize::from(turn & 3)] += 1;
    }

    /// The quarter turn most of the page's text is written in, when more than half of it
    /// is turned the same way (a page with a few vertical headers stays as it is).
    fn dominant(&self) -> usize {
        let total: usize = self.0.iter().sum();
        (1..4).find(|&q| self.0[q] * 2 > total).unwrap_or(0)
    }
}

/// The quarter turn (0–3, counter-clockwise) of the writing direction of a glyph drawn
/// with the text rendering matrix `trm` (its first row); 0 when it has none.
pub(super) fn quarter_turn(trm: &[f32; 6]) -> u8 {
    if !(trm[0].is_finite() && trm[1].is_finite()) || (trm[0] == 0.0 && trm[1] == 0.0) {
        return 0;
    }
    // Text along an axis (nearly all of it) needs no angle: the same quarter turns as
    // the angle's below, exactly.
    match (trm[0], trm[1]) {
        (a, b) if b == 0.0 && a > 0.0 => return 0,
        (a, b) if b == 0.0 && a < 0.0 => return 2,
        (a, b) if a == 0.0 && b > 0.0 => return 1,
        (a, b) if a == 0.0 && b < 0.0 => return 3,
        _ => {}
    }
    ((trm[1].atan2(trm[0]) / std::f32::consts::FRAC_PI_2).round() as i32).rem_euclid(4) as u8
}

/// Turns the page so that text written in quarter turn `q` reads left to right: glyph
/// origins, rulings and the page size.
fn turn(page: &mut PdfPage, q: usize) {
    let (w, h) = (page.width, page.height);
    let at = |x: f32, y: f32| match q {
        1 => (y, w - x),
        2 => (w - x, h - y),
        3 => (h - y, x),
        _ => (x, y),
    };
    let glyph = |g: &mut Glyph| {
        (g.x, g.y) = at(g.x, g.y);
        g.turn = (g.turn + 4 - q as u8) % 4;
    };
    page.glyphs.iter_mut().for_each(glyph);
    page.off_page.iter_mut().for_each(glyph);
    for r in &mut page.rulings {
        let (ax, ay) = at(r.x0, r.y0);
        let (bx, by) = at(r.x1, r.y1);
        *r = Ruling { x0: ax.min(bx), y0: ay.min(by), x1: ax.max(bx), y1: ay.max(by) };
    }
    if q % 2 == 1 {
        (page.width, page.height) = (h, w);
    }
}

/// Turns the page upright when most of its text is turned (see [`Turns::dominant`]).
pub(super) fn make_upright(page: &mut PdfPage, turns: Turns) {
    let q = turns.dominant();
    if q != 0 {
        turn(page, q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(dirs: &[[f32; 6]]) -> Turns {
        let mut t = Turns::default();
        dirs.iter().for_each(|m| t.count(quarter_turn(m), m, "a"));
        t
    }

    const UP: [f32; 6] = [0.0, 10.0, -10.0, 0.0, 0.0, 0.0];
    const FLAT: [f32; 6] = [10.0, 0.0, 0.0, 10.0, 0.0, 0.0];

    #[test]
    fn text_along_an_axis_turns_as_its_angle_says() {
        let by_angle = |m: &[f32; 6]| ((m[1].atan2(m[0]) / std::f32::consts::FRAC_PI_2).round() as i32).rem_euclid(4) as u8;
        for (a, b) in [(10.0, 0.0), (-10.0, 0.0), (-10.0, -0.0), (0.0, 10.0), (0.0, -10.0), (-0.0, 3.0), (7.0, -0.0), (1e-30, 0.0)] {
            let m = [a, b, 0.0, 1.0, 0.0, 0.0];
            assert_eq!(quarter_turn(&m), by_angle(&m), "{a} {b}");
        }
        assert_eq!(quarter_turn(&[3.0, 3.1, 0.0, 1.0, 0.0, 0.0]), 1);
    }

    #[test]
    fn a_few_vertical_headers_keep_the_page() {
        assert_eq!(counted(&[UP, UP, FLAT, FLAT, FLAT]).dominant(), 0);
        assert_eq!(counted(&[UP, UP, UP, FLAT, FLAT]).dominant(), 1);
        assert_eq!(counted(&[]).dominant(), 0);
        assert_eq!((quarter_turn(&UP), quarter_turn(&FLAT), quarter_turn(&[0.0, -10.0, 10.0, 0.0, 0.0, 0.0])), (1, 0, 3));
    }

    #[test]
    fn text_running_up_turns_clockwise() {
        let g = Glyph { x: 100.0, y: 50.0, width: 5.0, size: 10.0, font: 0, code: 0, unicode: "a".into(), origin: super::super::GlyphOrigin::ToUnicode, turn: 1 };
        let mut p = PdfPage { width: 600.0, height: 800.0, glyphs: vec![g], rulings: vec![Ruling { x0: 10.0, y0: 20.0, x1: 10.0, y1: 700.0 }], ..PdfPage::default() };
        make_upright(&mut p, counted(&[UP]));
        assert_eq!((p.width, p.height), (800.0, 600.0));
        assert_eq!((p.glyphs[0].x, p.glyphs[0].y), (50.0, 500.0));
        // It is upright on the turned page.
        assert_eq!(p.glyphs[0].turn, 0);
        // A vertical rule at the left becomes a horizontal one at the top.
        assert_eq!(p.rulings[0], Ruling { x0: 20.0, y0: 590.0, x1: 700.0, y1: 590.0 });
    }
}
