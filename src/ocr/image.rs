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
}
