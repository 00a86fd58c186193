//! A glyph outline reduced to what the matcher compares: its size in ems and a small
//! bitmap of the outline filled inside its own box (nonzero winding), so that two
//! subsets of one font, or one font at two scales, give the same shape.

use ttf_parser::OutlineBuilder;

/// Side of the bitmap, in cells (one `u16` per row).
pub const SIDE: usize = 16;
/// Straight segments a curve is flattened into.
const CURVE_STEPS: usize = 8;
/// Edges kept from one outline (a hostile font's glyph cannot grow without bound).
const MAX_EDGES: usize = 16_384;

/// A glyph's shape: box width and height in ems, and its filled bitmap (row 0 at the
/// bottom of the box, bit `c` of a row for column `c`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub w: f32,
    pub h: f32,
    pub bits: [u16; SIDE],
}

/// Collects an outline as straight edges `[x0, y0, x1, y1]`.
#[derive(Default)]
pub struct Edges {
    pub edges: Vec<[f32; 4]>,
    start: (f32, f32),
    cur: (f32, f32),
}

impl Edges {
    fn push(&mut self, x: f32, y: f32) {
        if self.edges.len() < MAX_EDGES && (x, y) != self.cur && x.is_finite() && y.is_finite() {
            self.edges.push([self.cur.0, self.cur.1, x, y]);
        }
        self.cur = (x, y);
    }
}

impl OutlineBuilder for Edges {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = (x, y);
        self.cur = (x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.push(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.cur;
        for k in 1..=CURVE_STEPS {
            let t = k as f32 / CURVE_STEPS as f32;
            let u = 1.0 - t;
            self.push(u * u * x0 + 2.0 * u * t * x1 + t * t * x, u * u * y0 + 2.0 * u * t * y1 + t * t * y);
        }
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x0, y0) = self.cur;
        for k in 1..=CURVE_STEPS {
            let t = k as f32 / CURVE_STEPS as f32;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.push(a * x0 + b * x1 + c * x2 + d * x, a * y0 + b * y1 + c * y2 + d * y);
        }
    }
    fn close(&mut self) {
        let s = self.start;
        self.push(s.0, s.1);
    }
}

impl Edges {
    /// The shape of the collected outline, `units_per_em` font units to the em; `None`
    /// for an empty outline or one without area (a space, a lone line).
    pub fn shape(mut self, units_per_em: f32) -> Option<Shape> {
        self.close();
        let e = &self.edges;
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for s in e {
            x0 = x0.min(s[0]).min(s[2]);
            x1 = x1.max(s[0]).max(s[2]);
            y0 = y0.min(s[1]).min(s[3]);
            y1 = y1.max(s[1]).max(s[3]);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        let positive = |v: f32| v.is_finite() && v > 0.0;
        if e.is_empty() || !positive(w) || !positive(h) || !positive(units_per_em) {
            return None;
        }
        let mut bits = [0u16; SIDE];
        let mut cross: Vec<(f32, i32)> = Vec::new();
        for (r, row) in bits.iter_mut().enumerate() {
            let y = y0 + (r as f32 + 0.5) / SIDE as f32 * h;
            cross.clear();
            for s in e {
                let dir = if s[1] <= y && s[3] > y { 1 } else if s[3] <= y && s[1] > y { -1 } else { continue };
                cross.push((s[0] + (y - s[1]) / (s[3] - s[1]) * (s[2] - s[0]), dir));
            }
            for c in 0..SIDE {
                let x = x0 + (c as f32 + 0.5) / SIDE as f32 * w;
                let winding: i32 = cross.iter().filter(|(cx, _)| *cx > x).map(|(_, d)| d).sum();
                if winding != 0 {
                    *row |= 1 << c;
                }
            }
        }
        bits.iter().any(|r| *r != 0).then_some(Shape { w: w / units_per_em, h: h / units_per_em, bits })
    }
}

impl Shape {
    /// Share of the cells filled in one bitmap but not the other, over the cells
    /// filled in either (0 = same bitmap, 1 = nothing in common).
    pub fn distance(&self, other: &Shape) -> f32 {
        let (mut diff, mut union) = (0u32, 0u32);
        for (a, b) in self.bits.iter().zip(other.bits.iter()) {
            diff += (a ^ b).count_ones();
            union += (a | b).count_ones();
        }
        if union == 0 {
            1.0
        } else {
            diff as f32 / union as f32
        }
    }

    /// The larger ratio of the two boxes' widths or heights (1 = same size).
    pub fn size_ratio(&self, other: &Shape) -> f32 {
        let r = |a: f32, b: f32| a.max(b) / a.min(b).max(f32::MIN_POSITIVE);
        r(self.w, other.w).max(r(self.h, other.h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poly(points: &[(f32, f32)], upem: f32) -> Option<Shape> {
        let mut e = Edges::default();
        e.move_to(points[0].0, points[0].1);
        for p in &points[1..] {
            e.line_to(p.0, p.1);
        }
        e.close();
        e.shape(upem)
    }

    #[test]
    fn same_outline_any_scale_matches() {
        let l = [(0.0, 0.0), (400.0, 0.0), (400.0, 100.0), (100.0, 100.0), (100.0, 700.0), (0.0, 700.0)];
        let l2: Vec<(f32, f32)> = l.iter().map(|p| (p.0 * 2.048 + 30.0, p.1 * 2.048)).collect();
        let a = poly(&l, 1000.0).unwrap();
        let b = poly(&l2, 2048.0).unwrap();
        assert_eq!(a.distance(&b), 0.0);
        assert!(a.size_ratio(&b) < 1.01);
        let t = poly(&[(0.0, 0.0), (400.0, 0.0), (200.0, 700.0)], 1000.0).unwrap();
        assert!(a.distance(&t) > 0.3, "{}", a.distance(&t));
    }

    #[test]
    fn empty_or_flat_outline_has_no_shape() {
        assert!(Edges::default().shape(1000.0).is_none());
        assert!(poly(&[(0.0, 0.0), (100.0, 0.0)], 1000.0).is_none());
        assert!(poly(&[(0.0, 0.0), (100.0, 0.0), (50.0, f32::NAN)], 1000.0).is_none());
    }
}
