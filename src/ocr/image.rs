//! A grey page image (one byte a pixel, 0 = black) and the few operations OCR needs on
//! it: read and write binary PGM (what pdftoppm writes and tesseract reads), crop, paint.

/// A greyscale image, rows top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(w: usize, h: usize) -> Gray {
        Gray { w, h, px: vec![255; w * h] }
    }

    /// The pixel at (x, y); white outside the image.
    pub fn at(&self, x: isize, y: isize) -> u8 {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
            255
        } else {
            self.px[y as usize * self.w + x as usize]
        }
    }

    /// Reads a binary PGM (P5, 8 bits); `None` when it is not one or is cut short.
    pub fn from_pgm(b: &[u8]) -> Option<Gray> {
        let mut fields: Vec<usize> = Vec::new();
        let mut i = 2;
        if !b.starts_with(b"P5") {
            return None;
        }
        while fields.len() < 3 {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'#' {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            fields.push(std::str::from_utf8(&b[start..i]).ok()?.parse().ok()?);
        }
        i += 1;
        let (w, h, max) = (fields[0], fields[1], fields[2]);
        let n = w.checked_mul(h)?;
        if max != 255 || w == 0 || h == 0 || b.len() < i + n {
            return None;
        }
        Some(Gray { w, h, px: b[i..i + n].to_vec() })
    }

    /// The image as binary PGM.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.w, self.h).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }

    /// The part inside (x0, y0)–(x1, y1) (clamped to the image).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let (x1, y1) = (x1.min(self.w), y1.min(self.h));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut px = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            px.extend_from_slice(&self.px[y * self.w + x0..y * self.w + x1]);
        }
        Gray { w: x1 - x0, h: y1 - y0, px }
    }

    /// The box (x0, y0, x1, y1; exclusive ends) of the rows and columns holding at least
    /// `min` ink pixels, or `None` when none does.
    pub fn ink_box(&self, dark: u8, min: usize) -> Option<(usize, usize, usize, usize)> {
        let rows: Vec<usize> = (0..self.h).filter(|&y| self.px[y * self.w..(y + 1) * self.w].iter().filter(|&&v| v < dark).count() >= min).collect();
        let cols: Vec<usize> = (0..self.w).filter(|&x| (0..self.h).filter(|&y| self.px[y * self.w + x] < dark).count() >= min).collect();
        Some((*cols.first()?, *rows.first()?, cols.last()? + 1, rows.last()? + 1))
    }

    /// The text lines of the image as bands of rows (y0, y1; exclusive end), top to
    /// bottom: runs of rows holding at least `min` ink pixels, where a run lower than
    /// `mark_share` of the tallest run is joined to its nearer neighbour when at most
    /// `mark_gap` rows of paper part them (Thai marks above and below a line stand apart
    /// from it by a few light rows; the marks of a line stacked two high are two runs).
    pub fn text_bands(&self, dark: u8, min: usize, mark_share: f32, mark_gap: usize) -> Vec<(usize, usize)> {
        let inked = |y: usize| self.px[y * self.w..(y + 1) * self.w].iter().filter(|&&v| v < dark).count() >= min;
        // (y0, y1, only marks)
        let mut bands: Vec<(usize, usize, bool)> = Vec::new();
        for y in 0..self.h {
            if !inked(y) {
                continue;
            }
            match bands.last_mut() {
                Some(b) if b.1 == y => b.1 = y + 1,
                _ => bands.push((y, y + 1, false)),
            }
        }
        let tallest = bands.iter().map(|b| b.1 - b.0).max().unwrap_or(0) as f32;
        for b in &mut bands {
            b.2 = ((b.1 - b.0) as f32) < mark_share * tallest;
        }
        loop {
            let gap = |i: usize, j: usize| bands[j].0 - bands[i].1;
            // The marks band with the narrowest gap to a neighbour, and that neighbour.
            let pick = (0..bands.len())
                .filter(|&i| bands[i].2)
                .flat_map(|i| [(i > 0).then(|| (gap(i - 1, i), i - 1)), (i + 1 < bands.len()).then(|| (gap(i, i + 1), i))])
                .flatten()
                .filter(|&(g, _)| g <= mark_gap)
                .min();
            let Some((_, j)) = pick else { break };
            bands[j] = (bands[j].0, bands[j + 1].1, bands[j].2 && bands[j + 1].2);
            bands.remove(j + 1);
        }
        bands.into_iter().map(|b| (b.0, b.1)).collect()
    }

    /// The image inside a white border `m` pixels wide.
    pub fn framed(&self, m: usize) -> Gray {
        let mut g = Gray::white(self.w + 2 * m, self.h + 2 * m);
        for y in 0..self.h {
            let at = (y + m) * g.w + m;
            g.px[at..at + self.w].copy_from_slice(&self.px[y * self.w..(y + 1) * self.w]);
        }
        g
    }

    /// Paints the rectangle (x0, y0)–(x1, y1) white.
    pub fn blank(&mut self, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0.min(self.h)..y1.min(self.h) {
            for x in x0.min(self.w)..x1.min(self.w) {
                self.px[y * self.w + x] = 255;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgm_round_trip_and_crop() {
        let mut g = Gray::white(4, 3);
        g.px[5] = 0;
        let back = Gray::from_pgm(&g.to_pgm()).unwrap();
        assert_eq!(back, g);
        let c = g.crop(1, 1, 3, 3);
        assert_eq!((c.w, c.h, c.px[0]), (2, 2, 0));
        assert!(Gray::from_pgm(b"P5\n4 3\n255\n\0").is_none());
        assert!(Gray::from_pgm(b"junk").is_none());
    }

    #[test]
    fn framed_keeps_the_image_inside_a_white_border() {
        let mut g = Gray::white(3, 2);
        g.px[4] = 0;
        let f = g.framed(2);
        assert_eq!((f.w, f.h), (7, 6));
        assert_eq!(f.crop(2, 2, 5, 4), g);
        assert_eq!(f.px.iter().filter(|&&v| v == 0).count(), 1);
        assert_eq!(g.framed(0), g);
    }

    /// A white image 40 wide and `h` high with the runs (y, x0, x1) painted black.
    fn rows(h: usize, paint: &[(usize, usize, usize)]) -> Gray {
        let mut g = Gray::white(40, h);
        for &(y, x0, x1) in paint {
            for x in x0..x1 {
                g.px[y * 40 + x] = 0;
            }
        }
        g
    }

    #[test]
    fn marks_join_their_line_and_lines_stay_apart() {
        // Line one: a mark band (rows 2-3) over a body (rows 6-15); line two: a body
        // (rows 24-33) with a mark below it (rows 35-36).
        let mut paint = vec![(2, 5, 8), (3, 5, 8), (35, 9, 12), (36, 9, 12)];
        paint.extend((6..16).map(|y| (y, 2, 30)));
        paint.extend((24..34).map(|y| (y, 2, 30)));
        let g = rows(40, &paint);
        assert_eq!(g.text_bands(140, 2, 0.6, 3), vec![(2, 16), (24, 37)]);
        // Marks farther than the gap stay apart.
        assert_eq!(g.text_bands(140, 2, 0.6, 0).len(), 4);
        // Two marks stacked over a body (ที่): one line.
        let mut paint = vec![(0, 5, 8), (1, 5, 8), (4, 5, 8), (5, 5, 8), (6, 5, 8)];
        paint.extend((9..19).map(|y| (y, 2, 30)));
        assert_eq!(rows(20, &paint).text_bands(140, 2, 0.6, 3), vec![(0, 19)]);
        // Nothing but paper: no line.
        assert!(Gray::white(10, 10).text_bands(140, 2, 0.6, 3).is_empty());
    }
}
