//! Rulings in a page image: the long, thin dark runs a scanned table's lines leave
//! (horizontal and vertical), and the cells they enclose (the regions no rule crosses,
//! found as connected components, so that cells merged across rows or columns stay one).

use super::image::Gray;

/// A rule in pixels: x0 ≤ x1, y0 ≤ y1 (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixRule {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl PixRule {
    /// True when the rule is wider than high.
    pub fn horizontal(&self) -> bool {
        self.x1 - self.x0 >= self.y1 - self.y0
    }
}

/// How rules are told from text, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct RuleParams {
    /// A pixel darker than this is ink.
    pub dark: u8,
    /// A run of ink at least this long is (part of) a rule.
    pub min_len: usize,
    /// Light pixels a run may skip (a broken or faint scanned line).
    pub max_gap: usize,
    /// A rule thicker than this is a filled area or a picture, not a line.
    pub max_thick: usize,
}

/// The horizontal and vertical rules of an image.
pub fn find_rules(img: &Gray, p: &RuleParams) -> Vec<PixRule> {
    let mut out = runs_to_rules(img.h, img.w, |row, col| img.px[row * img.w + col] < p.dark, p, false);
    out.extend(runs_to_rules(img.w, img.h, |row, col| img.px[col * img.w + row] < p.dark, p, true));
    out
}

/// Rules along one direction: `lines` scan lines of `len` pixels each; `ink(line, pos)`.
/// Long runs on neighbouring scan lines that overlap make one rule.
fn runs_to_rules(lines: usize, len: usize, ink: impl Fn(usize, usize) -> bool, p: &RuleParams, transposed: bool) -> Vec<PixRule> {
    // Open groups: (first line, last line, start, end).
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done: Vec<(usize, usize, usize, usize)> = Vec::new();
    for line in 0..lines {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut pos = 0;
        while pos < len {
            if !ink(line, pos) {
                pos += 1;
                continue;
            }
            let start = pos;
            let mut end = pos;
            let mut gap = 0;
            pos += 1;
            while pos < len && gap <= p.max_gap {
                if ink(line, pos) {
                    end = pos;
                    gap = 0;
                } else {
                    gap += 1;
                }
                pos += 1;
            }
            if end + 1 - start >= p.min_len {
                runs.push((start, end));
            }
        }
        let mut next: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (s, e) in runs {
            let hit = open.iter().position(|g| g.1 + 1 == line && s.max(g.2) <= e.min(g.3));
            match hit {
                Some(i) => {
                    let g = open.swap_remove(i);
                    next.push((g.0, line, g.2.min(s), g.3.max(e)));
                }
                None => next.push((line, line, s, e)),
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    done.into_iter()
        .filter(|g| g.1 - g.0 < p.max_thick)
        .map(|(l0, l1, s, e)| if transposed { PixRule { x0: l0, y0: s, x1: l1, y1: e } } else { PixRule { x0: s, y0: l0, x1: e, y1: l1 } })
        .collect()
}

/// The cells the rules enclose, as boxes (x0, y0, x1, y1; exclusive ends), top to bottom
/// then left to right: regions of the image no rule crosses that do not reach the
/// image's edge, at least `min_side` pixels both ways and smaller than `max_share` of the
/// image. Rules are widened by `pad` pixels so that a cell's box stays clear of its lines.
pub fn cells(w: usize, h: usize, rules: &[PixRule], pad: usize, min_side: usize, max_share: f32) -> Vec<(usize, usize, usize, usize)> {
    // Work at a quarter of the pixels: cells are large, and the labels stay cheap.
    const S: usize = 2;
    let (cw, ch) = (w.div_ceil(S), h.div_ceil(S));
    let mut wall = vec![false; cw * ch];
    for r in rules {
        let (x0, y0) = (r.x0.saturating_sub(pad) / S, r.y0.saturating_sub(pad) / S);
        let (x1, y1) = (((r.x1 + pad) / S).min(cw - 1), ((r.y1 + pad) / S).min(ch - 1));
        for y in y0..=y1 {
            for x in x0..=x1 {
                wall[y * cw + x] = true;
            }
        }
    }
    let mut seen = wall.clone();
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..cw * ch {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut area = 0usize;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % cw, i / cw);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            area += 1;
            let mut push = |j: usize| {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                push(i - 1);
            }
            if x + 1 < cw {
                push(i + 1);
            }
            if y > 0 {
                push(i - cw);
            }
            if y + 1 < ch {
                push(i + cw);
            }
        }
        let edge = x0 == 0 || y0 == 0 || x1 + 1 == cw || y1 + 1 == ch;
        let (bw, bh) = ((x1 + 1 - x0) * S, (y1 + 1 - y0) * S);
        if edge || bw < min_side || bh < min_side || (bw * bh) as f32 > max_share * (w * h) as f32 {
            continue;
        }
        // A region much smaller than its box wraps around something: not a cell.
        if ((area * S * S) as f32) < 0.5 * (bw * bh) as f32 {
            continue;
        }
        out.push((x0 * S, y0 * S, ((x1 + 1) * S).min(w), ((y1 + 1) * S).min(h)));
    }
    out.sort_by_key(|c| (c.1, c.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 200 × 120 white image with a 2 × 2 grid of 2-pixel lines and a word-like blot.
    fn grid_image() -> Gray {
        let mut g = Gray::white(200, 120);
        for &y in &[10usize, 60, 110] {
            for x in 10..=190 {
                g.px[y * 200 + x] = 0;
                g.px[(y + 1) * 200 + x] = 0;
            }
        }
        for &x in &[10usize, 100, 190] {
            for y in 10..=111 {
                g.px[y * 200 + x] = 0;
                g.px[y * 200 + x + 1] = 0;
            }
        }
        for y in 30..38 {
            for x in 30..45 {
                g.px[y * 200 + x] = 0;
            }
        }
        g
    }

    #[test]
    fn grid_lines_are_rules_and_text_is_not() {
        let p = RuleParams { dark: 128, min_len: 40, max_gap: 2, max_thick: 6 };
        let rules = find_rules(&grid_image(), &p);
        assert_eq!(rules.iter().filter(|r| r.horizontal()).count(), 3);
        assert_eq!(rules.iter().filter(|r| !r.horizontal()).count(), 3);
        let cs = cells(200, 120, &rules, 1, 10, 0.6);
        assert_eq!(cs.len(), 4, "{cs:?}");
        assert!(cs[0].0 > 10 && cs[0].2 < 100 && cs[0].1 > 10 && cs[0].3 < 60, "{:?}", cs[0]);
    }
}
