//! Form XObjects and the path operators: rectangles and lines drawn on the page become
//! rulings (the lines ruled tables are drawn with).

use super::*;

impl<'a> Walker<'a> {
    pub(super) fn xobject(&mut self, res: &[&'a Dictionary], name: &[u8], gs: &Gs) {
        let (id, obj) = match lookup(self.doc, res, b"XObject", name) {
            Some(x) => x,
            None => return,
        };
        let st = match obj {
            Object::Stream(s) => s,
            _ => return,
        };
        let sub = st.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()).unwrap_or(b"");
        if sub == b"Image" {
            self.page.images += 1;
            return;
        }
        if sub != b"Form" {
            return;
        }
        let id = match id {
            Some(id) => id,
            None => return,
        };
        if self.forms.contains(&id) || self.forms.len() >= MAX_FORM_DEPTH {
            const WHY: &str = "form XObject nested too deep or drawing itself: skipped";
            if !self.page.errors.iter().any(|e| e == WHY) {
                self.page.errors.push(WHY.into());
            }
            return;
        }
        self.forms_run += 1;
        if self.forms_run > MAX_FORMS_PER_PAGE {
            self.stop(format!("{MAX_FORMS_PER_PAGE} form XObjects drawn"));
            return;
        }
        let data = match st.decompressed_content_with_limit(MAX_STREAM_BYTES) {
            Ok(d) => d,
            Err(_) if st.dict.get(b"Filter").is_err() => st.content.clone(),
            Err(e) => {
                self.page.errors.push(format!("form XObject not read (over {} MB inflated, or corrupt): {e}", MAX_STREAM_BYTES >> 20));
                return;
            }
        };
        let mut g = gs.clone();
        if let Ok(Object::Array(m)) = st.dict.get(b"Matrix") {
            let v: Vec<f32> = m.iter().filter_map(num).collect();
            if v.len() == 6 {
                g.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &g.ctm);
            }
        }
        let mut r: Vec<&'a Dictionary> = Vec::new();
        if let Some(Object::Dictionary(d)) = dget(self.doc, &st.dict, b"Resources") {
            r.push(d);
        }
        r.extend_from_slice(res);
        self.forms.push(id);
        let saved_path = std::mem::take(&mut self.path);
        self.run(&data, &r, &mut g);
        self.path = saved_path;
        self.forms.pop();
    }

    /// Turns the current path into rulings: thin rectangles and axis-parallel segments,
    /// and the edges of stroked rectangles. Large filled areas (shading) are not rulings.
    pub(super) fn paint(&mut self, stroke: bool, close: bool) {
        // Filling closes an open subpath (and `b`, `s` close it before stroking).
        if !stroke || close {
            if let (Some(c), Some(s)) = (self.cur, self.sub_start) {
                if c != s && self.path.len() > self.sub_index {
                    self.path.push((c.0, c.1, s.0, s.1));
                }
            }
        }
        self.box_subpath();
        let path = std::mem::take(&mut self.path);
        self.sub_index = 0;
        self.cur = None;
        const THIN: f32 = 3.0;
        let mut k = 0;
        while k < path.len() {
            let (x0, y0, x1, y1) = path[k];
            if x0.is_nan() {
                if let Some(&(a, b, c, d)) = path.get(k + 1) {
                    let (w, h) = (c - a, d - b);
                    if h <= THIN && w > h {
                        self.push_ruling(a, (b + d) / 2.0, c, (b + d) / 2.0);
                    } else if w <= THIN && h > w {
                        self.push_ruling((a + c) / 2.0, b, (a + c) / 2.0, d);
                    } else if stroke {
                        self.push_ruling(a, b, c, b);
                        self.push_ruling(a, d, c, d);
                        self.push_ruling(a, b, a, d);
                        self.push_ruling(c, b, c, d);
                    }
                }
                k += 2;
                continue;
            }
            if stroke {
                if (y1 - y0).abs() < 1.0 && (x1 - x0).abs() > 1.0 {
                    self.push_ruling(x0.min(x1), (y0 + y1) / 2.0, x0.max(x1), (y0 + y1) / 2.0);
                } else if (x1 - x0).abs() < 1.0 && (y1 - y0).abs() > 1.0 {
                    self.push_ruling((x0 + x1) / 2.0, y0.min(y1), (x0 + x1) / 2.0, y0.max(y1));
                }
            }
            k += 1;
        }
    }

    /// A closed subpath of four axis-parallel edges is a rectangle drawn with lines
    /// (`m l l l h`) instead of `re`: it is kept as a box, like `re`, so that a thin filled
    /// one is a ruling (tables drawn as thin filled bars).
    pub(super) fn box_subpath(&mut self) {
        const EPS: f32 = 0.05;
        let from = self.sub_index.min(self.path.len());
        let segs: Vec<(f32, f32, f32, f32)> =
            self.path[from..].iter().copied().filter(|s| (s.2 - s.0).abs() > EPS || (s.3 - s.1).abs() > EPS).collect();
        if segs.len() != 4 || segs.iter().any(|s| s.0.is_nan()) {
            return;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for s in &segs {
            x0 = x0.min(s.0).min(s.2);
            y0 = y0.min(s.1).min(s.3);
            x1 = x1.max(s.0).max(s.2);
            y1 = y1.max(s.1).max(s.3);
        }
        let corner = |x: f32, y: f32| ((x - x0).abs() <= EPS || (x - x1).abs() <= EPS) && ((y - y0).abs() <= EPS || (y - y1).abs() <= EPS);
        let parallel = |s: &(f32, f32, f32, f32)| (s.2 - s.0).abs() <= EPS || (s.3 - s.1).abs() <= EPS;
        if !segs.iter().all(|s| parallel(s) && corner(s.0, s.1) && corner(s.2, s.3)) {
            return;
        }
        self.path.truncate(from);
        self.path.push((f32::NAN, 0.0, 0.0, 0.0));
        self.path.push((x0, y0, x1, y1));
        self.sub_index = self.path.len();
    }

    pub(super) fn push_ruling(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        if x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite() && self.page.rulings.len() < 100_000 {
            self.page.rulings.push(Ruling { x0, y0, x1, y1 });
        }
    }
}
